"""The command line the benchmarks share: --runs N, --quick (one run of each, to prove the
benchmark still runs, as CI does; its figures mean nothing) and --checkout (measure the
checkout's sources, not the installed package)."""

from __future__ import annotations

import argparse

LANG: str | None = None  # --lang: the app's language in the run (its catalogue, its rule set)


def runs(description: str | None, default: int) -> int:
    """How many runs of each figure the command line asks for."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=default)
    parser.add_argument("--quick", action="store_true",
                        help="one run of each, to prove the benchmark runs (CI); no figures")
    parser.add_argument("--checkout", action="store_true",
                        help="measure the checkout's sources, not the installed package")
    parser.add_argument("--lang", metavar="CODE",
                        help="measure the app in this language (de, en-XA; default: English)")
    args = parser.parse_args()
    global LANG
    LANG = args.lang
    return 1 if args.quick else args.runs
