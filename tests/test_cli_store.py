"""The store's verbs end to end: ingest (through the real pipeline), events, timeline, actors,
pledges, export. Articles here are written for these tests."""

from __future__ import annotations

import csv
import errno
import io
import json

import duckdb
import pandas as pd
import pytest
from store_kit import article, coded, event, snapshot, world, write

from dyad.cli import main
from dyad.ingest.readers import read_sources
from dyad.pipeline import Pipeline
from dyad.records import Event
from dyad.store import export as exports
from dyad.store.connection import reading

OWN_ARTICLES = [
    {"id": "t-fr-1", "lang": "fr", "date": "2023-04-03", "source": "Essai Presse",
     "title": "Visite à Bamako",
     "text": "Le ministre russe des Affaires étrangères a rencontré lundi à Bamako son homologue malien. "
             "La Russie a promis de livrer du carburant au Mali dans les prochains mois."},
    {"id": "t-fr-2", "lang": "fr", "date": "2023-04-05", "source": "Autre Journal",
     "title": "Attaque près de Gao",
     "text": "Des hommes armés ont attaqué mardi un poste de l'armée malienne près de Gao. "
             "Le gouvernement malien a condamné cette attaque."},
    {"id": "t-en-1", "lang": "en", "date": "2023-04-06", "source": "Test Wire",
     "title": "Talks in Niamey",
     "text": "The French foreign minister met Niger's president in Niamey on Wednesday. "
             "France pledged new funding for schools in Niger."},
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "store.duckdb"
    write(path, world())
    return path


@pytest.fixture(scope="module")
def named(tmp_path_factory):
    """A store whose actors carry names as the tables know them: a president, two IGOs of one code,
    a year-precise and a month-precise date, an article with a URL."""
    path = tmp_path_factory.mktemp("named") / "named.duckdb"
    summit = article("n1", "2023-08-28", "Agence Sahel")
    summit = summit.model_copy(update={"url": "https://example.org/n1"})
    write(path, [
        coded(summit,
              event("n1", "AID", "FRA", "IGO", "2023-08-26", actor_name="Emmanuel Macron"),
              event("n1", "CONSULT", "RUS", "MLI", "2023-08-26", actor_name="Sergey Lavrov"),
              event("n1", "SANCTION", "IGO", "NER", "2023-08-01", precision="month"),
              event("n1", "SANCTION", "IGO", "MLI", "2023-01-01", precision="year"),
              event("n1", "AID", "FRA", "MLI", "2023-08-26", status="intended", actor_name="Emmanuel Macron")),
    ])
    with duckdb.connect(str(path)) as con:
        # store_kit's events carry no organisation name; these two differ only by it.
        con.execute("UPDATE events SET recipient_name = 'AU', recipient_key = 'IGO:AU' WHERE event_id = 'n1:0'")
        con.execute("UPDATE events SET actor_name = 'ECOWAS', actor_key = 'IGO:ECOWAS' WHERE event_id IN ('n1:2', 'n1:3')")
        con.execute("UPDATE merged_events SET actor_name = 'ECOWAS', actor_key = 'IGO:ECOWAS' WHERE actor_code = 'IGO'")
        con.execute("UPDATE merged_events SET recipient_name = 'AU', recipient_key = 'IGO:AU' WHERE recipient_code = 'IGO'")
    return path


def run(capsys, *argv) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def csv_rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


# --- events: one column list in every format ------------------------------------------------------------

def test_events_json_are_the_stored_records(store, capsys):
    status, out, _ = run(capsys, "events", "--db", store, "--actor", "RUS", "--recipient", "MLI", "--format", "json")
    assert status == 0
    records = [Event.model_validate(r) for r in jsonl(out)]
    assert [(r.article_id, r.event_type, r.status) for r in records] == [
        ("a1", "CONSULT", "occurred"), ("a1", "AID", "intended"), ("a2", "CONSULT", "occurred"),
        ("a4", "AID", "occurred")]


def test_csv_jsonl_parquet_and_export_share_one_column_list(named, capsys, tmp_path):
    _, as_csv, _ = run(capsys, "events", "--db", named, "--format", "csv")
    _, as_jsonl, _ = run(capsys, "events", "--db", named, "--format", "jsonl")
    assert run(capsys, "export", "--db", named, "--format", "csv", tmp_path / "all.csv")[0] == 0
    header = next(csv.reader(io.StringIO(as_csv)))
    assert {"event_id", "merged_id", "article_id", "article_source", "article_url", "date_precision"} <= set(header)
    assert list(jsonl(as_jsonl)[0]) == header
    assert (tmp_path / "all.csv").read_text(encoding="utf-8") == as_csv
    first = csv_rows(as_csv)[0]
    assert (first["event_id"], first["article_source"], first["article_url"]) == (
        "n1:3", "Agence Sahel", "https://example.org/n1")
    assert first["merged_id"].startswith("m-")


def test_events_parquet_goes_to_a_redirected_output_with_the_same_columns(named, capsysbinary):
    assert main(["events", "--db", str(named), "--format", "parquet"]) == 0
    frame = pd.read_parquet(io.BytesIO(capsysbinary.readouterr().out))
    assert main(["events", "--db", str(named), "--format", "csv"]) == 0
    as_csv = capsysbinary.readouterr().out.decode("utf-8")
    assert list(frame.columns) == next(csv.reader(io.StringIO(as_csv)))
    assert sorted(frame["event_id"]) == ["n1:0", "n1:1", "n1:2", "n1:3", "n1:4"]


def test_merged_events_as_csv(store, capsys):
    status, out, _ = run(capsys, "events", "--db", store, "--merged", "--type", "CONSULT", "--format", "csv")
    rows = csv_rows(out)
    assert status == 0 and len(rows) == 1
    assert (rows[0]["num_articles"], rows[0]["first_seen"], rows[0]["last_seen"]) == ("2", "2023-02-07", "2023-02-08")
    assert rows[0]["date_precision"] == "day"


def test_events_table_says_how_many_are_not_shown(store, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    status, out, err = run(capsys, "events", "--db", store, "--limit", "2")
    assert status == 0 and "a1:0" in out and "2 of 7 shown" in err


# --- checked filters ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("argv, names", [
    (["events", "--type", "ATTACK"], ["ATTACK", "ASSAULT", "PROTEST"]),
    (["events", "--since", "2023-13"], ["2023-13"]),
    (["events", "--until", "soon"], ["YYYY, YYYY-MM or YYYY-MM-DD"]),
    (["events", "--quad", "5"], ["1 to 4"]),
    (["events", "--status", "maybe"], ["occurred, intended, negated"]),
    (["events", "--country", "France"], ["alpha-3"]),
    (["events", "--limit", "0"], ["1 or more"]),
    (["events", "--limit", "many"], ["whole number"]),
    (["events", "--since", "2023-06", "--until", "2023-01"], ["before since"]),
    (["events", "--order", "articles"], ["date, -date, confidence, -confidence"]),
    (["events", "--actor", "Atlantis"], ["no actor is known as 'Atlantis'"]),
    (["events", "--recipient", "Diopp"], ["Diop"]),
    (["timeline", "RUS", "Atlantis"], ["Atlantis"]),
    (["timeline", "RUS", "MLI", "--since", "2023-02-30"], ["2023-02-30"]),
    (["timeline", "RUS", "MLI", "--by", "day"], ["week", "month", "year"]),
    (["actors", "--limit", "-3"], ["1 or more"]),
    (["actors", "--dyads", "--involving", "Atlantis"], ["Atlantis"]),
    (["pledges", "--state", "broken"], ["pending, fulfilled, lapsed"]),
    (["pledges", "--as-of", "2023-02-29"], ["2023-02-29"]),
    (["export", "--format", "csv", "--type", "HUG", "out.csv"], ["HUG", "ASSAULT"]),
    (["export", "--format", "csv", "--actor", "Atlantis", "out.csv"], ["Atlantis"]),
])
def test_a_value_that_means_nothing_is_status_2_and_a_message_naming_the_choices(store, capsys, tmp_path,
                                                                                 monkeypatch, argv, names):
    monkeypatch.chdir(tmp_path)
    try:
        status = main([*argv, "--db", str(store)])
    except SystemExit as stopped:  # what the parser itself checks
        status = stopped.code
    err = capsys.readouterr().err
    assert status == 2
    for name in names:
        assert name in err
    assert "Traceback" not in err and not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("given, meant", [("Mali", "MLI"), ("mali", "MLI"), ("Russie", "RUS"),
                                          ("CEDEAO", "IGO:ECOWAS"), ("ecowas", "IGO:ECOWAS"),
                                          ("Lavrov", "Sergey Lavrov"), ("Sergueï Lavrov", "Sergey Lavrov")])
