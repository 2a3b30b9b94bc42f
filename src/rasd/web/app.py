"""The workbench application: ``create_app(config)`` builds a FastAPI app on one ``Store``.

Pages are rendered on the server with Jinja2 (autoescaped: article text is never trusted), and
every page is also JSON: the same data, asked for with ``Accept: application/json`` or a ``.json``
suffix. Errors are short pages (or JSON), never tracebacks.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from rasd.store import Store
from rasd.web.security import new_token, security_middleware
from rasd.web.workbench import BadRequest, Workbench

HERE = Path(__file__).resolve().parent

# ACLED's six event types, one colour each (map points, timeline dots, legends).
ACLED_COLOURS = {
    "Battles": "#c0392b",
    "Violence against civilians": "#8e44ad",
    "Explosions/Remote violence": "#d35400",
    "Riots": "#b7950b",
    "Protests": "#2471a3",
    "Strategic developments": "#1e8449",
}
OTHER_COLOUR = "#566573"
TYPE_LABELS = {"PER": "شخص", "ORG": "تنظيم", "LOC": "مكان"}


@dataclass
class WebConfig:
    db: str | None = None
    host: str = "127.0.0.1"
    port: int = 8765
    read_only: bool = False
    analyst: str = field(default_factory=getpass.getuser)
    csrf_token: str = field(default_factory=new_token)


def create_app(config: WebConfig, store: Store | None = None) -> FastAPI:
    """The app on ``store`` (opened from ``config.db`` when not given; closed on shutdown then)."""
    from rasd.web import routes

    owned = store is None
    store = store or Store.open(config.db)
    app = FastAPI(title="rasd workbench", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.config = config
    app.state.workbench = Workbench(store)
    app.state.templates = _templates()
    allowed = frozenset({config.host.lower()}) if config.host not in ("0.0.0.0", "::") else frozenset()
    app.middleware("http")(security_middleware(allowed, _server_error))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(routes.router)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(BadRequest, _bad_request)
    app.router.on_shutdown.append(app.state.workbench.close)
    if owned:
        app.router.on_shutdown.append(store.close)
    return app


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=HERE / "templates")
    env = templates.env
    env.globals.update(
        entity_url=entity_url,
        article_url=article_url,
        query_url=query_url,
        acled_colour=acled_colour,
        acled_colours=ACLED_COLOURS,
        type_labels=TYPE_LABELS,
    )
    return templates


def entity_url(entity_id: str, suffix: str = "") -> str:
    return "/entities/" + quote(entity_id, safe=":") + suffix


def article_url(doc_id: str, start: int | None = None, end: int | None = None) -> str:
    url = f"/articles/{quote(doc_id)}"
    if start is not None and end is not None:
        url += f"?hl={start}-{end}#hl"
    return url


def query_url(path: str, params: dict[str, Any], **changes: Any) -> str:
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return path + ("?" + urlencode(merged) if merged else "")


def acled_colour(event_type: str | None) -> str:
    return ACLED_COLOURS.get(event_type or "", OTHER_COLOUR)


def wants_json(request: Request) -> bool:
    if request.url.path.endswith((".json", ".geojson")):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def render(request: Request, template: str, data: dict[str, Any], status_code: int = 200) -> Response:
    """The page, or its data as JSON when asked for."""
    if wants_json(request):
        return JSONResponse(data, status_code=status_code)
    config: WebConfig = request.app.state.config
    context = {"data": data, "csrf_token": config.csrf_token, "read_only": config.read_only}
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status_code)


def error_page(request: Request, status_code: int, message: str) -> Response:
    titles = {
        400: "طلب غير صالح",
        403: "ممنوع",
        404: "غير موجود",
        405: "طريقة غير مسموحة",
        500: "خطأ في الخادم",
    }
    data = {"status": status_code, "title": titles.get(status_code, "خطأ"), "message": message}
    if wants_json(request):
        return JSONResponse({"error": message, "status": status_code}, status_code=status_code)
    return request.app.state.templates.TemplateResponse(
        request, "error.html", {"data": data, "read_only": True, "csrf_token": ""}, status_code=status_code
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    detail = exc.detail if isinstance(exc.detail, str) else "error"
    return error_page(request, exc.status_code, detail)


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg', '')}" for e in exc.errors()
    )
    return error_page(request, 400, f"bad parameters: {problems}")


async def _bad_request(request: Request, exc: Exception) -> Response:
    return error_page(request, 400, str(exc))


def _server_error(request: Request) -> Response:
    return error_page(request, 500, "the server failed on this request; the log says why")
