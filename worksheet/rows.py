"""Batch input: CSV (``,`` or ``;``, with or without BOM) or a YAML/JSON list of rows.

Rows are streamed (a CSV is never read whole) and each one becomes a Request
with the same meanings and defaults as ``worksheet build``'s options.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from worksheet import safefile
from worksheet.dates import DATE_STYLES, parse_date
from worksheet.errors import Problem, WorksheetError
from worksheet.model import Request
from worksheet.rowplaces import (
    MAX_DEPTH,
    Place,
    Places,
    depth,
    json_places,
    parse_json,
    problem_at,
    too_deep,
    yaml_places,
)
from worksheet.yamlfile import parse_yaml

OPTION_COLUMNS = ("output", "patient", "date", "worksheet", "brand", "only", "exclude", "paper",
                  "disclosure", "grayscale", "layout", "large_print", "header_band", "lang", "fillable",
                  "date_style")
KNOWN_COLUMNS = f"{', '.join(OPTION_COLUMNS)}, dose.<exercise>.<field>"
_TRUE = {"1", "true", "yes", "y", "on"}
_FALSE = {"0", "false", "no", "n", "off"}

# The same limits for CSV, YAML and JSON, refused before anything is built. A clinic's day is
# tens of rows; these are a thousand times that, and small enough to fail in seconds, not hours.
MAX_FILE_BYTES = 50_000_000  # 50 MB: about 100,000 rows of a few hundred bytes
MAX_ROWS = 100_000
MAX_CELL_CHARS = 64 * 1024  # a cell is a name, a date or a list of ids, never a document
ROW_PROBLEM = "!problem"  # a reserved key (no column can have it): the row fails with this message
ROW_LINE = "!line"  # a reserved key: the file line a row starts on (in a CSV, when it is not the row number)
ROW_FIELD_LINES = "!fields"  # a reserved key: {column: line} in a YAML or JSON file
TYPO_CUTOFF = 0.75  # difflib's ratio: 'pateint' and 'brnad' are typos; 'notes' and 'email' are not


class Rows:
    """The rows of a file, one by one, and the columns that were left out as unknown."""

    def __init__(self, rows: Iterator[tuple[int, dict[str, Any]]], ignored: tuple[str, ...]) -> None:
        self._rows = rows
        self.ignored = ignored
        """Columns that are no option of ours (a spreadsheet's notes, phone, …), in file order."""

    def __iter__(self) -> Rows:
        return self

    def __next__(self) -> tuple[int, dict[str, Any]]:
        return next(self._rows)


def read_rows(path: Path, strict: bool = False, defaults: Mapping[str, str] | None = None) -> Rows:
    """(row number, values) for every row; the header is checked before the first row.

    In a CSV the row number is the spreadsheet's: the header is row 1 and blank records
    count (they are skipped, not renumbered); when a quoted line break puts the row on
    another line of the file, ``values[ROW_LINE]`` says which. In YAML and JSON it is the
    row's place in the list, ``values[ROW_LINE]`` the line it starts on and
    ``values[ROW_FIELD_LINES]`` the line of each cell (see ``row_line``). Unknown columns
    are left out (``Rows.ignored``), unless they look like a typo of a known one or
    ``strict`` is set: then the file is refused.
    """
    suffix = path.suffix.lower()
    rows = _structured_rows(path, suffix, strict) if suffix in (".yaml", ".yml", ".json") \
        else _csv_rows(path, strict)
    if not defaults:
        return rows
    return Rows(((n, {**values, **{c: v for c, v in defaults.items() if not _filled(values.get(c))}})
                 for n, values in rows), rows.ignored)


NOT_FOR_EVERY_ROW = ("output", "patient")  # one per row: the same for all would make no sense


def parse_defaults(pairs: list[str]) -> dict[str, str]:
    """``--set COLUMN=VALUE`` options as {column: value}: the value of every row that leaves
    that column empty. A column that is not ours, or a value it cannot take, is refused."""
    defaults: dict[str, str] = {}
    for pair in pairs:
        typed, equals, value = pair.partition("=")
        column = column_name(typed)
        if not equals or not column:
            raise WorksheetError(f"--set must look like COLUMN=VALUE, e.g. paper=a4 (got {pair!r})")
        if column in NOT_FOR_EVERY_ROW:
            raise WorksheetError(f"--set {pair}: {column} is different for every row, so it cannot be set "
                                 "for all of them (it comes from the rows file)")
        if column not in OPTION_COLUMNS and not column.startswith("dose."):
            close = difflib.get_close_matches(column, OPTION_COLUMNS, n=1, cutoff=0.6)
            raise WorksheetError(Problem(f"--set {pair}: {column!r} is not a column", hint=(
                f"did you mean {close[0]!r}? " if close else "") + f"known columns: {KNOWN_COLUMNS}"))
        try:
            request_from_row({column: value})  # the same rules and words as a cell
        except WorksheetError as exc:
            problem = exc.problem
            raise WorksheetError(f"--set {pair}: {problem.message}" + (f" ({problem.hint})"
                                                                       if problem.hint else "")) from None
        defaults[column] = value.strip()
    return defaults


def _structured_rows(path: Path, suffix: str, strict: bool) -> Rows:
    text = safefile.read_text(path, MAX_FILE_BYTES, "batch file")
    # both parsers recurse: a file nested thousands deep stops them with RecursionError at
    # once (before any memory is spent), and what is left is measured after parsing
    if suffix == ".json":
        data = parse_json(text, path)
    else:
        doc = parse_yaml(text, path)
        data = doc.data
    if not isinstance(data, list):
        raise WorksheetError(Problem("must be a list of rows (each a mapping of column: value)", path=path,
                                     line=1))
    if depth(data) > MAX_DEPTH:
        raise too_deep(path)
    places = json_places(text) if suffix == ".json" else yaml_places(doc, len(data))
    for index, row in enumerate(data):
        if not isinstance(row, dict):
            raise problem_at(f"row {index + 1} is not a mapping of column: value", path, places.row(index))
    if len(data) > MAX_ROWS:
        raise _too_many(path, _line(places.row(MAX_ROWS)))
    names = {str(k): column_name(str(k)) for row in data for k in row}
    first: dict[str, Place] = {}  # where each column is first written: a refusal points there
    for index, row in enumerate(data):
        seen: set[str] = set()
        for key, value in row.items():
            name, place = names[str(key)], places.key(index, str(key))
            if name in seen:
                raise problem_at(f"row {index + 1} names column {name!r} twice (in another case or "
                                  "spacing)", path, place)
            seen.add(name)
            first.setdefault(name, place or (1, 1))
            if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
                raise _too_long(path, _line(place), f"row {index + 1}")
    ignored = check_columns(list(first), path, strict, places=first)
    return Rows((_structured_row(index, row, names, ignored, places) for index, row in enumerate(data)),
                ignored)


def _structured_row(index: int, row: dict[Any, Any], names: dict[str, str], ignored: tuple[str, ...],
                    places: Places) -> tuple[int, dict[str, Any]]:
    values = {names[str(k)]: v for k, v in row.items() if names[str(k)] not in ignored}
    lines = {names[str(k)]: _line(places.key(index, str(k))) for k in row if names[str(k)] not in ignored}
    values[ROW_LINE] = _line(places.row(index))
    values[ROW_FIELD_LINES] = {k: v for k, v in lines.items() if v is not None}
    return index + 1, values


def _line(place: Place | None) -> int | None:
    return place[0] if place and place[0] else None


def cell_lines(values: Mapping[str, Any], number: int) -> tuple[tuple[str, int | None], ...]:
    """(column, ``row_line`` of it) for each cell whose line is known (YAML and JSON only)."""
    return tuple((column, row_line(values, number, column)) for column in values.get(ROW_FIELD_LINES) or ())


def row_line(values: Mapping[str, Any], number: int, field: str | None = None) -> int | None:
    """The file line to name for row ``number``: that of ``field`` when the problem is in one
    field and the file says where it is, else the line the row starts on; None when that is
    the row number itself (a CSV row without a quoted line break before it)."""
    fields = values.get(ROW_FIELD_LINES) or {}
    line = fields.get(field) if field else None
    line = line or values.get(ROW_LINE)
    return None if line == number else line


def _too_many(path: Path, line: int | None) -> WorksheetError:
    return WorksheetError(Problem(f"has more than {MAX_ROWS:,} rows (split it into several files)",
                                  path=path, line=line))


def _too_long(path: Path, line: int | None, where: str) -> WorksheetError:
    return WorksheetError(Problem(f"{where}: a cell is longer than {MAX_CELL_CHARS:,} characters",
                                  path=path, line=line))


def _csv_error(exc: csv.Error, path: Path, line: int) -> WorksheetError:
    if "field larger than field limit" in str(exc):
        return _too_long(path, line, "unreadable CSV")
    return WorksheetError(Problem(f"unreadable CSV ({exc})", path=path, line=line))


def _csv_rows(path: Path, strict: bool) -> Rows:
    raw = safefile.open_regular(path, MAX_FILE_BYTES, "batch file")
    handle = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    reader: Any = None
    try:
        sample = handle.read(64 * 1024)
        handle.seek(0)
        first_line = sample.splitlines()[0] if sample else ""
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise WorksheetError(Problem("has no header row", path=path, line=1))
        names = [column_name(h) for h in header]
        ignored = _check_header(names, path, strict)
        names = ["" if n in ignored else n for n in names]
    except UnicodeDecodeError:
        handle.close()
        raise WorksheetError(Problem("not UTF-8 text (save the sheet as CSV UTF-8)", path=path)) from None
    except csv.Error as exc:
        handle.close()
        raise _csv_error(exc, path, reader.line_num if reader else 1) from None
    except BaseException:
        handle.close()
        raise
    return Rows(_csv_body(handle, reader, names, path), ignored)


def column_name(header: str) -> str:
    """A header cell as a column name: ``Patient`` and ``large print`` are ``patient`` and
    ``large_print`` (``dose.<exercise>.<field>`` keeps its dots)."""
    return "_".join(header.strip().lower().split())


def _check_header(names: list[str], path: Path, strict: bool) -> tuple[str, ...]:
    for name in names:
        if len(name) > MAX_CELL_CHARS:
            raise _too_long(path, 1, "header")
    ignored = check_columns(list(dict.fromkeys(n for n in names if n)), path, strict, line=1)
    seen: set[str] = set()
    for name in names:
        if name and name in seen and name not in ignored:  # two "notes" columns harm no one
            raise WorksheetError(Problem(f"column {name!r} appears twice in the header", path=path,
                                         line=1, hint="keep one of them: which value wins is not clear"))
        seen.add(name)
    return ignored


def _csv_body(handle: io.TextIOBase, reader: Any, names: list[str], path: Path
              ) -> Iterator[tuple[int, dict[str, Any]]]:
    with handle:
        try:
            start = reader.line_num + 1  # the line the next record starts on
            for index, cells in enumerate(reader, start=1):
                number, line, start = index + 1, start, reader.line_num + 1  # the header is row 1
                if index > MAX_ROWS:
                    raise _too_many(path, reader.line_num)
                if not any(c.strip() for c in cells):
                    continue  # a blank record is not a row, but it keeps its number
                if any(len(c) > MAX_CELL_CHARS for c in cells):
                    raise _too_long(path, line, f"row {number}")
                values: dict[str, Any] = {n: c for n, c in zip(names, cells, strict=False) if n}
                if line != number:
                    values[ROW_LINE] = line
                extra = [c for c in cells[len(names):] if c.strip()]
                if extra:
                    values[ROW_PROBLEM] = (f"row has {len(cells)} cells but the header has {len(names)} "
                                           f"columns; extra cell {extra[0].strip()!r} (quote a value "
                                           "that has the delimiter in it)")
                yield number, values
        except (csv.Error, UnicodeDecodeError) as exc:
            if isinstance(exc, csv.Error):
                raise _csv_error(exc, path, reader.line_num) from None
            raise WorksheetError(Problem(f"unreadable CSV ({exc})", path=path,
                                         line=reader.line_num)) from None


def check_columns(columns: list[str], path: Path, strict: bool = False, line: int | None = None,
                  places: Mapping[str, Place] | None = None) -> tuple[str, ...]:
    """The columns that are no option (to be left out); a column that is a close match of an
    option (``pateint``), or with ``strict`` any unknown one, refuses the file. A refusal
    names ``line`` (a CSV's header), or where ``places`` says the column is first written."""
    unknown = [c for c in columns if c not in OPTION_COLUMNS and not c.startswith("dose.")]
    known = f"known columns: {KNOWN_COLUMNS}"

    def at(name: str) -> Place | None:
        return places.get(name) if places is not None else (line, 0) if line else None

    for name in unknown:
        close = [c for c in difflib.get_close_matches(name, OPTION_COLUMNS, n=3, cutoff=TYPO_CUTOFF)
                 if c not in name.split("_")]  # patient_id, visit_date: another column, not a typo
        if close:
            raise problem_at(f"unknown column {name!r}: did you mean {close[0]!r}?", path, at(name), known)
    if unknown and strict:
        raise problem_at(f"unknown column {unknown[0]!r} (--strict refuses every column that is not an "
                          "option)", path, at(unknown[0]), known)
    return tuple(unknown)


def request_from_row(values: Mapping[str, Any], date_format: str = "auto") -> Request:
    """The Request a row describes; an empty cell means the option's default. A date is read
    as ``date_format`` says (auto: day first unless the row's sheet is Letter English).
    A refusal names its column in ``Problem.field`` (the file line is looked up from it)."""
    def text(name: str) -> str:
        value = _one_value(values, name)
        return "" if value is None else str(value).strip()

    if values.get(ROW_PROBLEM):
        raise WorksheetError(Problem(str(values[ROW_PROBLEM])))
    kwargs: dict[str, Any] = {"patient": text("patient")}
    for name in ("worksheet", "brand", "paper", "lang"):
        if text(name):
            kwargs[name] = text(name).lower() if name in ("paper", "lang") else text(name)
    if kwargs.get("paper", "letter") not in ("letter", "a4"):
        raise _refused("paper", f"paper must be letter or a4 (got {text('paper')!r})")
    if text("layout"):
        kwargs["layout"] = text("layout").lower()
        if kwargs["layout"] not in ("detailed", "compact"):
            raise _refused("layout", f"layout must be detailed or compact (got {text('layout')!r})")
    if text("date"):
        try:
            kwargs["date"] = parse_date(values["date"], date_format, lang=kwargs.get("lang", "en"),
                                        paper=kwargs.get("paper", "letter"))
        except WorksheetError as exc:
            raise _refused("date", exc.problem.message) from None
    if text("date_style"):
        kwargs["date_style"] = text("date_style").lower()
        if kwargs["date_style"] not in DATE_STYLES:
            raise _refused("date_style", f"date_style must be {', '.join(DATE_STYLES)} "
                                         f"(got {text('date_style')!r})")
    for name in ("only", "exclude"):
        ids = _ids(name, values.get(name))
        if ids:
            kwargs[name] = ids
    for name in ("disclosure", "grayscale", "large_print", "header_band", "fillable"):
        flag = _flag(name, _one_value(values, name))
        if flag is not None:
            kwargs[name] = flag
    kwargs["doses"] = tuple(_dose(k, _one_value(values, k)) for k, v in values.items()
                            if k.startswith("dose.") and _filled(v))
    return Request(**kwargs)


def _refused(column: str, message: str) -> WorksheetError:
    """A row's refusal in ``column`` (its message starts with the column's name, so naming the
    field adds nothing to it; ``option`` lets a batch name the cell's line)."""
    return WorksheetError(Problem(message, field=column, option=column))


def _one_value(values: Mapping[str, Any], name: str) -> Any:
    """The cell ``name``: one value (text, a number, yes/no, a date), never a list or mapping."""
    value = values.get(name)
    if isinstance(value, list | dict):
        kind = "a list" if isinstance(value, list) else "a mapping"
        raise _refused(name, f"{name} must be one value, not {kind} (got {_shown(value)})")
    return value


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:39] + "…"


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _dose(column: str, value: Any) -> tuple[str, str, str]:
    _, _, rest = column.partition(".")
    exercise, _, field = rest.rpartition(".")
    if not exercise or not field:
        raise _refused(column, f"{column} is not a dose column: it must look like dose.<exercise>.<field>")
    return exercise, field, str(value).strip()


def _ids(name: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, list | dict)
                                                                   for v in value)):
        raise _refused(name, f"{name} must be exercise ids, as a list or as a, b, c (got {_shown(value)})")
    parts = value if isinstance(value, list) else str(value).replace(";", ",").split(",")
    return tuple(str(p).strip() for p in parts if str(p).strip())


def _flag(name: str, value: Any) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if not text:
        return None
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise _refused(name, f"{name} must be yes or no (got {str(value)!r})")
