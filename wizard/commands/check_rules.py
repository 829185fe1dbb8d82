"""`spasm-wizard check-rules [DIR]`: validate a rule set, run its scenarios and the
completeness sweep, and grade the reading level of its texts. It parses the YAML each time,
never the cache: it checks the files themselves."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any

from ..core.errors import RuleSetError, printable
from ..core.readability import grade, graded
from ..core.reminders import CALENDAR, load_words, texts_to_read
from ..core.ruleset import load_ruleset
from ..core.scenarios import run_all
from ..core.sweep import sweep
from . import EXIT_OK, EXIT_RULES
from .common import rules_dir

if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    directory = rules_dir(args.dir)
    ruleset = load_ruleset(directory)
    tables = len(ruleset.tables)
    print(f"Rule set {ruleset.info.id} {ruleset.info.version} in {directory}: "
          f"{len(ruleset.rules)} rules in {tables} tables, {len(ruleset.advice)} advice items, "
          f"{len(ruleset.questions)} questions. Loaded and cross-checked.")
    problems: list[str] = []

    report = run_all(ruleset)
    print(f"Scenarios: {report.cases - report.failed} of {report.cases} pass.")
    problems += report.failures + report.unused_rules
    if not report.unused_rules:
        print("Every rule is used by at least one scenario.")

    try:
        swept = sweep(ruleset)
        print(f"Completeness: {swept.answer_sets:,} answer sets, {swept.evaluated:,} evaluated: "
              "every one gets exactly one outcome from each table.")
    except RuleSetError as exc:
        problems.append(f"{exc} (found by the completeness sweep)")

    reminder_texts: list[tuple[str, str]] = []
    if (directory / CALENDAR).is_file():
        words = load_words(ruleset)  # calendar.yaml: placeholders, advice ids and phases
        reminder_texts = texts_to_read(words)
        print(f"Reminder words: {len(reminder_texts)} texts checked.")
    else:
        print(f"Reminder words: none ({CALENDAR} is not in this rule set).")
    texts = [(where, text) for where, text in reading_texts(ruleset) + reminder_texts
             if graded(text)]
    hard = [(g, where) for where, text in texts if (g := grade(text)) > 10]
    easy = sum(1 for _, text in texts if grade(text) <= 6)
    print(f"Readability: {easy} of {len(texts)} texts of 5 words or more at grade 6 or "
          f"below ({100 * easy // max(1, len(texts))}%); none may be above 10.")
    problems += [f"{where}: text at reading grade {g}; the limit is 10: use shorter "
                 "sentences and everyday words" for g, where in hard]

    if problems:
        for problem in problems:
            print(printable(problem, 1000), file=sys.stderr)
        print(f"FAILED: {len(problems)} problem(s).", file=sys.stderr)
        return EXIT_RULES
    print("OK: the rule set is valid and every scenario passes.")
    return EXIT_OK


def reading_texts(ruleset: Any) -> list[tuple[str, str]]:
    """(where, text) for every text a person reads: questions, options, advice, labels, reasons."""
    out: list[tuple[str, str]] = []
    for q in ruleset.questions.values():
        for text in (q.text, q.help, q.none_text, q.yes_text, q.no_text):
            if text:
                out.append((f"question {q.id}", text))
        for o in q.options:
            out.append((f"question {q.id} option {o.id}", o.text))
            if o.detail:
                out.append((f"question {q.id} option {o.id}", o.detail))
        for g in q.groups:
            for text in (g.title, g.help):
                if text:
                    out.append((f"question {q.id} group {g.id}", text))
    for page in ruleset.pages:
        out += [(f"page {page.id}", page.title), (f"page {page.id}", page.subtitle)]
    for a in ruleset.advice.values():
        for text in (a.title, a.text, *a.steps, a.until_else or ""):
            if text:
                out.append((f"advice {a.id}", text))
    for t in ruleset.tables:
        for value, label in t.labels.items():
            out.append((f"table {t.id} label {value}", label.text))
    for r in ruleset.rules.values():
        out.append((f"{r.where}: rule {r.id} because", r.because))
    return out
