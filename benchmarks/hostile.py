"""Hostile input: time and peak memory of whole commands, each in a fresh process.

    python benchmarks/hostile.py

1. `spasm-wizard plan` on every file in tests/hostile/answers/, on a 50 MB answers file and
   on a long list just under 1 MB: each must end with exit 2 within 1 s and 100 MB.
2. `spasm-wizard check-rules` on every hostile rule set of tests/hostile/rules/cases.yaml
   (exit 3 within 1 s and 100 MB), and on rule sets of 2,000 rules and of 2,000 distinct
   thresholds: exit 3 within a minute (the sweep runs, or says why it will not).

Peak memory is the process's maximum resident set (wait4's ru_maxrss); each child is capped
at 2 GB of address space so that a regression cannot eat the machine. Prints a table and
exits 1 if any limit is broken.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = ROOT / "tests" / "hostile"
sys.path.insert(0, str(HOSTILE))
from build import build_case, cases, many_rules, many_thresholds  # noqa: E402

NOW = "2026-11-27T10:00:00+01:00"
CAP = 2 * 1024 ** 3


def measure(args: list[str]) -> tuple[int, float, float, str]:
    """Exit status, seconds, peak MB and the last line of stderr of one command."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "wizard", *args], env=env, preexec_fn=cap,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    lines = err.strip().splitlines()
    return proc.returncode, seconds, usage.ru_maxrss / 1024, lines[-1] if lines else ""


def main() -> int:
    rows: list[tuple[str, int, int, float, float, float, float, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        answers = sorted((HOSTILE / "answers").glob("*.yaml"))
        big = work / "fifty-mb.yaml"
        with big.open("w") as handle:
            handle.write("age: 34\nsymptoms: [" + "stiffness, " * 4_600_000 + "stiffness]\n")
        long = work / "long-list.yaml"
        long.write_text("age: 34\nsymptoms: [" + "stiffness, " * 90_000 + "stiffness]\n")
        for path in [*answers, big, long]:
            code, s, mb, last = measure(["plan", "--answers", str(path), "--now", NOW])
            rows.append((f"answers {path.stem}", 2, code, s, 1.0, mb, 100.0, last))
        for case in cases():
            folder = build_case(case, work / case["id"])
            code, s, mb, last = measure(["check-rules", str(folder)])
            rows.append((f"rules {case['id']}", 3, code, s, 1.0, mb, 100.0, last))
        for name, make in (("2,000 rules", many_rules), ("2,000 thresholds", many_thresholds)):
            folder = make(work / name.replace(",", "").replace(" ", "-"), 2000)
            code, s, mb, last = measure(["check-rules", str(folder)])
            rows.append((f"check-rules {name}", 3, code, s, 60.0, mb, float("inf"), last))
    broken = 0
    print(f"{'attack':44} {'exit':>4} {'seconds':>8} {'peak MB':>8}  result")
    for name, want, code, s, s_max, mb, mb_max, last in rows:
        ok = code == want and s <= s_max and mb <= mb_max
        broken += not ok
        print(f"{name[:44]:44} {code:>4} {s:8.2f} {mb:8.1f}  {'ok' if ok else 'BROKEN'}"
              + ("" if ok else f"  (want exit {want}, {s_max:g} s, {mb_max:g} MB): {last[:120]}"))
    print(f"{len(rows) - broken} of {len(rows)} within their limits.")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
