"""The history under stress (issue 10, items 2 to 6): busy is not damage, damaged rows are
skipped and said, links are not followed, forget deletes only the app's files, and two
first check-ins at once make one episode."""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest

from conftest import NOW, TESTS
from wizard.cli import main
from wizard.history.store import HistoryError, Store
from wizard.paths import data_dir

ANSWERS = TESTS.parent / "examples" / "lifting-strain.yaml"


@pytest.fixture(autouse=True)
def _short_wait(monkeypatch) -> None:
    # Wait half a second, not five, for a busy history.
    try:
        from wizard.history import opening
    except ImportError:   # the code before issue 10: these tests show what it got wrong
        return
    monkeypatch.setattr(opening, "BUSY_WAIT_S", 0.5)


def check_in(capsys, now: str = NOW.isoformat()) -> tuple[int, str, str]:
    code = main(["checkin", "--answers", str(ANSWERS), "--now", now])
    out, err = capsys.readouterr()
    return code, out, err


def history(capsys) -> tuple[int, str, str]:
    code = main(["history"])
    out, err = capsys.readouterr()
    return code, out, err


def asides(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".damaged-" in p.name)


# --- 2. busy is not damage -------------------------------------------------------------

def hold(folder: Path, how: str) -> sqlite3.Connection:
    other = sqlite3.connect(folder / "history.sqlite3", isolation_level=None)
    other.execute(f"BEGIN {how}")
    other.execute("SELECT COUNT(*) FROM episodes").fetchone()
    if how == "EXCLUSIVE":
        other.execute("UPDATE meta SET value = value")
    return other


def test_a_history_held_by_another_program_is_busy_not_damaged(capsys) -> None:
    assert check_in(capsys)[0] == 0
    folder = data_dir()
    other = hold(folder, "EXCLUSIVE")
    try:
        code, out, err = history(capsys)
        assert code == 1
        assert "the history is in use by another program" in err
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
        assert asides(folder) == [], "nothing is put aside for being busy"
        code, out, err = check_in(capsys, "2026-11-27T12:00:00+01:00")
        assert code == 1 and "in use by another program" in err
    finally:
        other.rollback() if other.in_transaction else None
        other.close()
    code, out, err = history(capsys)
    assert code == 0 and out.count("pain 6 out of 10") == 1, "nothing lost, nothing added"


def test_opening_writes_nothing_when_no_migration_is_due(capsys) -> None:
    assert check_in(capsys)[0] == 0
    folder = data_dir()
    before = (folder / "history.sqlite3").read_bytes()
    other = hold(folder, "IMMEDIATE")   # a writer's lock: reading is still allowed
    try:
        store = Store(folder)
        assert len(store.episodes()) == 1
        store.close()
        code, out, err = history(capsys)
        assert code == 0 and "Episode 1" in out, err
    finally:
        other.rollback()
        other.close()
    assert (folder / "history.sqlite3").read_bytes() == before
    assert asides(folder) == []


def test_while_the_history_is_busy_the_caller_is_called_back(capsys) -> None:
    assert check_in(capsys)[0] == 0
    calls = []
    other = hold(data_dir(), "EXCLUSIVE")
    try:
        with pytest.raises(HistoryError, match="in use by another program"):
            Store(data_dir(), on_wait=lambda: calls.append(1))
    finally:
        other.rollback()
        other.close()
    assert len(calls) >= 3, "a window keeps answering while it waits"


# --- 3. forget deletes only what the app made ------------------------------------------

def test_forget_leaves_other_files_in_the_folder_alone(tmp_path, capsys, monkeypatch) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "tax-return.pdf").write_bytes(b"%PDF- mine")
    (documents / "photos").mkdir()
    (documents / "photos" / "a.jpg").write_bytes(b"jpeg")
    (documents / "settings.ini.bak").write_text("mine too")
    monkeypatch.setenv("SPASM_WIZARD_DATA_DIR", str(documents))
    assert check_in(capsys)[0] == 0
    (documents / "settings.ini").write_text("[window]\n")
    (documents / "logs").mkdir()
    (documents / "logs" / "spasm-wizard.log").write_text("a line\n")
    (documents / "logs" / "other.log").write_text("not ours\n")
    assert main(["forget", "--yes"]) == 0
    left = sorted(str(p.relative_to(documents)) for p in documents.rglob("*"))
    assert left == ["logs", "logs/other.log", "photos", "photos/a.jpg", "settings.ini.bak",
                    "tax-return.pdf"]
    assert "left alone" in capsys.readouterr().out


def test_forget_removes_a_link_not_what_it_points_at(tmp_path, capsys) -> None:
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    (folder / "settings.ini").symlink_to(precious)
    assert main(["forget", "--yes"]) == 0
    assert precious.read_text() == "keep me" and not folder.exists()


# --- 4. damaged rows ------------------------------------------------------------------

