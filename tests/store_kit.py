"""Hand-made records for the store tests: exact, deterministic, written for these tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from dyad.ingest.readers import content_hash
from dyad.pipeline import Coded
from dyad.plover import derived_fields
from dyad.records import Actor, Article, Event, Evidence, Location
from dyad.store.connection import reading
from dyad.store.writer import StoreWriter

TABLES = ("articles", "events", "evidence", "merged_events", "merge_members", "mentions", "meta", "schema_version")

GAO = Location(name="Gao", country="MLI", lat=16.27, lon=-0.04, precision="exact")
MENAKA = Location(name="Ménaka", country="MLI", lat=15.92, lon=2.40, precision="exact")
BAMAKO = Location(name="Bamako", country="MLI", lat=12.65, lon=-8.0, precision="exact")
NIAMEY = Location(name="Niamey", country="NER", lat=13.51, lon=2.11, precision="exact")


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def article(article_id: str, published: str, source: str = "Le Quotidien", text: str | None = None) -> Article:
    return Article(id=article_id, text=text or f"Texte de l'article {article_id}.", lang="fr", date=day(published),
                   source=source, title=f"Titre {article_id}")


def event(article_id: str, event_type: str, actor: str, recipient: str, when: str | None, *,
          status: str = "occurred", place: Location | None = None, contexts: tuple[str, ...] = (),
          sentence: str = "Une phrase écrite pour le test.", precision: str = "day", reason: str = "explicit",
          actor_name: str | None = None, confidence: float = 0.7) -> Event:
    trigger = sentence.split()[1] if len(sentence.split()) > 1 else sentence
    start = sentence.index(trigger)
    return Event(
        article_id=article_id, event_type=event_type, status=status, contexts=list(contexts),
        actor=Actor(text=actor.lower(), code=actor, sector="GOV", name=actor_name),
        recipient=Actor(text=recipient.lower(), code=recipient, sector="GOV" if recipient != "-" else None),
        date=day(when) if when else None, date_precision=precision if when else None,
        date_reason=reason if when else None, location=place,
        evidence=[Evidence(sentence=sentence, sentence_start=0, trigger=trigger, trigger_start=start,
                           trigger_end=start + len(trigger))],
        confidence=confidence, **derived_fields(event_type))


def coded(art: Article, *events: Event) -> tuple[Coded, str]:
    return Coded(art, list(events)), content_hash(art)


def write(path: Path, *batches: list[tuple[Coded, str]]) -> None:
    writer = StoreWriter(path)
    for batch in batches:
        writer.write(batch)


def snapshot(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted: equal snapshots mean identical stores."""
    with reading(path) as con:
        return {table: sorted(con.execute(f"SELECT * FROM {table}").fetchall(), key=repr) for table in TABLES}


# A small world: Russia and Mali over a few weeks, reported by several outlets.
A1 = article("a1", "2023-02-07", "Agence A")
A2 = article("a2", "2023-02-08", "Journal B")
A3 = article("a3", "2023-02-20", "Agence A")
A4 = article("a4", "2023-06-15", "Radio C")

VISIT = "Le ministre russe est arrivé à Bamako pour des entretiens."
PROMISE = "Moscou promet du blé et des engrais au Mali."
DELIVERY = "Un navire russe a livré du blé au port de Dakar pour le Mali."


def world() -> list[tuple[Coded, str]]:
    return [
        coded(A1, event("a1", "CONSULT", "RUS", "MLI", "2023-02-07", place=BAMAKO, sentence=VISIT, actor_name="Lavrov"),
              event("a1", "AID", "RUS", "MLI", "2023-02-07", status="intended", contexts=("humanitarian",),
                    sentence=PROMISE),
              event("a1", "SUPPORT", "MLI", "RUS", "2023-02-07", sentence="Le Mali soutient la Russie.")),
        coded(A2, event("a2", "CONSULT", "RUS", "MLI", "2023-02-07", place=BAMAKO, sentence=VISIT),
              event("a2", "ASSAULT", "ISM", "MLI", "2023-02-06", place=GAO, sentence="Des jihadistes attaquent Gao.")),
        coded(A3, event("a3", "ASSAULT", "ISM", "MLI", "2023-02-19", place=MENAKA,
                        sentence="Des jihadistes attaquent Ménaka.")),
        coded(A4, event("a4", "AID", "RUS", "MLI", "2023-06-14", contexts=("humanitarian", "economic"),
                        sentence=DELIVERY)),
    ]
