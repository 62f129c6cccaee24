"""Short articles written for the reliability tests (no corpus text): French and English, each with
a clear event, so that the coder has work to do and the store has rows to lose or duplicate."""

from __future__ import annotations

import json
from pathlib import Path

OWN_ARTICLES = [
    {"id": "own-fr-1", "lang": "fr", "date": "2023-02-07", "source": "Essai",
     "text": "Le président nigérien a rencontré le Premier ministre malien à Niamey pour parler de la sécurité."},
    {"id": "own-en-1", "lang": "en", "date": "2023-02-08", "source": "Trial",
     "text": "The foreign minister of Senegal met his Gambian counterpart in Dakar on Tuesday."},
    {"id": "own-fr-2", "lang": "fr", "date": "2023-03-01", "source": "Essai",
     "text": "Les manifestants ont dénoncé la hausse des prix devant le siège du gouvernement à Ouagadougou."},
    {"id": "own-en-2", "lang": "en", "date": "2023-03-02", "source": "Trial",
     "text": "Mali accused France of violating its airspace, the government spokesman said on Thursday."},
    {"id": "own-fr-3", "lang": "fr", "date": "2023-04-11", "source": "Essai",
     "text": "Le Mali et le Burkina Faso ont convenu de renforcer leur coopération militaire à la frontière."},
    {"id": "own-en-3", "lang": "en", "date": "2023-04-12", "source": "Trial",
     "text": "Russia delivered two helicopters to the Malian army in Bamako, the defence ministry said."},
    {"id": "own-fr-4", "lang": "fr", "date": "2023-05-20", "source": "Essai",
     "text": "La CEDEAO a imposé des sanctions au Niger après le coup d'État, a annoncé la commission à Abuja."},
    {"id": "own-en-4", "lang": "en", "date": "2023-05-21", "source": "Trial",
     "text": "Protesters in Niamey denounced the presence of French troops and demanded their departure."},
]


def variants(count: int, lang: str | None = None) -> list[dict]:
    """`count` distinct articles (in `lang` only, if given): the own articles again under new ids,
    with a numbered closing line so that each has its own content."""
    bases = [a for a in OWN_ARTICLES if lang in (None, a["lang"])]
    out = []
    for n in range(count):
        base = bases[n % len(bases)]
        note = f"Dépêche numéro {n}." if base["lang"] == "fr" else f"Dispatch number {n}."
        out.append(base | {"id": f"{base['id']}-v{n}", "text": f"{base['text']}\n{note}"})
    return out


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path
