"""A hostile run: the attacks of issue 20 against a Dyad checkout, one process each, as a table.

    python benchmarks/hostile.py [--tree PATH] [--only NAME,...] [--out FILE]

Every attack builds its own inputs in a fresh folder (nothing from ../shared), runs `dyad` (or a few
lines of Python for the readers and the API) with the checkout at `--tree` first on the module path
(default: this one), and checks the outcome against what issue 20 asks: a message and a clean exit,
nothing lost, deleted or hidden, no hang (each run is stopped after a time limit). Give an older
checkout (`git worktree add /tmp/before REV`) as `--tree` to see what it did. The table has one row
per attack: its name, whether the outcome is the one asked for (`safe`), and what was seen.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIMIT_S = 25
FR = "Le ministre malien a reçu son homologue nigérien à Bamako pour parler de la sécurité régionale."


@dataclass
class Run:
    status: int | None   # None: stopped after the time limit
    out: str
    err: str
    seconds: float


@dataclass
class Attack:
    name: str
    attempt: Callable[[Path, Callable[..., Run]], tuple[bool, str]]


def runner(tree: Path) -> Callable[..., Run]:
    def run(args: list[str], cwd: Path, *, stdin: int | None = subprocess.DEVNULL, python: bool = False,
            closed_stdin: bool = False, limit: float = LIMIT_S) -> Run:
        command = [sys.executable, "-c", *args] if python else [sys.executable, "-m", "dyad.cli", *args]
        env = dict(os.environ, PYTHONPATH=str(tree), COLUMNS="200")
        started = time.monotonic()
        try:
            done = subprocess.run(command, cwd=cwd, env=env, stdin=stdin, capture_output=True, timeout=limit,
                                  preexec_fn=(lambda: os.close(0)) if closed_stdin else None)
        except subprocess.TimeoutExpired as stopped:
            return Run(None, (stopped.stdout or b"").decode("utf-8", "replace"),
                       (stopped.stderr or b"").decode("utf-8", "replace"), time.monotonic() - started)
        return Run(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"),
                   time.monotonic() - started)
    return run


def said(run: Run) -> str:
    """What a run showed: its status and its last line on standard error, shortened."""
    if run.status is None:
        return f"no answer after {run.seconds:.0f} s (stopped)"
    lines = [line for line in run.err.splitlines() if line.strip()]
    last = "Traceback: " + lines[-1] if "Traceback" in run.err and lines else (lines[-1] if lines else "")
    return f"exit {run.status}: {last[:110]}".rstrip(": ")


def state(path: Path) -> tuple:
    if path.is_symlink():
        return ("link", os.readlink(path), state(path.resolve()) if path.exists() else None)
    if not path.exists():
        return ("absent",)
    if path.is_dir():
        return ("folder", sorted(p.name for p in path.iterdir()))
    if not path.is_file():
        return ("special", path.stat().st_mode, path.stat().st_rdev)
    return ("file", path.read_bytes())


# --- stores and sources --------------------------------------------------------------------------

STORE_SNIPPET = """
import datetime as dt, hashlib, sys
from dyad.pipeline import Coded
from dyad.records import Article
from dyad.store.writer import StoreWriter
article = Article(id="a1", text="Texte de test.", lang="fr", date=dt.date(2023, 2, 7), source="Essai")
StoreWriter(sys.argv[1]).write([(Coded(article, []), hashlib.sha256(article.model_dump_json().encode()).hexdigest())])
"""


def dyad_store(tmp: Path, name: str = "store.duckdb") -> Path:
    """A small store written by the attacked checkout's own writer."""
    path = tmp / name
    done = subprocess.run([sys.executable, "-c", STORE_SNIPPET, str(path)], cwd=tmp, capture_output=True,
                          env=dict(os.environ, PYTHONPATH=os.environ["HOSTILE_TREE"]))
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode()[-500:])
    return path


def empty_source(tmp: Path) -> Path:
    (tmp / "none.jsonl").write_text("", encoding="utf-8")
    return tmp / "none.jsonl"


def db_attack(make: Callable[[Path, Callable[..., Run]], Path]) -> Callable[[Path, Callable[..., Run]], tuple[bool, str]]:
    """`dyad ingest --db TARGET` (nothing to code): TARGET must be refused and left as it was."""
    def attempt(tmp: Path, run: Callable[..., Run]) -> tuple[bool, str]:
        target = make(tmp, run)
        before = state(target)
        done = run(["ingest", "--quiet", "--db", str(target), str(empty_source(tmp))], tmp)
        kept = state(target) == before
        ok = done.status == 2 and kept and "Traceback" not in done.err
        return ok, f"{said(done)}; {'left as it was' if kept else 'CHANGED: ' + state(target)[0]}"
    return attempt


