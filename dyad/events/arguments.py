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

from dyad.actors.mentions import NO_ACTOR_CODE, is_state
from dyad.events.grammar import Grammar
from dyad.events.lexicon import Entry
from dyad.events.parties import Party, PartyFinder
from dyad.events.rules import TypeRules
from dyad.nlp.views import views
from dyad.records import Actor, actor_key

CLIMB_LIMIT = 4
# How far after "hors"/"out" the party left may come.
PARTY_WINDOW = 6
# Relations the parser gives a word it could not attach.
UNATTACHED = {"fixed", "dep"}
# "Ukrainian officials said troops entered...": forces, in what a state's officials say.
FORCE_SECTORS = {"MIL", "COP", "UAF", "SPY"}
OFFICIAL_SECTORS = {"GOV", "MIL", "COP", "SPY", "LEG"}


@dataclass
class Roles:
    """The parties of one trigger occurrence, and the verb whose tense and polarity the event takes."""

    event_type: str
    actors: list[Party] = field(default_factory=list)
    recipients: list[Party] = field(default_factory=list)
    clause: Token | None = None
    inherited: bool = False
    reciprocal: bool = False  # "se blâment mutuellement": the actors act on one another
    light: bool = False  # an event noun made by the verb it depends on ("a imposé des sanctions")


