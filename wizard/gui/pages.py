"""The pages of the wizard: one class each. Question pages build themselves from the rule set."""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget, QWizardPage

from ..i18n import tr, trp

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
    DOCTOR = 10
    # A question page of questions.yaml takes the id named like it; a page added there
    # later takes 100 + its place (see SpasmWizard.add_question_pages).


class Mode(IntEnum):
    FIRST = 0       # no episode yet: every question
    CHECKIN = 1     # on the open episode: warning signs again, then how it feels now
    NEW = 2         # a new episode while one is open: every question


def language_row(wizard: SpasmWizard) -> QHBoxLayout:
    """'Language: [Deutsch ▾]': the languages the app speaks, each in its own words, in a
    menu. A choice is remembered and applies at once (the wizard's pages are built again in
    it). A button and a menu made when it opens: a combo box would cost the first page 2 ms."""
    from PySide6.QtCore import QTimer

    from ..i18n import LANGUAGES, language
    from .enter import PushButton
    row = QHBoxLayout()
    # translators: the label of the choice of language on the first page (ends in a colon)
    label = QLabel(tr("&Language:"))
    button = PushButton(LANGUAGES.get(language(), LANGUAGES["en"]) + " \u25be")  # a menu opens
    button.setObjectName("language")
    button.setAutoDefault(False)
    # translators: the screen reader's name of the choice of language, with the one in use
    button.setAccessibleName(tr("Language: {name}", name=LANGUAGES.get(language(), "English")))
    label.setBuddy(button)

    def choose() -> None:
        from PySide6.QtWidgets import QMenu
        menu = QMenu(button)
        for code, name in LANGUAGES.items():
            action = menu.addAction(name)
            action.setCheckable(True)
            action.setChecked(code == language())
            action.setData(code)
        picked: list[str] = []
        menu.triggered.connect(lambda action: picked.append(action.data()))
        menu.exec(button.mapToGlobal(button.rect().bottomLeft()))
        if picked and picked[-1] != language() and wizard.language_chosen:
            # Once this click is over: the page that holds the button is built anew.
            QTimer.singleShot(0, lambda: wizard.language_chosen(picked[-1]))
    button.clicked.connect(choose)
    row.addWidget(label)
    row.addWidget(button)
    row.addStretch(1)
    return row


class WelcomePage(QWizardPage):
    def nextId(self) -> int:  # noqa: N802
        return self.wiz.first_page()

    def validatePage(self) -> bool:  # noqa: N802
        self.wiz.ensure_ready()  # the question pages come from the rule set
        return True

    def __init__(self, wizard: SpasmWizard) -> None:
        super().__init__()
        self.wiz = wizard
        # translators: the title of the first page
        self.setTitle(tr("Welcome"))
        self.setSubTitle(tr("A plan for a sudden back spasm, in about two minutes."))
        layout = QVBoxLayout(self)
        for text in (
            tr("Answer a few questions about your back. You get a plan for the next few days: "
               "whether to see a doctor, cold or heat and until when, how long to take it easy, "
               "and gentle exercises."),
            tr("This is not a diagnosis. It does not replace a doctor."),
            # translators: rich text: keep the <b> and </b> around the first sentence
            tr("<b>If something feels seriously wrong, get help now.</b> "
               "Call your emergency number, or go to hospital."),
            tr("Your answers stay on this computer."),
        ):
            label = QLabel(text)  # rich text is detected from the tags
            label.setWordWrap(True)
            layout.addWidget(label)
            layout.addSpacing(8)
        layout.addStretch(1)
        layout.addLayout(language_row(wizard))


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
        from .scrolling import scrolling
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
        # Answers that make the plan "get help now" (with what the history remembers) skip
        # every other question.
        if self.widgets and self.wiz.emergency_now(self):
            return PageId.PLAN
        return self.wiz.route_after(self.page_id)

    def build_and_fill(self, values: dict[str, Any]) -> None:
        self.build()
        for qid, value in values.items():
            if qid in self.widgets:
                self.widgets[qid].set_value(value)

    def initializePage(self) -> None:  # noqa: N802
        self.build()
        for qid, widget in self.widgets.items():
            text = self.wiz.question_text(qid)
            label = widget.title.findChild(QLabel, "question")
            if text != widget.question.text and label is not None:
                label.setText(text)
            if hasattr(widget, "hide_options"):
                widget.hide_options(self.wiz.hidden_options(qid))
        self._update_shown()
        # Keyboard users start on the page's first control, not on the previous page's.
        from PySide6.QtCore import QTimer
        QTimer.singleShot(0, self.focus_first)

    def focus_first(self) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QScrollArea
        for widget in self.findChildren(QWidget):
            if (widget.isVisible() and widget.isEnabled()
                    and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
                    and not isinstance(widget, QScrollArea)):
                widget.setFocus(Qt.FocusReason.TabFocusReason)
                return


