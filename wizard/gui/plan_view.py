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

    def __init__(self, plan: Plan, item: Item) -> None:
        super().__init__()
        self.setObjectName("card")
        advice = item.advice
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 10, 12, 10)
        if advice.illustration:
            picture = svg(advice.illustration, 156, 130)
            picture.setAccessibleName(f"Picture: {advice.title}")
            row.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        row.addLayout(column, 1)
        column.addWidget(_label(advice.title, bold=True, scale=1.2))
        until = item_until(plan, item)
        if until is not None:
            left = until - plan.now
            column.addWidget(_label(f"<b>Until {escape(short_when(until, plan.local(plan.now)))}</b>"
                                    + (f" (in {escape(duration(left))})" if left.total_seconds() > 0
                                       else ""), rich=True))
        column.addWidget(_label(advice.text))
        if advice.steps:
            steps = "".join(f"<li>{escape(step)}</li>" for step in advice.steps)
            column.addWidget(_label(f"<ul style='margin-left:-20px'>{steps}</ul>", rich=True))
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
    text = _label("<br>".join(
        f"{escape(r.because)}<br><small>Rule {escape(r.rule_id)}. Source: "
        f"{escape(r.source.title)}.</small>" for r in reasons), rich=True)
    text.setVisible(False)
    button.toggled.connect(text.setVisible)
    return button, text


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
        painter.fillRect(self.rect(), QColor("#ffffff"))
        draw(painter, QRectF(self.rect()).adjusted(4, 4, -4, -4), self.data,
             font_px=self.fontInfo().pixelSize() * 0.9)
        painter.end()


class PlanView(QScrollArea):
    def __init__(self, ruleset: RuleSet) -> None:
        super().__init__()
        self.ruleset = ruleset
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.plan: Plan | None = None
        self.cards: list[ItemCard] = []

    def show_plan(self, plan: Plan, result=None, problem: str | None = None) -> None:  # noqa: ANN001
        self.plan = plan
        self.result = result
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 12, 12)
        layout.setSpacing(10)
        label = self.ruleset.label("triage", plan.triage)
        tone = label.tone if label else "neutral"
        self.banner = Banner(tone, label.title if label else plan.triage, label.text if label else "")
        layout.addWidget(self.banner)
        self.banner_why, reasons = why(self.banner.title.text(), plan.reasons.get("triage", ()))

        actions = QHBoxLayout()
        self.copy_button = QPushButton("&Copy the plan as text")
        self.copy_button.setAccessibleName("Copy the plan as text")
        self.copy_button.setAutoDefault(False)
        self.copy_button.clicked.connect(self.copy)
        self.copied = QLabel()
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
        actions.addWidget(self.copied)
        actions.addStretch(1)
        layout.addLayout(actions)
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
            data = chart_data(charted, self.ruleset)
            layout.addWidget(_label("Your pain over the days", bold=True, scale=1.35))
            self.chart = ChartWidget(data)
            layout.addWidget(self.chart)
            layout.addWidget(_label(trend(data.points)))

        self.cards = []
        phase = self.ruleset.label("phase", plan.phase)
        signs = warning_signs(plan, self.ruleset)
        for n, section in enumerate(sections(plan, self.ruleset)):
            layout.addWidget(_label(section.title, bold=True, scale=1.35))
            for item in section.items:
                card = ItemCard(plan, item)
                self.cards.append(card)
                layout.addWidget(card)
            if n == 0 and signs:  # right after "get help": what to tell the doctor or ambulance
                listed = "".join(f"<li>{escape(sign)}</li>" for sign in signs)
                layout.addWidget(_label("The warning signs you told us about", bold=True,
                                        scale=1.35))
                layout.addWidget(_label(f"<ul style='margin-left:-20px'>{listed}</ul>", rich=True))
        if phase and not any(i.advice.kind == "therapy" for i in plan.items):
            layout.insertWidget(3, _label(f"<b>Right now: {escape(phase.title)}.</b> "
                                          f"{escape(phase.text)}", rich=True))
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
        self.copied.setText("Copied. You can paste it into an email or a note.")

    def save_pdf(self) -> None:
        """Ask where, write it (whole or not at all), then offer to open it. A path that
        cannot be written: a message, and the plan stays on screen."""
        from pathlib import Path

        from PySide6.QtCore import QStandardPaths
        from PySide6.QtWidgets import QFileDialog, QMessageBox

        from ..report.pdf import ExportError, suggested_name, write_pdf
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        start = str(Path(folder) / suggested_name(self.plan))
        chosen, _ = QFileDialog.getSaveFileName(self, "Save your plan as a PDF", start,
                                                "PDF files (*.pdf)")
        if not chosen:
            return
        path = Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf")
        try:
            series = charted_checkins(self.result.series) if self.result is not None else ()
            self.saved = write_pdf(self.plan, self.ruleset, path, series=series)
        except ExportError as exc:
            QMessageBox.warning(self, "The PDF was not saved",
                                f"The PDF was not saved: {exc}.\n\nYour plan is still here. "
                                "Try another folder.")
            return
        self.copied.setText(f"Saved to {self.saved}.")
        self.open_button.setVisible(True)

    def open_pdf(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.saved)))
