"""Dyad: political event data from French and English news."""

import os

__version__ = "0.1.0"

# Dyad's numpy work is many small matrix products (a sentence's candidates against a model's
# weights), where OpenBLAS's worker threads cost CPU without saving time: with them, coding took
# about twice the CPU (docs/benchmarks.md). Dyad uses more cores through worker processes
# (`--workers`) instead. Set before numpy loads; a value the user set stands.
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")


def open(path=None):  # noqa: A001 - the documented entry point, `dyad.open(path)`
    """The store at `path` (default $DYAD_DB or ./dyad.duckdb) as a `dyad.store.api.Store`."""
    from dyad.store.api import open_store

    return open_store(path)
