"""The wizard window, driven like a person would: clicks, keys, Back and Review."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QAbstractButton, QAbstractSpinBox, QApplication, QCheckBox, QComboBox,
                               QLabel,
                               QMessageBox, QRadioButton, QScrollArea, QWidget, QWizard)

from conftest import NOW
from wizard.core.answers import validate_answers
from wizard.core.clock import fixed_clock
from wizard.gui.pages import PageId
from wizard.gui.wizard import SpasmWizard

NEXT = QWizard.WizardButton.NextButton
FINISH = QWizard.WizardButton.FinishButton


@pytest.fixture(autouse=True)
def _no_real_dialogs(monkeypatch) -> None:
    # A modal dialog would wait for a person; tests that look at one patch it themselves.
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(f"dialog: {box.text()}"))


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def wizard(qtbot, ruleset, settings) -> SpasmWizard:
    w = SpasmWizard(ruleset, clock=fixed_clock(NOW), zone=NOW.tzinfo, settings=settings)
    qtbot.addWidget(w)
    w.show()
    return w


def control(w: SpasmWizard, name: str) -> QAbstractButton:
    """The visible button, check box or radio button on the current page named `name`."""
    found = [b for b in w.currentPage().findChildren(QAbstractButton)
             if b.accessibleName() == name and b.isVisible()]
    assert len(found) == 1, f"no single control named {name!r}"
    return found[0]


def click(qtbot, button: QAbstractButton) -> None:
    """Scroll the control into view, as a person would, then click it."""
    parent = button.parent()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parent()
    if parent is not None:
        parent.ensureWidgetVisible(button)
    # A check box or radio button reacts on its box and its words, not the empty row after them.
    if isinstance(button, (QCheckBox, QRadioButton)):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(12, button.height() // 2))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def next_page(qtbot, w: SpasmWizard) -> None:
    assert w.button(NEXT).isEnabled(), f"Next is disabled on page {w.currentId()}"
    click(qtbot, w.button(NEXT))


def answer_all(qtbot, w, ruleset, *, flags=(), age=34, strain="lifting", onset="Earlier today",
               symptoms=("stiffness",), pain=6) -> None:
    """Walk from Welcome to Review, answering like a person."""
    next_page(qtbot, w)
    if flags:
        for flag in flags:
            click(qtbot, control(w, ruleset.option_text("red_flags", flag)))
    if not w.button(NEXT).isEnabled():  # no sign, or only facts about the person
        click(qtbot, control(w, ruleset.question("red_flags").none_text))
    next_page(qtbot, w)
    w.currentPage().widgets["age"].spin.setValue(age)
    next_page(qtbot, w)
    trauma = ruleset.question("sudden_trauma")
    if strain:
        click(qtbot, control(w, trauma.yes_text))
        click(qtbot, control(w, ruleset.option_text("trauma_kind", strain)))
    else:
        click(qtbot, control(w, trauma.no_text))
    next_page(qtbot, w)
    click(qtbot, control(w, onset))
    next_page(qtbot, w)
    for symptom in symptoms:
        click(qtbot, control(w, ruleset.option_text("symptoms", symptom)))
    click(qtbot, control(w, f"Pain now: {pain} out of 10" + {0: ", No pain", 2: ", Mild", 5: ", Moderate",
                                                             8: ", Severe", 10: ", Worst imaginable"}.get(pain, "")))
    next_page(qtbot, w)
    assert w.currentId() == PageId.REVIEW


def shown_titles(qtbot, w: SpasmWizard) -> list[str]:
    """The cards' titles, once the page is whole (below the fold comes a frame later)."""
    view = w.currentPage().view
    qtbot.waitUntil(view.complete, timeout=1000)
    return [card.title.text() for card in view.cards]


def expected_plan(engine, ruleset, **answers):
    raw = {"age": 34, "red_flags": [], "sudden_trauma": True, "trauma_kind": "lifting",
           "onset": (NOW - timedelta(hours=3)).isoformat(), "symptoms": ["stiffness"], "pain": 6}
    raw.update(answers)
    return engine.evaluate(validate_answers(raw, ruleset, NOW), NOW)


