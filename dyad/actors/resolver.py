"""Mention finding and resolution: every state, organisation, group and person in a parsed article.

1. Atoms: PhraseMatcher hits over the tables (countries, demonyms, capitals, organisations,
   people, roles, pronouns) plus spaCy PER entities for people the tables do not know.
2. Mentions: atoms that sit in one noun phrase of the dependency parse are grouped ("le ministre
   russe des Affaires étrangères Sergueï Lavrov" is one mention) and resolved together: a person
   known at the article's date wins; otherwise an organisation or a country gives the code, and a
   role noun gives the sector.
3. Memory: names bound in the article ("X, ministre malien ...") resolve later surnames; roles
   without a country take their possessor's ("ses soldats") or the last same-role mention's;
   pronouns and "son homologue" take their antecedent's actor or sector.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from dyad.actors.fallback import FuzzyForms, PlaceNames
from dyad.actors.memory import Memory
from dyad.actors.mentions import DocActors, Mention
from dyad.actors.phrases import PLACE_NAMES, Atom, first, head_of, phrase_groups
from dyad.actors.tables import COUNTRY_KINDS, Entry, Tables, load_tables
from dyad.nlp.models import load
from dyad.nlp.views import views
from dyad.records import NO_ACTOR_CODE, Actor
from dyad.vocabulary import NON_STATE_CODES, PRIVATE_CODES

NOUNISH = {"NOUN", "PROPN", "PRON", "X"}
ARMED_SECTORS = {"REB", "UAF", "MIL"}
# Entity labels under which a capitalised word is no person's name.
NOT_NAMES = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL", "GPE", "LOC"}
# Kinds whose forms are also common words in lower case ("borne", "talon", "la réunion").
CAPITALISED = {"person", "surname", "city", "country", "capital", "seat", "breakaway"}


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
        self.fuzzy = FuzzyForms(self.tables.forms)
        self.places = PlaceNames()

    # -- atoms -------------------------------------------------------------------------------
    def atoms(self, doc: Doc) -> list[Atom]:
        entities = views(doc).entities
        persons = [ent for ent in entities if ent.label_ in ("PER", "PERSON")]
        others = [ent for ent in entities if ent.label_ not in ("PER", "PERSON")]
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
        atoms += self._fallback_atoms(doc, atoms, persons)
        covered = {i for atom in atoms for i in range(atom.span.start, atom.span.end)}
        for ent in persons:
            if not covered.intersection(range(ent.start, ent.end)):
                atoms.append(Atom(ent, Entry("person")))
        return sorted(atoms, key=lambda a: a.span.start)

    def _fallback_atoms(self, doc: Doc, atoms: list[Atom], persons: list[Span]) -> list[Atom]:
        """Words no table form covers: a misspelt country or demonym first (spaCy often takes
        one for a person), then a place of the gazetteer."""
        covered = {i for atom in atoms for i in range(atom.span.start, atom.span.end)}
        one_word_persons = {ent.start for ent in persons if len(ent) == 1}
        found: list[Atom] = []
        for i in views(doc).capitalised:
            if i in covered:
                continue
            token = doc[i]
            if token.ent_type_ in ("PER", "PERSON") and token.i not in one_word_persons:
                continue
            entry = self.fuzzy.match(token.text)
            if entry is not None and not self.places.known(token.text):
                found.append(Atom(doc[token.i:token.i + 1], entry))
                covered.add(token.i)
        roles = {atom.root.i for atom in atoms if atom.entry.kind == "role"}
        context = {atom.entry.code for atom in atoms if atom.entry.kind in COUNTRY_KINDS and atom.entry.code}
        found += [Atom(span, entry) for span, entry in self.places.atoms(doc, covered, roles, context)]
        return found

    # -- analysis ----------------------------------------------------------------------------
    def analyse(self, doc: Doc, published: dt.date | None = None) -> DocActors:
        day = published
        found = DocActors(doc)
        atoms = self.atoms(doc)
        places = {atom.root.i: atom for atom in atoms if atom.entry.kind in COUNTRY_KINDS - {"demonym"}}
        memory = Memory()
        groups = [part for group in phrase_groups(atoms, self.tables.np_prepositions) for part in self._split_possessed(group)]
        for group in groups:
            head = head_of(group)
            actor, kind = self._resolve(group, head, day, memory)
            ruling = any(atom.entry.kind == "role" and atom.entry.name in self.tables.ruling_roles for atom in group)
            if actor is not None and actor.code == NO_ACTOR_CODE and actor.sector in self.tables.locative_sectors:
                actor = self._locate(actor, head, places)
            if actor is not None and actor.code == NO_ACTOR_CODE and ruling:
                actor = self._ruling_power(actor, head, places, memory)
            if actor is None:
                continue
            tokens = {i for atom in group for i in range(atom.span.start, atom.span.end)} | {head.i}
            start, end = min(tokens), max(tokens) + 1
            actor = actor.model_copy(update={"text": doc[start:end].text})
            mention = Mention(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), start, end, actor, kind, head.i)
            found.index(mention, tokens)
            memory.remember(group, head, mention)
            if ruling and mention.actor.code != NO_ACTOR_CODE:
                memory.remember_ruling(mention)
        found.focus = memory.focus()
        found.ruling = memory.rulings
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
            if head.dep_ in ("nsubjpass", "expl") or head.head.lemma_ in self.tables.expletive_heads:
                return None, "pronoun"
            antecedent = memory.antecedent(head, group[0].entry.name, self.tables.any_singular,
                                           self.tables.bodies)
            return (antecedent.actor, "pronoun") if antecedent else (None, "pronoun")
        source = first(group, head, {"org"} | COUNTRY_KINDS)
        org = source if source is not None and source.entry.kind == "org" else None
        place = source if org is None else None
        role = first(group, head, {"role"})
        code = source.entry.code if source else NO_ACTOR_CODE
        name = org.entry.name if org else None
        sector = self._sector(group, head, org, place, role, memory)
        owner = memory.possessor(head, self.tables.possessives) if role is not None else None
        if owner is not None and (source is None or source.entry.kind in PLACE_NAMES):
            # "le Tchad a retiré ses troupes du Mali": the troops are Chad's, Mali is where they were.
            code, name = owner.actor.code, owner.actor.name if owner.actor.code in NON_STATE_CODES else None
        anaphoric = role is not None and _definite_singular(head)
        if code == NO_ACTOR_CODE and anaphoric:
            earlier = memory.same_role(role.entry.name)
            if earlier is not None:
                code, name = earlier.actor.code, earlier.actor.name
        if code == NO_ACTOR_CODE and role is not None and role.entry.name in self.tables.country_anaphora:
            country = memory.latest_country(head.i)
            return (Actor(code=country, sector="GOV"), "country") if country else (None, "")
        if code == NO_ACTOR_CODE and role is not None and role.entry.name in self.tables.body_anaphora:
            body = memory.latest_body(head.i)
            return (body.actor, "org") if body is not None else (None, "")
        if former and sector is not None:
            sector = "ELI"
        people = [a for a in group if a.entry.kind == "person"]
        if people and name is None:
            name = people[0].span.text
        elif anaphoric and name is None and code != NO_ACTOR_CODE:
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
                if marker not in self.tables.locatives:
                    continue
                # The place may sit inside the complement: "a professor at the University of Oxford".
                place = next((places[t.i] for t in token.subtree if t.i in places), None)
                if place is not None:
                    return actor.model_copy(update={"code": place.entry.code})
        return actor

    def _split_possessed(self, group: list[Atom]) -> list[list[Atom]]:
        """"ses militaires du Mali": the troops are the possessor's, and Mali, where they are, is a
        party of its own (the place they leave, the country they fight in)."""
        possessed = any(atom.entry.kind == "role" and any(c.lower_ in self.tables.possessives for c in atom.root.children)
                        for atom in group)
        places = [atom for atom in group if atom.entry.kind in PLACE_NAMES]
        if not possessed or not places or len(places) == len(group):
            return [group]
        return [[atom for atom in group if atom not in places], *[[place] for place in places]]

    def _ruling_power(self, actor: Actor, head: Token, places: dict[int, Atom], memory: Memory) -> Actor:
        """Whose junta or transitional authorities these are, where their phrase names no country:
        the place in their phrase ("la junte au pouvoir au Mali"), a place the sentence opens with
        ("Au Niger, les putschistes..."), the ruling power named earlier, or the article's focus."""
        located = self._locate(actor, head, places)
        if located.code != NO_ACTOR_CODE:
            return located
        following = self._following_place(head, places)
        if following is not None:
            return actor.model_copy(update={"code": following})
        fronted = self._fronted_place(head, places)
        if fronted is not None:
            return actor.model_copy(update={"code": fronted})
        if memory.rulings:
            return actor.model_copy(update={"code": memory.rulings[-1].actor.code})
        focus = memory.focus()
        return actor.model_copy(update={"code": focus}) if focus else actor

    def _following_place(self, head: Token, places: dict[int, Atom]) -> str | None:
        """"les putschistes au pouvoir au Niger", however the parser attached the place: a place
        right after the phrase, before any verb."""
        doc = head.doc
        for j in range(head.i + 1, min(views(doc).sentence_bounds(head.i)[1], head.i + 5)):
            token = doc[j]
            if token.pos_ in {"VERB", "AUX"} or token.is_punct:
                return None
            atom = places.get(j)
            if atom is not None and atom.entry.kind in PLACE_NAMES and doc[j - 1].lower_ in self.tables.locatives:
                return atom.entry.code
        return None

    def _fronted_place(self, head: Token, places: dict[int, Atom]) -> str | None:
        """The country of a locative that opens the clause before this phrase."""
        sent = views(head.doc).sentence(head.i)
        for token in sent:
            if token.i >= head.i:
                return None
            atom = places.get(token.i)
            if atom is None or atom.entry.kind not in PLACE_NAMES:
                continue
            marker = next((c.lower_ for c in token.children if c.dep_ in ("case", "prep")), "")
            if token.i > sent.start:
                marker = marker or token.doc[token.i - 1].lower_
            if marker in self.tables.locatives and token.head.i != head.i:
                return atom.entry.code
        return None

    def _sector(self, group: list[Atom], head: Token, org: Atom | None, place: Atom | None, role: Atom | None,
                memory: Memory) -> str | None:
        if role is not None:
            leads_body = org is not None and org.entry.sector and role.entry.name in self.tables.leaders
            # "Boko Haram gunmen", "les soldats de Wagner": an armed group's fighters keep its sector.
            armed = org is not None and {org.entry.sector, role.entry.sector} <= ARMED_SECTORS
            if leads_body or armed:
                return org.entry.sector
            return "REL" if self._religious_leader(role, head) else role.entry.sector
        if any(atom.entry.kind == "counterpart" for atom in group):
            antecedent = memory.antecedent(head, "person", any_singular=False)
            return antecedent.actor.sector if antecedent else "GOV"
        if org is not None:
            return org.entry.sector
        if place is None:
            return None
        if place.entry.kind == "demonym":
            return "CVL" if place.root.pos_ in ("NOUN", "PROPN") and place.root.dep_ != "amod" else None
        return place.entry.sector

    def _religious_leader(self, role: Atom, head: Token) -> bool:
        """A leader a faith's adjective qualifies ("a Jewish community leader", "un dirigeant musulman")."""
        leads = role.entry.name is not None and role.entry.name.split()[-1] in self.tables.leaders
        return leads and any(t.lower_ in self.tables.religions for t in (*head.children, *role.span))

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
            # Out of a state's office one is an elite; a body's former officers keep the body's sector.
            sector = "ELI" if last.code not in NON_STATE_CODES - PRIVATE_CODES else last.sector
            return Actor(code=last.code, sector=sector, name=last.org or person)
        first = min(spells, key=lambda s: s.start or dt.date.min)
        return Actor(code=first.code, sector=first.sector, name=first.org or person)


