"""The wizard as a screen reader sees it: driven from the first page to the plan through AT-SPI
alone, the interface Orca, voice control and switch access use on Linux.

The app runs in a real window on Xvfb, with Qt's accessibility bridge on
(QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1), in a D-Bus session of its own with the AT-SPI bus
(at-spi2-core). The client (tests/screen_reader_client.py) runs under Debian's
/usr/bin/python3, where python3-pyatspi lives. Without those the test skips and says what is
missing; with SPASM_WIZARD_REQUIRE_SCREEN_READER=1 (set by .ci/run) it fails instead, so that
CI proves it ran.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
SYSTEM_PYTHON = "/usr/bin/python3"
CLIENT = TESTS / "screen_reader_client.py"
# What Qt's xcb platform plugin loads beyond Xvfb's own libraries (Qt's docs; .ci/run).
XCB_LIBRARIES = {"libxcb-cursor": "libxcb-cursor0", "libxcb-icccm": "libxcb-icccm4",
                 "libxcb-keysyms": "libxcb-keysyms1", "libxkbcommon-x11": "libxkbcommon-x11-0"}


def missing() -> str | None:
    """What this machine lacks for the test, in words; None when it has it all."""
    for tool, package in (("Xvfb", "xvfb"), ("dbus-run-session", "dbus"),
                          ("/usr/libexec/at-spi-bus-launcher", "at-spi2-core")):
        if shutil.which(tool) is None and not os.access(tool, os.X_OK):
            return f"{tool} is missing (apt-get install {package})"
    libraries = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout
    for library, package in XCB_LIBRARIES.items():
        if f"{library}.so" not in libraries:
            return f"Qt's xcb platform plugin needs {library} (apt-get install {package})"
    if not os.access(SYSTEM_PYTHON, os.X_OK):
        return f"{SYSTEM_PYTHON} is missing (apt-get install python3-pyatspi)"
    check = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True)
    if check.returncode:
        return f"{SYSTEM_PYTHON} cannot import pyatspi (apt-get install python3-pyatspi)"
    return None


def _need_tools() -> None:
    lack = missing()
    if lack is None:
        return
    if os.environ.get("SPASM_WIZARD_REQUIRE_SCREEN_READER"):
        pytest.fail(f"the screen reader's test must run here, but {lack}")
    pytest.skip(f"no screen reader's view: {lack}")


class Xvfb:
    """A screen of its own, on a display number Xvfb chooses."""

    def __init__(self, width: int = 1280, height: int = 1024) -> None:
        read, write = os.pipe()
        self.process = subprocess.Popen(
            ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp",
             "-noreset"],  # not reset when an app closes: the next would find no display
            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        with os.fdopen(read) as chosen:
            number = chosen.readline().strip()
        if not number:
            self.process.kill()
            raise RuntimeError("Xvfb did not start")
        self.display = f":{number}"

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(10)


class ScreenReader:
    """The test's side of the client: each method is one request, answered in JSON."""

    def __init__(self, display: str, data_dir: Path, *args: str, language: str = "en_GB.UTF-8") -> None:
        env = {key: value for key, value in os.environ.items()
               if not key.startswith(("QT_", "DBUS_", "AT_SPI", "LC_", "LANG"))}
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
                   SPASM_WIZARD_DATA_DIR=str(data_dir), LANG=language, LANGUAGE="",
                   NO_AT_BRIDGE="0")
        self.stderr_file = data_dir.parent / "app-stderr.txt"
        app = [sys.executable, "-m", "wizard", *args]
        self.process = subprocess.Popen(
            ["dbus-run-session", "--", SYSTEM_PYTHON, str(CLIENT), str(self.stderr_file), *app],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
            text=True)
        first = self.answer()
        if not first.get("ready"):
            self.process.kill()
            raise AssertionError(f"the app did not reach the accessibility bus: {first!r}, "
                                 f"the app said: {self.app_stderr()}")

    def app_stderr(self) -> str:
        return self.stderr_file.read_text(errors="replace") if self.stderr_file.exists() else ""

    def answer(self) -> dict:
        """The client's next answer; the lines the bus's services print are passed over."""
        for line in self.process.stdout:
            if line.startswith("reader: "):
                return json.loads(line[len("reader: "):])
        return {"error": f"the screen reader's client ended; the app said: {self.app_stderr()}"}

    def ask(self, **request: object) -> dict:
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        answer = self.answer()
        if "error" in answer:
            raise AssertionError(answer["error"])
        return answer

    def tree(self) -> list[dict]:
        return self.ask(op="tree")["nodes"]

    def find(self, role: str, name: str, timeout: float = 20.0) -> dict:
        return self.ask(op="find", role=role, name=name, timeout=timeout)["node"]

    def do(self, role: str, name: str, action: str) -> None:
        self.ask(op="do", role=role, name=name, action=action)

    def set_value(self, role: str, name: str, value: float) -> None:
        self.ask(op="set_value", role=role, name=name, value=value)

    def close(self) -> int:
        code = self.ask(op="quit")["exit"]
        self.process.wait(20)
        return code


