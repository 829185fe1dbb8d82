"""Answers files: good ones give a plan; bad ones exit 2 with the field, value and what is allowed."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from conftest import NOW, TESTS
from wizard.cli import main
from wizard.core.answers import validate_answers
from wizard.core.errors import AnswersError

BAD = sorted((TESTS / "bad_answers").glob("*.yaml"))


def expected_field(path: Path) -> str:
    first = path.read_text().splitlines()[0]
    assert first.startswith("# field: "), path
    return first.removeprefix("# field: ").strip()


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_bad_answers_exit_2_naming_the_field(path: Path, capsys) -> None:
    code = main(["plan", "--answers", str(path), "--now", NOW.isoformat()])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    field = expected_field(path)
    assert f"{field}:" in err or f"'{field}'" in err, err
    assert str(path) in err, "the message names the file"
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err


def test_the_message_says_what_is_allowed(capsys) -> None:
    main(["plan", "--answers", str(TESTS / "bad_answers" / "pain-11.yaml"), "--now", NOW.isoformat()])
    err = capsys.readouterr().err
    assert "pain: 11 is not allowed: a whole number from 0 to 10" in err
    assert "pain-11.yaml:9:" in err, "the message points at the line of the answer"


def test_a_future_onset_names_now(capsys) -> None:
    main(["plan", "--answers", str(TESTS / "bad_answers" / "future-onset.yaml"), "--now", NOW.isoformat()])
    err = capsys.readouterr().err
    assert "onset: '2026-11-28T07:30:00+01:00' is not allowed: a time that is not in the future" in err


@pytest.mark.parametrize("minutes, accepted", [(4, True), (5, True), (6, False)])
def test_an_onset_a_few_minutes_ahead_is_clock_slack(ruleset, minutes: int, accepted: bool) -> None:
    raw = {"age": 40, "red_flags": [], "sudden_trauma": False, "symptoms": [], "pain": 4,
           "onset": (NOW + timedelta(minutes=minutes)).isoformat()}
    if accepted:
        validate_answers(raw, ruleset, NOW)
    else:
        with pytest.raises(AnswersError, match="onset"):
            validate_answers(raw, ruleset, NOW)


def test_optional_pains_are_accepted_and_checked(ruleset) -> None:
    raw = {"age": 40, "red_flags": [], "sudden_trauma": False, "symptoms": [], "pain": 4,
           "onset": "2026-11-20T10:00:00+01:00", "first_pain": 7, "previous_pain": 5}
    answers = validate_answers(raw, ruleset, NOW)
    assert answers["first_pain"] == 7
    with pytest.raises(AnswersError, match="previous_pain: 12 is not allowed"):
        validate_answers({**raw, "previous_pain": 12}, ruleset, NOW)


def test_a_boolean_is_not_taken_for_a_number(ruleset) -> None:
    raw = {"age": True, "red_flags": [], "sudden_trauma": False, "symptoms": [], "pain": 4,
           "onset": "2026-11-27T08:00:00+01:00"}
    with pytest.raises(AnswersError, match="age: True is not allowed"):
        validate_answers(raw, ruleset, NOW)
