"""The reviewed scenario files: each one a test, and together they use every rule."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from wizard.core.engine import Engine
from wizard.core.ruleset import load_ruleset
from wizard.core.scenarios import load_scenarios, run_all, run_case
from wizard.paths import builtin_rules_dir

CASES = load_scenarios(builtin_rules_dir() / "scenarios")


@pytest.mark.parametrize("case", CASES, ids=[c.scenario.id for c in CASES])
def test_scenario_gets_the_plan_clinical_md_calls_for(engine: Engine, case) -> None:
    problems, _ = run_case(engine, case)
    assert problems == [], f"{case.where}: " + "; ".join(problems)


def test_there_are_at_least_40_scenarios() -> None:
    assert len(CASES) >= 40


def test_every_rule_is_used_by_some_scenario(ruleset) -> None:
    assert run_all(ruleset).unused_rules == []


def test_every_section_7_boundary_has_a_scenario() -> None:
    covers = {c for case in CASES for c in case.scenario.covers}
    for boundary in ("7 exactly 48 h", "7 just under 48 h", "7 exactly 72 h", "7 just under 72 h",
                     "7 age 50", "7 age 49", "7 age 18", "7 age 17", "7 pain 3 heat",
                     "7 pain 2 no heat", "7 pain 9", "7 pain 8"):
        assert boundary in covers, boundary


def test_a_changed_threshold_makes_the_boundary_scenarios_fail(tmp_path: Path) -> None:
    # The scenarios must catch a wrong rule: move the cold phase's end from 48 to 47 hours.
    copy = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), copy)
    rules = copy / "rules.yaml"
    text = rules.read_text()
    assert "{fact: hours_since_onset, lt: 48}" in text
    rules.write_text(text.replace("{fact: hours_since_onset, lt: 48}",
                                  "{fact: hours_since_onset, lt: 47}"))
    failures = run_all(load_ruleset(copy)).failures
    assert any("boundary-cold-last-minute" in f and "phase: expected cold, got heat" in f
               for f in failures), failures
