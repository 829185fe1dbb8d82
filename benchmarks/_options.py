"""The command line the benchmarks share: --runs N, --quick (one run of each, to prove the
benchmark still runs, as CI does; its figures mean nothing) and --checkout (measure the
checkout's sources, not the installed package)."""

from __future__ import annotations

import argparse


def runs(description: str | None, default: int) -> int:
    """How many runs of each figure the command line asks for."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=default)
    parser.add_argument("--quick", action="store_true",
                        help="one run of each, to prove the benchmark runs (CI); no figures")
    parser.add_argument("--checkout", action="store_true",
                        help="measure the checkout's sources, not the installed package")
    args = parser.parse_args()
    return 1 if args.quick else args.runs
