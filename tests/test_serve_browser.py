"""``worksheet serve`` in a real browser: Debian's Chromium driven by Playwright (no download).

One Chromium and one server for the whole module. Covers composing with the keyboard only,
the preview showing each change, Download PDF equal to ``worksheet build``, Print, saving and
loading a worksheet file, a batch upload (CSV and .xlsx), authoring mode, and axe-core.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser.tools import AXE, CHROMIUM, CHROMIUM_ARGS, free_port, live_server
from conftest import WORKSHEET, exercise, run_cli, write_files

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (make setup)")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "assets" / "screenshots"


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_files(tmp_path_factory.mktemp("clinic"), {
        "exercises/wall-push.md": exercise().lstrip(), "worksheets/tiny.yaml": WORKSHEET})


@pytest.fixture(scope="module")
def server(clinic: Path) -> Iterator[str]:
    with live_server(clinic, free_port()) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as play:
        chromium = play.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda msg: errors.append(msg.text)  # (a 400 is the answer to a bad field)
           if msg.type == "error" and "status of 400" not in msg.text else None)
    tab.goto(server)
    wait_preview(tab, 1)
    yield tab
    context.close()
    assert errors == []  # no script error and no refused resource (CSP) on the page


def wait_preview(tab: Any, at_least: int) -> str:
    """The preview's text once it has been drawn ``at_least`` times."""
    tab.wait_for_function(f"() => Number(document.body.dataset.previewVersion || 0) >= {at_least}",
                          timeout=30_000)
    return " ".join(tab.locator("#pages img").evaluate_all("imgs => imgs.map(i => i.alt)"))


def shown(words: str) -> Any:
    """Wait until the preview's text holds ``words``."""
    def wait(tab: Any) -> None:
        tab.wait_for_function("w => [...document.querySelectorAll('#pages img')].some(p => p.alt.includes(w))",  # noqa: E501
                              arg=words, timeout=30_000)
    return wait


def previews(tab: Any) -> int:
    return int(tab.evaluate("Number(document.body.dataset.previewVersion || 0)"))


def tab_to(tab: Any, element_id: str, limit: int = 400) -> None:
    """Press Tab until ``element_id`` has the focus (keyboard only, as a user would)."""
    for _ in range(limit):
        if tab.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
        tab.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached #{element_id}")


def test_compose_with_the_keyboard_preview_and_download(page: Any, tmp_path: Path) -> None:
    tab = page
    tab_to(tab, "patient")
    tab.keyboard.type("Ana Ruiz")
    tab_to(tab, "on-seat-cushion")
    tab.keyboard.press("Space")  # untick the seat cushion tip
    tab_to(tab, "dose-bridge-reps")
    tab.keyboard.press("Control+A")
    tab.keyboard.type("12")
    tab_to(tab, "note-bridge")
    tab.keyboard.type("Keep your hips level.")
    count = previews(tab)
    tab.keyboard.press("Shift+Tab")
    for _ in range(40):  # back to the bridge's "Move up" button, then press it once
        if tab.evaluate("document.activeElement.getAttribute('aria-label')") == "Move Bridge up":
            break
        tab.keyboard.press("Shift+Tab")
    tab.keyboard.press("Enter")
    assert tab.evaluate("document.activeElement.getAttribute('aria-label')") == "Move Bridge up"
    wait_preview(tab, count + 1)
    # the last of the changes reached the preview: the note is there and the bridge comes first
    tab.wait_for_function("""() => {
        const t = [...document.querySelectorAll('#pages img')].map(i => i.alt).join(' ');
        return t.includes('hips level') && t.indexOf('Bridge') < t.indexOf('Pelvic Tilt'); }""",
                          timeout=30_000)
    text = " ".join(tab.locator("#pages img").evaluate_all("imgs => imgs.map(i => i.alt)"))
    assert "Ana Ruiz" in text and "Repeat 12 times" in text and "Keep your hips level." in text
    assert "Seat Cushion" not in text
    assert text.index("Bridge") < text.index("Pelvic Tilt")  # bridge moved above the pelvic tilt
    order = tab.locator("#items li").evaluate_all("lis => lis.map(li => li.dataset.id)")
    assert order[:2] == ["bridge", "pelvic-tilt"]

    tab_to(tab, "download")
    with tab.expect_download() as download:
        tab.keyboard.press("Enter")
    got = Path(download.value.path()).read_bytes()
    on = [i for i in order if i not in ("seat-cushion", "wall-push")]
    note_free = tmp_path / "cli.pdf"
    saved = tmp_path / "saved.yaml"
    tab_to(tab, "save")
    with tab.expect_download() as yaml_download:
        tab.keyboard.press("Enter")
    saved.write_bytes(Path(yaml_download.value.path()).read_bytes())
    assert "Keep your hips level." in saved.read_text(encoding="utf-8")
    result = run_cli("build", "lower-back", "--patient", "Ana Ruiz", "--only", ",".join(on),
                     "--dose", "bridge.reps=12", "-o", note_free)
    assert result.exit_code == 0, result.stderr
    assert got != note_free.read_bytes()  # the note is on the page, so not yet the CLI's sheet ...
    tab.fill("#note-bridge", "")  # ... and without it, byte for byte the same
    count = previews(tab)
    with tab.expect_download() as download:
        tab.click("#download")
    assert Path(download.value.path()).read_bytes() == note_free.read_bytes()
    wait_preview(tab, count + 1)

    with tab.expect_popup() as popup:
        tab.click("#print")
    assert popup.value.url.startswith("blob:")  # the PDF opens in the browser's viewer, to print

    tab.set_input_files("#load", str(saved))  # loading the saved file restores the form
    tab.wait_for_function("() => document.getElementById('worksheet').value.startsWith('upload:')")
    tab.wait_for_function("() => document.getElementById('note-bridge').value === 'Keep your hips level.'")
    restored = tab.locator("#items li").evaluate_all(
        "lis => lis.filter(li => li.querySelector('input').checked).map(li => li.dataset.id)")
    assert restored == on
    assert tab.input_value("#dose-bridge-reps") == "12"


