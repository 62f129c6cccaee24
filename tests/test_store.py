"""The store: schema, idempotent batch writes, replacement, crash safety, queries, Python API."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap

import duckdb
import pandas as pd
import pytest
from store_kit import A1, A2, BAMAKO, article, coded, event, snapshot, world, write

import dyad
from dyad.records import Event
from dyad.store import queries, schema, writer
from dyad.store.connection import StoreMissing, connect, reading


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """The small world, for tests that only read."""
    path = tmp_path_factory.mktemp("store") / "store.duckdb"
    write(path, world())
    return path


@pytest.fixture
def fresh_store(tmp_path):
    """The small world, for tests that change it."""
    path = tmp_path / "store.duckdb"
    write(path, world())
    return path


def test_schema_is_versioned_and_migrating_twice_changes_nothing(tmp_path):
    path = tmp_path / "s.duckdb"
    con = connect(path, read_only=False)
    assert schema.version(con) == schema.CURRENT_VERSION
    assert schema.migrate(con) == schema.CURRENT_VERSION
    assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(schema.MIGRATIONS)
    con.close()


def test_batch_writes_articles_events_evidence_and_merges(store):
    with reading(store) as con:
        totals = queries.summary(con)
        assert (totals["articles"], totals["events"], totals["merged_events"]) == (4, 7, 6)
        record = queries.event_records(con, article="a1", type="CONSULT")
        assert Event.model_validate(record[0]).actor.name == "Lavrov"
        visit = queries.merged_events(con, type="CONSULT")[0]
        assert (visit["num_articles"], visit["num_sources"], visit["num_mentions"]) == (2, 2, 2)
        assert (visit["first_seen"], visit["last_seen"]) == (dt.date(2023, 2, 7), dt.date(2023, 2, 8))
        assert visit["actor_name"] == "Lavrov" and visit["place_name"] == "Bamako"
        assert [m["article_id"] for m in queries.mentions(con, visit["merged_id"])] == ["a1", "a2"]


def test_writing_the_same_batch_again_leaves_every_table_identical(fresh_store):
    before = snapshot(fresh_store)
    write(fresh_store, world())
    assert snapshot(fresh_store) == before


def test_split_and_order_of_batches_do_not_change_the_store(store, tmp_path):
    other = tmp_path / "other.duckdb"
    batches = world()
    write(other, batches[3:], batches[1:2], batches[2:3], batches[:1])
    assert snapshot(other) == snapshot(store)


def test_a_changed_article_replaces_its_own_events_and_remerges(fresh_store, tmp_path):
    store = fresh_store
    changed = article("a2", "2023-02-08", "Journal B", text="Une version corrigée.")
    write(store, [coded(changed, event("a2", "CONSULT", "RUS", "NER", "2023-02-07", sentence="Autre visite."))])
    with reading(store) as con:
        assert [e["recipient_key"] for e in queries.events(con, article="a2")] == ["NER"]
        visit = queries.merged_events(con, type="CONSULT", recipient="MLI")[0]
        assert visit["num_articles"] == 1
        assert queries.count_merged(con, type="ASSAULT") == 1
    reference = tmp_path / "reference.duckdb"
    batches = world()
    write(reference, batches[:1] + [coded(changed, event("a2", "CONSULT", "RUS", "NER", "2023-02-07",
                                                          sentence="Autre visite."))] + batches[2:])
    assert snapshot(store) == snapshot(reference)


def test_an_interrupted_batch_leaves_the_store_as_before_and_a_rerun_completes_it(tmp_path, monkeypatch):
    path = tmp_path / "s.duckdb"
    batches = world()
    write(path, batches[:2])
    before = snapshot(path)

    def crash(*args, **kwargs):
        raise RuntimeError("power cut")

    with monkeypatch.context() as patch:
        patch.setattr(writer, "remerge", crash)
        with pytest.raises(RuntimeError):
            write(path, batches[2:])
    assert snapshot(path) == before
    write(path, batches)
    reference = tmp_path / "reference.duckdb"
    write(reference, batches)
    assert snapshot(path) == snapshot(reference)


@pytest.mark.parametrize(("filters", "expected"), [
    ({"actor": "RUS"}, ["a1:0", "a1:1", "a2:0", "a4:0"]),
    ({"actor": "rus", "recipient": "mli", "status": "intended"}, ["a1:1"]),
    ({"actor": "Lavrov"}, ["a1:0"]),
    ({"type": "assault"}, ["a2:1", "a3:0"]),
    ({"quad": 4, "place": "ména"}, ["a3:0"]),
    ({"country": "mli", "type": "CONSULT"}, ["a1:0", "a2:0"]),
    ({"since": "2023-02-19", "until": "2023-02"}, ["a3:0"]),
    ({"since": "2023-06"}, ["a4:0"]),
    ({"q": "BLÉ"}, ["a1:1", "a4:0"]),
    ({"q": "%"}, []),
    ({"q": "'; DROP TABLE events; --"}, []),
])
def test_record_filters(store, filters, expected):
    with reading(store) as con:
        found = [e["event_id"] for e in queries.events(con, **filters)]
        assert sorted(found) == expected
        assert queries.count_events(con, **filters) == len(expected)
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 7


def test_event_detail_has_evidence_and_its_merged_event(store):
    with reading(store) as con:
        detail = queries.event(con, "a2:0")
        assert detail["evidence"][0]["trigger"] == "ministre"
        assert detail["merged"]["event_ids"] == ["a1:0", "a2:0"]
        assert queries.event(con, "nope:0") is None
        assert queries.merged_event(con, "m-nope") is None


def test_timeline_counts_merged_events_per_quad_in_both_directions(store):
    with reading(store) as con:
        monthly = queries.timeline(con, "RUS", "MLI", by="month")
        busy = [(r["period"], r["direction"], r["q1"], r["q2"], r["total"]) for r in monthly if r["total"]]
        assert busy == [
            (dt.date(2023, 2, 1), "MLI->RUS", 1, 0, 1),
            (dt.date(2023, 2, 1), "RUS->MLI", 1, 1, 2),
            (dt.date(2023, 6, 1), "RUS->MLI", 0, 1, 1),
        ]
        assert monthly[1]["num_articles"] == 3
        # Every month from the first to the last, both directions, zeros where nothing happened.
        assert [(r["period"].month, r["direction"]) for r in monthly] == [
            (m, d) for m in range(2, 7) for d in ("MLI->RUS", "RUS->MLI")]
        assert monthly[2] == {"period": dt.date(2023, 3, 1), "direction": "MLI->RUS", "q1": 0, "q2": 0, "q3": 0,
                              "q4": 0, "total": 0, "mean_intensity": None, "num_articles": 0}
        one_way = queries.timeline(con, "RUS", "MLI", by="week", both=False)
        assert len(one_way) == 19 and {r["direction"] for r in one_way} == {"RUS->MLI"}
        assert [(r["period"], r["total"]) for r in one_way if r["total"]] == [(dt.date(2023, 2, 6), 2),
                                                                             (dt.date(2023, 6, 12), 1)]
        assert queries.timeline(con, "RUS", "MLI", since="2024") == []
        with pytest.raises(ValueError, match="week, month, year"):
            queries.timeline(con, "RUS", "MLI", by="day")


def test_actors_and_dyads(store):
    with reading(store) as con:
        top = queries.actors(con, limit=2)
        assert [(a["key"], a["as_actor"], a["as_recipient"]) for a in top] == [("MLI", 1, 5), ("RUS", 3, 1)]
        pairs = queries.dyads(con, involving="ISM")
        assert [(d["actor_key"], d["recipient_key"], d["q4"]) for d in pairs] == [("ISM", "MLI", 2)]
        assert [d["actor_key"] for d in queries.dyads(con, recipient="RUS")] == ["MLI"]


def test_articles_and_article_detail(store):
    with reading(store) as con:
        assert [a["id"] for a in queries.articles(con, source="Agence A")] == ["a3", "a1"]
        detail = queries.article(con, "a1")
        assert detail["text"].startswith("Texte") and len(detail["events"]) == 3
        assert detail["events"][0]["evidence"]


def test_pledge_fulfilled_by_a_later_delivery(store):
    with reading(store) as con:
        (pledge,) = queries.pledges(con)
    assert pledge["state"] == "fulfilled"
    assert (pledge["announced"], pledge["fulfilled_date"], pledge["delay_days"]) == (
        dt.date(2023, 2, 7), dt.date(2023, 6, 14), 127)


def test_pledge_pending_without_delivery_and_lapsed_after_its_window(tmp_path):
    path = tmp_path / "s.duckdb"
    write(path, world()[:3])
    with reading(path) as con:
        assert [p["state"] for p in queries.pledges(con)] == ["pending"]
        assert [p["state"] for p in queries.pledges(con, as_of="2024-03")] == ["lapsed"]
        assert queries.pledges(con, state="fulfilled") == []


def test_python_api_returns_dataframes(store):
    db = dyad.open(store)
    frame = db.events(actor="RUS", recipient="MLI")
    assert isinstance(frame, pd.DataFrame) and len(frame) == 4
    assert list(db.timeline("RUS", "MLI")["total"]) == [1, 2, 0, 0, 0, 0, 0, 0, 0, 1]
    assert list(db.pledges()["state"]) == ["fulfilled"]
    assert set(db.actors()["key"]) == {"RUS", "MLI", "ISM"}
    assert len(db.merged(type="CONSULT")) == 1
    assert db.sql("SELECT count(*) AS n FROM mentions WHERE article_id = $a", {"a": "a1"})["n"][0] == 3
    with pytest.raises(StoreMissing):
        dyad.open(store.parent / "absent.duckdb")


def test_merged_tables_follow_a_change_of_merge_rules(fresh_store):
    store = fresh_store
    with reading(store) as con:
        assert queries.count_merged(con, type="ASSAULT") == 2
    loose = writer.merge.MergeRules({1: 3, 2: 3, 3: 3, 4: 30}, 2, 1000.0)
    writer.StoreWriter(store, rules=loose)
    with reading(store) as con:
        assert queries.count_merged(con, type="ASSAULT") == 1


def test_a_reader_waits_for_a_writer_instead_of_failing(store):
    holder = textwrap.dedent(f"""
        import sys, time, duckdb
        con = duckdb.connect({str(store)!r})
        print("locked", flush=True)
        time.sleep(1.5)
        con.close()
    """)
    process = subprocess.Popen([sys.executable, "-c", holder], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "locked"
        with pytest.raises(duckdb.IOException):
            duckdb.connect(str(store), read_only=True)
        with reading(store) as con:
            assert queries.summary(con)["articles"] == 4
    finally:
        process.wait(timeout=30)


def test_a_record_without_evidence_still_belongs_to_a_merged_event(tmp_path):
    path = tmp_path / "s.duckdb"
    bare = event("b1", "CONSULT", "FRA", "MLI", "2023-01-02", place=BAMAKO).model_copy(update={"evidence": []})
    write(path, [coded(article("b1", "2023-01-02"), bare), coded(A1), coded(A2)])
    with reading(path) as con:
        (merged,) = queries.merged_events(con)
        assert (merged["num_records"], merged["num_mentions"], merged["sentence"]) == (1, 0, None)
        assert queries.events(con)[0]["merged_id"] == merged["merged_id"]


def test_python_api_is_pandas_first(store):
    db = dyad.open(store)
    events = db.events(actor="RUS")
    for column in ("date", "day", "article_date"):
        assert pd.api.types.is_datetime64_any_dtype(events[column]), column
    monthly = db.timeline("RUS", "MLI", both=False).set_index("period")["total"].resample("QS").sum()
    assert list(monthly) == [2, 1]
    none = db.events(actor="RUS", since="1990", until="1990")
    assert none.empty and list(none.columns) == list(events.columns)
    assert pd.api.types.is_datetime64_any_dtype(none["date"])
    assert list(db.pledges(state="lapsed").columns) == list(db.pledges().columns)
    assert db.timeline("RUS", "MLI", since="2030").empty and "period" in db.timeline("RUS", "MLI", since="2030")


@pytest.mark.parametrize("call, message", [
    (lambda db: db.events(type="ATTACK"), "ASSAULT"),
    (lambda db: db.events(since="2023-13"), "2023-13"),
    (lambda db: db.events(actor="Atlantis"), "Atlantis"),
    (lambda db: db.events(quad=0), "1 to 4"),
    (lambda db: db.events(limit=0), "limit"),
    (lambda db: db.merged(order="confidence"), "articles"),
    (lambda db: db.timeline("RUS", "MLI", by="day"), "week, month, year"),
    (lambda db: db.pledges(state="kept"), "pending, fulfilled, lapsed"),
    (lambda db: db.pledges(as_of="2023-02-30"), "2023-02-30"),
    (lambda db: db.articles(since="last week"), "YYYY"),
])
def test_python_filters_raise_a_value_error_naming_the_choices(store, call, message):
    with pytest.raises(ValueError, match=message):
        call(dyad.open(store))


def test_a_misspelt_filter_is_an_error_not_every_row(store):
    with pytest.raises(TypeError, match="actr"):
        dyad.open(store).events(actr="RUS")
    with reading(store) as con, pytest.raises(TypeError, match="the filters are actor, recipient"):
        queries.events(con, actr="RUS")
