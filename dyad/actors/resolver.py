"""Mention finding and resolution: every state, organisation, group and person in a parsed article.

1. Atoms: PhraseMatcher hits over the tables (countries, demonyms, capitals, organisations,
   people, roles, pronouns) plus spaCy PER entities for people the tables do not know.
2. Mentions: atoms that sit in one noun phrase of the dependency parse are grouped ("le ministre
   russe des Affaires étrangères Sergueï Lavrov" is one mention) and resolved together: a person
   known at the article's date wins; otherwise an organisation or a country gives the code, and a
   role noun gives the sector.
3. Memory: names bound in the article ("X, ministre malien ...") resolve later surnames; roles
   without a country inherit from the last same-role mention; pronouns and "son homologue"
   take their antecedent's actor or sector.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dyad.actors.tables import COUNTRY_KINDS, Entry, Tables, load_tables
from dyad.nlp.models import load
from dyad.records import NO_ACTOR_CODE, Actor

# Dependency relations that keep a word inside the noun phrase of its head.
NP_DEPS = {"amod", "nmod", "appos", "flat", "flat:name", "flat:foreign", "compound", "nummod", "fixed", "det",
           "nmod:poss", "poss", "case", "prep", "pobj", "npadvmod", "nn", "name"}
# Place kinds that name a state (a demonym or a city does not stop a phrase naming another).
PLACE_NAMES = {"country", "capital", "seat", "breakaway"}
NOUNISH = {"NOUN", "PROPN", "PRON", "X"}
INDIVIDUAL_KINDS = {"person", "role", "counterpart"}
# Entity labels under which a capitalised word is no person's name.
NOT_NAMES = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "GPE", "LOC"}
# Kinds whose forms are also common words in lower case ("borne", "talon", "may").
CAPITALISED = {"person", "surname", "city"}
ANTECEDENT_SENTENCES = 3


@dataclass(frozen=True)
class Mention:
    start_char: int
    end_char: int
    start_token: int
    end_token: int
    actor: Actor
    kind: str = "role"
    head: int = -1


@dataclass
class Atom:
    """One table hit or person entity: a span and what it stands for."""

    span: Span
    entry: Entry

    @property
    def root(self) -> Token:
        return self.span.root


@dataclass
class DocActors:
    """The article's mentions: `mentions` are resolved to a code; `partial` ones have only a sector
    ("le ministre" with no country in sight), for callers that want them."""

    doc: Doc
    mentions: list[Mention] = field(default_factory=list)
    partial: list[Mention] = field(default_factory=list)
    _by_token: dict[int, Mention] = field(default_factory=dict, repr=False)

    def index(self, mention: Mention, tokens: Iterable[int]) -> None:
        (self.mentions if _has_code(mention.actor) else self.partial).append(mention)
        for i in tokens:
            self._by_token.setdefault(i, mention)

    def mention_at(self, token: Token) -> Mention | None:
        """The mention of the noun phrase the token belongs to, climbing to its head."""
        seen = 0
        while seen < 12:
            if token.i in self._by_token:
                return self._by_token[token.i]
            if token.head is token or token.dep_ not in NP_DEPS:
                return None
            token = token.head
            seen += 1
        return None

    def actor_for_span(self, span: Span | Token, partial: bool = False, subtree: bool = False) -> Actor | None:
        """The actor of the mention covering the token (or the span's root), a pronoun's or a
        counterpart's antecedent included. `subtree` also looks inside the phrase ("l'attaque des
        jihadistes" -> the jihadists); `partial` returns actors with a sector but no code."""
        root = span if isinstance(span, Token) else span.root
        mention = self.mention_at(root)
        if mention is None and isinstance(span, Span):
            inside = [m for m in self.mentions + self.partial if span.start <= m.head < span.end]
            mention = next((m for m in inside if _has_code(m.actor)), inside[0] if inside else None)
        if mention is None and subtree:
            inside = {t.i for t in root.subtree}
            candidates = self.mentions + (self.partial if partial else [])
            mention = min((m for m in candidates if m.head in inside), key=lambda m: m.start_token, default=None)
        if mention is None or not (partial or _has_code(mention.actor)):
            return None
        return mention.actor


def _has_code(actor: Actor) -> bool:
    return actor.code != NO_ACTOR_CODE


class ActorResolver:
    def __init__(self, lang: str, extra_actors: Path | None = None) -> None:
        self.lang = lang
        self.tables: Tables = load_tables(lang, extra_actors)
        nlp = load(lang)
        self.vocab = nlp.vocab
        self.entries: list[list[Entry]] = []
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        lower_forms: dict[str, list[Entry]] = {}
        exact_forms: dict[str, list[Entry]] = {}
        for form, entries in self.tables.forms.items():
            if _is_acronym(form):
                exact_forms.setdefault(form, []).extend(entries)
            else:
                lower_forms.setdefault(form.lower(), []).extend(entries)
        for matcher, forms in ((self.lower, lower_forms), (self.exact, exact_forms)):
            texts = list(forms)
            for text, pattern in zip(texts, nlp.tokenizer.pipe(texts), strict=True):
                key = f"A{len(self.entries)}"
                self.entries.append(sorted(forms[text], key=lambda e: -e.priority))
                matcher.add(key, [pattern])

    # -- atoms -------------------------------------------------------------------------------
    def atoms(self, doc: Doc) -> list[Atom]:
        persons = [ent for ent in doc.ents if ent.label_ in ("PER", "PERSON")]
        others = [ent for ent in doc.ents if ent.label_ not in ("PER", "PERSON")]
        hits: list[tuple[Span, Entry]] = []
        for matcher in (self.lower, self.exact):
            for match_id, start, end in matcher(doc):
                span = Span(doc, start, end)
                entry = next((e for e in self.entries[int(self.vocab.strings[match_id][1:])]
                              if _plausible(span, e, persons) and not _other_entity(span, e, others)), None)
                if entry is not None:
                    hits.append((span, entry))
        by_span = {}
        for span, entry in hits:
            key = (span.start, span.end)
            if key not in by_span or entry.priority > by_span[key][1].priority:
                by_span[key] = (span, entry)
        kept = filter_spans([span for span, _ in sorted(by_span.values(), key=lambda h: -h[1].priority)])
        atoms = [Atom(span, by_span[(span.start, span.end)][1]) for span in kept]
        covered = {i for atom in atoms for i in range(atom.span.start, atom.span.end)}
        for ent in persons:
            if not covered.intersection(range(ent.start, ent.end)):
                atoms.append(Atom(ent, Entry("person")))
        return sorted(atoms, key=lambda a: a.span.start)

    # -- analysis ----------------------------------------------------------------------------
    def analyse(self, doc: Doc, published: dt.date | None = None) -> DocActors:
        day = published
        found = DocActors(doc)
        atoms = self.atoms(doc)
        places = {atom.root.i: atom for atom in atoms if atom.entry.kind in COUNTRY_KINDS - {"demonym"}}
        memory = Memory()
        for group in _group(atoms, self.tables.np_prepositions):
            head = _head(group)
            actor, kind = self._resolve(group, head, day, memory)
            if actor is not None and actor.code == NO_ACTOR_CODE and actor.sector in self.tables.locative_sectors:
                actor = self._locate(actor, head, places)
            if actor is None:
                continue
            tokens = {i for atom in group for i in range(atom.span.start, atom.span.end)} | {head.i}
            start, end = min(tokens), max(tokens) + 1
            actor = actor.model_copy(update={"text": doc[start:end].text})
            mention = Mention(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), start, end, actor, kind, head.i)
            found.index(mention, tokens)
            memory.remember(group, head, mention)
        return found

    def _resolve(self, group: list[Atom], head: Token, day: dt.date | None,
                 memory: Memory) -> tuple[Actor | None, str]:
        kinds = {atom.entry.kind for atom in group}
        person = self._person(group, day, memory)
        if person is not None:
            return person, "person"
        former = any(t.lower_ in self.tables.former_words for t in head.children) or any(
            t.lower_ in self.tables.former_words for atom in group for t in atom.span)
        if kinds == {"pronoun"}:
            antecedent = memory.antecedent(head, group[0].entry.name == "person", self.tables.any_singular)
            return (antecedent.actor, "pronoun") if antecedent else (None, "pronoun")
        source = _first(group, head, {"org"} | COUNTRY_KINDS)
        org = source if source is not None and source.entry.kind == "org" else None
        place = source if org is None else None
        role = _first(group, head, {"role"})
        code = source.entry.code if source else NO_ACTOR_CODE
        name = org.entry.name if org else None
        sector = self._sector(group, head, org, place, role, memory)
        if code == NO_ACTOR_CODE and role is not None:
            owner = memory.possessor(head, self.tables.possessives)
            earlier = owner or memory.same_role(role.entry.name)
            if earlier is not None:
                code, name = earlier.actor.code, (earlier.actor.name if owner is None else None)
        if former and sector is not None:
            sector = "ELI"
        people = [a for a in group if a.entry.kind == "person"]
        if people and name is None:
            name = people[0].span.text
        elif role is not None and name is None and code != NO_ACTOR_CODE:
            name = memory.bound_name(role.entry.name, code)
        if code == NO_ACTOR_CODE and sector is None:
            return None, ""
        kind = "person" if people else "org" if org else "role" if role else (place.entry.kind if place else "role")
        if "counterpart" in kinds and not role:
            kind = "counterpart"
        return Actor(code=code, sector=sector, name=name), kind

    def _locate(self, actor: Actor, head: Token, places: dict[int, Atom]) -> Actor:
        """A civilian role takes the country of the place its phrase puts it in."""
        for child in head.children:
            objects = [child] if child.dep_ != "prep" else [g for g in child.children if g.dep_ == "pobj"]
            for token in objects:
                marker = child.lower_ if child.dep_ == "prep" else next(
                    (c.lower_ for c in token.children if c.dep_ == "case"), "")
                if marker in self.tables.locatives and token.i in places:
                    return actor.model_copy(update={"code": places[token.i].entry.code})
        return actor

    def _sector(self, group: list[Atom], head: Token, org: Atom | None, place: Atom | None, role: Atom | None,
                memory: Memory) -> str | None:
        if role is not None:
            leads_body = org is not None and org.entry.sector and role.entry.name in self.tables.leaders
            return org.entry.sector if leads_body else role.entry.sector
        if any(atom.entry.kind == "counterpart" for atom in group):
            antecedent = memory.antecedent(head, True, any_singular=False)
            return antecedent.actor.sector if antecedent else "GOV"
        if org is not None:
            return org.entry.sector
        if place is None:
            return None
        if place.entry.kind == "demonym":
            return "CVL" if place.root.pos_ in ("NOUN", "PROPN") and place.root.dep_ != "amod" else None
        return place.entry.sector

    def _person(self, group: list[Atom], day: dt.date | None, memory: Memory) -> Actor | None:
        """A known person at the article's date, a surname bound earlier in the article, or a
        surname that only one person in the table answers to (on that date, if several do)."""
        role_sectors = {atom.entry.sector for atom in group if atom.entry.kind == "role"}
        for atom in group:
            entry = atom.entry
            if entry.kind == "person" and entry.person:
                return self._in_office(entry.person, day, role_sectors)
        for atom in group:
            if atom.entry.kind in ("person", "surname"):
                bound = memory.by_surname(atom.span[-1].lower_)
                if bound is not None:
                    return bound
        for atom in group:
            # A lone unknown name ("DIOP" tagged as a person) may still be a table surname.
            if atom.entry.kind == "surname" or (atom.entry.kind == "person" and len(atom.span) == 1):
                candidates = {e.person for e in self._entries_for(atom.span.text) if e.kind == "surname"}
                if len(candidates) > 1 and day is not None:
                    candidates = {p for p in candidates if any(s.covers(day) for s in self.tables.spells[p])}
                if len(candidates) == 1:
                    return self._in_office(candidates.pop(), day)
        return None

    def _entries_for(self, text: str) -> list[Entry]:
        return [e for form in (text, text.lower(), text.title()) for e in self.tables.forms.get(form, [])]

    def _in_office(self, person: str, day: dt.date | None, role_sectors: set[str | None] = frozenset()) -> Actor:
        """The person's spell on that day; out of office an elite (ELI); with no date, the latest
        spell that fits the role the text gives ("Senator Marco Rubio"), else the latest."""
        spells = self.tables.spells[person]
        if day is None:
            fitting = [s for s in spells if s.sector in role_sectors] or spells
            spell = max(fitting, key=lambda s: s.start or dt.date.min)
            return Actor(code=spell.code, sector=spell.sector, name=spell.org or person)
        spell = next((s for s in spells if s.covers(day)), None)
        if spell is not None:
            return Actor(code=spell.code, sector=spell.sector, name=spell.org or person)
        past = [s for s in spells if s.end is not None and s.end < day]
        if past:
            last = max(past, key=lambda s: s.end)
            sector = "ELI" if last.code not in ("ISM", "IGO", "UNO", "EUR") else last.sector
            return Actor(code=last.code, sector=sector, name=last.org or person)
        first = min(spells, key=lambda s: s.start or dt.date.min)
        return Actor(code=first.code, sector=first.sector, name=first.org or person)


