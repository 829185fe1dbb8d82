from __future__ import annotations

import contextlib
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The person's local time (CONTRACT.md: TZ or the system's zone): a zone with daylight
# saving, whatever the machine's, so that the tests read the same everywhere.
os.environ["TZ"] = "Europe/Berlin"
import time  # noqa: E402

time.tzset()

from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from wizard.core.engine import Engine  # noqa: E402
from wizard.core.ruleset import RuleSet, load_ruleset  # noqa: E402
from wizard.paths import builtin_rules_dir  # noqa: E402

TESTS = Path(__file__).parent
NOW = datetime.fromisoformat("2026-11-27T10:00:00+01:00")


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_ruleset(builtin_rules_dir())


@pytest.fixture(scope="session")
def engine(ruleset: RuleSet) -> Engine:
    return Engine(ruleset)


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    # No test may read or write the real user's data folder.
    monkeypatch.setenv("SPASM_WIZARD_DATA_DIR", str(tmp_path_factory.mktemp("data")))


@contextlib.contextmanager
def speaking(qapp, language: str):
    """The app in `language`, with its own font and style sheet (app.application), as a
    person sees it; English and Qt's defaults again afterwards."""
    from PySide6.QtGui import QFont

    from wizard import i18n
    from wizard.gui.app import LARGER_TEXT, application, set_language_everywhere
    names = (qapp.organizationName(), qapp.applicationName(), qapp.applicationDisplayName())
    font, sheet, larger = QFont(qapp.font()), qapp.styleSheet(), qapp.property(LARGER_TEXT)
    set_language_everywhere(application(), language)
    try:
        yield language
    finally:
        set_language_everywhere(qapp, "en")
        qapp.setFont(font)
        qapp.setStyleSheet(sheet)
        qapp.setProperty(LARGER_TEXT, larger)
        qapp.setOrganizationName(names[0])
        qapp.setApplicationName(names[1])
        qapp.setApplicationDisplayName(names[2])
        assert i18n.language() == "en"
