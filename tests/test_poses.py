"""The bundled illustrations are exactly what the pose model draws today."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_pose_model_regenerates_the_bundled_svgs(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "worksheet.poses", str(tmp_path)], check=True,
                   capture_output=True)
    made = sorted(p.name for p in tmp_path.glob("*.svg"))
    assert len(made) == 7
    for name in made:
        assert (tmp_path / name).read_bytes() == (ROOT / "assets" / "illustrations" / name).read_bytes(), name