@pytest.mark.parametrize("level, kwargs, raw", [
    ("self_care", {}, {}),
    ("gp", {"symptoms": ("leg_pain_below_knee",)}, {"symptoms": ["leg_pain_below_knee"]}),
    ("urgent", {"flags": ("fever",)}, {"red_flags": ["fever"]}),
    ("gp", {"strain": None, "age": 62, "pain": 4},
     {"sudden_trauma": False, "trauma_kind": None, "age": 62, "pain": 4}),
])
def test_each_triage_level_end_to_end_shows_the_rule_sets_plan(qtbot, wizard, ruleset, engine,
                                                               level, kwargs, raw) -> None:
    answer_all(qtbot, wizard, ruleset, **kwargs)
    next_page(qtbot, wizard)
    assert wizard.currentId() == PageId.PLAN
    plan = expected_plan(engine, ruleset, **{k: v for k, v in raw.items() if v is not None},
                         **({"trauma_kind": None} if raw.get("trauma_kind", 1) is None else {}))
    assert plan.triage == level
    view = wizard.currentPage().view
    assert view.banner.title.text() == ruleset.label("triage", level).title
    # In the order of the PDF: the first page's kinds (get help, right now, when to get help) first.
    from wizard.words import sections
    assert shown_titles(qtbot, wizard) == [i.advice.title for s in sections(plan, ruleset) for i in s.items]
    assert wizard.button(FINISH).isVisible() and wizard.button(FINISH).isEnabled()


def test_an_emergency_sign_goes_straight_to_the_emergency_plan(qtbot, wizard, ruleset) -> None:
    next_page(qtbot, wizard)
    click(qtbot, control(wizard, ruleset.option_text("red_flags", "bladder_bowel")))
    next_page(qtbot, wizard)
    assert wizard.currentId() == PageId.PLAN, "no more questions"
    view = wizard.currentPage().view
    assert view.banner.title.text() == ruleset.label("triage", "emergency").title
    assert shown_titles(qtbot, wizard) == [ruleset.advice["call_emergency"].title,
                                    ruleset.advice["emergency_what_to_say"].title]
    page_text = " ".join(label.text() for label in view.widget().findChildren(QLabel))
    assert ruleset.option_text("red_flags", "bladder_bowel") in page_text
    for home in ("cold_therapy", "heat_therapy", "walks", "ex_knee_lift"):
        assert ruleset.advice[home].title not in page_text


def test_an_urgent_sign_does_not_skip_the_questions(qtbot, wizard, ruleset) -> None:
    next_page(qtbot, wizard)
    click(qtbot, control(wizard, ruleset.option_text("red_flags", "fever")))
    next_page(qtbot, wizard)
    assert wizard.currentId() == PageId.ABOUT


def test_none_of_these_is_exclusive_and_required(qtbot, wizard, ruleset) -> None:
    next_page(qtbot, wizard)
    assert not wizard.button(NEXT).isEnabled(), "nothing ticked yet"
    none = control(wizard, ruleset.question("red_flags").none_text)
    fever = control(wizard, ruleset.option_text("red_flags", "fever"))
    click(qtbot, fever)
    assert wizard.button(NEXT).isEnabled()
    click(qtbot, none)
    assert none.isChecked() and not fever.isChecked()
    click(qtbot, fever)
    assert fever.isChecked() and not none.isChecked()
    click(qtbot, fever)
    assert not wizard.button(NEXT).isEnabled(), "unticking the last box needs an answer again"


def test_the_kind_of_strain_is_asked_only_after_yes(qtbot, wizard, ruleset) -> None:
    for _ in range(3):
        if wizard.currentId() == PageId.SIGNS:
            click(qtbot, control(wizard, ruleset.question("red_flags").none_text))
        if wizard.currentId() == PageId.ABOUT:
            wizard.currentPage().widgets["age"].spin.setValue(40)
        next_page(qtbot, wizard)
    page = wizard.currentPage()
    assert not page.widgets["trauma_kind"].isVisible()
    click(qtbot, control(wizard, ruleset.question("sudden_trauma").yes_text))
    assert page.widgets["trauma_kind"].isVisible()
    assert not wizard.button(NEXT).isEnabled(), "which strain is still to be said"
    click(qtbot, control(wizard, ruleset.option_text("trauma_kind", "twisting")))
    assert wizard.button(NEXT).isEnabled()
    click(qtbot, control(wizard, ruleset.question("sudden_trauma").no_text))
    assert not page.widgets["trauma_kind"].isVisible()
    assert "trauma_kind" not in page.part(), "a hidden answer is not handed on"


