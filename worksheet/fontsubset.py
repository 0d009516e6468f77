"""Make the bundled CJK and emoji fallback fonts (a maintainer's tool; needs fontTools and npm).

    python -m worksheet.fontsubset [--source DIR] [--out assets/fonts]

The sources are Google Fonts' static TrueType builds of Noto Sans SC, JP and KR and of
Noto Emoji (monochrome), SIL OFL 1.1, as the npm packages ``@expo-google-fonts/noto-*``
carry them (ReportLab embeds TrueType outlines only; Debian's Noto CJK are CFF). Without
``--source`` the pinned packages are fetched with ``npm pack`` into a temporary folder.

What is kept, and why (about 7,900 glyphs, so the fonts stay a few MB):

- Japanese: Hiragana, Katakana (and the half-width forms), CJK punctuation, and the
  2,965 kanji of JIS X 0208 level 1, which hold nearly all of the Jōyō kanji, in the
  Japanese glyph forms of Noto Sans JP;
- Chinese: the 3,755 hanzi of GB 2312 level 1 (the common simplified characters) that
  JIS level 1 lacks, from Noto Sans SC (5,009 ideographs in all);
- Korean: the 2,350 Hangul syllables of KS X 1001 and the Hangul jamo, from Noto Sans KR;
- emoji: every pictograph of Noto Emoji in the emoji blocks (print is black and white).

Hinting and OpenType layout tables are dropped: ReportLab uses neither, and they are
half the bytes. The outlines themselves are the sources' own.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

PACKAGES = {"sc": "@expo-google-fonts/noto-sans-sc@0.4.3", "jp": "@expo-google-fonts/noto-sans-jp@0.4.3",
            "kr": "@expo-google-fonts/noto-sans-kr@0.4.3", "emoji": "@expo-google-fonts/noto-emoji@0.4.7"}
WEIGHTS = {"Regular": "400Regular", "Bold": "700Bold"}  # only Regular is made unless --bold
CJK_FILE = "NotoSansCJK-Subset-{weight}.ttf"
EMOJI_FILE = "NotoEmoji-Subset-Regular.ttf"
LICENCE_FILE = "Noto-OFL.txt"
EMOJI_BLOCKS = ((0x1F000, 0x1FAFF), (0x2600, 0x27BF), (0x2B00, 0x2BFF), (0x2300, 0x23FF))
KANA = (*range(0x3000, 0x3100), *range(0x31F0, 0x3200), *range(0xFF01, 0xFFA0))
JAMO = (*range(0x1100, 0x1200), *range(0x3130, 0x3190))


def _double_byte(codec: str, rows: range, last: int | None = None) -> list[int]:
    """The characters of a double-byte (EUC) code's rows, in code order."""
    found = []
    for row in rows:
        for cell in range(0xA1, 0xFF):
            try:
                found.append(ord(bytes([row, cell]).decode(codec)))
            except UnicodeDecodeError:
                continue  # an empty cell at a row's end
    return found[:last] if last else found


def cjk_sets() -> dict[str, list[int]]:
    """The code points each source contributes, disjoint, in order of priority."""
    jis = _double_byte("euc_jp", range(0xB0, 0xD0))  # JIS X 0208 level 1 kanji
    gb = _double_byte("gb2312", range(0xB0, 0xD8))  # GB 2312 level 1 hanzi
    hangul = _double_byte("euc_kr", range(0xB0, 0xC9))  # KS X 1001 syllables
    jp = sorted({*KANA, *jis})
    return {"jp": jp, "sc": sorted(set(gb) - set(jp)), "kr": sorted({*hangul, *JAMO})}


def _source(root: Path, key: str, weight: str) -> Path:
    name = {"sc": "NotoSansSC", "jp": "NotoSansJP", "kr": "NotoSansKR", "emoji": "NotoEmoji"}[key]
    package = PACKAGES[key].split("/")[1].split("@")[0]
    matches = sorted(root.glob(f"**/*{package}*/**/{WEIGHTS[weight]}/{name}_{WEIGHTS[weight]}.ttf"))
    if not matches:
        raise SystemExit(f"no {name} {weight} under {root}: unpack {PACKAGES[key]} there")
    return matches[0]


