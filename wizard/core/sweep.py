"""The completeness sweep: every answer set gets exactly one outcome from every table.

For each priority or unique table, the sweep walks the product of the facts the table
reads. A derived fact worked out before the first table (the warning signs that count,
whether a doctor has checked) is walked as itself, not through the answers it comes from:
its derivation is proved apart, by the property tests. A derived fact that reads an
earlier table's outcome is walked through what it reads, so that the sweep never pairs
it with an outcome it could not have. The values walked:

- a set: every set of up to two options; a yes/no: both; a choice: every option;
- a number: every value of a small scale, and for a larger one the values around every
  threshold the rules name;
- a date-time: the hours since (or until) it around every threshold in hours or days;
- an optional answer: absent too.

Values that every condition of the table treats alike (the same result for each leaf
that reads the fact) are evaluated once: the result is the same for all of them, so the
proof still covers each.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any

from ._msgspec import msgspec

from .conditions import FactType
from .engine import Engine
from .errors import RuleSetError
from .ruleset import Derived, RuleSet, Table
from .sweepguard import check_subsets, check_sweep_size

_NOW = datetime(2026, 1, 15, 12, 0, tzinfo=timezone.utc)
_EPSILON = 0.01          # hours: "just before" a threshold
_SMALL_SCALE = 20        # a scale with at most this many values is walked whole
_MOMENT_KINDS = ("hours_since", "days_since", "hours_until")


class SweepReport(msgspec.Struct):
    answer_sets: int = 0                    # how many answer combinations the proof covers
    evaluated: int = 0                      # how many were evaluated (after merging alike sets)
    per_table: dict[str, int] = {}


def sweep(ruleset: RuleSet, *, max_set_size: int = 2) -> SweepReport:
    """Raises RuleSetError at the first answer set with no outcome, or two in a unique table,
    and, before evaluating anything, when the walk would be too long to end within a minute."""
    engine = Engine(ruleset)
    report = SweepReport()
    derived = {d.id: d for d in ruleset.derived}
    produced_by = {t.output: t for t in ruleset.tables if t.hit_policy != "collect"}
    dates_of = {name: t for t in ruleset.tables for name in t.dates}
    walks = []
    for index, table in enumerate(ruleset.tables):
        if table.hit_policy == "collect":
            continue
        dims: dict[str, tuple[list[Any], int]] = {}
        for fact in sorted(_walked(table, derived)):
            dims[fact] = _values(ruleset, table, fact, derived, produced_by, dates_of,
                                 max_set_size)
        walks.append((index, table, dims))
    check_sweep_size([(table, [len(values) for values, _ in dims.values()])
                      for _, table, dims in walks])
    for index, table, dims in walks:
        covered = 1
        for _, raw_count in dims.values():
            covered *= raw_count
        report.per_table[table.id] = covered
        report.answer_sets += covered
        names = list(dims)
        for combo in itertools.product(*(dims[n][0] for n in names)):
            facts = {n: v for n, v in zip(names, combo) if v is not None}
            facts["now"] = _NOW
            for stage in range(index + 1):
                engine.derive(facts, stage)
            for name in dates_of:  # dates walked as themselves (phase_until)
                if name in names:
                    facts.setdefault(name, None)
            engine.choose(table, [r for r in table.rules if r.test(facts)], facts)
            report.evaluated += 1
    return report


def _walked(table: Table, derived: dict[str, Derived]) -> set[str]:
    """The facts to walk for a table: what its rules read, with derived facts that read an
    earlier table's outcome replaced by what they read, and times by their moments."""
    todo = set().union(*(rule.condition.facts for rule in table.rules))
    walked: set[str] = set()
    while todo:
        fact = todo.pop()
        d = derived.get(fact)
        if d is not None and d.kind in _MOMENT_KINDS:
            walked.add(d.of)
        elif d is not None and d.stage > 0:
            todo |= d.reads
        else:
            walked.add(fact)
    return walked


def _leaves(table: Table, fact: str, derived: dict[str, Derived]) -> list[tuple[str, Any]]:
    """(operator, value) of every leaf of the table, or of a derived fact it reads, on `fact`."""
    out = []
    for rule in table.rules:
        out += [(op, value) for (name, op, value) in rule.condition.leaves if name == fact]
    for d in derived.values():
        if d.condition is not None:
            out += [(op, value) for (name, op, value) in d.condition.leaves if name == fact]
    return out


