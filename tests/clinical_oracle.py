"""A second, independent reading of CLINICAL.md version 2.0, written straight from its
tables in plain Python.

The property tests compare the engine running the YAML rule set with this on random
answers. It lives in tests/ only: the product's clinical facts are in rules/.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, tzinfo

EMERGENCY_SYMPTOMS = {"saddle_numbness", "bladder_bowel", "both_legs", "chest_pain"}
EMERGENCY = EMERGENCY_SYMPTOMS | {"major_trauma"}
URGENT_SYMPTOMS = {"leg_weakness", "fever", "weight_loss", "night_pain", "lump_or_shape",
                   "cough_sneeze", "upper_back"}
URGENT = URGENT_SYMPTOMS | {"cancer_history"}
EPISODE_FACTS = {"major_trauma", "cancer_history", "fracture_risk", "infection_risk"}
SYMPTOM_SIGNS = EMERGENCY_SYMPTOMS | URGENT_SYMPTOMS
EXERCISES = ["ex_knee_lift", "ex_overhead_stretch", "ex_knee_to_chest"]
WAKING = (time(8, 0), time(22, 0))


def doctor_checked(a: dict) -> bool:
    return a.get("doctor_seen") is True or a.get("doctor_checked_before") is True


def signs(a: dict) -> set[str]:
    """Section 1, `signs`: the union of its three parts."""
    now = set(a.get("red_flags", ()))
    earlier = set(a.get("earlier_red_flags", ()))
    checked = set(a.get("checked_red_flags", ()))
    seen = a.get("doctor_seen") is True
    out: set[str] = set()
    if not doctor_checked(a):
        out |= now & EPISODE_FACTS
    known = checked | (earlier if seen else set())
    out |= {s for s in now & SYMPTOM_SIGNS if s not in known or s in EMERGENCY_SYMPTOMS}
    if not seen:
        out |= earlier & SYMPTOM_SIGNS
    return out


def bones_at_risk(a: dict) -> bool:
    return "fracture_risk" in signs(a) or (
        a.get("age") is not None and a["age"] >= 65 and a.get("sudden_trauma") is True
        and not doctor_checked(a))


def triage(a: dict, now: datetime) -> str:
    s, trauma, checked = signs(a), a.get("sudden_trauma"), doctor_checked(a)
    if s & EMERGENCY:
        return "emergency"
    age, pain = a["age"], a["pain"]
    if (s & URGENT or ("fracture_risk" in s and trauma)
            or (a.get("trauma_kind") == "fall" and age >= 65 and not checked)):
        return "urgent"
    days = (now - a["onset"]).total_seconds() / 3600 / 24
    first, previous = a.get("first_pain"), a.get("previous_pain")
    learnt = not checked and (
        {"leg_pain_below_knee", "leg_numbness_one_side"} & set(a["symptoms"])
        or age < 18 or (age >= 50 and not trauma) or (age >= 65 and trauma))
    if (("fracture_risk" in s and not trauma) or "infection_risk" in s or learnt
            or pain >= 9
            or (days >= 28 and pain >= 3)
            or (days >= 7 and first is not None and pain >= first and pain >= 3)
            or (pain >= 3 and previous is not None and pain >= previous + 2)
            or (pain >= 3 and first is not None and pain >= first + 2)):
        return "gp"
    return "self_care"


def into_waking(moment: datetime, zone: tzinfo, waking: tuple[time, time] = WAKING) -> datetime:
    local = moment.astimezone(zone)
    start, end = waking
    t = local.time()
    if (start <= t < end) if start < end else (t >= start or t < end):
        return moment
    day = local.date()
    candidate = datetime.combine(day, start, zone)
    if candidate <= local:
        candidate = datetime.combine(day + timedelta(days=1), start, zone)
    return candidate


def plan(a: dict, now: datetime, zone: tzinfo | None = None,
         waking: tuple[time, time] = WAKING) -> dict:
    zone = zone or now.tzinfo
    level = triage(a, now)
    if level == "emergency":
        return {"triage": level, "phase": "none", "phase_until": None, "rest_until": None,
                "next_checkin": None, "advice": {"call_emergency", "emergency_what_to_say"},
                "signs": signs(a)}
    hours = (now - a["onset"]).total_seconds() / 3600
    trauma = a["sudden_trauma"]
    cold = trauma and hours < 48
    if cold:
        phase, phase_until = "cold", a["onset"] + timedelta(hours=48)
    elif a["pain"] >= 3:
        phase, phase_until = "heat", None
    else:
        phase, phase_until = "movement", None
    rest_until = a["onset"] + timedelta(hours=72) if trauma and hours < 72 else None
    # Section 6.
    day = now + timedelta(hours=24)
    if level == "urgent":
        if phase_until is not None and phase_until - now >= timedelta(hours=1):
            checkin = min(phase_until, day)
        else:
            checkin = day
    elif phase == "cold":
        checkin = phase_until if phase_until - now >= timedelta(hours=1) else day
    else:
        checkin = day
    checkin = into_waking(checkin, zone, waking)
    advice: set[str] = {"relaxation", "safety_net", "safety_net_urgent"}
    advice.add({"urgent": "see_doctor_today", "gp": "book_doctor"}.get(level, "relaxation"))
    if doctor_checked(a):
        advice.add("follow_doctor")
    if rest_until is not None or level == "urgent":
        advice.add("stop_intense_activity")
    home = level in ("self_care", "gp")
    if home and rest_until is None and not bones_at_risk(a):
        advice.add("back_to_normal")
    if phase == "cold":
        advice.add("cold_therapy")
    if phase == "heat":
        advice.add("heat_therapy")
    if rest_until is not None:
        advice.add("relative_rest")
    if home:
        advice |= {"walks", "no_twisting", "outlook"}
    advice.add("pain_relief" if a["age"] >= 16 else "pain_relief_young")
    if home and not bones_at_risk(a):
        advice |= {*EXERCISES, "exercise_stop_if_pain"}
    return {"triage": level, "phase": phase, "phase_until": phase_until,
            "rest_until": rest_until, "next_checkin": checkin, "advice": advice,
            "signs": signs(a)}
