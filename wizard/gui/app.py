"""The application around the window: fonts and style, settings, logging, error dialogs."""

from __future__ import annotations

import logging
import os
import sys
import traceback
from types import TracebackType

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from ..core.clock import Clock, system_clock
from ..core.errors import RuleSetError
from ..core.ruleset import load_ruleset
from ..paths import APPLICATION, ORGANIZATION, log_file, private_dir, resources_dir, settings_file
from ..paths import builtin_rules_dir

log = logging.getLogger("wizard")


def application() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("Back Spasm Wizard")
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "app.svg")))
    font = QFont(app.font())
    font.setPointSizeF(max(font.pointSizeF() * 1.15, 11.0))  # larger text for tired eyes
    app.setFont(font)
    app.setStyleSheet((resources_dir() / "style.qss").read_text(encoding="utf-8"))
    return app


def start_logging() -> str:
    path = log_file()
    try:
        private_dir(path.parent)
        handler: logging.Handler = logging.FileHandler(path, encoding="utf-8")
        os.chmod(path, 0o600)
    except OSError:
        handler = logging.StreamHandler(sys.stderr)
        path = "the terminal (the data folder cannot be written)"
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    return str(path)


def error_dialog(title: str, text: str, details: str = "") -> None:
    box = QMessageBox(QMessageBox.Icon.Critical, title, text)
    if details:
        box.setDetailedText(details)
    box.exec()


def install_excepthook(log_path: str) -> None:
    """Any unexpected error: logged, and a dialog that says what happened and where the log
    is. The window stays open with the answers in it; never a bare traceback."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, value, tb)))
        error_dialog("Something went wrong",
                     f"Something went wrong: {value or kind.__name__}.\n\n"
                     f"Your answers are still here. The details were saved in {log_path}.")

    sys.excepthook = hook


def run(debug: bool = False, clock: Clock = system_clock) -> int:
    app = application()
    log_path = start_logging()
    if not debug:
        install_excepthook(log_path)
    try:
        ruleset = load_ruleset(builtin_rules_dir())
    except RuleSetError as exc:
        log.error("invalid rule set: %s", exc)
        error_dialog("The rules cannot be used",
                     "Back Spasm Wizard cannot start because its rule set has a mistake. "
                     "Please report this.", str(exc))
        return 3
    from .wizard import SpasmWizard
    settings = QSettings(str(settings_file()), QSettings.Format.IniFormat)
    wizard = SpasmWizard(ruleset, clock=clock, settings=settings)
    wizard.show()
    if os.environ.get("SPASM_WIZARD_QUIT_WHEN_SHOWN"):  # for benchmarks/startup.py
        QTimer.singleShot(0, app.quit)
    app.exec()
    return 0