def reader_attack(make: Callable[[Path, Callable[..., Run]], Path]) -> Callable[[Path, Callable[..., Run]], tuple[bool, str]]:
    """`dyad events --db TARGET`: a message and exit 2, never a traceback."""
    def attempt(tmp: Path, run: Callable[..., Run]) -> tuple[bool, str]:
        target = make(tmp, run)
        done = run(["events", "--db", str(target)], tmp)
        return done.status == 2 and "Traceback" not in done.err, said(done)
    return attempt


def make_empty(tmp, run):
    (tmp / "empty.duckdb").touch()
    return tmp / "empty.duckdb"


def make_link_to_empty(tmp, run):
    (tmp / "precious").touch()
    (tmp / "link.duckdb").symlink_to(tmp / "precious")
    return tmp / "link.duckdb"


def make_device(tmp, run):
    os.mknod(tmp / "device.duckdb", 0o600 | 0o020000, os.makedev(1, 3))
    return tmp / "device.duckdb"


def make_fifo(tmp, run):
    os.mkfifo(tmp / "pipe.duckdb")
    return tmp / "pipe.duckdb"


def make_folder(tmp, run):
    (tmp / "store.duckdb").mkdir()
    (tmp / "store.duckdb" / "notes.txt").write_text("mine", encoding="utf-8")
    return tmp / "store.duckdb"


def make_dangling(tmp, run):
    (tmp / "link.duckdb").symlink_to(tmp / "elsewhere.duckdb")
    return tmp / "link.duckdb"


def make_garbage(tmp, run):
    (tmp / "garbage.duckdb").write_bytes(random.Random(1).randbytes(100_000))
    return tmp / "garbage.duckdb"


def make_text(tmp, run):
    (tmp / "notes.duckdb").write_text("my notes\n" * 100, encoding="utf-8")
    return tmp / "notes.duckdb"


def make_truncated(tmp, run):
    whole = dyad_store(tmp, "whole.duckdb").read_bytes()
    (tmp / "cut.duckdb").write_bytes(whole[: len(whole) // 2])
    return tmp / "cut.duckdb"


def make_foreign(tmp, run):
    import duckdb

    with duckdb.connect(str(tmp / "theirs.duckdb")) as con:
        con.execute("CREATE TABLE accounts AS SELECT range AS id, 'x' AS name FROM range(100)")
    return tmp / "theirs.duckdb"


def make_blank_duckdb(tmp, run):
    import duckdb

    duckdb.connect(str(tmp / "blank.duckdb")).close()
    return tmp / "blank.duckdb"


def make_newer(tmp, run):
    import duckdb

    path = dyad_store(tmp, "newer.duckdb")
    with duckdb.connect(str(path)) as con:
        con.execute("INSERT INTO schema_version VALUES (99, 'from the future')")
    return path


def make_in_missing_folder(tmp, run):
    return tmp / "no" / "such" / "folder" / "store.duckdb"


# --- the attacks ---------------------------------------------------------------------------------

def serve_garbage(tmp, run):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    done = run(["serve", "--db", str(make_garbage(tmp, run)), "--port", str(port)], tmp, limit=12)
    return done.status == 2, said(done) if done.status is not None else "started serving it (stopped after 12 s)"


API_SNIPPET = """
import json, sys
from fastapi.testclient import TestClient
from dyad.api import create_app, views
client = TestClient(create_app(sys.argv[1]), raise_server_exceptions=False)
if len(sys.argv) > 3:
    views.overview = lambda *a, **k: 1 / 0
method, path = sys.argv[2].split(" ", 1)
answer = client.request(method, path)
print(json.dumps({"status": answer.status_code, "headers": dict(answer.headers), "body": answer.text[:300]}))
"""
SECURITY = ("content-security-policy", "x-content-type-options", "x-frame-options")


def api(tmp: Path, run, store: Path, request: str, *extra: str) -> dict:
    done = run([API_SNIPPET + "\n", str(store), request, *extra], tmp, python=True)
    if done.status != 0:
        return {"status": None, "headers": {}, "body": said(done)}
    return json.loads(done.out.strip().splitlines()[-1])


def api_bad_store(make):
    def attempt(tmp, run):
        answer = api(tmp, run, make(tmp, run), "GET /api/events")
        detail = answer["body"]
        ok = answer["status"] == 503 and "busy" not in detail
        return ok, f"{answer['status']}: {detail[:110]}"
    return attempt


def api_request(request: str, expect: Callable[[dict], bool], *extra: str):
    def attempt(tmp, run):
        answer = api(tmp, run, dyad_store(tmp), request, *extra)
        headers = answer["headers"]
        shown = [f"{answer['status']}"] + [f"{h}" for h in ("allow",) if h in headers]
        shown.append("security headers" if all(h in headers for h in SECURITY) else "NO security headers")
        return expect(answer), ", ".join(shown)
    return attempt


def locked_reader(tmp, run):
    store = dyad_store(tmp)
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(store)!r}); "
                               "print('held', flush=True); time.sleep(120)"], stdout=subprocess.PIPE, text=True)
    try:
        holder.stdout.readline()
        done = run(["events", "--db", str(store)], tmp, limit=40)
    finally:
        holder.kill()
        holder.wait()
    return done.status == 2 and "Traceback" not in done.err and "PID" in done.err, f"{said(done)} after {done.seconds:.0f} s"


