"""The JSON API under /api: the store's queries, and the JSON twin of every page."""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from dyad.api import views
from dyad.api.deps import store as open_store
from dyad.api.params import (
    ACTOR_PATTERN,
    DATE_PATTERN,
    ActorParam,
    EventFilters,
    InvolvingParam,
    LimitParam,
    OffsetParam,
    PeriodParam,
    RecipientParam,
    TextParam,
    TypeParam,
    Window,
    check_actor,
    event_filters,
    known_parameters,
    window,
)
from dyad.store import formats
from dyad.store import queries as store

router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(known_parameters)])
Filters = Annotated[EventFilters, Depends(event_filters)]
Bounds = Annotated[Window, Depends(window)]
IdPath = Path(max_length=300, description="Identifier as the store gives it")


def _page(total: int, limit: int, offset: int, key: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, key: rows}


@router.get("/events", summary="Event records (one per article), with the filters of the dyad events command")
def list_events(request: Request, filters: Filters, limit: LimitParam = 100, offset: OffsetParam = 0,
                order: Annotated[Literal["date", "-date", "confidence", "-confidence"],
                                 Query(description="Sort key; a leading - sorts descending")] = "-date") -> dict[str, Any]:
    with open_store(request) as con:
        given = filters.given()
        return _page(store.count_events(con, **given), limit, offset, "events",
                     store.events(con, limit=limit, offset=offset, order=order, **given))


@router.get("/events.csv", summary="Every event record the filters keep, as CSV: the columns of `dyad events --format csv`",
            response_class=Response)
def events_csv(request: Request, filters: Filters, order: Annotated[Literal["date", "-date", "confidence", "-confidence"],
               Query(description="Sort key; a leading - sorts descending")] = "-date") -> Response:
    with open_store(request) as con:
        return _csv(store.events(con, order=order, **filters.given()), "dyad-events.csv")


@router.get("/merged.csv", summary="Every merged event the filters keep, as CSV: the columns of `dyad events --merged --format csv`",
            response_class=Response)
def merged_csv(request: Request, filters: Filters, order: Annotated[Literal["date", "-date", "articles", "-articles"],
               Query(description="Sort key; a leading - sorts descending")] = "-date") -> Response:
    with open_store(request) as con:
        return _csv(store.merged_events(con, order=order, **filters.given()), "dyad-merged-events.csv")


