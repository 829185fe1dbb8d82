"""The QWizard: page order, the answers gathered from the pages, and the plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QSettings, QSize, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QWidget, QWizard, QWizardPage

from typing import TYPE_CHECKING

from ..core.clock import Clock, system_clock
from ..core.contract import (CHECKED_RED_FLAGS, DOCTOR_SEEN, EARLIER_RED_FLAGS, RED_FLAGS,
                             TRIAGE)  # TRIAGE: its most severe outcome skips the rest
from ..i18n import tr
from .mnemonics import wizard_buttons
from .pages import (ClosedPage, Mode, PageId, PlanPage, QuestionPage, ReviewPage,
                    WelcomeBackPage, WelcomePage)

if TYPE_CHECKING:
    from ..core.plan import Plan
    from ..core.ruleset import RuleSet
    from ..history.store import Store

AHEAD_MS = 40  # after a page change, when the next page is built (it is painted by then)
FRAME_MS = 150  # the window manager's frame is known this long after the window shows
WAKING_KEY = "plan/waking"  # the person's waking hours in the settings: "HH:MM-HH:MM"


def open_store(on_wait: Callable[[], object] | None = None) -> Store:
    """The history in the data folder. Its module (SQLite, JSON) loads here, when the
    history is first needed: a new person's start does without it."""
    from ..history.store import Store
    from ..paths import data_dir
    return Store(data_dir(), on_wait=on_wait)


def fit(window: QWidget, area) -> None:  # noqa: ANN001 - a QRect
    """`window`, frame and all, made no larger than `area` (a screen's free area) and moved
    into it: its buttons always on the screen."""
    frame = window.frameGeometry()
    extra_w, extra_h = frame.width() - window.width(), frame.height() - window.height()
    width = max(1, min(window.width(), area.width() - extra_w))
    height = max(1, min(window.height(), area.height() - extra_h))
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
    frame = window.frameGeometry()
    x = min(max(frame.x(), area.left()), area.right() + 1 - frame.width())
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, area.left()), max(y, area.top()))


class Subtitle(QLabel):
    """A page's subtitle in the wizard's header, in place of Qt's own label. Qt gives a
    subtitle two lines at up to 512 px (QWizardHeader::setup): a longer one (the plan's
    disclaimer in German) was cut off, and it held the window at least 580 px wide. This one
    wraps at the width it has, in as many lines as it needs, and the header is that high."""

    def __init__(self, qt_label: QLabel, header: QWidget) -> None:
        super().__init__(header)
        self.setWordWrap(True)  # as high as its lines: its vertical alignment does not matter
        self.setIndent(qt_label.indent())
        self.setMargin(qt_label.margin())
        self._need = -1
        # Held: a layout reached through a passing wrapper of its widget is let go with it.
        self.header = header
        grid = self.header.layout()
        row, column, rows, columns = grid.getItemPosition(grid.indexOf(qt_label))
        qt_label.hide()  # Qt still fills it in; the layout leaves a hidden label out
        grid.addWidget(self, row, column, rows, columns)

    def show_text(self, text: str) -> None:
        self.setText(text)
        self._fit()

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        hint = super().minimumSizeHint()  # the longest word, one line
        width = self.width() if self.isVisible() and self.width() > hint.width() else 512
        hint.setHeight(self.heightForWidth(width) if self.text() else 0)
        return hint

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._fit()

    def _fit(self) -> None:
        """The header as high as the subtitle needs at this width (Qt fixes its height)."""
        need = self.minimumSizeHint().height()
        if need == self._need:
            return
        self._need = need
        self.updateGeometry()
        grid = self.header.layout()
        grid.invalidate()
        height = grid.totalMinimumSize().height()
        self.header.setMinimumHeight(height)
        self.header.setMaximumHeight(height)


