"""`dyad train`: rebuild the learned coder's models from evidence-level labels (docs/labelling.md).
With no --labels, the project's own (data/labels/); the models go into the package unless --out
names a folder, which `DYAD_MODELS=FOLDER` then makes Dyad use."""

from __future__ import annotations

import argparse


def register(parser: argparse.ArgumentParser) -> None:
    from dyad.events.learned import training

    training.add_arguments(parser)
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from dyad.events.learned import training

    return training.run(args)
