"""Batch input: CSV (``,`` or ``;``, with or without BOM) or a YAML/JSON list of rows.

Rows are streamed (a CSV is never read whole) and each one becomes a Request
with the same meanings and defaults as ``worksheet build``'s options.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from worksheet.errors import Problem, WorksheetError
from worksheet.model import Request
from worksheet.yamlfile import parse_yaml, read_text

OPTION_COLUMNS = ("output", "patient", "date", "worksheet", "brand", "only", "exclude", "paper",
                  "disclosure", "grayscale", "layout", "large_print", "header_band", "lang", "fillable")
_TRUE = {"1", "true", "yes", "y", "on"}
_FALSE = {"0", "false", "no", "n", "off"}


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, values) for every row; the header is checked before the first row."""
    if not path.is_file():
        raise WorksheetError(Problem("batch file not found", path=path))
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml", ".json"):
        return _structured_rows(path, suffix)
    return _csv_rows(path)


def _structured_rows(path: Path, suffix: str) -> Iterator[tuple[int, dict[str, Any]]]:
    text = read_text(path) if suffix != ".json" else path.read_text(encoding="utf-8-sig")
    if suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise WorksheetError(Problem(f"invalid JSON: {exc.msg}", path=path, line=exc.lineno,
                                         column=exc.colno)) from None
    else:
        data = parse_yaml(text, path).data
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise WorksheetError(Problem("must be a list of rows (each a mapping of column: value)", path=path))
    columns = {str(k) for row in data for k in row}
    check_columns(columns, path)
    return ((n, {str(k): v for k, v in row.items()}) for n, row in enumerate(data, start=1))


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    handle = path.open(encoding="utf-8-sig", newline="")
    try:
        sample = handle.read(64 * 1024)
        handle.seek(0)
        first_line = sample.splitlines()[0] if sample else ""
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        reader = csv.reader(handle, delimiter=delimiter)
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise WorksheetError(Problem("has no header row", path=path, line=1))
        names = [h.strip() for h in header]
        check_columns(set(names) - {""}, path)
    except UnicodeDecodeError:
        handle.close()
        raise WorksheetError(Problem("not UTF-8 text (save the sheet as CSV UTF-8)", path=path)) from None
    except BaseException:
        handle.close()
        raise
    return _csv_body(handle, reader, names, path)


def _csv_body(handle: io.TextIOBase, reader: Any, names: list[str], path: Path
              ) -> Iterator[tuple[int, dict[str, Any]]]:
    with handle:
        number = 0
        try:
            for cells in reader:
                if not any(c.strip() for c in cells):
                    continue  # blank lines are not rows
                number += 1
                yield number, {n: c for n, c in zip(names, cells, strict=False) if n}
        except (csv.Error, UnicodeDecodeError) as exc:
            raise WorksheetError(Problem(f"unreadable CSV ({exc})", path=path,
                                         line=reader.line_num)) from None


def check_columns(columns: set[str], path: Path) -> None:
    """Every column must be an option or ``dose.<exercise>.<field>``."""
    unknown = sorted(c for c in columns if c not in OPTION_COLUMNS and not c.startswith("dose."))
    if unknown:
        known = ", ".join(OPTION_COLUMNS)
        raise WorksheetError(Problem(f"unknown column {unknown[0]!r}", path=path,
                                     hint=f"known columns: {known}, dose.<exercise>.<field>"))


def request_from_row(values: Mapping[str, Any]) -> Request:
    """The Request a row describes; an empty cell means the option's default."""
    def text(name: str) -> str:
        value = values.get(name)
        return "" if value is None else str(value).strip()

    kwargs: dict[str, Any] = {"patient": text("patient")}
    for name in ("worksheet", "brand", "paper", "lang"):
        if text(name):
            kwargs[name] = text(name).lower() if name in ("paper", "lang") else text(name)
    if kwargs.get("paper", "letter") not in ("letter", "a4"):
        raise WorksheetError(Problem(f"paper must be letter or a4 (got {text('paper')!r})"))
    if text("layout"):
        kwargs["layout"] = text("layout").lower()
        if kwargs["layout"] not in ("detailed", "compact"):
            raise WorksheetError(Problem(f"layout must be detailed or compact (got {text('layout')!r})"))
    if text("date"):
        kwargs["date"] = _date(values["date"])
    for name in ("only", "exclude"):
        ids = _ids(values.get(name))
        if ids:
            kwargs[name] = ids
    for name in ("disclosure", "grayscale", "large_print", "header_band", "fillable"):
        flag = _flag(name, values.get(name))
        if flag is not None:
            kwargs[name] = flag
    kwargs["doses"] = tuple(_dose(k, v) for k, v in values.items() if k.startswith("dose.") and _filled(v))
    return Request(**kwargs)


def _filled(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _dose(column: str, value: Any) -> tuple[str, str, str]:
    _, _, rest = column.partition(".")
    exercise, _, field = rest.rpartition(".")
    if not exercise or not field:
        raise WorksheetError(Problem(f"column {column!r} must look like dose.<exercise>.<field>"))
    return exercise, field, str(value).strip()


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise WorksheetError(Problem(f"date must look like 2026-11-25 (got {str(value)!r})")) from None


def _ids(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
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
    raise WorksheetError(Problem(f"{name} must be yes or no (got {str(value)!r})"))
