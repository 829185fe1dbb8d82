"""The commands of the command line, one module each (plan, checkin, history, forget, close,
check_rules), each with a `run(args) -> int`. wizard/cli.py reads the command line and imports
the one module the command needs, so that a command loads only what it uses.

Shared by them: here, the exit codes and the exceptions that cli.main turns into them (with
no imports: main catches them before it knows the command); common (--now, --rules and the
rule set), inputs (--answers and --waking), storage (the history), and the writers of the
files some commands write on request: pdf_file (Qt's QtGui) and ics_file (icalendar),
imported only when --pdf or --ics is given.
"""

# The exit status (CONTRACT.md): 0 success; 2 bad usage or bad answers; 3 an invalid rule set;
# 1 anything else.
EXIT_OK, EXIT_OTHER, EXIT_USAGE, EXIT_RULES = 0, 1, 2, 3


class UsageError(Exception):
    """Bad usage or bad answers: exit 2 with the message."""


class ExportFailed(Exception):
    """The PDF could not be written: exit 1 with the path in the message."""


class HistoryFailed(Exception):
    """The history cannot be used: exit 1 with the reason."""
