"""Your history: every check-in, the chart of the open episode, CSV export, and deleting it
all in one action."""

from __future__ import annotations

import csv
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRect, QSize, Qt, QTimer
from PySide6.QtGui import QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import (QAbstractButton, QBoxLayout, QDialog, QDialogButtonBox, QFrame,
                               QHeaderView, QLabel, QMessageBox, QPushButton, QScrollArea,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from ..atomic import replacing
from ..i18n import marked, tr, trp
from ..words import adherence, day_words, system_reason, when
from .plan_view import ChartWidget, charted_checkins
from .wizard import FRAME_MS, fit

if TYPE_CHECKING:
    from .wizard import SpasmWizard

# The columns' headings, in English; shown (table and CSV) through tr at the moment of use.
COLUMNS = (
    # translators: a column of the history table and its CSV export: the episode's number
    marked("Episode"),
    # translators: a column of the history table and its CSV export: the check-in's number
    marked("Check-in"),
    # translators: a column of the history table and its CSV export: the check-in's date and time
    marked("When"),
    # translators: a column of the history table and its CSV export: the pain, 0 to 10
    marked("Pain"),
    # translators: a column of the history table and its CSV export: the plan's level of care
    marked("What to do"),
    # translators: a column of the history table and its CSV export: the plan's phase (cold or heat)
    marked("Cold or heat"),
    # translators: a column of the history table and its CSV export: whether a doctor had checked (Yes or No)
    marked("Doctor checked"),
    # translators: a column of the history table and its CSV export
    marked("Warning signs told"),
    # translators: a column of the history table and its CSV export: warning signs taken back as told by mistake
    marked("Taken back"),
    # translators: a column of the history table and its CSV export: how many sessions of cold or heat were marked Done that day
    marked("Cold or heat done"),
    # translators: a column of the history table and its CSV export: how many times the exercises were marked Done that day
    marked("Exercises done"))
# The CSV holds both kinds of row, in time order: a check-in (the first nine columns), and a
# day with sessions or exercises marked Done (the episode, the day and the last two).
CHECKIN_COLUMNS = COLUMNS[:9]
# translators: a column of the table of what was done each day, and of the CSV export
DAY_COLUMNS = (marked("Day"), *COLUMNS[9:])


# The dialog's first size: the main window's width (the tables fit it without sideways
# scrolling), within the screen's free area whatever the scale (fit_screen).
WIDTH, HEIGHT = 780, 720


class HistoryView(QDialog):
    def __init__(self, wizard: SpasmWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        wizard.ensure_ready()  # opened from Welcome back, the rules may not be loaded yet
        self.setWindowTitle(tr("Your history"))
        layout = QVBoxLayout(self)
        self.rows = self._rows()
        checkins = [row for row in self.rows if row[1] != ""]
        days = [(row[2], row[9], row[10]) for row in self.rows if row[1] == ""]
        # The tables and the chart scroll up and down together, in one area; the buttons
        # below it stay in view however small the screen.
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        inside = QVBoxLayout(body)
        inside.setContentsMargins(0, 0, 0, 0)
        self.scroll_area.setWidget(body)
        layout.addWidget(self.scroll_area, 1)
        about = QLabel(tr("Your check-ins are kept on this computer only, readable by you alone.")
                       if self.rows else tr("Nothing is stored yet."))
        about.setWordWrap(True)
        inside.addWidget(about)
        self.checkin_box = TableOrCards(CHECKIN_COLUMNS, [row[:9] for row in checkins],
                                        tr("Your check-ins"))
        self.table = self.checkin_box.table
        corner = self.table.findChild(QAbstractButton, "qt_tableview_cornerbutton")
        if corner is not None:
            corner.setAccessibleName(tr("Select all check-ins"))
        inside.addWidget(self.checkin_box)
        self.days = self.days_box = None
        if days:   # what was marked Done on the "What now" card, each day
            heading = QLabel(tr("What you did each day"))
            inside.addWidget(heading)
            self.days_box = TableOrCards(DAY_COLUMNS, days, tr("What you did each day"))
            self.days = self.days_box.table
            heading.setBuddy(self.days_box)
            inside.addWidget(self.days_box)
        self.chart = None
        data = self._chart()
        if data is not None:
            self.chart = ChartWidget(data, tr("Pain over the days of this episode"))
            inside.addWidget(self.chart)
        inside.addStretch(1)
        # The buttons in a row; on a narrow screen, Close under the others, or each on a line.
        self.buttons = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.actions = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        # translators: a button of the history window; the letter after & is its Alt + letter: keep one &, on a letter that "Delete my data" does not use
        self.export_button = QPushButton(tr("&Export as CSV\u2026"))
        self.export_button.setAccessibleName(tr("Export as CSV"))
        self.export_button.setEnabled(bool(self.rows))
        self.export_button.clicked.connect(self.export_csv)
        # translators: a button of the history window; the letter after & is its Alt + letter: keep one &, on a letter that "Export as CSV" does not use
        self.delete_button = QPushButton(tr("&Delete my data\u2026"))
        self.delete_button.setAccessibleName(tr("Delete my data"))
        self.delete_button.setAccessibleDescription(
            tr("Deletes every stored answer, plan and setting"))
        self.delete_button.clicked.connect(self.delete_all)
        self.actions.addWidget(self.export_button)
        self.actions.addWidget(self.delete_button)
        self.buttons.addLayout(self.actions)
        self.buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        self.close_box = close
        self.close_button = close.button(QDialogButtonBox.StandardButton.Close)
        # translators: the button that closes the history window
        self.close_button.setAccessibleName(trp("button", "Close"))
        self.buttons.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(self.buttons)
        self.exported = QLabel()  # where the CSV went, once exported
        self.exported.setWordWrap(True)
        self.exported.setVisible(False)
        layout.addWidget(self.exported)
        self.resize(WIDTH, HEIGHT if days else HEIGHT - 120)
        self.fit_screen()
        self._framed = False  # fitted again once the window manager has framed it

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        if not self._framed:
            # Only once the window is shown does it have its frame (title bar, borders).
            self._framed = True
            self.fit_screen()
            QTimer.singleShot(FRAME_MS, self.fit_screen)

    def fit_screen(self) -> None:
        """Within the screen's free area (without the panels): the buttons always on it."""
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            area = screen.availableGeometry()
            self.arrange_buttons(area.width() - (self.frameGeometry().width() - self.width()))
            fit(self, area)

    def arrange_buttons(self, width: int) -> None:
        """The buttons in one row if the dialog can be that wide; otherwise Close under the
        others; otherwise each on a line of its own: the row must not make the dialog
        wider than the screen."""
        spacing = max(0, self.buttons.spacing())
        margins = self.layout().contentsMargins()
        room = min(width, self.width()) - margins.left() - margins.right()
        actions = self.export_button.sizeHint().width() + spacing + \
            self.delete_button.sizeHint().width()
        row = actions + spacing + self.close_box.sizeHint().width()
        across, down = QBoxLayout.Direction.LeftToRight, QBoxLayout.Direction.TopToBottom
        self.buttons.setDirection(across if row <= room else down)
        self.actions.setDirection(across if actions <= room else down)
        self.layout().activate()

    def _rows(self) -> list[tuple]:
        store, ruleset = self.wiz.store, self.wiz.ruleset
        if store is None:
            return []
        rows = []
        # translators: whether a doctor had checked, in the history table and its CSV export
        doctor = {True: tr("Yes"), False: tr("No"), None: ""}
        for episode in store.episodes():
            checkins = store.checkins(episode.id)
            # A correction belongs to the check-in it was made at (the first from then on).
            taken: dict[int, list[str]] = {}
            for correction in store.corrections(episode.id):
                at = next((c for c in checkins if c.at >= correction.at), checkins[-1]) \
                    if checkins else None
                if at is not None:
                    taken.setdefault(at.id, []).append(correction.value)
            mine = []   # (when, row): the check-ins, and each day with something done
            for c in checkins:
                triage = ruleset.label("triage", c.triage)
                phase = ruleset.label("phase", c.phase)
                mine.append((c.at, (episode.id, c.number, when(c.at),
                                    "" if c.pain is None else c.pain,
                                    triage.title if triage else c.triage,
                                    phase.title if phase else c.phase,
                                    doctor[c.doctor_seen],
                                    self._signs(c.told), self._signs(taken.get(c.id, ())),
                                    "", "")))
            mine += day_rows(episode.id, self.done_per_day(episode.id), self.wiz.person_zone())
            # In time order; a day ends before a check-in at the midnight after it.
            rows += [row for _, row in sorted(mine, key=lambda pair: (pair[0], pair[1][1] != ""))]
        return rows

    def done_per_day(self, episode_id: int) -> list[tuple]:
        """(day, sessions, exercise times) marked Done, in the person's local days."""
        return adherence(self.wiz.store.done(episode_id), self.wiz.person_zone())

    def _signs(self, signs) -> str:  # noqa: ANN001
        """Warning signs in the words of the question, in its order."""
        from ..core.contract import RED_FLAGS
        return "; ".join(o.text for o in self.wiz.ruleset.options(RED_FLAGS) if o.id in signs)

    def _chart(self):  # noqa: ANN202
        store = self.wiz.store
        if store is None:
            return None
        from ..report.chart import chart_data
        episodes = store.episodes()
        if not episodes:
            return None
        series = charted_checkins(store.checkins(episodes[-1].id))
        if not series:
            return None
        return chart_data(series, self.wiz.ruleset, self.done_per_day(episodes[-1].id),
                          self.wiz.person_zone())

    def export_csv(self) -> None:
        from .files import save_file_name
        chosen = save_file_name(self, tr("Export your check-ins"), "back-history.csv",
                                # translators: the kind of file in the save dialog
                                tr("CSV files (*.csv)"))
        if not chosen:
            return
        try:  # whole or not at all, readable by the person alone, as the PDF (atomic.py)
            with replacing(Path(chosen)) as part, \
                    open(part, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(headings(COLUMNS))
                writer.writerows(self.rows)
        except OSError as exc:
            # translators: the title of the dialog saying the CSV export failed
            QMessageBox.warning(self, tr("Not exported"),
                                tr("The check-ins were not exported to {path}: {problem}.",
                                   path=chosen, problem=system_reason(exc)))
            return
        self.exported.setText(tr("Exported to {path}.", path=chosen))
        self.exported.setVisible(True)

    def delete_all(self) -> None:
        from .widgets import ask
        self.offer_reminder_removal()
        if not ask(self, tr("Delete your data?"),
                   tr("Delete every stored answer, plan and setting? This cannot be undone.")):
            return
        self.wiz.forget_everything()
        self.accept()

    def offer_reminder_removal(self) -> None:
        """Before Delete my data: the calendar may hold reminders of this app. Once the
        history is gone, so are their UIDs: offer the file that removes them first."""
        from .reminders import episodes_with_reminders, offer_removal
        from .widgets import ask
        store, now = self.wiz.store, self.wiz.clock()
        episodes = episodes_with_reminders(store, now)
        if not episodes or not ask(
                self, tr("Remove your reminders first?"),
                tr("Your calendar holds reminders from this app. Save a file that removes them "
                   "before you delete your data? After deleting, this is no longer possible.")):
            return
        for episode in episodes:
            said = offer_removal(self, store, episode, self.wiz.ruleset, now,
                                 self.wiz.person_zone())
            if said:
                QMessageBox.information(self, tr("Your reminders"), said)


def headings(columns) -> list[str]:  # noqa: ANN001
    """Columns' headings (marked where they are defined) in the language in use."""
    # The texts are extracted where marked(); the extractor wants a literal in each tr() call
    # it reads, so the variable goes through another name for the same function.
    translate = tr
    return [translate(column) for column in columns]


class WrappingHeader(QHeaderView):
    """Column headings that wrap onto more lines when their column is narrower than the
    heading (QHeaderView keeps them on one line, cut short)."""

    FLAGS = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap

    def __init__(self, parent: QWidget) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setDefaultAlignment(self.FLAGS)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setSectionsClickable(False)  # nothing to sort: a click would only select
        self.setHighlightSections(False)  # a heading in bold may need another line

    def text(self, section: int) -> str:
        return str(self.model().headerData(section, Qt.Orientation.Horizontal) or "")

    def padding(self, section: int) -> int:
        """The room around a heading's text (margins, frame): Qt measures a heading in
        bold, whatever its font."""
        bold = QFont(self.font())
        bold.setBold(True)
        natural = super().sectionSizeFromContents(section).width()
        room = natural - QFontMetrics(bold).horizontalAdvance(self.text(section))
        return max(0, room) + 4  # and a little for rounding (Qt would wrap "Check-in")

    def wrapped_height(self, section: int, width: int) -> int:
        """The heading's height in a column `width` wide."""
        metrics = self.fontMetrics()
        natural = super().sectionSizeFromContents(section)
        text_width = max(1, width - self.padding(section))
        lines = metrics.boundingRect(QRect(0, 0, text_width, 100000), int(self.FLAGS),
                                     self.text(section)).height()
        return natural.height() - metrics.height() + max(lines, metrics.height())

    def sizeHint(self) -> QSize:  # noqa: N802
        size = super().sizeHint()
        shown = [s for s in range(self.count()) if not self.isSectionHidden(s)]
        if shown:
            size.setHeight(max(self.wrapped_height(s, self.sectionSize(s)) for s in shown))
        return size


class HistoryTable(QTableWidget):
    """A table as high as its rows (the dialog scrolls, not the table), as wide as its place.
    Its columns share the width: each as wide as its longest text when there is room;
    otherwise the headings wrap first, then the widest columns' texts, none narrower than
    its longest word. A column empty in every row is left out."""

    def __init__(self, columns: list[str], rows: list[tuple], name: str) -> None:
        super().__init__(len(rows), len(columns))
        self.setHorizontalHeader(WrappingHeader(self))
        self.setHorizontalHeaderLabels(columns)
        self.setAccessibleName(name)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.setWordWrap(True)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                self.setItem(r, c, QTableWidgetItem(str(value)))
        # Columns with nothing in them (no warning sign ever told, say) take no room.
        for c in range(len(columns)):
            self.setColumnHidden(c, bool(rows) and all(str(row[c]) == "" for row in rows))
        self._measured: tuple | None = None  # (fonts, {column: (least, most, whole)})
        self._fitted_to = -1

    def measure(self) -> dict[int, tuple[int, int, int]]:
        """Each shown column's widths: `least`, its longest word (heading and cells); `most`,
        its longest line in a cell, the heading wrapped; `whole`, the heading on one line."""
        header = self.horizontalHeader()
        key = (self.font().key(), header.font().key())
        if self._measured is not None and self._measured[0] == key:
            return self._measured[1]
        cells, headings = self.fontMetrics(), header.fontMetrics()
        margin = self.style().pixelMetric(self.style().PixelMetric.PM_FocusFrameHMargin,
                                          None, self) + 1
        pad = 2 * margin + 4   # the item view's margins, and a little for rounding

        def widest(metrics, texts) -> int:  # noqa: ANN001
            return max((metrics.horizontalAdvance(t) for t in texts), default=0)

        widths = {}
        for c in range(self.columnCount()):
            if self.isColumnHidden(c):
                continue
            lines = [line for r in range(self.rowCount()) if (item := self.item(r, c))
                     for line in item.text().splitlines()]
            heading, space = header.text(c), header.padding(c)
            least = max(widest(headings, heading.split()) + space,
                        widest(cells, [w for line in lines for w in line.split()]) + pad)
            most = max(least, widest(cells, lines) + pad)
            widths[c] = (least, most, max(most, headings.horizontalAdvance(heading) + space))
        self._measured = (key, widths)
        return widths

    def least_width(self) -> int:
        """The narrowest the table can be without a sideways scroll bar."""
        return sum(w[0] for w in self.measure().values()) + 2 * self.frameWidth()

    def fit_columns(self, force: bool = False) -> None:
        room = self.viewport().width()
        if room <= 0 or (room == self._fitted_to and not force):
            return
        self._fitted_to = room
        for c, width in columns_in(self.measure(), room).items():
            self.setColumnWidth(c, width)
        self.resizeRowsToContents()
        self.updateGeometries()
        self.fit_height()

    def fit_height(self) -> None:
        """As high as the headings and every row, and the sideways scroll bar if shown."""
        height = self.horizontalHeader().sizeHint().height() + 2 * self.frameWidth()
        height += sum(self.rowHeight(r) for r in range(self.rowCount()))
        if self.horizontalHeader().length() > self.viewport().width():
            height += self.horizontalScrollBar().sizeHint().height()
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        self.fit_columns()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802
        super().showEvent(event)
        self.fit_columns(force=True)  # the style sheet's fonts are known by now


def columns_in(widths: dict[int, tuple[int, int, int]], room: int) -> dict[int, int]:
    """Columns' widths (from HistoryTable.measure) in `room` px. Every text on one line
    when it can be, its heading wrapped first; otherwise the widest columns made narrower
    first, down to a width they all share (a water line), none below its longest word.
    What is left over goes to every column alike."""
    if not widths:
        return {}
    most = sum(w[1] for w in widths.values())
    if most <= room:
        share = {c: w[1] for c, w in widths.items()}
        spare = room - most
        unwrap = sum(w[2] - w[1] for w in widths.values())
        for c, w in widths.items():  # headings on one line, as far as the room goes
            share[c] += (w[2] - w[1]) * min(spare, unwrap) // max(1, unwrap)
    else:
        low, high = 0, max(w[1] for w in widths.values())
        while low < high:   # the highest water line at which the columns fit
            line = (low + high + 1) // 2
            if sum(max(w[0], min(w[1], line)) for w in widths.values()) <= room:
                low = line
            else:
                high = line - 1
        share = {c: max(w[0], min(w[1], low)) for c, w in widths.items()}
    spare = max(0, room - sum(share.values()))
    for n, c in enumerate(share):
        share[c] += spare // len(share) + (1 if n < spare % len(share) else 0)
    return share


class TableOrCards(QWidget):
    """A table where its columns fit; where even each column's longest word leaves no room
    (a narrow screen, a large scale, long words), each row as a card instead: a table of
    one column, a line in each card for each heading and its value. Either way, every value
    is there for a screen reader."""

    def __init__(self, columns, rows: list[tuple], name: str) -> None:  # noqa: ANN001
        super().__init__()
        names = headings(columns)
        self.table = HistoryTable(names, rows, name)
        self.cards = HistoryTable([name], [("\n".join(
            # translators: a line of a check-in (or a day) shown as a card in the history window, where the window is too narrow for the table's columns: a column's heading and the value in it
            tr("{heading}: {value}", heading=names[c], value=value)
            for c, value in enumerate(row) if str(value) != ""),) for row in rows], name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addWidget(self.cards)
        self.cards.setVisible(False)
        self.setFocusProxy(self.table)

    @property
    def stacked(self) -> bool:
        """Each row shown as a card."""
        return not self.cards.isHidden()

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802
        super().resizeEvent(event)
        stacked = self.table.least_width() > self.width()
        if stacked != self.stacked:
            self.table.setVisible(not stacked)
            self.cards.setVisible(stacked)
            self.setFocusProxy(self.cards if stacked else self.table)


def day_rows(episode_id: int, per_day, zone) -> list[tuple]:  # noqa: ANN001
    """A row for each day with sessions or exercises done, placed after that day's
    check-ins (at the end of the day): the episode, the day, and the two counts."""
    rows = []
    for day, sessions, exercises in per_day:
        end = datetime.combine(day + timedelta(days=1), time(0), zone)
        rows.append((end, (episode_id, "", day_words(day), "", "", "", "", "", "",
                           sessions, exercises)))
    return rows
