"""A page body that scrolls, and shows the control that takes the focus.

Apart from pages.py so that the window's first page, which does not scroll, does not make
QScrollArea's Python type (PySide makes it when a module first asks for it: 0.5 ms of every
start). The question pages and Review import it when they are built.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFrame, QScrollArea, QVBoxLayout, QWidget, QWizardPage


class FollowingFocus(QScrollArea):
    """A scroll area that shows the control taking the focus, however it took it: Tab, and
    also Alt + a letter, a click from a screen reader, or a page that opens on it."""

    def __init__(self) -> None:
        super().__init__()
        QApplication.instance().focusChanged.connect(self._focus_moved)

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        body = self.widget()
        if new is not None and body is not None and body.isAncestorOf(new):
            self.ensureWidgetVisible(new)


def scrolling(page: QWizardPage) -> QVBoxLayout:
    """A page body that scrolls when the window is small or the text is large."""
    outer = QVBoxLayout(page)
    outer.setContentsMargins(0, 0, 0, 0)
    area = FollowingFocus()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    body = QWidget()
    area.setWidget(body)
    outer.addWidget(area)
    layout = QVBoxLayout(body)
    layout.setContentsMargins(4, 4, 12, 4)
    return layout