class Memory:
    """What the article has said so far: bound surnames, roles and their names, antecedents."""

    def __init__(self) -> None:
        self.surnames: dict[str, Actor] = {}
        self.roles: dict[str, Mention] = {}
        self.role_names: dict[tuple[str, str], str] = {}
        self.history: list[Mention] = []

    def remember(self, group: list[Atom], head: Token, mention: Mention) -> None:
        actor = mention.actor
        if not _has_code(actor):
            return
        people = [a for a in group if a.entry.kind in ("person", "surname")]
        for atom in people:
            self.surnames.setdefault(atom.span[-1].lower_, actor)
        for atom in group:
            if atom.entry.kind == "role" and atom.entry.name:
                self.roles[atom.entry.name] = mention
                if people:
                    self.role_names[(atom.entry.name, actor.code)] = actor.name or people[0].span.text
        self.history.append(mention)

    def possessor(self, head: Token, possessives: set[str]) -> Mention | None:
        """Whose role "son ambassadeur" / "its army" is: the subject of the sentence so far, else
        the latest mention in it."""
        if not any(c.lower_ in possessives for c in head.children):
            return None
        sentence = head.sent
        before = [m for m in self.history if sentence.start <= m.head < head.i]
        subjects = [m for m in before if head.doc[m.head].dep_.startswith("nsubj")]
        return (subjects or before or [None])[-1]

    def by_surname(self, surname: str) -> Actor | None:
        return self.surnames.get(surname)

    def same_role(self, role: str | None) -> Mention | None:
        return self.roles.get(role) if role else None

    def bound_name(self, role: str | None, code: str) -> str | None:
        return self.role_names.get((role, code)) if role else None

    def antecedent(self, token: Token, person: bool, any_singular: bool) -> Mention | None:
        """The latest earlier mention that fits the pronoun within a few sentences, subjects first.
        A person pronoun wants a singular antecedent of its gender: a person or a role, or (where
        the language's `il`/`elle` stand for states and bodies too) any singular mention; a group
        pronoun wants a plural or collective one."""
        doc = token.doc
        sentence_starts = [s.start for s in doc.sents if s.start <= token.i]
        window_start = sentence_starts[-ANTECEDENT_SENTENCES] if len(sentence_starts) >= ANTECEDENT_SENTENCES else 0
        candidates = []
        for mention in self.history:
            head = doc[mention.head]
            if not window_start <= head.i < token.i:
                continue
            plural = head.morph.get("Number") == ["Plur"]
            individual = mention.kind in INDIVIDUAL_KINDS
            if person and (plural or not (individual or any_singular) or not _same_gender(head, token)):
                continue
            if not person and not (plural or not individual):
                continue
            candidates.append(mention)
        subjects = [m for m in candidates if doc[m.head].dep_.startswith("nsubj")]
        return (subjects or candidates or [None])[-1]


