"""What a YAML file says, with where it says it: plain values and the line and column of
each under its path, e.g. ("tables", 0, "rules", 3, "when"); and the errors of reading it.
No PyYAML here: the rule set's cache (wizard/rulecache.py) gives these without parsing, so
that a start with the cache warm never loads PyYAML (yamlsource.py parses). Reading a file
within limits is here too: an answers file in its usual form (flatyaml.py) needs no PyYAML."""

from __future__ import annotations

import os
import re
import stat
from typing import TYPE_CHECKING, Any

from .errors import RuleSetError

if TYPE_CHECKING:
    from pathlib import Path

Path_ = tuple[str | int, ...]


class Located:
    """A YAML document as plain values, with where each value stands in the file."""

    __slots__ = ("file", "data", "marks")

    def __init__(self, file: str, data: Any = None) -> None:
        self.file = file
        self.data = data
        self.marks: dict[Path_, tuple[int, int]] = {}

    def where(self, path: Path_) -> tuple[int, int]:
        """Line and column (1-based) of the value at `path`, or of its nearest parent."""
        path = tuple(path)
        while path not in self.marks and path:
            path = path[:-1]
        return self.marks.get(path, (1, 1))

    def rule_id(self, path: Path_) -> str | None:
        """The id of the innermost mapping on `path` that has one: the rule named in errors."""
        found, node = None, self.data
        for key in path:
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                found = node["id"]
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                break
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            found = node["id"]
        return found

    def error(self, path: Path_, message: str, *, rule_id: str | None = None) -> RuleSetError:
        line, column = self.where(path)
        return RuleSetError(message, file=self.file, line=line, column=column,
                            rule_id=rule_id if rule_id is not None else self.rule_id(path))


class YamlSyntaxError(Exception):
    def __init__(self, file: str, line: int, column: int, message: str) -> None:
        self.file, self.line, self.column = file, line, column
        super().__init__(f"{file}:{line}:{column}: {message}")


class YamlLimitError(YamlSyntaxError):
    """Valid YAML that no answers file or rule set needs: an alias, a value nested too deep,
    a number too long. `field` is the top-level key it stands under, when there is one."""

    def __init__(self, file: str, line: int, column: int, message: str,
                 field: str | None = None) -> None:
        self.field = field
        self.detail = message
        self.rule_id: str | None = None
        super().__init__(file, line, column, f"{field}: {message}" if field else message)


_MSGSPEC_PATH = re.compile(r"\.([A-Za-z_][\w-]*)|\[(\d+)\]|\[\.\.\.\]")


def msgspec_path(text: str) -> tuple[str, Path_]:
    """Split a msgspec message "Expected `int`, got `str` - at `$.a[0].b`" into text and path."""
    message, sep, where = text.rpartition(" - at `")
    if not sep:
        return text, ()
    path: list[str | int] = []
    for name, index in _MSGSPEC_PATH.findall(where.rstrip("`").removeprefix("$")):
        path.append(name if name else int(index))
    return message, tuple(path)


def read_text(path: Path, name: str, max_bytes: int | None) -> str:
    """The file's text, in UTF-8. A file that is not a regular file, or larger than
    `max_bytes`, is refused before it is read (it might never end)."""
    with open(path, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise YamlLimitError(name, 1, 1, "not a regular file")
        if max_bytes is not None and info.st_size > max_bytes:
            raise YamlLimitError(name, 1, 1, f"the file is {_size(info.st_size)}; the most "
                                             f"allowed is {_size(max_bytes)}")
        data = handle.read() if max_bytes is None else handle.read(max_bytes + 1)
    if max_bytes is not None and len(data) > max_bytes:  # it grew while we looked
        raise YamlLimitError(name, 1, 1, f"the file is larger than {_size(max_bytes)}")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise YamlSyntaxError(name, 1, 1, "not a text file in UTF-8") from None


def _size(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB" if n >= 100_000 else f"{n:,} bytes"
