"""``worksheet serve`` without a browser: the same bytes as the CLI, worksheet files, batch, safety."""

from __future__ import annotations

import csv
import io
import json
import logging
import time
import zipfile
from pathlib import Path

import pypdf
import pytest
from browser.tools import CSRF, client, form, item
from conftest import flat, run_cli, write_files
from starlette.testclient import TestClient

NAME = "Zelda Quintanilla-Okafor"


@pytest.fixture(scope="module")
def app() -> TestClient:
    return client()


def pdf_text(data: bytes) -> str:
    return flat(" ".join(p.extract_text() or "" for p in pypdf.PdfReader(io.BytesIO(data)).pages))


def composed(app: TestClient) -> dict[str, object]:
    """Untick, reorder, change a dose: what a clinician does for one patient."""
    data = form(app, patient=NAME, date="2026-12-03", paper="a4", lang="es")
    items = [i for i in data["items"] if i["on"]]  # type: ignore[union-attr]
    item(data, "seat-cushion")["on"] = False
    bridge = item(data, "bridge")
    bridge["dose"]["reps"] = "12"
    data["items"] = [bridge, *[i for i in items if i is not bridge]]
    return data


def test_download_is_the_cli_build_byte_for_byte(app: TestClient, tmp_path: Path) -> None:
    data = composed(app)
    response = app.post("/api/pdf", json=data)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    on = [i["id"] for i in data["items"] if i["on"]]  # type: ignore[union-attr,index]
    out = tmp_path / "cli.pdf"
    result = run_cli("build", "lower-back", "--patient", NAME, "--date", "2026-12-03", "--paper", "a4",
                     "--lang", "es", "--only", ",".join(on), "--dose", "bridge.reps=12", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert response.content == out.read_bytes()
    assert "seat-cushion" not in on and on[0] == "bridge"


def test_preview_shows_the_pages_of_that_pdf(app: TestClient) -> None:
    data = composed(app)
    item(data, "bridge")["note"] = "Haz el puente despacio."
    answer = app.post("/api/preview", json=data).json()
    assert answer["ok"], answer
    pdf = pypdf.PdfReader(io.BytesIO(app.post("/api/pdf", json=data).content))
    assert answer["page_count"] == len(pdf.pages)
    assert all(p["src"].startswith("data:image/jpeg;base64,") for p in answer["pages"])
    text = " ".join(p["text"] for p in answer["pages"])
    assert "Puente" in text and "Haz el puente despacio." in text and "12 veces" in text
    assert text.index("Puente") < text.index("Inclinación")  # bridge first now
    assert "Cojín" not in text  # the seat cushion tip is unticked


def test_every_control_is_checked_with_the_cli_words(app: TestClient) -> None:
    data = form(app, date="25/11/2026", paper="tabloid", layout="tiny", lang="fr")
    item(data, "bridge")["dose"]["reps"] = "ten"
    answer = app.post("/api/preview", json=data)
    assert answer.status_code == 400
    problems = {p["field"]: p["message"] for p in answer.json()["problems"]}
    assert "no such date '25/11/2026'" in problems["date"]  # the CLI's words (rows.py, dates.py)
    assert problems["paper"] == "paper must be letter or a4 (got 'tabloid')"
    assert problems["layout"] == "layout must be detailed or compact (got 'tiny')"
    assert "fr" in problems["lang"]
    assert problems["dose.bridge.reps"] == 'dose.bridge.reps: must be a whole number (got "ten")'
    long = app.post("/api/preview", json=form(app, patient="Maria " * 40)).json()["problems"]
    assert long[0]["field"] == "patient" and "the name is too long" in long[0]["message"]
    nothing = form(app)
    for entry in nothing["items"]:  # type: ignore[union-attr]
        entry["on"] = False
    problems = app.post("/api/preview", json=nothing).json()["problems"]
    assert problems[0]["field"] == "items" and "no exercises left" in problems[0]["message"]


def test_saved_worksheet_builds_from_the_cli_and_restores_the_form(app: TestClient, tmp_path: Path) -> None:
    data = composed(app)
    data["lang"] = "en"
    item(data, "bridge")["note"] = "Keep your hips level."
    saved = app.post("/api/worksheet", json=data | {"save_as": "ana-back"})
    assert saved.status_code == 200 and 'filename="ana-back.yaml"' in saved.headers["content-disposition"]
    folder = write_files(tmp_path / "clinic", {"worksheets/ana-back.yaml": saved.text})
    out = tmp_path / "saved.pdf"
    result = run_cli("build", "ana-back", "--content", folder, "-o", out)
    assert result.exit_code == 0, result.stderr
    text = pdf_text(out.read_bytes())
    assert "Keep your hips level." in text and "Repeat 12 times" in text and "Seat Cushion" not in text
    assert text.index("Bridge") < text.index("Pelvic Tilt")
    loaded = app.post("/api/load", content=saved.content, headers={"X-Filename": "ana-back.yaml"}).json()
    assert loaded["ok"], loaded
    ticked = [i for i in loaded["items"] if i["on"]]
    assert [i["id"] for i in ticked] == [i["id"] for i in data["items"] if i["on"]]  # type: ignore[union-attr,index]
    assert ticked[0]["dose"]["reps"] == "12" and ticked[0]["note"] == "Keep your hips level."
    again = form(app, worksheet=loaded["key"], items=loaded["items"])
    assert pdf_text(app.post("/api/pdf", json=again).content) == text


def test_a_bad_worksheet_file_is_named_with_its_line(app: TestClient) -> None:
    bad = b"title: Mine\nintro: Hi\nitems: [bridge, nope]\nsafety: {stop_if: [x]}\n"
    answer = app.post("/api/load", content=bad, headers={"X-Filename": "../../etc/mine.yaml"})
    assert answer.status_code == 400
    assert answer.json()["problems"][0]["message"] == "mine.yaml: items: unknown exercise 'nope'"
    broken = app.post("/api/load", content=b"title: [unclosed\n", headers={"X-Filename": "x.yaml"})
    assert broken.status_code == 400
    assert broken.json()["problems"][0]["message"].startswith("x.yaml:1:8: invalid YAML")


def wait_for(app: TestClient, job: str) -> dict[str, object]:
    for _ in range(600):  # up to a minute on a busy machine; it ends as soon as the batch does
        summary: dict[str, object] = app.get(f"/api/batch/{job}").json()
        if summary["finished"]:
            return summary
        time.sleep(0.1)
    raise AssertionError("the batch did not finish")


ROWS = [["patient", "only", "dose.bridge.reps", "paper"],
        ["Ana Ruiz", "bridge,pelvic-tilt", "12", "a4"],
        ["Ben Ode", "bridge", "ten", ""],
        ["Cy Park", "", "", "tabloid"],
        ["Dee Lam", "pelvic-tilt", "", ""]]


def test_batch_csv_and_xlsx_build_good_rows_and_report_bad_ones(app: TestClient) -> None:
    from openpyxl import Workbook

    book = Workbook()
    for row in ROWS:
        book.active.append(row)
    xlsx = io.BytesIO()
    book.save(xlsx)
    text = io.StringIO()
    csv.writer(text).writerows(ROWS)
    for name, body in (("day.csv", text.getvalue().encode()), ("day.xlsx", xlsx.getvalue())):
        started = app.post("/api/batch", content=body, headers={"X-Filename": name}).json()
        summary = wait_for(app, started["job"])
        assert (summary["built"], summary["failed"], summary["error"]) == (2, 2, ""), summary
        rows = {r["row"]: r for r in summary["rows"]}  # type: ignore[attr-defined]
        # spreadsheet rows: the header is row 1
        assert rows[3]["status"] == "failed" and "dose.bridge.reps" in rows[3]["error"]
        assert rows[4]["error"] == "paper must be letter or a4 (got 'tabloid')"
        archive = zipfile.ZipFile(io.BytesIO(app.get(f"/api/batch/{started['job']}/zip").content))
        assert sorted(archive.namelist()) == ["Ana-Ruiz.pdf", "Dee-Lam.pdf", "manifest.json"]
        manifest = json.loads(archive.read("manifest.json"))
        assert len(manifest["rows"] if "rows" in manifest else manifest["entries"]) >= 2
        assert "Repeat 12 times" in pdf_text(archive.read("Ana-Ruiz.pdf"))
        merged = pypdf.PdfReader(io.BytesIO(app.get(f"/api/batch/{started['job']}/merged").content))
        parts = [pypdf.PdfReader(io.BytesIO(archive.read(n))) for n in ("Ana-Ruiz.pdf", "Dee-Lam.pdf")]
        assert len(merged.pages) == sum(len(p.pages) for p in parts)


def test_a_bad_rows_file_says_why_in_the_page(app: TestClient) -> None:
    wrong = app.post("/api/batch", content=b"x", headers={"X-Filename": "day.exe"})
    assert wrong.status_code == 400 and "CSV, YAML, JSON or Excel" in wrong.json()["problems"][0]["message"]
    job = app.post("/api/batch", content=b"pateint,paper\nAna,a4\n", headers={"X-Filename": "d.csv"}).json()
    error = wait_for(app, job["job"])["error"]
    assert error.startswith("d.csv:1: unknown column 'pateint': did you mean 'patient'?")  # type: ignore[union-attr]
    fake = app.post("/api/batch", content=b"not a workbook", headers={"X-Filename": "d.xlsx"}).json()
    assert wait_for(app, fake["job"])["error"] == "d.xlsx: is not an Excel .xlsx workbook"


# ---- safe by default -------------------------------------------------------------------------


def test_other_hosts_need_the_token_on_every_request() -> None:
    app = client(host="0.0.0.0", token="s3cret-token")  # what a user types to share it
    assert app.get("/").status_code == 403
    assert app.get("/api/items").status_code == 403
    assert app.post("/api/preview", json={}).status_code == 403
    assert app.get("/", headers={"Authorization": "Bearer wrong"}).status_code == 403
    first = app.get("/?token=s3cret-token", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/"  # the token leaves the URL
    assert "httponly" in first.headers["set-cookie"].lower()
    assert app.get("/").status_code == 200  # the cookie carries it from now on
    assert app.post("/api/preview", json=form(app)).json()["ok"]


def test_a_local_server_refuses_other_host_names() -> None:
    app = client()
    assert app.get("/", headers={"Host": "attacker.example:8000"}).status_code == 421  # DNS rebinding
    assert app.get("/", headers={"Host": "localhost:8000"}).status_code == 200


def test_cross_origin_and_csrf_less_posts_are_refused(app: TestClient) -> None:
    data = form(app)
    evil = app.post("/api/pdf", json=data, headers={"Origin": "http://attacker.example"})
    assert evil.status_code == 403 and "another site" in evil.json()["problems"][0]["message"]
    site = app.post("/api/pdf", json=data, headers={"Origin": "", "Sec-Fetch-Site": "cross-site"})
    assert site.status_code == 403
    no_key = app.post("/api/pdf", json=data, headers={"X-CSRF-Token": ""})
    assert no_key.status_code == 403 and "reload the page" in no_key.json()["problems"][0]["message"]
    assert app.post("/api/pdf", json=data, headers={"X-CSRF-Token": CSRF}).status_code == 200


def test_uploads_are_capped() -> None:
    app = client(max_upload_bytes=1_000_000, max_rows=3)
    big = app.post("/api/batch", content=b"patient\n" + b"A\n" * 600_000, headers={"X-Filename": "d.csv"})
    assert big.status_code == 413 and "larger than 1 MB" in big.json()["problems"][0]["message"]
    rows = b"patient\nA\nB\nC\nD\n"
    job = app.post("/api/batch", content=rows, headers={"X-Filename": "d.csv"}).json()["job"]
    assert "more than 3 rows" in wait_for(app, job)["error"]  # type: ignore[operator]
    huge_form = app.post("/api/preview", content=b"{" + b" " * 1_100_000 + b"}",
                         headers={"Content-Type": "application/json", "Content-Length": "1100002"})
    assert huge_form.status_code == 413


def test_nothing_the_browser_sends_is_used_as_a_path(app: TestClient, tmp_path: Path) -> None:
    sheet = "title: Trap\nintro: x\nitems: [bridge]\nsafety: {stop_if: [x]}\n"
    trap = write_files(tmp_path, {"trap.yaml": sheet,
                                  "brand.yaml": "clinic: Trap Clinic\n"})
    for field, value in (("worksheet", str(trap / "trap.yaml")), ("brand", str(trap / "brand.yaml")),
                         ("worksheet", "../content/worksheets/lower-back.yaml")):
        answer = app.post("/api/pdf", json=form(app) | {field: value})
        assert answer.status_code == 400 and answer.json()["problems"][0]["field"] == field
    data = form(app)
    data["items"].append({"id": "../../etc/passwd", "on": True})  # type: ignore[union-attr]
    assert app.post("/api/preview", json=data).json()["problems"][0]["field"] == "items"
    odd = form(app, patient="../../etc/passwd", date="../x", paper="/tmp/x", layout="../x", lang="../x",
               disclosure="/etc", save_as="../../../tmp/owned")
    problems = {p["field"] for p in app.post("/api/preview", json=odd).json()["problems"]}
    assert problems == {"date", "paper", "layout", "lang", "disclosure"}  # the patient is only text
    saved = app.post("/api/worksheet", json=form(app, save_as="../../../tmp/owned"))
    assert 'filename="---------tmp-owned.yaml"' in saved.headers["content-disposition"]
    assert app.get("/static/..%2Fapp.py").status_code == 404
    assert app.get("/picture/..%2F..%2Fpyproject.toml").status_code == 404
    rows = f"patient,worksheet\nAna,{trap / 'trap.yaml'}\n".encode()
    job = app.post("/api/batch", content=rows, headers={"X-Filename": "../../d.csv"}).json()["job"]
    assert "a file name cannot be used here" in wait_for(app, job)["error"]  # type: ignore[operator]


def test_no_patient_name_or_form_value_reaches_the_log(app: TestClient, caplog: pytest.LogCaptureFixture
                                                       ) -> None:
    caplog.set_level(logging.DEBUG)
    data = composed(app)
    item(data, "bridge")["note"] = "Secret note for Zelda"
    assert app.post("/api/preview", json=data).status_code == 200
    assert app.post("/api/pdf", json=data).status_code == 200
    assert app.post("/api/preview", json=data | {"date": NAME}).status_code == 400
    job = app.post("/api/batch", content=f"patient\n{NAME}\n".encode(), headers={"X-Filename": "d.csv"})
    wait_for(app, job.json()["job"])
    assert "POST /api/pdf 200" in caplog.text  # the log is there, and says only this much
    for secret in ("Zelda", "Quintanilla", "Secret note", "2026-12-03"):
        assert secret not in caplog.text


def test_every_response_is_private_and_locked_down(app: TestClient) -> None:
    for response in (app.get("/"), app.get("/static/app.js"), app.post("/api/pdf", json=form(app)),
                     app.post("/api/preview", content=b"not json"), app.get("/nope")):
        assert response.headers["cache-control"] == "no-store"
        csp = response.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "http" not in csp
    page = app.get("/").text
    assert "http://" not in page and "https://" not in page  # nothing from outside the app
    assert app.post("/api/preview", content=b"not json").json()["problems"][0]["message"] == \
        "the form could not be read"


def test_authoring_mode_reloads_a_changed_file_and_shows_a_check_error(tmp_path: Path) -> None:
    from conftest import exercise

    folder = write_files(tmp_path / "clinic", {"exercises/wall-push.md": exercise()})
    with client(folder, watch=True) as app:
        first = app.get("/api/status").json()["version"]
        path = folder / "exercises" / "wall-push.md"
        path.write_text(exercise(title="Wall Press").lstrip(), encoding="utf-8")
        status = _settled(app, first)
        assert status["problems"] == []
        assert any(i["title"] == "Wall Press" for i in app.get("/api/items").json()["items"])
        path.write_text(exercise().lstrip().replace("reps: 4", "reps: four"), encoding="utf-8")
        status = _settled(app, status["version"])  # type: ignore[arg-type]
        assert status["problems"] == [f"{path}:5: dose.reps: must be a whole number (got \"four\")"]
        assert any(i["title"] == "Wall Press" for i in app.get("/api/items").json()["items"])  # last good


def _settled(app: TestClient, version: int) -> dict[str, object]:
    """The status once a change is seen and no other follows for half a second (an editor's
    save can arrive as a truncate, then a write)."""
    seen, quiet = version, 0
    for _ in range(300):  # the watcher reacts in a fraction of a second; this waits up to 30 s
        status: dict[str, object] = app.get("/api/status").json()
        quiet = quiet + 1 if status["version"] == seen else 0
        seen = status["version"]  # type: ignore[assignment]
        if seen != version and quiet >= 5:
            return status
        time.sleep(0.1)
    raise AssertionError("the change was not picked up")


def test_warnings_are_shown_above_the_preview(tmp_path: Path) -> None:
    from conftest import WORKSHEET, exercise

    folder = write_files(tmp_path / "clinic", {"exercises/wall-push.md": exercise(),
                                               "worksheets/tiny.yaml": WORKSHEET})
    app = client(folder)
    answer = app.post("/api/preview", json=form(app, worksheet="tiny", lang="es")).json()
    assert answer["ok"] and answer["page_count"] >= 1
    assert any("no es translation" in w and "wall-push" in w for w in answer["warnings"])


def test_the_serve_command_states_its_limits_and_refuses_a_bad_content_folder(tmp_path: Path) -> None:
    helped = run_cli("serve", "--help")
    assert helped.exit_code == 0
    assert "--max-upload-mb" in helped.stdout and "--max-rows" in helped.stdout and "--token" in helped.stdout
    missing = run_cli("serve", "--content", tmp_path / "nope")
    assert missing.exit_code == 2
    assert missing.stderr.strip().splitlines() == [f"error: {tmp_path / 'nope'}: content folder not found"]
