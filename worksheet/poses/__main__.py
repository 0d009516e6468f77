"""Command line: `python -m worksheet.poses [OUTDIR]` writes all pose SVGs.

OUTDIR defaults to assets/illustrations at the repository root.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import write_all

DEFAULT_OUTDIR = Path(__file__).resolve().parents[2] / "assets" / "illustrations"


def main(argv: list[str]) -> int:
    usage = "usage: python -m worksheet.poses [OUTDIR]\n"
    if argv and argv[0] in ("-h", "--help"):
        sys.stdout.write(usage)
        return 0
    if len(argv) > 1:
        sys.stderr.write(usage)
        return 2
    outdir = Path(argv[0]) if argv else DEFAULT_OUTDIR
    for path in write_all(outdir):
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
