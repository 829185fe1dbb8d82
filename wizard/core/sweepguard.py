"""How big the completeness sweep will be, worked out before it evaluates anything.

The sweep walks the product of the values of every fact a table reads, and tests every
rule of the table on each: a rule set with thousands of thresholds, or a set question
with thousands of options, makes that product run for hours. The sweep first works out
the values it will walk (cheap: no rule is tested), and `check_sweep_size` refuses, with a
RuleSetError that says why, a walk over the bound, so that `check-rules` always ends
within a minute.
"""

from __future__ import annotations

from math import comb, prod
from typing import Any

from .errors import RuleSetError

MAX_RULE_TESTS = 100_000_000  # about 25 s of sweep here (0.26 µs each): within a minute
MAX_SUBSETS = 100_000         # sets of options a set question may make the sweep look at
_OVERHEAD = 10                # the facts built for each answer set, in rule tests


def check_subsets(table: Any, fact: str, options: int, max_set_size: int) -> None:
    """Refuse a set question whose subsets alone are more than the sweep can look at."""
    count = sum(comb(options, k) for k in range(max_set_size + 1))
    if count > MAX_SUBSETS:
        first = table.rules[0]
        raise RuleSetError(
            f"the completeness sweep would look at {count:,} sets of the {options:,} options "
            f"of '{fact}', more than the {MAX_SUBSETS:,} it can within a minute: use fewer "
            "options", file=first.file, line=first.line)


def check_sweep_size(walks: list[tuple[Any, list[int]]]) -> None:
    """`walks`: each table with the number of values walked for each fact it reads.
    Raises RuleSetError naming the largest table when the sweep would take too long."""
    sizes = [(table, prod(counts), prod(counts) * (len(table.rules) + _OVERHEAD))
             for table, counts in walks]
    total = sum(tests for _, _, tests in sizes)
    if total <= MAX_RULE_TESTS:
        return
    table, combos, _ = max(sizes, key=lambda item: item[2])
    first = table.rules[0]
    raise RuleSetError(
        f"the completeness sweep would test rules {total:,} times, more than the "
        f"{MAX_RULE_TESTS:,} it can do within a minute; table '{table.id}' alone walks "
        f"{combos:,} answer sets with {len(table.rules):,} rules: use fewer distinct "
        "thresholds or split the table", file=first.file, line=first.line)
