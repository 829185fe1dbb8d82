"""A second, independent reading of CLINICAL.md v1.1, written straight from its tables.

The property tests compare the engine running the YAML rule set with this on random
answers. It lives in tests/ only: the product's clinical facts are in rules/.
"""

from __future__ import annotations

from datetime import datetime, timedelta

EMERGENCY = {"saddle_numbness", "bladder_bowel", "both_legs", "major_trauma", "chest_pain"}
URGENT = {"leg_weakness", "fever", "cancer_history", "weight_loss", "night_pain", "lump_or_shape"}
EXERCISES = ["ex_knee_lift", "ex_overhead_stretch", "ex_knee_to_chest"]


def triage(a: dict, now: datetime) -> str:
    flags, trauma, pain = set(a["red_flags"]), a["sudden_trauma"], a["pain"]
    days = (now - a["onset"]).total_seconds() / 3600 / 24
    if flags & EMERGENCY:
        return "emergency"
    if flags & URGENT or ("fracture_risk" in flags and trauma):
        return "urgent"
    first, previous = a.get("first_pain"), a.get("previous_pain")
    if ({"leg_pain_below_knee", "leg_numbness_one_side"} & set(a["symptoms"])
            or ("fracture_risk" in flags and not trauma)
            or a["age"] < 18
            or (a["age"] >= 50 and not trauma)
            or pain >= 9
            or (days >= 28 and pain >= 3)
            or (days >= 7 and first is not None and pain >= first)
            or (days >= 2 and previous is not None and pain >= previous + 2)):
        return "gp"
    return "self_care"


def plan(a: dict, now: datetime) -> dict:
    level = triage(a, now)
    hours = (now - a["onset"]).total_seconds() / 3600
    trauma = a["sudden_trauma"]
    if level == "emergency":
        phase, phase_until = "none", None
    elif trauma and hours < 48:
        phase, phase_until = "cold", a["onset"] + timedelta(hours=48)
    elif a["pain"] >= 3:
        phase, phase_until = "heat", None
    else:
        phase, phase_until = "movement", None
    rest_until = (a["onset"] + timedelta(hours=72)
                  if trauma and hours < 72 and level != "emergency" else None)
    next_checkin = phase_until if phase == "cold" else now + timedelta(hours=24)
    advice: set[str] = set()
    if level == "emergency":
        advice |= {"call_emergency", "emergency_what_to_say"}
    else:
        advice |= {"stop_intense_activity", "relaxation", "safety_net"}
    if level == "urgent":
        advice.add("see_doctor_today")
    if level == "gp":
        advice.add("book_doctor")
    if phase == "cold":
        advice.add("cold_therapy")
    if phase == "heat":
        advice.add("heat_therapy")
    if rest_until:
        advice.add("relative_rest")
    if level in ("self_care", "gp"):
        advice |= {"walks", "no_twisting", *EXERCISES, "exercise_stop_if_pain"}
    return {"triage": level, "phase": phase, "phase_until": phase_until,
            "rest_until": rest_until, "next_checkin": next_checkin, "advice": advice}
