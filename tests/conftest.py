from __future__ import annotations

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
