"""Property tests: whatever text comes in, the readers and the pipeline do not raise, every evidence
offset points inside its article at the very words it quotes, and every record validates.

Texts are built from our own event sentences mixed with arbitrary Unicode (controls, emoji, right-to-
left script, combining marks, odd spaces), so that events are found at shifted offsets among junk.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.ingest.errors import Skipped
from dyad.ingest.readers import Reader
from dyad.pipeline import INTERNAL_ERROR, Pipeline
from dyad.plover import to_plover
from dyad.records import Article, Event

pytestmark = pytest.mark.slow

SENTENCES = [
    "Le président nigérien a rencontré le Premier ministre malien à Niamey.",
    "La CEDEAO a imposé des sanctions au Mali.",
    "Les manifestants ont dénoncé la présence des troupes françaises à Bamako.",
    "Le Mali et le Burkina Faso ont convenu de renforcer leur coopération.",
    "The foreign minister of Senegal met his Gambian counterpart in Dakar.",
    "Russia delivered two helicopters to the Malian army.",
    "Mali accused France of violating its airspace.",
    "Protesters in Niamey denounced the junta.",
]
ODD = ["\u200b", "\u200f", "\u202e", "\u00a0", "\ufeff", "\r\n", "\n\n", "\t", "🇲🇱", "🙏🏽", "مرحبا", "e\u0301",
       "\x00", "\x1b[31m", "\ud800", "«", "»", "…", "M.", "col.", "...", "?!", "(", ")", '"', "’"]
SEPARATORS = st.sampled_from([" ", "", "\n", "  ", " \n ", ". "])
PIECES = st.one_of(st.sampled_from(SENTENCES), st.sampled_from(ODD), st.text(max_size=30))
TEXTS = st.lists(PIECES, min_size=1, max_size=12).flatmap(
    lambda pieces: st.lists(SEPARATORS, min_size=len(pieces), max_size=len(pieces)).map(
        lambda seps: "".join(p + s for p, s in zip(pieces, seps, strict=True))))
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    pipe = Pipeline()
    pipe.warm_up()
    return pipe


def _assert_evidence_inside(event: Event, text: str) -> None:
    for evidence in event.evidence:
        start, end = evidence.sentence_start, evidence.sentence_start + len(evidence.sentence)
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == evidence.sentence
        assert start <= evidence.trigger_start < evidence.trigger_end <= end
        assert text[evidence.trigger_start:evidence.trigger_end] == evidence.trigger


@SETTINGS
@given(text=TEXTS, lang=st.sampled_from(["fr", "en", None]))
def test_pipeline_never_raises_and_evidence_lies_inside(pipeline, tmp_path_factory, text, lang):
    """Through the reader (as `dyad code` and `dyad ingest` go), any mix of sentences and junk."""
    path = tmp_path_factory.mktemp("text") / "one.jsonl"
    path.write_text(json.dumps({"id": "p", "text": text}) + "\n", encoding="utf-8")
    (article,) = list(Reader(lang=lang).read([str(path)]))
    if isinstance(article, Skipped):
        return
    (coded,) = list(pipeline.code([article]))
    assert coded.skipped is None or not coded.skipped.reason.startswith(INTERNAL_ERROR), coded.skipped
    for event in coded.events:
        assert event.article_id == article.id
        _assert_evidence_inside(event, article.text)
        assert Event.model_validate_json(event.model_dump_json()) == event
        json.dumps(to_plover(event, event_id=f"{article.id}:0", story_date=article.date), ensure_ascii=False)


@SETTINGS
@given(text=st.text(max_size=400), lang=st.sampled_from(["fr", "en"]))
def test_pipeline_on_raw_unicode(pipeline, text, lang):
    """Arbitrary Unicode given straight to the pipeline (as a library user may): no fault, valid records."""
    article = Article(id="raw", text=text, lang=lang)
    for coded in pipeline.code([article]):
        assert coded.skipped is None or not coded.skipped.reason.startswith(INTERNAL_ERROR), coded.skipped
        for event in coded.events:
            _assert_evidence_inside(event, text)
            Event.model_validate(event.model_dump(mode="json"))


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(st.binary(max_size=200), max_size=8))
def test_reader_takes_any_bytes(tmp_path_factory, lines):
    """Any bytes in a JSONL file: one Article or one Skipped per non-blank line, named by file and line."""
    path = tmp_path_factory.mktemp("bytes") / "any.jsonl"
    data = b"\n".join(lines)
    path.write_bytes(data)
    items = list(Reader().read([str(path)]))
    assert len(items) <= data.count(b"\n") + 1
    for item in items:
        assert isinstance(item, Article | Skipped)
        if isinstance(item, Skipped) and item.where.startswith(str(path)):
            assert 1 <= int(item.where.rpartition(":")[2]) <= data.count(b"\n") + 1
        if isinstance(item, Article):
            assert item.text.strip() and "\x00" not in item.text
            item.model_dump_json()
        str(item)


def test_offsets_hold_after_junk(pipeline):
    """The properties above are not vacuous: our sentences behind emoji, escapes and right-to-left
    text still give events, with offsets into the shifted text."""
    junk = "\u200b🇲🇱 \x1b[31m « » e\u0301 \n\n"
    articles = [Article(id=str(n), text=junk + sentence + " مرحبا", lang="fr" if n < 4 else "en")
                for n, sentence in enumerate(SENTENCES)]
    coded = list(pipeline.code(articles))
    assert sum(1 for c in coded if c.events) >= len(SENTENCES) // 2
    for result in coded:
        for event in result.events:
            _assert_evidence_inside(event, result.article.text)
            assert event.evidence[0].sentence_start >= len(junk) - 3
