"""The command line (CONTRACT.md). No arguments opens the window.

Exit status: 0 success; 2 bad usage or bad answers; 3 an invalid rule set; 1 anything else.
A traceback is shown only with --debug.
"""

from __future__ import annotations

import gc
import sys
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import argparse
    from datetime import datetime
    from pathlib import Path
    from .core.ruleset import RuleSet

EXIT_OK, EXIT_OTHER, EXIT_USAGE, EXIT_RULES = 0, 1, 2, 3


class UsageError(Exception):
    """Bad usage or bad answers: exit 2 with the message."""


DESCRIPTION = ("A self-care plan for a sudden lower-back spasm. Not a diagnosis: in an emergency, "
               "call for help. With no command, opens the window.")
_WAKING_HELP = ("your waking hours, for the schedule and the check-in time (default: as set in "
                "the window, else 08:00-22:00)")

# The commands and their arguments, in one table: argparse is built from it (for --help, and
# for every error message), and so is the short cut that reads a well-formed command line
# without importing argparse (about 15 ms, gettext's import most of it).
COMMANDS: dict[str, tuple[dict[str, str], tuple[tuple[str, dict[str, Any]], ...]]] = {
    "plan": ({"help": "evaluate one set of answers and print the plan",
              "description": "Evaluate the answers in FILE and print the plan. Stores nothing."}, (
        ("--answers", {"required": True, "metavar": "FILE",
                       "help": "the answers, a YAML file (see the README)"}),
        ("--now", {"metavar": "ISO", "help": "the current time, e.g. 2026-11-27T10:00:00+01:00 "
                                             "(default: this computer's clock)"}),
        ("--json", {"action": "store_true", "help": "print the plan as JSON"}),
        ("--pdf", {"metavar": "OUT", "help": "also write the plan as a PDF to OUT"}),
        ("--ics", {"metavar": "OUT", "help": "also write the plan's reminders as a calendar file "
                                             "(iCalendar) to OUT"}),
        ("--waking", {"metavar": "HH:MM-HH:MM", "help": _WAKING_HELP}),
        ("--rules", {"metavar": "DIR", "help": "use the rule set in DIR"}))),
    "checkin": ({"help": "like plan, and record the check-in in your history",
                 "description": "Evaluate the answers in FILE, record the check-in in the open "
                                "episode (or a new one) and print the plan."}, (
        ("--answers", {"required": True, "metavar": "FILE",
                       "help": "the answers; onset and strain may be left out in an open episode"}),
        ("--now", {"metavar": "ISO", "help": "the current time (default: the clock)"}),
        ("--new-episode", {"action": "store_true",
                           "help": "start a new episode (closes the open one)"}),
        ("--json", {"action": "store_true", "help": "print the plan as JSON"}),
        ("--pdf", {"metavar": "OUT", "help": "also write the plan as a PDF to OUT"}),
        ("--ics", {"metavar": "OUT", "help": "also write the plan's reminders as a calendar file "
                                             "to OUT; it updates or cancels the reminders of "
                                             "earlier check-ins"}),
        ("--waking", {"metavar": "HH:MM-HH:MM", "help": _WAKING_HELP}),
        ("--take-back", {"action": "append", "default": [], "metavar": "SIGN",
                         "help": "a warning sign told at an earlier check-in by mistake "
                                 "(repeatable)"}))),
    "close": ({"help": "close the open episode: my back is better",
               "description": "Close the open episode (my back is better). With --ics, write "
                              "the calendar file that cancels its reminders."}, (
        ("--ics", {"metavar": "OUT",
                   "help": "write the file that cancels the episode's reminders to OUT"}),
        ("--now", {"metavar": "ISO", "help": "the current time (default: the clock)"}))),
    "history": ({"help": "list the stored episodes and their check-ins"}, (
        ("--json", {"action": "store_true", "help": "print the history as JSON"}),)),
    "forget": ({"help": "delete every stored answer, plan and setting"}, (
        ("--yes", {"action": "store_true", "help": "yes, delete it all"}),)),
    "check-rules": ({"help": "validate a rule set and run its scenarios",
                     "description": "Validate a rule set (default: the built-in one), run its "
                                    "scenario files and the completeness sweep."}, (
        ("dir", {"nargs": "?", "metavar": "DIR", "help": "the rule set folder"}),)),
}


