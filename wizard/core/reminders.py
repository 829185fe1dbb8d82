"""Reminders: the plan's sessions, exercises, end of rest and next check-in as dated events,
and the one thing to do next ("What now").

Pure: a plan, its rule set and the reminder words of `rules/calendar.yaml`. No Qt, no
calendar library: `wizard/calendar.py` turns these events into an iCalendar file.
Events carry the plan's instructions and the general warning signs, never the answers.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from pathlib import Path

from ..i18n import clock as clock_words, tr
from ._msgspec import msgspec

from .conditions import in_waking_hours
from .contract import EMERGENCY
from .plan import Item, Plan
from .schedule import schedule_end, sessions

CALENDAR = "calendar.yaml"

# Kinds of event, named once: the history keeps them with what was exported and done.
SESSION, EXERCISES, REST_END, CHECKIN = "session", "exercises", "rest_end", "checkin"


# --- the words (rules/calendar.yaml) --------------------------------------------------------

class _Strict(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    pass


class SessionWords(_Strict):
    title: str
    now: str
    next: str
    last: str


class ExerciseWords(_Strict):
    minutes: int
    title: str
    now: str
    next: str


class RestEndWords(_Strict):
    minutes: int
    advice: str
    title: str
    next: str


class CheckinWords(_Strict):
    minutes: int
    title: str
    text: str
    next: str
    after_phase: dict[str, str] = {}


class WhatNowWords(_Strict):
    title: str
    done: str
    done_note: str
    nothing: str
    count: str


class Words(_Strict):
    calendar_name: str
    sessions: dict[str, SessionWords]
    exercises: ExerciseWords
    rest_end: RestEndWords
    checkin: CheckinWords
    warning_kinds: tuple[str, ...]
    footer: str
    what_now: WhatNowWords
    privacy: str


# The placeholders each text may use; anything else is a load error.
_ALLOWED = {
    "sessions.title": {"minutes", "every_hours"},
    "sessions.now": {"minutes", "every_hours"},
    "sessions.next": {"minutes", "every_hours", "when", "wait", "until"},
    "sessions.last": {"minutes", "every_hours", "when", "wait"},
    "exercises.title": {"names"}, "exercises.now": {"names"},
    "exercises.next": {"names", "when", "wait"},
    "rest_end.title": set(), "rest_end.next": {"when"},
    "checkin.title": set(), "checkin.after_phase": set(), "checkin.text": set(),
    "checkin.next": {"when"},
    "what_now.title": set(), "what_now.done": set(), "what_now.done_note": {"time"},
    "what_now.nothing": set(), "what_now.count": {"sessions", "planned"},
    "footer": set(), "privacy": set(), "calendar_name": set(),
}


def load_words(ruleset) -> Words:  # noqa: ANN001
    """The reminder words of a rule set, checked against it. A rule set folder without
    calendar.yaml uses the built-in one. Raises RuleSetError with file:line."""
    held = _loaded.get(id(ruleset))
    if held is not None and held[0] is ruleset:
        return held[1]
    words = _load_words(Path(ruleset.directory), ruleset)
    _loaded[id(ruleset)] = (ruleset, words)   # the rule set kept: its id is not reused
    return words


_loaded: dict[int, tuple[object, Words]] = {}


def _load_words(directory: Path, ruleset) -> Words:  # noqa: ANN001
    from ..paths import builtin_rules_dir
    from .ruleset import _read, convert
    if not (directory / CALENDAR).is_file():
        directory = builtin_rules_dir()
    src = _read(directory, CALENDAR)
    language = getattr(ruleset, "language", "en")
    if language != "en":  # the words in the rule set's language, where translated (rulelocale)
        from . import rulelocale
        folder = rulelocale.overlay_file(directory, language, "")
        overlay = _read(folder, CALENDAR) if (folder / CALENDAR).is_file() else None
        src = rulelocale.translate(src, CALENDAR, overlay, language)[0]
    words = convert(src, Words)
    for kind in words.warning_kinds:
        if kind not in {k.id for k in ruleset.kinds}:
            raise src.error(("warning_kinds",), f"unknown advice kind '{kind}'; the kinds are "
                            f"{', '.join(k.id for k in ruleset.kinds)}")
    for advice_id in words.sessions:
        advice = ruleset.advice.get(advice_id)
        if advice is None or advice.dose is None or not advice.dose.every_hours:
            raise src.error(("sessions", advice_id), f"'{advice_id}' is not an advice item "
                            "with a dose every few hours (advice.yaml)")
    if words.rest_end.advice not in ruleset.advice:
        raise src.error(("rest_end", "advice"), f"unknown advice id '{words.rest_end.advice}'")
    phases = ruleset.label  # the phase values are the labels of the phase table
    for phase in words.checkin.after_phase:
        if phases("phase", phase) is None:
            raise src.error(("checkin", "after_phase", phase), f"unknown phase '{phase}'")
    for path, text in _texts(words):
        allowed = _ALLOWED[_rule(path)]
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        except ValueError as exc:
            raise src.error(path, f"a text with unbalanced braces: {exc}") from None
        wrong = names - allowed
        if wrong:
            raise src.error(path, f"unknown placeholder {{{sorted(wrong)[0]}}}; this text may "
                            f"use {', '.join('{' + a + '}' for a in sorted(allowed)) or 'none'}")
    return words


def _rule(path: tuple[str, ...]) -> str:
    """('sessions', 'cold_therapy', 'next') -> 'sessions.next'; ('checkin', 'after_phase',
    'cold') -> 'checkin.after_phase'; ('footer',) -> 'footer'."""
    if len(path) == 1:
        return path[0]
    if path[0] == "sessions":
        return f"sessions.{path[2]}"
    return f"{path[0]}.{path[1]}"


def _texts(words: Words) -> Iterable[tuple[tuple[str, ...], str]]:
    for advice_id, s in words.sessions.items():
        for key in ("title", "now", "next", "last"):
            yield ("sessions", advice_id, key), getattr(s, key)
    for key in ("title", "now", "next"):
        yield ("exercises", key), getattr(words.exercises, key)
    for key in ("title", "next"):
        yield ("rest_end", key), getattr(words.rest_end, key)
    for key in ("title", "text", "next"):
        yield ("checkin", key), getattr(words.checkin, key)
    for phase, text in words.checkin.after_phase.items():
        yield ("checkin", "after_phase", phase), text
    for key in ("title", "done", "done_note", "nothing", "count"):
        yield ("what_now", key), getattr(words.what_now, key)
    for key in ("footer", "privacy", "calendar_name"):
        yield (key,), getattr(words, key)


def texts_to_read(words: Words) -> list[tuple[str, str]]:
    """(where, text) for the readability check of `check-rules`."""
    return [(f"calendar {'.'.join(path)}", text) for path, text in _texts(words)]


# --- the events ---------------------------------------------------------------------------

class Reminder(msgspec.Struct, frozen=True):
    key: str                      # the item and its local date and time slot: part of the UID
    kind: str                     # SESSION, EXERCISES, REST_END or CHECKIN
    start: datetime               # in the person's zone
    minutes: int
    title: str
    description: str
    alarm: timedelta | None       # from the start to the alarm (0: at the start); None: none
    advice: tuple[str, ...] = ()  # the advice ids it is about


def is_emergency(plan: Plan) -> bool:
    return plan.triage == EMERGENCY


def reminders(plan: Plan, ruleset, words: Words | None = None) -> tuple[Reminder, ...]:  # noqa: ANN001
    """Every reminder of the plan, from now on, in time order. None for an emergency."""
    if is_emergency(plan):
        return ()
    words = words or load_words(ruleset)
    now = plan.now
    warnings = _warnings(plan, words)
    out: list[Reminder] = []
    for item in plan.items:
        said = words.sessions.get(item.id)
        if said is None or item.advice.dose is None:
            continue
        dose = item.advice.dose
        for day in sessions(plan, item):
            for moment in day.sessions:
                if moment < now:
                    continue
                out.append(Reminder(
                    _key(item.id, moment), SESSION, moment, dose.minutes or 0,
                    _fill(said.title, minutes=dose.minutes, every_hours=dose.every_hours),
                    _describe(plan, [item], warnings, words), _alarm(plan, moment, False),
                    (item.id,)))
    for moment, items in exercise_slots(plan):
        if moment <= now:
            continue
        names = ", ".join(i.advice.title for i in items if i.advice.dose)
        out.append(Reminder(
            _key(EXERCISES, moment), EXERCISES, moment, words.exercises.minutes,
            _fill(words.exercises.title, names=names),
            _describe(plan, items, warnings, words), _alarm(plan, moment, True),
            tuple(i.id for i in items)))
    rest = rest_end(plan, ruleset, words)
    if rest is not None:
        advice = ruleset.advice[words.rest_end.advice]
        out.append(Reminder(_key(REST_END, rest), REST_END, plan.local(rest),
                            words.rest_end.minutes,
                            words.rest_end.title, _describe(plan, [Item(advice, ())], warnings,
                                                            words),
                            _alarm(plan, rest, True), (advice.id,)))
    if plan.next_checkin is not None and plan.next_checkin > now:
        moment = plan.local(plan.next_checkin)
        title = words.checkin.title
        for phase, text in words.checkin.after_phase.items():
            if plan.phase == phase and plan.phase_until and plan.next_checkin >= plan.phase_until:
                title = text
        description = "\n\n".join([words.checkin.text, *warnings, " ".join(words.footer.split())])
        out.append(Reminder(_key(CHECKIN, moment), CHECKIN, moment, words.checkin.minutes,
                            title, description, _alarm(plan, moment, True)))
    return tuple(sorted(out, key=lambda r: (r.start, r.key)))


def exercise_slots(plan: Plan) -> list[tuple[datetime, list[Item]]]:
    """The exercises, one slot per time of day with every exercise due then, for the days
    the schedule covers (to the end of the day of the next check-in). The slots spread
    over the waking hours; an exercise done N times a day is in N of them. The items of the
    exercise kind without a dose (such as "stop if it hurts") go with every slot."""
    exercises = [i for i in plan.items if i.advice.dose and i.advice.dose.times_a_day]
    if not exercises or plan.next_checkin is None:
        return []
    kind = exercises[0].advice.kind
    along = [i for i in plan.items if i.advice.kind == kind and i not in exercises]
    slots = max(i.advice.dose.times_a_day for i in exercises)
    wake, sleep = plan.waking
    span = (datetime.combine(date.min, sleep) - datetime.combine(date.min, wake)) % timedelta(days=1)
    offsets = []
    for n in range(slots):
        offset = span * (n + 1) / (slots + 1)
        minutes = int(offset.total_seconds() // 60)
        offsets.append(timedelta(minutes=minutes - minutes % 15))
    due: dict[int, list[Item]] = {n: [] for n in range(slots)}
    for item in exercises:
        k = item.advice.dose.times_a_day
        for j in range(k):
            due[min(slots - 1, int((j + 0.5) * slots / k))].append(item)
    end = schedule_end(plan, exercises[0])
    day = plan.local(plan.now).date() - timedelta(days=1)
    out = []
    while True:
        if end is None or datetime.combine(day, wake, plan.zone) >= end:
            return out
        for n in range(slots):
            if due[n]:
                # Wall-clock time: 10:45 stays 10:45 on the day the clocks change.
                local = (datetime.combine(day, wake) + offsets[n]).replace(tzinfo=plan.zone)
                if local < end:
                    out.append((local, due[n] + along))
        day += timedelta(days=1)


def rest_end(plan: Plan, ruleset, words: Words) -> datetime | None:  # noqa: ANN001
    """When the rest period ends, if the plan then is to get back to normal (the plan of
    the same answers, worked out for that moment, has the advice)."""
    until = plan.rest_until
    if until is None or until <= plan.now:
        return None
    from .engine import Engine
    later = Engine(ruleset).evaluate(plan.answers, until, zone=plan.zone, waking=plan.waking)
    return until if words.rest_end.advice in later.advice_ids else None


def in_waking(plan: Plan, moment: datetime) -> bool:
    """Is `moment` in the person's waking hours [start, end)? They may cross midnight."""
    return in_waking_hours(plan.local(moment).time(), plan.waking)


