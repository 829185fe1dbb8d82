"""Scenario files: given answers and a moment, the plan a clinician expects.

`check-rules` and pytest both run them; every rule must be used by at least one.
"""

from __future__ import annotations

from pathlib import Path

from ._msgspec import msgspec

from .answers import validate_answers
from .clock import parse_moment, zone_named
from .engine import Engine
from .errors import AnswersError, RuleSetError
from .ruleset import RuleSet, convert, shown_path
from .schedule import parse_waking
from .schema import Scenario, ScenarioFile
from .located import YamlSyntaxError
from .yamlsource import load_file


class Case(msgspec.Struct, frozen=True):
    file: str
    line: int
    scenario: Scenario

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


def load_scenarios(directory: Path) -> list[Case]:
    cases: list[Case] = []
    seen: dict[str, Case] = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            src = load_file(path, shown_path(path))
        except YamlSyntaxError as exc:
            raise RuleSetError(str(exc).split(": ", 1)[1], file=exc.file, line=exc.line,
                               column=exc.column) from None
        parsed = convert(src, ScenarioFile)
        for i, scenario in enumerate(parsed.scenarios):
            line = src.where(("scenarios", i))[0]
            if scenario.id in seen:
                raise src.error(("scenarios", i, "id"), f"duplicate scenario id (first at "
                                                        f"{seen[scenario.id].where})")
            seen[scenario.id] = Case(src.file, line, scenario)
            cases.append(seen[scenario.id])
    return cases


def run_case(engine: Engine, case: Case) -> tuple[list[str], tuple[str, ...]]:
    """Problems found (empty when the plan is as expected) and the rules that fired."""
    s, expect = case.scenario, case.scenario.expect
    try:
        now = parse_moment(s.now)
    except ValueError as exc:
        return [f"now: {s.now!r} is not {exc}"], ()
    try:
        zone = zone_named(s.zone) if s.zone else None
    except ValueError as exc:
        return [f"zone: {s.zone!r} is not {exc}"], ()
    try:
        waking = parse_waking(s.waking) if s.waking else None
    except ValueError as exc:
        return [f"waking: {s.waking!r} is not {exc}"], ()
    try:
        answers = validate_answers(s.answers, engine.ruleset, now)
    except AnswersError as exc:
        return [f"answers: {exc}"], ()
    plan = engine.evaluate(answers, now, zone=zone, waking=waking)
    got = plan.to_json()
    problems = []
    for key in ("triage", "phase"):
        if got[key] != getattr(expect, key):
            problems.append(f"{key}: expected {getattr(expect, key)}, got {got[key]}")
    for key in ("phase_until", "rest_until", "next_checkin"):
        want, have = getattr(expect, key), plan.dates.get(key)
        try:
            want_moment = None if want is None else parse_moment(want)
        except ValueError as exc:
            problems.append(f"{key}: expected value {want!r} is not {exc}")
            continue
        if want_moment != have:
            problems.append(f"{key}: expected {want}, got {got[key]}")
    if tuple(got["advice"]) != expect.advice:
        missing = [a for a in expect.advice if a not in got["advice"]]
        extra = [a for a in got["advice"] if a not in expect.advice]
        detail = (f"missing {missing}" if missing else "") + (
            f"{'; ' if missing else ''}unexpected {extra}" if extra else "")
        problems.append(f"advice: expected {list(expect.advice)}, got {got['advice']}"
                        + (f" ({detail})" if detail else " (order differs)"))
    if expect.signs is not None and tuple(sorted(expect.signs)) != tuple(got["signs"]):
        problems.append(f"signs: expected {sorted(expect.signs)}, got {got['signs']}")
    for rule in expect.fired:
        if rule not in plan.fired:
            problems.append(f"fired: expected rule {rule} to match; matched: {', '.join(plan.fired)}")
    return problems, plan.fired


class ScenarioReport(msgspec.Struct, frozen=True):
    cases: int
    failed: int                 # scenarios with at least one problem
    failures: list[str]
    unused_rules: list[str]


def run_all(ruleset: RuleSet, directory: Path | None = None) -> ScenarioReport:
    directory = directory or ruleset.directory / "scenarios"
    cases = load_scenarios(directory)
    engine = Engine(ruleset)
    failures: list[str] = []
    failed = 0
    used: set[str] = set()
    for case in cases:
        problems, fired = run_case(engine, case)
        failed += bool(problems)
        used.update(fired)
        failures += [f"{case.where}: scenario {case.scenario.id}: {p}" for p in problems]
    unused = [f"{r.where}: rule {r.id}: no scenario makes this rule match; add one"
              for r in ruleset.rules.values() if r.id not in used]
    return ScenarioReport(len(cases), failed, failures, unused)
