"""PySide6 loaded, with its per-module feature check answered in advance.

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
`wizard.gui` and `wizard.report` call load_pyside() first thing.
"""

from __future__ import annotations

import os
import sys

PACKAGE = "wizard"


def load_pyside() -> None:
    """Import PySide6 and answer its check for the modules known: this module's own imports
    come before PySide6 checks any, and its answers before any other module is named."""
    import PySide6  # noqa: F401 - here, not at the top: after this module's own imports
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
    try:
        folders = [(top, PACKAGE)] + [(entry.path, f"{PACKAGE}.{entry.name}")
                                      for entry in os.scandir(top) if entry.is_dir()
                                      and os.path.isfile(os.path.join(entry.path, "__init__.py"))]
    except OSError:  # a build without the source files: PySide finds none to read
        return
    for folder, prefix in folders:
        for file in os.listdir(folder):
            if file.endswith(".py") and file != "__init__.py":
                table.setdefault(f"{prefix}.{file[:-3]}", 0)
