"""Structured conditions: `all` / `any` / `not` and leaves such as {fact: pain, gte: 3}.

Conditions are compiled once, at load time, into plain closures over a dict of facts.
Nothing is parsed from strings and nothing is eval'ed. A fact that is absent (an optional
answer not given) makes every comparison on it false; `present` asks about it directly.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, time, timedelta, tzinfo
from typing import Any

from ._msgspec import msgspec

from .located import Located, Path_

Facts = Mapping[str, Any]
Test = Callable[[Facts], bool]

NUMERIC = ("integer", "number")
MAX_ADD_HOURS = 24 * 366 * 10   # ten years: further, dates overflow


class FactType(msgspec.Struct, frozen=True):
    kind: str                                  # integer, number, boolean, choice, set, datetime
    options: frozenset[str] = frozenset()
    optional: bool = False
    low: float | None = None                   # the range a numeric fact can take
    high: float | None = None


class Compiled(msgspec.Struct, frozen=True):
    test: Test
    facts: frozenset[str]                      # the facts it reads
    leaves: tuple[tuple[str, str, Any], ...]   # (fact, operator, value): for the sweep's boundaries


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    "lt": lambda a, b: a < b,
    "lte": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "gte": lambda a, b: a >= b,
}
_SET_OPS = ("any_of", "all_of", "none_of")
_CHOICE_OPS = ("in", "not_in")
_OPERATORS = ("eq", "ne", *_COMPARE, *_SET_OPS, *_CHOICE_OPS, "present")


def compile_condition(raw: Any, path: Path_, src: Located, facts: Mapping[str, FactType]) -> Compiled:
    if not isinstance(raw, dict):
        raise src.error(path, f"a condition must be a mapping such as {{fact: pain, gte: 3}}, "
                              f"not {raw!r}")
    if set(raw) == {"always"}:
        if raw["always"] is not True:
            raise src.error(path + ("always",), "'always' can only be true")
        return Compiled(lambda f: True, frozenset(), ())
    group = "all" if "all" in raw else "any" if "any" in raw else None
    if group is not None:
        if set(raw) != {group}:
            raise src.error(path, f"'{group}' stands alone; found also: "
                                  f"{', '.join(sorted(k for k in raw if k != group))}")
        items = raw[group]
        if not isinstance(items, list) or not items:
            raise src.error(path + (group,), f"'{group}' needs a non-empty list of conditions")
        parts = [compile_condition(c, path + (group, i), src, facts) for i, c in enumerate(items)]
        tests = tuple(p.test for p in parts)
        test: Test = ((lambda f: all(t(f) for t in tests)) if group == "all"
                      else (lambda f: any(t(f) for t in tests)))
        return Compiled(test, frozenset().union(*(p.facts for p in parts)),
                        tuple(leaf for p in parts for leaf in p.leaves))
    if "not" in raw:
        if set(raw) != {"not"}:
            raise src.error(path, "'not' stands alone, with one condition under it")
        inner = compile_condition(raw["not"], path + ("not",), src, facts)
        inner_test = inner.test
        return Compiled(lambda f: not inner_test(f), inner.facts, inner.leaves)
    return _leaf(raw, path, src, facts)


def _leaf(raw: dict[str, Any], path: Path_, src: Located, facts: Mapping[str, FactType]) -> Compiled:
    if "fact" not in raw:
        raise src.error(path, "expected one of: all, any, not, always, or a leaf with 'fact'; "
                              f"found keys: {', '.join(map(str, raw))}")
    name = raw["fact"]
    if not isinstance(name, str) or name not in facts:
        known = ", ".join(sorted(facts))
        raise src.error(path + ("fact",), f"unknown fact '{name}' (known facts: {known})")
    ops = [k for k in raw if k != "fact"]
    if len(ops) != 1 or ops[0] not in _OPERATORS:
        raise src.error(path, f"a leaf on '{name}' needs exactly one operator of: "
                              f"{', '.join(_OPERATORS)}; found: {', '.join(map(str, ops)) or 'none'}")
    op, value = ops[0], raw[ops[0]]
    ftype = facts[name]
    where = path + (op,)
    read: frozenset[str] = frozenset({name})

    if op == "present":
        if not isinstance(value, bool):
            raise src.error(where, f"'present' takes true or false, not {value!r}")
        return Compiled((lambda f: f.get(name) is not None) if value
                        else (lambda f: f.get(name) is None), read, ((name, op, value),))

    if op in _COMPARE:
        if ftype.kind not in NUMERIC:
            raise src.error(where, f"'{op}' compares numbers, but '{name}' is a {ftype.kind}")
        compare = _COMPARE[op]
        if isinstance(value, dict):
            other, plus = _fact_plus(value, where, src, facts)
            read = read | {other}

            def test(f: Facts) -> bool:
                a, b = f.get(name), f.get(other)
                return a is not None and b is not None and compare(a, b + plus)
            return Compiled(test, read, ((name, op, (other, plus)),))
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise src.error(where, f"'{op}' needs a number or {{fact: ..., plus: ...}}, not {value!r}")
        return Compiled(lambda f: (a := f.get(name)) is not None and compare(a, value),
                        read, ((name, op, value),))

    if op in ("eq", "ne"):
        _check_value(value, ftype, name, where, src)
        if op == "eq":
            return Compiled(lambda f: (a := f.get(name)) is not None and a == value,
                            read, ((name, op, value),))
        return Compiled(lambda f: (a := f.get(name)) is not None and a != value,
                        read, ((name, op, value),))

    if op in _SET_OPS or op in _CHOICE_OPS:
        wanted_kind = "set" if op in _SET_OPS else "choice"
        if ftype.kind != wanted_kind:
            raise src.error(where, f"'{op}' works on a {wanted_kind}, but '{name}' is a {ftype.kind}")
        if not isinstance(value, list) or not value:
            raise src.error(where, f"'{op}' needs a non-empty list of ids")
        for i, item in enumerate(value):
            if not isinstance(item, str) or item not in ftype.options:
                raise src.error(where + (i,), f"unknown option '{item}' for '{name}' "
                                              f"(allowed: {', '.join(sorted(ftype.options))})")
        ids = frozenset(value)
        leaf = ((name, op, tuple(value)),)
        tests: dict[str, Test] = {
            "any_of": lambda f: (a := f.get(name)) is not None and not ids.isdisjoint(a),
            "all_of": lambda f: (a := f.get(name)) is not None and ids <= a,
            "none_of": lambda f: (a := f.get(name)) is not None and ids.isdisjoint(a),
            "in": lambda f: (a := f.get(name)) is not None and a in ids,
            "not_in": lambda f: (a := f.get(name)) is not None and a not in ids,
        }
        return Compiled(tests[op], read, leaf)
    raise AssertionError(op)  # pragma: no cover - _OPERATORS lists every case above


def _fact_plus(value: dict[str, Any], where: Path_, src: Located,
               facts: Mapping[str, FactType]) -> tuple[str, float]:
    if set(value) - {"fact", "plus"} or "fact" not in value:
        raise src.error(where, "compare with another fact as {fact: NAME, plus: NUMBER}")
    other, plus = value["fact"], value.get("plus", 0)
    if not isinstance(other, str) or other not in facts or facts[other].kind not in NUMERIC:
        raise src.error(where + ("fact",), f"'{other}' is not a known number fact")
    if isinstance(plus, bool) or not isinstance(plus, (int, float)):
        raise src.error(where + ("plus",), f"'plus' needs a number, not {plus!r}")
    return other, plus


def _check_value(value: Any, ftype: FactType, name: str, where: Path_, src: Located) -> None:
    kind = ftype.kind
    if kind == "boolean" and not isinstance(value, bool):
        raise src.error(where, f"'{name}' is true or false, not {value!r}")
    if kind in NUMERIC and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise src.error(where, f"'{name}' is a number, not {value!r}")
    if kind == "choice" and (not isinstance(value, str) or value not in ftype.options):
        raise src.error(where, f"unknown value '{value}' for '{name}' "
                               f"(allowed: {', '.join(sorted(ftype.options))})")
    if kind in ("set", "datetime"):
        raise src.error(where, f"'eq' and 'ne' do not work on '{name}', a {kind}; "
                               "use any_of, all_of or none_of for sets")


class Context(msgspec.Struct, frozen=True):
    """What the engine knows beside the answers and the clock: the person's time zone and
    waking hours (CLINICAL.md section 6). Not answers: the person sets them once."""

    zone: tzinfo
    waking: tuple[time, time]                  # start, end; end before start crosses midnight


def in_waking_hours(clock: time, waking: tuple[time, time]) -> bool:
    """Is the local `clock` time in the waking hours [start, end) (CLINICAL.md section 6)?
    The end itself is not: with 07:00-22:00, 22:00 is asleep. They may cross midnight. The
    one test of waking hours: the check-in time, the schedule, the alarms and "What now"."""
    start, end = waking
    return start <= clock < end if start < end else (clock >= start or clock < end)


def awake(moment: datetime, ctx: Context) -> bool:
    return in_waking_hours(moment.astimezone(ctx.zone).time(), ctx.waking)


def into_waking_hours(moment: datetime, ctx: Context) -> datetime:
    """`moment`, or the next start of the waking hours when it falls outside them."""
    if awake(moment, ctx):
        return moment
    local = moment.astimezone(ctx.zone)
    start = datetime.combine(local.date(), ctx.waking[0], ctx.zone)
    if start <= local:
        start = datetime.combine(local.date() + timedelta(days=1), ctx.waking[0], ctx.zone)
    return start


class DateExpr(msgspec.Struct, frozen=True):
    """A date computed from another: {from: onset, add_hours: 48}. Absolute hours, so
    48 hours are 48 real hours across a daylight-saving change. With
    `into_waking_hours: true`, a time in the person's night moves to the next morning."""

    source: str
    hours: float
    waking: bool = False

    def __call__(self, facts: Facts, ctx: Context | None = None) -> datetime | None:
        base = facts.get(self.source)
        if base is None:
            return None
        moment = base + timedelta(hours=self.hours)
        return into_waking_hours(moment, ctx) if self.waking and ctx is not None else moment


