"""The one clock. Everything that needs "now" is given one of these."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

Clock = Callable[[], datetime]
FIRST_YEAR, LAST_YEAR = 1900, 2999   # what a date a person gives can be


def system_clock() -> datetime:
    """The machine's time, in its local zone, with the offset attached."""
    return datetime.now().astimezone()


def fixed_clock(moment: datetime) -> Clock:
    if moment.tzinfo is None:
        raise ValueError("a clock needs a time with a UTC offset")
    return lambda: moment


def parse_moment(text: str) -> datetime:
    """ISO 8601 with a UTC offset. Raises ValueError with a plain message."""
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError("a date and time such as 2026-11-27T10:00:00+01:00") from None
    if moment.tzinfo is None:
        raise ValueError("a date and time with its UTC offset, such as 2026-11-27T10:00:00+01:00")
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        # Far from today, adding hours or changing zones overflows Python's dates.
        raise ValueError(f"a date and time between the years {FIRST_YEAR} and {LAST_YEAR}, "
                         "such as 2026-11-27T10:00:00+01:00")
    return moment
