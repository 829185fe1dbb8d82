"""The Qt binding itself: a slot called many times must not eat references.

PySide6 6.12.0 drops one reference to None on every call of a Python slot. On Python 3.11
(where None is not immortal) a session with a few thousand clicks then aborts with "Fatal
Python error: none_dealloc". pyproject.toml excludes that release; this test fails if the
installed binding has the fault, whatever its version.
"""

from __future__ import annotations

import os
import subprocess
import sys

PROBE = """
import sys
from PySide6.QtWidgets import QApplication, QButtonGroup, QCheckBox, QRadioButton, QWidget
app = QApplication([])
window = QWidget()
box = QCheckBox("box", window)
box.toggled.connect(lambda checked: None)
group = QButtonGroup(window)
first, second = QRadioButton("a", window), QRadioButton("b", window)
group.addButton(first, 0)
group.addButton(second, 1)
group.idToggled.connect(lambda ident, checked: None)
before = sys.getrefcount(None)
for n in range(2000):
    box.toggle()
    (first if n % 2 else second).setChecked(True)
print(sys.getrefcount(None) - before)
"""


def test_calling_python_slots_does_not_lose_references_to_none() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    drift = int(result.stdout.strip())
    assert abs(drift) < 100, f"{drift} references to None lost in 6000 slot calls"
