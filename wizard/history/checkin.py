"""A check-in: the answers, the episode they belong to, the plan, and what changed.

Shared by `spasm-wizard checkin` and the window, so both record the same thing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import msgspec

from ..core.answers import validate_answers, validate_partial
from ..core.engine import Engine
from ..core.errors import AnswersError
from ..core.plan import Plan
from ..core.ruleset import RuleSet
from ..words import changes
from .store import Checkin, Episode, Store

EPISODE_FACTS = ("onset", "sudden_trauma", "trauma_kind")
FROM_HISTORY = ("previous_pain", "first_pain")


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
                          "onset": self.plan.local(self.episode.onset).isoformat(),
                          "checkin": self.number}
        out["changes"] = list(self.changes)
        return out


def episode_answers(episode: Episode) -> dict[str, Any]:
    facts = {"onset": episode.onset.isoformat(), "sudden_trauma": episode.sudden_trauma}
    if episode.trauma_kind is not None:
        facts["trauma_kind"] = episode.trauma_kind
    return facts


def fill_from_history(raw: dict[str, Any], store: Store, ruleset: RuleSet, now: datetime,
                      episode: Episode | None, *, correct: bool = False,
                      source: str = "", replace: int | None = None) -> dict[str, Any]:
    """The answers with the episode's facts and the pains of earlier check-ins filled in.
    A fact given and different is an error, unless `correct` (the window's Review page):
    then it corrects the episode."""
    raw = dict(raw)
    for key in FROM_HISTORY:
        if key in raw:
            raise AnswersError(key, raw[key], "it comes from your history when you check in; "
                               "leave it out", source=source)
    if episode is None:
        from ..core.answers import allowed
        from ..core.errors import MISSING
        for key in ("sudden_trauma", "onset"):
            if key not in raw:
                raise AnswersError(key, MISSING, "an answer is needed: there is no open episode "
                                   f"to take it from ({allowed(ruleset.question(key))})",
                                   source=source)
        return raw
    stored = episode_answers(episode)
    given = validate_partial({k: raw[k] for k in EPISODE_FACTS if k in raw}, ruleset, now)
    known = validate_partial(stored, ruleset, now)
    for key in EPISODE_FACTS:
        if key in given and given[key] != known.get(key) and not correct:
            shown = stored.get(key, "not given")
            raise AnswersError(key, raw[key], f"this episode's {key} is {shown}; pass "
                               "--new-episode to start a new episode", source=source)
    if not correct:
        # Missing facts come from the episode; trauma_kind only if the strain is its own.
        for key, value in stored.items():
            raw.setdefault(key, value)
    earlier = [c for c in store.checkins(episode.id) if c.id != replace]  # not the one redone
    if earlier:
        raw["previous_pain"] = earlier[-1].pain
        raw["first_pain"] = earlier[0].pain
    return raw


def check_in(store: Store, ruleset: RuleSet, raw: dict[str, Any], now: datetime, *,
             new_episode: bool = False, episode: Episode | None = None, correct: bool = False,
             replace: int | None = None, source: str = "") -> Result:
    """Record a check-in. Without `episode`, the open episode is used (or a new one when
    there is none, or when `new_episode`)."""
    engine = Engine(ruleset)
    open_days = ruleset.history.episode_open_days
    if episode is None and not new_episode:
        episode = store.open_episode(now, open_days)
    filled = fill_from_history(raw, store, ruleset, now, episode, correct=correct, source=source,
                               replace=replace)
    answers = validate_answers(filled, ruleset, now, source=source)
    plan = engine.evaluate(answers, now)
    if episode is None:
        if new_episode:
            current = store.open_episode(now, open_days)
            if current is not None:
                store.close_episode(current.id, now)
            episode = store.new_episode(answers["onset"], answers["sudden_trauma"],
                                        answers.get("trauma_kind"), now)
        else:
            episode, made = store.new_episode_unless_open(
                answers["onset"], answers["sudden_trauma"], answers.get("trauma_kind"), now,
                open_days)
            if not made:  # another check-in opened one meanwhile: this one belongs to it
                return check_in(store, ruleset, raw, now, correct=correct, replace=replace,
                                source=source)
    elif correct and any(answers.get(k) != v for k, v in (
            ("onset", episode.onset), ("sudden_trauma", episode.sudden_trauma),
            ("trauma_kind", episode.trauma_kind))):
        store.correct_episode(episode.id, answers["onset"], answers["sudden_trauma"],
                              answers.get("trauma_kind"))
        episode = store.episode(episode.id)
    earlier = [c for c in store.checkins(episode.id) if c.id != replace]
    checkin_id = store.add_checkin(episode.id, now, answers.to_yaml_ready(), plan.to_json(),
                                   replace=replace, open_days=open_days)
    series = tuple(store.checkins(episode.id))
    number = next(c.number for c in series if c.id == checkin_id)
    previous = earlier[-1] if earlier else None
    return Result(plan, episode, checkin_id, number,
                  tuple(changes(previous.plan if previous else None, previous.pain if previous else None,
                                plan, ruleset)),
                  series)
