"""The plan on screen: a banner for the triage level, then each part with a "Why?".

The page is made once per window and filled again for each plan it shows (a check-in, Back
and Next again, a new plan): its widgets are refilled, shown or hidden, never made again, and
each picture is drawn once. What lies below the window's height is filled on the next turn of
the event loop, after the first frame; a key or a click that comes before that finishes it
first, so the page is never used half-filled.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRectF, QTimer, QUrl, Qt
from PySide6.QtGui import (QColor, QDesktopServices, QFont, QGuiApplication, QPainter, QPixmap)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel, QMessageBox,
                               QPushButton, QScrollArea, QToolButton, QVBoxLayout, QWidget)

from ..core.plan import Item, Plan
from ..core.ruleset import RuleSet
from ..i18n import tr
from ..paths import resources_dir
from ..report.chart import Ink, chart_data, draw
from ..report.colours import TONES
from ..words import (disclaimer, adherence, adherence_line, dose, duration, item_until,
                     plan_text, sections, short_when, trend, warning_signs, when)
from .files import save_file_name
from .flow import FlowLayout
from .reminders import CalendarRow, WhatNowCard, _wizard_parts


def _label(text: str, *, bold: bool = False, scale: float = 1.0, rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if bold or scale != 1.0:
        font = QFont(label.font())
        font.setBold(bold)
        font.setPointSizeF(font.pointSizeF() * scale)
        label.setFont(font)
    return label


def _bullets(lines) -> str:  # noqa: ANN001
    return "<ul style='margin-left:-20px'>" + "".join(f"<li>{escape(line)}</li>"
                                                      for line in lines) + "</ul>"


_RENDERERS: dict[str, QSvgRenderer] = {}
_PIXMAPS: dict[tuple[str, int, int, float], QPixmap] = {}


def picture(path: str, width: int, height: int, ratio: float) -> QPixmap:
    """The vector picture at `path` drawn once for this size and device pixel ratio: crisp
    at any scale, and no SVG parsed or drawn again for the next plan or the next frame."""
    key = (path, width, height, ratio)
    pixmap = _PIXMAPS.get(key)
    if pixmap is None:
        renderer = _RENDERERS.get(path)
        if renderer is None:
            renderer = _RENDERERS[path] = QSvgRenderer(str(resources_dir() / path))
        pixmap = QPixmap(round(width * ratio), round(height * ratio))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter, QRectF(0, 0, width, height))
        painter.end()
        _PIXMAPS[key] = pixmap
    return pixmap


class Picture(QWidget):
    """A picture of resources/ at a fixed size, from the drawn-once cache. It says nothing to
    a screen reader: for the banner's sign, whose words stand beside it."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.setFixedSize(width, height)
        self.path: str | None = None

    def set_path(self, path: str | None) -> None:
        if path != self.path:
            self.path = path
            self.update()

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802
        if self.path:
            painter = QPainter(self)
            painter.drawPixmap(0, 0, picture(self.path, self.width(), self.height(),
                                             self.devicePixelRatioF()))
            painter.end()


class Illustration(QLabel):
    """An item's illustration, which carries meaning: a label holding a picture is what a
    screen reader calls an image, and its name and description say what it shows."""

    def __init__(self, width: int, height: int) -> None:
        super().__init__()
        self.setFixedSize(width, height)
        self.path: str | None = None
        self.ratio = 0.0

    def set_path(self, path: str | None, name: str = "", description: str = "") -> None:
        self.setAccessibleName(name)
        self.setAccessibleDescription(description)
        if path != self.path:
            self.path = path
            self._draw()

    def _draw(self) -> None:
        self.ratio = self.devicePixelRatioF()
        self.setPixmap(picture(self.path, self.width(), self.height(), self.ratio)
                       if self.path else QPixmap())

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802
        if self.path and self.devicePixelRatioF() != self.ratio:  # moved to another screen
            self._draw()
        super().paintEvent(event)


