"""The learned coder's parts on their own: the two model kinds learn and round-trip, the features read
the parse as documented, and the chain falls back to the rules where no model is trained."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from dyad.actors import ActorResolver
from dyad.events.learned.coder import LearnedCoder
from dyad.events.learned.features import dependency_path, is_candidate, status_features, trigger_features
from dyad.events.learned.linear import train
from dyad.events.learned.mlp import load_model_file, train_hidden
from dyad.events.learned.stages import MAX_NAMED, PartyStage, lexicon_types
from dyad.nlp.models import load
from dyad.records import Article


def _xor_examples() -> tuple[list[list[str]], list[str]]:
    """Two binary facts whose classes only their conjunction tells apart."""
    examples, labels = [], []
    for a in (0, 1):
        for b in (0, 1):
            for _ in range(40):
                examples.append([f"a={a}", f"b={b}"])
                labels.append("yes" if a != b else "no")
    return examples, labels


def test_the_hidden_layer_learns_a_conjunction_a_linear_model_cannot(tmp_path):
    examples, labels = _xor_examples()
    queries = [["a=0", "b=1"], ["a=1", "b=1"]]
    hidden = train_hidden(examples, labels, ["no", "yes"], hidden=8, epochs=60, learning_rate=0.05, seed=1)
    assert hidden.probabilities(queries).argmax(axis=1).tolist() == [1, 0]
    linear = train(examples, labels, ["no", "yes"], seed=1)
    assert np.allclose(linear.probabilities(queries)[:, 1], 0.5, atol=0.1)
    hidden.save(tmp_path / "h.npz")
    again = load_model_file(tmp_path / "h.npz")
    assert np.allclose(again.probabilities(queries), hidden.probabilities(queries), atol=1e-3)


def test_a_linear_model_round_trips_and_ignores_features_it_never_saw(tmp_path):
    examples = [["w=attaque"], ["w=visite"]] * 20
    labels = ["ASSAULT", "CONSULT"] * 20
    model = train(examples, labels, ["ASSAULT", "CONSULT"], epochs=30, seed=0)
    model.save(tmp_path / "m.npz")
    loaded = load_model_file(tmp_path / "m.npz")
    assert loaded.probabilities([["w=attaque", "w=unseen"]]).argmax() == 0
    assert loaded.probabilities([]).shape == (0, 2)


@pytest.fixture(scope="module")
def french():
    nlp = load("fr")
    doc = nlp("Le Mali a expulsé l'ambassadeur de France mardi.")
    return doc, ActorResolver("fr").analyse(doc, dt.date(2023, 2, 7))


def test_trigger_features_name_the_word_its_parse_and_the_lexicon(french):
    doc, _ = french
    coder = LearnedCoder("fr")
    verb = next(t for t in doc if t.lemma_ == "expulser")
    features = trigger_features(verb, lexicon_types(coder.rules.lexicon.find(doc)), coder.rules.grammar)
    assert "l=expulser" in features and "p=VERB" in features
    assert any(f.startswith("lex=") and f != "lex=none" for f in features)
    assert is_candidate(verb) and not is_candidate(doc[0])


def test_the_dependency_path_climbs_to_the_common_head_then_down(french):
    doc, _ = french
    verb = next(t for t in doc if t.lemma_ == "expulser")
    subject = next(t for t in doc if t.text == "Mali")
    path, steps = dependency_path(verb, subject)
    assert steps == 1 and path.endswith("_")
    back, _ = dependency_path(subject, verb)
    assert back.endswith("^")


def test_party_candidates_are_the_resolved_mentions_of_the_trigger_sentence(french):
    doc, doc_actors = french
    verb = next(t for t in doc if t.lemma_ == "expulser")
    parties = PartyStage().candidates(doc, doc_actors)
    codes = {p.actor.code for p in PartyStage.in_sentence(parties, verb) if p.head is not None}
    assert {"MLI", "FRA"} <= codes
    assert doc.spans["dyad_parties"]


def test_a_role_or_a_name_the_tables_do_not_know_is_guessed_to_be_the_article_s_country():
    nlp = load("en")
    text = ("Britain's government faces a revolt at Westminster. Britain's ministers met on Monday. "
            "The prime minister then met Alderman Pellow in London.")
    doc = nlp(text)
    doc_actors = ActorResolver("en").analyse(doc, dt.date(2023, 5, 2))
    assert doc_actors.focus == "GBR"
    guessed = {(doc[p.head].text, p.key, p.actor.sector, p.kind) for p in PartyStage().candidates(doc, doc_actors)
               if p.kind.endswith("~focus")}
    assert ("minister", "GBR", "GOV", "role~focus") in guessed
    assert ("Pellow", "GBR", None, "name~focus") in guessed


def test_a_trigger_pairs_only_the_parties_nearest_it_in_a_sentence_that_names_dozens():
    nlp = load("fr")
    states = ["Le Mali", "le Niger", "le Tchad", "le Bénin", "le Togo", "le Ghana", "le Sénégal", "le Nigeria",
              "le Cameroun", "le Gabon", "le Maroc", "le Kenya", "le Rwanda", "le Burundi", "le Soudan"]
    doc = nlp(", ".join(states) + " et la Guinée ont condamné l'attaque.")
    doc_actors = ActorResolver("fr").analyse(doc, dt.date(2023, 5, 2))
    verb = next(t for t in doc if t.lemma_ == "condamner")
    parties = PartyStage().candidates(doc, doc_actors)
    named = [p for p in PartyStage.in_sentence(parties, verb) if p.head is not None]
    assert len(named) == MAX_NAMED
    assert {"GIN", "SDN"} <= {p.key for p in named} and "MLI" not in {p.key for p in named}


def test_without_a_country_that_stands_out_nothing_is_guessed():
    nlp = load("en")
    doc = nlp("The prime minister met the French and German envoys in Rome and Madrid.")
    doc_actors = ActorResolver("en").analyse(doc, dt.date(2023, 5, 2))
    assert doc_actors.focus is None
    assert not [p for p in PartyStage().candidates(doc, doc_actors) if p.kind.endswith("~focus")]


def test_scoring_once_then_choosing_at_thresholds_is_deciding_at_them(french):
    doc, doc_actors = french
    article = Article(id="t", text=doc.text, lang="fr", date=dt.date(2023, 2, 7))
    coder = LearnedCoder("fr", {"trigger_floor": 0.01, "event": 0.5, "rule_veto": 1.1})
    matches = coder.rules.lexicon.find(doc)
    ruled = coder.rules.findings(doc, doc_actors, article, matches)
    scored = coder.score(doc, doc_actors, matches, ruled, article)
    for limits in ({"trigger_floor": floor, "event": event, "rule_veto": veto}
                   for floor in (0.01, 0.3) for event in (0.1, 0.5, 0.9) for veto in (0.0, 1.1)):
        decided = LearnedCoder("fr", limits).decide(doc, doc_actors, matches, ruled, article)
        assert [(d.key, d.probability) for d in coder.choose(scored, limits)] == [
            (d.key, d.probability) for d in decided]


def test_status_features_see_the_future_the_negation_and_the_rules_reading():
    nlp = load("fr")
    coder = LearnedCoder("fr")
    reader = coder.status.reader
    future = nlp("La France va retirer ses troupes.")
    verb = next(t for t in future if t.lemma_ == "retirer")
    assert {"a1=aller", "m=VerbForm=Inf", "r=intended"} <= set(status_features(verb, coder.rules.grammar, reader))
    negated = nlp("Le Mali n'a pas expulsé l'ambassadeur.")
    verb = next(t for t in negated if t.lemma_ == "expulser")
    assert {"c0=pas", "r=negated"} <= set(status_features(verb, coder.rules.grammar, reader))
    noun = nlp("Le Mali a promis des livraisons de blé.")
    deliveries = next(t for t in noun if t.lemma_ == "livraison")
    assert {"r=intended", "rp=intended"} <= set(status_features(deliveries, coder.rules.grammar, reader))


def test_without_trained_models_the_chain_codes_what_the_rules_find(tmp_path, french):
    doc, doc_actors = french
    article = Article(id="t", text=doc.text, lang="fr", date=dt.date(2023, 2, 7))
    untrained = LearnedCoder("fr", directory=tmp_path)
    assert not untrained.trained
    rules = untrained.rules.code(doc, doc_actors, article)
    assert [e.key() for e in untrained.code(doc, doc_actors, article)] == [e.key() for e in rules]
