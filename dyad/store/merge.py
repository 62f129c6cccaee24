"""One event from many reports, and pledges followed to their fulfilment.

Merging: records merge only within a block (same actor, type, recipient and status). Inside a
block, records are taken in date order and each joins the closest existing cluster whose every
member is compatible with it (complete linkage, so a chain of near dates cannot stretch a cluster
over weeks), else starts a new one. Compatible means: from different articles (the coder already
folds repeated reports within one article into one record, so two records of one article are two
events), dates within the window of the type's quad class, evidence sentences that share some
content words (names, places, the thing done), and, for material conflict, places that do not
contradict each other (different countries, or cities farther apart than `max_km`). The result
depends only on the set of records in the block, never on the order they were ingested in. Records
the text dates to the day are clustered first, so a precise report anchors an event and the vaguer
reports (undated, or dated by their publication) attach to the nearest one instead of chaining
events.

Which event: a record that refers to an event as already known is one more report of it, not a new
event. It refers when its text dates it to a day more than a week before publication ("le coup
d'État du 26 juillet", in an October article: a dated reference); or when it names it as a known
thing ("le coup d'État", "the coup": a definite article before its trigger) and its day is a recent
one, most often that of the clause that recalls it ("le ministre a condamné lundi le coup
d'État"): it refers to an event on or before that day; or when its text gives it no date of its
own and names it as known or marks it as a reminder (the dater's `reminder`). References come after all
other records, and each joins, of the events of its block that lie in the days it refers to (its
own day, else the year before its publication) and share words with one of their reports, the one
reported around the reference's own date if there is one, else the one most articles report. A
dated reference that finds none starts an event that later references can join. Any other
reference joins, by the rules of reports, the other references that found none; it never
constrains an event it joins: the dates, places and words of the reports that make the event
decide what else joins it.

Pledges: an `intended` merged event is fulfilled by the earliest later `occurred` merged event of
the same actor, type and recipient, sharing a context where both name contexts, reported in other
articles, within the type's window; past the window it has lapsed; otherwise it is pending.
Windows live in dyad/data/merge.yaml with their justification.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

from dyad.vocabulary import COUNT_KEYS

Row = dict[str, Any]
ALGORITHM = 5  # bump when the clustering or a merged event's fields change, so stores re-merge
PLACE_RANK = {"exact": 4, "town": 3, "region": 2, "country": 1}
TOWN_PRECISIONS = ("exact", "town")  # places a distance can compare
WORD = re.compile(r"[^\W\d_]+")
# A word as it ends just before a trigger: "l'" of "l'attaque" keeps its apostrophe.
LAST_WORD = re.compile(r"([^\W\d_]+['’]?)\W*$")
# Date reasons that say the record's own words dated it (dyad/when): its clause, or a dated mention of
# its event noun elsewhere in the text ("le coup d'État du 26 juillet").
OWN_DATE_REASONS = frozenset({"explicit", "relative", "mention"})
# Date reasons that date a record from something else than its own words.
BORROWED_DATE_REASONS = ("publication", "story", "dateline", "reminder")


def _stop_words() -> frozenset[str]:
    """Words that say nothing about which event a sentence reports, in every language we read
    (spaCy's French and English lists, copied into dyad/data/stop_words.txt)."""
    lines = resources.files("dyad.data").joinpath("stop_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


STOP_WORDS = _stop_words()


@dataclass(frozen=True)
class MergeRules:
    window_days: dict[int, int]
    undated_slack_days: int
    max_km: float
    place_quads: frozenset[int] = frozenset({4})
    min_word_overlap: float = 0.0
    reference_days: int = 366
    reference_after_days: int = 7
    known_markers: frozenset[str] = frozenset()

    def fingerprint(self) -> str:
        """Changes whenever the rules (or the algorithm's version) do, so a store merged under
        other rules is re-merged."""
        text = json.dumps([ALGORITHM, sorted(self.window_days.items()), self.undated_slack_days, self.max_km,
                           sorted(self.place_quads), self.min_word_overlap, self.reference_days,
                           self.reference_after_days, sorted(self.known_markers)])
        return hashlib.sha1(text.encode()).hexdigest()[:12]


@dataclass(frozen=True)
class PledgeRules:
    windows: dict[str, int]


def _config() -> dict[str, Any]:
    return yaml.safe_load(resources.files("dyad.data").joinpath("merge.yaml").read_text(encoding="utf-8"))


def load_merge_rules() -> MergeRules:
    merge = _config()["merge"]
    return MergeRules({int(k): int(v) for k, v in merge["window_days"].items()},
                      int(merge["undated_slack_days"]), float(merge["max_km"]),
                      frozenset(int(q) for q in merge["place_quads"]), float(merge["min_word_overlap"]),
                      int(merge["references"]["days"]), int(merge["references"]["after_days"]),
                      frozenset(word.replace("’", "'") for word in merge["references"]["known_markers"]))


def load_pledge_rules() -> PledgeRules:
    return PledgeRules({str(k): int(v) for k, v in _config()["pledges"]["windows"].items()})


def block_of(actor_key: str, event_type: str, recipient_key: str, status: str) -> str:
    """The merge block of a record: only records of one block can be one event."""
    return "|".join((actor_key, event_type, recipient_key, status))


# --- compatibility ------------------------------------------------------------------------------------

def span(record: Row, rules: MergeRules) -> tuple[dt.date, dt.date] | None:
    """The days the record's event may have happened on, from its date and that date's precision;
    an undated record (or one dated only by its publication) happened shortly before publication."""
    day: dt.date | None = record.get("date")
    if day is not None and not (record.get("date_reason") or "").startswith("publication"):
        precision = record.get("date_precision") or "day"
        if precision == "month":
            return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])
        if precision == "year":
            return dt.date(day.year, 1, 1), dt.date(day.year, 12, 31)
        return day, day
    published: dt.date | None = record.get("article_date") or day
    if published is None:
        return None
    return published - dt.timedelta(days=rules.undated_slack_days), published