def _subset(path: Path, codepoints: list[int], out: Path) -> None:
    from fontTools import subset  # type: ignore[import-untyped]

    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "STAT", "vhea", "vmtx", "gasp", "prep"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    if font["head"].unitsPerEm != 1000:
        # Noto Emoji has 2048 units per em and one advance shared by its glyphs: ReportLab's
        # own subsets then write the scaled width (1269) as the advance (2600), which veraPDF
        # refuses (PDF/UA-1 7.21.5-1); at 1000 units the two are the same number
        from fontTools.ttLib.scaleUpem import scale_upem  # type: ignore[import-untyped]

        scale_upem(font, 1000)
    font.recalcTimestamp = False  # the same sources give the same bytes
    font.save(str(out))


def build(root: Path, out: Path, weights: tuple[str, ...] = ("Regular",)) -> list[Path]:
    """Subset and merge the sources under ``root`` into ``out``; the files written."""
    from fontTools.merge import Merger  # type: ignore[import-untyped]
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

    written = []
    with tempfile.TemporaryDirectory() as tmp:
        for weight in weights:
            parts = []
            for key, codepoints in cjk_sets().items():
                part = Path(tmp) / f"{key}-{weight}.ttf"
                _subset(_source(root, key, weight), codepoints, part)
                parts.append(str(part))
            merged = Merger().merge(parts)
            _rename(merged, weight)
            merged.recalcTimestamp = False
            stamp = TTFont(parts[0])["head"].modified  # the merge stamps the time: the source's instead
            merged["head"].created = merged["head"].modified = stamp
            target = out / CJK_FILE.format(weight=weight)
            merged.save(str(target))
            written.append(target)
        emoji = TTFont(str(_source(root, "emoji", "Regular")))
        points = [c for c in emoji.getBestCmap() if any(low <= c <= high for low, high in EMOJI_BLOCKS)]
        _subset(_source(root, "emoji", "Regular"), points, out / EMOJI_FILE)
        written.append(out / EMOJI_FILE)
    cjk, emoji_text = (next(_source(root, key, "Regular").parents[1].glob("LICENSE_FONT"))
                       .read_text(encoding="utf-8") for key in ("sc", "emoji"))
    notice = "Noto Sans CJK (SC, JP, KR), subset: " + cjk.split("\n", 1)[0]
    notice += "\nNoto Emoji, subset: " + emoji_text.split("\n", 1)[0] + "\n" + cjk.split("\n", 1)[1]
    (out / LICENCE_FILE).write_text(notice, encoding="utf-8")
    return [*written, out / LICENCE_FILE]


def _rename(font: object, weight: str) -> None:
    """A subset is a Modified Version (OFL): it carries its own family name."""
    names = font["name"]  # type: ignore[index]
    family = "Noto Sans CJK Subset (worksheet)"
    for record in list(names.names):
        if record.nameID in (1, 16):
            names.setName(family, record.nameID, record.platformID, record.platEncID, record.langID)
        elif record.nameID in (4, 6):
            value = f"{family} {weight}" if record.nameID == 4 else f"NotoSansCJKSubsetWorksheet-{weight}"
            names.setName(value, record.nameID, record.platformID, record.platEncID, record.langID)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, help="folder with the unpacked npm packages")
    parser.add_argument("--out", type=Path, default=Path("assets/fonts"))
    parser.add_argument("--bold", action="store_true", help="also make a bold CJK face (+2 MB)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = args.source
        if root is None:
            root = Path(tmp)
            for package in PACKAGES.values():
                subprocess.run(["npm", "pack", "-q", package], cwd=root, check=True)
            for archive in root.glob("*.tgz"):
                folder = root / archive.stem
                folder.mkdir()
                subprocess.run(["tar", "xzf", str(archive), "-C", str(folder)], check=True)
        for path in build(root, args.out, ("Regular", "Bold") if args.bold else ("Regular",)):
            sys.stdout.write(f"wrote {path} ({path.stat().st_size / 1e6:.2f} MB)\n")


if __name__ == "__main__":
    main()
