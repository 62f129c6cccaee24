"""Which event: later mentions of an event already reported join it (dyad/store/merge.py)."""

from __future__ import annotations

import datetime as dt
import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st
from store_kit import article, coded, event, snapshot, write

from dyad.store import merge
from dyad.store.connection import reading
from dyad.store.writer import event_row

RULES = merge.load_merge_rules()
# Sentences of our own; the trigger is each sentence's second word (store_kit.event).
FRESH = "Des militaires ont renversé hier le président à Niamey et suspendu la constitution."
DATED = "Depuis le 26 juillet, les militaires qui ont renversé le président tiennent Niamey."
KNOWN = "Le putsch des militaires contre le président a surpris Niamey."
VAGUE = "Un putsch des militaires contre le président a eu lieu à Niamey."
OTHER = "Le putsch manqué de mai visait le gouverneur de la région du fleuve."


def row(article_id: str, published: str, when: str | None, sentence: str, *, precision: str = "day",
        reason: str = "relative") -> dict:
    """A COERCE NER -> NER record as the store hands it to the merger."""
    art = article(article_id, published)
    record = event_row(event(article_id, "COERCE", "NER", "NER", when, sentence=sentence, precision=precision,
                             reason=reason), 0, art)
    start = sentence.index(sentence.split()[1])
    record.update(article_date=art.date, source=f"outlet-{article_id}", url=None,
                  evidence=[{"n": 0, "sentence": sentence, "sentence_start": 0, "trigger": sentence.split()[1],
                             "trigger_start": start, "trigger_end": start + len(sentence.split()[1])}])
    return record


def groups(rows: list[dict]) -> list[list[str]]:
    return sorted(sorted(r["article_id"] for r in members) for members in merge.cluster_block(rows, RULES))


def test_a_day_named_weeks_later_is_a_dated_reference_to_that_days_event():
    assert merge.referred_days(row("b", "2023-08-20", "2023-07-26", DATED), RULES) is not None
    assert merge.referred_days(row("c", "2023-07-28", "2023-07-26", DATED), RULES) is None


def test_later_mentions_of_the_coup_are_reports_of_it_not_new_events():
    rows = [row("a", "2023-07-27", "2023-07-26", FRESH),
            row("b", "2023-08-20", "2023-07-26", DATED),                       # "le 26 juillet", weeks later
            row("c", "2023-09-15", "2023-09-15", KNOWN, reason="publication"),  # "le putsch", no date
            row("d", "2023-08-10", "2023-07-01", KNOWN, precision="month"),     # "fin juillet", in August
            row("e", "2023-10-02", None, KNOWN, reason="reminder")]
    assert groups(rows) == [["a", "b", "c", "d", "e"]]


def test_dated_references_make_one_event_where_no_report_of_the_day_is_stored():
    rows = [row("b", "2023-08-20", "2023-07-26", DATED), row("f", "2023-10-01", "2023-07-26", DATED),
            row("c", "2023-09-15", "2023-09-15", KNOWN, reason="publication")]
    assert groups(rows) == [["b", "c", "f"]]


def test_a_mention_that_does_not_name_the_event_as_known_is_its_own_event():
    rows = [row("a", "2023-07-27", "2023-07-26", FRESH),
            row("g", "2023-09-15", "2023-09-15", VAGUE, reason="publication")]
    assert groups(rows) == [["a"], ["g"]]


def test_a_reference_sharing_no_words_with_the_known_event_stands_alone():
    rows = [row("a", "2023-07-27", "2023-07-26", FRESH),
            row("h", "2023-09-15", "2023-09-15", OTHER, reason="publication")]
    assert groups(rows) == [["a"], ["h"]]


def test_a_reference_joins_the_event_reported_around_its_own_date_before_an_older_one():
    old = [row(name, "2023-07-27", "2023-07-26", FRESH) for name in ("a1", "a2", "a3")]
    fresh = row("n", "2023-09-14", "2023-09-14", FRESH)
    mention = row("m", "2023-09-15", "2023-09-15", KNOWN, reason="publication")
    assert groups([*old, fresh, mention]) == [["a1", "a2", "a3"], ["m", "n"]]


def test_of_older_events_a_reference_joins_the_one_most_articles_report():
    big = [row(name, "2023-07-27", "2023-07-26", FRESH) for name in ("a1", "a2", "a3")]
    small = row("s", "2023-05-03", "2023-05-02", FRESH)
    mention = row("m", "2023-09-15", "2023-09-15", KNOWN, reason="publication")
    assert groups([*big, small, mention]) == [["a1", "a2", "a3", "m"], ["s"]]


def test_references_past_the_year_before_publication_refer_to_nothing_older():
    rows = [row("a", "2022-07-27", "2022-07-26", FRESH),
            row("c", "2023-09-15", "2023-09-15", KNOWN, reason="publication")]
    assert groups(rows) == [["a"], ["c"]]


def test_references_do_not_depend_on_input_order():
    rows = [row("a", "2023-07-27", "2023-07-26", FRESH), row("b", "2023-08-20", "2023-07-26", DATED),
            row("c", "2023-09-15", "2023-09-15", KNOWN, reason="publication"),
            row("n", "2023-09-14", "2023-09-14", FRESH), row("h", "2023-09-15", "2023-09-15", OTHER,
                                                             reason="publication")]
    expected = groups(rows)
    for permutation in itertools.permutations(rows):
        assert groups(list(permutation)) == expected


