"""The two kinds of error a person or a rule author can cause, each with a located message."""

from __future__ import annotations


class RuleSetError(Exception):
    """A rule set that cannot be used. The message starts with file:line:column."""

    def __init__(self, message: str, *, file: str = "", line: int = 0, column: int = 0,
                 rule_id: str | None = None) -> None:
        self.file, self.line, self.column, self.rule_id = file, line, column, rule_id
        self.detail = message
        where = f"{file}:{line}:{column}: " if file else ""
        rule = f"rule {rule_id}: " if rule_id else ""
        super().__init__(f"{where}{rule}{message}")


class AnswersError(Exception):
    """Answers that cannot be used: names the field, the value given and what is allowed."""

    def __init__(self, field: str, value: object, allowed: str, *, source: str = "",
                 line: int = 0) -> None:
        self.field, self.value, self.allowed = field, value, allowed
        where = f"{source}:{line}: " if source and line else (f"{source}: " if source else "")
        shown = "(missing)" if value is MISSING else repr(value) if isinstance(value, str) else value
        super().__init__(f"{where}{printable(field)}: {printable(shown, 120)} is not allowed: "
                         f"{allowed}")


def printable(value: object, limit: int = 200) -> str:
    """`value` as one line a terminal shows as it is: control characters (escape
    sequences, new lines) escaped, and cut to `limit` characters."""
    text = value if isinstance(value, str) else repr(value) if isinstance(value, bytes) \
        else _short_repr(value, limit)
    text = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[:limit * 2])
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _short_repr(value: object, limit: int) -> str:
    """str(value), without building all of a huge list first."""
    if isinstance(value, (list, tuple, set, frozenset)) and len(value) > limit:
        return str(type(value)(list(value)[:limit]))
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 4 * limit:
        return f"a number of about {int(value.bit_length() * 0.30103):,} digits"
    return str(value)


class _Missing:
    def __repr__(self) -> str:
        return "(missing)"


MISSING = _Missing()  # the value shown for an answer that was not given