@pytest.fixture
def screen(tmp_path: Path):
    _need_tools()
    screen = Xvfb()
    yield screen
    screen.close()


@pytest.fixture
def reader(screen: Xvfb, tmp_path: Path):
    data = tmp_path / "data"
    reader = ScreenReader(screen.display, data)
    yield reader
    if reader.process.poll() is None:
        reader.close()


# --- What a screen reader needs on every page --------------------------------------------

def problems(nodes: list[dict]) -> list[str]:
    """What would leave a screen reader's user lost on this page, in words."""
    found = []
    focusable = [n for n in nodes if "focusable" in n["states"]]
    for node in focusable:
        name = node["name"].strip()
        if not name or name.isdigit() or name.lower().replace(" ", "") == node["role"].replace(" ", ""):
            found.append(f"a {node['role']} that can take the focus says only {name!r}, "
                         "not what it does")
    seen: dict[tuple[str, str], int] = {}
    for node in focusable:
        if node["role"] != "label":  # words that read the same are fine; controls are not
            key = (node["role"], node["name"])
            seen[key] = seen.get(key, 0) + 1
    found += [f"{count} of {role} {name!r}: a reader cannot tell them apart"
              for (role, name), count in seen.items() if count > 1]
    for node in nodes:
        if node["role"] == "image" and not (node["name"].strip() and node["description"].strip()):
            found.append(f"a picture with no name or no words for what it shows: {node}")
    return found


def check_page(reader: ScreenReader, title: str) -> list[dict]:
    """The page whose title is `title`, once it is on screen, read whole; its problems fail."""
    reader.find("label", title)
    nodes = reader.tree()
    assert problems(nodes) == [], f"on the page {title!r}"
    return nodes


def named(nodes: list[dict], role: str, name: str) -> dict:
    matches = [n for n in nodes if n["role"] == role and n["name"] == name]
    assert len(matches) == 1, f"{role} {name!r}: {len(matches)} on screen"
    return matches[0]


def next_is_on(reader: ScreenReader) -> bool:
    return "enabled" in reader.find("push button", "Next")["states"]


def test_the_checks_find_what_a_reader_would_miss() -> None:
    """The checks themselves fail where they should (they need no screen)."""
    box = {"role": "check box", "name": "New weakness in one leg or foot", "description": "",
           "states": ["focusable"]}
    assert problems([box]) == []
    assert problems([{**box, "name": ""}]) and problems([{**box, "name": "check box"}])
    assert problems([{**box, "role": "radio button", "name": "6"}])
    assert problems([box, dict(box)]), "two controls of one name"
    picture = {"role": "image", "name": "Picture: Cold pack", "description": "", "states": []}
    assert problems([picture]) and not problems([{**picture, "description": "A person holds…"}])


