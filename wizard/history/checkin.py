"""A check-in: the answers, the episode they belong to, the plan, and what changed.

Shared by `spasm-wizard checkin` and the window, so both record the same thing. What the
history remembers of an episode (CLINICAL.md section 1) is worked out here:

- the warning signs told at each check-in, less those taken back later;
- `checked_red_flags`: those told before the episode's last doctor check;
- `earlier_red_flags`: those told since then;
- the episode's facts (a serious accident, cancer, weak bones, infection risk): every one
  told in the episode and not taken back, kept without asking again;
- age: from the last check-in that has it; pains: from the check-ins that have one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from ..core._msgspec import msgspec

from ..core.answers import allowed, typed_answers, validate_partial
from ..core.contract import (CHECKED_RED_FLAGS, DOCTOR_CHECKED_BEFORE, DOCTOR_SEEN,
                             EARLIER_RED_FLAGS, FIRST_PAIN, PREVIOUS_PAIN, RED_FLAGS,
                             TRIAGE)
from ..core.engine import Engine
from ..core.errors import MISSING, AnswersError
from ..core.plan import Plan
from ..core.ruleset import RuleSet
from ..words import changes
from .store import Checkin, Episode, Store

TAKE_BACK = "take_back"


class Advised(NamedTuple):
    """The first advice to see a doctor since the episode's last doctor check."""
    at: datetime
    triage: str
    reasons: tuple[str, ...]             # the rules' reasons, in words


class Remembered(NamedTuple):
    earlier: frozenset[str]              # signs told since the last doctor check
    checked: frozenset[str]              # signs told before it: the doctor knew them
    doctor_checked_before: bool
    facts: frozenset[str]                # the episode's facts
    advised: Advised | None              # ask "has a doctor checked you?" when set
    told: frozenset[str]                 # every sign told in the episode, not taken back


class Result(msgspec.Struct, frozen=True):
    plan: Plan
    episode: Episode
    checkin_id: int
    number: int
    changes: tuple[str, ...]
    series: tuple[Checkin, ...]          # every check-in of the episode, this one last

    def to_json(self) -> dict[str, Any]:
        out = self.plan.to_json()
        out["episode"] = {"id": self.episode.id,
                          "onset": (self.plan.local(self.episode.onset).isoformat()
                                    if self.episode.onset else None),
                          "checkin": self.number}
        out["changes"] = list(self.changes)
        return out


def episode_answers(episode: Episode) -> dict[str, Any]:
    """The episode's own facts (onset, strain, what caused it) that it knows."""
    facts: dict[str, Any] = {}
    if episode.onset is not None:
        facts["onset"] = episode.onset.isoformat()
    if episode.sudden_trauma is not None:
        facts["sudden_trauma"] = episode.sudden_trauma
    if episode.trauma_kind is not None:
        facts["trauma_kind"] = episode.trauma_kind
    return facts


def remembered(store: Store, ruleset: RuleSet, episode: Episode,
               replace: int | None = None) -> Remembered:
    """What the history knows of the episode's warning signs and doctor checks, before the
    check-in `replace` (which is being redone) or a new one."""
    checkins = [c for c in store.checkins(episode.id) if c.id != replace]
    corrections = [c for c in store.corrections(episode.id) if c.kind == TAKE_BACK]

    def standing(sign: str, told_at: datetime) -> bool:
        return not any(c.value == sign and c.at >= told_at for c in corrections)

    told_at: dict[str, datetime] = {}
    for c in checkins:
        for sign in c.told:
            told_at[sign] = c.at
    last_check = max((n for n, c in enumerate(checkins) if c.doctor_seen), default=None)
    since = checkins if last_check is None else checkins[last_check:]
    before = [] if last_check is None else checkins[:last_check]

    def signs_of(group: list[Checkin]) -> frozenset[str]:
        return frozenset(s for c in group for s in c.told if standing(s, told_at[s]))

    told = signs_of(checkins)
    advised = None
    for c in since:
        label = ruleset.label(TRIAGE, c.triage)
        if label is not None and label.advises_doctor:
            rules = [ruleset.rules[r] for r in c.plan.get("fired", ()) if r in ruleset.rules]
            reasons = tuple(dict.fromkeys(r.because for r in rules
                                             if r.table == TRIAGE and r.then == c.triage))
            advised = Advised(c.at, c.triage, reasons)
            break
    return Remembered(earlier=signs_of(since), checked=signs_of(before),
                      doctor_checked_before=last_check is not None,
                      facts=told & ruleset.episode_options(RED_FLAGS), advised=advised, told=told)


