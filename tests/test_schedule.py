"""Session times: the dose's interval laid over waking hours, in the person's zone."""

from __future__ import annotations

from datetime import datetime, time

import pytest

from wizard.core.answers import validate_answers
from wizard.core.schedule import parse_waking, schedule_end, sessions


def plan_at(engine, ruleset, now: str, **changes):
    moment = datetime.fromisoformat(now)
    raw = {"age": 34, "red_flags": [], "sudden_trauma": True, "trauma_kind": "lifting",
           "onset": "2026-11-27T07:30:00+01:00", "symptoms": [], "pain": 6, **changes}
    return engine.evaluate(validate_answers(raw, ruleset, moment), moment)


def clock(days) -> list[list[str]]:
    return [[f"{t:%H:%M}" for t in day.sessions] for day in days]


def test_cold_every_two_hours_until_the_cold_phase_ends(engine, ruleset) -> None:
    plan = plan_at(engine, ruleset, "2026-11-27T10:07:00+01:00")
    therapy = plan.items[0]
    assert therapy.id == "cold_therapy"
    days = sessions(plan, therapy)
    assert clock(days) == [["10:15", "12:15", "14:15", "16:15", "18:15", "20:15"],
                           ["08:00", "10:00", "12:00", "14:00", "16:00", "18:00", "20:00"]]
    assert all(t < plan.phase_until for day in days for t in day.sessions)


def test_heat_every_four_hours_until_the_day_of_the_next_check_in(engine, ruleset) -> None:
    plan = plan_at(engine, ruleset, "2026-11-27T21:00:00+01:00", sudden_trauma=False,
                   trauma_kind=None)
    therapy = next(i for i in plan.items if i.id == "heat_therapy")
    assert schedule_end(plan, therapy) == datetime.fromisoformat("2026-11-29T00:00:00+01:00")
    assert clock(sessions(plan, therapy)) == [["21:00"], ["08:00", "12:00", "16:00", "20:00"]]


def test_late_at_night_the_schedule_starts_in_the_morning(engine, ruleset) -> None:
    plan = plan_at(engine, ruleset, "2026-11-27T23:10:00+01:00")
    days = sessions(plan, plan.items[0])
    assert days[0].day.isoformat() == "2026-11-28" and clock(days)[0][0] == "08:00"


def test_waking_hours_are_respected(engine, ruleset) -> None:
    plan = plan_at(engine, ruleset, "2026-11-27T10:07:00+01:00")
    days = sessions(plan, plan.items[0], (time(9, 0), time(18, 0)))
    assert clock(days)[1] == ["09:00", "11:00", "13:00", "15:00", "17:00"]


def test_items_without_an_interval_have_no_sessions(engine, ruleset) -> None:
    plan = plan_at(engine, ruleset, "2026-11-27T10:07:00+01:00")
    walks = next(i for i in plan.items if i.id == "walks")
    assert sessions(plan, walks) == ()


@pytest.mark.parametrize("text", ["8-22", "morning", "08:00-08:00", "25:00-08:00"])
def test_bad_waking_hours_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_waking(text)


def test_good_waking_hours_parse() -> None:
    assert parse_waking("07:30-23:00") == (time(7, 30), time(23, 0))


def test_the_exercises_start_tomorrow_when_today_s_waking_hours_are_over(engine, ruleset) -> None:
    """The PDF's tick boxes for the exercises: a plan made at 22:39 with waking hours
    08:00-22:00 has none left for today (it offered three)."""
    from wizard.core.schedule import exercise_days
    waking = parse_waking("08:00-22:00")
    for now, first in (("2026-11-27T21:59:00+01:00", 27), ("2026-11-27T22:00:00+01:00", 28),
                       ("2026-11-27T22:39:00+01:00", 28)):
        plan = plan_at(engine, ruleset, now)
        item = next(i for i in plan.items if i.advice.dose and i.advice.dose.times_a_day)
        days = exercise_days(plan, item, waking)
        assert [d.day.day for d in days] == [first, first + 1, first + 2], now
