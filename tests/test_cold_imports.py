"""What a cold build replayed from the layout cache does without: Babel for the date, pydantic and
annotated_types for the model, platypus's slow address pattern; and that each gives the same result."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from worksheet import dates

_DAYS = [dt.date(year, month, day) for year in (1, 9, 2026, 9999) for month in range(1, 13)
         for day in (1, 9, 28)]


@pytest.mark.parametrize("cache", ["on", "off"])
def test_long_dates_are_babels(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: str) -> None:
    from babel.dates import format_date

    monkeypatch.setenv("WORKSHEET_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("WORKSHEET_NO_CACHE", "0" if cache == "on" else "1")
    for _ in range(2):  # worked out, then read back from the cache
        dates._long_pattern.cache_clear()
        for locale in ("en_US", "en_GB", "es"):
            assert [dates.long_date(day, locale) for day in _DAYS] == [
                format_date(day, format="long", locale=locale) for day in _DAYS]
    assert dates.printed_date(dt.date(2026, 12, 2), "es", "letter") == "2 de diciembre de 2026"
    assert dates.printed_date(dt.date(2026, 12, 2), "en", "a4") == "2 December 2026"
    dates._long_pattern.cache_clear()


def test_a_pattern_with_another_field_is_left_to_babel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKSHEET_NO_CACHE", "1")
    monkeypatch.setattr(dates, "_babel_pattern", lambda locale: ("%(EEEE)s %(d)s %(MMMM)s", ["x"] * 12))
    dates._long_pattern.cache_clear()
    assert dates._long_pattern("en_GB") is None
    assert dates.long_date(dt.date(2026, 12, 2), "en_GB") == "2 December 2026"  # Babel's own
    dates._long_pattern.cache_clear()


def test_a_deferred_pattern_matches_as_its_compiled_self() -> None:
    from reportlab.platypus import paragraph

    from worksheet.layout.lazyre import LazyPattern, deferred_wide_patterns

    source, flags = paragraph.uri_pat.pattern, paragraph.uri_pat.flags
    real = re.compile
    with deferred_wide_patterns():
        lazy, plain = re.compile(source, flags), re.compile(r"\w+")
    assert isinstance(lazy, LazyPattern) and isinstance(plain, re.Pattern)
    own = re.compile(source, flags)
    for text in ("https://example.org/exercises/bridge/", "ftp://a.b.c/d", "not an address", "HTTP://ÉX.ORG/A"):
        match, expected = lazy.match(text), own.match(text)
        assert (match and match.groups()) == (expected and expected.groups())
    assert re.compile is real  # put back


def test_a_replayed_build_loads_no_babel_pydantic_pillow_or_address_pattern(tmp_path: Path) -> None:
    env = {**os.environ, "WORKSHEET_NO_CACHE": "0", "WORKSHEET_CACHE_DIR": str(tmp_path / "cache")}
    out = str(tmp_path / "a.pdf")
    subprocess.run([sys.executable, "-m", "worksheet", "build", "--date", "2026-11-25", "-o", out],
                   check=True, env=env, capture_output=True)
    probe = ("import sys\nfrom worksheet.cli import main\n"
             f"sys.argv = ['worksheet', 'build', '--patient', 'Ana', '--date', '2026-12-02', '-o', {out!r}]\n"
             "main()\nfrom reportlab.platypus import paragraph\n"
             "heavy = {'babel', 'pydantic', 'annotated_types'}\n"
             "loaded = {m.split('.')[0] for m in sys.modules}\n"
             "pil = sys.modules.get('PIL.Image')\n"
             "print(sorted(loaded & heavy), paragraph.uri_pat._compiled is None,\n"
             "      pil is None or object.__getattribute__(pil, '_deferred_real') is None)\n")
    done = subprocess.run([sys.executable, "-c", probe], check=True, env=env, capture_output=True, text=True)
    assert done.stdout.splitlines()[-1] == "[] True True"
    from conftest import flat, page_texts

    assert "December 2, 2026" in flat(page_texts(Path(out))[0])


def test_a_deferred_module_is_the_real_one_on_first_use() -> None:
    """From threads at once, for reading and for setting: one import, every use goes to it."""
    probe = ("import sys, threading\n"
             "from worksheet.layout.lazyre import DeferredModule, defer_import\n"
             "defer_import('json.decoder'); defer_import('xml.dom.minidom'); defer_import('no.such')\n"
             "stand_in = sys.modules['xml.dom.minidom']\n"
             "assert isinstance(stand_in, DeferredModule) and 'no.such' not in sys.modules\n"
             "assert not isinstance(sys.modules['json.decoder'], DeferredModule)  # json imports it\n"
             "found = []\n"
             "use = lambda: found.append(stand_in.parseString)\n"
             "threads = [threading.Thread(target=use) for _ in range(8)]\n"
             "[t.start() for t in threads]; [t.join() for t in threads]\n"
             "import xml.dom.minidom as real\n"
             "assert real is not stand_in and set(found) == {real.parseString}\n"
             "stand_in.answer = 42\n"
             "assert real.answer == 42\n"
             "from PIL import Image\n"
             "print(Image.new('RGB', (2, 2)).size)\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(2, 2)"
