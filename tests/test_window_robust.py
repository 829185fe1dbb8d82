"""The window always opens (issue 10, items 5 and 9): a setting it cannot use is reset, a
history it cannot use is said in words on the first page, and nothing at the app's file
paths can make it write elsewhere, hang or crash."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys

import pytest
from PySide6.QtWidgets import QLabel, QMessageBox

from conftest import NOW, TESTS
from test_gui import answer_all, next_page
from wizard.cli import main
from wizard.gui import app as gui_app
from wizard.gui.wizard import SpasmWizard
from wizard.paths import data_dir, log_file, settings_file

pytestmark = pytest.mark.usefixtures("qapp")  # see test_pdf.py
ROOT = TESTS.parent


@pytest.fixture()
def started(monkeypatch):  # noqa: ANN201
    """Run the app until it is ready; keep what it told and the window it showed."""
    seen: dict = {"told": [], "windows": []}
    monkeypatch.setattr(QMessageBox, "information",
                        lambda parent, title, text: seen["told"].append(text))
    real_show = SpasmWizard.show
    monkeypatch.setattr(SpasmWizard, "show", lambda self: seen["windows"].append(self) or real_show(self))
    monkeypatch.setenv("SPASM_WIZARD_QUIT_WHEN_READY", "1")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    yield seen
    # The windows go now, while Qt is in charge, not whenever the garbage collector runs.
    from PySide6.QtWidgets import QApplication
    for window in seen["windows"]:
        window.deleteLater()
    seen["windows"].clear()
    QApplication.processEvents()


def first_page_problem(window: SpasmWizard) -> str:
    label = window.page(window.startId()).findChild(QLabel, "data-problem")
    return label.text() if label is not None else ""


def test_a_bad_geometry_setting_is_reset(started) -> None:
    data_dir().mkdir(parents=True, exist_ok=True)
    settings_file().write_text("[window]\ngeometry=not a geometry\n")
    assert gui_app.run() == 0
    assert "not a geometry" not in settings_file().read_text()


def test_a_settings_file_holding_a_variant_is_never_unpacked(started) -> None:
    # A crafted @Variant makes Qt allocate without bound (std::bad_alloc aborts the process):
    # the file is put aside unread by Qt.
    data_dir().mkdir(parents=True, exist_ok=True)
    crafted = b"[window]\ngeometry=@Variant(\\0\\0\\0\\t\\0\\x7f\\xff\\xff\\xff)\n"
    settings_file().write_bytes(crafted)
    assert gui_app.run() == 0
    aside = list(data_dir().glob("settings.damaged-*.ini"))
    assert len(aside) == 1 and aside[0].read_bytes() == crafted
    assert any("settings.ini could not be read" in t for t in started["told"])


def test_a_settings_file_that_is_a_fifo_does_not_hang_the_window(tmp_path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    os.mkfifo(data / "settings.ini")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "SPASM_WIZARD_DATA_DIR": str(data), "SPASM_WIZARD_QUIT_WHEN_SHOWN": "1"}
    done = subprocess.run([sys.executable, "-m", "wizard"], env=env, timeout=60,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    path = data / "settings.ini"
    assert not os.path.lexists(path) or stat.S_ISREG(os.lstat(path).st_mode)
    assert list(data.glob("settings.damaged-*.ini")), "the FIFO was put aside"


def test_a_link_at_the_settings_path_is_put_aside(tmp_path, started) -> None:
    victim = tmp_path / "victim.ini"
    victim.write_text("[mine]\nkey=value\n")
    victim.chmod(0o644)
    data_dir().mkdir(parents=True, exist_ok=True)
    settings_file().symlink_to(victim)
    assert gui_app.run() == 0
    assert victim.read_text() == "[mine]\nkey=value\n"
    assert stat.S_IMODE(victim.stat().st_mode) == 0o644, "never chmod-ed through the link"
    assert not settings_file().is_symlink()


def test_the_log_is_never_written_through_a_link(tmp_path) -> None:
    import logging
    victim = tmp_path / "victim.txt"
    victim.write_text("mine\n")
    victim.chmod(0o644)
    log_file().parent.mkdir(parents=True, exist_ok=True)
    log_file().symlink_to(victim)
    gui_app.start_logging()
    logger = logging.getLogger("wizard")
    try:
        logger.error("a line for the log")
        for handler in logger.handlers:
            handler.flush()
    finally:
        for handler in list(logger.handlers):
            handler.close()
            logger.removeHandler(handler)
    assert victim.read_text() == "mine\n" and stat.S_IMODE(victim.stat().st_mode) == 0o644
    assert "a line for the log" in log_file().read_text()


def test_a_data_folder_that_is_a_file_still_opens_the_window(tmp_path, monkeypatch, started) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the data folder should be")
    monkeypatch.setenv("SPASM_WIZARD_DATA_DIR", str(blocked))
    assert gui_app.run() == 0
    assert "cannot be used" in first_page_problem(started["windows"][0])


def test_a_parent_folder_that_cannot_be_written_still_opens_the_window(tmp_path, monkeypatch,
                                                                       started) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a parent folder should be")
    monkeypatch.setenv("SPASM_WIZARD_DATA_DIR", str(blocked / "share" / "wizard"))
    assert gui_app.run() == 0
    assert "cannot be used" in first_page_problem(started["windows"][0])


def test_a_damaged_history_row_is_said_on_the_first_page(started, capsys) -> None:
    answers = ROOT / "examples" / "lifting-strain.yaml"
    assert main(["checkin", "--answers", str(answers), "--now", NOW.isoformat()]) == 0
    conn = sqlite3.connect(data_dir() / "history.sqlite3")
    conn.execute("UPDATE checkins SET answers = '{broken'")
    conn.commit()
    conn.close()
    assert gui_app.run() == 0
    window = started["windows"][0]
    assert "1 entry in your history could not be read" in first_page_problem(window)


def test_an_error_before_the_window_is_one_line_not_a_traceback(monkeypatch, capsys) -> None:
    def broken(debug: bool = False, lang: str | None = None) -> int:
        raise RuntimeError("the display went away")
    monkeypatch.setattr(gui_app, "run", broken)
    assert main([]) == 1
    err = capsys.readouterr().err
    assert "the display went away" in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_a_busy_history_keeps_the_plan_on_screen_and_the_window_answering(qtbot, ruleset,
                                                                          monkeypatch, capsys) -> None:
    from datetime import datetime

    from wizard.core.clock import fixed_clock
    from wizard.gui.pages import PageId
    from wizard.history import opening
    from wizard.history.store import Store
    monkeypatch.setattr(opening, "BUSY_WAIT_S", 0.5)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(f"dialog: {box.text()}"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    answers = ROOT / "examples" / "lifting-strain.yaml"
    assert main(["checkin", "--answers", str(answers), "--now", NOW.isoformat()]) == 0
    before = (data_dir() / "history.sqlite3").read_bytes()
    other = sqlite3.connect(data_dir() / "history.sqlite3", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        now = datetime.fromisoformat("2026-11-28T10:00:00+01:00")
        answered = []
        w = SpasmWizard(ruleset, clock=fixed_clock(now), zone=now.tzinfo)
        w.store_factory = lambda: Store(data_dir(), on_wait=lambda: answered.append(1))
        qtbot.addWidget(w)
        w.show()
        answer_all(qtbot, w, ruleset)
        next_page(qtbot, w)
        assert w.currentId() == PageId.PLAN, "the plan is on screen"
        text = " ".join(label.text() for label in w.currentPage().findChildren(QLabel))
        assert "in use by another program" in text
        assert answered, "the window was given the chance to answer while it waited"
    finally:
        other.rollback()
        other.close()
    assert (data_dir() / "history.sqlite3").read_bytes() == before, "nothing was changed"
    assert not list(data_dir().glob("history.damaged-*"))


def test_garbage_is_collected_again_once_the_window_is_ready(tmp_path: Path) -> None:
    """The command turns garbage collection off for the start (benchmarks/startup.py): it is
    on again, with the start-up's objects frozen, by the time the window takes input."""
    code = (
        "import gc, os, sys\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "seen = []\n"
        "exit_ = QCoreApplication.exit\n"
        "def record(code=0):\n"
        "    seen.append((gc.isenabled(), gc.get_freeze_count() > 0))\n"
        "    exit_(code)\n"
        "QCoreApplication.exit = staticmethod(record)\n"
        "from wizard.cli import main\n"
        "print(main([]), seen)\n")  # no assert here: the app's excepthook would show a dialog
    env = {**os.environ, "SPASM_WIZARD_DATA_DIR": str(tmp_path / "data"),
           "SPASM_WIZARD_QUIT_WHEN_READY": "1", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.stdout.split("\n")[-2] == "0 [(True, True)]", (result.stdout, result.stderr)


def test_the_text_is_enlarged_once_however_often_the_window_starts(qapp) -> None:
    """The window's text is 15% larger than the desktop's; starting the window again in the
    same process (after Delete my data, or in the tests) must not enlarge it again."""
    first = gui_app.application().font().pointSizeF()
    assert gui_app.application().font().pointSizeF() == first


def test_the_history_is_read_with_modules_loaded_before_qt(tmp_path) -> None:
    """A returning person's start imports the history's modules before PySide6 (each module
    imported after it costs a read of its source): the order is kept."""
    data = tmp_path / "data"
    env = {**os.environ, "SPASM_WIZARD_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    subprocess.run([sys.executable, "-m", "wizard", "checkin", "--answers",
                    str(TESTS.parent / "examples" / "lifting-strain.yaml")], env=env,
                   check=True, capture_output=True, timeout=60)
    code = ("import sys\n"
            "from wizard.cli import main\n"
            "main([])\n"
            "names = list(sys.modules)\n"
            "print(names.index('wizard.history.store') < names.index('PySide6'))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, env={**env, "SPASM_WIZARD_QUIT_WHEN_SHOWN": "1"})
    assert result.stdout.split() == ["True"], (result.stdout, result.stderr)


def test_every_file_the_window_makes_is_the_person_s_alone(tmp_path) -> None:
    """The lock (QLockFile's own, which was 0644), the log, the settings, the rule set's
    cache: no file or folder in the data folder is open to others, whatever the umask."""
    data = tmp_path / "data"
    env = {**os.environ, "SPASM_WIZARD_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen",
           "SPASM_WIZARD_QUIT_WHEN_READY": "1"}
    code = "import os\nos.umask(0o022)\nfrom wizard.cli import main\nmain([])\n"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True,
                   timeout=60)
    made = sorted(str(p.relative_to(data)) for p in data.rglob("*"))
    assert "window.lock" in made and any(name.endswith(".log") for name in made), made
    open_to_others = [name for name in made if (data / name).stat().st_mode & 0o077]
    assert open_to_others == [] and not data.stat().st_mode & 0o077


def test_quit_when_ready_says_the_start_s_notices_and_quits(tmp_path) -> None:
    """With a notice at the start (here a data folder that is a file), the scripted start
    (SPASM_WIZARD_QUIT_WHEN_READY, as CI and the benchmarks use it) printed nothing and hung
    on the notice's dialog; it prints the notice and quits."""
    data = tmp_path / "data"
    data.write_text("not a folder")
    env = {**os.environ, "SPASM_WIZARD_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen",
           "SPASM_WIZARD_QUIT_WHEN_READY": "1"}
    done = subprocess.run([sys.executable, "-m", "wizard"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "spasm-wizard: " in done.stderr
    assert data.read_text() == "not a folder", "the file in the way is left alone"
