"""How big the completeness sweep will be, worked out before it runs (issue 10).

The sweep walks the product of the values of every fact a table reads, and tests every
rule of the table on each: a rule set with thousands of thresholds makes that product
run for hours. `check_sweep_size` estimates the work from the rule set alone, in a few
milliseconds, and refuses with a RuleSetError that says why when it is over the bound,
so that `check-rules` always ends within a minute. The estimate is an upper bound of
the sweep's own count (sets treated alike are not merged here).
"""

from __future__ import annotations

from itertools import combinations
from math import comb, prod
from typing import Any

from .errors import RuleSetError

MAX_RULE_TESTS = 100_000_000  # about 25 s of sweep here (0.26 µs each): within a minute
_OVERHEAD = 10                # the facts built for each answer set, in rule tests
_SMALL_SCALE = 20             # as in sweep.py: a scale this small is walked whole


def sweep_size(ruleset: Any, max_set_size: int = 2) -> list[tuple[Any, int, int]]:
    """(table, answer sets it walks at most, rule tests) for each priority or unique table."""
    derived = {d.id: d.of for d in ruleset.derived}
    outputs = {t.output: len(t.values) for t in ruleset.tables if t.hit_policy != "collect"}
    thresholds: dict[str, set[float]] = {}
    for rule in ruleset.rules.values():
        for name, _op, value in rule.condition.leaves:
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                thresholds.setdefault(derived.get(name, name), set()).add(float(value))
    out = []
    for table in ruleset.tables:
        if table.hit_policy == "collect":
            continue
        reads = {derived.get(f, f) for rule in table.rules for f in rule.condition.facts}
        sizes = [_count(ruleset, table, fact, outputs, thresholds, max_set_size)
                 for fact in reads]
        combos = prod(sizes)
        out.append((table, combos, combos * (len(table.rules) + _OVERHEAD)))
    return out


def _count(ruleset: Any, table: Any, fact: str, outputs: dict[str, int],
           thresholds: dict[str, set[float]], max_set_size: int) -> int:
    if fact in outputs:
        return outputs[fact]
    q = ruleset.questions.get(fact)
    if q is None:
        return 1
    absent = 0 if q.required and q.only_when is None else 1
    if q.type == "boolean":
        return 2 + absent
    if q.type == "choice":
        return len(q.options) + absent
    if q.type == "set":
        return _set_values(table, fact, [o.id for o in q.options], max_set_size) + absent
    points = 3 * len(thresholds.get(fact, ())) + 2
    if q.type == "integer":
        return min(q.max - q.min + 1, points) + absent
    return points + absent   # a date-time: the hours around each threshold of its derived facts


def _set_values(table: Any, fact: str, options: list[str], max_set_size: int) -> int:
    """How many subsets the sweep evaluates: one for each way the table's leaves on the
    fact can answer (subsets that every leaf treats alike are evaluated once)."""
    leaves = [(op, frozenset(value) if isinstance(value, tuple) else frozenset())
              for rule in table.rules for (name, op, value) in rule.condition.leaves
              if name == fact]
    if sum(comb(len(options), k) for k in range(max_set_size + 1)) > 100_000:
        return 100_000  # more subsets than any sweep can walk: over the bound anyway
    alike = set()
    for size in range(max_set_size + 1):
        for subset in combinations(options, size):
            chosen = frozenset(subset)
            alike.add(tuple(_set_leaf(op, ids, chosen) for op, ids in leaves))
    return len(alike)


def _set_leaf(op: str, ids: frozenset[str], subset: frozenset[str]) -> bool:
    if op == "any_of":
        return not ids.isdisjoint(subset)
    if op == "all_of":
        return ids <= subset
    if op == "none_of":
        return ids.isdisjoint(subset)
    return bool(subset) if op == "present" else False


def check_sweep_size(ruleset: Any, max_set_size: int = 2) -> None:
    """Raises RuleSetError naming the largest table when the sweep would take too long."""
    sizes = sweep_size(ruleset, max_set_size)
    total = sum(tests for _, _, tests in sizes)
    if total <= MAX_RULE_TESTS:
        return
    table, combos, tests = max(sizes, key=lambda item: item[2])
    first = table.rules[0]
    raise RuleSetError(
        f"the completeness sweep would test rules {total:,} times, more than the "
        f"{MAX_RULE_TESTS:,} it can do within a minute; table '{table.id}' alone walks "
        f"{combos:,} answer sets with {len(table.rules):,} rules: use fewer distinct "
        "thresholds or split the table", file=first.file, line=first.line)
