"""Start-up and page changes of the window, against a bare QWizard in the same run.

    python benchmarks/startup.py [--runs N] [--quick] [--checkout] [--lang CODE]

1. Starts the real app to its first shown page in a fresh interpreter, and a bare one-page
   QWizard the same way, alternately, N times each (default 12). Prints the ratio of the
   medians of wall time and of peak memory: first page and "Welcome back" (a returning
   person) within 1.2, ready (the rule set loaded and checked) within 1.3. These are
   measured from the second start on, with the rule set's cache warm (wizard/rulecache.py);
   the first start after an install or upgrade (no cache yet) is printed apart. The app is
   started through its entry point, cli.run, as `spasm-wizard` starts it. For the first page
   and "Welcome back", the time until the page is on screen is printed too: each child says
   when (SPASM_WIZARD_QUIT_WHEN_SHOWN=say), so that the process's exit is left out.
2. In one process, from a Next click (wizard.next()) to the next page laid out and painted
   once: each question page (goal 16 ms, one frame; the median and the slowest), and the
   plan page (goal 50 ms), for a window's first plan and for a later one (Back, another
   answer, Next), and apart the time until the part below the fold is filled too.
Both run offscreen unless QT_QPA_PLATFORM says otherwise. With --lang de, the app runs in
German (LANGUAGE=de for the starts: its catalogue, Qt's and the German rule set's cache). --quick runs each once, to prove
that the benchmark still runs (CI); its figures mean nothing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import _options  # benchmarks/_options.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
# Measure the installed app where there is one (pip install ., not editable): this machine
# sets PYTHONDONTWRITEBYTECODE, so the checkout's sources would be compiled at every start.
# --checkout measures the checkout instead.
CHECKOUT = "--checkout" in sys.argv
RUN_IN = str(ROOT) if CHECKOUT else tempfile.mkdtemp(prefix="spasm-bench-cwd-")

BARE = """
import sys
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWizard, QWizardPage
app = QApplication(sys.argv[:1])
wizard = QWizard()
page = QWizardPage()
page.setTitle("Welcome")
QVBoxLayout(page).addWidget(QLabel("A bare one-page wizard."))
wizard.addPage(page)
wizard.show()
def shown():  # as the app does with SPASM_WIZARD_QUIT_WHEN_SHOWN=say
    print(f"shown at {time.monotonic_ns()}", flush=True)
    app.exit(0)
QTimer.singleShot(0, shown)
app.exec()
"""

# The app as `spasm-wizard` starts it: its entry point, cli.run.
APP = "from wizard.cli import run; run()"


def child(code: str, env: dict[str, str]) -> tuple[float, int, float | None]:
    """Wall seconds and peak resident memory (KiB) of one fresh interpreter running `code`,
    and the seconds until its page was on screen, when it says so ("shown at" the monotonic
    clock): the start without the process's exit."""
    begun = time.monotonic_ns()
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=RUN_IN,
                               stdout=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    said = process.stdout.read()
    process.stdout.close()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"the child exited with {process.returncode}")
    shown = [(int(line.split()[-1]) - begun) / 1e9 for line in said.splitlines()
             if line.startswith("shown at ")]
    return wall, usage.ru_maxrss, (shown[0] if shown else None)


def startup(runs: int) -> None:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["SPASM_WIZARD_DATA_DIR"] = tempfile.mkdtemp(prefix="spasm-bench-")
    if CHECKOUT:
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    if _options.LANG:
        env["LANGUAGE"] = _options.LANG
    shown = {**env, "SPASM_WIZARD_QUIT_WHEN_SHOWN": "say"}
    ready = {**env, "SPASM_WIZARD_QUIT_WHEN_READY": "1"}
    # A returning person: one check-in stored, so the first page is "Welcome back", which
    # needs the history before it can show.
    back = {**shown, "SPASM_WIZARD_DATA_DIR": tempfile.mkdtemp(prefix="spasm-bench-back-")}
    subprocess.run([sys.executable, "-m", "wizard", "checkin", "--answers",
                    str(ROOT / "examples" / "lifting-strain.yaml")], env=back, cwd=RUN_IN,
                   check=True, stdout=subprocess.DEVNULL)

    def first_start() -> dict[str, str]:  # a new data folder each time: no cache yet
        return {**ready, "SPASM_WIZARD_DATA_DIR": tempfile.mkdtemp(prefix="spasm-bench-new-")}

    # The first runs warm the file cache and make the rule set's cache: uncounted.
    child(BARE, env), child(APP, shown), child(APP, ready), child(APP, back)
    bare, app_shown, app_ready, app_back, app_first = [], [], [], [], []
    for _ in range(runs):  # alternate, so that all see the same machine
        bare.append(child(BARE, env))
        app_shown.append(child(APP, shown))
        app_ready.append(child(APP, ready))
        app_back.append(child(APP, back))
        app_first.append(child(APP, first_start()))
    bare_wall = statistics.median(w for w, _, _ in bare)
    bare_mem = statistics.median(m for _, m, _ in bare)
    bare_shown = statistics.median(s for _, _, s in bare)
    for what, samples, goal in (
            ("first page shown", app_shown, 1.2),
            ("Welcome back shown (returning person)", app_back, 1.2),
            ("ready (rule set loaded and checked, cache warm)", app_ready, 1.3),
            ("ready at the first start after an install (no cache yet)", app_first, None)):
        wall = statistics.median(w for w, _, _ in samples)
        mem = statistics.median(m for _, m, _ in samples)
        aim = f" (goal {goal})" if goal else " (reported apart)"
        print(f"start-up to {what}, median of {runs}: app {wall * 1000:.0f} ms, bare QWizard "
              f"{bare_wall * 1000:.0f} ms: ratio {wall / bare_wall:.2f}{aim}; peak memory "
              f"{mem / 1024:.1f} MiB against {bare_mem / 1024:.1f} MiB: ratio "
              f"{mem / bare_mem:.2f}{aim}")
        if samples[0][2] is not None:  # the same start, until the page is on screen
            on = statistics.median(s for _, _, s in samples)
            print(f"  the same, until the page is on screen (without the process's exit): app "
                  f"{on * 1000:.0f} ms, bare QWizard {bare_shown * 1000:.0f} ms: ratio "
                  f"{on / bare_shown:.2f}")


