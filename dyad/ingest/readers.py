"""Readers: every source kind becomes a stream of Article (or Skipped, naming the input and why).

Kinds: JSONL articles (`id, lang, title, date, source, url, text`; only `text` required), plain
`.txt`, HTML pages (trafilatura), RSS/Atom feeds (feedparser), folders of these, and `-` for
standard input (JSONL if it starts with `{`, else plain text). A bad input never stops the batch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from dyad.ingest.errors import Skipped
from dyad.ingest.text import TextProblem, check_text, decode_bytes, find_publication_date, parse_date
from dyad.records import Article

log = logging.getLogger("dyad.ingest")

DEFAULT_MAX_BYTES = 1_000_000
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml", ".feed"}
READABLE_SUFFIXES = JSONL_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES

Item = Article | Skipped


def content_id(text: str) -> str:
    return "sha1-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class Reader:
    """Reads sources into Articles; options apply to every source (`--date`, `--lang`, `--max-bytes`)."""

    def __init__(self, *, date: dt.date | None = None, lang: str | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.date = date
        self.lang = lang
        self.max_bytes = max_bytes

    def read(self, sources: list[str]) -> Iterator[Item]:
        for source in sources:
            if source == "-":
                yield from self._read_stdin()
            else:
                yield from self._read_path(Path(source))

    def _read_stdin(self) -> Iterator[Item]:
        data = sys.stdin.buffer.read()
        text = decode_bytes(data)
        if text.lstrip().startswith("{"):
            yield from self._read_jsonl_text(text, "<stdin>")
        else:
            yield from self._article_from_text(text, "<stdin>", default_id=content_id(text))

    def _read_path(self, path: Path) -> Iterator[Item]:
        if path.is_dir():
            yield from self._read_folder(path)
            return
        if not path.exists():
            yield Skipped(str(path), "no such file or folder")
            return
        suffix = path.suffix.lower()
        try:
            size = path.stat().st_size
            if suffix not in JSONL_SUFFIXES and size > self.max_bytes * 4:
                yield Skipped(str(path), f"file of {size} bytes is over the size limit ({self.max_bytes} bytes of text)")
                return
            data = path.read_bytes()
        except OSError as error:
            yield Skipped(str(path), f"cannot read: {error.strerror or error}")
            return
        if suffix in JSONL_SUFFIXES:
            yield from self._read_jsonl_text(decode_bytes(data), str(path))
        elif suffix in HTML_SUFFIXES:
            yield from self._read_html(data, path)
        elif suffix in FEED_SUFFIXES:
            yield from self._read_feed(data, path)
        else:
            yield from self._article_from_text(decode_bytes(data), str(path), default_id=path.stem)

    def _read_folder(self, folder: Path) -> Iterator[Item]:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            yield Skipped(str(folder), f"cannot read folder: {error.strerror or error}")
            return
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            if entry.is_dir():
                yield from self._read_folder(path)
            elif path.suffix.lower() in READABLE_SUFFIXES:
                yield from self._read_path(path)

    def _read_jsonl_text(self, text: str, name: str) -> Iterator[Item]:
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{name}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as error:
                yield Skipped(where, f"malformed JSON: {error.msg} at column {error.colno}")
                continue
            yield self._article_from_record(record, where)

    def _article_from_record(self, record: object, where: str) -> Item:
        if not isinstance(record, dict):
            return Skipped(where, "a JSON line must be an object")
        text = record.get("text")
        if text is None:
            return Skipped(str(record.get("id") or where), "no `text` field")
        if not isinstance(text, str):
            return Skipped(str(record.get("id") or where), f"`text` must be a string, not {type(text).__name__}")
        raw_id = record.get("id")
        article_id = str(raw_id) if isinstance(raw_id, str | int) and str(raw_id).strip() else content_id(text)
        problem = check_text(text, self.max_bytes)
        if problem:
            return Skipped(article_id, problem.reason)
        date = self.date or parse_date(record.get("date"), article_id)
        precision = record.get("date_precision") if record.get("date_precision") in ("day", "month", "year") else None
        return Article(
            id=article_id,
            text=text,
            lang=self.lang or _optional_str(record.get("lang")),
            title=_optional_str(record.get("title")),
            date=date,
            date_precision=(precision or "day") if date else None,
            source=_optional_str(record.get("source")),
            url=_optional_str(record.get("url")),
        )

    def _article_from_text(self, text: str, name: str, *, default_id: str, title: str | None = None,
                           date: dt.date | None = None, source: str | None = None,
                           url: str | None = None) -> Iterator[Item]:
        problem: TextProblem | None = check_text(text, self.max_bytes)
        if problem:
            yield Skipped(name, problem.reason)
            return
        if title is None:
            title = next((line.strip() for line in text.splitlines() if line.strip()), None)
        date = self.date or date or find_publication_date(text)
        yield Article(id=default_id, text=text, lang=self.lang, title=title, date=date,
                      date_precision="day" if date else None, source=source, url=url)

    def _read_html(self, data: bytes, path: Path) -> Iterator[Item]:
        import trafilatura

        try:
            extracted = trafilatura.bare_extraction(decode_bytes(data), with_metadata=True,
                                                    include_comments=False, include_tables=False)
            document = extracted.as_dict() if extracted is not None else None
        except Exception as error:  # trafilatura raises many lxml error kinds on broken markup
            yield Skipped(str(path), f"unreadable HTML: {type(error).__name__}")
            return
        if not document or not (document.get("text") or "").strip():
            yield Skipped(str(path), "no main text found in the HTML page")
            return
        title = document.get("title")
        text = document["text"]
        if title and not text.startswith(title):
            text = f"{title}\n{text}"
        yield from self._article_from_text(
            text, str(path), default_id=path.stem, title=title,
            date=parse_date(document.get("date"), str(path)),
            source=document.get("sitename") or document.get("hostname"), url=document.get("url"))

    def _read_feed(self, data: bytes, path: Path) -> Iterator[Item]:
        import feedparser

        feed = feedparser.parse(data)
        if not feed.entries:
            reason = f"not a feed: {feed.bozo_exception}" if feed.get("bozo") else "feed has no entries"
            yield Skipped(str(path), reason)
            return
        source = feed.feed.get("title")
        for number, entry in enumerate(feed.entries, start=1):
            where = f"{path}#{number}"
            body = _entry_text(entry)
            title = entry.get("title")
            text = f"{title}\n{body}" if title and body else (body or title or "")
            entry_id = entry.get("id") or entry.get("link") or content_id(text)
            date = None
            parsed = entry.get("published_parsed") or entry.get("updated_parsed")
            if parsed:
                try:
                    date = dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)
                except ValueError:
                    log.warning("%s: impossible date dropped", where)
            elif entry.get("published") or entry.get("updated"):
                log.warning("%s: unreadable date %r dropped", where, entry.get("published") or entry.get("updated"))
            problem = check_text(text, self.max_bytes)
            if problem:
                yield Skipped(str(entry_id), problem.reason)
                continue
            yield Article(id=str(entry_id), text=text, lang=self.lang or _optional_str(entry.get("language")),
                          title=title, date=self.date or date, date_precision="day" if (self.date or date) else None,
                          source=source, url=entry.get("link"))


def _entry_text(entry) -> str:
    from dyad.ingest.text import html_to_text

    if entry.get("content"):
        return "\n".join(html_to_text(part.get("value", "")) for part in entry.content).strip()
    return html_to_text(entry.get("summary", "")).strip()


def _optional_str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def read_sources(sources: list[str], *, date: dt.date | None = None, lang: str | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Every article of every source, in order; unusable inputs come as Skipped."""
    return Reader(date=date, lang=lang, max_bytes=max_bytes).read(sources)
