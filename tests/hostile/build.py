"""Hostile rule sets, built from tests/hostile/rules/base/ (used by the tests and by
benchmarks/hostile.py).

- `build_case(case, into)`: the base with one text replaced (tests/hostile/rules/cases.yaml);
- `many_rules(into, n)`: a triage table of `n` rules, one threshold each on pain and age;
- `many_thresholds(into, n)`: `n` rules with `n` distinct thresholds on age and on the hours
  since onset, in a unique table: a sweep of hours before the guard.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

HOSTILE = Path(__file__).parent
BASE = HOSTILE / "rules" / "base"


def cases() -> list[dict[str, Any]]:
    return yaml.safe_load((HOSTILE / "rules" / "cases.yaml").read_text())["cases"]


def deep(levels: int) -> str:
    return "{not: " * levels + "{fact: age, gte: 50}" + "}" * levels


def deep_block(levels: int, indent: int = 8) -> str:
    """`when:` with `levels` of `not:` in block style, for a `when:` at column `indent`."""
    return ("when:\n" + "".join(" " * (indent + 2 * (i + 1)) + "not:\n" for i in range(levels))
            + " " * (indent + 2 * (levels + 1)) + "{fact: age, gte: 50}")


def build_case(case: dict[str, Any], into: Path) -> Path:
    shutil.copytree(BASE, into)
    path = into / case["file"]
    text = path.read_text()
    assert case["replace"] in text, case["id"]
    new = (case["with"].replace("{deep300}", deep(300)).replace("{deep}", deep(1000))
           .replace("{deep_block}", deep_block(900, indent=8)))
    path.write_text(text.replace(case["replace"], new, 1))
    return into


def _rule(rule_id: str, when: str, then: str) -> str:
    return (f"      - id: {rule_id}\n        when: {when}\n        then: {then}\n"
            f"        because: A rule made by the tests.\n        source: test\n")


def many_rules(into: Path, n: int = 2000) -> Path:
    """`n` triage rules: pain and age at every threshold they can take, many repeated."""
    shutil.copytree(BASE, into)
    path = into / "rules.yaml"
    text = path.read_text()
    extra = "".join(_rule(f"triage-gp-{i}", f"{{all: [{{fact: age, gte: {50 + i % 60}}}, "
                                            f"{{fact: pain, gte: {i % 11}}}]}}", "gp")
                    for i in range(n))
    marker = "      - id: triage-self-care\n"
    path.write_text(text.replace(marker, extra + marker, 1))
    return into


def many_thresholds(into: Path, n: int = 2000) -> Path:
    """`n` rules with `n` distinct thresholds on the hours since onset and on age."""
    shutil.copytree(BASE, into)
    path = into / "rules.yaml"
    text = path.read_text()
    extra = "".join(_rule(f"triage-gp-{i}", f"{{all: [{{fact: hours_since_onset, gte: "
                                            f"{1000 + i * 0.5}}}, {{fact: age, gte: {i % 120}.{i // 120 + 1}}}]}}",
                          "gp")
                    for i in range(n))
    marker = "      - id: triage-self-care\n"
    path.write_text(text.replace(marker, extra + marker, 1))
    return into
