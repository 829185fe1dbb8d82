"""The QWizard: page order, the answers gathered from the pages, and the plan."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QWizard, QWizardPage

from typing import TYPE_CHECKING

from ..core.clock import Clock, system_clock
from .pages import (ClosedPage, Mode, PageId, PlanPage, QuestionPage, ReviewPage,
                    WarningSignsPage, WelcomeBackPage, WelcomePage)

if TYPE_CHECKING:
    from ..core.plan import Plan
    from ..core.ruleset import RuleSet
    from ..history.store import Store

ORDER = (PageId.SIGNS, PageId.ABOUT, PageId.WHAT, PageId.WHEN, PageId.FEEL, PageId.REVIEW,
         PageId.PLAN)
CHECKIN_PATH = {PageId.SIGNS, PageId.FEEL, PageId.REVIEW, PageId.PLAN}

TRIAGE = "triage"  # the table whose most severe outcome skips the remaining questions


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
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        for which, text in ((QWizard.WizardButton.BackButton, "&Back"),
                            (QWizard.WizardButton.NextButton, "&Next"),
                            (QWizard.WizardButton.CommitButton, "&Next"),
                            (QWizard.WizardButton.FinishButton, "&Finish"),
                            (QWizard.WizardButton.CancelButton, "&Cancel"),
                            (QWizard.WizardButton.HelpButton, "&Help")):
            self.setButtonText(which, text)
            self.button(which).setAccessibleName(text.replace("&", ""))

        self.setPage(PageId.WELCOME, WelcomePage(self))
        self.setPage(PageId.SIGNS, WarningSignsPage(self))
        self.setPage(PageId.ABOUT, QuestionPage(self, "About you", "This helps us give the right advice.",
                                                ("age",)))
        self.setPage(PageId.WHAT, QuestionPage(self, "What happened", "How did the pain start?",
                                               ("sudden_trauma", "trauma_kind")))
        self.setPage(PageId.WHEN, QuestionPage(self, "When", "When did the pain start?", ("onset",)))
        self.setPage(PageId.FEEL, QuestionPage(self, "How it feels", "Tell us about the pain now.",
                                               ("symptoms", "pain")))
        self.setPage(PageId.REVIEW, ReviewPage(self))
        self.setPage(PageId.PLAN, PlanPage(self))
        self.setPage(PageId.WELCOME_BACK, WelcomeBackPage(self))
        self.setPage(PageId.CLOSED, ClosedPage(self))
        for pid in self.pageIds():
            self.page(pid).page_id = pid
        self.setStartId(PageId.WELCOME)
        self.resize(780, 720)
        if settings is not None:
            geometry = settings.value("window/geometry")
            if geometry is not None:
                self.restoreGeometry(geometry)
        if ruleset is not None:
            self.set_ruleset(ruleset)
        if store is not None and ruleset is not None:
            self.set_store(store)

    def ensure_ready(self) -> None:
        """Load the rule set if it is not there yet. Raises RuleSetError."""
        if self.ruleset is None and self.loader is not None:
            self.set_ruleset(self.loader())

    def set_ruleset(self, ruleset: RuleSet) -> None:
        from ..core.engine import Engine
        self.ruleset = ruleset
        self.engine = Engine(ruleset)

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
        from ..history.checkin import episode_answers
        self.mode = Mode(mode)
        self.extra_pages.clear()
        self.prefill = {}
        if self.mode == Mode.CHECKIN and self.episode is not None:
            facts = episode_answers(self.episode)
            facts["onset"] = self.episode.onset
            if self.last_checkin is not None and "age" in self.last_checkin.answers:
                facts["age"] = self.last_checkin.answers["age"]
            self.prefill = facts
            for _, page in self.question_pages():
                page.build_and_fill(facts)

    def on_path(self, pid: int) -> bool:
        if self.mode == Mode.CHECKIN:
            return pid in CHECKIN_PATH or pid in self.extra_pages
        return True

    def route_after(self, pid: int) -> int:
        later = ORDER[ORDER.index(pid) + 1:] if pid in ORDER else ORDER
        return next((p for p in later if self.on_path(p)), -1)

    # --- answers -------------------------------------------------------------------------

    def question_pages(self) -> list[tuple[int, QuestionPage]]:
        return [(pid, page) for pid in self.pageIds()
                if isinstance(page := self.page(pid), QuestionPage)]

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

    def emergency_now(self, part: dict[str, Any]) -> bool:
        from ..core.answers import validate_partial
        now = self.clock()
        return self.engine.certain(validate_partial(part, self.ruleset, now), now, TRIAGE) is not None

    def make_plan(self) -> Plan:
        """The plan for the answers; recorded in the history when there is one."""
        from ..core.answers import Answers, validate_answers, validate_partial
        now = self.clock()
        raw = self.collected()
        typed = validate_partial(raw, self.ruleset, now)
        if self.engine.certain(typed, now, TRIAGE) is not None:
            # The remaining questions were skipped: they cannot matter. Nothing is recorded:
            # without them there is no episode to record it in, and help comes first.
            self.last_result = None
            return self.engine.evaluate(Answers(typed), now)
        if self.store is None and self.store_factory is not None:
            from ..history.store import HistoryError
            factory, self.store_factory = self.store_factory, None
            try:
                self.store = factory()
            except HistoryError as exc:
                self.history_problem = f"This plan was not saved in your history: {exc}."
        if self.store is not None:
            from ..history.checkin import check_in
            from ..history.store import HistoryError
            try:
                # Back and Next again on this visit: redo the same check-in, in its episode.
                replace = self.last_result.checkin_id if self.last_result else None
                episode = (self.last_result.episode if self.last_result else
                           self.episode if self.mode == Mode.CHECKIN else None)
                self.last_result = check_in(self.store, self.ruleset, raw, now,
                                            episode=episode, correct=True, replace=replace,
                                            new_episode=self.mode == Mode.NEW and not replace)
                self.history_problem = None
                return self.last_result.plan
            except HistoryError as exc:
                self.history_problem = f"This plan was not saved in your history: {exc}."
        return self.engine.evaluate(validate_answers(raw, self.ruleset, now), now)

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
        self.episode = self.last_checkin = self.last_result = None
        self.history_problem = "Your data was deleted. This plan is not saved."

    def show_history(self) -> None:
        from .history_view import HistoryView
        HistoryView(self).exec()

    def go_to_question(self, qid: str) -> None:
        """From Review: back to the page of `qid`. A page the check-in skipped joins the
        path, so that Next leads through it again."""
        for pid, page in self.question_pages():
            if qid in page.question_ids:
                if pid not in self.visitedIds():
                    self.extra_pages.add(pid)
                while self.currentId() != pid and self.currentId() in ORDER and \
                        ORDER.index(self.currentId()) > ORDER.index(pid):
                    self.back()
                if self.currentId() != pid:
                    self.next()
                page.widgets[qid].setFocus()
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
        return ask(self, "Close Back Spasm Wizard?", "Close now? Your answers will be lost.")

    def _remember(self) -> None:
        if self.settings is not None:
            self.settings.setValue("window/geometry", self.saveGeometry())
            self.settings.sync()
            try:  # personal data: readable by its owner alone (a link is not followed)
                from ..ownfiles import chmod_own
                chmod_own(self.settings.fileName(), 0o600)
            except OSError:
                pass
