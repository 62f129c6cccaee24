"""Selective parsing: a tokenizer-level pass that picks the sentences worth a full parse.

Most sentences of a news article report no event. Before the parse, each sentence is tokenized
and split (cheap), and kept when one of its words can be a trigger of the lexicon
(dyad/lang/<lang>/triggers.yaml) or hold all the words of one of its phrases ("mettre en garde"),
guessed without a tagger: a word stands for itself and any lemma the model's own lemmatizer
tables could give it (lookup table, exceptions, suffix rules). Kept too are
the sentences a kept one leans on: the first sentence (headline, dateline, lead), the sentence just
before when it refers back with a pronoun or "son homologue" (the actor tables' own words:
"Il a condamné..."), the earlier sentence where each of its capitalised names first appears
(the resolver's memory: "Sergueï Lavrov, ministre russe" before "Lavrov"), and the last earlier
sentence that names a state (the actor memory reads "the country" as the state named last, and
an article's focus from the states named so far).

The other sentences are blanked between their first and last words: every character there
except line breaks becomes a space. The text keeps its length and every offset, and the parser
meets a few tokens where a sentence was. The pipeline gets the blanked text as a Doc built from the
whole text's tokens and sentence boundaries (`select_doc`), so it neither tokenizes nor splits twice.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cache

from spacy.attrs import IS_ALPHA, IS_TITLE, LENGTH, LOWER, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

from dyad.actors.mentions import is_state
from dyad.actors.tables import load_tables
from dyad.events.lexicon import lexicon
from dyad.lang import read_yaml
from dyad.nlp.models import CLOSING, SPLITTER, load

MEMO_LIMIT = 500_000


class SentenceFilter:
    """Chooses, for one language, the sentences of a text that the full pipeline must parse."""

    def __init__(self, nlp: Language, triggers: set[frozenset[str]], back_references: set[str],
                 states: PhraseMatcher) -> None:
        self.nlp = nlp
        self.states = states
        self.back_references = {nlp.vocab.strings.add(word) for word in back_references}
        self.by_word: dict[str, list[frozenset[str]]] = {}
        for words in triggers:
            self.by_word.setdefault(min(words), []).append(words)
        self.vocabulary = frozenset().union(*triggers)
        self.splitter = nlp.get_pipe(SPLITTER)
        lemmatizer = nlp.get_pipe("lemmatizer")
        tables = lemmatizer.lookups
        self.lookup = tables.get_table("lemma_lookup") if tables.has_table("lemma_lookup") else {}
        self.exceptions = list(tables.get_table("lemma_exc").values()) if tables.has_table("lemma_exc") else []
        rules = tables.get_table("lemma_rules") if tables.has_table("lemma_rules") else {}
        # Suffix rules by suffix, so that a new form is checked against the suffixes it has, not all.
        self.rules: dict[str, set[str]] = {}
        for old, new in {(old, new) for pos_rules in rules.values() for old, new in pos_rules if old}:
            self.rules.setdefault(old, set()).add(new)
        self.suffix_lengths = sorted({len(old) for old in self.rules})
        self._lemmas: dict[int, frozenset[str]] = {}

    def select(self, text: str) -> str:
        """The text with the sentences not worth parsing blanked out (same length, same offsets)."""
        return self.select_doc(text).text

    def select_doc(self, text: str) -> Doc:
        """The blanked text as a tokenized Doc with every sentence boundary set, ready for the rest of
        the pipeline: its tokens and boundaries are those of the whole text, so neither the tokenizer
        nor the splitter needs a second pass."""
        doc = self.splitter(self.nlp.make_doc(text))
        sentences = list(doc.sents)
        keep = self.kept(sentences)
        if all(keep):
            return doc
        words: list[str] = []
        spaces: list[bool] = []
        starts: list[bool] = []
        for sentence, kept in zip(sentences, keep, strict=True):
            tokens = [(t.text, bool(t.whitespace_)) for t in sentence] if kept else _blanked(text, sentence)
            words += [word for word, _ in tokens]
            spaces += [space for _, space in tokens]
            # As the splitter does, a line break in the blank starts a sentence.
            starts += [True] + [not kept and tokens[k - 1][0].isspace() and "\n" in tokens[k - 1][0]
                                for k in range(1, len(tokens))]
        return Doc(self.nlp.vocab, words=words, spaces=spaces, sent_starts=starts)

    def kept(self, sentences: list[Span]) -> list[bool]:
        if not sentences:
            return []
        doc = sentences[0].doc
        # Token attributes as plain lists: a Token object per look would cost more than the look.
        lowers, orths, titles, alphas, lengths = doc.to_array([LOWER, ORTH, IS_TITLE, IS_ALPHA, LENGTH]).T.tolist()
        lemmas = [self.trigger_lemmas(lower, doc.vocab.strings) for lower in lowers]
        names = [orth if title and alpha and length > 2 else 0
                 for orth, title, alpha, length in zip(orths, titles, alphas, lengths, strict=True)]
        keep = [self.has_trigger(lemmas[s.start:s.end]) for s in sentences]
        starts = [s.start for s in sentences]
        chosen = [i for i, k in enumerate(keep) if k]
        # Capitalised words past the sentence's first, by their ORTH hash.
        named = [{names[t] for t in range(s.start + 1, s.end)} - {0} for s in sentences]
        first_seen: dict[int, int] = {}
        for i, sentence_names in enumerate(named):
            for name in sentence_names:
                first_seen.setdefault(name, i)
        naming_states = sorted({bisect_right(starts, start) - 1 for _, start, _ in self.states(doc)})
        for i in chosen:
            if i and not self.back_references.isdisjoint(lowers[sentences[i].start:sentences[i].end]):
                keep[i - 1] = True
            earlier = bisect_left(naming_states, i)
            if earlier:
                keep[naming_states[earlier - 1]] = True
            for name in named[i]:
                keep[first_seen[name]] = True
        keep[0] = True
        return keep

    def has_trigger(self, token_lemmas: list[frozenset[str]]) -> bool:
        """Whether the lemma candidates of a sentence's tokens hold every word of some trigger."""
        lemmas = frozenset().union(*token_lemmas)
        return any(words <= lemmas for lemma in lemmas for words in self.by_word.get(lemma, ()))

    def trigger_lemmas(self, lower: int, strings: StringStore) -> frozenset[str]:
        """The words of the lexicon's triggers that the form (by its LOWER hash) could be a lemma of."""
        known = self._lemmas.get(lower)
        if known is None:
            if len(self._lemmas) >= MEMO_LIMIT:  # names and numbers never stop coming in a long ingest
                self._lemmas.clear()
            known = self._lemmas[lower] = self.lemmas(strings[lower]) & self.vocabulary
        return known

    def lemmas(self, form: str) -> frozenset[str]:
        """Every lemma the form could have, whatever its part of speech."""
        lemmas = {form}
        lemmas.update(self.lookup.get(form, ()))
        for table in self.exceptions:
            lemmas.update(table.get(form, ()))
        for length in self.suffix_lengths:
            if length <= len(form):
                stem = form[: len(form) - length]
                lemmas.update(stem + new for new in self.rules.get(form[len(form) - length:], ()))
        return frozenset(lemmas)


