"""A layout never seen, built from the Library kept by an earlier process: the bytes of a fresh
build, a changed content file seen at once, a bad entry ignored, and no YAML, pydantic or svglib."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import WORKSHEET, exercise, flat, page_texts, write_files

from worksheet import diskcache


def _env(cache: Path, **more: str) -> dict[str, str]:
    return {**os.environ, "WORKSHEET_NO_CACHE": "0", "WORKSHEET_CACHE_DIR": str(cache), **more}


def _build(cache: Path, out: Path, *args: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "worksheet", "build", *map(str, args), "-o", str(out)],
                          capture_output=True, text=True, env=_env(cache, **env), check=True)


def _libraries(cache: Path) -> list[Path]:
    """The kept Libraries: the only kept answers that are pickles (the others are JSON)."""
    return [p for p in sorted(cache.glob(f"*{diskcache.KEPT}")) if p.read_bytes()[32:34] == b"\x80\x05"]


@pytest.mark.parametrize("args", [
    ("--dose", "bridge.reps=13", "--dose", "piri.hold_seconds=25"),
    ("--only", "bridge,pelvic-tilt", "--lang", "es"),
    ("--exclude", "seat-cushion", "--brand", "harbor", "--paper", "a4"),
])
def test_a_new_layout_from_a_kept_library_equals_a_fresh_build(tmp_path: Path, args: tuple[str, ...]) -> None:
    cache = tmp_path / "cache"
    _build(cache, tmp_path / "first.pdf", "--patient", "Ana")
    [library] = _libraries(cache)
    os.utime(library, ns=(0, 0))
    kept = _build(cache, tmp_path / "kept.pdf", *args, "--patient", "Zoë Ørsted", "--date", "2027-01-02")
    assert library.stat().st_mtime_ns > 0, "the new layout did not read the kept library"
    fresh = _build(cache, tmp_path / "fresh.pdf", *args, "--no-cache", "--patient", "Zoë Ørsted",
                   "--date", "2027-01-02")
    assert (tmp_path / "kept.pdf").read_bytes() == (tmp_path / "fresh.pdf").read_bytes()
    assert kept.stderr == fresh.stderr


def test_a_changed_content_file_is_loaded_anew(tmp_path: Path) -> None:
    cache, clinic = tmp_path / "cache", tmp_path / "clinic"
    write_files(clinic, {"exercises/wall-push.md": exercise(title="Wall Push AAAA"),
                         "worksheets/tiny.yaml": WORKSHEET})
    target = clinic / "exercises" / "wall-push.md"
    _build(cache, tmp_path / "a.pdf", "tiny", "--content", clinic, "--dose", "wall.reps=5")
    assert "Wall Push AAAA" in flat(page_texts(tmp_path / "a.pdf")[0])
    before = target.stat()
    target.write_text(target.read_text(encoding="utf-8").replace("AAAA", "BBBB"), encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # the old mtime: the bytes still count
    _build(cache, tmp_path / "b.pdf", "tiny", "--content", clinic, "--dose", "wall.reps=6")
    _build(cache, tmp_path / "c.pdf", "tiny", "--content", clinic, "--dose", "wall.reps=6", "--no-cache")
    text = flat(page_texts(tmp_path / "b.pdf")[0])
    assert "Wall Push BBBB" in text and "AAAA" not in text
    assert (tmp_path / "b.pdf").read_bytes() == (tmp_path / "c.pdf").read_bytes()
    assert len(_libraries(cache)) == 2  # one per content as it was


def test_a_bad_library_entry_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _build(cache, tmp_path / "a.pdf", "--patient", "Ana")
    [library] = _libraries(cache)
    good = library.read_bytes()
    _build(cache, tmp_path / "fresh.pdf", "--no-cache", "--dose", "bridge.reps=9")
    for spoiled in (good[:-9] + b"garbage!!", b"", good[:32] + pickle.dumps(((), ()), protocol=5)):
        library.write_bytes(spoiled)
        _build(cache, tmp_path / "b.pdf", "--dose", "bridge.reps=9")
        assert (tmp_path / "b.pdf").read_bytes() == (tmp_path / "fresh.pdf").read_bytes()
        for entry in cache.glob(f"*{diskcache.SUFFIX}"):
            entry.unlink()  # built anew next time, not replayed


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo owned > owned.txt",))


def test_a_signed_library_with_foreign_objects_is_never_run(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from worksheet.library import kept_library

    monkeypatch.setenv("WORKSHEET_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("WORKSHEET_NO_CACHE", "0")
    for body in (pickle.dumps(_Boom()), pickle.dumps((({}, {}, {"x": 1}, {}), ())), b"not a pickle"):
        diskcache.store("k" * 64, body, diskcache.KEPT)
        assert kept_library("k" * 64) is None
    assert not Path("owned.txt").exists() and not (tmp_path / "owned.txt").exists()


@pytest.mark.parametrize("off", [("--no-cache",), ()])
def test_no_cache_keeps_no_library(tmp_path: Path, off: tuple[str, ...]) -> None:
    cache = tmp_path / "cache"
    env = {} if off else {"WORKSHEET_NO_CACHE": "1"}
    _build(cache, tmp_path / "a.pdf", *off, "--dose", "bridge.reps=7", **env)
    assert _libraries(cache) == []


def test_a_new_dose_from_a_kept_library_loads_no_yaml_pydantic_or_svglib(tmp_path: Path) -> None:
    cache, out = tmp_path / "cache", str(tmp_path / "a.pdf")
    _build(cache, tmp_path / "first.pdf", "--patient", "Ana")
    probe = ("import sys\nfrom worksheet.cli import main\n"
             f"sys.argv = ['worksheet', 'build', '--dose', 'bridge.reps=17', '-o', {out!r}]\n"
             "main()\n"
             "heavy = {'yaml', 'pydantic', 'annotated_types', 'svglib', 'babel'}\n"
             "print(sorted({m.split('.')[0] for m in sys.modules} & heavy))\n")
    done = subprocess.run([sys.executable, "-c", probe], check=True, env=_env(cache), capture_output=True,
                          text=True)
    assert done.stdout.splitlines()[-1] == "[]"
    assert "Repeat 17 times" in flat(" ".join(page_texts(Path(out))))


@pytest.mark.parametrize("field", ["hold_seconds", "reps", "sets", "times_per_day", "each_side"])
def test_a_plain_dose_read_without_pydantic_is_what_pydantic_reads(field: str) -> None:
    from pydantic import ValidationError

    from worksheet import doses
    from worksheet.errors import WorksheetError

    for value in ("1", "7", "24", "25", "999", "1000", "1001", "0", "012", "-3", "1.0", "true", "false",
                  "True", "yes", "٣", "", "x"):
        try:
            pydantics = doses._adapter().validate_python({field: value})
        except ValidationError:
            pydantics = None
        try:
            ours = doses.dose_overrides([("bridge", field, value)], ["bridge"]).get("bridge")
        except WorksheetError:
            ours = None
        assert ours == pydantics, (field, value)
