"""Train the pair typer (dyad/events/models/pair_typer.npz) on the marked-pair gold of ../shared:
PLV_train.tsv (PLOVER roots) and the positive AW_train.tsv pairs whose ACE type maps to one PLOVER
root (scripts/ace_to_plover.tsv). Read at training time only; nothing from them is committed but
the weights. Score it first with `dyad eval plv` (cross-validated).

    .venv/bin/python scripts/train_typer.py [--no-aw] [--no-embeddings] [--out PATH]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from dyad.events.typer import PairTyper, model_path
from dyad.events.typer_training import TrainConfig, featurise, read_ace_map, read_aw, read_plv, train
from dyad.paths import REPO_ROOT, gold_dir


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-aw", action="store_true", help="train on PLV_train.tsv only")
    parser.add_argument("--no-embeddings", action="store_true", help="parse and lexicon features only")
    parser.add_argument("--cache", type=Path, default=None, help="keep parsed sentences here (spaCy DocBin)")
    parser.add_argument("--out", type=Path, default=model_path())
    args = parser.parse_args()

    pairs = read_plv(gold_dir() / "plv_train" / "PLV_train.tsv")
    if not args.no_aw:
        pairs += read_aw(gold_dir() / "plv_train" / "AW_train.tsv", read_ace_map(REPO_ROOT / "scripts" / "ace_to_plover.tsv"))
    typer = PairTyper("en")
    feats = featurise(pairs, typer, args.cache)
    model = train(feats, [p.label for p in pairs], TrainConfig(uses_embeddings=not args.no_embeddings))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    model.save(args.out)
    print(f"{args.out}: {len(pairs)} pairs, {len(model.vocab)} sparse features, classes {' '.join(model.classes)}, "
          f"{args.out.stat().st_size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