def test_a_future_onset_is_refused_with_a_visible_message(qtbot, wizard, ruleset) -> None:
    answer_all(qtbot, wizard, ruleset)
    wizard.go_to_question("onset")
    assert wizard.currentId() == PageId.WHEN
    moment = wizard.currentPage().widgets["onset"]
    moment.edit.setDateTime(moment.edit.dateTime().addDays(2))
    assert moment.error.isVisible()
    assert "in the future" in moment.error.text()
    assert not wizard.button(NEXT).isEnabled()
    moment.edit.setDateTime(moment.edit.dateTime().addDays(-3))
    assert not moment.error.isVisible()
    assert "1 day and 3 hours ago" in moment.understood.text()
    assert wizard.button(NEXT).isEnabled()


def test_the_when_page_says_what_it_understood(qtbot, wizard, ruleset) -> None:
    answer_all(qtbot, wizard, ruleset, onset="Yesterday")
    wizard.go_to_question("onset")
    text = wizard.currentPage().widgets["onset"].understood.text()
    assert text == "Started Thursday 26 November 2026 at 10:00. That is 1 day ago."


def test_review_change_and_back_keep_every_answer(qtbot, wizard, ruleset, engine) -> None:
    answer_all(qtbot, wizard, ruleset, symptoms=("stiffness", "tightness"), pain=5)
    before = wizard.collected()
    click(qtbot, control(wizard, "Change \u201cAge\u201d"))
    assert wizard.currentId() == PageId.ABOUT
    assert wizard.currentPage().widgets["age"].value() == 34
    wizard.currentPage().widgets["age"].spin.setValue(51)
    while wizard.currentId() != PageId.REVIEW:
        next_page(qtbot, wizard)
    after = wizard.collected()
    assert after == {**before, "age": 51}
    review_text = " ".join(label.text() for label in wizard.currentPage().findChildren(QLabel))
    assert "51 years" in review_text and "5 out of 10" in review_text
    wizard.back()
    wizard.back()
    assert wizard.currentId() == PageId.WHEN
    next_page(qtbot, wizard)
    next_page(qtbot, wizard)
    assert wizard.collected() == after, "Back and Next again keep every answer"


def test_finish_only_on_the_plan_and_next_only_when_answered(qtbot, wizard, ruleset) -> None:
    next_page(qtbot, wizard)
    for page in (PageId.SIGNS, PageId.ABOUT, PageId.WHAT, PageId.WHEN, PageId.FEEL):
        assert wizard.currentId() == page
        assert not wizard.button(FINISH).isVisible()
        assert not wizard.button(NEXT).isEnabled(), f"page {page} needs an answer first"
        if page == PageId.SIGNS:
            click(qtbot, control(wizard, ruleset.question("red_flags").none_text))
        elif page == PageId.ABOUT:
            wizard.currentPage().widgets["age"].spin.setValue(30)
        elif page == PageId.WHAT:
            click(qtbot, control(wizard, ruleset.question("sudden_trauma").no_text))
        elif page == PageId.WHEN:
            click(qtbot, control(wizard, "Yesterday"))
        else:
            click(qtbot, control(wizard, "Pain now: 3 out of 10"))
        next_page(qtbot, wizard)
    assert wizard.currentId() == PageId.REVIEW and not wizard.button(FINISH).isVisible()


def test_every_interactive_widget_has_an_accessible_name(qtbot, wizard, ruleset) -> None:
    answer_all(qtbot, wizard, ruleset)
    next_page(qtbot, wizard)  # every page has now been built and shown
    missing = []
    for widget in wizard.findChildren(QWidget):
        interactive = isinstance(widget, (QAbstractButton, QAbstractSpinBox, QComboBox))
        inner = isinstance(widget.parent(), QAbstractSpinBox)
        if interactive and not inner and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            if not widget.accessibleName().strip():
                missing.append(f"{type(widget).__name__} {widget.text() if hasattr(widget, 'text') else ''}")
    assert missing == []


def test_copy_puts_the_plan_on_the_clipboard(qtbot, wizard, ruleset) -> None:
    answer_all(qtbot, wizard, ruleset)
    next_page(qtbot, wizard)
    click(qtbot, control(wizard, "Copy the plan as text"))
    text = QGuiApplication.clipboard().text()
    assert ruleset.label("triage", "self_care").title.upper() in text
    assert "Cold pack, until Sunday 29 November at 07:00" in text


