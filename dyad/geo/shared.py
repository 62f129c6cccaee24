"""The process-wide gazetteer: the pickle `make setup` built, or a new one built first where there is
none or its sources changed since (dyad/geo/build.py)."""

from __future__ import annotations

import pickle
from functools import cache
from pathlib import Path

from dyad.geo.gazetteer import Gazetteer, default_path, fingerprint


@cache
def shared_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, (re)built on first use where `make setup` has not built it
    or its sources changed since."""
    path = default_path()
    if not path.exists():
        return _rebuilt(path)
    try:
        gazetteer = Gazetteer.load(path)
    except (ValueError, pickle.UnpicklingError, EOFError):
        return _rebuilt(path)
    return gazetteer if gazetteer.fingerprint == fingerprint() else _rebuilt(path)


def _rebuilt(path: Path) -> Gazetteer:
    from dyad.geo.build import build

    return Gazetteer.load(build(path))
