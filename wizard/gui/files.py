"""The save dialog. It opens in Documents (or the home folder where there is none), and it
is Qt's own dialog, whose memory stays in the data folder (see app.keep_qt_files_inside):
a desktop's native dialog would add the file to the desktop's list of recent files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


def start_folder() -> Path:
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return Path(documents)
    return Path.home()


def save_file_name(parent: QWidget, title: str, name: str, kinds: str) -> str:
    """The path the person chose, or "" when they cancelled."""
    chosen, _ = QFileDialog.getSaveFileName(parent, title, str(start_folder() / name), kinds,
                                            options=QFileDialog.Option.DontUseNativeDialog)
    return chosen
