"""Episodes and check-ins in SQLite (stdlib sqlite3). No Qt.

- One file, `history.sqlite3`, in the data folder: the file 0600, the folder 0700.
- Every write in a transaction (BEGIN IMMEDIATE), with a busy timeout, so that two windows,
  or a window and the command line, never lose a check-in.
- A schema version table and migrations from the first release.
- A damaged or unreadable file is moved aside under a dated name, never deleted, and a
  fresh store is started; `notice` says so in words.
"""

# No `from __future__ import annotations`: typing.NamedTuple would compile the string of
# every field's type at import, 1 ms of a returning person's start.
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from ..i18n import tr, trn
from ..ownfiles import chmod_own, own_file
from .opening import (TRY_S, Guarded, create_whole, json_object, keep_copy, missing_tables,
                      patiently, readable, schema_version)

FILE_NAME = "history.sqlite3"
BUSY_TIMEOUT_MS = 10_000

# Each entry takes the schema from one version to the next. Never edit a released one.
MIGRATIONS: tuple[str, ...] = (
    # 1: the first release.
    """
    CREATE TABLE episodes (
        id INTEGER PRIMARY KEY,
        onset TEXT NOT NULL,
        sudden_trauma INTEGER NOT NULL,
        trauma_kind TEXT,
        created TEXT NOT NULL,
        closed TEXT
    );
    CREATE TABLE checkins (
        id INTEGER PRIMARY KEY,
        episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        answers TEXT NOT NULL,
        pain INTEGER NOT NULL,
        plan TEXT NOT NULL,
        ruleset_version TEXT NOT NULL
    );
    CREATE INDEX checkins_by_episode ON checkins(episode_id, at);
    """,
    # 2: triage and phase at hand for the history view, filled in from the stored plans.
    """
    ALTER TABLE checkins ADD COLUMN triage TEXT NOT NULL DEFAULT '';
    ALTER TABLE checkins ADD COLUMN phase TEXT NOT NULL DEFAULT '';
    UPDATE checkins SET triage = json_extract(plan, '$.triage'),
                        phase = json_extract(plan, '$.phase');
    """,
    # 3: what the window needs to know before the rule set is loaded (how long an episode
    # stays open), written with each check-in.
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 4: clinical content 2.0. An emergency check-in is stored too, so onset, strain and
    # pain may be missing; each check-in keeps the warning signs told there and the answer
    # to "has a doctor checked you?"; corrections (a sign taken back) are recorded. The
    # check-ins of earlier versions keep every sign they had as told.
    """
    CREATE TABLE episodes_v4 (
        id INTEGER PRIMARY KEY,
        onset TEXT,
        sudden_trauma INTEGER,
        trauma_kind TEXT,
        created TEXT NOT NULL,
        closed TEXT
    );
    INSERT INTO episodes_v4 SELECT id, onset, sudden_trauma, trauma_kind, created, closed
        FROM episodes;
    CREATE TABLE checkins_v4 (
        id INTEGER PRIMARY KEY,
        episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        answers TEXT NOT NULL,
        pain INTEGER,
        plan TEXT NOT NULL,
        ruleset_version TEXT NOT NULL,
        triage TEXT NOT NULL DEFAULT '',
        phase TEXT NOT NULL DEFAULT '',
        told TEXT NOT NULL DEFAULT '[]',
        doctor_seen INTEGER
    );
    INSERT INTO checkins_v4 (id, episode_id, at, answers, pain, plan, ruleset_version, triage,
                             phase, told)
        SELECT id, episode_id, at, answers, pain, plan, ruleset_version, triage, phase,
               COALESCE(json_extract(answers, '$.red_flags'), '[]') FROM checkins;
    DROP TABLE checkins;
    DROP TABLE episodes;
    ALTER TABLE episodes_v4 RENAME TO episodes;
    ALTER TABLE checkins_v4 RENAME TO checkins;
    CREATE INDEX checkins_by_episode ON checkins(episode_id, at);
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY,
        episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        value TEXT NOT NULL
    );
    """,
    # 5: reminders (issue 12). What was exported to a calendar, so that the next file
    # updates (SEQUENCE) or cancels (STATUS:CANCELLED) it; and each session or exercise time
    # marked done on the "What now" card, for the adherence figures.
    """
    CREATE TABLE exported (
        episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
        uid TEXT NOT NULL,
        sequence INTEGER NOT NULL,
        start TEXT NOT NULL,
        minutes INTEGER NOT NULL,
        title TEXT NOT NULL,
        cancelled INTEGER NOT NULL DEFAULT 0,
        at TEXT NOT NULL,
        PRIMARY KEY (episode_id, uid)
    );
    CREATE TABLE done (
        id INTEGER PRIMARY KEY,
        episode_id INTEGER NOT NULL REFERENCES episodes(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        slot TEXT NOT NULL,
        planned TEXT NOT NULL,
        at TEXT NOT NULL,
        UNIQUE (episode_id, slot)
    );
    """,
)
VERSION = len(MIGRATIONS)


