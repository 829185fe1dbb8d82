"""The failures that wizard.cli.main turns into an exit status and one line on stderr. Kept
apart, with no imports, because main catches them before it knows the command."""

# The exit status (CONTRACT.md): 0 success; 2 bad usage or bad answers; 3 an invalid rule set;
# 1 anything else.
EXIT_OK, EXIT_OTHER, EXIT_USAGE, EXIT_RULES = 0, 1, 2, 3


class UsageError(Exception):
    """Bad usage or bad answers: exit 2 with the message."""


class ExportFailed(Exception):
    """The PDF could not be written: exit 1 with the path in the message."""


class HistoryFailed(Exception):
    """The history cannot be used: exit 1 with the reason."""
