"""Event locations. An event is where its own sentence places it ("à Bamako", "près de Ménaka", "in
the Ukrainian city of Lviv"); else at the article's main place, where that lies in the country of
one of the event's parties; else, for a visit between two countries whose sentence names no place
of the host, in the host's capital; else nowhere. Those are the rules; with a `PlaceChooser` the
event goes where the learned chooser puts it (dyad.geo.chooser), the rules' choice being one of
its features.

The dateline ("BAMAKO, 7 fév (AFP) -", "Kinshasa, ... (ACP)-") says where the story was filed, and an
outlet's home city where it is written: neither is where an event happened unless the event's own
sentence names it, so neither is ever a fallback, and neither is the article's main place."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dyad.actors import DocActors
from dyad.geo.chooser import ArticlePlaces, Candidate, PlaceChooser, PlaceInText, candidates, event_features
from dyad.geo.dateline import Dateline, find_dateline
from dyad.geo.document import DocumentResolver, ResolvedName
from dyad.geo.gazetteer import Place
from dyad.geo.places import PlaceCues, PlaceMention, attached_first, find_places, place_cues
from dyad.geo.resolve import PRECISION, PlaceResolver, to_location
from dyad.geo.shared import shared_gazetteer
from dyad.nlp.views import views
from dyad.records import Article, Event, Location

# In a meeting the visitor is the actor and the host the recipient (docs/events.md), and official
# visits happen at the host government's seat: a visit between two countries with no place named
# is placed in the recipient's capital. Talks of no stated mode are only where their sentence says
# the visitor came (`in_person` in places.yaml): on the labelled train and dev splits the rest are
# calls or meetings elsewhere more often than not. Phone calls, third-party and multilateral
# meetings never are.
# A capitalised word after "à" that the model did not tag as a place names a country, a region, a
# city of note or a town of a country the story is about; a small namesake abroad is a misread
# agency code ("APA-") or an institution ("en Conseil des ministres").
NOTABLE_POPULATION = 100_000
# A country a statement names further down its clause ("dénoncé les actions des putschistes au
# Niger"), and any country a sanction names ("des sanctions au Niger"), is what it is about, not
# where it happened; a country on the statement's own verb is ("a accusé, en Algérie, ...").
# On the labelled train and dev splits the former were never the gold's place.
STATEMENT_TYPES = {"ACCUSE", "REJECT", "REQUEST", "THREATEN"}
# A retreat happens where it leaves from ("le retrait de la France du Mali", "withdrawal from Mali").
ORIGIN_TYPES = {"RETREAT"}
# The article's main place is a town or region: a country named in the lead says too little.
MAIN_PLACE_KINDS = ("city", "region")
# An outlet's home town, where its name carries it: "Le Pays (Ouagadougou)".
OUTLET_HOME = re.compile(r"\(([^()]+)\)\s*$")


@dataclass(frozen=True)
class Setting:
    """What an article says of places, for all its events."""

    context: set[str]  # its countries and regions (Geocoder.article_countries)
    dateline: Dateline | None
    main: Location | None  # the lead's place (Geocoder._main_mention)
    places: ArticlePlaces | None  # every place it names, where the chooser needs them


class Geocoder:
    """`chooser`: the learned place chooser (dyad.geo.chooser), which reads the rules' choice as one
    of its features; None: the rules alone."""

    def __init__(self, lang: str, chooser: PlaceChooser | None = None) -> None:
        self.lang = lang
        self.cues: PlaceCues = place_cues(lang)
        self.resolver = PlaceResolver(shared_gazetteer(), self.cues.name_prefixes, self.cues.name_suffixes)
        self.documents = DocumentResolver(self.resolver, self.cues.site_words)
        self.chooser = chooser
        # The place mentions of each sentence of the Doc in hand, found once for all its events.
        self._mentions_doc: Doc | None = None
        self._mentions: dict[int, list[PlaceMention]] = {}
        self._resolved: dict[tuple[str, frozenset[str], bool], Place | None] = {}

    def locate_events(self, events: list[Event], doc: Doc, article: Article, doc_actors: DocActors) -> list[Event]:
        if not events:
            return events
        setting = self.setting(doc, article, doc_actors, with_places=self.chooser is not None)
        return [e.model_copy(update={"location": self.event_place(e, doc, setting)}) for e in events]

    def setting(self, doc: Doc, article: Article, doc_actors: DocActors, *, with_places: bool) -> Setting:
        """What the article says of places, read once for all its events; `with_places`: every place
        it names too, for the chooser."""
        context = self.article_countries(doc, doc_actors)
        dateline = find_dateline(article.text)
        homes = {p.row for p in self.outlet_homes(article, context, dateline)}
        lead = self._main_mention(doc, context, dateline, homes)
        main = to_location(lead[0], None, near=lead[1]) if lead is not None else None
        places = self._places_in(doc, context, dateline, homes, lead[0].row if lead else None) if with_places else None
        return Setting(context, dateline, main, places)

    def event_place(self, event: Event, doc: Doc, setting: Setting) -> Location | None:
        if self.chooser is None or setting.places is None or len(event.evidence) < 2:
            return self._evidence_place(event, doc, setting)[0]
        # A record told in several sentences happened where the likeliest of them places it: the
        # lead may name no town that the next sentence gives.
        best: tuple[Location | None, float] = (None, 0.0)
        for evidence in event.evidence:
            place, confidence = self._evidence_place(event.model_copy(update={"evidence": [evidence]}), doc, setting)
            if place is not None and confidence > best[1]:
                best = (place, confidence)
        return best[0]

    def _evidence_place(self, event: Event, doc: Doc, setting: Setting) -> tuple[Location | None, float]:
        """The place of the event's first evidence sentence, with the chooser's confidence (1 for the
        rules alone)."""
        rule = self.event_location(event, doc, setting.context, setting.main, setting.dateline)
        trigger = trigger_token(event, doc)
        if self.chooser is None or setting.places is None or trigger is None:
            return rule, 1.0
        chosen = self.chooser.choose(*self.chooser_inputs(event, trigger, setting, rule))
        if chosen is None:
            return None, 0.0
        place = chosen[0].place
        if rule is not None and (rule.name, rule.country) == (place.name, place.country):
            return rule, chosen[1]  # keeps the rules' reading of the mention ("near", the words as written)
        mentions = setting.places.by_row.get(place.row, [])
        here = [m for m in mentions if m.sentence == setting.places.sentence_of(trigger)] or mentions
        return to_location(place, here[0].text if here else None, near=bool(here) and here[0].mention.near), chosen[1]

    def chooser_inputs(self, event: Event, trigger: Token, setting: Setting,
                       rule: Location | None) -> tuple[list[Candidate], list[str]]:
        """The chooser's candidates for the event, and its features for whether it has a place."""
        assert setting.places is not None
        ranks = self._attached_ranks(event, trigger)
        rule_place = self._place_of(rule, setting.places, setting.context)
        return (candidates(event, trigger, ranks, setting.places, rule_place, self.lang),
                event_features(event, trigger, ranks, setting.places, rule_place, self.lang))

    def _places_in(self, doc: Doc, context: set[str], dateline: Dateline | None, homes: set[int],
                   main_row: int | None) -> ArticlePlaces:
        """Every place the article names, resolved as `locate` resolves an event's own places."""
        body_start = dateline.end if dateline is not None else 0
        lead = next((s for s in doc.sents if s.end_char > body_start and s.text.strip()), None)
        found = []
        for index, sent in enumerate(doc.sents):
            for mention in self._places_of(sent):
                resolved = self._resolve_mention(mention, context)
                if resolved is not None:
                    found.append(PlaceInText(resolved[0], mention, resolved[1], index, sent == lead,
                                             dateline is not None and mention.start_char < dateline.end))
        ranks = {start: rank for rank, start in enumerate(views(doc).sentence_starts)}
        return ArticlePlaces(found, ranks, homes, main_row)

    def _places_of(self, sent: Span) -> list[PlaceMention]:
        self._same_doc(sent.doc)
        if sent.start not in self._mentions:
            self._mentions[sent.start] = find_places(sent, self.cues)
        return self._mentions[sent.start]

    def _resolve(self, doc: Doc, text: str, context: set[str], region: bool = False) -> Place | None:
        """The resolver's place for a name of this Doc, looked up once however many events ask."""
        self._same_doc(doc)
        key = (text, frozenset(context), region)
        if key not in self._resolved:
            self._resolved[key] = self.resolver.resolve(text, context, region=region)
        return self._resolved[key]

    def _same_doc(self, doc: Doc) -> None:
        if self._mentions_doc is not doc:
            self._mentions_doc, self._mentions, self._resolved = doc, {}, {}

    def _resolve_mention(self, mention: PlaceMention, context: set[str]) -> tuple[Place, str] | None:
        for text in filter(None, (mention.text, mention.shorter)):
            place = self._resolve(mention.root.doc, text, context, mention.region)
            if place is None or place.kind not in PRECISION or (not mention.from_model and not _plausible(place, context)):
                continue
            return place, text
        return None

    def _attached_ranks(self, event: Event, trigger: Token) -> dict[int, int]:
        """The start of each place mention that hangs from the trigger -> its rank, nearest first."""
        own = self._places_of(views(trigger.doc).sentence(trigger.i))
        return {m.start_char: rank for rank, m in
                enumerate(attached_first(own, trigger, origin=event.event_type in ORIGIN_TYPES))}

    def _place_of(self, rule: Location | None, places: ArticlePlaces, context: set[str]) -> Place | None:
        """The gazetteer place the rules chose: one the article names, else (a host capital) looked up."""
        if rule is None:
            return None
        for mentions in places.by_row.values():
            place = mentions[0].place
            if (place.name, place.country) == (rule.name, rule.country):
                return place
        return self.resolver.resolve(rule.name, context | {rule.country or ""})

    def event_location(self, event: Event, doc: Doc, context: set[str], main: Location | None,
                       dateline: Dateline | None = None) -> Location | None:
        trigger = trigger_token(event, doc)
        if trigger is None:
            return None
        own = self.locate(event, doc, context, dateline)
        if own is not None:
            return own
        visit = self._is_visit(event, trigger)
        # A visit happens in the host's country, not in the visitor's.
        parties = {event.recipient.code} if visit else {event.actor.code, event.recipient.code}
        if main is not None and main.country in parties:
            return main
        if visit and not self._names_a_place_of(trigger.sent, event.recipient.code, context):
            return self._host_capital(event)
        return None

    def article_countries(self, doc: Doc, doc_actors: DocActors) -> set[str]:
        """What the article is about: the ISO3 codes of its actors' countries and of the countries it
        names, and the regions it names (with their countries)."""
        countries = {m.actor.code for m in doc_actors.mentions if len(m.actor.code) == 3 and m.actor.code.isalpha()}
        return countries | self.documents.context([e.text for e in self._place_entities(doc)])

    def article_places(self, doc: Doc, context: set[str]) -> list[tuple[Span, ResolvedName]]:
        """Every place the article names, resolved together (dyad.geo.document): a site the
        gazetteer cannot hold falls to the article's focus city. Not for event locations."""
        mentions = self._place_entities(doc)
        return list(zip(mentions, self.documents.resolve_all([m.text for m in mentions], context), strict=True))

    def _place_entities(self, doc: Doc) -> list[Span]:
        return [e for e in views(doc).entities if e.label_ in self.cues.entity_labels]

    def _main_mention(self, doc: Doc, context: set[str], dateline: Dateline | None,
                      homes: set[int]) -> tuple[Place, bool] | None:
        """The article's main place: the town or region its lead (the first sentence after the
        dateline) places something in ("Des hommes armés ont attaqué un camp à Djibo"), never the
        dateline's place or the outlet's home town; and whether the lead puts it near, not in, it."""
        body_start = dateline.end if dateline is not None else 0
        lead = next((s for s in doc.sents if s.end_char > body_start and s.text.strip()), None)
        if lead is None:
            return None
        for mention in self._places_of(lead):
            if not mention.locative or mention.start_char < body_start:
                continue
            place = self._resolve(doc, mention.text, context, mention.region)
            if place is not None and place.kind in MAIN_PLACE_KINDS and place.row not in homes:
                return place, mention.near
        return None

    def outlet_homes(self, article: Article, context: Iterable[str], dateline: Dateline | None) -> list[Place]:
        """Where the story was written: the dateline's place, and the town an outlet's name carries."""
        names = [dateline.place] if dateline is not None else []
        home = OUTLET_HOME.search(article.source or "")
        names += [home.group(1)] if home else []
        hints = set(context)
        if dateline is not None and dateline.country and (country := self.resolver.resolve(dateline.country)):
            hints.update(filter(None, [country.country]))
        return [p for p in (self.resolver.resolve(n, hints) for n in names) if p is not None]

    def locate(self, event: Event, doc: Doc, context: set[str], dateline: Dateline | None = None) -> Location | None:
        """The place the event's own sentence attaches to it; never the dateline's words."""
        trigger = trigger_token(event, doc)
        if trigger is None:
            return None
        found = []
        retreat = event.event_type in ORIGIN_TYPES
        for mention in attached_first(self._places_of(views(doc).sentence(trigger.i)), trigger, origin=retreat):
            if dateline is not None and mention.start_char < dateline.end:
                continue
            for text in filter(None, (mention.text, mention.shorter)):
                place = self._resolve(doc, text, context, mention.region)
                if place is None or (not mention.from_model and not _plausible(place, context)):
                    continue
                if place.kind == "country" and _names_the_subject(event, mention, trigger):
                    continue
                if mention.origin and place.country == event.actor.code:
                    continue  # "le retrait de France" names who leaves, not where from
                location = to_location(place, text, near=mention.near)
                if location is not None:
                    found.append(location)
                    break
        # "à Niamey, au Niger": the town, not the country that only says where the town lies.
        inside = [f for f in found[1:] if found[0].precision == "country" and f.country == found[0].country]
        return inside[0] if inside else (found[0] if found else None)

    def _names_a_place_of(self, sent: Span, country: str, context: set[str]) -> bool:
        """Whether the sentence names a town or region of `country`: a visit there is not in its
        capital by default, even where the name is not attached to the event."""
        return any(p is not None and p.kind in ("city", "region") and p.country == country
                   for p in (self._resolve(sent.doc, m.text, context) for m in self._places_of(sent)))

    def _is_visit(self, event: Event, trigger: Token) -> bool:
        """A visit between two countries: so coded, or talks of no stated mode in a sentence that
        says the visitor came ("à la tête d'une délégation", "avant de quitter le sol malien")."""
        if event.event_type != "CONSULT" or event.actor.code == event.recipient.code:
            return False
        return event.mode == "visit" or (event.mode is None and any(t.lower_ in self.cues.in_person for t in trigger.sent))

    def _host_capital(self, event: Event) -> Location | None:
        capital = self.resolver.gazetteer.capital(event.recipient.code)
        return to_location(capital, None) if capital else None


def _names_the_subject(event: Event, mention: PlaceMention, trigger: Token) -> bool:
    """Whether a country the sentence attaches to the event is what the event is about."""
    return event.event_type == "SANCTION" or (event.event_type in STATEMENT_TYPES and mention.root.head != trigger)


def _plausible(place: Place, context: set[str]) -> bool:
    return place.kind != "city" or place.country in context or place.population >= NOTABLE_POPULATION


def trigger_token(event: Event, doc: Doc) -> Token | None:
    """The trigger's head token, found by its character offsets in the article text."""
    if not event.evidence:
        return None
    evidence = event.evidence[0]
    span: Span | None = doc.char_span(evidence.trigger_start, evidence.trigger_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None
