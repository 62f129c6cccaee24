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
    """Lines the prefilter left whole; it must reduce every other one to its first and last words."""
    selected = select_sentences(text, "fr")
    assert len(selected) == len(text)
    kept = []
    for original, line in zip(text.split("\n"), selected.split("\n"), strict=True):
        if line == original:
            kept.append(line)
        else:
            assert line.split() == [original.split()[0], original.split()[-1]]
    return kept


def test_trigger_sentences_and_what_they_lean_on_are_kept_the_rest_blanked():
    assert kept_lines(TEXT) == [
        "Le ciel était gris sur la capitale ce matin-là.",  # first sentence: headline, dateline, lead
        "Amadou Koné, ministre malien de la Défense, était en voyage.",  # where "Koné" first appears
        "Les commerçants ont rangé leurs étals vers midi.",  # before "Il": the pronoun's antecedent
        "Il a condamné l'attaque contre la base de Koné.",  # the trigger "condamner"
    ]


def test_kept_sentences_are_cut_where_the_whole_text_cuts_them():
    fr = sentence_filter("fr")
    text = 'Le temps était doux. "Les prix ont monté." La France a condamné l\'attaque."Il faut agir," a-t-il dit.'
    whole = [(s.start_char, s.end_char) for s in fr.splitter(fr.nlp.make_doc(text)).sents]
    selected = [(s.start_char, s.end_char) for s in fr.splitter(fr.nlp.make_doc(select_sentences(text, "fr"))).sents]
    kept = [span for span, keep in zip(whole, fr.kept(list(fr.splitter(fr.nlp.make_doc(text)).sents)), strict=True)
            if keep]
    assert len(kept) < len(whole)
    assert set(kept) <= set(selected)


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


def test_the_pipeline_gets_the_blanked_text_with_the_whole_texts_tokens_and_boundaries():
    fr = sentence_filter("fr")
    doc = fr.select_doc(TEXT)
    assert doc.text == select_sentences(TEXT, "fr") != TEXT
    assert [t.text for t in doc] == [t.text for t in fr.nlp.make_doc(doc.text)]
    selected = [s.text.strip() for s in doc.sents]
    whole = [s.text.strip() for s in fr.splitter(fr.nlp.make_doc(TEXT)).sents]
    kept = kept_lines(TEXT)
    assert len(kept) < len(whole)
    assert [s for s in selected if s in kept] == [s for s in whole if s in kept] == kept


def test_the_last_sentence_naming_a_state_before_a_trigger_is_kept():
    """The actor memory reads "the state named last" before a trigger, however far back."""
    text = ("Le temps était doux.\nLe Niger compte vingt millions d'habitants.\nLes marchés ont ouvert tôt.\n"
            "Les enseignants ont condamné la décision.\nLa pluie est tombée.")
    assert kept_lines(text) == ["Le temps était doux.", "Le Niger compte vingt millions d'habitants.",
                                "Les enseignants ont condamné la décision."]
