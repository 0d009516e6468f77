"""Original line-art exercise illustrations generated from a small stick-figure pose model.

`POSES` maps exercise ids to functions returning SVG strings; `write_all()` (or
`python -m worksheet.poses [OUTDIR]`) writes them as `<id>.svg` into assets/illustrations.
"""

from __future__ import annotations

from pathlib import Path

from .front import FrontPose
from .library import POSES
from .skeleton import Arm, Leg, Pose, Proportions

__all__ = ["POSES", "Arm", "FrontPose", "Leg", "Pose", "Proportions", "write_all"]


def write_all(outdir: Path) -> list[Path]:
    """Write one `<id>.svg` per pose into `outdir` (created if needed); returns the paths."""
    outdir.mkdir(parents=True, exist_ok=True)
    written = []
    for pose_id, make in POSES.items():
        path = outdir / f"{pose_id}.svg"
        path.write_bytes(make().encode("utf-8"))
        written.append(path)
    return written