def test_a_reader_asking_for_a_child_by_an_old_index_does_not_crash_the_app(tmp_path) -> None:
    """Qt's accessible scroll area reads its children's list without checking the index: a
    screen reader that counted a page's children (the view and its scroll bar) and asks for
    the second once the page has changed (the scroll bar hidden with it) crashed the app
    (seen through AT-SPI when going from Warning signs to About you). The app's scroll areas
    answer such a question with nothing. In a process of its own: without the guard it dies."""
    code = """
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget
from wizard.gui.app import application, guard_scroll_areas
from wizard.gui.scrolling import FollowingFocus
app = application()
guard_scroll_areas()
for area in (FollowingFocus(), QScrollArea()):
    page = QWidget()
    QVBoxLayout(page).addWidget(area)
    body = QWidget()
    QVBoxLayout(body).addWidget(QLabel("a line\\n" * 300))
    area.setWidget(body)
    page.resize(300, 200)
    page.show()
    app.processEvents()
    reader = QAccessible.queryAccessibleInterface(area)
    count = reader.childCount()
    page.hide()  # the page changes; the reader still holds the old count
    app.processEvents()
    for index in (count - 1, count, count + 5, 1000):
        child = reader.child(index)
        assert child is None or child.object() is not None
print("read", type(reader).__name__)
"""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=60, cwd=tmp_path)
    assert done.returncode == 0, f"the app crashed ({done.returncode}): {done.stderr[-2000:]}"
    assert "read QAccessibleWidget" in done.stdout


# --- The walks ----------------------------------------------------------------------------

