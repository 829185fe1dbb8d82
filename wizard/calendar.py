"""The plan's reminders as an iCalendar file (RFC 5545), for any calendar app.

- Written with `icalendar`, imported here only, when a file is written: never on start-up.
- Times carry the person's IANA zone (TZID with its VTIMEZONE), so that a session at 08:00
  stays at 08:00 across a daylight-saving change; UTC where the zone has no IANA name.
- Every event has a stable UID (the episode, the item, its local date and time slot) and a
  DTSTAMP. An event exported before keeps its UID and raises its SEQUENCE; one the new plan
  no longer has is sent as STATUS:CANCELLED, so importing the new file replaces the old
  reminders instead of doubling them.
- Alarms are relative (`TRIGGER:PT0M`, at the start), never absolute.
- The file is written whole or not at all (temp file and rename, like the PDF).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .atomic import replacing
from .core.reminders import Reminder, load_words, reminders
from .i18n import tr, trn

if TYPE_CHECKING:
    from .core.plan import Plan
    from .history.store import Episode, Exported, Store

PRODID = "-//Back Spasm Wizard//Reminders//EN"
DOMAIN = "back-spasm-wizard"


class CalendarError(Exception):
    """The calendar file could not be written. The message names the path."""


class NothingToRemind(Exception):
    """An emergency plan with no earlier reminders to cancel: there is no file to write."""


class Written(NamedTuple):
    path: Path
    events: int            # events that remind
    cancelled: int         # events that cancel earlier ones
    updated: int = 0       # events that replace earlier ones (the same UID, a higher SEQUENCE)


def suggested_name(plan: Plan) -> str:
    # translators: a file name (letters, digits and hyphens; no slash): {date} is 2026-11-27
    return tr("back-plan-reminders-{date}.ics", date=f"{plan.local(plan.now):%Y-%m-%d}")


def plan_prefix(plan: Plan) -> str:
    """For `plan`, which stores nothing: the UIDs come from the onset (or the time of the
    plan, when the onset was not given)."""
    onset = plan.answers.get("onset") or plan.now
    return f"onset-{onset.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}"


def episode_prefix(episode: Episode) -> str:
    """An episode's UIDs: its number and when it was made, so that a new history after
    "Delete my data" never reuses the UIDs of an old one."""
    return f"episode-{episode.id}-{episode.created.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}"


def uid(prefix: str, reminder_key: str) -> str:
    return f"{reminder_key}.{prefix}@{DOMAIN}"


def calendar_bytes(plan: Plan | None, ruleset: Any, prefix: str, now: datetime,
                   previous: Sequence[Exported] = (), zone: tzinfo | None = None
                   ) -> tuple[bytes, list[Exported]]:
    """The iCalendar file of the plan's reminders (none for an emergency, or with no
    plan: only the cancellations), and the events to keep in the history as exported."""
    from icalendar import Alarm, Calendar, Event

    from .history.store import Exported
    words = load_words(ruleset)
    events: tuple[Reminder, ...] = reminders(plan, ruleset, words) if plan is not None else ()
    zone = plan.zone if plan is not None else zone
    before = {e.uid: e for e in previous}
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", words.calendar_name)
    stamp = now.astimezone(timezone.utc)
    kept: list[Exported] = []
    for r in events:
        event_uid = uid(prefix, r.key)
        old = before.get(event_uid)
        sequence = old.sequence + 1 if old is not None else 0
        event = Event()
        event.add("uid", event_uid)
        event.add("dtstamp", stamp)
        event.add("sequence", sequence)
        event.add("dtstart", _timed(r.start, zone))
        event.add("duration", timedelta(minutes=r.minutes))
        event.add("summary", r.title)
        event.add("description", r.description)
        event.add("status", "CONFIRMED")
        event.add("transp", "TRANSPARENT")   # a reminder, not a busy slot
        if r.alarm is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", r.title)
            alarm.add("trigger", _Trigger(r.alarm), parameters={"RELATED": "START"})
            event.add_component(alarm)
        cal.add_component(event)
        kept.append(Exported(event_uid, sequence, r.start, r.minutes, r.title, False))
    new = {k.uid for k in kept}
    for old in previous:
        # Past events happened: they stay. Future ones the plan dropped are cancelled.
        if old.uid in new or old.cancelled or old.start <= now:
            continue
        event = Event()
        event.add("uid", old.uid)
        event.add("dtstamp", stamp)
        event.add("sequence", old.sequence + 1)
        event.add("dtstart", _timed(old.start, zone))
        event.add("duration", timedelta(minutes=old.minutes))
        event.add("summary", old.title)
        event.add("status", "CANCELLED")
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
        kept.append(old._replace(sequence=old.sequence + 1, cancelled=True))
    cal.add_missing_timezones()
    for vtimezone in cal.walk("VTIMEZONE"):
        # icalendar notes the span of its rules in a COMMENT, which RFC 5545 does not allow
        # in a VTIMEZONE itself (libical reports it). The plan's dates are well inside it.
        vtimezone.pop("COMMENT", None)
    return cal.to_ical(), kept


def _iana(zone: tzinfo | None) -> bool:
    """A zone with an IANA name (Europe/London): calendars know it by that name."""
    key = getattr(zone, "key", None)
    return bool(key) and key != "localtime" and "/" in key or key == "UTC"


def _timed(moment: datetime, zone: tzinfo | None) -> datetime:
    if _iana(zone):
        return moment.astimezone(zone)
    return moment.astimezone(timezone.utc)


def _trigger_class() -> type:
    from icalendar.prop import vDuration

    class Trigger(vDuration):
        """`PT0M` for an alarm at the start (icalendar writes `P0D`, which some apps
        misread)."""

        def to_ical(self) -> bytes:
            if self.td == timedelta(0):
                return b"PT0M"
            return super().to_ical()
    return Trigger


def _Trigger(delta: timedelta) -> Any:  # noqa: N802
    return _trigger_class()(delta)


def write_atomic(target: Path, data: bytes) -> Path:
    """Write `data` to `target` whole or not at all, as the PDF is (wizard/atomic.py): a new
    file beside it, checked for its length, flushed, renamed into place; a target that is a
    folder, a pipe or a device is refused and left as it is."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise CalendarError(tr("cannot write {target}: the folder {folder} does not exist",
                               target=target, folder=folder))

    def whole(part: Path) -> str | None:
        size = part.stat().st_size
        # translators: how much of a file was written: "512 of 2048 bytes"
        return None if size == len(data) else trn("{size} of {n} byte", "{size} of {n} bytes",
                                                  len(data), size=size)
    try:
        with replacing(target, check=whole) as part:
            part.write_bytes(data)
    except OSError as exc:
        # translators: {reason} is the system's words for the error, or one of ours
        raise CalendarError(tr("cannot write {target}: {reason}", target=target,
                               reason=_reason(exc))) from None
    return target

