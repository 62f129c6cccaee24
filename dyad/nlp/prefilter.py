"""Selective parsing: a tokenizer-level pass that picks the sentences worth a full parse.

Most sentences of a news article report no event. Before the parse, each sentence is tokenized
and split (cheap), and kept when one of its words can be a trigger of the lexicon
(dyad/lang/<lang>/triggers.yaml) or hold all the words of one of its phrases ("mettre en garde"),
guessed without a tagger: a word stands for itself and any lemma the model's own lemmatizer
tables could give it (lookup table, exceptions, suffix rules). Kept too are
the sentences a kept one leans on: the first sentence (headline, dateline, lead), the sentence just
before when it refers back with a pronoun or "son homologue" (the actor tables' own words:
"Il a condamné..."), and the earlier sentence where each of its capitalised names first appears
(the resolver's memory: "Sergueï Lavrov, ministre russe" before "Lavrov").

The other sentences are blanked between their first and last words: every character there
except line breaks becomes a space. The text keeps its length and every offset, the parser meets
a few tokens where a sentence was, and the sentence splitter, which decides each boundary from the
tokens on either side of it, cuts the kept sentences where it cuts them in the whole text.
"""

from __future__ import annotations

from functools import cache

from spacy.language import Language
from spacy.tokens import Span

from dyad.events.lexicon import lexicon
from dyad.lang import read_yaml
from dyad.nlp.models import CLOSING, load

MEMO_LIMIT = 500_000


class SentenceFilter:
    """Chooses, for one language, the sentences of a text that the full pipeline must parse."""

    def __init__(self, nlp: Language, triggers: set[frozenset[str]], back_references: set[str]) -> None:
        self.nlp = nlp
        self.back_references = back_references
        self.by_word: dict[str, list[frozenset[str]]] = {}
        for words in triggers:
            self.by_word.setdefault(min(words), []).append(words)
        self.splitter = nlp.get_pipe("dyad_sentences")
        lemmatizer = nlp.get_pipe("lemmatizer")
        tables = lemmatizer.lookups
        self.lookup = tables.get_table("lemma_lookup") if tables.has_table("lemma_lookup") else {}
        self.exceptions = list(tables.get_table("lemma_exc").values()) if tables.has_table("lemma_exc") else []
        rules = tables.get_table("lemma_rules") if tables.has_table("lemma_rules") else {}
        self.rules = sorted({(old, new) for pos_rules in rules.values() for old, new in pos_rules})
        self._lemmas: dict[str, frozenset[str]] = {}

    def select(self, text: str) -> str:
        """The text with the sentences not worth parsing blanked out (same length, same offsets)."""
        sentences = list(self.splitter(self.nlp.make_doc(text)).sents)
        keep = self.kept(sentences)
        if all(keep):
            return text
        chars = list(text)
        for sentence, kept in zip(sentences, keep, strict=True):
            if not kept:
                start, end = _interior(text, sentence)
                for i in range(start, end):
                    if chars[i] != "\n":
                        chars[i] = " "
        return "".join(chars)

    def kept(self, sentences: list[Span]) -> list[bool]:
        keep = [self.has_trigger(s) for s in sentences]
        chosen = [i for i, k in enumerate(keep) if k]
        first_seen: dict[str, int] = {}
        for i, sentence in enumerate(sentences):
            for name in _names(sentence):
                first_seen.setdefault(name, i)
        for i in chosen:
            if i and any(t.lower_ in self.back_references for t in sentences[i]):
                keep[i - 1] = True
            for name in _names(sentences[i]):
                keep[first_seen[name]] = True
        if keep:
            keep[0] = True
        return keep

    def has_trigger(self, sentence: Span) -> bool:
        lemmas: set[str] = set()
        for token in sentence:
            lemmas |= self.lemmas(token.lower_)
        return any(words <= lemmas for lemma in lemmas for words in self.by_word.get(lemma, ()))

    def lemmas(self, form: str) -> frozenset[str]:
        known = self._lemmas.get(form)
        if known is None:
            if len(self._lemmas) >= MEMO_LIMIT:  # names and numbers never stop coming in a long ingest
                self._lemmas.clear()
            known = self._lemmas[form] = frozenset(self.guess_lemmas(form))
        return known

    def guess_lemmas(self, form: str) -> set[str]:
        """Every lemma the form could have, whatever its part of speech."""
        lemmas = {form}
        lemmas.update(self.lookup.get(form, ()))
        for table in self.exceptions:
            lemmas.update(table.get(form, ()))
        lemmas.update(form[: len(form) - len(old)] + new for old, new in self.rules if old and form.endswith(old))
        return lemmas


def _interior(text: str, sentence: Span) -> tuple[int, int]:
    """The characters between the sentence's first whitespace-delimited chunk and the chunk of its
    last token before any closing quote, reckoned in the whole text: the tokenizer cuts chunk by
    chunk, so both keep their tokens ("Niger."La"), and the splitter still sees the sentence end."""
    start = sentence.start_char
    while start < len(text) and not text[start].isspace():
        start += 1
    last = next((t for t in reversed(sentence) if not t.is_space and t.text not in CLOSING), None)
    end = last.idx if last is not None else start
    while end > start and not text[end - 1].isspace():
        end -= 1
    return start, end


def _names(sentence: Span) -> set[str]:
    return {t.text for t in sentence if t.is_title and t.is_alpha and len(t) > 2 and t.i != sentence.start}


@cache
def sentence_filter(lang: str) -> SentenceFilter:
    """The filter for a language: the lexicon's triggers (content words of each phrase), the model's lemma tables."""
    nlp = load(lang)
    stop = nlp.Defaults.stop_words
    triggers = set()
    for entry in lexicon(lang).entries:
        words = frozenset(w for w in entry.words if w not in stop and w.isalpha()) or frozenset(entry.words)
        triggers.add(words)
    roles = read_yaml(lang, "actors_roles.yaml")
    back_references = {w.lower() for words in (roles.get("pronouns") or {}).values() for w in words}
    back_references |= {w.lower() for w in roles.get("counterpart") or []}
    return SentenceFilter(nlp, triggers, back_references)


def select_sentences(text: str, lang: str) -> str:
    return sentence_filter(lang).select(text)

