"""Where the built-in rules and resources live. Data folders come with the history issue."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


def _package_dir(package: str, fallback: str) -> Path:
    # Installed (wheel or editable), rules/ and resources/ are the packages wizard.rules and
    # wizard.resources; run from a bare checkout, they are the folders beside wizard/.
    try:
        found = Path(str(resources.files(package)))
        if found.is_dir():
            return found
    except (ModuleNotFoundError, TypeError):
        pass
    return _CHECKOUT / fallback


def builtin_rules_dir() -> Path:
    return _package_dir("wizard.rules", "rules")


def resources_dir() -> Path:
    return _package_dir("wizard.resources", "resources")
