"""Hostile input: what the 48-attack review of issue 20 found, each attack generated here, each
answered by a message (exit 2, a 4xx/503 saying why, a ValueError) with nothing lost, deleted or hidden.

- The store path: Dyad writes only to a store it created or an existing Dyad store; anything else
  is refused and left byte for byte as it was.
- Decoding: one bad byte costs its own line, named by file and line; the rest reads as UTF-8.
- Ids: from the path under the input root; a clash of names gets a content hash; a replacement
  names both sources.
- Warnings: one printable line each, whatever a file name holds.
- Dates after the ingest day: flagged, and kept out of the store's "now".
- The API: security headers on every answer, 500s included; HEAD wherever GET works.
- Locks, closed standard input, pipes and devices as sources, impossible ports and batch sizes:
  a message, at once or after the documented wait, never a traceback or a hang.
- Merging: a batch reads only the records near its own.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import random
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest
from api_store import build_store
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_kit import A1, article, coded, event, snapshot, world, write

import dyad
from dyad.api import create_app, views
from dyad.cli import OneLineFormatter, main
from dyad.ingest.errors import Skipped
from dyad.ingest.readers import Reader, read_sources
from dyad.ingest.text import decode_bytes
from dyad.pipeline import Coded
from dyad.records import Article
from dyad.store import ingest as store_ingest
from dyad.store import queries, schema, writer
from dyad.store.connection import connect, reading
from dyad.store.errors import StoreLocked, StoreRefused
from dyad.store.ingest import ingest
from dyad.store.writer import StoreWriter

FR = "Le ministre malien a reçu son homologue nigérien à Bamako pour parler de la sécurité régionale."
HANG_LIMIT_S = 10


def _state(path: Path) -> tuple:
    """What a path is, to the byte: its kind, its link target, its content."""
    if path.is_symlink():
        return ("link", os.readlink(path), _state(path.resolve()) if path.exists() else None)
    if not path.exists():
        return ("absent",)
    if path.is_dir():
        return ("folder", sorted(p.name for p in path.iterdir()))
    if not path.is_file():
        return ("special", path.stat().st_mode, path.stat().st_rdev)
    return ("file", path.read_bytes())


def _dyad_store(path: Path) -> Path:
    write(path, world())
    return path


def _empty(tmp: Path) -> Path:
    (tmp / "empty.duckdb").touch()
    return tmp / "empty.duckdb"


def _link_to_empty(tmp: Path) -> Path:
    (tmp / "target").touch()
    (tmp / "link.duckdb").symlink_to(tmp / "target")
    return tmp / "link.duckdb"


def _fifo(tmp: Path) -> Path:
    os.mkfifo(tmp / "pipe.duckdb")
    return tmp / "pipe.duckdb"


def _device(tmp: Path) -> Path:
    """A character device of our own (the null device's numbers): only root may make one."""
    if os.geteuid() != 0:
        pytest.skip("making a device node needs root")
    os.mknod(tmp / "device.duckdb", 0o600 | 0o020000, os.makedev(1, 3))
    return tmp / "device.duckdb"


def _folder(tmp: Path) -> Path:
    (tmp / "store.duckdb").mkdir()
    (tmp / "store.duckdb" / "keep.txt").write_text("mine", encoding="utf-8")
    return tmp / "store.duckdb"


def _dangling(tmp: Path) -> Path:
    (tmp / "link.duckdb").symlink_to(tmp / "nowhere" / "x.duckdb")
    return tmp / "link.duckdb"


def _garbage(tmp: Path) -> Path:
    (tmp / "garbage.duckdb").write_bytes(random.Random(20).randbytes(50_000))
    return tmp / "garbage.duckdb"


def _text(tmp: Path) -> Path:
    (tmp / "notes.duckdb").write_text("my notes\n" * 100, encoding="utf-8")
    return tmp / "notes.duckdb"


def _truncated(tmp: Path) -> Path:
    whole = _dyad_store(tmp / "whole.duckdb").read_bytes()
    (tmp / "cut.duckdb").write_bytes(whole[: len(whole) // 2])
    return tmp / "cut.duckdb"


def _foreign(tmp: Path) -> Path:
    with duckdb.connect(str(tmp / "theirs.duckdb")) as con:
        con.execute("CREATE TABLE accounts AS SELECT range AS id FROM range(10)")
    return tmp / "theirs.duckdb"


def _foreign_empty(tmp: Path) -> Path:
    duckdb.connect(str(tmp / "blank.duckdb")).close()
    return tmp / "blank.duckdb"


def _newer(tmp: Path) -> Path:
    path = _dyad_store(tmp / "newer.duckdb")
    with duckdb.connect(str(path)) as con:
        con.execute("INSERT INTO schema_version VALUES (99, 'from the future')")
    return path


NOT_STORES = {"empty file": (_empty, "an empty file"), "link to an empty file": (_link_to_empty, "an empty file"),
              "pipe": (_fifo, "a device, pipe or socket"), "device": (_device, "a device, pipe or socket"),
              "folder": (_folder, "a folder"), "link to nothing": (_dangling, "a symbolic link to a missing file"),
              "garbage": (_garbage, "not a DuckDB file"), "text": (_text, "not a DuckDB file"),
              "truncated store": (_truncated, "truncated"),
              "another program's DuckDB": (_foreign, "without Dyad's schema_version"),
              "an empty DuckDB database": (_foreign_empty, "without Dyad's schema_version"),
              "newer schema": (_newer, "newer than this Dyad")}


@pytest.mark.parametrize("kind", NOT_STORES, ids=list(NOT_STORES))
def test_ingest_refuses_what_is_not_a_dyad_store_and_leaves_it_as_it_was(kind, tmp_path, capsys):
    make, reason = NOT_STORES[kind]
    target = make(tmp_path)
    before = _state(target)
    source = tmp_path / "none.jsonl"
    source.write_text("", encoding="utf-8")
    assert main(["ingest", "--quiet", "--db", str(target), str(source)]) == 2
    err = capsys.readouterr().err
    assert reason in err and "Traceback" not in err and len(err.splitlines()) == 1
    assert _state(target) == before
    with pytest.raises(StoreRefused, match=reason), reading(target) as con:
        for table in ("articles", "events", "evidence", "merged_events", "mentions"):
            con.execute(f"SELECT * FROM {table}").fetchall()
    assert _state(target) == before


@pytest.mark.parametrize("kind", ["garbage", "truncated store", "another program's DuckDB", "newer schema"])
def test_readers_of_a_bad_store_get_its_reason_from_the_cli_the_api_and_python(kind, tmp_path, capsys):
    make, reason = NOT_STORES[kind]
    target = make(tmp_path)
    assert main(["events", "--db", str(target)]) == 2
    assert reason in capsys.readouterr().err
    answer = TestClient(create_app(target)).get("/api/events")
    assert answer.status_code == 503 and reason in answer.json()["detail"] and "busy" not in answer.json()["detail"]
    with pytest.raises(StoreRefused, match=reason):
        dyad.open(target).events()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(head=st.binary(max_size=64), magic=st.booleans(), size=st.integers(0, 20_000))
def test_any_bytes_at_the_store_path_are_refused_untouched(tmp_path, head, magic, size):
    """Generated files, some with DuckDB's magic bytes in place, so that DuckDB itself is asked."""
    data = head + bytes(size)
    if magic:
        data = data.ljust(12, b"\0")[:8] + b"DUCK" + data[12:]
    path = tmp_path / "generated.duckdb"
    path.write_bytes(data)
    with pytest.raises(StoreRefused):
        StoreWriter(path)
    assert path.read_bytes() == data
    assert not Path(f"{path}.wal").exists()


def test_a_store_of_an_older_dyad_is_upgraded_by_its_first_reader_not_refused(tmp_path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL)")
        number, name, sql = schema.MIGRATIONS[0]
        con.execute(sql)
        con.execute("INSERT INTO schema_version VALUES ($v, $n)", {"v": number, "n": name})
        con.execute("INSERT INTO articles (id, content_hash, text, n_events, date) "
                    "VALUES ('old', 'h', 'Texte.', 0, DATE '2023-01-02')")
    with reading(path) as con:
        assert schema.version(con) == schema.CURRENT_VERSION
        assert con.execute("SELECT id, origin, date_after_ingest FROM articles").fetchall() == [("old", None, False)]


def test_a_new_store_is_complete_at_its_path_or_absent(tmp_path):
    path = tmp_path / "fresh.duckdb"
    write(path, world())
    assert [p.name for p in tmp_path.iterdir()] == ["fresh.duckdb"], "no building file is left behind"
    with reading(path) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 4


def test_a_store_is_created_where_the_file_system_has_no_hard_links(tmp_path, monkeypatch):
    def refuse(*args):
        raise PermissionError(1, "Operation not permitted")
    monkeypatch.setattr(os, "link", refuse)
    write(tmp_path / "s.duckdb", world())
    assert [p.name for p in tmp_path.iterdir()] == ["s.duckdb"]
    with reading(tmp_path / "s.duckdb") as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 4


def test_a_locked_store_gives_a_message_naming_the_holder_at_once_or_after_the_wait(tmp_path, capsys):
    db = _dyad_store(tmp_path / "store.duckdb")
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time\n"
                               f"con = duckdb.connect({str(db)!r}); print('held', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        source = tmp_path / "none.jsonl"
        source.write_text("", encoding="utf-8")
        assert main(["ingest", "--quiet", "--wait", "0", "--db", str(db), str(source)]) == 2
        err = capsys.readouterr().err
        assert f"PID {holder.pid}" in err and "waiting 0 s" in err and "Traceback" not in err
        with pytest.raises(StoreLocked, match=f"PID {holder.pid}"):
            connect(db, read_only=True, wait_s=0.3)
    finally:
        holder.kill()
        holder.wait()


def test_one_bad_byte_costs_its_own_line_named_by_file_and_line(tmp_path, caplog):
    path = tmp_path / "article.txt"
    path.write_bytes("Titre\nPublié le 7 février 2023\n".encode() + b"Un caf\xe9 \xe0 Bamako.\n" + FR.encode())
    (item,) = read_sources([str(path)])
    assert item.date == dt.date(2023, 2, 7) and "Publié le" in item.text
    assert "Un café à Bamako." in item.text and FR in item.text
    assert f"{path}: line 3 not UTF-8, read as Windows-1252" in caplog.text


# Lone surrogates are left out of the text: their bytes are no UTF-8, so a line without the stray
# byte would not be one the test means to keep.
@given(lines=st.lists(st.tuples(st.text(alphabet=st.characters(blacklist_characters="\n", blacklist_categories=("Cs",)),
                                        max_size=20),
                                st.booleans()), min_size=1, max_size=12))
def test_decoding_keeps_every_utf8_line_and_names_every_other(lines):
    raw = [text.encode("utf-8") + (b"\xff" if bad else b"") for text, bad in lines]
    names: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: names.append(record.getMessage())
    logging.getLogger("dyad.ingest").addHandler(handler)
    try:
        decoded = decode_bytes(b"\n".join(raw), "generated").split("\n")
    finally:
        logging.getLogger("dyad.ingest").removeHandler(handler)
    for got, line in zip(decoded, raw, strict=True):
        try:
            assert got == line.decode("utf-8")
        except UnicodeDecodeError:
            assert got.endswith("ÿ")
    bad = [str(n) for n, line in enumerate(raw, start=1) if not _utf8(line)]
    if not bad:
        assert names == []
    elif len(raw) == 1:
        assert names == ["generated: text not UTF-8, read as Windows-1252"]
    else:
        assert names and ", ".join(bad[:5]) in names[0]


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def test_ids_come_from_the_path_under_the_input_root(tmp_path):
    site = tmp_path / "site"
    for folder, text in (("a", FR), ("b", FR + " Autre."), ("c", FR + " Encore.")):
        (site / folder).mkdir(parents=True)
        (site / folder / "index.txt").write_text(text, encoding="utf-8")
    (site / "c" / "index.html").write_text(f"<html><body><p>{FR} Une page.</p></body></html>", encoding="utf-8")
    items = list(read_sources([str(site)]))
    assert [i.id for i in items[:3]] == ["a/index", "b/index", "c/index"]
    assert items[3].id.startswith("c/index~") and len({i.id for i in items}) == 4
    assert [i.id for i in read_sources([str(site / "a" / "index.txt")])] == ["index"]


def test_names_that_are_not_utf8_or_hold_controls_stay_distinct_and_printable(tmp_path):
    folder = os.fsencode(tmp_path)
    names = [b"caf\xe9.txt", b"caf\xe8.txt", b"evil\nname.txt", b"evil\rname.txt", "n\u202eame.txt".encode()]
    for n, name in enumerate(names):
        with open(os.path.join(folder, name), "w", encoding="utf-8") as handle:
            handle.write(f"{FR} Version {n}.")
    ids = [i.id for i in read_sources([str(tmp_path)])]
    assert len(set(ids)) == len(names)
    assert all(i.isprintable() for i in ids)
    assert "caf\\xe9" in ids and "evil\\nname" in ids


@pytest.fixture
def no_coding(monkeypatch):
    """Ingest without the language models: every article stored with no event (fast)."""
    def uncoded(articles, **options):
        yield from ([Coded(a, [])] for a in articles)
    monkeypatch.setattr(store_ingest, "code_all", uncoded)


def test_a_replacement_names_both_sources_and_a_future_date_is_flagged(tmp_path, no_coding):
    first, second = tmp_path / "x", tmp_path / "y"
    first.mkdir()
    second.mkdir()
    (first / "index.txt").write_text(f"Publié le 7 février 2023\n{FR}", encoding="utf-8")
    (second / "index.txt").write_text(f"Publié le 9 février 2123\n{FR} Autre.", encoding="utf-8")
    db = tmp_path / "store.duckdb"
    ingest([str(first)], db, today=dt.date(2023, 3, 1))
    report = ingest([str(second)], db, today=dt.date(2023, 3, 1))
    (change,) = report.replacements
    assert (change.id, change.before, change.now) == ("index", str(first / "index.txt"), str(second / "index.txt"))
    assert [a.date for a in report.after_ingest] == [dt.date(2123, 2, 9)]
    with reading(db) as con:
        assert con.execute("SELECT origin, date_after_ingest FROM articles").fetchall() == [
            (str(second / "index.txt"), True)]


def test_a_date_after_the_ingest_day_is_not_the_store_now_so_pledges_keep_their_state(tmp_path):
    pledge = coded(A1, event("a1", "AID", "RUS", "BFA", "2023-02-07", status="intended", sentence="Moscou promet."))
    typo = coded(article("typo", "2123-01-01"), event("typo", "ACCUSE", "MLI", "FRA", None))
    StoreWriter(tmp_path / "s.duckdb", today=dt.date(2023, 6, 1)).write([pledge, typo])
    with reading(tmp_path / "s.duckdb") as con:
        assert [p["state"] for p in queries.pledges(con)] == ["pending"]
        assert [p["state"] for p in queries.pledges(con, as_of="2123-01-01")] == ["lapsed"]


def test_a_warning_is_one_printable_line_whatever_the_name_holds():
    record = logging.LogRecord("dyad", logging.WARNING, __file__, 1, "%s: date dropped",
                               ("feed\ndyad: skipped FORGED\u202e\x1b[31m.rss",), None)
    line = OneLineFormatter("dyad: %(message)s").format(record)
    assert "\n" not in line and "\u202e" not in line and "\x1b" not in line
    assert line.startswith("dyad: feed\\ndyad: skipped FORGED\\u202e")


def test_the_cli_prints_a_forged_file_name_on_one_line(tmp_path):
    name = tmp_path / "evil\ndyad: skipped FORGED\u202e.txt"
    name.write_bytes(b"2023 \x81\n")
    done = subprocess.run([sys.executable, "-m", "dyad.cli", "code", str(name)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0
    lines = done.stderr.splitlines()
    assert len(lines) == 2 and all(line.startswith("dyad: ") for line in lines), lines
    assert "not UTF-8" in lines[0] and "no words" in lines[1]
    assert all("FORGED\\u202e" in line for line in lines) and "\u202e" not in done.stderr


def test_trafilatura_warnings_name_their_page(tmp_path, caplog):
    page = tmp_path / "scripts.html"
    page.write_text("<html><body><script>var a = 1;</script></body></html>", encoding="utf-8")
    (item,) = read_sources([str(page)])
    assert item == Skipped(str(page), "no main text found in the HTML page")
    library = [r.getMessage() for r in caplog.records if r.name.startswith("trafilatura")]
    assert not library, "the library's own records do not reach the terminal unnamed"
    assert any(r.getMessage().startswith(f"{page}: ") for r in caplog.records if r.name == "dyad.ingest")


def _returns_in_time(function) -> list:
    result: list = []
    thread = threading.Thread(target=lambda: result.extend(function()), daemon=True)
    thread.start()
    thread.join(HANG_LIMIT_S)
    assert not thread.is_alive(), "the reader hung"
    return result


def test_pipes_and_devices_named_on_the_command_line_are_skipped_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe.jsonl")
    (tmp_path / "zero.jsonl").symlink_to("/dev/zero")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    sources = [str(tmp_path / n) for n in ("pipe.txt", "pipe.jsonl", "zero.jsonl", "zero.txt")]
    items = _returns_in_time(lambda: read_sources(sources))
    assert items == [Skipped(s, "not a regular file") for s in sources]


def test_a_closed_standard_input_is_a_skipped_source(tmp_path):
    done = subprocess.run([sys.executable, "-m", "dyad.cli", "code", "--strict"], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120, preexec_fn=lambda: os.close(0))
    assert done.returncode == 1, done.stderr
    assert done.stderr == "dyad: skipped <stdin>: standard input is closed\n"


@pytest.mark.parametrize("argv", [["serve", "--port", "99999"], ["serve", "--port", "-1"], ["serve", "--port", "http"],
                                  ["ingest", "--batch-size", "0"], ["ingest", "--batch-size", "-1", "--workers", "2"],
                                  ["ingest", "--workers", "0"], ["ingest", "--wait", "-5"], ["ingest", "--wait", "nan"]])
def test_impossible_numbers_are_refused_by_the_command_line(argv, capsys):
    with pytest.raises(SystemExit) as refused:
        main(argv)
    assert refused.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("options", [{"batch_size": 0}, {"batch_size": -1, "workers": 2}, {"workers": 0}])
def test_impossible_numbers_are_refused_by_python(options, tmp_path):
    with pytest.raises(ValueError):
        ingest([], tmp_path / "s.duckdb", **options)
    assert not (tmp_path / "s.duckdb").exists()


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = build_store(tmp_path_factory.mktemp("hostile-api") / "store.duckdb")
    return TestClient(create_app(db), raise_server_exceptions=False)


SECURITY = ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options", "Referrer-Policy")


def test_a_server_error_carries_the_security_headers(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("a bug")
    monkeypatch.setattr(views, "overview", broken)
    for answer in (client.get("/"), client.head("/")):
        assert answer.status_code == 500
        assert all(name in answer.headers for name in SECURITY), answer.headers


@pytest.mark.parametrize("path", ["/", "/api/summary", "/api/events?limit=2", "/static/dyad.css", "/nowhere",
                                  "/api/nowhere"])
def test_head_answers_wherever_get_does_with_the_same_headers_and_no_body(client, path):
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code and head.content == b""
    assert all(head.headers.get(name) == got.headers.get(name) for name in SECURITY)
    assert all(name in head.headers for name in SECURITY)


def test_a_method_not_allowed_says_which_are(client):
    answer = client.post("/api/summary")
    assert answer.status_code == 405 and "GET" in answer.headers["Allow"]
    assert all(name in answer.headers for name in SECURITY)


def test_a_batch_reads_only_the_records_near_its_own(tmp_path, monkeypatch):
    """A block of 120 reports over 120 days; one more report reads a few of them, not the 120."""
    reports = [coded(article(f"r{n}", (dt.date(2023, 1, 1) + dt.timedelta(days=n)).isoformat()),
                     event(f"r{n}", "ACCUSE", "MLI", "FRA", (dt.date(2023, 1, 1) + dt.timedelta(days=n)).isoformat(),
                           sentence=f"Bamako accuse Paris, épisode {n}."))
               for n in range(120)]
    path = tmp_path / "s.duckdb"
    write(path, reports)
    read: list[int] = []
    original = writer._records_near

    def spy(*args, **kwargs):
        found = original(*args, **kwargs)
        read.append(len(found))
        return found
    monkeypatch.setattr(writer, "_records_near", spy)
    late = coded(article("late", "2023-03-02"), event("late", "ACCUSE", "MLI", "FRA", "2023-03-01",
                                                      sentence="Bamako accuse Paris, épisode 59."))
    write(path, [late])
    assert 0 < max(read) < 40, read
    monkeypatch.undo()
    write(tmp_path / "once.duckdb", [*reports, late])
    assert snapshot(path) == snapshot(tmp_path / "once.duckdb")


def test_a_jsonl_source_read_twice_in_one_run_is_read_once(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "a", "text": FR}) + "\n", encoding="utf-8")
    reader = Reader()
    items = list(reader.read([str(path), str(path)]))
    assert [i.id for i in items if isinstance(i, Article)] == ["a", "a"]
    assert reader.origins == {"a": f"{path}:1"}

