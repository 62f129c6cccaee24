"""`dyad.open(path)`: the store as a Python library, every answer a pandas DataFrame.

Each call opens the file read-only and closes it before returning, so a notebook never blocks a
running ingest (see dyad/store/__init__.py). Dates come as datetime64 (so `.resample` and `.dt`
work), an empty answer keeps its columns, and a filter value that means nothing raises
`dyad.store.filters.InvalidFilter` (a ValueError) naming what is accepted.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from dyad.store import queries
from dyad.store.connection import StoreMissing, default_db_path, reading
from dyad.store.formats import frame

Day = str | dt.date | None


class Store:
    """A Dyad store file.

    The event filters, all optional and ANDed: `actor`, `recipient` (a code RUS, a key IGO:ECOWAS,
    or a name: Mali, CEDEAO, Lavrov), `type` (a PLOVER type), `status` (occurred, intended,
    negated), `quad` (1-4), `country` (ISO3 of the place), `place` (part of its name), `since`,
    `until` (YYYY, YYYY-MM, YYYY-MM-DD or a date; inclusive), `q` (words of the evidence, the
    actors' words or the place).
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        if not self.path.exists():
            raise StoreMissing(f"no store at {self.path}")

    def __repr__(self) -> str:
        return f"dyad.Store({str(self.path)!r})"

    def events(self, *, actor: str | None = None, recipient: str | None = None, type: str | None = None,
               status: str | None = None, quad: int | None = None, country: str | None = None,
               place: str | None = None, since: Day = None, until: Day = None, q: str | None = None,
               order: str = "date", limit: int | None = None, offset: int = 0) -> pd.DataFrame:
        """Event records (one per article and event) matching the filters, with their merged event,
        article title, source, URL and date: the columns of `dyad events --format csv`.
        `order`: date, -date, confidence or -confidence. Example: `.events(actor="RUS", since="2023")`."""
        with reading(self.path) as con:
            return frame(queries.events(con, actor=actor, recipient=recipient, type=type, status=status, quad=quad,
                                        country=country, place=place, since=since, until=until, q=q, order=order,
                                        limit=limit, offset=offset))

    def merged(self, *, actor: str | None = None, recipient: str | None = None, type: str | None = None,
               status: str | None = None, quad: int | None = None, country: str | None = None,
               place: str | None = None, since: Day = None, until: Day = None, q: str | None = None,
               order: str = "date", limit: int | None = None, offset: int = 0) -> pd.DataFrame:
        """Merged events (one per real-world event) matching the filters, with num_articles,
        num_sources, first_seen, last_seen and the precision of their date. `order`: date, -date,
        articles or -articles."""
        with reading(self.path) as con:
            return frame(queries.merged_events(con, actor=actor, recipient=recipient, type=type, status=status,
                                               quad=quad, country=country, place=place, since=since, until=until,
                                               q=q, order=order, limit=limit, offset=offset))

    def mentions(self, merged_id: str) -> pd.DataFrame:
        """Every article and sentence that reports one merged event."""
        with reading(self.path) as con:
            return frame(queries.mentions(con, merged_id))

    def timeline(self, actor: str, recipient: str, *, by: str = "month", both: bool = True, since: Day = None,
                 until: Day = None) -> pd.DataFrame:
        """Merged events between two actors per period (week, month or year): counts per quad class,
        total, mean intensity and articles, in both directions unless `both=False`; every period
        from the first to the last with events is there, with zeros where none happened."""
        with reading(self.path) as con:
            return frame(queries.timeline(con, actor, recipient, by=by, both=both, since=since, until=until))

    def pledges(self, *, state: str | None = None, actor: str | None = None, recipient: str | None = None,
                type: str | None = None, as_of: Day = None) -> pd.DataFrame:
        """Pledges (intended events) with `state` pending, fulfilled or lapsed and `state_label` in
        words; `as_of` is the day lapses are judged on (default: the newest article in the store)."""
        with reading(self.path) as con:
            return frame(queries.pledges(con, state=state, actor=actor, recipient=recipient, type=type, as_of=as_of))

    def actors(self, *, limit: int | None = 50, since: Day = None, until: Day = None) -> pd.DataFrame:
        """Most active actors: the actor's own name, the people named under it, counts as actor and
        recipient, of cooperation and conflict."""
        with reading(self.path) as con:
            return frame(queries.actors(con, limit=limit, since=since, until=until))

    def dyads(self, *, involving: str | None = None, actor: str | None = None, recipient: str | None = None,
              type: str | None = None, status: str | None = None, quad: int | None = None,
              country: str | None = None, place: str | None = None, since: Day = None, until: Day = None,
              q: str | None = None, limit: int | None = 50) -> pd.DataFrame:
        """Most active directed (actor, recipient) pairs among the merged events the filters keep;
        `involving`: only pairs with this actor on either side."""
        with reading(self.path) as con:
            return frame(queries.dyads(con, involving=involving, actor=actor, recipient=recipient, type=type,
                                       status=status, quad=quad, country=country, place=place, since=since,
                                       until=until, q=q, limit=limit))

    def articles(self, *, q: str | None = None, source: str | None = None, lang: str | None = None,
                 since: Day = None, until: Day = None, limit: int | None = None, offset: int = 0) -> pd.DataFrame:
        """Articles without their text, newest first; `q` searches title and text, `source` is the outlet."""
        with reading(self.path) as con:
            return frame(queries.articles(con, q=q, source=source, lang=lang, since=since, until=until, limit=limit,
                                          offset=offset))

    def summary(self) -> dict[str, Any]:
        with reading(self.path) as con:
            return queries.summary(con)

    def sql(self, query: str, params: dict[str, Any] | None = None) -> pd.DataFrame:
        """Any read-only SQL over the store's tables (articles, events, evidence, merged_events,
        merge_members, mentions, actors), with `$name` parameters."""
        with reading(self.path) as con:
            return con.execute(query, params or {}).df()


def open_store(path: str | Path | None = None) -> Store:
    return Store(path)