class Banner(QFrame):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("banner")
        self.tone: str | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 14, 16, 14)
        self.icon = Picture(56, 56)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        self.title = _label("", bold=True, scale=1.6)
        column.addWidget(self.title)
        self.text = _label("", scale=1.15)
        column.addWidget(self.text)
        row.addLayout(column, 1)

    def show_level(self, tone: str, title: str, text: str) -> None:
        if tone != self.tone:  # a style sheet is set again only when the colour changes
            self.tone = tone
            self.setStyleSheet(f"QFrame#banner {{ background: {TONES[tone]}; }} "
                               "QFrame#banner QLabel { color: white; }")
            self.icon.set_path(f"icons/{tone}.svg")
        self.setAccessibleName(f"{title}. {text}")
        self.title.setText(title)
        self.text.setText(text)


def why() -> tuple[QToolButton, QLabel]:
    """A "Why?" button and the rules and sources it shows (filled by `show_why`)."""
    button = QToolButton()
    button.setObjectName("why")
    # translators: a button beside a part of the plan: it shows the rule behind it
    button.setText(tr("Why?"))
    button.setCheckable(True)
    button.setAccessibleDescription(tr("Shows the rule behind this and its source"))
    text = _label("", rich=True)
    text.setObjectName("reasons")  # a frame when the keyboard is on it (style.qss)
    text.setOpenExternalLinks(True)
    text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    text.setVisible(False)
    button.toggled.connect(lambda shown: _show_reasons(text, shown))
    return button, text


def _show_reasons(text: QLabel, shown: bool) -> None:
    """The reasons opened under their "Why?" are scrolled into view: at the bottom of a
    narrow window they opened below its edge."""
    text.setVisible(shown)
    if shown:
        QTimer.singleShot(0, lambda: _into_view(text))


def _into_view(widget: QWidget) -> None:
    area = widget.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    if area is not None and widget.isVisible():
        area.widget().layout().activate()  # its new height first
        area.ensureWidgetVisible(widget, 0, 8)


def show_why(button: QToolButton, text: QLabel, title: str, reasons, *,  # noqa: ANN001
             banner: bool = False) -> None:
    """Another plan's reasons, folded away as on a new page."""
    button.setChecked(False)
    if banner:  # apart from a part of the same title ("Get help now"): a reader tells them apart
        # translators: a screen reader's name of the "Why?" button under the banner at the top of the plan: "Why the plan says: Get help now"
        button.setAccessibleName(tr("Why the plan says: {title}", title=title))
    else:
        # translators: a screen reader's name of the "Why?" button of a part: "Why: Cold pack"
        button.setAccessibleName(tr("Why: {title}", title=title))
    text.setText("<br>".join(f"{escape(r.because)}<br><small>{source_link(r.source)}</small>"
                             for r in reasons))


