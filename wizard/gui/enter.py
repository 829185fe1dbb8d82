"""Enter means Next, on every platform theme. Under GTK (GNOME, Ubuntu, Xfce...) Qt lets
Enter press the focused tick box, round button or button; these pass Enter on to the
wizard, whose default button is Next. Space still ticks, or presses."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QPushButton, QRadioButton

# Qt.Key.Key_Return and Key_Enter as numbers: Qt's enum namespace costs milliseconds at
# start-up, and "Welcome back" shows before it is needed.
ENTER_KEYS = (0x01000004, 0x01000005)


class _PassEnter:
    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802
        if event.key() in ENTER_KEYS:
            event.ignore()  # to the parent, and so to the wizard's Next
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:  # noqa: ANN001, N802
        if event.key() in ENTER_KEYS:
            event.ignore()
            return
        super().keyReleaseEvent(event)


class CheckBox(_PassEnter, QCheckBox):
    pass


class RadioButton(_PassEnter, QRadioButton):
    pass


class PushButton(_PassEnter, QPushButton):
    """A button beside the questions (the choice of language): Space presses it, Enter is
    still Next."""
