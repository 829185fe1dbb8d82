"""The command line (CONTRACT.md). No arguments opens the window.

Exit status: 0 success; 2 bad usage or bad answers; 3 an invalid rule set; 1 anything else.
A traceback is shown only with --debug.

This module only reads the command line and runs the command: each command is a module of
wizard.commands, with its imports at its top, and main() imports the one it runs (below). So
a command loads what it uses and no more, and the window's start loads none of them.
"""

from __future__ import annotations

import gc
import importlib
import sys
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, NoReturn

from .commands import (EXIT_OTHER, EXIT_RULES, EXIT_USAGE, ExportFailed, HistoryFailed,
                       UsageError)
from .core.errors import AnswersError, RuleSetError, printable

if TYPE_CHECKING:
    import argparse


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
    "history": ({"help": "list the stored episodes and their check-ins",
                 "description": "List the stored episodes, their check-ins and what was done "
                                "each day. With --json, as JSON."}, (
        ("--json", {"action": "store_true", "help": "print the history as JSON"}),)),
    "forget": ({"help": "delete every stored answer, plan and setting",
                "description": "Delete every stored answer, plan and setting of this app on "
                               "this computer. Asks for --yes; refused while the window is "
                               "open."}, (
        ("--yes", {"action": "store_true", "help": "yes, delete it all"}),)),
    "install-desktop": ({"help": "put the app in your desktop's menu (or --remove it)",
                         "description": "Install the menu entry, the icon and the AppStream "
                                        "metainfo for the current user under $XDG_DATA_HOME "
                                        "(default ~/.local/share); --remove takes them away."}, (
        ("--remove", {"action": "store_true", "help": "take them away again"}),)),
    "check-rules": ({"help": "validate a rule set and run its scenarios",
                     "description": "Validate a rule set (default: the built-in one), run its "
                                    "scenario files and the completeness sweep."}, (
        ("dir", {"nargs": "?", "metavar": "DIR", "help": "the rule set folder"}),
        ("--update-translations", {"metavar": "LANG",
                                   "help": "write the rule set's translation files of LANG "
                                           "(locale/LANG/*.yaml) anew: every text, new ones "
                                           "empty, translations kept"}))),
}


def _parser() -> argparse.ArgumentParser:
    # Imported here, not at the top: a plain command line never needs argparse (_plain_args).
    import argparse

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str) -> NoReturn:
            self.print_usage(sys.stderr)
            self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")

    parser = _Parser(prog="spasm-wizard", description=DESCRIPTION)
    parser.add_argument("--debug", action="store_true", help="show the full error on failure")
    parser.add_argument("--lang", metavar="CODE",  # taken out by _take_lang: help text only
                        help="the language of the plan and the window: en, de (default: the "
                             "system's); allowed before or after the command name")
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
    debug = argv[:1] == ["--debug"]
    rest = argv[1:] if debug else argv
    if not rest or rest[0] not in COMMANDS:
        return None
    arguments = dict(COMMANDS[rest[0]][1])
    if any(not flag.startswith("--") for flag in arguments):
        return None
    values: dict[str, Any] = {"debug": debug, "lang": None, "command": rest[0]}
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
    _text_in_utf8()
    code = main(argv)
    # The process ends here, and the system takes its memory back at once. Python's last
    # collection would first walk every object still alive (importing Qt alone makes half a
    # million): 12 to 20 ms of every command and of closing the window (benchmarks/pdf.py).
    # Frozen objects are left out of it; the exit handlers, files and streams end as usual.
    gc.freeze()
    sys.exit(code)


def _text_in_utf8() -> None:
    """Python writes UTF-8 in a C or POSIX locale (PEP 538 and 540), but not when the locale
    asked for is not installed (LANG=de_DE.UTF-8 on a machine with only C.UTF-8), nor in the
    program built with Nuitka: its streams were ASCII and a German plan ended in a
    UnicodeEncodeError. An ASCII stream writes UTF-8, as Python's own would in a C locale; an
    encoding the person chose (PYTHONIOENCODING) is kept."""
    import codecs
    import os
    if os.environ.get("PYTHONIOENCODING"):
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            if codecs.lookup(stream.encoding).name == "ascii":
                stream.reconfigure(encoding="utf-8")
        except (AttributeError, LookupError, TypeError, ValueError):
            pass  # no stream (a windowed start), or one that cannot be changed


