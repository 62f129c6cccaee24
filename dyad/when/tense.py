"""The tense of the clause a word belongs to, read from the spaCy parse: enough to tell which side
of the publication date a bare weekday or month lies on."""

from __future__ import annotations

from spacy.tokens import Token

from dyad.nlp.attachment import ARGUMENT_DEPS
from dyad.when.resolve import Tense
from dyad.when.vocab import TimeVocabulary

MAX_STEPS = 6
PAST_AUXILIARIES = {"avoir", "être", "have", "be"}
# "était dirigé" is a passive imperfect, not a pluperfect.
PASSIVE_AUXILIARY_DEPS = {"aux:pass", "auxpass"}


def governing_verb(token: Token) -> Token | None:
    """The nearest verb at or above the token in the parse tree."""
    node = token
    for _ in range(MAX_STEPS):
        if node.pos_ in ("VERB", "AUX"):
            return node
        if node.head == node:
            return None
        node = node.head
    return None


def clause_tense(token: Token, vocab: TimeVocabulary) -> Tense:
    verb = governing_verb(token)
    if verb is None:
        return None
    children = list(verb.children)
    if any(c.lemma_.lower() in vocab.future_auxiliaries for c in children if c.dep_.startswith("aux")):
        return "future"  # "will meet", "va signer" parsed with the auxiliary below the verb
    if _is_infinitive(verb) and verb.head != verb and verb.head.lemma_.lower() in vocab.future_auxiliaries:
        return "future"  # "doit rencontrer", "plans to visit"
    if _planned(verb, children, vocab):
        return "future"  # "est prévue jeudi", "is expected on Tuesday": what is planned lies ahead
    tenses = set(verb.morph.get("Tense"))
    for aux in (c for c in children if c.dep_.startswith("aux")):
        tenses |= set(aux.morph.get("Tense"))
        if (aux.lemma_.lower() in PAST_AUXILIARIES and aux.dep_ not in PASSIVE_AUXILIARY_DEPS
                and "Part" in verb.morph.get("VerbForm")):
            return "past"
    if "Fut" in tenses:
        return "future"
    if tenses & {"Past", "Imp"} or verb.tag_ in ("VBD", "VBN"):
        return "past"
    if "Pres" in tenses or verb.tag_ in ("VBZ", "VBP"):
        return "present"
    return None


def _planned(verb: Token, children: list[Token], vocab: TimeVocabulary) -> bool:
    """A participle of planning ("prévu", "attendu", "scheduled") with no past auxiliary."""
    if verb.lemma_.lower() not in vocab.planned_participles or not (
            "Part" in verb.morph.get("VerbForm") or verb.tag_ == "VBN"):
        return False
    return not any(set(c.morph.get("Tense")) & {"Past", "Imp"} or c.tag_ == "VBD"
                   for c in children if c.dep_.startswith("aux"))


def _is_infinitive(verb: Token) -> bool:
    return "Inf" in verb.morph.get("VerbForm") or verb.tag_ == "VB"


def is_pluperfect(token: Token, vocab: TimeVocabulary) -> bool:
    """Whether the token's verb is in the pluperfect ("avait signé", "était parti", "had signed"):
    what the story recalls from before its own events."""
    if token.pos_ not in ("VERB", "AUX") and token.dep_ not in ARGUMENT_DEPS:
        return False  # "au lendemain du coup", under "avait adressé": the noun is not what was recalled
    verb = governing_verb(token)
    if verb is None or "Part" not in verb.morph.get("VerbForm") and verb.tag_ != "VBN":
        return False
    return any(aux.lemma_.lower() in vocab.pluperfect_auxiliaries
               and (set(aux.morph.get("Tense")) & {"Imp", "Past"} or aux.tag_ == "VBD")
               for aux in verb.children if aux.dep_.startswith("aux") and aux.dep_ not in PASSIVE_AUXILIARY_DEPS)
