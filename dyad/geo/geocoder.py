"""Event locations: the place attached to the event in its sentence ("à Bamako", "près de
Ménaka", "in Niamey"); for a visit with no place named, the host's capital; else the story's
dateline; else none. Never a place picked from elsewhere in the text."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from dyad.actors import DocActors
from dyad.geo.dateline import find_dateline
from dyad.geo.document import DocumentResolver, ResolvedName
from dyad.geo.gazetteer import Place
from dyad.geo.places import PlaceCues, attached_first, find_places, place_cues
from dyad.geo.resolve import PlaceResolver, to_location
from dyad.geo.shared import shared_gazetteer
from dyad.nlp.views import views
from dyad.records import Article, Event, Location

# In a meeting the visitor is the actor and the host the recipient (docs/events.md), and official
# visits happen at the host government's seat: a visit, or a meeting of no stated mode, between two
# countries with no place named is placed in the recipient's capital. Phone calls, third-party
# and multilateral meetings are not.
HOST_CAPITAL_EVENTS = {("CONSULT", "visit"), ("CONSULT", None)}
# A dateline, or a capitalised word after "à" that the model did not tag as a place, names a
# country, a region, a city of note or a town of a country the story is about; a small namesake
# abroad is a misread agency code ("APA-") or an institution ("en Conseil des ministres").
NOTABLE_POPULATION = 100_000


class Geocoder:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.cues: PlaceCues = place_cues(lang)
        self.resolver = PlaceResolver(shared_gazetteer(), self.cues.name_prefixes, self.cues.name_suffixes)
        self.documents = DocumentResolver(self.resolver, self.cues.site_words)

    def locate_events(self, events: list[Event], doc: Doc, article: Article, doc_actors: DocActors) -> list[Event]:
        if not events:
            return events
        context = self.article_countries(doc, doc_actors)
        dateline = self.dateline_location(article, context)
        return [e.model_copy(update={"location": self.locate(e, doc, context) or self._host_capital(e) or dateline})
                for e in events]

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

    def locate(self, event: Event, doc: Doc, context: set[str]) -> Location | None:
        trigger = _trigger_token(event, doc)
        if trigger is None:
            return None
        for mention in attached_first(find_places(trigger.sent, self.cues), trigger):
            for text in filter(None, (mention.text, mention.shorter)):
                place = self.resolver.resolve(text, context, region=mention.region)
                if place is None or (not mention.from_model and not _plausible(place, context)):
                    continue
                location = to_location(place, text)
                if location is not None:
                    return location
        return None

    def _host_capital(self, event: Event) -> Location | None:
        if (event.event_type, event.mode) not in HOST_CAPITAL_EVENTS or event.actor.code == event.recipient.code:
            return None
        capital = self.resolver.gazetteer.capital(event.recipient.code)
        return to_location(capital, None) if capital else None

    def dateline_location(self, article: Article, context: Iterable[str]) -> Location | None:
        dateline = find_dateline(article.text)
        if dateline is None:
            return None
        hints = set(context)
        if dateline.country:
            country = self.resolver.resolve(dateline.country)
            if country is not None and country.country:
                hints.add(country.country)
        place = self.resolver.resolve(dateline.place, hints)
        return to_location(place, dateline.place) if place is not None and _plausible(place, hints) else None


def _plausible(place: Place, context: set[str]) -> bool:
    return place.kind != "city" or place.country in context or place.population >= NOTABLE_POPULATION


def _trigger_token(event: Event, doc: Doc) -> Token | None:
    """The trigger's head token, found by its character offsets in the article text."""
    if not event.evidence:
        return None
    evidence = event.evidence[0]
    span: Span | None = doc.char_span(evidence.trigger_start, evidence.trigger_end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None