def _csv(rows: store.Rows, name: str) -> Response:
    text = io.StringIO()
    formats.write_csv(rows, text)
    return Response(text.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/merged", summary="Merged events (one per real-world event), same filters as /api/events")
def list_merged(request: Request, filters: Filters, limit: LimitParam = 100, offset: OffsetParam = 0,
                order: Annotated[Literal["date", "-date", "articles", "-articles"],
                                 Query(description="Sort key; a leading - sorts descending")] = "-date") -> dict[str, Any]:
    with open_store(request) as con:
        given = filters.given()
        return _page(store.count_merged(con, **given), limit, offset, "events",
                     store.merged_events(con, limit=limit, offset=offset, order=order, **given))


@router.get("/merged/{merged_id}", summary="One merged event with its mentions and member records")
def get_merged(request: Request, merged_id: Annotated[str, IdPath]) -> dict[str, Any]:
    with open_store(request) as con:
        found = store.merged_event(con, merged_id)
        if found is None:
            raise views.NotFound(f"no merged event {merged_id!r}")
        return found


@router.get("/timeline", summary="Merged events between two actors per period: counts per quad class and mean intensity")
def get_timeline(request: Request, actor: Annotated[str, Query(pattern=ACTOR_PATTERN, description="Actor code, key or name")],
                 recipient: Annotated[str, Query(pattern=ACTOR_PATTERN, description="Recipient code, key or name")],
                 bounds: Bounds, by: PeriodParam = "month",
                 both: Annotated[bool, Query(description="Also count recipient -> actor")] = True) -> dict[str, Any]:
    with open_store(request) as con:
        rows = store.timeline(con, actor, recipient, by=by, both=both, since=bounds.since, until=bounds.until)
        return {"actor": actor, "recipient": recipient, "by": by, "periods": rows}


@router.get("/actors", summary="Most active actors")
def list_actors(request: Request, bounds: Bounds, limit: LimitParam = 50) -> dict[str, Any]:
    with open_store(request) as con:
        return {"actors": store.actors(con, limit=limit, since=bounds.since, until=bounds.until)}


@router.get("/dyads", summary="Most active directed actor-recipient pairs among the events the filters keep")
def list_dyads(request: Request, filters: Filters, involving: InvolvingParam = None,
               limit: LimitParam = 50) -> dict[str, Any]:
    with open_store(request) as con:
        return {"dyads": store.dyads(con, involving=involving, limit=limit, **filters.given())}


@router.get("/articles", summary="Articles (without their text), newest first")
def list_articles(request: Request, bounds: Bounds, q: TextParam = None,
                  source: Annotated[str | None, Query(max_length=200, description="Outlet, exactly")] = None,
                  lang: Annotated[str | None, Query(pattern=r"^[a-z]{2}$", description="ISO 639-1 code")] = None,
                  limit: LimitParam = 100, offset: OffsetParam = 0) -> dict[str, Any]:
    with open_store(request) as con:
        rows = store.articles(con, q=q, source=source, lang=lang, since=bounds.since, until=bounds.until,
                              limit=limit, offset=offset)
        return {"limit": limit, "offset": offset, "articles": rows}


@router.get("/pledges", summary="Pledges (intended events) and whether they were fulfilled")
def list_pledges(request: Request, actor: ActorParam = None, recipient: RecipientParam = None, type: TypeParam = None,
                 state: Annotated[Literal["pending", "fulfilled", "lapsed"] | None,
                                  Query(description="Only pledges in this state: pending (no fulfilment found "
                                                    "yet), fulfilled, lapsed (none found by the deadline)")] = None,
                 as_of: Annotated[str | None, Query(pattern=DATE_PATTERN, description="Judge lapses on this day "
                                                    "(default: the newest article in the store)")] = None,
                 ) -> dict[str, Any]:
    with open_store(request) as con:
        return {"pledges": store.pledges(con, state=state, actor=actor, recipient=recipient, type=type, as_of=as_of)}


@router.get("/summary", summary="Counts and date range of the store")
def get_summary(request: Request) -> dict[str, Any]:
    with open_store(request) as con:
        return store.summary(con)


# --- JSON twins of the pages -----------------------------------------------------------------------------

@router.get("/overview", summary="JSON twin of / (the overview page)")
def overview(request: Request, filters: Filters, by: PeriodParam = "month", limit: LimitParam = 25,
             offset: OffsetParam = 0) -> dict[str, Any]:
    with open_store(request) as con:
        return views.overview(con, filters, by, limit, offset)


@router.get("/dyads/{actor}/{recipient}", summary="JSON twin of /dyads/{actor}/{recipient}")
def dyad(request: Request, actor: str, recipient: str, bounds: Bounds, by: PeriodParam = "month",
         limit: LimitParam = 50, offset: OffsetParam = 0) -> dict[str, Any]:
    actor, recipient = check_actor("actor", actor), check_actor("recipient", recipient)
    with open_store(request) as con:
        return views.dyad(con, actor, recipient, bounds, by, limit, offset)


@router.get("/events/{event_id:path}", summary="JSON twin of /events/{id}: a merged event (m-...) or a record (article:n)")
def event(request: Request, event_id: Annotated[str, IdPath]) -> dict[str, Any]:
    with open_store(request) as con:
        return views.event(con, event_id)


@router.get("/articles/{article_id:path}", summary="JSON twin of /articles/{id}: text, highlighted segments, records")
def article(request: Request, article_id: Annotated[str, IdPath]) -> dict[str, Any]:
    with open_store(request) as con:
        return views.article(con, article_id)


@router.get("/map", summary="JSON twin of /map: merged events per place")
def event_map(request: Request, filters: Filters) -> dict[str, Any]:
    with open_store(request) as con:
        return views.event_map(con, filters)
