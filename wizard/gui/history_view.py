"""Your history: every check-in, the chart of the open episode, CSV export, and deleting it
all in one action."""

from __future__ import annotations

import csv
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout, QLabel,
                               QMessageBox, QPushButton, QTableWidget, QTableWidgetItem,
                               QVBoxLayout)

from ..words import when
from .plan_view import ChartWidget, charted_checkins

if TYPE_CHECKING:
    from .wizard import SpasmWizard

COLUMNS = ("Episode", "Check-in", "When", "Pain", "What to do", "Cold or heat",
           "Doctor checked", "Warning signs told", "Taken back",
           "Cold or heat done", "Exercises done")


class HistoryView(QDialog):
    def __init__(self, wizard: SpasmWizard) -> None:
        super().__init__(wizard)
        self.wiz = wizard
        wizard.ensure_ready()  # opened from Welcome back, the rules may not be loaded yet
        self.setWindowTitle("Your history")
        self.resize(860, 600)
        layout = QVBoxLayout(self)
        self.rows = self._rows()
        about = QLabel("Your check-ins are kept on this computer only, readable by you alone."
                       if self.rows else "Nothing is stored yet.")
        about.setWordWrap(True)
        layout.addWidget(about)
        self.table = QTableWidget(len(self.rows), len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Your check-ins")
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(self.rows):
            for c, value in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(str(value)))
        self.table.resizeColumnsToContents()
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        from PySide6.QtWidgets import QAbstractButton
        corner = self.table.findChild(QAbstractButton, "qt_tableview_cornerbutton")
        if corner is not None:
            corner.setAccessibleName("Select all check-ins")
        layout.addWidget(self.table, 1)
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
            done = _done_between(store.done(episode.id), checkins)
            for c in checkins:
                triage = ruleset.label("triage", c.triage)
                phase = ruleset.label("phase", c.phase)
                rows.append((episode.id, c.number, when(c.at), "" if c.pain is None else c.pain,
                             triage.title if triage else c.triage,
                             phase.title if phase else c.phase,
                             {True: "Yes", False: "No", None: ""}[c.doctor_seen],
                             self._signs(c.told), self._signs(taken.get(c.id, ())),
                             *done.get(c.id, (0, 0))))
        return rows

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
        return chart_data(series, self.wiz.ruleset) if series else None

    def export_csv(self) -> None:
        from .files import save_file_name
        chosen = save_file_name(self, "Export your check-ins", "back-history.csv",
                                "CSV files (*.csv)")
        if not chosen:
            return
        try:
            with open(chosen, "w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(COLUMNS)
                writer.writerows(self.rows)
        except OSError as exc:
            QMessageBox.warning(self, "Not exported",
                                f"The check-ins were not exported to {chosen}: "
                                f"{exc.strerror or exc}.")

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


def _done_between(done, checkins) -> dict[int, tuple[int, int]]:  # noqa: ANN001
    """Sessions and exercise times done under each check-in's plan: planned from that
    check-in until the next."""
    out: dict[int, tuple[int, int]] = {}
    for n, c in enumerate(checkins):
        end = checkins[n + 1].at if n + 1 < len(checkins) else None
        mine = [d for d in done if d.planned >= c.at and (end is None or d.planned < end)]
        out[c.id] = (sum(d.kind == "session" for d in mine), sum(d.kind == "exercises" for d in mine))
    return out
