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
from ..words import adherence_line, disclaimer, sections, system_reason
from .chart import chart_data, draw
from .html import STYLE, Html, escape

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
    # translators: a file name (letters, digits and hyphens; no slash): {date} is 2026-11-27
    return tr("back-plan-{date}.pdf", date=f"{plan.local(plan.now):%Y-%m-%d}")


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
        if part.title:  # columns side by side go on: their heading again, "(continued)"
            heading = continued_heading(doc, part.title)
            painter.save()
            painter.translate(margin, y)
            heading.drawContents(painter, QRectF(0, 0, heading.textWidth(),
                                                 heading.size().height()))
            painter.restore()
        for piece in part.pieces:  # a column's part of a row that goes over pages
            _draw_part(painter, doc, piece.right, y + piece.y, piece.top, piece.bottom,
                       piece.left)
        _draw_part(painter, doc, body.width(), y + part.at, part.top, part.bottom)
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


def _draw_part(painter, doc, width: float, y: float, top: float, bottom: float,  # noqa: ANN001
               left: float = 0.0) -> float:
    """Draw the document from `top` to `bottom` (and from `left` to `width` across) at `y` on
    the page; its height. A line that only touches the part is left out (clipped away, its
    words would still be in the file)."""
    if bottom - top < 0.05:
        return 0.0
    painter.save()
    painter.translate(0, y - top)
    doc.drawContents(painter, QRectF(left, top + 0.01, width - left, bottom - top - 0.02))
    painter.restore()
    return bottom - top


def continued_heading(doc, title: str) -> QTextDocument:  # noqa: ANN001
    """The heading of columns that go on from the page before, "When to get help
    (continued)", in the document's font and style, as wide as the page's text."""
    heading = QTextDocument()
    heading.setDocumentMargin(0)
    heading.setDefaultFont(doc.defaultFont())
    heading.setTextWidth(doc.textWidth() - 2 * doc.documentMargin())
    # translators: the PDF: a heading again at the top of a page, over the rest of its part: "When to get help (continued)"
    words = tr("{title} (continued)", title=title)
    heading.setHtml(STYLE + f"<h2 style='margin-top: 0px'>{escape(words)}</h2>")
    return heading


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
    lift = _going_on(doc, body.height(), plan, ruleset)
    if lift is not None:
        # When to get help would go on to page 2: before the rest of page 1 (right now, the
        # treatment, comes after it), when that keeps it whole on page 1. A person in pain
        # reads the warning signs whole on the page on the fridge.
        html.lift = lift.id
        other = _document(html.document(), html.images, handler, body)
        if _whole_on_page_one(other, body.height(), lift.title):
            doc = other
    doc._handler = handler  # kept referenced as long as the document
    return doc, body, doc.defaultFont()


def _going_on(doc, page_height: float, plan: Plan, ruleset: RuleSet):  # noqa: ANN001, ANN202
    """The kind of page 1, not its first, whose columns go on to page 2; or None."""
    pages = paginate(doc, page_height)
    if len(pages) < 2 or not pages[0].pieces or not pages[1].title:
        return None
    kinds = [g.kind for g in sections(plan, ruleset) if g.kind.page == "first"]
    return next((kind for kind in kinds[1:] if kind.title == pages[1].title), None)


def _whole_on_page_one(doc, page_height: float, title: str) -> bool:  # noqa: ANN001
    """Whether the part under the heading `title` is whole on page 1."""
    first = paginate(doc, page_height)[0]
    if first.pieces:
        return False
    block = doc.begin()
    while block.isValid() and not (block.blockFormat().headingLevel() and block.text() == title):
        block = block.next()
    return block.isValid() and doc.documentLayout().blockBoundingRect(block).top() < first.bottom


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


class Piece(NamedTuple):
    """A column's part of a row of columns side by side: the document from `top` to `bottom`
    and from `left` to `right`, drawn `y` below the top of the page's part."""
    left: float
    right: float
    top: float
    bottom: float
    y: float


