"""``--merge``: every handout of a batch in one PDF, for one print job.

The target is checked before anything is built: it must be a new or earlier
``.pdf`` that is not the rows file, the manifest, or a handout of the batch, in a
folder that exists (or can be made) and can be written. With ``duplex`` every
handout starts on the front of a new sheet (an empty back page after an odd one).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from worksheet.errors import Problem, WorksheetError
from worksheet.manifest import MANIFEST, load_previous, sha_of_file
from worksheet.naming import NameBook
from worksheet.output import atomic_file
from worksheet.safefile import special_kind


def check_merge_target(target: Path, rows_file: Path, out_dir: Path) -> None:
    """Refuse a merge target that would overwrite an input, the manifest or a handout."""
    from worksheet.batch import row_name
    from worksheet.rows import read_rows, row_line

    def refuse(why: str) -> WorksheetError:
        return WorksheetError(Problem(f"--merge {why}", path=target, hint="name a new .pdf file"))

    if target.suffix.lower() != ".pdf":
        raise refuse("must name a .pdf file")
    if target.exists() and rows_file.exists() and target.resolve() == rows_file.resolve():
        raise refuse("would overwrite the rows file")
    if target.exists() and not target.is_file():
        raise refuse(f"names {special_kind(target.stat().st_mode)}")
    _check_folder(target, refuse)
    if target.resolve().parent != out_dir.resolve():
        return
    name = target.name.lower()
    if name == MANIFEST or name.startswith("."):
        raise refuse("would overwrite the batch's own records")
    names = NameBook()
    for number, values in read_rows(rows_file):
        if row_name(names, number, values)[0].lower() == name:
            line = row_line(values, number)
            raise refuse(f"would overwrite the handout of row {number}" + (f" (line {line})" if line else ""))
    if out_dir.is_dir() and any(n.lower() == name for n in load_previous(out_dir).entries):
        raise refuse("would overwrite a handout of an earlier run")


def _check_folder(target: Path, refuse: Any) -> None:
    """The folder the merged file goes in must be one, or be creatable, and be writable."""
    folder = target.absolute().parent
    while not os.path.lexists(folder) and folder != folder.parent:
        folder = folder.parent  # the first folder that exists: the rest is made when writing
    if not folder.is_dir():
        raise refuse(f"cannot be written: {folder} is a file, not a folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise refuse(f"cannot be written: the folder {folder} is read-only")


def merge_pdfs(out_dir: Path, outputs: list[tuple[str, str]], target: Path,
               duplex: bool = False) -> dict[str, Any]:
    """The handouts named in ``outputs`` (file name, patient), in that order, as one PDF;
    returns what the manifest says of it: path, pages, sha256, duplex, handouts.
    The files are streamed one by one (see ``pdfjoin``), so memory stays flat."""
    from pypdf.errors import PdfReadError

    from worksheet.pdfjoin import PdfJoiner

    if not outputs:
        raise WorksheetError(Problem("no handout was built, so no merged PDF was written", path=target))
    with atomic_file(target) as handle:
        joiner = PdfJoiner(handle)
        for name, patient in outputs:
            try:
                joiner.add(out_dir / name, Path(name).stem, patient)
            except (OSError, PdfReadError) as exc:
                raise WorksheetError(Problem(f"cannot merge {name}: {exc}", path=target)) from None
            if duplex:
                joiner.blank_to_even()
        joiner.finish()
    return {"path": str(target), "pages": joiner.pages, "sha256": sha_of_file(target), "duplex": duplex,
            "handouts": len(outputs)}