def shown(wizard, app) -> float:  # noqa: ANN001
    """Click Next, and wait until the window has painted the page it leads to once: the
    person's first frame. Returns the seconds from the click to the end of that paint."""
    from PySide6.QtCore import QEvent, QObject

    class Painted(QObject):
        """Times the end of the window's next paint (Qt paints a window's widgets when it
        handles the window's UpdateRequest)."""
        at: float | None = None

        def eventFilter(self, watched, event):  # noqa: ANN001, ANN202, N802
            if event.type() == QEvent.Type.UpdateRequest and self.at is None:
                watched.removeEventFilter(self)
                watched.event(event)  # lay out what is pending, paint, show
                self.at = time.perf_counter()
                return True
            return False

    painted = Painted()
    start = time.perf_counter()
    wizard.next()
    wizard.installEventFilter(painted)
    while painted.at is None:
        app.processEvents()
    return painted.at - start


def read(app, seconds: float = 0.15) -> None:  # noqa: ANN001
    """A person reads the page before the next click (for far longer than this): the event
    loop runs meanwhile, as it does in the app."""
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        app.processEvents()
        time.sleep(0.005)


def page_changes(runs: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["SPASM_WIZARD_DATA_DIR"] = tempfile.mkdtemp(prefix="spasm-bench-")
    if CHECKOUT:
        sys.path.insert(0, str(ROOT))
    from datetime import datetime

    from wizard.core.clock import fixed_clock
    from wizard.core.ruleset import load_ruleset
    from wizard.gui.app import application
    from wizard.gui.pages import PageId
    from wizard.gui.wizard import SpasmWizard
    from wizard.paths import builtin_rules_dir

    app = application()
    language = "en"
    if _options.LANG:
        from wizard.gui.app import set_language_everywhere
        from wizard.i18n import resolve
        language = resolve(_options.LANG)[0]
        set_language_everywhere(app, language)
    now = datetime.fromisoformat("2026-11-27T10:00:00+01:00")
    ruleset = load_ruleset(builtin_rules_dir(), language=language)
    answers = {PageId.SIGNS: {"red_flags": []}, PageId.ABOUT: {"age": 34},
               PageId.WHAT: {"sudden_trauma": True, "trauma_kind": "lifting"},
               PageId.WHEN: {"onset": datetime.fromisoformat("2026-11-27T07:30:00+01:00")},
               PageId.FEEL: {"symptoms": ["stiffness"], "pain": 6}}
    steps: dict[str, list[float]] = {}
    first_plan: list[float] = []
    whole_plan: list[float] = []
    again_plan: list[float] = []
    for _ in range(runs):
        wizard = SpasmWizard(ruleset, clock=fixed_clock(now), zone=now.tzinfo)
        wizard.show()
        read(app)
        while wizard.currentId() != PageId.REVIEW:
            for qid, value in answers.get(wizard.currentId(), {}).items():
                wizard.currentPage().widgets[qid].set_value(value)
            name = f"{wizard.currentPage().title()} to the next"
            steps.setdefault(name, []).append(shown(wizard, app))
            read(app)
        # The plan page of a new window: its first frame, then the whole page.
        start = time.perf_counter()
        first_plan.append(shown(wizard, app))
        view = wizard.currentPage().view
        while not view.complete():
            app.processEvents()
        app.sendPostedEvents()
        whole_plan.append(time.perf_counter() - start)
        # Back, another answer (a plan with other parts), and Next again: the page is reused.
        wizard.back()
        app.processEvents()
        wizard.go_to_question("pain")
        wizard.currentPage().widgets["pain"].set_value(3)
        while wizard.currentId() != PageId.REVIEW:
            wizard.next()
        read(app)
        again_plan.append(shown(wizard, app))
        app.processEvents()
        wizard.hide()
        wizard.deleteLater()
        app.processEvents()
    medians = {name: statistics.median(times) for name, times in steps.items()}
    every = [t for times in steps.values() for t in times]
    worst = max(medians, key=medians.get)
    print(f"page change (Next to the next page laid out and painted once), median over the "
          f"question pages, {len(every)} changes: {statistics.median(every) * 1000:.1f} ms; the "
          f"slowest page, {worst}: median {medians[worst] * 1000:.1f} ms, worst single "
          f"{max(every) * 1000:.1f} ms (goal 16 ms)")
    print(f"to the plan page (Next on Review to the plan's first frame: laid out and painted "
          f"once, with what shows), median of {runs}: first plan of a window "
          f"{statistics.median(first_plan) * 1000:.1f} ms, a later plan (Back, another answer, "
          f"Next) {statistics.median(again_plan) * 1000:.1f} ms (goal 50 ms); the whole page "
          f"below the fold filled and painted {statistics.median(whole_plan) * 1000:.1f} ms")


def main() -> None:
    runs = _options.runs(__doc__, 12)
    startup(runs)
    page_changes(runs)


if __name__ == "__main__":
    main()
