"""The window's reminders: the "What now" card at the top of the plan, "Add to calendar…"
beside the other actions, and "Remove your reminders" (an emergency plan, "my back is
better", before Delete my data). The words come from rules/calendar.yaml."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton,
                               QVBoxLayout, QWidget)

from ..core.clock import system_clock
from ..core.plan import Plan
from ..core.reminders import is_emergency, load_words, what_now
from ..i18n import clock as clock_words, tr

REFRESH_MS = 60_000   # the card follows the clock, each minute, while the window is open


def _wrapped(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _wizard_parts(widget: QWidget) -> tuple[Any, Any]:
    """The history store and the clock of the wizard window holding `widget`."""
    window = widget.window()
    return getattr(window, "store", None), getattr(window, "clock", system_clock)


class WhatNowCard(QFrame):
    """The one thing to do next; "Done" records a session or the exercises in the history.
    Made once per window and filled again for each plan (`show_plan`)."""

    marked = Signal()  # a session or the exercises were recorded as done

    def __init__(self, plan: Plan | None, ruleset: Any, episode: Any = None, store: Any = None,
                 clock: Any = system_clock) -> None:
        super().__init__()
        self.setObjectName("strongcard")
        self.plan, self.ruleset, self.episode = plan, ruleset, episode
        self.store, self.clock = store, clock
        self.current = None
        self.words = load_words(ruleset).what_now
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 10, 12, 10)
        title = _wrapped(self.words.title)
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.35)
        title.setFont(font)
        column.addWidget(title)
        row = QHBoxLayout()
        self.text = _wrapped()
        font = self.text.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.text.setFont(font)
        row.addWidget(self.text, 1)
        self.done_button = QPushButton(self.words.done)
        self.done_button.setAccessibleName(self.words.done)
        self.done_button.setAutoDefault(False)
        self.done_button.clicked.connect(self.mark_done)
        row.addWidget(self.done_button, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(row)
        self.note = _wrapped()
        self.note.setObjectName("note")
        self.note.setVisible(False)
        column.addWidget(self.note)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        if plan is not None:
            self.refresh()
        else:
            self.setVisible(False)

    def show_plan(self, plan: Plan, episode: Any = None, store: Any = None,
                  clock: Any = system_clock) -> None:
        """Another plan: nothing of the one before stays, not even the note of a "Done"."""
        self.plan, self.episode, self.store, self.clock = plan, episode, store, clock
        self.note.setText("")
        self.note.setVisible(False)
        self.refresh()

    def done_keys(self) -> frozenset[str]:
        if self.store is None or self.episode is None:
            return frozenset()
        try:
            return frozenset(d.slot for d in self.store.done(self.episode.id))
        except Exception:  # noqa: BLE001 - a closed or broken store: the card still shows the plan
            return frozenset()

    def refresh(self) -> None:
        if self.plan is None:
            return
        now = self.clock()
        # Next time just after the clock's minute turns: a session due at 14:00 shows at 14:00.
        self.timer.setInterval(min(REFRESH_MS, 60_250 - 1000 * now.second - now.microsecond // 1000))
        self.current = what_now(self.plan, self.ruleset, now, self.done_keys())
        if self.current is None:
            self.text.setText("")
            self.setAccessibleName("")
            self.setVisible(False)
            return
        self.setVisible(True)
        self.text.setText(self.current.text)
        self.setAccessibleName(f"{self.words.title}: {self.current.text}")
        self.done_button.setVisible(self.current.due and self.store is not None
                                    and self.episode is not None)

    def mark_done(self) -> None:
        current = self.current
        if current is None or current.reminder is None or self.store is None:
            return
        had_focus = self.done_button.hasFocus()
        from ..history.store import HistoryError
        now = self.clock()
        try:
            self.store.add_done(self.episode.id, current.reminder.kind, current.reminder.key,
                                current.reminder.start, now)
        except HistoryError as exc:
            self.note.setText(str(exc))
        else:
            self.note.setText(self.words.done_note.format(time=clock_words(self.plan.local(now))))
            self.marked.emit()
        self.note.setVisible(True)
        self.refresh()
        if had_focus and not self.done_button.isVisible():
            # The button hides once nothing is due: the keyboard goes to what it said (a
            # screen reader reads it), not into nothing.
            self.note.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            self.note.setFocus(Qt.FocusReason.OtherFocusReason)


class CalendarRow(QWidget):
    """"Add to calendar…" (or, for an emergency plan after earlier reminders, "Remove your
    reminders…") with the privacy line beside it and where the file went. Made once per
    window and set again for each plan (`show_plan`)."""

    def __init__(self, plan: Plan | None, ruleset: Any, result: Any = None) -> None:
        super().__init__()
        self.plan, self.ruleset, self.result = plan, ruleset, result
        self.saved: Path | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.button = QPushButton()
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.save)
        row.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        self.privacy = _wrapped(" ".join(load_words(ruleset).privacy.split()))
        self.privacy.setObjectName("note")
        row.addWidget(self.privacy, 1)
        column.addLayout(row)
        self.status = _wrapped()
        self.status.setVisible(False)
        column.addWidget(self.status)
        self.cancel_only = False
        self._add()

    def _add(self) -> None:
        # translators: a button on the plan page; the letter after & is its Alt + letter: keep one &, on a letter the page's other buttons (Back, Finish, Copy, Save, Open, history) do not use
        self.button.setText(tr("Add to ca&lendar\u2026"))
        self.button.setAccessibleName(tr("Add to calendar"))
        self.button.setAccessibleDescription(tr("Save the plan's reminders as a calendar file "
                                                "and open it"))
        self.cancel_only = False

    def show_plan(self, plan: Plan, result: Any = None) -> None:
        """Another plan: the button it calls for, and nothing said about the one before.
        An emergency plan has no reminders: the button removes earlier ones, or hides."""
        self.plan, self.result, self.saved = plan, result, None
        self.replaces = False  # the file saved changes reminders of an earlier file
        self.status.setText("")
        self.status.setVisible(False)
        self._add()
        if is_emergency(plan):
            store, clock = _wizard_parts(self)
            episode = result.episode if result is not None else None
            from ..calendar import has_reminders
            earlier = store is not None and episode is not None and \
                has_reminders(store, episode, clock())
            self.cancel_only = earlier
            # translators: a button on the plan page; the letter after & is its Alt + letter: keep one &, on a letter the page's other buttons (Back, Finish, Copy, Save, Open, history) do not use
            self.button.setText(tr("Re&move your reminders\u2026"))
            self.button.setAccessibleName(tr("Remove your reminders"))
            self.button.setAccessibleDescription(tr("Save a calendar file that removes the "
                                                    "reminders of your earlier plans"))
            self.setVisible(earlier)
        else:
            self.setVisible(True)

    def save(self) -> None:
        from ..calendar import (CalendarError, NothingToRemind, suggested_name,
                                write_episode_calendar, write_plan_calendar)
        from ..history.store import HistoryError
        from .files import save_file_name
        chosen = save_file_name(self, tr("Save your reminders as a calendar file"),
                                suggested_name(self.plan),
                                # translators: the kind of file in the save dialog
                                tr("Calendar files (*.ics)"))
        if not chosen:
            return
        path = Path(chosen if chosen.lower().endswith(".ics") else chosen + ".ics")
        store, clock = _wizard_parts(self)
        now: datetime = clock()
        try:
            if store is not None and self.result is not None:
                written = write_episode_calendar(store, self.result.episode, self.plan,
                                                 self.ruleset, path, now)
            else:
                written = write_plan_calendar(self.plan, self.ruleset, path, now)
        except NothingToRemind:
            self.say(tr("There are no reminders to save."))
            return
        except (CalendarError, HistoryError) as exc:
            QMessageBox.warning(self, tr("The calendar file was not saved"),
                                tr("The calendar file was not saved: {problem}.\n\nYour plan "
                                   "is still here. Try another folder.", problem=exc))
            return
        self.saved = written.path
        self.replaces = bool(written.updated or written.cancelled)
        self.open_saved()

    def open_saved(self) -> None:
        self.say(open_calendar_file(self.saved, self.replaces))

    def say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setVisible(True)


def replaces_note() -> str:
    """Said after a file that changes earlier reminders. Calendar apps differ with one:
    Evolution replaces them, GNOME Calendar refuses the file, many others only add (README,
    "Which calendar apps")."""
    # translators: said after "Saved to ... (the calendar file)": "It" is that file
    return tr("It holds the reminders you added before, brought up to date. If your calendar "
              "app shows them twice, or does not take the file, delete the old ones: search for "
              "Back Spasm Wizard.")


def open_calendar_file(path: Path, replaces: bool = False) -> str:
    """Open the file with the calendar app; say what happened. `replaces`: the file
    updates or cancels reminders of an earlier file, which not every app does."""
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices
    if QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        said = tr("Saved to {path}. Your calendar app has opened it: check the reminders there "
                  "and add them.", path=path)
    else:
        said = tr("Saved to {path}. No calendar app opened it. Open that file with your "
                  "calendar app, or send it to your phone.", path=path)
    return f"{said} {replaces_note()}" if replaces else said


def offer_removal(parent: QWidget, store: Any, episode: Any, ruleset: Any, now: datetime,
                  zone: Any = None) -> str | None:
    """Save the file that cancels an episode's reminders and open it. Returns what to tell
    the person, or None when they cancelled or there was nothing to remove."""
    from ..calendar import CalendarError, NothingToRemind, write_episode_calendar
    from ..history.store import HistoryError
    from .files import save_file_name
    chosen = save_file_name(parent, tr("Save the file that removes your reminders"),
                            # translators: a file name (letters, digits and hyphens; no slash)
                            tr("back-plan-remove-reminders-{date}.ics", date=f"{now:%Y-%m-%d}"),
                            # translators: the kind of file in the save dialog
                            tr("Calendar files (*.ics)"))
    if not chosen:
        return None
    path = Path(chosen if chosen.lower().endswith(".ics") else chosen + ".ics")
    try:
        written = write_episode_calendar(store, episode, None, ruleset, path, now, zone=zone)
    except NothingToRemind:
        return None
    except (CalendarError, HistoryError) as exc:
        QMessageBox.warning(parent, tr("The file was not saved"),
                            tr("The file was not saved: {problem}.", problem=exc))
        return None
    return open_calendar_file(written.path, replaces=True)


def episodes_with_reminders(store: Any, now: datetime) -> list[Any]:
    """The episodes whose reminders are still to come in the person's calendar."""
    from ..calendar import has_reminders
    if store is None:
        return []
    return [e for e in store.episodes() if has_reminders(store, e, now)]