class ItemCard(QFrame):
    """One piece of advice: what to do, how much, until when, and why. One card of each
    emphasis is made per item on screen and refilled (`show_item`) for the next plan."""

    def __init__(self, emphasis: str = "plain") -> None:
        super().__init__()
        self.setObjectName("strongcard" if emphasis == "bold" else "card")
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 10, 12, 10)
        self.picture = Illustration(156, 130)
        row.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        row.addLayout(column, 1)
        self.title = _label("", bold=True, scale=1.35 if emphasis == "large" else 1.2)
        self.until = _label("", rich=True)
        self.text = _label("", bold=emphasis == "bold")
        self.steps = _label("", rich=True, bold=emphasis == "bold")
        self.dose = _label("", rich=True)
        for label in (self.title, self.until, self.text, self.steps, self.dose):
            column.addWidget(label)
        self.why_button, self.why = why()
        column.addWidget(self.why_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.why)

    def show_item(self, plan: Plan, item: Item) -> None:
        advice = item.advice
        # translators: a screen reader's name of an item's illustration: "Picture: Cold pack"
        name = tr("Picture: {title}", title=advice.title) if advice.illustration else ""
        self.picture.set_path(advice.illustration or None, name, advice.illustration_text or "")
        self.picture.setVisible(bool(advice.illustration))
        self.title.setText(advice.title)
        until = item_until(plan, item)
        if until is not None:
            left = until - plan.now
            end = escape(short_when(until, plan.local(plan.now)))
            if left.total_seconds() > 0:
                # translators: how long an item of the plan lasts: "Until tomorrow at 07:30 (in 21 hours)"; keep the <b> tags (bold)
                shown = tr("<b>Until {when}</b> (in {left})", when=end, left=escape(duration(left)))
            else:
                # translators: how long an item of the plan lasts: "Until today at 07:30"; keep the <b> tags (bold)
                shown = tr("<b>Until {when}</b>", when=end)
        elif advice.until_else:
            shown = f"<b>{escape(advice.until_else[:1].upper() + advice.until_else[1:])}</b>"
        else:
            shown = ""
        self._fill(self.until, shown)
        self.text.setText(advice.text)
        self._fill(self.steps, _bullets(advice.steps) if advice.steps else "")
        # translators: an item's dose: "How much: Up to 15 minutes."; keep the <b> tags (bold)
        self._fill(self.dose, tr("<b>How much:</b> {dose}", dose=escape(dose(advice.dose)))
                   if advice.dose else "")
        show_why(self.why_button, self.why, advice.title, item.reasons)

    @staticmethod
    def _fill(label: QLabel, text: str) -> None:
        label.setText(text)
        label.setVisible(bool(text))

    def empty(self) -> None:
        """Out of use: hidden, and holding nothing of the plan before."""
        self.setVisible(False)
        self.picture.set_path(None)
        for label in (self.title, self.until, self.text, self.steps, self.dose, self.why):
            label.setText("")
        self.why_button.setChecked(False)
        self.why_button.setAccessibleName("")


def source_link(source) -> str:  # noqa: ANN001
    """'Source: NHS: Back pain, NHS', a link the person can open when it is on the web.
    The rule's id is for the doctor's page of the PDF, not for the window."""
    publisher = source.publisher
    words = escape(source.title + (f", {publisher}" if publisher and publisher.lower()
                                   not in source.title.lower() else ""))
    if (source.where or "").startswith("https://"):
        words = f"<a href='{escape(source.where)}'>{words}</a>"
    # translators: under the reason for a part of the plan: "Source: NHS: Back pain, NHS"
    return tr("Source: {source}", source=words)


def charted_checkins(series) -> list:  # noqa: ANN001
    """The check-ins the chart can show: an emergency check-in may have no pain or onset."""
    return [c for c in series if c.pain is not None and "onset" in c.answers]


class ChartWidget(QWidget):
    """The progress chart on screen: the same drawing as in the PDF."""

    def __init__(self, data, name: str | None = None) -> None:  # noqa: ANN001
        super().__init__()
        self.setAccessibleName(tr("Your pain over the days") if name is None else name)
        self.set_data(data)

    def set_data(self, data) -> None:  # noqa: ANN001
        """The chart to draw, and in words for a screen reader: the trend of the pain, then
        what was done each day."""
        self.data = data
        self.setMinimumHeight(300 if data is not None and data.done else 220)  # room for bars
        said = [trend(data.points)] if data else []
        said += [adherence_line(d.start.date(), d.sessions, d.exercises)
                 for d in (data.done if data else ())]
        self.setAccessibleDescription(" ".join(said))
        self.update()

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802
        if self.data is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        base = palette.color(palette.ColorRole.Base)
        ink = Ink(text=palette.color(palette.ColorRole.Text).name(),
                  grid=palette.color(palette.ColorRole.Mid).name(),
                  line=palette.color(palette.ColorRole.Link).name(),
                  dark=base.lightnessF() < 0.5)
        painter.fillRect(self.rect(), base)
        draw(painter, QRectF(self.rect()).adjusted(4, 4, -4, -4), self.data,
             font_px=self.fontInfo().pixelSize() * 0.9, ink=ink)
        painter.end()


