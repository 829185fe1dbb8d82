"""The one clock. Everything that needs "now" is given one of these."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

Clock = Callable[[], datetime]


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
    return moment
