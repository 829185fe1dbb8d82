"""A person's answers: checked against the questions of the rule set, then typed."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from ._msgspec import msgspec

from .clock import parse_moment
from .contract import TRIAGE
from .errors import MISSING, AnswersError
from .ruleset import RuleSet
from .schema import Question

if TYPE_CHECKING:
    from .engine import Engine  # which imports this module


class Answers(msgspec.Struct, frozen=True):
    """Typed answers: ints, bools, option ids, frozensets of option ids, aware datetimes.
    An optional question that was not answered is absent."""

    values: Mapping[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def to_yaml_ready(self) -> dict[str, Any]:
        """Plain values in the answers-file format (CONTRACT.md)."""
        out: dict[str, Any] = {}
        for key, value in self.values.items():
            if isinstance(value, frozenset):
                value = sorted(value)
            elif isinstance(value, datetime):
                value = value.isoformat()
            out[key] = value
        return out


def allowed(q: Question, options: tuple = ()) -> str:
    """What a question accepts, in words: the tail of every error message about it.
    `options`: a set's options where they come from another question."""
    options = options or q.options
    if q.type == "integer":
        return f"a whole number from {q.min} to {q.max}"
    if q.type == "boolean":
        return "true or false"
    if q.type == "choice":
        return "one of: " + ", ".join(o.id for o in options)
    if q.type == "set":
        return "a list of any of: " + ", ".join(o.id for o in options) + " (or [] for none)"
    return "a date and time with its UTC offset, such as 2026-11-27T07:30:00+01:00"


def _describe(condition: Any) -> str:
    if isinstance(condition, dict) and "fact" in condition:
        ops = {k: v for k, v in condition.items() if k != "fact"}
        if len(ops) == 1:
            op, value = next(iter(ops.items()))
            shown = str(value).lower() if isinstance(value, bool) else value
            words = {"eq": "is", "ne": "is not", "lt": "is below", "lte": "is at most",
                     "gt": "is above", "gte": "is at least"}
            if op in words:
                return f"{condition['fact']} {words[op]} {shown}"
    return "the other answers call for it"


def validate_answers(raw: Any, ruleset: RuleSet, now: datetime, *, source: str = "",
                     lines: Mapping[str, int] | None = None) -> Answers:
    """Check raw answers (a mapping from a YAML file or the window). Raises AnswersError
    naming the field, the value and what is allowed; returns typed Answers."""
    lines = lines or {}

    def fail(field: str, value: Any, what: str) -> AnswersError:
        return AnswersError(field, value, what, source=source, line=lines.get(field, 0))

    if not isinstance(raw, Mapping):
        raise AnswersError("answers", type(raw).__name__, "a mapping of question ids to answers, "
                           "such as 'pain: 6' on each line", source=source)
    for key in raw:
        if key not in ruleset.questions:
            raise fail(str(key), raw[key], "not a question; the questions are: "
                       + ", ".join(ruleset.questions))

    values: dict[str, Any] = {}
    for q in ruleset.questions.values():
        if q.id in raw and raw[q.id] is not None:
            values[q.id] = _typed(q, raw[q.id], now, fail, ruleset.options(q.id))
    for q in ruleset.questions.values():
        given = q.id in values
        if q.id in ruleset.only_when:
            needed = ruleset.only_when[q.id].test(values)
            condition = _describe(q.only_when)
            if needed and not given:
                raise fail(q.id, MISSING, f"an answer is needed when {condition}: {allowed(q)}")
            if given and not needed:
                raise fail(q.id, raw[q.id], f"only answered when {condition}; leave it out")
        elif q.required and not given:
            raise fail(q.id, MISSING, f"an answer is needed: {allowed(q)}")
    return Answers(values)


def typed_answers(engine: Engine, raw: dict[str, Any], now: datetime, *, source: str = "",
                  lines: Mapping[str, int] | None = None) -> Answers:
    """The answers checked. Answers left out because the warning signs already call for
    help now (the window skips the other questions) are allowed: the plan is certain."""
    try:
        return validate_answers(raw, engine.ruleset, now, source=source, lines=lines)
    except AnswersError as exc:
        if exc.value is not MISSING:
            raise
        typed = validate_partial(raw, engine.ruleset, now)
        if engine.certain(typed, now, TRIAGE) is None:
            raise
        return Answers(typed)


def validate_partial(raw: Mapping[str, Any], ruleset: RuleSet, now: datetime) -> dict[str, Any]:
    """The answers given so far, checked and typed; nothing is required yet. For the window,
    which asks whether the answers so far already decide the plan."""
    def fail(field: str, value: Any, what: str) -> AnswersError:
        return AnswersError(field, value, what)
    for key in raw:
        if key not in ruleset.questions:
            raise fail(str(key), raw[key], "not a question")
    return {key: _typed(ruleset.question(key), value, now, fail, ruleset.options(key))
            for key, value in raw.items() if value is not None}


def _typed(q: Question, value: Any, now: datetime, fail: Any, options: tuple = ()) -> Any:
    options = options or q.options
    if q.type == "integer":
        if isinstance(value, bool) or not isinstance(value, int) or not q.min <= value <= q.max:
            raise fail(q.id, value, allowed(q))
        return value
    if q.type == "boolean":
        if not isinstance(value, bool):
            raise fail(q.id, value, allowed(q))
        return value
    if q.type == "choice":
        if not isinstance(value, str) or value not in {o.id for o in options}:
            raise fail(q.id, value, allowed(q))
        return value
    if q.type == "set":
        known = {o.id for o in options}
        if not isinstance(value, list):
            raise fail(q.id, value, allowed(q, options))
        for item in value:
            if not isinstance(item, str) or item not in known:
                raise fail(q.id, item, allowed(q, options))
        if len(set(value)) != len(value):
            raise fail(q.id, value, "each item once: " + allowed(q, options))
        return frozenset(value)
    # datetime
    if isinstance(value, datetime):
        moment = value
        if moment.tzinfo is None:
            raise fail(q.id, value.isoformat(), allowed(q))
    else:
        try:
            moment = parse_moment(str(value))
        except ValueError:
            raise fail(q.id, value, allowed(q)) from None
    slack = q.future_slack_minutes
    if slack is not None and moment > now + timedelta(minutes=slack):
        raise fail(q.id, moment.isoformat(), f"a time that is not in the future "
                                             f"(now is {now.isoformat(timespec='minutes')})")
    return moment
