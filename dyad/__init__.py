"""Dyad: political event data from French and English news."""

__version__ = "0.1.0"


def open(path=None):  # noqa: A001 - the documented entry point, `dyad.open(path)`
    """The store at `path` (default $DYAD_DB or ./dyad.duckdb) as a `dyad.store.api.Store`."""
    from dyad.store.api import open_store

    return open_store(path)
