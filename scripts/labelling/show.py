"""Print an article for labelling: id, source, publication date and weekday, title, body.

Usage: show.py ID [ID ...]
The text printed is the labelled document (title, newline, body) that label offsets index.
"""

from __future__ import annotations

import datetime as dt
import sys

from dyad.labels import find_source, labelled_document, source_row


def show(article_id: str) -> str:
    source = find_source(article_id)
    if source is None:
        return f"== {article_id}: not found in any label source"
    row = source_row(source, article_id)
    date = str(row.get("date") or "")
    weekday = ""
    try:
        weekday = dt.date.fromisoformat(date[:10]).strftime("%A")
    except ValueError:
        pass
    title, body = labelled_document(row).split("\n", 1)
    return "\n".join([f"== {article_id}   lang {row.get('lang')}   published {date or 'unknown'} {weekday}",
                      f"TITLE: {title}", "BODY:", body, f"== end of {article_id}", ""])


if __name__ == "__main__":
    for article_id in sys.argv[1:]:
        print(show(article_id))
