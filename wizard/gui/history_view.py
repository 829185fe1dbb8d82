"""Your history: every check-in, the chart of the open episode, CSV export, and deleting it
all in one action."""

from __future__ import annotations

import csv
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel,
                               QMessageBox, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout)

from ..atomic import replacing
from ..i18n import marked, tr, trp
from ..words import adherence, day_words, system_reason, when
from .plan_view import ChartWidget, charted_checkins

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
        self.resize(860, 720 if days else 600)
        about = QLabel(tr("Your check-ins are kept on this computer only, readable by you alone.")
                       if self.rows else tr("Nothing is stored yet."))
        about.setWordWrap(True)
        layout.addWidget(about)
        self.table = _table(CHECKIN_COLUMNS, [row[:9] for row in checkins], tr("Your check-ins"))
        from PySide6.QtWidgets import QAbstractButton
        corner = self.table.findChild(QAbstractButton, "qt_tableview_cornerbutton")
        if corner is not None:
            corner.setAccessibleName(tr("Select all check-ins"))
        layout.addWidget(self.table, 1)
        self.days = None
        if days:   # what was marked Done on the "What now" card, each day
            heading = QLabel(tr("What you did each day"))
            layout.addWidget(heading)
            self.days = _table(DAY_COLUMNS, days, tr("What you did each day"))
            heading.setBuddy(self.days)
            layout.addWidget(self.days, 1)
        self.chart = None
        data = self._chart()
        if data is not None:
            self.chart = ChartWidget(data, tr("Pain over the days of this episode"))
            layout.addWidget(self.chart)
        buttons = QHBoxLayout()
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
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        # translators: the button that closes the history window
        close.button(QDialogButtonBox.StandardButton.Close).setAccessibleName(trp("button", "Close"))
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.exported = QLabel()  # where the CSV went, once exported
        self.exported.setWordWrap(True)
        self.exported.setVisible(False)
        layout.addWidget(self.exported)

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


def _table(columns, rows, name: str) -> QTableWidget:  # noqa: ANN001
    table = QTableWidget(len(rows), len(columns))
    table.setHorizontalHeaderLabels(headings(columns))
    table.setAccessibleName(name)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(str(value)))
    table.resizeColumnsToContents()
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def day_rows(episode_id: int, per_day, zone) -> list[tuple]:  # noqa: ANN001
    """A row for each day with sessions or exercises done, placed after that day's
    check-ins (at the end of the day): the episode, the day, and the two counts."""
    rows = []
    for day, sessions, exercises in per_day:
        end = datetime.combine(day + timedelta(days=1), time(0), zone)
        rows.append((end, (episode_id, "", day_words(day), "", "", "", "", "", "",
                           sessions, exercises)))
    return rows
