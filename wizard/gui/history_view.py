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
from ..words import adherence, day_words, when
from .plan_view import ChartWidget, charted_checkins

if TYPE_CHECKING:
    from .wizard import SpasmWizard

COLUMNS = ("Episode", "Check-in", "When", "Pain", "What to do", "Cold or heat",
           "Doctor checked", "Warning signs told", "Taken back",
           "Cold or heat done", "Exercises done")
# The CSV holds both kinds of row, in time order: a check-in (the first nine columns), and a
# day with sessions or exercises marked Done (the episode, the day and the last two).
CHECKIN_COLUMNS = COLUMNS[:9]
DAY_COLUMNS = ("Day", "Cold or heat done", "Exercises done")


class HistoryView(QDialog):
    def __init__(self, wizard: SpasmWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        wizard.ensure_ready()  # opened from Welcome back, the rules may not be loaded yet
        self.setWindowTitle("Your history")
        layout = QVBoxLayout(self)
        self.rows = self._rows()
        checkins = [row for row in self.rows if row[1] != ""]
        days = [(row[2], row[9], row[10]) for row in self.rows if row[1] == ""]
        self.resize(860, 720 if days else 600)
        about = QLabel("Your check-ins are kept on this computer only, readable by you alone."
                       if self.rows else "Nothing is stored yet.")
        about.setWordWrap(True)
        layout.addWidget(about)
        self.table = _table(CHECKIN_COLUMNS, [row[:9] for row in checkins], "Your check-ins")
        from PySide6.QtWidgets import QAbstractButton
        corner = self.table.findChild(QAbstractButton, "qt_tableview_cornerbutton")
        if corner is not None:
            corner.setAccessibleName("Select all check-ins")
        layout.addWidget(self.table, 1)
        self.days = None
        if days:   # what was marked Done on the "What now" card, each day
            heading = QLabel("What you did each day")
            layout.addWidget(heading)
            self.days = _table(DAY_COLUMNS, days, "What you did each day")
            heading.setBuddy(self.days)
            layout.addWidget(self.days, 1)
        self.chart = None
        data = self._chart()
        if data is not None:
            self.chart = ChartWidget(data, "Pain over the days of this episode")
            layout.addWidget(self.chart)
        buttons = QHBoxLayout()
        self.export_button = QPushButton("&Export as CSV\u2026")
        self.export_button.setAccessibleName("Export as CSV")
        self.export_button.setEnabled(bool(self.rows))
        self.export_button.clicked.connect(self.export_csv)
        self.delete_button = QPushButton("&Delete my data\u2026")
        self.delete_button.setAccessibleName("Delete my data")
        self.delete_button.setAccessibleDescription("Deletes every stored answer, plan and setting")
        self.delete_button.clicked.connect(self.delete_all)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        close.button(QDialogButtonBox.StandardButton.Close).setAccessibleName("Close")
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
                                    {True: "Yes", False: "No", None: ""}[c.doctor_seen],
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
        chosen = save_file_name(self, "Export your check-ins", "back-history.csv",
                                "CSV files (*.csv)")
        if not chosen:
            return
        try:  # whole or not at all, readable by the person alone, as the PDF (atomic.py)
            with replacing(Path(chosen)) as part, \
                    open(part, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(COLUMNS)
                writer.writerows(self.rows)
        except OSError as exc:
            QMessageBox.warning(self, "Not exported",
                                f"The check-ins were not exported to {chosen}: "
                                f"{exc.strerror or exc}.")
            return
        self.exported.setText(f"Exported to {chosen}.")
        self.exported.setVisible(True)

    def delete_all(self) -> None:
        from .widgets import ask
        self.offer_reminder_removal()
        if not ask(self, "Delete your data?",
                   "Delete every stored answer, plan and setting? This cannot be undone."):
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
                self, "Remove your reminders first?",
                "Your calendar holds reminders from this app. Save a file that removes them "
                "before you delete your data? After deleting, this is no longer possible."):
            return
        for episode in episodes:
            said = offer_removal(self, store, episode, self.wiz.ruleset, now,
                                 self.wiz.person_zone())
            if said:
                QMessageBox.information(self, "Your reminders", said)


def _table(columns, rows, name: str) -> QTableWidget:  # noqa: ANN001
    table = QTableWidget(len(rows), len(columns))
    table.setHorizontalHeaderLabels(columns)
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
