"""The dashboard's small pure parts: highlighting by offsets, links, labels, the serve verb."""

from __future__ import annotations

import argparse
import time

import pytest

from dyad.api.highlight import Span, evidence_segments, segments
from dyad.api.views import label, web_link
from dyad.commands import serve


def test_segments_cover_the_text_and_drop_bad_or_overlapping_spans():
    text = "Paris a condamné Bamako."
    spans = [Span(8, 16, "trigger"), Span(0, 5, "actor"), Span(10, 20, "recipient"), Span(30, 40, "actor"),
             Span(4, 2, "actor")]
    got = [(s["text"], s["kind"]) for s in segments(text, spans)]
    assert got == [("Paris", "actor"), (" a ", None), ("condamné", "trigger"), (" Bamako.", None)]


def test_evidence_marks_trigger_by_offset_and_sides_by_text():
    sentence = "Hier, la Russie a livré du blé au Mali."
    got = evidence_segments(sentence, 100, 116, 123, "la russie", "Mali")
    assert [(s["text"], s["kind"]) for s in got if s["kind"]] == [
        ("la Russie", "actor"), ("a livré", "trigger"), ("Mali", "recipient")]
    assert "".join(s["text"] for s in got) == sentence


def test_evidence_with_markup_in_the_text_is_only_cut_never_interpreted():
    sentence = "<b>Mali</b> a <i>dit</i>"
    got = evidence_segments(sentence, 0, 12, 13, "<b>Mali</b>", None)
    assert [(s["text"], s["kind"]) for s in got] == [("<b>Mali</b>", "actor"), (" ", None), ("a", "trigger"),
                                                     (" <i>dit</i>", None)]


@pytest.mark.parametrize("url, link", [
    ("https://example.org/a?b=1", "https://example.org/a?b=1"),
    ("HTTP://example.org/", "HTTP://example.org/"),
    ("javascript:alert(1)", None),
    ("data:text/html,<script>x</script>", None),
    ("//example.org/no-scheme", None),
    ("https:///no-host", None),
    ("", None),
    (None, None),
])
def test_only_http_links_are_followed(url, link):
    assert web_link(url) == link


def test_labels():
    assert label("MLI") == "Mali"
    assert label("RUS") == "Russia"
    assert label("UNO") == "United Nations"
    assert label("IGO:ECOWAS") == "ECOWAS"
    assert label("Lavrov") == "Lavrov"


def test_serve_verb(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    serve.register(parser)
    args = parser.parse_args(["--db", str(tmp_path / "x.duckdb")])
    assert (args.host, args.port) == ("127.0.0.1", 8000)
    assert args.func(args) == 2
    assert "no store" in capsys.readouterr().out


def test_read_lease_shares_a_burst_then_hands_the_file_back(tmp_path, monkeypatch):
    from api_store import build_store

    from dyad.api import deps
    from dyad.store.connection import writing

    monkeypatch.setattr(deps, "IDLE_CLOSE_S", 0.05)
    db = build_store(tmp_path / "dyad.duckdb")
    lease = deps.ReadLease(db)
    first, second = lease.acquire(), lease.acquire()
    assert first is second
    lease.release()
    lease.release()
    time.sleep(0.3)
    with writing(db, wait_s=0) as con:  # the idle lease has let go: a writer gets the file at once
        assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 12
    again = lease.acquire()
    assert again is not first and again.execute("SELECT count(*) FROM events").fetchone()[0] == 22
    lease.release()
    lease.close()


def test_read_lease_lets_go_after_max_hold(tmp_path, monkeypatch):
    from api_store import build_store

    from dyad.api import deps

    monkeypatch.setattr(deps, "MAX_HOLD_S", 0.0)
    monkeypatch.setattr(deps, "GAP_S", 0.2)
    lease = deps.ReadLease(build_store(tmp_path / "dyad.duckdb"))
    first = lease.acquire()
    lease.release()
    started = time.monotonic()
    second = lease.acquire()
    assert second is not first and time.monotonic() - started >= 0.2
    lease.release()
    lease.close()