def _take_lang(argv: list[str]) -> tuple[list[str], str | None]:
    """`--lang CODE` (or `--lang=CODE`) taken out of the command line, wherever it stands:
    every command takes it, before or after its name. Raises UsageError without a code."""
    rest, lang, tokens = [], None, iter(argv)
    for token in tokens:
        if token == "--lang":
            lang = next(tokens, None)
            if lang is None or lang.startswith("-") or not lang.strip():
                raise UsageError(f"--lang: {lang or ''!r} is not allowed: a language code, "
                                 "such as en or de")
        elif token.startswith("--lang="):
            lang = token.split("=", 1)[1]
            if not lang.strip():
                raise UsageError("--lang: '' is not allowed: a language code, such as en or de")
        else:
            rest.append(token)
    return rest, lang


def use_language(requested: str | None) -> str:
    """Speak the language asked for (--lang), else the system's; an unknown one is English,
    said once on stderr."""
    from .i18n import resolve, set_language, system_language
    code, notice = resolve(requested or system_language())
    if notice:
        _say(notice)
    return set_language(code)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        argv, lang = _take_lang(argv)
    except UsageError as exc:
        _say(exc)
        return EXIT_USAGE
    if argv in ([], ["--debug"]):  # the window: no need to build the parser first
        return _open_window(debug=bool(argv), lang=lang)
    args = _plain_args(argv) or _parser().parse_args(argv)
    args.lang = lang
    try:
        if args.command is None:
            return _open_window(args.debug, lang)
        use_language(lang)
        # The one import of a command's module, here at the boundary: each loads only what its
        # command uses (wizard.commands.plan never SQLite, none of them Qt but for a PDF).
        module = args.command.replace("-", "_")
        return importlib.import_module(f"wizard.commands.{module}").run(args)
    except (UsageError, AnswersError) as exc:
        _say(exc)
        return EXIT_USAGE
    except RuleSetError as exc:
        _say(f"invalid rule set: {exc}")
        return EXIT_RULES
    except (ExportFailed, HistoryFailed) as exc:
        _say(exc)
        return EXIT_OTHER
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if args.debug:
            raise
        _say(f"{type(exc).__name__}: {exc} (run with --debug for details)")
        return EXIT_OTHER


def _say(message: object) -> None:
    """One line on stderr, control characters escaped: a value from a file may hold escape
    sequences that a terminal would obey."""
    print(f"spasm-wizard: {printable(str(message), 1000)}", file=sys.stderr)


def _open_window(debug: bool, lang: str | None = None) -> int:
    # No garbage collection until the window is ready (gui/app.py then freezes what start-up
    # made and collects again): importing Qt makes half a million objects and few cycles,
    # and the scans cost a tenth of the start (benchmarks/startup.py).
    gc.disable()
    try:
        return _run_window(debug, lang)
    finally:
        gc.enable()


def _before_qt() -> None:
    """The Qt-free modules the first page needs, imported before Qt: once PySide6 is loaded,
    each new module costs a read of its source file (PySide6 looks for `__feature__` in
    it). For a returning person that includes the history, read before "Welcome back" shows:
    3 ms of its start (benchmarks/startup.py, 20 starts each)."""
    from . import i18n, ownfiles, settings  # noqa: F401
    from .core import clock, contract  # noqa: F401
    from .paths import data_dir
    if (data_dir() / "history.sqlite3").exists():
        from .history import store  # noqa: F401


def _run_window(debug: bool, lang: str | None) -> int:
    _before_qt()
    try:  # the window's one import, here: the commands never load the window
        from .gui.app import run
    except ImportError as exc:  # Qt's libraries missing: say so in words, not a traceback
        print(f"spasm-wizard: the window cannot open: {exc}. The commands still work "
              "(see 'spasm-wizard --help').", file=sys.stderr)
        return EXIT_OTHER
    try:  # an error before the window's own handlers are in place: one line, not a traceback
        return run(debug=debug, lang=lang)
    except Exception as exc:
        if debug:
            raise
        if isinstance(exc, RuleSetError):
            _say(f"invalid rule set: {exc}")
            return EXIT_RULES
        _say(f"the window could not open: {type(exc).__name__}: {exc} "
             "(run with --debug for details)")
        return EXIT_OTHER
