"""Selective parsing: a tokenizer-level pass that picks the sentences worth a full parse.

Most sentences of a news article report no event. Before the parse, each sentence is tokenized
and split (cheap), and kept when it could fire an entry of the lexicon (dyad/lang/<lang>/triggers.yaml):
it holds all the words of the entry ("mettre en garde"), and one of the objects the entry wants
("close" a border) or the word that must follow it, guessed without a tagger: a word stands for
itself and any lemma the model's own lemmatizer tables could give it (lookup table, exceptions,
suffix rules), less those a training pool shows the full pipeline hardly ever gives that form
(`FORMS_FILE`: "armée" is the army, not a form of "armer"). Kept too are what the actor memory
needs from elsewhere: the first sentence (headline, dateline, lead); the two before a sentence
that refers back with a pronoun or "son homologue" (where the memory looks for an antecedent);
and, as a window of a few tokens, the description where each capitalised name of a kept sentence
first appears ("Sergueï Lavrov, ministre russe...") and the state named last before it (the memory
reads "the country" as the state named last, and an article's focus from the states named so far).

Everything else is blanked: every character except line breaks becomes a space, so the text
keeps its length and every offset. The pipeline gets the blanked text as a Doc built from the whole
text's tokens and sentence boundaries (`select_doc`), so it neither tokenizes nor splits twice: a
blanked sentence is one whitespace token there (a sentence of its own, so the memory still counts
sentences as in the whole text), and each stretch between the windows of a sentence one more.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from spacy.attrs import IS_ALPHA, IS_TITLE, LENGTH, LOWER, ORTH, SPACY
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import StringStore
from spacy.tokens import Doc, Span

from dyad.actors.memory import ANTECEDENT_SENTENCES
from dyad.actors.mentions import is_state
from dyad.actors.tables import load_tables, tsv_rows
from dyad.events.lexicon import lexicon
from dyad.lang import read_yaml
from dyad.nlp.models import SPLITTER, load

MEMO_LIMIT = 500_000
# Forms the full pipeline hardly ever lemmatizes as a trigger word, per language
# (scripts/build_prefilter_forms.py counts them in a training pool).
FORMS_FILE = "prefilter_forms.tsv"
# Beside the learned models: the lemmas their trigger detector fires on (one a line).
TRIGGER_WORDS = "trigger_words.txt"
# Tokens kept either side of a state's name, and of a name's first appearance (its description:
# "Sergueï Lavrov, ministre russe des Affaires étrangères"), in a sentence kept only for them.
STATE_MARGIN = 2
NAME_MARGIN = 4


@dataclass(frozen=True)
class Trigger:
    """What a sentence must hold for one lexicon entry to fire in it: all its words, and one word
    of each group it wants (the objects it takes, a word that must follow it)."""

    words: frozenset[str]
    wanted: tuple[frozenset[str], ...] = ()


class SentenceFilter:
    """Chooses, for one language, the sentences of a text that the full pipeline must parse."""

    def __init__(self, nlp: Language, triggers: set[Trigger], back_references: set[str],
                 states: PhraseMatcher, excluded: dict[str, frozenset[str]] | None = None) -> None:
        self.nlp = nlp
        self.excluded = excluded or {}
        self.states = states
        self.back_references = {nlp.vocab.strings.add(word) for word in back_references}
        self.by_word: dict[str, list[Trigger]] = {}
        for trigger in triggers:
            self.by_word.setdefault(min(trigger.words), []).append(trigger)
        self.vocabulary = frozenset().union(*(t.words.union(*t.wanted) for t in triggers))
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
        plan = self.plan(sentences)
        if all(p is True for p in plan):
            return doc
        strings = doc.vocab.strings
        orths, trailing = doc.to_array([ORTH, SPACY]).T.tolist()
        words: list[str] = []
        spaces: list[bool] = []
        starts: list[bool] = []
        for sentence, kept in zip(sentences, plan, strict=True):
            if kept is True:
                words += [strings[orth] for orth in orths[sentence.start:sentence.end]]
                spaces += [bool(space) for space in trailing[sentence.start:sentence.end]]
                starts += [True] + [False] * (len(sentence) - 1)
                continue
            tokens = _blanked(sentence, kept)
            words += [word for word, _ in tokens]
            spaces += [space for _, space in tokens]
            starts += [True] + [False] * (len(tokens) - 1)
        return Doc(self.nlp.vocab, words=words, spaces=spaces, sent_starts=starts)

    def kept(self, sentences: list[Span]) -> list[bool]:
        """Which sentences are parsed whole."""
        return [p is True for p in self.plan(sentences)]

    def plan(self, sentences: list[Span]) -> list[bool | list[tuple[int, int]]]:
        """For each sentence: True to parse it whole, else the token windows to keep of it (none:
        blank it). A sentence that only supplies a name's first description or the state named
        last keeps a window around that name."""
        if not sentences:
            return []
        doc = sentences[0].doc
        # Token attributes as plain lists: a Token object per look would cost more than the look.
        lowers, orths, titles, alphas, lengths = doc.to_array([LOWER, ORTH, IS_TITLE, IS_ALPHA, LENGTH]).T.tolist()
        memo, strings = self._lemmas, doc.vocab.strings
        lemmas = [memo[lower] if lower in memo else self.trigger_lemmas(lower, strings) for lower in lowers]
        names = [orth if title and alpha and length > 2 else 0
                 for orth, title, alpha, length in zip(orths, titles, alphas, lengths, strict=True)]
        keep: list[bool | list[tuple[int, int]]] = [self.has_trigger(lemmas[s.start:s.end]) or [] for s in sentences]
        starts = [s.start for s in sentences]
        chosen = [i for i, k in enumerate(keep) if k is True]
        # Capitalised words past the sentence's first, by their ORTH hash: where each first appears.
        first_seen: dict[int, tuple[int, int]] = {}
        named: list[set[int]] = []
        for i, s in enumerate(sentences):
            sentence_names = set()
            for t in range(s.start + 1, s.end):
                if names[t]:
                    sentence_names.add(names[t])
                    first_seen.setdefault(names[t], (i, t))
            named.append(sentence_names)
        state_spans: dict[int, list[tuple[int, int]]] = {}
        for _, start, end in self.states(doc):
            state_spans.setdefault(bisect_right(starts, start) - 1, []).append((start, end))
        naming_states = sorted(state_spans)

        def add_window(i: int, start: int, end: int, margin: int) -> None:
            if keep[i] is not True:
                s = sentences[i]
                keep[i].append((max(s.start, start - margin), min(s.end, end + margin)))

        for i in chosen:
            if i and not self.back_references.isdisjoint(lowers[sentences[i].start:sentences[i].end]):
                # The actor memory looks for a pronoun's antecedent this far back.
                for j in range(max(0, i - ANTECEDENT_SENTENCES + 1), i):
                    keep[j] = True
        keep[0] = True
        for i in chosen:
            earlier = bisect_left(naming_states, i)
            if earlier:
                for start, end in state_spans[naming_states[earlier - 1]]:
                    add_window(naming_states[earlier - 1], start, end, STATE_MARGIN)
            for name in named[i]:
                j, t = first_seen[name]
                add_window(j, t, t + 1, NAME_MARGIN)
        return keep

    def has_trigger(self, token_lemmas: list[frozenset[str]]) -> bool:
        """Whether the lemma candidates of a sentence's tokens hold every word of some trigger."""
        lemmas = frozenset().union(*token_lemmas)
        return any(t.words <= lemmas and all(not lemmas.isdisjoint(w) for w in t.wanted)
                   for lemma in lemmas for t in self.by_word.get(lemma, ()))

    def trigger_lemmas(self, lower: int, strings: StringStore) -> frozenset[str]:
        """The words of the lexicon's triggers that the form (by its LOWER hash) could be a lemma of."""
        known = self._lemmas.get(lower)
        if known is None:
            if len(self._lemmas) >= MEMO_LIMIT:  # names and numbers never stop coming in a long ingest
                self._lemmas.clear()
            form = strings[lower]
            known = self._lemmas[lower] = (self.lemmas(form) & self.vocabulary) - self.excluded.get(form, frozenset())
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