class HistoryError(Exception):
    """The history cannot be used. The message says why, in words."""


class HistoryBusy(HistoryError):
    """Another program holds the history: nothing was changed; try again later."""


class Episode(NamedTuple):
    id: int
    onset: datetime | None          # None: not yet told (an emergency check-in came first)
    sudden_trauma: bool | None
    trauma_kind: str | None
    created: datetime
    closed: datetime | None


class Checkin(NamedTuple):
    id: int
    episode_id: int
    number: int                   # 1 for the first check-in of its episode
    at: datetime
    answers: dict[str, Any]
    pain: int | None                # None for an emergency check-in that skipped it
    triage: str
    phase: str
    plan: dict[str, Any]
    ruleset_version: str
    told: tuple[str, ...] = ()      # the warning signs told at this check-in
    doctor_seen: bool | None = None  # "has a doctor checked you?": None when not asked


class Exported(NamedTuple):
    """A calendar event as last exported: the next file updates or cancels it."""
    uid: str
    sequence: int
    start: datetime
    minutes: int
    title: str
    cancelled: bool


class Done(NamedTuple):
    """A session or exercise time marked done on the "What now" card."""
    kind: str                       # "session" or "exercises"
    slot: str                       # the reminder's key: the item and its planned time
    planned: datetime
    at: datetime                    # when "Done" was pressed


class Correction(NamedTuple):
    at: datetime
    kind: str                       # "take_back": a warning sign told by mistake
    value: str


def _dt(text: str | None) -> datetime | None:
    if text is None:
        return None
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:  # not written by us: unreadable
        raise ValueError(f"a time without its UTC offset: {text!r}")
    return moment


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _int(flag: bool | None) -> int | None:
    return None if flag is None else int(flag)


