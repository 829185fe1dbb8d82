"""Loading a rule set: three YAML files, typed, cross-checked and compiled.

Every problem is reported as `file:line:column: rule ID: what was expected`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import msgspec

from . import schema
from .conditions import Compiled, DateExpr, FactType, compile_condition, compile_date
from .errors import RuleSetError
from .yamlsource import Located, YamlSyntaxError, load_file, msgspec_path

QUESTIONS, ADVICE, RULES = "questions.yaml", "advice.yaml", "rules.yaml"

# What the engine must be able to put in a plan: the contract's fields (CONTRACT.md).
PLAN_OUTPUTS = ("triage", "phase", "advice")
PLAN_DATES = ("phase_until", "rest_until", "next_checkin")

T = TypeVar("T")


class Rule(msgspec.Struct, frozen=True):
    id: str
    table: str
    test: Callable[[Mapping[str, Any]], bool]
    condition: Compiled
    then: str | tuple[str, ...]
    dates: Mapping[str, DateExpr]
    source: schema.Source
    because: str
    file: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


class Table(msgspec.Struct, frozen=True):
    id: str
    output: str
    hit_policy: str
    values: tuple[str, ...]
    dates: tuple[str, ...]
    rules: tuple[Rule, ...]
    labels: Mapping[str, schema.Label]


class RuleSet(msgspec.Struct, frozen=True):
    directory: Path
    info: schema.RuleSetInfo
    questions: Mapping[str, schema.Question]
    only_when: Mapping[str, Compiled]
    derived: tuple[schema.Derived, ...]
    kinds: tuple[schema.Kind, ...]
    advice: Mapping[str, schema.Advice]          # in display order: kind order, then file order
    sources: Mapping[str, schema.Source]
    tables: tuple[Table, ...]
    facts: Mapping[str, FactType]
    rules: Mapping[str, Rule]
    history: schema.History

    def question(self, qid: str) -> schema.Question:
        return self.questions[qid]

    def label(self, output: str, value: str) -> schema.Label | None:
        for table in self.tables:
            if table.output == output:
                return table.labels.get(value)
        return None

    def option_text(self, qid: str, option_id: str) -> str:
        for option in self.questions[qid].options:
            if option.id == option_id:
                return option.text
        return option_id


def _read(directory: Path, name: str) -> Located:
    path = directory / name
    shown = _shown(path)
    if not path.is_file():
        raise RuleSetError(f"the file is missing (a rule set needs {QUESTIONS}, {ADVICE} and {RULES})",
                           file=shown, line=0, column=0)
    try:
        located = load_file(path, shown)
    except YamlSyntaxError as exc:
        raise RuleSetError(getattr(exc, "detail", None) or str(exc).split(": ", 1)[1],
                           file=exc.file, line=exc.line, column=exc.column,
                           rule_id=getattr(exc, "rule_id", None)) from None
    if not isinstance(located.data, dict):
        raise located.error((), "expected a mapping at the top of the file")
    return located


def _shown(path: Path) -> str:
    """The path as a person would type it: relative to where they are, when it can be."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def convert(located: Located, kind: type[T], path: tuple[str | int, ...] = ()) -> T:
    data = located.data
    for key in path:
        data = data[key]
    try:
        return msgspec.convert(data, kind)
    except msgspec.ValidationError as exc:
        message, where = msgspec_path(str(exc))
        raise located.error(path + where, _plain_msgspec(message)) from None


def _plain_msgspec(message: str) -> str:
    return (message.replace("Object missing required field", "missing required field")
                   .replace("Object contains unknown field", "unknown field")
                   .replace("Expected", "expected"))


def _unique(located: Located, items: Any, path: tuple[str | int, ...], what: str) -> None:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.id in seen:
            line = located.where(path + (seen[item.id],))[0]
            raise located.error(path + (i, "id"), f"duplicate {what} id '{item.id}' "
                                                  f"(first used on line {line})", rule_id=item.id)
        seen[item.id] = i


