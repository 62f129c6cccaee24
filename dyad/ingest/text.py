"""Text hygiene shared by the readers: decoding, sanity checks, publication dates."""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
from dataclasses import dataclass
from html.entities import html5

log = logging.getLogger("dyad.ingest")

# A line that states the publication date ("Publié le mardi 7 février 2023", "Published on 3 May"),
# or an agency dateline ("BAMAKO, 7 février 2023 (AFP) -"), among the first lines of a plain text.
PUBLISHED_LINE = re.compile(
    r"^\s*(?:publié|mis en ligne|mis à jour|published|posted|updated)\s*(?:le|on)?\s*:?\s*(?P<date>.{6,60}?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
DATELINE = re.compile(r"^\s*[A-ZÀ-Ý][\wÀ-ÿ' .-]{1,40},\s*(?P<date>\d{1,2}(?:er)?\s+\w+\.?\s+\d{4})", re.MULTILINE)
HEAD_LINES = 12
TAG = re.compile(r"<[^>]+>")
SCRIPT_OR_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Binary files are full of control bytes; a stray one in real text is cleaned, not a reason to skip.
BINARY_CONTROL_SHARE = 0.02
STRAY_CONTROLS = 2
# Kept out of every stored or printed string: C0/C1 controls (terminal escapes among them) and lone
# surrogates, which JSON allows ("\ud800") but UTF-8 output, DuckDB and spaCy do not.
UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")
# News is dated; a year outside these is a typo or a placeholder ("0001-01-01", "9999-12-31"),
# and date arithmetic ("hier", "next week") would overflow at the ends of the calendar.
PLAUSIBLE_YEARS = range(1800, 2201)
# A warning about bytes that are not UTF-8 names this many line numbers, then counts the others.
SHOWN_LINE_NUMBERS = 5


@dataclass(frozen=True)
class TextProblem:
    reason: str


def decode_bytes(data: bytes, where: str) -> str:
    """UTF-8 line by line: a line that is not valid UTF-8 is read as Windows-1252 (a superset of
    Latin-1 for printable text, Latin-1 being the last resort, which never fails), and named in a
    warning with `where` and its line number, so one stray byte costs at most its own line and
    never silently. A UTF-8 byte-order mark is dropped."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    lines, legacy = [], []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            lines.append(line.decode("utf-8"))
        except UnicodeDecodeError:
            lines.append(_legacy_decode(line))
            legacy.append(number)
    one_line = b"\n" not in data.rstrip(b"\r\n")
    log.warning("%s: %s not UTF-8, read as Windows-1252", clean(where), "text" if one_line else _line_numbers(legacy))
    return "\n".join(lines)


def _legacy_decode(line: bytes) -> str:
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:
        return line.decode("latin-1")


def _line_numbers(numbers: list[int]) -> str:
    """"line 3", or "lines 3, 7, 9 and 12 more"."""
    shown = ", ".join(str(n) for n in numbers[:SHOWN_LINE_NUMBERS])
    more = f" and {len(numbers) - SHOWN_LINE_NUMBERS} more" if len(numbers) > SHOWN_LINE_NUMBERS else ""
    return f"line {shown}" if len(numbers) == 1 else f"lines {shown}{more}"


def check_text(text: str, max_bytes: int) -> TextProblem | None:
    """Why a text cannot be coded (empty, binary, too big), or None if it can."""
    if not text.strip():
        return TextProblem("empty text")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        return TextProblem(f"text of {size} bytes is over the size limit of {max_bytes} bytes (--max-bytes)")
    sample = text[:4096]
    if len(CONTROL.findall(sample)) > max(STRAY_CONTROLS, len(sample) * BINARY_CONTROL_SHARE):
        return TextProblem("binary content, not text")
    if "\ufffd" in sample and sample.count("\ufffd") > len(sample) * 0.05:
        return TextProblem("undecodable text (too many replacement characters)")
    if not any(ch.isalpha() for ch in sample):
        return TextProblem("no words in the text")
    return None


def clean(text: str) -> str:
    """The text with control characters and lone surrogates replaced (by a space and U+FFFD)."""
    return UNSAFE.sub(lambda m: "\ufffd" if "\ud800" <= m.group() <= "\udfff" else " ", text)


def article_text(text: str) -> str:
    """A JSONL record's text as Dyad codes it: its entities decoded, then cleaned."""
    return clean(decode_entities(text))


def decode_entities(text: str) -> str:
    """The HTML entities a scraper left in a plain text decoded ("d&eacute;fense", "&agrave; la":
    the parser reads "&" and "agrave" as words). Only complete entities, so "AT&T" and "R&D" stay;
    not for text taken out of HTML, which its extractor has decoded already."""
    return ENTITY.sub(_entity, text)


def _entity(match: re.Match) -> str:
    name = match.group()[1:]
    return html.unescape(match.group()) if name.startswith("#") or name in html5 else match.group()


def parse_date(value: object, where: str) -> dt.date | None:
    """An ISO date (or datetime) from a record field; an impossible one is dropped with a warning."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        log.warning("%s: date %r is not a string; dropped", clean(where), value)
        return None
    text = value.strip()
    # A year or a month alone ("2022", "2022-05") stands for its first day; date_precision says so.
    padded = text + "-01-01" if len(text) == 4 else text + "-01" if len(text) == 7 else text[:10]
    try:
        date = dt.date.fromisoformat(padded)
    except ValueError:
        log.warning("%s: impossible date %r dropped", clean(where), value)
        return None
    return plausible(date, where)


def date_precision_of(value: object) -> str | None:
    """How exact a record's date string is: "year" for "2022", "month" for "2022-05", else "day"."""
    if not isinstance(value, str) or not value.strip():
        return None
    return {4: "year", 7: "month"}.get(len(value.strip()), "day")


def plausible(date: dt.date | None, where: str) -> dt.date | None:
    """The date, or None (with a warning) if its year is outside PLAUSIBLE_YEARS."""
    if date is not None and date.year not in PLAUSIBLE_YEARS:
        log.warning("%s: implausible date %s dropped (years %d-%d accepted)", clean(where), date.isoformat(),
                    PLAUSIBLE_YEARS.start, PLAUSIBLE_YEARS.stop - 1)
        return None
    return date


def find_publication_date(text: str) -> dt.date | None:
    """The date of a "Publié le ..." line or an agency dateline among the first lines, else None."""
    head = "\n".join(text.splitlines()[:HEAD_LINES])
    for pattern in (PUBLISHED_LINE, DATELINE):
        for match in pattern.finditer(head):
            date = _read_human_date(match.group("date"))
            if date:
                return date
    return None


def _read_human_date(expression: str) -> dt.date | None:
    import dateparser

    try:
        parsed = dateparser.parse(expression, languages=["fr", "en"],
                                  settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"})
    except (ValueError, OverflowError):  # dateparser lets some impossible dates through as exceptions
        return None
    return plausible(parsed.date(), "publication line") if parsed else None


def html_to_text(fragment: str) -> str:
    """Plain text of a small HTML fragment (feed summaries): scripts and tags gone, entities decoded."""
    without_code = SCRIPT_OR_STYLE.sub(" ", fragment)
    text = TAG.sub(" ", without_code)
    return re.sub(r"[ \t]+", " ", html.unescape(text)).strip()
