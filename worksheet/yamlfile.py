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
            if isinstance(key, (list, dict)):  # `? [a]: 1` is YAML, but no field has such a name
                raise yaml.MarkedYAMLError(problem="a key must be a word, not a list or a mapping",
                                           problem_mark=key_node.start_mark)
            if key in seen:
                raise yaml.MarkedYAMLError(
                    problem=f"duplicate key {key!r}", problem_mark=key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)

    def construct_yaml_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A date that does not exist (``2026-02-31``) stays text, for the reader of the
        field to call "no such date" (PyYAML would stop the whole file at it)."""
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


class YamlDoc:
    """A parsed YAML document and the line of every value (and of every key) in it."""

    def __init__(self, data: Any, lines: dict[Location, int], path: Path,
                 keys: dict[Location, int] | None = None) -> None:
        self.data = data
        self.lines = lines
        self.path = path
        self.keys = keys or {}
        self.columns: dict[Location, int] = {}
        """The 1-based column each value starts at (as ``lines``)."""
        self.key_columns: dict[Location, int] = {}
        """The 1-based column of each key (as ``keys``)."""

    def key_line(self, location: Location) -> int | None:
        """The line of the key at ``location`` (its value may start on a later line)."""
        loc = tuple(location)
        return self.keys[loc] if loc in self.keys else self.line_of(loc)

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
        if exc.context_mark is not None and _unclosed(exc):  # name the line that opened it
            mark = exc.context_mark
        raise WorksheetError(
            Problem(
                plain_yaml_problem(exc),
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
    doc = YamlDoc(data, {}, path, {})
    if node is not None:
        _collect_lines(node, (), doc, first_line)
    return doc


def _collect_lines(node: yaml.Node, here: Location, doc: YamlDoc, first: int) -> None:
    doc.lines[here] = node.start_mark.line + first
    doc.columns[here] = node.start_mark.column + 1
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            doc.keys[(*here, key)] = key_node.start_mark.line + first
            doc.key_columns[(*here, key)] = key_node.start_mark.column + 1
            _collect_lines(value_node, (*here, key), doc, first)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_lines(item, (*here, index), doc, first)


# PyYAML's parser words → what the user did; the first pattern found in its message wins
_PLAIN = (
    ("aliases (*name)", "aliases (*name) are not allowed here"),
    ("duplicate key", ""),
    ("a key must be a word", ""),
    ("expected <block end>, but found '<block mapping start>'",
     "this line is indented differently from the one above"),
    ("expected <block end>, but found '<block sequence start>'",
     "this list is indented differently from the lines above"),
    ("expected <block end>, but found '-'",
     "a list item ('- ') where a 'key: value' line was expected; indent it under its key"),
    ("expected <block end>, but found '?'",
     "a 'key: value' line among list items ('- '); indent it or start it with '- '"),
    ("expected <block end>", "this line does not fit with the lines above (check the indentation, "
     "and put a value that starts with a quote wholly in quotes)"),
    ("did not find expected key", "this line is indented differently from the one above"),
    ("did not find expected '-' indicator", "this list item is indented differently from the one above"),
    ("mapping values are not allowed here", "a colon (:) where it cannot be: put a value that holds "
     "': ' in quotes, and check that the line above has its 'key:'"),
    ("could not find expected ':'", "a line without 'key: value' (a colon and a space)"),
    ("found character '\\t'", "a tab: indent with spaces"),
    ("that cannot start any token", "a value cannot start with this character: put it in quotes"),
    ("expected ',' or ']'", "a list opened with [ is not closed with ]"),
    ("expected ',' or '}'", "a group opened with { is not closed with }"),
    ("while scanning a quoted scalar", "a quote is not closed"),
    ("found unexpected end of stream", "the file ends too soon: a quote or a bracket is not closed"),
)


def _unclosed(exc: yaml.MarkedYAMLError) -> bool:
    return any(p in f"{exc.context} {exc.problem}" for p in
               ("expected ',' or ']'", "expected ',' or '}'", "while scanning a quoted scalar"))


def plain_yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    """The YAML parser's complaint in plain words (its own words when we have none)."""
    said = " ".join(str(part) for part in (exc.context, exc.problem) if part)
    for pattern, plain in _PLAIN:
        if pattern in said:
            return f"invalid YAML: {plain or exc.problem}"
    return f"invalid YAML: {exc.problem or exc.context}"