def test_a_screen_reader_walks_a_first_visit_from_welcome_to_the_plan(reader, ruleset) -> None:
    from datetime import datetime

    # Welcome: the words, and the language button says what it is for.
    nodes = check_page(reader, "Welcome")
    named(nodes, "push button", "Language: English")
    reader.do("push button", "Next", "Press")

    # Warning signs: each tick box reads as its sign, with its explanation.
    nodes = check_page(reader, ruleset.question("red_flags").text)
    flags = ruleset.question("red_flags")
    for option in flags.options:
        box = named(nodes, "check box", option.text)
        assert (option.detail or "") in box["description"]
    assert named(nodes, "check box", "New weakness in one leg or foot")["description"]
    assert not next_is_on(reader), "nothing ticked yet"
    reader.do("check box", flags.none_text, "Toggle")
    assert "checked" in reader.find("check box", flags.none_text)["states"]
    assert next_is_on(reader)
    counted = reader.ask(op="hold_scroll_area")["children"]
    reader.do("push button", "Next", "Press")

    # About you: the age box says its value once set through the Value interface. A reader
    # that asks the page before for its last child as it counted it gets an answer, and the
    # app lives on (it crashed inside Qt).
    age = ruleset.question("age")
    nodes = check_page(reader, age.text)
    reader.ask(op="ask_held", index=counted - 1)
    reader.find("label", age.text)
    reader.set_value("spin button", age.text, 45)
    spin = reader.find("spin button", age.text)
    assert spin["value"]["current"] == 45 and "45" in spin["text"]
    assert next_is_on(reader)
    reader.do("push button", "Next", "Press")

    # What happened: two questions of round buttons.
    strain = ruleset.question("sudden_trauma")
    check_page(reader, strain.text)
    reader.do("radio button", strain.yes_text, "Toggle")
    reader.do("radio button", ruleset.option_text("trauma_kind", "lifting"), "Toggle")
    reader.do("push button", "Next", "Press")

    # When: Toggle on "Earlier today" (as voice control or switch access does it) fills in
    # the date, which the date box says, and turns Next on.
    onset = ruleset.question("onset")
    nodes = check_page(reader, onset.text)
    date_box = named(nodes, "spin button", "Exact date and time it started")
    assert date_box["text"].strip(), "the date box says its date"
    assert not next_is_on(reader)
    before = datetime.now()
    reader.do("radio button", "Earlier today", "Toggle")
    after = datetime.now()
    assert "checked" in reader.find("radio button", "Earlier today")["states"]
    shown = reader.find("spin button", "Exact date and time it started")["text"]
    assert any(f"{day.day} {day:%B} {day.year}" in shown for day in (before, after)), shown
    said = [n["name"] for n in reader.tree() if n["role"] == "label" and n["name"].startswith("Started ")]
    assert said and "ago" in said[0], "what it understood is said in words"
    assert next_is_on(reader), "Next is on: the answer follows the button's state"
    reader.do("push button", "Next", "Press")

    # How it feels: the pain scale says the number, out of how many, and the word at marks.
    pain = ruleset.question("pain")
    nodes = check_page(reader, pain.text)
    scale = [n for n in nodes if n["role"] == "radio button" and n["name"].startswith(f"{pain.short}: ")]
    assert [n["name"].split(": ")[1].split(" out of")[0] for n in scale] == \
        [str(v) for v in range(pain.min, pain.max + 1)]
    assert all(f"out of {pain.max}" in n["name"] for n in scale)
    marks = {m.value: m.text for m in pain.marks}
    assert all(n["name"].endswith(f", {marks[v]}") for v, n in zip(range(pain.min, pain.max + 1), scale)
               if v in marks)
    six = f"{pain.short}: 6 out of {pain.max}"
    reader.do("radio button", six, "Toggle")
    assert "checked" in reader.find("radio button", six)["states"]
    reader.find("label", f"You chose 6 out of {pain.max}.")
    reader.do("check box", ruleset.option_text("symptoms", "sharp_pain"), "Toggle")
    reader.do("push button", "Next", "Press")

    # Check your answers: each Change button names the answer it changes.
    nodes = check_page(reader, "Check your answers")
    named(nodes, "push button", "Change \u201cAge\u201d")
    named(nodes, "label", "45 years")
    reader.do("push button", "Next", "Press")

    # The plan: the level in words, the Why buttons say what they explain, pictures say
    # what they show, and a Why opens through the accessibility interface.
    level = ruleset.label("triage", "self_care")
    nodes = check_page(reader, "Your plan")
    banner = [n for n in nodes if n["role"] == "panel" and n["name"].startswith(level.title)]
    assert banner and level.text in banner[0]["name"], "the level is in words, not only colour"
    labels = {n["name"] for n in nodes if n["role"] == "label"}
    whys = [n["name"] for n in nodes if n["role"] == "check box" and n["name"].startswith("Why")]
    assert whys[0] == f"Why the plan says: {level.title}"
    parts = [why.removeprefix("Why: ") for why in whys[1:]]
    assert parts and all(part in labels for part in parts), "each Why names a part on the page"
    shown = [a for a in ruleset.advice.values() if a.title in parts]
    pictured = [a for a in shown if a.illustration]
    assert len(pictured) >= 2
    for advice in pictured:
        image = named(nodes, "image", f"Picture: {advice.title}")
        assert image["description"] == advice.illustration_text
    cold = ruleset.advice["cold_therapy"].title
    reader.do("check box", f"Why: {cold}", "Toggle")
    reader.find("check box", f"Why: {cold}")
    opened = {n["name"] for n in reader.tree() if n["role"] == "label"} - labels
    assert any("Source: " in text for text in opened), opened
    for hour in ("Your day starts at", "Your day ends at"):
        assert ":" in named(nodes, "spin button", hour)["text"], "the time box says its time"
    assert "Traceback" not in reader.app_stderr()


