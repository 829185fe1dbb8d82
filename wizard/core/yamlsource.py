"""Reading YAML safely, with the line and column of every value kept for error messages.

PyYAML's safe C loader builds the node tree; we turn nodes into plain Python values
ourselves so that duplicate keys are caught (PyYAML keeps the last one silently) and each
value's position is remembered under its path, e.g. ("tables", 0, "rules", 3, "when").
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from .located import Located, Path_, YamlSyntaxError, read_text
from .yamlguard import Budget, prescan


@functools.cache
def _loader_class() -> type:
    """PyYAML's safe C loader, leaving date-times as text: we parse them ourselves, offset
    and all."""
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = type("_Loader", (base,), {})
    loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in base.yaml_implicit_resolvers.items()
    }
    return loader


def load_text(text: str, file: str, *, strict: bool = False) -> Located:
    """Parse one YAML document. Raises YamlSyntaxError with the position of the problem.
    `strict` (answers files): no aliases, and few values, checked before any is built."""
    loader = _loader_class()(text)
    try:
        budget = Budget(file)
        if strict:
            prescan(loader, file)
            loader.dispose()
            loader = _loader_class()(text)
        node = loader.get_single_node()
        located = Located(file=file, data=None)
        located.data = _build(loader, node, (), located, budget) if node is not None else None
        return located
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "not valid YAML"
        context = exc.context_mark
        if exc.problem and exc.context and context and context.line + 1 != line:
            what = exc.context.removeprefix("while parsing a ").replace("flow sequence", "list")
            problem += f" (in the {what} that starts on line {context.line + 1})"
        raise YamlSyntaxError(file, line, column, f"not valid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(file, 1, 1, f"not valid YAML: {exc}") from None
    except (ValueError, RecursionError, MemoryError) as exc:  # a limit the guard missed
        raise YamlSyntaxError(file, 1, 1, f"cannot be read: {type(exc).__name__}") from None
    finally:
        loader.dispose()


def load_file(path: Path, shown_as: str | None = None, *, max_bytes: int | None = None,
              strict: bool = False) -> Located:
    """Read and parse a YAML file. Larger than `max_bytes`, it is refused unread (a file
    that is not a regular file never is read: it might never end)."""
    name = shown_as or str(path)
    return load_text(read_text(path, name, max_bytes), name, strict=strict)


def _build(loader: Any, node: Any, path: Path_, located: Located, budget: Any) -> Any:
    budget.enter(node, path)
    located.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):  # built only to be refused
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain word, not a list or a mapping",
                    key_node.start_mark)
            key = budget.scalar(loader, key_node, path)
            if not isinstance(key, (str, int, bool)) or key is None:
                raise yaml.constructor.ConstructorError(
                    None, None, f"a key must be a plain word, not {key!r}", key_node.start_mark)
            if key in result:
                first = located.marks[path + (key,)]
                raise yaml.constructor.ConstructorError(
                    None, None,
                    f"duplicate key '{key}' (first given on line {first[0]})",
                    key_node.start_mark)
            result[key] = _build(loader, value_node, path + (key,), located, budget)
            # _build marked the value itself; a block value is marked at its key instead
            # (the block's own first line is usually the next one, which reads oddly).
            if not isinstance(value_node, yaml.ScalarNode):
                located.marks[path + (key,)] = (key_node.start_mark.line + 1,
                                                key_node.start_mark.column + 1)
        budget.leave(node)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = [_build(loader, item, path + (i,), located, budget)
                 for i, item in enumerate(node.value)]
        budget.leave(node)
        return items
    value = budget.scalar(loader, node, path)
    budget.leave(node)
    return value
