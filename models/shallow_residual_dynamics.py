"""GD and AM trajectories of the shallow residual network (Jagatap & Hegde, ISIT 2019), batched over trials.

Two data regimes:
  * "fresh": a new X (and y = σ(X(W* + I))v*) at every iteration: Assumption 2, the one Theorem 1 covers
    (Lemma 1 needs W^t independent of the X that forms B^t);
  * "fixed": one training set for all iterations: what Section IV's experiments do (n samples, "10 trials with
    each trial being a random instantiation of X"); Theorem 1 does not cover it.

A trajectory runs ``iterations`` steps, or stops a trial early once ‖W^t − W*‖_F/‖W* + I‖_F < ``stop_rel``
(stopped trials leave the batch: the loop runs over iterations, never over trials, and shrinks the batch).
Per-iteration records are (iterations + 1, b) tensors, NaN after a trial has stopped.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch

from models import shallow_residual as sr
from models.checks import InvalidInputError, check_positive, check_positive_values, check_size

REGIMES = ("fresh", "fixed")
METHODS = ("gd", "am")


@dataclass
class DataStream:
    """The samples each iteration sees: X (b, n, d) with N(0, scale²) entries and y = σ(X(W* + I))v*."""

    W_star: torch.Tensor
    v: torch.Tensor
    n: int
    scale: float
    regime: str
    generator: torch.Generator
    _fixed: tuple[torch.Tensor, torch.Tensor] | None = field(default=None, repr=False)

    def __post_init__(self):
        if self.regime not in REGIMES:
            raise InvalidInputError(f"regime must be one of {', '.join(REGIMES)}; got {self.regime!r}")

    def _draw(self) -> tuple[torch.Tensor, torch.Tensor]:
        b, d = self.v.shape
        X = sr.inputs(
            b, self.n, d, scale=self.scale, generator=self.generator, dtype=self.v.dtype, device=self.v.device
        )
        return X, sr.forward(X, self.W_star, self.v)

    def draw(self, active: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(X, y) of the trials ``active`` (a long index tensor) for the next iteration. The fresh regime draws
        for the whole batch and keeps the active rows, so a trial's samples do not depend on which others
        have stopped."""
        if self.regime == "fixed":
            if self._fixed is None:
                self._fixed = self._draw()
            X, y = self._fixed
        else:
            X, y = self._draw()
        return X[active], y[active]


def relative_error(W: torch.Tensor, W_star: torch.Tensor) -> torch.Tensor:
    """‖W − W*‖_F / ‖W* + I‖_F, (b,): Section IV's recovery measure (success when < 0.01)."""
    eye = torch.eye(W.shape[-1], dtype=W.dtype, device=W.device)
    return torch.linalg.matrix_norm(W - W_star) / torch.linalg.matrix_norm(W_star + eye)


def fixed_theory_step(stream: DataStream, W0: torch.Tensor, factor: float = 1.0) -> torch.Tensor:
    """A constant GD step: ``factor`` · 2/(σ²_min + σ²_max) of B⁰/√n, from the first batch of samples at W⁰.

    The paper's experiments use a constant step "chosen by inspection" and do not give it; this is the
    theory's adaptive step frozen at t = 0 (scale-invariant like the theory's). Where σ_min = 0 within
    rounding (n < d²) it is 2/σ²_max, the edge of stability along the top singular direction."""
    factor = check_positive("factor", factor)
    X, _ = stream.draw(torch.arange(W0.shape[0], device=W0.device))
    spec = sr.spectrum(sr.lin_gram(X, sr.patterns(X, W0), stream.v), stream.n)
    return factor * sr.theory_step(spec["s_min"], spec["s_max"])


def _measure(X, P, W, W_star, v, eta_fixed, step_factor, rho3: torch.Tensor | None):
    """Spectrum of B^t/√n and the step η^t; given Lemma 2's ρ₃ bound (b,), also Theorem 1's ρ_AM, ρ_GD from it,
    and the diagnostics at the iterate: the measured Σ_q ‖E_q‖/‖W^t − W*‖ and the number of pattern flips."""
    K = sr.lin_gram(X, P, v)
    spec = sr.spectrum(K, X.shape[-2])
    eta = step_factor * sr.theory_step(spec["s_min"], spec["s_max"]) if eta_fixed is None else eta_fixed
    out = {"s_min": spec["s_min"], "s_max": spec["s_max"], "kappa": spec["kappa"], "eta": eta}
    if rho3 is not None:
        rates = sr.rates(spec, rho3, eta)
        E, flips = sr.flip_errors(X, W, W_star)
        dist = torch.linalg.matrix_norm(W - W_star)
        out.update(rho_am=rates["rho_am"], rho_gd=rates["rho_gd"], rho3_measured=E.sum(-1) / dist, flips=flips)
    return out, K


class _Batch:
    """The active trials' samples: cached in the fixed regime until the active set shrinks."""

    def __init__(self, stream: DataStream):
        self.stream, self.cached, self.cached_for = stream, None, None

    def draw(self, active: torch.Tensor):
        if self.stream.regime == "fresh":
            return self.stream.draw(active)
        if self.cached_for is None or self.cached_for.numel() != active.numel():
            self.cached, self.cached_for = self.stream.draw(active), active
        return self.cached


