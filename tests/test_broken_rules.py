"""Broken copies of the rule set: each gives file:line, the rule id and what was expected, exit 3."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from conftest import TESTS
from wizard.cli import main
from wizard.paths import builtin_rules_dir

CASES = sorted((TESTS / "broken_rules").glob("*.yaml"))


def break_copy(case: dict, into: Path) -> int:
    """Copy the built-in rules into `into`, apply the case's change; return the line it names."""
    shutil.copytree(builtin_rules_dir(), into, ignore=shutil.ignore_patterns("__*"))
    target = into / case["file"]
    text = target.read_text()
    assert text.count(case["find"]) == 1, f"the case's text must occur once: {case['find']!r}"
    target.write_text(text.replace(case["find"], case["replace"]))
    at = text.index(case.get("anchor", case["find"]))
    return text.count("\n", 0, at) + 1 + case.get("line_offset", 0)


def test_there_are_at_least_a_dozen_broken_rule_files() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_a_broken_rule_file_names_file_line_and_rule_and_exits_3(path: Path, tmp_path: Path,
                                                                  capsys) -> None:
    case = yaml.safe_load(path.read_text())
    line = break_copy(case, tmp_path / "rules")
    assert main(["check-rules", str(tmp_path / "rules")]) == 3
    err = capsys.readouterr().err
    assert f"{case['file']}:{line}:" in err, err
    assert case["message"] in err, err
    if "rule" in case:
        assert f"rule {case['rule']}" in err, err
    assert "Traceback" not in err


def test_plan_refuses_to_run_on_a_broken_rule_set(tmp_path: Path, capsys) -> None:
    case = yaml.safe_load((TESTS / "broken_rules" / "01-unknown-fact.yaml").read_text())
    line = break_copy(case, tmp_path / "rules")
    code = main(["plan", "--answers", str(TESTS.parent / "examples" / "lifting-strain.yaml"),
                 "--rules", str(tmp_path / "rules")])
    assert code == 3
    assert f"rules.yaml:{line}:" in capsys.readouterr().err


def test_the_built_in_rule_set_passes_check_rules(capsys) -> None:
    assert main(["check-rules"]) == 0
    out = capsys.readouterr().out
    assert "every scenario passes" in out