def _parser() -> argparse.ArgumentParser:
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            self.print_usage(sys.stderr)
            self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")

    parser = _Parser(prog="spasm-wizard", description=DESCRIPTION)
    parser.add_argument("--debug", action="store_true", help="show the full error on failure")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (about, arguments) in COMMANDS.items():
        command = sub.add_parser(name, **about)
        for flag, options in arguments:
            command.add_argument(flag, **options)
    return parser


def _plain_args(argv: list[str]) -> Any:
    """The arguments of a plain command line: `[--debug] COMMAND` and that command's options,
    each written in full, each value apart and not starting with '-'. The same namespace as
    argparse's; None for anything else (help, an abbreviation, a positional argument, an error),
    which argparse then reads, says what is wrong with, or explains."""
    from types import SimpleNamespace
    debug = argv[:1] == ["--debug"]
    rest = argv[1:] if debug else argv
    if not rest or rest[0] not in COMMANDS:
        return None
    arguments = dict(COMMANDS[rest[0]][1])
    if any(not flag.startswith("--") for flag in arguments):
        return None
    values: dict[str, Any] = {"debug": debug, "command": rest[0]}
    for flag, options in arguments.items():
        default = options.get("default")
        values[flag[2:].replace("-", "_")] = (False if options.get("action") == "store_true"
                                              else list(default) if default is not None
                                              else None)
    tokens = iter(rest[1:])
    for token in tokens:
        options = arguments.get(token)
        if options is None:
            return None
        key, action = token[2:].replace("-", "_"), options.get("action")
        if action == "store_true":
            values[key] = True
            continue
        value = next(tokens, None)
        if value is None or value.startswith("-"):
            return None
        if action == "append":
            values[key].append(value)
        else:
            values[key] = value
    if any(options.get("required") and values[flag[2:].replace("-", "_")] is None
           for flag, options in arguments.items()):
        return None
    return SimpleNamespace(**values)


# Commands that end within a second or so: Python's cyclic garbage collector only costs them
# time (8 ms of plan --pdf's 220, measured: the collections during PySide6's import), and the
# memory is given back when they end. check-rules (its sweep) keeps it; the window turns it
# off until it is ready (_open_window).
SHORT_COMMANDS = frozenset({"plan", "checkin", "history", "forget", "close"})


def run() -> NoReturn:
    """The process: `spasm-wizard` and `python -m wizard`. main() is for callers in a process
    of their own (the tests), and leaves the garbage collector alone but for the window's
    start."""
    argv = sys.argv[1:]
    if next((a for a in argv if a != "--debug"), None) in SHORT_COMMANDS:
        gc.disable()
    sys.exit(main(argv))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv in ([], ["--debug"]):  # the window: no need to build the parser first
        return _open_window(debug=bool(argv))
    args = _plain_args(argv) or _parser().parse_args(argv)
    try:
        if args.command is None:
            return _open_window(args.debug)
        commands = {"plan": _plan, "checkin": _checkin, "history": _history, "forget": _forget,
                    "check-rules": _check_rules, "close": _close}
        return commands[args.command](args)
    except UsageError as exc:
        _say(exc)
        return EXIT_USAGE
    except ExportFailed as exc:
        _say(exc)
        return EXIT_OTHER
    except HistoryFailed as exc:
        _say(exc)
        return EXIT_OTHER
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from .core.errors import AnswersError, RuleSetError
        if isinstance(exc, AnswersError):
            _say(exc)
            return EXIT_USAGE
        if isinstance(exc, RuleSetError):
            _say(f"invalid rule set: {exc}")
            return EXIT_RULES
        if args.debug:
            raise
        _say(f"{type(exc).__name__}: {exc} (run with --debug for details)")
        return EXIT_OTHER