def test_a_screen_reader_hears_the_emergency_and_no_home_treatment(reader, ruleset) -> None:
    check_page(reader, "Welcome")
    reader.do("push button", "Next", "Press")
    sign = ruleset.option_text("red_flags", "bladder_bowel")
    check_page(reader, ruleset.question("red_flags").text)
    reader.do("check box", sign, "Toggle")
    reader.do("push button", "Next", "Press")
    level = ruleset.label("triage", "emergency")
    nodes = check_page(reader, "Your plan")
    banner = [n for n in nodes if n["role"] == "panel" and n["name"].startswith(level.title)]
    assert banner and level.text in banner[0]["name"]
    names = {n["name"] for n in nodes}
    assert sign in names, "the sign told is read back"
    home = [a.title for a in ruleset.advice.values() if a.kind in ("therapy", "exercise")]
    assert not [t for t in home if t in names or f"Picture: {t}" in names]


def test_a_screen_reader_checks_in_on_a_later_day(screen, tmp_path, ruleset) -> None:
    """A returning person: Welcome back reads the episode, its choices work by Toggle, and a
    check-in reaches its plan."""
    data = tmp_path / "data"
    first = ScreenReader(screen.display, data)
    try:
        first.do("push button", "Next", "Press")
        first.do("check box", ruleset.question("red_flags").none_text, "Toggle")
        first.do("push button", "Next", "Press")
        first.set_value("spin button", ruleset.question("age").text, 45)
        first.do("push button", "Next", "Press")
        first.do("radio button", ruleset.question("sudden_trauma").no_text, "Toggle")
        first.do("push button", "Next", "Press")
        first.do("radio button", "Yesterday", "Toggle")
        first.do("push button", "Next", "Press")
        pain = ruleset.question("pain")
        first.do("radio button", f"{pain.short}: 7 out of {pain.max}", "Toggle")
        first.do("push button", "Next", "Press")
        first.do("push button", "Next", "Press")
        first.find("label", "Saved in your history: check-in 1 of this episode.")
    finally:
        first.close()

    again = ScreenReader(screen.display, data)
    try:
        nodes = check_page(again, "Welcome back")
        summary = [n["name"] for n in nodes if n["role"] == "label" and "started" in n["name"]]
        assert summary and "7 out of 10" in summary[0], "the episode and last check-in, in words"
        assert "checked" in named(nodes, "radio button", "Check in on this episode")["states"]
        again.do("radio button", "Start a new episode: this is a new back pain", "Toggle")
        assert "checked" not in again.find("radio button", "Check in on this episode")["states"]
        again.do("radio button", "Check in on this episode", "Toggle")
        again.do("push button", "Next", "Press")
        check_page(again, ruleset.question("red_flags").text)
        again.do("check box", ruleset.question("red_flags").none_text, "Toggle")
        for _ in range(8):  # the check-in's pages, each answered by what it asks
            again.do("push button", "Next", "Press")
            nodes = again.tree()
            if any(n["role"] == "label" and n["name"] == "Your plan" for n in nodes):
                break
            assert problems(nodes) == []
            scale = [n["name"] for n in nodes if n["role"] == "radio button" and " out of " in n["name"]]
            if scale:
                again.do("radio button", f"{pain.short}: 4 out of {pain.max}", "Toggle")
            for n in nodes:  # a yes-or-no the check-in asks: the first answer
                if n["role"] == "radio button" and " out of " not in n["name"] and "checked" not in n["states"]:
                    again.do("radio button", n["name"], "Toggle")
                    break
        nodes = check_page(again, "Your plan")
        assert "Saved in your history: check-in 2 of this episode." in {n["name"] for n in nodes}
    finally:
        again.close()

    # Better: the episode is closed by a round button and Next, and the last page is read.
    last = ScreenReader(screen.display, data)
    try:
        check_page(last, "Welcome back")
        last.do("radio button", "My back is better: close this episode", "Toggle")
        last.do("push button", "Next", "Press")
        nodes = check_page(last, "Glad your back is better")
        said = {n["name"] for n in nodes}
        assert {"This episode is closed.", "If the pain comes back, open Back Spasm Wizard again."} <= said
    finally:
        last.close()
