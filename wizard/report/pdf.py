"""Writing the plan as a PDF with QPdfWriter: real text with embedded fonts, images at
300 dpi, page numbers and the disclaimer on every page, and an atomic write.

Needs a QGuiApplication (fonts); `ensure_gui_app` makes one, offscreen when there is no
display, so the command line works on a server.
"""

from __future__ import annotations

import os
import re
import sys
from bisect import bisect_left, bisect_right
from datetime import time
from html import escape
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import QLocale, QMarginsF, QRectF, QSizeF
from PySide6.QtGui import (QColor, QFont, QGuiApplication, QPageLayout, QPageSize, QPainter,
                           QPainterPath, QPdfWriter, QPen, QPyTextObject, QTextDocument,
                           QTextFormat, QTextTable)
from PySide6.QtSvg import QSvgRenderer

from ..core.plan import Plan
from ..core.ruleset import RuleSet
from ..atomic import replacing
from ..i18n import month_name, tr
from ..paths import resources_dir
from ..words import adherence_line, disclaimer, system_reason
from .chart import chart_data, draw
from .html import Html

DPI = 300
MARGIN_MM = 15
FOOTER_MM = 12
FOOTER_PT = 8


class ExportError(Exception):
    """The PDF could not be written. The message names the path; nothing was left behind."""


