"""German reading levels (issue 13): syllables with German vowel groups, the first Wiener
Sachtextformel and Amstad's reading ease, worked out by hand for a sentence."""

from __future__ import annotations

import pytest

from wizard.core.readability import (grade, grade_in, reading_ease_de, syllables_de,
                                     wiener_sachtextformel)


@pytest.mark.parametrize(("word", "count"), [
    ("Abend", 2), ("über", 2), ("Idee", 2),   # the words textstat's counter gets wrong
    ("Eier", 2), ("Feuer", 2), ("Bauer", 2), ("Knie", 1), ("Häufigkeit", 3),
    ("Taubheitsgefühl", 4), ("Oberschenkel", 4), ("Intimbereich", 4), ("Rücken", 2),
    ("Schmerz", 1), ("Saal", 1), ("Boot", 1),
])
def test_german_syllables(word, count) -> None:
    assert syllables_de(word) == count


SENTENCE = "Legen Sie ein kaltes Tuch auf den Rücken."


def test_the_first_wiener_sachtextformel_by_hand() -> None:
    # 8 words in 1 sentence; none of 3 syllables or more (MS 0), none of more than six
    # letters (IW 0), 5 of one syllable (ES 62.5):
    # 0.1672 * 8 - 0.0327 * 62.5 - 0.875 = -1.58
    assert wiener_sachtextformel(SENTENCE) == -1.6


def test_amstad_s_reading_ease_by_hand() -> None:
    # 11 syllables in 8 words: 180 - 8 - 58.5 * 11 / 8 = 91.56
    assert reading_ease_de(SENTENCE) == 91.6


def test_a_hard_text_grades_higher_than_an_easy_one() -> None:
    easy = "Das tut weh. Legen Sie sich hin. Atmen Sie ruhig."
    hard = ("Bei gleichzeitigem Auftreten einer Taubheitsgefühlsausbreitung im Intimbereich "
            "ist unverzüglich eine notfallmedizinische Versorgungseinrichtung aufzusuchen.")
    assert wiener_sachtextformel(easy) <= 6 < 10 < wiener_sachtextformel(hard)
    assert reading_ease_de(easy) > 60 > reading_ease_de(hard)


def test_the_grade_follows_the_language() -> None:
    english = "Put a cold pack on the sore spot for fifteen minutes."
    assert grade_in(english, "en") == grade(english)
    assert grade_in(SENTENCE, "de") == grade_in(SENTENCE, "de_DE") == wiener_sachtextformel(SENTENCE)
