"""Speed of the core: load and validate the rule set, evaluate plans, import the core.

    python benchmarks/core.py [--runs N] [--quick] [--checkout]

Each figure is a median of many runs. Goals: load and validate within 30 ms, one
evaluation within 100 µs, and importing the core (no Qt) within 30 ms more than a bare
interpreter, both started fresh and alternately in the same run (issue 11). Measures the
installed package (pip install ., not editable: this machine sets PYTHONDONTWRITEBYTECODE,
so the checkout's sources would be compiled at every start) unless --checkout. --quick runs
each once, to prove that the benchmark still runs (CI); its figures mean nothing.
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
DATA = tempfile.mkdtemp(prefix="spasm-bench-data-")

from wizard import rulecache  # noqa: E402
from wizard.core.answers import validate_answers  # noqa: E402
from wizard.core.engine import Engine  # noqa: E402
from wizard.core.ruleset import load_ruleset  # noqa: E402
from wizard.paths import builtin_rules_dir  # noqa: E402

NOW = datetime.fromisoformat("2026-11-27T10:00:00+01:00")
ANSWERS = [
    {"age": 34, "red_flags": [], "sudden_trauma": True, "trauma_kind": "lifting",
     "onset": "2026-11-27T07:30:00+01:00", "symptoms": ["stiffness"], "pain": 6},
    {"age": 61, "red_flags": ["fever"], "sudden_trauma": False,
     "onset": "2026-11-20T07:30:00+01:00", "symptoms": ["leg_pain_below_knee"], "pain": 7,
     "first_pain": 7, "previous_pain": 5},
    {"age": 40, "red_flags": ["both_legs"], "sudden_trauma": False,
     "onset": "2026-11-26T07:30:00+01:00", "symptoms": [], "pain": 9},
]
CORE = "import wizard.core.engine, wizard.core.answers, wizard.core.ruleset, wizard.words"
# PyYAML is imported by a load without the cache, so "ready to evaluate" is the honest
# start-up cost: first with the cache warm (every start after the first), then without.
READY = (CORE + "\nfrom pathlib import Path\nfrom wizard import rulecache\nfrom wizard.paths import "
         f"builtin_rules_dir\nrulecache.load(builtin_rules_dir(), Path({DATA!r}))")
READY_NO_CACHE = (CORE + "\nfrom wizard.core.ruleset import load_ruleset\nfrom wizard.paths "
                  "import builtin_rules_dir\nload_ruleset(builtin_rules_dir())")


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bench_load(runs: int) -> tuple[float, float]:
    """Load and validate: with the cache (as every start after the first), and from YAML."""
    directory = builtin_rules_dir()
    rulecache.load(directory, Path(DATA))
    cached, parsed = [], []
    for _ in range(runs):
        start = time.perf_counter()
        rulecache.load(directory, Path(DATA))
        cached.append(time.perf_counter() - start)
        start = time.perf_counter()
        load_ruleset(directory)
        parsed.append(time.perf_counter() - start)
    return median_ms(cached), median_ms(parsed)


def bench_evaluate(runs: int) -> tuple[float, float]:
    ruleset = load_ruleset(builtin_rules_dir())
    engine = Engine(ruleset)
    answers = [validate_answers(a, ruleset, NOW) for a in ANSWERS]
    per_batch, batch = [], 1000
    for _ in range(runs):
        start = time.perf_counter()
        for i in range(batch):
            engine.evaluate(answers[i % len(answers)], NOW)
        per_batch.append((time.perf_counter() - start) / batch)
    one = statistics.median(per_batch)
    return one * 1e6, 1 / one


def fresh(code: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)} if CHECKOUT else None
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=RUN_IN, env=env)
    return time.perf_counter() - start


def bench_import(runs: int) -> tuple[float, float, float, float]:
    fresh(READY)  # makes the cache
    bare, core, ready, no_cache = [], [], [], []
    for _ in range(runs):  # alternate, so that all see the same machine
        bare.append(fresh("pass"))
        core.append(fresh(CORE))
        ready.append(fresh(READY))
        no_cache.append(fresh(READY_NO_CACHE))
    return median_ms(bare), median_ms(core), median_ms(ready), median_ms(no_cache)


def main() -> None:
    runs = _options.runs(__doc__, 30)
    cached, parsed = bench_load(runs)
    one_us, per_second = bench_evaluate(runs)
    bare, core, ready, no_cache = bench_import(runs)
    print(f"load and validate the rule set, median of {runs}: {cached:.1f} ms with the cache, "
          f"{parsed:.1f} ms from the YAML (goal 30 ms)")
    print(f"one evaluation: {one_us:.1f} µs median of {runs} x 1000 "
          f"({per_second:,.0f} plans per second; goal 100 µs)")
    print(f"import the core in a fresh interpreter: {core:.1f} ms, bare interpreter {bare:.1f} ms: "
          f"{core - bare:.1f} ms for the core (goal 30 ms)")
    print(f"import the core and load the rule set in a fresh interpreter: {ready - bare:.1f} ms "
          f"over a bare interpreter with the cache, {no_cache - bare:.1f} ms without it")


if __name__ == "__main__":
    main()
