"""Speed of the core: load and validate the rule set, evaluate plans, import the core.

    python benchmarks/core.py [--runs N]

Each figure is a median of many runs. Goals (issue 2): load and validate within 30 ms,
one evaluation within 100 µs, importing the core (no Qt) within 40 ms more than a bare
interpreter, both started fresh in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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
# PyYAML is imported by the first load, so "ready to evaluate" is the honest start-up cost.
READY = (CORE + "\nfrom wizard.core.ruleset import load_ruleset\nfrom wizard.paths import "
         "builtin_rules_dir\nload_ruleset(builtin_rules_dir())")


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def bench_load(runs: int) -> float:
    directory = builtin_rules_dir()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        load_ruleset(directory)
        samples.append(time.perf_counter() - start)
    return median_ms(samples)


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
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - start


def bench_import(runs: int) -> tuple[float, float, float]:
    bare, core, ready = [], [], []
    for _ in range(runs):  # alternate, so that all three see the same machine
        bare.append(fresh("pass"))
        core.append(fresh(CORE))
        ready.append(fresh(READY))
    return median_ms(bare), median_ms(core), median_ms(ready)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    load = bench_load(runs)
    one_us, per_second = bench_evaluate(runs)
    bare, core, ready = bench_import(runs)
    print(f"load and validate the rule set: {load:.1f} ms median of {runs} (goal 30 ms)")
    print(f"one evaluation: {one_us:.1f} µs median of {runs} x 1000 "
          f"({per_second:,.0f} plans per second; goal 100 µs)")
    print(f"import the core in a fresh interpreter: {core:.1f} ms, bare interpreter {bare:.1f} ms: "
          f"{core - bare:.1f} ms for the core (goal 40 ms)")
    print(f"import the core and load the rule set in a fresh interpreter: {ready:.1f} ms, "
          f"{ready - bare:.1f} ms over a bare interpreter")


if __name__ == "__main__":
    main()
