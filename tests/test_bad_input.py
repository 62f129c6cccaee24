"""The bad-input catalogue: every kind of input a crawler brings back, fed alone and inside a batch of
good articles, through `dyad code` and `dyad ingest`.

A bad input is either skipped (one message on stderr naming it, by id, file:line or path, with the
reason; also counted by reason in the ingest summary) or coded anyway (with a warning when a field
was dropped). Every good article of a batch is still coded and stored. Exit status 0 whatever was
skipped; 1 with `--strict` when anything was.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest
from own_articles import OWN_ARTICLES

from dyad.cli import main
from dyad.ingest import readers
from dyad.pipeline import INTERNAL_ERROR, Pipeline

pytestmark = pytest.mark.slow

FR = "Le ministre malien a reçu son homologue nigérien à Bamako pour parler de la sécurité régionale."
EN = "The Malian foreign minister received his Nigerien counterpart in Bamako to discuss regional security."
ES = "El ministro de Asuntos Exteriores de Malí recibió ayer a su homólogo de Níger en la capital del país."
DE = "Der malische Außenminister empfing gestern seinen Amtskollegen aus Niger in der Hauptstadt."
AR = "استقبل وزير الخارجية المالي نظيره النيجري في باماكو لمناقشة الأمن الإقليمي في المنطقة."
LONG_WORDS = "le ministre a rencontré son homologue malien pour dénoncer les attaques contre la population".split()
LINE = "LINE"   # the skip names the JSONL file and line
PATH = "PATH"   # the skip names the case's first source path


def jline(record: dict) -> bytes:
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


@dataclass
class Case:
    """One kind of bad input: JSONL `lines` (put among good lines in the batch) or files from `make`."""

    name: str
    skip: tuple[str, str] | None = None       # (who is named: an id, LINE or PATH; a fragment of the reason)
    coded: tuple[str, ...] = ()                # article ids that must still be coded
    warning: str | None = None                 # a fragment of the warning for a dropped field
    lines: list[bytes] = field(default_factory=list)
    make: Callable[[Path], list[Path]] | None = None
    text_has: dict[str, str] = field(default_factory=dict)   # id -> fragment its stored text must hold

    def sources(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        if self.make:
            return self.make(folder)
        path = folder / f"{self.name}.jsonl"
        path.write_bytes(b"\n".join(self.lines) + b"\n")
        return [path]


def _file(name: str, data: bytes) -> Callable[[Path], list[Path]]:
    def make(folder: Path) -> list[Path]:
        (folder / name).write_bytes(data)
        return [folder / name]
    return make


def _missing(folder: Path) -> list[Path]:
    return [folder / "nowhere" / "absent.jsonl"]


def _unreadable_folder(folder: Path) -> list[Path]:
    locked = folder / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(FR, encoding="utf-8")
    locked.chmod(0)
    return [locked]


def _symlink_loop(folder: Path) -> list[Path]:
    tree = folder / "tree"
    tree.mkdir()
    (tree / "loop-article.txt").write_text(FR, encoding="utf-8")
    (tree / "back").symlink_to(tree, target_is_directory=True)
    return [tree]


def _page(body: str) -> bytes:
    return f"<html><head><title>T</title></head><body>{body}</body></html>".encode()


def _feed_with_broken_dates() -> bytes:
    items = "".join(
        f"<item><title>Visite {n}</title><guid>rss-broken-{n}</guid><pubDate>{date}</pubDate>"
        f"<description>{FR}</description></item>"
        for n, date in enumerate(["Lun, 45 Foo 2023 99:99:99 ZZZ", "Mon, 31 Feb 2023 10:00:00 GMT"], start=1))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Fil</title>{items}</channel></rss>'.encode()


CASES = [
    Case("empty-text", skip=("empty", "empty text"), lines=[jline({"id": "empty", "text": ""})]),
    Case("whitespace-only", skip=("blank", "empty text"),
         lines=[jline({"id": "blank", "text": " \n\t\u00a0\u3000 \r\n"})]),
    Case("binary-bytes", skip=(PATH, "binary content"), make=_file("blob.txt", bytes(range(256)) * 40)),
    Case("invalid-utf8", coded=("bad-utf8",), text_has={"bad-utf8": "a reçu"},
         lines=[b'{"id": "bad-utf8", "lang": "fr", "text": "Le ministre a re\xe7u \xff\xfe son homologue \xe0 Bamako."}']),
    Case("latin-1-text", coded=("latin1",), text_has={"latin1": "sécurité"},
         make=_file("latin1.txt", FR.encode("latin-1"))),
    Case("windows-1252-text", coded=("cp1252",), text_has={"cp1252": "l’œuvre"},
         make=_file("cp1252.txt", ("Le président a salué l’œuvre des « casques bleus » à Gao. " + FR).encode("cp1252"))),
    Case("10-MB-article", skip=(LINE, "over the size limit"),
         lines=[jline({"id": "huge", "lang": "fr", "text": (FR + " ") * 105_000})]),
    Case("over-1-MB-article", skip=("over-1mb", "over the size limit"),
         lines=[jline({"id": "over-1mb", "lang": "fr", "text": (FR + " ") * 12_000})]),
    Case("100k-sentence-without-punctuation", coded=("long-sentence",),
         lines=[jline({"id": "long-sentence", "lang": "fr",
                       "text": " ".join(LONG_WORDS[i % len(LONG_WORDS)] for i in range(14_000))[:100_000]})]),
    Case("html-only-scripts-and-styles", skip=(PATH, "no main text"),
         make=_file("scripts.html", _page("<style>p{color:red}</style><script>var a = 1;</script>"
                                          "<script>document.write('x')</script>"))),
    Case("deeply-nested-html", skip=(PATH, "no main text"),
         make=_file("deep.html", _page("<div>" * 20_000 + f"<p>{FR}</p>" + "</div>" * 20_000))),
    Case("malformed-json-line", skip=(LINE, "malformed JSON"), lines=[b'{"id": "broken", "text": "Le Mali a'] ),
    Case("deeply-nested-json", skip=(LINE, "nested too deeply"),
         lines=[b'{"id": "deep", "text": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"]),
    Case("json-line-not-an-object", skip=(LINE, "must be an object"), lines=[b'["id", "text"]']),
    Case("json-without-text", skip=("no-text", "no `text` field"), lines=[jline({"id": "no-text", "title": "Titre"})]),
    Case("text-not-a-string", skip=("text-number", "must be a string"), lines=[jline({"id": "text-number", "text": 42})]),
    Case("non-string-fields", coded=("4242",), warning="not a string",
         lines=[jline({"id": 4242, "title": ["a"], "lang": 7, "date": 20230207, "source": {"x": 1}, "url": 3.5,
                       "date_precision": ["day"], "text": FR})]),
    Case("duplicate-ids-different-texts", skip=("dup", "duplicate id"), coded=("dup",),
         lines=[jline({"id": "dup", "lang": "fr", "text": FR}), jline({"id": "dup", "lang": "en", "text": EN})]),
    Case("unsupported-language-detected", skip=("spanish", "unsupported language: es"),
         lines=[jline({"id": "spanish", "text": ES})]),
    Case("unsupported-language-declared", skip=("german", "unsupported language: de"),
         lines=[jline({"id": "german", "lang": "de", "text": DE})]),
    Case("right-to-left-article", skip=("arabic", "unsupported language: ar"),
         lines=[jline({"id": "arabic", "text": AR})]),
    Case("mixed-languages", coded=("mixed",), lines=[jline({"id": "mixed", "text": f"{FR} {EN} {FR} {EN}"})]),
    Case("emoji-and-right-to-left-inside", coded=("emoji",), text_has={"emoji": "🇲🇱"},
         lines=[jline({"id": "emoji", "lang": "fr", "text": f"🇲🇱🙏 {FR} « مرحبا » 🔥\u200f {FR}"})]),
    Case("impossible-date", coded=("feb30",), warning="impossible date",
         lines=[jline({"id": "feb30", "lang": "fr", "date": "2023-02-30", "text": FR})]),
    Case("implausible-date", coded=("year-one",), warning="implausible date",
         lines=[jline({"id": "year-one", "lang": "fr", "date": "0001-01-01", "text": "Hier, " + FR})]),
    Case("lone-surrogate", coded=("surrogate",), text_has={"surrogate": "\ufffd"},
         lines=[b'{"id": "surrogate", "lang": "fr", "text": "Le Mali \\ud800 a accus\\u00e9 la France. ' +
                FR.encode() + b'"}']),
    Case("terminal-escapes-in-id", skip=("evil [31m FAKE", "empty text"),
         lines=[jline({"id": "evil\x1b[31m\nFAKE", "text": "   "})]),
    Case("no-words", skip=("digits", "no words"), lines=[jline({"id": "digits", "text": "12345 678 !!! ??? 2023"})]),
    Case("rss-broken-dates", coded=("rss-broken-1", "rss-broken-2"), warning="unreadable date",
         make=_file("broken.rss", _feed_with_broken_dates())),
    Case("missing-file", skip=(PATH, "no such file"), make=_missing),
    Case("unreadable-folder", skip=(PATH, "cannot read folder"), make=_unreadable_folder),
    Case("symlink-loop", skip=(PATH + "/back", "symbolic link loop"), coded=("loop-article",), make=_symlink_loop),
]

GOOD_IDS = [a["id"] for a in OWN_ARTICLES]


@pytest.fixture
def unreadable(monkeypatch):
    """chmod 0 does not stop root; there, the folder named `locked` is refused as the kernel would."""
    if os.geteuid() == 0:
        real_scandir = os.scandir

        def scandir(path):
            if Path(path).name == "locked":
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)
        monkeypatch.setattr(readers.os, "scandir", scandir)


@pytest.fixture
def coded_ids(monkeypatch) -> list[str]:
    """Ids of the articles that reach the coder (a spy on Pipeline.code_doc, which still runs)."""
    seen: list[str] = []
    original = Pipeline.code_doc

    def spy(self, doc, article):
        seen.append(article.id)
        return original(self, doc, article)
    monkeypatch.setattr(Pipeline, "code_doc", spy)
    return seen


@dataclass
class Run:
    status: int
    out: str
    err: str   # stderr and the warnings logged


def _run(capsys, caplog, monkeypatch, *argv) -> Run:
    monkeypatch.setenv("COLUMNS", "2000")  # the ingest summary's table on one line per reason
    caplog.clear()
    status = main([str(a) for a in argv])
    captured = capsys.readouterr()
    return Run(status, captured.out, captured.err + caplog.text)


def _expected_where(case: Case, sources: list[Path], line_of: dict[bytes, int] | None = None) -> str:
    who = case.skip[0]
    if who == LINE:
        return f"{sources[0]}:{line_of[case.lines[0]] if line_of else 1}"
    if who.startswith(PATH):
        return str(sources[0]) + who[len(PATH):]
    return who


def _assert_named(err: str, where: str, reason: str) -> None:
    messages = [line for line in err.splitlines() if line.startswith(f"dyad: skipped {where}: ")]
    assert messages, f"no message naming {where!r} in:\n{err[-3000:]}"
    assert any(reason in m for m in messages), f"{messages} lack {reason!r}"


def _stored(db: Path) -> dict[str, tuple[str, str | None]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {i: (t, r) for i, t, r in con.execute("SELECT id, text, skipped_reason FROM articles").fetchall()}


def _batch(tmp_path: Path) -> tuple[list[Path], dict[str, list[Path]], dict[bytes, int], dict[str, str]]:
    """All cases with good articles around them: JSONL cases as lines of one file between good lines,
    file cases as their own sources between two good files. Returns the sources, each case's sources,
    the line number of each case line, and the text of each good article by id."""
    folder = tmp_path / "batch"
    folder.mkdir()
    good: dict[str, str] = {}

    def good_line(article: dict, new_id: str) -> bytes:
        good[new_id] = article["text"]
        return jline(article | {"id": new_id})

    lines, line_of = [good_line(OWN_ARTICLES[0], "good-first")], {}
    for n, case in enumerate(c for c in CASES if not c.make):
        for line in case.lines:
            lines.append(line)
            line_of[line] = len(lines)
        lines.append(good_line(OWN_ARTICLES[n % len(OWN_ARTICLES)], f"good-after-{case.name}"))
    mixed = folder / "mixed.jsonl"
    mixed.write_bytes(b"\n".join(lines) + b"\n")
    sources, case_sources = [mixed], {}
    for case in CASES:
        case_sources[case.name] = case.sources(folder / case.name) if case.make else [mixed]
        if case.make:
            sources.extend(case_sources[case.name])
    last = folder / "good.jsonl"
    last.write_bytes(b"\n".join(good_line(a, a["id"] + "-last") for a in OWN_ARTICLES) + b"\n")
    return [*sources, last], case_sources, line_of, good


def _check_case(case: Case, run: Run, sources: list[Path], coded: set[str],
                line_of: dict[bytes, int] | None = None) -> None:
    if case.skip:
        _assert_named(run.err, _expected_where(case, sources, line_of), case.skip[1])
    for article_id in case.coded:
        assert article_id in coded, f"{case.name}: {article_id} was not coded; stderr:\n{run.err[-2000:]}"
    if case.warning:
        assert case.warning in run.err, run.err[-2000:]
    assert "Traceback" not in run.err and "\x1b" not in run.err
    assert INTERNAL_ERROR not in run.err


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_alone_through_code(case, tmp_path, capsys, caplog, monkeypatch, coded_ids, unreadable):
    sources = case.sources(tmp_path)
    run = _run(capsys, caplog, monkeypatch, "code", *sources)
    assert run.status == 0, run.err
    _check_case(case, run, sources, set(coded_ids))
    if case.skip:
        assert _run(capsys, caplog, monkeypatch, "code", "--strict", *sources).status == 1
    else:
        assert "skipped" not in run.err


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_alone_through_ingest(case, tmp_path, capsys, caplog, monkeypatch, unreadable):
    sources = case.sources(tmp_path / "in")
    db = tmp_path / "store.duckdb"
    run = _run(capsys, caplog, monkeypatch, "ingest", "--quiet", "--db", db, *sources)
    assert run.status == 0, run.err
    stored = _stored(db)
    _check_case(case, run, sources, {i for i, (_, reason) in stored.items() if reason is None})
    for article_id, fragment in case.text_has.items():
        assert fragment in stored[article_id][0]
    if case.skip:
        assert case.skip[1] in run.out, "the summary counts skips by reason"
        fresh = tmp_path / "strict.duckdb"
        assert _run(capsys, caplog, monkeypatch, "ingest", "--quiet", "--strict", "--db", fresh, *sources).status == 1


def test_batch_through_code(tmp_path, capsys, caplog, monkeypatch, coded_ids, unreadable):
    sources, case_sources, line_of, good = _batch(tmp_path)
    run = _run(capsys, caplog, monkeypatch, "code", *sources)
    assert run.status == 0, run.err
    coded = set(coded_ids)
    assert set(good) <= coded
    for case in CASES:
        _check_case(case, run, case_sources[case.name], coded, line_of)
    skipped = [line for line in run.err.splitlines() if line.startswith("dyad: skipped ")]
    assert len(skipped) == sum(1 for c in CASES if c.skip), "one message per skipped input"


def test_batch_through_ingest(tmp_path, capsys, caplog, monkeypatch, unreadable):
    sources, case_sources, line_of, good = _batch(tmp_path)
    db = tmp_path / "store.duckdb"
    run = _run(capsys, caplog, monkeypatch, "ingest", "--quiet", "--db", db, *sources)
    assert run.status == 0, run.err
    stored = _stored(db)
    coded = {i for i, (_, reason) in stored.items() if reason is None}
    assert set(good) <= coded
    assert {i: stored[i][0] for i in good} == good, "good lines keep their exact text (UTF-8 beside bad bytes)"
    for case in CASES:
        _check_case(case, run, case_sources[case.name], coded, line_of)
        for article_id, fragment in case.text_has.items():
            assert fragment in stored[article_id][0]
    skips = sum(1 for c in CASES if c.skip)
    assert re.search(rf"skipped\D+{skips}\b", run.out), run.out
    again = _run(capsys, caplog, monkeypatch, "ingest", "--quiet", "--strict", "--db", db, *sources)
    assert again.status == 1
    assert _stored(db) == stored, "a second ingest of the same sources changes nothing"


def test_good_batch_with_strict_exits_zero(tmp_path, capsys, caplog, monkeypatch):
    path = tmp_path / "good.jsonl"
    path.write_bytes(b"\n".join(jline(a) for a in OWN_ARTICLES[:2]) + b"\n")
    assert _run(capsys, caplog, monkeypatch, "code", "--strict", path).status == 0


def test_max_bytes_option(tmp_path, capsys, caplog, monkeypatch):
    path = tmp_path / "a.jsonl"
    path.write_bytes(jline({"id": "small", "lang": "fr", "text": FR}) + b"\n")
    run = _run(capsys, caplog, monkeypatch, "code", "--max-bytes", "50", path)
    assert run.status == 0
    _assert_named(run.err, "small", "over the size limit of 50 bytes")
    with pytest.raises(SystemExit) as refused:
        main(["code", "--max-bytes", "-1", str(path)])
    assert refused.value.code == 2
