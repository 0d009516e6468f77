"""What a handout's bytes depend on, hashed: for skipping unchanged batch rows."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from pathlib import Path

from worksheet import __version__, safefile
from worksheet.content import Library
from worksheet.errors import WorksheetError
from worksheet.model import Brand, BrandFont, Exercise, Request, WorksheetSpec
from worksheet.resolve import find_brand, find_worksheet, select_items

KEEP_USED = 1024  # sheets (a row's values but the name and date) whose used files are kept


class Fingerprints:
    """Each row's fingerprint over one library: its values, the version, the templates and
    fonts every handout uses, and only the content files its own handout uses (its worksheet,
    exercises, their translations and pictures, its brand with logo and fonts). Editing an
    exercise rebuilds the rows that show it and no other."""

    def __init__(self, library: Library) -> None:
        self.library = library
        self._shared = _folders_hash(library, ("templates", "fonts"))
        self._everything: str | None = None
        self._loaded: dict[tuple[str, str, str], WorksheetSpec | Brand] = {}
        self._used_by: dict[Request, object] = {}
        self._hashes: dict[Path, str] = {}  # content files, hashed once per run (a row costs microseconds)

    def of(self, request: Request) -> str:
        used = self._used(request)
        payload = json.dumps([dataclasses.asdict(request), __version__, self._shared, used],
                             sort_keys=True, default=str)
        return hashlib.sha256(payload.encode()).hexdigest()

    def _used(self, request: Request) -> object:
        """The used files' names and hashes; rows that differ only by the patient's name or
        the date use the same files, found once per run (for a long batch, a row's biggest
        cost in the parent process)."""
        key = dataclasses.replace(request, patient="", date=None)
        if key not in self._used_by:
            files = self._used_files(key)
            if files is None:  # the row fails when built: any change to the content may mend it
                if self._everything is None:
                    self._everything = _folders_hash(self.library, ("exercises", "worksheets", "brands",
                                                                    "illustrations"))
                self._used_by[key] = self._everything
            else:
                self._used_by[key] = [(p.name, self._hash(p)) for p in dict.fromkeys(files)]
            if len(self._used_by) > KEEP_USED:
                self._used_by.pop(next(iter(self._used_by)))
        return self._used_by[key]

    def _used_files(self, request: Request) -> list[Path] | None:
        library, lang = self.library, request.lang
        try:
            spec = self._load("worksheet", request.worksheet)
            brand = self._load("brand", request.brand)
            assert isinstance(spec, WorksheetSpec) and isinstance(brand, Brand)
            items = select_items(library, spec, request)
        except WorksheetError:
            return None
        files = [_LOCALE / "en" / _CATALOGUE, _LOCALE / lang / _CATALOGUE]
        default = library.brands.get("default")
        for item in (spec, brand, *((default,) if default is not None else ()),
                     *(library.exercises[i.id] for i in items)):
            files += _files_of(item)
            translation = library.translations.get((item.id or "", lang)) if lang != "en" else None
            if isinstance(translation, type(item)):  # (an exercise and a brand may share an id)
                files += _files_of(translation)
        return files

    def _hash(self, path: Path) -> str:
        if path not in self._hashes:
            self._hashes[path] = _hash_file(path)
        return self._hashes[path]

    def _load(self, kind: str, name: str) -> WorksheetSpec | Brand:
        """A worksheet or brand by id, or loaded from the file it names (once per version)."""
        key = (kind, name, _hash_file(Path(name)) if Path(name).suffix in (".yaml", ".yml") else "")
        if key not in self._loaded:
            finder = find_worksheet if kind == "worksheet" else find_brand
            self._loaded[key] = finder(self.library, name)
        return self._loaded[key]


_LOCALE = Path(__file__).resolve().parent / "locale"
_CATALOGUE = Path("LC_MESSAGES") / "worksheet.po"


def _files_of(item: Exercise | WorksheetSpec | Brand) -> list[Path]:
    files = [item.path]
    if isinstance(item, Exercise):
        files += item.illustrations
    if isinstance(item, Brand):
        files += [item.logo] if item.logo is not None else []
        if isinstance(item.font, BrandFont):
            files += [f for f in (item.font.regular, item.font.bold, item.font.italic) if f is not None]
    return files


def _folders_hash(library: Library, kinds: tuple[str, ...]) -> str:
    """A hash of every file in these folders of every content root."""
    digest = hashlib.sha256()
    for root in library.roots:
        for kind in kinds:
            folder: Path = getattr(root, kind)
            if not folder.is_dir():
                continue
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                digest.update(str(path.relative_to(root.base)).encode())
                digest.update(_hash_file(path).encode())
    return digest.hexdigest()


MAX_HASHED_BYTES = 200_000_000  # beyond any content, font or handout file: hash no further


def _sha256_or_marker(path: Path) -> str:
    """The sha256 of a regular file, streamed; a marker when it is missing, special (a FIFO
    would hang the read, ``/dev/zero`` would never end) or too big. The row then fails at
    build time, where the same file is refused with the real message."""
    try:
        with safefile.open_regular(path, MAX_HASHED_BYTES) as handle:
            digest = hashlib.sha256()
            while chunk := handle.read(1 << 20):
                digest.update(chunk)
            return digest.hexdigest()
    except (WorksheetError, OSError) as exc:
        return f"unreadable:{path}:{exc}"


def _hash_file(path: Path) -> str:
    """The sha256 of a file, remembered while its size and mtime stay the same."""
    try:
        stat = path.stat()
    except OSError:
        return f"missing:{path}"
    return _hash_bytes_of(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _hash_bytes_of(path: str, size: int, mtime_ns: int) -> str:
    return _sha256_or_marker(Path(path))


def file_sha256(path: Path) -> str | None:
    """The sha256 of a regular file, or None when it is missing or not a regular file."""
    digest = _sha256_or_marker(path)
    return None if digest.startswith("unreadable:") else digest