def _gender(token: Token) -> str | None:
    for source in (token, *(c for c in token.children if c.dep_ == "det")):
        gender = source.morph.get("Gender")
        if gender:
            return gender[0]
    return None


def _same_gender(antecedent: Token, pronoun: Token) -> bool:
    a, b = _gender(antecedent), _gender(pronoun)
    return a is None or b is None or a == b


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and " " not in form and form == form.upper() and len(letters) <= 6


def _plausible(span: Span, entry: Entry, persons: list[Span]) -> bool:
    """Role words must be nouns ("militaire" the adjective is not an actor); country names and
    demonyms inside a person's name are part of the name."""
    root = span.root
    if entry.kind in ("role", "counterpart") and root.pos_ not in NOUNISH and not _verbless_head(root):
        return False
    if entry.kind in CAPITALISED and not span.text[:1].isupper():
        return False
    if entry.kind == "pronoun" and (root.pos_ != "PRON" or root.dep_.startswith("expl")):
        return False
    if entry.kind in COUNTRY_KINDS or entry.kind == "surname":
        # "Moussa Traoré" is not the Traoré of the table, and "Maurice" in a name is no country.
        inside = any(p.start <= span.start and span.end <= p.end and (p.start, p.end) != (span.start, span.end)
                     and any(t.pos_ == "PROPN" for t in (*p[:span.start - p.start], *p[span.end - p.start:]))
                     for p in persons)
        if inside:
            return False
    return True


