"""The engine: answers and a moment in, a plan out. Pure and deterministic."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timezone, tzinfo
from typing import Any

from .answers import Answers
from .conditions import Context
from .contract import SIGNS
from .errors import RuleSetError
from .plan import Item, Plan, Reason
from .ruleset import Rule, RuleSet, Table


def _reason(rule: Rule) -> Reason:
    return Reason(rule.id, rule.table, rule.because, rule.source)


class Engine:
    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self._priority = {t.id: {v: n for n, v in enumerate(t.values)} for t in ruleset.tables}

    def base_facts(self, answers: Mapping[str, Any], now: datetime) -> dict[str, Any]:
        """Answers plus now and the facts derived from them before the first table."""
        facts = dict(answers)
        facts["now"] = now
        self.derive(facts, 0)
        return facts

    def derive(self, facts: dict[str, Any], stage: int) -> None:
        """Work out the derived facts of `stage` whose inputs are known. An optional answer
        that was not given counts as known (absent); a required one not yet given does not,
        so that answers given so far never decide a fact they cannot."""
        known = self.ruleset.facts
        now = facts["now"]
        for d in self.ruleset.derived:
            if d.stage == stage and d.id not in facts and all(r in facts or (r in known and known[r].optional
                                                       and r in self.ruleset.questions)
                                        for r in d.reads):
                value = d.compute(facts, now)
                if value is not None:
                    facts[d.id] = value

    def decide(self, facts: dict[str, Any], ctx: Context | None = None
               ) -> tuple[dict[str, Any], dict[str, list[Rule]], list[Rule]]:
        """Run every table in order over `facts` (which it extends). Returns the outcome of
        each table, the rules behind each outcome or advice id, and every rule that matched."""
        outcomes: dict[str, Any] = {}
        behind: dict[str, list[Rule]] = {}
        fired: list[Rule] = []
        for stage, table in enumerate(self.ruleset.tables, 1):
            matched = [rule for rule in table.rules if rule.test(facts)]
            fired.extend(matched)
            if table.hit_policy == "collect":
                chosen = set(facts.get(table.output) or ())
                for rule in matched:
                    for advice_id in rule.then:
                        chosen.add(advice_id)
                        behind.setdefault(advice_id, []).append(rule)
                facts[table.output] = frozenset(chosen)
                outcomes[table.output] = facts[table.output]
                self.derive(facts, stage)
                continue
            winner = self.choose(table, matched, facts)
            winners = [r for r in matched if r.then == winner.then]
            facts[table.output] = outcomes[table.output] = winner.then
            behind[table.output] = winners
            for name in table.dates:
                expr = winner.dates.get(name)
                facts[name] = outcomes[name] = expr(facts, ctx) if expr else None
            self.derive(facts, stage)
        return outcomes, behind, fired

    def choose(self, table: Table, matched: list[Rule], facts: Mapping[str, Any]) -> Rule:
        if not matched:
            raise RuleSetError(f"table '{table.id}': no rule matches "
                               f"{_facts_in_words(facts)}; every answer must get an outcome",
                               file=table.rules[0].file, line=table.rules[0].line)
        if table.hit_policy == "unique" and len(matched) > 1:
            first, second = matched[0], matched[1]
            raise RuleSetError(f"table '{table.id}' is unique, but rules {first.id} "
                               f"({first.where}) and {second.id} ({second.where}) both match "
                               f"{_facts_in_words(facts)}",
                               file=second.file, line=second.line, rule_id=second.id)
        rank = self._priority[table.id]
        return min(matched, key=lambda r: rank[r.then])

    def certain(self, known: Mapping[str, Any], now: datetime, output: str) -> str | None:
        """The outcome of a priority table when the answers given so far already decide it:
        a rule that gives the table's most severe value matches on facts that are all known.
        No later answer can change that, so the window can skip the remaining questions."""
        facts = self.base_facts(known, now)
        for table in self.ruleset.tables:
            if table.output != output or table.hit_policy != "priority":
                continue
            top = table.values[0]
            for rule in table.rules:
                if (rule.then == top and rule.condition.facts <= facts.keys()
                        and rule.test(facts)):
                    return top
        return None

    def context(self, zone: tzinfo | None = None,
                waking: tuple[time, time] | None = None, now: datetime | None = None) -> Context:
        """The person's zone (default: now's offset) and waking hours (default: the rule
        set's)."""
        return Context(zone or (now.tzinfo if now is not None else timezone.utc),
                       waking or self.ruleset.waking)

    def evaluate(self, answers: Answers, now: datetime, *, zone: tzinfo | None = None,
                 waking: tuple[time, time] | None = None) -> Plan:
        if now.tzinfo is None:
            raise ValueError("now needs a UTC offset")
        ctx = self.context(zone, waking, now)
        facts = self.base_facts(answers.values, now)
        outcomes, behind, fired = self.decide(facts, ctx)
        advice_ids = outcomes.get("advice", frozenset())
        items = tuple(Item(advice, tuple(_reason(r) for r in behind[advice_id]))
                      for advice_id, advice in self.ruleset.advice.items()
                      if advice_id in advice_ids)
        choices = {t.output: outcomes[t.output] for t in self.ruleset.tables
                   if t.hit_policy != "collect"}
        dates = {name: outcomes[name] for t in self.ruleset.tables for name in t.dates}
        return Plan(ruleset=self.ruleset.info, now=now, answers=answers, outcomes=choices,
                    reasons={k: tuple(_reason(r) for r in behind[k]) for k in choices},
                    dates=dates, items=items, fired=tuple(r.id for r in fired),
                    zone=ctx.zone, waking=ctx.waking, signs=facts.get(SIGNS, frozenset()))


def _facts_in_words(facts: Mapping[str, Any]) -> str:
    shown = []
    for key, value in facts.items():
        if key == "now" or value is None:
            continue
        if isinstance(value, frozenset):
            value = "[" + ", ".join(sorted(value)) + "]"
        elif isinstance(value, float):
            value = f"{value:g}"
        elif isinstance(value, datetime):
            value = value.isoformat()
        shown.append(f"{key}={value}")
    return "(" + ", ".join(shown) + ")"
