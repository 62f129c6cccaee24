"""The store's verbs end to end: ingest (through the real pipeline), events, timeline, actors,
pledges, export. Articles here are written for these tests."""

from __future__ import annotations

import csv
import io
import json

import duckdb
import pandas as pd
import pytest
from store_kit import snapshot, world, write

from dyad.cli import main
from dyad.ingest.readers import read_sources
from dyad.pipeline import Pipeline
from dyad.records import Event

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


def run(capsys, *argv) -> tuple[int, str, str]:
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_events_jsonl_are_event_records(store, capsys):
    status, out, _ = run(capsys, "events", "--db", store, "--actor", "RUS", "--recipient", "MLI", "--format", "jsonl")
    assert status == 0
    records = [Event.model_validate(r) for r in jsonl(out)]
    assert [(r.article_id, r.event_type, r.status) for r in records] == [
        ("a1", "CONSULT", "occurred"), ("a1", "AID", "intended"), ("a2", "CONSULT", "occurred"),
        ("a4", "AID", "occurred")]


def test_merged_events_as_csv(store, capsys):
    status, out, _ = run(capsys, "events", "--db", store, "--merged", "--type", "CONSULT", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert status == 0 and len(rows) == 1
    assert (rows[0]["num_articles"], rows[0]["first_seen"], rows[0]["last_seen"]) == ("2", "2023-02-07", "2023-02-08")


def test_events_table_says_how_many_are_not_shown(store, capsys):
    status, out, err = run(capsys, "events", "--db", store, "--limit", "2")
    assert status == 0 and "a1:0" in out and "2 of 7 shown" in err


def test_timeline_by_month_both_directions(store, capsys):
    status, out, _ = run(capsys, "timeline", "RUS", "MLI", "--by", "month", "--db", store, "--format", "jsonl")
    assert status == 0
    assert [(r["period"], r["direction"], r["total"]) for r in jsonl(out)] == [
        ("2023-02-01", "MLI->RUS", 1), ("2023-02-01", "RUS->MLI", 2), ("2023-06-01", "RUS->MLI", 1)]


def test_actors_and_dyads(store, capsys):
    _, out, _ = run(capsys, "actors", "--db", store, "--format", "jsonl")
    assert [a["key"] for a in jsonl(out)] == ["MLI", "RUS", "ISM"]
    _, out, _ = run(capsys, "actors", "--dyads", "--db", store, "--format", "csv")
    assert out.splitlines()[1].startswith("RUS,MLI,3,")


def test_pledges(store, capsys):
    status, out, _ = run(capsys, "pledges", "--db", store, "--format", "jsonl")
    (pledge,) = jsonl(out)
    assert status == 0 and (pledge["state"], pledge["delay_days"]) == ("fulfilled", 127)
    _, out, _ = run(capsys, "pledges", "--db", store, "--state", "pending", "--format", "jsonl")
    assert out == ""


def test_a_missing_store_is_one_line_and_status_2(tmp_path, capsys):
    status, _, err = run(capsys, "events", "--db", tmp_path / "absent.duckdb")
    assert status == 2 and "no store at" in err


def test_db_defaults_to_the_environment(store, capsys, monkeypatch):
    monkeypatch.setenv("DYAD_DB", str(store))
    status, out, _ = run(capsys, "events", "--type", "ASSAULT", "--format", "jsonl")
    assert status == 0 and len(jsonl(out)) == 2


def test_export_plover_and_csv(store, tmp_path, capsys):
    assert run(capsys, "export", "--db", store, "--format", "plover", tmp_path / "p.jsonl")[0] == 0
    plover = jsonl((tmp_path / "p.jsonl").read_text(encoding="utf-8"))
    assert len(plover) == 7 and {"event_type", "source", "target", "story_date"} <= set(plover[0])
    assert sum(p["event_type"] == "AGREE" for p in plover) == 1  # the intended AID, as PLOVER codes it
    assert run(capsys, "export", "--db", store, "--format", "csv", tmp_path / "e.csv")[0] == 0
    assert len(pd.read_csv(tmp_path / "e.csv")) == 7
    assert run(capsys, "export", "--db", store, "--format", "csv", "--merged", tmp_path / "m.csv")[0] == 0
    assert len(pd.read_csv(tmp_path / "m.csv")) == 6


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
    with duckdb.connect(str(store), read_only=True) as con:
        assert sorted(frame["event_id"]) == sorted(r[0] for r in con.execute("SELECT event_id FROM events").fetchall())


def test_gdelt_export_has_events_and_mentions(store, tmp_path, capsys):
    out = tmp_path / "gdelt"
    assert run(capsys, "export", "--db", store, "--format", "gdelt", out)[0] == 0
    events = pd.read_csv(out / "events.csv", sep="\t")
    mentions = pd.read_csv(out / "mentions.csv", sep="\t")
    assert len(events) == 6 and len(mentions) == 7
    visit = events[events["DyadEventType"] == "CONSULT"].iloc[0]
    assert (visit["NumArticles"], visit["NumSources"], visit["SQLDATE"], visit["Actor1Code"]) == (2, 2, 20230207, "RUSGOV")
    assert set(mentions["GLOBALEVENTID"]) == set(events["GLOBALEVENTID"])


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
    _, out, _ = run(capsys, "events", "--db", db, "--format", "jsonl", "--order", "date")
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
    with duckdb.connect(str(db), read_only=True) as con:
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
    raise AssertionError(f"{label!r} not in the summary:\n{summary}")
