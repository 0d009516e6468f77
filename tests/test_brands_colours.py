"""Brand files as a clinic writes them: `new brand`, tints from the brand's own colours, and
every colour pair the layout draws checked, with ratios that never read as enough when refused."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from conftest import run_cli, write_files

from worksheet.colours import contrast

DEFAULT_ACCENT = (0.901961, 0.941176, 0.968627)  # #e6f0f7, the default brand's light blue


@pytest.fixture(autouse=True)
def _here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_new_brand_is_commented_and_accepted_as_written() -> None:
    made = run_cli("new", "brand", "neck-care", "--content", "clinic")
    assert made.exit_code == 0, made.stderr
    assert made.stdout == ("wrote clinic/brands/neck-care.yaml; edit it, then run: worksheet check "
                           "--content clinic\n")
    text = Path("clinic/brands/neck-care.yaml").read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if not line.startswith("#")] == ["clinic: Neck Care"]
    for field in ("primary", "accent", "chip_fill", "chip_border", "log_header", "logo", "contact",
                  "clinician", "footer", "font"):
        assert f"# {field}:" in text, field
    checked = run_cli("check", "--content", "clinic")
    assert checked.exit_code == 0, checked.stderr
    assert checked.stdout == "ok: 7 exercises, 1 worksheets, 3 brands\n"
    assert checked.stderr == (  # accepted, and told what it still borrows from the sample brand
        "warning: clinic/brands/neck-care.yaml: no contact or logo of its own: its sheets print the "
        "default brand's sample contact and logo (set contact:, logo: in this file; logo: null for none)\n")
    built = run_cli("build", "--brand", "neck-care", "--content", "clinic", "-o", "n.pdf")
    assert built.exit_code == 0, built.stderr
    with pdfplumber.open("n.pdf") as pdf:
        assert "Neck Care" in (pdf.pages[0].extract_text() or "")


def fills(path: str) -> list[set[tuple[float, ...]]]:
    """The fill colours of every shape on each page."""
    with pdfplumber.open(path) as pdf:
        return [{tuple(round(c, 6) for c in o["non_stroking_color"])
                 for o in page.rects + page.curves if isinstance(o.get("non_stroking_color"), tuple)}
                for page in pdf.pages]


def strokes(path: str) -> set[tuple[float, ...]]:
    with pdfplumber.open(path) as pdf:
        return {tuple(round(c, 6) for c in o["stroking_color"]) for page in pdf.pages
                for o in page.curves if isinstance(o.get("stroking_color"), tuple)}


def test_a_pale_primary_makes_its_own_tints_and_a_visible_chip_edge() -> None:
    write_files(Path("clinic"), {"brands/sun.yaml": 'clinic: Sun\nprimary: "#f5e663"\n'})
    built = run_cli("build", "--brand", "sun", "--content", "clinic", "-o", "s.pdf")
    assert built.exit_code == 0, built.stderr
    pages = fills("s.pdf")
    chip_fill = (254 / 255, 252 / 255, 236 / 255)  # #fefcec: 12 % of the yellow on white
    assert all(DEFAULT_ACCENT not in page for page in pages)  # no default blue left anywhere
    assert tuple(round(c, 6) for c in chip_fill) in pages[0]  # the chips
    assert tuple(round(c, 6) for c in chip_fill) in pages[-1]  # the log's day row
    edge = (157 / 255, 148 / 255, 70 / 255)  # #9d9446: the yellow darkened to show on white
    assert tuple(round(c, 6) for c in edge) in strokes("s.pdf")
    assert contrast("#9d9446", "#ffffff") >= 3.0
    assert contrast("#f5e663", "#ffffff") < 3.0  # the yellow itself would all but vanish


def errors(*args: str) -> list[str]:
    result = run_cli(*args)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    return result.stderr.strip().splitlines()


def test_a_refused_ratio_is_cut_to_two_decimals_never_rounded_up() -> None:
    # 4.4997:1 once printed as "4.5:1; at least 4.5:1 is needed"
    write_files(Path("clinic"), {"brands/b.yaml": 'clinic: B\nprimary: "#7f7477"\n'})
    assert errors("check", "--content", "clinic") == [
        "error: clinic/brands/b.yaml:2: primary: text on #7f7477 has a contrast of 4.49:1; at least "
        "4.50:1 is needed (choose a darker or a lighter colour)",
        "1 problem(s) found",
    ]
    assert errors("build", "--brand", "b", "--content", "clinic", "-o", "b.pdf")[0].startswith(
        "error: clinic/brands/b.yaml:2: primary: text on #7f7477 has a contrast of 4.49:1")
    assert not Path("b.pdf").exists()


def test_every_tint_is_checked_with_what_the_layout_draws_on_it() -> None:
    brand = ('clinic: B\nprimary: "#1f5f8b"\naccent: "#e6f0f7"\nchip_fill: "#555555"\n'
             'chip_border: "#eeeeee"\nlog_header: "#777777"\n')
    write_files(Path("clinic"), {"brands/b.yaml": brand})
    assert errors("check", "--content", "clinic") == [
        "error: clinic/brands/b.yaml:4: chip_fill: text on #555555 has a contrast of 2.33:1; at least "
        "4.50:1 is needed (choose a darker or a lighter colour)",
        "error: clinic/brands/b.yaml:5: chip_border: the chip edge #eeeeee has a contrast of 1.16:1 on "
        "white paper; at least 3.00:1 is needed (choose a darker colour)",
        "error: clinic/brands/b.yaml:6: log_header: text on #777777 has a contrast of 3.88:1; at least "
        "4.50:1 is needed (choose a darker or a lighter colour)",
        "3 problem(s) found",
    ]


def test_a_colour_without_quotes_is_not_silently_lost() -> None:
    # in YAML a bare # starts a comment: `primary: #224466` would leave primary empty
    write_files(Path("clinic"), {"brands/b.yaml": "clinic: B\nprimary: #224466\n"})
    assert errors("check", "--content", "clinic") == [
        'error: clinic/brands/b.yaml:2: primary: is empty: put the colour in quotes, like "#1f5f8b" '
        "(a # without quotes starts a comment)",
        "1 problem(s) found",
    ]
