"""Loading a rule set: three YAML files, typed, cross-checked and compiled.

Every problem is reported as `file:line:column: rule ID: what was expected`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from ._msgspec import msgspec

from datetime import datetime, time

from . import contract, rulelocale, schema
from .conditions import (Compiled, CompiledSet, DateExpr, FactType, compile_condition,
                         compile_date, compile_set)
from .contract import PLAN_DATES, PLAN_OUTPUTS
from .errors import RuleSetError
from .located import Located, YamlSyntaxError, msgspec_path

QUESTIONS, ADVICE, RULES = "questions.yaml", "advice.yaml", "rules.yaml"
FILES = (QUESTIONS, ADVICE, RULES)

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


class Derived(msgspec.Struct, frozen=True):
    """A derived fact, compiled. `stage` is when it can be worked out: 0 before the first
    table, n after the n-th table (it reads what that table decides)."""

    id: str
    kind: str
    stage: int
    reads: frozenset[str]
    of: str | None = None
    condition: Compiled | None = None
    set_value: CompiledSet | None = None

    def compute(self, facts: Mapping[str, Any], now: datetime) -> Any:
        if self.kind == "condition":
            return self.condition.test(facts)
        if self.kind == "set":
            return self.set_value.value(facts)
        moment = facts.get(self.of)
        if moment is None:
            return None
        hours = (now - moment).total_seconds() / 3600
        return {"hours_since": hours, "days_since": hours / 24, "hours_until": -hours}[self.kind]


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
    derived: tuple[Derived, ...]                 # in the order they are worked out
    kinds: tuple[schema.Kind, ...]
    advice: Mapping[str, schema.Advice]          # in display order: kind order, then file order
    sources: Mapping[str, schema.Source]
    tables: tuple[Table, ...]
    facts: Mapping[str, FactType]                # every fact: answers, derived, decided
    rules: Mapping[str, Rule]
    history: schema.History
    waking: tuple[time, time]                    # the default waking hours (CLINICAL.md 6)
    pages: tuple[schema.Page, ...] = ()
    language: str = "en"                         # the language of its texts

    def question(self, qid: str) -> schema.Question:
        return self.questions[qid]

    def label(self, output: str, value: str) -> schema.Label | None:
        for table in self.tables:
            if table.output == output:
                return table.labels.get(value)
        return None

    def options(self, qid: str) -> tuple[schema.Option, ...]:
        """A question's options; for one whose options come from another, that one's."""
        q = self.questions[qid]
        return self.questions[q.options_from].options if q.options_from else q.options

    def questions_on(self, page: str) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions.values() if q.page == page)

    def kept(self, keep: str) -> tuple[str, ...]:
        """The questions kept from the episode, the last check-in or the history."""
        return tuple(q.id for q in self.questions.values() if q.keep == keep)

    def episode_options(self, qid: str) -> frozenset[str]:
        """The options of a set question that are facts of the episode, not asked again."""
        return frozenset(o.id for o in self.options(qid) if o.episode)

    def option_text(self, qid: str, option_id: str) -> str:
        for option in self.options(qid):
            if option.id == option_id:
                return option.text
        return option_id


def _read(directory: Path, name: str) -> Located:
    return parse_source(directory, name, read_source(directory, name))


def read_source(directory: Path, name: str) -> bytes:
    """The bytes of one of the rule set's files."""
    path = directory / name
    if not path.is_file():
        raise RuleSetError(f"the file is missing (a rule set needs {QUESTIONS}, {ADVICE} and {RULES})",
                           file=shown_path(path), line=0, column=0)
    return path.read_bytes()


def parse_source(directory: Path, name: str, raw: bytes) -> Located:
    """One of the rule set's files, parsed, with the position of every value."""
    # PyYAML loads here, when a file is parsed: not when the rule set comes from its cache.
    from .yamlsource import load_text
    shown = shown_path(directory / name)
    try:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise YamlSyntaxError(shown, 1, 1, "not a text file in UTF-8") from None
        located = load_text(text, shown)
    except YamlSyntaxError as exc:
        raise RuleSetError(getattr(exc, "detail", None) or str(exc).split(": ", 1)[1],
                           file=exc.file, line=exc.line, column=exc.column,
                           rule_id=getattr(exc, "rule_id", None)) from None
    if not isinstance(located.data, dict):
        raise located.error((), "expected a mapping at the top of the file")
    return located


