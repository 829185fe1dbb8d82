"""Invariants over random answers, and agreement with an independent reading of CLINICAL.md."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import clinical_oracle
from clinical_oracle import EMERGENCY, EPISODE_FACTS, SYMPTOM_SIGNS, URGENT, plan as oracle_plan
from conftest import NOW
from wizard.core.answers import validate_answers

FLAGS = sorted(EMERGENCY | URGENT | EPISODE_FACTS)
SYMPTOMS = ["stiffness", "sharp_pain", "tightness", "pain_on_twisting", "leg_pain_below_knee",
            "leg_numbness_one_side"]
KINDS = ["lifting", "twisting", "bracing_fall", "fall", "intense_activity", "other"]
signs_lists = st.lists(st.sampled_from(sorted(SYMPTOM_SIGNS)), unique=True, max_size=3)
# Hours since onset, with the thresholds (48, 72, 7 and 28 days) and their neighbours likely.
EDGES = [h + d for h in (0, 48, 72, 168, 672) for d in (-0.001, 0, 0.001) if h + d >= 0]
hours = st.one_of(st.sampled_from(EDGES), st.floats(0, 24 * 60, allow_nan=False))


@st.composite
def answer_sets(draw, flags=st.lists(st.sampled_from(FLAGS), unique=True, max_size=4)):
    trauma = draw(st.booleans())
    raw = {
        "age": draw(st.integers(0, 120)),
        "red_flags": draw(flags),
        "sudden_trauma": trauma,
        "onset": (NOW - timedelta(hours=draw(hours))).isoformat(),
        "symptoms": draw(st.lists(st.sampled_from(SYMPTOMS), unique=True)),
        "pain": draw(st.integers(0, 10)),
    }
    if trauma:
        raw["trauma_kind"] = draw(st.sampled_from(KINDS))
    for optional in ("previous_pain", "first_pain"):
        value = draw(st.none() | st.integers(0, 10))
        if value is not None:
            raw[optional] = value
    # What the history remembers: signs told before, a doctor's check.
    for optional, values in (("earlier_red_flags", signs_lists), ("checked_red_flags", signs_lists),
                             ("doctor_checked_before", st.booleans()),
                             ("doctor_seen", st.booleans())):
        value = draw(st.none() | values)
        if value is not None:
            raw[optional] = value
    return raw


def evaluate(ruleset, engine, raw):
    answers = validate_answers(raw, ruleset, NOW)
    return answers, engine.evaluate(answers, NOW)


SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(answer_sets(flags=st.lists(st.sampled_from(FLAGS), unique=True, min_size=1).filter(
    lambda f: bool(set(f) & clinical_oracle.EMERGENCY_SYMPTOMS))))
def test_an_emergency_sign_always_gives_the_emergency_plan_and_nothing_else(ruleset, engine, raw):
    """An emergency symptom ticked now always counts, whatever the history says."""
    _, plan = evaluate(ruleset, engine, raw)
    assert plan.triage == "emergency"
    assert plan.phase == "none"
    assert plan.advice_ids == ("call_emergency", "emergency_what_to_say")
    assert plan.rest_until is None and plan.phase_until is None
    assert plan.next_checkin is None


@SETTINGS
@given(answer_sets())
def test_no_check_in_falls_in_the_night(ruleset, engine, raw):
    _, plan = evaluate(ruleset, engine, raw)
    if plan.next_checkin is not None:
        local = plan.local(plan.next_checkin).time()
        start, end = ruleset.waking
        assert start <= local < end


@SETTINGS
@given(answer_sets())
def test_cold_and_heat_never_together(ruleset, engine, raw):
    _, plan = evaluate(ruleset, engine, raw)
    assert not {"cold_therapy", "heat_therapy"} <= set(plan.advice_ids)
    assert ("cold_therapy" in plan.advice_ids) == (plan.phase == "cold")
    assert ("heat_therapy" in plan.advice_ids) == (plan.phase == "heat")


@SETTINGS
@given(answer_sets())
def test_urgent_never_lists_exercises(ruleset, engine, raw):
    _, plan = evaluate(ruleset, engine, raw)
    if plan.triage == "urgent":
        assert [i.id for i in plan.items if i.advice.kind == "exercise"] == []


@SETTINGS
@given(answer_sets())
def test_rest_never_ends_later_than_72_hours_after_onset(ruleset, engine, raw):
    answers, plan = evaluate(ruleset, engine, raw)
    if plan.rest_until is not None:
        assert plan.rest_until <= answers["onset"] + timedelta(hours=72)


@SETTINGS
@given(answer_sets())
def test_every_plan_has_exactly_one_triage_and_one_phase(ruleset, engine, raw):
    _, plan = evaluate(ruleset, engine, raw)
    assert plan.triage in ("emergency", "urgent", "gp", "self_care")
    assert plan.phase in ("none", "cold", "heat", "movement")
    assert len(plan.reasons["triage"]) >= 1 and len(plan.reasons["phase"]) == 1


@SETTINGS
@given(answer_sets())
def test_every_item_says_why_with_a_source(ruleset, engine, raw):
    _, plan = evaluate(ruleset, engine, raw)
    for item in plan.items:
        assert item.reasons, item.id
        assert all(r.because and r.source.title for r in item.reasons)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets())
def test_the_rule_set_agrees_with_an_independent_reading_of_clinical_md(ruleset, engine, raw):
    answers, plan = evaluate(ruleset, engine, raw)
    expected = oracle_plan(dict(answers.values), NOW)
    assert plan.triage == expected["triage"]
    assert plan.phase == expected["phase"]
    assert plan.phase_until == expected["phase_until"]
    assert plan.rest_until == expected["rest_until"]
    assert plan.next_checkin == expected["next_checkin"]
    assert set(plan.advice_ids) == expected["advice"]
    assert set(plan.signs) == expected["signs"]


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer_sets())
def test_the_derived_facts_agree_with_their_definitions_in_clinical_md(ruleset, engine, raw):
    """The sweep walks signs, doctor_checked and bones_at_risk as themselves: here their
    derivations from the raw answers are proved apart."""
    answers = validate_answers(raw, ruleset, NOW)
    facts = engine.base_facts(answers.values, NOW)
    a = dict(answers.values)
    assert facts["signs"] == clinical_oracle.signs(a)
    assert facts["doctor_checked"] == clinical_oracle.doctor_checked(a)
    assert facts["bones_at_risk"] == clinical_oracle.bones_at_risk(a)


@SETTINGS
@given(answer_sets())
def test_the_same_answers_always_give_the_same_plan(ruleset, engine, raw):
    _, first = evaluate(ruleset, engine, raw)
    _, second = evaluate(ruleset, engine, raw)
    assert first.to_json() == second.to_json()