def ensure_gui_app() -> None:
    if QGuiApplication.instance() is None:
        if not os.environ.get("QT_QPA_PLATFORM") and not (
                os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) \
                and sys.platform.startswith("linux"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        ensure_gui_app.app = QGuiApplication(sys.argv[:1])  # kept referenced


def paper_for_locale(locale=None):  # noqa: ANN001, ANN201
    """Letter where the locale measures in US units, A4 everywhere else."""
    locale = locale or QLocale.system()
    us = locale.measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return QPageSize(QPageSize.PageSizeId.Letter if us else QPageSize.PageSizeId.A4)


def suggested_name(plan: Plan) -> str:
    return f"back-plan-{plan.local(plan.now):%Y-%m-%d}.pdf"


def write_pdf(plan: Plan, ruleset: RuleSet, target: Path, *, page_size=None,  # noqa: ANN001
              waking: tuple[time, time] | None = None, series=(),  # noqa: ANN001
              changes: tuple[str, ...] = (), adherence: tuple[tuple, ...] = ()) -> Path:
    """Write the plan to `target`. `series` (the episode's check-ins) gives the chart from two
    check-ins on; `changes` what changed since the last one; `adherence` the sessions and
    exercise times done each day, (day, sessions, exercises) as `words.adherence` gives them,
    for the chart and the doctor's page. Raises ExportError with the path when it cannot."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(tr("cannot write {target}: the folder {folder} does not exist",
                             target=target, folder=folder))
    # A new file beside the target (readable by its owner alone), checked whole, flushed and
    # renamed into place at the end (wizard/atomic.py).
    try:
        with replacing(target, check=complete_pdf) as temp:
            extra = {"adherence": adherence} if adherence else {}  # issue 12: what was done
            _render(plan, ruleset, temp, page_size, waking, series, changes, **extra)
            _add_info(temp, _metadata(plan, ruleset))  # the subject, in both places
    except OSError as exc:
        # translators: {reason} is the system's words for the error, or one of ours
        raise ExportError(tr("cannot write {target}: {reason}", target=target,
                             reason=system_reason(exc))) from None
    return target


def complete_pdf(path: Path) -> str | None:
    """What is wrong with the PDF at `path`, or None when it is whole: a PDF cut short
    (a full disk, a file-size limit) lacks the %%EOF that ends every PDF."""
    with open(path, "rb") as handle:
        head = handle.read(5)
        handle.seek(0, os.SEEK_END)
        handle.seek(max(0, handle.tell() - 32))
        tail = handle.read()
    if head != b"%PDF-":
        return tr("it does not start as a PDF")
    if b"%%EOF" not in tail:
        return tr("it was cut short (is the disk full?)")
    return None


def _render(plan: Plan, ruleset: RuleSet, path: Path, page_size, waking,  # noqa: ANN001
            series=(), changes=(), adherence=()) -> None:  # noqa: ANN001
    ensure_gui_app()
    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setPageSize(page_size or paper_for_locale())
    writer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                          QPageLayout.Unit.Millimeter)
    meta = _metadata(plan, ruleset)
    writer.setTitle(meta["Title"])
    writer.setAuthor("Back Spasm Wizard")
    # translators: the PDF's creator: the app's name, and the id and version of its rule set
    writer.setCreator(tr("Back Spasm Wizard (rules {id} {version})", id=plan.ruleset.id,
                         version=plan.ruleset.version))
    writer.setDocumentXmpMetadata(_xmp(plan, meta).encode("utf-8"))

    page = writer.pageLayout().paintRectPixels(DPI)
    doc, body, font = build_document(plan, ruleset, page.width() * 25.4 / DPI,
                                     page.height() * 25.4 / DPI, waking, series, changes,
                                     adherence)
    scale = DPI / LAYOUT_DPI
    width, height = page.width() / scale, page.height() / scale
    footer = FOOTER_MM * LAYOUT_DPI / 25.4
    pages = paginate(doc, body.height())
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(tr("cannot open {path} for writing", path=path))
    painter.scale(scale, scale)
    top = height - footer * 0.8
    rule = QPainterPath()
    rule.moveTo(0, top)
    rule.lineTo(width, top)
    # painter.setPen, and QPen(QColor, width), would build PySide6's Qt namespace (15 ms):
    # the rule is stroked with a pen made without them, the words are small documents.
    pen = QPen()
    pen.setColor(QColor("#888888"))
    pen.setWidthF(0.7)
    note = _footer_text(font, width * 0.82, f"<p>{escape(disclaimer())}</p>")
    margin = doc.documentMargin()
    for number, part in enumerate(pages):
        if number:
            writer.newPage()
        y = margin
        if part.head:  # a table goes on: its header rows again
            y += _draw_part(painter, doc, body.width(), y, *part.head)
        _draw_part(painter, doc, body.width(), y, part.top, part.bottom)
        painter.strokePath(rule, pen)
        # translators: the PDF's footer: "Page 1 of 3"
        page_words = tr("Page {page} of {pages}", page=number + 1, pages=len(pages))
        number_text = _footer_text(font, width, f"<p align='right'>{escape(page_words)}</p>")
        for text in (note, number_text):
            painter.save()
            painter.translate(0, top + 3)
            text.drawContents(painter, QRectF(0, 0, text.textWidth(), footer * 0.8))
            painter.restore()
    if not painter.end():  # the writer could not finish the file
        raise OSError(tr("the PDF could not be finished in {path}", path=path))


def _draw_part(painter, doc, width: float, y: float, top: float, bottom: float) -> float:  # noqa: ANN001
    """Draw the document from `top` to `bottom` at `y` on the page; its height. A line that
    only touches the part is left out (clipped away, its words would still be in the file)."""
    painter.save()
    painter.translate(0, y - top)
    doc.drawContents(painter, QRectF(0, top + 0.01, width, bottom - top - 0.02))
    painter.restore()
    return bottom - top


LAYOUT_DPI = 96  # the document is laid out in 96-dpi units (what HTML sizes mean)


def _footer_text(font: QFont, width: float, html: str) -> QTextDocument:
    """Words of the footer in the body's font at 8 pt, `width` wide."""
    small = QFont(font)
    small.setPixelSize(round(FOOTER_PT * LAYOUT_DPI / 72))  # in layout units: the painter scales
    doc = QTextDocument()
    doc.setDocumentMargin(0)
    doc.setDefaultFont(small)
    doc.setDefaultStyleSheet("p { color: #222222; margin: 0; }")
    doc.setTextWidth(width)
    doc.setHtml(html)
    return doc


def build_document(plan: Plan, ruleset: RuleSet, width_mm: float, height_mm: float,  # noqa: ANN201
                   waking=None, series=(), changes=(), adherence=()):  # noqa: ANN001
    """The laid-out document for a page body of `width_mm` x `height_mm` (the footer taken
    off): (QTextDocument, its page size, its font). Pages are `body.height()` tall."""
    ensure_gui_app()
    # The painter is scaled to the writer's resolution: text stays text; pictures and the
    # chart are drawn as vectors in the places the layout keeps for them.
    px_per_mm = LAYOUT_DPI / 25.4
    chart = None
    if len(series) > 1:  # a chart from two check-ins on, as in the window
        chart = chart_data(series, ruleset, adherence, plan.zone)
    renderers: dict[str, QSvgRenderer] = {}

    def aspect(name: str) -> float:
        renderer = renderers.setdefault(name, QSvgRenderer(str(resources_dir() / name)))
        size = renderer.defaultSize()
        return size.height() / max(1, size.width())

    handler = _picture_handler(renderers, chart, 9 * LAYOUT_DPI / 72)
    body = QSizeF(width_mm * px_per_mm, height_mm * px_per_mm - FOOTER_MM * px_per_mm)
    html = Html(plan, ruleset, px_per_mm, waking or plan.waking, chart, aspect, changes)
    if chart is not None and chart.done:  # the bars of what was done, under the pain
        html.chart_size_mm = (html.chart_size_mm[0], html.chart_size_mm[1] + 14)
    if adherence:  # the sessions and exercises done (issue 12)
        html.adherence = tuple(adherence_line(*row) for row in adherence)
    # One layout, no pagination by Qt: `paginate` cuts the laid-out document into pages.
    doc = _document(html.document(), html.images, handler, body)
    doc._handler = handler  # kept referenced as long as the document
    return doc, body, doc.defaultFont()


def _document(text: str, images, handler, body):  # noqa: ANN001, ANN202
    doc = QTextDocument()
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(10.5)
    doc.setDefaultFont(font)
    # The layout keeps a place of the HTML's width and height for each picture, and calls
    # the handler to draw it there: the SVG (or the chart) as vectors, at any resolution.
    # The handler takes the place of Qt's image handler, so no image is ever looked up.
    doc.documentLayout().registerHandler(int(QTextFormat.ObjectTypes.ImageObject), handler)
    # Before the HTML: set after it, it would start a layout of its own. No page height: the
    # document is laid out once as one long page, and `paginate` cuts it.
    doc.setTextWidth(body.width())
    doc.setHtml(text)
    return doc


class Page(NamedTuple):
    """A page's part of the long document: y from `top` to `bottom`, drawn at the top of the
    page's body, under `head` (the header rows of a table that goes on from the page before,
    as (top, bottom) in the document) when there is one."""
    top: float
    bottom: float
    head: tuple[float, float] | None = None


def grid_tables(doc) -> list:  # noqa: ANN001
    """The tables with borders (Html.grid), in document order."""
    return [frame for frame in doc.rootFrame().childFrames()
            if isinstance(frame, QTextTable) and frame.format().border() > 0]


def row_span(table, row: int, layout) -> tuple[float, float]:  # noqa: ANN001
    """The top and bottom of the row's contents (its cells' blocks, without the padding)."""
    cells = [table.cellAt(row, column) for column in range(table.columns())]
    top = min(layout.blockBoundingRect(c.firstCursorPosition().block()).top() for c in cells)
    bottom = max(layout.blockBoundingRect(c.lastCursorPosition().block()).bottom() for c in cells)
    return top, bottom


def table_box(table, layout, spans=None) -> tuple[float, float]:  # noqa: ANN001
    """The top and bottom of the table as drawn, its borders included (the layout's
    frameBoundingRect starts at the first row's contents, and ends below the table).
    `spans`: the rows' row_span, when they are known."""
    fmt = table.format()
    outside = fmt.border() + fmt.cellPadding() + fmt.cellSpacing() + 1
    first = spans[0] if spans else row_span(table, 0, layout)
    last = spans[-1] if spans else row_span(table, table.rows() - 1, layout)
    return first[0] - outside, last[1] + outside


def row_edges(table, layout, spans=None) -> list[float]:  # noqa: ANN001
    """The y of each row's top edge, and the table's bottom: table.rows() + 1 values. A row's
    edge is halfway between its contents and the row above's (the border between them)."""
    spans = spans or [row_span(table, row, layout) for row in range(table.rows())]
    top, bottom = table_box(table, layout, spans)
    return ([top] + [(above[1] + below[0]) / 2 for above, below in zip(spans, spans[1:])]
            + [bottom])


class _Blocks:
    """Where each block of the laid-out document is, read once: (top, bottom) of each block
    by its position in the text, and every line of text (in tables too) as (top, bottom)."""

    def __init__(self, doc, layout) -> None:  # noqa: ANN001
        self.starts: list[int] = []
        self.rects: list[tuple[float, float]] = []
        self.lines: list[tuple[float, float]] = []
        block = doc.begin()
        while block.isValid():
            rect = layout.blockBoundingRect(block)
            self.starts.append(block.position())
            self.rects.append((rect.top(), rect.bottom()))
            text = block.layout()
            base = rect.top() - text.boundingRect().top()
            for n in range(text.lineCount()):
                line = text.lineAt(n)
                self.lines.append((base + line.y(), base + line.y() + line.height()))
            block = block.next()

    def at(self, position: int) -> tuple[float, float]:
        """The block that holds the text position."""
        return self.rects[bisect_right(self.starts, position) - 1]

    def row(self, table, row: int) -> tuple[float, float]:  # noqa: ANN001
        """As row_span, from what was read."""
        cells = [table.cellAt(row, column) for column in range(table.columns())]
        return (min(self.at(c.firstPosition())[0] for c in cells),
                max(self.at(c.lastPosition())[1] for c in cells))


def _merge(spans) -> list[tuple[float, float]]:  # noqa: ANN001
    """Overlapping spans as one; spans that only touch stay apart (rows of a table)."""
    out: list[list[float]] = []
    for top, bottom in sorted(spans):
        if out and top < out[-1][1] - 0.01:
            out[-1][1] = max(out[-1][1], bottom)
        else:
            out.append([top, bottom])
    return [tuple(span) for span in out]


def paginate(doc, page_height: float) -> list[Page]:  # noqa: ANN001
    """Cut the document, laid out as one long page, into pages of `page_height`.

    A cut falls only where it cuts nothing: between lines, blocks and tables. A heading stays
    with what follows it; a short table (under a third of a page: an item, an exercise with
    its picture, the banner) is never cut; nor is a row of a grid (under half a page), whose
    header rows come again at the top of the next page. A page break asked for in the HTML
    (the doctor's page) starts a new page."""
    layout = doc.documentLayout()
    root = doc.rootFrame()
    margin = doc.documentMargin()
    blocks = _Blocks(doc, layout)
    keep = list(blocks.lines)
    breaks: list[float] = []
    heads: list[tuple[float, float, float]] = []  # a grid's top, bottom, header's bottom
    row_cuts: set[float] = set()
    before = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
    headings: list[tuple[float, float]] = []  # each heading's top and bottom
    for item in root:  # the document's top level: blocks and tables
        frame = item.currentFrame()
        if frame is None:
            block = item.currentBlock()
            fmt = block.blockFormat()
            heading, broken = fmt.headingLevel() > 0, fmt.pageBreakPolicy() & before
            if heading or broken:
                rect = layout.blockBoundingRect(block)
                if broken:
                    breaks.append(rect.top())
                if heading:
                    headings.append((rect.top(), rect.bottom()))
            continue
        if not isinstance(frame, QTextTable):
            continue
        grid = frame.format().border() > 0
        rows = [blocks.row(frame, row) for row in range(frame.rows())]
        edges = row_edges(frame, layout, rows) if grid else table_box(frame, layout, rows)
        top, bottom = edges[0], edges[-1]
        if frame.format().pageBreakPolicy() & before:
            breaks.append(top)
        if bottom - top < page_height / 3:
            keep.append((top, bottom))
        if grid:
            head = frame.format().headerRowCount()
            first = min(head + 1, frame.rows())  # the header goes with the first row
            keep.append((edges[0], edges[first]))
            for row in range(first, frame.rows()):
                if edges[row + 1] - edges[row] < page_height / 2:
                    keep.append((edges[row], edges[row + 1]))
                row_cuts.add(edges[row])
            if head:
                heads.append((edges[0], edges[-1], edges[head]))
    # A heading goes with the first thing after it that must not be cut.
    keep.sort()
    starts = [span[0] for span in keep]
    for top, bottom in headings:
        after = bisect_left(starts, bottom - 0.01)
        if after < len(keep):
            keep.append((top, keep[after][0] + 0.02))
    spans = _merge(keep)
    end = doc.size().height() - margin
    pages: list[Page] = []
    top, head = margin, None
    while True:
        if head and head[1] - head[0] > page_height / 3:
            head = None  # a header that would fill the page is not repeated
        room = page_height - 2 * margin - (head[1] - head[0] if head else 0)
        limit = top + room
        cut = next((y for y in sorted(breaks) if top + 0.5 < y < limit), None)
        if cut is None and limit >= end:
            pages.append(Page(top, end, head))
            return pages
        after = cut
        if cut is None:
            cut, after = _cut(spans, top, limit) or _cut(_merge(blocks.lines), top, limit) \
                or (limit, limit)
        pages.append(Page(top, cut, head))
        top, head = after, None
        for table_top, table_bottom, head_bottom in heads:
            if head_bottom <= cut < table_bottom - 0.5 and cut in row_cuts:
                head = (table_top, head_bottom)


def _cut(spans, top: float, limit: float) -> tuple[float, float] | None:  # noqa: ANN001
    """Where a page from `top` ends, at `limit` or above it outside every span, and where
    the next one starts (the white space between is left out); None if a span fills the page."""
    for start, stop in spans:
        if start < limit < stop:
            return (start, start) if start > top + 0.5 else None
        if start >= limit:
            return limit, start
    return limit, limit


def _picture_handler(renderers, chart, font_px: float):  # noqa: ANN001, ANN202
    class Pictures(QPyTextObject):
        def intrinsicSize(self, doc, position, fmt):  # noqa: ANN001, ANN202, N802
            image = fmt.toImageFormat()
            return QSizeF(image.width(), image.height())

        def drawObject(self, painter, rect, doc, position, fmt) -> None:  # noqa: ANN001, N802
            name = fmt.toImageFormat().name().removeprefix("res:")
            if name == "chart" and chart is not None:
                draw(painter, rect, chart, font_px=font_px)
            elif name in renderers:
                renderers[name].render(painter, rect)

    return Pictures()


def _metadata(plan: Plan, ruleset: RuleSet) -> dict[str, str]:
    """Title, subject and keywords, right for the plan's triage: the same in the document
    information and in XMP."""
    label = ruleset.label("triage", plan.triage)
    what = label.title if label else plan.triage
    day = plan.local(plan.now)
    # translators: the PDF's title, with the day it was made: "Back plan, 05 November 2026"
    return {"Title": tr("Back plan, {day:02d} {month} {year}", day=day.day,
                        month=month_name(day), year=day.year),
            # translators: the PDF's subject; {triage} is what to do, from the rule set
            "Subject": tr("{triage}: a plan for a sudden lower-back spasm", triage=what),
            # translators: the PDF's keywords, kept apart by semicolons (keep them)
            "Keywords": tr("back pain; {triage}; rules {version}", triage=what,
                           version=plan.ruleset.version)}


def _pdf_text(text: str) -> bytes:
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _add_info(path: Path, meta: dict[str, str]) -> None:
    """Set the subject and keywords in the document information too (QPdfWriter sets the
    title and author only): an incremental update that replaces the information dictionary."""
    data = path.read_bytes()
    if b"trailer" not in data:
        return  # cut short (a full disk, a size limit): the check after it says so
    tail = data[data.rindex(b"trailer"):]
    info = re.search(rb"/Info\s+(\d+)\s+0\s+R", tail)
    size = re.search(rb"/Size\s+(\d+)", tail)
    root = re.search(rb"/Root\s+(\d+)\s+0\s+R", tail)
    start = re.search(rb"startxref\s+(\d+)", tail)
    if not (info and size and root and start):
        return  # not the layout QPdfWriter writes: leave the file as it is
    number = int(info.group(1))
    old = re.search(rb"\n%d 0 obj\s*<<(.*?)>>\s*endobj" % number, data, re.S)
    fields = re.sub(rb"/(Subject|Keywords)\s*(<[^>]*>|\([^)]*\))", b"", old.group(1)) if old else b""
    fields += b"".join(b"\n/" + key.encode() + b" " + _pdf_text(meta[key])
                       for key in ("Subject", "Keywords"))
    offset = len(data) + (0 if data.endswith(b"\n") else 1)
    obj = b"%d 0 obj\n<<%s\n>>\nendobj\n" % (number, fields)
    xref = len(obj) + offset
    update = (obj + b"xref\n%d 1\n%010d 00000 n \n" % (number, offset)
              + b"trailer\n<< /Size %s /Info %d 0 R /Root %s 0 R /Prev %s >>\nstartxref\n%d\n%%%%EOF\n"
              % (size.group(1), number, root.group(1), start.group(1), xref))
    with open(path, "ab") as handle:
        if not data.endswith(b"\n"):
            handle.write(b"\n")
        handle.write(update)


def _xmp(plan: Plan, meta: dict[str, str]) -> str:
    title, subject, keywords = (escape(meta[k]) for k in ("Title", "Subject", "Keywords"))
    return f"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
      xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:subject><rdf:Bag>{"".join(f"<rdf:li>{k.strip()}</rdf:li>" for k in keywords.split(";"))}</rdf:Bag></dc:subject>
   <dc:creator><rdf:Seq><rdf:li>Back Spasm Wizard</rdf:li></rdf:Seq></dc:creator>
   <xmp:CreatorTool>Back Spasm Wizard</xmp:CreatorTool>
   <xmp:CreateDate>{plan.now.isoformat()}</xmp:CreateDate>
   <pdf:Keywords>{keywords}</pdf:Keywords>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