def load_ruleset(directory: Path) -> RuleSet:
    directory = Path(directory)
    q_src, a_src, r_src = (_read(directory, n) for n in (QUESTIONS, ADVICE, RULES))
    qfile = convert(q_src, schema.QuestionsFile)
    afile = convert(a_src, schema.AdviceFile)
    rfile = convert(r_src, schema.RulesFile)

    _unique(r_src, rfile.sources, ("sources",), "source")
    sources = {s.id: s for s in rfile.sources}
    facts = _question_facts(q_src, qfile)
    only_when = {
        q.id: compile_condition(q.only_when, ("questions", i, "only_when"), q_src, facts)
        for i, q in enumerate(qfile.questions) if q.only_when is not None
    }
    advice = _advice(a_src, afile, sources, directory)
    tables, rules = _tables(r_src, rfile, facts, sources, advice)
    _check_until(a_src, afile, tables)

    return RuleSet(directory=directory, info=rfile.ruleset,
                   questions={q.id: q for q in qfile.questions}, only_when=only_when,
                   derived=qfile.derived, kinds=afile.kinds, advice=advice, sources=sources,
                   tables=tables, facts=facts, rules=rules, history=rfile.history)


def _question_facts(src: Located, qfile: schema.QuestionsFile) -> dict[str, FactType]:
    _unique(src, qfile.questions, ("questions",), "question")
    facts: dict[str, FactType] = {"now": FactType("datetime")}
    for i, q in enumerate(qfile.questions):
        at = ("questions", i)
        if q.id in facts:
            raise src.error(at + ("id",), f"'{q.id}' is a built-in fact and cannot be a question")
        _unique(src, q.options, at + ("options",), "option")
        optional = not q.required or q.only_when is not None
        if q.type == "integer":
            if q.min is None or q.max is None or q.min > q.max:
                raise src.error(at, f"question '{q.id}' is an integer: it needs min and max, min <= max")
            for j, mark in enumerate(q.marks):
                if not q.min <= mark.value <= q.max:
                    raise src.error(at + ("marks", j, "value"),
                                    f"mark {mark.value} is outside {q.min} to {q.max}")
            facts[q.id] = FactType("integer", optional=optional, low=q.min, high=q.max)
        elif q.type in ("choice", "set"):
            if not q.options:
                raise src.error(at, f"question '{q.id}' is a {q.type}: it needs options")
            facts[q.id] = FactType(q.type, frozenset(o.id for o in q.options), optional)
        else:
            facts[q.id] = FactType(q.type, optional=optional)
    for i, d in enumerate(qfile.derived):
        at = ("derived", i)
        if d.id in facts:
            raise src.error(at + ("id",), f"duplicate fact id '{d.id}'")
        if d.of not in facts or facts[d.of].kind != "datetime":
            raise src.error(at + ("of",), f"'{d.of}' is not a date-time question")
        facts[d.id] = FactType("number", optional=facts[d.of].optional, low=0)
    return facts


def _advice(src: Located, afile: schema.AdviceFile, sources: Mapping[str, schema.Source],
            directory: Path) -> dict[str, schema.Advice]:
    _unique(src, afile.kinds, ("kinds",), "kind")
    _unique(src, afile.advice, ("advice",), "advice")
    order = {k.id: n for n, k in enumerate(afile.kinds)}
    from ..paths import resources_dir  # the resources that ship with the app
    resources = resources_dir()
    for i, item in enumerate(afile.advice):
        at = ("advice", i)
        if item.kind not in order:
            raise src.error(at + ("kind",), f"unknown kind '{item.kind}' "
                                            f"(allowed: {', '.join(order)})")
        if item.source not in sources:
            raise src.error(at + ("source",), f"unknown source '{item.source}' "
                                              f"(sources are listed in {RULES}: {', '.join(sources)})")
        if item.illustration and not _inside(resources, item.illustration):
            raise src.error(at + ("illustration",),
                            f"'{item.illustration}' is not allowed: a file name inside {resources}, "
                            "such as illustrations/walk.svg")
        if item.illustration and not (resources / item.illustration).is_file():
            raise src.error(at + ("illustration",),
                            f"no file '{item.illustration}' in {resources}")
    ranked = sorted(enumerate(afile.advice), key=lambda pair: (order[pair[1].kind], pair[0]))
    return {item.id: item for _, item in ranked}


def _inside(folder: Path, name: str) -> bool:
    """Whether `name` is a path inside `folder`, links resolved (no /etc/passwd, no ../)."""
    base = folder.resolve()
    return (base / name).resolve().is_relative_to(base)


