"""Answers kept for the next cold process (`--help`, `list`, the layout key's digests): the same
text as the app's, and never a stale one: a changed file shows at once, a bad entry is ignored."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import WORKSHEET, exercise, page_texts, write_files

from worksheet import diskcache, stamps
from worksheet.cli import COMMANDS, app


def _run(cache: Path, *args: str | Path, off: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WORKSHEET_NO_CACHE": "1" if off else "0", "WORKSHEET_CACHE_DIR": str(cache),
           "COLUMNS": "80"}
    return subprocess.run([sys.executable, "-m", "worksheet", *map(str, args)], capture_output=True,
                          text=True, env=env)


def _kept(cache: Path) -> list[Path]:
    return sorted(cache.glob(f"*{diskcache.KEPT}"))


def test_the_entry_point_knows_every_command_of_the_app() -> None:
    names = tuple(c.name or getattr(c.callback, "__name__", "") for c in app.registered_commands)
    assert names == COMMANDS


@pytest.mark.parametrize("args", [("--help",), ("build", "--help"), ("list", "--help"), ("batch", "--help")])
def test_kept_help_is_the_apps_help(tmp_path: Path, args: tuple[str, ...]) -> None:
    fresh = _run(tmp_path, *args, off=True)
    first = _run(tmp_path, *args)
    assert _kept(tmp_path), "nothing was kept"
    second = _run(tmp_path, *args)
    assert fresh.returncode == first.returncode == second.returncode == 0
    assert fresh.stdout == first.stdout == second.stdout
    assert "Usage: worksheet" in second.stdout


def test_help_is_kept_per_terminal_width(tmp_path: Path) -> None:
    wide = _run(tmp_path, "build", "--help")
    env = {**os.environ, "WORKSHEET_NO_CACHE": "0", "WORKSHEET_CACHE_DIR": str(tmp_path), "COLUMNS": "60"}
    narrow = subprocess.run([sys.executable, "-m", "worksheet", "build", "--help"], capture_output=True,
                            text=True, env=env)
    assert max(map(len, narrow.stdout.splitlines())) <= 60 < max(map(len, wide.stdout.splitlines()))


def test_list_shows_a_changed_file_at_once(tmp_path: Path) -> None:
    cache, clinic = tmp_path / "cache", tmp_path / "clinic"
    write_files(clinic, {"exercises/wall-push.md": exercise(title="Wall Push AAAA")})
    target = clinic / "exercises" / "wall-push.md"
    first = _run(cache, "list", "--content", clinic)
    assert first.returncode == 0, first.stderr
    assert "Wall Push AAAA" in first.stdout
    assert _run(cache, "list", "--content", clinic).stdout == first.stdout  # from what was kept
    before = target.stat()
    target.write_text(target.read_text(encoding="utf-8").replace("AAAA", "BBBB"), encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the old mtime
    second = _run(cache, "list", "--content", clinic)
    assert "Wall Push BBBB" in second.stdout and "AAAA" not in second.stdout
    assert second.stdout == _run(cache, "list", "--content", clinic, off=True).stdout
    (clinic / "exercises" / "wall-push.md").unlink()
    assert "Wall Push" not in _run(cache, "list", f"--content={clinic}").stdout


def _screen_run(cache: Path, *args: str, off: bool = False,
                **screen: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "WORKSHEET_NO_CACHE": "1" if off else "0", "WORKSHEET_CACHE_DIR": str(cache),
           **screen}
    return subprocess.run([sys.executable, *args, "-m", "worksheet", "list"], capture_output=True,
                          text=True, env=env)


SCREENS = [{"COLUMNS": "80"}, {"COLUMNS": "50"}, {"COLUMNS": "120", "FORCE_COLOR": "1"},
           {"COLUMNS": "70", "NO_COLOR": "1"}]


@pytest.mark.parametrize("screen", SCREENS)
def test_list_kept_as_shown_is_what_rich_draws_on_that_screen(tmp_path: Path, screen: dict[str, str]) -> None:
    fresh = _screen_run(tmp_path, off=True, **screen).stdout
    for _ in range(2):  # the app keeps the rows, then rich's drawing of them is kept
        assert _screen_run(tmp_path, **screen).stdout == fresh
    kept = _screen_run(tmp_path, "-X", "importtime", **screen)
    assert kept.stdout == fresh and "Exercises" in fresh
    assert "rich.console" not in kept.stderr, "the kept drawing was not used"
    plain = re.sub(r"\x1b\[[0-9;]*m", "", fresh)
    assert max(map(len, plain.splitlines())) <= int(screen["COLUMNS"])
    assert ("\x1b[" in fresh) == ("FORCE_COLOR" in screen)
    other = {**screen, "COLUMNS": str(int(screen["COLUMNS"]) - 9)}
    assert _screen_run(tmp_path, **other).stdout == _screen_run(tmp_path, off=True, **other).stdout != fresh


def test_a_library_with_problems_is_never_kept(tmp_path: Path) -> None:
    cache, clinic = tmp_path / "cache", tmp_path / "clinic"
    (clinic / "exercises").mkdir(parents=True)
    (clinic / "exercises" / "wall-push.md").write_text("---\nid: wall-push\n---\n", encoding="utf-8")
    for _ in range(2):
        failed = _run(cache, "list", "--content", clinic)
        assert failed.returncode == 2 and "wall-push.md" in failed.stderr
    assert not [p for p in _kept(cache) if b"wall-push" in p.read_bytes()]


def test_a_damaged_or_foreign_entry_is_ignored(tmp_path: Path) -> None:
    good = _run(tmp_path, "list").stdout
    helped = _run(tmp_path, "--help").stdout
    for path in _kept(tmp_path):
        data = bytearray(path.read_bytes())
        data[-3] ^= 0xFF  # the signature no longer matches
        path.write_bytes(bytes(data))
    assert _run(tmp_path, "list").stdout == good
    assert _run(tmp_path, "--help").stdout == helped
    empty = b'"{\\"worksheets\\": [], \\"exercises\\": [], \\"brands\\": []}"'
    unsigned = b"\0" * 32 + b'{"hashes": {}, "value": ' + empty + b"}"
    for path in _kept(tmp_path):
        path.write_bytes(unsigned)
    assert _run(tmp_path, "list").stdout == good


def test_a_recent_file_is_hashed_before_its_answer_is_trusted(tmp_path: Path, monkeypatch:
                                                              pytest.MonkeyPatch) -> None:
    """Two writes in one tick of the clock, same size: the stat is the same, the bytes are not."""
    monkeypatch.setenv("WORKSHEET_NO_CACHE", "0")
    monkeypatch.setenv("WORKSHEET_CACHE_DIR", str(tmp_path / "cache"))
    source = tmp_path / "data" / "a.txt"
    source.parent.mkdir()
    source.write_text("one", encoding="utf-8")
    frozen = stamps.stamp([source.parent])
    assert frozen is not None and str(source) in frozen.recent  # just written
    monkeypatch.setattr(stamps, "stamp", lambda folders, now_ns=None: frozen)  # a stat that sees nothing
    answer, keep = stamps.recall("test", [], [source.parent])
    assert answer is None
    keep("from one")
    assert stamps.recall("test", [], [source.parent])[0] == "from one"
    source.write_text("two", encoding="utf-8")
    assert stamps.recall("test", [], [source.parent])[0] is None


def test_the_layout_cache_sees_a_changed_file(tmp_path: Path) -> None:
    """The file digest of the layout key is kept by stat: a changed worksheet is a new key."""
    cache, clinic = tmp_path / "cache", tmp_path / "clinic"
    write_files(clinic, {"exercises/wall-push.md": exercise(), "worksheets/tiny.yaml": WORKSHEET})
    sheet = clinic / "worksheets" / "tiny.yaml"
    args = ("build", "tiny", "--content", clinic, "--patient", "Bo")
    assert _run(cache, *args, "-o", tmp_path / "a.pdf").returncode == 0
    before = sheet.stat()
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Tiny Sheet", "Tiny Quilt"), encoding="utf-8")
    os.utime(sheet, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert _run(cache, *args, "-o", tmp_path / "b.pdf").returncode == 0
    assert _run(cache, *args, "--no-cache", "-o", tmp_path / "c.pdf").returncode == 0
    assert (tmp_path / "b.pdf").read_bytes() == (tmp_path / "c.pdf").read_bytes()
    assert "Tiny Quilt" in page_texts(tmp_path / "b.pdf")[0]


def test_a_new_layout_with_kept_pictures_equals_a_fresh_build(tmp_path: Path) -> None:
    """A layout never seen draws its pictures from the operators kept by another layout's build."""
    cache = tmp_path / "cache"
    assert _run(cache, "build", "--patient", "Bo", "-o", tmp_path / "a.pdf").returncode == 0
    kept = len(_kept(cache))
    assert kept > 2  # the digests, and the pictures
    new = ("build", "--patient", "Bo", "--dose", "bridge.reps=13", "--only", "bridge,pelvic-tilt")
    assert _run(cache, *new, "-o", tmp_path / "b.pdf").returncode == 0
    assert _run(cache, *new, "--no-cache", "-o", tmp_path / "c.pdf").returncode == 0
    assert (tmp_path / "b.pdf").read_bytes() == (tmp_path / "c.pdf").read_bytes()
    assert len(_kept(cache)) == kept  # no new picture: they were all read back
    for path in _kept(cache):
        data = bytearray(path.read_bytes())
        data[40] ^= 0xFF  # every kept answer damaged: ignored, built anew
        path.write_bytes(bytes(data))
    for path in cache.glob(f"*{diskcache.SUFFIX}"):
        path.unlink()  # the layout itself is built again
    assert _run(cache, *new, "-o", tmp_path / "d.pdf").returncode == 0
    assert (tmp_path / "d.pdf").read_bytes() == (tmp_path / "c.pdf").read_bytes()


def test_no_cache_keeps_no_picture(tmp_path: Path) -> None:
    assert _run(tmp_path, "build", "--no-cache", "-o", tmp_path / "a.pdf").returncode == 0
    assert _kept(tmp_path) == []


def test_a_kept_catalogue_is_the_one_babel_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from worksheet import i18n

    monkeypatch.setenv("WORKSHEET_NO_CACHE", "0")
    monkeypatch.setenv("WORKSHEET_CACHE_DIR", str(tmp_path))
    for lang in ("es", "en"):
        i18n.catalogue.cache_clear()
        first = i18n.catalogue(lang)  # read by Babel, and kept
        i18n.catalogue.cache_clear()
        monkeypatch.setattr(i18n, "_read_po", lambda lang: pytest.fail("Babel read it again"))
        assert i18n.catalogue(lang) == first  # read back
        monkeypatch.undo()
        monkeypatch.setenv("WORKSHEET_NO_CACHE", "0")
        monkeypatch.setenv("WORKSHEET_CACHE_DIR", str(tmp_path))
        english = i18n.catalogue("en")["log.heading"]
        assert first["log.heading"] and (lang == "en" or first["log.heading"] != english)
    i18n.catalogue.cache_clear()