class SpasmWizard(QWizard):
    def __init__(self, ruleset: RuleSet | None = None, *, clock: Clock = system_clock,
                 zone: tzinfo | None = None, settings: QSettings | None = None,
                 loader: Callable[[], RuleSet] | None = None, store: Store | None = None) -> None:
        """Without a rule set, the window shows its first page at once; the app calls
        `ensure_ready` right after the first frame, and any page that needs the rules calls
        it too, so the order never matters."""
        super().__init__()
        self.ruleset = None
        self.engine = None
        self.loader = loader
        self.store = store
        self.mode = Mode.FIRST
        self.episode = None           # the open episode, when there is one
        self.last_checkin = None
        self.prefill: dict[str, Any] = {}   # the episode's facts, in a check-in
        self.known: dict[str, Any] = {}     # what the history knows of the answers, in a check-in
        self.advised = None           # a check-in asks "has a doctor checked you?" when set
        self.take_back: set[str] = set()    # signs told before by mistake, from Review
        self.showing_facts = False    # the episode's facts shown on the signs page, to correct
        self.order: list[int] = []    # the question pages, in the order of questions.yaml
        self.extra_pages: set[int] = set()  # skipped pages opened from Review to correct
        self.last_result = None       # the recorded check-in behind the plan shown
        self.history_problem: str | None = None
        self.store_factory: Callable[[], Store] | None = None  # makes the history when needed
        self.clock = clock
        self.zone = zone          # the person's zone; None: this computer's local zone
        self.settings = settings
        self.finished_plan = False
        self.setWindowTitle("Back Spasm Wizard")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.subtitle: Subtitle | None = None  # once Qt has made its header (the first page)
        self.currentIdChanged.connect(lambda _: self.show_subtitle())
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.language_chosen: Callable[[str], None] | None = None  # the app's: change_language
        self._add_pages()
        self.setStartId(PageId.WELCOME)
        self.resize(780, 720)
        if settings is not None:
            geometry = settings.value("window/geometry")
            if geometry is not None:
                self.restoreGeometry(geometry)
        self.fit_screen()
        self._framed = False  # fitted again once the window manager has framed it (showEvent)
        self.after_forget: Callable[[], None] | None = None  # the app starts its log again
        # The next question page is built while the person reads this one: Next then only
        # shows it. Not at once: a zero timer could come before the new page's first paint.
        self.currentIdChanged.connect(lambda _: QTimer.singleShot(AHEAD_MS, self.build_ahead))
        if ruleset is not None:
            self.set_ruleset(ruleset)
        if store is not None and ruleset is not None:
            self.set_store(store)

    def _add_pages(self) -> None:
        """The wizard's buttons and its pages, in the language in use."""
        back, next_, finish, cancel, help_ = wizard_buttons()  # the language's, with their letters
        for which, text in ((QWizard.WizardButton.BackButton, back),
                            (QWizard.WizardButton.NextButton, next_),
                            (QWizard.WizardButton.CommitButton, next_),
                            (QWizard.WizardButton.FinishButton, finish),
                            (QWizard.WizardButton.CancelButton, cancel),
                            (QWizard.WizardButton.HelpButton, help_)):
            self.setButtonText(which, text)
            self.button(which).setAccessibleName(text.replace("&", ""))
        self.setPage(PageId.WELCOME, WelcomePage(self))
        self.setPage(PageId.REVIEW, ReviewPage(self))
        self.setPage(PageId.PLAN, PlanPage(self))
        self.setPage(PageId.WELCOME_BACK, WelcomeBackPage(self))
        self.setPage(PageId.CLOSED, ClosedPage(self))
        for pid in self.pageIds():
            self.page(pid).page_id = pid

    def rebuild(self, loader: Callable[[], RuleSet]) -> None:
        """Every page built again, in the language now in use, with the rule set in it
        (from `loader`); the history, the episode and the first page kept. For a change of
        language on the first page, where nothing is typed yet."""
        start = self.startId()
        # What was answered so far (the person may have come Back to the first page): the
        # new pages show the same answers, in the new words.
        given = {pid: page._given() for pid, page in self.question_pages() if page.widgets}
        self.restart()
        # The page shown goes last: QWizard shows (and initialises) the next one in its
        # place when the current page is removed while there are others.
        current = self.currentId()
        for pid in [p for p in self.pageIds() if p != current] + [current]:
            page = self.page(pid)
            self.removePage(pid)
            page.deleteLater()
        self.order = []
        self.extra_pages.clear()
        self.ruleset = self.engine = None
        self.loader = loader
        self._add_pages()
        self.setStartId(start)
        self.ensure_ready()
        for pid, page in self.question_pages():
            if given.get(pid):
                page.build_and_fill(given[pid])
        self.restart()
        QTimer.singleShot(AHEAD_MS, self.build_ahead)

    def show_subtitle(self) -> None:
        """The current page's subtitle (Subtitle): at each page, and when a page changes it."""
        if self.subtitle is None:
            found = self._qt_subtitle_label()
            if found is None:
                return
            self.subtitle = Subtitle(*found)
        page = self.currentPage()
        self.subtitle.show_text(page.subTitle() if page is not None else "")

    def _qt_subtitle_label(self) -> tuple[QLabel, QWidget] | None:
        """Qt's subtitle label in the wizard's header (the label that wraps, outside the
        pages) and the header. Found going down from the wizard: parentWidget() on Qt's own
        header made PySide6 build its Qt enums, 9 ms of the start."""
        stack = [(c, self) for c in self.children() if isinstance(c, QWidget)]
        while stack:
            widget, parent = stack.pop()
            if isinstance(widget, QWizardPage):
                continue
            if isinstance(widget, QLabel):
                if widget.wordWrap() and not isinstance(widget, Subtitle):
                    return widget, parent
                continue
            stack.extend((c, widget) for c in widget.children() if isinstance(c, QWidget))
        return None

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        if not self._framed:
            # The window manager adds its frame (a title bar, borders) once the window is
            # shown: only then is the whole window's size known. Fit it again then.
            self._framed = True
            QTimer.singleShot(FRAME_MS, self.fit_screen)

    def fit_screen(self) -> None:
        """The first size, or the size and place remembered, within the screen's free area
        (without the panels), so that Next and Cancel are always on the screen."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return
        fit(self, screen.availableGeometry())

    def ensure_ready(self) -> None:
        """Load the rule set if it is not there yet. Raises RuleSetError."""
        if self.ruleset is None and self.loader is not None:
            self.set_ruleset(self.loader())

    def set_ruleset(self, ruleset: RuleSet) -> None:
        from ..core.engine import Engine
        self.ruleset = ruleset
        self.engine = Engine(ruleset)
        self.add_question_pages()

    def add_question_pages(self) -> None:
        """The question pages of questions.yaml, empty until their first visit."""
        if self.order:
            return
        for n, page in enumerate(self.ruleset.pages):
            pid = PageId[page.id.upper()] if page.id.upper() in PageId.__members__ else 100 + n
            questions = self.ruleset.questions_on(page.id)
            if not questions:
                continue
            self.setPage(pid, QuestionPage(self, page.title, page.subtitle, questions))
            self.page(pid).page_id = pid
            self.order.append(pid)

    def build_ahead(self) -> None:
        """Build the question page that Next leads to, if the rules are loaded and it is not
        built yet; its answers are filled in when it is shown, as always. From Review, the
        plan's view, which the plan then fills."""
        if self.ruleset is None or self.currentPage() is None:
            return
        ahead = self.page(self.currentPage().nextId())
        if isinstance(ahead, PlanPage):
            ahead.build()
        elif isinstance(ahead, QuestionPage):
            ahead.build()
            # Laid out too, at the size it will have: its wrapped lines are measured while the
            # person reads, not in the frame after Next (benchmarks/startup.py, page change).
            ahead.resize(self.currentPage().size())
            if ahead.layout() is not None:
                ahead.layout().activate()

    def first_page(self) -> int:
        """The first question page on the way; before the rules load, where it will be."""
        return self.route_after(PageId.WELCOME) if self.order else PageId.SIGNS

    def set_store(self, store: Store | None, problem: str | None = None,
                  open_days: int | None = None) -> None:
        """The history. With an open episode, the wizard starts with "Welcome back". How long
        an episode stays open comes from the rule set, or (before it is loaded) from what the
        store remembers of it."""
        self.store = store
        self.history_problem = problem
        if open_days is None and self.ruleset is not None:
            open_days = self.ruleset.history.episode_open_days
        if store is None or open_days is None:
            return
        episode = store.open_episode(self.clock(), open_days)
        if episode is None:
            return
        self.episode = episode
        checkins = store.checkins(episode.id)
        self.last_checkin = checkins[-1] if checkins else None
        self.setStartId(PageId.WELCOME_BACK)
        if self.currentId() in (-1, PageId.WELCOME):
            self.restart()

    # --- the way through the pages ---------------------------------------------------

    def set_mode(self, mode: int) -> None:
        """A check-in asks what can have changed: what questions.yaml keeps (`keep:`) comes
        from the history, unless the history does not know it yet (an emergency check-in
        came first). It asks first whether a doctor has checked, when one was advised."""
        self.ensure_ready()
        self.mode = Mode(mode)
        self.extra_pages.clear()
        self.prefill, self.known, self.advised = {}, {}, None
        self.take_back.clear()
        self.showing_facts = False
        if self.mode == Mode.CHECKIN and self.episode is not None and self.store is not None:
            from ..core.answers import validate_partial
            from ..history.checkin import doctor_question, fill_from_history
            now = self.clock()
            known = validate_partial(fill_from_history({}, self.store, self.ruleset, now,
                                                       self.episode), self.ruleset, now)
            self.known = {k: v for k, v in known.items() if self.ruleset.question(k).page}
            # Review corrects the episode (check_in's `correct`): its facts go with the answers.
            self.prefill = {k: v for k, v in known.items() if k in self.ruleset.kept("episode")}
            self.advised = doctor_question(self.store, self.ruleset, self.episode)
            for _, page in self.question_pages():
                page.build_and_fill(self.known)

    def asks(self, qid: str) -> bool:
        """Whether the way through the pages asks `qid` in this mode."""
        question = self.ruleset.question(qid)
        if qid == DOCTOR_SEEN:
            return self.advised is not None
        if self.mode != Mode.CHECKIN or question.keep is None:
            return True
        condition = self.ruleset.only_when.get(qid)
        return qid not in self.known and (condition is None or condition.test(self.known))

    def on_path(self, pid: int) -> bool:
        page = self.page(pid)
        if pid in self.extra_pages or not isinstance(page, QuestionPage):
            return True
        return any(self.asks(q) for q in page.question_ids)

    def route_after(self, pid: int) -> int:
        order = [*self.order, PageId.REVIEW, PageId.PLAN]
        later = order[order.index(pid) + 1:] if pid in order else order
        return next((p for p in later if self.on_path(p)), -1)

    def question_text(self, qid: str) -> str:
        """A question's words; the doctor question names the date and the reasons."""
        text = self.ruleset.question(qid).text
        if qid == DOCTOR_SEEN and self.advised is not None:
            from ..words import lowered, when
            reasons = " ".join(self.advised.reasons).rstrip(".")
            if reasons[:2].istitle():  # "You have ..." reads on after "because"
                reasons = lowered(reasons)  # a language may keep its capital
            text = text.replace("{date}", when(self.advised.at, self.clock())).replace(
                "{reasons}", reasons)
        return text

    def hidden_options(self, qid: str) -> frozenset[str]:
        """At a check-in, the episode's facts are not asked again (Review can correct them)."""
        if self.mode == Mode.CHECKIN and not self.showing_facts:
            return self.ruleset.episode_options(qid)
        return frozenset()

    # --- answers -------------------------------------------------------------------------

    def question_pages(self) -> list[tuple[int, QuestionPage]]:
        return [(pid, self.page(pid)) for pid in self.order]

    def answers_before(self, before: QWizardPage) -> dict[str, Any]:
        """What the pages before `before` have collected: for questions that depend on them."""
        known: dict[str, Any] = {}
        for _, page in self.question_pages():
            if page is before:
                break
            known.update(page.part())
        return known

    def collected(self) -> dict[str, Any]:
        """The raw answers of the pages on the path taken (not of pages skipped); in a
        check-in, the episode's facts stand for the pages not asked again."""
        path = set(self.visitedIds()) | {self.currentId()}
        answers: dict[str, Any] = dict(self.prefill)
        for pid, page in self.question_pages():
            if pid in path:
                answers.update(page.part())
        return answers

    def answers_through(self, page: QuestionPage) -> dict[str, Any]:
        """The answers of the pages on the path up to and with `page`."""
        path = set(self.visitedIds()) | {self.currentId()}
        answers: dict[str, Any] = dict(self.prefill)
        for pid, each in self.question_pages():
            if pid in path or each is page:
                answers.update(each.part())
            if each is page:
                break
        return answers

    def with_history(self, raw: dict[str, Any]) -> dict[str, Any]:
        """The answers with what the history remembers (at a check-in), less the signs
        being taken back: what the plan will be made from."""
        if self.mode != Mode.CHECKIN or self.store is None or self.episode is None:
            return raw
        from ..history.checkin import fill_from_history
        replace = self.last_result.checkin_id if self.last_result else None
        filled = fill_from_history(raw, self.store, self.ruleset, self.clock(), self.episode,
                                   correct=True, replace=replace)
        gone = self.taking_back() - set(raw.get(RED_FLAGS) or ())
        for key in (RED_FLAGS, EARLIER_RED_FLAGS, CHECKED_RED_FLAGS):
            if isinstance(filled.get(key), list):
                filled[key] = [s for s in filled[key] if s not in gone]
        return filled

    def emergency_now(self, page: QuestionPage) -> bool:
        """Whether the answers so far, with the signs remembered, already make the plan
        "get help now"."""
        from ..core.answers import validate_partial
        from ..core.errors import AnswersError
        now = self.clock()
        try:
            typed = validate_partial(self.with_history(self.answers_through(page)),
                                     self.ruleset, now)
        except AnswersError:
            return False
        return self.engine.certain(typed, now, TRIAGE) is not None

    def review_answers(self) -> dict[str, Any]:
        """Every answer the plan will use that a person gives, the history's too."""
        return {k: v for k, v in self.with_history(self.collected()).items()
                if k in self.ruleset.questions and self.ruleset.question(k).page}

    def taking_back(self) -> set[str]:
        """The remembered signs taken back: ticked in Review, or an episode fact unticked
        on the warning signs page opened from Review."""
        gone = set(self.take_back)
        if self.showing_facts and self.episode is not None and self.store is not None:
            from ..history.checkin import remembered
            page = next(p for _, p in self.question_pages() if RED_FLAGS in p.widgets)
            ticked = set(page.widgets[RED_FLAGS].value() or ())
            replace = self.last_result.checkin_id if self.last_result else None
            facts = remembered(self.store, self.ruleset, self.episode, replace).facts
            gone |= {f for f in facts if f not in ticked}
        return gone

    def remembered_signs(self) -> list[tuple[str, bool]]:
        """The signs told at earlier check-ins of the episode, in the order of the
        question, each with whether its take-back is already recorded."""
        if self.mode != Mode.CHECKIN or self.store is None or self.episode is None:
            return []
        from ..history.checkin import remembered
        replace = self.last_result.checkin_id if self.last_result else None
        told = remembered(self.store, self.ruleset, self.episode, replace).told
        return [(o.id, o.id not in told) for o in self.ruleset.options(RED_FLAGS)
                if o.id in told or o.id in self.take_back]

    def set_take_back(self, sign: str, on: bool) -> None:
        if on:
            self.take_back.add(sign)
        else:
            self.take_back.discard(sign)

    def waking_hours(self):  # noqa: ANN201
        """The person's waking hours: from the settings, else the rule set's."""
        from datetime import time
        text = self.settings.value(WAKING_KEY) if self.settings is not None else None
        text = text or getattr(self, "_waking", None)
        try:
            start, end = (time.fromisoformat(part.strip()) for part in str(text).split("-"))
            if start != end:
                return start, end
        except ValueError:
            pass
        return self.ruleset.waking

    def set_waking_hours(self, hours) -> bool:  # noqa: ANN001
        """Keep new waking hours; True when they changed."""
        if tuple(hours) == tuple(self.waking_hours()):
            return False
        self._waking = f"{hours[0]:%H:%M}-{hours[1]:%H:%M}"
        if self.settings is not None:
            self.settings.setValue(WAKING_KEY, self._waking)
        return True

    def person_zone(self) -> tzinfo:
        from ..core.clock import local_zone
        return self.zone or local_zone()

    def make_plan(self) -> Plan:
        """The plan for the answers; recorded in the history when there is one, an
        emergency check-in too (the next visit then asks whether a doctor has seen it)."""
        from ..core.answers import Answers, validate_answers, validate_partial
        now = self.clock()
        raw = self.collected()
        zone, waking = self.person_zone(), self.waking_hours()
        if self.store is None and self.store_factory is not None:
            from ..history.store import HistoryError
            factory, self.store_factory = self.store_factory, None
            try:
                self.store = factory()
            except HistoryError as exc:
                self.history_problem = tr("This plan was not saved in your history: {error}.",
                                          error=exc)
        if self.store is not None:
            from ..history.checkin import check_in, remembered
            from ..history.store import HistoryError
            try:
                # Back and Next again on this visit: redo the same check-in, in its episode.
                replace = self.last_result.checkin_id if self.last_result else None
                episode = (self.last_result.episode if self.last_result else
                           self.episode if self.mode == Mode.CHECKIN else None)
                take_back: tuple[str, ...] = ()
                if episode is not None and self.mode == Mode.CHECKIN:
                    told = remembered(self.store, self.ruleset, episode, replace).told
                    gone = self.taking_back()
                    take_back = tuple(sorted(gone & told))  # not those already recorded
                    self.take_back |= gone
                self.last_result = check_in(self.store, self.ruleset, raw, now,
                                            episode=episode, correct=True, replace=replace,
                                            new_episode=self.mode == Mode.NEW and not replace,
                                            take_back=take_back, zone=zone, waking=waking)
                self.history_problem = None
                return self.last_result.plan
            except HistoryError as exc:
                self.history_problem = tr("This plan was not saved in your history: {error}.",
                                          error=exc)
        typed = validate_partial(raw, self.ruleset, now)
        if self.engine.certain(typed, now, TRIAGE) is not None:
            # The remaining questions were skipped: they cannot matter.
            return self.engine.evaluate(Answers(typed), now, zone=zone, waking=waking)
        return self.engine.evaluate(validate_answers(raw, self.ruleset, now), now, zone=zone,
                                    waking=waking)

    def close_episode(self) -> None:
        if self.store is not None and self.episode is not None:
            self.store.close_episode(self.episode.id, self.clock())

    def forget_everything(self) -> None:
        """Delete my data: the history, the settings and the logs, in one action."""
        from ..history.store import forget
        from ..paths import data_dir
        if self.store is not None:
            self.store.close()
        self.store = None
        self.settings = None  # not written again on close
        import logging
        for handler in list(logging.getLogger("wizard").handlers):
            handler.close()
            logging.getLogger("wizard").removeHandler(handler)
        forget(data_dir())
        self.start_over()
        if self.after_forget is not None:
            self.after_forget()

    def start_over(self) -> None:
        """After Delete my data: the window starts again as for a new person, on the first
        page with nothing remembered. A later plan is saved in a new history."""
        self.episode = self.last_checkin = self.last_result = None
        self.history_problem = None
        self.mode = Mode.FIRST
        self.prefill = {}
        self.extra_pages.clear()
        self.store_factory = open_store
        self.setStartId(PageId.WELCOME)
        self.restart()
        # Fresh question pages: no answer of before is kept, not even in a hidden page.
        for pid, old in self.question_pages():
            fresh = QuestionPage(self, old.title(), old.subTitle(), old.question_ids)
            fresh.page_id = pid
            self.removePage(pid)
            self.setPage(pid, fresh)
            old.deleteLater()

    def show_history(self) -> None:
        from .history_view import HistoryView
        HistoryView(self).exec()

    def go_to_question(self, qid: str) -> None:
        """From Review: back to the page of `qid`. A page the check-in skipped joins the
        path, so that Next leads through it again."""
        order = [*self.order, PageId.REVIEW, PageId.PLAN]
        for pid, page in self.question_pages():
            if qid in page.question_ids:
                if pid not in self.visitedIds():
                    self.extra_pages.add(pid)
                while self.currentId() != pid and self.currentId() in order and \
                        order.index(self.currentId()) > order.index(pid):
                    self.back()
                if self.currentId() != pid:
                    self.next()
                widget = page.widgets[qid]
                if self.mode == Mode.CHECKIN and hasattr(widget, "hide_options") \
                        and not self.showing_facts:
                    # The episode's facts, shown to correct: unticking one takes it back.
                    facts = set(self.with_history({RED_FLAGS: []}).get(RED_FLAGS) or ())
                    self.showing_facts = True
                    widget.hide_options(frozenset())
                    for fact in facts & self.ruleset.episode_options(qid):
                        widget.boxes[fact].setChecked(True)
                widget.setFocus()
                return

    # --- closing -------------------------------------------------------------------------

    def accept(self) -> None:
        self.finished_plan = True
        self._remember()
        super().accept()

    def reject(self) -> None:
        if self.collected() and not self._really_close():
            return
        self._remember()
        super().reject()

    def _really_close(self) -> bool:
        from .widgets import ask
        if self.currentId() == PageId.PLAN and self.last_result is not None:
            text = tr("Close now? Your plan is saved in your history. "
                      "Save it as a PDF first if you want a copy to print.")
        elif self.currentId() == PageId.PLAN:
            text = tr("Close now? This plan is not saved. Save it as a PDF first to keep it.")
        else:
            text = tr("Close now? Your answers will be lost.")
        # translators: the title of the dialog that asks before the window closes
        return ask(self, tr("Close?"), text)

    def _remember(self) -> None:
        if self.settings is not None:
            self.settings.setValue("window/geometry", self.saveGeometry())
            self.settings.sync()
            try:  # personal data: readable by its owner alone (a link is not followed)
                from ..ownfiles import chmod_own
                chmod_own(self.settings.fileName(), 0o600)
            except OSError:
                pass