def card_style(palette) -> str:  # noqa: ANN001
    """Card borders between the text's colour and the window's: seen in light and dark
    palettes alike (palette(mid) nearly vanishes in some dark themes)."""
    text = palette.color(palette.ColorRole.WindowText)
    back = palette.color(palette.ColorRole.Window)
    def mix(share: float) -> str:
        return QColor(*(round(a * share + b * (1 - share)) for a, b in
                        ((text.red(), back.red()), (text.green(), back.green()),
                         (text.blue(), back.blue())))).name()
    return (f"QFrame#card {{ border: 1px solid {mix(0.45)}; border-radius: 8px; }} "
            f"QFrame#strongcard {{ border: 3px solid {mix(0.8)}; border-radius: 8px; }}")


# Lower bounds of heights, in pixels, to tell what the first frame shows without laying the
# page out: what sits above the parts, and each kind of block in them. Too low only means
# that more is filled before the first frame.
ABOVE_PARTS = 200
CHROME = 100  # the window's title, subtitle and buttons around the view
CARD_PICTURE = 130 + 20
LATE_MS = 100  # the rest of the page, when no frame was painted before
# Input that needs the whole page: Tab and Alt+letter go through it, a wheel scrolls into
# it. A click lands where the first frame showed it: filling below moves nothing above.
INPUT = (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride, QEvent.Type.Wheel)


