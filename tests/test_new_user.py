"""What a new user met (issue 9): the window after Delete my data, narrow and dark windows,
Enter for Next, the screen's size, two windows, the save dialog, and "Why?"."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

from datetime import timedelta

import pytest
from PySide6.QtCore import QRect, QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QLabel, QMessageBox, QRadioButton, QScrollArea

from conftest import NOW
from test_gui import answer_all, click, control, next_page, settings, wizard  # noqa: F401 (fixtures)
from test_gui_history import DAY3, first_visit, open_wizard
from wizard.core.clock import fixed_clock
from wizard.gui.pages import PageId
from wizard.gui.wizard import SpasmWizard
from wizard.paths import data_dir

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture(autouse=True)
def _no_real_dialogs(monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(f"dialog: {box.text()}"))


def sideways(w) -> list[str]:
    """The scroll areas of the current page that would need a sideways scroll bar."""
    return [type(a.widget()).__name__ for a in w.currentPage().findChildren(QScrollArea)
            if a.isVisible() and a.widget() is not None
            and a.widget().minimumSizeHint().width() > a.viewport().width()]


# --- 1. Delete my data ----------------------------------------------------------------

def test_delete_my_data_starts_the_window_over_as_for_a_new_person(qtbot, ruleset) -> None:
    from wizard.gui.history_view import HistoryView
    first_visit(qtbot, ruleset)
    w = open_wizard(qtbot, ruleset, DAY3)
    assert w.currentId() == PageId.WELCOME_BACK
    next_page(qtbot, w)  # check in: the warning signs page is built and filled
    view = HistoryView(w)
    qtbot.addWidget(view)
    view.delete_all()
    assert not data_dir().exists()
    assert w.currentId() == PageId.WELCOME, "the first page, as for a new person"
    assert w.episode is None and w.last_checkin is None and w.prefill == {}
    # Going on works, asks every question again, and the plan is saved in a new history.
    answer_all(qtbot, w, ruleset, pain=5)
    next_page(qtbot, w)
    assert w.currentId() == PageId.PLAN
    assert w.last_result is not None and w.last_result.number == 1
    assert (data_dir() / "history.sqlite3").exists()
    assert "deleted" not in " ".join(label.text() for label in w.currentPage().findChildren(QLabel))


# --- 2 and 4. Nothing is cut on the right -------------------------------------------------

def test_saved_and_copied_messages_wrap_and_the_plan_never_scrolls_sideways(qtbot, wizard, ruleset,
                                                                            tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QFileDialog
    target = tmp_path / ("a-folder-with-a-long-name-" * 4) / "plan.pdf"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    answer_all(qtbot, wizard, ruleset)
    next_page(qtbot, wizard)
    view = wizard.currentPage().view
    wizard.resize(560, 700)
    click(qtbot, view.save_button)
    click(qtbot, view.copy_button)
    view.save_pdf()
    qtbot.wait(10)
    assert view.copied.isVisible() and view.copied.wordWrap()
    assert str(target) in view.copied.text()
    assert view.copied.width() <= view.viewport().width()
    assert view.widget().minimumSizeHint().width() <= view.viewport().width()
    assert view.horizontalScrollBar().maximum() == 0


@pytest.mark.parametrize("page", [PageId.SIGNS, PageId.WHAT, PageId.WHEN, PageId.FEEL])
def test_at_560_pixels_every_label_wraps_and_no_page_scrolls_sideways(qtbot, wizard, page) -> None:
    wizard.resize(560, 700)
    while wizard.currentId() != page:
        wizard.next()
        qtbot.wait(1)
    assert wizard.width() <= 560
    assert sideways(wizard) == []
    for button in wizard.currentPage().findChildren(QAbstractButton):
        if isinstance(button, (QCheckBox, QRadioButton)) and button.isVisible() \
                and not button.text().isdigit():  # the pain scale's numbers need no wrapping
            words = [l for l in button.parent().findChildren(QLabel) if l.isVisible()
                     and getattr(l, "button", None) is button]
            assert words and words[0].wordWrap(), button.accessibleName()
            assert words[0].geometry().right() <= wizard.currentPage().width()


# --- 3. Enter means Next -----------------------------------------------------------------

def test_enter_on_a_tick_box_goes_to_next_and_never_unticks_it(qtbot, wizard, ruleset) -> None:
    from PySide6.QtCore import Qt
    next_page(qtbot, wizard)
    none = control(wizard, ruleset.question("red_flags").none_text)
    click(qtbot, none)
    none.setFocus()
    qtbot.keyClick(none, Qt.Key.Key_Return)
    assert none.isChecked(), "Enter does not untick"
    assert wizard.currentId() == PageId.ABOUT, "Enter means Next"


GTK = """
import sys
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from conftest import NOW
from wizard.core.clock import fixed_clock
from wizard.core.ruleset import load_ruleset
from wizard.gui.wizard import SpasmWizard
from wizard.paths import builtin_rules_dir
from PySide6.QtTest import QTest
app = QApplication([])
ruleset = load_ruleset(builtin_rules_dir())
w = SpasmWizard(ruleset, clock=fixed_clock(NOW), zone=NOW.tzinfo)
w.show(); QTest.qWaitForWindowExposed(w)
from PySide6.QtWidgets import QPushButton
focus = w.currentPage().findChild(QPushButton, "language")  # where a window manager's focus starts
focus.setFocus(); QTest.qWait(20)
QTest.keyClick(focus, Qt.Key.Key_Return); QTest.qWait(50)
print("welcome", type(focus).__name__, w.currentId())
none = w.currentPage().widgets["red_flags"].none
none.setFocus(); QTest.keyClick(none, Qt.Key.Key_Space); QTest.qWait(20)
QTest.keyClick(none, Qt.Key.Key_Return); QTest.qWait(50)
print(app.style().name(), none.isChecked(), w.currentId())
"""


@pytest.mark.skipif(not shutil.which("xvfb-run"), reason="needs Xvfb")
def test_enter_means_next_under_the_gtk_theme(tmp_path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "QT_QPA_PLATFORMTHEME": "gtk3",
           "PYTHONPATH": os.path.dirname(__file__)}
    done = subprocess.run(["xvfb-run", "-a", sys.executable, "-c", GTK], env=env, text=True,
                          capture_output=True, timeout=120, cwd=tmp_path)
    words = done.stdout.split()
    assert f"welcome" in words and words[words.index("welcome") + 2] == str(int(PageId.SIGNS)), \
        "Enter on the first page is Next, wherever the focus is: " + done.stdout + done.stderr
    assert words[-2:] == ["True", str(int(PageId.ABOUT))], done.stdout + done.stderr


# --- 5. The window fits the screen ------------------------------------------------------

def test_the_first_and_the_remembered_size_fit_the_screen(qtbot, ruleset, tmp_path, monkeypatch) -> None:
    from PySide6.QtGui import QScreen
    small = QRect(0, 0, 640, 450)  # 1280 x 900 at 200 %
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: small)
    w = SpasmWizard(ruleset, clock=fixed_clock(NOW), zone=NOW.tzinfo)
    qtbot.addWidget(w)
    assert small.contains(w.frameGeometry()), w.frameGeometry()
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    big = SpasmWizard(ruleset, clock=fixed_clock(NOW), zone=NOW.tzinfo)
    qtbot.addWidget(big)
    big.setGeometry(900, 700, 1200, 1000)
    settings.setValue("window/geometry", big.saveGeometry())
    again = SpasmWizard(ruleset, clock=fixed_clock(NOW), zone=NOW.tzinfo, settings=settings)
    qtbot.addWidget(again)
    assert small.contains(again.frameGeometry()), again.frameGeometry()


# --- 6. No screen ------------------------------------------------------------------------

def test_without_a_screen_one_line_and_exit_1(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-m", "wizard"], env=env, text=True,
                          capture_output=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "no screen" in lines[0] and "plan --answers" in lines[0]


# --- 11. Closing a saved plan ------------------------------------------------------------

def test_closing_a_saved_plan_says_it_is_saved(qtbot, ruleset, monkeypatch) -> None:
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda parent, title, text, *a: asked.append((title, text))
                        or QMessageBox.StandardButton.No)
    w = first_visit(qtbot, ruleset)
    w.reject()
    (title, text), = asked
    assert "saved in your history" in text and "lost" not in text
    assert len(title) <= 12, "the title fits the dialog's title bar"


# --- 12. Dark palettes -------------------------------------------------------------------

def test_the_pain_chart_follows_a_dark_palette(qtbot, ruleset) -> None:
    from wizard.gui.plan_view import ChartWidget
    from wizard.report.chart import ChartData
    data = ChartData(onset=NOW, points=((NOW, 6),), bands=())
    chart = ChartWidget(data)
    qtbot.addWidget(chart)
    palette = QPalette()
    for role, colour in ((QPalette.ColorRole.Base, "#202020"), (QPalette.ColorRole.Window, "#202020"),
                         (QPalette.ColorRole.Text, "#eeeeee"), (QPalette.ColorRole.Mid, "#555555")):
        palette.setColor(role, QColor(colour))
    chart.setPalette(palette)
    chart.resize(400, 220)
    image = chart.grab().toImage()
    corner = image.pixelColor(2, 2)
    assert corner.lightnessF() < 0.3, "no white block in a dark window"


# --- 13. No PDF viewer -------------------------------------------------------------------

def test_open_the_pdf_without_a_viewer_says_so_and_shows_the_folder(qtbot, wizard, ruleset, tmp_path,
                                                                     monkeypatch) -> None:
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QFileDialog
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "p.pdf"), ""))
    opened, told = [], []
    monkeypatch.setattr(QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toLocalFile()) or url.toLocalFile() == str(tmp_path))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    answer_all(qtbot, wizard, ruleset)
    next_page(qtbot, wizard)
    view = wizard.currentPage().view
    view.save_pdf()
    click(qtbot, view.open_button)
    assert opened == [str(tmp_path / "p.pdf"), str(tmp_path)]
    assert told and "No program to open PDF files" in told[0] and str(tmp_path / "p.pdf") in told[0]


# --- 14. The save dialog ------------------------------------------------------------------

def test_the_save_dialog_starts_in_documents_else_home(tmp_path, monkeypatch) -> None:
    from pathlib import Path

    from PySide6.QtCore import QStandardPaths
    from wizard.gui.files import start_folder
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda where: str(tmp_path / "Documents"))
    assert start_folder() == Path.home(), "no Documents folder: home, never the current folder"
    (tmp_path / "Documents").mkdir()
    assert start_folder() == tmp_path / "Documents"


def test_qts_own_settings_stay_in_the_data_folder(tmp_path) -> None:
    code = ("from PySide6.QtCore import QSettings\n"
            "from wizard.gui.app import keep_qt_files_inside\n"
            "keep_qt_files_inside()\n"
            "s = QSettings(QSettings.Scope.UserScope, 'QtProject'); s.setValue('x', 1); s.sync()\n"
            "print(s.fileName())\n")
    env = {**os.environ, "HOME": str(tmp_path / "home"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run([sys.executable, "-c", code], env=env, text=True, capture_output=True,
                          timeout=60)
    assert done.stdout.strip().startswith(str(data_dir())), done.stdout + done.stderr
    assert not (tmp_path / "config").exists()


# --- 15. Review and the quick onset choices -----------------------------------------------

def test_review_reads_well(qtbot, wizard, ruleset) -> None:
    answer_all(qtbot, wizard, ruleset, symptoms=("stiffness", "tightness"))
    texts = [b.text().replace("&", "") for b in wizard.currentPage().findChildren(QAbstractButton)]
    assert "Change started" not in texts and "Change \u201cStarted\u201d" in texts
    words = " ".join(l.text() for l in wizard.currentPage().findChildren(QLabel))
    first, second = (ruleset.option_text("symptoms", s) for s in ("stiffness", "tightness"))
    assert f"{first}; {second[0].lower()}{second[1:]}" in words


@pytest.mark.parametrize("choice, days, words", [("2 weeks ago", 14, "2 weeks ago"),
                                                 ("3 weeks ago", 21, "3 weeks ago"),
                                                 ("A month or more: set the date below", 30,
                                                  "4 weeks and 2 days ago")])
def test_longer_quick_choices_for_when_it_started(qtbot, wizard, ruleset, choice, days, words) -> None:
    to_when_page(qtbot, wizard, ruleset)
    widget = wizard.currentPage().widgets["onset"]
    click(qtbot, control(wizard, choice))
    assert (NOW - widget.value()).days == days
    assert words in widget.understood.text()
    if days == 30:
        assert widget.edit.hasFocus(), "the exact date, to adjust"


def test_when_it_started_follows_the_choice_however_it_was_made(qtbot, wizard, ruleset) -> None:
    """A screen reader's, voice control's or switch access's Toggle changes the button's state
    and sends no click (Qt's accessible Toggle calls QAbstractButton.toggle()): the date is
    filled in and Next is on all the same, for every quick choice."""
    to_when_page(qtbot, wizard, ruleset)
    page = wizard.currentPage()
    widget = page.widgets["onset"]
    assert widget.value() is None and not page.isComplete()
    expected = {"Earlier today": NOW.replace(hour=7), "Yesterday": NOW - timedelta(days=1),
                "2 days ago": NOW - timedelta(days=2), "Within the last hour": NOW - timedelta(minutes=30)}
    for choice, moment in expected.items():
        control(wizard, choice).toggle()
        assert widget.value() == moment, choice
        assert page.isComplete() and wizard.button(wizard.WizardButton.NextButton).isEnabled(), choice
        assert "ago" in widget.understood.text(), choice
    # Choosing "Another day or time" keeps the date shown, which is then the answer.
    control(wizard, "Another day or time: set it below").toggle()
    assert widget.value() == NOW - timedelta(minutes=30)
    # The date box changed by any means chooses "Another day or time" and stays the answer.
    widget.edit.setDateTime(widget.edit.dateTime().addDays(-3))
    assert control(wizard, "Another day or time: set it below").isChecked()
    assert widget.value() == NOW - timedelta(days=3, minutes=30)


def to_when_page(qtbot, wizard, ruleset) -> None:
    for _ in range(4):
        next_page(qtbot, wizard) if wizard.currentId() != PageId.SIGNS else None
        if wizard.currentId() == PageId.SIGNS:
            click(qtbot, control(wizard, ruleset.question("red_flags").none_text))
            next_page(qtbot, wizard)
        if wizard.currentId() == PageId.ABOUT:
            wizard.currentPage().widgets["age"].spin.setValue(40)
            next_page(qtbot, wizard)
        if wizard.currentId() == PageId.WHAT:
            click(qtbot, control(wizard, ruleset.question("sudden_trauma").no_text))
            next_page(qtbot, wizard)
        if wizard.currentId() == PageId.WHEN:
            break
    assert wizard.currentId() == PageId.WHEN


# --- 17. Glad your back is better ----------------------------------------------------------

def test_the_closed_page_has_a_title_and_subtitle_like_every_page(qtbot, ruleset) -> None:
    first_visit(qtbot, ruleset)
    w = open_wizard(qtbot, ruleset, DAY3)
    page = w.page(PageId.CLOSED)
    assert page.title() and page.subTitle()
    assert all(w.page(p).subTitle() for p in (PageId.SIGNS, PageId.REVIEW, PageId.CLOSED))


# --- 18. Two windows -----------------------------------------------------------------------

def test_a_second_window_is_refused_and_forget_waits_for_the_window(tmp_path, capsys) -> None:
    from wizard.cli import main
    from wizard.gui.lock import take, window_open
    first = take(data_dir())
    assert first is not None and first.isLocked()
    assert take(data_dir()) is None, "a second window: the app is already open"
    assert window_open(data_dir())
    assert main(["forget", "--yes"]) == 1
    err = capsys.readouterr().err
    assert "open in a window" in err and len(err.strip().splitlines()) == 1
    assert data_dir().exists()
    first.unlock()
    assert not window_open(data_dir())
    assert main(["forget", "--yes"]) == 0


def test_a_stale_lock_of_a_crashed_window_is_taken_over(tmp_path) -> None:
    from wizard.gui.lock import LOCK_NAME, take
    data_dir().mkdir(parents=True, exist_ok=True)
    # What QLockFile writes: pid, application name, host name. The pid is of no live process.
    import socket
    (data_dir() / LOCK_NAME).write_text(f"999999\nspasm-wizard\n{socket.gethostname()}\n")
    lock = take(data_dir())
    assert lock is not None and lock.isLocked()
    lock.unlock()


def test_the_second_window_says_the_app_is_already_open(monkeypatch) -> None:
    from wizard.gui import app
    from wizard.gui.lock import take
    held = take(data_dir())
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: told.append(text))
    monkeypatch.setattr(app, "application", lambda: None)
    assert app.run() == 0
    assert told and "already open" in told[0]
    held.unlock()


def test_card_borders_stand_out_in_a_dark_palette(qtbot) -> None:
    from wizard.gui.plan_view import card_style
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#242424"))
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#ffffff"))
    border = QColor(re.search(r"#card \{ border: 1px solid (#\w+)", card_style(palette)).group(1))
    assert border.lightness() - QColor("#242424").lightness() > 80


def test_the_window_fits_again_once_the_window_manager_has_framed_it(qtbot, ruleset,
                                                                        monkeypatch) -> None:
    """Before it shows, a window has no frame; a window manager then adds a title bar and
    borders (25 px at 200 % under openbox), which pushed Next off a 900-pixel screen. Once
    shown, the window is fitted again with its frame."""
    from PySide6.QtGui import QScreen
    from PySide6.QtWidgets import QWidget
    small = QRect(0, 0, 640, 450)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda self: small)
    w = SpasmWizard(ruleset, clock=fixed_clock(NOW), zone=NOW.tzinfo)
    qtbot.addWidget(w)
    framed = {"on": False}
    plain = QWidget.frameGeometry
    monkeypatch.setattr(QWidget, "frameGeometry", lambda self: plain(self).adjusted(
        0, 0, 2, 25) if framed["on"] and self is w else plain(self))
    w.show()
    framed["on"] = True  # as when the window manager's frame arrives
    assert not small.contains(w.frameGeometry())
    qtbot.waitUntil(lambda: small.contains(w.frameGeometry()), timeout=2000)