def _alarm(plan: Plan, moment: datetime, move: bool) -> timedelta | None:
    """The alarm at the start, when that is in waking hours. Outside them: none, or with
    `move`, at the next start of the waking hours (still relative to the event)."""
    if in_waking(plan, moment):
        return timedelta(0)
    if not move:
        return None
    local = plan.local(moment)
    wake = datetime.combine(local.date(), plan.waking[0], plan.zone)
    if wake <= local:
        wake = datetime.combine(local.date() + timedelta(days=1), plan.waking[0], plan.zone)
    return wake - local


def _key(what: str, moment: datetime) -> str:
    return f"{what}-{moment:%Y%m%dT%H%M}"


def _fill(template: str, **values: object) -> str:
    return template.format(**values)


def _warnings(plan: Plan, words: Words) -> list[str]:
    out = []
    for item in plan.items:
        if item.advice.kind in words.warning_kinds:
            # translators: in a calendar event, the title of the warning signs above their list
            lines = [tr("{title}:", title=item.advice.title)] + [f"- {s}" for s in item.advice.steps]
            lines.append(" ".join(item.advice.text.split()))
            out.append("\n".join(lines))
    return out


def _describe(plan: Plan, items: list[Item], warnings: list[str], words: Words) -> str:
    from ..words import dose, until_words
    parts = []
    for item in items:
        a = item.advice
        # translators: in a calendar event, an item's title as a sentence of its own
        lines = [tr("{title}.", title=a.title), " ".join(a.text.split())]
        lines += [f"- {step}" for step in a.steps]
        if a.dose:
            lines.append(tr("How much: {dose}", dose=dose(a.dose)))
        until = until_words(plan, item) if a.until else ""
        if until:
            # translators: in a calendar event; {until} is "until Sunday 29 November at 07:30", or the rule set's words such as "until a doctor has checked you"
            lines.append(tr("Keep this up {until}.", until=until))
        parts.append("\n".join(lines))
    return "\n\n".join([*parts, *warnings, " ".join(words.footer.split())])