def _new_records(method, iterations, b, diagnostics, need_spectrum, like: torch.Tensor):
    nan = torch.full((iterations + 1, b), math.nan, dtype=like.dtype, device=like.device)
    names = ["err", "rel", "loss", "test_loss"]
    names += ["s_min", "s_max", "kappa", "eta"] if need_spectrum else []
    names += ["rho3_measured", "flips", "rho_am", "rho_gd"] if diagnostics else []
    return {k: nan.clone() for k in names}


def _record_iterate(rec, t, active, W, W_star, scale, v, X_test, y_test) -> torch.Tensor:
    """Write ‖W^t − W*‖_F, its relative value and the test loss of the active trials; return the relative."""
    rec["err"][t, active] = err = torch.linalg.matrix_norm(W - W_star[active])
    rec["rel"][t, active] = rel = err / scale[active]
    if X_test is not None:
        rec["test_loss"][t, active] = sr.loss(X_test[active], y_test[active], W, v[active])
    return rel


def run(
    stream: DataStream,
    W0: torch.Tensor,
    method: str,
    iterations: int,
    *,
    eta: torch.Tensor | None = None,
    step_factor: float = 1.0,
    stop_rel: float | None = None,
    rho3: torch.Tensor | None = None,
    X_test: torch.Tensor | None = None,
    halve_on_increase: bool = False,
) -> dict[str, torch.Tensor]:
    """Run GD (eq. 3) or AM (eq. 4) from W0 (b, d, d); return per-iteration records.

    GD's step: ``eta`` (b,) if given (a constant step), else ``step_factor`` · 2/(σ²_min + σ²_max) of B^t/√n
    recomputed at every iteration (the theory's step at factor 1). Records, (iterations + 1, b): ``err``
    ‖W^t − W*‖_F, ``rel`` (÷ ‖W* + I‖_F), ``loss`` L(W^t) on iteration t's samples (t < iterations),
    ``test_loss`` on X_test (b, n_test, d) if given; given ``rho3`` (and for GD's adaptive step) s_min,
    s_max, kappa, eta, and, given ``rho3`` (b,) (Lemma 2's bound, :func:`shallow_residual.rho3_bound`),
    Theorem 1's rho_am and rho_gd from it with the diagnostics rho3_measured (Σ_q ‖E_q‖/‖W^t − W*‖ at the
    iterate) and flips (entries whose pattern differs from the teacher's) at each iterate. ``stopped`` (b,): the
    iteration at which a trial met ``stop_rel`` (``iterations`` + 1 if never); ``W``: the final iterates.
    ``halve_on_increase`` (a constant GD step on one training set): a trial's step is halved whenever its
    training loss rose over the last step, so that the constant step stays stable as σ_max(B^t) drifts."""
    iterations, step_factor = check_size("iterations", iterations, 0), check_positive("step_factor", step_factor)
    if eta is not None:
        check_positive_values("eta", eta)
    stop_rel = None if stop_rel is None else check_positive("stop_rel", stop_rel)
    if method not in METHODS:
        raise InvalidInputError(f"method must be one of {', '.join(METHODS)}; got {method!r}")
    b, d = stream.v.shape
    W_all, W_star, v = W0.clone(), stream.W_star, stream.v
    diagnostics = rho3 is not None
    need_spectrum = diagnostics or (method == "gd" and eta is None)
    rec = _new_records(method, iterations, b, diagnostics, need_spectrum, W0)
    stopped = torch.full((b,), iterations + 1, dtype=torch.long, device=W0.device)
    active, batch = torch.arange(b, device=W0.device), _Batch(stream)
    scale = torch.linalg.matrix_norm(W_star + torch.eye(d, dtype=W0.dtype, device=W0.device))
    y_test = None if X_test is None else sr.forward(X_test, W_star, v)
    eta = None if eta is None else eta.clone()
    last_loss = torch.full((b,), math.inf, dtype=W0.dtype, device=W0.device)
    for t in range(iterations + 1):
        W = W_all[active]
        rel = _record_iterate(rec, t, active, W, W_star, scale, v, X_test, y_test)
        if stop_rel is not None and bool((rel < stop_rel).any()):
            stopped[active[rel < stop_rel]] = t
            active, W = active[rel >= stop_rel], W[rel >= stop_rel]
        if t == iterations or active.numel() == 0:
            break
        X, y = batch.draw(active)
        P, r = sr.linearised_state(X, y, W, v[active])
        rec["loss"][t, active] = loss = r.square().sum(-1) / (2 * stream.n)
        if halve_on_increase and eta is not None:
            rose = loss > last_loss[active]
            eta[active[rose]] *= 0.5
            last_loss[active] = loss
        K, eta_t = None, None if eta is None else eta[active]
        if need_spectrum:
            bound = rho3[active] if diagnostics else None
            m, K = _measure(X, P, W, W_star[active], v[active], eta_t, step_factor, bound)
            for k, val in m.items():
                rec[k][t, active] = val
            eta_t = m["eta"]
        if method == "gd":
            W_all[active] = sr.gd_update(X, P, v[active], W, r, eta_t)
        else:
            W_all[active] = sr.am_update(X, P, v[active], y, K)[0]
    return {**rec, "stopped": stopped, "W": W_all}


