"""The event coder on our own example sentences: exact (actor, type, recipient, status) records.

Mentions come from a small fixed table, not from the actor layer, so these tests pin the coder's
own behaviour: triggers, argument linking, status and record assembly.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dyad.actors import DocActors, Mention
from dyad.events import EventCoder
from dyad.nlp.models import load
from dyad.records import Actor, Article

ACTORS = {
    "Lavrov": Actor(code="RUS", sector="GOV", name="Sergei Lavrov"),
    "Diop": Actor(code="MLI", sector="GOV", name="Abdoulaye Diop"),
    "la Russie": Actor(code="RUS", sector="GOV"),
    "Russia": Actor(code="RUS", sector="GOV"),
    "Russia's": Actor(code="RUS", sector="GOV"),
    "le Mali": Actor(code="MLI", sector="GOV"),
    "au Mali": Actor(code="MLI", sector="GOV"),
    "Mali": Actor(code="MLI", sector="GOV"),
    "la France": Actor(code="FRA", sector="GOV"),
    "France": Actor(code="FRA", sector="GOV"),
    "le Niger": Actor(code="NER", sector="GOV"),
    "Niger": Actor(code="NER", sector="GOV"),
    "l'armée nigérienne": Actor(code="NER", sector="MIL"),
    "Boko Haram": Actor(code="ISM", sector="REB", name="Boko Haram"),
    "l'UE": Actor(code="EUR"),
    "The EU": Actor(code="EUR"),
    "le Ghana": Actor(code="GHA", sector="GOV"),
    "Ghana": Actor(code="GHA", sector="GOV"),
    "l'Ukraine": Actor(code="UKR", sector="GOV"),
    "Ukraine": Actor(code="UKR", sector="GOV"),
    "militaires français": Actor(code="FRA", sector="MIL"),
}
DATE = dt.date(2023, 2, 7)


def analyse(doc) -> DocActors:
    """Mentions of the fixed table's names (the longest name first), as the actor layer gives them."""
    found = DocActors(doc)
    taken: set[int] = set()
    for name in sorted(ACTORS, key=len, reverse=True):
        for hit in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", doc.text, flags=re.IGNORECASE):
            span = doc.char_span(hit.start(), hit.end(), alignment_mode="expand")
            if span is None or taken & set(range(span.start, span.end)):
                continue
            start = span.start + (1 if span[0].lower_ in {"le", "la", "au", "the"} else 0)
            taken |= set(range(span.start, span.end))
            found.mentions.append(Mention(doc[start].idx, span.end_char, start, span.end,
                                          ACTORS[name].model_copy(update={"text": span.text})))
    found.mentions.sort(key=lambda m: m.start_token)
    return found


def code(lang: str, text: str):
    doc = load(lang)(text)
    return EventCoder(lang).code(doc, analyse(doc), Article(id="t", text=text, lang=lang, date=DATE))


def keys(lang: str, text: str) -> set[tuple[str, str, str, str]]:
    return {event.key() for event in code(lang, text)}