def locked_ingest(tmp, run):
    store = dyad_store(tmp)
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, time; c = duckdb.connect({str(store)!r}); "
                               "print('held', flush=True); time.sleep(120)"], stdout=subprocess.PIPE, text=True)
    try:
        holder.stdout.readline()
        done = run(["ingest", "--quiet", "--wait", "1", "--db", str(store), str(empty_source(tmp))], tmp, limit=40)
    finally:
        holder.kill()
        holder.wait()
    return done.status == 2 and "Traceback" not in done.err and "PID" in done.err, f"{said(done)} after {done.seconds:.0f} s"


READ_SNIPPET = """
import json, logging, sys
logging.basicConfig(level=logging.WARNING, format="dyad: %(message)s")
from dyad.ingest.errors import Skipped
from dyad.ingest.readers import read_sources
items = list(read_sources(sys.argv[1:]))
print(json.dumps([[i.where, i.reason] if isinstance(i, Skipped) else [i.id, str(i.date), i.title, i.text[:80]]
                  for i in items]))
"""


def read(tmp: Path, run, *sources: str, limit: float = LIMIT_S) -> tuple[list | None, Run]:
    done = run([READ_SNIPPET, *sources], tmp, python=True, limit=limit)
    try:
        return json.loads(done.out.strip().splitlines()[-1]), done
    except (IndexError, json.JSONDecodeError):
        return None, done


def stray_byte_txt(tmp, run):
    path = tmp / "article.txt"
    path.write_bytes("Titre\nPublié le 7 février 2023\n".encode() + b"Un caf\xe9 \xe0 Bamako.\n" + FR.encode())
    items, done = read(tmp, run, str(path))
    date = items[0][1] if items else None
    named = "article.txt: line 3" in done.err
    return date == "2023-02-07" and named, f"date {date}; {'line 3 named' if named else 'nothing said'}"


def stray_byte_html(tmp, run):
    path = tmp / "page.html"
    path.write_bytes(f"<html><head><title>Sécurité à Bamako</title></head><body><p>{FR}</p>\n<p>Un caf".encode()
                     + b"\xe9.</p></body></html>")
    items, done = read(tmp, run, str(path))
    title = items[0][2] if items else None
    named = "page.html: line 2" in done.err
    return title == "Sécurité à Bamako" and named, f"title {title!r}; {'line named' if named else 'nothing said'}"


def stray_byte_jsonl(tmp, run):
    path = tmp / "a.jsonl"
    path.write_bytes(json.dumps({"id": "ok", "text": FR}).encode() + b"\n" + b'{"id": "x", "text": "Le caf\xe9."}\n')
    items, done = read(tmp, run, str(path))
    named = "a.jsonl:2" in done.err
    return named and items is not None and len(items) == 2, "a.jsonl:2 named" if named else "nothing said"


def latin1_file(tmp, run):
    path = tmp / "latin1.txt"
    path.write_bytes(FR.encode("latin-1"))
    items, done = read(tmp, run, str(path))
    named = "latin1.txt" in done.err
    return named and items is not None and "nigérien" in items[0][3], "decoded, named" if named else "decoded silently"