def shown_path(path: Path) -> str:
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


def load_ruleset(directory: Path, sources: tuple[Located, Located, Located] | None = None,
                 *, language: str = "en", overlays: dict[str, Located] | None = None) -> RuleSet:
    """Load, check and compile the rule set in `directory`. `sources` are its three files
    already parsed (questions, advice, rules: see `wizard.rulecache`); every check runs on
    them all the same. In another `language`, its texts come from the overlays of
    locale/LANG/ (`overlays`, parsed, or read here) where they are translated and current;
    every check runs on the translated texts too."""
    directory = Path(directory)
    q_src, a_src, r_src = sources or tuple(_read(directory, n) for n in FILES)
    if language != "en":
        if overlays is None:
            overlays = read_overlays(directory, language)
        q_src, a_src, r_src = (rulelocale.translate(src, name, overlays.get(name), language)[0]
                               for src, name in zip((q_src, a_src, r_src), FILES))
    qfile = convert(q_src, schema.QuestionsFile)
    afile = convert(a_src, schema.AdviceFile)
    rfile = convert(r_src, schema.RulesFile)

    _unique(r_src, rfile.sources, ("sources",), "source")
    sources = {s.id: s for s in rfile.sources}
    for i, source in enumerate(rfile.sources):
        if source.where is not None and not source.where.startswith("https://"):
            raise r_src.error(("sources", i, "where"), f"'{source.where}' is not a public "
                              "https:// address; leave 'where' out for a source without one")
    facts = _question_facts(q_src, qfile)
    _check_contract(q_src, qfile)
    only_when = {
        q.id: compile_condition(q.only_when, ("questions", i, "only_when"), q_src, facts)
        for i, q in enumerate(qfile.questions) if q.only_when is not None
    }
    advice = _advice(a_src, afile, sources, directory)
    tables, rules, derived, facts = _tables(r_src, rfile, facts, sources, advice)
    _check_until(a_src, afile, tables)
    waking = _waking(r_src, rfile.waking_hours)

    return RuleSet(directory=directory, info=rfile.ruleset,
                   questions={q.id: q for q in qfile.questions}, only_when=only_when,
                   derived=derived, kinds=afile.kinds, advice=advice, sources=sources,
                   tables=tables, facts=facts, rules=rules, history=rfile.history,
                   waking=waking, pages=qfile.pages, language=language)


def read_overlays(directory: Path, language: str) -> dict[str, Located]:
    """The parsed overlays of one language (locale/LANG/*.yaml), those that exist."""
    if language == rulelocale.PSEUDO:
        return {}
    folder = rulelocale.overlay_file(directory, language, "")
    return {name: parse_source(folder, name, read_source(folder, name))
            for name in FILES + ("calendar.yaml",) if (folder / name).is_file()}


def _waking(src: Located, hours: schema.WakingHours) -> tuple[time, time]:
    out = []
    for name in ("start", "end"):
        text = getattr(hours, name)
        try:
            out.append(time.fromisoformat(text))
        except ValueError:
            raise src.error(("waking_hours", name), f"'{text}' is not a time such as 08:00") from None
    if out[0] == out[1]:
        raise src.error(("waking_hours",), "the waking hours start and end at the same time")
    return out[0], out[1]


def _check_contract(src: Located, qfile: schema.QuestionsFile) -> None:
    """The questions the code and CONTRACT.md name must be there, with their types."""
    types = {q.id: q.type for q in qfile.questions}
    for qid, kind in contract.QUESTIONS.items():
        if types.get(qid) != kind:
            found = f"a {types[qid]}" if qid in types else "missing"
            raise src.error(("questions",), f"the question '{qid}' must be a {kind} "
                                            f"(CONTRACT.md); it is {found}")


