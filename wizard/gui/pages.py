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
    WELCOME_BACK = 8
    CLOSED = 9


class Mode(IntEnum):
    FIRST = 0       # no episode yet: every question
    CHECKIN = 1     # on the open episode: warning signs again, then how it feels now
    NEW = 2         # a new episode while one is open: every question


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
    def nextId(self) -> int:  # noqa: N802
        return PageId.SIGNS

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
        from .mnemonics import Mnemonics
        from .widgets import make_question
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

    def nextId(self) -> int:  # noqa: N802
        return self.wiz.route_after(self.page_id)

    def build_and_fill(self, values: dict[str, Any]) -> None:
        self.build()
        for qid, value in values.items():
            if qid in self.widgets:
                self.widgets[qid].set_value(value)

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
        if self.widgets and self.wiz.emergency_now(self.part()):
            return PageId.PLAN
        return self.wiz.route_after(PageId.SIGNS)


class ReviewPage(QWizardPage):
    """Every answer, each with a way back to change it."""

    def nextId(self) -> int:  # noqa: N802
        return PageId.PLAN

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
        from .mnemonics import Mnemonics
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
        rows = answer_rows(self.wiz.collected(), self.wiz.ruleset, now)
        for row, (qid, label, words) in enumerate(rows):
            name = QLabel(f"<b>{label}</b>")
            value = QLabel(words)
            value.setWordWrap(True)
            change = QPushButton(f"Change \u201c{mnemonic(label)}\u201d")
            change.setAccessibleName(f"Change \u201c{label}\u201d")
            change.setAutoDefault(False)
            change.clicked.connect(lambda _=False, q=qid: self.wiz.go_to_question(q))
            self.grid.addWidget(name, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(change, row, 2, Qt.AlignmentFlag.AlignTop)


class PlanPage(QWizardPage):
    def nextId(self) -> int:  # noqa: N802
        return -1

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
        self.view.show_plan(self.plan, self.wiz.last_result, self.wiz.history_problem)
        self.setSubTitle(DISCLAIMER)


class WelcomeBackPage(QWizardPage):
    """When an episode is open: when it started, the last check-in, and three choices."""

    CHOICES = ("Check in on this episode", "My back is better: close this episode",
               "Start a new episode: this is a new back pain")

    def __init__(self, wizard: SpasmWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Welcome back")
        self.setSubTitle("How is your back today?")
        self.built = False

    def initializePage(self) -> None:  # noqa: N802
        from PySide6.QtWidgets import QButtonGroup, QPushButton

        from .enter import RadioButton

        from ..words import duration, when
        from .mnemonics import Mnemonics
        if not self.built:
            self.built = True
            layout = QVBoxLayout(self)  # short: no scroll area, so it shows without Qt's enums
            self.summary = QLabel()
            self.summary.setWordWrap(True)
            layout.addWidget(self.summary)
            layout.addSpacing(8)
            mnemonic = Mnemonics()
            self.group = QButtonGroup(self)
            for n, text in enumerate(self.CHOICES):
                button = RadioButton(mnemonic(text))
                button.setAccessibleName(text)
                self.group.addButton(button, n)
                layout.addWidget(button)
            self.group.button(0).setChecked(True)
            layout.addSpacing(8)
            history = QPushButton(mnemonic("Your history and data"))
            history.setAccessibleName("Your history and data")
            history.setAutoDefault(False)
            history.clicked.connect(self.wiz.show_history)
            from PySide6.QtWidgets import QHBoxLayout
            row = QHBoxLayout()
            row.addWidget(history)
            row.addStretch(1)
            layout.addLayout(row)
            layout.addStretch(1)
        episode, last = self.wiz.episode, self.wiz.last_checkin
        now = self.wiz.clock()
        lines = [f"Your back pain started {when(episode.onset, now)}, "
                 f"{duration(now - episode.onset)} ago."]
        if last is not None:
            lines.append(f"Your last check-in was {when(last.at, now)}: pain {last.pain} out of 10.")
        self.summary.setText(" ".join(lines))

    def choice(self) -> int:
        return self.group.checkedId() if self.built else 0

    def validatePage(self) -> bool:  # noqa: N802
        # Check in on this episode; close it (nothing more is asked); a new episode.
        self.wiz.set_mode((Mode.CHECKIN, Mode.FIRST, Mode.NEW)[self.choice()])
        return True

    def nextId(self) -> int:  # noqa: N802
        return PageId.CLOSED if self.choice() == 1 else PageId.SIGNS


class ClosedPage(QWizardPage):
    def __init__(self, wizard: SpasmWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle("Glad your back is better")
        self.setSubTitle("This episode is closed.")  # a title and a subtitle, as on every page
        self.setFinalPage(True)
        layout = QVBoxLayout(self)
        for words in ("Your check-ins stay in your history, on this computer.",
                      "If the pain comes back, open Back Spasm Wizard again."):
            text = QLabel(words)
            text.setWordWrap(True)
            layout.addWidget(text)
            layout.addSpacing(8)
        layout.addStretch(1)

    def nextId(self) -> int:  # noqa: N802
        return -1

    def initializePage(self) -> None:  # noqa: N802
        self.wiz.close_episode()