def _definite_singular(head: Token) -> bool:
    """"Le ministre" may refer back to a minister named before; "des ministres", "leaders" do not."""
    if head.morph.get("Number") == ["Plur"]:
        return False
    return any(c.dep_ == "det" and c.morph.get("Definite") == ["Def"] for c in head.children)


def _is_acronym(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and " " not in form and form == form.upper() and len(letters) <= 6


def _plausible(span: Span, entry: Entry, persons: list[Span]) -> bool:
    """Role words must be nouns ("militaire" the adjective is not an actor); country names and
    demonyms inside a person's name are part of the name."""
    root = span.root
    if entry.kind in ("role", "counterpart") and root.pos_ not in NOUNISH and not _verbless_head(root, span):
        return False
    if (entry.kind in CAPITALISED or entry.cased) and not all(t.text[:1].isupper() for t in (span[0], span[-1])):
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


def _verbless_head(token: Token, span: Span) -> bool:
    """The head of a phrase with no verb (a headline, a list item): its tag is unreliable, unless
    the parser gave it an object outside the match ("crowd control police" is about the police)."""
    if token.dep_ != "ROOT" or any(t.pos_ in ("VERB", "AUX") for t in views(token.doc).sentence(token.i) if t.i != token.i):
        return False
    return not any(c.dep_ in ("dobj", "obj") and not span.start <= c.i < span.end for c in token.children)
