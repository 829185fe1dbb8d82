"""The app's own files in the data folder, opened without following links, and deleted
one by one (issue 10, items 3 and 5). No Qt.

- A link, a FIFO or anything but a regular file where one of our files should be is
  damage: it is put aside under a dated name (the link itself, never what it points at).
  Folders may be links (a linked ~/.local/share is common); files may not.
- `forget` deletes only what the app made, then the folder if it is empty: pointed at a
  folder of other files by mistake, it leaves them alone.
"""

from __future__ import annotations

import os
import re
import stat
from datetime import datetime
from pathlib import Path
from typing import IO

from .i18n import tr

NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)

# Every name the app makes in the data folder (and in logs/). A new kind of file joins here.
# Patterns as text, compiled by `forget` when it runs: compiled at import they cost 1 ms of
# every start of the window (benchmarks/startup.py), which never deletes anything.
OWN_NAMES = r"""(
      history\.sqlite3(-journal|-wal|-shm)?
    | history\.(damaged|kept)-[0-9-]+(-[0-9a-f]+)?\.sqlite3(-journal|-wal|-shm)?
    | \.history\.sqlite3\.[0-9a-f-]+\.new(-journal)?
    | settings\.ini(\.lock)?
    | settings\.ini\.[A-Za-z0-9]{6}
    | settings\.damaged-[0-9-]+\.ini
    | window\.lock                  # one window at a time (gui/lock.py)
)"""
# Sub-folders the app makes, and the files it puts there.
OWN_FOLDERS = {
    "logs": r"spasm-wizard(\.damaged-[0-9-]+)?\.log",
    "qt": r"QtProject\.conf(\.lock)?|QtProject\.conf\.[A-Za-z0-9]{6}",  # Qt's own
    "cache": r"rules\.msgpack|\.rules\.msgpack\.[0-9]+-[0-9a-f]+\.part",  # rulecache.py
}


def kind_of(path: Path) -> str | None:
    """None when `path` is a regular file or is missing; otherwise what stands there."""
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    if stat.S_ISREG(info.st_mode):
        return None
    if stat.S_ISLNK(info.st_mode):
        return "a link"
    if stat.S_ISDIR(info.st_mode):
        return "a folder"
    if stat.S_ISFIFO(info.st_mode):
        return "a pipe"
    return "not a file"


def read_small(path: Path, max_bytes: int) -> bytes | None:
    """The bytes of a regular file of at most `max_bytes`, read without following a link
    (a pipe would never end). None when it is missing, larger, or not a regular file."""
    if kind_of(path) is not None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError:
        return None
    return data if len(data) <= max_bytes else None


def put_aside(path: Path) -> Path:
    """Rename `path` (a link is renamed, not followed) to NAME.damaged-STAMP.SUFFIX."""
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
    aside = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
    n = 1
    while os.path.lexists(aside):
        n += 1
        aside = path.with_name(f"{path.stem}.damaged-{stamp}-{n}{path.suffix}")
    os.replace(path, aside)
    return aside


def own_file(path: Path) -> str | None:
    """Make sure `path` is a regular file or absent. Otherwise put what stands there aside
    and return a sentence that says so."""
    what = kind_of(path)
    if what is None:
        return None
    aside = put_aside(path)
    name, aside_name = path.name, aside.name
    if what == "a link":
        # translators: said when one of the app's files was damaged; {name} and {aside} are file names
        return tr("{name} was a link, not a file, so it was put aside as {aside} and a new one "
                  "was started", name=name, aside=aside_name)
    if what == "a folder":
        return tr("{name} was a folder, not a file, so it was put aside as {aside} and a new one "
                  "was started", name=name, aside=aside_name)
    if what == "a pipe":
        return tr("{name} was a pipe, not a file, so it was put aside as {aside} and a new one "
                  "was started", name=name, aside=aside_name)
    # translators: something else than a file (a device, a socket) stood where one of the app's files should be
    return tr("{name} was not a file, not a file, so it was put aside as {aside} and a new one "
              "was started", name=name, aside=aside_name)


def chmod_own(path: Path, mode: int) -> None:
    """chmod without following a link (os.chmod would change the file a link points at)."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | NOFOLLOW)
    try:
        if os.fstat(fd).st_mode & 0o7777 != mode:
            os.fchmod(fd, mode)
    finally:
        os.close(fd)


def open_append(path: Path) -> IO[str]:
    """The file for appending text, created 0600; a link there is refused (ELOOP)."""
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | NOFOLLOW, 0o600)
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path} is not a file")
        return os.fdopen(fd, "a", encoding="utf-8")
    except BaseException:
        os.close(fd)
        raise


def forget(folder: Path) -> list[Path]:
    """Delete the app's own files in `folder` (links themselves, never what they point
    at), then the folder if nothing else is in it. Returns what was removed."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    removed: list[Path] = []
    own_names = re.compile(OWN_NAMES, re.VERBOSE)
    for entry in sorted(folder.iterdir()):
        if own_names.fullmatch(entry.name) and kind_of(entry) != "a folder":
            os.unlink(entry)
            removed.append(entry)
    for name, pattern in OWN_FOLDERS.items():
        own = re.compile(pattern)
        sub = folder / name
        if kind_of(sub) != "a folder":
            continue
        for entry in sorted(sub.iterdir()):
            if own.fullmatch(entry.name) and kind_of(entry) != "a folder":
                os.unlink(entry)
                removed.append(entry)
        if not any(sub.iterdir()):
            sub.rmdir()
            removed.append(sub)
    if not folder.is_symlink() and not any(folder.iterdir()):
        folder.rmdir()
        removed.append(folder)
    return removed
