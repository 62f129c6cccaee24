"""Rows on stdout: a table that fits the terminal, or CSV, JSON lines or Parquet (dyad.store.formats).

A table gets the width of the terminal (or $COLUMNS; 120 when piped): below WIDE columns it keeps
only the columns ranked 1 (and leaves out lesser ones wherever the rest would not fit), a header
is never split, short values are never wrapped or cut, and the free-text column (the evidence)
takes what is left, cut to one line with an ellipsis. Dates show as precisely as they are known:
2023, 2023-08 or 2023-08-26.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dyad.store.dates import shown_date
from dyad.vocabulary import PRECISIONS

if TYPE_CHECKING:
    from dyad.store.queries import Rows

WIDE = 100
PIPED_WIDTH = 120
COLUMN_GAP = 3  # a column's padding and rule between two columns
MIN_TEXT_WIDTH = 16


@dataclass(frozen=True)
class Column:
    """One column of a table: the row field it shows, its header, its rank (1: always shown;
    2: from WIDE terminal columns up), whether it is free text that takes the spare width, and for
    a date how precise it is (day, month, year) or the row field that says so."""

    field: str
    header: str = ""
    rank: int = 1
    text: bool = False
    precision: str | None = None

    @property
    def title(self) -> str:
        return self.header or self.field


def terminal_width() -> int:
    return shutil.get_terminal_size((PIPED_WIDTH, 24)).columns


def cell(row: dict[str, Any], column: Column) -> str:
    value = row.get(column.field)
    if isinstance(value, dt.date):
        precision = column.precision or "day"
        return shown_date(value, precision if precision in PRECISIONS else row.get(precision))
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return " ".join(str(value).split())


def fitting(columns: Sequence[Column], natural: dict[Column, int], width: int) -> list[Column]:
    """The columns to show: every one from WIDE terminal columns up, else those ranked 1; lesser
    columns go first, then the free text, while what is left does not fit. Free text fits where
    it gets MIN_TEXT_WIDTH (text cut to a few letters says nothing)."""
    ranked = [c for c in columns if c.rank == 1]
    tries = ([list(columns)] if width >= WIDE else []) + [ranked, [c for c in ranked if not c.text]]
    for chosen in tries:
        needed = sum(MIN_TEXT_WIDTH if c.text else natural[c] for c in chosen) + COLUMN_GAP * (len(chosen) - 1)
        if needed <= width:
            return chosen
    return tries[-1]


def print_table(rows: Sequence[dict[str, Any]], columns: Sequence[Column], *, title: str | None = None,
                width: int | None = None) -> None:
    from rich import box
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table

    width = width or terminal_width()
    natural = {column: max([len(column.title), *(cell_len(cell(row, column)) for row in rows)]) for column in columns}
    chosen = fitting(columns, natural, width)
    texts = [column for column in chosen if column.text]
    spare = width - sum(natural[c] for c in chosen if not c.text) - COLUMN_GAP * (len(chosen) - 1)
    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for column in chosen:
        shared = min(natural[column], spare // len(texts)) if column.text else natural[column]
        table.add_column(column.title, width=shared, no_wrap=True, overflow="ellipsis")
    for row in rows:
        table.add_row(*(cell(row, column) for column in chosen))
    Console(file=sys.stdout, width=width, markup=False, highlight=False, emoji=False).print(table)


def emit(rows: Rows, fmt: str, columns: Sequence[Column], *, title: str | None = None) -> None:
    """The rows on stdout: a table of `columns`, or every column in CSV, JSON lines or Parquet."""
    from dyad.store import formats

    if fmt == "table":
        print_table(rows, columns, title=title)
    elif fmt == "csv":
        formats.write_csv(rows, sys.stdout)
    elif fmt == "jsonl":
        formats.write_jsonl(rows, sys.stdout)
    elif fmt == "parquet":
        formats.write_parquet(rows, sys.stdout.buffer)
    else:
        raise ValueError(f"unknown format {fmt!r}")
