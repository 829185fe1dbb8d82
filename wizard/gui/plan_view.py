"""The plan on screen: a banner for the triage level, then each part with a "Why?"."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QToolButton,
                               QVBoxLayout, QWidget)

from ..core.plan import Item, Plan
from ..core.ruleset import RuleSet
from ..paths import resources_dir
from ..words import (DISCLAIMER, dose, duration, item_until, plan_text, sections, short_when,
                     warning_signs, when)
from .flow import FlowLayout

from ..report.colours import TONES


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


def svg(path: str, width: int, height: int) -> QSvgWidget:
    """A vector picture: crisp at any scale."""
    widget = QSvgWidget(str(resources_dir() / path))
    widget.setFixedSize(QSize(width, height))
    return widget


class Banner(QFrame):
    def __init__(self, tone: str, title: str, text: str) -> None:
        super().__init__()
        self.setObjectName("banner")
        self.setStyleSheet(f"QFrame#banner {{ background: {TONES[tone]}; }} "
                           "QFrame#banner QLabel { color: white; }")
        self.setAccessibleName(f"{title}. {text}")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 14, 16, 14)
        row.addWidget(svg(f"icons/{tone}.svg", 56, 56), 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        self.title = _label(title, bold=True, scale=1.6)
        column.addWidget(self.title)
        column.addWidget(_label(text, scale=1.15))
        row.addLayout(column, 1)


class ItemCard(QFrame):
    """One piece of advice: what to do, how much, until when, and why."""

    def __init__(self, plan: Plan, item: Item, emphasis: str = "plain") -> None:
        super().__init__()
        self.setObjectName("strongcard" if emphasis == "bold" else "card")
        advice = item.advice
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 10, 12, 10)
        if advice.illustration:
            picture = svg(advice.illustration, 156, 130)
            picture.setAccessibleName(f"Picture: {advice.title}")
            row.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        row.addLayout(column, 1)
        column.addWidget(_label(advice.title, bold=True, scale=1.35 if emphasis == "large" else 1.2))
        until = item_until(plan, item)
        if until is not None:
            left = until - plan.now
            column.addWidget(_label(f"<b>Until {escape(short_when(until, plan.local(plan.now)))}</b>"
                                    + (f" (in {escape(duration(left))})" if left.total_seconds() > 0
                                       else ""), rich=True))
        elif advice.until_else:
            column.addWidget(_label(f"<b>{escape(advice.until_else[:1].upper() + advice.until_else[1:])}</b>",
                                    rich=True))
        column.addWidget(_label(advice.text, bold=emphasis == "bold"))
        if advice.steps:
            steps = "".join(f"<li>{escape(step)}</li>" for step in advice.steps)
            column.addWidget(_label(f"<ul style='margin-left:-20px'>{steps}</ul>", rich=True,
                                    bold=emphasis == "bold"))
        if advice.dose:
            column.addWidget(_label(f"<b>How much:</b> {escape(dose(advice.dose))}", rich=True))
        self.why_button, self.why = why(advice.title, item.reasons)
        column.addWidget(self.why_button, 0, Qt.AlignmentFlag.AlignLeft)
        column.addWidget(self.why)


def why(title: str, reasons) -> tuple[QToolButton, QLabel]:
    """A "Why?" button and the rules and sources it shows."""
    button = QToolButton()
    button.setObjectName("why")
    button.setText("Why?")
    button.setCheckable(True)
    button.setAccessibleName(f"Why: {title}")
    button.setAccessibleDescription("Shows the rule behind this and its source")
    text = _label("<br>".join(f"{escape(r.because)}<br><small>{source_link(r.source)}</small>"
                              for r in reasons), rich=True)
    text.setOpenExternalLinks(True)
    text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
    text.setVisible(False)
    button.toggled.connect(text.setVisible)
    return button, text


def source_link(source) -> str:  # noqa: ANN001
    """'Source: NHS: Back pain, NHS', a link the person can open when it is on the web.
    The rule's id is for the doctor's page of the PDF, not for the window."""
    publisher = source.publisher
    words = escape(source.title + (f", {publisher}" if publisher and publisher.lower()
                                   not in source.title.lower() else ""))
    if (source.where or "").startswith("https://"):
        return f"Source: <a href='{escape(source.where)}'>{words}</a>"
    return f"Source: {words}"


def charted_checkins(series) -> list:  # noqa: ANN001
    """The check-ins the chart can show: an emergency check-in may have no pain or onset."""
    return [c for c in series if c.pain is not None and "onset" in c.answers]


class ChartWidget(QWidget):
    """The progress chart on screen: the same drawing as in the PDF."""

    def __init__(self, data, name: str = "Your pain over the days") -> None:  # noqa: ANN001
        super().__init__()
        self.data = data
        self.setMinimumHeight(220)
        self.setAccessibleName(name)
        from ..words import trend
        self.setAccessibleDescription(trend(data.points) if data else "")

    def set_data(self, data) -> None:  # noqa: ANN001
        self.data = data
        self.update()

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802
        if self.data is None:
            return
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QPainter

        from ..report.chart import draw
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        from ..report.chart import Ink
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


class PlanView(QScrollArea):
    def __init__(self, ruleset: RuleSet) -> None:
        super().__init__()
        self.ruleset = ruleset
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # Never sideways: every line wraps and the buttons flow onto more rows.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.plan: Plan | None = None
        self.cards: list[ItemCard] = []

    def show_plan(self, plan: Plan, result=None, problem: str | None = None) -> None:  # noqa: ANN001
        self.plan = plan
        self.result = result
        body = QWidget()
        body.setStyleSheet(card_style(self.palette()))
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 12, 12)
        layout.setSpacing(10)
        label = self.ruleset.label("triage", plan.triage)
        tone = label.tone if label else "neutral"
        self.banner = Banner(tone, label.title if label else plan.triage, label.text if label else "")
        layout.addWidget(self.banner)
        self.banner_why, reasons = why(self.banner.title.text(), plan.reasons.get("triage", ()))
        # Reminders (issue 12): what to do now, at the top; the calendar file below the actions.
        from .reminders import CalendarRow, WhatNowCard, _wizard_parts
        store, clock = _wizard_parts(self)
        self.what_now = WhatNowCard(plan, self.ruleset, result.episode if result else None,
                                    store if result else None, clock)
        layout.addWidget(self.what_now)
        self.calendar = CalendarRow(plan, self.ruleset, result)

        actions = FlowLayout(spacing=6)
        self.copy_button = QPushButton("&Copy the plan as text")
        self.copy_button.setAccessibleName("Copy the plan as text")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy)
        self.copied = _label("")  # "Copied", "Saved to ...": on a line of its own, wrapped
        self.copied.setObjectName("note")
        self.copied.setVisible(False)
        self.save_button = QPushButton("&Save as PDF\u2026")
        self.save_button.setAccessibleName("Save as PDF")
        self.save_button.setAccessibleDescription("Save the plan as a PDF to print or show a doctor")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save_pdf)
        self.open_button = QPushButton("&Open the PDF")
        self.open_button.setAccessibleName("Open the PDF")
        self.open_button.setAutoDefault(False)
        self.open_button.setVisible(False)
        self.open_button.clicked.connect(self.open_pdf)
        history = QPushButton("Your &history and data")
        history.setAccessibleName("Your history and data")
        history.setAutoDefault(False)
        history.clicked.connect(lambda: self.window().show_history())
        actions.addWidget(self.banner_why)
        actions.addWidget(self.save_button)
        actions.addWidget(history)
        actions.addWidget(self.open_button)
        actions.addWidget(self.copy_button)
        layout.addLayout(actions)
        layout.addWidget(self.calendar)
        layout.addWidget(self.copied)
        layout.addWidget(reasons)
        self.saved_note = _label(problem or (
            f"Saved in your history: check-in {result.number} of this episode." if result else ""))
        self.saved_note.setVisible(bool(problem or result))
        layout.addWidget(self.saved_note)
        self.changes = None
        if result is not None and result.changes:
            layout.addWidget(_label("Since last time", bold=True, scale=1.35))
            items = "".join(f"<li>{escape(c)}</li>" for c in result.changes)
            self.changes = _label(f"<ul style='margin-left:-20px'>{items}</ul>", rich=True)
            layout.addWidget(self.changes)
        self.chart = None
        charted = charted_checkins(result.series) if result is not None else []
        if len(charted) > 1:
            from ..report.chart import chart_data
            from ..words import trend
            data = chart_data(charted, self.ruleset, self.done_days(), plan.zone)
            layout.addWidget(_label("Your pain over the days", bold=True, scale=1.35))
            self.chart = ChartWidget(data)
            if data.done:  # the bars of what was done take room under the pain
                self.chart.setMinimumHeight(300)
            layout.addWidget(self.chart)
            layout.addWidget(_label(trend(data.points)))

        self.cards = []
        signs = warning_signs(plan, self.ruleset)
        for n, section in enumerate(sections(plan, self.ruleset)):
            layout.addWidget(_label(section.title, bold=True, scale=1.35))
            if section.note:
                layout.addWidget(_label(section.note))
            for item in section.items:
                card = ItemCard(plan, item, section.kind.emphasis)
                self.cards.append(card)
                layout.addWidget(card)
            if n == 0 and signs:  # right after the first part: what to tell the doctor
                listed = "".join(f"<li>{escape(sign)}</li>" for sign in signs)
                layout.addWidget(_label("The warning signs you told us about", bold=True,
                                        scale=1.35))
                layout.addWidget(_label(f"<ul style='margin-left:-20px'>{listed}</ul>", rich=True))
        if plan.next_checkin is not None:
            layout.addWidget(_label("Check in again", bold=True, scale=1.35))
            layout.addWidget(_label(f"{when(plan.next_checkin, plan.now)}: open Back Spasm Wizard "
                                    "again to update this plan."))
        layout.addWidget(_label(DISCLAIMER))
        layout.addStretch(1)
        self.setWidget(body)

    def text(self) -> str:
        return plan_text(self.plan, self.ruleset) if self.plan else ""

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text())
        self.say("Copied. You can paste it into an email or a note.")

    def say(self, text: str) -> None:
        self.copied.setText(text)
        self.copied.setVisible(True)

    def save_pdf(self) -> None:
        """Ask where, write it (whole or not at all), then offer to open it. A path that
        cannot be written: a message, and the plan stays on screen."""
        from pathlib import Path

        from PySide6.QtWidgets import QMessageBox

        from ..report.pdf import ExportError, suggested_name, write_pdf
        from .files import save_file_name
        chosen = save_file_name(self, "Save your plan as a PDF", suggested_name(self.plan),
                                "PDF files (*.pdf)")
        if not chosen:
            return
        path = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
        try:
            series = charted_checkins(self.result.series) if self.result is not None else ()
            changes = self.result.changes if self.result is not None else ()
            self.saved = write_pdf(self.plan, self.ruleset, path, series=series, changes=changes,
                                   adherence=self.done_days())
        except ExportError as exc:
            QMessageBox.warning(self, "The PDF was not saved",
                                f"The PDF was not saved: {exc}.\n\nYour plan is still here. "
                                "Try another folder.")
            return
        self.say(f"Saved to {self.saved}.")
        self.open_button.setVisible(True)

    def done_days(self) -> tuple[tuple, ...]:
        """The sessions and exercises done each day of the episode, for the PDF's chart and
        doctor's page."""
        from ..words import adherence
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
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices
        from PySide6.QtWidgets import QMessageBox
        if QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved))):
            return
        shown = QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved.parent)))
        QMessageBox.information(
            self, "No PDF viewer",
            "No program to open PDF files was found on this computer. Your plan is saved in "
            f"{self.saved}." + (" Its folder is now open." if shown else
                                " You can open it from that folder, or print it from another computer."))
