"""Safe YAML reading that remembers where every value came from.

Duplicate keys and aliases are errors (aliases make "billion laughs" cheap);
every value's line is kept so a validation error can name ``file:line``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from worksheet import safefile
from worksheet.errors import Problem, WorksheetError

Location = tuple[str | int, ...]
MAX_FILE_BYTES = 1_000_000  # a content file is a page of text; anything bigger is a mistake


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses aliases and duplicate keys."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not allowed here", problem_mark=event.start_mark
            )
        return super().compose_node(parent, index)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.MarkedYAMLError(
                    problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


class YamlDoc:
    """A parsed YAML document and the line of every value in it."""

    def __init__(self, data: Any, lines: dict[Location, int], path: Path) -> None:
        self.data = data
        self.lines = lines
        self.path = path

    def line_of(self, location: Location) -> int | None:
        """The line of the value at ``location``, or of its nearest parent."""
        loc = tuple(location)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)


def read_text(path: Path) -> str:
    """Read a UTF-8 content file, refusing what is not one (or not a regular file)."""
    return safefile.read_text(path, MAX_FILE_BYTES)


def parse_yaml(text: str, path: Path, first_line: int = 1) -> YamlDoc:
    """Parse ``text`` (which starts at ``first_line`` of ``path``) into a YamlDoc."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise WorksheetError(
            Problem(
                f"invalid YAML: {exc.problem or exc.context}",
                path=path,
                line=mark.line + first_line if mark else None,
                column=mark.column + 1 if mark else None,
            )
        ) from None
    except yaml.YAMLError as exc:
        raise WorksheetError(Problem(f"invalid YAML: {exc}", path=path)) from None
    except RecursionError:  # the composer recurses once per level: thousands of levels stop it
        raise WorksheetError(Problem("invalid YAML: nested far too deeply", path=path)) from None
    except ValueError as exc:  # Python refuses to turn thousands of digits into a number
        reason = str(exc).split(";")[0]
        raise WorksheetError(Problem(f"invalid YAML: a number is too long ({reason})", path=path)) from None
    finally:
        loader.dispose()
    lines: dict[Location, int] = {}
    if node is not None:
        _collect_lines(node, (), lines, first_line)
    return YamlDoc(data, lines, path)


def _collect_lines(node: yaml.Node, here: Location, out: dict[Location, int], first: int) -> None:
    out[here] = node.start_mark.line + first
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            _collect_lines(value_node, (*here, key), out, first)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_lines(item, (*here, index), out, first)
