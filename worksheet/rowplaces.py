"""Reading a JSON rows file, and where each row and field of a YAML or JSON one is.

A YAML file's places come from the composer's nodes (``YamlDoc``). The standard
``json`` module keeps no positions, so a JSON array is walked once more with
``JSONDecoder.raw_decode``, which returns where each value ends: the walk reads
the text exactly as the parser did, token by token, and never guesses.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from worksheet.errors import Problem, WorksheetError
from worksheet.yamlfile import YamlDoc

MAX_DEPTH = 20  # a row is a mapping of scalars (or a list for only/exclude): 3 levels suffice
Place = tuple[int, int]  # (1-based line, 1-based column)
_WHITESPACE = re.compile(r"[ \t\n\r]*")  # the whole of JSON's whitespace (RFC 8259, section 2)


@dataclass(slots=True)
class Places:
    """The place of every item of the top-level list and of every key of each item."""

    rows: list[Place] = field(default_factory=list)
    keys: list[dict[str, Place]] = field(default_factory=list)
    """Per item: the place of each key (by the key as written), for mapping items."""

    def row(self, index: int) -> Place | None:
        """The place the item at ``index`` (0-based) starts."""
        return self.rows[index] if index < len(self.rows) else None

    def key(self, index: int, name: str) -> Place | None:
        """The place of key ``name`` in the item at ``index``, else of the item."""
        keys = self.keys[index] if index < len(self.keys) else {}
        return keys.get(name) or self.row(index)


def yaml_places(doc: YamlDoc, count: int) -> Places:
    """The places of a parsed YAML list of ``count`` items."""
    places = Places()
    for index in range(count):
        line = doc.lines.get((index,))
        places.rows.append((line, doc.columns.get((index,), 1)) if line is not None else (0, 0))
        places.keys.append({})
    for loc, line in doc.keys.items():  # (row index, key): one pass over every key of the file
        if len(loc) == 2 and isinstance(loc[0], int) and loc[0] < count:
            places.keys[loc[0]][str(loc[1])] = (line, doc.key_columns.get(loc, 1))
    return places


class DuplicateKey(Exception):  # noqa: N818 (a finding, raised to stop the walk)
    """A key written twice in one item, and where the second one is."""

    def __init__(self, name: str, place: Place) -> None:
        super().__init__(name)
        self.name, self.place = name, place


class _Walk:
    """A cursor over JSON text that turns offsets into lines and columns as it goes."""

    def __init__(self, text: str) -> None:
        self.text, self.pos = text, 0
        self.decoder = json.JSONDecoder()
        self._counted, self._line, self._line_start = 0, 1, 0

    def skip(self) -> str:
        """Skip whitespace; the next character ('' at the end)."""
        self.pos = _WHITESPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
        return self.text[self.pos:self.pos + 1]

    def place(self) -> Place:
        """Line and column of the cursor (offsets only grow, so counting is done once)."""
        self._line += self.text.count("\n", self._counted, self.pos)
        newline = self.text.rfind("\n", self._counted, self.pos)
        if newline >= 0:
            self._line_start = newline + 1
        self._counted = self.pos
        return self._line, self.pos - self._line_start + 1

    def value(self) -> object:
        """Decode the value at the cursor and move past it."""
        value, self.pos = self.decoder.raw_decode(self.text, self.pos)
        return value

    def expect(self, chars: str) -> str:
        found = self.skip()
        if not found or found not in chars:
            raise ValueError(f"expected one of {chars!r} at offset {self.pos}")
        self.pos += 1
        return found


def json_places(text: str) -> Places:
    """The places of a JSON array's items and of their keys. ``text`` must be JSON that
    ``json.loads`` read (ValueError otherwise); a key written twice in an item raises
    ``DuplicateKey`` with the second one's place."""
    walk, places = _Walk(text), Places()
    walk.expect("[")
    if walk.skip() == "]":
        return places
    while True:
        walk.skip()
        places.rows.append(walk.place())
        places.keys.append(_object_keys(walk) if walk.text[walk.pos] == "{" else _skip_value(walk))
        if walk.expect(",]") == "]":
            return places


def _skip_value(walk: _Walk) -> dict[str, Place]:
    walk.value()
    return {}


def _object_keys(walk: _Walk) -> dict[str, Place]:
    keys: dict[str, Place] = {}
    walk.expect("{")
    if walk.skip() == "}":
        walk.pos += 1
        return keys
    while True:
        walk.skip()
        place = walk.place()
        name = walk.value()
        if not isinstance(name, str):
            raise ValueError("a key must be a string")
        if name in keys:
            raise DuplicateKey(name, place)
        keys[name] = place
        walk.expect(":")
        walk.skip()
        walk.value()
        if walk.expect(",}") == "}":
            return keys


def problem_at(message: str, path: Path, place: Place | None, hint: str | None = None) -> WorksheetError:
    """A refusal of the file at ``place`` (line and column; neither when it is not known)."""
    line, column = place if place and place[0] else (0, 0)
    return WorksheetError(Problem(message, path=path, line=line or None, column=column or None, hint=hint))


def too_deep(path: Path) -> WorksheetError:
    return WorksheetError(Problem(f"nested more than {MAX_DEPTH} levels deep (a row is a mapping "
                                  "of column: value)", path=path))


def depth(data: Any) -> int:
    """How deeply lists and mappings nest in ``data`` (without recursion)."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                stack += [(v, level + 1) for v in (value.values() if isinstance(value, dict) else value)]
    return deepest


class _DuplicateKeyError(Exception):
    """A JSON object names a key twice (json keeps the last one silently)."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise _DuplicateKeyError(key)
        seen[key] = value
    return seen


def parse_json(text: str, path: Path) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as exc:
        raise WorksheetError(Problem(f"invalid JSON: {exc.msg}", path=path, line=exc.lineno,
                                     column=exc.colno)) from None
    except _DuplicateKeyError as exc:
        raise problem_at(f"duplicate key {exc.args[0]!r} in a row", path, _duplicate_place(text)) from None
    except RecursionError:
        raise too_deep(path) from None
    except ValueError as exc:  # Python refuses to turn thousands of digits into a number
        reason = str(exc).split(";")[0]
        raise WorksheetError(Problem(f"invalid JSON: a number is too long ({reason})", path=path)) from None


def _duplicate_place(text: str) -> Place | None:
    """Where a row names a key twice (None when the twice-named key is deeper in a row)."""
    try:
        json_places(text)
    except DuplicateKey as found:
        return found.place
    except (ValueError, RecursionError):
        pass
    return None