def write_plan_calendar(plan: Plan, ruleset: Any, target: Path, now: datetime) -> Written:
    """`spasm-wizard plan --ics`: the plan's reminders, with UIDs from the onset. Nothing is
    stored. An emergency plan has none: NothingToRemind."""
    from .core.reminders import is_emergency
    if is_emergency(plan):
        raise NothingToRemind()
    data, kept = calendar_bytes(plan, ruleset, plan_prefix(plan), now)
    write_atomic(target, data)
    return Written(Path(target), len(kept), 0)


def write_episode_calendar(store: Store, episode: Episode, plan: Plan | None, ruleset: Any,
                           target: Path, now: datetime, zone: tzinfo | None = None) -> Written:
    """The reminders of an episode's plan, updating what was exported before: the same
    UIDs with a higher SEQUENCE, and STATUS:CANCELLED for what the plan dropped. With no
    plan (the episode closed) or an emergency plan, only the cancellations; with nothing to
    cancel either: NothingToRemind. The history then keeps what the file held."""
    from .core.reminders import is_emergency
    if plan is not None and is_emergency(plan):
        plan = None
    previous = store.exported(episode.id)
    if plan is None and not has_reminders(store, episode, now):
        raise NothingToRemind()
    data, kept = calendar_bytes(plan, ruleset, episode_prefix(episode), now, previous, zone)
    write_atomic(target, data)
    store.record_exported(episode.id, kept, now)
    cancelled = sum(1 for k in kept if k.cancelled)
    updated = sum(1 for k in kept if not k.cancelled and k.sequence > 0)
    return Written(Path(target), len(kept) - cancelled, cancelled, updated)


def has_reminders(store: Store, episode: Episode, now: datetime) -> bool:
    """Does the person's calendar hold reminders of this episode still to come?"""
    return any(not e.cancelled and e.start > now for e in store.exported(episode.id))


def _reason(exc: BaseException) -> str:
    """The system's words for why a file could not be used, in the person's language."""
    from .words import system_reason
    return system_reason(exc)
