"""Noun phrases on the dependency parse: which atoms (table hits) belong to one mention, and
which of them is nearest its head."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from dyad.actors.tables import Entry

# Dependency relations that keep a word inside the noun phrase of its head.
NP_DEPS = {"amod", "nmod", "appos", "flat", "flat:name", "flat:foreign", "compound", "nummod", "fixed", "det",
           "nmod:poss", "poss", "case", "prep", "pobj", "npadvmod", "nn", "name"}
# Place kinds that name a state (a demonym or a city does not stop a phrase naming another).
PLACE_NAMES = {"country", "capital", "seat", "breakaway"}


@dataclass
class Atom:
    """One table hit or person entity: a span and what it stands for."""

    span: Span
    entry: Entry

    @property
    def root(self) -> Token:
        return self.span.root


def phrase_groups(atoms: list[Atom], prepositions: set[str]) -> list[list[Atom]]:
    """Atoms in one noun phrase: each atom joins the nearest atom among its NP ancestors; a role
    and a person side by side across a comma are one appositive phrase."""
    owner: dict[int, int] = {}
    for n, atom in enumerate(atoms):
        for i in range(atom.span.start, atom.span.end):
            owner[i] = n
    parent = list(range(len(atoms)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    members: dict[int, list[Atom]] = {n: [atom] for n, atom in enumerate(atoms)}
    for n, atom in enumerate(atoms):
        if atom.entry.kind == "pronoun":
            continue
        for token in _edges(atom.span):
            other = _np_ancestor_atom(token, owner, n, prepositions, atom.entry.kind == "org")
            if other is None:
                continue
            a, b = find(n), find(other)
            if a != b and _compatible(members[a], members[b]):
                parent[a] = b
                members[b] += members.pop(a)
    groups: dict[int, list[Atom]] = {}
    for n, atom in enumerate(atoms):
        groups.setdefault(find(n), []).append(atom)
    merged: list[list[Atom]] = []
    for group in sorted(groups.values(), key=lambda g: min(a.span.start for a in g)):
        if merged and _appositive(merged[-1], group):
            merged[-1] = merged[-1] + group
        else:
            merged.append(group)
    return merged


def _identities(group: list[Atom]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"person": set(), "place": set(), "org": set()}
    for atom in group:
        kind = atom.entry.kind
        if kind in ("person", "surname"):
            found["person"].add(atom.entry.person or atom.span.text.lower())
        elif kind in PLACE_NAMES:
            found["place"].add(atom.entry.code or "")
        elif kind == "org":
            found["org"].add(atom.entry.name or atom.span.text.lower())
    return found


def _compatible(left: list[Atom], right: list[Atom]) -> bool:
    """Two phrases are one only if they name no two different people, states or bodies
    ("le président nigérien Mohamed Bazoum, le Tchadien Mahamat Idriss Déby" is two)."""
    a, b = _identities(left), _identities(right)
    return all(not (a[k] and b[k]) or bool(a[k] & b[k]) for k in a)


def _edges(span: Span) -> list[Token]:
    """Tokens of the span whose head lies outside it (a parse may split a name across heads)."""
    return [t for t in span if not (span.start <= t.head.i < span.end) or t.head.i == t.i]


def _np_ancestor_atom(token: Token, owner: dict[int, int], own: int, prepositions: set[str],
                      is_org: bool) -> int | None:
    """The nearest atom up the noun phrase. A place may sit deep in it ("le ministre des Affaires
    étrangères de la Russie"); an organisation must modify the atom itself ("les combattants de
    Boko Haram", not "le président ... de la réarticulation de Barkhane")."""
    steps = 0
    while (token.dep_ in NP_DEPS or _possessor(token, prepositions)) and token.head.i != token.i and steps < 8:
        if _blocked(token, prepositions) or _across_clause(token):
            return None
        token, steps = token.head, steps + 1
        other = owner.get(token.i)
        if other is not None and other != own:
            return other
        if is_org and token.pos_ in ("NOUN", "PROPN") and other is None:
            return None
    return None


def _possessor(token: Token, prepositions: set[str]) -> bool:
    """A word marked as a possessor ("Burkina Faso's") belongs to its head's phrase whatever
    relation the parser gave it."""
    return any(c.dep_ == "case" and c.lower_ in prepositions and c.i > token.i for c in token.children)


def _across_clause(token: Token) -> bool:
    """An apposition with a verb between it and its head is a parse slip over a relative clause."""
    low, high = sorted((token.i, token.head.i))
    return token.dep_ == "appos" and any(t.pos_ in ("VERB", "AUX") for t in token.doc[low + 1:high])


def _blocked(token: Token, prepositions: set[str]) -> bool:
    """A complement introduced by another preposition ("avec son homologue", "après la visite")
    is a different participant, not part of the phrase."""
    if token.dep_ == "prep":
        return token.lower_ not in prepositions
    return any(c.dep_ == "case" and c.lower_ not in prepositions for c in token.children)


def _parallel(left: Token, right: Token) -> bool:
    """Heads the parser made apposed, or made twin arguments of one word."""
    return right.head == left or left.head == right or (left.head == right.head and left.dep_ == right.dep_)


def _appositive(left: list[Atom], right: list[Atom]) -> bool:
    doc = left[0].span.doc
    between = doc[max(a.span.end for a in left):min(a.span.start for a in right)]
    if not between or between[0].text != "," or any(t.pos_ not in ("PUNCT", "DET") for t in between):
        return False
    if not _compatible(left, right) or not _parallel(head_of(left), head_of(right)):
        return False
    has_person = [any(a.entry.kind in ("person", "surname") for a in g) for g in (left, right)]
    has_role = [any(a.entry.kind in ("role", "counterpart") for a in g) for g in (left, right)]
    return (has_person[0] and has_role[1] and not has_person[1]) or (has_person[1] and has_role[0]
                                                                    and not has_person[0])


def head_of(group: list[Atom]) -> Token:
    """The group's head: the atom root highest in the tree (fewest ancestors)."""
    roots = [atom.root for atom in group]
    return min(roots, key=lambda t: (len(list(t.ancestors)), t.i))


def first(group: list[Atom], head: Token, kinds: set[str]) -> Atom | None:
    """The atom of these kinds closest to the head in the tree."""
    matching = [a for a in group if a.entry.kind in kinds]
    if not matching:
        return None
    return min(matching, key=lambda a: (_distance(a.root, head), a.entry.kind != "org", a.span.start))


def _distance(token: Token, head: Token) -> int:
    steps = 0
    while token.i != head.i and token.head.i != token.i and steps < 20:
        token, steps = token.head, steps + 1
    return steps if token.i == head.i else 50 + abs(token.i - head.i)