def _blanked(sentence: Span, windows: Sequence[tuple[int, int]] = ()) -> list[tuple[str, bool]]:
    """The sentence's (word, trailing space) pairs once blanked: the tokens of its windows stay, and
    one whitespace token, as long as what it stands for, takes the place of each stretch between them."""
    doc = sentence.doc
    kept: list[list[int]] = []
    for first, last in sorted(windows):
        if kept and first <= kept[-1][1]:
            kept[-1][1] = max(kept[-1][1], last)
        else:
            kept.append([first, last])
    tokens: list[tuple[str, bool]] = []
    cursor = sentence.start
    for first, last in [*kept, [sentence.end, sentence.end]]:
        if first > cursor:
            stretch = doc[cursor:first]
            tokens.append(("".join(c if c == "\n" else " " for c in stretch.text), bool(stretch[-1].whitespace_)))
        tokens += [(t.text, bool(t.whitespace_)) for t in doc[max(first, cursor):last]]
        cursor = max(cursor, last)
    return tokens


@cache
def sentence_filter(lang: str, exclusions: bool = True) -> SentenceFilter:
    """The filter for a language: the lexicon's triggers (the words of each phrase, what an entry
    wants beside them), the model's lemma tables, less the lemmas `FORMS_FILE` says a form hardly
    ever has."""
    nlp = load(lang)
    triggers = set()
    for entry in lexicon(lang).entries:
        words = frozenset(w for w in entry.words if w.isalpha()) or frozenset(entry.words)
        # An entry that wants one of some objects, or a word after it, can only fire where one is.
        wanted = tuple(group for group in (entry.objects, entry.followed_by) if group)
        triggers.add(Trigger(words, wanted))
    # Words the learned trigger detector fires on, which the lexicon may not hold: a sentence where
    # the model could find an event is parsed (the list is written by `make train`).
    triggers.update(Trigger(frozenset({word})) for word in learned_trigger_words(lang))
    roles = read_yaml(lang, "actors_roles.yaml")
    back_references = {w.lower() for words in (roles.get("pronouns") or {}).values() for w in words}
    back_references |= {w.lower() for w in roles.get("counterpart") or []}
    excluded = _excluded_forms(lang) if exclusions else {}
    return SentenceFilter(nlp, triggers, back_references, _state_names(nlp, lang), excluded)


def learned_trigger_words(lang: str) -> set[str]:
    from dyad.events.learned.stages import models_dir

    path = models_dir() / f"{lang}_{TRIGGER_WORDS}"
    return set(path.read_text(encoding="utf-8").split()) if path.is_file() else set()


def _excluded_forms(lang: str) -> dict[str, frozenset[str]]:
    path = resources.files("dyad.lang").joinpath(lang, FORMS_FILE)
    if not path.is_file():
        return {}
    excluded: dict[str, set[str]] = {}
    for row in tsv_rows(path.read_text(encoding="utf-8")):
        excluded.setdefault(row["form"], set()).add(row["lemma"])
    return {form: frozenset(lemmas) for form, lemmas in excluded.items()}


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