def _question_facts(src: Located, qfile: schema.QuestionsFile) -> dict[str, FactType]:
    _unique(src, qfile.questions, ("questions",), "question")
    _unique(src, qfile.pages, ("pages",), "page")
    pages = {p.id for p in qfile.pages}
    by_id = {q.id: q for q in qfile.questions}
    facts: dict[str, FactType] = {"now": FactType("datetime")}
    for i, q in enumerate(qfile.questions):
        at = ("questions", i)
        if q.id in facts:
            raise src.error(at + ("id",), f"'{q.id}' is a built-in fact and cannot be a question")
        _unique(src, q.options, at + ("options",), "option")
        _unique(src, q.groups, at + ("groups",), "group")
        if q.page is not None and q.page not in pages:
            raise src.error(at + ("page",), f"unknown page '{q.page}' (pages: "
                                            f"{', '.join(sorted(pages)) or 'none listed'})")
        groups = {g.id for g in q.groups}
        for j, option in enumerate(q.options):
            if groups and option.group not in groups:
                raise src.error(at + ("options", j, "group"), f"option '{option.id}' needs one "
                                f"of the groups: {', '.join(sorted(groups))}")
        optional = not q.required or q.only_when is not None
        if q.type == "integer":
            if q.min is None or q.max is None or q.min > q.max:
                raise src.error(at, f"question '{q.id}' is an integer: it needs min and max, min <= max")
            for j, mark in enumerate(q.marks):
                if not q.min <= mark.value <= q.max:
                    raise src.error(at + ("marks", j, "value"),
                                    f"mark {mark.value} is outside {q.min} to {q.max}")
            facts[q.id] = FactType("integer", optional=optional, low=q.min, high=q.max)
        elif q.options_from is not None:
            other = by_id.get(q.options_from)
            if q.type != "set" or q.options or other is None or other.type != "set" \
                    or other.options_from is not None:
                raise src.error(at + ("options_from",), f"'options_from' makes a set with the "
                                f"options of another set question that lists its own; "
                                f"'{q.options_from}' is not one")
            facts[q.id] = FactType("set", frozenset(o.id for o in other.options), optional)
        elif q.type in ("choice", "set"):
            if not q.options:
                raise src.error(at, f"question '{q.id}' is a {q.type}: it needs options")
            facts[q.id] = FactType(q.type, frozenset(o.id for o in q.options), optional)
        else:
            facts[q.id] = FactType(q.type, optional=optional)
    return facts


