"""The event coder: triggers -> argument linking -> status -> one record per (actor, type,
recipient, status) per article.

A trigger that asks, threatens, refuses or alleges governs its complement: what it governs is not
reported as happening ("accuse la France de préparer une intervention" is one ACCUSE, no ASSAULT).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Token

from dyad.actors import DocActors
from dyad.events.arguments import Linker, Roles, noun_content
from dyad.events.assembly import Finding, Merger
from dyad.events.contexts import context_cues
from dyad.events.grammar import grammar
from dyad.events.lexicon import Entry, Match, lexicon
from dyad.events.parties import Party, PartyFinder
from dyad.events.rules import type_rules
from dyad.events.status import status_reader
from dyad.nlp.views import views
from dyad.plover import type_info
from dyad.records import Actor, Article, Event, actor_key

CONTENT_CLIMB = 5
YEAR = re.compile(r"^(19|20)\d\d$")
BACKGROUND_YEARS = 2
CONFIDENCE_FLOOR, CONFIDENCE_CEILING = 0.05, 0.95
HOSTILE_QUAD = 3
SIDING_CONFIDENCE = 0.5


class EventCoder:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.lexicon = lexicon(lang)
        self.grammar = grammar(lang)
        self.rules = type_rules()
        self.status = status_reader(lang)
        self.cues = context_cues(lang)

    def code(self, doc: Doc, doc_actors: DocActors, article: Article) -> list[Event]:
        merger = Merger(article)
        for finding in self.findings(doc, doc_actors, article):
            merger.add(finding)
        return merger.records()

    def findings(self, doc: Doc, doc_actors: DocActors, article: Article,
                 matches: list[Match] | None = None) -> list[Finding]:
        """What the rules read, one Finding per (trigger, actor, recipient), before merging."""
        matches = self.lexicon.find(doc) if matches is None else matches
        phrases = {i for m in matches if m.end - m.start > 1 for i in range(m.start, m.end)}
        finder = PartyFinder(doc_actors, self.grammar, phrases)
        chosen: dict[int, tuple[Match, Entry]] = {}
        for match in matches:
            entry = self._choose(match, finder)
            if entry is not None:
                chosen[match.head.i] = (match, entry)
        linker = Linker(self.grammar, finder, self.rules, {i: e for i, (_, e) in chosen.items()})
        found: list[Finding] = []
        for match, entry in chosen.values():
            for finding in self._findings(match, entry, chosen, linker, article):
                found.append(finding)
                linker.reported.append((match.head.i, finding.event_type, finding.actor))
            found += self._siding(match, entry, chosen, linker)
        return found

    def _siding(self, match: Match, entry: Entry, chosen: dict[int, tuple[Match, Entry]],
                linker: Linker) -> list[Finding]:
        """"X <verb> Y contre <hostile act>": X sides with Y (types.yaml `siding`)."""
        noun, g = match.head, self.grammar
        verb = noun.head
        if not entry.is_noun or type_info(entry.type)["quad"] < HOSTILE_QUAD or verb.i in chosen:
            return []
        prep = next((p for p, n in g.prep_args(verb) if n.i == noun.i), None)
        if prep not in g.against_preps or verb.pos_ not in {"VERB", "AUX"}:
            return []
        actors = linker.subject_parties(verb)
        recipients = [p for obj in g.objects(verb) for p in linker.finder.parties(obj)]
        status = self.status.status(verb, verb)
        if not actors or not recipients or status is None:
            return []
        event_type = self.rules.siding
        return [Finding(event_type, None, (), status, a.actor, r.actor, verb.doc[verb.i:verb.i + 1], SIDING_CONFIDENCE)
                for a in actors for r in recipients if not _same(a.actor, r.actor)]

    # ------------------------------------------------------------------ choosing an entry
    def _choose(self, match: Match, finder: PartyFinder) -> Entry | None:
        """The first entry whose constraints this occurrence meets (constrained entries first)."""
        head = match.head
        if head.pos_ == "VERB" and any(c.dep_ in self.grammar.object_predicates for c in head.children):
            return None
        objects = [o for o in self._objects(head) if not match.start <= o.i < match.end]
        if not objects and match.end - match.start > 1:
            # "mettre fin à son accord": the phrase holds the verb's object; what it ends comes after.
            objects = [noun for _, noun in self.grammar.prep_args(head) if noun.i >= match.end]
            objects += [inner for o in objects for inner in self.grammar.quantified(o)]
        lemmas = {self.grammar.lemma(o) for o in objects} | {o.lower_ for o in objects}
        reflexive = head.pos_ == "VERB" and self.grammar.is_reflexive(head)
        for entry in match.entries:
            if entry.reflexive and not reflexive or entry.not_reflexive and reflexive:
                continue
            if entry.objects and not lemmas & entry.objects:
                continue
            if entry.not_objects and lemmas & entry.not_objects:
                continue
            if entry.party_object and not any(finder.named(o) for o in objects):
                continue
            if entry.followed_by and self.grammar.marker_after(head, entry.followed_by) is None:
                continue
            return entry
        return None

    def _objects(self, head: Token) -> list[Token]:
        g = self.grammar
        found = g.objects(head) or (g.passive_subjects(head) if g.is_passive(head) else [])
        if not found and head.dep_ in g.participle:
            found = [head.head]
        found += [inner for o in found for inner in g.quantified(o)]
        return [c for o in found for c in g.conjuncts(o)]

    # ------------------------------------------------------------------ one trigger
    def _findings(self, match: Match, entry: Entry, chosen: dict[int, tuple[Match, Entry]],
                  linker: Linker, article: Article) -> list[Finding]:
        head = match.head
        content = self._governing_rule(head, chosen)
        if content == "suppress":
            return []
        if entry.defer and self._governs_event(head, chosen):
            return []
        roles = linker.roles(head, entry)
        if roles is None or not roles.actors:
            return []
        if entry.own_content and self._tells_of_others(head, roles, chosen, linker):
            return []
        clause = roles.clause or head
        if entry.is_noun and not roles.light and self._talked_about(head, clause):
            status = self.status.presupposed(head, clause)
        else:
            status = self.status.status(clause, head)
        if status is None or self._background(clause, article):
            return []
        if content == "intend" and status == "occurred":
            status = "intended"
        event_type = self._switch_type(head, entry, roles.event_type)
        own_type = event_type
        announced = event_type in self.rules.announced and entry.mode in self.rules.announced_modes
        announcer = self._announcer(clause, roles, linker) if announced else None
        if announcer is not None:
            # "a décidé de retirer ses troupes": the decision is the concession, made when it was.
            event_type, status = self.rules.announced[event_type], self.status.status(announcer, announcer)
            if status is None:
                return []
        if status == "occurred" and event_type in self.rules.in_progress_intended and self.status.in_progress(clause):
            status = "intended"
        contexts = self.cues.contexts(clause.subtree, entry.contexts)
        confidence = self._confidence(entry, roles)
        trigger = head.doc[match.start:match.end]
        findings = []
        if not roles.recipients and len(roles.actors) >= 2 and self.grammar.is_reciprocal(clause):
            roles = replace(roles, reciprocal=True)
        focus = linker.finder.doc_actors.focus
        for actor, recipient in self._pairs(roles, event_type, focus):
            if (recipient.sector in self.rules.not_with_sectors.get(event_type, ())
                    or actor.sector in self.rules.not_by_sectors.get(event_type, ())):
                continue
            pair_type = event_type
            if recipient.code in self.rules.organisation_codes and own_type in self.rules.leaving_organisation:
                pair_type = self.rules.leaving_organisation[own_type]
            # The sector limit is on who leaves; "ordonner le départ de X" is the orderer's act.
            elif entry.actor_sectors and roles.event_type == entry.type and actor.sector not in entry.actor_sectors:
                continue
            findings.append(Finding(pair_type, entry.mode, tuple(contexts), status, actor, recipient,
                                    trigger, confidence))
            if pair_type in self.rules.expulsion and self._sends_away_diplomat(clause, roles):
                # "a demandé à l'ambassadeur de quitter le territoire" expels him (events.md).
                findings.append(Finding(self.rules.expulsion[pair_type], "expel", ("diplomatic",), status, actor,
                                        recipient, trigger, confidence))
        return findings

    def _tells_of_others(self, head: Token, roles: Roles, chosen: dict[int, tuple[Match, Entry]],
                         linker: Linker) -> bool:
        """Whether a warning's content is about what another party may do ("warned that Russia
        could step up its attacks", "warned that firms would close"): no threat, unlike "warned
        that it would cut supplies" or "warned that any intervention would mean war"."""
        g = self.grammar
        contents = [c for c in head.children if c.dep_ in g.clausal]
        # An infinitive ("warned them to leave") has no subject of its own.
        subject = next((s for c in contents for s in g.subjects(c) + g.passive_subjects(c)), None)
        if subject is None:
            return False
        told = [p.actor for p in linker.finder.parties(subject) if p.token.i == subject.i]
        if not told:
            # "warned that the extension could leave Syrians without blankets": what befalls a party
            # named in the content, brought by a thing, is no threat the speaker makes to it.
            inside = {t.i for c in contents for t in c.subtree}
            return (subject.pos_ == "NOUN" and subject.i not in chosen
                    and any(p.token.i in inside for p in roles.recipients))
        return not any(
            t.code == a.actor.code and (t.sector == a.actor.sector or None in (t.sector, a.actor.sector))
            for t in told for a in roles.actors)

    def _sends_away_diplomat(self, clause: Token, roles: Roles) -> bool:
        """Whether the act tells a diplomat to leave: a leaving verb in its complement, a diplomat
        among its recipients."""
        g = self.grammar
        diplomats = [p.token for p in roles.recipients if g.lemma(p.token) in g.diplomat_words]
        # The parser hangs "de partir" on the verb or on the one asked to leave.
        complements = [c for c in clause.children if c.dep_ in g.clausal]
        complements += [c for d in diplomats for c in d.children if c.dep_ in g.participle]
        return bool(diplomats) and any(g.lemma(c) in g.leave_verbs for c in complements)

    def _announcer(self, clause: Token, roles: Roles, linker: Linker) -> Token | None:
        """The verb by which the actor announces or decides this act itself, if any ("X a décidé de
        retirer", not "X quitteront la force, a annoncé Y" nor "ils décident d'entamer le retrait
        du territoire malien" where the noun's own actor is someone else)."""
        g = self.grammar
        parent = clause.head
        if parent.i == clause.i or clause.dep_ not in g.clausal or g.lemma(parent) not in g.announce_verbs:
            return None
        announcers = {actor_key(p.actor) for p in linker.subject_parties(parent)}
        return parent if announcers & {actor_key(p.actor) for p in roles.actors} else None

    def _talked_about(self, noun: Token, verb: Token) -> bool:
        """Whether an event noun is the object or prepositional complement of the verb of its clause
        ("condamné l'invasion", "does not extend to the invasion")."""
        g = self.grammar
        holder = noun.head.head if noun.dep_ == "pobj" else noun.head
        return holder.i == verb.i and holder.i != noun.i and (
            noun.dep_ in g.object | g.obliques or noun.dep_ == "pobj")

    def _governing_rule(self, head: Token, chosen: dict[int, tuple[Match, Entry]]) -> str | None:
        """What the nearest trigger above this one does to it: suppress, intend, or nothing."""
        g = self.grammar
        child = head
        for _ in range(CONTENT_CLIMB):
            parent = child.head
            if parent.i == child.i:
                return None
            if parent.i in chosen:
                entry = chosen[parent.i][1]
                rule = entry.complement or self.rules.content.get(entry.type)
                if _complement(child, g) or (parent.pos_ == "NOUN" and noun_content(child, g)):
                    # "a proposal that Ukraine accept...", "la menace d'intervenir": a clause on an
                    # event noun is its content.
                    return rule
                if child.i == head.i and child.dep_ in g.object and entry.type in self.rules.content_objects:
                    return "suppress"
                if child.i == head.head.i and child.dep_ in g.object and head.dep_ in g.participle and g.is_infinitive(head):
                    # "accuse les mercenaires de soutenir la junte", the infinitive hung on the object
                    return rule
                # What a suppressed event carries is suppressed with it ("a proposal that Ukraine
                # accept a ceasefire": no ceasefire either).
                return "suppress" if self._governing_rule(parent, chosen) == "suppress" else None
            child = parent
        return None

    def _governs_event(self, head: Token, chosen: dict[int, tuple[Match, Entry]]) -> bool:
        g = self.grammar
        for i in chosen:
            token = head.doc[i]
            child = token
            for _ in range(CONTENT_CLIMB):
                if child.head.i == child.i:
                    break
                if child.head.i == head.i:
                    if _complement(child, g) or child.dep_ in g.object:
                        return True
                    break
                child = child.head
        return False

    def _background(self, clause: Token, article: Article) -> bool:
        """A fact the article itself dates well before its publication is background: a year in the
        clause, or in a dating phrase of a clause above it ("En 2020, la Russie a utilisé son veto
        pour bloquer..."), but not after "depuis"/"since"."""
        if article.date is None:
            return False
        g = self.grammar
        current = clause
        for token in clause.subtree:
            if self._old_year(token, article):
                return True
        while current.head.i != current.i:
            current = current.head
            for child in current.children:
                if child.dep_ in g.clausal | g.conj | g.relative or child.i == clause.i:
                    continue
                if any(self._old_year(t, article) for t in child.subtree):
                    return True
        return False

    def _old_year(self, token: Token, article: Article) -> bool:
        if not YEAR.match(token.text) or int(token.text) > article.date.year - BACKGROUND_YEARS:
            return False
        before = token.doc[max(views(token.doc).sentence_start(token.i), token.i - 3):token.i]
        return not any(t.lower_ in self.status.since_words for t in before)

    def _switch_type(self, head: Token, entry: Entry, event_type: str) -> str:
        if not entry.context_type:
            return event_type
        g = self.grammar
        near = [c for c in head.children if c.dep_ in g.adjective | g.compound or c.pos_ == "ADJ"]
        for context in self.cues.contexts(near):
            if context in entry.context_type:
                return entry.context_type[context]
        return event_type

    def _confidence(self, entry: Entry, roles: Roles) -> float:
        score = entry.confidence + (0.1 if roles.recipients else 0.0) - (0.1 if roles.inherited else 0.0)
        return min(CONFIDENCE_CEILING, max(CONFIDENCE_FLOOR, score))

    def _pairs(self, roles: Roles, event_type: str, focus: str | None) -> list[tuple[Actor, Actor]]:
        """Actor-recipient pairs; `focus` is the country the article is about, if one stands out."""
        actors, recipients = roles.actors, roles.recipients
        pairs: list[tuple[Party, Party | None]] = []
        if not recipients and focus is not None and event_type in self.rules.focus_recipient:
            aimed = [(a.actor, Actor(code=focus, sector="GOV")) for a in actors if a.actor.code != focus]
            if aimed:
                return aimed
        if not recipients:
            joint = {actor_key(a.actor) for a in actors}
            if 2 <= len(joint) <= self.rules.joint_limit and (event_type in self.rules.joint_subject or roles.reciprocal):
                pairs = [(a, b) for a in actors for b in actors if a.token.i != b.token.i or a.actor != b.actor]
            elif event_type in self.rules.optional_recipient:
                pairs = [(a, None) for a in actors]
        else:
            pairs = [(a, r) for a in actors for r in recipients]
            if event_type in self.rules.mutual and any(r.prep in self.grammar.mutual_preps for r in recipients):
                pairs += [(r, a) for a in actors for r in recipients]
        result: list[tuple[Actor, Actor]] = []
        for actor, recipient in pairs:
            recipient_actor = recipient.actor if recipient else Actor()
            if recipient and _same(actor.actor, recipient_actor):
                continue
            if event_type in self.rules.external and recipient_actor.code == actor.actor.code:
                continue
            if (actor.actor, recipient_actor) not in result:
                result.append((actor.actor, recipient_actor))
        return result


def _complement(child: Token, g) -> bool:
    """Whether a clause below a trigger is its content ("accuser X de préparer", "asked to fund"),
    not an adverbial clause beside it ("while the US blocked...")."""
    infinitive = "VerbForm=Inf" in str(child.morph) or any(c.lower_ == "to" for c in child.children)
    if child.dep_ == "advcl":
        return infinitive
    if child.dep_ == "prep":
        # "accused Russian commanders of using drones to kill civilians"
        return any(c.dep_ in {"pcomp", "pobj"} and c.pos_ == "VERB" for c in child.children)
    return child.dep_ in g.clausal or (child.pos_ == "VERB" and child.dep_ in g.obliques)


def _same(a: Actor, b: Actor) -> bool:
    return actor_key(a) == actor_key(b) and a.sector == b.sector
