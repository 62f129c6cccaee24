"""Selective parsing: which sentences the tokenizer-level pass keeps, and that blanking keeps offsets."""

from __future__ import annotations

from dyad.nlp.prefilter import select_sentences, sentence_filter
from dyad.pipeline import Pipeline
from dyad.records import Article

TEXT = ("Le ciel était gris sur la capitale ce matin-là.\n"
        "Le marché central s'est rempli très tôt.\n"
        "Amadou Koné, ministre malien de la Défense, était en congé.\n"
        "Les commerçants ont rangé leurs étals vers midi.\n"
        "Il a condamné l'attaque contre la base de Koné.\n"
        "La pluie a cessé dans la soirée.")


def kept_lines(text: str) -> list[str]:
    """Lines the prefilter left whole; every other one it must blank, but for the words of the
    windows it keeps there (as `windows` gives them)."""
    return selection(text)[0]


def selection(text: str) -> tuple[list[str], dict[str, list[str]]]:
    selected = select_sentences(text, "fr")
    assert len(selected) == len(text)
    kept, windows = [], {}
    for original, line in zip(text.split("\n"), selected.split("\n"), strict=True):
        if line == original:
            kept.append(line)
            continue
        # What is left of a line is its words in order, each where it stood.
        assert all(original[i] == c for i, c in enumerate(line) if c != " ")
        if line.split():
            windows[original] = line.split()
    return kept, windows


def test_trigger_sentences_and_what_they_lean_on_are_kept_the_rest_blanked():
    kept, windows = selection(TEXT)
    assert kept == [
        "Le ciel était gris sur la capitale ce matin-là.",  # first sentence: headline, dateline, lead
        # the two before "Il", where the actor memory looks for its antecedent
        "Amadou Koné, ministre malien de la Défense, était en congé.",
        "Les commerçants ont rangé leurs étals vers midi.",
        "Il a condamné l'attaque contre la base de Koné.",  # the trigger "condamner"
    ]
    assert windows == {}


def test_where_a_name_first_appears_its_description_is_kept():
    text = ("Le ciel était gris.\nAmadou Koné, ministre malien de la Défense, était en congé.\n"
            "Les commerçants ont rangé leurs étals.\nLa pluie cessait.\nLe vent soufflait.\n"
            "Les jeunes ont condamné l'attaque contre la base de Koné.")
    kept, windows = selection(text)
    assert kept == ["Le ciel était gris.", "Les jeunes ont condamné l'attaque contre la base de Koné."]
    (line, window), = windows.items()
    assert line == "Amadou Koné, ministre malien de la Défense, était en congé."
    assert window == ["Amadou", "Koné,", "ministre", "malien", "de", "la"]


def test_every_sentence_stays_where_the_whole_text_has_it():
    fr = sentence_filter("fr")
    text = 'Le temps était doux. "Les prix ont monté." La France a condamné l\'attaque."Il faut agir," a-t-il dit.'
    whole = list(fr.splitter(fr.nlp.make_doc(text)).sents)
    selected = list(fr.select_doc(text).sents)
    assert [(s.start_char, s.end_char) for s in selected] == [(s.start_char, s.end_char) for s in whole]
    kept = fr.kept(whole)
    assert not all(kept)
    for before, after, keep in zip(whole, selected, kept, strict=True):
        if keep:
            assert [(t.text, t.idx, t.whitespace_) for t in after] == [(t.text, t.idx, t.whitespace_) for t in before]
        else:
            # a blanked sentence is one whitespace token, as long as the sentence
            assert len(after) == 1 and after.text.isspace() and len(after.text) == len(before.text)


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
    whole_tokens = {(t.idx, t.text) for t in fr.nlp.make_doc(TEXT)}
    assert {(t.idx, t.text) for t in doc if not t.is_space} <= whole_tokens
    selected = [s.text.strip() for s in doc.sents]
    whole = [s.text.strip() for s in fr.splitter(fr.nlp.make_doc(TEXT)).sents]
    kept = kept_lines(TEXT)
    assert len(kept) < len(whole)
    assert [s for s in selected if s in kept] == [s for s in whole if s in kept] == kept


def test_the_last_sentence_naming_a_state_before_a_trigger_is_kept():
    """The actor memory reads "the state named last" before a trigger, however far back."""
    text = ("Le temps était doux.\nLe Niger compte vingt millions d'habitants.\nLes marchés se sont remplis tôt.\n"
            "Les enseignants ont condamné la décision.\nLa pluie a cessé.")
    kept, windows = selection(text)
    assert kept == ["Le temps était doux.", "Les enseignants ont condamné la décision."]
    assert windows == {"Le Niger compte vingt millions d'habitants.": ["Le", "Niger", "compte", "vingt"]}


def test_an_entry_that_wants_an_object_keeps_a_sentence_only_with_one():
    """"close" is a withdrawal or a sanction only with a base, a border or an embassy as object."""
    en = sentence_filter("en")
    doc = en.splitter(en.nlp.make_doc("Markets closed early. Chad closed its border with Niger."))
    assert en.kept(list(doc.sents)) == [True, True]
    doc = en.splitter(en.nlp.make_doc("It rained. Markets closed early."))
    assert en.kept(list(doc.sents)) == [True, False]


def test_forms_the_lemmatizer_hardly_ever_gives_a_trigger_lemma_do_not_count():
    """"armée" (the army) could be a form of "armer" (to arm), but the pool says it hardly ever is."""
    fr = sentence_filter("fr")
    assert "armer" in fr.lemmas("armée")
    assert "armer" not in fr.trigger_lemmas(fr.nlp.vocab.strings.add("armée"), fr.nlp.vocab.strings)
    assert "armer" in fr.trigger_lemmas(fr.nlp.vocab.strings.add("armer"), fr.nlp.vocab.strings)
