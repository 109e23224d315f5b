"""Helpers shared by the tests: the CLI run in-process (with a wall-clock limit), an experiment's context, a map
through pickle."""

from __future__ import annotations

import contextlib
import pickle
import signal
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


class TooLong(BaseException):
    """Raised by :func:`wall_clock_limit`: a BaseException, so that the CLI's handler of internal errors does not
    take it for one."""


@contextlib.contextmanager
def wall_clock_limit(seconds: int):
    """Raise :class:`TooLong` in the block after ``seconds`` (SIGALRM, main thread; between Python bytecodes, so a
    single native call that never returns is not interrupted)."""

    def _alarm(signum, frame):
        raise TooLong

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def pickled_map(fn: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
    """Run each unit as another process would: the function and its item through pickle."""
    return [pickle.loads(pickle.dumps(fn))(pickle.loads(pickle.dumps(item))) for item in items]


def experiment_context(*claim_ids: str, seed: int = 0, mapper=None, profile: str = "quick") -> ExperimentContext:
    """The context a report hands an experiment: CPU, float64, α = 0.01, the records of ``claim_ids``
    (``mapper`` None: ``ctx.map`` runs in this process)."""
    claims = {i: registry.get(i) for i in claim_ids}
    return ExperimentContext(profile, torch.device("cpu"), torch.float64, 0.01, seed, claims, mapper=mapper)


def run_widths(plans: dict, seed: int) -> dict:
    """The du2018a.widths experiment at ``plans`` (by claim key, as its PLANS) with 100 bootstrap replicates, in
    this process: the data the report's widths section renders."""
    import pytest

    from claims.catalogue.du2018a import widths as experiment
    from claims.spec import ByProfile

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(experiment, "PLANS", plans)
        mp.setattr(experiment, "REPLICATES", ByProfile.same(100))
        return experiment.widths(experiment_context(*experiment.CLAIMS.values(), seed=seed))


def write_data_files(folder) -> None:
    """The user's data files of the data tests (models.datasets): good ones and one per fault, in ``folder``.

    unit.npz: 12 unit rows (d = 3) with labels; raw.npy: the same rows times 1 … 12 (not unit norm); huge.npy
    and tiny.npy: times 1e300 and 1e-300, near either end of float64's range; then one file per fault of the
    bad-input table."""
    import numpy as np

    g = np.random.default_rng(0)
    X = g.standard_normal((12, 3))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    y = g.standard_normal(12)
    np.savez(folder / "unit.npz", X=X, y=y)
    np.save(folder / "unit.npy", X)
    np.save(folder / "raw.npy", X * np.arange(1, 13)[:, None])
    np.save(folder / "huge.npy", X * 1e300)  # squared entries overflow float64
    np.save(folder / "tiny.npy", X * 1e-300)  # squared entries underflow to zero
    np.savez(folder / "nonfinite.npz", X=np.where(np.arange(36).reshape(12, 3) == 7, np.nan, X), y=y)
    np.savez(folder / "nonfinite_y.npz", X=X, y=np.where(np.arange(12) == 4, np.inf, y))
    np.savez(folder / "flat.npz", X=X.ravel(), y=y)
    np.savez(folder / "short_y.npz", X=X, y=y[:-1])
    np.savez(folder / "no_x.npz", inputs=X)
    np.savez(folder / "parallel.npz", X=np.vstack([X, X[4:5]]), y=np.append(y, 0.0))
    np.savez(folder / "antiparallel.npz", X=np.vstack([X, -X[2:3]]), y=np.append(y, 0.0))
    np.save(folder / "zero_row.npy", np.vstack([X * 2, np.zeros((1, 3))]))
    np.save(folder / "objects.npy", np.array([[1, "a"]], dtype=object), allow_pickle=True)
    (folder / "not_numpy.npz").write_text("not a zip archive")
    (folder / "data.csv").write_text("1,2,3\n")
