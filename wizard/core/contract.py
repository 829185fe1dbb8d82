"""The ids that the code, CONTRACT.md and outside scripts rely on, named once.

The rule set may change every threshold, text and rule, but these names are the
vocabulary between the YAML and the code: the loader checks that they are there, with the
right type, so that a rule set missing one fails to load with file:line, not later.
"""

from __future__ import annotations

# Answers (CLINICAL.md section 1) and their types.
AGE, RED_FLAGS, SUDDEN_TRAUMA, TRAUMA_KIND = "age", "red_flags", "sudden_trauma", "trauma_kind"
ONSET, SYMPTOMS, PAIN = "onset", "symptoms", "pain"
PREVIOUS_PAIN, FIRST_PAIN = "previous_pain", "first_pain"
EARLIER_RED_FLAGS, CHECKED_RED_FLAGS = "earlier_red_flags", "checked_red_flags"
DOCTOR_CHECKED_BEFORE, DOCTOR_SEEN = "doctor_checked_before", "doctor_seen"

QUESTIONS: dict[str, str] = {
    AGE: "integer", RED_FLAGS: "set", SUDDEN_TRAUMA: "boolean", TRAUMA_KIND: "choice",
    ONSET: "datetime", SYMPTOMS: "set", PAIN: "integer", PREVIOUS_PAIN: "integer",
    FIRST_PAIN: "integer", EARLIER_RED_FLAGS: "set", CHECKED_RED_FLAGS: "set",
    DOCTOR_CHECKED_BEFORE: "boolean", DOCTOR_SEEN: "boolean",
}

# Derived facts the code reads: the warning signs that count (shown on the plan).
SIGNS = "signs"

# What a plan decides (the JSON plan of CONTRACT.md).
TRIAGE, PHASE, ADVICE = "triage", "phase", "advice"
PLAN_OUTPUTS = (TRIAGE, PHASE, ADVICE)
PLAN_DATES = ("phase_until", "rest_until", "next_checkin")
VALUES: dict[str, tuple[str, ...]] = {
    TRIAGE: ("emergency", "urgent", "gp", "self_care"),
    PHASE: ("none", "cold", "heat", "movement"),
}
EMERGENCY = "emergency"   # the triage value that means "get help now": no home treatment
