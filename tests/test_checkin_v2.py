"""Clinical content 2.0 over several check-ins, through `spasm-wizard checkin`: warning
signs are remembered until a doctor has checked, and an emergency check-in is stored."""

from __future__ import annotations

import json
import sqlite3

from wizard.cli import main
from wizard.history.store import Store
from wizard.paths import data_dir

FIRST = """age: 40
red_flags: [{signs}]
sudden_trauma: true
trauma_kind: lifting
onset: 2026-11-27T07:30:00+01:00
symptoms: [stiffness]
pain: 5
"""


def run(tmp_path, capsys, text: str, now: str, *extra: str) -> tuple[int, dict | str]:
    answers = tmp_path / f"answers-{now.replace(':', '')}.yaml"
    answers.write_text(text)
    code = main(["checkin", "--answers", str(answers), "--now", now, "--json", *extra])
    out = capsys.readouterr()
    return code, (json.loads(out.out) if code == 0 else out.err)


def test_urgent_then_emergency_stays_an_emergency_until_a_doctor_has_checked(tmp_path, capsys):
    # Day 3... here day 0: weakness in one leg, so see a doctor today.
    code, first = run(tmp_path, capsys, FIRST.format(signs="leg_weakness"),
                      "2026-11-27T10:00:00+01:00")
    assert code == 0 and first["triage"] == "urgent"
    # Two hours later: trouble peeing. Only the symptoms of now are in the file.
    code, second = run(tmp_path, capsys, "red_flags: [bladder_bowel]\nsymptoms: []\npain: 6\n",
                       "2026-11-27T12:00:00+01:00")
    assert code == 0 and second["triage"] == "emergency"
    assert second["next_checkin"] is None and second["advice"] == ["call_emergency",
                                                                    "emergency_what_to_say"]
    # The next day nothing is ticked, and the doctor question is not answered: nothing is
    # forgotten, so still an emergency, with no home treatment.
    code, third = run(tmp_path, capsys, "red_flags: []\nsymptoms: []\npain: 4\n",
                      "2026-11-28T10:00:00+01:00")
    assert code == 0 and third["triage"] == "emergency", third
    assert set(third["signs"]) == {"leg_weakness", "bladder_bowel"}
    assert "cold_therapy" not in third["advice"] and "ex_knee_lift" not in third["advice"]
    # "No, a doctor has not checked": still every sign told counts.
    code, fourth = run(tmp_path, capsys, "red_flags: []\nsymptoms: []\npain: 4\ndoctor_seen: false\n",
                       "2026-11-28T11:00:00+01:00")
    assert code == 0 and fourth["triage"] == "emergency"
    # "Yes": the doctor knows; a home plan that starts with "do what your doctor said".
    code, fifth = run(tmp_path, capsys, "red_flags: []\nsymptoms: []\npain: 4\ndoctor_seen: true\n",
                      "2026-11-28T18:00:00+01:00")
    assert code == 0 and fifth["triage"] == "self_care", fifth
    assert "follow_doctor" in fifth["advice"] and fifth["next_checkin"] is not None
    # And the next check-in stays a home plan, even with the known leg weakness ticked.
    code, sixth = run(tmp_path, capsys, "red_flags: [leg_weakness]\nsymptoms: []\npain: 3\n",
                      "2026-11-29T10:00:00+01:00")
    assert code == 0 and sixth["triage"] == "self_care", sixth
    assert "follow_doctor" in sixth["advice"]
    # Anything new still sends them back.
    code, seventh = run(tmp_path, capsys, "red_flags: [fever]\nsymptoms: []\npain: 3\n",
                        "2026-11-29T12:00:00+01:00")
    assert code == 0 and seventh["triage"] == "urgent"

    assert main(["history", "--json"]) == 0
    history = json.loads(capsys.readouterr().out)
    checkins = history["episodes"][0]["checkins"]
    assert [c["doctor_checked"] for c in checkins] == [None, None, None, False, True, None, None]
    assert checkins[0]["signs_told"] == ["leg_weakness"]
    assert checkins[1]["signs_told"] == ["bladder_bowel"] and checkins[1]["pain"] == 6
    assert checkins[5]["signs_told"] == [], "a sign the doctor knew is not told again"


