"""The pair typer: features on the parse, the committed model on our own sentences, and the
training helpers (marked sentences, grouped cross-validation)."""

from __future__ import annotations

import pytest

from dyad.events.pair_features import dependency_path
from dyad.events.typer import PairTyper, model_path, rule_type, split_yield
from dyad.events.typer_training import MarkedPair, cross_validate, folds, same_root, unmark


def spans(sentence: str, actor: str, recipient: str) -> tuple[tuple[int, int], tuple[int, int]]:
    a, r = sentence.index(actor), sentence.index(recipient)
    return (a, a + len(actor)), (r, r + len(recipient))


@pytest.fixture(scope="module")
def typer_en() -> PairTyper:
    return PairTyper("en")


def test_unmark_gives_plain_text_and_party_spans():
    text, found = unmark("<s>The army</s> shelled <t>the rebel camp</t> at dawn.")
    assert text == "The army shelled the rebel camp at dawn."
    assert text[slice(*found["s"])] == "The army"
    assert text[slice(*found["t"])] == "the rebel camp"


def test_unmark_without_source_mark():
    text, found = unmark("The files were seized by <t>the customs office</t>.")
    assert "s" not in found and text[slice(*found["t"])] == "the customs office"


def test_path_features_find_the_governing_verb_and_preposition(typer_en):
    sentence = "The European Union imposed new sanctions on Russia."
    feats = typer_en.features(sentence, *spans(sentence, "The European Union", "Russia"))
    assert "lca=impose" in feats.sparse
    assert "r_prep=on" in feats.sparse
    assert feats.path_text == "The European Union imposed sanctions on Russia"


@pytest.mark.parametrize(("lang", "sentence", "actor", "recipient", "expected"), [
    ("en", "The European Union imposed new sanctions on Russia.", "The European Union", "Russia", "SANCTION"),
    ("en", "The minister condemned the attack on the convoy.", "The minister", "the attack", "ACCUSE"),
    ("fr", "Le ministre a dénoncé l'attaque contre le convoi.", "Le ministre", "l'attaque", "ACCUSE"),
])
def test_rules_only_type_comes_from_the_lexicon(lang, sentence, actor, recipient, expected):
    feats = PairTyper(lang).features(sentence, *spans(sentence, actor, recipient))
    assert rule_type(feats) == expected


def test_coordinated_parties_take_their_verb(typer_en):
    sentence = "Mali and Russia agreed to expand their cooperation."
    feats = typer_en.features(sentence, *spans(sentence, "Mali", "Russia"))
    assert "lca=agree" in feats.sparse


def test_missing_parties_are_features_too(typer_en):
    feats = typer_en.features("Troops attacked the village.", None, (16, 27))
    assert "no_actor" in feats.sparse and "no_recipient" not in feats.sparse
    assert "r_dep=dobj" in feats.sparse


def test_dependency_path_helper():
    from dyad.nlp.models import load

    doc = load("en")("The police arrested two journalists.")
    side_a, common, side_b = dependency_path(doc[1], doc[4])
    assert common is not None and common.lemma_ == "arrest"
    assert [t.text for t in side_a] == ["police"] and [t.text for t in side_b] == ["journalists"]


@pytest.mark.parametrize(("sentence", "actor", "recipient", "expected"), [
    ("Jihadists attacked an army post near the border.", "Jihadists", "an army post", "ASSAULT"),
    ("Police arrested dozens of opposition supporters in Dakar.", "Police", "dozens of opposition supporters", "COERCE"),
    ("Thousands of students protested against the junta in Niamey.", "Thousands of students", "the junta", "PROTEST"),
    ("Burkina Faso rejected the proposal of the regional bloc.", "Burkina Faso", "the regional bloc", "REJECT"),
    ("The foreign minister condemned France for its interference.", "The foreign minister", "France", "ACCUSE"),
    ("The junta threatened to expel the French ambassador.", "The junta", "the French ambassador", "THREATEN"),
    ("Russia delivered helicopters to the Malian army.", "Russia", "the Malian army", "AID"),
])
def test_committed_model_types_our_sentences(typer_en, sentence, actor, recipient, expected):
    event_type, probability = typer_en.type_of(sentence, *spans(sentence, actor, recipient))
    assert event_type == expected
    assert 0.0 < probability <= 1.0


def test_batched_and_single_answers_agree(typer_en):
    sentence = "Police arrested dozens of opposition supporters in Dakar."
    pair = (sentence, *spans(sentence, "Police", "dozens of opposition supporters"))
    single_type, single_p = typer_en.type_of(*pair)
    for event_type, probability in typer_en.type_pairs([pair, pair]):
        assert event_type == single_type and probability == pytest.approx(single_p, abs=1e-4)


def test_committed_model_is_small():
    assert model_path().stat().st_size < 5 * 1024 * 1024


def test_rule_type_prefers_the_governing_word():
    from dyad.events.pair_features import PairFeatures

    feats = PairFeatures(("lex_btw=AID", "lex_lca=ACCUSE", "lex_win=ASSAULT"), "", "", "")
    assert rule_type(feats) == "ACCUSE"
    assert rule_type(PairFeatures(("lca=say",), "", "", "")) is None


def test_yield_splits_on_lexicon_retreat():
    from dyad.events.pair_features import PairFeatures

    assert split_yield(PairFeatures(("lex_lca=RETREAT",), "", "", "")) == "RETREAT"
    assert split_yield(PairFeatures(("lca=pardon",), "", "", "")) == "CONCEDE"


def test_yield_matches_concede_or_retreat():
    assert same_root("RETREAT", "YIELD") and same_root("CONCEDE", "YIELD")
    assert not same_root("AGREE", "YIELD") and same_root("AGREE", "AGREE")


def test_folds_keep_each_sentence_in_one_fold():
    groups = [f"s{i // 2}" for i in range(40)]
    parts = folds(groups, 5)
    assert sorted(i for part in parts for i in part) == list(range(40))
    for part in parts:
        assert {groups[i] for i in part}.isdisjoint({groups[i] for other in parts if other is not part for i in other})


def test_cross_validation_never_scores_a_fold_with_a_model_that_saw_it():
    pairs = [MarkedPair(f"s{i // 3}", f"text {i // 3}", None, None, "AID") for i in range(30)]
    groups = [p.group for p in pairs]
    seen_by_fold: list[set[int]] = []

    def fit_predict(train_idx: list[int], test_idx: list[int]) -> list[str]:
        trained_on = set(train_idx)
        assert trained_on.isdisjoint(test_idx)
        assert {groups[i] for i in trained_on}.isdisjoint({groups[i] for i in test_idx})
        seen_by_fold.append(trained_on)
        return [f"scored-{i}" for i in test_idx]

    predictions = cross_validate(groups, 5, fit_predict)
    assert predictions == [f"scored-{i}" for i in range(30)]
    assert len(seen_by_fold) == 5
