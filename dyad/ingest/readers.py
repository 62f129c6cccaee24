"""Readers: every source kind becomes a stream of Article (or Skipped, naming the input and why).

Kinds: JSONL articles (`id, lang, title, date, source, url, text`; only `text` required), plain
`.txt`, HTML pages (trafilatura), RSS/Atom feeds (feedparser), folders of these, and `-` for
standard input (JSONL if it starts with `{`, else plain text). A bad input never stops the batch.

A file's article id is its path relative to the input root (the folder given, or the file's own
folder), without the suffix: `a/index.html` under `site/` is `a/index`. Where two inputs of one run
come to the same id with different content, the later one's id gets its content hash appended
(`a/index~1f2e3d4c`), with a warning naming both.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import logging
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from dyad.ingest.errors import Skipped, printable
from dyad.ingest.text import (
    TextProblem,
    article_text,
    check_text,
    clean,
    date_precision_of,
    decode_bytes,
    decode_entities,
    find_publication_date,
    parse_date,
    plausible,
)
from dyad.records import Article

log = logging.getLogger("dyad.ingest")
# Libraries that log about the pages they extract; their warnings are passed on naming the page.
EXTRACTOR_LOGGERS = ("trafilatura", "htmldate", "courlan", "justext")

DEFAULT_MAX_BYTES = 1_000_000
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml", ".feed"}
READABLE_SUFFIXES = JSONL_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES
# A page or feed carries markup around its text, and a JSON line escapes it (up to 6 bytes for one
# character, "\u0000"); inputs are refused unread beyond these multiples of --max-bytes.
MARKUP_FACTOR = 4
JSON_ESCAPE_FACTOR = 6
JSON_FIELDS_ALLOWANCE = 65_536
DISCARD_CHUNK = 1 << 20
DUPLICATE_REASON = "duplicate id in this input, with different content (the first one was kept)"

Item = Article | Skipped


def content_id(text: str) -> str:
    return "sha1-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def content_hash(article: Article) -> str:
    """Identity of an article's content as read: any change to text or metadata changes it."""
    return hashlib.sha256(article.model_dump_json().encode("utf-8")).hexdigest()