def _coded(article_id: str, published: str, when: str | None, sentence: str, reason: str = "relative",
           precision: str = "day") -> tuple:
    return coded(article(article_id, published, text=f"Article {article_id}."),
                 event(article_id, "COERCE", "NER", "NER", when, sentence=sentence, reason=reason,
                       precision=precision))


def test_a_store_merged_batch_by_batch_equals_one_merged_at_once_with_references(tmp_path):
    items = [_coded("c", "2023-09-15", "2023-09-15", KNOWN, reason="publication"),
             _coded("b", "2023-08-20", "2023-07-26", DATED),
             _coded("e", "2023-10-02", None, KNOWN, reason="reminder"),
             _coded("a", "2023-07-27", "2023-07-26", FRESH),
             _coded("n", "2023-09-14", "2023-09-14", FRESH),
             _coded("d", "2023-08-10", "2023-07-01", KNOWN, precision="month")]
    write(tmp_path / "batches.duckdb", *([item] for item in items))
    write(tmp_path / "once.duckdb", items)
    assert snapshot(tmp_path / "batches.duckdb") == snapshot(tmp_path / "once.duckdb")
    with reading(tmp_path / "once.duckdb") as con:
        merged = con.execute("SELECT count(*), max(num_articles) FROM merged_events").fetchone()
    assert merged == (2, 4)   # the coup (a, b, d, e) and the September event with its mention (n, c)


def test_the_merged_event_keeps_its_reports_date_and_place_and_counts_every_mention():
    rows = [row("a", "2023-07-27", "2023-07-26", FRESH), row("b", "2023-08-20", "2023-07-26", DATED),
            row("c", "2023-09-15", "2023-09-15", KNOWN, reason="publication"),
            row("d", "2023-08-10", "2023-07-01", KNOWN, precision="month")]   # "fin juillet": the month only
    (merged,), _, mentions = merge.merge_records(rows, RULES)
    assert (merged["date"], merged["date_end"]) == (dt.date(2023, 7, 26), dt.date(2023, 7, 26))
    assert (merged["first_seen"], merged["last_seen"], merged["num_articles"]) == (
        dt.date(2023, 7, 27), dt.date(2023, 9, 15), 4)
    assert [m["article_id"] for m in mentions] == ["a", "d", "b", "c"]


SENTENCES = [KNOWN, FRESH, DATED, VAGUE, OTHER, "Cette attaque des militaires a visé le président à Niamey."]
# (days after 20 July 2023 it is published, how its text dates it, which sentence)
MENTION = st.tuples(st.integers(0, 120), st.sampled_from(["own", "dated", "publication", "story", "reminder", "month"]),
                    st.integers(0, len(SENTENCES) - 1))


def _mention(n: int, mention: tuple) -> tuple:
    published, kind, sentence = mention
    day = dt.date(2023, 7, 20) + dt.timedelta(days=published)
    when, reason, precision = {
        "own": (day - dt.timedelta(days=1), "relative", "day"),
        "dated": (min(day, dt.date(2023, 7, 26)), "relative", "day"),
        "publication": (day, "publication", "day"), "story": (day - dt.timedelta(days=1), "story", "day"),
        "reminder": (None, "reminder", "day"), "month": (dt.date(2023, 7, 1), "relative", "month")}[kind]
    record = event(f"m{n:02d}", "COERCE", "NER", "NER", when.isoformat() if when else None,
                   sentence=SENTENCES[sentence], reason=reason, precision=precision)
    if when is None:
        record = record.model_copy(update={"date_reason": "reminder"})
    return coded(article(f"m{n:02d}", day.isoformat(), text=f"Article {n}."), record)


@settings(max_examples=10, deadline=None)
@given(mentions=st.lists(MENTION, min_size=2, max_size=10), seed=st.integers(0, 1000),
       cuts=st.lists(st.integers(1, 3), max_size=10))
def test_references_merged_batch_by_batch_in_any_order_equal_one_batch(tmp_path_factory, mentions, seed, cuts):
    folder = tmp_path_factory.mktemp("references")
    items = [_mention(n, m) for n, m in enumerate(mentions)]
    shuffled = random.Random(seed).sample(items, len(items))
    batches, start = [], 0
    for size in cuts + [len(shuffled)]:
        if start < len(shuffled):
            batches.append(shuffled[start:start + size])
            start += size
    write(folder / "batches.duckdb", *batches)
    write(folder / "once.duckdb", items)
    assert snapshot(folder / "batches.duckdb") == snapshot(folder / "once.duckdb")


def test_an_event_named_as_known_on_the_day_of_the_statement_recalling_it_joins_that_event():
    rows = [row("a", "2023-07-27", "2023-07-26", FRESH), row("a2", "2023-07-27", "2023-07-26", FRESH),
            row("s", "2023-07-28", "2023-07-28", KNOWN)]  # "le ministre a condamné lundi le putsch"
    assert groups(rows) == [["a", "a2", "s"]]
    # Named without the article, the same day makes another event: the window of material conflict is a day.
    assert groups([*rows[:2], row("v", "2023-07-28", "2023-07-28", VAGUE)]) == [["a", "a2"], ["v"]]
