"""The built-in rule set as a whole: complete, readable, and shipped where the app finds it."""

from __future__ import annotations

from wizard.commands.check_rules import reading_texts
from wizard.core.readability import grade, graded
from wizard.core.sweep import sweep
from wizard.paths import builtin_rules_dir, resources_dir


def test_every_answer_set_gets_exactly_one_triage_and_one_phase(ruleset) -> None:
    report = sweep(ruleset)  # raises RuleSetError at the first gap or overlap
    # Every set of up to two of the 15 warning signs that count (121 sets) is covered.
    assert report.per_table["triage"] % 121 == 0
    assert report.per_table["phase"] >= 4 * 2 * 11  # every triage, both strains, pain 0..10
    assert report.answer_sets > 1_000_000


def test_no_text_is_above_reading_grade_10_and_most_are_6_or_below(ruleset) -> None:
    texts = [(where, text) for where, text in reading_texts(ruleset) if graded(text)]
    assert len(texts) > 50
    too_hard = [(where, text, grade(text)) for where, text in texts if grade(text) > 10]
    assert too_hard == []
    easy = sum(grade(text) <= 6 for _, text in texts)
    assert easy / len(texts) >= 0.8


def test_the_grade_tells_jargon_from_plain_words() -> None:
    plain = "Put a cold pack on the sore spot. Do this every two hours."
    jargon = ("Paraesthesia accompanied by radiculopathy necessitates expeditious "
              "neurological evaluation by an appropriately qualified practitioner.")
    assert grade(plain) <= 6 < 10 < grade(jargon)


def test_the_rule_set_and_pictures_ship_with_the_package() -> None:
    rules = builtin_rules_dir()
    for name in ("questions.yaml", "advice.yaml", "rules.yaml"):
        assert (rules / name).is_file()
    assert len(list((rules / "scenarios").glob("*.yaml"))) >= 4
    assert len(list((resources_dir() / "illustrations").glob("*.svg"))) >= 5