class Page(NamedTuple):
    """A page's part of the long document: y from `top` to `bottom`, drawn at the top of the
    page's body (`at` below it), under `head` (the header rows of a table that goes on from
    the page before, as (top, bottom) in the document) when there is one. Columns side by
    side that go over pages add `pieces`, each column's part; where they go on from the page
    before, under `title` again, "(continued)", and the page's part follows them (`at`)."""
    top: float
    bottom: float
    head: tuple[float, float] | None = None
    title: str | None = None
    pieces: tuple[Piece, ...] = ()
    at: float = 0.0


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
    header rows come again at the top of the next page. Columns side by side that do not fit
    (the lists of when to get help) go on column by column, each cut between its items (a
    bullet, a paragraph; a title with what follows it), under their heading again with
    "(continued)" and, in each column, the title of the item it goes on with. A page break
    asked for in the HTML (the doctor's page) starts a new page."""
    layout = doc.documentLayout()
    root = doc.rootFrame()
    margin = doc.documentMargin()
    blocks = _Blocks(doc, layout)
    keep: list[tuple[float, float]] = []
    breaks: list[float] = []
    heads: list[tuple[float, float, float]] = []  # a grid's top, bottom, header's bottom
    row_cuts: set[float] = set()
    before = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
    headings: list[tuple[float, float]] = []  # each heading's top and bottom
    rows: list[_Row] = []  # columns side by side, too tall to keep whole
    last, since = None, 0  # the last heading's words, and the paragraphs after it
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
            if heading:
                last, since = block.text(), 0
            elif block.text().strip():
                since += 1
            continue
        titled, last = (last if since <= 1 else None), None  # the heading over a table
        if not isinstance(frame, QTextTable):
            continue
        grid = frame.format().border() > 0
        spans = [blocks.row(frame, row) for row in range(frame.rows())]
        edges = row_edges(frame, layout, spans) if grid else table_box(frame, layout, spans)
        top, bottom = edges[0], edges[-1]
        if frame.format().pageBreakPolicy() & before:
            breaks.append(top)
        if bottom - top < page_height / 3:
            keep.append((top, bottom))
        elif not grid and frame.rows() == 1 and frame.columns() > 1:
            row = _side_by_side(doc, frame, layout, top, bottom, titled)
            if row is not None:
                rows.append(row)
        if grid:
            head = frame.format().headerRowCount()
            first = min(head + 1, frame.rows())  # the header goes with the first row
            keep.append((edges[0], edges[first]))
            if titled is not None and headings:  # and its heading ("Your schedule") with them
                keep.append((headings[-1][0], edges[first]))
            for row in range(first, frame.rows()):
                if edges[row + 1] - edges[row] < page_height / 2:
                    keep.append((edges[row], edges[row + 1]))
                row_cuts.add(edges[row])
            if head:
                heads.append((edges[0], edges[-1], edges[head]))
    # Every line, but those of columns side by side: they are cut column by column.
    keep += [line for line in blocks.lines
             if not any(row.top - 0.01 <= line[0] and line[1] <= row.bottom + 0.01
                        for row in rows)]
    keep += [(row.start, row.first) for row in rows]  # each column's first item with its start
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
    top, head, going = margin, None, None  # going: a row of columns, and where each goes on
    while True:
        if head and head[1] - head[0] > page_height / 3:
            head = None  # a header that would fill the page is not repeated
        room = page_height - 2 * margin - (head[1] - head[0] if head else 0)
        again, pieces, at = None, [], 0.0
        if going:  # columns go on from the page before: their heading again, then the rest
            row, places = going
            again = row.title
            at = continued_heading(doc, again).size().height() if again else 0.0
            got, places, used = _fill(row, places, room - at, fresh=True, y=at)
            pieces += got
            if any(place is not None for place in places):
                pages.append(Page(row.bottom, row.bottom, None, again, tuple(pieces), at))
                going = (row, places)
                continue
            going, top = None, row.bottom
            at += used + row.bottom - row.end
            room -= at
        limit = top + room
        cut = next((y for y in sorted(breaks) if top + 0.5 < y < limit), None)
        if cut is None and limit >= end:
            pages.append(Page(top, end, head, again, tuple(pieces), at))
            return pages
        after = cut
        if cut is None:
            found = _cut(spans, top, limit)
            row = next((row for row in rows if top - 0.5 <= row.top and row.start < limit < row.end
                        and (row.first + 0.02 <= limit or found is None)), None)
            if row is not None:  # columns side by side: each column as far as it fits
                places = [row.start] * len(row.columns)
                got, places, _ = _fill(row, places, limit - row.start, fresh=False,
                                       y=at + row.start - top, force=found is None)
                pages.append(Page(top, row.start, head, again, tuple(pieces + got), at))
                going, head = (row, places), None
                continue
            cut, after = found or _cut(_merge(blocks.lines), top, limit) or (limit, limit)
        pages.append(Page(top, cut, head, again, tuple(pieces), at))
        top, head = after, None
        for table_top, table_bottom, head_bottom in heads:
            if head_bottom <= cut < table_bottom - 0.5 and cut in row_cuts:
                head = (table_top, head_bottom)


class _Unit(NamedTuple):
    """What a page break never cuts in a column: a bullet, a paragraph, a picture; a title
    with what follows it. `context`: the titles (top, bottom) it belongs to, shown again above
    it when it starts a page."""
    top: float
    bottom: float
    lines: tuple[tuple[float, float], ...]
    context: tuple[tuple[float, float], ...]


class _Column(NamedTuple):
    left: float
    right: float
    units: tuple[_Unit, ...]


class _Row(NamedTuple):
    """A table of one row of columns side by side (Html.section's `columns: 2`, Html.columns),
    too tall to be kept whole: its edges, the top and bottom of its contents, the bottom of
    each column's first unit (`first`: what stays with its start and its heading), and the
    heading before it."""
    top: float
    start: float
    first: float
    end: float
    bottom: float
    title: str | None
    columns: tuple[_Column, ...]


class _Entry(NamedTuple):
    top: float
    bottom: float
    left: float
    right: float
    lines: tuple[tuple[float, float], ...]
    heading: bool
    listed: bool
    box: int  # the innermost cell that holds it (an item's box)


def _entries(cell, layout, out: list, boxes: list) -> None:  # noqa: ANN001
    """The blocks of a table's cell that show something, nested tables' blocks included, in
    order. A nested table of more than one column (an item with its picture) is one entry."""
    box = len(boxes)
    boxes.append(box)
    it = cell.begin()
    while not it.atEnd():
        frame = it.currentFrame()
        if isinstance(frame, QTextTable):
            if frame.columns() == 1:
                for row in range(frame.rows()):
                    _entries(frame.cellAt(row, 0), layout, out, boxes)
            else:
                inner: list[_Entry] = []
                for row in range(frame.rows()):
                    for column in range(frame.columns()):
                        _entries(frame.cellAt(row, column), layout, inner, boxes)
                if inner:
                    top, bottom = min(e.top for e in inner), max(e.bottom for e in inner)
                    out.append(_Entry(top, bottom, min(e.left for e in inner),
                                      max(e.right for e in inner), ((top, bottom),), False,
                                      False, box))
        elif frame is None:
            block = it.currentBlock()
            if block.text().strip():
                rect = layout.blockBoundingRect(block)
                text = block.layout()
                base = rect.top() - text.boundingRect().top()
                lines = tuple((base + text.lineAt(n).y(),
                               base + text.lineAt(n).y() + text.lineAt(n).height())
                              for n in range(text.lineCount()))
                out.append(_Entry(rect.top(), rect.bottom(), rect.left(), rect.right(), lines,
                                  block.blockFormat().headingLevel() > 0,
                                  block.textList() is not None, box))
        it += 1


def _side_by_side(doc, table, layout, top: float, bottom: float,  # noqa: ANN001
                  title: str | None) -> _Row | None:
    """The row of columns of `table`, cut into units, or None when a column shows nothing."""
    columns = []
    for column in range(table.columns()):
        entries: list[_Entry] = []
        _entries(table.cellAt(0, column), layout, entries, [])
        if not entries:
            return None
        columns.append(entries)
    units = [_units(entries) for entries in columns]
    # Each column from halfway to the one before to halfway to the next, across the page.
    cuts = [0.0] + [(max(e.right for e in one) + min(e.left for e in two)) / 2
                    for one, two in zip(columns, columns[1:])] + [doc.size().width()]
    return _Row(top, min(u[0].top for u in units), max(u[0].bottom for u in units),
                max(u[-1].bottom for u in units), bottom, title,
                tuple(_Column(left, right, tuple(u))
                      for left, right, u in zip(cuts, cuts[1:], units)))


def _units(entries: list[_Entry]) -> list[_Unit]:
    """A column's entries as units: a heading, an item's title (the first entry of its box)
    and a paragraph before a list each stay with what follows them."""
    first: dict[int, int] = {}
    for n, entry in enumerate(entries):
        first.setdefault(entry.box, n)

    def titled(n: int) -> bool:
        nxt = entries[n + 1] if n + 1 < len(entries) else None
        return nxt is not None and (entries[n].heading or (
            first[entries[n].box] == n and nxt.box == entries[n].box))

    def with_next(n: int) -> bool:
        nxt = entries[n + 1] if n + 1 < len(entries) else None
        return nxt is not None and (titled(n) or (not entries[n].listed and nxt.listed
                                                 and nxt.box == entries[n].box))

    units, n = [], 0
    while n < len(entries):
        last = n
        while with_next(last):
            last += 1
        context = []
        if n and titled(0):  # the column's title (a heading, or its first item's)
            context.append((entries[0].top, entries[0].bottom))
        own = first[entries[n].box]  # the title of the item it goes on with
        if own not in (0, n) and titled(own):
            context.append((entries[own].top, entries[own].bottom))
        group = entries[n:last + 1]
        units.append(_Unit(group[0].top, max(e.bottom for e in group),
                           tuple(line for e in group for line in e.lines), tuple(context)))
        n = last + 1
    return units


def _fill(row: _Row, places: list, room: float, *, fresh: bool, y: float,
          force: bool = True) -> tuple[list[Piece], list, float]:
    """Each column of `row` from its place (a y in the document; None: it has ended) as far
    as it fits in `room`: the pieces, drawn from `y` down, where each goes on (None: it has
    ended) and the height they take. `fresh`: on a new page, each column under the titles it
    goes on with. A unit taller than the room is cut between its lines when `force`."""
    pieces: list[Piece] = []
    after: list = []
    used = 0.0
    for column, place in zip(row.columns, places):
        units = [u for u in column.units if place is not None and u.bottom > place + 0.5]
        if not units:
            after.append(None)
            continue
        if units[0].top < place - 0.5:  # a unit that was cut between its lines
            units[0] = units[0]._replace(top=place, lines=tuple(
                line for line in units[0].lines if line[0] >= place - 0.5))
        depth = 0.0
        if fresh:
            depth = row.start - row.top
            for top, bottom in units[0].context:
                pieces.append(Piece(column.left, column.right, top, bottom, y + depth))
                depth += bottom - top
        start = units[0].top if fresh else place
        stop, goes_on = start, None
        for n, unit in enumerate(units):
            if depth + unit.bottom - start > room + 0.01:
                goes_on = unit.top
                if n == 0 and force:  # taller than a page: between its lines
                    fit = [line for line in unit.lines
                           if depth + line[1] - start <= room + 0.01] or list(unit.lines[:1])
                    stop = fit[-1][1]
                    rest = [line for line in unit.lines if line[0] >= stop - 0.01]
                    goes_on = rest[0][0] if rest else (units[1].top if len(units) > 1 else None)
                break
            stop = unit.bottom
        pieces.append(Piece(column.left, column.right, start, stop, y + depth))
        after.append(goes_on)
        used = max(used, depth + stop - start)
    return pieces, after, used


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
    """A PDF text string: UTF-16BE with its byte order mark, in hexadecimal. Written out here:
    the codec's lookup imports its module and `codecs`' names (0.8 ms of `plan --pdf`)."""
    units = []
    for char in text:
        code = ord(char)
        if code > 0xFFFF:  # a surrogate pair
            code -= 0x10000
            units.append(f"{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}")
        else:
            units.append(f"{code:04X}")
    return b"<FEFF" + "".join(units).encode("ascii") + b">"


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
