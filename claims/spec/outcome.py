"""What one batch of trials found: passed, failed (a verified violation) or undecided, with signed margins."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from models.numerics import lambda_min_and_tolerance


class Infeasible(Exception):
    """The instance cannot be run here (e.g. the literal width does not fit); the message says what it asks for."""


def _bool(like: torch.Tensor, value) -> torch.Tensor:
    if value is None:
        return torch.zeros(like.shape, dtype=torch.bool, device=like.device)
    return torch.as_tensor(value, device=like.device).to(torch.bool).expand(like.shape)


def compare_at_most(value, bound, tol) -> tuple[torch.Tensor, torch.Tensor]:
    """Decide "value ≤ bound" from an estimate whose error is at most ``tol`` (≥ 0, from the dtype and size):
    (passed, undecided). Passed where value + tol ≤ bound (proven), failed where value − tol > bound (a
    verified violation: not passed and not undecided), undecided where the estimate lies within its tolerance
    of the boundary — never a failure and never a pass. A NaN value fails (a diverged run)."""
    value = torch.as_tensor(value)
    bound, tol = torch.as_tensor(bound, dtype=value.dtype), torch.as_tensor(tol, dtype=value.dtype)
    passed = value + tol <= bound
    failed = (value - tol > bound) | torch.isnan(value)
    return passed, ~passed & ~failed


def compare_at_least(value, bound, tol) -> tuple[torch.Tensor, torch.Tensor]:
    """Decide "value ≥ bound" (or "> bound": within ``tol`` of the boundary both are undecided) from an
    estimate with error at most ``tol``: (passed, undecided), as :func:`compare_at_most` mirrored. A NaN fails."""
    value = torch.as_tensor(value)
    passed, undecided = compare_at_most(-value, -torch.as_tensor(bound, dtype=value.dtype), tol)
    return passed & ~torch.isnan(value), undecided & ~torch.isnan(value)


def nan_as_worst(margin) -> torch.Tensor:
    """A margin with NaN (a diverged run) read as −inf, the worst; ±inf stay infinite (torch.nan_to_num alone
    would clip them to the dtype's largest finite value, a worst margin of −1.8e308 that reads as a number)."""
    margin = torch.as_tensor(margin)
    return torch.where(torch.isnan(margin), -torch.inf, margin)


@dataclass(frozen=True)
class Outcome:
    """The outcome of a batch of B trials; every field is a length-B tensor (details: name → length-B tensor).

    A trial is *passed*, *failed* (``passed`` False: a verified violation of the conclusion, counted only
    where ``premise_held``) or *undecided* (``undecided`` True: it could not decide — a certificate too loose,
    a horizon not reached, a run not converged, a tolerance as large as the quantity). ``passed`` is ignored
    where ``undecided``. REFUTED counts only failures; SUPPORTED counts undecided trials as failures.

    ``margin`` is the signed, normalised distance from violation (e.g. 1 − lhs/rhs): positive when the trial
    passed, negative when it failed, so that a claim holding by 1e-9 is visible in the report.
    """

    passed: torch.Tensor
    margin: torch.Tensor
    premise_held: torch.Tensor
    details: Mapping[str, torch.Tensor] = field(default_factory=dict)
    undecided: torch.Tensor | None = None

    @classmethod
    def ratio_at_most(cls, ratio, *, tol=0.0, premise_held=None, undecided=None, details=None) -> Outcome:
        """The common "lhs/rhs ≤ 1" conclusion, three-way (:func:`compare_at_most` with bound 1): passed iff
        ratio ≤ 1 − tol, failed iff ratio > 1 + tol (NaN, from a diverged run, fails), undecided within the
        rounding allowance tol (stated by the caller) of the boundary. Margin 1 − ratio (NaN counts as −inf)."""
        ratio = torch.as_tensor(ratio)
        margin = nan_as_worst(1 - ratio)
        passed, near = compare_at_most(ratio, 1.0, tol)
        return cls(
            passed,
            margin,
            torch.ones_like(ratio, dtype=torch.bool) if premise_held is None else _bool(ratio, premise_held),
            dict(details or {}),
            near if undecided is None else near | _bool(ratio, undecided),
        )

    @classmethod
    def all_passed(cls, checks, *, premise_held=None, undecided=None, details=None) -> Outcome:
        """Several conclusions at once: ``checks`` maps a name to (passed, margin); passed iff all passed,
        margin the smallest. Each check's margin is kept in the details as ``margin_<name>``."""
        names = list(checks)
        passed = torch.stack([torch.as_tensor(checks[k][0]) for k in names]).all(0)
        margins = torch.stack([torch.as_tensor(checks[k][1]) for k in names])
        out = {f"margin_{k}": margins[i] for i, k in enumerate(names)}
        return cls(
            passed,
            margins.amin(0),
            torch.ones_like(passed) if premise_held is None else _bool(passed, premise_held),
            {**out, **(details or {})},
            None if undecided is None else _bool(passed, undecided),
        )

    def undecided_mask(self) -> torch.Tensor:
        return _bool(self.passed, self.undecided)

    @classmethod
    def concat(cls, parts: Sequence[Outcome]) -> Outcome:
        """The outcomes of consecutive batches as one (every field concatenated in order; details by name)."""
        undecided = None if all(o.undecided is None for o in parts) else torch.cat([o.undecided_mask() for o in parts])
        return cls(
            torch.cat([o.passed for o in parts]),
            torch.cat([o.margin for o in parts]),
            torch.cat([o.premise_held for o in parts]),
            {k: torch.cat([torch.as_tensor(o.details[k]) for o in parts]) for k in parts[0].details},
            undecided,
        )

    def numpy(self) -> dict[str, np.ndarray]:
        cols = {
            "passed": self.passed,
            "margin": self.margin,
            "premise_held": self.premise_held,
            "undecided": self.undecided_mask(),
            **self.details,
        }
        return {
            k: torch.as_tensor(v).detach().to("cpu", torch.float64 if v.is_floating_point() else v.dtype).numpy()
            for k, v in cols.items()
        }


def in_chunks(size: int, limit: Callable[[Any, Any], int] | None = None, held: Callable[[Any], int] | None = None):
    """Decorate a trial function so that it runs a batch in consecutive chunks of at most ``size`` trials,
    drawing from the one generator in order, and so holds at most ``size`` trials' tensors at once. The
    resource estimate (claims.engine.resources) reads ``max_batch`` from the wrapped function: a claim whose
    trial holds large tensors per trial (Lemma 3.2's four m×d adversaries) fits at any number of trials.

    ``limit(instance, device)``, if given, lowers the chunk for that call (never below 1, never above ``size``):
    a trial whose speed depends on its working set fitting a cache sets it by shape and device. The chunk is
    part of the draw (each chunk draws in order from the generator), so a given (seed, limit) reproduces bit
    for bit. ``held(params)``, if given, is the chunk ``limit`` sets for those parameters where it depends on
    them alone (not on the device): the resource estimate reads it as ``max_batch_of``."""
    if not isinstance(size, int) or size < 1:
        raise ValueError(f"size must be a positive integer, got {size!r}")

    def wrap(trial):
        @functools.wraps(trial)
        def chunked(instance, generator, device, dtype, batch: int) -> Outcome:
            step = size if limit is None else max(1, min(size, int(limit(instance, device))))
            parts = [trial(instance, generator, device, dtype, min(step, batch - s)) for s in range(0, batch, step)]
            return parts[0] if len(parts) == 1 else Outcome.concat(parts)

        chunked.max_batch = size
        chunked.max_batch_of = held
        return chunked

    return wrap


def require_positive_lambda0(H: torch.Tensor, what: str = "the theorem") -> float:
    """λ_min(H) as a float; Infeasible when it is 0 within rounding (8·n·eps·‖H‖_F:
    models.numerics.lambda_min_and_tolerance), since every claim built on λ0 assumes λ0 > 0."""
    lam0, tol = lambda_min_and_tolerance(H)
    if lam0 <= tol:
        raise Infeasible(f"λ0 = {lam0:.3g} is 0 within rounding: {what} assumes λ0 > 0")
    return lam0