def _say(message: object) -> None:
    """One line on stderr, control characters escaped: a value from a file may hold escape
    sequences that a terminal would obey."""
    from .core.errors import printable
    print(f"spasm-wizard: {printable(str(message), 1000)}", file=sys.stderr)


def _open_window(debug: bool) -> int:
    # No garbage collection until the window is ready (gui/app.py then freezes what start-up
    # made and collects again): importing Qt makes half a million objects and few cycles,
    # and the scans cost a tenth of the start (benchmarks/startup.py).
    gc.disable()
    try:
        return _run_window(debug)
    finally:
        gc.enable()


def _run_window(debug: bool) -> int:
    try:
        from .gui.app import run
    except ImportError as exc:  # Qt's libraries missing: say so in words, not a traceback
        print(f"spasm-wizard: the window cannot open: {exc}. The commands still work "
              "(see 'spasm-wizard --help').", file=sys.stderr)
        return EXIT_OTHER
    try:  # an error before the window's own handlers are in place: one line, not a traceback
        return run(debug=debug)
    except Exception as exc:
        if debug:
            raise
        from .core.errors import RuleSetError
        if isinstance(exc, RuleSetError):
            _say(f"invalid rule set: {exc}")
            return EXIT_RULES
        _say(f"the window could not open: {type(exc).__name__}: {exc} "
             "(run with --debug for details)")
        return EXIT_OTHER

def _now(text: str | None) -> datetime:
    from .core.clock import parse_moment, system_clock
    if text is None:
        return system_clock()
    try:
        return parse_moment(text)
    except ValueError as exc:
        raise UsageError(f"--now: {text!r} is not allowed: {exc}") from None


def _rules_dir(text: str | None) -> Path:
    from pathlib import Path

    from .paths import builtin_rules_dir
    if text is None:
        return builtin_rules_dir()
    path = Path(text)
    if not path.is_dir():
        raise UsageError(f"--rules: {text!r} is not allowed: a folder holding questions.yaml, "
                         "advice.yaml and rules.yaml")
    return path


ANSWERS_MAX_BYTES = 1_000_000  # a real answers file is a few hundred bytes


def read_answers_file(path_text: str) -> tuple[Any, dict[str, int]]:
    """The raw answers in a YAML file and the line of each top-level key."""
    from pathlib import Path

    from .core.yamlsource import YamlLimitError, YamlSyntaxError, load_file
    path = Path(path_text)
    if not path.is_file():
        raise UsageError(f"--answers: {path_text!r} is not allowed: an answers file that exists")
    try:
        src = load_file(path, max_bytes=ANSWERS_MAX_BYTES, strict=True)
    except OSError as exc:
        raise UsageError(f"--answers: {path_text!r} cannot be read ({exc.strerror or exc}): "
                         "an answers file that you can read") from None
    except YamlLimitError as exc:
        raise UsageError(f"{exc.file}:{exc.line}: {exc.field or 'answers'}: {exc.detail}") from None
    except YamlSyntaxError as exc:
        under = _key_above(path, exc.line)
        raise UsageError(f"{exc.file}:{exc.line}: answers: {exc.args[0].split(': ', 1)[1]}"
                         f"{f' (under {under!r})' if under else ''}; "
                         "the answers file must be YAML, such as 'pain: 6' on each line") from None
    lines = {str(key[0]): line for key, (line, _) in src.marks.items() if len(key) == 1}
    return src.data, lines


def _waking(text: str | None, ruleset: Any) -> Any:
    """The person's waking hours: --waking, else the window's setting, else the rule set's."""
    from .core.schedule import parse_waking
    from .settings import stored_waking
    if text is None:
        stored = stored_waking()
        if stored is not None:
            return stored
        return ruleset.waking
    try:
        return parse_waking(text)
    except ValueError as exc:
        raise UsageError(f"--waking: {text!r} is not allowed: {exc}") from None