def iterations_to(rel: torch.Tensor, threshold: float) -> torch.Tensor:
    """First t with rel[t] < threshold for each trial (b,), as float; +inf if never within the record."""
    threshold = check_positive("threshold", threshold)
    hit = rel < threshold
    first = torch.where(hit.any(0), hit.float().argmax(0).to(rel.dtype), torch.full_like(rel[0], math.inf))
    return first


def compare_steps(stream: DataStream, W0: torch.Tensor, iterations: int, rho3: torch.Tensor):
    """GD with the theory's step from W0; at every iterate W^t also one AM step from W^t on the same samples.

    Records (iterations, b): ``err`` ‖W^t − W*‖, ``r_gd`` and ``r_am`` the one-step ratios ‖W⁺ − W*‖/‖W^t − W*‖
    of each method from the same W^t and samples, ``rho_gd``, ``rho_am`` (Theorem 1's factors with Lemma 2's
    ``rho3`` (b,)), ``kappa``, ``s_min``, ``s_max``, ``eta``, ``rho3_measured`` and ``flips`` at W^t; plus
    ``gd_err`` (iterations + 1, b), GD's own path."""
    iterations = check_size("iterations", iterations, 0)
    b = stream.v.shape[0]
    W, W_star, v = W0.clone(), stream.W_star, stream.v
    everyone = torch.arange(b, device=W0.device)
    batch, rows = _Batch(stream), []
    for _ in range(iterations):
        X, y = batch.draw(everyone)
        P, r = sr.linearised_state(X, y, W, v)
        m, K = _measure(X, P, W, W_star, v, None, 1.0, rho3)
        err = torch.linalg.matrix_norm(W - W_star)
        W_am = sr.am_update(X, P, v, y, K)[0]
        W_next = sr.gd_update(X, P, v, W, r, m["eta"])
        m.update(
            err=err,
            r_am=torch.linalg.matrix_norm(W_am - W_star) / err,
            r_gd=torch.linalg.matrix_norm(W_next - W_star) / err,
        )
        rows.append(m)
        W = W_next
    out = {k: torch.stack([row[k] for row in rows]) for k in rows[0]}
    out["gd_err"] = torch.cat([out["err"], torch.linalg.matrix_norm(W - W_star).unsqueeze(0)])
    return out


def _pack(P: torch.Tensor) -> torch.Tensor:
    """The 0/1 patterns (b, n, d) as (b, words) int64, 62 bits per word: equal words ⇔ equal patterns."""
    bits = P.flatten(1).to(torch.int64)
    width = 62
    bits = torch.nn.functional.pad(bits, (0, (-bits.shape[1]) % width)).reshape(bits.shape[0], -1, width)
    return (bits << torch.arange(width, device=P.device)).sum(-1)


def am_until_cycle(stream: DataStream, W0: torch.Tensor, iterations: int, threshold: float):
    """AM on one fixed training set until each trial recovers (relative error < ``threshold``) or provably never
    will: with X fixed, the AM iterate W^{t+1} is a function of the patterns P^t alone, so once P^t equals an
    earlier P^s the iterates repeat with period t − s for ever; if none of them met the threshold, the trial
    is a verified failure (a fixed point is the period-1 case). Returns ``status`` (b,): 1 recovered,
    −1 cycle without recovery, 0 neither within ``iterations`` (undecided); ``steps`` (b,) when decided
    (``iterations`` if not) and ``rel`` (b,), the final relative error."""
    iterations, threshold = check_size("iterations", iterations, 0), check_positive("threshold", threshold)
    if stream.regime != "fixed":
        raise InvalidInputError(f"am_until_cycle needs the fixed regime (a deterministic map); got {stream.regime!r}")
    b = stream.v.shape[0]
    everyone = torch.arange(b, device=W0.device)
    X, y = stream.draw(everyone)
    W, v = W0.clone(), stream.v
    status = torch.zeros(b, dtype=torch.long, device=W0.device)
    steps = torch.full((b,), iterations, dtype=torch.long, device=W0.device)
    history: list[torch.Tensor] = []
    for t in range(iterations + 1):
        rel = relative_error(W, stream.W_star)
        newly = (status == 0) & (rel < threshold)
        P = sr.patterns(X, W)
        key = _pack(P)
        if history:
            seen = (torch.stack(history) == key).all(-1).any(0)  # P^t equals some earlier P^s
            cyc = (status == 0) & ~newly & seen
            status[cyc], steps[cyc] = -1, t
        status[newly], steps[newly] = 1, t
        history.append(key)
        if t == iterations or bool((status != 0).all()):
            break
        W = sr.am_update(X, P, v, y)[0]
    return {"status": status, "steps": steps, "rel": relative_error(W, stream.W_star)}
