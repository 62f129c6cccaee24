"""`dyad code` end to end: our examples, and the seed from ../shared in its three shapes."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from dyad.cli import main
from dyad.records import Event

ROOT = Path(__file__).resolve().parent.parent
FIELDS = {"article_id", "event_type", "mode", "contexts", "status", "actor", "recipient", "date", "location",
          "evidence", "confidence", "quad_class"}


def _code(capsys, *argv) -> list[dict]:
    assert main(["code", *map(str, argv)]) == 0
    out = capsys.readouterr().out
    return [json.loads(line) for line in out.splitlines()]


def _assert_valid(records: list[dict], article_text: str | None = None) -> None:
    assert records, "no events"
    for record in records:
        assert FIELDS <= record.keys()
        assert {"text", "code", "sector", "name"} <= record["actor"].keys() & record["recipient"].keys()
        event = Event.model_validate(record)
        for evidence in event.evidence:
            assert evidence.trigger_start < evidence.trigger_end
            if article_text is not None:
                assert article_text[evidence.trigger_start:evidence.trigger_end] == evidence.trigger


def test_examples_give_events(capsys):
    records = _code(capsys, ROOT / "examples" / "articles.jsonl")
    _assert_valid(records)
    assert {r["article_id"] for r in records} >= {"ex-fr-cedeao-sanctions", "ex-en-wheat-pledge"}


def test_seed_jsonl(shared, capsys):
    seed = json.loads((shared / "seed" / "seed.jsonl").read_text(encoding="utf-8"))
    _assert_valid(_code(capsys, shared / "seed" / "seed.jsonl"), seed["text"])


def test_seed_txt_with_lang_and_date(shared, capsys):
    path = shared / "seed" / "lavrov-bamako-2023-02-07.txt"
    records = _code(capsys, "--lang", "fr", "--date", "2023-02-07", path)
    _assert_valid(records, path.read_text(encoding="utf-8"))
    assert {r["article_id"] for r in records} == {"lavrov-bamako-2023-02-07"}


def test_seed_as_html_page(shared, capsys, tmp_path):
    seed = json.loads((shared / "seed" / "seed.jsonl").read_text(encoding="utf-8"))
    title, *paragraphs = [p for p in seed["text"].split("\n") if p.strip()]
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    page = tmp_path / "lavrov.html"
    page.write_text(f"<html><head><title>{html.escape(title)}</title>"
                    f'<meta property="article:published_time" content="2023-02-07"></head>'
                    f"<body><nav>Menu</nav><article><h1>{html.escape(title)}</h1>{body}</article></body></html>",
                    encoding="utf-8")
    records = _code(capsys, page)
    _assert_valid(records)
    assert {r["event_type"] for r in records} & {"CONSULT", "AID"}


def test_plover_format_has_one_id_per_record_and_the_story_date(capsys):
    path = ROOT / "examples" / "articles.jsonl"
    plover = _code(capsys, "--format", "plover", path)
    assert plover and {"event_type", "source", "target", "context", "mode", "date", "story_date"} <= plover[0].keys()
    assert len({p["id"] for p in plover}) == len(plover)
    published = {json.loads(line)["id"]: json.loads(line)["date"] for line in path.read_text(encoding="utf-8").splitlines()}
    assert all(p["story_date"] == published[p["source_article"]] for p in plover)


@pytest.mark.parametrize("width", [80, 200])
def test_table_format_fits_the_terminal_width_it_is_given(capsys, monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    assert main(["code", "--format", "table", str(ROOT / "examples" / "articles.jsonl")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= width
    assert {"date", "actor", "type", "recipient", "status"} <= set(lines[0].split())
    assert ("ex-fr-cedeao-sanctions" in "\n".join(lines)) == (width >= 100)
    assert all(re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", line.split()[0 if width < 100 else 1]) for line in lines[2:])
