"""Rows of the store in the formats that leave it: CSV, JSON lines, a pandas DataFrame, Parquet.

Every reader (`dyad events`, `dyad export`, the API's CSV downloads, `dyad.open`) writes a
`queries.Rows` through these, so a column is the same column everywhere: dates as ISO days
(datetime64 in a DataFrame), lists as lists (joined with ';' in CSV), missing values empty.
pandas and PyArrow are imported only by the functions that need them.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from typing import IO, TYPE_CHECKING, Any

from dyad.store.queries import Rows

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

LIST_SEPARATOR = ";"


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return LIST_SEPARATOR.join(str(v) for v in value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def write_csv(rows: Rows, handle: IO[str]) -> None:
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(rows.columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(name)) for name in rows.columns])


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def write_jsonl(rows: Rows, handle: IO[str]) -> None:
    for row in rows:
        handle.write(json.dumps({name: _plain(row.get(name)) for name in rows.columns}, ensure_ascii=False) + "\n")


def frame(rows: Rows) -> pd.DataFrame:
    """The rows as a DataFrame with every column, even with no row, and dates as datetime64."""
    import pandas as pd

    table = pd.DataFrame([[row.get(name) for name in rows.columns] for row in rows], columns=list(rows.columns))
    for name in rows.columns:
        if name in rows.dates:
            table[name] = pd.to_datetime(table[name])
    return table


def arrow(rows: Rows) -> pa.Table:
    """The rows as an Arrow table, dates as date32 (Parquet's date, what DuckDB and pandas read back)."""
    import pyarrow as pa

    table = pa.Table.from_pandas(frame(rows), preserve_index=False)
    for name in rows.dates:
        at = table.schema.get_field_index(name)
        table = table.set_column(at, name, table[name].cast(pa.date32()))
    return table


def write_parquet(rows: Rows, target: str | IO[bytes]) -> None:
    import pyarrow.parquet as pq

    pq.write_table(arrow(rows), target)
