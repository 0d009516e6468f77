"""Form fields in our own embedded font: a fillable sheet names no font it does not carry.

ReportLab's AcroForm fields take only the standard 14 fonts: every field's default
appearance (``/DA``), its appearance streams and the form's resources name
Helvetica, which no PDF carries and PDF/UA-1 forbids unembedded. After the
build, each of those font dictionaries becomes the sheet's regular face,
embedded whole (a viewer writes whatever the patient types with it, so a
subset would not do), with WinAnsi encoding as the fields' text uses.
"""

from __future__ import annotations

import functools
import io
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics

WINANSI = range(32, 256)  # the codes a field's text is written in


def embed_form_font(data: bytes, font: str) -> bytes:
    """``data`` with every standard-14 font of its form replaced by the registered TTF ``font``."""
    import pikepdf  # only fillable sheets need it: loaded on first use

    pdf = pikepdf.open(io.BytesIO(data))
    if "/AcroForm" not in pdf.Root:
        return data
    face = pdfmetrics.getFont(font).face  # type: ignore[attr-defined]
    name = _base_name(face)
    descriptor: Any = None
    widths = pdf.make_indirect(pikepdf.Array(_widths(font)))  # one array for the ~150 font dictionaries
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
            continue
        if obj.get("/Subtype") != "/Type1" or "/FontDescriptor" in obj:
            continue  # a font of our own, already embedded
        if descriptor is None:
            descriptor = pdf.make_indirect(_descriptor(pdf, face, name))
        for key in list(obj.keys()):
            del obj[key]
        obj.Type, obj.Subtype = pikepdf.Name.Font, pikepdf.Name.TrueType
        obj.BaseFont = pikepdf.Name("/" + name)
        obj.FirstChar, obj.LastChar = WINANSI[0], WINANSI[-1]
        obj.Widths = widths
        obj.Encoding = pikepdf.Name.WinAnsiEncoding
        obj.FontDescriptor = descriptor
    out = io.BytesIO()
    # the same sheet gives the same bytes; object streams keep the ~150 small field dictionaries small
    pdf.save(out, deterministic_id=True, compress_streams=True,
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _base_name(face: Any) -> str:
    raw = face.name
    text = raw.decode("latin-1") if isinstance(raw, bytes) else str(raw)
    return "".join(c for c in text if c.isalnum() or c in "-_") or "WorksheetForm"


@functools.cache
def _widths(font: str) -> tuple[int, ...]:
    """Glyph widths for the WinAnsi codes, in thousandths of the size."""
    out = []
    for code in WINANSI:
        try:
            char = bytes([code]).decode("cp1252")
        except UnicodeDecodeError:  # five codes WinAnsi leaves unassigned
            char = " "
        out.append(round(pdfmetrics.stringWidth(char, font, 1000)))
    return tuple(out)


def _descriptor(pdf: Any, face: Any, name: str) -> Any:
    import pikepdf

    program = Path(face.filename).read_bytes()
    stream = pikepdf.Stream(pdf, program)
    stream.Length1 = len(program)
    return pikepdf.Dictionary(
        Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name("/" + name),
        Flags=32,  # non-symbolic: its characters are the standard Latin set, by WinAnsi
        FontBBox=pikepdf.Array([round(v) for v in face.bbox]), ItalicAngle=round(face.italicAngle),
        Ascent=round(face.ascent), Descent=round(face.descent), CapHeight=round(face.capHeight),
        StemV=round(face.stemV), FontFile2=stream)


__all__ = ["embed_form_font"]
