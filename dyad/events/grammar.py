"""Dependency-parse helpers for one language, driven by dyad/lang/<lang>/arguments.yaml.

French (UD) attaches a preposition to its noun as `case`; English (ClearNLP) makes the preposition
the head (`prep` -> `pobj`). `prep_args` hides that difference from the argument linker.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Token

from dyad.lang import read_yaml
from dyad.nlp.views import views

FOLLOW_WINDOW = 14
FOLLOW_LIMIT = 3
MARKER_WINDOW = 8
FOLLOW_PUNCT = {"(", ")", "'", "’", '"', "«", "»", "-"}
REFLEXIVE = {"se", "s'", "soi", "himself", "herself", "itself", "themselves"}


@dataclass(frozen=True)
class Grammar:
    style: str
    subject: frozenset[str]
    passive_subject: frozenset[str]
    object: frozenset[str]
    indirect_object: frozenset[str]
    obliques: frozenset[str]
    agent: frozenset[str]
    clausal: frozenset[str]
    relative: frozenset[str]
    participle: frozenset[str]
    conj: frozenset[str]
    appos: frozenset[str]
    aux: frozenset[str]
    passive_aux: frozenset[str]
    mark: frozenset[str]
    case: frozenset[str]
    adjective: frozenset[str]
    possessive: frozenset[str]
    recipient_preps: frozenset[str]
    agent_preps: frozenset[str]
    of_preps: frozenset[str]
    do_verbs: frozenset[str]
    undergo_verbs: frozenset[str]
    pair_phrases: tuple[str, ...]
    compound: frozenset[str] = frozenset()
    mutual_preps: frozenset[str] = frozenset()
    against_preps: frozenset[str] = frozenset()
    transparent_nouns: frozenset[str] = frozenset()
    quantity_nouns: frozenset[str] = frozenset()
    list_separators: frozenset[str] = frozenset()
    group_nouns: frozenset[str] = frozenset()
    relative_pronouns: frozenset[str] = frozenset()
    reciprocal_words: frozenset[str] = frozenset()
    object_predicates: frozenset[str] = frozenset()
    announce_verbs: frozenset[str] = frozenset()
    leave_verbs: frozenset[str] = frozenset()
    denial_verbs: frozenset[str] = frozenset()
    pointing_determiners: frozenset[str] = frozenset()
    diplomat_words: frozenset[str] = frozenset()
    site_nouns: frozenset[str] = frozenset()
    numbers: dict[str, int] = field(default_factory=dict, hash=False, compare=False)

    def lemma(self, token: Token) -> str:
        return token.lemma_.lower()

    def is_reciprocal(self, verb: Token) -> bool:
        """"les deux parties se blâment mutuellement", "they blamed each other"."""
        text = " ".join(t.lower_ for t in [c for c in verb.subtree if c.i > verb.i][:4])
        return any(f" {w} " in f" {text} " for w in self.reciprocal_words)

    def is_relative_pronoun(self, token: Token) -> bool:
        return "PronType=Rel" in str(token.morph) or token.lower_ in self.relative_pronouns

    def is_passive(self, verb: Token) -> bool:
        if self.style == "ud" and self.is_reflexive(verb):
            return False  # "le Mali s'est retiré": être with a reflexive verb is no passive
        return (any(c.dep_ in self.passive_subject or c.dep_ in self.passive_aux for c in verb.children)
                or "Voice=Pass" in str(verb.morph))

    def is_passive_participle(self, verb: Token) -> bool:
        morph = str(verb.morph)
        return verb.tag_ == "VBN" or "Voice=Pass" in morph or ("VerbForm=Part" in morph and "Tense=Past" in morph)

    def is_reflexive(self, verb: Token) -> bool:
        return any(c.lower_ in REFLEXIVE for c in verb.children if c.i < verb.i or c.dep_.startswith("expl"))

    def subjects(self, verb: Token) -> list[Token]:
        found = [c for c in verb.children if c.dep_ in self.subject]
        if not found and self.style == "ud" and self.is_reflexive(verb):
            # The parser reads "le Mali s'est retiré" as a passive; it is the Mali that withdraws.
            found = [c for c in verb.children if c.dep_ in self.passive_subject]
        return found

    def passive_subjects(self, verb: Token) -> list[Token]:
        return [c for c in verb.children if c.dep_ in self.passive_subject]

    def objects(self, verb: Token) -> list[Token]:
        return [c for c in verb.children if c.dep_ in self.object]

    def quantified(self, noun: Token) -> list[Token]:
        """"two-thirds of Russian oil imports", "la moitié des importations": what a quantity
        noun measures, its "of" complement."""
        if self.lemma(noun) not in self.quantity_nouns and noun.lower_ not in self.quantity_nouns:
            return []
        return [n for p, n in self._direct_prep_args(noun) if p in self.of_preps]

    def marker_after(self, head: Token, markers: frozenset[str]) -> int | None:
        """The index of the first of these words within a few tokens after the head, in its sentence
        ("redéploiement ... hors du Mali")."""
        end = min(views(head.doc).sentence_bounds(head.i)[1], head.i + 1 + MARKER_WINDOW)
        return next((t.i for t in head.doc[head.i + 1:end] if t.lower_ in markers), None)

    def is_infinitive(self, token: Token) -> bool:
        return "VerbForm=Inf" in str(token.morph)

    def quantifiers(self, noun: Token) -> list[Token]:
        """The quantity noun that measures this one, if any ("the new round of sanctions")."""
        holder = noun.head.head if self.style != "ud" and noun.dep_ == "pobj" else noun.head
        return [holder] if holder.i != noun.i and noun.i in {n.i for n in self.quantified(holder)} else []

    def prep_args(self, head: Token) -> Iterator[tuple[str, Token]]:
        """(preposition, noun) for every prepositional argument of a verb or noun; "" for none.
        Transparent nouns pass their complement on: "à destination du Mali" is "à" + Mali."""
        for prep, noun in self._direct_prep_args(head):
            if self.lemma(noun) in self.transparent_nouns:
                inner = [n for p, n in self._direct_prep_args(noun) if p in self.of_preps]
                if inner:
                    yield from ((prep, n) for n in inner)
                    continue
            yield prep, noun

    def following_prep_args(self, noun: Token) -> Iterator[tuple[str, Token]]:
        """Prepositional phrases that follow a noun up to the next verb or clause boundary, whatever
        the parser attached them to ("l'invasion de l'Ukraine par la Russie")."""
        sent_end = views(noun.doc).sentence_bounds(noun.i)[1]
        found: list[Token] = []
        for j in range(noun.i + 1, min(sent_end, noun.i + FOLLOW_WINDOW)):
            token = noun.doc[j]
            if token.pos_ in {"VERB", "AUX", "SCONJ", "CCONJ"} or (token.is_punct and token.text not in FOLLOW_PUNCT):
                return
            if token.pos_ != "ADP":
                continue
            if self.style == "ud" and token.head.i > token.i:
                arg = token.head
            else:
                arg = next((c for c in token.children if c.dep_ == "pobj"), None) if self.style != "ud" else None
            # A complement of an earlier phrase is that phrase's ("par des combattants de Boko
            # Haram"), unless the earlier phrase is an amount, which the parser often makes the
            # head of what follows ("une aide de 100 millions au Togo").
            if arg is None:
                continue
            owners = [earlier for earlier in found if earlier.is_ancestor(arg)]
            if any(token.lower_ in self.of_preps or not self._amount(o) for o in owners):
                continue
            found.append(arg)
            yield ("by" if token.dep_ == "agent" else token.lower_), arg
            if len(found) >= FOLLOW_LIMIT:
                return

    def _amount(self, token: Token) -> bool:
        return any(c.like_num for c in token.children) or token.like_num

    def _direct_prep_args(self, head: Token) -> Iterator[tuple[str, Token]]:
        for child in head.children:
            if self.style == "ud":
                if child.dep_ in self.obliques:
                    yield self._ud_prep(child), child
                elif child.dep_ in self.conj and head.pos_ == "VERB" and child.pos_ in {"NOUN", "PROPN"} and self._ud_prep(child):
                    # "a recommandé, lundi, aux ressortissants de...": a phrase with its preposition
                    # that the parser coordinated with the verb is one of its obliques.
                    yield self._ud_prep(child), child
                elif child.pos_ == "ADV":
                    yield from self._adverb_prep_args(child)
            elif child.dep_ in {"prep", "agent"}:
                for pobj in child.children:
                    if pobj.dep_ in {"pobj", "pcomp"}:
                        yield ("by" if child.dep_ == "agent" else child.lower_), pobj
            elif child.dep_ in {"dative"}:
                yield "to", child

    def _adverb_prep_args(self, adverb: Token) -> Iterator[tuple[str, Token]]:
        """"se rendre auprès du Ghana": the parser heads the compound preposition by its adverb and
        hangs the noun on it; the adverb is the preposition."""
        for noun in adverb.children:
            if noun.dep_ in self.obliques and self._ud_prep(noun) in self.of_preps:
                yield adverb.lower_, noun

    def _ud_prep(self, noun: Token) -> str:
        cases = [c for c in noun.children if c.dep_ in self.case and c.i < noun.i]
        if not cases:
            return ""
        return cases[0].lower_

    def agents(self, head: Token) -> list[Token]:
        found = [c for c in head.children if c.dep_ in self.agent]
        found += [noun for prep, noun in self.prep_args(head) if prep in self.agent_preps and noun not in found]
        return found

    def conjuncts(self, token: Token) -> list[Token]:
        """The token and the tokens coordinated with it ("le Mali et la Russie")."""
        found = [token]
        for child in token.children:
            if child.dep_ in self.conj and child.pos_ in {"NOUN", "PROPN", "PRON", "ADJ", "X"}:
                found.extend(self.conjuncts(child))
        return found

    def adjectives(self, noun: Token) -> list[Token]:
        return [c for c in noun.children if c.dep_ in self.adjective or c.dep_ in self.compound]

    def clause_parent(self, token: Token) -> Token | None:
        """The verb whose subject a subjectless verb shares: control, raising, coordination, and
        infinitives ("a profité de l'occasion pour dénoncer", "espère dans un délai bref livrer")."""
        infinitive = "VerbForm=Inf" in str(token.morph)
        if token.dep_ in self.clausal and (token.dep_ != "advcl" or infinitive or self.is_gerund(token)):
            return token.head
        if token.dep_ in self.conj and token.head.pos_ in {"VERB", "AUX"}:
            return token.head
        if token.dep_ == "pcomp" and self.is_gerund(token) and token.head.head.pos_ in {"VERB", "AUX"}:
            return token.head.head
        if token.dep_ in self.participle and (infinitive or not self.is_passive_participle(token)):
            return self.enclosing_verb(token)
        return None

    def is_gerund(self, token: Token) -> bool:
        """"en condamnant", "by condemning", "..., condemning": an adverbial present participle
        shares the subject of the verb it hangs on."""
        morph = str(token.morph)
        return "VerbForm=Ger" in morph or ("VerbForm=Part" in morph and "Tense=Pres" in morph)

    def enclosing_verb(self, token: Token) -> Token | None:
        current = token  # spaCy rebuilds Token objects on access: compare indices, never identity
        while current.head.i != current.i:
            current = current.head
            if current.pos_ in {"VERB", "AUX"}:
                return current
        return None



@cache
def grammar(lang: str) -> Grammar:
    raw = read_yaml(lang, "arguments.yaml")
    lists = {k: frozenset(v) for k, v in raw.items() if isinstance(v, list) and k != "pair_phrases"}
    return Grammar(style=raw["style"], pair_phrases=tuple(raw.get("pair_phrases", ())),
                   numbers=dict(raw.get("numbers") or {}), **lists)
