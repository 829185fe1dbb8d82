"""Widgets for the questions of the rule set, one kind per question type.

Each widget is built from a `Question` of questions.yaml: texts, options, limits and marks
all come from there. `value()` is None until the person has answered.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QRectF, Qt, QTime, Signal
from PySide6.QtGui import QFont, QPainter, QPen
from PySide6.QtWidgets import (QAbstractButton, QButtonGroup, QCheckBox, QDateTimeEdit, QGridLayout,
                               QHBoxLayout, QLabel, QSizePolicy, QSpinBox,
                               QStyle, QStyleOptionButton, QStylePainter, QVBoxLayout, QWidget)

from ..core.schema import Question
from ..i18n import tr, trp
from ..words import duration, lowered, when
from .enter import CheckBox, RadioButton
from .mnemonics import Mnemonics


def ask(parent: QWidget, title: str, text: str) -> bool:
    """A yes-or-no question whose safe answer, No, is the default."""
    from PySide6.QtWidgets import QMessageBox
    answer = QMessageBox.question(parent, title, text,
                                  QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def question_label(text: str, help_text: str | None = None) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 4)
    title = QLabel(text)
    title.setObjectName("question")
    title.setWordWrap(True)
    font = QFont(title.font())
    font.setPointSizeF(font.pointSizeF() * 1.25)
    title.setFont(font)
    layout.addWidget(title)
    if help_text:
        help_label = QLabel(help_text)
        help_label.setWordWrap(True)
        layout.addWidget(help_label)
    return box


# Linux's Fusion style draws the faint outlines mended in _IndicatorOnly.paintEvent; the
# native styles of Windows and macOS draw their own, which are left alone.
OWN_OUTLINE = sys.platform not in ("darwin", "win32")


class _IndicatorOnly:
    """A tick box or round button that draws its indicator alone; a wrapping label beside it
    (see `wrapping`) shows its words. Its text, Alt + letter and accessible name are kept."""

    def _option(self) -> QStyleOptionButton:
        option = QStyleOptionButton()
        self.initStyleOption(option)
        option.text = ""
        return option

    def sizeHint(self):  # noqa: ANN201, N802
        kind = (QStyle.ContentsType.CT_CheckBox if isinstance(self, QCheckBox)
                else QStyle.ContentsType.CT_RadioButton)
        metric = (QStyle.PixelMetric.PM_IndicatorWidth if isinstance(self, QCheckBox)
                  else QStyle.PixelMetric.PM_ExclusiveIndicatorWidth)
        size = self.style().sizeFromContents(kind, self._option(), self.iconSize(), self)
        size.setWidth(self.style().pixelMetric(metric, self._option(), self) + 2)
        return size

    def minimumSizeHint(self):  # noqa: ANN201, N802
        return self.sizeHint()

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802
        painter = QStylePainter(self)
        box = isinstance(self, QCheckBox)
        element = QStyle.ControlElement.CE_CheckBox if box else QStyle.ControlElement.CE_RadioButton
        option = self._option()
        painter.drawControl(element, option)
        if OWN_OUTLINE:
            # Fusion outlines an empty box or circle in a shade of the window: #232323 on
            # #323232 in GTK's Adwaita dark (1.2 to 1), #c4c4c3 on #f6f5f4 in its light theme
            # (1.6 to 1), which a tired eye cannot find. An outline in the text's colour, half
            # seen-through, stands out (3 to 1 or more) in any palette.
            outline = self.palette().text().color()
            outline.setAlpha(160)
            pen = QPen(outline, 1.5)
            indicator = QStyle.SubElement.SE_CheckBoxIndicator if box \
                else QStyle.SubElement.SE_RadioButtonIndicator
            rect = QRectF(self.style().subElementRect(indicator, option, self)).adjusted(1, 1, -1, -1)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            if box:
                painter.drawRoundedRect(rect, 2, 2)
            else:
                painter.drawEllipse(rect)

    def hitButton(self, pos) -> bool:  # noqa: ANN001, N802
        return self.rect().contains(pos)

    # The focus frame is drawn around the words (_Words): they repaint when the focus comes
    # or goes, or the frame would stay on a row the keyboard has left.
    def focusInEvent(self, event) -> None:  # noqa: ANN001, N802
        super().focusInEvent(event)
        self._words_again()

    def focusOutEvent(self, event) -> None:  # noqa: ANN001, N802
        super().focusOutEvent(event)
        self._words_again()

    def _words_again(self) -> None:
        words = getattr(self, "words", None)
        if words is not None:
            words.update()


class WrapCheckBox(_IndicatorOnly, CheckBox):
    pass


class WrapRadioButton(_IndicatorOnly, RadioButton):
    pass


class _Words(QLabel):
    """The words of a tick box or round button: they wrap, a click on them clicks it, and
    they show where the keyboard is."""

    def __init__(self, button: QAbstractButton) -> None:
        super().__init__(_mnemonic_html(button.text()))
        self.button = button
        button.words = self  # it repaints these when the focus comes or goes
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setFont(button.font())

    def mousePressEvent(self, event) -> None:  # noqa: ANN001, N802
        if self.button.isEnabled():
            self.button.setFocus(Qt.FocusReason.MouseFocusReason)
            self.button.click()

    def paintEvent(self, event) -> None:  # noqa: ANN001, N802
        super().paintEvent(event)
        if self.button.hasFocus():  # the focus frame, around the words
            from PySide6.QtWidgets import QStyleOptionFocusRect
            option = QStyleOptionFocusRect()
            option.initFrom(self)
            option.rect = self.rect().adjusted(0, 0, -1, -1)
            # Styles such as Fusion draw the frame only after Tab; the keyboard reaches a row
            # by Alt + a letter or a page that opens on it too, and it must show there.
            option.state |= QStyle.StateFlag.State_KeyboardFocusChange
            painter = QPainter(self)
            self.style().drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter, self)


def _mnemonic_html(text: str) -> str:
    from html import escape
    out, i = [], 0
    while i < len(text):
        if text[i] == "&" and i + 1 < len(text):
            out.append(escape(text[i + 1]) if text[i + 1] == "&" else f"<u>{escape(text[i + 1])}</u>")
            i += 2
        else:
            out.append(escape(text[i]))
            i += 1
    return "".join(out)


class _Row(QWidget):
    """A tick box or round button with its wrapping words."""

    def __init__(self, button: QAbstractButton) -> None:
        super().__init__()
        self.button = button
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.setSpacing(10)
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self.words = _Words(button)
        row.addWidget(self.words, 1)
        button.toggled.connect(lambda *_: self.words.update())
        # Alt + its letter (or a screen reader's click) ticks it without moving the focus:
        # the focus follows, so the keyboard goes on from there and the page shows it.
        button.clicked.connect(lambda *_: button.setFocus(Qt.FocusReason.ShortcutFocusReason))

    def setFont(self, font: QFont) -> None:  # noqa: N802
        super().setFont(font)
        self.button.setFont(font)
        self.words.setFont(font)


def wrapping(button: QAbstractButton) -> QWidget:
    """The row to add to a layout for `button` (a WrapCheckBox or WrapRadioButton)."""
    return _Row(button)


def _name(button: QAbstractButton, text: str, description: str | None = None) -> QAbstractButton:
    button.setAccessibleName(text)
    if description:
        button.setAccessibleDescription(description)
    return button


class QuestionWidget(QWidget):
    changed = Signal()

    def __init__(self, question: Question, mnemonic: Mnemonics, parent: QWidget | None = None):
        super().__init__(parent)
        self.question = question
        self.mnemonic = mnemonic
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 12)
        self.title = question_label(question.text, question.help)
        self.layout_.addWidget(self.title)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def problem(self) -> str | None:
        """A message to show when the answer given cannot be used."""
        return None


class SetQuestion(QuestionWidget):
    """Check boxes, with an explicit "None of these" that clears the others when ticked.
    With groups (questions.yaml), each group has its heading; "None of these" stands after
    the groups it covers, and a group it does not cover follows it (an unticked box there
    means no)."""

    def __init__(self, question: Question, mnemonic: Mnemonics, parent: QWidget | None = None):
        super().__init__(question, mnemonic, parent)
        self.boxes: dict[str, QCheckBox] = {}
        self.details: dict[str, QLabel] = {}
        self.rows: dict[str, QWidget] = {}   # each tick box in its wrapping row
        self.headings: dict[str | None, QWidget] = {}
        self.covered: set[str] = set()   # the options "None of these" says no to
        self.none: QCheckBox | None = None
        if question.none_text:  # the most common answer gets its letter first
            self.none = WrapCheckBox(mnemonic(question.none_text))
        groups = [(g.id, g) for g in question.groups] or [(None, None)]
        grouped = {g for g, _ in groups}
        uncovered = [(gid, g) for gid, g in groups if g is not None and not g.none_covers]
        for gid, group in [(gid, g) for gid, g in groups if (gid, g) not in uncovered]:
            self._add_group(gid, group, [o for o in question.options if o.group == gid
                                         or (gid is None and o.group not in grouped)], True)
        if self.none is not None:
            _name(self.none, question.none_text, tr("Tick this if you have none of the above"))
            self.none.toggled.connect(self._none_toggled)
            self.layout_.addSpacing(6)
            row = wrapping(self.none)
            font = QFont(self.none.font())
            font.setBold(True)
            row.setFont(font)
            self.layout_.addWidget(row)
        for gid, group in uncovered:
            self._add_group(gid, group, [o for o in question.options if o.group == gid], False)

    def _add_group(self, gid: str | None, group: Any, options: list, covered: bool) -> None:
        if group is not None:
            heading = question_label(group.title, group.help)
            title = heading.findChild(QLabel, "question")
            title.setObjectName("group")
            font = QFont(title.font())
            font.setBold(True)
            title.setFont(font)
            heading.setContentsMargins(0, 8, 0, 0)
            self.headings[gid] = heading
            self.layout_.addWidget(heading)
        for option in options:
            box = WrapCheckBox(self.mnemonic(option.text))
            _name(box, option.text, option.detail)
            if option.detail:
                box.setToolTip(option.detail)
            box.toggled.connect(self._covered_toggled if covered else self._changed)
            self.boxes[option.id] = box
            if covered:
                self.covered.add(option.id)
            row = wrapping(box)
            self.rows[option.id] = row
            self.layout_.addWidget(row)
            if option.detail:
                detail = QLabel(option.detail)
                detail.setWordWrap(True)
                detail.setContentsMargins(34, 0, 0, 4)
                self.details[option.id] = detail
                self.layout_.addWidget(detail)

    def hide_options(self, hidden: set[str] | frozenset[str]) -> None:
        """Leave out options (the episode's facts at a check-in); a group left empty loses
        its heading too."""
        for oid, box in self.boxes.items():
            self.rows[oid].setVisible(oid not in hidden)
            if oid in hidden:
                box.setChecked(False)
            if oid in self.details:
                self.details[oid].setVisible(oid not in hidden)
        for gid, heading in self.headings.items():
            heading.setVisible(any(o.group == gid and o.id not in hidden
                                   for o in self.question.options))

    def _none_toggled(self, checked: bool) -> None:
        if checked:
            for oid in self.covered:
                self.boxes[oid].setChecked(False)
        self.changed.emit()

    def _covered_toggled(self, checked: bool) -> None:
        if checked and self.none is not None:
            self.none.setChecked(False)
        self.changed.emit()

    def _changed(self, *_: Any) -> None:
        self.changed.emit()

    def value(self) -> list[str] | None:
        chosen = [oid for oid, box in self.boxes.items() if box.isChecked()]
        if (self.none is not None and not self.none.isChecked()
                and not any(oid in self.covered for oid in chosen)):
            return None  # nothing ticked yet: "None of these" must be said, not assumed
        return chosen

    def set_value(self, value: Any) -> None:
        for oid, box in self.boxes.items():
            box.setChecked(oid in (value or ()))
        if self.none is not None:
            self.none.setChecked(value is not None and not (set(value) & self.covered))


class RadioQuestion(QuestionWidget):
    """One choice among a few: yes or no, or the options of a choice question."""

    def __init__(self, question: Question, mnemonic: Mnemonics, parent: QWidget | None = None):
        super().__init__(question, mnemonic, parent)
        if question.type == "boolean":
            # translators: the answers to a yes-or-no question
            choices = [(True, question.yes_text or tr("Yes")), (False, question.no_text or tr("No"))]
        else:
            choices = [(o.id, o.text) for o in question.options]
        self.group = QButtonGroup(self)
        self.values: list[Any] = []
        for value, text in choices:
            button = WrapRadioButton(mnemonic(text))
            _name(button, text)
            self.group.addButton(button, len(self.values))
            self.values.append(value)
            self.layout_.addWidget(wrapping(button))
        self.group.idToggled.connect(lambda *_: self.changed.emit())

    def value(self) -> Any:
        chosen = self.group.checkedId()
        return None if chosen < 0 else self.values[chosen]

    def set_value(self, value: Any) -> None:
        if value in self.values:
            self.group.button(self.values.index(value)).setChecked(True)


class NumberQuestion(QuestionWidget):
    """A whole number in a box, blank until typed: age."""

    def __init__(self, question: Question, mnemonic: Mnemonics, parent: QWidget | None = None):
        super().__init__(question, mnemonic, parent)
        self.spin = QSpinBox()
        self.spin.setRange(question.min - 1, question.max)  # min - 1 shows blank: not answered
        self.spin.setSpecialValueText(" ")
        self.spin.setValue(question.min - 1)
        if question.unit:
            self.spin.setSuffix(f" {question.unit}")
        self.spin.setAccessibleName(question.text)
        self.spin.setAccessibleDescription(tr("A whole number from {least} to {most}",
                                              least=question.min, most=question.max))
        font = QFont(self.spin.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.spin.setFont(font)
        self.spin.setMinimumWidth(self.spin.fontMetrics().horizontalAdvance("0000 years") + 60)
        label = self.title.findChild(QLabel, "question")
        label.setText(mnemonic(question.text))
        label.setBuddy(self.spin)
        row = QHBoxLayout()
        row.addWidget(self.spin)
        row.addStretch(1)
        self.layout_.addLayout(row)
        self.spin.valueChanged.connect(lambda *_: self.changed.emit())

    def value(self) -> int | None:
        value = self.spin.value()
        return None if value < self.question.min else value

    def set_value(self, value: Any) -> None:
        self.spin.setValue(self.question.min - 1 if value is None else int(value))


class ScaleQuestion(QuestionWidget):
    """A scale such as pain 0 to 10: a row of large buttons, words at the marks."""

    def __init__(self, question: Question, mnemonic: Mnemonics, parent: QWidget | None = None):
        super().__init__(question, mnemonic, parent)
        marks = {m.value: m.text for m in question.marks}
        # The round buttons in a row, each number under its button (narrow enough for half a
        # laptop screen), the words of the marks under them.
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(0)
        self.group = QButtonGroup(self)
        center = Qt.AlignmentFlag.AlignHCenter
        for value in range(question.min, question.max + 1):
            column = value - question.min
            button = WrapRadioButton(str(value))
            asked = question.short or question.text
            if value in marks:
                # translators: a screen reader's name of a button on a scale: "Pain now: 2 out of 10, mild"
                name = tr("{question}: {value} out of {most}, {mark}", question=asked, value=value,
                          most=question.max, mark=marks[value])
            else:
                # translators: a screen reader's name of a button on a scale: "Pain now: 3 out of 10"
                name = tr("{question}: {value} out of {most}", question=asked, value=value,
                          most=question.max)
            _name(button, name)
            self.group.addButton(button, value)
            grid.addWidget(button, 0, column, center)
            number = _Words(button)
            number.setAlignment(center)
            number.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            grid.addWidget(number, 1, column)
        # The scale at its natural width, not stretched over the page, in a widget of its own
        # that Alt + the question's letter can focus (below).
        self.scale = QWidget()
        self.scale.setAccessibleName(question.text)  # it can take the focus (below): a reader names it
        row = QHBoxLayout(self.scale)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(grid)
        row.addStretch(1)
        self.layout_.addWidget(self.scale)
        if marks:  # "0: No pain. 2: Mild. ...": in one line that wraps
            # translators: a mark of a scale, in the line under it: "2: Mild."
            # The number stays with its word when the line wraps ("10:" never alone).
            words = QLabel("   ".join(tr("{value}: {mark}.", value=value, mark=text)
                                      .replace(": ", ":\u00a0", 1)
                                      for value, text in sorted(marks.items())))
            words.setWordWrap(True)
            self.layout_.addWidget(words)
        # Alt + the question's letter jumps onto the scale (the chosen number, or the first)
        # and chooses nothing: a label clicks a button that is its buddy, so its buddy is the
        # scale, which hands the focus on. The arrow keys then move, Space chooses.
        label = self.title.findChild(QLabel, "question")
        label.setText(mnemonic(question.text))
        self.scale.setFocusProxy(self.group.button(question.min))
        self.scale.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # a label focuses no NoFocus buddy;
        label.setBuddy(self.scale)                            # Tab stops on the numbers alone
        self.chosen = QLabel()
        self.layout_.addWidget(self.chosen)
        self._marks = marks
        self.group.idToggled.connect(self._toggled)

    def _toggled(self, value: int, checked: bool) -> None:
        if checked:
            self.scale.setFocusProxy(self.group.button(value))
            mark = self._marks.get(value)
            if mark:
                # translators: under a scale: "You chose 2 out of 10: mild."
                self.chosen.setText(tr("You chose {value} out of {most}: {mark}.", value=value,
                                       most=self.question.max, mark=lowered(mark)))
            else:
                self.chosen.setText(tr("You chose {value} out of {most}.", value=value,
                                       most=self.question.max))
            self.changed.emit()

    def value(self) -> int | None:
        chosen = self.group.checkedId()
        return None if chosen < 0 else chosen

    def set_value(self, value: Any) -> None:
        if value is not None:
            self.group.button(int(value)).setChecked(True)


class MomentQuestion(QuestionWidget):
    """When something started: quick choices and an exact date and time, never in the future.
    Shows what it understood ("that is 1 day and 4 hours ago")."""

    # The quick choices: how long ago each one is (None: earlier today); their words are
    # quick_words(), in the same order.
    QUICK = (timedelta(minutes=30), None, timedelta(days=1), timedelta(days=2), timedelta(days=3),
             timedelta(days=7), timedelta(days=14), timedelta(days=21), "month", "exact")
    MONTH = timedelta(days=30)  # "a month or more" starts here; the exact date is then adjusted

    @staticmethod
    def quick_words() -> tuple[str, ...]:
        """The quick choices' words, in the order of QUICK."""
        # translators: the quick answers to "when did it start?"
        return (tr("Within the last hour"), tr("Earlier today"), tr("Yesterday"), tr("2 days ago"),
                tr("3 days ago"), tr("About a week ago"), tr("2 weeks ago"), tr("3 weeks ago"),
                tr("A month or more: set the date below"), tr("Another day or time: set it below"))

    def __init__(self, question: Question, mnemonic: Mnemonics, clock: Any, zone: Any,
                 parent: QWidget | None = None):
        super().__init__(question, mnemonic, parent)
        self.clock, self.zone = clock, zone
        self.group = QButtonGroup(self)
        for i, text in enumerate(self.quick_words()):
            button = WrapRadioButton(mnemonic(text))
            _name(button, text)
            self.group.addButton(button, i)
            self.layout_.addWidget(wrapping(button))
        self.edit = QDateTimeEdit()
        self.edit.setCalendarPopup(True)
        # translators: Qt's display format of the exact date and time (dddd: the weekday, d: the day, MMMM: the month, yyyy: the year, HH:mm: the time): "Sunday 29 November 2026   07:30"
        self.edit.setDisplayFormat(trp("Qt date format", "dddd d MMMM yyyy   HH:mm"))
        self.edit.setAccessibleName(tr("Exact date and time it started"))
        self.edit.setAccessibleDescription(tr("Use the arrow keys to change the part under the cursor"))
        exact = QLabel(mnemonic(tr("Exact date and time:")))
        exact.setBuddy(self.edit)
        row = QHBoxLayout()  # the label above the box: narrow windows need no sideways scroll
        row.addWidget(self.edit)
        row.addStretch(1)
        self.layout_.addSpacing(6)
        self.layout_.addWidget(exact)
        self.layout_.addLayout(row)
        self.understood = QLabel()
        self.understood.setWordWrap(True)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.layout_.addWidget(self.understood)
        self.layout_.addWidget(self.error)
        self._touched = False
        self._setting = False
        self.set_wall(self._wall(self.clock()))
        # The answer follows the choice's state, however it was changed: a click, the keyboard,
        # or a screen reader's or voice control's Toggle (which sends no clicked signal).
        self.group.idToggled.connect(self._quick)
        self.group.idClicked.connect(self._to_date)  # after the row's own focus move
        self.edit.dateTimeChanged.connect(self._edited)
        self._show()

    # Wall-clock time in the person's zone <-> aware datetimes.
    def _wall(self, moment: datetime) -> datetime:
        return moment.astimezone(self.zone).replace(tzinfo=None)

    def _aware(self, wall: datetime) -> datetime:
        return wall.replace(tzinfo=self.zone) if self.zone is not None else wall.astimezone()

    def set_wall(self, wall: datetime) -> None:
        self._setting = True
        self.edit.setDateTime(QDateTime(QDate(wall.year, wall.month, wall.day),
                                        QTime(wall.hour, wall.minute)))
        self._setting = False

    def _quick(self, index: int, checked: bool) -> None:
        if not checked or self._setting:  # the one unchecked, or checked by the date box below
            return
        now = self.clock()
        delta = self.QUICK[index]
        if delta == "month":  # 30 days ago, shown in the exact date to adjust
            self.set_wall(self._wall(now - self.MONTH))
        elif delta != "exact":
            if delta is None:  # earlier today: a few hours ago, but today
                wall_now = self._wall(now)
                start = wall_now.replace(hour=0, minute=0, second=0, microsecond=0)
                self.set_wall(max(start, wall_now - timedelta(hours=3)))
            else:
                self.set_wall(self._wall(now - delta))
        self._touched = True
        self._show()
        self.changed.emit()

    def _to_date(self, index: int) -> None:
        """Clicked (or Alt + its letter): the choices that say "set it below" go on to the date."""
        if self.QUICK[index] in ("month", "exact"):
            self.edit.setFocus()

    def _edited(self, *_: Any) -> None:
        if self._setting:
            return
        self._touched = True
        self._exact_chosen()
        self._show()
        self.changed.emit()

    def _exact_chosen(self) -> None:
        """"Another day or time" shown as chosen, without acting on it (_quick): the date box
        already holds the answer."""
        self._setting = True
        self.group.button(len(self.QUICK) - 1).setChecked(True)
        self._setting = False

    def moment(self) -> datetime:
        wall = self.edit.dateTime().toPython().replace(second=0, microsecond=0)
        return self._aware(wall)

    def problem(self) -> str | None:
        if not self._touched:
            return None
        slack = timedelta(minutes=self.question.future_slack_minutes or 0)
        if self.moment() > self.clock() + slack:
            return tr("That time is in the future. Choose a time before now.")
        return None

    def _show(self) -> None:
        if not self._touched:
            self.understood.setText("")
            self.error.setText("")
            return
        problem = self.problem()
        self.error.setText(problem or "")
        self.error.setVisible(bool(problem))
        if problem:
            self.understood.setText("")
        else:
            now = self.clock()
            moment = self.moment()
            if abs(now - moment) < timedelta(minutes=1):  # duration() says "just now"
                self.understood.setText(tr("Started {when}. That is just now.",
                                           when=when(moment, now)))
            else:
                self.understood.setText(tr("Started {when}. That is {how_long} ago.",
                                           when=when(moment, now), how_long=duration(now - moment)))

    def value(self) -> datetime | None:
        if not self._touched or self.problem():
            return None
        return self.moment()

    def set_value(self, value: Any) -> None:
        if value is None:
            return
        self.set_wall(self._wall(value))
        self._touched = True
        self._exact_chosen()
        self._show()


def make_question(question: Question, mnemonic: Mnemonics, clock: Any, zone: Any) -> QuestionWidget:
    if question.type == "set":
        return SetQuestion(question, mnemonic)
    if question.type in ("boolean", "choice"):
        return RadioQuestion(question, mnemonic)
    if question.type == "integer":
        return ScaleQuestion(question, mnemonic) if question.marks else NumberQuestion(question, mnemonic)
    return MomentQuestion(question, mnemonic, clock, zone)
