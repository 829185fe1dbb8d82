"""Coming back on later days: episodes, check-ins, and a store that loses nothing."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from wizard.cli import main
from wizard.history.store import MIGRATIONS, VERSION, HistoryError, Store
from wizard.paths import data_dir

FIRST = """age: 34
red_flags: []
sudden_trauma: true
trauma_kind: lifting
onset: 2026-11-27T07:30:00+01:00
symptoms: [stiffness]
pain: {pain}
"""
LATER = """age: 34
red_flags: []
symptoms: [stiffness]
pain: {pain}
"""


def checkin(tmp_path, capsys, text: str, now: str, *extra: str) -> tuple[int, dict]:
    answers = tmp_path / f"answers-{now[:10]}.yaml"
    answers.write_text(text)
    code = main(["checkin", "--answers", str(answers), "--now", now, "--json", *extra])
    out = capsys.readouterr()
    return code, (json.loads(out.out) if code == 0 else {"stderr": out.err})


def test_day_0_cold_day_3_heat_day_8_not_improving(tmp_path, capsys) -> None:
    code, day0 = checkin(tmp_path, capsys, FIRST.format(pain=6), "2026-11-27T10:00:00+01:00")
    assert code == 0
    assert (day0["triage"], day0["phase"]) == ("self_care", "cold")
    assert day0["episode"] == {"id": 1, "onset": "2026-11-27T07:30:00+01:00", "checkin": 1}
    assert day0["changes"] == []

    code, day3 = checkin(tmp_path, capsys, LATER.format(pain=4), "2026-11-30T10:00:00+01:00")
    assert code == 0, day3
    assert (day3["triage"], day3["phase"], day3["rest_until"]) == ("self_care", "heat", None)
    assert day3["episode"]["checkin"] == 2
    assert day3["answers"]["previous_pain"] == 6 and day3["answers"]["first_pain"] == 6
    assert any("cold phase is over" in c for c in day3["changes"])
    assert any("rest period has ended" in c for c in day3["changes"])
    assert "Your pain is 4 out of 10, down from 6 last time." in day3["changes"]

    code, day8 = checkin(tmp_path, capsys, LATER.format(pain=6), "2026-12-05T10:00:00+01:00")
    assert code == 0
    assert day8["triage"] == "gp" and "book_doctor" in day8["advice"]
    assert "triage-gp-no-better-after-a-week" in day8["fired"]
    assert any("What to do has changed" in c for c in day8["changes"])


def test_pain_two_points_worse_after_two_days_sends_to_a_doctor(tmp_path, capsys) -> None:
    checkin(tmp_path, capsys, FIRST.format(pain=3), "2026-11-27T10:00:00+01:00")
    code, later = checkin(tmp_path, capsys, LATER.format(pain=5), "2026-11-29T10:00:00+01:00")
    assert code == 0 and later["triage"] == "gp"
    assert "triage-gp-worse-than-last-time" in later["fired"]


def test_a_different_onset_needs_new_episode(tmp_path, capsys) -> None:
    checkin(tmp_path, capsys, FIRST.format(pain=6), "2026-11-27T10:00:00+01:00")
    moved = FIRST.format(pain=5).replace("2026-11-27T07:30", "2026-12-01T07:30")
    code, out = checkin(tmp_path, capsys, moved, "2026-12-02T10:00:00+01:00")
    assert code == 2
    assert "onset" in out["stderr"] and "--new-episode" in out["stderr"]
    code, new = checkin(tmp_path, capsys, moved, "2026-12-02T10:00:00+01:00", "--new-episode")
    assert code == 0
    assert new["episode"] == {"id": 2, "onset": "2026-12-01T07:30:00+01:00", "checkin": 1}
    assert "first_pain" not in new["answers"], "a new episode starts its own series"
    store = Store(data_dir())
    first, second = store.episodes()
    assert first.closed is not None and second.closed is None


def test_a_closed_episode_is_not_continued(tmp_path, capsys, ruleset) -> None:
    from datetime import datetime
    checkin(tmp_path, capsys, FIRST.format(pain=6), "2026-11-27T10:00:00+01:00")
    store = Store(data_dir())
    store.close_episode(1, datetime.fromisoformat("2026-11-28T10:00:00+01:00"))
    code, out = checkin(tmp_path, capsys, LATER.format(pain=2), "2026-11-29T10:00:00+01:00")
    assert code == 2 and "(missing) is not allowed: an answer is needed: there is no open " \
        "episode to take it from" in out["stderr"]
    code, out = checkin(tmp_path, capsys, FIRST.format(pain=2), "2026-11-29T10:00:00+01:00")
    assert code == 0 and out["episode"]["id"] == 2


def test_an_episode_stays_open_six_weeks_after_its_last_check_in(tmp_path, capsys) -> None:
    checkin(tmp_path, capsys, FIRST.format(pain=6), "2026-11-27T10:00:00+01:00")
    code, out = checkin(tmp_path, capsys, LATER.format(pain=3), "2027-01-08T09:59:00+01:00")
    assert code == 0 and out["episode"]["id"] == 1
    code, out = checkin(tmp_path, capsys, LATER.format(pain=3), "2027-02-20T10:00:00+01:00")
    assert code == 2, "43 days after the last check-in the episode is over"


def test_pains_from_history_cannot_be_given_in_the_file(tmp_path, capsys) -> None:
    code, out = checkin(tmp_path, capsys, FIRST.format(pain=6) + "previous_pain: 3\n",
                        "2026-11-27T10:00:00+01:00")
    assert code == 2 and "previous_pain" in out["stderr"]


def test_history_lists_episodes_and_check_ins(tmp_path, capsys) -> None:
    checkin(tmp_path, capsys, FIRST.format(pain=6), "2026-11-27T10:00:00+01:00")
    checkin(tmp_path, capsys, LATER.format(pain=4), "2026-11-30T10:00:00+01:00")
    assert main(["history", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["episodes"]
    assert [(c["number"], c["pain"], c["phase"]) for c in listed[0]["checkins"]] == [
        (1, 6, "cold"), (2, 4, "heat")]
    assert main(["history"]) == 0
    text = capsys.readouterr().out
    assert "Episode 1: started Friday 27 November 2026 at 07:30" in text
    assert "2. Monday 30 November 2026 at 10:00: pain 4 out of 10" in text


@pytest.mark.usefixtures("qapp")
def test_the_check_in_pdf_charts_what_was_done_each_day(tmp_path, capsys) -> None:
    """Done on two days: history --json counts each day; the check-in's PDF draws them
    under the pain, with the legend in words, and lists them on the doctor's page."""
    from datetime import datetime, timedelta

    from pypdf import PdfReader

    from wizard.report.chart import EXERCISES_DONE, SESSIONS_DONE
    checkin(tmp_path, capsys, FIRST.format(pain=6), "2026-11-27T10:00:00+01:00")
    store = Store(data_dir())
    friday = datetime.fromisoformat("2026-11-27T12:00:00+01:00")
    for at, kind in ((friday, "session"), (friday + timedelta(hours=2), "session"),
                     (friday + timedelta(days=1), "exercises")):
        store.add_done(1, kind, f"{kind}-{at:%Y%m%dT%H%M}", at, at)
    store.close()
    pdf = tmp_path / "plan.pdf"
    code, _ = checkin(tmp_path, capsys, LATER.format(pain=4), "2026-11-30T10:00:00+01:00",
                      "--pdf", str(pdf))
    assert code == 0
    assert main(["history", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["episodes"][0]["done_per_day"] == [
        {"day": "2026-11-27", "sessions": 2, "exercises": 0},
        {"day": "2026-11-28", "sessions": 0, "exercises": 1}]
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages)
    assert SESSIONS_DONE in text and EXERCISES_DONE in text, "the chart's legend"
    assert ("On Friday 27 November you did 2 sessions of cold or heat and the exercises "
            "0 times.") in text
    assert ("On Saturday 28 November you did 0 sessions of cold or heat and the exercises "
            "1 time.") in text


def test_the_store_is_readable_by_its_owner_alone(tmp_path, capsys) -> None:
    checkin(tmp_path, capsys, FIRST.format(pain=6), "2026-11-27T10:00:00+01:00")
    folder = data_dir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "history.sqlite3").stat().st_mode) == 0o600


