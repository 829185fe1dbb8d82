"""Speed of the PDF: in-process, and `spasm-wizard plan --pdf` as a whole process.

    python benchmarks/pdf.py [--runs N]

1. The full plan (three pages, five pictures) written in-process: median of N (goal 150 ms).
2. `spasm-wizard plan --pdf` in a fresh process against a bare script that starts Qt
   offscreen and writes a one-page PDF with QPdfWriter, alternately: the ratio of the
   medians (goal 2).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
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


def process(args: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    folder = Path(tempfile.mkdtemp(prefix="spasm-pdf-"))
    median = in_process(runs, folder / "in-process.pdf")
    print(f"full plan PDF in-process, median of {runs}: {median:.0f} ms (goal 150 ms)")
    example = str(ROOT / "examples" / "lifting-strain.yaml")
    app_args = ["-m", "wizard", "plan", "--answers", example, "--now",
                "2026-11-27T10:00:00+01:00", "--pdf", str(folder / "cli.pdf")]
    bare_args = ["-c", BARE, str(folder / "bare.pdf")]
    process(app_args), process(bare_args)  # warm the file cache, uncounted
    app, bare = [], []
    for _ in range(runs):
        app.append(process(app_args))
        bare.append(process(bare_args))
    a, b = statistics.median(app), statistics.median(bare)
    print(f"spasm-wizard plan --pdf as a process, median of {runs}: {a * 1000:.0f} ms; bare "
          f"QPdfWriter script {b * 1000:.0f} ms: ratio {a / b:.2f} (goal 2)")


if __name__ == "__main__":
    main()