def test_why_shows_the_rule_and_its_source(qtbot, wizard, ruleset) -> None:
    answer_all(qtbot, wizard, ruleset)
    next_page(qtbot, wizard)
    card = wizard.currentPage().view.cards[0]
    assert not card.why.isVisible()
    click(qtbot, card.why_button)
    assert card.why.isVisible()
    text = card.why.text()
    assert "home treatment" in text
    assert "advice-cold" not in text and "Rule" not in text, "the rule id is for the doctor's page"


def test_reasons_opened_at_the_bottom_of_a_narrow_window_are_scrolled_into_view(qtbot, wizard,
                                                                                 ruleset) -> None:
    wizard.resize(560, 640)
    answer_all(qtbot, wizard, ruleset)
    next_page(qtbot, wizard)
    view = wizard.currentPage().view
    qtbot.waitUntil(view.complete, timeout=1000)
    card = view.cards[len(view.cards) // 2]
    qtbot.wait(50)  # laid out whole
    # The button at the window's bottom edge.
    end = card.why_button.mapTo(view.widget(), QPoint(0, card.why_button.height())).y()
    view.verticalScrollBar().setValue(end - view.viewport().height() + 2)
    qtbot.wait(20)
    bottom = card.why_button.mapTo(view.viewport(), QPoint(0, card.why_button.height())).y()
    assert view.viewport().height() - 30 <= bottom <= view.viewport().height()
    click(qtbot, card.why_button)

    qtbot.wait(100)  # laid out with the reasons
    top = card.why.mapTo(view.viewport(), QPoint(0, 0)).y()
    assert card.why.height() > 20 and top >= 0
    assert top + card.why.height() <= view.viewport().height(), "the reasons whole in view"


def test_why_names_the_publisher_and_links_a_source_on_the_web(qtbot, wizard, ruleset) -> None:
    from wizard.core.schema import Source
    from wizard.gui.plan_view import source_link
    answer_all(qtbot, wizard, ruleset)
    next_page(qtbot, wizard)
    view = wizard.currentPage().view
    click(qtbot, view.banner_why)
    shown = [w for w in view.findChildren(QLabel) if "Source:" in w.text() and w.isVisible()]
    assert shown and "<a href='https://" in shown[0].text() and shown[0].openExternalLinks()
    web = Source(id="s", title="Back pain", where="https://www.nhs.uk/conditions/back-pain/",
                 publisher="NHS")
    assert source_link(web) == ("Source: <a href='https://www.nhs.uk/conditions/back-pain/'>"
                                "Back pain, NHS</a>")
    paper = Source(id="p", title="Lower back spasms: home treatment", where="no address")
    assert source_link(paper) == "Source: Lower back spasms: home treatment"


def test_escape_asks_before_throwing_the_answers_away(qtbot, wizard, ruleset, monkeypatch) -> None:
    asked = []
    reply = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or reply)
    next_page(qtbot, wizard)
    click(qtbot, control(wizard, ruleset.question("red_flags").none_text))
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert len(asked) == 1 and wizard.isVisible()
    reply = QMessageBox.StandardButton.Yes
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()


def test_escape_on_the_welcome_page_closes_without_asking(qtbot, wizard, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("asked"))
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()


def test_enter_goes_on(qtbot, wizard, ruleset) -> None:
    qtbot.keyClick(wizard, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.SIGNS
    click(qtbot, control(wizard, ruleset.question("red_flags").none_text))
    qtbot.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.ABOUT


def test_the_window_remembers_its_size(qtbot, ruleset, settings) -> None:
    first = SpasmWizard(ruleset, clock=fixed_clock(NOW), zone=NOW.tzinfo, settings=settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(640, 520)  # within the 800 x 600 offscreen screen: restoring keeps a window on screen
    first.reject()
    second = SpasmWizard(ruleset, clock=fixed_clock(NOW), zone=NOW.tzinfo, settings=settings)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (640, 520)
    import stat
    from pathlib import Path
    assert stat.S_IMODE(Path(settings.fileName()).stat().st_mode) == 0o600


def test_a_broken_rule_set_at_start_shows_a_dialog_and_exits_3(tmp_path, monkeypatch) -> None:
    from wizard.gui import app as gui_app
    from wizard.paths import builtin_rules_dir
    broken = tmp_path / "rules"
    shutil.copytree(builtin_rules_dir(), broken)
    text = (broken / "rules.yaml").read_text()
    (broken / "rules.yaml").write_text(text.replace("{fact: age, lt: 18}", "{fact: agee, lt: 18}"))
    monkeypatch.setattr(gui_app, "builtin_rules_dir", lambda: broken)
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.detailedText()) or 0)
    assert gui_app.run() == 3
    assert len(shown) == 1 and "rules.yaml:" in shown[0] and "unknown fact 'agee'" in shown[0]