def test_a_damaged_store_is_moved_aside_and_a_fresh_one_started(tmp_path, capsys) -> None:
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    damaged = b"this is not a database, it was cut short by a crash" * 40
    (folder / "history.sqlite3").write_bytes(damaged)
    code, out = checkin(tmp_path, capsys, FIRST.format(pain=6), "2026-11-27T10:00:00+01:00")
    assert code == 0 and out["episode"]["checkin"] == 1
    asides = list(folder.glob("history.damaged-*.sqlite3"))
    assert len(asides) == 1 and asides[0].read_bytes() == damaged, "moved aside, never deleted"


def test_the_person_is_told_when_the_store_was_damaged(capsys) -> None:
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "history.sqlite3").write_bytes(b"garbage" * 100)
    assert main(["history"]) == 0
    err = capsys.readouterr().err
    assert "could not be read, so it was put aside as history.damaged-" in err
    assert "Nothing was deleted" in err


def test_a_data_folder_that_cannot_be_written_is_a_clear_message(tmp_path, capsys,
                                                                 monkeypatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the data folder should be")
    monkeypatch.setenv("SPASM_WIZARD_DATA_DIR", str(blocked / "data"))
    code, out = checkin(tmp_path, capsys, FIRST.format(pain=6), "2026-11-27T10:00:00+01:00")
    assert code == 1
    assert "your history cannot be used" in out["stderr"] and str(blocked) in out["stderr"]
    assert "Traceback" not in out["stderr"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders")
def test_a_read_only_data_folder_is_a_clear_message(tmp_path, capsys, monkeypatch) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    monkeypatch.setenv("SPASM_WIZARD_DATA_DIR", str(folder))
    code, out = checkin(tmp_path, capsys, FIRST.format(pain=6), "2026-11-27T10:00:00+01:00")
    assert code == 1 and "cannot" in out["stderr"]


WRITER = """
import sys
from datetime import datetime, timedelta
from pathlib import Path
from wizard.core.ruleset import load_ruleset
from wizard.history.checkin import check_in
from wizard.history.store import Store
from wizard.paths import builtin_rules_dir
ruleset = load_ruleset(builtin_rules_dir())
store = Store(Path(sys.argv[1]))
who = int(sys.argv[2])
start = datetime.fromisoformat("2026-11-27T10:00:00+01:00")
for n in range(15):
    now = start + timedelta(minutes=10 * n, seconds=who)
    raw = {"age": 40, "red_flags": [], "sudden_trauma": False, "symptoms": [], "pain": 3 + who,
           "onset": "2026-11-27T07:30:00+01:00"}
    check_in(store, ruleset, raw, now)
"""


def test_two_writers_at_once_lose_no_check_in(tmp_path) -> None:
    folder = tmp_path / "shared"
    Store(folder).close()
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)}
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(folder), str(who)], env=env,
                                stderr=subprocess.PIPE, text=True) for who in (0, 1)]
    for writer in writers:
        assert writer.wait(timeout=120) == 0, writer.stderr.read()
    store = Store(folder)
    checkins = [c for e in store.episodes() for c in store.checkins(e.id)]
    assert len(checkins) == 30
    assert sorted(c.pain for c in checkins) == [3] * 15 + [4] * 15