class Linker:
    def __init__(self, grammar: Grammar, finder: PartyFinder, rules: TypeRules,
                 event_heads: dict[int, Entry]) -> None:
        self.g = grammar
        self.finder = finder
        self.rules = rules
        self.event_heads = event_heads
        # (trigger index, type, actor) of the events coded so far in the article, in text order.
        self.reported: list[tuple[int, str, Actor]] = []

    def roles(self, head: Token, entry: Entry) -> Roles | None:
        """The parties of a trigger, or None where the entry's constraints rule this occurrence out."""
        roles = self._noun_roles(head, entry) if entry.is_noun else self._verb_roles(head, entry)
        if roles is not None and entry.followed_by:
            # The party after the marker ("hors du Mali") is where the force leaves, whatever else
            # the parse offers (its own operation, "le dispositif de Barkhane").
            roles.recipients = self._after_marker(head, entry.followed_by) or roles.recipients
        return roles

    def _after_marker(self, head: Token, markers: frozenset[str]) -> list[Party]:
        """"la réarticulation de Barkhane hors du Mali", "redeploy its troops out of Niger": the
        party named just after the word that makes the trigger (however the parser hung it)."""
        marker = self.g.marker_after(head, markers)
        if marker is None:
            return []
        party = next((t for t in head.doc[marker + 1:min(views(head.doc).sentence_bounds(head.i)[1], marker + 1 + PARTY_WINDOW)]
                      if t.i in self.finder.by_token), None)
        return [Party(self.finder.by_token[party.i].actor, party)] if party is not None else []

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
                roles.recipients = self._acted_on(head, entry)
        elif passive:
            roles.actors = self._parties(g.agents(head))
            if not roles.actors and entry.passive_agent_preps:
                roles.actors = self._summoner(head, entry)
            acted = g.passive_subjects(head) or g.subjects(head)
            roles.recipients = self._acted_on(head, entry, acted) or self._parties(acted)
        else:
            roles.actors = self.subject_parties(head)
            roles.recipients = (self._acted_on(head, entry)
                                or [p for obj in g.objects(head) for p in self.finder.named(obj)]
                                or [p for obj in g.objects(head) for p in self._participle_agents(obj)]
                                or [p for obj in g.objects(head) for p in self.finder.parties(obj)])
            if entry.type in self.rules.external:
                # "le Tchad a retiré ses troupes du Mali": its own troops are not the recipient.
                own = {actor_key(p.actor) for p in roles.actors}
                roles.recipients = [p for p in roles.recipients if actor_key(p.actor) not in own]
        if not roles.actors and roles.recipients and not passive:
            roles.actors = self._implied_by_subject(head, roles.recipients)
        # "agreed on a plan to block Russian oil imports": what is agreed on is no party to the deal.
        deep_objects = not roles.recipients and entry.type not in self.rules.content_agreements
        if not roles.recipients:
            roles.recipients = self._prep_recipients(head, entry, exclude=roles.actors)
        if not roles.recipients:
            roles.recipients = self._object_content(head, entry, roles.actors)
        if not roles.recipients and entry.type in self.rules.home_recipient:
            # Before reading inside the objects: "urged civilians to report Russian war crimes" asks civilians.
            roles.recipients = self._home_people(head, roles.actors, self.rules.home_recipient[entry.type])
        if not roles.recipients and deep_objects:
            taken = {actor_key(p.actor) for p in roles.actors}
            roles.recipients = [p for obj in g.objects(head) for p in self.finder.parties(obj, deep=True)
                                if actor_key(p.actor) not in taken]
        if not roles.recipients and entry.type in self.rules.addressee_in_content:
            roles.recipients = self._content_subject(head, roles.actors) or self._content_target(head, roles.actors)
        if not roles.recipients and entry.type in self.rules.site_recipient:
            roles.recipients = self._struck_site(head, roles.actors)
        if entry.roles == "inverse":
            roles.actors, roles.recipients = roles.recipients, roles.actors
        return roles

    def _implied_by_subject(self, verb: Token, recipients: list[Party]) -> list[Party]:
        """"le coup d'État qui a renversé le président Bazoum", "a coup ousted the president": an
        act whose agent its kind implies (a coup is the army's) takes that agent from the country
        of the one it acts on."""
        subjects = self.g.subjects(verb)
        noun = verb.head if verb.dep_ in self.g.relative else (subjects[0] if subjects else None)
        entry = self.event_heads.get(noun.i) if noun is not None else None
        if entry is None or not entry.implicit_actor:
            return []
        target = recipients[0]
        return [Party(Actor(text=noun.text, code=target.actor.code, sector=entry.implicit_actor), noun)]

    def subject_parties(self, verb: Token) -> list[Party]:
        current = verb
        for _ in range(CLIMB_LIMIT):
            subjects = self.g.subjects(current)
            if subjects:
                # The parser sometimes gives coordinated subjects as siblings ("La Russie et l'Ukraine").
                return [p for subject in subjects for p in (
                    self._subject_of(current, subject) or self._reported_speaker(current, subject)
                    or self._speakers_own(current, subject))]
            if current.dep_ in self.g.relative:
                return self.finder.parties(current.head)
            if current.dep_ in self.g.participle and not self.g.is_passive_participle(current):
                found = self.finder.parties(current.head)
                if not found and self.g.is_infinitive(current):
                    # "pledges by Poland and Germany to stop importing": the noun's agent does it.
                    found = self._parties(self.g.agents(current.head))
                if found:
                    return found
            parent = self.g.clause_parent(current)
            if parent is None:
                return []
            current = parent
        return []

    def _reported_speaker(self, verb: Token, subject: Token) -> list[Party]:
        """"l'armée a annoncé qu'elle avait tué...", "the EU said it would impose...": an
        unresolved first- or third-person pronoun subject of a reported clause is the speaker."""
        morph = subject.morph
        if subject.pos_ != "PRON" or verb.dep_ != "ccomp" or not {"1", "3"} & set(morph.get("Person")):
            return []
        if "Reflex=Yes" in str(morph) or self.g.is_relative_pronoun(subject):
            return []
        speakers = self.g.subjects(verb.head)
        return self.finder.parties(speakers[0]) if speakers else []

    def _recipient_preps(self, entry: Entry) -> set[str]:
        allowed = self.g.recipient_preps | set(entry.preps)
        return allowed - self.g.against_preps if entry.type in self.rules.against_is_opponent else allowed

    def _home_people(self, verb: Token, actors: list[Party], sectors: frozenset[str]) -> list[Party]:
        """"Le gouvernement malien a appelé la population au calme": people no place is given for,
        addressed by one state, are that state's own."""
        states = {p.actor.code for p in actors}
        if len(states) != 1 or not is_state(next(iter(states))):
            return []
        code = next(iter(states))
        for noun in [*self.g.objects(verb), *(n for prep, n in self.g.prep_args(verb) if prep in self.g.recipient_preps)]:
            people = self.finder.doc_actors.actor_for_span(noun, partial=True)
            if people is not None and people.code == NO_ACTOR_CODE and people.sector in sectors:
                return [Party(people.model_copy(update={"code": code}), noun)]
        return []

    def _summoner(self, verb: Token, entry: Entry) -> list[Party]:
        """"l'ambassadeur a été convoqué au ministère (malien)": where one is summoned to, summons;
        a ministry of no country named is the article's country's."""
        for prep, noun in self.g.prep_args(verb):
            if prep not in entry.passive_agent_preps:
                continue
            found = self.finder.parties(noun, prep)
            if found:
                return found
            body = self.finder.doc_actors.actor_for_span(noun, partial=True)
            focus = self.finder.doc_actors.focus
            if body is not None and body.code == NO_ACTOR_CODE and body.sector == "GOV" and focus is not None:
                return [Party(body.model_copy(update={"code": focus}), noun)]
        return []

    def _struck_site(self, verb: Token, actors: list[Party]) -> list[Party]:
        """"Russian rockets hit the city", "the sites targeted by missiles": a place or property
        struck with no party named for it is the article's country's, when someone else struck it."""
        g = self.g
        focus = self.finder.doc_actors.focus
        if focus is None or not actors or focus in {p.actor.code for p in actors}:
            return []
        modified = [verb.head] if verb.dep_ in g.participle and verb.head.pos_ == "NOUN" else []
        for noun in [*modified, *g.objects(verb), *g.passive_subjects(verb)]:
            if g.lemma(noun) in g.site_nouns and noun.i not in self.finder.by_token:
                return [Party(Actor(text=noun.text, code=focus), noun)]
        return []

    def _speakers_own(self, verb: Token, subject: Token) -> list[Party]:
        """"Ukrainian officials said troops entered Kupiansk": forces with no country of their own,
        in what a state's officials report, are that state's."""
        if verb.dep_ != "ccomp":
            return []
        role = self.finder.doc_actors.actor_for_span(subject, partial=True)
        speakers = self.g.subjects(verb.head)
        if role is None or role.sector is None or not speakers:
            return []
        if role.sector not in FORCE_SECTORS:
            return []
        states = [p for p in self.finder.parties(speakers[0]) if is_state(p.actor.code) and p.actor.sector in OFFICIAL_SECTORS]
        return [Party(role.model_copy(update={"code": p.actor.code}), subject) for p in states[:1]]

    def _subject_of(self, verb: Token, subject: Token) -> list[Party]:
        """A relative pronoun subject stands for the noun the clause hangs on."""
        if self.g.is_relative_pronoun(subject) and verb.dep_ in self.g.relative:
            return self.finder.parties(self._antecedent(verb, subject))
        return self.finder.parties(subject)

    def _antecedent(self, clause: Token, pronoun: Token) -> Token:
        """The noun a relative clause is about: the one it hangs on, or, where the parser hung it on
        a verb, the last party named before the pronoun; the first of coordinated nouns ("Bamako et
        Ouagadougou, qui ont promis...")."""
        noun = clause.head
        if noun.pos_ in {"VERB", "AUX"}:
            named = [t for t in pronoun.doc[views(pronoun.doc).sentence_start(pronoun.i):pronoun.i] if t.i in self.finder.by_token]
            noun = named[-1] if named else noun
        while noun.dep_ in self.g.conj and noun.head.i != noun.i:
            noun = noun.head
        return noun

    def _prep_recipients(self, head: Token, entry: Entry, exclude: list[Party]) -> list[Party]:
        allowed = self._recipient_preps(entry)
        taken = {p.token.i for p in exclude}
        # "Au Niger, les autorités ont demandé à l'ambassadeur...": a place that is the actor's own
        # country sets the scene; it is not the recipient.
        actors = {(actor_key(p.actor), p.actor.sector) for p in exclude}
        for prep, noun in self.g.prep_args(head):
            if prep in allowed and noun.i not in taken:
                if entry.type not in self.rules.place_recipient and self.finder.is_city(noun):
                    continue  # "À Abuja, au Nigeria, la Cédéao a exigé...": where, not to whom
                deep = (head.pos_ != "NOUN" and prep not in self.g.against_preps
                        and entry.type not in self.rules.content_agreements)
                found = [p for p in self.finder.parties(noun, prep, deep)
                         if p.token.i not in taken and (actor_key(p.actor), p.actor.sector) not in actors]
                if found:
                    return found
        return []

    def _acted_on(self, head: Token, entry: Entry, acts: list[Token] | None = None) -> list[Party]:
        """Condemning, backing or refusing an act targets its agent ("a condamné l'invasion de
        l'Ukraine par la Russie" targets Russia; "the ouster of Bazoum was condemned" targets the
        army), even where the parser hung the agent on the verb."""
        if entry.type not in self.rules.target_is_agent:
            return []
        objects = self.g.objects(head) if acts is None else acts
        # "resisted the new round of sanctions": the act a quantity noun measures.
        objects = [*objects, *(inner for o in objects for inner in self.g.quantified(o))]
        for obj in objects:
            if obj.i in self.event_heads:
                inner = self._noun_roles(obj, self.event_heads[obj.i], for_target=True)
                agents = inner.actors if inner is not None else []
                if not agents and not self.g.is_passive(head):
                    agents = [p for agent in self.g.agents(head) for p in self.finder.parties(agent)]
                agents = agents or self._earlier_act(obj, self.event_heads[obj.i].type)
                if agents:
                    return agents
        return []

    def _earlier_act(self, noun: Token, event_type: str) -> list[Party]:
        """"Hungary resisted the sanctions", "le Mali a rejeté ces sanctions": an act the article has
        reported before, pointed back to, is aimed at whoever did it."""
        pointer = next(iter(self.g.quantifiers(noun)), noun)
        if not any(c.dep_ == "det" and c.lower_ in self.g.pointing_determiners for c in pointer.children):
            return []
        earlier = [(i, actor) for i, kind, actor in self.reported if kind == event_type and i < noun.i]
        return [Party(earlier[-1][1], noun)] if earlier else []

    def _object_content(self, head: Token, entry: Entry, actors: list[Party] = ()) -> list[Party]:
        """Where the object is a thing or an act, the party inside it: the agent of a condemned act,
        the author of a blocked text, the country of the troops withdrawn, the other side of the
        agreements judged ("qualifié les accords entre le Mali et la France de...")."""
        own = {actor_key(p.actor) for p in actors}
        for obj in self.g.objects(head):
            if obj.i in self.event_heads and entry.type in self.rules.target_is_agent:
                inner = self._noun_roles(obj, self.event_heads[obj.i], for_target=True)
                if inner is not None and inner.actors:
                    return inner.actors
            authors = self._participle_agents(obj)
            if authors:
                return authors
            for prep, noun in self.g.prep_args(obj):
                if prep in self.g.of_preps | self.g.recipient_preps | self.g.mutual_preps | set(entry.preps) | self.g.agent_preps:
                    found = self.finder.parties(noun, prep)
                    if found:
                        return found
            for adjective in self.g.adjectives(obj):
                found = self.finder.parties(adjective)
                if found:
                    return found
            for prep, noun in self.g.following_prep_args(obj):
                if prep in self.g.mutual_preps:
                    found = [p for p in self.finder.parties(noun, prep) if actor_key(p.actor) not in own]
                    if found:
                        return found
        if entry.type in self.rules.target_is_agent and self.g.objects(head) and not self.g.is_passive(head):
            # "documented violations [...] by Moscow's forces": an active verb has no agent of its
            # own; the parser hung the object's there.
            return [p for agent in self.g.agents(head) for p in self.finder.parties(agent)
                    if actor_key(p.actor) not in own]
        return []

    # ------------------------------------------------------------------ nouns
    def _noun_roles(self, noun: Token, entry: Entry, for_target: bool = False) -> Roles | None:
        g = self.g
        roles = Roles(entry.type, clause=noun)
        args = self._noun_args(noun)
        agents = [p for prep, arg in args if prep in g.agent_preps for p in self.finder.parties(arg, prep)]
        agents = agents or self._participle_agents(noun, entry)
        of_parties = [p for prep, arg in args if prep in g.of_preps for p in self.finder.parties(arg, prep)]
        own = agents or self._possessor(noun)
        if entry.of == "recipient" or agents:
            roles.recipients = [p for p in of_parties if p.token.i == of_parties[0].token.i] if of_parties else []
        elif not own and of_parties:
            own = [p for p in of_parties if p.token.i == of_parties[0].token.i]
        roles.actors = own
        taken = {p.token.i for p in [*roles.actors, *roles.recipients]}
        allowed = self._recipient_preps(entry)
        if not roles.recipients:
            roles.recipients = self._first_parties(
                [(prep, arg) for prep, arg in args if prep in allowed and arg.i not in taken], taken)
        if not roles.recipients:
            roles.recipients = self._nested_recipients(roles.actors, allowed, taken)
        if not roles.recipients:
            roles.recipients = self._opposed_party(noun)
        if not roles.recipients and entry.type in self.rules.addressee_in_content:
            roles.recipients = self._content_subject(noun, roles.actors) or self._content_target(noun, roles.actors)
        if for_target:
            if not roles.actors and entry.implicit_actor:
                return self._implicit(noun, entry, roles) or self._implicit_in_focus(noun, entry, roles)
            return roles
        if not roles.actors and entry.implicit_actor:
            return self._implicit(noun, entry, roles)
        return self._govern(noun, entry, roles)

    def _nested_recipients(self, actors: list[Party], allowed: set[str], taken: set[int]) -> list[Party]:
        """"le départ des militaires français du Mali": the parser hangs the place left on the
        actor's noun, not on the event noun; a recipient preposition there still names the
        recipient."""
        return self._first_parties(
            [(prep, arg) for actor in actors for prep, arg in self.g.prep_args(actor.token)
             if prep in allowed and arg.i not in taken], taken)

    def _noun_args(self, noun: Token) -> list[tuple[str, Token]]:
        """The noun's prepositional complements: the parser's, then those that follow it."""
        args = list(self.g.prep_args(noun))
        seen = {arg.i for _, arg in args}
        for prep, arg in self.g.following_prep_args(noun):
            if arg.i not in seen:
                seen.add(arg.i)
                args.append((prep, arg))
        return args

    def _first_parties(self, args: list[tuple[str, Token]], taken: set[int]) -> list[Party]:
        for prep, arg in args:
            found = [p for p in self.finder.parties(arg, prep) if p.token.i not in taken]
            if found:
                return found
        return []

    def _participle_agents(self, noun: Token, own_event: Entry | None = None) -> list[Party]:
        """"les sanctions imposées par la Cédéao": the agent of a participle on the noun."""
        g = self.g
        for child in noun.children:
            # "une accusation réfutée par Paris": only a light verb's agent is the event's own.
            if own_event is not None and g.lemma(child) not in g.do_verbs | set(own_event.via or {}):
                continue
            if child.dep_ in g.participle and g.is_passive_participle(child):
                found = [p for agent in g.agents(child) for p in self.finder.named(agent)]
                if found:
                    return found
        return []

    def _implicit(self, noun: Token, entry: Entry, roles: Roles) -> Roles | None:
        """Acts whose agent is implied by their place: a coup "au Niger" is Niger's army against
        Niger's government (events.md, coups)."""
        place = roles.recipients or [p for adj in self.g.adjectives(noun) for p in self.finder.parties(adj)]
        place = place or self._first_parties(self._noun_args(noun), set())
        if not place:
            return None
        code = place[0].actor.code
        token = place[0].token
        roles.actors = [Party(Actor(text=noun.text, code=code, sector=entry.implicit_actor), token)]
        roles.recipients = [Party(Actor(text=place[0].actor.text, code=code, sector="GOV"), token)]
        roles.clause = self.g.enclosing_verb(noun) or noun
        return roles

    def _implicit_in_focus(self, noun: Token, entry: Entry, roles: Roles) -> Roles:
        """"La France a condamné le coup d'État" with no place: the coup of the junta named last
        before it, else of the country the article is mostly about."""
        doc_actors = self.finder.doc_actors
        juntas = [m for m in doc_actors.ruling if m.head < noun.i]
        focus = juntas[-1].actor.code if juntas else doc_actors.focus
        if focus is None or focus in {p.actor.code for p in self.subject_parties(noun.head)}:
            return roles
        roles.actors = [Party(Actor(text=noun.text, code=focus, sector=entry.implicit_actor), noun)]
        roles.recipients = [Party(Actor(code=focus, sector="GOV"), noun)]
        return roles

    def _opposed_party(self, noun: Token) -> list[Party]:
        """"soutenir X contre les sanctions de Z": a hostile act named against someone's side
        targets that someone, the object of the verb."""
        g = self.g
        prep = next((p for p, n in g.prep_args(noun.head) if n.i == noun.i), None)
        if prep not in g.against_preps or noun.head.pos_ not in {"VERB", "AUX"}:
            return []
        return [p for obj in g.objects(noun.head) for p in self.finder.parties(obj)]

    def _content_subject(self, head: Token, actors: list[Party] = ()) -> list[Party]:
        """"exiger que les putschistes libèrent X": who is asked is the subject of what is asked."""
        for child in head.children:
            if _is_content(child, self.g) or (head.pos_ == "NOUN" and noun_content(child, self.g)):
                own = {actor_key(p.actor) for p in actors}
                found = [p for subj in self.g.subjects(child) for p in self.finder.parties(subj, deep=True)
                         if actor_key(p.actor) not in own]
                if found:
                    return found
        return []

    def _content_target(self, head: Token, actors: list[Party]) -> list[Party]:
        """"menacer d'utiliser la force contre les putschistes", "threatened to cut gas supplies to
        Germany": with no addressee, a threat or demand is aimed at whom its content acts on."""
        taken = {actor_key(p.actor) for p in actors}
        for child in head.children:
            if not (_is_content(child, self.g) or (head.pos_ == "NOUN" and noun_content(child, self.g))):
                continue
            candidates = [p for obj in self.g.objects(child) for p in self.finder.named(obj)]
            candidates += [p for prep, noun in self.g.prep_args(child) if prep in self.g.recipient_preps
                           for p in self.finder.parties(noun, prep)]
            # "retirer ses militaires du Mali": past its own troops, the place they leave.
            preps = self.g.recipient_preps | self.g.of_preps
            candidates += [p for obj in self.g.objects(child) for prep, noun in self.g.following_prep_args(obj)
                           if prep in preps for p in self.finder.parties(noun, prep)]
            found = [p for p in candidates if actor_key(p.actor) not in taken]
            if found:
                return found[:1] if len({actor_key(p.actor) for p in found}) > 1 else found
        return []

    def _sole_other_party(self, head: Token, actors: list[Party]) -> list[Party]:
        """The one party of the sentence that is not the actor, where there is exactly one."""
        sent = views(head.doc).sentence(head.i)
        taken = {actor_key(p.actor) for p in actors}
        others = [p for p in self.finder.sentence_parties(sent) if actor_key(p.actor) not in taken]
        return others if others and len({actor_key(p.actor) for p in others}) == 1 else []

    def _nearest_holder(self, noun: Token, taken: set[int]) -> list[Party]:
        """Who holds a meeting named in passing ("la déclaration du président ghanéen lors d'une
        réunion avec Blinken"): the nearest noun above with a party of its own, else the subject of
        the clause."""
        current = noun
        while current.head.i != current.i:
            current = current.head
            if current.pos_ in {"VERB", "AUX"}:
                return [p for p in self.subject_parties(current) if p.token.i not in taken]
            if current.pos_ in {"NOUN", "PROPN"}:
                found = [p for prep, arg in self.g.prep_args(current) if prep in self.g.of_preps
                         for p in self.finder.parties(arg, prep) if p.token.i not in taken]
                found = found or [p for p in self._possessor(current) if p.token.i not in taken]
                if found:
                    return found
        return []

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
            # The noun's own party is who undergoes the act the verb makes of it ("ordonner le
            # départ de l'ambassadeur de France"): the recipient, whatever else the noun holds.
            if roles.event_type != entry.type and roles.actors:
                own, place = roles.actors, roles.recipients
                subject = self._parties(g.agents(verb)) if g.is_passive(verb) else self.subject_parties(verb)
                # "son discours annonçant une réarticulation de Barkhane hors du Mali": with no one
                # named announcing it, the force's own country concedes; its roles stay as they are.
                unannounced = place and not subject and not g.is_passive(verb)
                if place and {actor_key(p.actor) for p in own} <= {actor_key(p.actor) for p in subject}:
                    # "annoncer le retrait de ses soldats du Mali": its own troops; Mali is the recipient.
                    roles.actors, roles.recipients = [], place
                elif not unannounced:
                    roles.actors, roles.recipients = [], own
        if (verb is not None and lemma in g.denial_verbs and not roles.actors
                and entry.type not in self.rules.addressee_in_content):
            # "le ministre a démenti l'octroi d'une mine à Wagner": who denies an act is who is said to
            # do it; who denies an accusation or a demand is whom it is aimed at.
            roles.actors = self.subject_parties(verb)
            roles.inherited = True
            roles.clause, roles.light = verb, True
        elif verb is not None and lemma in g.undergo_verbs:
            roles.recipients = roles.recipients or self.subject_parties(verb)
            roles.actors = roles.actors or self._parties(g.agents(verb))
            roles.clause, roles.light = verb, True
        elif verb is not None and (lemma in g.do_verbs or lemma in via):
            if not roles.actors:
                roles.actors = self._parties(g.agents(verb)) if g.is_passive(verb) else self.subject_parties(verb)
                roles.inherited = True
            if not roles.recipients:
                roles.recipients = self._prep_recipients(verb, entry, exclude=roles.actors)
            roles.clause, roles.light = verb, True
        elif not roles.actors and roles.recipients and entry.type in self.rules.inherit_actor:
            roles.actors = self._nearest_holder(noun, {p.token.i for p in roles.recipients})
            roles.inherited = True
        if roles.clause is not None and roles.clause.i == noun.i:
            roles.clause = g.enclosing_verb(noun) or noun
        if roles.actors and not roles.recipients and roles.event_type in self.rules.sentence_recipient:
            roles.recipients = self._sole_other_party(noun, roles.actors)
        if not roles.actors and roles.event_type in self.rules.joint_subject and entry.mode != "third-party":
            joint = self._between(noun)
            if joint:
                roles.actors, roles.recipients = joint, []
        return roles if roles.actors else None

    def _between(self, noun: Token) -> list[Party]:
        """"le sommet entre l'UE et l'UA", "talks between Mali and Russia": with no one holding it,
        a meeting or a deal between two parties is held by both, where the sentence reports it (as
        its subject or its headline), not where it names an agreement in force."""
        if noun.dep_ not in self.g.subject | self.g.passive_subject and noun.head.i != noun.i:
            return []
        joint = [p for prep, arg in self._noun_args(noun) if prep in self.g.mutual_preps
                 for p in self.finder.parties(arg, prep)]
        return joint if len({actor_key(p.actor) for p in joint}) >= 2 else []

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
        if noun.dep_ in UNATTACHED:
            # "ont annoncé ce jeudi, 17 février 2022, le retrait de...": after an inserted date the
            # parser may hang the object on a comma; the verb before it still governs it.
            while head.pos_ == "PUNCT" and head.head.i != head.i:
                head = head.head
            if head.pos_ == "VERB" and head.i < noun.i and g.lemma(head) in g.do_verbs:
                return head
        return None

    def _parties(self, tokens: list[Token]) -> list[Party]:
        return [p for t in tokens for p in self.finder.parties(t)]


def _is_content(child: Token, g: Grammar) -> bool:
    """An infinitive or clause that says what is threatened or asked ("menace de couper", "threatened
    to cut", "demanded that..."), attached as a clausal complement or, by the French parser, as an
    oblique verb."""
    return child.pos_ in {"VERB", "AUX"} and (child.dep_ in g.clausal - {"advcl"} or child.dep_ in g.obliques)


def noun_content(child: Token, g: Grammar) -> bool:
    """A clause on an event noun that says what it is about ("a proposal that Ukraine accept...",
    "la menace d'intervenir"), which the parser may take for a relative clause: one with a subject
    of its own that is no relative pronoun."""
    if child.pos_ != "VERB":
        return False
    if child.dep_ in g.participle:
        return True
    subjects = g.subjects(child)
    return child.dep_ in g.relative and bool(subjects) and not g.is_relative_pronoun(subjects[0])
