"""The installed wheel carries its content: build from another folder with no checkout."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pypdf

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_installs_and_builds_from_another_folder(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
         "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True,
    )
    (wheel,) = wheels.glob("worksheet-*.whl")
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True, capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # the installed copy comes first on the path, ahead of the editable checkout
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run([sys.executable, "-c", "import worksheet; print(worksheet.__file__)"],
                           cwd=elsewhere, env=env, check=True, capture_output=True, text=True)
    assert where.stdout.strip().startswith(str(target))
    result = subprocess.run([str(target / "bin" / "worksheet"), "build", "lower-back", "-o", "x.pdf"],
                            cwd=elsewhere, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    reader = pypdf.PdfReader(elsewhere / "x.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Lower Back Worksheet" in text and "Seated Piriformis Stretch" in text
    module = subprocess.run([sys.executable, "-m", "worksheet", "list"], cwd=elsewhere, env=env,
                            capture_output=True, text=True)
    assert module.returncode == 0 and "it-band-ql-stretch" in module.stdout
