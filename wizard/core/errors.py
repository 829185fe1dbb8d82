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
        super().__init__(f"{where}{field}: {shown} is not allowed: {allowed}")


class _Missing:
    def __repr__(self) -> str:
        return "(missing)"


MISSING = _Missing()  # the value shown for an answer that was not given
