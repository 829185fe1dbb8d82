"""Reading levels of the texts a person reads, for rule authors and the tests.

English: the Flesch-Kincaid grade. German: the first Wiener Sachtextformel, on the same
school-grade scale, and Amstad's Flesch reading ease for German. The syllable counts are
vowel-group estimates (German's diphthongs and long vowels, ei, ie, au, eu, äu, aa, ee, oo,
count as one): good enough to keep texts at a reading age where people in pain still follow
them (grade 6 or below; never above 10).
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


def graded(text: str, language: str = "en") -> bool:
    """Whether the text is long enough for a grade to mean something."""
    words = _WORD_DE if language.split("-")[0] == "de" else _WORD
    return len(words.findall(text)) >= MIN_WORDS


def grade(text: str) -> float:
    words = _WORD.findall(text)
    if not words:
        return 0.0
    sentences = max(1, len(_SENTENCE_END.findall(text.strip() + " ")))
    syl = sum(syllables(w) for w in words)
    return round(0.39 * len(words) / sentences + 11.8 * syl / len(words) - 15.59, 1)


# German: letters with umlauts and ß; a vowel group is one syllable, and so is a diphthong or
# a doubled vowel ("Ei-er", "I-dee", "Häu-fig-keit"; "A-bend" and "ü-ber" have two).
_WORD_DE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_VOWELS_DE = re.compile(r"äu|eu|au|ei|ai|ey|ay|ie|aa|ee|oo|[aeiouyäöü]")


def syllables_de(word: str) -> int:
    return max(1, len(_VOWELS_DE.findall(word.lower())))


def _german(text: str) -> tuple[int, int, list[str]]:
    words = _WORD_DE.findall(text)
    sentences = max(1, len(_SENTENCE_END.findall(text.strip() + " ")))
    return len(words), sentences, words


def wiener_sachtextformel(text: str) -> float:
    """The first Wiener Sachtextformel (Bamberger and Vanecek): a German school grade, from
    4 (easy) to 15 (hard)."""
    count, sentences, words = _german(text)
    if not count:
        return 0.0
    counts = [syllables_de(w) for w in words]
    ms = 100 * sum(c >= 3 for c in counts) / count     # words of three syllables or more, %
    sl = count / sentences                             # words per sentence
    iw = 100 * sum(len(w) > 6 for w in words) / count  # words of more than six letters, %
    es = 100 * sum(c == 1 for c in counts) / count     # words of one syllable, %
    return round(0.1935 * ms + 0.1672 * sl + 0.1297 * iw - 0.0327 * es - 0.875, 1)


def reading_ease_de(text: str) -> float:
    """Amstad's Flesch reading ease for German: 0 (hard) to 100 (easy)."""
    count, sentences, words = _german(text)
    if not count:
        return 100.0
    per_word = sum(syllables_de(w) for w in words) / count
    return round(180 - count / sentences - 58.5 * per_word, 1)


def grade_in(text: str, language: str) -> float:
    """The school grade of `text` in its language: Flesch-Kincaid for English, the first
    Wiener Sachtextformel for German."""
    if language.split("-")[0].split("_")[0] == "de":
        return wiener_sachtextformel(text)
    return grade(text)
