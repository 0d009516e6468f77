"""The structure tree as a screen reader meets it, and the marks veraPDF does not check.

Reading order: the demo sheet's tree, walked with pikepdf and each element's text
taken from its marked content, against ``golden/demo-reading-order.txt``
(``pytest --update-goldens`` writes it anew). Self-checks: BDC/EMC balanced in
every content stream, every MCID on a page owned by the element the parent tree
names, no marked content inside a form XObject, text outside the tree only in
the header band and footer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from pdfua_tools import reading_order

GOLDEN = Path(__file__).parent / "golden" / "demo-reading-order.txt"
VARIANTS = [(), ("--lang", "es", "--layout", "compact", "--paper", "a4"), ("--large-print",),
            ("--patient", "Ana Ruiz", "--date", "2026-11-25", "--brand", "harbor")]


def test_demo_sheet_reads_in_order(built: Callable[..., Path], request: pytest.FixtureRequest) -> None:
    lines = reading_order(built("--patient", ""))
    if request.config.getoption("--update-goldens"):
        GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert lines == GOLDEN.read_text(encoding="utf-8").splitlines()


def test_reading_order_puts_each_title_before_its_card(built: Callable[..., Path]) -> None:
    lines = [line.strip() for line in reading_order(built("--patient", ""))]
    assert lines[:3] == ["Document:", "Figure: [Worksheet Physical Therapy logo]", "H1: Lower Back Worksheet"]
    sections = [i for i, line in enumerate(lines) if line == "Sect:"]
    heads = [lines[i + 1].split(":")[0] for i in sections]
    assert heads.count("H2") == 9  # safety, seven cards, the log; the disclosure has no heading
    assert any(line.startswith("TH: Mon") for line in lines)


def _content_marks(stream: pikepdf.Page | pikepdf.Object) -> tuple[list[int], int]:
    """The MCIDs in a content stream and the lowest marked-content depth reached at its end."""
    mcids, depth = [], 0
    for operands, operator in pikepdf.parse_content_stream(stream):
        name = str(operator)
        if name in ("BDC", "BMC"):
            depth += 1
            if name == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                mcids.append(int(operands[1].MCID))
        elif name == "EMC":
            depth -= 1
            assert depth >= 0, "EMC without its BDC"
    return mcids, depth


@pytest.mark.parametrize("args", VARIANTS, ids=["demo", "compact-es", "large-print", "named"])
def test_marked_content_is_balanced_and_in_the_parent_tree(built: Callable[..., Path], args: tuple[str, ...]
                                                           ) -> None:
    with pikepdf.open(built(*args)) as pdf:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for index, page in enumerate(pdf.pages):
            mcids, depth = _content_marks(page)
            assert depth == 0, f"page {index + 1}: BDC without EMC"
            assert sorted(mcids) == list(range(len(mcids))), f"page {index + 1}: MCIDs repeat or skip"
            owners = parents[int(page.StructParents)]
            assert len(owners) == len(mcids)
            for mcid in mcids:
                owner = owners[mcid]
                kids = owner.K if isinstance(owner.K, pikepdf.Array) else [owner.K]
                assert mcid in [int(k) for k in kids if isinstance(k, int)]
                assert owner.Pg.objgen == page.objgen
            for name, xobject in page.Resources.get("/XObject", {}).items():
                if xobject.Subtype == "/Form":  # painted anywhere, it must carry no MCID of its own
                    assert _content_marks(xobject)[0] == [], name


@pytest.mark.parametrize("args", VARIANTS, ids=["demo", "compact-es", "large-print", "named"])
def test_only_header_and_footer_text_is_left_out_of_the_tree(built: Callable[..., Path], args: tuple[str, ...]
                                                             ) -> None:
    with pdfplumber.open(built(*args)) as pdf:
        for page in pdf.pages:
            loose = [c for c in page.chars if c["mcid"] is None and c["text"].strip()]
            # the band: the top 1.9 in; the footer (large print too): the bottom 1.6 in; all else is tagged
            assert all(c["top"] < 1.9 * 72 or c["bottom"] > page.height - 1.6 * 72 for c in loose), \
                "".join(c["text"] for c in loose)
            texts = "".join(c["text"] for c in loose)
            assert "Page" in texts or "Página" in texts


def test_every_form_field_is_a_form_element_a_reader_can_name(built: Callable[..., Path]) -> None:
    with pikepdf.open(built("--fillable")) as pdf:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        tips = {}
        for page in pdf.pages:
            assert page.Tabs == "/S"
            for annot in page.get("/Annots", []):
                form = parents[int(annot.StructParent)]
                assert form.S == "/Form"
                assert any(kid.get("/Type") == "/OBJR" and kid.Obj.objgen == annot.objgen for kid in form.K)
                tips[str(annot.T)] = str(annot.TU)
    assert tips["step.bridge.3"] == "Bridge, step 3 done"
    assert tips["log.w1.mon.bridge"] == "Week 1, Monday, Bridge"
    assert tips["log.w2.sun.pain"] == "Week 2, Sunday, Pain (0-10)"
    assert tips["patient"] == "Patient"