def test_names_resolve_to_the_actor_they_stand_for(named, capsys, given, meant):
    _, by_name, _ = run(capsys, "events", "--db", named, "--actor", given, "--format", "jsonl")
    _, by_code, _ = run(capsys, "events", "--db", named, "--actor", meant, "--format", "jsonl")
    _, as_recipient, _ = run(capsys, "events", "--db", named, "--recipient", given, "--format", "jsonl")
    assert jsonl(by_name) == jsonl(by_code)
    assert jsonl(by_name) or jsonl(as_recipient)


def test_timeline_takes_names_too(named, capsys):
    status, out, _ = run(capsys, "timeline", "CEDEAO", "Niger", "--db", named, "--format", "jsonl")
    assert status == 0 and [(r["direction"], r["total"]) for r in jsonl(out)] == [("IGO:ECOWAS->NER", 1),
                                                                                ("NER->IGO:ECOWAS", 0)]


def test_a_missing_store_is_one_line_and_status_2(tmp_path, capsys):
    status, _, err = run(capsys, "events", "--db", tmp_path / "absent.duckdb")
    assert status == 2 and "no store at" in err


def test_db_defaults_to_the_environment(store, capsys, monkeypatch):
    monkeypatch.setenv("DYAD_DB", str(store))
    status, out, _ = run(capsys, "events", "--type", "assault", "--format", "jsonl")
    assert status == 0 and len(jsonl(out)) == 2