def _blanked(text: str, sentence: Span) -> list[tuple[str, bool]]:
    """The sentence's (word, trailing space) pairs once its interior is blanked: the first and last
    chunks keep their tokens, and one whitespace token holds the blank between them, line breaks
    kept, as the tokenizer would cut the blanked text."""
    start, end = _interior(text, sentence)
    before = [t for t in sentence if t.idx + len(t) <= start]
    after = [t for t in sentence if t.idx >= end]
    tokens = [(t.text, bool(t.whitespace_)) for t in before]
    if end <= start or not before:
        return [(t.text, bool(t.whitespace_)) for t in sentence]
    gap = "".join(c if c == "\n" else " " for c in text[start:end])
    tokens[-1] = (tokens[-1][0], gap.startswith(" "))
    if gap[gap.startswith(" "):]:
        tokens.append((gap[gap.startswith(" "):], False))
    return tokens + [(t.text, bool(t.whitespace_)) for t in after]


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
    return SentenceFilter(nlp, triggers, back_references, _state_names(nlp, lang))


def _state_names(nlp: Language, lang: str) -> PhraseMatcher:
    """The actor tables' forms that name a state, or a person who stands for one (what the actor
    memory's latest_country and focus count)."""
    forms = sorted({form.lower() for form, entries in load_tables(lang).forms.items()
                    if any(e.kind in ("person", "surname") or is_state(e.code)
                           for e in entries)})
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    matcher.add("STATE", list(nlp.tokenizer.pipe(forms)))
    return matcher


def select_sentences(text: str, lang: str) -> str:
    return sentence_filter(lang).select(text)


def select_doc(text: str, lang: str) -> Doc:
    return sentence_filter(lang).select_doc(text)

