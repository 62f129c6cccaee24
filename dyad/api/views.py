"""What each page shows, as plain data: the page renders it, its JSON twin returns it unchanged.

Tables and charts count merged events (one per real-world event, however many articles report
it); the event page lists every mention of one, the article page every record coded from it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode, urlsplit

import duckdb

from dyad.api import queries as dash
from dyad.api.highlight import Span, evidence_segments, segments
from dyad.api.params import EventFilters, Window
from dyad.store import queries as store
from dyad.store.actor_names import own_name, resolve

Row = dict[str, Any]
QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict"}
TOP_DYADS = 12


class NotFound(LookupError):
    """The page's subject is not in the store."""


# --- small shapes shared by the pages ---------------------------------------------------------------

def label(key: str) -> str:
    """A readable name for an actor key: the organisation's acronym, the country's name, or the key."""
    return own_name(key) or key


def side(row: Row, prefix: str) -> Row:
    """The actor or recipient of a store row as one object."""
    return {"key": row[f"{prefix}_key"], "code": row.get(f"{prefix}_code") or row[f"{prefix}_key"].partition(":")[0],
            "sector": row.get(f"{prefix}_sector"), "name": row.get(f"{prefix}_name"), "text": row.get(f"{prefix}_text")}


def key_side(key: str, name: str | None = None) -> Row:
    code, _, org = key.partition(":")
    return {"key": key, "code": code, "sector": None, "name": name or org or None, "text": None}


def merged_row(m: Row) -> Row:
    """A merged event as the event tables show it."""
    return {"id": m["merged_id"], "date": m["date"], "date_precision": m["date_precision"],
            "event_type": m["event_type"], "mode": m["mode"],
            "status": m["status"], "quad_class": m["quad_class"], "intensity": m["intensity"],
            "actor": side(m, "actor"), "recipient": side(m, "recipient"), "place": m["place_name"],
            "country": m["country"], "sentence": m["sentence"], "num_articles": m["num_articles"],
            "num_sources": m["num_sources"]}


def pledge_row(p: Row) -> Row:
    return {"id": p["merged_id"], "state": p["state"], "event_type": p["event_type"],
            "actor": key_side(p["actor_key"], p.get("actor_name")),
            "recipient": key_side(p["recipient_key"], p.get("recipient_name")),
            "contexts": p["contexts"], "announced": p["announced"], "date": p["date"], "deadline": p["deadline"],
            "sentence": p["sentence"], "fulfilled_by": p["fulfilled_by"], "fulfilled_date": p["fulfilled_date"],
            "delay_days": p["delay_days"], "state_label": p["state_label"]}


