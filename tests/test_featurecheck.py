"""PySide6's feature check answered in advance (wizard/featurecheck.py): the window and the
PDF start without PySide reading the source of the app's modules or the standard library's,
and Qt's names keep working, beside a module that does select a feature."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SPY = """
import inspect, json, sys
read = []
original = inspect.getsource
def spy(obj):
    read.append(getattr(obj, "__name__", "?"))
    return original(obj)
inspect.getsource = spy
"""


def run(code: str, tmp_path: Path) -> list[str]:
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{tmp_path}",
           "QT_QPA_PLATFORM": "offscreen", "SPASM_WIZARD_DATA_DIR": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, "-c", SPY + code + "\nprint(json.dumps(read))"],
                            env=env, text=True, capture_output=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def pyside_own(names: list[str]) -> list[str]:
    """What PySide reads while it loads itself, before the app can answer: the rest."""
    return [n for n in names if n not in ("shiboken6", "enum", "PySide6")
            and not n.startswith("PySide6.")]


def test_the_window_and_the_pdf_load_without_pyside_reading_their_modules(tmp_path) -> None:
    window = run("from wizard.cli import _before_qt; _before_qt()\n"
                 "import wizard.gui.app, wizard.gui.wizard, wizard.gui.pages", tmp_path)
    assert pyside_own(window) == []
    pdf = run("import wizard.commands.plan, wizard.commands.pdf_file", tmp_path)
    assert pyside_own(pdf) == []


def test_qt_names_stay_as_they_are_beside_a_module_that_selects_a_feature(tmp_path) -> None:
    """A module of someone else's that selects snake_case gets it; the app's modules, called
    after it, still use Qt's own names."""
    (tmp_path / "snake.py").write_text(
        "from __feature__ import snake_case\n"
        "from PySide6.QtCore import QObject\n"
        "def name():\n"
        "    thing = QObject()\n"
        "    thing.set_object_name('snake')\n"
        "    return thing.object_name()\n", encoding="utf-8")
    read = run("from wizard.gui.app import application\n"
               "import snake\n"
               "assert snake.name() == 'snake'\n"
               "from wizard.paths import APPLICATION\n"
               "app = application()\n"
               "assert app.applicationName() == APPLICATION\n"
               "from wizard.gui.wizard import SpasmWizard\n"
               "wizard = SpasmWizard()\n"
               "assert wizard.windowTitle() == 'Back Spasm Wizard'\n", tmp_path)
    assert "snake" in read, "PySide still reads a module that is not the app's"
