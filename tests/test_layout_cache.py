"""The on-disk layout cache: a cold `worksheet build` replays a layout built before on this
machine, with the bytes of a fresh build, and never trusts or leaks what is in the folder."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import flat, page_texts

from worksheet import diskcache


def _env(cache: Path, **more: str) -> dict[str, str]:
    return {**os.environ, "WORKSHEET_NO_CACHE": "0", "WORKSHEET_CACHE_DIR": str(cache), **more}


def _build(cache: Path, out: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``worksheet build ARGS -o OUT`` in a new process, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "worksheet", "build", *args, "-o", str(out)],
                          capture_output=True, text=True, env=_env(cache, **env), check=True)


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob(f"*{diskcache.SUFFIX}"))


def test_a_cold_build_replays_the_layout_from_another_process(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _build(cache, tmp_path / "first.pdf", "--patient", "Ana Ruiz", "--date", "2026-11-25",
           "--brand", "harbor")
    [entry] = _entries(cache)
    os.utime(entry, ns=(0, 0))  # read again below: a hit marks it used
    second = tmp_path / "second.pdf"
    _build(cache, second, "--patient", "Ольга Δημήτρης", "--date", "2026-12-03", "--brand", "harbor")
    assert entry.stat().st_mtime_ns > 0, "the second build did not read the cache"
    assert _entries(cache) == [entry]  # same layout, same entry: the name is not part of the key
    fresh = tmp_path / "fresh.pdf"
    _build(cache, fresh, "--no-cache", "--patient", "Ольга Δημήτρης", "--date", "2026-12-03",
           "--brand", "harbor")
    assert second.read_bytes() == fresh.read_bytes()
    assert "Ольга Δημήτρης" in flat(page_texts(second)[0])


@pytest.mark.parametrize("args", [
    ("--lang", "es", "--layout", "compact", "--paper", "a4"),
    ("--large-print", "--grayscale", "--no-header-band", "--only", "bridge,pelvic-tilt"),
    ("--dose", "bridge.reps=12", "--no-disclosure"),
])
def test_replayed_variants_equal_fresh_builds(tmp_path: Path, args: tuple[str, ...]) -> None:
    cache = tmp_path / "cache"
    _build(cache, tmp_path / "first.pdf", *args, "--patient", "Bo")
    assert len(_entries(cache)) == 1
    _build(cache, tmp_path / "hit.pdf", *args, "--patient", "Zoë Ørsted", "--date", "2027-01-02")
    _build(cache, tmp_path / "fresh.pdf", *args, "--no-cache", "--patient", "Zoë Ørsted",
           "--date", "2027-01-02")
    assert (tmp_path / "hit.pdf").read_bytes() == (tmp_path / "fresh.pdf").read_bytes()


def test_an_entry_holds_no_name_or_date(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _build(cache, tmp_path / "a.pdf", "--patient", "Quixote Zebulon", "--date", "2031-07-04")
    [entry] = _entries(cache)
    data = entry.read_bytes()
    for secret in ("Quixote", "Zebulon", "2031", "July"):
        assert secret.encode() not in data
        assert secret not in entry.name


def test_warnings_are_the_same_from_the_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ("--lang", "es", "--patient", "Ana 乊")
    first = _build(cache, tmp_path / "a.pdf", *args)
    hit = _build(cache, tmp_path / "b.pdf", *args)
    fresh = _build(cache, tmp_path / "c.pdf", *args, "--no-cache")
    assert "patient name: character '乊' (U+4E4A)" in fresh.stderr
    assert first.stderr == hit.stderr == fresh.stderr


def test_a_corrupt_or_foreign_entry_is_ignored_and_rebuilt(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    _build(cache, tmp_path / "a.pdf", "--patient", "Ana")
    [entry] = _entries(cache)
    good = entry.read_bytes()
    fresh = tmp_path / "fresh.pdf"
    _build(cache, fresh, "--no-cache", "--patient", "Bo")
    for spoil in (lambda: entry.write_bytes(good[:-7] + b"garbage"),   # cut or flipped bytes
                  lambda: entry.write_bytes(b""),
                  lambda: (cache / "secret").write_bytes(os.urandom(32))):  # signed on another machine
        spoil()
        out = tmp_path / "b.pdf"
        _build(cache, out, "--patient", "Bo")
        assert out.read_bytes() == fresh.read_bytes()
        monkeypatch.setenv("WORKSHEET_CACHE_DIR", str(cache))
        assert diskcache.load(entry.name.removesuffix(diskcache.SUFFIX)) is not None  # whole, signed again


class _Boom:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.system, ("echo owned > owned.txt",))


def test_a_signed_entry_with_foreign_objects_is_never_run(tmp_path: Path) -> None:
    """Even an entry that verifies builds only the plain classes a recording holds."""
    from worksheet.layout.stored import load

    assert load(pickle.dumps(_Boom())) is None
    assert load(pickle.dumps((1, 2, 3))) is None
    assert load(b"not a pickle") is None
    assert not Path("owned.txt").exists()


@pytest.mark.parametrize("off", [("--no-cache",), ()])
def test_no_cache_and_the_environment_turn_it_off(tmp_path: Path, off: tuple[str, ...]) -> None:
    cache = tmp_path / "cache"
    env = {} if off else {"WORKSHEET_NO_CACHE": "1"}
    _build(cache, tmp_path / "a.pdf", *off, "--patient", "Ana", **env)
    assert _entries(cache) == []


def test_two_processes_writing_at_once_leave_one_whole_entry(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    runs = [subprocess.Popen([sys.executable, "-m", "worksheet", "build", "--patient", name, "-o",
                              str(tmp_path / f"{name}.pdf")], env=_env(cache), stdout=subprocess.DEVNULL)
            for name in ("Ana", "Bo")]
    assert [run.wait() for run in runs] == [0, 0]
    assert len(_entries(cache)) == 1
    assert not list(cache.glob("*.wstmp"))
    _build(cache, tmp_path / "fresh.pdf", "--no-cache", "--patient", "Bo")
    assert (tmp_path / "Bo.pdf").read_bytes() == (tmp_path / "fresh.pdf").read_bytes()


def test_the_folder_is_kept_under_its_size_cap(tmp_path: Path) -> None:
    for age in range(6):
        path = tmp_path / f"{age:064x}{diskcache.SUFFIX}"
        path.write_bytes(b"x" * 1000)
        os.utime(path, ns=(age * 10**9, age * 10**9))
    diskcache.prune(tmp_path, limit=3500)
    assert [p.name[63] for p in sorted(tmp_path.glob(f"*{diskcache.SUFFIX}"))] == ["3", "4", "5"]


def test_a_key_others_could_read_or_plant_turns_the_cache_off(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _build(cache, tmp_path / "a.pdf", "--patient", "Ana")
    [entry] = _entries(cache)
    (cache / "secret").chmod(0o644)
    os.utime(entry, ns=(0, 0))
    _build(cache, tmp_path / "b.pdf", "--patient", "Bo")
    assert entry.stat().st_mtime_ns == 0, "an entry was trusted under a key others can read"
    _build(cache, tmp_path / "fresh.pdf", "--no-cache", "--patient", "Bo")
    assert (tmp_path / "b.pdf").read_bytes() == (tmp_path / "fresh.pdf").read_bytes()
