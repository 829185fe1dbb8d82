"""`spasm-wizard plan`: evaluate one set of answers and print the plan. Stores nothing, so it
loads neither SQLite nor the history; nor Qt without --pdf (tests/test_cli.py)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from ..core.answers import typed_answers, validate_answers
from ..core.clock import local_zone
from ..core.engine import Engine
from ..words import plan_text
from . import EXIT_OK
from .common import check_pdf_name, load_rules, parse_now
from .inputs import read_answers_file, waking

if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    now = parse_now(args.now)
    ruleset = load_rules(args.rules, write=False)
    hours = waking(args.waking, ruleset)
    raw, lines = read_answers_file(args.answers)
    engine = Engine(ruleset)
    if isinstance(raw, dict):
        answers = typed_answers(engine, raw, now, source=args.answers, lines=lines)
    else:
        answers = validate_answers(raw, ruleset, now, source=args.answers, lines=lines)
    plan = engine.evaluate(answers, now, zone=local_zone(), waking=hours)
    if args.pdf is not None:
        check_pdf_name(args.pdf)
    if args.json:
        import json  # here: plan has no other use for it (1 ms), unlike the commands that store
        print(json.dumps(plan.to_json(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(plan_text(plan, ruleset))
    if args.pdf is not None:  # after the plan: a failed PDF still leaves the plan in hand
        sys.stdout.flush()
        from .pdf_file import write_plan_pdf  # here, not at the top: it loads Qt (QtGui)
        write_plan_pdf(plan, ruleset, args.pdf)
    if getattr(args, "ics", None):
        sys.stdout.flush()
        from .ics_file import write_plan_ics  # here, not at the top: it loads icalendar
        write_plan_ics(plan, ruleset, args.ics, now)
    return EXIT_OK
