"""Helpers shared by the tests: the CLI run in-process, an experiment's context, a map through pickle."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable
from typing import Any

import torch

from claims import __main__ as cli
from claims import registry
from claims.spec import ExperimentContext


def main(*args: str) -> int:
    """Run the CLI in-process (fast) and return its exit status (argparse's errors exit through SystemExit)."""
    try:
        return cli.main(list(args))
    except SystemExit as exc:
        return exc.code


def pickled_map(fn: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
    """Run each unit as another process would: the function and its item through pickle."""
    return [pickle.loads(pickle.dumps(fn))(pickle.loads(pickle.dumps(item))) for item in items]


def experiment_context(*claim_ids: str, seed: int = 0, mapper=None, profile: str = "quick") -> ExperimentContext:
    """The context a report hands an experiment: CPU, float64, α = 0.01, the records of ``claim_ids``
    (``mapper`` None: ``ctx.map`` runs in this process)."""
    claims = {i: registry.get(i) for i in claim_ids}
    return ExperimentContext(profile, torch.device("cpu"), torch.float64, 0.01, seed, claims, mapper=mapper)
