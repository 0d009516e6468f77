"""Safe by default: host and token checks, same-origin + CSRF on every POST, strict headers.

Every response carries ``Cache-Control: no-store`` (handouts hold patient names) and a
Content-Security-Policy that allows nothing from outside the app. The access log names
method, path and status only: never a query string, a form value or a patient name.
"""

from __future__ import annotations

import hmac
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.types import ASGIApp

LOG = logging.getLogger("worksheet.serve")
TOKEN_COOKIE = "worksheet_token"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
       "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
QUIET_PATHS = ("/api/status",)  # polled every second by the page: not worth a log line


@dataclass(frozen=True, slots=True)
class Settings:
    """How the server was started."""

    host: str = "127.0.0.1"
    port: int = 8000
    token: str | None = None
    """Needed on every request when set (always set for a host other than this machine)."""
    csrf: str = ""
    """The secret every POST carries in ``X-CSRF-Token`` (the page holds it)."""
    content: Path | None = None
    max_upload_bytes: int = 5_000_000
    max_rows: int = 1000
    watch: bool = True
    watch_bundled: bool = False
    """Also watch the bundled content (in a source checkout, for its authors)."""

    @property
    def local(self) -> bool:
        return self.host in LOCAL_HOSTS


def _problem(status: int, message: str) -> Response:
    return JSONResponse({"ok": False, "problems": [{"field": "", "message": message}]}, status_code=status)


class Guard(BaseHTTPMiddleware):
    """Refuses what a local app must never accept, and labels every response."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        super().__init__(app)
        self.settings = settings
        port = settings.port
        self.local_hosts = {f"{h}:{port}" for h in ("127.0.0.1", "localhost", "[::1]")}

    async def dispatch(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
                       ) -> Response:
        started = time.monotonic()
        response = await self._checked(request, call_next)
        for name, value in HEADERS.items():
            response.headers[name] = value
        if request.url.path not in QUIET_PATHS:
            LOG.info("%s %s %d %.0f ms", request.method, request.url.path, response.status_code,
                     (time.monotonic() - started) * 1000)
        return response

    async def _checked(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
                       ) -> Response:
        settings = self.settings
        host = request.headers.get("host", "")
        if settings.local and host not in self.local_hosts:  # a DNS-rebinding page names another host
            return PlainTextResponse("unknown host", status_code=421)
        if settings.token is not None:
            given = (request.query_params.get("token") or request.cookies.get(TOKEN_COOKIE)
                     or request.headers.get("authorization", "").removeprefix("Bearer "))
            if not hmac.compare_digest(given.encode(), settings.token.encode()):
                return PlainTextResponse("This server needs its access token: open the address "
                                         "`worksheet serve` printed.", status_code=403)
            if "token" in request.query_params and request.method == "GET":
                # keep the token out of the address bar and history: a cookie from now on
                redirect = RedirectResponse(request.url.path, status_code=303)
                redirect.set_cookie(TOKEN_COOKIE, settings.token, httponly=True, samesite="strict")
                return redirect
        if request.method not in ("GET", "HEAD"):
            refused = self._cross_site(request, host)
            if refused is not None:
                return refused
        return await call_next(request)

    def _cross_site(self, request: Request, host: str) -> Response | None:
        origin = request.headers.get("origin")
        if origin is not None and origin != f"{request.url.scheme}://{host}":
            return _problem(403, "refused: this request came from another site")
        if origin is None and request.headers.get("sec-fetch-site", "same-origin") != "same-origin":
            return _problem(403, "refused: this request came from another site")
        csrf = request.headers.get("x-csrf-token", "")
        if not hmac.compare_digest(csrf.encode(), self.settings.csrf.encode()):
            return _problem(403, "refused: reload the page (its form key is missing or old)")
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.settings.max_upload_bytes):
            limit = self.settings.max_upload_bytes // 1_000_000
            return _problem(413, f"the upload is larger than {limit} MB")
        return None


async def read_body(request: Request, limit: int) -> bytes | None:
    """The request body, or None when it is larger than ``limit`` (counted as it arrives)."""
    chunks = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)
