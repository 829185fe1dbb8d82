"""The calendar files of --ics (iCalendar, through wizard.calendar): the commands import this
module only when --ics is given."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from ..calendar import (CalendarError, NothingToRemind, write_episode_calendar,
                        write_plan_calendar)
from ..core.clock import local_zone
from ..history.store import HistoryError
from ..i18n import tr, trn
from . import ExportFailed
from .storage import open_store



def no_reminders() -> str:
    return tr("no calendar file was written: this plan has no reminders. Get help now: "
              "call your emergency number or go to the nearest emergency department.")


def write_plan_ics(plan: Any, ruleset: Any, out: str, now: datetime) -> None:
    """`plan --ics`: the plan's reminders, with UIDs from the onset."""
    try:
        written = write_plan_calendar(plan, ruleset, Path(out), now)
    except NothingToRemind:
        raise ExportFailed(no_reminders()) from None
    except CalendarError as exc:
        raise ExportFailed(str(exc)) from None
    print(_wrote(written), file=sys.stderr)


def _wrote(written: Any) -> str:
    return trn("Wrote {n} reminder to {path}.", "Wrote {n} reminders to {path}.", written.events,
               path=written.path)


def write_checkin_ics(result: Any, ruleset: Any, out: str, now: datetime) -> None:
    """After a check-in: the plan's reminders, updating those of earlier check-ins. For an
    emergency plan, the file only cancels earlier reminders (CONTRACT.md)."""
    store = open_store()
    try:
        written = write_episode_calendar(store, result.episode, result.plan, ruleset, Path(out),
                                         now)
    except NothingToRemind:
        raise ExportFailed(no_reminders()) from None
    except (CalendarError, HistoryError) as exc:
        raise ExportFailed(str(exc)) from None
    finally:
        store.close()
    _say_written(written)


def write_close_ics(store: Any, episode: Any, ruleset: Any, out: str, now: datetime) -> None:
    """`close --ics`: the file that cancels the episode's reminders. A HistoryError is the
    caller's: the episode is then not closed."""
    try:
        _say_written(write_episode_calendar(store, episode, None, ruleset, Path(out), now,
                                            zone=local_zone()))
    except NothingToRemind:
        print(tr("No reminders of this episode are in a calendar, so no file was written."),
              file=sys.stderr)
    except CalendarError as exc:
        raise ExportFailed(str(exc)) from None


def _say_written(written: Any) -> None:
    if written.events and written.cancelled:
        print(_wrote(written) + " " + trn("It also cancels {n} earlier reminder.",
                                          "It also cancels {n} earlier reminders.",
                                          written.cancelled), file=sys.stderr)
    elif written.cancelled:
        print(trn("Wrote {path}: it cancels {n} earlier reminder. Open it with your calendar app "
                  "so that it no longer rings.",
                  "Wrote {path}: it cancels {n} earlier reminders. Open it with your calendar app "
                  "so that they no longer ring.", written.cancelled, path=written.path),
              file=sys.stderr)
    else:
        print(_wrote(written), file=sys.stderr)
