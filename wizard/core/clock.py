"""The one clock. Everything that needs "now" is given one of these."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime, tzinfo

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


def local_zone() -> tzinfo:
    """The person's time zone with its daylight-saving rules: `TZ`, else the system's
    (/etc/localtime), else the current UTC offset (no rules known)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    name = os.environ.get("TZ", "").lstrip(":")
    candidates = [name] if name else []
    try:
        target = os.readlink("/etc/localtime")
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    except OSError:
        pass
    for candidate in candidates:
        try:
            return ZoneInfo(candidate)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
    if not name:
        try:
            with open("/etc/localtime", "rb") as data:
                return ZoneInfo.from_file(data, key="localtime")
        except (OSError, ValueError):
            pass
    return datetime.now().astimezone().tzinfo


def zone_named(name: str) -> tzinfo:
    """An IANA zone by name. Raises ValueError with a plain message."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError("a time zone name such as Europe/London") from None
