"""Safe, distinct file names for handouts built from user-supplied text."""

from __future__ import annotations

import re
import unicodedata

MAX_STEM = 80  # characters: a name a person can read in a file list
# bytes: file systems allow 255 bytes per name; a stem leaves room for "-99999.pdf" and the
# temporary name made beside it while it is written (see worksheet.output)
MAX_STEM_BYTES = 120
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def safe_stem(text: str, fallback: str) -> str:
    """A file name stem with no separators, control characters, ``..`` or leading dot."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    if text.lower().endswith(".pdf"):
        text = text[:-4]
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"\s+", "-", text.strip())
    text = re.sub(r"\.{2,}", ".", text).strip(".-_ ")
    text = _cut_bytes(text[:MAX_STEM], MAX_STEM_BYTES).rstrip(".-_ ")
    if not text or text.split(".")[0].lower() in _RESERVED:
        text = fallback if not text else f"{fallback}-{text}"
    return text


def _cut_bytes(text: str, limit: int) -> str:
    """The longest start of ``text`` whose UTF-8 form fits in ``limit`` bytes (whole characters)."""
    return text.encode("utf-8")[:limit].decode("utf-8", errors="ignore")


class NameBook:
    """Hands out distinct names: a second ``ana.pdf`` becomes ``ana-2.pdf``."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def claim(self, stem: str) -> str:
        """The first free ``stem``, ``stem-2``, … as ``….pdf`` (case-insensitive)."""
        candidate, number = stem, 1
        while f"{candidate}.pdf".lower() in self._taken:
            number += 1
            candidate = f"{stem}-{number}"
        name = f"{candidate}.pdf"
        self._taken.add(name.lower())
        return name
