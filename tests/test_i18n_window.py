"""The window's language (issue 13): chosen on the Welcome page, remembered, applied at
once; Qt's own words in it; the system's language and --lang at start."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMenu, QPushButton

from wizard import i18n
from wizard.core.clock import fixed_clock
from wizard.gui.app import application, offer_languages, set_language_everywhere
from wizard.gui.pages import PageId
from wizard.gui.wizard import SpasmWizard
from wizard.rulecache import load as load_rules
from wizard.paths import builtin_rules_dir

NOW = datetime.fromisoformat("2026-11-27T10:00:00+01:00")


@pytest.fixture(autouse=True)
def _no_real_dialogs(monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(f"dialog: {box.text()}"))


@pytest.fixture
def english_after():
    yield
    set_language_everywhere(application(), "en")


def _window(qtbot, tmp_path: Path) -> SpasmWizard:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)

    def load():
        return load_rules(builtin_rules_dir(), tmp_path / "data", language=i18n.language())
    wizard = SpasmWizard(clock=fixed_clock(NOW), zone=NOW.tzinfo, settings=settings, loader=load)
    offer_languages(application(), wizard, load)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _choose(qtbot, wizard: SpasmWizard, name: str) -> None:
    """Open the language menu with the keyboard (Alt+letter of its label, then Space) and
    pick `name`, as a person would."""
    button = wizard.currentPage().findChild(QPushButton, "language")
    assert button is not None and button.isVisible()

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        action = next(a for a in menu.actions() if a.text() == name)
        menu.setActiveAction(action)
        action.trigger()
        menu.close()
    QTimer.singleShot(50, pick)
    button.click()


def test_choosing_german_on_the_welcome_page_rebuilds_every_page_at_once(qtbot, tmp_path,
                                                                         english_after) -> None:
    wizard = _window(qtbot, tmp_path)
    assert wizard.currentPage().title() == "Welcome"
    _choose(qtbot, wizard, "Deutsch")
    qtbot.waitUntil(lambda: wizard.currentPage() is not None
                    and wizard.currentPage().title() == "Willkommen")
    assert wizard.buttonText(wizard.WizardButton.NextButton) == "&Weiter"
    assert wizard.currentPage().findChild(QPushButton, "language").text() == "Deutsch \u25be"
    wizard.next()
    assert wizard.currentId() == PageId.SIGNS
    assert wizard.currentPage().title() == "Warnzeichen"
    assert wizard.ruleset.language == "de"
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert settings.value("window/language") == "de", "the choice is remembered"


def test_the_remembered_choice_is_read_without_qt(tmp_path, monkeypatch) -> None:
    (tmp_path / "settings.ini").write_text("[window]\nlanguage=de\n")
    monkeypatch.setattr("wizard.settings.settings_file", lambda: tmp_path / "settings.ini")
    from wizard.settings import stored_language
    assert stored_language() == "de"


def test_qts_own_dialog_buttons_speak_german(qtbot, english_after) -> None:
    from PySide6.QtWidgets import QDialogButtonBox
    set_language_everywhere(application(), "de")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts == {"OK", "Abbrechen"}, texts


def test_the_window_follows_the_system_its_choice_and_lang(tmp_path, monkeypatch,
                                                          english_after) -> None:
    from wizard.gui.app import use_language
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    settings = tmp_path / "settings.ini"
    monkeypatch.setattr("wizard.settings.settings_file", lambda: settings)
    app = application()
    assert use_language(app, None) == ("de", None)
    assert i18n.tr("Welcome") == "Willkommen"
    assert use_language(app, "en") == ("en", None), "--lang overrides the system"
    settings.write_text("[window]\nlanguage=en\n")
    assert use_language(app, None) == ("en", None), "the choice on the Welcome page too"
    assert use_language(app, "de") == ("de", None), "and --lang overrides the choice"
    settings.unlink()
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert use_language(app, None) == ("en", "fr")


def test_an_unknown_system_language_is_english_and_said_once(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES")}
    env.update(LANG="fr_FR.UTF-8", SPASM_WIZARD_QUIT_WHEN_READY="1", QT_QPA_PLATFORM="offscreen",
               SPASM_WIZARD_DATA_DIR=str(tmp_path / "data"))

    def start() -> str:
        done = subprocess.run([sys.executable, "-m", "wizard"], capture_output=True, text=True,
                              env=env, timeout=60)
        assert done.returncode == 0, done.stderr
        return done.stderr
    first = start()
    assert "Language not available" in first and "'fr'" in first, first
    assert "Language not available" not in start(), "said once, not at every start"


def test_choosing_a_language_on_welcome_back_keeps_the_episode(qtbot, ruleset, english_after) -> None:
    """A returning person switches to German on "Welcome back": the page comes back in
    German, about the same episode, and a check-in goes on in German."""
    from test_gui_history import DAY3, first_visit
    from wizard.history.store import Store
    from wizard.paths import data_dir
    first = first_visit(qtbot, ruleset)
    first.hide()
    first.store.close()
    settings = QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)

    def load():
        return load_rules(builtin_rules_dir(), None, language=i18n.language())
    wizard = SpasmWizard(load(), clock=fixed_clock(DAY3), zone=DAY3.tzinfo,
                         store=Store(data_dir()), settings=settings, loader=load)
    offer_languages(application(), wizard, load)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.currentId() == PageId.WELCOME_BACK
    _choose(qtbot, wizard, "Deutsch")
    qtbot.waitUntil(lambda: wizard.currentPage() is not None
                    and wizard.currentPage().title() == "Willkommen zurück")
    assert wizard.episode is not None and wizard.episode.id == 1
    text = " ".join(label.text() for label in wizard.currentPage().findChildren(QLabel))
    assert "Ihr letzter Check-in war am Freitag, 27. November 2026 um 10:00" in text, text
    wizard.next()
    assert wizard.currentPage().title() == "Warnzeichen"


def test_a_change_of_language_keeps_the_answers_given(qtbot, ruleset, english_after, tmp_path) -> None:
    """Back on the first page after answering, the person switches language: every answer
    is still there, in the new words."""
    from test_gui import answer_all
    wizard = _window(qtbot, tmp_path)
    wizard.ensure_ready()
    answer_all(qtbot, wizard, ruleset, pain=6)
    while wizard.currentId() != PageId.WELCOME:
        wizard.back()
    _choose(qtbot, wizard, "Deutsch")
    qtbot.waitUntil(lambda: wizard.currentPage() is not None
                    and wizard.currentPage().title() == "Willkommen")
    while wizard.currentId() != PageId.REVIEW:
        assert wizard.currentPage().isComplete(), wizard.currentPage().title()
        wizard.next()
    assert wizard.collected()["pain"] == 6
    assert wizard.collected()["red_flags"] == frozenset() or not wizard.collected()["red_flags"]