class Store:
    def __init__(self, folder: Path, on_wait: Any = None) -> None:
        """`on_wait`, called while another program holds the file, keeps a window answering."""
        self.folder = Path(folder)
        self.path = self.folder / FILE_NAME
        self.notice: str | None = None   # what the person should be told, if anything
        self.unreadable = 0              # rows that could not be read, and are left out
        self.on_wait = on_wait
        self._conn = self._open()
        try:
            patiently(self._look_for_damage, HistoryBusy, on_wait)
        except BaseException:
            self._conn.close()
            raise
        self._conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        self._conn = Guarded(self._conn, HistoryBusy)

    def _look_for_damage(self) -> None:
        """Count the rows that cannot be read; keep a copy of the file before any write."""
        skipped: list[Any] = []
        episodes = self._read_episodes(skipped)
        total = self._conn.execute("SELECT COUNT(*) FROM checkins").fetchone()[0]
        shown = sum(len(self.checkins(e.id)) for e in episodes)
        bad_meta = 0
        for key, value in self._conn.execute("SELECT key, value FROM meta"):
            if key == "episode_open_days" and _open_days(value) is None:
                bad_meta += 1
        self.unreadable = len(skipped) + (total - shown) + bad_meta
        if not self.unreadable:
            return
        kept = keep_copy(self._conn, self.path, f"unreadable {skipped!r} {total - shown} {bad_meta}")
        n = self.unreadable
        said = (trn("{n} entry in your history could not be read and is left out; the rest is "
                    "shown.", "{n} entries in your history could not be read and are left out; "
                    "the rest is shown.", n)
                + " " + (tr("A copy of the file was kept as {name}.", name=kept.name) if kept else
                         tr("A copy of the file was kept before.")))
        self.notice = f"{self.notice} {said}" if self.notice else said

    # --- opening ---------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            os.chmod(self.folder, 0o700)
        except OSError as exc:
            # translators: {reason} is the system's words for the error
            raise HistoryError(tr("the history folder {folder} cannot be made or used ({reason})",
                                  folder=self.folder, reason=_reason(exc))) from None
        self._put_aside_what_is_not_ours()
        try:
            return self._connect()
        except sqlite3.DatabaseError as exc:
            if not self.path.exists():
                # translators: {reason} is SQLite's words for the error
                raise HistoryError(tr("the history {path} cannot be opened ({reason})",
                                      path=self.path, reason=exc)) from None
            aside = self._move_aside()
            self.notice = tr("Your history could not be read, so it was put aside as {name} and a "
                             "new one was started. Nothing was deleted.", name=aside.name)
            try:
                return self._connect()
            except sqlite3.DatabaseError as again:
                raise HistoryError(tr("the history {path} cannot be opened ({reason})",
                                      path=self.path, reason=again)) from None

    def _put_aside_what_is_not_ours(self) -> None:
        """A link, a pipe or an empty file where the history should be is damage."""
        said = []
        for extra in ("", "-journal", "-wal", "-shm"):
            side = Path(str(self.path) + extra)
            try:
                problem = own_file(side)
                if problem is None and not extra and side.exists() and side.stat().st_size == 0:
                    # Ours are never empty (create_whole): this one was cut to 0 bytes.
                    aside = self._move_aside()
                    problem = tr("{name} was empty (cut to 0 bytes), so it was put aside as "
                                 "{aside} and a new one was started", name=side.name,
                                 aside=aside.name)
            except OSError as exc:
                # translators: {reason} is the system's words for the error
                raise HistoryError(tr("the history {path} cannot be used ({reason})", path=side,
                                      reason=_reason(exc))) from None
            if problem:
                said.append(problem)
        if said:
            # translators: {problems}: one or more of "history.sqlite3 was a link, not a file, so it was put aside as ... and a new one was started", joined by "; "
            self.notice = tr("Your history could not be used: {problems}. Nothing was deleted.",
                             problems="; ".join(said))

    def _connect(self) -> sqlite3.Connection:
        new = not os.path.lexists(self.path)
        if new:  # made whole, readable by its owner alone, then linked into place
            try:
                create_whole(self.path, self._migrate)
            except (OSError, sqlite3.Error) as exc:
                raise HistoryError(tr("the history {path} cannot be created ({reason})",
                                      path=self.path,
                                      reason=_reason(exc))) from None
        try:
            conn = sqlite3.connect(self.path, timeout=TRY_S,
                                   isolation_level=None)  # we say BEGIN ourselves
        except sqlite3.OperationalError as exc:
            raise HistoryError(tr("the history {path} cannot be opened ({reason})",
                                  path=self.path, reason=exc)) from None
        try:
            if patiently(lambda: conn.execute("PRAGMA quick_check").fetchone()[0],
                         HistoryBusy, self.on_wait) != "ok":
                raise sqlite3.DatabaseError(tr("the file is damaged"))
            version = patiently(lambda: schema_version(conn), HistoryBusy, self.on_wait)
            if version is not None and version < VERSION:  # a copy before the migration writes
                patiently(lambda: keep_copy(conn, self.path, f"migration {version} to {VERSION}"),
                          HistoryBusy, self.on_wait)
            # Before foreign keys: a migration rebuilds tables (4 drops the old ones).
            patiently(lambda: self._migrate(conn), HistoryBusy, self.on_wait)
            conn.execute("PRAGMA foreign_keys = ON")
            if missing_tables(conn, MIGRATIONS):
                raise sqlite3.DatabaseError(tr("a table is missing"))
            chmod_own(self.path, 0o600)
        except (sqlite3.DatabaseError, HistoryError, OSError):
            conn.close()
            raise
        return conn

    def _move_aside(self) -> Path:
        stamp = datetime.now().strftime("%Y-%m-%d-%H%M%S")
        aside = self.folder / f"history.damaged-{stamp}.sqlite3"
        n = 1
        while aside.exists():
            n += 1
            aside = self.folder / f"history.damaged-{stamp}-{n}.sqlite3"
        os.replace(self.path, aside)
        for extra in ("-wal", "-shm", "-journal"):
            side = Path(str(self.path) + extra)
            if side.exists():
                os.replace(side, Path(str(aside) + extra))
        return aside

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        if schema_version(conn) == VERSION:
            return  # nothing to do: opening writes nothing
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            row = conn.execute("SELECT version FROM schema_version").fetchone()
            version = row[0] if row else 0
            if version > VERSION:
                raise HistoryError(tr("the history was written by a newer version of Back Spasm "
                                      "Wizard; please update the app"))
            for number in range(version, VERSION):
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        conn.execute(statement)
            if row is None:
                conn.execute("INSERT INTO schema_version VALUES (?)", (VERSION,))
            else:
                conn.execute("UPDATE schema_version SET version = ?", (VERSION,))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")  # the write lock up front: no lost updates
        except sqlite3.OperationalError as exc:
            # translators: {reason} is SQLite's words for the error
            raise HistoryError(tr("the history is busy or cannot be written ({reason})",
                                  reason=exc)) from None
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    # --- reading ---------------------------------------------------------------------

    def episodes(self) -> list[Episode]:
        return self._read_episodes([])

    def _read_episodes(self, skipped: list[Any]) -> list[Episode]:
        rows = self._conn.execute(
            "SELECT id, onset, sudden_trauma, trauma_kind, created, closed FROM episodes ORDER BY id")
        return readable(rows, lambda r, _: Episode(r[0], _dt(r[1]), None if r[2] is None else bool(r[2]),
                                                   r[3], _dt(r[4]), _dt(r[5])), skipped)

    def episode(self, episode_id: int) -> Episode | None:
        return next((e for e in self.episodes() if e.id == episode_id), None)

    def checkins(self, episode_id: int) -> list[Checkin]:
        rows = self._conn.execute(
            "SELECT id, episode_id, at, answers, pain, triage, phase, plan, ruleset_version, "
            "told, doctor_seen FROM checkins WHERE episode_id = ? ORDER BY at, id", (episode_id,))
        return readable(rows, lambda r, n: Checkin(r[0], r[1], n, _dt(r[2]), json_object(r[3]),
                                                   _pain(r[4]), r[5], r[6], json_object(r[7]),
                                                   r[8], _signs(r[9]),
                                                   None if r[10] is None else bool(r[10])), [])

    def corrections(self, episode_id: int) -> list[Correction]:
        rows = self._conn.execute("SELECT at, kind, value FROM corrections WHERE episode_id = ? "
                                  "ORDER BY at, id", (episode_id,))
        return readable(rows, lambda r, _: Correction(_dt(r[0]), str(r[1]), str(r[2])), [])

    def known_open_days(self) -> int | None:
        """How long an episode stays open, as the rule set said at the last check-in."""
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'episode_open_days'").fetchone()
        return _open_days(row[0]) if row else None

    def open_episode(self, now: datetime, open_days: int) -> Episode | None:
        """The episode to come back to: not closed, last check-in under `open_days` ago."""
        for episode in reversed(self.episodes()):
            if episode.closed is not None:
                continue
            checkins = self.checkins(episode.id)
            last = checkins[-1].at if checkins else episode.created
            if (now - last).total_seconds() < open_days * 86400:
                return episode
        return None

    # --- writing ---------------------------------------------------------------------

    def new_episode_unless_open(self, onset: datetime | None, sudden_trauma: bool | None,
                                trauma_kind: str | None, now: datetime,
                                open_days: int) -> tuple[Episode, bool]:
        """A new episode, or the open one if another program made it meanwhile: deciding
        and inserting are one transaction, so two first check-ins at once make one
        episode. Returns the episode and whether it was made now."""
        with self._write() as conn:
            current = self.open_episode(now, open_days)
            if current is not None:
                return current, False
            cursor = conn.execute(
                "INSERT INTO episodes (onset, sudden_trauma, trauma_kind, created) VALUES (?, ?, ?, ?)",
                (_iso(onset), _int(sudden_trauma), trauma_kind, now.isoformat()))
            episode_id = cursor.lastrowid
        return self.episode(episode_id), True

    def new_episode(self, onset: datetime | None, sudden_trauma: bool | None,
                    trauma_kind: str | None, now: datetime) -> Episode:
        with self._write() as conn:
            cursor = conn.execute(
                "INSERT INTO episodes (onset, sudden_trauma, trauma_kind, created) VALUES (?, ?, ?, ?)",
                (_iso(onset), _int(sudden_trauma), trauma_kind, now.isoformat()))
            episode_id = cursor.lastrowid
        return self.episode(episode_id)

    def correct_episode(self, episode_id: int, onset: datetime | None,
                        sudden_trauma: bool | None, trauma_kind: str | None) -> None:
        with self._write() as conn:
            conn.execute("UPDATE episodes SET onset = ?, sudden_trauma = ?, trauma_kind = ? "
                         "WHERE id = ?", (_iso(onset), _int(sudden_trauma), trauma_kind,
                                          episode_id))

    def add_correction(self, episode_id: int, at: datetime, kind: str, value: str) -> None:
        with self._write() as conn:
            conn.execute("INSERT INTO corrections (episode_id, at, kind, value) VALUES (?, ?, ?, ?)",
                         (episode_id, at.isoformat(), kind, value))

    def close_episode(self, episode_id: int, now: datetime) -> None:
        with self._write() as conn:
            conn.execute("UPDATE episodes SET closed = ? WHERE id = ? AND closed IS NULL",
                         (now.isoformat(), episode_id))

    def add_checkin(self, episode_id: int, at: datetime, answers: dict[str, Any],
                    plan: dict[str, Any], replace: int | None = None,
                    open_days: int | None = None, told: tuple[str, ...] = (),
                    doctor_seen: bool | None = None) -> int:
        """Record a check-in; with `replace`, update that one instead (the same visit,
        answers corrected). Returns the check-in's id."""
        values = (at.isoformat(), json.dumps(answers, sort_keys=True), answers.get("pain"),
                  json.dumps(plan, sort_keys=True), plan["ruleset"]["version"], plan["triage"],
                  plan["phase"], json.dumps(sorted(told)), _int(doctor_seen))
        with self._write() as conn:
            if open_days is not None:
                conn.execute("INSERT OR REPLACE INTO meta VALUES ('episode_open_days', ?)",
                             (str(open_days),))
            if replace is not None:
                conn.execute("UPDATE checkins SET at = ?, answers = ?, pain = ?, plan = ?, "
                             "ruleset_version = ?, triage = ?, phase = ?, told = ?, "
                             "doctor_seen = ? WHERE id = ?", (*values, replace))
                return replace
            cursor = conn.execute(
                "INSERT INTO checkins (episode_id, at, answers, pain, plan, ruleset_version, "
                "triage, phase, told, doctor_seen) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (episode_id, *values))
            return cursor.lastrowid

    # --- reminders (issue 12) -------------------------------------------------------------

    def exported(self, episode_id: int) -> list[Exported]:
        rows = self._conn.execute(
            "SELECT uid, sequence, start, minutes, title, cancelled FROM exported "
            "WHERE episode_id = ? ORDER BY start, uid", (episode_id,))
        return [Exported(r[0], r[1], _dt(r[2]), r[3], r[4], bool(r[5])) for r in rows]

    def record_exported(self, episode_id: int, events: list[Exported], at: datetime) -> None:
        """Keep what a calendar file held: each event's UID, SEQUENCE and whether it was
        cancelled, in one transaction."""
        with self._write() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO exported (episode_id, uid, sequence, start, minutes, "
                "title, cancelled, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(episode_id, e.uid, e.sequence, e.start.isoformat(), e.minutes, e.title,
                  int(e.cancelled), at.isoformat()) for e in events])

    def done(self, episode_id: int) -> list[Done]:
        rows = self._conn.execute("SELECT kind, slot, planned, at FROM done WHERE episode_id = ? "
                                  "ORDER BY planned, id", (episode_id,))
        return [Done(r[0], r[1], _dt(r[2]), _dt(r[3])) for r in rows]

    def add_done(self, episode_id: int, kind: str, slot: str, planned: datetime,
                 at: datetime) -> None:
        """Record a session or exercise time as done (once: pressing Done again changes
        nothing)."""
        with self._write() as conn:
            conn.execute("INSERT OR IGNORE INTO done (episode_id, kind, slot, planned, at) "
                         "VALUES (?, ?, ?, ?, ?)", (episode_id, kind, slot, planned.isoformat(),
                                                    at.isoformat()))


def _pain(value: Any) -> int | None:
    """A stored pain; None for an emergency check-in that did not ask it."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"a pain of {value!r}")
    return value


def _signs(text: Any) -> tuple[str, ...]:
    """The warning signs told at a check-in: a JSON list of ids."""
    import json
    value = json.loads(text)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("not a list of warning signs")
    return tuple(value)


def _open_days(value: Any) -> int | None:
    """The stored days an episode stays open, or None when they cannot be read."""
    try:
        days = int(value)
    except (TypeError, ValueError):
        return None
    return days if 0 < days < 100_000 else None


def forget(folder: Path) -> list[Path]:
    """Delete every stored answer, plan and setting: the app's own files in the data
    folder, and the folder if nothing else is in it (wizard/ownfiles.py). Returns what
    was removed."""
    from ..ownfiles import forget as forget_own
    return forget_own(folder)


def _reason(exc: BaseException) -> str:
    """The system's words for why a file could not be used, in the person's language."""
    from ..words import system_reason
    return system_reason(exc)
