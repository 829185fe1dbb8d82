"""Opening the history safely (issue 10, items 2, 4, 5 and 6). No Qt.

- Busy is not damage: "database is locked" means another program holds the file (a
  backup tool, a database browser, a second window). We wait up to BUSY_WAIT_S, calling
  `on_wait` between short tries so that a window keeps answering, then say so and change
  nothing. Nothing is ever put aside for it.
- Opening writes nothing when no migration is due.
- A new history is made whole under a temporary name and linked into place, so an empty
  history file is never ours: it is damage (a file cut to 0 bytes), and said.
- Before anything writes to a history with damaged rows, or migrates one, a dated copy is
  kept beside it (once for each damage found).
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
import zlib
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from ..i18n import tr
from ..ownfiles import NOFOLLOW

BUSY_WAIT_S = 5.0
TRY_S = 0.1
T = TypeVar("T")


def is_busy(exc: BaseException) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def patiently(step: Callable[[], T], busy_error: type[Exception],
              on_wait: Callable[[], None] | None = None, wait_s: float | None = None) -> T:
    """Run `step`; while the file is busy, try again for up to BUSY_WAIT_S."""
    deadline = time.monotonic() + (BUSY_WAIT_S if wait_s is None else wait_s)
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            if not is_busy(exc):
                raise
            if time.monotonic() >= deadline:
                raise busy_error(tr("the history is in use by another program: try again when "
                                    "it is closed; nothing was changed")) from None
        if on_wait is not None:
            on_wait()
        time.sleep(0.02)


class Guarded:
    """The store's connection: a busy file is said in words (a HistoryError), never as
    sqlite3's "database is locked"."""

    def __init__(self, conn: sqlite3.Connection, busy_error: type[Exception]) -> None:
        self._conn = conn
        self._busy = busy_error

    def execute(self, *args: Any) -> sqlite3.Cursor:
        try:
            return self._conn.execute(*args)
        except sqlite3.OperationalError as exc:
            if is_busy(exc):
                raise self._busy(tr("the history is in use by another program: try again "
                                    "when it is closed")) from None
            raise

    def close(self) -> None:
        self._conn.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._conn, name)


def schema_version(conn: sqlite3.Connection) -> int | None:
    """The stored schema version, read without writing; None for a file with none yet."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                    "AND name = 'schema_version'").fetchone() is None:
        return None
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    return row[0] if row else None


def missing_tables(conn: sqlite3.Connection, migrations: Iterable[str]) -> list[str]:
    """Tables the migrations made that the file lacks (one dropped by hand, say)."""
    made = {name for text in migrations
            for name in re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", text)}
    # A table made to be renamed (episodes_v4 -> episodes) is not missing.
    made -= {old for text in migrations
             for old in re.findall(r"ALTER TABLE (\w+) RENAME TO", text)}
    present = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    return sorted(made - present)


def create_whole(path: Path, migrate: Callable[[sqlite3.Connection], None]) -> None:
    """Make a new history at `path`, 0600, with its schema, or leave one made meanwhile by
    another program. It appears whole: never as an empty file."""
    temp = path.with_name(f".{path.name}.{os.getpid()}-{os.urandom(4).hex()}.new")
    os.close(os.open(temp, os.O_CREAT | os.O_EXCL | os.O_WRONLY | NOFOLLOW, 0o600))
    try:
        conn = sqlite3.connect(temp, isolation_level=None)
        try:
            migrate(conn)
        finally:
            conn.close()
        try:
            os.link(temp, path)       # fails if a history appeared meanwhile: keep that one
        except FileExistsError:
            pass
        except OSError:               # a file system without hard links
            if not os.path.lexists(path):
                os.replace(temp, path)
    finally:
        for name in (temp, Path(f"{temp}-journal")):
            try:
                os.unlink(name)
            except FileNotFoundError:
                pass


def keep_copy(conn: sqlite3.Connection, path: Path, why: str) -> Path | None:
    """A dated copy of the file beside it, made under a read lock (no writer can be half
    way through), unless one for the same `why` exists. Returns the copy, or None."""
    tag = f"{zlib.crc32(why.encode()):08x}"  # zlib is loaded already; hashlib would load OpenSSL
    if any(path.parent.glob(f"history.kept-*-{tag}.sqlite3")):
        return None
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
    copy = path.with_name(f"history.kept-{stamp}-{tag}.sqlite3")
    conn.execute("BEGIN")           # a read transaction: a shared lock while we copy
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        fd = os.open(copy, os.O_CREAT | os.O_EXCL | os.O_WRONLY | NOFOLLOW, 0o600)
        with open(path, "rb") as source, os.fdopen(fd, "wb") as target:
            while chunk := source.read(1 << 20):
                target.write(chunk)
            target.flush()
            os.fsync(target.fileno())
    finally:
        conn.execute("COMMIT")
    return copy


def readable(rows: Iterable[Any], make: Callable[[Any, int], T], skipped: list[Any]) -> list[T]:
    """make(row, number) for every row that can be read; the others go to `skipped`."""
    out: list[T] = []
    for row in rows:
        try:
            out.append(make(row, len(out) + 1))
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
            skipped.append(row)
    return out


def json_object(text: Any) -> dict[str, Any]:
    import json
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value
