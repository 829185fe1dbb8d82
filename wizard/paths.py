"""Where the built-in rules and resources live, and where the person's data goes.

The data folder holds everything the app keeps about a person (settings, logs, and later
the history): one folder, readable by its owner alone, so that deleting it is one action.
`SPASM_WIZARD_DATA_DIR` moves it (tests, power users).
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

ORGANIZATION = "BackSpasmWizard"
APPLICATION = "back-spasm-wizard"
# The app's reverse-DNS id, chosen once and kept: the desktop entry, the icon and the
# metainfo are named by it, and the window says it (Wayland matches window and icon by it).
APP_ID = "org.backspasmwizard.BackSpasmWizard"
_CHECKOUT = Path(__file__).resolve().parent.parent


def _package_dir(package: str, fallback: str) -> Path:
    # Installed (wheel or editable), rules/ and resources/ are the packages wizard.rules and
    # wizard.resources; run from a bare checkout, they are the folders beside wizard/.
    # (Importing the empty package is much quicker than importlib.resources.)
    try:
        module = importlib.import_module(package)
        if module.__file__:
            return Path(module.__file__).parent
    except ModuleNotFoundError:
        pass
    return _CHECKOUT / fallback


def builtin_rules_dir() -> Path:
    return _package_dir("wizard.rules", "rules")


def resources_dir() -> Path:
    return _package_dir("wizard.resources", "resources")


def data_dir() -> Path:
    """The per-user data folder (as Qt's AppDataLocation would give), without importing Qt."""
    override = os.environ.get("SPASM_WIZARD_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / ORGANIZATION / APPLICATION


def private_dir(path: Path) -> Path:
    """Create `path` (and parents) readable by its owner alone."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        path.chmod(0o700)
    except OSError:
        pass
    return path


def settings_file() -> Path:
    return data_dir() / "settings.ini"


def log_file() -> Path:
    return data_dir() / "logs" / "spasm-wizard.log"
