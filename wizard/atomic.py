"""Writing a file the person asked for, atomically (issue 10, item 1).

The content goes to a new file beside the target (`.NAME.part`, readable by its owner
alone), is checked, flushed to the disk, and only then renamed over the target: the old
file stays whole until the new one is complete. A target that exists and is not a
regular file (a device such as /dev/full, a FIFO, a folder) is refused, never replaced.
On any failure, and on SIGTERM, the part file is removed.
"""

from __future__ import annotations

import os
import signal
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .i18n import tr

_PARTS: set[str] = set()     # part files being written, removed on SIGTERM


class NotAFileError(OSError):
    """The target exists and is not a regular file."""


def check_target(target: Path) -> None:
    """Refuse a target that exists and is not a regular file (links are followed: a link
    to a regular file is replaced by the new file, as a save does)."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return
    except OSError:
        return   # said when the file is written, in the words of that error
    if stat.S_ISREG(info.st_mode):
        return
    mode = info.st_mode
    if stat.S_ISDIR(mode):
        # translators: a file the person chose to save to; {target} is its path
        said = tr("{target} is a folder, not a file; choose a file name", target=target)
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        said = tr("{target} is a device, not a file; choose a file name", target=target)
    elif stat.S_ISFIFO(mode):
        said = tr("{target} is a pipe, not a file; choose a file name", target=target)
    else:
        said = tr("{target} is not a regular file, not a file; choose a file name", target=target)
    raise NotAFileError(said)


@contextmanager
def replacing(target: Path, check: Callable[[Path], str | None] | None = None
              ) -> Iterator[Path]:
    """Yield a new part file beside `target`. When the block ends without error, `check`
    (if given) reads the part file and returns a problem in words, or None; then the file
    is flushed to the disk, its size confirmed, and it is renamed over `target`."""
    target = Path(target)
    check_target(target)
    folder = target.parent if str(target.parent) else Path(".")
    part = folder / f".{target.name}.{os.getpid()}-{os.urandom(4).hex()}.part"
    fd = os.open(part, os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0),
                 0o600)
    os.close(fd)
    restore = _watch(part)
    try:
        yield part
        problem = check(part) if check is not None else None
        if problem:
            # translators: {problem} is, for example, "it was cut short (is the disk full?)"
            raise OSError(tr("the file was not written whole: {problem}", problem=problem))
        _flush(part)
        check_target(target)          # it may have changed while we wrote
        os.replace(part, target)
        _flush_folder(folder)
    finally:
        try:
            os.unlink(part)
        except FileNotFoundError:
            pass
        restore()


def _flush(part: Path) -> None:
    fd = os.open(part, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        size = os.fstat(fd).st_size
        os.fsync(fd)
        if size == 0 or os.fstat(fd).st_size != size:
            raise OSError(tr("nothing was written") if size == 0 else tr("the file changed size"))
    finally:
        os.close(fd)


def _flush_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass   # some file systems cannot sync a folder; the rename is done
    finally:
        os.close(fd)


def _watch(part: Path) -> Callable[[], None]:
    """Remove `part` if SIGTERM comes while it is written; then die of SIGTERM as before."""
    _PARTS.add(str(part))
    if not hasattr(signal, "SIGTERM"):
        return lambda: _PARTS.discard(str(part))
    previous = signal.getsignal(signal.SIGTERM)

    def on_term(signum: int, frame: object) -> None:
        for name in list(_PARTS):
            try:
                os.unlink(name)
            except OSError:
                pass
        _PARTS.clear()
        if callable(previous):
            previous(signum, frame)
            return
        signal.signal(signal.SIGTERM, signal.SIG_DFL if previous in (None, signal.SIG_DFL)
                      else previous)
        os.kill(os.getpid(), signal.SIGTERM)

    try:
        signal.signal(signal.SIGTERM, on_term)
    except ValueError:  # not the main thread, where Python lets no handler be set
        return lambda: _PARTS.discard(str(part))

    def restore() -> None:
        _PARTS.discard(str(part))
        if signal.getsignal(signal.SIGTERM) is on_term:
            signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
    return restore
