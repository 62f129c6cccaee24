"""Merging records into events, and following pledges: pure functions over record rows."""

from __future__ import annotations

import datetime as dt
import itertools
import subprocess
import sys

import pytest
from store_kit import BAMAKO, GAO, MENAKA, NIAMEY, article, event

from dyad.store import merge
from dyad.store.writer import event_row

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