def _key_above(path: Path, line: int) -> str | None:
    """The top-level key at or above `line`: where a YAML error stands, in the person's words."""
    import re
    try:
        lines = path.read_bytes()[:ANSWERS_MAX_BYTES].decode("utf-8", "replace").splitlines()
    except OSError:
        return None
    for text in reversed(lines[:line]):
        found = re.match(r"([A-Za-z_][\w-]{0,40})\s*:", text)
        if found:
            return found.group(1)
    return None


def _load_rules(folder: str | None, *, write: bool = True) -> RuleSet:
    """The built-in rule set, through the cache in the data folder (rulecache.py), which
    `plan` reads but never writes (it stores nothing); a --rules folder, parsed each time."""
    from .paths import builtin_rules_dir, data_dir
    from .rulecache import load
    if folder is not None:
        return load(_rules_dir(folder), None)
    return load(builtin_rules_dir(), data_dir(), write=write)


def _plan(args: argparse.Namespace) -> int:
    from .core.clock import local_zone
    from .core.engine import Engine
    from .core.answers import typed_answers, validate_answers
    now = _now(args.now)
    ruleset = _load_rules(args.rules, write=False)
    waking = _waking(args.waking, ruleset)
    raw, lines = read_answers_file(args.answers)
    engine = Engine(ruleset)
    if isinstance(raw, dict):
        answers = typed_answers(engine, raw, now, source=args.answers, lines=lines)
    else:
        answers = validate_answers(raw, ruleset, now, source=args.answers, lines=lines)
    plan = engine.evaluate(answers, now, zone=local_zone(), waking=waking)
    if args.pdf is not None:
        _check_pdf_name(args.pdf)
    if args.json:
        import json
        print(json.dumps(plan.to_json(), indent=2, ensure_ascii=False))
    else:
        from .words import plan_text
        sys.stdout.write(plan_text(plan, ruleset))
    if args.pdf is not None:  # after the plan: a failed PDF still leaves the plan in hand
        sys.stdout.flush()
        _write_pdf(plan, ruleset, args.pdf)
    if getattr(args, "ics", None):
        sys.stdout.flush()
        _write_plan_ics(plan, ruleset, args.ics, now)
    return EXIT_OK


class HistoryFailed(Exception):
    """The history cannot be used: exit 1 with the reason."""


def _store() -> Any:
    from .history.store import HistoryError, Store
    from .paths import data_dir
    try:
        store = Store(data_dir())
    except HistoryError as exc:
        raise HistoryFailed(f"your history cannot be used: {exc}") from None
    if store.notice:
        print(f"spasm-wizard: note: {store.notice}", file=sys.stderr)
    return store


def _checkin(args: argparse.Namespace) -> int:
    import json

    from .core.clock import local_zone
    from .history.checkin import check_in
    from .history.store import HistoryError
    now = _now(args.now)
    if args.pdf is not None:
        _check_pdf_name(args.pdf)
    ruleset = _load_rules(None)
    waking = _waking(args.waking, ruleset)
    signs = {o.id for o in ruleset.options("red_flags")}
    for sign in args.take_back:
        if sign not in signs:
            raise UsageError(f"--take-back: {sign!r} is not allowed: one of "
                             f"{', '.join(sorted(signs))}")
    raw, lines = read_answers_file(args.answers)
    if not isinstance(raw, dict):
        from .core.answers import validate_answers
        validate_answers(raw, ruleset, now, source=args.answers)  # says what is wrong
    store = _store()
    try:
        result = check_in(store, ruleset, raw, now, new_episode=args.new_episode,
                          source=args.answers, take_back=tuple(args.take_back),
                          zone=local_zone(), waking=waking)
        from .words import adherence
        done = tuple(adherence(store.done(result.episode.id), result.plan.zone))
    except HistoryError as exc:
        raise HistoryFailed(f"the check-in was not recorded: {exc}") from None
    finally:
        store.close()
    if args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False))
    else:
        from .words import plan_text
        head = [f"Episode {result.episode.id}, check-in {result.number}."] + list(result.changes)
        sys.stdout.write("\n".join(head) + "\n\n" + plan_text(result.plan, ruleset))
    if args.pdf is not None:  # the check-in is recorded: print its plan, then fail on the PDF
        sys.stdout.flush()
        _write_pdf(result.plan, ruleset, args.pdf, result.series, result.changes, done)
    if getattr(args, "ics", None):
        sys.stdout.flush()
        _write_checkin_ics(result, ruleset, args.ics, now)
    return EXIT_OK


