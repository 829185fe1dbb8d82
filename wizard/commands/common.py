"""What the commands share: --now, --rules, the rule set (through the cache in the data
folder) and --pdf's name. --answers and --waking, which plan and checkin alone read, are in
inputs.py."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..core.clock import parse_moment, system_clock
from ..core.ruleset import RuleSet
from ..paths import builtin_rules_dir, data_dir
from ..rulecache import load
from . import UsageError


def parse_now(text: str | None) -> datetime:
    if text is None:
        return system_clock()
    try:
        return parse_moment(text)
    except ValueError as exc:
        raise UsageError(f"--now: {text!r} is not allowed: {exc}") from None


def rules_dir(text: str | None) -> Path:
    if text is None:
        return builtin_rules_dir()
    path = Path(text)
    if not path.is_dir():
        raise UsageError(f"--rules: {text!r} is not allowed: a folder holding questions.yaml, "
                         "advice.yaml and rules.yaml")
    return path


def load_rules(folder: str | None, *, write: bool = True) -> RuleSet:
    """The built-in rule set, through the cache in the data folder (rulecache.py), written
    only if `write` (`plan` and `history` store nothing); a --rules folder, parsed each time."""
    from ..i18n import language  # the language cli.main chose (--lang, else the system's)
    if folder is not None:
        return load(rules_dir(folder), None, language=language())
    return load(builtin_rules_dir(), data_dir(), write=write, language=language())


def check_pdf_name(out: str) -> None:
    """--pdf's name, checked before anything is done (the PDF itself is written last)."""
    if not out.strip():
        raise UsageError(f"--pdf: {out!r} is not allowed: a file name, such as plan.pdf")
