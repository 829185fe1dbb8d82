"""Hostile answers files and rule sets (issue 10, items 7 and 8): each ends in a clear,
one-line message with the right exit status. Time and memory are measured by
benchmarks/hostile.py, not here."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import NOW, TESTS
from wizard.cli import main

sys.path.insert(0, str(TESTS / "hostile"))
from build import build_case, cases, many_thresholds  # noqa: E402

ANSWERS = sorted((TESTS / "hostile" / "answers").glob("*.yaml"))
CASES = cases()


def expected_field(path: Path) -> str:
    first = path.read_text().splitlines()[0]
    assert first.startswith("# field: "), path
    return first.removeprefix("# field: ").strip()


def one_clear_line(err: str) -> str:
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err[:2000]
    assert len(err) < 600, f"a message of {len(err):,} characters"
    assert "\x1b" not in err, "escape sequences are shown escaped, never sent to the terminal"
    return err


@pytest.mark.parametrize("command", ["plan", "checkin"])
@pytest.mark.parametrize("path", ANSWERS, ids=[p.stem for p in ANSWERS])
def test_a_hostile_answers_file_exits_2_naming_the_field(path: Path, command: str,
                                                          capsys) -> None:
    code = main([command, "--answers", str(path), "--now", NOW.isoformat()])
    out, err = capsys.readouterr()
    assert (code, out) == (2, ""), err
    one_clear_line(err)
    field = expected_field(path)
    assert f"{field}:" in err or f"'{field}'" in err, err
    assert str(path) in err


def test_an_answers_file_over_1_mb_is_refused_unread(tmp_path, capsys) -> None:
    big = tmp_path / "big.yaml"
    with big.open("w") as handle:
        handle.write("age: 34\nsymptoms: [")
        handle.write("stiffness, " * 4_600_000)   # about 50 MB
        handle.write("stiffness]\n")
    code = main(["plan", "--answers", str(big), "--now", NOW.isoformat()])
    err = one_clear_line(capsys.readouterr().err)
    assert code == 2
    assert "the most allowed is 1.0 MB" in err


def test_a_long_list_under_1_mb_is_refused_before_it_is_built(tmp_path, capsys) -> None:
    long = tmp_path / "long.yaml"
    long.write_text("age: 34\nsymptoms: [" + "stiffness, " * 90_000 + "stiffness]\n")
    assert long.stat().st_size < 1_000_000
    code = main(["plan", "--answers", str(long), "--now", NOW.isoformat()])
    err = one_clear_line(capsys.readouterr().err)
    assert code == 2 and "symptoms: more than 5,000 values" in err


def test_a_long_value_is_cut_in_the_message(tmp_path, capsys) -> None:
    long = tmp_path / "long-value.yaml"
    long.write_text("age: 34\ntrauma_kind: " + "x" * 100_000 + "\n")
    assert main(["plan", "--answers", str(long), "--now", NOW.isoformat()]) == 2
    err = one_clear_line(capsys.readouterr().err)
    assert "trauma_kind: 'xxxx" in err and "…" in err


def test_age_050_is_fifty_not_octal_forty(capsys) -> None:
    path = TESTS / "hostile" / "answers-good" / "age-050.yaml"
    code = main(["plan", "--answers", str(path), "--now", NOW.isoformat(), "--json"])
    out = capsys.readouterr().out
    assert code == 0
    assert '"age": 50' in out and '"triage": "gp"' in out, "50 without a strain: a doctor"


def test_a_now_near_the_end_of_time_is_bad_usage(capsys) -> None:
    path = TESTS.parent / "examples" / "lifting-strain.yaml"
    code = main(["plan", "--answers", str(path), "--now", "9999-12-31T23:59:59-12:00"])
    err = one_clear_line(capsys.readouterr().err)
    assert code == 2 and "--now" in err and "between the years" in err


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux's /proc")
def test_an_answers_file_that_cannot_be_read_is_bad_usage(capsys) -> None:
    # /proc/self/mem is a regular file that fails to read (EIO), even for root, who can read
    # any file whatever its mode bits say.
    code = main(["plan", "--answers", "/proc/self/mem", "--now", NOW.isoformat()])
    err = one_clear_line(capsys.readouterr().err)
    assert code == 2 and "cannot be read" in err


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_a_hostile_rule_set_exits_3_with_file_and_line(case, tmp_path, capsys) -> None:
    folder = build_case(case, tmp_path / case["id"])
    code = main(["check-rules", str(folder)])
    err = one_clear_line(capsys.readouterr().err)
    assert code == 3, err
    assert f"{case['file']}:" in err and case["says"] in err, err
    line = err.split(f"{case['file']}:", 1)[1].split(":", 1)[0]
    assert line.isdigit() and int(line) > 0, "the message names the line"


@pytest.mark.parametrize("case", [c for c in CASES if c["id"] in ("then-a-list", "alias-bomb")],
                         ids=["then-a-list", "alias-bomb"])
def test_plan_with_a_hostile_rule_set_exits_3(case, tmp_path, capsys) -> None:
    folder = build_case(case, tmp_path / case["id"])
    answers = TESTS.parent / "examples" / "lifting-strain.yaml"
    code = main(["plan", "--rules", str(folder), "--answers", str(answers), "--now", NOW.isoformat()])
    assert code == 3
    assert case["says"] in one_clear_line(capsys.readouterr().err)


def test_the_base_of_the_hostile_rule_sets_is_valid(capsys) -> None:
    # Otherwise every hostile case above could fail for a reason of the base's own.
    assert main(["check-rules", str(TESTS / "hostile" / "rules" / "base")]) == 0, \
        capsys.readouterr().err


def test_a_sweep_too_big_to_end_within_a_minute_is_refused_saying_why(tmp_path, capsys) -> None:
    folder = many_thresholds(tmp_path / "thresholds", 2000)
    code = main(["check-rules", str(folder)])
    err = capsys.readouterr().err
    assert code == 3
    assert "rules.yaml:" in err
    assert "the completeness sweep would test rules" in err and "within a minute" in err
