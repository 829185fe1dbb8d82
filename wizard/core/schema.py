"""Typed shapes of the rule-set files. msgspec checks types and rejects unknown fields.

Conditions and date expressions stay raw (`Any`) here: conditions.py checks them against
the facts, so that its messages can say which fact or option is wrong.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from ._msgspec import msgspec


class _Strict(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    pass


# --- questions.yaml ---------------------------------------------------------------------

class Option(_Strict):
    id: str
    text: str
    group: str | None = None       # one of the question's groups: how the window shows them
    detail: str | None = None      # a longer explanation shown under the option
    episode: bool = False          # a fact of the episode: not asked again at a check-in


class Group(_Strict):
    id: str
    title: str                     # the heading the window shows above the group
    help: str | None = None
    none_covers: bool = True       # does "None of these" say no to this group too?


class Page(_Strict):
    id: str
    title: str
    subtitle: str


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
    groups: tuple[Group, ...] = ()  # for sets: the headed groups of options, in order
    options_from: str | None = None  # for sets: the options are those of another question
    page: str | None = None        # the window's page that asks it; none: never typed in
    keep: Literal["episode", "last_checkin", "history"] | None = None
    # episode: a fact of the episode (asked once, correctable from Review);
    # last_checkin: taken from the episode's last check-in that has it;
    # history: worked out from the history, never asked.


class QuestionsFile(_Strict):
    questions: tuple[Question, ...]
    pages: tuple[Page, ...] = ()


# --- advice.yaml ------------------------------------------------------------------------

class Kind(_Strict):
    """A kind of advice, and how the window, the text plan and the PDF lay its items out.
    The layouts are named here once; a kind picks among them."""
    id: str
    title: str
    page: Literal["first", "body"] = "body"  # first: page 1 of the PDF, the page for the fridge
    emphasis: Literal["plain", "large", "bold"] = "plain"  # large titles; or bold text
    width: Literal["full", "half"] = "full"  # half: side by side with the next half kind (PDF)
    phase_label: bool = False  # with no item of this kind, the phase's label stands in for it
    columns: Literal[1, 2] = 1  # 2: the items side by side in the PDF (the two get-help lists)


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
    illustration_text: str | None = None  # what the picture shows, for those who cannot see it
    until: str | None = None       # a date the plan decides (phase_until, rest_until): "until when"
    until_else: str | None = None  # shown in place of the date when the plan sets none


class AdviceFile(_Strict):
    kinds: tuple[Kind, ...]
    advice: tuple[Advice, ...]


# --- rules.yaml -------------------------------------------------------------------------

class RuleSetInfo(_Strict):
    id: str
    version: str
    title: str
    clinical_version: str
    # The languages it is reviewed in: each needs every text translated and up to date in
    # locale/LANG/ (check-rules fails otherwise). English is the rules' own.
    languages: tuple[str, ...] = ("en",)


class Source(_Strict):
    id: str
    title: str
    publisher: str | None = None   # who published it, e.g. "NHS" or "NICE"
    where: str | None = None       # its public https address, where it has one


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
    advises_doctor: bool = False   # a plan with this value tells the person to see a doctor


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


class WakingHours(_Strict):
    start: str                     # "08:00": the person's day starts (local time)
    end: str                       # "22:00": and ends; may be before start (a night worker)


class Derived(_Strict):
    """A fact worked out from others. It is worked out as soon as every fact it reads is
    known: before the first table, or after the table that decides the last of them."""
    id: str
    kind: Literal["hours_since", "days_since", "hours_until", "condition", "set"]
    of: str | None = None          # hours_since, days_since, hours_until: the moment
    when: Any = None               # condition: true when this holds
    options_from: str | None = None  # set: the question whose options it holds
    value: Any = None              # set: a set expression (union, intersect, minus, when/then)
    about: str | None = None       # what it means, for a reviewer


class RulesFile(_Strict):
    ruleset: RuleSetInfo
    sources: tuple[Source, ...]
    tables: tuple[Table, ...]
    history: History
    waking_hours: WakingHours
    derived: tuple[Derived, ...] = ()


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
    signs: tuple[str, ...] | None = None         # the warning signs that count, when given


class Scenario(_Strict):
    id: str
    about: str
    now: str
    answers: dict[str, Any]
    expect: Expect
    zone: str | None = None                      # the person's IANA time zone (default: now's offset)
    waking: str | None = None                    # the person's waking hours, "HH:MM-HH:MM"
    covers: tuple[str, ...] = ()                 # the CLINICAL.md rows or boundaries it proves


class ScenarioFile(_Strict):
    scenarios: tuple[Scenario, ...]
