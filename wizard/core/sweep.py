"""The completeness sweep: every answer set gets exactly one outcome from every table.

For each priority or unique table, the sweep walks the product of the facts the table
reads: every set of up to two options for a set question, both values of a yes/no
question, every value of a small number scale and the values around every threshold the
rules name for a larger one (age), absent or present for an optional answer, and hours
since onset around every threshold in hours or days. Sets that every condition of the
table treats alike (the same result for each any_of / all_of / none_of) are evaluated
once: the result is the same for all of them, so the proof still covers each set.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any

import msgspec

from .engine import Engine
from .errors import RuleSetError
from .ruleset import RuleSet, Table
from .sweepguard import check_sweep_size

_NOW = datetime(2026, 1, 15, 12, 0, tzinfo=timezone.utc)
_EPSILON = 0.01          # hours: "just before" a threshold
_SMALL_SCALE = 20        # a scale with at most this many values is walked whole


class SweepReport(msgspec.Struct):
    answer_sets: int = 0                    # how many answer combinations the proof covers
    evaluated: int = 0                      # how many were evaluated (after merging alike sets)
    per_table: dict[str, int] = {}


def sweep(ruleset: RuleSet, *, max_set_size: int = 2) -> SweepReport:
    """Raises RuleSetError at the first answer set with no outcome, or two in a unique table."""
    check_sweep_size(ruleset, max_set_size)  # refuses, saying why, a sweep too big to end soon
    engine = Engine(ruleset)
    report = SweepReport()
    derived = {d.id: d for d in ruleset.derived}
    produced_by = {t.output: t for t in ruleset.tables if t.hit_policy != "collect"}
    for table in ruleset.tables:
        if table.hit_policy == "collect":
            continue
        reads: set[str] = set()
        for rule in table.rules:
            reads |= rule.condition.facts
        dims: dict[str, tuple[list[Any], int]] = {}
        for fact in sorted(reads):
            base = derived[fact].of if fact in derived else fact
            if base not in dims:
                dims[base] = _values(ruleset, table, base, produced_by, max_set_size)
        names = list(dims)
        covered = 1
        for _, raw_count in dims.values():
            covered *= raw_count
        evaluated = 0
        for combo in itertools.product(*(dims[n][0] for n in names)):
            answers = {n: v for n, v in zip(names, combo) if v is not None}
            facts = engine.base_facts(answers, _NOW)
            engine.choose(table, [r for r in table.rules if r.test(facts)], facts)
            evaluated += 1
        report.per_table[table.id] = covered
        report.answer_sets += covered
        report.evaluated += evaluated
    return report


def _values(ruleset: RuleSet, table: Table, fact: str, produced_by: dict[str, Table],
            max_set_size: int) -> tuple[list[Any], int]:
    """The values to walk for one fact, and how many answers they stand for."""
    if fact in produced_by:
        return list(produced_by[fact].values), len(produced_by[fact].values)
    q = ruleset.questions.get(fact)
    if q is None:
        raise RuleSetError(f"the sweep cannot vary fact '{fact}'", file=table.rules[0].file,
                           line=table.rules[0].line)
    absent = [] if q.required and q.only_when is None else [None]
    if q.type == "boolean":
        return [True, False] + absent, 2 + len(absent)
    if q.type == "choice":
        return [o.id for o in q.options] + absent, len(q.options) + len(absent)
    if q.type == "set":
        options = [o.id for o in q.options]
        subsets = [frozenset(c) for size in range(max_set_size + 1)
                   for c in itertools.combinations(options, size)]
        leaves = [(op, frozenset(value) if isinstance(value, tuple) else frozenset())
                  for rule in table.rules
                  for (name, op, value) in rule.condition.leaves if name == fact]
        alike: dict[tuple[bool, ...], frozenset[str]] = {}
        for subset in subsets:
            alike.setdefault(tuple(_set_leaf(op, ids, subset) for op, ids in leaves), subset)
        return list(alike.values()) + absent, len(subsets) + len(absent)
    if q.type == "integer":
        if q.max - q.min + 1 <= _SMALL_SCALE and not absent:
            return list(range(q.min, q.max + 1)), q.max - q.min + 1
        points = {q.min, q.max}
        for value in _thresholds(ruleset, fact):
            points |= {int(value) - 1, int(value), int(value) + 1}
        values = sorted(p for p in points if q.min <= p <= q.max)
        return values + absent, len(values) + len(absent)
    # A date-time: walk the hours since it around every threshold of the facts derived from it.
    hours = {0.0}
    for d in ruleset.derived:
        if d.of == fact:
            scale = 24.0 if d.kind == "days_since" else 1.0
            for value in _thresholds(ruleset, d.id):
                h = value * scale
                hours |= {max(0.0, h - _EPSILON), h, h + _EPSILON}
    hours.add(max(hours) + 24 * 30)
    moments = [_NOW - timedelta(hours=h) for h in sorted(hours)]
    return moments + absent, len(moments) + len(absent)


def _thresholds(ruleset: RuleSet, fact: str) -> Iterable[float]:
    for rule in ruleset.rules.values():
        for name, op, value in rule.condition.leaves:
            if name == fact and isinstance(value, (int, float)) and not isinstance(value, bool):
                yield float(value)


def _set_leaf(op: str, ids: frozenset[str], subset: frozenset[str]) -> bool:
    if op == "any_of":
        return not ids.isdisjoint(subset)
    if op == "all_of":
        return ids <= subset
    if op == "none_of":
        return ids.isdisjoint(subset)
    return bool(subset) if op == "present" else False
