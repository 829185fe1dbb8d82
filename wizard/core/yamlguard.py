"""Limits on what a YAML file may make us build: hostile input ends in a clear message,
fast, in little memory (issue 10).

- An answers file is read only when it is small (located.read_text), and its events are
  counted before any value is built: no alias, a few thousand values at most.
- Every file (rule sets too): values nested at most MAX_DEPTH deep; an alias may not
  contain itself, and aliases may not multiply the values built beyond a budget (an
  "alias bomb" of 300 bytes otherwise expands to billions); numbers of at most
  MAX_DIGITS characters, finite; a number written with a leading zero (`050`) is the
  decimal a person meant, never YAML 1.1's octal.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from .located import Path_, YamlLimitError

MAX_DEPTH = 40              # rule sets nest conditions about 8 deep; answers 2
MAX_DIGITS = 40             # characters in one number
MAX_ANSWER_EVENTS = 5_000   # an answers file holds a few dozen values
EXTRA_VALUES = 100_000      # values that aliases may add beyond the file's own nodes
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+")
_NUMBER_START = re.compile(r"[-+]?(\.?[0-9])")


def prescan(loader: Any, file: str) -> None:
    """Walk the parser's events without building anything: refuse an alias, too many
    values or too deep a nesting, naming the top-level key it stands under."""

    stack: list[list[Any]] = []     # per open collection: [is_mapping, next is a key]
    field: str | None = None
    events = 0
    while loader.check_event():
        event = loader.get_event()
        events += 1
        mark = event.start_mark
        where = (file, mark.line + 1, mark.column + 1)
        if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent,
                              yaml.SequenceStartEvent, yaml.AliasEvent)) and stack:
            top = stack[-1]
            if top[0]:
                if top[1] and len(stack) == 1:
                    field = _shown_key(event)
                top[1] = not top[1]
        if isinstance(event, yaml.AliasEvent):
            raise YamlLimitError(*where, f"an alias (*{event.anchor}) is not allowed in an "
                                         "answers file: write each answer out", field)
        if events > MAX_ANSWER_EVENTS:
            raise YamlLimitError(*where, f"more than {MAX_ANSWER_EVENTS:,} values: an answers "
                                         "file holds a few answers", field)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append([isinstance(event, yaml.MappingStartEvent), True])
            if len(stack) > MAX_DEPTH:
                raise YamlLimitError(*where, f"nested more than {MAX_DEPTH} levels deep", field)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            stack.pop()
        elif isinstance(event, yaml.ScalarEvent):
            _check_number_text(event.value, event.style, where, field)


def _shown_key(event: Any) -> str:
    if isinstance(event, yaml.ScalarEvent):
        return event.value[:60]
    return "(a key that is not a word)"


def _check_number_text(text: str, style: Any, where: tuple[str, int, int],
                       field: str | None) -> None:
    if style in (None, "") and len(text) > MAX_DIGITS and _NUMBER_START.match(text) \
            and sum(c.isdigit() for c in text) > MAX_DIGITS:
        raise YamlLimitError(*where, f"a number of {len(text):,} characters; at most "
                                     f"{MAX_DIGITS} are allowed", field)


class Budget:
    """What `_build` may still build: depth, aliases, and the values they expand to."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.open: set[int] = set()          # the collections being built: a cycle check
        self.depth = 0
        self.built = 0
        self.allowed = EXTRA_VALUES
        self.counted: set[int] = set()
        self.ids: list[str | None] = []      # the `id` of each mapping being built

    def _error(self, node: Any, path: Path_, message: str) -> YamlLimitError:
        mark = node.start_mark
        return self._limit((self.file, mark.line + 1, mark.column + 1), path, message)

    def _limit(self, where: tuple[str, int, int], path: Path_, message: str) -> YamlLimitError:
        field = str(path[0])[:60] if path else None
        error = YamlLimitError(*where, message, field)
        error.rule_id = next((i for i in reversed(self.ids) if i), None)
        return error

    def enter(self, node: Any, path: Path_) -> None:
        key = id(node)
        self.built += 1
        if key not in self.counted:          # the file's own nodes are free; copies are not
            self.counted.add(key)
            self.allowed += 1
        if self.built > self.allowed:
            raise self._error(node, path, "aliases here expand to more than "
                                          f"{self.allowed:,} values: write the values out")
        if key in self.open:
            raise self._error(node, path, "an alias that contains itself")
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self._error(node, path, f"nested more than {MAX_DEPTH} levels deep")
        self.open.add(key)
        self.ids.append(_id_of(node))

    def leave(self, node: Any) -> None:
        self.open.discard(id(node))
        self.depth -= 1
        self.ids.pop()

    def scalar(self, loader: Any, node: Any, path: Path_) -> Any:
        mark = node.start_mark
        where = (self.file, mark.line + 1, mark.column + 1)
        field = str(path[0])[:60] if path else None
        text = node.value
        plain = node.style in (None, "")
        try:
            _check_number_text(text, node.style, where, field)
        except YamlLimitError as exc:
            raise self._limit(where, path, exc.detail) from None
        if plain and _LEADING_ZERO.fullmatch(text.replace("_", "")):
            return int(text.replace("_", ""), 10)  # 050 is fifty, as a person means it
        value = loader.construct_object(node, deep=True)
        if isinstance(value, float) and not math.isfinite(value):
            raise self._limit(where, path, f"{text} is not allowed: a finite number")
        return value


def _id_of(node: Any) -> str | None:
    """The `id` a mapping node gives itself, if any: the rule named in a rule set's errors."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == "id" \
                    and isinstance(value, yaml.ScalarNode):
                return value.value[:80]
    return None
