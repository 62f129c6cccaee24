"""A labeller's line (quotes) -> a label line (offsets), with every problem that stops it."""

from __future__ import annotations

from pydantic import ValidationError
from quotes import locate

from dyad.labels import LabelledArticle, find_source, labelled_document, problems, source_row

# Sources a labeller may be given for training labels; the test bed only for the blind dev check.
TRAINING_SOURCES = ("pool_fr", "pool_en", "geowebnews", "india_police")


def convert(raw: dict, labeller: str, allow_corpus: bool = False) -> tuple[LabelledArticle | None, list[str]]:
    article_id = str(raw.get("id"))
    sources = TRAINING_SOURCES + (("corpus",) if allow_corpus else ())
    source = find_source(article_id, sources)
    if source is None:
        return None, [f"{article_id}: unknown article id"]
    row = source_row(source, article_id)
    document = labelled_document(row)
    found: list[str] = []
    events = []
    for number, event in enumerate(raw.get("events") or []):
        where = f"{article_id} event {number} ({event.get('event_type')})"
        converted = _event(event, document, where, found)
        if converted is not None:
            events.append(converted)
    try:
        article = LabelledArticle(id=article_id, source=source, lang=row.get("lang") or "en", labeller=labeller,
                                  events=events, notes=str(raw.get("notes") or ""))
    except ValidationError as error:
        return None, found + [f"{article_id}: {_first_error(error)}"]
    return article, found + problems(article)


def _event(event: dict, document: str, where: str, found: list[str]) -> dict | None:
    evidence = locate(str(event.get("evidence") or ""), document)
    if evidence is None:
        found.append(f"{where}: evidence not found verbatim: {str(event.get('evidence'))[:80]!r}")
        return None
    trigger = locate(str(event.get("trigger") or ""), document, within=evidence)
    if trigger is None or not (evidence[0] <= trigger[0] and trigger[1] <= evidence[1]):
        found.append(f"{where}: trigger {event.get('trigger')!r} not found inside its evidence")
        return None
    parties = {}
    for role in ("actor", "recipient"):
        party = _party(event.get(role), document, evidence, f"{where} {role}", found)
        if party is None:
            return None
        parties[role] = party
    location = event.get("location")
    if isinstance(location, str):
        location = {"name": location}
    counts = event.get("counts") or None
    fields = {key: event.get(key) for key in ("event_type", "mode", "status", "date", "date_precision")}
    fields |= {"contexts": event.get("contexts") or [], "location": location or None, "counts": counts,
               "trigger": trigger, "evidence": evidence, **parties}
    try:
        from dyad.labels import LabelEvent
        return LabelEvent(**fields).model_dump(exclude_defaults=False)
    except ValidationError as error:
        found.append(f"{where}: {_first_error(error)}")
        return None


def _party(raw: dict | None, document: str, evidence: tuple[int, int], where: str, found: list[str]) -> dict | None:
    if not isinstance(raw, dict) or not raw.get("code"):
        found.append(f"{where}: needs at least a code ('-' for none)")
        return None
    party = {key: raw.get(key) for key in ("code", "sector", "name")}
    if party["code"] == "-":
        return {"code": "-"}
    quote = raw.get("text")
    if raw.get("implicit") or not quote:
        return party | {"implicit": True}
    span = locate(str(quote), document, within=evidence)
    if span is None:
        found.append(f"{where}: text {quote!r} not found verbatim")
        return None
    return party | {"span": span}


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    return f"{'.'.join(map(str, first['loc']))}: {first['msg']}"
