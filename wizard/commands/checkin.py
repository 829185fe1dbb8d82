"""`spasm-wizard checkin`: like plan, and record the check-in in the history."""

from __future__ import annotations

import json
import sys
from typing import TYPE_CHECKING

from ..core.answers import validate_answers
from ..core.clock import local_zone
from ..history.checkin import check_in
from ..history.store import HistoryError
from ..i18n import tr
from ..words import adherence, plan_text
from . import EXIT_OK, HistoryFailed, UsageError
from .common import check_pdf_name, load_rules, parse_now
from .inputs import read_answers_file, waking
from .storage import open_store

if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    now = parse_now(args.now)
    if args.pdf is not None:
        check_pdf_name(args.pdf)
    ruleset = load_rules(None)
    hours = waking(args.waking, ruleset)
    signs = {o.id for o in ruleset.options("red_flags")}
    for sign in args.take_back:
        if sign not in signs:
            raise UsageError(f"--take-back: {sign!r} is not allowed: one of "
                             f"{', '.join(sorted(signs))}")
    raw, lines = read_answers_file(args.answers)
    if not isinstance(raw, dict):
        validate_answers(raw, ruleset, now, source=args.answers)  # says what is wrong
    store = open_store()
    try:
        result = check_in(store, ruleset, raw, now, new_episode=args.new_episode,
                          source=args.answers, take_back=tuple(args.take_back),
                          zone=local_zone(), waking=hours)
        done = tuple(adherence(store.done(result.episode.id), result.plan.zone))
    except HistoryError as exc:
        raise HistoryFailed(f"the check-in was not recorded: {exc}") from None
    finally:
        store.close()
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        # translators: the first line of `spasm-wizard checkin`: "Episode 1, check-in 2."
        head = [tr("Episode {id}, check-in {number}.", id=result.episode.id,
                   number=result.number)] + list(result.changes)
        sys.stdout.write("\n".join(head) + "\n\n" + plan_text(result.plan, ruleset))
    if args.pdf is not None:  # the check-in is recorded: print its plan, then fail on the PDF
        sys.stdout.flush()
        from .pdf_file import write_plan_pdf  # here, not at the top: it loads Qt (QtGui)
        write_plan_pdf(result.plan, ruleset, args.pdf, result.series, result.changes, done)
    if getattr(args, "ics", None):
        sys.stdout.flush()
        from .ics_file import write_checkin_ics  # here, not at the top: it loads icalendar
        write_checkin_ics(result, ruleset, args.ics, now)
    return EXIT_OK