# --- What now -------------------------------------------------------------------------------

class Next(msgspec.Struct, frozen=True):
    """The one thing to do next, for the card at the top of the plan."""
    text: str
    due: bool                     # now (the Done button applies) or later
    reminder: Reminder | None


def what_now(plan: Plan, ruleset, moment: datetime, done: frozenset[str] = frozenset(),  # noqa: ANN001
             words: Words | None = None) -> Next | None:
    """What to do at `moment`: a session or the exercises due now (started, not done, and
    not yet replaced by the next one), else the next reminder. None for an emergency (the
    banner says what to do). `done`: the keys of the reminders done."""
    if is_emergency(plan):
        return None
    words = words or load_words(ruleset)
    from ..words import duration, short_when
    events = reminders(plan, ruleset, words)
    local = plan.local(moment)
    due = due_now(plan, events, moment, done)
    if due is not None:
        if due.kind == SESSION:
            dose = _item(plan, due.advice[0]).advice.dose
            return Next(_fill(words.sessions[due.advice[0]].now, minutes=dose.minutes,
                              every_hours=dose.every_hours), True, due)
        return Next(_fill(words.exercises.now, names=_names(plan, due)), True, due)
    upcoming = [r for r in events if r.start > moment and r.key not in done]
    if not upcoming:
        return Next(words.what_now.nothing, False, None)
    r = upcoming[0]
    left = r.start - moment
    # translators: how long until the next reminder, "in 1 hour and 40 minutes" (the {wait} of rules/calendar.yaml)
    wait = (tr("in {duration}", duration=duration(left)) if left >= timedelta(minutes=1) else
            # translators: how long until the next reminder, when it is under a minute
            tr("in less than a minute"))
    start = plan.local(r.start)
    # translators: when the next reminder is, today: "at 14:00" (the {when} of rules/calendar.yaml)
    clock = (tr("at {time}", time=clock_words(start)) if start.date() == local.date() else
             short_when(start, local))
    if r.kind == SESSION:
        item = _item(plan, r.advice[0])
        said, dose = words.sessions[item.id], item.advice.dose
        rest = [x for x in upcoming if x.kind == SESSION and x.advice == r.advice]
        until = plan.dates.get(item.advice.until) if item.advice.until else None
        values = dict(minutes=dose.minutes, every_hours=dose.every_hours, when=clock, wait=wait)
        if len(rest) == 1:
            text = _fill(said.last, **values)
        else:
            text = _fill(said.next, until=short_when(until or rest[-1].start, local), **values)
    elif r.kind == EXERCISES:
        text = _fill(words.exercises.next, names=_names(plan, r), when=clock, wait=wait)
    elif r.kind == REST_END:
        text = _fill(words.rest_end.next, when=short_when(r.start, local))
    else:
        text = _fill(words.checkin.next, when=short_when(r.start, local))
    return Next(text, False, r)


