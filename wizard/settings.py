"""The person's settings that the command line shares with the window, read without Qt.

The window keeps its settings in `settings.ini` (QSettings, INI format) in the data folder.
The command line only reads the waking hours from it. The file is the person's own: a
damaged, huge or strange one is ignored, never trusted.
"""

from __future__ import annotations

from datetime import time

from .ownfiles import read_small
from .paths import settings_file

WAKING_KEY = ("plan", "waking")       # [plan] waking=08:00-22:00
MAX_BYTES = 64 * 1024                 # a settings file larger than this is not ours


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


LANGUAGE_KEY = ("window", "language")  # [window] language=de: the choice on the Welcome page


def stored_language() -> str | None:
    """The language chosen on the Welcome page, or None."""
    text = _read(*LANGUAGE_KEY)
    return text if text and len(text) <= 20 else None


def _read(section: str, key: str) -> str | None:
    data = read_small(settings_file(), MAX_BYTES)
    if data is None:
        return None
    current = None
    for line in data.decode("utf-8", "replace").splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1].strip().lower()
        elif current == section.lower() and "=" in line:
            name, value = line.split("=", 1)
            if name.strip() == key:
                return value.strip().strip('"')
    return None