def compile_date(raw: Any, path: Path_, src: Located, facts: Mapping[str, FactType]) -> DateExpr:
    if not isinstance(raw, dict) or "from" not in raw or set(raw) - {"from", "add_hours",
                                                                      "into_waking_hours"}:
        raise src.error(path, "a date is {from: FACT, add_hours: NUMBER, into_waking_hours: "
                              "true or false}")
    name, hours = raw["from"], raw.get("add_hours", 0)
    if not isinstance(name, str) or name not in facts or facts[name].kind != "datetime":
        dates = ", ".join(sorted(k for k, t in facts.items() if t.kind == "datetime"))
        raise src.error(path + ("from",), f"'{name}' is not a known date (known dates: {dates})")
    if isinstance(hours, bool) or not isinstance(hours, (int, float)) or not \
            -MAX_ADD_HOURS <= hours <= MAX_ADD_HOURS:  # NaN fails both
        raise src.error(path + ("add_hours",), f"'add_hours' needs a number from "
                                               f"-{MAX_ADD_HOURS} to {MAX_ADD_HOURS}, not {hours!r}")
    waking = raw.get("into_waking_hours", False)
    if not isinstance(waking, bool):
        raise src.error(path + ("into_waking_hours",), f"'into_waking_hours' is true or false, "
                                                       f"not {waking!r}")
    return DateExpr(name, float(hours), waking)