def due_now(plan: Plan, events: Iterable[Reminder], moment: datetime,
            done: frozenset[str] = frozenset()) -> Reminder | None:
    """The session or exercises due at `moment`: the last one begun, in waking hours, not
    done, and not yet replaced by the next one of its kind."""
    if not in_waking(plan, moment):
        return None
    for kind in (SESSION, EXERCISES):
        of_kind = [r for r in events if r.kind == kind]
        for n, r in enumerate(of_kind):
            following = next((x.start for x in of_kind[n + 1:] if x.advice == r.advice), None)
            if following is not None:
                ends = following
            elif kind == SESSION:
                ends = r.start + timedelta(hours=_item(plan, r.advice[0]).advice.dose.every_hours)
            else:  # the last exercises of the plan: due for the rest of that day
                ends = datetime.combine(plan.local(r.start).date() + timedelta(days=1), time(0),
                                        plan.zone)
            if r.start <= moment < ends and r.key not in done:
                return r
    return None


def _item(plan: Plan, advice_id: str) -> Item:
    return next(i for i in plan.items if i.id == advice_id)


def _names(plan: Plan, r: Reminder) -> str:
    return ", ".join(i.advice.title for i in plan.items
                     if i.id in r.advice and i.advice.dose is not None)


def planned_per_day(plan: Plan, ruleset, words: Words | None = None) -> dict[date, int]:  # noqa: ANN001
    """How many sessions and exercise times the plan has each day (local)."""
    out: dict[date, int] = {}
    for r in reminders(plan, ruleset, words):
        if r.kind in (SESSION, EXERCISES):
            day = plan.local(r.start).date()
            out[day] = out.get(day, 0) + 1
    return out
