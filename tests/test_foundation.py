"""Records, sentence splitting, language detection, docs: the parts every stage relies on."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from dyad.lang import load_yaml
from dyad.nlp.language import detect
from dyad.nlp.models import load
from dyad.plover import derived_fields, to_plover, type_table
from dyad.records import Actor, Article, Event, Evidence
from dyad.vocabulary import EVENT_TYPES

ROOT = Path(__file__).resolve().parent.parent


def _event(**changes) -> Event:
    fields = dict(article_id="a", event_type="AID", status="intended",
                  actor=Actor(text="la Russie", code="RUS", sector="GOV"),
                  recipient=Actor(text="au Mali", code="MLI", sector="GOV"),
                  evidence=[Evidence(sentence="La Russie va livrer du blé au Mali.", sentence_start=0,
                                     trigger="livrer", trigger_start=14, trigger_end=20)],
                  **derived_fields("AID"))
    fields.update(changes)
    return Event(**fields)


def test_event_json_round_trip_and_derived_fields():
    event = _event(date=dt.date(2023, 2, 7))
    data = json.loads(event.model_dump_json())
    assert data["quad_class"] == 2 and data["cameo_root"] == "07" and data["date"] == "2023-02-07"
    assert Event.model_validate(data) == event


def test_unknown_fields_and_types_are_refused():
    with pytest.raises(ValueError):
        Event.model_validate({**_event().model_dump(), "event_type": "HUG"})
    with pytest.raises(ValueError):
        Article(id="x", text="t", colour="red")


def _plover(event: Event) -> dict:
    return to_plover(event, event_id="a:0", story_date=dt.date(2023, 2, 9))


def test_plover_export_turns_intended_cooperation_into_agree():
    assert _plover(_event())["event_type"] == "AGREE"
    assert _plover(_event(status="occurred"))["event_type"] == "AID"
    assert _plover(_event(event_type="ASSAULT", **derived_fields("ASSAULT")))["event_type"] == "ASSAULT"


def test_plover_record_has_its_own_id_the_event_date_and_the_story_date():
    record = _plover(_event(date=dt.date(2023, 2, 7), date_precision="day"))
    assert (record["id"], record["date"], record["story_date"]) == ("a:0", "2023-02-07", "2023-02-09")


def test_keys_separate_organisations_that_share_a_code():
    ecowas = _event(recipient=Actor(code="IGO", name="ECOWAS"))
    au = _event(recipient=Actor(code="IGO", name="AU"))
    assert ecowas.key() != au.key()
    assert ecowas.key() == ("RUS", "AID", "IGO:ECOWAS", "intended")


@pytest.mark.parametrize("text, expected", [
    ("Le col. Assimi Goïta a reçu M. Lavrov le 7 fév. 2023 à Bamako. Il est reparti le soir.",
     ["Le col. Assimi Goïta a reçu M. Lavrov le 7 fév. 2023 à Bamako.", "Il est reparti le soir."]),
    ("Le président J. Biden a parlé. « Nous partirons. » Le ministre a confirmé.",
     ["Le président J. Biden a parlé.", "« Nous partirons. »", "Le ministre a confirmé."]),
    ("Titre sans point\nLe gén. Tiani a pris la parole.",
     ["Titre sans point", "Le gén. Tiani a pris la parole."]),
    # a dateline ends at its agency's dash; a dash inside a sentence does not end it
    ("Lomé, 3 mars 2023 (ACP).- Le Togo a fermé sa frontière. Niamey, 4 mai (APS) - Le ministre est arrivé.",
     ["Lomé, 3 mars 2023 (ACP).-", "Le Togo a fermé sa frontière.", "Niamey, 4 mai (APS) -", "Le ministre est arrivé."]),
    ("Le Mali (voir la carte) - une fois de plus - est touché.", ["Le Mali (voir la carte) - une fois de plus - est touché."]),
])
def test_french_sentences_do_not_break_on_abbreviations(text, expected):
    assert [s.text.strip() for s in load("fr")(text).sents] == expected


def test_english_sentences_do_not_break_on_abbreviations():
    doc = load("en")("Mr. Smith met Gen. Jones in the U.S. on Jan. 5. They talked.")
    assert [s.text.strip() for s in doc.sents] == ["Mr. Smith met Gen. Jones in the U.S. on Jan. 5.", "They talked."]


def test_language_detection_names_unsupported_languages():
    assert detect("Le gouvernement malien a annoncé de nouvelles mesures de sécurité.") == "fr"
    assert detect("The Malian government announced new security measures.") == "en"
    assert detect("El gobierno de Malí anunció nuevas medidas de seguridad.") == "es"
    assert detect("12345 !!! ---") is None


def test_unsupported_language_is_skipped_not_coded():
    from dyad.pipeline import Pipeline

    article = Article(id="es1", text="El ejército atacó la ciudad y el gobierno condenó el ataque.")
    (coded,) = Pipeline().code([article])
    assert coded.events == [] and coded.skipped is not None
    assert coded.skipped.where == "es1" and "unsupported language: es" in coded.skipped.reason


def test_record_reference_is_current():
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_record_docs.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_data_file_reads_the_same_with_the_fast_yaml_loader():
    files = sorted((ROOT / "dyad").rglob("*.yaml"))
    assert len(files) > 5
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert load_yaml(text) == yaml.safe_load(text), path


def test_the_type_table_has_every_event_type_and_no_other():
    assert list(type_table()["types"]) == list(EVENT_TYPES)
    assert set(type_table()["intended_as_agree"]) <= set(EVENT_TYPES)