def _values(ruleset: RuleSet, table: Table, fact: str, derived: dict[str, Derived],
            produced_by: dict[str, Table], dates_of: dict[str, Table],
            max_set_size: int) -> tuple[list[Any], int]:
    """The values to walk for one fact, and how many answers they stand for."""
    if fact in produced_by:
        values = list(produced_by[fact].values)
        return _merge(values, _leaves(table, fact, derived)), len(values)
    ftype: FactType | None = ruleset.facts.get(fact)
    if ftype is None:
        raise RuleSetError(f"the sweep cannot vary fact '{fact}'", file=table.rules[0].file,
                           line=table.rules[0].line)
    q = ruleset.questions.get(fact)
    absent = [None] if (fact in dates_of or (q is not None and ftype.optional)) else []
    leaves = _leaves(table, fact, derived)
    if ftype.kind == "boolean":
        return _merge([True, False], leaves) + absent, 2 + len(absent)
    if ftype.kind == "choice":
        options = sorted(ftype.options)
        return _merge(options, leaves) + absent, len(options) + len(absent)
    if ftype.kind == "set":
        options = sorted(ftype.options)
        check_subsets(table, fact, len(options), max_set_size)
        subsets = [frozenset(c) for size in range(max_set_size + 1)
                   for c in itertools.combinations(options, size)]
        return _merge(subsets, leaves) + absent, len(subsets) + len(absent)
    if ftype.kind in ("integer", "number") and q is not None:
        if q.max - q.min + 1 <= _SMALL_SCALE:
            values = list(range(q.min, q.max + 1))
        else:
            points = {q.min, q.max}
            for value in _thresholds(ruleset, fact):
                points |= {int(value) - 1, int(value), int(value) + 1}
            values = sorted(p for p in points if q.min <= p <= q.max)
        return _merge(values, leaves) + absent, q.max - q.min + 1 + len(absent)
    if ftype.kind == "datetime":
        # The hours since (or until) it, around every threshold of the facts derived from it.
        hours = {0.0}
        sign = 1.0
        for d in ruleset.derived:
            if d.of == fact:
                scale = 24.0 if d.kind == "days_since" else 1.0
                sign = -1.0 if d.kind == "hours_until" else 1.0
                for value in _thresholds(ruleset, d.id):
                    h = value * scale
                    hours |= {h - _EPSILON, h, h + _EPSILON}
        hours = {h for h in hours if h >= 0 or sign < 0}
        hours.add(max(hours) + 24 * 30)
        moments = [_NOW - timedelta(hours=sign * h) for h in sorted(hours)]
        return moments + absent, len(moments) + len(absent)
    raise RuleSetError(f"the sweep cannot vary fact '{fact}' (a {ftype.kind})",
                       file=table.rules[0].file, line=table.rules[0].line)


def _merge(values: list[Any], leaves: list[tuple[str, Any]]) -> list[Any]:
    """One value for each way the leaves can answer: values they treat alike go together.
    A leaf that compares the fact with another fact keeps every value apart."""
    if any(isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str)
           and not isinstance(value[1], str) for _, value in leaves):
        return values
    alike: dict[tuple[bool, ...], Any] = {}
    for value in values:
        alike.setdefault(tuple(_leaf(op, arg, value) for op, arg in leaves), value)
    return list(alike.values())


def _leaf(op: str, arg: Any, value: Any) -> bool:
    if op in ("any_of", "all_of", "none_of"):
        ids = frozenset(arg)
        return {"any_of": not ids.isdisjoint(value), "all_of": ids <= value,
                "none_of": ids.isdisjoint(value)}[op]
    if op in ("in", "not_in"):
        return (value in arg) == (op == "in")
    if op == "present":
        return True
    if op == "eq":
        return value == arg
    if op == "ne":
        return value != arg
    return {"lt": value < arg, "lte": value <= arg, "gt": value > arg, "gte": value >= arg}[op]


def _thresholds(ruleset: RuleSet, fact: str) -> Iterable[float]:
    leaves = [leaf for rule in ruleset.rules.values() for leaf in rule.condition.leaves]
    leaves += [leaf for d in ruleset.derived if d.condition is not None
               for leaf in d.condition.leaves]
    for name, op, value in leaves:
        if name == fact and isinstance(value, (int, float)) and not isinstance(value, bool):
            yield float(value)