def test_an_unexpected_error_shows_a_dialog_naming_the_log(tmp_path, monkeypatch, qapp) -> None:
    import logging
    import sys
    from wizard.gui import app as gui_app
    texts = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: texts.append(box.text()) or 0)
    log_path = gui_app.start_logging()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    gui_app.install_excepthook(log_path)
    try:
        raise ValueError("the printer caught fire")
    except ValueError:
        sys.excepthook(*sys.exc_info())
    for handler in logging.getLogger("wizard").handlers:
        handler.flush()
    assert len(texts) == 1
    assert "the printer caught fire" in texts[0] and log_path in texts[0]
    with open(log_path, encoding="utf-8") as log:
        assert "Traceback" in log.read()


def test_the_plan_uses_the_local_time_of_the_person(qtbot, ruleset, settings) -> None:
    # The same instant seen from New York: the plan says its dates in that zone.
    from datetime import timezone
    zone = timezone(timedelta(hours=-5))
    w = SpasmWizard(ruleset, clock=fixed_clock(NOW.astimezone(zone)), zone=zone, settings=settings)
    qtbot.addWidget(w)
    w.show()
    answer_all(qtbot, w, ruleset)
    next_page(qtbot, w)
    plan = w.currentPage().plan
    assert plan.answers["onset"] == datetime.fromisoformat("2026-11-27T01:00:00-05:00")
    assert plan.phase_until.isoformat() == "2026-11-29T01:00:00-05:00"


def mnemonic(button: QAbstractButton | QLabel) -> Qt.Key:
    text = button.text()
    letter = text[text.index("&") + 1]
    return getattr(Qt.Key, f"Key_{letter.upper()}")


