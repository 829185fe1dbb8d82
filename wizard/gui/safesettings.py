"""The window's settings file, opened so that nothing in it can stop the window (issue 10,
item 9): a link, a FIFO or a folder at its path, a file too large or holding a serialized
`@Variant` (which Qt would unpack, and a crafted one aborts the process), is put aside and a
fresh file started. A value of the wrong type is dropped when it is read.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from ..i18n import tr
from ..ownfiles import kind_of, own_file, put_aside, read_small
from ..settings import MAX_BYTES  # the settings file holds a few short lines

GEOMETRY = "window/geometry"


def open_settings(path: Path) -> tuple[QSettings, str | None]:
    """The settings, and what the person should be told about them, in a sentence (or None)."""
    problem = None
    try:
        problem = own_file(path)
        if problem is not None:
            # translators: {problem} says what stood at the settings file's place and what was done
            problem = tr("The window's settings were reset: {problem}.", problem=problem)
        elif path.exists() and not _looks_like_ours(path):
            aside = put_aside(path)
            problem = tr("The window's settings were reset: {name} could not be read, so it was "
                         "put aside as {aside}.", name=path.name, aside=aside.name)
    except OSError as exc:   # the folder cannot be used: the settings are simply not kept
        from ..words import system_reason
        problem = tr("The window's settings were reset: the window's settings cannot be kept "
                     "({error}).", error=system_reason(exc))
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    if kind_of(path) is None and not isinstance(settings.value(GEOMETRY), (QByteArray, bytes,
                                                                             type(None))):
        settings.remove(GEOMETRY)   # not a geometry Qt wrote: reset it
    return settings, problem


def _looks_like_ours(path: Path) -> bool:
    data = read_small(path, MAX_BYTES)
    return data is not None and b"@Variant(" not in data and b"\0" not in data