def _history(args: argparse.Namespace) -> int:
    import json

    from .core.ruleset import load_ruleset
    from .paths import builtin_rules_dir
    from .words import adherence
    store = _store()
    try:
        episodes = [(e, store.checkins(e.id), store.corrections(e.id)) for e in store.episodes()]
        done = {e.id: store.done(e.id) for e, _, _ in episodes}
    finally:
        store.close()
    if args.json:
        print(json.dumps({"episodes": [{
            "id": e.id, "onset": e.onset.isoformat() if e.onset else None,
            "sudden_trauma": e.sudden_trauma,
            "trauma_kind": e.trauma_kind, "closed": e.closed.isoformat() if e.closed else None,
            "checkins": [{"number": c.number, "at": c.at.isoformat(), "pain": c.pain,
                          "triage": c.triage, "phase": c.phase,
                          "next_checkin": c.plan.get("next_checkin"),
                          "signs_told": list(c.told), "doctor_checked": c.doctor_seen}
                         for c in checkins],
            "corrections": [{"at": k.at.isoformat(), "kind": k.kind, "sign": k.value}
                            for k in corrections],
            "done": [{"kind": d.kind, "planned": d.planned.isoformat(), "at": d.at.isoformat()}
                     for d in done[e.id]],
            "done_per_day": [{"day": day.isoformat(), "sessions": s, "exercises": x}
                             for day, s, x in adherence(done[e.id], _zone())],
        } for e, checkins, corrections in episodes]}, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not episodes:
        print("No check-ins are stored.")
        return EXIT_OK
    ruleset = load_ruleset(builtin_rules_dir())
    from .words import history_lines
    for episode, checkins, corrections in episodes:
        for line in history_lines(episode, checkins, corrections, ruleset):
            print(line)
        for day, sessions, exercises in adherence(done[episode.id], _zone()):
            from .words import adherence_line
            print(f"  {adherence_line(day, sessions, exercises)}")
    return EXIT_OK


def _zone() -> Any:
    from .core.clock import local_zone
    return local_zone()


def _forget(args: argparse.Namespace) -> int:
    from .history.store import forget
    from .paths import data_dir
    if not args.yes:
        raise UsageError("forget: --yes is needed: this deletes every stored answer, plan and "
                         f"setting in {data_dir()}")
    from .gui.lock import window_open
    if window_open(data_dir()):
        print("spasm-wizard: Back Spasm Wizard is open in a window. Close it, then try again; "
              "or use Delete my data in the window.", file=sys.stderr)
        return EXIT_OTHER
    try:
        removed = forget(data_dir())
    except OSError as exc:
        raise HistoryFailed(f"could not delete {data_dir()}: {exc.strerror or exc}") from None
    folder = data_dir()
    if folder.exists():  # it holds files that are not ours: they stay
        print(f"Deleted every stored answer, plan and setting from {folder} ({len(removed)} "
              "files); the other files in it were left alone." if removed else
              f"Nothing was stored in {folder}; its files were left alone.")
    else:
        print(f"Deleted {folder}: every stored answer, plan and setting "
              f"({len(removed)} files and folders)." if removed else "Nothing was stored.")
    return EXIT_OK


class ExportFailed(Exception):
    """The PDF could not be written: exit 1 with the path in the message."""


def _check_pdf_name(out: str) -> None:
    if not out.strip():
        raise UsageError(f"--pdf: {out!r} is not allowed: a file name, such as plan.pdf")


def _write_pdf(plan: Any, ruleset: Any, out: str, series: Any = (), changes: Any = (),
               adherence: Any = ()) -> None:
    from pathlib import Path

    from .report.pdf import ExportError, write_pdf
    try:
        write_pdf(plan, ruleset, Path(out), waking=plan.waking, series=series, changes=changes,
                  adherence=adherence)
    except ExportError as exc:
        raise ExportFailed(str(exc)) from None


def _write_plan_ics(plan: Any, ruleset: Any, out: str, now: datetime) -> None:
    from pathlib import Path

    from .calendar import CalendarError, NothingToRemind, write_plan_calendar
    try:
        written = write_plan_calendar(plan, ruleset, Path(out), now)
    except NothingToRemind:
        raise ExportFailed(_NO_REMINDERS) from None
    except CalendarError as exc:
        raise ExportFailed(str(exc)) from None
    print(f"Wrote {written.events} reminders to {written.path}.", file=sys.stderr)


_NO_REMINDERS = ("no calendar file was written: this plan has no reminders. Get help now: "
                 "call your emergency number or go to the nearest emergency department.")


def _write_checkin_ics(result: Any, ruleset: Any, out: str, now: datetime) -> None:
    """After a check-in: the plan's reminders, updating those of earlier check-ins. For an
    emergency plan, the file only cancels earlier reminders (CONTRACT.md)."""
    from pathlib import Path

    from .calendar import CalendarError, NothingToRemind, write_episode_calendar
    from .history.store import HistoryError
    store = _store()
    try:
        written = write_episode_calendar(store, result.episode, result.plan, ruleset, Path(out),
                                         now)
    except NothingToRemind:
        raise ExportFailed(_NO_REMINDERS) from None
    except (CalendarError, HistoryError) as exc:
        raise ExportFailed(str(exc)) from None
    finally:
        store.close()
    _say_written(written)


def _say_written(written: Any) -> None:
    if written.events and written.cancelled:
        print(f"Wrote {written.events} reminders to {written.path}. It also cancels "
              f"{written.cancelled} earlier reminders.", file=sys.stderr)
    elif written.cancelled:
        print(f"Wrote {written.path}: it cancels {written.cancelled} earlier reminders. "
              "Open it with your calendar app to remove them.", file=sys.stderr)
    else:
        print(f"Wrote {written.events} reminders to {written.path}.", file=sys.stderr)


def _close(args: argparse.Namespace) -> int:
    """"My back is better": close the open episode; with --ics, cancel its reminders."""
    from pathlib import Path

    from .core.clock import local_zone
    from .core.ruleset import load_ruleset
    from .history.store import HistoryError
    from .paths import builtin_rules_dir
    now = _now(args.now)
    ruleset = load_ruleset(builtin_rules_dir())
    store = _store()
    try:
        episode = store.open_episode(now, store.known_open_days() or
                                     ruleset.history.episode_open_days)
        if episode is None:
            print("spasm-wizard: there is no open episode to close.", file=sys.stderr)
            return EXIT_OTHER
        if args.ics:
            from .calendar import CalendarError, NothingToRemind, write_episode_calendar
            try:
                _say_written(write_episode_calendar(store, episode, None, ruleset,
                                                    Path(args.ics), now, zone=local_zone()))
            except NothingToRemind:
                print("No reminders of this episode are in a calendar, so no file was written.",
                      file=sys.stderr)
            except CalendarError as exc:
                raise ExportFailed(str(exc)) from None
        store.close_episode(episode.id, now)
    except HistoryError as exc:
        raise HistoryFailed(f"the episode was not closed: {exc}") from None
    finally:
        store.close()
    print(f"Closed episode {episode.id}. Glad your back is better.")
    return EXIT_OK


def _check_rules(args: argparse.Namespace) -> int:
    from .core.errors import RuleSetError
    from .core.readability import grade, graded
    from .core.ruleset import load_ruleset
    from .core.scenarios import run_all
    from .core.sweep import sweep
    directory = _rules_dir(args.dir)
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

    from .core.reminders import CALENDAR, load_words, texts_to_read
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
        from .core.errors import printable
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
