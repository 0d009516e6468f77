"""Command line: `python -m worksheet.poses [OUTDIR]` writes all pose SVGs.

OUTDIR defaults to assets/illustrations at the repository root. `--sheet FILE.pdf` (or
`.png`) prints a contact sheet of the pictures at print size with their captions instead;
add `--bare` for numbers only (to show the pictures to someone who must guess them).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from . import write_all

DEFAULT_OUTDIR = Path(__file__).resolve().parents[2] / "assets" / "illustrations"
USAGE = "usage: python -m worksheet.poses [OUTDIR] | --sheet FILE.pdf|FILE.png [--bare]\n"


def sheet(target: Path, bare: bool) -> list[Path]:
    """Draw the pictures into a temporary folder and print them on a contact sheet."""
    from worksheet.content import load_library  # only the sheet needs content
    from worksheet.layout.sheet import SheetEntry, contact_sheet, sheet_png

    library = load_library()
    with tempfile.TemporaryDirectory() as folder:
        entries = []
        for path in write_all(Path(folder)):
            exercise = library.exercises.get(path.stem)
            entries.append(SheetEntry(path, exercise.title if exercise else path.stem,
                                      getattr(exercise, "caption", "") if exercise else ""))
        pdf = contact_sheet(entries, bare)
    if target.suffix.lower() != ".png":
        target.write_bytes(pdf)
        return [target]
    pages = sheet_png(pdf)
    written = []
    for number, png in enumerate(pages, start=1):
        path = target if len(pages) == 1 else target.with_name(f"{target.stem}-{number}.png")
        path.write_bytes(png)
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    if argv and argv[0] in ("-h", "--help"):
        sys.stdout.write(USAGE)
        return 0
    if argv and argv[0] == "--sheet":
        rest = argv[1:]
        bare = "--bare" in rest
        rest = [a for a in rest if a != "--bare"]
        if len(rest) != 1:
            sys.stderr.write(USAGE)
            return 2
        written = sheet(Path(rest[0]), bare)
    elif len(argv) > 1 or (argv and argv[0].startswith("-")):
        sys.stderr.write(USAGE)
        return 2
    else:
        written = write_all(Path(argv[0]) if argv else DEFAULT_OUTDIR)
    for path in written:
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
