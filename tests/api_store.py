"""A small store for the API and browser tests (and the screenshots), built from Events written
here by hand: our own example sentences, so every figure a test asserts is known in advance.

The Russia-Mali relation runs through it in both directions (a visit reported by two outlets,
deliveries, a promise of wheat later kept, mutual agreement, support), with ECOWAS, France and an
armed group around it, and one article whose title, text and actor carry script payloads.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from dyad.ingest.readers import content_hash
from dyad.pipeline import Coded
from dyad.plover import derived_fields
from dyad.records import Actor, Article, Event, Evidence, Location
from dyad.store.writer import StoreWriter

XSS_TITLE = "Coup <script>window.__dyad_xss = 'title'</script> d'Etat <img src=x onerror=\"window.__dyad_xss='img'\">"
XSS_TEXT = ("Des soldats <script>window.__dyad_xss = 'text'</script> ont arrêté le président à Niamey. "
            "<img src=x onerror=\"window.__dyad_xss='onerror'\"> La CEDEAO a condamné le coup.")
XSS_ACTOR = "Des soldats <b onmouseover=\"window.__dyad_xss='actor'\">"

PLACES = {
    "Bamako": Location(name="Bamako", country="MLI", lat=12.65, lon=-8.0, precision="exact"),
    "Gao": Location(name="Gao", country="MLI", lat=16.27, lon=-0.04, precision="exact"),
    "Ménaka": Location(name="Ménaka", country="MLI", lat=15.92, lon=2.4, precision="exact"),
    "Niamey": Location(name="Niamey", country="NER", lat=13.51, lon=2.11, precision="exact"),
    "Moscou": Location(name="Moscou", country="RUS", lat=55.75, lon=37.62, precision="exact"),
    "Paris": Location(name="Paris", country="FRA", lat=48.85, lon=2.35, precision="exact"),
    "Accra": Location(name="Accra", country="GHA", lat=5.56, lon=-0.2, precision="exact"),
}


def actor(code: str, sector: str | None = None, name: str | None = None, text: str = "") -> Actor:
    return Actor(code=code, sector=sector, name=name, text=text)


@dataclass
class Story:
    """One article and the events coded from it; triggers are located in the text by search."""

    article: Article
    events: list[Event] = field(default_factory=list)

    def event(self, event_type: str, who: Actor, whom: Actor, trigger: str, *, status: str = "occurred",
              mode: str | None = None, place: str | None = None, day: dt.date | None = None,
              contexts: tuple[str, ...] = ()) -> Story:
        text = self.article.text
        start = text.index(trigger)
        previous = text.rfind(". ", 0, start)
        sentence_start = previous + 2 if previous >= 0 else 0
        end_dot = text.find(". ", start)
        sentence = text[sentence_start:end_dot + 1 if end_dot >= 0 else len(text)]
        self.events.append(Event(
            article_id=self.article.id, event_type=event_type, mode=mode, status=status, actor=who, recipient=whom,
            contexts=list(contexts), date=day or self.article.date, date_precision="day", date_reason="publication",
            location=PLACES[place] if place else None, confidence=0.8,
            evidence=[Evidence(sentence=sentence, sentence_start=sentence_start, trigger=trigger,
                               trigger_start=start, trigger_end=start + len(trigger))],
            **derived_fields(event_type)))
        return self


def story(article_id: str, day: str, title: str, text: str, source: str = "Agence Exemple", lang: str = "fr") -> Story:
    return Story(Article(id=article_id, text=text, lang=lang, title=title, date=dt.date.fromisoformat(day),
                         date_precision="day", source=source, url=f"https://example.org/{article_id}"))


RUS_GOV = actor("RUS", "GOV", text="La Russie")
MLI_GOV = actor("MLI", "GOV", text="le Mali")


def stories() -> list[Story]:
    lavrov = actor("RUS", "GOV", "Lavrov", "Sergueï Lavrov")
    diop = actor("MLI", "GOV", "Diop", "Abdoulaye Diop")
    ecowas = actor("IGO", None, "ECOWAS", "La CEDEAO")
    fra = actor("FRA", "GOV", text="Paris")
    isgs = actor("ISM", "REB", "ISGS", "L'Etat islamique au Sahel")
    fama = actor("MLI", "MIL", text="l'armée malienne")
    return [
        story("ex-sanctions", "2022-01-10", "La CEDEAO sanctionne le Mali",
              "La CEDEAO a imposé des sanctions économiques au Mali dimanche à Accra. Le gouvernement malien a dénoncé "
              "des mesures illégales.")
        .event("SANCTION", ecowas, MLI_GOV, "imposé des sanctions", place="Accra", contexts=("economic",))
        .event("ACCUSE", actor("MLI", "GOV", text="Le gouvernement malien"), ecowas, "dénoncé", place="Bamako"),
        story("ex-ambassador", "2022-01-31", "Bamako expels the French ambassador",
              "The Malian government expelled the French ambassador on Monday. Paris condemned the decision.",
              source="Example Wire", lang="en")
        .event("SANCTION", MLI_GOV, fra, "expelled", place="Bamako", contexts=("diplomatic",))
        .event("ACCUSE", fra, MLI_GOV, "condemned", place="Paris"),
        story("ex-helicopters", "2022-03-31", "Des hélicoptères russes livrés à Bamako",
              "La Russie a livré des hélicoptères de combat à l'armée malienne jeudi à Bamako. Le Mali a remercié "
              "Moscou pour ce soutien.")
        .event("AID", RUS_GOV, fama, "a livré", place="Bamako", contexts=("military",))
        .event("SUPPORT", MLI_GOV, RUS_GOV, "a remercié", place="Bamako"),
        story("ex-protest", "2022-05-14", "Manifestation à Bamako contre la France",
              "Des milliers de manifestants ont défilé à Bamako contre la présence française. Ils ont salué l'amitié "
              "avec la Russie.")
        .event("PROTEST", actor("MLI", "CVL", text="Des milliers de manifestants"), fra, "ont défilé", place="Bamako")
        .event("SUPPORT", actor("MLI", "CVL", text="Ils"), RUS_GOV, "ont salué", place="Bamako"),
        story("ex-menaka", "2022-06-20", "Attaque près de Ménaka",
              "L'Etat islamique au Sahel a attaqué un camp de l'armée malienne près de Ménaka. Le gouvernement "
              "malien a condamné l'attaque.")
        .event("ASSAULT", isgs, fama, "a attaqué", place="Ménaka")
        .event("ACCUSE", actor("MLI", "GOV", text="Le gouvernement malien"), isgs, "a condamné", place="Bamako"),
        story("ex-gao", "2022-09-05", "Attaque à Gao",
              "L'Etat islamique au Sahel a attaqué un convoi près de Gao lundi.", source="Journal Exemple")
        .event("ASSAULT", isgs, fama, "a attaqué", place="Gao"),
        story("ex-wheat-promise", "2022-11-08", "Moscou promet du blé au Mali",
              "La Russie a promis de livrer du blé et des engrais au Mali. Les deux pays ont convenu d'élargir leur "
              "coopération.")
        .event("AID", RUS_GOV, MLI_GOV, "promis de livrer", status="intended", place="Moscou",
               contexts=("humanitarian",))
        .event("AGREE", RUS_GOV, MLI_GOV, "ont convenu", place="Moscou")
        .event("AGREE", MLI_GOV, RUS_GOV, "ont convenu", place="Moscou"),
        story("ex-lavrov-a", "2023-02-07", "Lavrov en visite à Bamako",
              "Sergueï Lavrov est arrivé à Bamako pour une visite officielle. Il a rencontré Abdoulaye Diop mardi.")
        .event("CONSULT", lavrov, diop, "a rencontré", mode="visit", place="Bamako"),
        story("ex-lavrov-b", "2023-02-07", "Sergueï Lavrov reçu par Abdoulaye Diop",
              "Le chef de la diplomatie russe Sergueï Lavrov a été reçu à Bamako. Sergueï Lavrov a rencontré son "
              "homologue Abdoulaye Diop.", source="Journal Exemple")
        .event("CONSULT", lavrov, diop, "a rencontré", mode="visit", place="Bamako"),
        story("ex-wheat-delivered", "2023-03-15", "Le blé russe arrive au Mali",
              "La Russie a livré 25 000 tonnes de blé au Mali selon le gouvernement. Le Mali a salué ce geste.")
        .event("AID", RUS_GOV, MLI_GOV, "a livré", place="Bamako", contexts=("humanitarian",))
        .event("SUPPORT", MLI_GOV, RUS_GOV, "a salué", place="Bamako"),
        story("ex-un", "2023-06-16", "Mali asks the UN mission to leave",
              "Mali asked the UN mission to leave the country without delay. Russia backed the request in New York.",
              source="Example Wire", lang="en")
        .event("REQUEST", actor("MLI", "GOV", text="Mali"), actor("UNO", None, "MINUSMA", "the UN mission"),
               "asked", mode="yield", place="Bamako")
        .event("SUPPORT", actor("RUS", "GOV", text="Russia"), actor("MLI", "GOV", text="the request"), "backed"),
        story("ex-xss", "2023-07-27", XSS_TITLE, XSS_TEXT)
        .event("COERCE", actor("NER", "MIL", text=XSS_ACTOR), actor("NER", "GOV", text="le président"),
               "ont arrêté", mode="arrest", place="Niamey")
        .event("ACCUSE", ecowas, actor("NER", "MIL", text="le coup"), "a condamné", place="Niamey"),
    ]


def build_store(path: Path) -> Path:
    """Write the example stories to a fresh store at `path` through the store's own writer."""
    writer = StoreWriter(path)
    coded = [Coded(article=s.article, events=s.events) for s in stories()]
    writer.write([(c, content_hash(c.article)) for c in coded])
    return path


class ServerThread:
    """The real app served by uvicorn on 127.0.0.1 and a free port, in a background thread."""

    def __init__(self, db: Path) -> None:
        import uvicorn

        from dyad.api import create_app

        # Bound here and handed to uvicorn, so no other process can take the port in between.
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(create_app(db), log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()
