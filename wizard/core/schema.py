"""Typed shapes of the rule-set files. msgspec checks types and rejects unknown fields.

Conditions and date expressions stay raw (`Any`) here: conditions.py checks them against
the facts, so that its messages can say which fact or option is wrong.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec


class _Strict(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    pass


# --- questions.yaml ---------------------------------------------------------------------

class Option(_Strict):
    id: str
    text: str
    group: str | None = None       # e.g. emergency, urgent, modifier: how the window groups them
    detail: str | None = None      # a longer explanation shown under the option


class Mark(_Strict):
    value: int
    text: str


class Question(_Strict):
    id: str
    type: Literal["integer", "boolean", "choice", "set", "datetime"]
    text: str
    short: str                     # a few words: the label in "Your answers"
    help: str | None = None
    required: bool = True
    only_when: Any = None          # a condition: the answer is needed when it holds, refused when not
    min: int | None = None
    max: int | None = None
    unit: str | None = None
    marks: tuple[Mark, ...] = ()
    options: tuple[Option, ...] = ()
    none_text: str | None = None   # for sets: the words of the explicit "none of these" choice
    yes_text: str | None = None
    no_text: str | None = None
    future_slack_minutes: Annotated[int, msgspec.Meta(ge=0, le=60)] | None = None  # clock slack


class Derived(_Strict):
    id: str
    kind: Literal["hours_since", "days_since"]
    of: str


class QuestionsFile(_Strict):
    questions: tuple[Question, ...]
    derived: tuple[Derived, ...] = ()


# --- advice.yaml ------------------------------------------------------------------------

class Kind(_Strict):
    id: str
    title: str


class Dose(_Strict):
    minutes: int | None = None
    every_hours: int | None = None
    reps: int | None = None
    hold_seconds: int | None = None
    times_a_day: int | None = None
    each_side: bool = False
    while_awake: bool = False


class Advice(_Strict):
    id: str
    kind: str
    title: str
    text: str
    source: str
    steps: tuple[str, ...] = ()
    dose: Dose | None = None
    illustration: str | None = None
    until: str | None = None       # a date the plan decides (phase_until, rest_until): "until when"


class AdviceFile(_Strict):
    kinds: tuple[Kind, ...]
    advice: tuple[Advice, ...]


# --- rules.yaml -------------------------------------------------------------------------

class RuleSetInfo(_Strict):
    id: str
    version: str
    title: str
    clinical_version: str


class Source(_Strict):
    id: str
    title: str
    where: str                     # a public https address, or the title again where none exists
    publisher: str | None = None   # who published it, e.g. "NHS" or "NICE"


class Rule(_Strict):
    id: str
    when: Any
    then: Any
    source: str
    because: str                   # the reason in plain words, shown under "Why?"
    dates: dict[str, Any] = {}


class Label(_Strict):
    title: str
    text: str
    tone: Literal["danger", "warning", "info", "ok", "neutral"] = "neutral"  # banner colour and icon


class Table(_Strict):
    id: str
    output: str
    hit_policy: Literal["priority", "unique", "collect"]
    rules: tuple[Rule, ...]
    values: tuple[str, ...] = ()   # for priority and unique: the outcomes, most important first
    dates: tuple[str, ...] = ()    # date facts this table sets (null unless the matching rule gives one)
    labels: dict[str, Label] = {}  # what each value means for the person, in plain words


class History(_Strict):
    episode_open_days: int         # an episode stays open this long after its last check-in


class RulesFile(_Strict):
    ruleset: RuleSetInfo
    sources: tuple[Source, ...]
    tables: tuple[Table, ...]
    history: History


# --- scenarios/*.yaml -------------------------------------------------------------------

class Expect(_Strict):
    triage: str
    phase: str
    # Dates and advice are required, null and [] included: a reviewer sees the whole plan.
    phase_until: str | None
    rest_until: str | None
    next_checkin: str | None
    advice: tuple[str, ...]                      # the exact list, in display order
    fired: tuple[str, ...] = ()                  # rules that must be among those that matched


class Scenario(_Strict):
    id: str
    about: str
    now: str
    answers: dict[str, Any]
    expect: Expect
    covers: tuple[str, ...] = ()                 # the CLINICAL.md rows or boundaries it proves


class ScenarioFile(_Strict):
    scenarios: tuple[Scenario, ...]
