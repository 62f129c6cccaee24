"""Merging records into events, and following pledges: pure functions over record rows."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from store_kit import BAMAKO, GAO, MENAKA, NIAMEY, article, coded, event, snapshot, write

from dyad.store import merge
from dyad.store.connection import reading
from dyad.store.writer import event_row, span_sql

RULES = merge.load_merge_rules()
PLEDGE_RULES = merge.load_pledge_rules()


def row(article_id: str, published: str, *args, source: str | None = None,
        text: str = "Phrase de test.", **kwargs) -> dict:
    """A record row as the store hands it to the merger (event columns + article date and source)."""
    art = article(article_id, published)
    record = event_row(event(article_id, *args, **kwargs), 0, art)
    record.update(article_date=art.date, source=source or f"outlet-{article_id}", url=None,
                  evidence=[{"n": 0, "sentence": text, "sentence_start": 0, "trigger": "test",
                             "trigger_start": 9, "trigger_end": 13}])
    return record


def groups(rows: list[dict]) -> list[list[str]]:
    return sorted(sorted(r["article_id"] for r in members) for members in merge.cluster_block(rows, RULES))


def test_the_same_attack_reported_by_three_outlets_is_one_event():
    rows = [row("a", "2023-03-02", "ASSAULT", "ISM", "MLI", "2023-03-01", place=GAO),
            row("b", "2023-03-02", "ASSAULT", "ISM", "MLI", "2023-03-02", place=None),
            row("c", "2023-03-03", "ASSAULT", "ISM", "MLI", "2023-03-01", place=GAO)]
    assert groups(rows) == [["a", "b", "c"]]


def test_attacks_on_different_days_or_in_distant_towns_stay_distinct():
    rows = [row("a", "2023-03-02", "ASSAULT", "ISM", "MLI", "2023-03-01", place=GAO),
            row("b", "2023-03-05", "ASSAULT", "ISM", "MLI", "2023-03-04", place=GAO),
            row("c", "2023-03-02", "ASSAULT", "ISM", "MLI", "2023-03-01", place=MENAKA)]
    assert groups(rows) == [["a"], ["b"], ["c"]]


def test_attacks_in_different_countries_never_merge_but_a_missing_place_does():
    a = row("a", "2023-03-02", "ASSAULT", "ISM", "MLI", "2023-03-01", place=BAMAKO)
    b = row("b", "2023-03-02", "ASSAULT", "ISM", "MLI", "2023-03-01", place=NIAMEY)
    c = row("c", "2023-03-02", "ASSAULT", "ISM", "MLI", "2023-03-02")
    assert not merge.compatible(a, b, RULES)
    assert merge.compatible(a, c, RULES) and merge.compatible(b, c, RULES)


def test_places_do_not_split_verbal_or_cooperative_events_whose_place_is_often_a_dateline():
    a = row("a", "2023-03-02", "CONSULT", "RUS", "MLI", "2023-03-01", place=BAMAKO)
    b = row("b", "2023-03-02", "CONSULT", "RUS", "MLI", "2023-03-01", place=NIAMEY)
    assert merge.compatible(a, b, RULES)


def test_two_records_of_one_article_are_two_events():
    a = row("a", "2023-03-02", "ASSAULT", "ISM", "MLI", "2023-03-01", place=GAO)
    assert not merge.compatible(a, dict(a, idx=1, event_id="a:1"), RULES)


def test_statements_merge_within_three_days_not_beyond():
    a = row("a", "2023-03-02", "ACCUSE", "MLI", "FRA", "2023-03-01")
    assert merge.compatible(a, row("b", "2023-03-05", "ACCUSE", "MLI", "FRA", "2023-03-04"), RULES)
    assert not merge.compatible(a, row("c", "2023-03-06", "ACCUSE", "MLI", "FRA", "2023-03-05"), RULES)


def test_reports_that_share_no_content_word_are_two_events_even_across_languages():
    fr = row("a", "2023-03-02", "ACCUSE", "NER", "FRA", "2023-03-01",
             text="Niamey accuse Paris d'avoir violé son espace aérien.")
    en = row("b", "2023-03-02", "ACCUSE", "NER", "FRA", "2023-03-01",
             text="Niamey says Paris violated its airspace.")
    other = row("c", "2023-03-02", "ACCUSE", "NER", "FRA", "2023-03-01",
                text="Le gouvernement dénonce la suspension des visas étudiants.")
    assert merge.evidence_words(fr) == {"niamey", "accuse", "paris", "violé", "espace", "aérien"}
    assert merge.compatible(fr, en, RULES)
    assert not merge.compatible(fr, other, RULES) and not merge.compatible(en, other, RULES)
    bare = dict(other, evidence=[], words=frozenset())
    assert merge.compatible(fr, bare, RULES)


def test_dates_of_month_precision_cover_their_month_and_undated_records_their_publication():
    month = row("a", "2023-03-30", "AID", "RUS", "MLI", "2023-03-01", precision="month")
    assert merge.span(month, RULES) == (dt.date(2023, 3, 1), dt.date(2023, 3, 31))
    undated = row("b", "2023-03-10", "AID", "RUS", "MLI", None)
    assert merge.span(undated, RULES) == (dt.date(2023, 3, 8), dt.date(2023, 3, 10))
    by_publication = row("c", "2023-03-10", "AID", "RUS", "MLI", "2023-03-10", reason="publication")
    assert merge.span(by_publication, RULES) == merge.span(undated, RULES)
    assert merge.compatible(month, undated, RULES)


def test_a_chain_of_near_dates_does_not_stretch_one_event_over_a_week():
    rows = [row(name, f"2023-03-0{day}", "CONSULT", "RUS", "MLI", f"2023-03-0{day}") for name, day in
            (("a", 1), ("b", 3), ("c", 5), ("d", 7))]
    assert groups(rows) == [["a", "b"], ["c", "d"]]


def test_clusters_do_not_depend_on_input_order():
    rows = [row("a", "2023-03-02", "ASSAULT", "ISM", "MLI", "2023-03-01", place=GAO),
            row("b", "2023-03-02", "ASSAULT", "ISM", "MLI", "2023-03-02"),
            row("c", "2023-03-03", "ASSAULT", "ISM", "MLI", "2023-03-02", place=MENAKA),
            row("d", "2023-03-04", "ASSAULT", "ISM", "MLI", "2023-03-03", place=MENAKA)]
    expected = groups(rows)
    for permutation in itertools.permutations(rows):
        assert groups(list(permutation)) == expected


def test_merged_event_counts_articles_sources_mentions_and_keeps_the_best_place():
    rows = [row("a", "2023-03-02", "ASSAULT", "ISM", "MLI", "2023-03-01", source="Agence"),
            row("b", "2023-03-03", "ASSAULT", "ISM", "MLI", "2023-03-01", place=GAO, source="Agence"),
            row("c", "2023-03-04", "ASSAULT", "ISM", "MLI", "2023-03-02", place=GAO, source="Radio")]
    merged, links, mentions = merge.merge_records(rows, RULES)
    (one,) = merged
    assert (one["num_articles"], one["num_sources"], one["num_mentions"], one["num_records"]) == (3, 2, 3, 3)
    assert (one["date"], one["date_end"]) == (dt.date(2023, 3, 1), dt.date(2023, 3, 2))
    assert (one["first_seen"], one["last_seen"]) == (dt.date(2023, 3, 2), dt.date(2023, 3, 4))
    assert one["place_name"] == "Gao" and one["merged_id"] == merge.merged_id("a:0")
    assert [link["event_id"] for link in links] == ["a:0", "b:0", "c:0"]
    assert [m["article_id"] for m in mentions] == ["a", "b", "c"]


def test_blocks_keep_statuses_types_and_directions_apart():
    rows = [row("a", "2023-03-02", "AID", "RUS", "MLI", "2023-03-01"),
            row("b", "2023-03-02", "AID", "RUS", "MLI", "2023-03-01", status="intended"),
            row("c", "2023-03-02", "AID", "MLI", "RUS", "2023-03-01"),
            row("d", "2023-03-02", "COOPERATE", "RUS", "MLI", "2023-03-01")]
    merged, _, _ = merge.merge_records(rows, RULES)
    assert len(merged) == 4


WORDS = ["Gao", "Ménaka", "Bamako", "attaque", "convoi", "camp", "village", "poste"]
REPORT = st.tuples(st.integers(0, 40), st.integers(0, 3), st.sampled_from([None, "day", "day", "month", "publication"]),
                   st.sampled_from([None, GAO, MENAKA, BAMAKO]), st.lists(st.sampled_from(WORDS), min_size=1, max_size=3))


def report_row(n: int, report: tuple, event_type: str, version: int = 0) -> dict:
    """A report of one block: published on day `published`, dated `lag` days before it."""
    published, lag, precision, place, words = report
    day = dt.date(2023, 3, 1) + dt.timedelta(days=published)
    when = None if precision is None else (day - dt.timedelta(days=lag)).isoformat()
    kind = {"publication": ("day", "publication")}.get(precision or "", (precision or "day", "explicit"))
    record = row(f"r{n:03d}", day.isoformat(), event_type, "ISM", "MLI", when, place=place, precision=kind[0],
                 reason=kind[1], text=" ".join(words) + f" v{version}")
    record["merged_id"] = None
    return record


def _incremental(batches: list[list[dict]]) -> list[list[str]]:
    """Cluster batch after batch, as the writer does: each batch's records are new, and a record of
    an article seen before replaces the older one (which is gone)."""
    current: dict[str, dict] = {}
    assigned: dict[str, str] = {}
    for batch in batches:
        gone = [dict(current[r["event_id"]], merged_id=assigned[r["event_id"]]) for r in batch if r["event_id"] in current]
        for record in batch:
            current[record["event_id"]] = record
            assigned.pop(record["event_id"], None)
        fresh = [{k: v for k, v in r.items() if k not in ("days", "words")} for r in current.values()]
        result = merge.recluster(fresh, RULES, before=dict(assigned), gone=gone)
        assigned = {m["event_id"]: cluster_id for cluster_id, members in result.clusters.items() for m in members}
    return sorted(sorted(assigned_ids) for assigned_ids in _groups_of(assigned))


def _groups_of(assigned: dict[str, str]) -> list[list[str]]:
    by_cluster: dict[str, list[str]] = {}
    for event_id, cluster in assigned.items():
        by_cluster.setdefault(cluster, []).append(event_id)
    return list(by_cluster.values())


@settings(max_examples=150, deadline=None)
@given(reports=st.lists(REPORT, min_size=1, max_size=30), cuts=st.lists(st.integers(1, 6), max_size=12),
       rewrites=st.lists(st.tuples(st.integers(0, 29), REPORT), max_size=4),
       event_type=st.sampled_from(["ASSAULT", "ACCUSE"]))
def test_clustering_batch_by_batch_gives_the_partition_of_one_pass_over_all_records(reports, cuts, rewrites,
                                                                                   event_type):
    """Windows of 1 day (material conflict, where places count) and 3 days (statements)."""
    rows = [report_row(n, r, event_type) for n, r in enumerate(reports)]
    batches, start = [], 0
    for size in cuts + [len(rows)]:
        if start < len(rows):
            batches.append(rows[start:start + size])
            start += size
    replaced = {n % len(rows): report_row(n % len(rows), r, event_type, version=1) for n, r in rewrites}
    batches.extend([record] for record in replaced.values())
    final = [replaced.get(n, record) for n, record in enumerate(rows)]
    one_pass = sorted(sorted(m["event_id"] for m in members) for members in merge.cluster_block(final, RULES))
    assert _incremental(batches) == one_pass



def _plain_greedy(records: list[dict]) -> list[list[str]]:
    """The clustering rule written plainly (every record against every member of every cluster)."""
    clusters: list[list[dict]] = []
    for record in sorted(records, key=lambda r: merge._order(r, RULES)):
        when = merge.span(record, RULES)
        best, best_gap = None, None
        for index, members in enumerate(clusters):
            if all(merge.compatible(record, member, RULES) for member in members):
                gap = min(merge.gap_days(when, merge.span(member, RULES)) for member in members)
                if best_gap is None or gap < best_gap:
                    best, best_gap = index, gap
        if best is None:
            clusters.append([record])
        else:
            clusters[best].append(record)
    return sorted(sorted(m["event_id"] for m in members) for members in clusters)


@settings(max_examples=150, deadline=None)
@given(reports=st.lists(REPORT, min_size=1, max_size=40), event_type=st.sampled_from(["ASSAULT", "ACCUSE"]),
       vague=st.lists(st.sampled_from(["month", "year", "undated"]), max_size=3))
def test_the_indexed_pass_gives_the_partition_of_the_plain_rule(reports, event_type, vague):
    rows = [report_row(n, r, event_type) for n, r in enumerate(reports)]
    for n, kind in enumerate(vague):   # spans of a month, a year, or no date at all
        extra = row(f"v{n}", "2023-03-20", event_type, "ISM", "MLI", None if kind == "undated" else "2023-03-20",
                    precision="day" if kind == "undated" else kind)
        rows.append(dict(extra, article_date=None) if kind == "undated" else extra)
    found = sorted(sorted(m["event_id"] for m in members) for members in merge.cluster_block(rows, RULES))
    assert found == _plain_greedy([{k: v for k, v in r.items() if k not in ("days", "words")} for r in rows])



def _store_report(n: int, report: tuple, version: int = 0) -> tuple:
    """The same kind of report as `report_row`, as a coded article for the store."""
    published, lag, precision, place, words = report
    day = dt.date(2023, 3, 1) + dt.timedelta(days=published)
    when = None if precision is None else (day - dt.timedelta(days=lag)).isoformat()
    kind = {"publication": ("day", "publication")}.get(precision or "", (precision or "day", "explicit"))
    sentence = "Des hommes armés " + " ".join(words) + f" ({version})."
    return coded(article(f"r{n:03d}", day.isoformat(), text=f"Article {n} version {version}."),
                 event(f"r{n:03d}", "ASSAULT", "ISM", "MLI", when, place=place, precision=kind[0], reason=kind[1],
                       sentence=sentence))


@settings(max_examples=12, deadline=None)
@given(reports=st.lists(REPORT, min_size=2, max_size=24), cuts=st.lists(st.integers(1, 5), max_size=8),
       rewrites=st.lists(st.tuples(st.integers(0, 23), REPORT), max_size=3))
def test_a_store_merged_batch_by_batch_equals_one_merged_at_once(tmp_path_factory, reports, cuts, rewrites):
    """The writer reads only the records near a batch's; whatever the batches, the merged tables
    are those of one batch of the final records."""
    folder = tmp_path_factory.mktemp("merge")
    items = [_store_report(n, r) for n, r in enumerate(reports)]
    batches, start = [], 0
    for size in cuts + [len(items)]:
        if start < len(items):
            batches.append(items[start:start + size])
            start += size
    replaced = {n % len(items): _store_report(n % len(items), r, version=1) for n, r in rewrites}
    batches.extend([item] for item in replaced.values())
    write(folder / "batches.duckdb", *batches)
    write(folder / "once.duckdb", [replaced.get(n, item) for n, item in enumerate(items)])
    assert snapshot(folder / "batches.duckdb") == snapshot(folder / "once.duckdb")


def test_the_stores_spans_are_the_merge_rules_spans(tmp_path):
    path = tmp_path / "spans.duckdb"
    undated = article("u", "2023-03-09")
    write(path, [coded(article("d", "2023-03-10"), event("d", "ACCUSE", "MLI", "FRA", "2023-03-08"),
                       event("d", "AID", "MLI", "FRA", "2023-03-08", precision="month"),
                       event("d", "AGREE", "MLI", "FRA", "2023-01-01", precision="year"),
                       event("d", "REJECT", "MLI", "FRA", "2023-03-10", reason="publication"),
                       event("d", "THREATEN", "MLI", "FRA", None)),
                 coded(undated.model_copy(update={"date": None}), event("u", "ACCUSE", "MLI", "FRA", None),
                       event("u", "AID", "MLI", "FRA", "2024-02-29", precision="month"))])
    start, end = span_sql(RULES)
    with reading(path) as con:
        rows = con.execute(f"""SELECT e.event_id, e.date, e.date_precision, e.date_reason, a.date, {start}, {end}
                               FROM events e JOIN articles a ON a.id = e.article_id""").fetchall()
    assert len(rows) == 7
    for event_id, date, precision, reason, published, first, last in rows:
        record = {"date": date, "date_precision": precision, "date_reason": reason, "article_date": published}
        assert merge.span(record, RULES) == ((first, last) if first else None), event_id


def pledge(**overrides) -> dict:
    base = {"merged_id": "m-pledge", "event_type": "AID", "actor_key": "RUS", "recipient_key": "MLI",
            "contexts": ["humanitarian"], "first_seen": dt.date(2023, 2, 7), "date": dt.date(2023, 2, 7),
            "num_articles": 2, "sentence": "promesse"}
    return base | overrides


def delivery(merged_id: str, when: str, **overrides) -> dict:
    base = {"merged_id": merged_id, "event_type": "AID", "actor_key": "RUS", "recipient_key": "MLI",
            "contexts": ["humanitarian"], "date": dt.date.fromisoformat(when), "sentence": "livraison"}
    return base | overrides


@pytest.mark.parametrize(("occurred", "as_of", "state", "by"), [
    ([], dt.date(2023, 12, 30), "pending", None),
    ([], dt.date(2024, 2, 8), "lapsed", None),
    ([delivery("m-late", "2023-09-01"), delivery("m-early", "2023-05-02")], dt.date(2023, 12, 30), "fulfilled", "m-early"),
    ([delivery("m-before", "2023-01-15")], dt.date(2023, 12, 30), "pending", None),
    ([delivery("m-same-day", "2023-02-07")], dt.date(2023, 12, 30), "pending", None),
    ([delivery("m-too-late", "2024-03-01")], dt.date(2024, 3, 5), "lapsed", None),
    ([delivery("m-arms", "2023-05-02", contexts=["military"])], dt.date(2023, 12, 30), "pending", None),
    ([delivery("m-any", "2023-05-02", contexts=[])], dt.date(2023, 12, 30), "fulfilled", "m-any"),
    ([delivery("m-other", "2023-05-02", recipient_key="BFA")], dt.date(2023, 12, 30), "pending", None),
    ([delivery("m-own", "2023-05-02")], dt.date(2023, 12, 30), "pending", None),
])
def test_pledge_states(occurred, as_of, state, by):
    articles_of = {"m-pledge": {"p1", "p2"}, "m-own": {"p2"}}
    (result,) = merge.pledge_states([pledge()], occurred, articles_of, PLEDGE_RULES, as_of)
    assert (result["state"], result["fulfilled_by"]) == (state, by)
    assert result["deadline"] == dt.date(2024, 2, 7)
    if by == "m-early":
        assert result["delay_days"] == 84


def test_a_pledge_naming_a_later_date_gets_its_window_from_that_date():
    (result,) = merge.pledge_states([pledge(event_type="CONSULT", date=dt.date(2023, 6, 1))], [], {},
                                    PLEDGE_RULES, dt.date(2023, 8, 1))
    assert (result["state"], result["deadline"]) == ("pending", dt.date(2023, 8, 30))


def test_intended_events_of_types_without_a_window_are_not_pledges():
    assert merge.pledge_states([pledge(event_type="ASSAULT")], [], {}, PLEDGE_RULES, None) == []


def test_the_packaged_stop_words_are_spacys_french_and_english_lists():
    from spacy.lang.en.stop_words import STOP_WORDS as EN
    from spacy.lang.fr.stop_words import STOP_WORDS as FR

    assert merge.STOP_WORDS == FR | EN


def test_merging_imports_no_spacy():
    probe = "import sys, dyad.store.merge; print(sorted(m for m in sys.modules if m.split('.')[0] == 'spacy'))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
