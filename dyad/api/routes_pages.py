"""The dashboard's HTML pages. Each renders the same data its JSON twin under /api returns."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import HTMLResponse

from dyad.api import views
from dyad.api.deps import store as open_store
from dyad.api.params import (
    EventFilters,
    LimitParam,
    OffsetParam,
    PeriodParam,
    Window,
    check_actor,
    event_filters,
    known_parameters,
    window,
)
from dyad.api.templating import templates

router = APIRouter(include_in_schema=False, dependencies=[Depends(known_parameters)])
Filters = Annotated[EventFilters, Depends(event_filters)]
Bounds = Annotated[Window, Depends(window)]
IdPath = Path(max_length=300)


def twin(request: Request, path: str | None = None) -> str:
    """The URL of this page's JSON twin, with the same query."""
    url = "/api" + quote(path or request.url.path)
    return url + ("?" + request.url.query if request.url.query else "")


def pager(request: Request, total: int, shown: int, limit: int, offset: int) -> dict[str, Any]:
    def at(new_offset: int) -> str:
        params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
        return "?" + urlencode(params + ([("offset", str(new_offset))] if new_offset else []))

    return {"total": total, "first": offset + 1 if shown else 0, "last": offset + shown,
            "prev_url": at(max(0, offset - limit)) if offset else None,
            "next_url": at(offset + limit) if offset + shown < total else None}


def render(request: Request, template: str, nav: str, json_url: str, data: dict[str, Any], **extra: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, {"nav": nav, "json_url": json_url, **data, **extra})


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, filters: Filters, by: PeriodParam = "month", limit: LimitParam = 25,
             offset: OffsetParam = 0) -> HTMLResponse:
    with open_store(request) as con:
        data = views.overview(con, filters, by, limit, offset)
    return render(request, "overview.html", "overview", twin(request, "/overview"), data,
                  page=pager(request, data["total"], len(data["events"]), limit, offset))


@router.get("/dyads/{actor}/{recipient}", response_class=HTMLResponse)
def dyad(request: Request, actor: str, recipient: str, bounds: Bounds, by: PeriodParam = "month",
         limit: LimitParam = 50, offset: OffsetParam = 0) -> HTMLResponse:
    actor, recipient = check_actor("actor", actor), check_actor("recipient", recipient)
    with open_store(request) as con:
        data = views.dyad(con, actor, recipient, bounds, by, limit, offset)
    return render(request, "dyad.html", "dyad", twin(request), data,
                  page=pager(request, data["total"], len(data["events"]), limit, offset))


@router.get("/events/{event_id:path}", response_class=HTMLResponse)
def event(request: Request, event_id: Annotated[str, IdPath]) -> HTMLResponse:
    with open_store(request) as con:
        data = {"event": views.event(con, event_id)}
    return render(request, "event.html", "event", twin(request), data)


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article(request: Request, article_id: Annotated[str, IdPath]) -> HTMLResponse:
    with open_store(request) as con:
        data = {"article": views.article(con, article_id)}
    return render(request, "article.html", "article", twin(request), data)


@router.get("/map", response_class=HTMLResponse)
def event_map(request: Request, filters: Filters) -> HTMLResponse:
    with open_store(request) as con:
        data = views.event_map(con, filters)
    return render(request, "map.html", "map", twin(request), data)


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The API reference, rendered from the app's own OpenAPI schema (so it cannot drift from the code)."""
    schema = request.app.openapi()
    endpoints = [{"path": path, "method": method.upper(), "summary": op.get("summary", ""),
                  "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required", False),
                                  "description": p.get("description") or p.get("schema", {}).get("description", ""),
                                  "rule": describe(p.get("schema", {}))} for p in op.get("parameters", [])]}
                 for path, ops in schema["paths"].items() for method, op in ops.items()]
    return render(request, "api_docs.html", "docs", "/api/openapi.json", {"endpoints": endpoints, "info": schema["info"]})


def describe(schema: dict[str, Any]) -> str:
    """A one-line rule for a parameter's JSON schema (type, allowed values, bounds, pattern)."""
    options = schema.get("anyOf", [schema])
    parts = []
    for option in options:
        if option.get("type") == "null":
            continue
        if "enum" in option:
            parts.append(" | ".join(str(v) for v in option["enum"]))
            continue
        rule = option.get("type", "")
        for key, text in (("minimum", "≥ {}"), ("maximum", "≤ {}"), ("maxLength", "≤ {} chars"), ("pattern", "matches {}")):
            if key in option:
                rule += ", " + text.format(option[key])
        parts.append(rule)
    default = schema.get("default")
    return " or ".join(parts) + (f" (default {default})" if default is not None else "")
