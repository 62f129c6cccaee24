"""`dyad.open(path)`: the store as a Python library, every answer a pandas DataFrame.

Each call opens the file read-only and closes it before returning, so a notebook never blocks a
running ingest (see dyad/store/__init__.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from dyad.store import queries
from dyad.store.connection import StoreMissing, default_db_path, reading


class Store:
    """A Dyad store file. Filters are those of `dyad.store.queries` (actor, recipient, type, status,
    quad, country, place, since, until, q)."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_db_path()
        if not self.path.exists():
            raise StoreMissing(f"no store at {self.path}")

    def __repr__(self) -> str:
        return f"dyad.Store({str(self.path)!r})"

    def _frame(self, query: Callable[..., list[dict[str, Any]]], *args: Any, **kwargs: Any) -> pd.DataFrame:
        with reading(self.path) as con:
            return pd.DataFrame(query(con, *args, **kwargs))

    def events(self, **filters: Any) -> pd.DataFrame:
        """Event records (one per article), e.g. `.events(actor="RUS", recipient="MLI", since="2023")`."""
        return self._frame(queries.events, **filters)

    def merged(self, **filters: Any) -> pd.DataFrame:
        """Merged events (one per real-world event) with num_articles, num_sources, first/last seen."""
        return self._frame(queries.merged_events, **filters)

    def mentions(self, merged_id: str) -> pd.DataFrame:
        return self._frame(queries.mentions, merged_id)

    def timeline(self, actor: str, recipient: str, by: str = "month", both: bool = True, **bounds: Any) -> pd.DataFrame:
        """Counts per quad class and mean intensity per period, in both directions."""
        return self._frame(queries.timeline, actor, recipient, by=by, both=both, **bounds)

    def pledges(self, **filters: Any) -> pd.DataFrame:
        """Pledges (intended events) with state pending / fulfilled / lapsed."""
        return self._frame(queries.pledges, **filters)

    def actors(self, **options: Any) -> pd.DataFrame:
        return self._frame(queries.actors, **options)

    def dyads(self, **options: Any) -> pd.DataFrame:
        return self._frame(queries.dyads, **options)

    def articles(self, **filters: Any) -> pd.DataFrame:
        return self._frame(queries.articles, **filters)

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
