"""Selective parsing: which sentences the tokenizer-level pass keeps, and that blanking keeps offsets."""

from __future__ import annotations

from dyad.nlp.prefilter import select_sentences, sentence_filter
from dyad.pipeline import Pipeline
from dyad.records import Article

TEXT = ("Le ciel était gris sur la capitale ce matin-là.\n"
        "Le marché central a ouvert ses portes très tôt.\n"
        "Amadou Koné, ministre malien de la Défense, était en voyage.\n"
        "Les commerçants ont rangé leurs étals vers midi.\n"
        "Il a condamné l'attaque contre la base de Koné.\n"
        "La pluie est tombée toute la soirée.")


def kept_lines(text: str) -> list[str]:
    return [line for line in select_sentences(text, "fr").split("\n") if line.strip()]


def test_trigger_sentences_and_what_they_lean_on_are_kept_the_rest_blanked():
    selected = select_sentences(TEXT, "fr")
    assert len(selected) == len(TEXT)
    assert kept_lines(TEXT) == [
        "Le ciel était gris sur la capitale ce matin-là.",  # first sentence: headline, dateline, lead
        "Amadou Koné, ministre malien de la Défense, était en voyage.",  # where "Koné" first appears
        "Les commerçants ont rangé leurs étals vers midi.",  # before "Il": the pronoun's antecedent
        "Il a condamné l'attaque contre la base de Koné.",  # the trigger "condamner"
    ]
    for line in kept_lines(TEXT):
        assert selected.index(line) == TEXT.index(line)


def test_inflected_forms_and_phrases_are_recognised_without_a_tagger():
    fr = sentence_filter("fr")
    assert "condamner" in fr.lemmas("condamnés")
    assert kept_lines("Rien.\nLes deux pays ont condamné l'attaque.") == [
        "Rien.", "Les deux pays ont condamné l'attaque."]


def test_the_prefilter_codes_the_same_events_on_a_short_article():
    article = Article(id="p", lang="fr", text="La Russie a livré des armes au Mali. Le temps était doux.\n"
                                              "Le Mali a accusé la France d'espionnage.")
    plain = next(Pipeline().code([article])).events
    filtered = next(Pipeline(prefilter=True).code([article])).events
    assert [e.model_dump() for e in filtered] == [e.model_dump() for e in plain]
    assert plain
