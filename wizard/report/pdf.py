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
    # A new file beside the target (readable by its owner alone), renamed into place at the end.
    temp = folder / f".back-plan-{os.getpid()}-{os.urandom(4).hex()}.pdf.part"
    try:
        os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    try:
        _render(plan, ruleset, temp, page_size, waking, series)
        if temp.stat().st_size == 0:
            raise ExportError(f"cannot write {target}: nothing was written")
        os.replace(temp, target)  # the whole file or none of it
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        temp.unlink(missing_ok=True)
    return target


def _render(plan: Plan, ruleset: RuleSet, path: Path, page_size, waking,  # noqa: ANN001
            series=()) -> None:  # noqa: ANN001
    ensure_gui_app()
    from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, QUrl
    from PySide6.QtGui import (QColor, QFont, QImage, QPageLayout, QPainter, QPdfWriter, QPen,
                               QTextDocument)
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
    # the writer's 300 dpi: text stays vector text, pictures are drawn at 300 dpi.
    layout_dpi = 96
    scale = DPI / layout_dpi
    px_per_mm = layout_dpi / 25.4
    chart = None
    if series:
        from .chart import chart_data
        chart = chart_data(series, ruleset)
    html = Html(plan, ruleset, px_per_mm, waking, chart)
    text = html.document()
    doc = QTextDocument()
    font = QFont("DejaVu Sans")
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(10.5)
    doc.setDefaultFont(font)
    for name, width in html.images:
        renderer = QSvgRenderer(str(resources_dir() / name))
        size = renderer.defaultSize()
        pixels = round(width * scale)
        rows = round(pixels * size.height() / max(1, size.width()))
        # Illustrations sit on white paper: opaque, no alpha mask for the PDF to compress.
        # Icons sit on the coloured banner: transparent. (Bytes of 0xff are white pixels,
        # zeros transparent ones; QImage.fill would build Qt's whole enum namespace first.)
        if name.startswith("icons/"):
            picture = QImage(bytes(pixels * rows * 4), pixels, rows,
                             QImage.Format.Format_ARGB32_Premultiplied).copy()
        else:
            picture = QImage(b"\xff" * (pixels * rows * 4), pixels, rows,
                             QImage.Format.Format_RGB32).copy()
        picture.setDotsPerMeterX(round(DPI / 0.0254))
        picture.setDotsPerMeterY(round(DPI / 0.0254))
        painter = QPainter(picture)
        renderer.render(painter)
        painter.end()
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(f"res:{name}"), picture)
    if chart is not None:  # the chart at 300 dpi for its printed size
        from .chart import draw
        w_mm, h_mm = html.chart_size_mm
        w, h = round(w_mm / 25.4 * DPI), round(h_mm / 25.4 * DPI)
        picture = QImage(b"\xff" * (w * h * 4), w, h, QImage.Format.Format_RGB32).copy()
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        draw(painter, QRectF(0, 0, w, h), chart, font_px=DPI * 9 / 72)
        painter.end()
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl("res:chart"), picture)
    doc.setHtml(text)

    page = writer.pageLayout().paintRectPixels(DPI)
    width, height = page.width() / scale, page.height() / scale
    footer = FOOTER_MM * px_per_mm
    body = QSizeF(width, height - footer)
    doc.setPageSize(body)
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
        painter.translate(0, -number * body.height())
        doc.drawContents(painter, QRectF(0, number * body.height(), body.width(), body.height()))
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
    painter.end()


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