# --- timeline, actors, pledges -------------------------------------------------------------------------------

def test_timeline_by_month_both_directions_with_empty_months_as_zeros(store, capsys):
    status, out, _ = run(capsys, "timeline", "RUS", "MLI", "--by", "month", "--db", store, "--format", "jsonl")
    assert status == 0
    rows = [(r["period"], r["direction"], r["total"]) for r in jsonl(out)]
    assert rows == [(f"2023-0{m}-01", d, n) for m in range(2, 7) for d in ("MLI->RUS", "RUS->MLI")
                    for n in [{("2", "MLI->RUS"): 1, ("2", "RUS->MLI"): 2, ("6", "RUS->MLI"): 1}.get((str(m), d), 0)]]


def test_actors_are_named_for_themselves_with_their_people_apart(named, capsys, monkeypatch):
    _, out, _ = run(capsys, "actors", "--db", named, "--format", "jsonl")
    by_key = {a["key"]: a for a in jsonl(out)}
    assert (by_key["FRA"]["name"], by_key["FRA"]["people"]) == ("France", ["Emmanuel Macron"])
    assert (by_key["RUS"]["name"], by_key["RUS"]["people"]) == ("Russia", ["Sergey Lavrov"])
    assert (by_key["IGO:ECOWAS"]["name"], by_key["IGO:AU"]["name"]) == ("ECOWAS", "AU")
    monkeypatch.setenv("COLUMNS", "80")
    _, table, _ = run(capsys, "actors", "--db", named)
    assert "France" in table and "Macron" not in table


def test_dyads_take_the_event_filters(store, capsys):
    _, out, _ = run(capsys, "actors", "--dyads", "--db", store, "--format", "csv")
    assert out.splitlines()[1].startswith("RUS,MLI,3,")
    _, out, _ = run(capsys, "actors", "--dyads", "--db", store, "--recipient", "RUS", "--format", "jsonl")
    assert [(d["actor_key"], d["recipient_key"]) for d in jsonl(out)] == [("MLI", "RUS")]
    _, out, _ = run(capsys, "actors", "--dyads", "--involving", "ISM", "--db", store, "--format", "jsonl")
    assert [(d["actor_key"], d["recipient_key"], d["q4"]) for d in jsonl(out)] == [("ISM", "MLI", 2)]