def path_text(path: Path | str) -> str:
    """A path as printable, storable text: bytes of a name that are not UTF-8 shown as `\\xe9`, so
    two names that differ only there stay two names (and no lone surrogate reaches the store)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


class Reader:
    """Reads sources into Articles; options apply to every source (`--date`, `--lang`, `--max-bytes`)."""

    def __init__(self, *, date: dt.date | None = None, lang: str | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.date = date
        self.lang = lang
        self.max_bytes = max_bytes
        # Where each article id of this run was read (file, FILE:LINE, FEED#N, <stdin>), and its content.
        self.origins: dict[str, str] = {}
        self._digests: dict[str, str] = {}

    @property
    def line_limit(self) -> int:
        return self.max_bytes * JSON_ESCAPE_FACTOR + JSON_FIELDS_ALLOWANCE

    @property
    def file_limit(self) -> int:
        return self.max_bytes * MARKUP_FACTOR

    def read(self, sources: list[str]) -> Iterator[Item]:
        for source in sources:
            if source == "-":
                yield from self._read_stdin()
                continue
            path = Path(source)
            yield from self._read_path(path, root=path if path.is_dir() else path.parent, visited=set())

    def _read_stdin(self) -> Iterator[Item]:
        """JSONL if the first non-blank line starts with `{`, else one plain-text article."""
        if sys.stdin is None:  # started with standard input closed (`<&-`)
            yield Skipped("<stdin>", "standard input is closed")
            return
        stream = sys.stdin.buffer
        head: list[bytes | None] = []
        for line in _bounded_lines(stream, self.line_limit):
            head.append(line)
            if line is None or line.strip():
                break
        first = head[-1] if head else b""
        if first is not None and first.lstrip().startswith(b"{"):
            yield from self._read_jsonl(itertools.chain(head, _bounded_lines(stream, self.line_limit)), "<stdin>")
            return
        data = b"".join(line for line in head if line is not None)
        data += stream.read(max(0, self.file_limit + 1 - len(data)))
        if first is None or len(data) > self.file_limit:
            yield Skipped("<stdin>", f"more than {self.file_limit} bytes, over the size limit (--max-bytes)")
            return
        text = decode_entities(decode_bytes(data, "<stdin>"))
        yield from self._article_from_text(text, "<stdin>", default_id=content_id(text))

    def _read_path(self, path: Path, root: Path, visited: set[Path]) -> Iterator[Item]:
        name = path_text(path)
        try:
            info = path.stat()
        except FileNotFoundError:
            yield Skipped(name, "no such file or folder")
            return
        except OSError as error:
            yield Skipped(name, f"cannot read: {error.strerror or error}")
            return
        if stat.S_ISDIR(info.st_mode):
            yield from self._read_folder(path, root, visited)
            return
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device could block, or never end
            yield Skipped(name, "not a regular file")
            return
        suffix = path.suffix.lower()
        try:
            with open(path, "rb") as handle:
                if suffix in JSONL_SUFFIXES:
                    yield from self._read_jsonl(_bounded_lines(handle, self.line_limit), name)
                    return
                data = handle.read(self.file_limit + 1)
        except OSError as error:
            yield Skipped(name, f"cannot read: {error.strerror or error}")
            return
        if len(data) > self.file_limit:
            yield Skipped(name, f"file of more than {self.file_limit} bytes is over the size limit (--max-bytes)")
        elif suffix in HTML_SUFFIXES:
            yield from self._read_html(data, name, _path_id(path, root))
        elif suffix in FEED_SUFFIXES:
            yield from self._read_feed(data, name)
        else:
            yield from self._article_from_text(decode_entities(decode_bytes(data, name)), name,
                                               default_id=_path_id(path, root))

    def _read_folder(self, folder: Path, root: Path, visited: set[Path]) -> Iterator[Item]:
        real = folder.resolve()
        if real in visited:  # a symbolic link back up the tree would otherwise recurse forever
            yield Skipped(path_text(folder), "folder already read (a symbolic link loop)")
            return
        visited.add(real)
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as error:
            yield Skipped(path_text(folder), f"cannot read folder: {error.strerror or error}")
            return
        for entry in entries:
            path = Path(entry.path)
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError as error:
                yield Skipped(path_text(path), f"cannot read: {error.strerror or error}")
                continue
            if is_dir:
                yield from self._read_folder(path, root, visited)
            elif path.suffix.lower() in READABLE_SUFFIXES:
                yield from self._read_path(path, root, visited)

    def _read_jsonl(self, lines: Iterable[bytes | None], name: str) -> Iterator[Item]:
        for number, line in enumerate(lines, start=1):
            where = f"{name}:{number}"
            if line is None:
                yield Skipped(where, f"JSON line of more than {self.line_limit} bytes is over the size limit (--max-bytes)")
                continue
            if not line.strip():
                continue
            try:
                record = json.loads(decode_bytes(line, where))
            except json.JSONDecodeError as error:
                yield Skipped(where, f"malformed JSON: {error.msg} at column {error.colno}")
                continue
            except RecursionError:
                yield Skipped(where, "malformed JSON: nested too deeply")
                continue
            except ValueError:  # Python refuses integers of more than 4300 digits
                yield Skipped(where, "malformed JSON: a number too long to read")
                continue
            item = self._article_from_record(record, where)
            yield self._register(item, where) if isinstance(item, Article) else item

    def _register(self, article: Article, origin: str, *, from_path: bool = False) -> Article:
        """Note where the article was read. An id taken in this run by other content is kept for an
        id the source gave (the duplicate is refused downstream, by name), but a path's id gets the
        content's hash appended, so that two files never make one article."""
        digest = content_hash(article)
        taken = self._digests.get(article.id)
        if from_path and taken is not None and taken != digest:
            renamed = f"{article.id}~{digest[:8]}"
            log.warning("%s: id %s is taken by %s (other content); this one is %s", origin, article.id,
                        self.origins[article.id], renamed)
            article = article.model_copy(update={"id": renamed})
            digest = content_hash(article)
        self._digests.setdefault(article.id, digest)
        self.origins.setdefault(article.id, origin)
        return article

    def _article_from_record(self, record: object, where: str) -> Item:
        if not isinstance(record, dict):
            return Skipped(where, "a JSON line must be an object")
        given_id = _record_id(record.get("id"))
        text = record.get("text")
        if text is None:
            return Skipped(given_id or where, "no `text` field")
        if not isinstance(text, str):
            return Skipped(given_id or where, f"`text` must be a string, not {type(text).__name__}")
        article_id = given_id or content_id(text)
        problem = check_text(text, self.max_bytes)
        if problem:
            return Skipped(article_id, problem.reason)
        date = self.date or parse_date(record.get("date"), article_id)
        precision = record.get("date_precision") if record.get("date_precision") in ("day", "month", "year") else None
        precision = precision or (None if self.date else date_precision_of(record.get("date")))
        return Article(
            id=article_id,
            text=article_text(text),
            lang=self.lang or _language_code(record.get("lang")),
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
        text = clean(text)
        if title is None:
            title = next((line.strip() for line in text.splitlines() if line.strip()), None)
        date = self.date or date or find_publication_date(text)
        yield self._register(
            Article(id=clean(default_id), text=text, lang=self.lang, title=_optional_str(title), date=date,
                    date_precision="day" if date else None, source=_optional_str(source), url=_optional_str(url)),
            name, from_path=name != "<stdin>")

    def _read_html(self, data: bytes, name: str, default_id: str) -> Iterator[Item]:
        import trafilatura

        try:
            with _warnings_naming(name, EXTRACTOR_LOGGERS):
                extracted = trafilatura.bare_extraction(decode_bytes(data, name), with_metadata=True,
                                                        include_comments=False, include_tables=False)
            document = extracted.as_dict() if extracted is not None else None
        except Exception as error:  # trafilatura raises many lxml error kinds on broken markup
            yield Skipped(name, f"unreadable HTML: {type(error).__name__}")
            return
        if not document or not (document.get("text") or "").strip():
            yield Skipped(name, "no main text found in the HTML page")
            return
        title = document.get("title")
        text = document["text"]
        if title and not text.startswith(title):
            text = f"{title}\n{text}"
        yield from self._article_from_text(
            text, name, default_id=default_id, title=title,
            date=parse_date(document.get("date"), name),
            source=document.get("sitename") or document.get("hostname"), url=document.get("url"))

    def _read_feed(self, data: bytes, name: str) -> Iterator[Item]:
        import feedparser

        feed = feedparser.parse(data)
        if not feed.entries:
            reason = f"not a feed: {feed.bozo_exception}" if feed.get("bozo") else "feed has no entries"
            yield Skipped(name, reason)
            return
        source = feed.feed.get("title")
        for number, entry in enumerate(feed.entries, start=1):
            where = f"{name}#{number}"
            body = _entry_text(entry)
            title = entry.get("title")
            text = f"{title}\n{body}" if title and body else (body or title or "")
            entry_id = _record_id(entry.get("id")) or _record_id(entry.get("link")) or content_id(text)
            date = None
            # dict.get: feedparser's own get() maps a missing "updated" to "published", with a warning.
            parsed = dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")
            stated = dict.get(entry, "published") or dict.get(entry, "updated")
            if parsed:
                try:
                    date = plausible(dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday), where)
                except (ValueError, OverflowError):
                    log.warning("%s: impossible date dropped", clean(where))
            elif stated:
                log.warning("%s: unreadable date %r dropped", clean(where), stated)
            problem = check_text(text, self.max_bytes)
            if problem:
                yield Skipped(entry_id, problem.reason)
                continue
            date = self.date or date
            yield self._register(
                Article(id=entry_id, text=clean(text), lang=self.lang or _language_code(entry.get("language")),
                        title=_optional_str(title), date=date, date_precision="day" if date else None,
                        source=_optional_str(source), url=_optional_str(entry.get("link"))), where)


