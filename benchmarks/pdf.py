"""Speed of the PDF: in-process, and `spasm-wizard plan --pdf` as a whole process.

    python benchmarks/pdf.py [--runs N] [--quick] [--checkout]

1. The full plan (three pages, five pictures) written in-process: median of N (goal 150 ms).
2. `spasm-wizard plan --pdf` in a fresh process against a bare script that starts Qt
   offscreen and writes a one-page PDF with QPdfWriter, alternately: the ratio of the
   medians (goal 1.6, issue 11). Measured as a person's second start would be, with the
   rule set's cache warm (wizard/rulecache.py; `plan` reads it and never writes it); the
   first start after an install or upgrade (no cache yet) is printed apart.

Measures the installed package (pip install ., not editable: this machine sets
PYTHONDONTWRITEBYTECODE, so the checkout's sources would be compiled at every start) unless
--checkout. --quick runs each once, to prove that the benchmark still runs (CI); its figures
mean nothing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import _options  # benchmarks/_options.py, beside this file

ROOT = Path(__file__).resolve().parent.parent
CHECKOUT = "--checkout" in sys.argv
if CHECKOUT:
    sys.path.insert(0, str(ROOT))
RUN_IN = str(ROOT) if CHECKOUT else tempfile.mkdtemp(prefix="spasm-bench-cwd-")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BARE = """
import sys
from PySide6.QtGui import QGuiApplication, QPainter, QPdfWriter
app = QGuiApplication(sys.argv[:1])
writer = QPdfWriter(sys.argv[1])
painter = QPainter(writer)
painter.drawText(100, 100, "A one-page PDF.")
painter.end()
"""


def in_process(runs: int, out: Path) -> float:
    from wizard.core.answers import validate_answers
    from wizard.core.engine import Engine
    from wizard.core.ruleset import load_ruleset
    from wizard.paths import builtin_rules_dir
    from wizard.report.pdf import write_pdf
    ruleset = load_ruleset(builtin_rules_dir())
    now = datetime.fromisoformat("2026-11-27T10:00:00+01:00")
    raw = {"age": 34, "red_flags": [], "sudden_trauma": True, "trauma_kind": "lifting",
           "onset": "2026-11-27T07:30:00+01:00", "symptoms": ["stiffness"], "pain": 6}
    plan = Engine(ruleset).evaluate(validate_answers(raw, ruleset, now), now)
    write_pdf(plan, ruleset, out)  # the first one starts Qt and loads fonts: not counted
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        write_pdf(plan, ruleset, out)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def process(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, env=env, cwd=RUN_IN,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    runs = _options.runs(__doc__, 15)
    folder = Path(tempfile.mkdtemp(prefix="spasm-pdf-"))
    env = {**os.environ, "SPASM_WIZARD_DATA_DIR": str(folder / "data")}
    if CHECKOUT:
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    median = in_process(runs, folder / "in-process.pdf")
    print(f"full plan PDF in-process, median of {runs}: {median:.0f} ms (goal 150 ms)")

    # The rule set's cache, as the person's first start (or a checkin) leaves it.
    from wizard import rulecache
    from wizard.paths import builtin_rules_dir
    rulecache.load(builtin_rules_dir(), folder / "data", write=True)

    def first_start() -> dict[str, str]:  # a new data folder each time: no cache yet
        return {**env, "SPASM_WIZARD_DATA_DIR": tempfile.mkdtemp(prefix="spasm-pdf-new-")}

    example = str(ROOT / "examples" / "lifting-strain.yaml")
    app_args = ["-m", "wizard", "plan", "--answers", example, "--now",
                "2026-11-27T10:00:00+01:00", "--pdf", str(folder / "cli.pdf")]
    bare_args = ["-c", BARE, str(folder / "bare.pdf")]
    process(app_args, env), process(bare_args, env)  # warm the file cache, uncounted
    app, bare, cold = [], [], []
    for _ in range(runs):  # alternate, so that all see the same machine
        app.append(process(app_args, env))
        bare.append(process(bare_args, env))
        cold.append(process(app_args, first_start()))
    a, b, c = statistics.median(app), statistics.median(bare), statistics.median(cold)
    print(f"spasm-wizard plan --pdf as a process (cache warm), median of {runs}: "
          f"{a * 1000:.0f} ms; bare QPdfWriter script {b * 1000:.0f} ms: ratio {a / b:.2f} "
          "(goal 1.6)")
    print(f"spasm-wizard plan --pdf at the first start after an install (no cache yet), median "
          f"of {runs}: {c * 1000:.0f} ms: ratio {c / b:.2f} (reported apart)")


if __name__ == "__main__":
    main()
