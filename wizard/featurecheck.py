"""PySide6's per-module feature check, answered in advance. No Qt here.

Once PySide6 is loaded, each import statement that names a module PySide has not seen yet
makes it read that module's whole source file: it looks for the text "PySide6", to know
whether the module's calls into Qt follow a `from __feature__ import snake_case` switch
(shibokensupport/feature.py, `_mod_uses_pyside`). The window's start named 28 such modules
(typing, datetime, pathlib and json among them, and the app's own), 3.2 ms of it;
`plan --pdf` 25, 2.4 ms.

The answers are known without reading: no module of the app selects a feature (0: "uses
PySide, with Qt's own names"), and the standard library never names PySide6 (-1: "not a
PySide module", what PySide finds in it). The app writes them into PySide's table, which
PySide publishes as `__feature__.pyside_feature_dict` (PYSIDE-1019). A module PySide has
already seen keeps its entry; any other module (a test's, another package's) PySide still
reads. Without the table (another PySide6), nothing is done and PySide reads as before.
"""

from __future__ import annotations

import os
import sys

PACKAGE = "wizard"


def answer_in_advance() -> None:
    """Call right after PySide6 is imported, before the app's other imports."""
    table = getattr(sys.modules.get("__feature__"), "pyside_feature_dict", None)
    if not isinstance(table, dict):
        return
    standard = sys.stdlib_module_names
    for name in list(sys.modules):
        if name == PACKAGE or name.startswith(PACKAGE + "."):
            table.setdefault(name, 0)
        elif name.partition(".")[0] in standard:
            table.setdefault(name, -1)
    top = os.path.dirname(os.path.abspath(__file__))
    for folder, prefix in ((top, PACKAGE), *((os.path.join(top, sub), f"{PACKAGE}.{sub}")
                                             for sub in ("gui", "report", "core", "history",
                                                         "commands"))):
        try:
            names = os.listdir(folder)
        except OSError:  # a build without the source files: PySide finds none to read
            continue
        for file in names:
            if file.endswith(".py") and file != "__init__.py":
                table.setdefault(f"{prefix}.{file[:-3]}", 0)