def _entry_text(entry) -> str:
    from dyad.ingest.text import html_to_text

    if entry.get("content"):
        return "\n".join(html_to_text(part.get("value", "")) for part in entry.content).strip()
    return html_to_text(entry.get("summary", "")).strip()


def _path_id(path: Path, root: Path) -> str:
    """The article id of a file: its path under the input root, without its suffix, with anything
    unprintable in a name escaped (ids are printed, stored and put in URLs)."""
    return printable(path_text(path.relative_to(root).with_suffix("").as_posix()))


class _Collected(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _warnings_naming(where: str, loggers: Iterable[str]) -> Iterator[None]:
    """The libraries' warnings during the block, passed on with `where` in front (alone, trafilatura's
    "discarding data: None" says nothing of which page it discarded)."""
    collected = _Collected()
    saved = [(logger, logger.propagate) for logger in map(logging.getLogger, loggers)]
    for logger, _ in saved:
        logger.addHandler(collected)
        logger.propagate = False
    try:
        yield
    finally:
        for logger, propagate in saved:
            logger.removeHandler(collected)
            logger.propagate = propagate
        for message in collected.messages:
            log.warning("%s: %s", clean(where), message)


def _bounded_lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The stream's lines (split at \\n only, as JSONL means), None for a line over `limit` bytes,
    which is read past in chunks and never held in memory."""
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        while (rest := stream.readline(DISCARD_CHUNK)) and not rest.endswith(b"\n"):
            pass
        yield None


def _optional_str(value: object) -> str | None:
    return (clean(value).strip() or None) if isinstance(value, str) else None


def _record_id(value: object) -> str | None:
    """A usable id from a record field: a non-blank string or an integer (not a bool), on one line
    with controls and runs of spaces made single spaces (ids are printed, stored and put in URLs)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return " ".join(clean(str(value)).split()) or None


def _language_code(value: object) -> str | None:
    """"fr", "FR", "fr-FR" and "fr_FR" all mean fr; other values pass on, to be refused by name."""
    code = _optional_str(value)
    return (code.replace("_", "-").split("-")[0].lower() or None) if code else None


def unique_ids(items: Iterable[Item]) -> Iterator[Item]:
    """The items with each article id once: a repeat with the same content is dropped, one with
    other content is Skipped (the first is kept), as `dyad ingest` does."""
    seen: dict[str, str] = {}
    for item in items:
        if isinstance(item, Article):
            digest = content_hash(item)
            if item.id in seen:
                if seen[item.id] != digest:
                    yield Skipped(item.id, DUPLICATE_REASON)
                continue
            seen[item.id] = digest
        yield item


def read_sources(sources: list[str], *, date: dt.date | None = None, lang: str | None = None,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Every article of every source, in order; unusable inputs come as Skipped."""
    return Reader(date=date, lang=lang, max_bytes=max_bytes).read(sources)
