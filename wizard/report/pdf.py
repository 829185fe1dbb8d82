"""Writing the plan as a PDF with QPdfWriter: real text with embedded fonts, images at
300 dpi, page numbers and the disclaimer on every page, and an atomic write.

Needs a QGuiApplication (fonts); `ensure_gui_app` makes one, offscreen when there is no
display, so the command line works on a server.
"""

from __future__ import annotations

import os
import sys
from datetime import time
from pathlib import Path

from ..core.plan import Plan
from ..core.ruleset import RuleSet
from ..core.schedule import DEFAULT_WAKING
from ..atomic import replacing
from ..paths import resources_dir
from ..words import DISCLAIMER
from .html import Html

DPI = 300
MARGIN_MM = 15
FOOTER_MM = 12
# Qt::AlignmentFlag and Qt::TextFlag values, as QPainter.drawText(QRectF, int, str) takes
# them: touching PySide6's Qt enum namespace costs about 10 ms, a fifth of the command's time.
ALIGN_LEFT, ALIGN_RIGHT, TEXT_WORD_WRAP = 0x0001, 0x0002, 0x1000


class ExportError(Exception):
    """The PDF could not be written. The message names the path; nothing was left behind."""


def ensure_gui_app() -> None:
    from PySide6.QtGui import QGuiApplication
    if QGuiApplication.instance() is None:
        if not os.environ.get("QT_QPA_PLATFORM") and not (
                os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) \
                and sys.platform.startswith("linux"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        ensure_gui_app.app = QGuiApplication(sys.argv[:1])  # kept referenced


def paper_for_locale(locale=None):  # noqa: ANN001, ANN201
    """Letter where the locale measures in US units, A4 everywhere else."""
    from PySide6.QtCore import QLocale
    from PySide6.QtGui import QPageSize
    locale = locale or QLocale.system()
    us = locale.measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem
    return QPageSize(QPageSize.PageSizeId.Letter if us else QPageSize.PageSizeId.A4)


def suggested_name(plan: Plan) -> str:
    return f"back-plan-{plan.local(plan.now):%Y-%m-%d}.pdf"


def write_pdf(plan: Plan, ruleset: RuleSet, target: Path, *, page_size=None,  # noqa: ANN001
              waking: tuple[time, time] = DEFAULT_WAKING, series=()) -> Path:  # noqa: ANN001
    """Write the plan to `target`. Raises ExportError with the path when it cannot."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {target}: the folder {folder} does not exist")
    # A new file beside the target (readable by its owner alone), checked whole, flushed and
    # renamed into place at the end (wizard/atomic.py).
    try:
        with replacing(target, check=complete_pdf) as temp:
            _render(plan, ruleset, temp, page_size, waking, series)
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
            series=()) -> None:  # noqa: ANN001
    ensure_gui_app()
    from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, QUrl
    from PySide6.QtGui import (QColor, QFont, QImage, QPageLayout, QPainter, QPdfWriter, QPen,
                               QTextDocument, QTextFormat)
    from PySide6.QtSvg import QSvgRenderer

    writer = QPdfWriter(str(path))
    writer.setResolution(DPI)
    writer.setPageSize(page_size or paper_for_locale())
    writer.setPageMargins(QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                          QPageLayout.Unit.Millimeter)
    writer.setTitle(f"Back plan, {plan.local(plan.now):%d %B %Y}")
    writer.setAuthor("Back Spasm Wizard")
    writer.setCreator(f"Back Spasm Wizard (rules {plan.ruleset.id} {plan.ruleset.version})")
    writer.setDocumentXmpMetadata(_xmp(plan).encode("utf-8"))

    # Lay the document out in 96-dpi units (what HTML sizes mean) and scale the painter to
    # the writer's resolution. Text stays text; pictures and the chart are drawn as vectors
    # in the places the layout keeps for them.
    layout_dpi = 96
    scale = DPI / layout_dpi
    px_per_mm = layout_dpi / 25.4
    chart = None
    if series:
        from .chart import chart_data
        chart = chart_data(series, ruleset)
    renderers: dict[str, QSvgRenderer] = {}

    def aspect(name: str) -> float:
        renderer = renderers.setdefault(name, QSvgRenderer(str(resources_dir() / name)))
        size = renderer.defaultSize()
        return size.height() / max(1, size.width())

    html = Html(plan, ruleset, px_per_mm, waking, chart, aspect)
    text = html.document()
    doc = QTextDocument()
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(10.5)
    doc.setDefaultFont(font)
    # The layout keeps a place of the HTML's width and height for each picture, and calls
    # the handler to draw it there: the SVG (or the chart) as vectors, at any resolution.
    handler = _picture_handler(renderers, chart, 9 * layout_dpi / 72)
    doc.documentLayout().registerHandler(int(QTextFormat.ObjectTypes.ImageObject), handler)
    blank = QImage(bytes(4), 1, 1, QImage.Format.Format_ARGB32_Premultiplied).copy()
    for name in [*html.images, "chart"]:  # found, so that Qt does not look for the files
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"res:{name}"), blank)
    doc.setHtml(text)

    page = writer.pageLayout().paintRectPixels(DPI)
    width, height = page.width() / scale, page.height() / scale
    footer = FOOTER_MM * px_per_mm
    body = QSizeF(width, height - footer)
    doc.setPageSize(body)
    keep_together(doc, body.height())
    pages = doc.pageCount()
    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"cannot open {path} for writing")
    painter.scale(scale, scale)
    small = QFont(font)
    small.setPixelSize(round(8 * layout_dpi / 72))  # 8 pt in layout units: the painter scales
    for number in range(pages):
        if number:
            writer.newPage()
        painter.save()
        top_of_page = number * body.height()
        painter.translate(0, -top_of_page)
        doc.drawContents(painter, QRectF(0, top_of_page, body.width(), body.height()))
        painter.restore()
        top = height - footer * 0.8
        painter.setPen(QPen(QColor("#888888"), 0.7))
        painter.drawLine(QPointF(0, top), QPointF(width, top))
        painter.setFont(small)
        painter.setPen(QColor("#222222"))
        painter.drawText(QRectF(0, top + 3, width * 0.82, footer * 0.8),
                         ALIGN_LEFT | TEXT_WORD_WRAP, DISCLAIMER)
        painter.drawText(QRectF(0, top + 3, width, footer * 0.8),
                         ALIGN_RIGHT, f"Page {number + 1} of {pages}")
    if not painter.end():  # the writer could not finish the file
        raise OSError(f"the PDF could not be finished in {path}")


def _page(y: float, page_height: float) -> int:
    return int(y // page_height)


def keep_together(doc, page_height: float) -> None:  # noqa: ANN001
    """Headings stay with what follows them, and short tables (an item, an exercise with its
    picture, Do and Don't, the banner) are not cut by a page break: such a piece starts a new
    page. QTextDocument has no rule for it, so this walks the layout once, top to bottom;
    moving a piece changes nothing above it, and the layout below is read after the move."""
    from PySide6.QtGui import QTextCursor, QTextFormat

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
    from PySide6.QtGui import QTextCursor
    fmt = block.blockFormat()
    fmt.setPageBreakPolicy(before)
    QTextCursor(block).setBlockFormat(fmt)


def _picture_handler(renderers, chart, font_px: float):  # noqa: ANN001, ANN202
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QPyTextObject

    class Pictures(QPyTextObject):
        def intrinsicSize(self, doc, position, fmt):  # noqa: ANN001, ANN202, N802
            image = fmt.toImageFormat()
            return QSizeF(image.width(), image.height())

        def drawObject(self, painter, rect, doc, position, fmt) -> None:  # noqa: ANN001, N802
            name = fmt.toImageFormat().name().removeprefix("res:")
            if name == "chart" and chart is not None:
                from .chart import draw
                draw(painter, rect, chart, font_px=font_px)
            elif name in renderers:
                renderers[name].render(painter, rect)

    return Pictures()


def _xmp(plan: Plan) -> str:
    from html import escape
    title = escape(f"Back plan, {plan.local(plan.now):%d %B %Y}")
    subject = escape("A self-care plan for a lower-back spasm")
    return f"""<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
      xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:creator><rdf:Seq><rdf:li>Back Spasm Wizard</rdf:li></rdf:Seq></dc:creator>
   <xmp:CreatorTool>Back Spasm Wizard</xmp:CreatorTool>
   <xmp:CreateDate>{plan.now.isoformat()}</xmp:CreateDate>
   <pdf:Keywords>back pain; self-care plan; rules {escape(plan.ruleset.version)}</pdf:Keywords>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
