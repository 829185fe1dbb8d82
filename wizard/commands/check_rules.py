"""`spasm-wizard check-rules [DIR]`: validate a rule set, run its scenarios and the
completeness sweep, and grade the reading level of its texts. It parses the YAML each time,
never the cache: it checks the files themselves."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Any

from ..core.errors import RuleSetError, printable
from ..core import rulelocale
from ..core.readability import grade_in, graded
from ..core.reminders import CALENDAR, load_words, texts_to_read
from ..core.ruleset import FILES, _read, load_ruleset, read_overlays
from ..core.scenarios import run_all
from ..core.sweep import sweep
from . import EXIT_OK, EXIT_RULES
from .common import rules_dir

if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    directory = rules_dir(args.dir)
    if getattr(args, "update_translations", None):
        return update_translations(directory, args.update_translations)
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
    problems += readability(ruleset, reminder_texts, "en")
    problems += translations(directory, ruleset)

    if problems:
        for problem in problems:
            print(printable(problem, 1000), file=sys.stderr)
        print(f"FAILED: {len(problems)} problem(s).", file=sys.stderr)
        return EXIT_RULES
    print("OK: the rule set is valid and every scenario passes.")
    return EXIT_OK


def readability(ruleset: Any, reminder_texts: list[tuple[str, str]], language: str) -> list[str]:
    """Print the reading level of a language's texts; the texts above grade 10."""
    # A placeholder is graded as what it holds, a short word or number: "{minutes}" is "5".
    texts = [(where, re.sub(r"\{[^{}]*\}", "5", text))
             for where, text in reading_texts(ruleset) + reminder_texts]
    texts = [(where, text) for where, text in texts if graded(text, language)]
    grades = [(grade_in(text, language), where) for where, text in texts]
    easy = sum(1 for g, _ in grades if g <= 6)
    scale = ("Wiener Sachtextformel" if language == "de" else "Flesch-Kincaid grade")
    print(f"Readability ({language}, {scale}): {easy} of {len(texts)} texts of 5 words or more "
          f"at 6 or below ({100 * easy // max(1, len(texts))}%); none may be above 10.")
    return [f"{where} ({language}): text at reading grade {g}; the limit is 10: use shorter "
            "sentences and everyday words" for g, where in grades if g > 10]


def translations(directory: Any, ruleset: Any) -> list[str]:
    """Report each language's translations: what is missing, stale (its English changed
    since), has other placeholders, or is unknown. For a language the rule set declares
    (ruleset.languages) each is a problem; for another, a note. Each declared language's
    rule set is then loaded and checked, and its reading level graded."""
    declared = [lang for lang in ruleset.info.languages if lang != "en"]
    problems: list[str] = []
    for language in sorted(set(declared) | set(rulelocale.languages_in(directory))):
        overlays = read_overlays(directory, language)   # raises for YAML that cannot be read
        found: list[rulelocale.Problem] = []
        total = 0
        for name in FILES + (CALENDAR,):
            if not (directory / name).is_file():
                continue
            source = _read(directory, name)
            total += len(rulelocale.texts(name, source.data))
            found += rulelocale.translate(source, name, overlays.get(name), language)[1]
        counts = {kind: sum(1 for p in found if p.kind == kind)
                  for kind in ("missing", "stale", "placeholders", "unknown", "malformed")}
        done = total - counts["missing"] - counts["stale"] - counts["placeholders"]
        said = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
        status = "declared" if language in declared else "not declared in rules.yaml"
        print(f"Translations ({language}, {status}): {done} of {total} texts translated and up "
              f"to date" + (f"; {said}." if said else "."))
        lines = [f"{p.file}:{p.line}: {p.message}" if p.line else f"{p.file}: {p.message}"
                 for p in found]
        if language not in declared:
            for line in lines[:20]:
                print(f"  note: {printable(line, 300)}")
            if len(lines) > 20:
                print(f"  note: and {len(lines) - 20} more")
            continue
        problems += lines
        if lines:
            continue
        translated = load_ruleset(directory, language=language, overlays=overlays)
        reminder_texts = (texts_to_read(load_words(translated))
                          if (directory / CALENDAR).is_file() else [])
        problems += readability(translated, reminder_texts, language)
    return problems


def update_translations(directory: Any, language: str) -> int:
    """Write each overlay of `language` anew: every text of the rules in order, its
    translation kept where the English is unchanged, a new or changed one left empty."""
    from ..i18n import normalise
    language = normalise(language)
    if language in ("", "en", rulelocale.PSEUDO):
        print(f"--update-translations: {language!r} is not allowed: a language other than "
              "English, such as de", file=sys.stderr)
        return 2
    overlays = read_overlays(directory, language)
    folder = rulelocale.overlay_file(directory, language, "")
    folder.mkdir(parents=True, exist_ok=True)
    for name in FILES + (CALENDAR,):
        if (directory / name).is_file():
            text = rulelocale.template(_read(directory, name), name, overlays.get(name), language)
            (folder / name).write_text(text, encoding="utf-8")
            print(f"{folder / name}: written")
    print("Now fill in each empty text, then run check-rules to see what is left.")
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
        for text in (a.title, a.text, *a.steps, a.until_else or "", a.illustration_text or ""):
            if text:
                out.append((f"advice {a.id}", text))
    for t in ruleset.tables:
        for value, label in t.labels.items():
            out.append((f"table {t.id} label {value}", label.text))
    for r in ruleset.rules.values():
        out.append((f"{r.where}: rule {r.id} because", r.because))
    return out