def _other_entity(span: Span, entry: Entry, others: list[Span]) -> bool:
    """A surname inside a date or a place ("In May", "Austin, Texas") is not the person."""
    return entry.kind == "surname" and any(o.start < span.end and span.start < o.end and o.label_ in NOT_NAMES
                                           for o in others)


def _verbless_head(token: Token) -> bool:
    """The head of a phrase with no verb (a headline, a list item): its tag is unreliable."""
    return token.dep_ == "ROOT" and not any(t.pos_ in ("VERB", "AUX") for t in token.sent if t is not token)


def _group(atoms: list[Atom], prepositions: set[str]) -> list[list[Atom]]:
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
    return [t for t in span if not (span.start <= t.head.i < span.end) or t.head is t]


def _np_ancestor_atom(token: Token, owner: dict[int, int], own: int, prepositions: set[str],
                      is_org: bool) -> int | None:
    """The nearest atom up the noun phrase. A place may sit deep in it ("le ministre des Affaires
    étrangères de la Russie"); an organisation must modify the atom itself ("les combattants de
    Boko Haram", not "le président ... de la réarticulation de Barkhane")."""
    steps = 0
    while token.dep_ in NP_DEPS and token.head is not token and steps < 8:
        if _blocked(token, prepositions) or _across_clause(token):
            return None
        token, steps = token.head, steps + 1
        other = owner.get(token.i)
        if other is not None and other != own:
            return other
        if is_org and token.pos_ in ("NOUN", "PROPN") and other is None:
            return None
    return None


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
    if not _compatible(left, right) or not _parallel(_head(left), _head(right)):
        return False
    has_person = [any(a.entry.kind in ("person", "surname") for a in g) for g in (left, right)]
    has_role = [any(a.entry.kind in ("role", "counterpart") for a in g) for g in (left, right)]
    return (has_person[0] and has_role[1] and not has_person[1]) or (has_person[1] and has_role[0]
                                                                    and not has_person[0])


def _head(group: list[Atom]) -> Token:
    """The group's head: the atom root highest in the tree (fewest ancestors)."""
    roots = [atom.root for atom in group]
    return min(roots, key=lambda t: (len(list(t.ancestors)), t.i))


def _first(group: list[Atom], head: Token, kinds: set[str]) -> Atom | None:
    """The atom of these kinds closest to the head in the tree."""
    matching = [a for a in group if a.entry.kind in kinds]
    if not matching:
        return None
    return min(matching, key=lambda a: (_distance(a.root, head), a.entry.kind != "org", a.span.start))


def _distance(token: Token, head: Token) -> int:
    steps = 0
    while token is not head and token.head is not token and steps < 20:
        token, steps = token.head, steps + 1
    return steps if token is head else 50 + abs(token.i - head.i)
