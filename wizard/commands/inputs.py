"""What plan and checkin read besides the rule set: the answers file (--answers) and the
waking hours (--waking, else the window's setting)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..core.flatyaml import load_flat
from ..core.located import YamlLimitError, YamlSyntaxError, read_text
from ..core.schedule import parse_waking
from ..settings import stored_waking
from . import UsageError

ANSWERS_MAX_BYTES = 1_000_000  # a real answers file is a few hundred bytes


def read_answers_file(path_text: str) -> tuple[Any, dict[str, int]]:
    """The raw answers in a YAML file and the line of each top-level key."""
    path = Path(path_text)
    if not path.is_file():
        what = ("is a folder" if path.is_dir() else "is not a regular file" if path.exists()
                else "does not exist")
        raise UsageError(f"--answers: {path_text!r} {what}: give an answers file that exists")
    try:
        text = read_text(path, str(path), ANSWERS_MAX_BYTES)
        src = load_flat(text, str(path))  # one `key: value` a line, the usual form
        if src is None:  # any other form: PyYAML, imported only then (15 ms)
            from ..core.yamlsource import load_text
            src = load_text(text, str(path), strict=True)
    except OSError as exc:
        raise UsageError(f"--answers: {path_text!r} cannot be read ({exc.strerror or exc}): "
                         "an answers file that you can read") from None
    except YamlLimitError as exc:
        raise UsageError(f"{exc.file}:{exc.line}: {exc.field or 'answers'}: {exc.detail}") from None
    except YamlSyntaxError as exc:
        under = _key_above(path, exc.line)
        raise UsageError(f"{exc.file}:{exc.line}: answers: {exc.args[0].split(': ', 1)[1]}"
                         f"{f' (under {under!r})' if under else ''}; "
                         "the answers file must be YAML, such as 'pain: 6' on each line") from None
    lines = {str(key[0]): line for key, (line, _) in src.marks.items() if len(key) == 1}
    return src.data, lines


def _key_above(path: Path, line: int) -> str | None:
    """The top-level key at or above `line`: where a YAML error stands, in the person's words."""
    try:
        lines = path.read_bytes()[:ANSWERS_MAX_BYTES].decode("utf-8", "replace").splitlines()
    except OSError:
        return None
    for text in reversed(lines[:line]):
        found = re.match(r"([A-Za-z_][\w-]{0,40})\s*:", text)
        if found:
            return found.group(1)
    return None


def waking(text: str | None, ruleset: Any) -> Any:
    """The person's waking hours: --waking, else the window's setting, else the rule set's."""
    if text is None:
        stored = stored_waking()
        if stored is not None:
            return stored
        return ruleset.waking
    try:
        return parse_waking(text)
    except ValueError as exc:
        raise UsageError(f"--waking: {text!r} is not allowed: {exc}") from None