def web_link(url: str | None) -> str | None:
    """The URL if a browser may follow it from the page: http(s) to a host, never javascript: or data:."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def period_label(day: dt.date, by: str) -> str:
    return {"year": f"{day:%Y}", "month": f"{day:%Y-%m}"}.get(by, day.isoformat())


def labelled(periods: list[Row], by: str) -> list[Row]:
    """The store's periods (every one from the first to the last, zeros included) as the charts
    draw them: a label as precise as the period, and its first day."""
    return [{"period": period_label(p["period"], by), "start": p["period"],
             **{q: p[q] for q in store.COUNTS}, "mean_intensity": p["mean_intensity"]} for p in periods]


def _given_window(window: Window) -> dict[str, str]:
    return {k: v for k, v in (("since", window.since), ("until", window.until)) if v}


# --- pages ------------------------------------------------------------------------------------------------

def overview(con: duckdb.DuckDBPyConnection, filters: EventFilters, by: str, limit: int, offset: int) -> Row:
    given = filters.given()
    summary = store.summary(con)
    matching = store.count_merged(con, **given)
    return {
        "filters": given,
        "download": urlencode(given),
        "by": by,
        "stats": {"events": summary["merged_events"], "records": summary["events"], "articles": summary["articles"],
                  "sources": summary["sources"], "actors": dash.distinct_actors(con), "matching": matching,
                  "first_date": summary["first_article"], "last_date": summary["last_article"]},
        "volume": labelled(dash.volume(con, by, **given), by),
        "dyads": [{"actor": key_side(d["actor_key"]), "recipient": key_side(d["recipient_key"]),
                   "events": d["total"], "q1": d["q1"], "q2": d["q2"], "q3": d["q3"], "q4": d["q4"],
                   "mean_intensity": d["mean_intensity"], "first_date": d["first_date"], "last_date": d["last_date"]}
                  for d in store.dyads(con, limit=TOP_DYADS, **given)],
        "events": [merged_row(m) for m in store.merged_events(con, limit=limit, offset=offset, order="-date", **given)],
        "total": matching,
    }


def _has_actor(con: duckdb.DuckDBPyConnection, who: str) -> bool:
    return store.count_merged(con, actor=who) + store.count_merged(con, recipient=who) > 0


def dyad(con: duckdb.DuckDBPyConnection, actor: str, recipient: str, window: Window, by: str,
         limit: int, offset: int) -> Row:
    """Both directions of one relation: timeline, counts, pledges and the events, newest first."""
    for who in (actor, recipient):
        if not _has_actor(con, who):
            raise NotFound(f"no event has {who!r} as actor or recipient")
    bounds = _given_window(window)
    actor, recipient = resolve(con, "actor", actor), resolve(con, "recipient", recipient)
    rows = store.timeline(con, actor, recipient, by=by, both=True, **bounds)
    directions = []
    for a, b in ((actor, recipient), (recipient, actor)):
        periods = labelled([r for r in rows if r["direction"] == f"{a}->{b}"], by)
        dated = [p for p in periods if p["total"]]
        weight = sum(p["total"] for p in dated)
        directions.append({
            "actor": a, "recipient": b, "label": f"{label(a)} → {label(b)}",
            "events": store.count_merged(con, actor=a, recipient=b, **bounds),
            "mean_intensity": round(sum(p["mean_intensity"] * p["total"] for p in dated) / weight, 2) if weight else None,
            "periods": periods,
        })
    both = [m for a, b in ((actor, recipient), (recipient, actor))
            for m in store.merged_events(con, actor=a, recipient=b, order="-date", limit=offset + limit, **bounds)]
    both.sort(key=lambda m: (m["date"] or dt.date.min, m["merged_id"]), reverse=True)
    pledges = [p for a, b in ((actor, recipient), (recipient, actor)) for p in store.pledges(con, actor=a, recipient=b)]
    return {
        "actor": actor, "recipient": recipient, "labels": [label(actor), label(recipient)], "by": by,
        "filters": bounds,
        "directions": directions,
        "timeline": {"by": by, "forward": directions[0], "backward": directions[1]},
        "pledges": [pledge_row(p) for p in sorted(pledges, key=lambda p: (p["announced"], p["merged_id"]))],
        "events": [merged_row(m) for m in both[offset:offset + limit]],
        "total": directions[0]["events"] + directions[1]["events"],
    }


def _mention(m: Row, actor_text: str | None, recipient_text: str | None) -> Row:
    return {"event_id": m["event_id"], "article_id": m["article_id"], "title": m.get("article_title"),
            "source": m.get("source"), "url": m.get("url"), "link": web_link(m.get("url")),
            "article_date": m.get("article_date"),
            "sentence": m["sentence"], "trigger": m.get("trigger"),
            "segments": evidence_segments(m["sentence"], m["sentence_start"], m.get("trigger_start"),
                                          m.get("trigger_end"), actor_text, recipient_text)}


def _pledge_of(con: duckdb.DuckDBPyConnection, merged: Row) -> Row | None:
    if merged["status"] != "intended":
        return None
    found = store.pledges(con, actor=merged["actor_key"], recipient=merged["recipient_key"], type=merged["event_type"])
    return next((pledge_row(p) for p in found if p["merged_id"] == merged["merged_id"]), None)


def _event_facts(row: Row) -> Row:
    return {"event_type": row["event_type"], "mode": row["mode"], "contexts": row["contexts"] or [],
            "status": row["status"], "quad_class": row["quad_class"], "quad_name": QUAD_NAMES[row["quad_class"]],
            "intensity": row["intensity"], "cameo_root": row["cameo_root"], "date": row["date"],
            "date_precision": row["date_precision"],
            "actor": side(row, "actor"), "recipient": side(row, "recipient"), "place": row["place_name"],
            "country": row["country"], "admin1": row["admin1"], "lat": row["lat"], "lon": row["lon"],
            "confidence": row["confidence"]}


def event(con: duckdb.DuckDBPyConnection, event_id: str) -> Row:
    """A merged event (id `m-...`) with all its mentions, or one record (`article:index`) with its evidence."""
    merged = store.merged_event(con, event_id)
    if merged is not None:
        return {"id": event_id, "kind": "merged", **_event_facts(merged),
                "date_end": merged["date_end"], "first_seen": merged["first_seen"], "last_seen": merged["last_seen"],
                "date_reason": None,
                "num_articles": merged["num_articles"], "num_sources": merged["num_sources"],
                "records": merged["event_ids"], "merged_id": event_id,
                "mentions": [_mention(m, merged["actor_text"], merged["recipient_text"]) for m in merged["mentions"]],
                "pledge": _pledge_of(con, merged)}
    record = store.event(con, event_id)
    if record is None:
        raise NotFound(f"no event {event_id!r}")
    article_info = {"article_id": record["article_id"], "article_title": record["article_title"],
                    "source": record["article_source"], "url": record["article_url"],
                    "article_date": record["article_date"], "event_id": event_id}
    group = record["merged"]
    return {"id": event_id, "kind": "record", **_event_facts(record),
            "date_reason": record["date_reason"],
            "num_articles": group["num_articles"] if group else 1, "num_sources": group["num_sources"] if group else 1,
            "merged_id": record["merged_id"],
            "mentions": [_mention(article_info | ev, record["actor_text"], record["recipient_text"])
                         for ev in record["evidence"]],
            "pledge": _pledge_of(con, group) if group else None}


def article(con: duckdb.DuckDBPyConnection, article_id: str) -> Row:
    """The article's text cut at every trigger of its records, and the records themselves."""
    found = store.article(con, article_id)
    if found is None:
        raise NotFound(f"no article {article_id!r}")
    at: dict[tuple[int, int], list[Row]] = {}
    records = []
    for r in found["events"]:
        summary = {"id": r["event_id"], "merged_id": r["merged_id"], "event_type": r["event_type"], "mode": r["mode"],
                   "status": r["status"], "quad_class": r["quad_class"], "actor": side(r, "actor"),
                   "recipient": side(r, "recipient"), "date": r["date"], "date_precision": r["date_precision"],
                   "place": r["place_name"]}
        records.append(summary)
        for ev in r["evidence"]:
            if ev["trigger_start"] is not None and ev["trigger_end"] is not None:
                at.setdefault((ev["trigger_start"], ev["trigger_end"]), []).append(summary)
    spans = [Span(start, end, "event", tuple(events)) for (start, end), events in sorted(at.items())]
    return {"id": found["id"], "title": found["title"], "date": found["date"],
            "date_precision": found["date_precision"], "source": found["source"],
            "url": found["url"], "link": web_link(found["url"]), "lang": found["lang"], "text": found["text"],
            "segments": [{"text": s["text"], "events": list(s["payload"])} for s in segments(found["text"], spans)],
            "events": records}


def event_map(con: duckdb.DuckDBPyConnection, filters: EventFilters) -> Row:
    """Merged events per place, for the map."""
    given = filters.given()
    locations = []
    for p in dash.places(con, **given):
        quads = [p["q1"], p["q2"], p["q3"], p["q4"]]
        locations.append({"name": p["name"], "country": p["country"], "lat": p["lat"], "lon": p["lon"],
                          "events": p["total"], "q1": quads[0], "q2": quads[1], "q3": quads[2], "q4": quads[3],
                          "dominant_quad": quads.index(max(quads)) + 1})
    return {"filters": given, "locations": locations, "places": len(locations),
            "located": sum(loc["events"] for loc in locations), "matching": store.count_merged(con, **given)}