def gap_days(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> int:
    """Days between two spans (0 if they overlap or either is unknown)."""
    if a is None or b is None:
        return 0
    return max(0, (max(a[0], b[0]) - min(a[1], b[1])).days)


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def places_compatible(a: Row, b: Row, rules: MergeRules) -> bool:
    if a.get("country") and b.get("country") and a["country"] != b["country"]:
        return False
    if a.get("place_precision") not in TOWN_PRECISIONS or b.get("place_precision") not in TOWN_PRECISIONS:
        return True
    if None not in (a.get("lat"), a.get("lon"), b.get("lat"), b.get("lon")):
        return km_between(a["lat"], a["lon"], b["lat"], b["lon"]) <= rules.max_km
    return (a.get("place_name") or "").casefold() == (b.get("place_name") or "").casefold()


def compatible(a: Row, b: Row, rules: MergeRules) -> bool:
    """Can records a and b (of one block) report the same event?"""
    if a["article_id"] == b["article_id"]:
        return False
    quad = int(a["quad_class"])
    if gap_days(span(a, rules), span(b, rules)) > rules.window_days[quad]:
        return False
    if quad in rules.place_quads and not places_compatible(a, b, rules):
        return False
    return word_overlap(evidence_words(a), evidence_words(b)) >= rules.min_word_overlap


def evidence_words(record: Row) -> frozenset[str]:
    """Content words of a record's evidence sentences (kept on the record once computed)."""
    if "words" not in record:
        text = " ".join(ev["sentence"] for ev in record.get("evidence", []))
        record["words"] = frozenset(w for w in (m.lower() for m in WORD.findall(text))
                                    if len(w) > 3 and w not in STOP_WORDS)
    return record["words"]


def own_day(record: Row) -> bool:
    """Did the record's own clause date it to the day (not its publication, story or dateline)?"""
    reason = record.get("date_reason") or ""
    return (record.get("date") is not None and (record.get("date_precision") or "day") == "day"
            and not reason.startswith(BORROWED_DATE_REASONS))


def referred_days(record: Row, rules: MergeRules) -> tuple[int, int] | None:
    """Where the record refers to an event as already known, the days that event may lie in (day
    numbers); None where it reports an event of its own (module docstring)."""
    published: dt.date | None = record.get("article_date")
    if "referred" not in record:
        record["referred"] = None
        if published is not None and own_day(record):
            if (published - record["date"]).days > rules.reference_after_days:
                record["referred"] = (record["date"].toordinal(), record["date"].toordinal())
            elif named_as_known(record, rules):
                record["referred"] = (record["date"].toordinal() - rules.reference_days, record["date"].toordinal())
        elif published is not None and (record.get("date") is None or not own_date(record)):
            if record.get("date_reason") == "reminder" or named_as_known(record, rules):
                record["referred"] = (published.toordinal() - rules.reference_days, published.toordinal())
    return record["referred"]


def own_date(record: Row) -> bool:
    """Did the record's own clause date it, to any precision? A month or a year of its own ("fin
    juillet") keeps it a report of that time, merged by the rules of reports."""
    return record.get("date") is not None and (record.get("date_reason") or "") in OWN_DATE_REASONS


def rides_along(record: Row, rules: MergeRules) -> bool:
    """A reference without a day of its own: it joins an event but never shapes one."""
    return referred_days(record, rules) is not None and not own_day(record)


def named_as_known(record: Row, rules: MergeRules) -> bool:
    """Is the record's first trigger named with a definite article ("le coup d'État", "the coup")?"""
    evidence = (record.get("evidence") or [{}])[0]
    if evidence.get("trigger_start") is None or evidence.get("sentence_start") is None:
        return False
    before = evidence["sentence"][:max(0, evidence["trigger_start"] - evidence["sentence_start"])]
    word = LAST_WORD.search(before)
    return word is not None and word.group(1).lower().replace("’", "'") in rules.known_markers


def reach_of(record: Row, rules: MergeRules) -> tuple[int, int]:
    """The days whose events the record may join: its span, and for a reference the days it refers to."""
    days = days_of(record, rules)
    referred = referred_days(record, rules)
    if referred is None or days == ANY_DAY:
        return days
    return min(days[0], referred[0]), max(days[1], referred[1])


def word_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Shared words over the smaller set; 1.0 where a side has no evidence to compare."""
    if not a or not b:
        return 1.0
    return len(a & b) / min(len(a), len(b))


# --- clustering ---------------------------------------------------------------------------------------

def dated_by_text(record: Row) -> bool:
    """Did the text give this record a day of its own (not a month, a year or the publication)?"""
    return (record.get("date") is not None and (record.get("date_precision") or "day") == "day"
            and not (record.get("date_reason") or "").startswith("publication"))


def _order(record: Row, rules: MergeRules) -> tuple:
    """Records the text dates to the day seed the clusters; vaguer ones then join the nearest; the
    references to known events come last, onto the events the others made."""
    when = span(record, rules)
    return (referred_days(record, rules) is not None, not dated_by_text(record), when[0] if when else dt.date.max,
            record.get("article_date") or dt.date.max, record["article_id"], record["idx"])


# A record without any date may be any day: its span covers every day there is.
ANY_DAY = (-(10**9), 10**9)


def days_of(record: Row, rules: MergeRules) -> tuple[int, int]:
    """The record's span as day numbers (kept on the record once computed)."""
    if "days" not in record:
        when = span(record, rules)
        record["days"] = (when[0].toordinal(), when[1].toordinal()) if when else ANY_DAY
    return record["days"]


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def _widened(days: tuple[int, int], window: int) -> range:
    return range(days[0] - window, days[1] + window + 1)


class _Cluster:
    """A cluster as the pass builds it, with the bounds that decide at once whether every member is
    within a record's date window: the latest start and the earliest end of its members' spans. A
    cluster whose first member the pass was not given is only carried along, never a candidate."""

    def __init__(self, cluster_id: str, index: int, record: Row, days: tuple[int, int], *, candidate: bool,
                 reference: bool = False) -> None:
        self.id = cluster_id
        self.index = index
        self.candidate = candidate
        self.members = [record]
        self.articles = {record["article_id"]}
        # The reports that make the event (references ride along): their articles, and their bounds.
        self.anchors: list[Row] = [] if reference else [record]
        self.anchor_articles = set() if reference else {record["article_id"]}
        self.latest_start, self.earliest_end = days

    def add(self, record: Row, days: tuple[int, int], *, reference: bool = False) -> None:
        self.members.append(record)
        self.articles.add(record["article_id"])
        if reference:
            return
        self.anchors.append(record)
        self.anchor_articles.add(record["article_id"])
        self.latest_start = max(self.latest_start, days[0])
        self.earliest_end = min(self.earliest_end, days[1])


class _Clustering:
    """The clusters of one block, in the order they were made, found by the days their first
    member covers (every member of a cluster a record may join is within its window, the first too)."""

    def __init__(self, rules: MergeRules, window: int) -> None:
        self.rules = rules
        self.window = window
        self.clusters: list[_Cluster] = []
        self.by_id: dict[str, _Cluster] = {}
        self._by_day: dict[int, list[_Cluster]] = {}
        self._any_day: list[_Cluster] = []
        # Clusters of references that found no known event: other such references may join them.
        self._orphans: list[_Cluster] = []

    def join(self, record: Row, cluster_id: str, *, candidate: bool = True) -> _Cluster:
        """Put the record in the cluster of that id, made with it as first member if there is none."""
        days = days_of(record, self.rules)
        passenger = rides_along(record, self.rules)
        cluster = self.by_id.get(cluster_id)
        if cluster is not None:
            cluster.add(record, days, reference=passenger)
            return cluster
        cluster = _Cluster(cluster_id, len(self.clusters), record, days, candidate=candidate and not passenger,
                           reference=passenger)
        self.clusters.append(cluster)
        self.by_id[cluster_id] = cluster
        if candidate and passenger:
            self._orphans.append(cluster)
        if not cluster.candidate:
            return cluster
        if days == ANY_DAY:
            self._any_day.append(cluster)
        else:
            for day in range(days[0], days[1] + 1):
                self._by_day.setdefault(day, []).append(cluster)
        return cluster

    def _near(self, days: tuple[int, int]) -> list[_Cluster]:
        if days == ANY_DAY:
            return [c for c in self.clusters if c.candidate]
        found = {c.index: c for day in _widened(days, self.window) for c in self._by_day.get(day, ())}
        found.update((c.index, c) for c in self._any_day)
        return [found[index] for index in sorted(found)]

    def best(self, record: Row) -> _Cluster | None:
        """The cluster the record joins: a reference's is the event it refers to, else (for one
        without a day of its own) one of the references that found none, by `best_new`."""
        referred = referred_days(record, self.rules)
        if referred is None:
            return self.best_new(record)
        found = self.best_known(record, referred)
        if found is None and rides_along(record, self.rules):
            found = self.best_new(record, self._orphans)
        return found

    def best_known(self, record: Row, referred: tuple[int, int]) -> _Cluster | None:
        """The event a reference refers to: of those in the days it refers to that share words with
        one of their reports, the nearest reported around the reference's own date, else the one
        most articles report, the latest on ties (then the earliest made); None if none fits."""
        days = days_of(record, self.rules)
        words = evidence_words(record)
        best, best_key = None, None
        # Dates are off by up to the window either way; what a reminder recalls came before publication.
        after = 0 if record.get("date_reason") == "reminder" else self.window
        for cluster in self._near(referred):
            if (not cluster.anchors or record["article_id"] in cluster.articles
                    or cluster.latest_start - referred[1] > after or referred[0] - cluster.earliest_end > self.window):
                continue
            if not any(word_overlap(words, evidence_words(anchor)) >= self.rules.min_word_overlap
                       for anchor in cluster.anchors):
                continue
            bounds = (min(cluster.earliest_end, cluster.latest_start), max(cluster.earliest_end, cluster.latest_start))
            gap = _gap(days, bounds)
            # Around its own date, the nearest (as a report would); else the most reported, the latest.
            key = ((0, gap, 0, cluster.index) if gap <= self.window
                   else (1, -len(cluster.anchor_articles), -cluster.latest_start, cluster.index))
            if best_key is None or key < best_key:
                best, best_key = cluster, key
        return best

    def best_new(self, record: Row, among: list[_Cluster] | None = None) -> _Cluster | None:
        """The cluster a report joins: of those (near it, or `among` these) whose every member is
        compatible with it, the nearest in days, the earliest made on ties; None if it starts its own."""
        days = days_of(record, self.rules)
        best, best_gap = None, None
        for cluster in self._near(days) if among is None else among:
            if among is None and (cluster.latest_start - days[1] > self.window
                                  or days[0] - cluster.earliest_end > self.window):
                continue
            if among is not None and any(_gap(days, days_of(m, self.rules)) > self.window for m in cluster.members):
                continue  # references keep no bounds: each member's days
            if record["article_id"] in cluster.articles:
                continue
            if not all(compatible(record, member, self.rules) for member in cluster.members):
                continue
            gap = min(_gap(days, days_of(member, self.rules)) for member in cluster.members)
            if best_gap is None or gap < best_gap:
                best, best_gap = cluster, gap
        return best


class _Changes:
    """Where the new pass may differ from the previous one: the clusters that changed, and the days
    (spans widened by the window) of every member, before and now, of those clusters. `needed`
    gathers those days and the widened spans of every record decided again: the days whose records
    the pass must have been given (None: all days)."""

    def __init__(self, rules: MergeRules, window: int, before: dict[str, list[Row]]) -> None:
        self.rules = rules
        self.window = window
        self.before = before
        self.changed: set[str] = set()
        self._days: set[int] = set()
        self._everywhere = False
        self.needed: set[int] | None = set()

    def near(self, record: Row) -> bool:
        days = reach_of(record, self.rules)
        if self._everywhere or (days == ANY_DAY and self._days):
            return True
        return days != ANY_DAY and any(day in self._days for day in range(days[0], days[1] + 1))

    def add(self, record: Row) -> None:
        days = days_of(record, self.rules)
        if days == ANY_DAY:
            self._everywhere = True
            self.needed = None
        else:
            self._days.update(_widened(days, self.window))
        self.rely_on(record)

    def rely_on(self, record: Row) -> None:
        days = reach_of(record, self.rules)
        if days == ANY_DAY:
            self.needed = None
        elif self.needed is not None:
            self.needed.update(_widened(days, self.window))

    def cluster_changed(self, cluster_id: str, now: _Cluster | None) -> None:
        if cluster_id in self.changed:
            return
        self.changed.add(cluster_id)
        for member in self.before.get(cluster_id, []) + (now.members if now else []):
            self.add(member)


@dataclass
class Reclustered:
    """A block's partition after a pass: `clusters` by merged id, in the order they were made;
    `changed`, the ids of the clusters (before or now) whose members may differ from before; `needed`,
    the days whose records the pass relied on (None: all days)."""

    clusters: dict[str, list[Row]]
    changed: set[str]
    needed: set[int] | None


def recluster(records: Iterable[Row], rules: MergeRules, before: dict[str, str] | None = None,
              gone: Iterable[Row] = ()) -> Reclustered:
    """Partition one block's records into events, given its previous partition: `before` maps each
    record kept from it to its merged id, `gone` holds its records since deleted (each with its
    `merged_id`). Only the records whose choice may differ are decided again: the new ones, and
    those within a window of a member of a cluster that changed; every other record joins the
    cluster it was in. The partition is the one a pass over all the records gives, provided every
    stored record whose span meets `needed` was among `records` (so a caller may give only the
    records near the change, and give more if `needed` asks for more)."""
    records = sorted(records, key=lambda r: _order(r, rules))
    gone = list(gone)
    before = before or {}
    window = rules.window_days[int(records[0]["quad_class"])] if records else 0
    members_before: dict[str, list[Row]] = {}
    for record in [*(r for r in records if r["event_id"] in before), *gone]:
        members_before.setdefault(before.get(record["event_id"]) or record["merged_id"], []).append(record)
    state = _Clustering(rules, window)
    changes = _Changes(rules, window, members_before)
    for record in gone:
        changes.cluster_changed(record["merged_id"], None)
    for record in records:
        was = before.get(record["event_id"])
        if was is not None and was not in changes.changed and not changes.near(record):
            # Its cluster is as before; the first member may lie outside the records given.
            state.join(record, was, candidate=was == merged_id(record["event_id"]) or was in state.by_id)
            continue
        changes.rely_on(record)
        target = state.best(record)
        now = target.id if target else merged_id(record["event_id"])
        cluster = state.join(record, now)
        if was != now:
            changes.cluster_changed(now, cluster)
            if was is not None:
                changes.cluster_changed(was, state.by_id.get(was))
        if now in changes.changed:
            changes.add(record)
    return Reclustered({c.id: c.members for c in state.clusters}, changes.changed, changes.needed)


def cluster_block(records: Iterable[Row], rules: MergeRules) -> list[list[Row]]:
    """Partition one block's records into events (see module docstring); deterministic."""
    return list(recluster(records, rules).clusters.values())


def _most_common(values: Iterable[Any]) -> Any:
    counts = Counter(v for v in values if v not in (None, ""))
    if not counts:
        return None
    return min(counts.items(), key=lambda item: (-item[1], str(item[0])))[0]


def merged_counts(members: list[Row]) -> Row:
    """Each count of a merged event: the largest its reports give, with that report's precision
    (later reports of an attack raise its toll; none lowers it)."""
    columns: Row = {}
    for key in COUNT_KEYS:
        given = [m for m in members if m.get(key) is not None]
        top = max(given, key=lambda m: (m[key], m[f"{key}_precision"] == "exact")) if given else None
        columns[key] = top[key] if top else None
        columns[f"{key}_precision"] = top[f"{key}_precision"] if top else None
    return columns


def merged_id(first_event_id: str) -> str:
    return "m-" + hashlib.sha1(first_event_id.encode("utf-8")).hexdigest()[:16]


def merge_cluster(members: list[Row], rules: MergeRules) -> tuple[Row, list[Row], list[Row]]:
    """The merged event of one cluster, its member links and its mentions (one per article and sentence)."""
    first = members[0]
    mid = merged_id(first["event_id"])
    # The event's date and place are its reports'; a reference's publication day and article's place are not.
    reports = [m for m in members if not rides_along(m, rules)] or members
    spans = [s for s in (span(m, rules) for m in reports) if s]
    # A report dated to the day says more than one dated to its month ("le 26 juillet", "fin juillet").
    dates = ([m["day"] for m in reports if m.get("day") and (m.get("date_precision") or "day") == "day"]
             or [m["day"] for m in reports if m.get("day")])
    article_dates = [m["article_date"] for m in members if m.get("article_date")]
    place = max(reports, key=lambda m: (PLACE_RANK.get(m.get("place_precision") or "", 0) if m.get("place_name") else -1))
    evidence = [(m, ev) for m in members for ev in m.get("evidence", [])]
    merged = {
        "merged_id": mid, "block": first["block"], "event_type": first["event_type"],
        "mode": _most_common(m.get("mode") for m in members),
        "contexts": sorted({c for m in members for c in (m.get("contexts") or [])}),
        "status": first["status"],
        "actor_key": first["actor_key"], "actor_code": first["actor_code"],
        "actor_sector": _most_common(m.get("actor_sector") for m in members),
        "actor_name": _most_common(m.get("actor_name") for m in members),
        "actor_text": _most_common(m.get("actor_text") for m in members),
        "recipient_key": first["recipient_key"], "recipient_code": first["recipient_code"],
        "recipient_sector": _most_common(m.get("recipient_sector") for m in members),
        "recipient_name": _most_common(m.get("recipient_name") for m in members),
        "recipient_text": _most_common(m.get("recipient_text") for m in members),
        "date": min(dates) if dates else (min(s[1] for s in spans) if spans else None),
        "date_end": max(dates) if dates else (max(s[1] for s in spans) if spans else None),
        "first_seen": min(article_dates) if article_dates else None,
        "last_seen": max(article_dates) if article_dates else None,
        "num_records": len(members),
        "num_articles": len({m["article_id"] for m in members}),
        "num_sources": len({m.get("source") or m["article_id"] for m in members}),
        "num_mentions": len(evidence),
        "place_name": place.get("place_name"), "country": _most_common(m.get("country") for m in reports),
        "admin1": place.get("admin1"), "lat": place.get("lat"), "lon": place.get("lon"),
        "geonameid": place.get("geonameid"), "place_precision": place.get("place_precision"),
        "confidence": max(float(m.get("confidence") or 0.0) for m in members),
        "quad_class": first["quad_class"], "intensity": first["intensity"], "cameo_root": first["cameo_root"],
        "sentence": evidence[0][1]["sentence"] if evidence else None,
        **merged_counts(members),
    }
    links = [{"event_id": m["event_id"], "merged_id": mid} for m in members]
    mentions = [{
        "merged_id": mid, "event_id": m["event_id"], "article_id": m["article_id"], "source": m.get("source"),
        "url": m.get("url"), "article_date": m.get("article_date"), "n": ev["n"], "sentence": ev["sentence"],
        "sentence_start": ev["sentence_start"], "trigger": ev.get("trigger"), "trigger_start": ev.get("trigger_start"),
        "trigger_end": ev.get("trigger_end"), "confidence": m.get("confidence"),
    } for m, ev in evidence]
    return merged, links, mentions


def merge_records(records: Iterable[Row], rules: MergeRules) -> tuple[list[Row], list[Row], list[Row]]:
    """Merged events, member links and mentions for records of any number of blocks."""
    blocks: dict[str, list[Row]] = {}
    for record in records:
        blocks.setdefault(record["block"], []).append(record)
    merged, links, mentions = [], [], []
    for block in sorted(blocks):
        for members in cluster_block(blocks[block], rules):
            event, members_links, event_mentions = merge_cluster(members, rules)
            merged.append(event)
            links.extend(members_links)
            mentions.extend(event_mentions)
    return merged, links, mentions


# --- pledges ------------------------------------------------------------------------------------------

def _contexts_agree(a: list[str] | None, b: list[str] | None) -> bool:
    return not a or not b or bool(set(a) & set(b))


def pledge_states(intended: list[Row], occurred: list[Row], articles_of: dict[str, set[str]],
                  rules: PledgeRules, as_of: dt.date | None) -> list[Row]:
    """Each intended merged event as a pledge row with `state`, `deadline` and, when fulfilled, the
    fulfilling event (`fulfilled_by`, `fulfilled_date`, `delay_days`, `fulfilment_sentence`)."""
    by_relation: dict[tuple[str, str, str], list[Row]] = {}
    for event in occurred:
        if event.get("date"):
            by_relation.setdefault((event["actor_key"], event["event_type"], event["recipient_key"]), []).append(event)
    result = []
    for pledge in intended:
        window = rules.windows.get(pledge["event_type"])
        announced = pledge.get("first_seen") or pledge.get("date")
        if window is None or announced is None:
            continue
        deadline = max(announced, pledge.get("date") or announced) + dt.timedelta(days=window)
        own = articles_of.get(pledge["merged_id"], set())
        fulfilment = next((
            e for e in sorted(by_relation.get((pledge["actor_key"], pledge["event_type"], pledge["recipient_key"]), []),
                              key=lambda e: (e["date"], e["merged_id"]))
            if announced < e["date"] <= deadline and _contexts_agree(pledge.get("contexts"), e.get("contexts"))
            and not (own & articles_of.get(e["merged_id"], set()))), None)
        if fulfilment:
            state = "fulfilled"
        elif as_of is not None and as_of > deadline:
            state = "lapsed"
        else:
            state = "pending"
        result.append({
            "merged_id": pledge["merged_id"], "state": state, "event_type": pledge["event_type"],
            "actor_key": pledge["actor_key"], "actor_name": pledge.get("actor_name"),
            "recipient_key": pledge["recipient_key"], "recipient_name": pledge.get("recipient_name"),
            "contexts": pledge.get("contexts") or [], "announced": announced, "date": pledge.get("date"),
            "deadline": deadline, "num_articles": pledge.get("num_articles"), "sentence": pledge.get("sentence"),
            "fulfilled_by": fulfilment["merged_id"] if fulfilment else None,
            "fulfilled_date": fulfilment["date"] if fulfilment else None,
            "delay_days": (fulfilment["date"] - announced).days if fulfilment else None,
            "fulfilment_sentence": fulfilment.get("sentence") if fulfilment else None,
        })
    return result
