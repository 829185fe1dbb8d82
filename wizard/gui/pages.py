"""The pages of the wizard: one class each. Question pages build themselves from the rule set."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWizardPage

# Qt's enum namespace (PySide6.QtCore.Qt) costs about 10 ms on first use, so the first page
# does without it and the other pages import it when they are built.

if TYPE_CHECKING:
    from .widgets import QuestionWidget
    from .wizard import SpasmWizard


class PageId(IntEnum):
    WELCOME = 0
    SIGNS = 1
    ABOUT = 2
    WHAT = 3
    WHEN = 4
    FEEL = 5
    REVIEW = 6
    PLAN = 7


def scrolling(page: QWizardPage) -> QVBoxLayout:
    """A page body that scrolls when the window is small or the text is large."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFrame, QScrollArea, QWidget
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    body = QWidget()
    area.setWidget(body)
    outer.addWidget(area)
    layout = QVBoxLayout(body)
    layout.setContentsMargins(4, 4, 12, 4)
    return layout


class WelcomePage(QWizardPage):
    def __init__(self, wizard: SpasmWizard) -> None:
        super().__init__()
        self.setTitle("Welcome")
        self.setSubTitle("A plan for a sudden back spasm, in about two minutes.")
        layout = QVBoxLayout(self)
        for text in (
            "Answer a few questions about your back. You get a plan for the next few days: "
            "whether to see a doctor, cold or heat and until when, how long to take it easy, "
            "and gentle exercises.",
            "This is not a diagnosis. It does not replace a doctor.",
            "<b>If something feels seriously wrong, get help now.</b> "
            "Call your emergency number, or go to hospital.",
            "Your answers stay on this computer.",
        ):
            label = QLabel(text)  # rich text is detected from the tags
            label.setWordWrap(True)
            layout.addWidget(label)
            layout.addSpacing(8)
        layout.addStretch(1)


class QuestionPage(QWizardPage):
    """A page of questions from questions.yaml, built on its first visit (start-up stays
    quick). A question with `only_when` shows itself when the answers so far call for it."""

    def __init__(self, wizard: SpasmWizard, title: str, subtitle: str, question_ids: tuple[str, ...]):
        super().__init__()
        self.wiz = wizard
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.question_ids = question_ids
        self.widgets: dict[str, QuestionWidget] = {}

    def build(self) -> None:
        if self.widgets:
            return
        from .widgets import Mnemonics, make_question
        self.wiz.ensure_ready()
        layout = scrolling(self)
        mnemonic = Mnemonics()
        for qid in self.question_ids:
            widget = make_question(self.wiz.ruleset.question(qid), mnemonic, self.wiz.clock,
                                   self.wiz.zone)
            widget.changed.connect(self._changed)
            self.widgets[qid] = widget
            layout.addWidget(widget)
        layout.addStretch(1)
        self._update_shown()

    def _changed(self) -> None:
        self._update_shown()
        self.completeChanged.emit()

    def _needed(self, qid: str, known: dict[str, Any]) -> bool:
        condition = self.wiz.ruleset.only_when.get(qid)
        return condition is None or condition.test(known)

    def _update_shown(self) -> None:
        known = {**self.wiz.answers_before(self), **self._given()}
        for qid, widget in self.widgets.items():
            widget.setVisible(self._needed(qid, known))

    def _given(self) -> dict[str, Any]:
        return {qid: v for qid, w in self.widgets.items() if (v := w.value()) is not None}

    def part(self) -> dict[str, Any]:
        """This page's answers, only those the other answers call for."""
        given = self._given()
        known = {**self.wiz.answers_before(self), **given}
        return {qid: v for qid, v in given.items() if self._needed(qid, known)}

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        known = {**self.wiz.answers_before(self), **self._given()}
        for qid, widget in self.widgets.items():
            question = self.wiz.ruleset.question(qid)
            if self._needed(qid, known) and question.required and widget.value() is None:
                return False
        return True

    def initializePage(self) -> None:  # noqa: N802
        self.build()
        self._update_shown()
        # Keyboard users start on the page's first control, not on the previous page's.
        from PySide6.QtCore import QTimer
        QTimer.singleShot(0, self.focus_first)

    def focus_first(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QScrollArea, QWidget
        for widget in self.findChildren(QWidget):
            if (widget.isVisible() and widget.isEnabled()
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                    and not isinstance(widget, QScrollArea)):
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                return


class WarningSignsPage(QuestionPage):
    def __init__(self, wizard: SpasmWizard) -> None:
        super().__init__(wizard, "Warning signs", "First, let us check for anything serious.",
                         ("red_flags",))

    def nextId(self) -> int:  # noqa: N802
        # A sign that makes the plan "get help now" skips every other question.
        if self.wiz.emergency_now(self.part()):
            return PageId.PLAN
        return PageId.ABOUT


class ReviewPage(QWizardPage):
    """Every answer, each with a way back to change it."""

    def __init__(self, wizard: SpasmWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Check your answers")
        self.setSubTitle("Is this right? Choose Change to fix an answer, or Next to see your plan.")
        self.grid = None

    def initializePage(self) -> None:  # noqa: N802
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QGridLayout, QPushButton

        from ..words import answer_rows
        from .widgets import Mnemonics
        if self.grid is None:
            layout = scrolling(self)
            self.grid = QGridLayout()
            self.grid.setColumnStretch(1, 1)
            self.grid.setVerticalSpacing(10)
            layout.addLayout(self.grid)
            layout.addStretch(1)
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        now = self.wiz.clock()
        mnemonic = Mnemonics()
        for row, (qid, label, words) in enumerate(answer_rows(self.wiz.collected(), self.wiz.ruleset, now)):
            name = QLabel(f"<b>{label}</b>")
            value = QLabel(words)
            value.setWordWrap(True)
            change = QPushButton("Change " + mnemonic(label.lower()))
            change.setAccessibleName(f"Change {label.lower()}")
            change.setAutoDefault(False)
            change.clicked.connect(lambda _=False, q=qid: self.wiz.go_to_question(q))
            self.grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(change, row, 2, Qt.AlignmentFlag.AlignTop)


class PlanPage(QWizardPage):
    def __init__(self, wizard: SpasmWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Your plan")
        self.setFinalPage(True)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.view = None
        self.plan = None

    def initializePage(self) -> None:  # noqa: N802
        if self.view is None:  # built on first use: keeps start-up quick
            from .plan_view import PlanView
            self.view = PlanView(self.wiz.ruleset)
            self.box.addWidget(self.view)
        from ..words import DISCLAIMER
        self.plan = self.wiz.make_plan()
        self.view.show_plan(self.plan)
        self.setSubTitle(DISCLAIMER)