class ReviewPage(QWizardPage):
    """Every answer, each with a way back to change it."""

    def nextId(self) -> int:  # noqa: N802
        return PageId.PLAN

    def __init__(self, wizard: SpasmWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("Check your answers"))
        # translators: "Change" and "Next" are the buttons' words: say them as those are translated
        self.setSubTitle(tr("Is this right? Choose Change to fix an answer, or Next to see your plan."))
        self.grid = None
        self.rows: list[tuple[QLabel, QLabel, QWidget]] = []  # name, answer, Change
        self.stacked: bool | None = None

    def initializePage(self) -> None:  # noqa: N802
        from PySide6.QtWidgets import QGridLayout, QPushButton

        from ..words import answer_rows
        from .mnemonics import Mnemonics
        from .scrolling import scrolling
        if self.grid is None:
            layout = scrolling(self)
            self.grid = QGridLayout()
            self.grid.setColumnStretch(1, 1)
            self.grid.setVerticalSpacing(10)
            layout.addLayout(self.grid)
            self.told_box = QVBoxLayout()
            layout.addLayout(self.told_box)
            layout.addStretch(1)
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        now = self.wiz.clock()
        mnemonic = Mnemonics()
        rows = answer_rows(self.wiz.review_answers(), self.wiz.ruleset, now)
        self.rows, self.stacked = [], None
        for qid, label, words in rows:
            name = QLabel(f"<b>{label}</b>")
            value = QLabel(words)
            value.setWordWrap(True)
            # translators: a button on the Check your answers page: "Change “Pain now”"
            change = QPushButton(tr("Change \u201c{answer}\u201d", answer=mnemonic(label)))
            change.setAccessibleName(tr("Change \u201c{answer}\u201d", answer=label))
            change.setAutoDefault(False)
            change.clicked.connect(lambda _=False, q=qid: self.wiz.go_to_question(q))
            self.rows.append((name, value, change))
        self.arrange()
        self.show_told(mnemonic)

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        self.arrange()

    def arrange(self) -> None:
        """Name, answer and Change side by side where they fit; in a narrow window or a
        longer language, each Change under its answer and the names wrapping: the page never
        scrolls sideways. Chosen from the page's width alone, so it never flips back and forth."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QStyle
        if not self.rows:
            return
        for name, _, _ in self.rows:  # the names' widths on one line
            name.setWordWrap(False)
        spacing = max(self.grid.horizontalSpacing(), 6)
        answer = 14 * self.fontMetrics().averageCharWidth()  # room to read an answer
        need = (max(name.sizeHint().width() for name, _, _ in self.rows) + answer
                + max(change.sizeHint().width() for _, _, change in self.rows) + 2 * spacing)
        room = self.width() - 16 - self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        stacked = need > room
        for name, _, _ in self.rows:
            name.setWordWrap(stacked)
        if stacked == self.stacked:
            return
        self.stacked = stacked
        top = Qt.AlignmentFlag.AlignTop
        for n, (name, value, change) in enumerate(self.rows):
            for widget in (name, value, change):
                self.grid.removeWidget(widget)
            if stacked:
                self.grid.addWidget(name, 2 * n, 0, top)
                self.grid.addWidget(value, 2 * n, 1, top)
                self.grid.addWidget(change, 2 * n + 1, 1, top | Qt.AlignmentFlag.AlignLeft)
            else:
                self.grid.addWidget(name, n, 0, top)
                self.grid.addWidget(value, n, 1, top)
                self.grid.addWidget(change, n, 2, top)

    def show_told(self, mnemonic) -> None:  # noqa: ANN001
        """The warning signs told at earlier check-ins of the episode: each can be taken
        back when it was told by mistake."""
        from PySide6.QtWidgets import QCheckBox

        from ..core.contract import RED_FLAGS
        while self.told_box.count():
            item = self.told_box.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        told = self.wiz.remembered_signs()
        self.take_back_boxes = {}
        if not told:
            return
        heading = QLabel(f"<b>{tr('Warning signs you told us before')}</b>")
        heading.setContentsMargins(0, 12, 0, 0)
        self.told_box.addWidget(heading)
        help_text = QLabel(tr("We remember these for this bout of back pain. "
                              "If you told us one by mistake, tick it to take it back."))
        help_text.setWordWrap(True)
        self.told_box.addWidget(help_text)
        for sign, taken in told:
            text = self.wiz.ruleset.option_text(RED_FLAGS, sign)
            words = QLabel(f"• {text}")
            words.setWordWrap(True)
            words.setContentsMargins(0, 6, 0, 0)
            self.told_box.addWidget(words)
            box = QCheckBox(mnemonic(tr("I told you this by mistake")))
            # translators: the screen reader's name of the tick box under a warning sign
            box.setAccessibleName(tr("Told by mistake: {sign}", sign=text))
            box.setChecked(sign in self.wiz.take_back)
            box.setEnabled(not taken)  # already taken back at this check-in
            box.toggled.connect(lambda on, s=sign: self.wiz.set_take_back(s, on))
            self.take_back_boxes[sign] = box
            self.told_box.addWidget(box)


class PlanPage(QWizardPage):
    def nextId(self) -> int:  # noqa: N802
        return -1

    def __init__(self, wizard: SpasmWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("Your plan"))
        self.setFinalPage(True)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.view = None
        self.plan = None
        self.waking = None

    def build(self) -> None:
        """The plan's view, empty: built while the person reads Review (build_ahead), or on
        first use; never at start-up."""
        if self.view is None:
            from .plan_view import PlanView
            self.view = PlanView(self.wiz.ruleset)
            self.box.addWidget(self.view)
            self.waking = WakingHours(self.wiz, self.remake)
            self.box.addWidget(self.waking)
            self.view.after = [self.waking.start, self.waking.end]

    def initializePage(self) -> None:  # noqa: N802
        self.build()
        self.waking.show_hours(self.wiz.waking_hours())
        self.remake()

    def remake(self) -> None:
        """The plan for the answers and the waking hours (a change of them makes it again)."""
        from ..words import disclaimer
        self.plan = self.wiz.make_plan()
        self.view.show_plan(self.plan, self.wiz.last_result, self.wiz.history_problem)
        self.waking.setVisible(self.plan.next_checkin is not None)  # an emergency: no check-in
        self.setSubTitle(disclaimer())
        if self.wiz.currentPage() is self:
            self.wiz.show_subtitle()


class WakingHours(QWidget):
    """The person's waking hours: check-ins and the schedule fall inside them. Kept in the
    settings; a change makes the plan again."""

    def __init__(self, wizard: SpasmWizard, remake) -> None:  # noqa: ANN001
        from PySide6.QtCore import QTimer
        from PySide6.QtGui import QFont
        from PySide6.QtWidgets import QHBoxLayout, QTimeEdit

        from .flow import FlowLayout
        super().__init__()
        self.wiz, self.remake = wizard, remake
        self.setObjectName("waking")
        column = QVBoxLayout(self)
        column.setContentsMargins(4, 8, 12, 4)
        # The title, "from [07:00]" and "to [22:00]" in a row that goes on below when the
        # window is narrow or the words are long: no sideways scroll, nothing cut off.
        row = FlowLayout(spacing=6)
        title = QLabel(f"<b>{tr('Your waking hours:')}</b>")
        pairs = []
        self.start, self.end = QTimeEdit(), QTimeEdit()
        # translators: "Your waking hours: from [07:00] to [22:00]"
        starts, ends = trp("waking hours", "from"), trp("waking hours", "to")
        for edit, words, name in ((self.start, starts, tr("Your day starts at")),
                                  (self.end, ends, tr("Your day ends at"))):
            edit.setDisplayFormat("HH:mm")
            edit.setAccessibleName(name)
            edit.setAccessibleDescription(tr("Use the arrow keys to change the hour or the minutes"))
            font = QFont(edit.font())
            font.setPointSizeF(font.pointSizeF() * 1.25)
            edit.setFont(font)
            edit.setMinimumWidth(edit.fontMetrics().horizontalAdvance("00:00") + 60)
            label = QLabel(words)
            label.setBuddy(edit)
            pair = QWidget()
            pair_row = QHBoxLayout(pair)
            pair_row.setContentsMargins(0, 0, 0, 0)
            pair_row.addWidget(label)
            pair_row.addWidget(edit)
            pairs.append(pair)
            edit.timeChanged.connect(self._changed)
        # The title as high as the time boxes, its words in the middle, as in a row.
        title.setMinimumHeight(self.start.sizeHint().height())
        for widget in (title, *pairs):
            row.addWidget(widget)
        column.addLayout(row)
        self.note = QLabel(inside_hours())
        self.note.setWordWrap(True)
        column.addWidget(self.note)
        self.timer = QTimer(self)  # typing 0-7-3-0 makes one new plan, not four
        self.timer.setSingleShot(True)
        self.timer.setInterval(600)
        self.timer.timeout.connect(self.apply)
        self._showing = False

    def show_hours(self, hours) -> None:  # noqa: ANN001
        from PySide6.QtCore import QTime
        self._showing = True
        self.start.setTime(QTime(hours[0].hour, hours[0].minute))
        self.end.setTime(QTime(hours[1].hour, hours[1].minute))
        self._showing = False

    def hours(self):  # noqa: ANN201
        return self.start.time().toPython(), self.end.time().toPython()

    def _changed(self, *_) -> None:  # noqa: ANN002
        if not self._showing:
            self.timer.start()

    def apply(self) -> None:
        self.timer.stop()
        start, end = self.hours()
        if start == end:
            self.note.setText(tr("Your day cannot start and end at the same time."))
            return
        self.note.setText(inside_hours())
        if self.wiz.set_waking_hours((start, end)):
            self.remake()


def inside_hours() -> str:
    return tr("We set your next check-in inside these hours, not in the night.")


class WelcomeBackPage(QWizardPage):
    """When an episode is open: when it started, the last check-in, and three choices."""

    @staticmethod
    def choices() -> tuple[str, str, str]:
        return (tr("Check in on this episode"), tr("My back is better: close this episode"),
                tr("Start a new episode: this is a new back pain"))

    def __init__(self, wizard: SpasmWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("Welcome back"))
        self.setSubTitle(tr("How is your back today?"))
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
            for n, text in enumerate(self.choices()):
                button = RadioButton(mnemonic(text))
                button.setAccessibleName(text)
                self.group.addButton(button, n)
                layout.addWidget(button)
            self.group.button(0).setChecked(True)
            layout.addSpacing(8)
            history_words = tr("Your history and data")
            history = QPushButton(mnemonic(history_words))
            history.setAccessibleName(history_words)
            history.setAutoDefault(False)
            history.clicked.connect(self.wiz.show_history)
            from PySide6.QtWidgets import QHBoxLayout
            row = QHBoxLayout()
            row.addWidget(history)
            row.addStretch(1)
            layout.addLayout(row)
            layout.addStretch(1)
            layout.addLayout(language_row(self.wiz))
        episode, last = self.wiz.episode, self.wiz.last_checkin
        now = self.wiz.clock()
        lines = [tr("Your back pain started {when}, {how_long} ago.", when=when(episode.onset, now),
                    how_long=duration(now - episode.onset))] if episode.onset is not None else []
        if last is not None and last.pain is not None:
            lines.append(tr("Your last check-in was {when}: pain {pain} out of 10.",
                            when=when(last.at, now), pain=last.pain))
        elif last is not None:
            lines.append(tr("Your last check-in was {when}.", when=when(last.at, now)))
        self.summary.setText(" ".join(lines))

    def choice(self) -> int:
        return self.group.checkedId() if self.built else 0

    def validatePage(self) -> bool:  # noqa: N802
        # Check in on this episode; close it (nothing more is asked); a new episode.
        self.wiz.set_mode((Mode.CHECKIN, Mode.FIRST, Mode.NEW)[self.choice()])
        return True

    def nextId(self) -> int:  # noqa: N802
        return PageId.CLOSED if self.choice() == 1 else self.wiz.first_page()


class ClosedPage(QWizardPage):
    def __init__(self, wizard: SpasmWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(tr("Glad your back is better"))
        self.setSubTitle(tr("This episode is closed."))  # a title and a subtitle, as on every page
        self.setFinalPage(True)
        layout = QVBoxLayout(self)
        for words in (tr("Your check-ins stay in your history, on this computer."),
                      tr("If the pain comes back, open Back Spasm Wizard again.")):
            text = QLabel(words)
            text.setWordWrap(True)
            layout.addWidget(text)
            layout.addSpacing(8)
        # Reminders of the episode in the person's calendar: a file that removes them.
        # (No Qt.AlignmentFlag here: touching Qt's enums at start-up costs about 20 ms.)
        from PySide6.QtWidgets import QHBoxLayout, QPushButton
        # translators: a button; the letter after & is its Alt + letter
        self.remove_button = QPushButton(tr("&Remove your reminders…"))
        self.remove_button.setAccessibleName(tr("Remove your reminders"))
        self.remove_button.setAccessibleDescription(
            tr("Save a calendar file that removes the reminders of this episode"))
        self.remove_button.setVisible(False)
        self.remove_button.clicked.connect(self.remove_reminders)
        self.removed = QLabel("")
        self.removed.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.remove_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.removed)
        layout.addStretch(1)

    def nextId(self) -> int:  # noqa: N802
        return -1

    def remove_reminders(self) -> None:
        from .reminders import offer_removal
        said = offer_removal(self, self.wiz.store, self.closed, self.wiz.ruleset,
                             self.wiz.clock(), self.wiz.person_zone())
        if said:
            self.removed.setText(said)
            self.remove_button.setEnabled(False)

    def initializePage(self) -> None:  # noqa: N802
        from ..calendar import has_reminders
        self.closed = self.wiz.episode
        self.remove_button.setVisible(
            self.wiz.store is not None and self.closed is not None
            and has_reminders(self.wiz.store, self.closed, self.wiz.clock()))
        self.wiz.close_episode()
