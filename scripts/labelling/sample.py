"""Choose the articles to label, their locked train/dev/test split, the double-labelled sample, and
the labellers' batches. Run once; its outputs are committed (data/labels/splits.json) and never
rewritten, so the test split stays the one every later change is judged on.

Usage: sample.py [--out data/labels/splits.json] [--batches /work/labelling/batches.json]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from pathlib import Path

from dyad.labels import SOURCES, labelled_document
from dyad.paths import shared_dir

SEED = 20261207
MAX_CHARS = 9000  # longer articles cost a labeller too much time per event; noted in docs/labelling.md
# Words of politics, diplomacy and security in both languages: a rough ranking, not a filter of truth.
POLITICAL = re.compile(
    r"\b(ministr|présiden|president|gouvernement|government|armée|army|militaire|military|soldat|soldier|"
    r"attaqu|attack|sanction|accord|agreement|ambassad|embass|coopération|cooperation|diplomat|"
    r"manifest|protest|terroris|jihad|djihad|rebel|rebelle|police|arrest|arrêt|sommet|summit|visite|visit|"
    r"condamn|condemn|dénonc|accus|menac|threat|aide|aid|retrait|withdraw|junte|junta|coup|cedeao|ecowas|"
    r"onu|nations unies|united nations|union africaine|african union|union européenne|european union|"
    r"otan|nato|élection|election|parlement|parliament|opposition|tué|killed|enlev|kidnap)", re.IGNORECASE)


def rows(source: str) -> list[dict]:
    with (shared_dir() / SOURCES[source]).open(encoding="utf-8") as lines:
        return [json.loads(line) for line in lines]


def political_score(row: dict) -> float:
    text = labelled_document(row)
    return len(POLITICAL.findall(text)) / max(1.0, len(text) / 1000)


def english_score(row: dict) -> float:
    """BBC politics: the foreign states and bodies an article names first, then its political words."""
    return (row.get("international_terms") or 0) + political_score(row) / 100


def ranked_rows(source: str, key=political_score, leave_out: frozenset[str] = frozenset()) -> list[dict]:
    """The source's articles of a labellable length, most political first (ties by id)."""
    usable = [r for r in rows(source) if 200 <= len(r.get("text") or "") <= MAX_CHARS and r["id"] not in leave_out]
    usable.sort(key=lambda r: (-key(r), r["id"]))
    return usable


def choose(source: str, ranked: int, unranked: int, rng: random.Random, key=political_score) -> list[str]:
    """The `ranked` most political articles, plus `unranked` drawn from the rest (mostly no event)."""
    usable = ranked_rows(source, key)
    top, rest = usable[:ranked], usable[ranked:]
    return [r["id"] for r in top] + [r["id"] for r in rng.sample(rest, min(unranked, len(rest)))]


def split(ids: list[str], test: int, dev: int, rng: random.Random) -> dict[str, list[str]]:
    shuffled = sorted(ids)
    rng.shuffle(shuffled)
    return {"test": sorted(shuffled[:test]), "dev": sorted(shuffled[test:test + dev]),
            "train": sorted(shuffled[test + dev:])}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("data/labels/splits.json"))
    parser.add_argument("--batches", type=Path, default=Path("/work/labelling/batches.json"))
    parser.add_argument("--batch-size", type=int, default=25)
    args = parser.parse_args()
    if args.out.exists():
        raise SystemExit(f"{args.out} exists: the split is written once and never redrawn")
    rng = random.Random(SEED)
    chosen = {
        "pool_fr": choose("pool_fr", 920, 110, rng),
        "pool_en": choose("pool_en", 235, 15, rng, key=english_score),
        "geowebnews": choose("geowebnews", 40, 0, rng),
        "india_police": choose("india_police", 30, 0, rng),
    }
    french = chosen["pool_fr"]
    english = chosen["pool_en"] + chosen["geowebnews"] + chosen["india_police"]
    splits = {"fr": split(french, 200, 100, rng), "en": split(english, 60, 30, rng)}
    everything = french + english
    double = sorted(rng.sample(everything, len(everything) // 10))
    sources = {article_id: source for source, ids in chosen.items() for article_id in ids}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"seed": SEED, "sources": sources, "splits": splits, "double_labelled": double},
                                   indent=1, sort_keys=True) + "\n", encoding="utf-8")
    order = everything[:]
    rng.shuffle(order)
    batches = {}
    for lang, ids in (("fr", [i for i in order if i in set(french)]), ("en", [i for i in order if i in set(english)])):
        for number in range(0, len(ids), args.batch_size):
            batches[f"{lang}{number // args.batch_size + 1:02d}"] = ids[number:number + args.batch_size]
    shuffled_double = double[:]
    rng.shuffle(shuffled_double)
    for number in range(0, len(shuffled_double), args.batch_size):
        batches[f"double{number // args.batch_size + 1:02d}"] = shuffled_double[number:number + args.batch_size]
    args.batches.parent.mkdir(parents=True, exist_ok=True)
    args.batches.write_text(json.dumps(batches, indent=1) + "\n", encoding="utf-8")
    print(f"{len(french)} French, {len(english)} English, {len(double)} double-labelled, {len(batches)} batches")


if __name__ == "__main__":
    main()
