"""The rule set's texts in other languages (issue 13).

The English texts stay where the rules are. Each other language has one overlay file per
rule file, `rules/locale/LANG/advice.yaml` and so on, keyed by where the text stands,
by id ("advice.call_emergency.text", "questions.red_flags.options.fever.text"), each with
the English it was made from and the translation:

    advice.call_emergency.title:
      en: Get help now
      de: Holen Sie sofort Hilfe

A clinician reviews it like the rules, the two languages side by side. A translation whose
English has changed since is stale: the app shows the English until it is translated again
(a stale translation may say what the rules no longer say), and `check-rules` reports it,
as it reports a text with no translation and one whose placeholders differ.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from .located import Located

LOCALE = "locale"
PSEUDO = "en-XA"
# The fields whose strings a person reads; a calendar.yaml string is one unless it is an id.
TEXT_FIELDS = frozenset({"text", "title", "subtitle", "short", "help", "none_text", "yes_text",
                         "no_text", "detail", "steps", "until_else", "unit", "because",
                         "illustration_text"})
_CALENDAR_IDS = frozenset({"advice", "warning_kinds"})


class Text(NamedTuple):
    key: str                       # "advice.call_emergency.text"
    path: tuple                    # where it stands in the parsed file: ("advice", 0, "text")
    english: str


def texts(name: str, data: Any) -> list[Text]:
    """Every text a person reads in one of the rule set's files, in file order."""
    out: list[Text] = []
    calendar = name == "calendar.yaml"

    def walk(node: Any, path: tuple, keys: tuple[str, ...], field: str | None) -> None:
        # field: the nearest key above that is a word ("steps" for each of the steps)
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, path + (k,), keys + (str(k),), k if isinstance(k, str) else field)
        elif isinstance(node, list):
            for i, v in enumerate(node):
                ident = v.get("id") if isinstance(v, dict) else None
                walk(v, path + (i,), keys + (ident if isinstance(ident, str) else str(i),), field)
        elif isinstance(node, str) and node.strip():
            if (not _CALENDAR_IDS & set(path)) if calendar else field in TEXT_FIELDS:
                out.append(Text(".".join(keys), path, node))

    walk(data, (), (), None)
    return out


def names(text: str) -> set[str]:
    """The placeholders of a text: {date}, {minutes}."""
    try:
        return {n for _, n, _, _ in string.Formatter().parse(text) if n is not None}
    except ValueError:
        return {"<a brace that is not a placeholder>"}


class Problem(NamedTuple):
    kind: str                      # missing, stale, placeholders, unknown, malformed
    file: str
    key: str
    line: int
    message: str


def overlay_file(directory: Path, language: str, name: str) -> Path:
    return Path(directory) / LOCALE / language / name


def languages_in(directory: Path) -> list[str]:
    """The languages that have an overlay folder."""
    folder = Path(directory) / LOCALE
    return sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []


def entries(overlay: Located | None, language: str) -> Iterator[tuple[str, Any, str | None, str | None, int]]:
    """(key, value, english, translation, line) for each entry of an overlay."""
    if overlay is None or not isinstance(overlay.data, dict):
        return
    for key, value in overlay.data.items():
        line = overlay.marks.get((key,), (0, 0))[0]
        english = value.get("en") if isinstance(value, dict) else None
        text = value.get(language) if isinstance(value, dict) else None
        yield str(key), value, english, text, line


