"""An answers file in its usual form, read without PyYAML: one `key: value` on each line.

A typical answers file (CONTRACT.md) holds a few top-level keys, each with a whole number,
true or false, a word, a date or date-time, or a list of words in brackets. Importing PyYAML
costs about 15 ms of every `plan` and `checkin` (benchmarks/pdf.py), more than the rest of
reading the answers. This reads that form and nothing else: the same values, at the same
line and column, as yamlsource.load_text(strict=True). For anything else it answers None,
and the caller reads the file with PyYAML as before, with every check and message there.
tests/test_flatyaml.py holds the two to the same result on many generated files.
"""

from __future__ import annotations

import re

from .located import Located

# YAML 1.1 reads these plain words as true, false or nothing, not as text (in any case; a
# word here is lower case): such a key or value is left to PyYAML.
_NOT_TEXT = frozenset({"yes", "no", "true", "false", "on", "off", "null"})
_WORD = r"[a-z_][a-z0-9_]*"
_SCALAR = (r"(?:0|[1-9][0-9]{0,9}"                  # a whole number (050 and 1_000: PyYAML)
           rf"|{_WORD}"                              # a word, or true or false
           r"|[0-9]{4}-[0-9]{2}-[0-9]{2}"            # a date, and a time with its offset
           r"(?:T[0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?(?:Z|[+-][0-9]{2}:[0-9]{2})?)?)")
_LIST = rf"\[ *(?:{_WORD}(?: *, *{_WORD})*)? *\]"
_LINE = re.compile(rf"({_WORD}): +({_SCALAR}|{_LIST})(?: +#.*)? *")
_ITEM = re.compile(_WORD)
_OTHER = re.compile(r" *(?:#.*)?")                   # a blank line, or a comment
_NOT_PLAIN = re.compile(r"[^\n -~]")                 # beyond printable ASCII: PyYAML decides
MAX_VALUES = 1_000                                   # far fewer than the guard's limit
MAX_LINE = 1_000                                     # characters: a longer line is not usual


def load_flat(text: str, file: str) -> Located | None:
    """The answers in `text`, as yamlsource.load_text(text, file, strict=True) reads them,
    or None when `text` is not in the flat form above."""
    if _NOT_PLAIN.search(text):
        return None
    located = Located(file=file, data={})
    data: dict[str, object] = located.data
    marks = located.marks
    values = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > MAX_LINE:  # before the pattern, whose repeats would take memory
            return None
        found = _LINE.fullmatch(line)
        if found is None:
            if _OTHER.fullmatch(line):
                continue
            return None
        key, value = found.group(1), found.group(2)
        if key in _NOT_TEXT or key in data:  # a duplicate: PyYAML's path says where
            return None
        if not data:
            marks[()] = (number, 1)
        column = found.start(2) + 1
        if value.startswith("["):
            items = [(m.group(), m.start()) for m in _ITEM.finditer(value)]
            if any(item in _NOT_TEXT for item, _ in items):
                return None
            data[key] = [item for item, _ in items]
            marks[(key,)] = (number, 1)  # a list is shown at its key, as load_text does
            for index, (_, start) in enumerate(items):
                marks[(key, index)] = (number, column + start)
            values += len(items)
        else:
            data[key] = _scalar(value)
            if data[key] is None:
                return None
            marks[(key,)] = (number, column)
        values += 2
        if values > MAX_VALUES:
            return None
    return located if data else None


def _scalar(text: str) -> object:
    if text[0].isdigit():
        return int(text) if "-" not in text else text  # a date stays text, as in load_text
    if text == "true" or text == "false":
        return text == "true"
    return None if text in _NOT_TEXT else text
