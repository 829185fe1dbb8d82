"""Writing the plan as a PDF with QPdfWriter: real text with embedded fonts, images at
300 dpi, page numbers and the disclaimer on every page, and an atomic write.

Needs a QGuiApplication (fonts); `ensure_gui_app` makes one, offscreen when there is no
display, so the command line works on a server.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import time
from html import escape
from pathlib import Path

from PySide6.QtCore import QLocale, QMarginsF, QRectF, QSizeF
from PySide6.QtGui import (QColor, QFont, QGuiApplication, QPageLayout, QPageSize, QPainter,
                           QPainterPath, QPdfWriter, QPen, QPyTextObject, QTextCursor,
                           QTextDocument, QTextFormat, QTextTable)
from PySide6.QtSvg import QSvgRenderer

from ..core.plan import Plan
from ..core.ruleset import RuleSet
from ..atomic import replacing
from ..paths import resources_dir
from ..words import DISCLAIMER
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
        raise ExportError(f"cannot write {target}: the folder {folder} does not exist")
    # A new file beside the target (readable by its owner alone), checked whole, flushed and
    # renamed into place at the end (wizard/atomic.py).
    try:
        with replacing(target, check=complete_pdf) as temp:
            extra = {"adherence": adherence} if adherence else {}  # issue 12: what was done
            _render(plan, ruleset, temp, page_size, waking, series, changes, **extra)
            _add_info(temp, _metadata(plan, ruleset))  # the subject, in both places
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
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
        return "it does not start as a PDF"
    if b"%%EOF" not in tail:
        return "it was cut short (is the disk full?)"
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
    writer.setCreator(f"Back Spasm Wizard (rules {plan.ruleset.id} {plan.ruleset.version})")
    writer.setDocumentXmpMetadata(_xmp(plan, meta).encode("utf-8"))

    page = writer.pageLayout().paintRectPixels(DPI)
    doc, body, font = build_document(plan, ruleset, page.width() * 25.4 / DPI,
                                     page.height() * 25.4 / DPI, waking, series, changes,
                                     adherence)
    scale = DPI / LAYOUT_DPI
    width, height = page.width() / scale, page.height() / scale
    footer = FOOTER_MM * LAYOUT_DPI / 25.4
    pages = doc.pageCount()
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot open {path} for writing")
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
    disclaimer = _footer_text(font, width * 0.82, f"<p>{escape(DISCLAIMER)}</p>")
    for number in range(pages):
        if number:
            writer.newPage()
        painter.save()
        top_of_page = number * body.height()
        painter.translate(0, -top_of_page)
        doc.drawContents(painter, QRectF(0, top_of_page, body.width(), body.height()))
        painter.restore()
        painter.strokePath(rule, pen)
        number_text = _footer_text(font, width, f"<p align='right'>Page {number + 1} of "
                                                f"{pages}</p>")
        for text in (disclaimer, number_text):
            painter.save()
            painter.translate(0, top + 3)
            text.drawContents(painter, QRectF(0, 0, text.textWidth(), footer * 0.8))
            painter.restore()
    if not painter.end():  # the writer could not finish the file
        raise OSError(f"the PDF could not be finished in {path}")


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
        from ..words import adherence_line
        html.adherence = tuple(adherence_line(*row) for row in adherence)
    # Whole rows win over speed: each table row that a page would cut costs one more layout
    # (the table is cut before that row, and laid out again).
    for _ in range(MAX_LAYOUTS):
        html.chunks.clear()
        doc = _document(html.document(), html.images, handler, body)
        keep_together(doc, body.height())
        cut = first_cut_row(doc, body.height(), html.chunks)
        if cut is None:
            break
        html.breaks.add(cut)
    doc._handler = handler  # kept referenced as long as the document
    return doc, body, doc.defaultFont()


MAX_LAYOUTS = 12


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
    doc.setPageSize(body)  # before the HTML: set after it, it would start a layout of its own
    doc.setHtml(text)
    return doc


def grid_tables(doc) -> list:  # noqa: ANN001
    """The tables with borders (Html.grid), in document order."""
    return [frame for frame in doc.rootFrame().childFrames()
            if isinstance(frame, QTextTable) and frame.format().border() > 0]


def row_span(table, row: int, layout) -> tuple[float, float]:  # noqa: ANN001
    cells = [table.cellAt(row, column) for column in range(table.columns())]
    top = min(layout.blockBoundingRect(c.firstCursorPosition().block()).top() for c in cells)
    bottom = max(layout.blockBoundingRect(c.lastCursorPosition().block()).bottom() for c in cells)
    return top, bottom


def first_cut_row(doc, page_height: float, chunks) -> tuple[str, int] | None:  # noqa: ANN001
    """The first table row (grid, row) that a page break cuts, or None."""
    layout = doc.documentLayout()
    for table, (name, first) in zip(grid_tables(doc), chunks):
        head = table.format().headerRowCount()
        for row in range(head, table.rows()):
            top, bottom = row_span(table, row, layout)
            if _page(top, page_height) != _page(bottom - 1, page_height) \
                    and row - head > 0 and bottom - top < page_height / 2:
                return name, first + row - head
    return None


def _page(y: float, page_height: float) -> int:
    return int(y // page_height)


def keep_together(doc, page_height: float) -> None:  # noqa: ANN001
    """Headings stay with what follows them, and short tables (an item, an exercise with its
    picture, Do and Don't, the banner) are not cut by a page break: such a piece starts a new
    page. QTextDocument has no rule for it, so this walks the layout once, top to bottom;
    moving a piece changes nothing above it, and the layout below is read after the move."""
    before = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
    layout = doc.documentLayout()
    root = doc.rootFrame()
    block = doc.begin()
    while block.isValid():
        table = QTextCursor(block).currentTable()
        if table is not None:
            if table.parentFrame() == root and table.firstCursorPosition().block() == block:
                box = layout.frameBoundingRect(table)
                crosses = _page(box.top(), page_height) != _page(box.bottom() - 1, page_height)
                if crosses and box.height() < page_height / 3:
                    heading = block.previous()  # the heading before the table goes with it
                    if heading.isValid() and heading.blockFormat().headingLevel() > 0:
                        _break_before(heading, before)
                    else:
                        fmt = table.format()
                        fmt.setPageBreakPolicy(before)
                        table.setFormat(fmt)
            # The rest of a table (its cells, tables inside it) goes with the table.
            block = table.lastCursorPosition().block().next()
            continue
        if block.blockFormat().headingLevel() > 0 and block.next().isValid():
            here = layout.blockBoundingRect(block)
            after = layout.blockBoundingRect(block.next())
            if _page(here.top(), page_height) != _page(after.top(), page_height):
                _break_before(block, before)
        block = block.next()


def _break_before(block, before) -> None:  # noqa: ANN001
    fmt = block.blockFormat()
    fmt.setPageBreakPolicy(before)
    QTextCursor(block).setBlockFormat(fmt)


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
    return {"Title": f"Back plan, {plan.local(plan.now):%d %B %Y}",
            "Subject": f"{what}: a plan for a sudden lower-back spasm",
            "Keywords": f"back pain; {what}; rules {plan.ruleset.version}"}


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
