"""Fixed labels in the reader's language, from one gettext catalogue per language.

Catalogues are ``worksheet/locale/<lang>/LC_MESSAGES/worksheet.po`` (read with
Babel, so translators use their usual tools). Message ids are keys such as
``log.heading``; English is a catalogue like any other, and a key missing in
a language falls back to English.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import json
from pathlib import Path
from typing import Literal

from worksheet import safefile

Lang = Literal["en", "es"]
LANGS: tuple[Lang, ...] = ("en", "es")
PDF_LANG = {"en": "en-US", "es": "es-ES"}
_LOCALE = Path(__file__).resolve().parent / "locale"
MAX_CATALOGUE_BYTES = 2_000_000  # a few hundred labels; more is not a catalogue


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """Every key and its text for ``lang`` (English fills the gaps). What Babel read is kept
    in the disk cache while the tool's files (the catalogues among them) stay the same."""
    from worksheet import stamps

    kept = stamps.remembered(f"catalogue:{lang}", [], lambda: json.dumps(_read_po(lang)))
    texts = json.loads(kept) if kept is not None else _read_po(lang)
    if not (isinstance(texts, dict) and all(isinstance(v, str) for v in texts.values())):
        texts = _read_po(lang)
    if lang != "en":
        return {**catalogue("en"), **texts}
    return texts


def _read_po(lang: str) -> dict[str, str]:
    from babel.messages.pofile import read_po  # Babel loads only where a label is needed

    path = _LOCALE / lang / "LC_MESSAGES" / "worksheet.po"
    handle = io.BytesIO(safefile.read_bytes(path, MAX_CATALOGUE_BYTES, "catalogue"))
    entries = {m.id: m.string for m in read_po(handle, locale=lang) if m.id and m.string}
    return {str(k): str(v) for k, v in entries.items()}


def label(lang: str, key: str, **values: object) -> str:
    """The text for ``key`` in ``lang`` with ``{names}`` filled in."""
    return catalogue(lang)[key].format(**values)


def counted(lang: str, key: str, n: int) -> str:
    """``key.one`` or ``key.other`` for ``n``."""
    return label(lang, f"{key}.{'one' if n == 1 else 'other'}", n=n)


def long_date(lang: str, day: dt.date) -> str:
    """The date as a reader of ``lang`` writes it: November 25, 2026 / 25 de noviembre de 2026."""
    from babel.dates import format_date

    return format_date(day, format="long", locale=lang)
