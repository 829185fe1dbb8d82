"""One window at a time: a lock file in the data folder (QLockFile, which tells a stale
lock, left by a window that crashed, from a live one). Delete my data removes it with
everything else; `spasm-wizard forget` refuses while a window holds it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

LOCK_NAME = "window.lock"


def take(folder: Path) -> QLockFile | None:
    """The lock, held until the returned object is released (or the process ends); None
    when another window holds it. A folder that cannot be written gives an unheld lock:
    the app still works, as it does without a history."""
    lock = QLockFile(str(Path(folder) / LOCK_NAME))
    lock.setStaleLockTime(0)  # stale only when its process is gone, never from age
    if lock.tryLock(0):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        return None
    return lock


def window_open(folder: Path) -> bool:
    """Whether a window of the app holds the data folder now."""
    if not (Path(folder) / LOCK_NAME).exists():
        return False
    lock = QLockFile(str(Path(folder) / LOCK_NAME))
    lock.setStaleLockTime(0)
    if lock.tryLock(0):
        lock.unlock()
        return False
    return lock.error() == QLockFile.LockError.LockFailedError
