"""Session times for the printed plan: a dose's interval laid over waking hours.

Pure: the plan, the waking hours and nothing else. Times are in the person's zone.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from ._msgspec import msgspec

from .plan import Item, Plan



class Day(msgspec.Struct, frozen=True):
    day: date
    sessions: tuple[datetime, ...]


def parse_waking(text: str) -> tuple[time, time]:
    """'08:00-22:00' -> (08:00, 22:00). Raises ValueError with a plain message."""
    try:
        first, last = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError:
        raise ValueError("two times such as 08:00-22:00") from None
    if first == last:
        raise ValueError("a waking time and a different sleeping time, such as 08:00-22:00 "
                         "(or 20:00-12:00 for a night worker)")
    return first, last


def schedule_end(plan: Plan, item: Item) -> datetime | None:
    """Until when the schedule runs: the item's own end (the cold phase), else the end of
    the day of the next check-in (heat has no fixed end: the plan is updated then)."""
    until = plan.dates.get(item.advice.until) if item.advice.until else None
    if until is not None:
        return until
    if plan.next_checkin is None:
        return None
    checkin = plan.local(plan.next_checkin)
    return datetime.combine(checkin.date() + timedelta(days=1), time(0), checkin.tzinfo)


def sessions(plan: Plan, item: Item, waking: tuple[time, time] | None = None) -> tuple[Day, ...]:
    """Every session of an item with an interval (minutes every N hours), from now to the
    end of the schedule, within waking hours [start, end): none at the moment they end.
    Empty for items without an interval."""
    dose = item.advice.dose
    end = schedule_end(plan, item)
    if dose is None or not dose.every_hours or end is None:
        return ()
    waking = waking or plan.waking
    step = timedelta(hours=dose.every_hours)
    now = plan.local(plan.now)
    zone = now.tzinfo
    # The first session: now, rounded up to the next quarter of an hour.
    start = now.replace(second=0, microsecond=0)
    start += timedelta(minutes=(-start.minute) % 15)
    days: list[Day] = []
    crosses = waking[1] <= waking[0]
    day = start.date() - timedelta(days=crosses)   # last night's hours may still run
    while True:
        wake = datetime.combine(day, waking[0], zone)
        # Waking hours that cross midnight (a night worker) end on the next day.
        sleep = datetime.combine(day + timedelta(days=crosses), waking[1], zone)
        moment = max(wake, start)
        times = []
        # [wake, sleep) as in conditions.in_waking_hours: nothing at the moment they end.
        while moment < sleep and moment < end:
            times.append(moment)
            moment += step
        if times:
            days.append(Day(day, tuple(times)))
        day += timedelta(days=1)
        if datetime.combine(day, waking[0], zone) >= end:
            return tuple(days)


def exercise_days(plan: Plan, item: Item, waking: tuple[time, time] | None = None,
                  count: int = 3) -> tuple[Day, ...]:
    """For an exercise done a number of times a day: today and the next days, one tick box
    each time (no fixed clock time). Today only while some of its waking hours are left: a
    plan made after they end starts tomorrow."""
    dose = item.advice.dose
    if dose is None or not dose.times_a_day:
        return ()
    now = plan.local(plan.now)
    first = now.date()
    if waking is not None and waking[0] < waking[1] and now.time() >= waking[1]:
        first += timedelta(days=1)
    return tuple(Day(first + timedelta(days=n), ()) for n in range(count))