def test_an_emergency_check_in_without_the_other_answers_is_stored(tmp_path, capsys):
    code, plan = run(tmp_path, capsys, "red_flags: [saddle_numbness]\n", "2026-11-27T10:00:00+01:00")
    assert code == 0 and plan["triage"] == "emergency" and plan["next_checkin"] is None
    assert plan["episode"] == {"id": 1, "onset": None, "checkin": 1}
    # The next visit, with no doctor yet: still an emergency, nothing else needed.
    code, again = run(tmp_path, capsys, "red_flags: []\ndoctor_seen: false\n",
                      "2026-11-28T09:00:00+01:00")
    assert code == 0 and again["triage"] == "emergency" and again["episode"]["checkin"] == 2
    # Seen by a doctor: now the rest is asked; onset and strain are needed.
    code, err = run(tmp_path, capsys, "red_flags: []\nage: 30\nsymptoms: []\npain: 3\n"
                    "doctor_seen: true\n", "2026-11-28T10:00:00+01:00")
    assert code == 2 and ("sudden_trauma" in err or "onset" in err), err
    code, later = run(tmp_path, capsys, FIRST.format(signs="").replace("pain: 5", "pain: 3")
                      + "doctor_seen: true\n", "2026-11-28T10:00:00+01:00")
    assert code == 0 and later["episode"]["id"] == 1 and later["triage"] == "self_care", later
    assert later["episode"]["onset"] == "2026-11-27T07:30:00+01:00"


def test_a_sign_told_by_mistake_is_taken_back_and_recorded(tmp_path, capsys):
    code, first = run(tmp_path, capsys, FIRST.format(signs="fever"), "2026-11-27T10:00:00+01:00")
    assert first["triage"] == "urgent"
    code, err = run(tmp_path, capsys, "red_flags: []\nsymptoms: []\npain: 4\n",
                    "2026-11-27T14:00:00+01:00", "--take-back", "night_pain")
    assert code == 2 and "night_pain" in err and "fever" in err
    code, err = run(tmp_path, capsys, "red_flags: []\nsymptoms: []\npain: 4\n",
                    "2026-11-27T14:00:00+01:00", "--take-back", "nonsense")
    assert code == 2 and "--take-back" in err
    code, later = run(tmp_path, capsys, "red_flags: []\nsymptoms: []\npain: 4\n",
                      "2026-11-27T14:00:00+01:00", "--take-back", "fever")
    assert code == 0 and later["triage"] == "self_care", later
    assert main(["history", "--json"]) == 0
    history = json.loads(capsys.readouterr().out)
    assert history["episodes"][0]["corrections"] == [
        {"at": "2026-11-27T14:00:00+01:00", "kind": "take_back", "sign": "fever"}]
    assert main(["history"]) == 0
    assert "taken back as told by mistake: A fever or chills" in capsys.readouterr().out


def test_the_episode_facts_are_kept_without_asking_again(tmp_path, capsys):
    code, first = run(tmp_path, capsys, FIRST.format(signs="cancer_history"),
                      "2026-11-27T10:00:00+01:00")
    assert first["triage"] == "urgent"
    code, later = run(tmp_path, capsys, "red_flags: []\nsymptoms: []\npain: 4\n",
                      "2026-11-28T10:00:00+01:00")
    assert later["triage"] == "urgent" and "cancer_history" in later["signs"]
    assert later["answers"]["age"] == 40, "age comes from the last check-in"


def test_episodes_recorded_before_2_0_keep_their_signs(tmp_path, capsys):
    """A version-3 history (release 0.1): its check-ins' signs become remembered signs."""
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(folder / "history.sqlite3")
    from wizard.history.store import MIGRATIONS
    for script in MIGRATIONS[:3]:
        conn.executescript(script)
    conn.executescript("CREATE TABLE schema_version (version INTEGER NOT NULL);"
                       "INSERT INTO schema_version VALUES (3);")
    answers = {"age": 40, "red_flags": ["leg_weakness"], "sudden_trauma": True,
               "trauma_kind": "lifting", "onset": "2026-11-27T07:30:00+01:00",
               "symptoms": [], "pain": 5}
    conn.execute("INSERT INTO episodes VALUES (1, '2026-11-27T07:30:00+01:00', 1, 'lifting', "
                 "'2026-11-27T10:00:00+01:00', NULL)")
    conn.execute("INSERT INTO checkins (episode_id, at, answers, pain, plan, ruleset_version, "
                 "triage, phase) VALUES (1, '2026-11-27T10:00:00+01:00', ?, 5, ?, '1.1.0', "
                 "'urgent', 'cold')", (json.dumps(answers), json.dumps({"triage": "urgent",
                                                                        "fired": []})))
    conn.commit()
    conn.close()
    store = Store(folder)
    (checkin,) = store.checkins(1)
    assert checkin.told == ("leg_weakness",) and checkin.doctor_seen is None
    store.close()
    code, later = run(tmp_path, capsys, "red_flags: []\nsymptoms: []\npain: 4\n",
                      "2026-11-28T10:00:00+01:00")
    assert code == 0 and later["triage"] == "urgent" and later["signs"] == ["leg_weakness"]
