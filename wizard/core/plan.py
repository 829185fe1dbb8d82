"""The plan: what the engine decided, why, and until when. Shown, printed, exported, stored."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, tzinfo
from typing import Any

from ._msgspec import msgspec

from .answers import Answers
from .schema import Advice, RuleSetInfo, Source


class Reason(msgspec.Struct, frozen=True):
    """One rule that matched: the "Why?" behind an item."""

    rule_id: str
    table: str
    because: str
    source: Source


class Item(msgspec.Struct, frozen=True):
    advice: Advice
    reasons: tuple[Reason, ...]

    @property
    def id(self) -> str:
        return self.advice.id


class Plan(msgspec.Struct, frozen=True):
    ruleset: RuleSetInfo
    now: datetime
    answers: Answers
    outcomes: Mapping[str, str]                  # table output -> value: triage, phase, ...
    reasons: Mapping[str, tuple[Reason, ...]]    # table output -> the rules behind the value
    dates: Mapping[str, datetime | None]         # phase_until, rest_until, next_checkin
    items: tuple[Item, ...]                      # advice in display order
    fired: tuple[str, ...]                       # every rule that matched, in rule-set order
    zone: tzinfo                                 # the person's time zone: dates shown in it
    waking: tuple[time, time]                    # the person's waking hours
    signs: frozenset[str] = frozenset()          # the warning signs that count (CLINICAL.md 1)

    @property
    def triage(self) -> str:
        return self.outcomes["triage"]

    @property
    def phase(self) -> str:
        return self.outcomes["phase"]

    @property
    def phase_until(self) -> datetime | None:
        return self.dates.get("phase_until")

    @property
    def rest_until(self) -> datetime | None:
        return self.dates.get("rest_until")

    @property
    def next_checkin(self) -> datetime | None:
        return self.dates.get("next_checkin")

    @property
    def advice_ids(self) -> tuple[str, ...]:
        return tuple(item.id for item in self.items)

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone)

    def to_json(self) -> dict[str, Any]:
        """The JSON plan of CONTRACT.md."""
        def iso(moment: datetime | None) -> str | None:
            return None if moment is None else self.local(moment).isoformat()
        return {
            "ruleset": {"id": self.ruleset.id, "version": self.ruleset.version},
            "now": iso(self.now),
            "triage": self.triage,
            "phase": self.phase,
            "phase_until": iso(self.phase_until),
            "rest_until": iso(self.rest_until),
            "next_checkin": iso(self.next_checkin),
            "advice": list(self.advice_ids),
            "fired": list(self.fired),
            "signs": sorted(self.signs),
            "why": {item.id: [r.rule_id for r in item.reasons] for item in self.items},
            "answers": self.answers.to_yaml_ready(),
        }