def two_index_pages(tmp, run):
    for folder in ("a", "b"):
        (tmp / "site" / folder).mkdir(parents=True)
        (tmp / "site" / folder / "index.html").write_text(f"<html><body><p>{FR} ({folder})</p></body></html>",
                                                          encoding="utf-8")
    done = run(["ingest", "--quiet", "--db", str(tmp / "s.duckdb"), str(tmp / "site")], tmp, limit=120)
    stored = stored_ids(tmp / "s.duckdb")
    return len(stored) == 2, f"stored {stored}; {said(done)}"


def stored_ids(db: Path) -> list[str]:
    import duckdb

    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return sorted(r[0] for r in con.execute("SELECT id FROM articles").fetchall())
    except duckdb.Error as error:
        return [f"unreadable: {error}"]


def same_stem_two_kinds(tmp, run):
    (tmp / "site").mkdir()
    (tmp / "site" / "index.txt").write_text(FR, encoding="utf-8")
    (tmp / "site" / "index.html").write_text(f"<html><body><p>{FR} Autre.</p></body></html>", encoding="utf-8")
    items, done = read(tmp, run, str(tmp / "site"))
    ids = [i[0] for i in items or []]
    return len(set(ids)) == 2, f"ids {ids}"


def undecodable_names(tmp, run):
    for name in (b"caf\xe9.txt", b"caf\xe8.txt"):
        with open(os.path.join(os.fsencode(tmp), name), "w", encoding="utf-8") as handle:
            handle.write(FR + name.decode("latin-1"))
    items, done = read(tmp, run, str(tmp))
    ids = [i[0] for i in items or []]
    return len(set(ids)) == 2, f"ids {ids}"


def control_names(tmp, run):
    for name in ("a\nb.txt", "a\rb.txt", "a\tb.txt"):
        (tmp / name).write_text(FR + repr(name), encoding="utf-8")
    items, done = read(tmp, run, str(tmp))
    ids = [i[0] for i in items or []]
    return len(set(ids)) == 3 and all(i.isprintable() for i in ids), f"ids {ids}"


def replaced_across_runs(tmp, run):
    for folder, text in (("x", FR), ("y", FR + " Une autre version.")):
        (tmp / folder).mkdir()
        (tmp / folder / "index.txt").write_text(text, encoding="utf-8")
    db = tmp / "s.duckdb"
    run(["ingest", "--quiet", "--db", str(db), str(tmp / "x")], tmp, limit=120)
    done = run(["ingest", "--quiet", "--db", str(db), str(tmp / "y")], tmp, limit=120)
    named = "x/index.txt" in done.err and "y/index.txt" in done.err
    return named, "replacement named with both sources" if named else f"silent ({said(done)})"


def one_line_messages(done: Run) -> bool:
    return all(line.startswith("dyad: ") for line in done.err.splitlines()) and "\u202e" not in done.err \
        and "\x1b" not in done.err


def forged_name_decode(tmp, run):
    path = tmp / "evil\ndyad: skipped FORGED.txt"
    path.write_bytes(b"2023 \x81\n")
    done = run(["code", str(path)], tmp, limit=60)
    return one_line_messages(done) and "FORGED" in done.err, f"{len(done.err.splitlines())} stderr lines: " + \
        " | ".join(done.err.splitlines())[:110]


def forged_name_feed(tmp, run):
    path = tmp / "fil\u202e\nFORGED.rss"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item><title> </title>'
                    "<guid>g1</guid><pubDate>Lun, 45 Foo 2023</pubDate></item></channel></rss>", encoding="utf-8")
    done = run(["code", str(path)], tmp, limit=60)
    return one_line_messages(done), f"{len(done.err.splitlines())} stderr lines, " + \
        ("bidi mark escaped" if "\u202e" not in done.err else "raw U+202E printed")


def forged_id_date(tmp, run):
    path = tmp / "a.jsonl"
    path.write_text(json.dumps({"id": "x\u202eevil", "lang": "de", "date": "2023-02-30",
                                "text": "Der Minister traf gestern seinen Amtskollegen in Bamako."}) + "\n",
                    encoding="utf-8")
    done = run(["code", str(path)], tmp, limit=60)
    return one_line_messages(done), "bidi mark escaped in the warning" if "\u202e" not in done.err else \
        "raw U+202E in the warning"


def trafilatura_warning(tmp, run):
    path = tmp / "scripts.html"
    path.write_text("<html><body><script>var a = 1;</script></body></html>", encoding="utf-8")
    done = run(["code", str(path)], tmp, limit=60)
    unnamed = any(line.startswith("dyad: discarding data") for line in done.err.splitlines())
    return not unnamed, " | ".join(done.err.splitlines())[:110]