def fill_from_history(raw: dict[str, Any], store: Store, ruleset: RuleSet, now: datetime,
                      episode: Episode | None, *, correct: bool = False,
                      source: str = "", replace: int | None = None) -> dict[str, Any]:
    """The answers with what the history knows filled in: the episode's facts, the age,
    the pains and the warning signs of earlier check-ins. A fact given and different is an
    error, unless `correct` (the window's Review page): then it corrects the episode."""
    raw = dict(raw)
    for key in ruleset.kept("history"):
        if key in raw:
            raise AnswersError(key, raw[key], "it comes from your history when you check in; "
                               "leave it out", source=source)
    if episode is None:
        return raw
    stored = episode_answers(episode)
    episode_keys = ruleset.kept("episode")
    given = validate_partial({k: raw[k] for k in episode_keys if k in raw}, ruleset, now)
    known = validate_partial(stored, ruleset, now)
    for key in episode_keys:
        if key in given and key in known and given[key] != known[key] and not correct:
            raise AnswersError(key, raw[key], f"this episode's {key} is {stored[key]}; pass "
                               "--new-episode to start a new episode", source=source)
    if not correct:
        for key, value in stored.items():
            raw.setdefault(key, value)
    earlier = [c for c in store.checkins(episode.id) if c.id != replace]
    for key in ruleset.kept("last_checkin"):
        if key not in raw:
            value = next((c.answers[key] for c in reversed(earlier) if key in c.answers), None)
            if value is not None:
                raw[key] = value
    pains = [c.pain for c in earlier if c.pain is not None]
    if pains:
        raw[PREVIOUS_PAIN], raw[FIRST_PAIN] = pains[-1], pains[0]
    memory = remembered(store, ruleset, episode, replace)
    flags = raw.get(RED_FLAGS)
    if isinstance(flags, list):
        raw[RED_FLAGS] = sorted(set(flags) | memory.facts)
    if memory.earlier:
        raw[EARLIER_RED_FLAGS] = sorted(memory.earlier)
    if memory.checked:
        raw[CHECKED_RED_FLAGS] = sorted(memory.checked)
    if memory.doctor_checked_before:
        raw[DOCTOR_CHECKED_BEFORE] = True
    return raw


def check_in(store: Store, ruleset: RuleSet, raw: dict[str, Any], now: datetime, *,
             new_episode: bool = False, episode: Episode | None = None, correct: bool = False,
             replace: int | None = None, source: str = "", take_back: tuple[str, ...] = (),
             zone=None, waking=None) -> Result:  # noqa: ANN001
    """Record a check-in. Without `episode`, the open episode is used (or a new one when
    there is none, or when `new_episode`). `take_back`: warning signs told at earlier
    check-ins by mistake; the history records the correction."""
    engine = Engine(ruleset)
    open_days = ruleset.history.episode_open_days
    if episode is None and not new_episode:
        episode = store.open_episode(now, open_days)
    if take_back:
        if episode is None:
            raise AnswersError("take-back", ", ".join(take_back), "a warning sign told at an "
                               "earlier check-in of the open episode; there is none",
                               source=source)
        told = remembered(store, ruleset, episode, replace).told
        for sign in take_back:
            if sign not in told:
                raise AnswersError("take-back", sign, "one of the warning signs told in this "
                                   f"episode: {', '.join(sorted(told)) or 'none'}", source=source)
        for sign in take_back:
            store.add_correction(episode.id, now, TAKE_BACK, sign)
    filled = fill_from_history(raw, store, ruleset, now, episode, correct=correct, source=source,
                               replace=replace)
    try:
        answers = typed_answers(engine, filled, now, source=source)
    except AnswersError as exc:
        if episode is None and exc.value is MISSING and exc.field in ruleset.kept("episode"):
            raise AnswersError(exc.field, MISSING, "an answer is needed: there is no open "
                               "episode to take it from "
                               f"({allowed(ruleset.question(exc.field))})", source=source) from None
        raise
    plan = engine.evaluate(answers, now, zone=zone, waking=waking)
    ticked = frozenset(answers.get(RED_FLAGS) or ())
    before = remembered(store, ruleset, episode, replace) if episode is not None else None
    if episode is None:
        if new_episode:
            current = store.open_episode(now, open_days)
            if current is not None:
                store.close_episode(current.id, now)
            episode = store.new_episode(answers.get("onset"), answers.get("sudden_trauma"),
                                        answers.get("trauma_kind"), now)
        else:
            episode, made = store.new_episode_unless_open(
                answers.get("onset"), answers.get("sudden_trauma"), answers.get("trauma_kind"),
                now, open_days)
            if not made:  # another check-in opened one meanwhile: this one belongs to it
                return check_in(store, ruleset, raw, now, correct=correct, replace=replace,
                                source=source, zone=zone, waking=waking)
    elif any(answers.get(k) is not None and answers.get(k) != getattr(episode, k) for k in
             ("onset", "sudden_trauma", "trauma_kind")) or (
            correct and answers.get("trauma_kind") != episode.trauma_kind):
        store.correct_episode(episode.id, answers.get("onset", episode.onset),
                              answers.get("sudden_trauma", episode.sudden_trauma),
                              answers.get("trauma_kind"))
        episode = store.episode(episode.id)
    # Told here: the symptom signs ticked that count, and an episode fact first given.
    facts = ruleset.episode_options(RED_FLAGS)
    known_facts = before.facts if before else frozenset()
    told = (ticked & plan.signs - facts) | (ticked & facts - known_facts)
    earlier = [c for c in store.checkins(episode.id) if c.id != replace]
    checkin_id = store.add_checkin(episode.id, now, answers.to_yaml_ready(), plan.to_json(),
                                   replace=replace, open_days=open_days, told=tuple(told),
                                   doctor_seen=answers.get(DOCTOR_SEEN))
    series = tuple(store.checkins(episode.id))
    number = next(c.number for c in series if c.id == checkin_id)
    previous = next((c for c in reversed(earlier)), None)
    previous_pain = next((c.pain for c in reversed(earlier) if c.pain is not None), None)
    return Result(plan, episode, checkin_id, number,
                  tuple(changes(previous.plan if previous else None, previous_pain, plan,
                                ruleset)),
                  series)


def doctor_question(store: Store, ruleset: RuleSet, episode: Episode | None,
                    replace: int | None = None) -> Advised | None:
    """Whether a check-in asks "has a doctor checked you?", and what was advised then."""
    if episode is None:
        return None
    return remembered(store, ruleset, episode, replace).advised

