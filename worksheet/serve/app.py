"""The web app: the compose page, its preview, downloads, worksheet files and static files.

Every handler turns a user error into a message for the page (never a stack trace) and
the server keeps serving; PDFs and previews are built in memory and never stored.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import jinja2
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from worksheet.content import Library
from worksheet.errors import WorksheetError
from worksheet.i18n import LANGS
from worksheet.serve import batchjobs, watch
from worksheet.serve.compose import FormError, item_rows, load_upload, request_from_form, worksheet_yaml
from worksheet.serve.guard import LOG, Guard, Settings, read_body
from worksheet.serve.pages import build, page_images
from worksheet.serve.state import ServerState

HERE = Path(__file__).resolve().parent
STATIC = {  # the only files served from disk, by fixed name: the browser never names a path
    "app.js": ("app.js", "text/javascript; charset=utf-8"),
    "app.css": ("app.css", "text/css; charset=utf-8"),
}
PICTURE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
                 ".jpeg": "image/jpeg", ".webp": "image/webp"}
MAX_FORM_BYTES = 1_000_000  # a form is a few kilobytes; forty notes of a thousand characters fit
Handler = Callable[[Request], Awaitable[Response]]


def problems_response(problems: list[dict[str, str]], status: int = 400) -> JSONResponse:
    return JSONResponse({"ok": False, "problems": problems}, status_code=status)


def _from_error(exc: WorksheetError) -> list[dict[str, str]]:
    fields = {"patient", "date", "worksheet", "brand", "paper", "layout", "lang"}
    out = []
    for problem in exc.problems:
        field = problem.field if problem.field in fields else ""
        if not field and "patient" in problem.message.lower() and "name" in problem.message.lower():
            field = "patient"  # the layout refuses a name that does not fit the title block
        out.append({"field": field or "", "message": str(problem)})
    return out


def guarded(handler: Handler) -> Handler:
    """User errors become messages for the page; anything else a short one (and a log line)."""
    async def run(request: Request) -> Response:
        try:
            return await handler(request)
        except FormError as exc:
            return problems_response([{"field": p.field, "message": p.message} for p in exc.problems])
        except WorksheetError as exc:
            return problems_response(_from_error(exc))
        except Exception as exc:  # a bug must not stop the server or show a trace in the page
            LOG.error("internal error in %s: %s", request.url.path, type(exc).__name__)
            return problems_response([{"field": "", "message": "internal error: this could not be "
                                       "built; the server keeps running"}], status=500)
    return run


async def form_of(request: Request) -> dict[str, Any]:
    body = await read_body(request, MAX_FORM_BYTES)
    if body is None:
        raise FormError([_field("", "the form is too large")])
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise FormError([_field("", "the form could not be read")]) from None
    if not isinstance(data, dict):
        raise FormError([_field("", "the form could not be read")])
    return data


def _field(field: str, message: str) -> Any:
    from worksheet.serve.compose import FieldProblem

    return FieldProblem(field, message)


def create_app(settings: Settings, library: Library) -> Starlette:
    """The app for ``worksheet serve`` over ``library``."""
    state = ServerState(settings, library)
    pages = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                               undefined=jinja2.StrictUndefined)

    async def index(request: Request) -> Response:
        lib = state.current()
        html = pages.get_template("index.html.j2").render(
            csrf=settings.csrf, langs=LANGS,
            worksheets=[(s.id, s.title) for s in sorted(lib.worksheets.values(), key=lambda s: s.id)
                        if not s.id.startswith("upload:")],
            brands=[(b.id, b.clinic) for b in sorted(lib.brands.values(), key=lambda b: b.id)],
            max_upload_mb=settings.max_upload_bytes // 1_000_000, max_rows=settings.max_rows,
            authoring=settings.watch)
        return HTMLResponse(html)

    async def static(request: Request) -> Response:
        entry = STATIC.get(request.path_params["name"])
        if entry is None:
            return Response("not found", status_code=404)
        return Response((HERE / "static" / entry[0]).read_bytes(), media_type=entry[1])

    async def picture(request: Request) -> Response:
        exercise = state.current().exercises.get(request.path_params["exercise"])
        if exercise is None or not exercise.illustrations:
            return Response("not found", status_code=404)
        path = exercise.illustrations[0]
        kind = PICTURE_TYPES.get(path.suffix.lower())
        if kind is None:
            return Response("not found", status_code=404)
        return Response(path.read_bytes(), media_type=kind)

    @guarded
    async def items(request: Request) -> Response:
        lib = state.current()
        worksheet = request.query_params.get("worksheet", "lower-back")
        lang = request.query_params.get("lang", "en")
        if worksheet not in lib.worksheets:
            return problems_response([{"field": "worksheet", "message": f"unknown worksheet {worksheet!r}"}])
        return JSONResponse({"ok": True, "items": item_rows(lib, worksheet, lang if lang in LANGS else "en")})

    @guarded
    async def preview(request: Request) -> Response:
        form = await form_of(request)
        lib = state.current()
        req = request_from_form(lib, form)
        built = await run_in_threadpool(build, lib, req)
        images = await run_in_threadpool(page_images, built.pdf)
        return JSONResponse({"ok": True, "pages": [{"src": p.src, "text": p.text} for p in images],
                             "page_count": len(images), "warnings": list(built.warnings),
                             "version": state.version})

    @guarded
    async def pdf(request: Request) -> Response:
        form = await form_of(request)
        lib = state.current()
        built = await run_in_threadpool(build, lib, request_from_form(lib, form))
        name = Path(str(form.get("worksheet") or "handout")).name.replace("upload:", "")
        return Response(built.pdf, media_type="application/pdf",
                        headers={"Content-Disposition": f'attachment; filename="{_safe(name)}.pdf"'})

    @guarded
    async def save(request: Request) -> Response:
        form = await form_of(request)
        text = worksheet_yaml(state.current(), form)
        name = _safe(str(form.get("save_as") or "my-worksheet"))
        return Response(text.encode("utf-8"), media_type="application/yaml; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.yaml"'})

    @guarded
    async def load(request: Request) -> Response:
        body = await read_body(request, MAX_FORM_BYTES)
        if body is None:
            raise FormError([_field("load", "a worksheet file is at most 1 MB")])
        try:
            text = body.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FormError([_field("load", "a worksheet file must be UTF-8 text")]) from None
        lib = state.current()
        key, spec = load_upload(lib, text, request.headers.get("x-filename", "worksheet.yaml"))
        state.remember(key, spec)
        return JSONResponse({"ok": True, "key": key, "title": spec.title,
                             "items": item_rows(state.current(), key)})

    async def status(request: Request) -> Response:
        return JSONResponse({"version": state.version, "problems": [str(p) for p in state.problems]})

    routes = [
        Route("/", index),
        Route("/static/{name}", static),
        Route("/picture/{exercise}", picture),
        Route("/api/items", items),
        Route("/api/preview", preview, methods=["POST"]),
        Route("/api/pdf", pdf, methods=["POST"]),
        Route("/api/worksheet", save, methods=["POST"]),
        Route("/api/load", load, methods=["POST"]),
        Route("/api/status", status),
        *batchjobs.routes(state, guarded),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(Guard, settings=settings)],
                    lifespan=watch.lifespan(state) if settings.watch else None)
    app.state.server = state
    return app


def _safe(name: str) -> str:
    """A download's file name: letters, digits, - and _ only."""
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in name)[:60] or "handout"