def test_a_bad_value_is_shown_next_to_its_field(page: Any) -> None:
    tab = page
    count = previews(tab)
    tab.fill("#dose-bridge-reps", "0")
    tab.wait_for_function("() => document.getElementById('err-dose-bridge-reps').textContent !== ''")
    assert "must be 1 or more" in tab.inner_text("#err-dose-bridge-reps")
    assert tab.get_attribute("#dose-bridge-reps", "aria-invalid") == "true"
    assert "last good sheet" in tab.inner_text("#preview-status")
    assert tab.locator("#pages img").count() > 0 and previews(tab) == count  # the last good preview stays


ROWS = [["patient", "only", "dose.bridge.reps"], ["Ana Ruiz", "bridge", "12"], ["Ben Ode", "bridge", "ten"]]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_batch_upload_shows_progress_results_and_downloads(page: Any, tmp_path: Path, kind: str) -> None:
    rows = tmp_path / f"day.{kind}"
    if kind == "csv":
        text = io.StringIO()
        csv.writer(text).writerows(ROWS)
        rows.write_text(text.getvalue(), encoding="utf-8")
    else:
        from openpyxl import Workbook

        book = Workbook()
        for row in ROWS:
            book.active.append(row)
        book.save(rows)
    tab = page
    tab.set_input_files("#batch", str(rows))
    tab.wait_for_function("() => document.body.dataset.batch === 'done'", timeout=60_000)
    assert tab.inner_text("#batch-summary") == "1 built, 1 failed."
    cells = tab.locator("#batch-table tbody tr").all_inner_texts()
    assert cells[0].split("\t")[:3] == ["2", "Ana-Ruiz.pdf", "built"]  # spreadsheet row: header is 1
    assert "failed: dose.bridge.reps: must be a whole number" in cells[1]
    with tab.expect_download() as download:
        tab.click("#batch-zip")
    import zipfile

    archive = zipfile.ZipFile(download.value.path())
    assert sorted(archive.namelist()) == ["Ana-Ruiz.pdf", "manifest.json"]
    assert json.loads(archive.read("manifest.json"))
    with tab.expect_download() as merged:
        tab.click("#batch-merged")
    assert Path(merged.value.path()).read_bytes().startswith(b"%PDF")


def test_authoring_mode_refreshes_the_preview_and_shows_check_errors(page: Any, clinic: Path) -> None:
    tab = page
    before = previews(tab)
    tab.select_option("#worksheet", "tiny")
    wait_preview(tab, before + 1)
    path = clinic / "exercises" / "wall-push.md"
    count = previews(tab)
    path.write_text(exercise(title="Wall Press").lstrip(), encoding="utf-8")
    shown("Wall Press")(tab)
    assert previews(tab) > count
    path.write_text(exercise().lstrip().replace("reps: 4", "reps: four"), encoding="utf-8")
    tab.wait_for_selector("#problems:not([hidden])", timeout=30_000)
    assert 'wall-push.md:5: dose.reps: must be a whole number (got "four")' in tab.inner_text("#problems")
    assert "Wall Press" in " ".join(tab.locator("#pages img").evaluate_all("i => i.map(x => x.alt)"))
    path.write_text(exercise().lstrip(), encoding="utf-8")
    tab.wait_for_selector("#problems", state="hidden", timeout=30_000)


@pytest.mark.parametrize(("name", "width", "height"), [("laptop", 1366, 900), ("tablet", 820, 1180)])
def test_the_page_passes_axe_at_laptop_and_tablet_width(browser: Any, server: str, tmp_path: Path,
                                                        name: str, width: int, height: int) -> None:
    assert AXE.is_file(), "axe-core is missing: run make setup"
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)
    tab = context.new_page()  # (bypass_csp only lets the test inject axe; the app's own page runs under it)
    tab.goto(server)
    wait_preview(tab, 1)
    tab.add_script_tag(path=str(AXE))
    results = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
           for v in results["violations"] if v["impact"] in ("serious", "critical")]
    assert bad == []
    unlabelled = tab.evaluate("""[...document.querySelectorAll('input, select, textarea, button')]
        .filter(c => !(c.labels && c.labels.length) && !c.getAttribute('aria-label') && !c.textContent.trim())
        .map(c => c.id || c.outerHTML)""")
    assert unlabelled == []
    shot = tmp_path / f"serve-{name}.png"
    tab.screenshot(path=str(shot))
    if os.environ.get("WORKSHEET_SCREENSHOTS") and name == "laptop":  # the README's picture, on purpose only
        from PIL import Image

        SCREENSHOTS.mkdir(exist_ok=True)
        with Image.open(shot) as image:  # small: half size, 64 colours
            small = image.resize((width // 2 * 3 // 2, height // 2 * 3 // 2), Image.Resampling.LANCZOS)
            small.quantize(64).save(SCREENSHOTS / "serve.png", optimize=True)
    context.close()


def test_the_exercise_names_follow_the_sheets_language(page: Any) -> None:
    tab = page
    tab.uncheck("#on-bridge")
    tab.select_option("#lang", "es")
    tab.locator("[data-id=bridge] .item-title").filter(has_text="Puente").wait_for(timeout=30_000)
    assert tab.get_attribute("[data-id=bridge] [data-move='-1']", "aria-label") == "Move Puente up"
    assert not tab.is_checked("#on-bridge")  # the choices stay as they were
    shown("Inclinación pélvica")(tab)