def _tables(src: Located, rfile: schema.RulesFile, question_facts: Mapping[str, FactType],
            sources: Mapping[str, schema.Source], advice: Mapping[str, schema.Advice]
            ) -> tuple[tuple[Table, ...], dict[str, Rule]]:
    facts = dict(question_facts)
    advice_ids = frozenset(advice)
    tables: list[Table] = []
    rules: dict[str, Rule] = {}
    outputs: set[str] = set()
    _unique(src, rfile.tables, ("tables",), "table")
    for ti, table in enumerate(rfile.tables):
        at = ("tables", ti)
        collect = table.hit_policy == "collect"
        if collect:
            if table.output != "advice":
                raise src.error(at + ("output",), "a collect table gathers advice: its output is 'advice'")
            values: frozenset[str] = advice_ids
        else:
            if not table.values:
                raise src.error(at, f"a {table.hit_policy} table needs its values listed")
            if table.output in facts:
                raise src.error(at + ("output",), f"'{table.output}' is already a fact")
            values = frozenset(table.values)
        for date in table.dates:
            if date in facts:
                raise src.error(at + ("dates",), f"'{date}' is already a fact")
        for value in table.labels:
            if value not in values:
                raise src.error(at + ("labels", value), f"a label for '{value}', which is not "
                                                        f"a value of '{table.output}'")
        compiled: list[Rule] = []
        for ri, rule in enumerate(table.rules):
            rat = at + ("rules", ri)
            if rule.id in rules or rule.id in {r.id for r in compiled}:
                first = rules[rule.id].where if rule.id in rules else "this table"
                raise src.error(rat + ("id",), f"duplicate rule id (first used at {first})",
                                rule_id=rule.id)
            if rule.source not in sources:
                raise src.error(rat + ("source",), f"unknown source '{rule.source}' "
                                                   f"(allowed: {', '.join(sources)})", rule_id=rule.id)
            if not rule.because.strip():
                raise src.error(rat + ("because",), "'because' must say why, in plain words",
                                rule_id=rule.id)
            then = rule.then
            if collect:
                if not isinstance(then, list) or not then:
                    raise src.error(rat + ("then",), "expected a list of advice ids", rule_id=rule.id)
                for j, item in enumerate(then):
                    if not isinstance(item, str) or item not in values:
                        raise src.error(rat + ("then", j), f"unknown advice id '{item}' "
                                                           f"(not in {ADVICE})", rule_id=rule.id)
                then = tuple(then)
            elif not isinstance(then, str) or then not in values:
                raise src.error(rat + ("then",), f"unknown value {then!r} for '{table.output}' "
                                                 f"(allowed: {', '.join(table.values)})", rule_id=rule.id)
            dates = {}
            for name, raw in rule.dates.items():
                if name not in table.dates:
                    raise src.error(rat + ("dates", name), f"this table sets no date '{name}' "
                                                           f"(it sets: {', '.join(table.dates) or 'none'})",
                                    rule_id=rule.id)
                dates[name] = compile_date(raw, rat + ("dates", name), src, facts)
            condition = compile_condition(rule.when, rat + ("when",), src, facts)
            compiled.append(Rule(id=rule.id, table=table.id, test=condition.test,
                                 condition=condition, then=then, dates=dates,
                                 source=sources[rule.source], because=rule.because.strip(),
                                 file=src.file, line=src.where(rat)[0]))
        if not compiled:
            raise src.error(at, "a table needs at least one rule")
        for r in compiled:
            rules[r.id] = r
        tables.append(Table(id=table.id, output=table.output, hit_policy=table.hit_policy,
                            values=table.values, dates=table.dates, rules=tuple(compiled),
                            labels=table.labels))
        # Later tables can read what earlier ones decided.
        if collect:
            facts["advice"] = FactType("set", advice_ids)
        else:
            facts[table.output] = FactType("choice", values)
        for date in table.dates:
            facts[date] = FactType("datetime", optional=True)
        outputs.add(table.output)
        outputs.update(table.dates)
    missing = [name for name in (*PLAN_OUTPUTS, *PLAN_DATES) if name not in outputs]
    if missing:
        raise src.error(("tables",), "the tables must decide " + ", ".join(missing))
    return tuple(tables), rules


def _check_until(src: Located, afile: schema.AdviceFile, tables: tuple[Table, ...]) -> None:
    dates = {name for t in tables for name in t.dates}
    for i, item in enumerate(afile.advice):
        if item.until is not None and item.until not in dates:
            raise src.error(("advice", i, "until"), f"'{item.until}' is not a date the tables "
                                                    f"decide (they decide: {', '.join(sorted(dates))})",
                            rule_id=item.id)