def damage(sql: str, *args) -> Path:
    path = data_dir() / "history.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute(sql, args)
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize("sql", [
    "UPDATE checkins SET answers = '{not json' WHERE id = 1",
    "UPDATE checkins SET plan = '[1, 2' WHERE id = 1",
    "UPDATE checkins SET at = 'yesterday' WHERE id = 1",
    "UPDATE checkins SET pain = 'six' WHERE id = 1",
], ids=["bad-answers-json", "bad-plan-json", "bad-date", "bad-pain"])
def test_a_bad_row_is_skipped_and_said(sql, capsys) -> None:
    assert check_in(capsys)[0] == 0
    assert check_in(capsys, "2026-11-28T10:00:00+01:00")[0] == 0
    path = damage(sql)
    damaged = path.read_bytes()
    code, out, err = history(capsys)
    assert code == 0, err
    assert "1 entry in your history could not be read and is left out" in err
    assert out.count("pain 6 out of 10") == 1, "the other check-in is shown"
    kept = list(data_dir().glob("history.kept-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes() == damaged, "a copy before any write"
    assert stat.S_IMODE(kept[0].stat().st_mode) == 0o600
    code, out, err = check_in(capsys, "2026-11-29T10:00:00+01:00")
    assert code == 0, err
    assert len(list(data_dir().glob("history.kept-*.sqlite3"))) == 1, "one copy per damage"


def test_a_bad_episode_date_is_skipped_and_said(capsys) -> None:
    assert check_in(capsys)[0] == 0
    damage("UPDATE episodes SET onset = '27/11/2026' WHERE id = 1")
    code, out, err = history(capsys)
    assert code == 0 and "could not be read" in err
    assert check_in(capsys, "2026-11-28T10:00:00+01:00")[0] == 0, "a new episode can start"


def test_a_meta_value_of_forty_is_not_a_crash(capsys) -> None:
    assert check_in(capsys)[0] == 0
    damage("UPDATE meta SET value = 'forty'")
    code, out, err = history(capsys)
    assert code == 0 and "Episode 1" in out
    assert "1 entry in your history could not be read" in err
    store = Store(data_dir())
    assert store.known_open_days() is None
    store.close()


def test_a_dropped_table_puts_the_file_aside(capsys) -> None:
    assert check_in(capsys)[0] == 0
    damage("DROP TABLE checkins")
    code, out, err = history(capsys)
    assert code == 0 and "put aside" in err and "Traceback" not in err
    assert len(asides(data_dir())) == 1


def test_a_history_cut_to_0_bytes_is_damage_and_said(capsys) -> None:
    assert check_in(capsys)[0] == 0
    path = data_dir() / "history.sqlite3"
    path.write_bytes(b"")
    code, out, err = history(capsys)
    assert code == 0
    assert "was empty (cut to 0 bytes), so it was put aside" in err
    assert len(asides(data_dir())) == 1


# --- 5. links are not followed --------------------------------------------------------

def test_a_link_at_the_history_path_is_put_aside_and_its_target_untouched(tmp_path, capsys) -> None:
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = tmp_path / "elsewhere.sqlite3"
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE mine (x)")
    conn.commit()
    conn.close()
    target.chmod(0o644)
    before = target.read_bytes()
    (folder / "history.sqlite3").symlink_to(target)
    code, out, err = check_in(capsys)
    assert code == 0, err
    assert "history.sqlite3 was a link, not a file, so it was put aside" in err
    assert target.read_bytes() == before and stat.S_IMODE(target.stat().st_mode) == 0o644
    assert not (folder / "history.sqlite3").is_symlink()


def test_a_link_at_the_journal_path_is_put_aside(tmp_path, capsys) -> None:
    assert check_in(capsys)[0] == 0
    target = tmp_path / "victim.txt"
    target.write_text("untouched")
    (data_dir() / "history.sqlite3-journal").symlink_to(target)
    assert check_in(capsys, "2026-11-28T10:00:00+01:00")[0] == 0
    assert target.read_text() == "untouched"


def test_a_linked_data_folder_is_fine(tmp_path, capsys, monkeypatch) -> None:
    real = tmp_path / "real-share"
    real.mkdir()
    (tmp_path / "share").symlink_to(real)
    monkeypatch.setenv("SPASM_WIZARD_DATA_DIR", str(tmp_path / "share" / "wizard"))
    assert check_in(capsys)[0] == 0
    assert (real / "wizard" / "history.sqlite3").is_file()


# --- 6. two first check-ins at once ---------------------------------------------------

def test_two_first_check_ins_at_the_same_moment_make_one_episode(monkeypatch, ruleset) -> None:
    import wizard.history.checkin as checkin_module
    from wizard.history.checkin import check_in as record
    raw = {"age": 40, "red_flags": [], "sudden_trauma": False, "symptoms": [], "pain": 4,
           "onset": "2026-11-27T07:30:00+01:00"}
    first, second = Store(data_dir()), Store(data_dir())
    real_validate = checkin_module.typed_answers
    interleaved, started = [], []

    def validate_then_let_the_other_in(*args, **kw):
        answers = real_validate(*args, **kw)
        if not started:   # the first check-in has decided "no episode": now the second runs
            started.append(True)
            interleaved.append(record(second, ruleset, raw, NOW))
        return answers

    monkeypatch.setattr(checkin_module, "typed_answers", validate_then_let_the_other_in)
    result = record(first, ruleset, raw, NOW)
    episodes = first.episodes()
    assert len(episodes) == 1, "one episode, not two open at once"
    assert result.episode.id == interleaved[0].episode.id == 1
    assert len(first.checkins(1)) == 2
