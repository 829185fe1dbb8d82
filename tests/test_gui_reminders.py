"""The window's reminders (issue 12): the "What now" card that follows the clock, Done in the
history, "Add to calendar…" with its privacy line, and "Remove your reminders"."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from conftest import NOW
from test_gui import answer_all, click, control, control_named_visible, next_page
from test_gui import _no_real_dialogs, settings  # noqa: F401 - fixtures
from wizard.gui.pages import PageId


@pytest.fixture
def wizard(qtbot, ruleset, settings):  # noqa: ANN001, ANN201, F811 - with a history
    from wizard.core.clock import fixed_clock
    from wizard.gui.wizard import SpasmWizard
    from wizard.history.store import Store
    from wizard.paths import data_dir
    w = SpasmWizard(ruleset, clock=fixed_clock(NOW), zone=NOW.tzinfo, settings=settings,
                    store=Store(data_dir()))
    qtbot.addWidget(w)
    w.show()
    return w


def texts(w) -> list[str]:  # noqa: ANN001
    return [label.text() for label in w.currentPage().findChildren(QLabel) if label.isVisible()]


@pytest.fixture
def calendar_file(tmp_path, monkeypatch):  # noqa: ANN201
    from PySide6.QtGui import QDesktopServices
    target = tmp_path / "reminders"   # no ".ics": the app adds it
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toLocalFile()) or True)
    return tmp_path / "reminders.ics", opened


def test_what_now_opens_the_plan_and_done_records_the_session(qtbot, wizard, ruleset) -> None:
    answer_all(qtbot, wizard, ruleset)
    next_page(qtbot, wizard)
    assert wizard.currentId() == PageId.PLAN
    card = wizard.currentPage().view.what_now
    assert card.isVisible() and card.text.text() == "Now: cold pack, 15 minutes."
    click(qtbot, control(wizard, "Done"))
    done = wizard.store.done(wizard.last_result.episode.id)
    assert [(d.kind, d.planned.hour, d.planned.minute) for d in done] == [("session", 10, 0)]
    assert "Done at 10:00" in card.note.text()
    assert card.text.text() == "Next: your back exercises at 10:45 (in 45 minutes)."
    assert not control_named_visible(wizard, "Done"), "Done only for what is due now"
    # The card follows the clock: at 11:05 the exercises are due, at 12:05 the next session.
    card.clock = lambda: NOW + timedelta(hours=1, minutes=5)
    card.timer.timeout.emit()
    assert card.text.text() == "Now: your back exercises: Knee lifts, Arm stretch, Knee to chest."
    card.clock = lambda: NOW + timedelta(hours=2, minutes=5)
    qtbot.wait(10)
    card.timer.timeout.emit()
    assert card.text.text() == "Now: cold pack, 15 minutes."


def test_add_to_calendar_saves_opens_and_says_what_it_holds(qtbot, wizard, ruleset,
                                                          calendar_file) -> None:
    path, opened = calendar_file
    answer_all(qtbot, wizard, ruleset)
    next_page(qtbot, wizard)
    assert any("never hold your answers" in t for t in texts(wizard))
    click(qtbot, control(wizard, "Add to calendar"))
    assert opened == [str(path)]
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    assert len(list(cal.walk("VEVENT"))) > 20
    assert any(str(path) in t for t in texts(wizard))
    exported = wizard.store.exported(wizard.last_result.episode.id)
    assert exported and all(not e.cancelled for e in exported)


def test_without_a_calendar_app_it_says_where_the_file_is(qtbot, wizard, ruleset, tmp_path,
                                                         monkeypatch) -> None:
    from PySide6.QtGui import QDesktopServices
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / "r.ics"), ""))
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    answer_all(qtbot, wizard, ruleset)
    next_page(qtbot, wizard)
    click(qtbot, control(wizard, "Add to calendar"))
    assert any(f"Saved to {tmp_path / 'r.ics'}" in t and "No calendar app" in t
               for t in texts(wizard))


def test_closing_the_episode_offers_to_remove_its_reminders(qtbot, ruleset, settings,  # noqa: F811
                                                            calendar_file, tmp_path,
                                                            monkeypatch) -> None:
    from wizard.core.clock import fixed_clock
    from wizard.gui.wizard import SpasmWizard
    path, opened = calendar_file
    from wizard.history.store import Store
    from wizard.paths import data_dir
    first = SpasmWizard(ruleset, clock=fixed_clock(NOW), zone=NOW.tzinfo, settings=settings,
                        store=Store(data_dir()))
    qtbot.addWidget(first)
    first.show()
    answer_all(qtbot, first, ruleset)
    next_page(qtbot, first)
    click(qtbot, control(first, "Add to calendar"))
    first.store.close()
    later = NOW + timedelta(days=1)
    again = SpasmWizard(ruleset, clock=fixed_clock(later), zone=NOW.tzinfo, settings=settings,
                        store=Store(data_dir()))
    qtbot.addWidget(again)
    again.show()
    again.ensure_ready()
    click(qtbot, control(again, "My back is better: close this episode"))
    next_page(qtbot, again)
    assert again.currentId() == PageId.CLOSED
    gone = tmp_path / "gone.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(gone), ""))
    click(qtbot, control(again, "Remove your reminders"))
    found = list(icalendar.Calendar.from_ical(gone.read_bytes()).walk("VEVENT"))
    assert found and all(str(e["STATUS"]) == "CANCELLED" for e in found)
    assert all(e.decoded("dtstart") > later for e in found)


def test_sessions_done_show_in_the_history_json_csv_and_pdf(qtbot, wizard, ruleset, tmp_path,
                                                            monkeypatch, capsys) -> None:
    import csv
    import json

    from pypdf import PdfReader

    from wizard.cli import main
    from wizard.gui.history_view import HistoryView
    answer_all(qtbot, wizard, ruleset)
    next_page(qtbot, wizard)
    click(qtbot, control(wizard, "Done"))
    assert main(["history", "--json"]) == 0
    episode = json.loads(capsys.readouterr().out)["episodes"][0]
    assert episode["done_per_day"] == [{"day": "2026-11-27", "sessions": 1, "exercises": 0}]
    view = HistoryView(wizard)
    qtbot.addWidget(view)
    header = [view.days.horizontalHeaderItem(c).text() for c in range(view.days.columnCount())]
    row = {h: view.days.item(0, c).text() for c, h in enumerate(header)}
    assert row == {"Day": "Friday 27 November 2026", "Cold or heat done": "1",
                   "Exercises done": "0"}
    out = tmp_path / "history.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    view.export_csv()
    rows = list(csv.DictReader(out.open()))
    assert rows[0]["Check-in"] == "1" and rows[0]["Cold or heat done"] == ""
    assert rows[1]["When"] == "Friday 27 November 2026" and rows[1]["Cold or heat done"] == "1"
    pdf = tmp_path / "plan.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    click(qtbot, control(wizard, "Save as PDF"))
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(pdf).pages)
    assert "What you did of the plan" in text
    assert "On Friday 27 November you did 1 session of cold or heat and the exercises 0 times." \
        in text


def test_the_window_starts_without_the_calendar_or_the_report_code(tmp_path) -> None:
    """icalendar (about 50 ms) loads when a calendar file is written; the chart and the PDF
    when they are drawn: neither on the way to the first page, Welcome back included."""
    import os
    import subprocess
    import sys

    from wizard.cli import main
    from conftest import TESTS
    assert main(["checkin", "--answers", str(TESTS.parent / "examples" / "lifting-strain.yaml")]) == 0
    code = ("import sys\nfrom wizard.gui import app\nassert app.run() == 0\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'icalendar'\n"
            "             or m.startswith(('wizard.calendar', 'wizard.report'))))")
    env = {**os.environ, "SPASM_WIZARD_QUIT_WHEN_READY": "1", "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_done_from_the_keyboard_leaves_the_focus_on_what_it_said(qtbot, wizard, ruleset) -> None:
    """Space on Done records the session and hides the button: the keyboard then stands on
    the words "Done at 10:00…", not on a hidden button."""
    answer_all(qtbot, wizard, ruleset)
    next_page(qtbot, wizard)
    wizard.activateWindow()
    qtbot.waitActive(wizard)
    card = wizard.currentPage().view.what_now
    card.done_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(card.done_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not card.done_button.isVisible(), timeout=1000)
    focused = QApplication.focusWidget()
    assert focused is card.note and focused.isVisible() and "Done at 10:00" in focused.text()


def test_a_check_in_s_calendar_file_says_it_changes_the_earlier_reminders(
        qtbot, ruleset, calendar_file) -> None:
    """The second file of an episode updates and cancels the first one's events; calendar
    apps differ there (GNOME Calendar refuses it, many only add), so the window says what
    to do if the old reminders stay. The first file says nothing of the kind."""
    from test_gui_history import DAY0, check_in_to_review, first_visit, open_wizard
    path, _ = calendar_file
    w = first_visit(qtbot, ruleset)
    click(qtbot, control(w, "Add to calendar"))
    assert not any("delete the old ones" in t for t in texts(w))
    w = open_wizard(qtbot, ruleset, DAY0 + timedelta(days=1))  # the next morning: still cold
    check_in_to_review(qtbot, w, ruleset, pain=4)
    next_page(qtbot, w)
    click(qtbot, control(w, "Add to calendar"))
    said = [t for t in texts(w) if str(path) in t]
    assert said and "delete the old ones: search for Back Spasm Wizard" in said[0]


def test_what_now_looks_again_as_the_clock_s_minute_turns(qtbot, wizard, ruleset) -> None:
    """The card is never a minute behind: it looks again just after the next minute begins."""
    answer_all(qtbot, wizard, ruleset)
    next_page(qtbot, wizard)
    card = wizard.currentPage().view.what_now
    card.clock = lambda: NOW + timedelta(minutes=3, seconds=45)
    card.refresh()
    assert 15_000 <= card.timer.interval() <= 15_500
