"""Argument linking: who does the event (actor) and to whom (recipient), from the dependency parse.

Verbs: actor from the subject (or the passive agent), recipient from the object (or the passive
subject) and from prepositional arguments; a subjectless verb shares the subject of the verb that
controls it ("la Russie espère livrer"). Event nouns: actor from the agent, possessor, demonym
adjective or "de" complement ("les sanctions de l'UE contre la Russie"), or from the subject of a
light verb ("a imposé des sanctions"); recipient from the noun's own prepositional arguments.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from dyad.events.grammar import Grammar
from dyad.events.lexicon import Entry
from dyad.events.parties import Party, PartyFinder
from dyad.events.rules import TypeRules
from dyad.records import actor_key

CLIMB_LIMIT = 4


@dataclass
class Roles:
    """The parties of one trigger occurrence, and the verb whose tense and polarity the event takes."""

    event_type: str
    actors: list[Party] = field(default_factory=list)
    recipients: list[Party] = field(default_factory=list)
    clause: Token | None = None
    inherited: bool = False


class Linker:
    def __init__(self, grammar: Grammar, finder: PartyFinder, rules: TypeRules,
                 event_heads: dict[int, Entry]) -> None:
        self.g = grammar
        self.finder = finder
        self.rules = rules
        self.event_heads = event_heads

    def roles(self, head: Token, entry: Entry) -> Roles | None:
        """The parties of a trigger, or None where the entry's constraints rule this occurrence out."""
        if entry.is_noun:
            return self._noun_roles(head, entry)
        return self._verb_roles(head, entry)

    # ------------------------------------------------------------------ verbs
    def _verb_roles(self, head: Token, entry: Entry) -> Roles:
        g = self.g
        roles = Roles(entry.type, clause=head)
        passive = g.is_passive(head)
        if head.dep_ in g.participle and head.head.pos_ in {"NOUN", "PROPN"} and "VerbForm=Inf" not in str(head.morph):
            theme = self.finder.parties(head.head)
            if passive or "Tense=Past" in str(head.morph):
                roles.actors = self._parties(g.agents(head))
                roles.recipients = theme
            else:
                roles.actors = theme
        elif passive:
            roles.actors = self._parties(g.agents(head))
            roles.recipients = self._parties(g.passive_subjects(head))
        else:
            roles.actors = self.subject_parties(head)
            roles.recipients = [p for obj in g.objects(head) for p in self.finder.parties(obj)]
        if not roles.recipients:
            roles.recipients = self._prep_recipients(head, entry, exclude=roles.actors)
        if not roles.recipients:
            roles.recipients = self._object_content(head, entry)
        if not roles.recipients and entry.type in self.rules.sentence_recipient:
            roles.recipients = self._sole_other_party(head, roles.actors)
        if entry.roles == "inverse":
            roles.actors, roles.recipients = roles.recipients, roles.actors
        return roles

    def subject_parties(self, verb: Token) -> list[Party]:
        current = verb
        for _ in range(CLIMB_LIMIT):
            subjects = self.g.subjects(current)
            if subjects:
                return self._subject_of(current, subjects[0])
            if current.dep_ in self.g.relative:
                return self.finder.parties(current.head)
            parent = self.g.clause_parent(current)
            if parent is None:
                return []
            current = parent
        return []

    def _subject_of(self, verb: Token, subject: Token) -> list[Party]:
        """A relative pronoun subject stands for the noun the clause hangs on."""
        if "PronType=Rel" in str(subject.morph) and verb.dep_ in self.g.relative:
            return self.finder.parties(verb.head)
        return self.finder.parties(subject)

    def _prep_recipients(self, head: Token, entry: Entry, exclude: list[Party]) -> list[Party]:
        allowed = self.g.recipient_preps | set(entry.preps)
        taken = {p.token.i for p in exclude}
        for prep, noun in self.g.prep_args(head):
            if prep in allowed and noun.i not in taken:
                found = [p for p in self.finder.parties(noun, prep) if p.token.i not in taken]
                if found:
                    return found
        return []

    def _object_content(self, head: Token, entry: Entry) -> list[Party]:
        """Where the object is a thing or an act, the party inside it: the agent of a condemned act,
        the author of a blocked text, the country of the troops withdrawn."""
        for obj in self.g.objects(head):
            if obj.i in self.event_heads and entry.type in self.rules.target_is_agent:
                inner = self._noun_roles(obj, self.event_heads[obj.i], for_target=True)
                if inner is not None and inner.actors:
                    return inner.actors
            for prep, noun in self.g.prep_args(obj):
                if prep in self.g.of_preps | self.g.recipient_preps | set(entry.preps) | self.g.agent_preps:
                    found = self.finder.parties(noun, prep)
                    if found:
                        return found
            for adjective in self.g.adjectives(obj):
                found = self.finder.parties(adjective)
                if found:
                    return found
        return []

    # ------------------------------------------------------------------ nouns
    def _noun_roles(self, noun: Token, entry: Entry, for_target: bool = False) -> Roles | None:
        g = self.g
        roles = Roles(entry.type, clause=noun)
        agents = self._parties(g.agents(noun))
        of_parties: list[Party] = []
        for prep, arg in g.prep_args(noun):
            if prep in g.of_preps:
                of_parties.extend(self.finder.parties(arg, prep))
        own = agents or self._possessor(noun)
        if entry.of == "recipient" or agents:
            roles.recipients = of_parties[:1] if of_parties else []
        elif not own and of_parties:
            own = of_parties[:1]
        roles.actors = own
        taken = [*roles.actors, *roles.recipients]
        if not roles.recipients:
            roles.recipients = self._prep_recipients(noun, entry, exclude=taken)
        if entry.preps and not roles.recipients:
            roles.recipients = [p for p in of_parties if p.token.i not in {t.token.i for t in roles.actors}
                                and p.prep in entry.preps][:1]
        if not roles.recipients:
            roles.recipients = self._adjacent_recipient(noun, entry, taken)
        if not roles.recipients:
            roles.recipients = self._opposed_party(noun)
        if for_target:
            return roles
        return self._govern(noun, entry, roles)

    def _adjacent_recipient(self, noun: Token, entry: Entry, taken: list[Party]) -> list[Party]:
        adjacent = self.g.adjacent_prep_object(noun)
        if adjacent is None or adjacent[0] not in set(entry.preps) | self.g.mutual_preps:
            return []
        found = self.finder.parties(adjacent[1], adjacent[0])
        return [p for p in found if p.token.i not in {t.token.i for t in taken}]

    def _opposed_party(self, noun: Token) -> list[Party]:
        """"soutenir X contre les sanctions de Z": a hostile act named against someone's side
        targets that someone, the object of the verb."""
        g = self.g
        prep = next((p for p, n in g.prep_args(noun.head) if n.i == noun.i), None)
        if prep not in g.against_preps or noun.head.pos_ not in {"VERB", "AUX"}:
            return []
        return [p for obj in g.objects(noun.head) for p in self.finder.parties(obj)]

    def _sole_other_party(self, head: Token, actors: list[Party]) -> list[Party]:
        """The one party of the sentence that is not the actor, where there is exactly one."""
        sent = head.sent
        taken = {actor_key(p.actor) for p in actors}
        others = [p for p in self.finder.sentence_parties(sent) if actor_key(p.actor) not in taken]
        return others if others and len({actor_key(p.actor) for p in others}) == 1 else []

    def _possessor(self, noun: Token) -> list[Party]:
        g = self.g
        for child in noun.children:
            if child.dep_ in {"poss"} or (child.dep_ in g.possessive and "Poss=Yes" in str(child.morph)):
                found = self.finder.parties(child)
                if found:
                    return found
        for adjective in g.adjectives(noun):
            found = self.finder.parties(adjective)
            if found:
                return found
        return []

    def _govern(self, noun: Token, entry: Entry, roles: Roles) -> Roles | None:
        """Apply the light verb an event noun depends on: its subject is the actor ("a imposé des
        sanctions"), or the recipient for undergoers ("a essuyé une attaque")."""
        g = self.g
        first = noun
        while first.dep_ in g.conj and first.head.pos_ in {"NOUN", "PROPN"}:
            first = first.head
        verb = self._governor(first)
        lemma = g.lemma(verb) if verb is not None else ""
        via = entry.via or {}
        if lemma in via:
            roles.event_type = via[lemma] or entry.type
        if verb is not None and lemma in g.undergo_verbs:
            roles.recipients = roles.recipients or self.subject_parties(verb)
            roles.actors = roles.actors or self._parties(g.agents(verb))
            roles.clause = verb
        elif verb is not None and (lemma in g.do_verbs or lemma in via):
            if not roles.actors:
                roles.actors = self._parties(g.agents(verb)) if g.is_passive(verb) else self.subject_parties(verb)
                roles.inherited = True
            if not roles.recipients:
                roles.recipients = self._prep_recipients(verb, entry, exclude=roles.actors)
            roles.clause = verb
        elif not roles.actors and roles.recipients and entry.type in self.rules.inherit_actor:
            clause = g.enclosing_verb(noun)
            if clause is not None:
                roles.actors = self.subject_parties(clause)
                roles.inherited = True
                roles.clause = clause
        if roles.clause is not None and roles.clause.i == noun.i:
            roles.clause = g.enclosing_verb(noun) or noun
        if roles.actors and not roles.recipients and entry.type in self.rules.sentence_recipient:
            roles.recipients = self._sole_other_party(noun, roles.actors)
        return roles if roles.actors else None

    def _governor(self, noun: Token) -> Token | None:
        g = self.g
        head = noun.head
        if noun.dep_ in g.object | g.passive_subject and head.pos_ in {"VERB", "AUX", "ADJ"}:
            return head
        if g.style != "ud" and noun.dep_ == "pobj" and head.head.pos_ in {"VERB", "NOUN"}:
            if g.lemma(head.head) in g.undergo_verbs:
                return head.head
        if g.lemma(head) in g.undergo_verbs and head.i != noun.i:
            return head
        if g.style == "ud" and noun.dep_ in g.obliques and head.pos_ == "VERB":
            light = g.lemma(head)
            if light in g.do_verbs or light in g.undergo_verbs:
                return head
        return None

    def _parties(self, tokens: list[Token]) -> list[Party]:
        return [p for t in tokens for p in self.finder.parties(t)]