def test_the_keyboard_alone_gets_to_the_plan(qtbot, wizard, ruleset) -> None:
    wizard.activateWindow()
    qtbot.waitActive(wizard)

    def key(k, modifier=Qt.KeyboardModifier.NoModifier):
        qtbot.keyClick(QApplication.focusWidget() or wizard, k, modifier)

    def press(button: QAbstractButton) -> None:
        """Alt + the button's underlined letter: Qt animates the click for a moment."""
        key(mnemonic(button), Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(button.isChecked, timeout=1000)

    key(Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.SIGNS
    none = control(wizard, ruleset.question("red_flags").none_text)
    press(none)
    key(Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.ABOUT
    label = wizard.currentPage().findChild(QLabel, "question")
    key(mnemonic(label), Qt.KeyboardModifier.AltModifier)  # the question's letter goes to its box
    for digit in (Qt.Key.Key_4, Qt.Key.Key_2):
        key(digit)
    key(Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.WHAT
    press(control(wizard, ruleset.question("sudden_trauma").yes_text))
    press(control(wizard, ruleset.option_text("trauma_kind", "twisting")))
    key(Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.WHEN
    press(control(wizard, "Yesterday"))
    key(Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.FEEL
    qtbot.waitUntil(lambda: wizard.currentPage().isAncestorOf(QApplication.focusWidget()),
                    timeout=1000)  # focus starts on the new page, not a hidden control
    pain = wizard.currentPage().widgets["pain"]
    key(mnemonic(pain.findChild(QLabel, "question")), Qt.KeyboardModifier.AltModifier)
    assert isinstance(QApplication.focusWidget(), QRadioButton), "Alt+letter goes to the scale"
    qtbot.wait(300)  # a button that is a label's buddy would be clicked, animated, by now
    assert pain.value() is None, "the shortcut chooses nothing (it chose 0, no pain)"
    for _ in range(4):
        key(Qt.Key.Key_Right)
    key(Qt.Key.Key_Space)
    assert pain.value() == 4
    key(Qt.Key.Key_Tab)
    key(mnemonic(pain.findChild(QLabel, "question")), Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is pain.group.button(4), "back on the number chosen"
    qtbot.wait(300)
    assert pain.value() == 4
    key(Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.REVIEW
    key(Qt.Key.Key_Return)
    assert wizard.currentId() == PageId.PLAN
    plan = wizard.currentPage().plan
    assert plan.answers["age"] == 42 and plan.answers["trauma_kind"] == "twisting"


def test_the_first_page_shows_before_the_rules_and_any_page_can_load_them(qtbot, ruleset) -> None:
    loads = []
    w = SpasmWizard(clock=fixed_clock(NOW), zone=NOW.tzinfo,
                    loader=lambda: loads.append(1) or ruleset)
    qtbot.addWidget(w)
    w.show()
    assert w.ruleset is None and w.currentId() == PageId.WELCOME
    next_page(qtbot, w)  # Next before the app got round to loading: the page loads them
    assert loads == [1] and w.currentId() == PageId.SIGNS
    assert control(w, ruleset.question("red_flags").none_text).isVisible()
    w.ensure_ready()
    assert loads == [1], "loaded once"


def test_save_as_pdf_through_the_dialog_then_open_it(qtbot, wizard, ruleset, tmp_path,
                                                     monkeypatch) -> None:
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog
    from pypdf import PdfReader
    asked = []
    target = tmp_path / "my plan"  # no ".pdf": the app adds it
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, start, filters, **k: asked.append(start) or (str(target), ""))
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    answer_all(qtbot, wizard, ruleset)
    next_page(qtbot, wizard)
    click(qtbot, control(wizard, "Save as PDF"))
    from wizard.gui.files import start_folder
    assert asked == [f"{start_folder()}/back-plan-2026-11-27.pdf"]
    saved = tmp_path / "my plan.pdf"
    assert PdfReader(saved).metadata.author == "Back Spasm Wizard"
    click(qtbot, control(wizard, "Open the PDF"))
    assert opened == [str(saved)]


def test_a_pdf_that_cannot_be_saved_keeps_the_plan_on_screen(qtbot, wizard, ruleset, tmp_path,
                                                            monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog
    bad = tmp_path / "gone" / "plan.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(bad), ""))
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    answer_all(qtbot, wizard, ruleset)
    next_page(qtbot, wizard)
    click(qtbot, control(wizard, "Save as PDF"))
    assert len(warned) == 1 and str(bad) in warned[0] and "Your plan is still here" in warned[0]
    assert wizard.currentId() == PageId.PLAN and wizard.isVisible()
    assert not control_named_visible(wizard, "Open the PDF")


def control_named_visible(w: SpasmWizard, name: str) -> bool:
    return any(b.accessibleName() == name and b.isVisible()
               for b in w.currentPage().findChildren(QAbstractButton))


def test_a_plan_after_another_shows_nothing_of_the_one_before(qtbot, wizard, ruleset) -> None:
    # The plan page is reused: a self-care plan with many cards, then an emergency plan.
    answer_all(qtbot, wizard, ruleset)
    next_page(qtbot, wizard)
    view = wizard.currentPage().view
    old = shown_titles(qtbot, wizard)
    assert len(old) > 4
    click(qtbot, view.cards[0].why_button)  # opened on the old plan
    wizard.back()
    wizard.go_to_question("red_flags")
    click(qtbot, control(wizard, ruleset.option_text("red_flags", "bladder_bowel")))
    next_page(qtbot, wizard)
    assert wizard.currentId() == PageId.PLAN and wizard.currentPage().view is view
    new = shown_titles(qtbot, wizard)
    assert new == [ruleset.advice["call_emergency"].title,
                   ruleset.advice["emergency_what_to_say"].title]
    assert view.banner.title.text() == ruleset.label("triage", "emergency").title
    gone = [t for t in old if t not in new]
    words = " ".join(label.text() for label in view.widget().findChildren(QLabel))
    assert [t for t in gone if t in words] == [], "an old card's words are still in the page"
    names = [w.accessibleName() for w in view.widget().findChildren(QWidget)
             if w.isVisible()]
    assert [n for n in names if any(t in n for t in gone)] == []
    whys = [w.accessibleName() for w in view.widget().findChildren(QAbstractButton)
            if w.isVisible() and w.accessibleName().startswith("Why")]
    assert whys == [f"Why the plan says: {view.banner.title.text()}", *(f"Why: {t}" for t in new)]
    assert len(set(whys)) == len(whys), "the banner's and a part's of the same title differ"
    assert not any(card.why.isVisible() for card in view.cards), "reasons start folded"
    assert not view.calendar.isVisible(), "an emergency plan has no reminders to add"


def test_tab_goes_down_the_whole_plan_in_order_once_it_is_built(qtbot, wizard, ruleset) -> None:
    # A plan with fewer parts, then one with more: the reused cards change places.
    answer_all(qtbot, wizard, ruleset, flags=("fever",))
    next_page(qtbot, wizard)
    wizard.back()
    wizard.go_to_question("red_flags")
    click(qtbot, control(wizard, ruleset.option_text("red_flags", "fever")))  # unticked
    click(qtbot, control(wizard, ruleset.question("red_flags").none_text))
    while wizard.currentId() != PageId.PLAN:
        next_page(qtbot, wizard)
    view = wizard.currentPage().view
    wizard.activateWindow()
    qtbot.waitActive(wizard)
    qtbot.waitUntil(view.complete, timeout=1000)
    view.banner_why.setFocus(Qt.FocusReason.TabFocusReason)
    seen = []
    for _ in range(200):
        widget = QApplication.focusWidget()
        if widget is None or widget in seen:
            break
        seen.append(widget)
        if widget is view.after[-1] or view.after[-1].isAncestorOf(widget):
            break
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    body = view.widget()
    stops = [w for w in seen if body.isAncestorOf(w)]
    assert view.copy_button in stops
    cards = [w for w in stops if w.accessibleName().startswith("Why: ")]
    assert cards == [card.why_button for card in view.cards], "every card, in the page's order"
    tops = [w.mapTo(body, QPoint(0, 0)).y() for w in stops]
    assert tops == sorted(tops), "Tab goes down the page"
    assert seen[:len(stops)] == stops and seen[len(stops)] is view.after[0], \
        "then the waking hours below the plan"


def test_the_focus_frame_follows_the_keyboard_from_row_to_row(qtbot, wizard) -> None:
    """The frame that shows where the keyboard is is drawn around a row's words: when Tab
    moves on, the row it left and the row it reaches are both drawn again, so exactly one
    row shows the frame."""
    from PySide6.QtCore import QEvent, QObject
    from wizard.gui.widgets import WrapCheckBox
    next_page(qtbot, wizard)
    boxes = [b for b in wizard.currentPage().findChildren(WrapCheckBox) if b.isVisible()]
    first, second = boxes[0], boxes[1]
    first_words, second_words = first.parentWidget().words, second.parentWidget().words
    painted: list = []

    class Paints(QObject):
        def eventFilter(self, watched, event):  # noqa: ANN001, N802
            if event.type() == QEvent.Type.Paint:
                painted.append(watched)
            return False
    paints = Paints()
    first_words.installEventFilter(paints)
    second_words.installEventFilter(paints)
    first.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.wait(20)
    painted.clear()
    second.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: first_words in painted and second_words in painted, timeout=1000)



def test_alt_and_a_letter_scrolls_to_what_it_ticks(qtbot, wizard, ruleset) -> None:
    """In a small window (or at 200%), Alt + the letter of "None of these", below the fold,
    ticks it and shows it: the page scrolls to it, as it does for Tab."""
    wizard.resize(560, 420)
    wizard.activateWindow()
    qtbot.waitActive(wizard)
    next_page(qtbot, wizard)
    none = control(wizard, ruleset.question("red_flags").none_text)
    area = wizard.currentPage().findChild(QScrollArea)
    assert not area.viewport().rect().contains(none.mapTo(area.viewport(), QPoint(0, 0))), \
        "below the fold at first"
    qtbot.keyClick(QApplication.focusWidget() or wizard, mnemonic(none),
                   Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(none.isChecked, timeout=1000)
    assert QApplication.focusWidget() is none, "the keyboard goes on from what it ticked"
    top_left = none.mapTo(area.viewport(), QPoint(0, 0))
    assert area.viewport().rect().contains(top_left), "scrolled into view"


def test_the_focus_frame_shows_however_the_keyboard_got_there(qtbot, wizard) -> None:
    """Styles such as Fusion draw a focus frame only after Tab; a row reached by Alt + a
    letter, or the first row of a page that opens, must show it too."""
    from wizard.gui.widgets import WrapCheckBox
    next_page(qtbot, wizard)
    box = next(b for b in wizard.currentPage().findChildren(WrapCheckBox) if b.isVisible())
    words = box.parentWidget().words
    other = next(b for b in wizard.currentPage().findChildren(WrapCheckBox)
                 if b.isVisible() and b is not box)
    other.setFocus(Qt.FocusReason.OtherFocusReason)
    plain = words.grab().toImage()
    box.setFocus(Qt.FocusReason.OtherFocusReason)   # not Tab
    assert box.hasFocus()
    assert words.grab().toImage() != plain, "a frame around the words"


@pytest.mark.parametrize("theme", ["dark", "light"])
@pytest.mark.parametrize("kind", ["check box", "round button"])
def test_an_empty_tick_box_or_round_button_stands_out_in_gtk_themes(qtbot, kind, theme) -> None:
    """GTK's Adwaita through Fusion outlined an empty box in #232323 on #323232 (dark, 1.2 to
    1) or #c4c4c3 on #f6f5f4 (light, 1.6 to 1): the box must stand out at 3 to 1 or more, as
    WCAG asks of a control's outline."""
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QHBoxLayout, QStyle, QWidget

    from wizard.gui.widgets import WrapCheckBox, WrapRadioButton, wrapping

    def luminance(colour: QColor) -> float:
        def part(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        return 0.2126 * part(colour.redF()) + 0.7152 * part(colour.greenF()) + 0.0722 * part(colour.blueF())

    colours = {"dark": ("#323232", "#2d2d2d", "#353535", "#eeeeec"),
               "light": ("#f6f5f4", "#ffffff", "#f6f5f4", "#2e3436")}[theme]
    window, base, button_colour, text = colours
    palette = QPalette()
    for role, colour in (("Window", window), ("Base", base), ("Button", button_colour),
                         ("Text", text), ("WindowText", text), ("ButtonText", text)):
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    holder = QWidget()
    holder.setPalette(palette)
    holder.setAutoFillBackground(True)
    button = WrapCheckBox("Sharp pain") if kind == "check box" else WrapRadioButton("Sharp pain")
    QHBoxLayout(holder).addWidget(wrapping(button))
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    image = button.grab().toImage()
    option = button._option()
    element = QStyle.SubElement.SE_CheckBoxIndicator if kind == "check box" \
        else QStyle.SubElement.SE_RadioButtonIndicator
    area = button.style().subElementRect(element, option, button)
    ratio = max(image.devicePixelRatio(), 1.0)
    background = luminance(QColor(window))
    seen = [luminance(image.pixelColor(int(x * ratio), int(y * ratio)))
            for x in range(area.left(), area.right() + 1)
            for y in range(area.top(), area.bottom() + 1)]
    ink = max(seen) if theme == "dark" else min(seen)
    lighter, darker = max(ink, background), min(ink, background)
    assert (lighter + 0.05) / (darker + 0.05) >= 3.0


def test_the_keyboard_on_the_reasons_of_a_why_shows_where_it_is(qtbot, qapp, wizard, ruleset) -> None:
    """Tab stops on the reasons (for their source's link) and showed nothing there."""
    from wizard.paths import resources_dir
    sheet = qapp.styleSheet()
    qapp.setStyleSheet((resources_dir() / "style.qss").read_text(encoding="utf-8"))  # the app's
    try:
        reasons_show_the_focus(qtbot, wizard, ruleset)
    finally:
        qapp.setStyleSheet(sheet)


def reasons_show_the_focus(qtbot, wizard, ruleset) -> None:
    answer_all(qtbot, wizard, ruleset)
    next_page(qtbot, wizard)
    card = wizard.currentPage().view.cards[0]
    click(qtbot, card.why_button)
    qtbot.wait(20)
    away = card.why.grab().toImage()
    card.why.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(card.why.hasFocus, timeout=1000)
    qtbot.wait(20)
    assert card.why.grab().toImage() != away, "the reasons look the same with the focus on them"


def test_the_plan_page_is_made_while_the_person_reads_review(qtbot, wizard, ruleset) -> None:
    """On Review, the plan's (empty) view is built after the page is painted, so that Next
    only fills it; and the plan shown is the one the answers give."""
    answer_all(qtbot, wizard, ruleset)
    plan_page = wizard.page(PageId.PLAN)
    qtbot.waitUntil(lambda: plan_page.view is not None, timeout=1000)
    assert plan_page.view.plan is None, "built, not filled: Review can still change"
    next_page(qtbot, wizard)
    assert wizard.currentId() == PageId.PLAN
    assert shown_titles(qtbot, wizard)
