"""The QWizard: page order, the answers gathered from the pages, and the plan."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMessageBox, QWizard, QWizardPage

from typing import TYPE_CHECKING

from ..core.clock import Clock, system_clock
from .pages import PageId, PlanPage, QuestionPage, ReviewPage, WarningSignsPage, WelcomePage

if TYPE_CHECKING:
    from ..core.plan import Plan
    from ..core.ruleset import RuleSet

TRIAGE = "triage"  # the table whose most severe outcome skips the remaining questions


class SpasmWizard(QWizard):
    def __init__(self, ruleset: RuleSet | None = None, *, clock: Clock = system_clock,
                 zone: tzinfo | None = None, settings: QSettings | None = None,
                 loader: Callable[[], RuleSet] | None = None) -> None:
        """Without a rule set, the window shows its first page at once; the app calls
        `ensure_ready` right after the first frame, and any page that needs the rules calls
        it too, so the order never matters."""
        super().__init__()
        self.ruleset = None
        self.engine = None
        self.loader = loader
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
        self.setStartId(PageId.WELCOME)
        self.resize(780, 720)
        if settings is not None:
            geometry = settings.value("window/geometry")
            if geometry is not None:
                self.restoreGeometry(geometry)
        if ruleset is not None:
            self.set_ruleset(ruleset)

    def ensure_ready(self) -> None:
        """Load the rule set if it is not there yet. Raises RuleSetError."""
        if self.ruleset is None and self.loader is not None:
            self.set_ruleset(self.loader())

    def set_ruleset(self, ruleset: RuleSet) -> None:
        from ..core.engine import Engine
        self.ruleset = ruleset
        self.engine = Engine(ruleset)

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
        """The raw answers of the pages on the path taken (not of pages skipped)."""
        path = set(self.visitedIds()) | {self.currentId()}
        answers: dict[str, Any] = {}
        for pid, page in self.question_pages():
            if pid in path:
                answers.update(page.part())
        return answers

    def emergency_now(self, part: dict[str, Any]) -> bool:
        from ..core.answers import validate_partial
        now = self.clock()
        return self.engine.certain(validate_partial(part, self.ruleset, now), now, TRIAGE) is not None

    def make_plan(self) -> Plan:
        from ..core.answers import Answers, validate_answers, validate_partial
        now = self.clock()
        raw = self.collected()
        typed = validate_partial(raw, self.ruleset, now)
        if self.engine.certain(typed, now, TRIAGE) is not None:
            answers = Answers(typed)  # the remaining questions were skipped: they cannot matter
        else:
            answers = validate_answers(raw, self.ruleset, now)
        return self.engine.evaluate(answers, now)

    def go_to_question(self, qid: str) -> None:
        for pid, page in self.question_pages():
            if qid in page.question_ids:
                while self.currentId() != pid and self.currentId() > pid:
                    self.back()
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
        answer = QMessageBox.question(
            self, "Close Back Spasm Wizard?",
            "Close now? Your answers will be lost.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _remember(self) -> None:
        if self.settings is not None:
            self.settings.setValue("window/geometry", self.saveGeometry())
            self.settings.sync()
            try:  # personal data: readable by its owner alone
                os.chmod(self.settings.fileName(), 0o600)
            except OSError:
                pass
