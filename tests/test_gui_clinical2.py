"""Clinical content 2.0 through the window: grouped warning signs, the history's signs and
doctor checks, take-back from Review, the waking hours."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from PySide6.QtCore import QPoint, QSettings, QTime
from PySide6.QtWidgets import QLabel, QMessageBox

from test_gui import answer_all, click, control, next_page
from wizard.core.clock import fixed_clock
from wizard.gui.pages import PageId
from wizard.gui.wizard import SpasmWizard
from wizard.history.store import Store
from wizard.paths import data_dir
from wizard.words import when

pytestmark = pytest.mark.usefixtures("qapp")

DAY0 = datetime.fromisoformat("2026-11-27T10:00:00+01:00")
HOME = ("cold_therapy", "heat_therapy", "walks", "ex_knee_lift", "relative_rest")


@pytest.fixture(autouse=True)
def _no_real_dialogs(monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(f"dialog: {box.text()}"))


def open_wizard(qtbot, ruleset, now: datetime, settings: QSettings | None = None) -> SpasmWizard:
    w = SpasmWizard(ruleset, clock=fixed_clock(now), zone=now.tzinfo, store=Store(data_dir()),
                    settings=settings)
    qtbot.addWidget(w)
    w.show()
    return w


def page_text(w: SpasmWizard) -> str:
    return " ".join(label.text() for label in w.currentPage().findChildren(QLabel))


def none_of_these(ruleset) -> str:
    return ruleset.question("red_flags").none_text


def sign(ruleset, sign_id: str) -> str:
    return ruleset.option_text("red_flags", sign_id)


def shown_plan(w: SpasmWizard):
    assert w.currentId() == PageId.PLAN
    return w.currentPage().plan


def test_the_warning_signs_stand_in_headed_groups(qtbot, ruleset) -> None:
    w = open_wizard(qtbot, ruleset, DAY0)
    next_page(qtbot, w)
    assert w.currentId() == PageId.SIGNS
    page = w.currentPage()
    widget = page.widgets["red_flags"]

    def top(item) -> int:
        return item.mapTo(page, QPoint(0, 0)).y()

    heads = [widget.headings[g.id] for g in ruleset.question("red_flags").groups]
    assert [h.findChild(QLabel, "group").text() for h in heads] == \
        [g.title for g in ruleset.question("red_flags").groups]
    assert top(heads[0]) < top(widget.boxes["bladder_bowel"]) < top(heads[1]) \
        < top(widget.boxes["fever"]) < top(widget.none) < top(heads[2]) \
        < top(widget.boxes["fracture_risk"]), "None of these stands after the groups it covers"


def test_none_of_these_does_not_cover_about_your_health(qtbot, ruleset) -> None:
    w = open_wizard(qtbot, ruleset, DAY0)
    next_page(qtbot, w)
    bones = control(w, sign(ruleset, "fracture_risk"))
    none = control(w, none_of_these(ruleset))
    click(qtbot, bones)
    assert not w.button(w.WizardButton.NextButton).isEnabled(), \
        "a fact about the person does not answer the warning signs"
    click(qtbot, none)
    assert none.isChecked() and bones.isChecked(), "None of these leaves the fact ticked"
    assert w.currentPage().part() == {"red_flags": ["fracture_risk"]}
    click(qtbot, control(w, sign(ruleset, "fever")))
    assert not none.isChecked() and bones.isChecked()
    click(qtbot, none)
    assert not control(w, sign(ruleset, "fever")).isChecked() and bones.isChecked()


def test_the_issues_scenario_through_the_window(qtbot, ruleset, engine) -> None:
    # Urgent: weakness in one leg.
    w = open_wizard(qtbot, ruleset, DAY0)
    answer_all(qtbot, w, ruleset, flags=("leg_weakness",))
    next_page(qtbot, w)
    assert shown_plan(w).triage == "urgent"

    # Two hours later: trouble peeing. Emergency, and recorded.
    later = DAY0 + timedelta(hours=2)
    w = open_wizard(qtbot, ruleset, later)
    assert w.currentId() == PageId.WELCOME_BACK
    next_page(qtbot, w)
    assert w.currentId() == PageId.DOCTOR, "a doctor was advised: asked first"
    text = page_text(w)
    assert f"We advised you to see a doctor on {when(DAY0, later)}" in text
    assert "{date}" not in text and "{reasons}" not in text
    click(qtbot, control(w, ruleset.question("doctor_seen").no_text))
    next_page(qtbot, w)
    assert w.currentId() == PageId.SIGNS
    click(qtbot, control(w, sign(ruleset, "bladder_bowel")))
    next_page(qtbot, w)
    plan = shown_plan(w)
    assert plan.triage == "emergency" and plan.next_checkin is None
    assert "start a new check-in" in page_text(w)
    assert not w.currentPage().waking.isVisible(), "no check-in time to set"
    store = Store(data_dir())
    checkins = store.checkins(1)
    assert len(checkins) == 2 and checkins[1].triage == "emergency"
    assert checkins[1].doctor_seen is False and "bladder_bowel" in checkins[1].told

    # The next day, no signs ticked: still an emergency until a doctor has checked.
    day1 = DAY0 + timedelta(days=1)
    w = open_wizard(qtbot, ruleset, day1)
    next_page(qtbot, w)
    assert w.currentId() == PageId.DOCTOR
    click(qtbot, control(w, ruleset.question("doctor_seen").no_text))
    next_page(qtbot, w)
    assert w.currentId() == PageId.SIGNS
    click(qtbot, control(w, none_of_these(ruleset)))
    next_page(qtbot, w)
    plan = shown_plan(w)
    assert plan.triage == "emergency", "the remembered signs still count"
    assert not set(plan.advice_ids) & set(HOME)
    # Back to the doctor question: Yes.
    while w.currentId() != PageId.DOCTOR:
        w.back()
    click(qtbot, control(w, ruleset.question("doctor_seen").yes_text))
    next_page(qtbot, w)
    assert w.currentId() == PageId.SIGNS
    next_page(qtbot, w)
    assert w.currentId() == PageId.FEEL, "age, strain and onset come from the episode"
    click(qtbot, control(w, "Pain now: 4 out of 10"))
    next_page(qtbot, w)
    assert w.currentId() == PageId.REVIEW
    assert ruleset.question("doctor_seen").yes_text in page_text(w)
    next_page(qtbot, w)
    plan = shown_plan(w)
    assert plan.triage != "emergency" and "follow_doctor" in plan.advice_ids
    assert plan.phase != "none" and plan.next_checkin is not None
    checkins = Store(data_dir()).checkins(1)
    assert len(checkins) == 3, "Back and Next redid the same check-in"
    assert checkins[2].doctor_seen is True

    # The check-in after that stays a home plan.
    day2 = day1 + timedelta(days=1)
    w = open_wizard(qtbot, ruleset, day2)
    next_page(qtbot, w)
    assert w.currentId() == PageId.SIGNS, "no doctor advised since the check: not asked"
    click(qtbot, control(w, none_of_these(ruleset)))
    next_page(qtbot, w)
    click(qtbot, control(w, "Pain now: 3 out of 10"))
    next_page(qtbot, w)
    next_page(qtbot, w)
    plan = shown_plan(w)
    assert plan.triage in ("self_care", "gp") and plan.phase == "heat"
    assert "follow_doctor" in plan.advice_ids


def test_an_emergency_first_visit_is_recorded_and_asked_about_next_time(qtbot, ruleset) -> None:
    w = open_wizard(qtbot, ruleset, DAY0)
    next_page(qtbot, w)
    click(qtbot, control(w, sign(ruleset, "chest_pain")))
    next_page(qtbot, w)
    assert shown_plan(w).triage == "emergency"
    (episode,) = Store(data_dir()).episodes()
    assert episode.onset is None
    w = open_wizard(qtbot, ruleset, DAY0 + timedelta(hours=20))
    assert "Your last check-in was" in page_text(w)
    next_page(qtbot, w)
    assert w.currentId() == PageId.DOCTOR
    click(qtbot, control(w, ruleset.question("doctor_seen").yes_text))
    next_page(qtbot, w)
    click(qtbot, control(w, none_of_these(ruleset)))
    next_page(qtbot, w)
    assert w.currentId() == PageId.ABOUT, "what the emergency check-in did not ask is asked now"


def test_a_check_in_does_not_ask_the_episodes_facts_again(qtbot, ruleset) -> None:
    w = open_wizard(qtbot, ruleset, DAY0)
    answer_all(qtbot, w, ruleset, flags=("fracture_risk",), strain=None, age=70, pain=5)
    next_page(qtbot, w)
    w = open_wizard(qtbot, ruleset, DAY0 + timedelta(days=1))
    next_page(qtbot, w)
    if w.currentId() == PageId.DOCTOR:
        click(qtbot, control(w, ruleset.question("doctor_seen").no_text))
        next_page(qtbot, w)
    assert w.currentId() == PageId.SIGNS
    widget = w.currentPage().widgets["red_flags"]
    for fact in ruleset.episode_options("red_flags"):
        assert not widget.boxes[fact].isVisible(), f"{fact} is not asked again"
    assert not widget.headings["person"].isVisible()
    click(qtbot, control(w, none_of_these(ruleset)))
    next_page(qtbot, w)
    assert w.currentId() == PageId.FEEL
    click(qtbot, control(w, "Pain now: 4 out of 10"))
    next_page(qtbot, w)
    review = page_text(w)
    assert sign(ruleset, "fracture_risk") in review, "Review shows the episode's fact"
    assert "70 years" in review, "and the age of the last check-in"
    next_page(qtbot, w)
    plan = shown_plan(w)
    assert "fracture_risk" in plan.signs and plan.answers["age"] == 70


def review_after_an_urgent_fever(qtbot, ruleset):  # noqa: ANN001, ANN201
    """A first plan with a fever (urgent), then a check-in three hours later, no doctor yet,
    no sign ticked: the window stands on Review."""
    w = open_wizard(qtbot, ruleset, DAY0)
    answer_all(qtbot, w, ruleset, flags=("fever",))
    next_page(qtbot, w)
    assert shown_plan(w).triage == "urgent"
    w = open_wizard(qtbot, ruleset, DAY0 + timedelta(hours=3))
    next_page(qtbot, w)
    click(qtbot, control(w, ruleset.question("doctor_seen").no_text))
    next_page(qtbot, w)
    click(qtbot, control(w, none_of_these(ruleset)))
    next_page(qtbot, w)
    click(qtbot, control(w, "Pain now: 4 out of 10"))
    next_page(qtbot, w)
    return w


def test_a_sign_told_by_mistake_is_taken_back_from_review(qtbot, ruleset) -> None:
    w = review_after_an_urgent_fever(qtbot, ruleset)
    assert w.currentId() == PageId.REVIEW
    assert "Warning signs you told us before" in page_text(w)
    from PySide6.QtWidgets import QAbstractButton
    assert all(b.accessibleName() for b in w.currentPage().findChildren(QAbstractButton))
    click(qtbot, control(w, f"Told by mistake: {sign(ruleset, 'fever')}"))
    next_page(qtbot, w)
    plan = shown_plan(w)
    assert "fever" not in plan.signs and plan.triage != "urgent"
    store = Store(data_dir())
    assert [(c.kind, c.value) for c in store.corrections(1)] == [("take_back", "fever")]
    w.back()
    next_page(qtbot, w)  # redone: the take-back is not recorded twice
    assert len(Store(data_dir()).corrections(1)) == 1
    assert shown_plan(w).triage != "urgent"


def test_the_waking_hours_are_kept_and_make_the_plan_again(qtbot, ruleset, tmp_path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    late = datetime.fromisoformat("2026-11-27T20:30:00+01:00")
    w = open_wizard(qtbot, ruleset, late, settings)
    answer_all(qtbot, w, ruleset, strain=None, pain=5)  # heat: check in 24 hours on
    next_page(qtbot, w)
    page = w.currentPage()
    assert (page.waking.start.time(), page.waking.end.time()) == (QTime(8, 0), QTime(22, 0))
    assert page.waking.start.accessibleName() and page.waking.end.accessibleName()
    assert page.plan.next_checkin == late + timedelta(hours=24)
    page.waking.end.setTime(QTime(20, 0))  # the day ends at 20:00: 20:30 is in the night
    page.waking.apply()
    assert settings.value("plan/waking") == "08:00-20:00"
    assert page.plan.waking == (time(8, 0), time(20, 0))
    assert page.plan.next_checkin == datetime.fromisoformat("2026-11-29T08:00:00+01:00")
    assert len(Store(data_dir()).checkins(1)) == 1, "the same check-in, made again"
    again = open_wizard(qtbot, ruleset, late, settings)
    assert again.waking_hours() == (time(8, 0), time(20, 0))


def test_the_history_shows_doctor_answers_signs_told_and_take_backs(qtbot, ruleset, tmp_path,
                                                                    monkeypatch) -> None:
    import csv

    from PySide6.QtWidgets import QFileDialog

    from wizard.gui.history_view import HistoryView
    w = review_after_an_urgent_fever(qtbot, ruleset)
    click(qtbot, control(w, f"Told by mistake: {sign(ruleset, 'fever')}"))
    next_page(qtbot, w)
    view = HistoryView(w)
    qtbot.addWidget(view)
    target = tmp_path / "history.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    view.export_csv()
    rows = list(csv.reader(target.open()))
    assert rows[0][6:9] == ["Doctor checked", "Warning signs told", "Taken back"]
    assert rows[1][6:9] == ["", sign(ruleset, "fever"), ""]
    assert rows[2][6:9] == ["No", "", sign(ruleset, "fever")]
    assert view.table.item(1, 8).text() == sign(ruleset, "fever")


def test_review_corrects_an_episode_fact_and_the_doctor_answer(qtbot, ruleset) -> None:
    w = open_wizard(qtbot, ruleset, DAY0)
    answer_all(qtbot, w, ruleset, flags=("infection_risk",), pain=4)
    next_page(qtbot, w)
    assert "infection_risk" in shown_plan(w).signs
    w = open_wizard(qtbot, ruleset, DAY0 + timedelta(days=1))
    next_page(qtbot, w)
    assert w.currentId() == PageId.DOCTOR, "the infection risk advised a doctor"
    click(qtbot, control(w, ruleset.question("doctor_seen").yes_text))
    next_page(qtbot, w)
    click(qtbot, control(w, none_of_these(ruleset)))
    next_page(qtbot, w)
    click(qtbot, control(w, "Pain now: 3 out of 10"))
    next_page(qtbot, w)
    # The doctor answer, changed from Review.
    click(qtbot, control(w, "Change \u201cDoctor checked since\u201d"))
    assert w.currentId() == PageId.DOCTOR
    click(qtbot, control(w, ruleset.question("doctor_seen").no_text))
    while w.currentId() != PageId.REVIEW:
        next_page(qtbot, w)
    qtbot.wait(10)  # the rows of the last visit are deleted in the event loop
    assert ruleset.question("doctor_seen").no_text in page_text(w)
    # The episode's fact, shown ticked on the signs page to correct: unticked, taken back.
    click(qtbot, control(w, "Change \u201cWarning signs\u201d"))
    assert w.currentId() == PageId.SIGNS
    fact = control(w, sign(ruleset, "infection_risk"))
    assert fact.isChecked()
    click(qtbot, fact)
    while w.currentId() != PageId.REVIEW:
        next_page(qtbot, w)
    qtbot.wait(10)  # the rows of the last visit are deleted in the event loop
    assert sign(ruleset, "infection_risk") not in page_text(w).split("Warning signs you told")[0]
    next_page(qtbot, w)
    plan = shown_plan(w)
    assert "infection_risk" not in plan.signs and plan.answers["doctor_seen"] is False
    store = Store(data_dir())
    assert [c.value for c in store.corrections(1)] == ["infection_risk"]
    assert store.checkins(1)[-1].doctor_seen is False
