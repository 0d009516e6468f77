"""The ``worksheet serve`` app for tests: a TestClient, a default form, a live server in a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from worksheet.content import load_library
from worksheet.serve.app import create_app
from worksheet.serve.guard import Settings

CSRF = "test-csrf-key"
CHROMIUM = Path("/usr/bin/chromium")
# Without these Chromium, on a machine with no network, floods refused connections (and is slower).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = Path(__file__).resolve().parents[2] / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


def settings(**changes: Any) -> Settings:
    values: dict[str, Any] = {"port": 8000, "csrf": CSRF, "watch": False}
    values.update(changes)
    return Settings(**values)


def client(content: Path | None = None, **changes: Any) -> TestClient:
    """A TestClient on 127.0.0.1:PORT (the Host a local browser sends)."""
    s = settings(content=content, **changes)
    base = f"http://{'127.0.0.1' if s.local else s.host}:{s.port}"
    return TestClient(create_app(s, load_library(content)), base_url=base,
                      headers={"X-CSRF-Token": CSRF, "Origin": base})


def form(client: TestClient, **changes: Any) -> dict[str, Any]:
    """The form as the page first sends it (every item of the worksheet ticked)."""
    worksheet = changes.get("worksheet", "lower-back")
    items = client.get("/api/items", params={"worksheet": worksheet}).json()["items"]
    data: dict[str, Any] = {"worksheet": worksheet, "brand": "default", "patient": "", "date": "",
                            "paper": "letter", "layout": "detailed", "lang": "en", "disclosure": "",
                            "large_print": False, "grayscale": False, "header_band": True,
                            "fillable": False, "items": items}
    data.update(changes)
    return data


def item(data: dict[str, Any], ex_id: str) -> dict[str, Any]:
    return next(i for i in data["items"] if i["id"] == ex_id)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def live_server(content: Path | None, port: int) -> Iterator[str]:
    """``worksheet serve`` (with authoring mode) on 127.0.0.1:PORT in a thread; yields its URL."""
    import uvicorn

    app = create_app(settings(port=port, content=content, watch=True), load_library(content))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, access_log=False,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