def _fact_names(raw: Any) -> set[str]:
    """Every fact a raw condition or set expression names: for deciding when a derived fact
    can be worked out. (compile_condition checks the names themselves.)"""
    names: set[str] = set()
    stack, seen = [raw], 0
    while stack and seen < 100_000:
        seen += 1
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("fact"), str):
                names.add(item["fact"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return names


def _derived_stages(src: Located, rfile: schema.RulesFile, question_facts: Mapping[str, FactType]
                    ) -> dict[str, int]:
    """When each derived fact can be worked out: 0 before the first table, n after the n-th."""
    decided: dict[str, int] = {name: 0 for name in question_facts}
    for n, table in enumerate(rfile.tables, 1):
        for name in (table.output, *table.dates):
            decided.setdefault(name, n)
    stages: dict[str, int] = {}
    for i, d in enumerate(rfile.derived):
        reads = ({d.of} if d.of else set()) | _fact_names(d.when) | _fact_names(d.value)
        known = {**decided, **stages}
        unknown = sorted(r for r in reads if r not in known)
        if unknown:
            raise src.error(("derived", i), f"derived fact '{d.id}' reads {', '.join(unknown)}, "
                                            "which no question, earlier derived fact or table "
                                            "decides", rule_id=d.id)
        stages[d.id] = max((known[r] for r in reads), default=0)
    return stages


def _compile_derived(src: Located, i: int, d: schema.Derived, stage: int,
                     facts: dict[str, FactType], questions: Mapping[str, FactType]) -> Derived:
    at = ("derived", i)
    if d.id in facts:
        raise src.error(at + ("id",), f"duplicate fact id '{d.id}'", rule_id=d.id)
    fields = {"hours_since": "of", "days_since": "of", "hours_until": "of",
              "condition": "when", "set": "value"}
    needed = fields[d.kind]
    extra = [f for f in ("of", "when", "value", "options_from") if getattr(d, f) is not None
             and f != needed and not (d.kind == "set" and f == "options_from")]
    if getattr(d, needed) is None or extra:
        raise src.error(at, f"a '{d.kind}' fact needs '{needed}'"
                            + (f" and takes no {', '.join(extra)}" if extra else ""), rule_id=d.id)
    if needed == "of":
        if d.of not in facts or facts[d.of].kind != "datetime":
            raise src.error(at + ("of",), f"'{d.of}' is not a date-time fact", rule_id=d.id)
        facts[d.id] = FactType("number", optional=True, low=None if d.kind == "hours_until" else 0)
        return Derived(d.id, d.kind, stage, frozenset({d.of}), of=d.of)
    if d.kind == "condition":
        condition = compile_condition(d.when, at + ("when",), src, facts)
        facts[d.id] = FactType("boolean")
        return Derived(d.id, d.kind, stage, condition.facts, condition=condition)
    if d.options_from not in questions or questions[d.options_from].kind != "set":
        raise src.error(at + ("options_from",), f"a set fact names the set question whose "
                        f"options it holds; '{d.options_from}' is not one", rule_id=d.id)
    universe = questions[d.options_from].options
    value = compile_set(d.value, at + ("value",), src, facts, universe)
    facts[d.id] = FactType("set", universe)
    return Derived(d.id, d.kind, stage, value.facts, set_value=value)


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
        # A picture that carries meaning says what it shows, for a screen reader and for anyone
        # who cannot see it; words without a picture would describe nothing.
        if item.illustration and not (item.illustration_text or "").strip():
            raise src.error(at + ("illustration",),
                            f"advice '{item.id}' has an illustration but no illustration_text: "
                            "say in a sentence what the picture shows")
        if item.illustration_text and not item.illustration:
            raise src.error(at + ("illustration_text",),
                            f"advice '{item.id}' has an illustration_text but no illustration")
    ranked = sorted(enumerate(afile.advice), key=lambda pair: (order[pair[1].kind], pair[0]))
    return {item.id: item for _, item in ranked}


def _inside(folder: Path, name: str) -> bool:
    """Whether `name` is a path inside `folder`, links resolved (no /etc/passwd, no ../)."""
    base = folder.resolve()
    return (base / name).resolve().is_relative_to(base)


def _tables(src: Located, rfile: schema.RulesFile, question_facts: Mapping[str, FactType],
            sources: Mapping[str, schema.Source], advice: Mapping[str, schema.Advice]
            ) -> tuple[tuple[Table, ...], dict[str, Rule], tuple[Derived, ...],
                       dict[str, FactType]]:
    facts = dict(question_facts)
    advice_ids = frozenset(advice)
    tables: list[Table] = []
    rules: dict[str, Rule] = {}
    outputs: set[str] = set()
    _unique(src, rfile.tables, ("tables",), "table")
    _unique(src, rfile.derived, ("derived",), "derived fact")
    stages = _derived_stages(src, rfile, question_facts)
    derived: list[Derived] = []

    def add_derived(stage: int) -> None:
        for i, d in enumerate(rfile.derived):
            if stages[d.id] == stage:
                derived.append(_compile_derived(src, i, d, stage, facts, question_facts))

    add_derived(0)
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
        add_derived(ti + 1)
    missing = [name for name in (*PLAN_OUTPUTS, *PLAN_DATES) if name not in outputs]
    if missing:
        raise src.error(("tables",), "the tables must decide " + ", ".join(missing))
    for output, values in contract.VALUES.items():
        table = next(t for t in tables if t.output == output)
        if tuple(sorted(table.values)) != tuple(sorted(values)):
            i = next(n for n, t in enumerate(rfile.tables) if t.id == table.id)
            raise src.error(("tables", i, "values"), f"'{output}' takes the values "
                            f"{', '.join(values)} (CONTRACT.md)", rule_id=table.id)
    if contract.SIGNS not in {d.id for d in derived}:
        raise src.error(("derived",), f"the rule set must derive '{contract.SIGNS}': the "
                                      "warning signs that count")
    return tuple(tables), rules, tuple(derived), facts


def _check_until(src: Located, afile: schema.AdviceFile, tables: tuple[Table, ...]) -> None:
    dates = {name for t in tables for name in t.dates}
    for i, item in enumerate(afile.advice):
        if item.until is not None and item.until not in dates:
            raise src.error(("advice", i, "until"), f"'{item.until}' is not a date the tables "
                                                    f"decide (they decide: {', '.join(sorted(dates))})",
                            rule_id=item.id)