class PlanView(QScrollArea):
    """The plan's page. Fixed widgets above (banner, what now, actions, notes, chart), then
    the parts: headings, notes, lists and cards, from pools that grow to the largest plan
    shown and are refilled in order for each plan."""

    def __init__(self, ruleset: RuleSet) -> None:
        super().__init__()
        self.ruleset = ruleset
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Never sideways: every line wraps and the buttons flow onto more rows.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The keyboard can stop here to scroll with the arrow keys: a screen reader names it.
        self.setAccessibleName(tr("Your plan"))
        self.plan: Plan | None = None
        self.result = None
        self.cards: list[ItemCard] = []   # the cards of the plan shown, in order
        self._pools: dict[Any, list[QWidget]] = {}
        self._used: dict[Any, int] = {}
        self._todo: list[tuple[Any, Any]] = []  # the parts left for after the first frame
        self._focus: list[QWidget] = []   # the parts' keyboard stops, in order
        self.after: list[QWidget] = []    # the page's stops below the view (waking hours)
        self._late = QTimer(self)
        self._late.setSingleShot(True)
        self._late.setInterval(LATE_MS)
        self._late.timeout.connect(self.finish)
        self._build()

    def _build(self) -> None:
        body = QWidget()
        body.setStyleSheet(card_style(self.palette()))
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 12, 12)
        layout.setSpacing(10)
        self.banner = Banner()
        layout.addWidget(self.banner)
        self.banner_why, self.reasons = why()
        # Reminders (issue 12): what to do now, at the top; the calendar file below the actions.
        self.what_now = WhatNowCard(None, self.ruleset)
        self.what_now.marked.connect(self.show_chart)
        layout.addWidget(self.what_now)
        self.calendar = CalendarRow(None, self.ruleset)

        actions = FlowLayout(spacing=6)
        # translators: a button on the plan page; the letter after & is its Alt + letter: keep one &, on a letter the page's other buttons (Back, Finish, Copy, Save, Open, history, calendar) do not use
        self.copy_button = QPushButton(tr("&Copy the plan as text"))
        self.copy_button.setAccessibleName(tr("Copy the plan as text"))
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy)
        self.copied = _label("")  # "Copied", "Saved to ...": on a line of its own, wrapped
        self.copied.setObjectName("note")
        self.copied.setVisible(False)
        # translators: a button on the plan page; the letter after & is its Alt + letter: keep one &, on a letter the page's other buttons (Back, Finish, Copy, Save, Open, history, calendar) do not use
        self.save_button = QPushButton(tr("&Save as PDF\u2026"))
        self.save_button.setAccessibleName(tr("Save as PDF"))
        self.save_button.setAccessibleDescription(
            tr("Save the plan as a PDF to print or show a doctor"))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_pdf)
        # translators: a button on the plan page; the letter after & is its Alt + letter: keep one &, on a letter the page's other buttons (Back, Finish, Copy, Save, Open, history, calendar) do not use
        self.open_button = QPushButton(tr("&Open the PDF"))
        self.open_button.setAccessibleName(tr("Open the PDF"))
        self.open_button.setAutoDefault(False)
        self.open_button.setVisible(False)
        self.open_button.clicked.connect(self.open_pdf)
        # translators: a button on the plan page; the letter after & is its Alt + letter: keep one &, on a letter the page's other buttons (Back, Finish, Copy, Save, Open, history, calendar) do not use
        history = QPushButton(tr("Your &history and data"))
        history.setAccessibleName(tr("Your history and data"))
        history.setAutoDefault(False)
        history.clicked.connect(lambda: self.window().show_history())
        for button in (self.banner_why, self.save_button, history, self.open_button,
                       self.copy_button):
            actions.addWidget(button)
        layout.addLayout(actions)
        layout.addWidget(self.calendar)
        layout.addWidget(self.copied)
        layout.addWidget(self.reasons)
        self.saved_note = _label("")
        layout.addWidget(self.saved_note)
        # translators: a heading above what changed since the last check-in
        self.changes_title = _label(tr("Since last time"), bold=True, scale=1.35)
        self.changes = _label("", rich=True)
        self.chart_title = _label(tr("Your pain over the days"), bold=True, scale=1.35)
        self.chart = ChartWidget(None)
        self.chart_trend = _label("")
        for widget in (self.changes_title, self.changes, self.chart_title, self.chart,
                       self.chart_trend):
            widget.setVisible(False)
            layout.addWidget(widget)
        # The parts, in a box of their own that adds no margin: refilled for each plan.
        self.parts = QWidget()
        self.parts_box = QVBoxLayout(self.parts)
        self.parts_box.setContentsMargins(0, 0, 0, 0)
        self.parts_box.setSpacing(10)
        layout.addWidget(self.parts)
        layout.addStretch(1)
        self.setWidget(body)
        self.stops = [self.what_now.done_button, self.banner_why, self.save_button, history,
                      self.open_button, self.copy_button, self.calendar.button, self.reasons]

    def show_plan(self, plan: Plan, result=None, problem: str | None = None) -> None:  # noqa: ANN001
        """Show `plan`: the part on screen now, the rest after the first frame."""
        self.plan = plan
        self.result = result
        label = self.ruleset.label("triage", plan.triage)
        self.banner.show_level(label.tone if label else "neutral",
                               label.title if label else plan.triage, label.text if label else "")
        show_why(self.banner_why, self.reasons, self.banner.title.text(),
                 plan.reasons.get("triage", ()), banner=True)
        store, clock = _wizard_parts(self)
        self.what_now.show_plan(plan, result.episode if result else None,
                                store if result else None, clock)
        self.calendar.show_plan(plan, result)
        self.copied.setText("")
        self.copied.setVisible(False)
        self.open_button.setVisible(False)  # the PDF of the plan before is not this one's
        self.saved_note.setText(problem or (
            tr("Saved in your history: check-in {number} of this episode.", number=result.number)
            if result else ""))
        self.saved_note.setVisible(bool(problem or result))
        changes = result.changes if result is not None else ()
        self.changes.setText(_bullets(changes) if changes else "")
        for widget in (self.changes_title, self.changes):
            widget.setVisible(bool(changes))
        self.show_chart()
        self.verticalScrollBar().setValue(0)  # a new plan is read from its top

        # The parts: headings, notes and cards, in the order of the PDF.
        todo: list[tuple[Any, Any]] = []
        signs = warning_signs(plan, self.ruleset)
        for n, section in enumerate(sections(plan, self.ruleset)):
            todo.append(("heading", section.title))
            if section.note:
                todo.append(("note", section.note))
            todo += [(("card", section.kind.emphasis), item) for item in section.items]
            if n == 0 and signs:  # right after the first part: what to tell the doctor
                todo.append(("heading", tr("The warning signs you told us about")))
                todo.append(("list", _bullets(signs)))
        if plan.next_checkin is not None:
            todo.append(("heading", tr("Check in again")))
            todo.append(("note", tr("{when}: open Back Spasm Wizard again to update this plan.",
                                    when=when(plan.next_checkin, plan.local(plan.now)))))
        todo.append(("note", disclaimer()))
        self._used = dict.fromkeys(self._pools, 0)
        self.cards = []
        self._focus = []
        self._todo = todo
        if self.window().isVisible():
            self._fill(self._first_frame())
            if self._todo:
                # The rest right after the first frame is painted (a zero timer is a posted
                # event in Qt 6, which could come before the paint); the timer is there in
                # case no frame is painted (a window covered up).
                QApplication.instance().installEventFilter(self)
                self._late.start()
                return
        self.finish()  # hidden (a window not shown yet, or no window): all at once

    def show_chart(self) -> None:
        """The pain over the check-ins and, under it, what was done each day: again after
        each Done."""
        result = self.result
        charted = charted_checkins(result.series) if result is not None else []
        data = (chart_data(charted, self.ruleset, self.done_days(), self.plan.zone)
                if len(charted) > 1 else None)
        self.chart.set_data(data)
        self.chart_trend.setText(trend(data.points) if data else "")
        for widget in (self.chart_title, self.chart, self.chart_trend):
            widget.setVisible(data is not None)

    def _first_frame(self) -> int:
        """How many of the parts the first frame can show, counted with lower bounds of
        their heights."""
        if self.viewport().isVisible():
            room = self.viewport().height() - self.parts.y()
        else:  # the first plan: not laid out yet; the window's height bounds what shows
            room = self.window().height() - CHROME - ABOVE_PARTS
        line = self.fontMetrics().lineSpacing()
        for count, (kind, content) in enumerate(self._todo):
            if room < 0:
                return count
            if kind[0] == "card":
                room -= max(CARD_PICTURE if content.advice.illustration else 0, 3 * line) + 10
            else:
                room -= line + 10
        return len(self._todo)

    def _fill(self, count: int) -> None:
        """Fill the next `count` parts from the pools, in order; then hide and empty every
        pooled widget the plan does not use."""
        parts, self._todo = self._todo[:count], self._todo[count:]
        # Showing a widget in a shown page lays the page out at once, each time: the layouts
        # wait until every part is in, then lay out once.
        layouts = (self.parts_box, self.widget().layout())
        for layout in layouts:
            layout.setEnabled(False)
        try:
            self._fill_parts(parts)
        finally:
            for layout in layouts:
                layout.setEnabled(True)
                layout.invalidate()
        self._order_tabs()

    def _fill_parts(self, parts: list[tuple[Any, Any]]) -> None:
        for kind, content in parts:
            pool = self._pools.setdefault(kind, [])
            used = self._used.get(kind, 0)
            if used == len(pool):
                pool.append(self._make(kind))
            widget = pool[used]
            self._used[kind] = used + 1
            if isinstance(widget, ItemCard):
                widget.show_item(self.plan, content)
                self.cards.append(widget)
                self._focus += [widget.why_button, widget.why]
            else:
                widget.setText(content)
            index = sum(self._used.values()) - 1
            if self.parts_box.indexOf(widget) != index:  # in the plan's order
                self.parts_box.removeWidget(widget)
                self.parts_box.insertWidget(index, widget)
            widget.setVisible(True)
        # Out of use (for now): hidden and empty, so that nothing of the plan before is
        # seen, read out or reached with Tab.
        for kind, pool in self._pools.items():
            for widget in pool[self._used.get(kind, 0):]:
                if isinstance(widget, ItemCard):
                    if widget.title.text():
                        widget.empty()
                elif widget.text():
                    widget.setText("")
                    widget.setVisible(False)

    def _make(self, kind) -> QWidget:  # noqa: ANN001
        if kind[0] == "card":
            widget = ItemCard(kind[1])
        elif kind == "heading":
            widget = _label("", bold=True, scale=1.35)
        else:
            widget = _label("", rich=kind == "list")
        widget.setVisible(False)
        self.parts_box.addWidget(widget)
        return widget

    def _order_tabs(self) -> None:
        """Tab goes down the page in the order it reads, whichever pooled card shows what."""
        stops = [*self.stops, *self._focus, *self.after]
        for before, after in zip(stops, stops[1:]):
            QWidget.setTabOrder(before, after)

    def finish(self) -> None:
        """Fill what is left of the plan now (after the first frame, or before any input)."""
        if self._todo:
            self._fill(len(self._todo))
        QApplication.instance().removeEventFilter(self)
        self._late.stop()

    def complete(self) -> bool:
        """Whether the whole plan is on the page."""
        return not self._todo

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if self._todo:
            kind = event.type()
            if kind in INPUT:
                self.finish()
            elif kind == QEvent.Type.Paint and watched is self.widget():
                QTimer.singleShot(0, self.finish)  # once this frame is painted
        return False

    def text(self) -> str:
        return plan_text(self.plan, self.ruleset) if self.plan else ""

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
        self.say(tr("Copied. You can paste it into an email or a note."))

    def say(self, text: str) -> None:
        self.copied.setText(text)
        self.copied.setVisible(True)

    def save_pdf(self) -> None:
        """Ask where, write it (whole or not at all), then offer to open it. A path that
        cannot be written: a message, and the plan stays on screen."""
        # The PDF writer loads when a PDF is first saved: the window does without it.
        from ..report.pdf import ExportError, suggested_name, write_pdf
        chosen = save_file_name(self, tr("Save your plan as a PDF"), suggested_name(self.plan),
                                # translators: the kind of file in the save dialog
                                tr("PDF files (*.pdf)"))
        if not chosen:
            return
        path = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
        try:
            series = charted_checkins(self.result.series) if self.result is not None else ()
            changes = self.result.changes if self.result is not None else ()
            self.saved = write_pdf(self.plan, self.ruleset, path, series=series, changes=changes,
                                   adherence=self.done_days())
        except ExportError as exc:
            QMessageBox.warning(self, tr("The PDF was not saved"),
                                tr("The PDF was not saved: {problem}.\n\nYour plan is still "
                                   "here. Try another folder.", problem=exc))
            return
        # translators: where the file went: "Saved to /home/ann/Documents/back-plan.pdf."
        self.say(tr("Saved to {path}.", path=self.saved))
        self.open_button.setVisible(True)

    def done_days(self) -> tuple[tuple, ...]:
        """The sessions and exercises done each day of the episode, for the chart and the
        PDF's doctor's page."""
        store = getattr(self.window(), "store", None)
        if store is None or self.result is None:
            return ()
        try:
            done = store.done(self.result.episode.id)
        except Exception:  # noqa: BLE001 - a closed or broken store: the plan still shows
            return ()
        return tuple(adherence(done, self.plan.zone))

    def open_pdf(self) -> None:
        """Open the PDF in the system's viewer; with none, say so and show its folder."""
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved))):
            return
        shown = QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved.parent)))
        if shown:
            said = tr("No program to open PDF files was found on this computer. Your plan is "
                      "saved in {path}. Its folder is now open.", path=self.saved)
        else:
            said = tr("No program to open PDF files was found on this computer. Your plan is "
                      "saved in {path}. You can open it from that folder, or print it from "
                      "another computer.", path=self.saved)
        QMessageBox.information(self, tr("No PDF viewer"), said)
