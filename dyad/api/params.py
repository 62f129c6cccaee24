"""Query parameters of the API and the pages, validated before any query runs.

Names follow the `dyad events` filters. A value that breaks a rule is answered with 422 and a
message naming the parameter; nothing unvalidated reaches the store (which binds every value as
an SQL parameter anyway).
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Annotated, Any, Literal

from fastapi import Query, Request
from fastapi.routing import APIRoute

from dyad.records import EventType, Status
from dyad.store import filters as check
from dyad.store.filters import InvalidFilter

# Codes (RUS), keys (IGO:ECOWAS) and canonical names (Lavrov, Goïta): letters of any script,
# digits, spaces and the punctuation names use.
ACTOR_PATTERN = r"^[\w][\w .:'’-]{0,63}$"
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
MAX_TEXT = 200
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000

Period = Literal["week", "month", "year"]

ActorParam = Annotated[str | None, Query(pattern=ACTOR_PATTERN, max_length=64,
                                         description="Actor code (RUS), key (IGO:ECOWAS) or name (Mali, CEDEAO, Lavrov)")]
RecipientParam = Annotated[str | None, Query(pattern=ACTOR_PATTERN, max_length=64,
                                             description="Recipient code, key or name")]
InvolvingParam = Annotated[str | None, Query(pattern=ACTOR_PATTERN, max_length=64,
                                             description="Only pairs with this actor on either side")]
TypeParam = Annotated[EventType | None, Query(description="PLOVER event type")]
StatusParam = Annotated[Status | None, Query(description="occurred, intended or negated")]
QuadParam = Annotated[int | None, Query(ge=1, le=4, description="Quad class: 1 verbal cooperation .. 4 material conflict")]
CountryParam = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166 alpha-3 of the event's place")]
PlaceParam = Annotated[str | None, Query(max_length=100, description="Part of the place name or region")]
SinceParam = Annotated[str | None, Query(pattern=DATE_PATTERN, description="First day: YYYY, YYYY-MM or YYYY-MM-DD")]
UntilParam = Annotated[str | None, Query(pattern=DATE_PATTERN, description="Last day: YYYY, YYYY-MM or YYYY-MM-DD")]
TextParam = Annotated[str | None, Query(max_length=MAX_TEXT, description="Words in an evidence sentence, actor text or place")]
LimitParam = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Rows per page")]
OffsetParam = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip")]
PeriodParam = Annotated[Period, Query(description="Period of the timeline: week, month or year")]


def known_parameters(request: Request) -> None:
    """422 for a query parameter the route does not take: a misspelt filter (`actr=RUS`) would
    otherwise be dropped, and the answer would hold every row."""
    allowed = _query_names(request.scope["route"])
    for name in request.query_params:
        if name not in allowed:
            choices = ", ".join(sorted(allowed)) or "no query parameters"
            raise InvalidFilter(name, f"unknown parameter: this address takes {choices}", request.query_params[name])


def _query_names(route: APIRoute) -> frozenset[str]:
    names: set[str] = set()
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        names |= {param.alias for param in dependant.query_params}
        pending.extend(dependant.dependencies)
    return frozenset(names)


@dataclass(frozen=True)
class Window:
    """A since/until pair, checked to be real days in order."""

    since: str | None = None
    until: str | None = None

    def __post_init__(self) -> None:
        check.window(self.since, self.until)


@dataclass(frozen=True)
class EventFilters(Window):
    """The filters of `dyad events`, as query parameters."""

    actor: str | None = None
    recipient: str | None = None
    type: str | None = None
    status: str | None = None
    quad: int | None = None
    country: str | None = None
    place: str | None = None
    q: str | None = None

    def given(self) -> dict[str, Any]:
        """The filters that are set, as keyword arguments for dyad.store.queries."""
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}


def event_filters(actor: ActorParam = None, recipient: RecipientParam = None, type: TypeParam = None,
                  status: StatusParam = None, quad: QuadParam = None, country: CountryParam = None,
                  place: PlaceParam = None, since: SinceParam = None, until: UntilParam = None,
                  q: TextParam = None) -> EventFilters:
    return EventFilters(since=since, until=until, actor=actor, recipient=recipient, type=type, status=status,
                        quad=quad, country=country.upper() if country else None, place=place, q=q)


def window(since: SinceParam = None, until: UntilParam = None) -> Window:
    return Window(since=since, until=until)


def check_actor(name: str, value: str) -> str:
    """Validate an actor given in a path segment with the same rule as the query parameters."""
    if len(value) > 64 or not re.fullmatch(ACTOR_PATTERN, value):
        raise InvalidFilter(name, "not an actor code, key or name", value)
    return value