def test_a_store_from_the_first_release_is_migrated(tmp_path) -> None:
    folder = tmp_path / "old"
    folder.mkdir()
    conn = sqlite3.connect(folder / "history.sqlite3")
    conn.executescript(MIGRATIONS[0])
    conn.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    conn.execute("INSERT INTO schema_version VALUES (1)")
    conn.execute("INSERT INTO episodes VALUES (1, '2026-11-27T07:30:00+01:00', 1, 'lifting', "
                 "'2026-11-27T10:00:00+01:00', NULL)")
    plan = {"ruleset": {"id": "back-spasm", "version": "1.1.0"}, "triage": "self_care",
            "phase": "cold"}
    conn.execute("INSERT INTO checkins VALUES (1, 1, '2026-11-27T10:00:00+01:00', ?, 6, ?, '1.1.0')",
                 (json.dumps({"pain": 6}), json.dumps(plan)))
    conn.commit()
    conn.close()
    store = Store(folder)
    (only,) = store.checkins(1)
    assert (only.triage, only.phase, only.pain) == ("self_care", "cold", 6)
    assert store._conn.execute("SELECT version FROM schema_version").fetchone()[0] == VERSION


def test_a_store_from_a_newer_version_is_refused(tmp_path) -> None:
    folder = tmp_path / "newer"
    Store(folder).close()
    conn = sqlite3.connect(folder / "history.sqlite3")
    conn.execute("UPDATE schema_version SET version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(HistoryError, match="newer version"):
        Store(folder)


def test_forget_deletes_everything_settings_included(tmp_path, capsys) -> None:
    checkin(tmp_path, capsys, FIRST.format(pain=6), "2026-11-27T10:00:00+01:00")
    folder = data_dir()
    (folder / "settings.ini").write_text("[window]\n")
    (folder / "logs").mkdir()
    (folder / "logs" / "spasm-wizard.log").write_text("a log line\n")
    assert main(["forget"]) == 2
    assert folder.exists()
    assert main(["forget", "--yes"]) == 0
    assert not folder.exists()
    assert main(["history"]) == 0
    assert "No check-ins are stored." in capsys.readouterr().out