@pytest.mark.parametrize(("text", "expected"), [
    ("Lavrov a rencontré Diop à Bamako.", {("RUS", "CONSULT", "MLI", "occurred")}),
    ("La Russie a promis de livrer du blé au Mali.", {("RUS", "AID", "MLI", "intended")}),
    ("La Russie espère livrer des engrais au Mali.", {("RUS", "AID", "MLI", "intended")}),
    ("Lavrov doit rencontrer Diop demain.", {("RUS", "CONSULT", "MLI", "intended")}),
    ("La France n'a pas rencontré le Niger.", {("FRA", "CONSULT", "NER", "negated")}),
    ("Une position de l'armée nigérienne a été attaquée par Boko Haram.",
     {("ISM:Boko Haram", "ASSAULT", "NER", "occurred")}),
    ("Le Mali et la Russie ont signé un accord de coopération.",
     {("MLI", "AGREE", "RUS", "occurred"), ("RUS", "AGREE", "MLI", "occurred")}),
    ("Les sanctions de l'UE contre la Russie ont été renforcées.", {("EUR", "SANCTION", "RUS", "occurred")}),
    ("Le Ghana a condamné l'invasion de l'Ukraine par la Russie.",
     {("GHA", "ACCUSE", "RUS", "occurred"), ("RUS", "ASSAULT", "UKR", "occurred")}),
    ("Le Niger accuse la France de préparer une attaque contre le Mali.", {("NER", "ACCUSE", "FRA", "occurred")}),
    ("Diop a tenu une conférence de presse et a déclaré que la situation était calme.", set()),
    ("La Russie va-t-elle livrer des armes au Mali ?", set()),
    # the place left hangs on the actor's noun in the parse
    ("Le départ des militaires français du Mali a commencé.", {("FRA", "RETREAT", "MLI", "occurred")}),
    # a mention inside a phrase brings those coordinated with it
    ("La France a suspendu son aide à destination du Niger et du Mali.",
     {("FRA", "SANCTION", "NER", "occurred"), ("FRA", "SANCTION", "MLI", "occurred")}),
    # an unresolved pronoun subject of a reported clause is the speaker
    ("La France a annoncé qu'elle allait sanctionner le Mali.", {("FRA", "SANCTION", "MLI", "intended")}),
    # a gerund shares the subject of its verb
    ("Le Mali a réagi en condamnant les sanctions de l'UE.", {("MLI", "ACCUSE", "EUR", "occurred")}),
    # a compound preposition headed by its adverb
    ("Lavrov s'est rendu auprès du Mali.", {("RUS", "CONSULT", "MLI", "occurred")}),
    # closing one's own bases is withdrawing; closing a border is a sanction
    ("La France a fermé ses bases militaires au Mali.", {("FRA", "RETREAT", "MLI", "occurred")}),
    ("Le Niger a fermé ses frontières avec le Mali.", {("NER", "SANCTION", "MLI", "occurred")}),
    # "exiger de X": the one asked
    ("Le Mali exige du Ghana des excuses.", {("MLI", "REQUEST", "GHA", "occurred")}),
])
def test_french_records(text, expected):
    assert keys("fr", text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Lavrov met Diop in Bamako.", {("RUS", "CONSULT", "MLI", "occurred")}),
    ("Russia pledged to deliver wheat to Mali.", {("RUS", "AID", "MLI", "intended")}),
    ("France did not meet Niger.", {("FRA", "CONSULT", "NER", "negated")}),
    ("Niger was attacked by Boko Haram.", {("ISM:Boko Haram", "ASSAULT", "NER", "occurred")}),
    ("Mali and Russia signed an agreement.", {("MLI", "AGREE", "RUS", "occurred"), ("RUS", "AGREE", "MLI", "occurred")}),
    ("The EU imposed sanctions on Russia.", {("EUR", "SANCTION", "RUS", "occurred")}),
    ("Ghana condemned Russia's invasion of Ukraine.",
     {("GHA", "ACCUSE", "RUS", "occurred"), ("RUS", "ASSAULT", "UKR", "occurred")}),
    ("Will Russia deliver weapons to Mali?", set()),
    ("Mali reacted by condemning the sanctions imposed by the EU.", {("MLI", "ACCUSE", "EUR", "occurred")}),
    ("Mali reacted on Monday, condemning the sanctions of the EU.", {("MLI", "ACCUSE", "EUR", "occurred")}),
    ("Russia announced that it had attacked Ukraine.", {("RUS", "ASSAULT", "UKR", "occurred")}),
    ("France closed its military bases in Mali.", {("FRA", "RETREAT", "MLI", "occurred")}),
    # a quantity noun is read through for the object constraint
    ("The EU blocked half of Russia's gas exports.", {("EUR", "SANCTION", "RUS", "occurred")}),
    # a deal under way is not made yet; an attack under way is happening
    ("Mali and Russia are striking a deal on wheat.",
     {("MLI", "AGREE", "RUS", "intended"), ("RUS", "AGREE", "MLI", "intended")}),
    ("Russia is attacking Ukraine.", {("RUS", "ASSAULT", "UKR", "occurred")}),
])
def test_english_records(text, expected):
    assert keys("en", text) == expected


def test_one_record_per_key_with_every_evidence_sentence():
    events = code("fr", "Lavrov a rencontré Diop à Bamako. Plus tard, Lavrov a de nouveau rencontré Diop.")
    assert len(events) == 1
    event = events[0]
    assert [e.trigger for e in event.evidence] == ["rencontré", "rencontré"]
    assert event.evidence[1].sentence.startswith("Plus tard")
    text = "Lavrov a rencontré Diop à Bamako. Plus tard, Lavrov a de nouveau rencontré Diop."
    assert all(text[e.trigger_start:e.trigger_end] == e.trigger for e in event.evidence)


def test_record_carries_plover_derived_fields_and_confidence():
    (event,) = code("fr", "Les sanctions de l'UE contre la Russie ont été renforcées.")
    assert (event.quad_class, event.intensity, event.cameo_root) == (4, -5.0, "16")
    assert 0 < event.confidence <= 1
    assert event.actor.text and event.recipient.text


def test_contexts_come_from_the_lexicon_and_cue_words():
    (event,) = code("fr", "La Russie a promis de livrer des armes au Mali.")
    assert "military" in event.contexts