def translate(source: Located, name: str, overlay: Located | None, language: str
              ) -> tuple[Located, list[Problem]]:
    """`source` with its texts in `language` where the overlay has a current translation,
    and what is missing or wrong. English, and the pseudo-language, need no overlay."""
    found = texts(name, source.data)
    if language == "en":
        return source, []
    if language == PSEUDO:
        from ..i18n import pseudo
        return _replaced(source, {t.path: pseudo(t.english) for t in found}), []
    known = {key: (english, text, line, value)
             for key, value, english, text, line in entries(overlay, language)}
    shown = overlay.file if overlay is not None else f"{LOCALE}/{language}/{name}"
    problems: list[Problem] = []
    if overlay is not None and overlay.data is not None and not isinstance(overlay.data, dict):
        problems.append(Problem("malformed", shown, "", 1, "an overlay is a mapping of keys to "
                                f"{{en: ..., {language}: ...}}"))
    replace: dict[tuple, str] = {}
    wanted = {t.key for t in found}
    for t in found:
        entry = known.get(t.key)
        if entry is None or not isinstance(entry[1], str) or not entry[1].strip():
            problems.append(Problem("missing", shown, t.key, entry[2] if entry else 0,
                                    f"{t.key}: no {language} text yet for: {_short(t.english)}"))
            continue
        english, text, line, _ = entry
        if not isinstance(english, str) or " ".join(english.split()) != " ".join(t.english.split()):
            problems.append(Problem("stale", shown, t.key, line,
                                    f"{t.key}: the English has changed since this was translated; "
                                    f"it now says: {_short(t.english)}"))
            continue
        if names(text) != names(t.english):
            problems.append(Problem("placeholders", shown, t.key, line,
                                    f"{t.key}: the placeholders differ: {sorted(names(text))} in "
                                    f"the {language} text, {sorted(names(t.english))} in the English"))
            continue
        replace[t.path] = text
    for key, (_, _, line, value) in known.items():
        if key not in wanted:
            problems.append(Problem("unknown", shown, key, line,
                                    f"{key}: no such text in {name} (removed or renamed?)"))
        elif not isinstance(value, dict):
            problems.append(Problem("malformed", shown, key, line,
                                    f"{key}: expected {{en: ..., {language}: ...}}"))
    return _replaced(source, replace), problems


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 70 else text[:67] + "..."


def _replaced(source: Located, replace: dict[tuple, str]) -> Located:
    """A copy of the parsed file with the texts at these paths replaced; positions kept."""
    if not replace:
        return source

    def copy(node: Any, path: tuple) -> Any:
        if path in replace:
            return replace[path]
        if isinstance(node, dict):
            return {k: copy(v, path + (k,)) for k, v in node.items()}
        if isinstance(node, list):
            return [copy(v, path + (i,)) for i, v in enumerate(node)]
        return node

    out = Located(source.file, copy(source.data, ()))
    out.marks = source.marks
    return out


def template(source: Located, name: str, overlay: Located | None, language: str) -> str:
    """The overlay file brought up to date: every text of the English file, in its order,
    with its translation where one is current; a new or changed text with an empty one (and
    the old translation as a comment, to start from). For `check-rules --update-translations`."""
    known = {key: (english, text) for key, _, english, text, _ in entries(overlay, language)}
    lines = [f"# The {language} texts of {name}, keyed by where each stands in it. `en` is the",
             "# English each was translated from: check-rules reports a text whose English has",
             "# changed since, and the app shows the English until it is translated again.", ""]
    for t in texts(name, source.data):
        english, text = known.get(t.key, (None, None))
        current = isinstance(english, str) and " ".join(english.split()) == " ".join(t.english.split())
        lines.append(f"{t.key}:")
        lines.append(f"  en: {_scalar(t.english)}")
        if text and not current:
            lines.append(f"  # was: {' '.join(str(text).split())}")
        lines.append(f"  {language}: {_scalar(text if current and text else '')}")
    return "\n".join(lines) + "\n"


def _scalar(text: str) -> str:
    """A YAML scalar for a text: plain when that is safe, else double-quoted."""
    text = " ".join(str(text).split())
    if not text:
        return '""'
    risky = (text[0] in "!&*[]{}|>'\"%@`#,?:-" or ": " in text or " #" in text
             or text.lower() in ("yes", "no", "true", "false", "null", "on", "off", "~")
             or text[0].isdigit())
    if not risky:
        return text
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