PLEDGE = "La Russie a promis mardi de livrer du blé au Mali dans les prochains mois, a annoncé le gouvernement malien."
OTHER = "Le Mali a accusé la France d'espionnage, a déclaré jeudi le porte-parole du gouvernement malien."


def future_date(tmp, run):
    path = tmp / "a.jsonl"
    path.write_text(json.dumps({"id": "pledge", "lang": "fr", "date": "2023-02-07", "text": PLEDGE}) + "\n"
                    + json.dumps({"id": "typo", "lang": "fr", "date": "2123-02-09", "text": OTHER}) + "\n",
                    encoding="utf-8")
    db = tmp / "s.duckdb"
    ingest = run(["ingest", "--quiet", "--db", str(db), str(path)], tmp, limit=120)
    done = run(["pledges", "--db", str(db), "--format", "jsonl"], tmp)
    states = [json.loads(line)["state"] for line in done.out.splitlines() if line.startswith("{")]
    flagged = "2123-02-09" in ingest.err
    return states == ["pending"] and flagged, f"pledge {states}; {'date flagged' if flagged else 'date taken silently'}"


def ingest_option(*options: str):
    """`dyad ingest OPTIONS` of three articles: refused (exit 2), or what it stored."""
    def attempt(tmp, run):
        path = tmp / "a.jsonl"
        path.write_text("".join(json.dumps({"id": f"a{n}", "lang": "fr", "text": FR}) + "\n" for n in range(3)),
                        encoding="utf-8")
        done = run(["ingest", "--quiet", "--strict", *options, "--db", str(tmp / "s.duckdb"), str(path)], tmp, limit=120)
        if done.status != 0:
            return done.status == 2 and "Traceback" not in done.err, said(done)
        return False, f"exit 0, stored {len(stored_ids(tmp / 's.duckdb'))} of 3"
    return attempt


def serve_port(port: str):
    """`dyad serve --port PORT` over a good store: refused at once (exit 2), not a traceback."""
    def attempt(tmp, run):
        done = run(["serve", "--db", str(dyad_store(tmp)), "--port", port], tmp, limit=15)
        return done.status == 2 and "Traceback" not in done.err, said(done)
    return attempt


def hang(make: Callable[[Path], Path]):
    def attempt(tmp, run):
        source = make(tmp)
        items, done = read(tmp, run, str(source), limit=15)
        return done.status == 0 and items is not None, said(done) if done.status != 0 else f"returned: {items}"
    return attempt


def fifo_named(name: str):
    def make(tmp: Path) -> Path:
        os.mkfifo(tmp / name)
        return tmp / name
    return make


def zero_named(name: str):
    def make(tmp: Path) -> Path:
        (tmp / name).symlink_to("/dev/zero")
        return tmp / name
    return make


def closed_stdin(args: list[str]):
    def attempt(tmp, run):
        done = run(args + ([str(tmp / "s.duckdb")] if args[-1] == "--db" else []), tmp, closed_stdin=True, limit=60)
        return done.status in (0, 1) and "Traceback" not in done.err and "stdin" in done.err, said(done)
    return attempt


