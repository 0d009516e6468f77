"""``worksheet serve``: the local web app (compose, preview, download, batch, authoring mode).

Its heavy imports (starlette, uvicorn, pypdfium2) load inside the command, so
``worksheet --help`` stays fast and CLI-only installs need not have them.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from worksheet.cli_common import fail
from worksheet.errors import WorksheetError

LOCAL = ("127.0.0.1", "localhost", "::1")


def serve(
    content: Annotated[Optional[Path], typer.Option("--content", help="A clinic's own content folder; "  # noqa: UP045
                                                    "its files are watched and reloaded as you save them.")]
    = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on. Anything but this machine "
                                      "(127.0.0.1) needs the access token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    open_browser: Annotated[bool, typer.Option("--open", help="Open the page in your browser.")] = False,
    token: Annotated[Optional[str], typer.Option("--token", help="Access token for other hosts "  # noqa: UP045
                                                 "(default: a new random one, printed).")] = None,
    max_upload_mb: Annotated[int, typer.Option("--max-upload-mb", min=1, max=50,
                                               help="Largest upload (a rows or worksheet file), in MB.")] = 5,
    max_rows: Annotated[int, typer.Option("--max-rows", min=1, max=100_000,
                                          help="Most rows in one batch upload.")] = 1000,
    watch: Annotated[bool, typer.Option("--watch/--no-watch", help="Authoring mode: reload the content "
                                        "and refresh the preview when a file changes.")] = True,
) -> None:
    """Compose, preview and batch-build handouts in your browser.

    Uploads are capped (--max-upload-mb, --max-rows). Nothing the page sends is stored: PDFs
    and previews are built in memory, and the log names no patient.
    """
    try:
        import uvicorn

        from worksheet.content import load_library
        from worksheet.roots import data_dir
        from worksheet.serve.app import create_app
        from worksheet.serve.guard import Settings
        from worksheet.serve.state import new_secret
    except ImportError as exc:
        typer.echo(f"error: worksheet serve needs the serve extra ({exc.name} is missing): "
                   "pip install 'worksheet[serve]'", err=True)
        raise typer.Exit(2) from None

    try:
        library = load_library(content)
    except WorksheetError as exc:
        fail(exc)
    if host not in LOCAL and not token:
        token = new_secret()
    checkout = (data_dir() / "pyproject.toml").is_file()  # a source checkout: its authors edit content/
    settings = Settings(host=host, port=port, token=token if host not in LOCAL or token else None,
                        csrf=new_secret(), content=content, max_upload_bytes=max_upload_mb * 1_000_000,
                        max_rows=max_rows, watch=watch, watch_bundled=checkout)
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{port}/" + (f"?token={settings.token}" if settings.token else "")
    typer.echo(f"worksheet serve: open {url}  (Ctrl-C stops it)")
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(0.8, webbrowser.open, args=(url,)).start()
    uvicorn.run(create_app(settings, library), host=host, port=port, access_log=False,
                log_level="warning", server_header=False)
