from __future__ import annotations

import pytest

from dyad.paths import shared_dir


@pytest.fixture(scope="session")
def shared():
    """../shared (corpus, gold, seed); tests that need it skip, saying why, where it is absent."""
    path = shared_dir()
    if not (path / "gold").is_dir():
        pytest.skip(f"needs the shared data folder at {path} (set DYAD_SHARED); absent here")
    return path