ATTACKS = [
    Attack("--db an empty file", db_attack(make_empty)),
    Attack("--db a link to an empty file", db_attack(make_link_to_empty)),
    Attack("--db a character device", db_attack(make_device)),
    Attack("--db a FIFO", db_attack(make_fifo)),
    Attack("--db a folder", db_attack(make_folder)),
    Attack("--db a link to nothing", db_attack(make_dangling)),
    Attack("--db garbage bytes", db_attack(make_garbage)),
    Attack("--db a text file", db_attack(make_text)),
    Attack("--db a truncated store", db_attack(make_truncated)),
    Attack("--db another program's DuckDB file", db_attack(make_foreign)),
    Attack("--db an empty DuckDB database", db_attack(make_blank_duckdb)),
    Attack("--db a store of a newer schema", db_attack(make_newer)),
    Attack("--db in a missing folder", db_attack(make_in_missing_folder)),
    Attack("events --db an empty file", reader_attack(make_empty)),
    Attack("events --db garbage", reader_attack(make_garbage)),
    Attack("events --db a truncated store", reader_attack(make_truncated)),
    Attack("events --db another program's DuckDB", reader_attack(make_foreign)),
    Attack("events --db a newer schema", reader_attack(make_newer)),
    Attack("events --db a FIFO", reader_attack(make_fifo)),
    Attack("serve --db garbage", serve_garbage),
    Attack("API on a garbage store", api_bad_store(make_garbage)),
    Attack("API on another program's DuckDB", api_bad_store(make_foreign)),
    Attack("API on a truncated store", api_bad_store(make_truncated)),
    Attack("API 500: security headers", api_request(
        "GET /", lambda a: a["status"] == 500 and all(h in a["headers"] for h in SECURITY), "break")),
    Attack("API 404: security headers", api_request(
        "GET /nowhere", lambda a: a["status"] == 404 and all(h in a["headers"] for h in SECURITY))),
    Attack("HEAD /", api_request("HEAD /", lambda a: a["status"] == 200 and all(h in a["headers"] for h in SECURITY))),
    Attack("HEAD /api/summary", api_request("HEAD /api/summary", lambda a: a["status"] == 200)),
    Attack("HEAD /static/dyad.css", api_request("HEAD /static/dyad.css", lambda a: a["status"] == 200)),
    Attack("POST /api/summary: Allow header", api_request(
        "POST /api/summary", lambda a: a["status"] == 405 and "allow" in a["headers"])),
    Attack("a reader on a store another process holds", locked_reader),
    Attack("ingest --wait 1 on a store another process holds", locked_ingest),
    Attack("one stray byte in a .txt", stray_byte_txt),
    Attack("one stray byte in an HTML page", stray_byte_html),
    Attack("one stray byte in a JSONL line", stray_byte_jsonl),
    Attack("a Latin-1 file", latin1_file),
    Attack("a/index.html and b/index.html", two_index_pages),
    Attack("index.txt and index.html side by side", same_stem_two_kinds),
    Attack("file names that are not UTF-8", undecodable_names),
    Attack("file names with newline, CR, tab", control_names),
    Attack("x/index.txt then y/index.txt (two runs)", replaced_across_runs),
    Attack("a newline in a file name (decode warning)", forged_name_decode),
    Attack("U+202E and a newline in a feed's name", forged_name_feed),
    Attack("U+202E in a JSONL id with a bad date", forged_id_date),
    Attack("an HTML page trafilatura discards", trafilatura_warning),
    Attack("an article dated 2123 beside a pledge", future_date),
    Attack("ingest --workers 2 --batch-size 0", ingest_option("--workers", "2", "--batch-size", "0")),
    Attack("ingest --workers 2 --batch-size -1", ingest_option("--workers", "2", "--batch-size", "-1")),
    Attack("ingest --workers 0", ingest_option("--workers", "0")),
    Attack("serve --port 99999", serve_port("99999")),
    Attack("serve --port -1", serve_port("-1")),
    Attack("a FIFO named x.txt as a source", hang(fifo_named("x.txt"))),
    Attack("a FIFO named x.jsonl as a source", hang(fifo_named("x.jsonl"))),
    Attack("a /dev/zero link named z.jsonl", hang(zero_named("z.jsonl"))),
    Attack("a /dev/zero link named z.txt", hang(zero_named("z.txt"))),
    Attack("dyad code <&-", closed_stdin(["code"])),
    Attack("dyad ingest <&- (no sources)", closed_stdin(["ingest", "--quiet", "--db"])),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", type=Path, default=REPO, help="the checkout to attack (default: this one)")
    parser.add_argument("--only", help="comma-separated attack names (substrings)")
    parser.add_argument("--out", type=Path, help="also write the table as JSON lines here")
    args = parser.parse_args()
    os.environ["HOSTILE_TREE"] = str(args.tree.resolve())
    run = runner(args.tree.resolve())
    chosen = [a for a in ATTACKS if not args.only or any(o in a.name for o in args.only.split(","))]
    print("| # | attack | safe | seen |")
    print("| --- | --- | --- | --- |")
    rows = []
    for number, attack in enumerate(chosen, start=1):
        with tempfile.TemporaryDirectory(prefix="dyad-hostile-") as tmp:
            try:
                ok, seen = attack.attempt(Path(tmp), run)
            except Exception as error:  # an attack that cannot even be set up says so in its row
                ok, seen = False, f"harness error: {type(error).__name__}: {error}"[:120]
        seen = textwrap.shorten(seen.replace("|", "/").replace("\n", " "), 140)
        rows.append({"attack": attack.name, "safe": ok, "seen": seen})
        print(f"| {number} | {attack.name} | {'yes' if ok else 'NO'} | {seen} |", flush=True)
    if args.out:
        args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"\n{sum(r['safe'] for r in rows)} of {len(rows)} attacks end as issue 20 asks")
    return 0


if __name__ == "__main__":
    sys.exit(main())
