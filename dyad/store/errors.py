"""Why a store cannot be used as asked: each error's message says why and what to do. Kept apart from
the connection code so that the command line can catch them without importing DuckDB."""

from __future__ import annotations


class StoreError(Exception):
    """A store that cannot be used as asked."""


class StoreMissing(StoreError, FileNotFoundError):
    """A read was asked of a store file that does not exist yet."""


class StoreRefused(StoreError):
    """The path holds something other than a usable Dyad store; Dyad leaves it as it is."""


class StoreLocked(StoreError):
    """Another process kept the store file longer than this one would wait."""