# --- set expressions ------------------------------------------------------------------------

SetFn = Callable[[Facts], frozenset]
_EMPTY: frozenset[str] = frozenset()


class CompiledSet(msgspec.Struct, frozen=True):
    value: SetFn
    facts: frozenset[str]                      # the facts it reads


def compile_set(raw: Any, path: Path_, src: Located, facts: Mapping[str, FactType],
                universe: frozenset[str]) -> CompiledSet:
    """A set of option ids worked out from others: {fact: NAME} (absent: empty),
    {ids: [...]}, {union: [...]}, {intersect: [...]}, {minus: [FROM, LESS, ...]} and
    {when: CONDITION, then: SET} (empty when the condition does not hold)."""
    if not isinstance(raw, dict) or len(raw) not in (1, 2):
        raise src.error(path, "a set is one of {fact: NAME}, {ids: [...]}, {union: [...]}, "
                              f"{{intersect: [...]}}, {{minus: [...]}}, {{when: ..., then: ...}}; "
                              f"not {_short(raw)}")
    keys = set(raw)
    if keys == {"fact"}:
        name = raw["fact"]
        if not isinstance(name, str) or name not in facts or facts[name].kind != "set":
            sets = ", ".join(sorted(k for k, t in facts.items() if t.kind == "set"))
            raise src.error(path + ("fact",), f"'{_short(name)}' is not a known set fact "
                                              f"(known sets: {sets})")
        if not facts[name].options <= universe:
            raise src.error(path + ("fact",), f"'{name}' holds options this set cannot hold")
        return CompiledSet(lambda f: f.get(name) or _EMPTY, frozenset({name}))
    if keys == {"ids"}:
        ids = raw["ids"]
        if not isinstance(ids, list):
            raise src.error(path + ("ids",), "'ids' needs a list of option ids")
        for i, item in enumerate(ids):
            if not isinstance(item, str) or item not in universe:
                raise src.error(path + ("ids", i), f"unknown option '{_short(item)}' "
                                                   f"(allowed: {', '.join(sorted(universe))})")
        constant = frozenset(ids)
        return CompiledSet(lambda f: constant, frozenset())
    if keys == {"when", "then"}:
        condition = compile_condition(raw["when"], path + ("when",), src, facts)
        inner = compile_set(raw["then"], path + ("then",), src, facts, universe)
        test, value = condition.test, inner.value
        return CompiledSet(lambda f: value(f) if test(f) else _EMPTY,
                           condition.facts | inner.facts)
    if len(keys) == 1 and (op := next(iter(keys))) in ("union", "intersect", "minus"):
        items = raw[op]
        least = 2 if op == "minus" else 1
        if not isinstance(items, list) or len(items) < least:
            raise src.error(path + (op,), f"'{op}' needs a list of at least {least} sets")
        parts = [compile_set(item, path + (op, i), src, facts, universe)
                 for i, item in enumerate(items)]
        fns = tuple(p.value for p in parts)
        read = frozenset().union(*(p.facts for p in parts))
        if op == "union":
            return CompiledSet(lambda f: frozenset().union(*(fn(f) for fn in fns)), read)
        if op == "intersect":
            first, rest = fns[0], fns[1:]
            return CompiledSet(lambda f: first(f).intersection(*(fn(f) for fn in rest)), read)
        first, rest = fns[0], fns[1:]
        return CompiledSet(lambda f: first(f).difference(*(fn(f) for fn in rest)), read)
    raise src.error(path, f"unknown set expression with keys {', '.join(map(str, raw))} "
                          "(use fact, ids, union, intersect, minus, or when with then)")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
