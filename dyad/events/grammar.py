"""Dependency-parse helpers for one language, driven by dyad/lang/<lang>/arguments.yaml.

French (UD) attaches a preposition to its noun as `case`; English (ClearNLP) makes the preposition
the head (`prep` -> `pobj`). `prep_args` hides that difference from the argument linker.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Token

from dyad.lang import read_yaml

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

    def lemma(self, token: Token) -> str:
        return token.lemma_.lower()

    def is_passive(self, verb: Token) -> bool:
        return (any(c.dep_ in self.passive_subject or c.dep_ in self.passive_aux for c in verb.children)
                or "Voice=Pass" in str(verb.morph))

    def is_reflexive(self, verb: Token) -> bool:
        return any(c.lower_ in REFLEXIVE for c in verb.children if c.i < verb.i or c.dep_.startswith("expl"))

    def subjects(self, verb: Token) -> list[Token]:
        return [c for c in verb.children if c.dep_ in self.subject]

    def passive_subjects(self, verb: Token) -> list[Token]:
        return [c for c in verb.children if c.dep_ in self.passive_subject]

    def objects(self, verb: Token) -> list[Token]:
        return [c for c in verb.children if c.dep_ in self.object]

    def prep_args(self, head: Token) -> Iterator[tuple[str, Token]]:
        """(preposition, noun) for every prepositional argument of a verb or noun; "" for none."""
        for child in head.children:
            if self.style == "ud":
                if child.dep_ in self.obliques:
                    yield self._ud_prep(child), child
            elif child.dep_ in {"prep", "agent"}:
                for pobj in child.children:
                    if pobj.dep_ in {"pobj", "pcomp"}:
                        yield ("by" if child.dep_ == "agent" else child.lower_), pobj
            elif child.dep_ in {"dative"}:
                yield "to", child

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
        if token.dep_ in self.clausal and (token.dep_ != "advcl" or infinitive):
            return token.head
        if token.dep_ in self.conj and token.head.pos_ in {"VERB", "AUX"}:
            return token.head
        if infinitive and token.dep_ in self.participle:
            return self.enclosing_verb(token)
        return None

    def enclosing_verb(self, token: Token) -> Token | None:
        current = token  # spaCy rebuilds Token objects on access: compare indices, never identity
        while current.head.i != current.i:
            current = current.head
            if current.pos_ in {"VERB", "AUX"}:
                return current
        return None

    def adjacent_prep_object(self, noun: Token) -> tuple[str, Token] | None:
        """A prepositional phrase right after a noun, whatever the parser attached it to: the parser
        often hangs "une rencontre avec X" 's "avec X" on the verb or another noun."""
        if noun.i + 1 >= len(noun.doc):
            return None
        nxt = noun.doc[noun.i + 1]
        if self.style == "ud" and nxt.dep_ in self.case and nxt.head.i > nxt.i:
            return nxt.lower_, nxt.head
        if self.style != "ud" and nxt.dep_ == "prep":
            pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
            return (nxt.lower_, pobj) if pobj is not None else None
        return None


@cache
def grammar(lang: str) -> Grammar:
    raw = read_yaml(lang, "arguments.yaml")
    lists = {k: frozenset(v) for k, v in raw.items() if isinstance(v, list) and k != "pair_phrases"}
    return Grammar(style=raw["style"], pair_phrases=tuple(raw.get("pair_phrases", ())), **lists)
