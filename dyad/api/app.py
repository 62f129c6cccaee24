"""The FastAPI application: JSON API under /api, dashboard pages, static assets, error pages.

Security headers and HEAD requests are handled around the whole stack, Starlette's own error
middleware included, so an unexpected 500 carries the same headers as a page, and HEAD answers
wherever GET does.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp

from dyad.api import routes_api, routes_pages
from dyad.api.deps import ReadLease
from dyad.api.middleware import DropEmptyQuery, HeadAsGet, SecurityHeaders
from dyad.api.templating import templates
from dyad.api.views import NotFound
from dyad.store.filters import InvalidFilter

DESCRIPTION = ("Political events coded from French and English news (PLOVER types, quad classes, actors, "
               "dates, places), merged across articles, with pledge tracking.")
MAX_SHOWN_INPUT = 60


class DyadApp(FastAPI):
    def build_middleware_stack(self) -> ASGIApp:
        return SecurityHeaders(HeadAsGet(super().build_middleware_stack()))


def create_app(db_path: str | Path) -> FastAPI:
    """The app over one store file, opened read-only per request."""
    lease = ReadLease(Path(db_path))

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        lease.close()

    app = DyadApp(title="Dyad", version=metadata.version("dyad"), description=DESCRIPTION, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json", lifespan=lifespan)
    app.state.lease = lease
    app.mount("/static", StaticFiles(directory=str(resources.files("dyad.api") / "static")), name="static")
    app.include_router(routes_api.router)
    app.include_router(routes_pages.router)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http_error)
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(InvalidFilter, _invalid_parameter)
    app.add_middleware(DropEmptyQuery)
    return app


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= MAX_SHOWN_INPUT else text[:MAX_SHOWN_INPUT] + "…"


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") and request.url.path != "/api/docs"


def _error(request: Request, status: int, messages: list[str], errors: list[dict[str, Any]] | None = None,
           headers: dict[str, str] | None = None) -> Response:
    if _wants_json(request):
        body: dict[str, Any] = {"detail": "; ".join(messages)}
        if errors:
            body["errors"] = errors
        return JSONResponse(body, status_code=status, headers=headers)
    return templates.TemplateResponse(request, "error.html", {
        "nav": None, "json_url": None, "status_code": status, "reason": HTTPStatus(status).phrase,
        "messages": messages}, status_code=status, headers=headers)


def _unprocessable(request: Request, errors: list[dict[str, Any]]) -> Response:
    messages = [f"{e['parameter']}: {e['message']} (got {e['input']})" for e in errors]
    return _error(request, 422, messages, errors)


async def _invalid(request: Request, exc: RequestValidationError) -> Response:
    return _unprocessable(request, [
        {"parameter": str(error["loc"][-1]) if error.get("loc") else "request", "message": error["msg"],
         "input": _shown(error.get("input"))} for error in exc.errors()])


async def _invalid_parameter(request: Request, exc: InvalidFilter) -> Response:
    return _unprocessable(request, [{"parameter": exc.parameter, "message": exc.message, "input": _shown(exc.value)}])


async def _http_error(request: Request, exc: HTTPException) -> Response:
    """The error page or JSON, keeping the exception's headers (a 405's Allow among them)."""
    return _error(request, exc.status_code, [str(exc.detail)], headers=exc.headers)


async def _not_found(request: Request, exc: NotFound) -> Response:
    return _error(request, 404, [str(exc)])

