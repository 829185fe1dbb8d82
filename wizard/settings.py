"""The person's settings that the command line shares with the window, read without Qt.

The window keeps its settings in `settings.ini` (QSettings, INI format) in the data folder.
The command line only reads the waking hours from it. The file is the person's own: a
damaged, huge or strange one is ignored, never trusted.
"""

from __future__ import annotations

import os
import stat
from datetime import time

from .paths import settings_file

WAKING_KEY = ("plan", "waking")       # [plan] waking=08:00-22:00
_MAX_BYTES = 64 * 1024


def stored_waking() -> tuple[time, time] | None:
    """The waking hours set in the window, or None when none are set or they cannot be read."""
    from .core.schedule import parse_waking
    text = _read(*WAKING_KEY)
    if text is None:
        return None
    try:
        return parse_waking(text)
    except ValueError:
        return None


def _read(section: str, key: str) -> str | None:
    path = settings_file()
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _MAX_BYTES:
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            text = handle.read(_MAX_BYTES).decode("utf-8", "replace")
    except OSError:
        return None
    current = None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip().lower()
        elif current == section.lower() and "=" in line:
            name, value = line.split("=", 1)
            if name.strip() == key:
                return value.strip().strip('"')
    return None