def test_pledges_say_what_their_state_means(store, capsys):
    status, out, _ = run(capsys, "pledges", "--db", store, "--format", "jsonl")
    (pledge,) = jsonl(out)
    assert status == 0 and (pledge["state"], pledge["state_label"], pledge["delay_days"]) == ("fulfilled", "fulfilled", 127)
    _, out, _ = run(capsys, "pledges", "--db", store, "--state", "pending", "--format", "jsonl")
    assert out == ""


def test_a_pledge_has_no_fulfilment_found_yet_until_its_deadline_then_lapses(named, capsys):
    _, out, _ = run(capsys, "pledges", "--db", named, "--format", "jsonl")
    (pledge,) = jsonl(out)
    assert (pledge["state"], pledge["state_label"], pledge["deadline"]) == (
        "pending", "no fulfilment found yet", "2024-08-27")
    _, out, _ = run(capsys, "pledges", "--db", named, "--as-of", "2024-09", "--format", "jsonl")
    assert [(p["state"], p["state_label"]) for p in jsonl(out)] == [("lapsed", "lapsed")]


# --- tables that fit the terminal ---------------------------------------------------------------------------

@pytest.mark.parametrize("argv, headers", [
    (["events"], ["date", "actor", "type", "recipient", "status", "evidence"]),
    (["events", "--merged"], ["date", "actor", "type", "recipient", "status", "evidence"]),
    (["pledges"], ["state", "announced", "actor", "type", "recipient"]),
    (["actors"], ["key", "name", "total"]),
    (["actors", "--dyads"], ["actor", "recipient", "total", "q1", "q4"]),
    (["timeline", "RUS", "MLI"], ["period", "direction", "q1", "total", "intensity", "articles"]),
])
@pytest.mark.parametrize("width", [80, 200])
def test_tables_fit_the_terminal_and_never_split_a_header(store, capsys, monkeypatch, argv, headers, width):
    monkeypatch.setenv("COLUMNS", str(width))
    status, out, _ = run(capsys, *argv, "--db", store)
    lines = out.rstrip("\n").splitlines()
    assert status == 0 and max(len(line.rstrip()) for line in lines) <= width
    at = next(i for i, line in enumerate(lines) if line.startswith("─")) - 1  # the header is the one line above
    assert set(headers) <= set(lines[at].split())
    lesser = {"id", "mode", "place", "sources", "deadline", "people", "first", "last"}
    assert bool(lesser & set(lines[at].split())) == (width >= 100 and argv[0] != "timeline")


