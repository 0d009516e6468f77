"""Original line-art exercise pictures generated from a small pose model.

`POSES` maps exercise ids to functions returning a `Picture` (bodies, props, contacts);
`write_all()` (or `python -m worksheet.poses [OUTDIR]`) writes them as `<id>.svg`.
"""

from __future__ import annotations

from pathlib import Path

from .library import POSES
from .picture import Picture

__all__ = ["POSES", "Picture", "write_all"]


def write_all(outdir: Path) -> list[Path]:
    """Write one `<id>.svg` per pose into `outdir` (created if needed); returns the paths."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for pose_id, make in POSES.items():
        path = outdir / f"{pose_id}.svg"
        path.write_bytes(make().svg().encode("utf-8"))
        written.append(path)
    return written
