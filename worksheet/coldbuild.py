"""One handout for ``worksheet build``: replayed from the on-disk layout cache when this
machine has built the same layout before, built in full (and recorded) otherwise.

A hit skips loading the content (YAML, Markdown, Jinja, validation) and laying out the
pages; only the patient's name and date, the footers and the file are made anew, and the
bytes are the same as a full build's (``tests/test_layout_cache.py`` checks it from
another process). A miss (a layout never seen) still skips loading and validating the
content when the same files loaded before (``worksheet.library``). A worksheet or brand given as
a file path is always built in full.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from worksheet import __version__, diskcache, stamps
from worksheet.roots import clinic_root, data_dir

if TYPE_CHECKING:
    from worksheet.library import Library
    from worksheet.model import Handout, Request


def build_file(request: Request, output: Path, content: Path | None = None,
               use_cache: bool = True) -> tuple[Path, tuple[str, ...]]:
    """Write the handout for ``request`` to ``output``; return it and the warnings to show."""
    if not use_cache:
        diskcache.turn_off()  # (and for the pictures of this process: --no-cache builds everything anew)
    files = key = None
    if diskcache.enabled():
        files = _files_digest(request, content)
        key = layout_key(request, content, files)
    if key is not None:
        done = _replayed(key, request, output)
        if done is not None:
            return done
    from worksheet.glyphs import handout_glyph_warnings
    from worksheet.layout import render_pdf
    from worksheet.output import write_atomic
    from worksheet.resolve import resolve

    handout = resolve(_library(content, files), request)
    data = render_pdf(handout)
    write_atomic(output, data)
    if key is not None:
        _record(key, handout)
    return output, (*handout.warnings, *handout_glyph_warnings(handout))


def _files_digest(request: Request, content: Path | None) -> str | None:
    """The sha256 of every file under the content roots (remembered while none changes); None
    when this request is not cached (a worksheet or brand given by path, an unreadable folder)."""
    if any(Path(name).suffix in (".yaml", ".yml") for name in (request.worksheet, request.brand)):
        return None
    base = data_dir()
    folders = [base / "content", base / "assets", base / "templates"]
    if content is not None:
        folders.append(clinic_root(content).base)
    return stamps.remembered("files", folders, lambda: diskcache.files_digest(folders))


def layout_key(request: Request, content: Path | None, files: str | None = None) -> str | None:
    """The cache key of everything but the name and date that decides the bytes; None when
    this request is not cached (a worksheet or brand given by path, an unreadable folder)."""
    if files is None:
        files = _files_digest(request, content)
    code = stamps.code_digest()
    if files is None or code is None:
        return None
    from worksheet.layout.stored import engine_versions

    options = dataclasses.replace(request, patient="", date=None)
    return diskcache.make_key(__version__, code, engine_versions(), repr(options), files)


def _library(content: Path | None, files: str | None) -> Library:
    """The content loaded and validated, or as it was the last time these very files loaded
    without a problem (a layout never seen then skips YAML, pydantic and the checks)."""
    from worksheet.library import keep_library, kept_library, library_key

    key = library_key(files, str(content or "")) if files is not None else None
    found = kept_library(key) if key is not None else None
    if found is not None:
        return found
    from worksheet.content import load_library

    library = load_library(content)
    if key is not None:
        keep_library(key, library)
    return library


def _layout(handout: Handout) -> Handout:
    """The handout without what differs between patients (the replay key of the layout layer)."""
    return dataclasses.replace(handout, patient="", date="", creation_date=None, warnings=())


def _record(key: str, handout: Handout) -> None:
    from worksheet.glyphs import handout_glyph_warnings
    from worksheet.layout.replay import recording
    from worksheet.layout.stored import dump

    layout = _layout(handout)
    found = recording(layout)
    if found is None or found.images:  # not replayed (form fields), or raster images: not on disk
        return
    glyphs = tuple(handout_glyph_warnings(dataclasses.replace(handout, patient="")))
    diskcache.store(key, dump(layout, found, (handout.warnings, glyphs)))


def _replayed(key: str, request: Request, output: Path) -> tuple[Path, tuple[str, ...]] | None:
    body = diskcache.load(key)
    if body is None:
        return None
    from worksheet.layout.stored import load

    entry = load(body)
    if entry is None:
        return None
    layout, found, (warnings, glyphs) = entry
    from worksheet.dates import printed_date
    from worksheet.glyphs import patient_glyph_warnings
    from worksheet.layout import render_pdf
    from worksheet.layout.replay import install
    from worksheet.output import write_atomic

    install(layout, found)
    handout = dataclasses.replace(
        layout, patient=request.patient.strip(),
        date=(printed_date(request.date, request.lang, request.paper, request.date_style,
                           layout.brand.date_style) if request.date else ""),
        creation_date=request.date)
    data = render_pdf(handout)
    write_atomic(output, data)
    return output, (*warnings, *patient_glyph_warnings(handout), *glyphs)
