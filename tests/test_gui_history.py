"""Coming back on later days, in the window: Welcome back, check-ins, closing, history."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QMessageBox, QWidget

from test_gui import answer_all, click, control, next_page
from wizard.core.clock import fixed_clock
from wizard.gui.pages import PageId
from wizard.gui.wizard import SpasmWizard
from wizard.history.store import Store
from wizard.paths import data_dir

pytestmark = pytest.mark.usefixtures("qapp")  # see test_pdf.py

DAY0 = datetime.fromisoformat("2026-11-27T10:00:00+01:00")
DAY3 = datetime.fromisoformat("2026-11-30T10:00:00+01:00")


@pytest.fixture(autouse=True)
def _no_real_dialogs(monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(f"dialog: {box.text()}"))


def open_wizard(qtbot, ruleset, now: datetime) -> SpasmWizard:
    store = Store(data_dir())
    w = SpasmWizard(ruleset, clock=fixed_clock(now), zone=now.tzinfo, store=store)
    qtbot.addWidget(w)
    w.show()
    return w


def first_visit(qtbot, ruleset) -> SpasmWizard:
    w = open_wizard(qtbot, ruleset, DAY0)
    assert w.currentId() == PageId.WELCOME, "no episode yet"
    answer_all(qtbot, w, ruleset, pain=6)
    next_page(qtbot, w)
    assert w.currentId() == PageId.PLAN
    return w


def check_in_to_review(qtbot, w: SpasmWizard, ruleset, pain: int) -> None:
    """From Welcome back: check in, no warning signs, pain now; on to Review."""
    next_page(qtbot, w)
    click(qtbot, control(w, ruleset.question("red_flags").none_text))
    next_page(qtbot, w)
    click(qtbot, control(w, f"Pain now: {pain} out of 10"))
    next_page(qtbot, w)
    assert w.currentId() == PageId.REVIEW


def page_text(w: SpasmWizard) -> str:
    return " ".join(label.text() for label in w.currentPage().findChildren(QLabel))


def test_the_first_plan_is_recorded_as_a_new_episode(qtbot, ruleset) -> None:
    w = first_visit(qtbot, ruleset)
    assert "Saved in your history: check-in 1 of this episode." in page_text(w)
    store = Store(data_dir())
    (episode,) = store.episodes()
    assert [c.pain for c in store.checkins(episode.id)] == [6]


def test_back_and_next_on_the_plan_update_the_same_check_in(qtbot, ruleset) -> None:
    w = first_visit(qtbot, ruleset)
    w.back()
    w.back()
    w.currentPage().widgets["pain"].set_value(5)
    next_page(qtbot, w)
    next_page(qtbot, w)
    store = Store(data_dir())
    assert [c.pain for c in store.checkins(1)] == [5], "corrected, not recorded twice"
    assert "previous_pain" not in store.checkins(1)[0].answers, "not its own previous check-in"


def test_redoing_a_check_in_compares_with_the_one_before(qtbot, ruleset) -> None:
    first_visit(qtbot, ruleset)
    w = open_wizard(qtbot, ruleset, DAY3)
    check_in_to_review(qtbot, w, ruleset, 4)
    next_page(qtbot, w)
    w.back()
    w.back()
    click(qtbot, control(w, "Pain now: 3 out of 10"))
    next_page(qtbot, w)
    next_page(qtbot, w)
    assert "Your pain is 3 out of 10, down from 6 last time." in page_text(w)
    checkins = Store(data_dir()).checkins(1)
    assert [c.pain for c in checkins] == [6, 3]
    assert checkins[1].answers["previous_pain"] == 6


def test_welcome_back_check_in_asks_only_what_can_have_changed(qtbot, ruleset) -> None:
    first_visit(qtbot, ruleset)
    w = open_wizard(qtbot, ruleset, DAY3)
    assert w.currentId() == PageId.WELCOME_BACK
    text = page_text(w)
    assert "started Friday 27 November 2026 at 07:00, 3 days and 3 hours ago" in text
    assert "last check-in was Friday 27 November 2026 at 10:00: pain 6 out of 10" in text
    next_page(qtbot, w)  # "Check in on this episode" is the default
    assert w.currentId() == PageId.SIGNS, "the warning signs every time"
    click(qtbot, control(w, ruleset.question("red_flags").none_text))
    next_page(qtbot, w)
    assert w.currentId() == PageId.FEEL, "age, strain and onset come from the episode"
    click(qtbot, control(w, "Pain now: 4 out of 10"))
    next_page(qtbot, w)
    review = page_text(w)
    assert "Friday 27 November 2026 at 07:00" in review and "Lifting something" in review
    next_page(qtbot, w)
    text = page_text(w)
    assert "The cold phase is over: now moist heat." in text
    assert "Your rest period has ended." in text
    assert "Your pain is 4 out of 10, down from 6 last time." in text
    assert w.currentPage().view.chart is not None
    store = Store(data_dir())
    assert [c.pain for c in store.checkins(1)] == [6, 4] and len(store.episodes()) == 1


def test_a_correction_from_review_corrects_the_episode(qtbot, ruleset) -> None:
    first_visit(qtbot, ruleset)
    w = open_wizard(qtbot, ruleset, DAY3)
    check_in_to_review(qtbot, w, ruleset, 4)
    click(qtbot, control(w, "Change \u201cStarted\u201d"))
    assert w.currentId() == PageId.WHEN, "a page the check-in skipped opens to correct it"
    moment = w.currentPage().widgets["onset"]
    assert moment.value() == datetime.fromisoformat("2026-11-27T07:00:00+01:00")
    moment.edit.setDateTime(moment.edit.dateTime().addSecs(-3600))
    next_page(qtbot, w)
    assert w.currentId() == PageId.FEEL
    next_page(qtbot, w)
    next_page(qtbot, w)
    assert w.currentId() == PageId.PLAN
    store = Store(data_dir())
    (episode,) = store.episodes()
    assert episode.onset == datetime.fromisoformat("2026-11-27T06:00:00+01:00")


def test_my_back_is_better_closes_the_episode(qtbot, ruleset) -> None:
    first_visit(qtbot, ruleset)
    w = open_wizard(qtbot, ruleset, DAY3)
    click(qtbot, control(w, "My back is better: close this episode"))
    next_page(qtbot, w)
    assert w.currentId() == PageId.CLOSED
    assert Store(data_dir()).episodes()[0].closed is not None
    again = open_wizard(qtbot, ruleset, DAY3)
    assert again.currentId() == PageId.WELCOME, "a closed episode is not offered again"


def test_start_a_new_episode(qtbot, ruleset) -> None:
    first_visit(qtbot, ruleset)
    w = open_wizard(qtbot, ruleset, DAY3)
    click(qtbot, control(w, "Start a new episode: this is a new back pain"))
    next_page(qtbot, w)
    assert w.currentId() == PageId.SIGNS
    w.back()
    w.back()
    w.restart()
    # A new episode asks everything again.
    click(qtbot, control(w, "Start a new episode: this is a new back pain"))
    next_page(qtbot, w)
    click(qtbot, control(w, ruleset.question("red_flags").none_text))
    next_page(qtbot, w)
    assert w.currentId() == PageId.ABOUT
    w.currentPage().widgets["age"].spin.setValue(34)
    next_page(qtbot, w)
    click(qtbot, control(w, ruleset.question("sudden_trauma").no_text))
    next_page(qtbot, w)
    click(qtbot, control(w, "Within the last hour"))
    next_page(qtbot, w)
    click(qtbot, control(w, "Pain now: 5 out of 10, Moderate"))
    next_page(qtbot, w)
    next_page(qtbot, w)
    assert w.currentId() == PageId.PLAN
    store = Store(data_dir())
    old, new = store.episodes()
    assert old.closed is not None and new.closed is None and not new.sudden_trauma


def test_the_history_view_exports_csv_and_deletes_everything(qtbot, ruleset, tmp_path,
                                                             monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog
    from wizard.gui.history_view import HistoryView
    first_visit(qtbot, ruleset)
    w = open_wizard(qtbot, ruleset, DAY3)
    view = HistoryView(w)
    qtbot.addWidget(view)
    assert view.table.rowCount() == 1
    for widget in view.findChildren(QWidget):
        if isinstance(widget, QAbstractButton) and widget.isVisibleTo(view):
            assert widget.accessibleName(), widget.text()
    target = tmp_path / "history.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    view.export_csv()
    rows = list(csv.reader(target.open()))
    assert rows[0][:4] == ["Episode", "Check-in", "When", "Pain"]
    assert target.stat().st_mode & 0o777 == 0o600, "readable by the person alone"
    assert view.exported.isVisibleTo(view) and str(target) in view.exported.text()
    assert rows[1][:4] == ["1", "1", "Friday 27 November 2026 at 10:00", "6"]
    assert data_dir().exists()
    view.delete_all()
    assert not data_dir().exists(), "one action deletes it all, settings and logs included"
    assert w.store is None


def test_the_app_says_in_words_when_the_history_was_damaged(monkeypatch) -> None:
    from wizard.gui import app as gui_app
    data_dir().mkdir(parents=True, exist_ok=True)
    (data_dir() / "history.sqlite3").write_bytes(b"not a database" * 50)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    monkeypatch.setenv("SPASM_WIZARD_QUIT_WHEN_READY", "1")
    assert gui_app.run() == 0
    assert len(told) == 1 and "put aside as history.damaged-" in told[0], told
    assert list(data_dir().glob("history.damaged-*.sqlite3"))


def test_a_history_that_cannot_be_made_still_gives_the_plan(qtbot, ruleset, tmp_path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the data folder should be")
    w = SpasmWizard(ruleset, clock=fixed_clock(DAY0), zone=DAY0.tzinfo)
    w.store_factory = lambda: Store(blocked / "data")
    qtbot.addWidget(w)
    w.show()
    answer_all(qtbot, w, ruleset)
    next_page(qtbot, w)
    assert w.currentId() == PageId.PLAN
    text = page_text(w)
    assert "This plan was not saved in your history: the history folder" in text
    assert ruleset.label("triage", "self_care").title in text


def test_the_pdf_of_a_check_in_carries_the_chart_and_the_trend(tmp_path, capsys) -> None:
    from pypdf import PdfReader
    from wizard.cli import main
    first = tmp_path / "first.yaml"
    first.write_text("age: 34\nred_flags: []\nsudden_trauma: true\ntrauma_kind: lifting\n"
                     "onset: 2026-11-27T07:30:00+01:00\nsymptoms: []\npain: 7\n")
    later = tmp_path / "later.yaml"
    later.write_text("age: 34\nred_flags: []\nsymptoms: []\npain: 4\n")
    assert main(["checkin", "--answers", str(first), "--now", "2026-11-27T10:00:00+01:00"]) == 0
    out = tmp_path / "plan.pdf"
    assert main(["checkin", "--answers", str(later), "--now", "2026-11-30T10:00:00+01:00",
                 "--pdf", str(out)]) == 0
    import unicodedata
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(out).pages)
    text = unicodedata.normalize("NFKC", text)  # the font's "fi" ligature reads as "fi"
    assert "Your pain over the days" in text
    assert "Your pain went down from 7 to 4 out of 10 in 3 days, over 2 check-ins." in text
    assert "Pain last time 7 out of 10" in text and "Pain at first 7 out of 10" in text


def test_welcome_back_shows_before_the_rules_are_loaded(qtbot, ruleset) -> None:
    from wizard.history.checkin import check_in
    store = Store(data_dir())
    raw = {"age": 34, "red_flags": [], "sudden_trauma": True, "trauma_kind": "lifting",
           "onset": "2026-11-27T07:30:00+01:00", "symptoms": [], "pain": 6}
    check_in(store, ruleset, raw, DAY0)
    assert store.known_open_days() == ruleset.history.episode_open_days
    loads = []
    w = SpasmWizard(clock=fixed_clock(DAY3), zone=DAY3.tzinfo,
                    loader=lambda: loads.append(1) or ruleset)
    w.set_store(store, open_days=store.known_open_days())
    qtbot.addWidget(w)
    w.show()
    assert w.currentId() == PageId.WELCOME_BACK and w.ruleset is None and loads == []
    assert "pain 6 out of 10" in page_text(w)
    next_page(qtbot, w)
    assert w.currentId() == PageId.SIGNS and loads == [1], "the rules load when needed"


def test_the_history_view_counts_what_was_done_each_day(qtbot, ruleset, tmp_path,
                                                        monkeypatch) -> None:
    """Done on two days under one check-in's plan: two days, each with its own counts, in
    the table, the CSV (after that day's check-ins) and the chart."""
    from PySide6.QtWidgets import QFileDialog

    from wizard.gui.history_view import COLUMNS, HistoryView
    w = first_visit(qtbot, ruleset)
    click(qtbot, control(w, "Done"))   # the cold pack due now, on Friday 27 November
    store = w.store
    episode = w.last_result.episode.id
    saturday = DAY0 + timedelta(days=1)
    for hours, kind in ((0, "session"), (2, "session"), (1, "exercises")):
        at = saturday + timedelta(hours=hours)
        store.add_done(episode, kind, f"{kind}-{at:%Y%m%dT%H%M}", at, at)
    view = HistoryView(w)
    qtbot.addWidget(view)
    assert view.table.rowCount() == 1, "one check-in"
    days = [[view.days.item(r, c).text() for c in range(3)] for r in range(view.days.rowCount())]
    assert days == [["Friday 27 November 2026", "1", "0"], ["Saturday 28 November 2026", "2", "1"]]
    assert [(d.start.day, d.sessions, d.exercises) for d in view.chart.data.done] == \
        [(27, 1, 0), (28, 2, 1)]
    assert "On Saturday 28 November you did 2 sessions" in view.chart.accessibleDescription()
    target = tmp_path / "history.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    view.export_csv()
    rows = list(csv.reader(target.open()))
    assert tuple(rows[0]) == COLUMNS
    assert rows[1][:4] == ["1", "1", "Friday 27 November 2026 at 10:00", "6"]
    assert rows[1][9:] == ["", ""], "a check-in row counts nothing"
    assert [(r[0], r[1], r[2], r[9], r[10]) for r in rows[2:]] == [
        ("1", "", "Friday 27 November 2026", "1", "0"),
        ("1", "", "Saturday 28 November 2026", "2", "1")]


def test_the_plan_page_chart_shows_what_was_done(qtbot, ruleset) -> None:
    w = first_visit(qtbot, ruleset)
    click(qtbot, control(w, "Done"))   # Friday 27 November
    w = open_wizard(qtbot, ruleset, DAY3)
    check_in_to_review(qtbot, w, ruleset, pain=4)
    next_page(qtbot, w)
    assert w.currentId() == PageId.PLAN
    chart = w.currentPage().view.chart
    assert [(d.start.day, d.sessions, d.exercises) for d in chart.data.done] == [(27, 1, 0)]


def test_done_on_the_plan_page_shows_at_once_on_its_chart(qtbot, ruleset) -> None:
    first_visit(qtbot, ruleset)
    w = open_wizard(qtbot, ruleset, DAY3)
    check_in_to_review(qtbot, w, ruleset, pain=4)
    next_page(qtbot, w)
    chart = w.currentPage().view.chart
    assert chart.isVisible() and not chart.data.done
    click(qtbot, control(w, "Done"))
    day = w.currentPage().view.plan.local(DAY3).day
    assert [(d.start.day, d.sessions + d.exercises) for d in chart.data.done] == [(day, 1)]
    assert "you did 1" in chart.accessibleDescription()
