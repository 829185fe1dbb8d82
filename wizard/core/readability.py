"""Flesch-Kincaid grade of the texts a person reads, for rule authors and the tests.

The syllable count is the usual vowel-group estimate: good enough to keep texts at a
reading age where people in pain still follow them (grade 6 or below; never above 10).
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_SENTENCE_END = re.compile(r"[.!?:;]+(?:\s|$)")


MIN_WORDS = 5            # a grade means nothing for a label of two or three words

# A silent e before a suffix or in a compound: some-thing, safe-ly, care-ful, home-work.
_SILENT_E = re.compile(r"(?<=[^aeiouy])e(?=(?:thing|ly|ful|less|ness|ment|work|times?|where)$)")


def syllables(word: str) -> int:
    w = word.lower().split("'")[0]
    if len(w) <= 3:
        return 1
    w = _SILENT_E.sub("", w)
    w = re.sub(r"(?:[^laeiouy]es|[^dt]ed|[^laeiouy]e)$", lambda m: m.group(0)[0], w)
    w = re.sub(r"^y", "", w)
    return max(1, len(re.findall(r"[aeiouy]{1,2}", w)))


def graded(text: str) -> bool:
    """Whether the text is long enough for a grade to mean something."""
    return len(_WORD.findall(text)) >= MIN_WORDS


def grade(text: str) -> float:
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len(_SENTENCE_END.findall(text.strip() + " ")))
    syl = sum(syllables(w) for w in words)
    return round(0.39 * len(words) / sentences + 11.8 * syl / len(words) - 15.59, 1)
