"""The end of the waking hours (CLINICAL.md section 6: [start, end)): a session at the
moment they end is not in them. The schedule, the PDF's schedule, the calendar file (event
and alarm) and the "What now" card all follow the one test, `in_waking_hours`."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.calendar import calendar_bytes
from wizard.core.answers import validate_answers
from wizard.core.conditions import in_waking_hours
from wizard.core.reminders import SESSION, due_now, in_waking, reminders, what_now
from wizard.core.schedule import parse_waking, sessions
from wizard.report.html import Html

BERLIN = ZoneInfo("Europe/Berlin")
ONSET = "2026-11-26T21:00:00+01:00"   # the cold phase runs to 28 November 21:00


def plan_for(engine, waking: str, now: str, trauma: bool = True):  # noqa: ANN001, ANN201
    moment = datetime.fromisoformat(now).replace(tzinfo=BERLIN)
    raw = {"age": 34, "red_flags": [], "sudden_trauma": trauma, "onset": ONSET,
           "symptoms": [], "pain": 6}
    if trauma:
        raw["trauma_kind"] = "lifting"
    answers = validate_answers(raw, engine.ruleset, moment)
    return engine.evaluate(answers, moment, zone=BERLIN, waking=parse_waking(waking))


def therapy(plan):  # noqa: ANN001, ANN201
    """The cold or heat item: the one with sessions every few hours."""
    return next(i for i in plan.items if i.advice.dose and i.advice.dose.every_hours)


# (waking hours, now, a time the dose's interval lands on, is it in the waking hours?)
# With 07:00-22:00 the interval from 10:00 lands on 22:00; 07:59 and 08:01 starts land on
# 21:59 and 22:01 one day-long run later.
CASES = [
    ("07:00-22:00", "2026-11-27T10:00", "2026-11-27T22:00", False),   # exactly the end
    ("07:00-22:00", "2026-11-27T06:10", "2026-11-27T07:00", True),    # exactly the start
    ("07:59-22:00", "2026-11-27T06:10", "2026-11-27T21:59", True),    # a minute before the end
    ("08:01-22:00", "2026-11-27T06:10", "2026-11-27T22:01", False),   # a minute after it
]


@pytest.mark.parametrize(("waking", "now", "probe", "inside"), CASES)
def test_schedule_pdf_calendar_and_what_now_agree_at_the_edges(engine, waking, now, probe,
                                                               inside) -> None:
    plan = plan_for(engine, waking, now)
    item = therapy(plan)
    at = datetime.fromisoformat(probe).replace(tzinfo=BERLIN)
    step = timedelta(hours=item.advice.dose.every_hours)
    # The probe is where the interval lands: the session next to it is in the schedule.
    scheduled = [t for day in sessions(plan, item) for t in day.sessions]
    assert at - step in scheduled or at + step in scheduled, "the case misses its edge"
    assert in_waking_hours(at.time(), plan.waking) is inside
    assert (at in scheduled) is inside, "the schedule"
    # The PDF's schedule: the row of that day.
    text = Html(plan, engine.ruleset, 4.0, plan.waking).schedule()
    row = next(r for r in text.split("<tr>") if f"{at:%A} {at.day} {at:%B}" in r
               and item.advice.title in r)
    assert (f"{at:%H:%M}" in row) is inside, "the PDF's schedule"
    # The calendar file: the event, and its alarm at the start.
    data, _ = calendar_bytes(plan, engine.ruleset, "test", plan.now)
    found = [e for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
             if e.decoded("dtstart") == at]
    assert bool(found) is inside, "the calendar file"
    for event in found:
        (alarm,) = event.walk("VALARM")
        assert alarm.decoded("trigger") == timedelta(0)
    # The "What now" card: at the probe, is it that session's time?
    card = what_now(plan, engine.ruleset, at)
    assert (card.due and card.reminder.start == at) is inside, "the What now card"
    if not inside:
        assert card.reminder is None or card.reminder.start != at


@st.composite
def wakings(draw) -> tuple[time, time]:
    """Any waking hours, at any minute; some cross midnight."""
    start, end = draw(st.lists(st.integers(0, 24 * 60 - 1), min_size=2, max_size=2,
                               unique=True))
    return time(*divmod(start, 60)), time(*divmod(end, 60))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(waking=wakings(), minutes=st.integers(0, 2 * 24 * 60 - 1), trauma=st.booleans())
def test_every_session_is_in_waking_hours_and_rings_there(engine, waking, minutes,
                                                          trauma) -> None:
    now = datetime(2026, 11, 27, tzinfo=BERLIN) + timedelta(minutes=minutes)
    plan = plan_for(engine, f"{waking[0]:%H:%M}-{waking[1]:%H:%M}",
                    now.replace(tzinfo=None).isoformat(timespec="minutes"), trauma)
    item = therapy(plan)
    scheduled = [t for day in sessions(plan, item) for t in day.sessions]
    assert all(in_waking_hours(t.time(), waking) for t in scheduled)
    events = reminders(plan, engine.ruleset)
    starts = [r.start for r in events if r.kind == SESSION]
    assert starts == [t for t in scheduled if t >= plan.now], "the calendar has the schedule"
    for r in events:
        if r.kind == SESSION:
            assert r.alarm == timedelta(0), "every session rings at its start"
            assert due_now(plan, events, r.start) == r, "What now: it is due at its start"
        if r.alarm is not None:
            assert in_waking(plan, r.start + r.alarm), "no alarm outside waking hours"
    for t in scheduled:   # at the end of that day's waking hours, nothing is due
        assert due_now(plan, events, t.replace(hour=waking[1].hour, minute=waking[1].minute)) \
            is None


def test_what_now_says_less_than_a_minute_not_in_just_now(engine) -> None:
    """Seconds before the next session the card says "in less than a minute" (it said
    "(in just now)")."""
    plan = plan_for(engine, "07:00-22:00", "2026-11-27T10:00")
    first, second = [r for r in reminders(plan, engine.ruleset) if r.kind == SESSION][:2]
    card = what_now(plan, engine.ruleset, second.start - timedelta(seconds=30),
                    frozenset({first.key}))
    assert not card.due and card.reminder == second
    assert "(in less than a minute)" in card.text and "just now" not in card.text