def test_dates_show_as_precisely_as_they_are_known(named, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    _, out, _ = run(capsys, "events", "--db", named)
    dates = [line.split()[1] for line in out.splitlines() if line.startswith("n1:")]
    assert dates == ["2023", "2023-08", "2023-08-26", "2023-08-26", "2023-08-26"]


# --- exports ------------------------------------------------------------------------------------------------

def test_export_plover_has_story_and_event_dates_and_one_id_per_record(named, capsys, tmp_path):
    assert run(capsys, "export", "--db", named, "--format", "plover", tmp_path / "p.jsonl")[0] == 0
    plover = jsonl((tmp_path / "p.jsonl").read_text(encoding="utf-8"))
    assert sorted(p["id"] for p in plover) == ["n1:0", "n1:1", "n1:2", "n1:3", "n1:4"]
    aid = next(p for p in plover if p["id"] == "n1:0")
    assert (aid["date"], aid["story_date"], aid["event_type"]) == ("2023-08-26", "2023-08-28", "AID")
    assert {p["date_precision"] for p in plover} == {"day", "month", "year"}


def test_export_plover_of_the_example_store(store, capsys, tmp_path):
    assert run(capsys, "export", "--db", store, "--format", "plover", tmp_path / "p.jsonl")[0] == 0
    plover = jsonl((tmp_path / "p.jsonl").read_text(encoding="utf-8"))
    assert len(plover) == 7 and len({p["id"] for p in plover}) == 7
    assert sum(p["event_type"] == "AGREE" for p in plover) == 1  # the intended AID, as PLOVER codes it


def test_exports_take_the_filters_of_events(store, capsys, tmp_path):
    for fmt, out in (("plover", tmp_path / "p.jsonl"), ("csv", tmp_path / "e.csv")):
        assert run(capsys, "export", "--db", store, "--format", fmt, "--actor", "Russie", "--type", "AID", out)[0] == 0
    assert len(jsonl((tmp_path / "p.jsonl").read_text(encoding="utf-8"))) == 2
    assert list(pd.read_csv(tmp_path / "e.csv")["event_id"]) == ["a1:1", "a4:0"]
    assert run(capsys, "export", "--db", store, "--format", "csv", "--merged", "--since", "2023-06",
               tmp_path / "m.csv")[0] == 0
    assert len(pd.read_csv(tmp_path / "m.csv")) == 1
    assert run(capsys, "export", "--db", store, "--format", "gdelt", "--type", "ASSAULT", tmp_path / "g")[0] == 0
    assert len(pd.read_csv(tmp_path / "g" / "events.csv", sep="\t")) == 2


def test_parquet_export_reads_back_in_duckdb_and_pandas_with_the_same_rows(store, tmp_path, capsys):
    out = tmp_path / "parquet"
    status, printed, _ = run(capsys, "export", "--db", store, "--format", "parquet", out)
    assert status == 0 and "7 events" in printed
    assert sorted(p.name for p in (out / "events").iterdir()) == ["month=2023-02", "month=2023-06"]
    for table, expected in (("events", 7), ("merged_events", 6), ("mentions", 7)):
        through_duckdb = duckdb.sql(
            f"SELECT count(*) FROM read_parquet('{out / table}/**/*.parquet', hive_partitioning = true)").fetchall()[0][0]
        through_pandas = pd.read_parquet(out / table)
        assert through_duckdb == len(through_pandas) == expected
    frame = pd.read_parquet(out / "events")
    assert set(frame["month"].astype(str)) == {"2023-02", "2023-06"}
    assert {"article_source", "article_url", "merged_id"} <= set(frame.columns)
    with duckdb.connect(str(store), read_only=True) as con:
        assert sorted(frame["event_id"]) == sorted(r[0] for r in con.execute("SELECT event_id FROM events").fetchall())


def test_a_parquet_export_replaces_its_whole_folder(store, tmp_path, capsys):
    out = tmp_path / "parquet"
    assert run(capsys, "export", "--db", store, "--format", "parquet", out)[0] == 0
    assert run(capsys, "export", "--db", store, "--format", "parquet", "--since", "2023-06", out)[0] == 0
    assert sorted(p.name for p in (out / "events").iterdir()) == ["month=2023-06"]
    assert len(pd.read_parquet(out / "events")) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parquet"]


def test_gdelt_export_has_events_and_mentions(store, tmp_path, capsys):
    out = tmp_path / "gdelt"
    assert run(capsys, "export", "--db", store, "--format", "gdelt", out)[0] == 0
    events = pd.read_csv(out / "events.csv", sep="\t")
    mentions = pd.read_csv(out / "mentions.csv", sep="\t")
    assert len(events) == 6 and len(mentions) == 7
    visit = events[events["DyadEventType"] == "CONSULT"].iloc[0]
    assert (visit["NumArticles"], visit["NumSources"], visit["SQLDATE"], visit["Actor1Code"]) == (2, 2, 20230207, "RUSGOV")
    assert set(mentions["GLOBALEVENTID"]) == set(events["GLOBALEVENTID"])


@pytest.mark.parametrize("fmt, target, message", [
    ("csv", "missing/out.csv", "no folder"),
    ("plover", "a-folder", "is a folder"),
    ("parquet", "a-file.txt", "is a file"),
    ("gdelt", "a-folder", "holds other files"),
])
def test_export_to_a_target_it_cannot_write_is_a_message_and_status_2(store, tmp_path, capsys, fmt, target, message):
    (tmp_path / "a-folder").mkdir()
    (tmp_path / "a-folder" / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "a-file.txt").write_text("mine", encoding="utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    status, _, err = run(capsys, "export", "--db", store, "--format", fmt, tmp_path / target)
    assert status == 2 and message in err and "Traceback" not in err
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before
    assert (tmp_path / "a-folder" / "notes.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("fmt, target", [("csv", "out.csv"), ("parquet", "out")])
def test_a_full_disk_leaves_the_earlier_export_and_no_temporary_file(store, tmp_path, capsys, monkeypatch, fmt, target):
    out = tmp_path / target
    assert run(capsys, "export", "--db", store, "--format", fmt, out)[0] == 0
    before = snapshot_files(tmp_path)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(exports.formats, "write_csv", full)
    monkeypatch.setattr(exports, "_write_partitioned", full)
    status, _, err = run(capsys, "export", "--db", store, "--format", fmt, out)
    assert status == 2 and "No space left on device" in err and "nothing written" in err
    assert snapshot_files(tmp_path) == before


def snapshot_files(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_export_csv_of_merged_events(store, tmp_path, capsys):
    assert run(capsys, "export", "--db", store, "--format", "csv", "--merged", tmp_path / "m.csv")[0] == 0
    assert len(pd.read_csv(tmp_path / "m.csv")) == 6
    assert run(capsys, "export", "--db", store, "--format", "parquet", "--merged", tmp_path / "x")[0] == 2


# --- ingest -------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sources(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sources")
    path = folder / "articles.jsonl"
    path.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in OWN_ARTICLES) + "\n", encoding="utf-8")
    return path


def test_ingest_stores_exactly_what_the_pipeline_codes_and_then_nothing_twice(sources, tmp_path, capsys):
    db = tmp_path / "s.duckdb"
    status, out, _ = run(capsys, "ingest", "--db", db, "--quiet", sources)
    assert status == 0 and "new" in out
    expected = [e.model_dump(mode="json") for coded in Pipeline().code(a for a in read_sources([str(sources)]))
                for e in coded.events]
    _, out, _ = run(capsys, "events", "--db", db, "--format", "json", "--order", "date")
    assert sorted(map(json.dumps, jsonl(out))) == sorted(map(json.dumps, expected))
    before = snapshot(db)
    status, out, _ = run(capsys, "ingest", "--db", db, "--quiet", sources)
    assert status == 0 and _count(out, "already present") == 3 and _count(out, "new") == 0
    assert snapshot(db) == before


def test_ingest_replaces_a_changed_article_and_reports_skips(sources, tmp_path, capsys):
    db = tmp_path / "s.duckdb"
    run(capsys, "ingest", "--db", db, "--quiet", sources)
    changed = dict(OWN_ARTICLES[1], text="Le gouvernement malien a reçu mercredi l'ambassadeur de France.")
    edited = tmp_path / "edited.jsonl"
    edited.write_text(json.dumps(changed, ensure_ascii=False) + "\n{not json\n", encoding="utf-8")
    status, out, err = run(capsys, "ingest", "--db", db, "--quiet", edited)
    assert status == 0 and _count(out, "replaced (content changed)") == 1
    assert "malformed JSON" in err and "malformed JSON" in out
    status, _, _ = run(capsys, "ingest", "--db", db, "--quiet", "--strict", edited)
    assert status == 1
    with reading(db) as con:
        text = con.execute("SELECT text FROM articles WHERE id = 't-fr-2'").fetchone()[0]
        stale = con.execute("SELECT count(*) FROM evidence v JOIN events e USING (event_id) "
                            "WHERE e.article_id = 't-fr-2' AND contains(v.sentence, 'attaqué')").fetchone()[0]
    assert text == changed["text"] and stale == 0


@pytest.mark.slow
def test_worker_processes_give_the_same_store(tmp_path, capsys):
    french = tmp_path / "fr.jsonl"  # one language: each worker loads one model
    french.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in OWN_ARTICLES if a["lang"] == "fr"),
                      encoding="utf-8")
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    run(capsys, "ingest", "--db", one, "--quiet", "--batch-size", "1", french)
    assert run(capsys, "ingest", "--db", two, "--quiet", "--workers", "2", "--batch-size", "1", french)[0] == 0
    assert snapshot(one) == snapshot(two)


def _count(summary: str, label: str) -> int:
    for line in summary.splitlines():
        cells = [c.strip() for c in line.strip("│┃| \n").split("│")]
        if len(cells) == 2 and cells[0] == label:
            return int(cells[1])
