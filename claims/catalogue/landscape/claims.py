"""Family landscape: saddles and landscapes (seed 004, seed 000).

The mathematics is in :mod:`models.landscapes` and :mod:`models.deep_linear`; candidate critical points are
verified by :mod:`claims.witness`. Exists claims cannot be REFUTED by the runner (not finding a witness is not
evidence against existence), so ``landscape.relu_not_c2`` is encoded as its forall companion (every point of
the kink hyperplane is a witness), which implies the exists statement and can be refuted by a mutant.
"""

from __future__ import annotations

import math

import torch
from hypothesis import strategies as st
from torch.func import hessian, vmap

from claims.catalogue.clc2018.claims import _gap_scale, _separated_data
from claims.engine import witness
from claims.spec import Claim, Instance, Kind, Mutant, Outcome, Param, Source, Verdict
from models import data
from models import deep_linear as dl
from models import landscapes as ls
from models import octopus as octo
from models.checks import InvalidInputError

LEE = "Lee, Simchowitz, Jordan, Recht 2016"
GE = "Ge, Lee, Ma 2016 / Baldi & Hornik 1989"


def _ones(x):
    return torch.ones_like(x, dtype=torch.bool)


# ---------------------------------------------------------------------------------------------------------
# landscape.strict_saddle_escape


def _escape_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: A = Q diag(λ) Qᵀ (Q Haar, λ_1 = −u with u uniform in [0.1, 1], the others uniform in
    [−u, 1]), x_0 ~ N(0, I), η = eta_factor/max|λ|, T steps of GD on ½xᵀAx. Along v = Q e_1 the iterate is
    v ᵀx_t = (1 − ηλ_min)^t vᵀx_0 exactly (A v = λ_min v). Pass iff for every t ≤ T

        | |vᵀx_t| − |1 − c·ηλ_min|^t |vᵀx_0| | ≤ tol_t = 16 (t+1) d eps (1 + η‖A‖) |1 − ηλ_min|^t ‖x_0‖,

    (c = 1 the theorem; rounding: each step adds ≤ few·d·eps·(1 + η‖A‖)‖x_t‖ and ‖x_t‖ ≤ |1 − ηλ_min|^t‖x_0‖
    since |1 − ηλ_i| ≤ |1 − ηλ_min| for η ≤ 1/max|λ|). The mutant uses c = ½.
    """
    p = instance.params
    d, T = p["d"], p["steps"]
    kw = {"generator": generator, "dtype": dtype, "device": device}
    Q = ls.random_orthogonal(batch, d, **kw)
    u = 0.1 + 0.9 * torch.rand(batch, 1, **kw)
    lam = -u + (1 + u) * torch.rand(batch, d, **kw)
    lam[:, :1] = -u
    A = (Q * lam[:, None, :]) @ Q.mT
    eta = p["eta_factor"] / lam.abs().amax(-1)
    x0 = torch.randn(batch, d, **kw)
    xs = ls.quadratic_gd(A, x0, eta, T)  # (T+1, B, d)
    v = Q[:, :, 0]
    proj = (xs * v).sum(-1).abs()  # (T+1, B)
    t = torch.arange(T + 1, dtype=dtype, device=device)[:, None]
    growth = (1 - eta * lam[:, 0]).abs()[None, :]
    predicted = (1 - p["c"] * eta * lam[:, 0]).abs()[None, :] ** t * proj[0]
    eps = torch.finfo(dtype).eps
    anorm = torch.linalg.matrix_norm(A, 2)
    tol = 16 * (t + 1) * d * eps * (1 + eta * anorm)[None, :] * growth**t * x0.norm(dim=-1)[None, :]
    ratio = ((proj - predicted).abs() / tol).amax(0)
    return Outcome(
        passed=ratio <= 1,
        margin=1 - ratio,
        premise_held=_ones(ratio),
        details={"growth": growth[0], "final_projection": proj[-1]},
    )


STRICT_SADDLE_ESCAPE = Claim(
    id="landscape.strict_saddle_escape",
    title="GD on a quadratic with a strict saddle grows along the bottom eigenvector by |1 − ηλ_min| per step",
    source=Source("Seed 004 (saddle escape; Lee et al. 2016 §3)", "quadratic example", "004"),
    statement="f = ½xᵀAx, λ_min(A) < 0: |vᵀx_t| = |1 − ηλ_min|^t |vᵀx_0| exactly",
    kind=Kind.FORALL,
    params=(
        Param("d", 5, "dimension", int, minimum=1),
        Param("steps", 30, "GD steps T", int, minimum=1),
        Param("eta_factor", 0.5, "η = eta_factor / max|λ| (≤ 1)", float, minimum=1e-12),
        Param("c", 1.0, "c in |1 − c·ηλ_min| (the statement: 1)", float),
    ),
    trial=_escape_trial,
    strategy=lambda profile: st.fixed_dictionaries(
        {
            "d": st.integers(1, {"quick": 8, "standard": 20, "full": 50}[profile]),
            "steps": st.integers(1, 60),
            "eta_factor": st.floats(0.05, 1.0),
        }
    ),
    mutants=(Mutant("half_eigenvalue", {"c": 0.5}, "growth |1 − ηλ_min/2| per step"),),
    report_instances={
        "quick": ({}, {"d": 20}),
        "standard": ({}, {"d": 20}, {"d": 100, "steps": 100}),
        "full": ({}, {"d": 20}, {"d": 100, "steps": 100}, {"d": 300, "steps": 200}),
    },
)

# ---------------------------------------------------------------------------------------------------------
# landscape.relu_not_c2


def _relu_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial (forall companion of the exists claim): a unit x ∈ R^d and y ~ N(0,1), drawn; w₀ a random
    point of the kink hyperplane wᵀx = 0. Hessians of ℓ(w) = ½(σ(wᵀx) − y)² are recomputed by autograd in
    float64 at w₀ ± s x for s ∈ {s_min, max(1e4·s_min, 1e-4)}, s_min = max(64·d·eps·(1 + ‖w₀‖), 1e-8) the smallest
    offset that rounding cannot carry back across the kink (eps of the trial's dtype): for σ = relu the
    Hessian is xxᵀ on one side and 0 on the other,
    so the jump ‖H(w₀ + s x) − H(w₀ − s x)‖_F = ‖x‖² = 1 at every s (it does not vanish as s → 0: ℓ is not
    C² at w₀). Pass iff the jump ≥ ½ at both scales (each Hessian exact to rounding, 8·d·eps).
    The mutant replaces relu by softplus_β with β = 1 (C^∞): the jump is O(s) and the trial fails.
    """
    p = instance.params
    d = p["d"]
    kw = {"generator": generator, "dtype": dtype, "device": device}
    x = torch.randn(batch, d, **kw)
    x = x / x.norm(dim=-1, keepdim=True)
    y = torch.randn(batch, **kw)
    w = torch.randn(batch, d, **kw)
    w = w - (w * x).sum(-1, keepdim=True) * x  # on the hyperplane wᵀx = 0

    def loss(w1, x1, y1):
        z = w1 @ x1
        act = torch.relu(z) if p["activation"] == "relu" else torch.nn.functional.softplus(z)
        return 0.5 * (act - y1) ** 2

    hess = vmap(hessian(loss))
    # the smallest offset whose side of the kink survives rounding: w is on the hyperplane only up to rounding,
    # the computed (w ± s x)ᵀx carries an error ≤ d·eps·‖w‖‖x‖ (a d-term dot product) plus eps·‖w‖ from storing
    # w ± s x, so s ≥ 64·d·eps·(1 + ‖w‖) fixes the sign; in float64 (d ≤ 50) that is ≤ 1e-11, in float32 ≤ 1e-3.
    # The second scale is 1e4 times larger (at least the former fixed 1e-4).
    s_min = (64 * d * torch.finfo(dtype).eps * (1 + w.norm(dim=-1, keepdim=True))).clamp_min(1e-8)
    jumps = []
    for s in (s_min, torch.maximum(1e4 * s_min, torch.full_like(s_min, 1e-4))):
        jumps.append(torch.linalg.matrix_norm(hess(w + s * x, x, y) - hess(w - s * x, x, y), "fro"))
    jump = torch.minimum(*jumps)
    return Outcome(
        passed=jump >= 0.5,
        margin=jump / 0.5 - 1,
        premise_held=_ones(jump),
        details={"hessian_jump": jump},
    )


RELU_NOT_C2 = Claim(
    id="landscape.relu_not_c2",
    title="The loss of a ReLU net is not C²: its Hessian jumps across a kink",
    source=Source("Seed 004 (non-smoothness of ReLU losses)", "remark", "004"),
    statement="ℓ(w) = ½(relu(wᵀx) − y)²: for every w with wᵀx = 0, lim ∇²ℓ(w ± s x) differ by xxᵀ",
    kind=Kind.FORALL,
    params=(
        Param("d", 4, "dimension", int, minimum=1),
        Param("activation", "relu", "relu (the claim) or softplus (a C² mutant)", str, choices=("relu", "softplus")),
    ),
    trial=_relu_trial,
    strategy=lambda profile: st.fixed_dictionaries(
        {"d": st.integers(1, {"quick": 6, "standard": 20, "full": 50}[profile])}
    ),
    mutants=(Mutant("smooth_activation", {"activation": "softplus"}, "softplus is C²: no jump"),),
    report_instances={"quick": ({},), "standard": ({}, {"d": 20}), "full": ({}, {"d": 20}, {"d": 100})},
    notes="Encoded as the forall companion of the exists statement; see the module docstring.",
)

# ---------------------------------------------------------------------------------------------------------
# landscape.matrix_factorization


def _mf_outcome(p, e, ratio, ec, batch: int) -> Outcome:
    """Pass iff (a) the found point, where it is an approximate second-order point (e.psd), has ratio ≤ 1 and
    (b) every constructed saddle (examination ``ec``, B·S rows) is strict, λ_min(∇²) < −eig_tol (the mutant
    ``saddle_curvature`` = "psd" demands ∇² ≽ −eig_tol instead: that they pass the test of a minimum)."""
    found_ok = ~e.psd | (ratio <= 1)  # outside the premise the found point is not judged
    if p["saddle_curvature"] == "negative":
        curv, curv_margin = ec.strict_saddle, -ec.eig_min / ec.hess_fro
    else:
        curv, curv_margin = ec.psd, (ec.eig_min + ec.eig_tol) / ec.hess_fro
    saddle_ok = curv.reshape(batch, -1).all(-1)
    saddle_margin = curv_margin.reshape(batch, -1).amin(-1).to(ratio.dtype)
    margin = torch.minimum(saddle_margin, torch.where(e.psd, 1 - ratio, torch.ones_like(ratio)))
    return Outcome(
        passed=saddle_ok & found_ok,
        margin=margin,
        premise_held=_ones(ratio),
        details={"found_psd": e.psd.to(ratio.dtype), "saddle_max_eig_min": ec.eig_min.reshape(batch, -1).amax(-1)},
    )


def _saddle_masks(k: int, r: int, dtype, device) -> torch.Tensor:
    """The 0/1 masks J ⊂ {1..k} with |J| ≤ r and J ≠ {1..min(r, k)} (the top set): the non-global critical
    points of a rank-r factorisation fitting J (J = ∅ included: the point 0)."""
    masks = torch.tensor([[(j >> i) & 1 for i in range(k)] for j in range(2**k)], dtype=dtype, device=device)
    top = torch.zeros(k, dtype=dtype, device=device)
    top[: min(r, k)] = 1
    return masks[(masks.sum(-1) <= r) & ~(masks == top).all(-1)]


def _separated_cells(batch: int, k: int, generator, dtype, device) -> torch.Tensor:
    """(B, k) values in [0.5, 3], decreasing, s_i uniform in the middle half of the i-th of k equal cells, so
    gaps ≥ 1.25/k: a saddle fitting a non-top set J has negative curvature of the order of a gap s_i − s_j
    (i ∉ J above j ∈ J), which must exceed the eigenvalue tolerance 8·p·eps·‖∇²‖_F of the dtype the point was
    built in (float32: ≈ 1e-5·‖∇²‖_F); plain uniform draws put gaps below it now and then."""
    cell = 2.5 / k
    u = torch.rand(batch, k, generator=generator, dtype=dtype, device=device)
    return 3 - cell * (torch.arange(k, dtype=dtype, device=device) + 0.25 + 0.5 * u)


def _sym_mf_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """The symmetric case f(U) = ½‖UUᵀ − M‖_F², U ∈ R^{n×r}, M ∈ R^{n×n} symmetric PSD of full rank with
    distinct eigenvalues (Ge, Jin, Zheng 2017, §5 matrix factorisation (M of rank r there; here any PSD M, whose
    landscape has the same two properties: the critical points are U = Q_J diag(√λ_J)R, J a set of ≤ r
    eigenvalues, R orthogonal; only J = top-r gives a local minimum and every other one has a direction
    of negative curvature, derived in :func:`models.landscapes.sym_critical_point` and below). One trial:
    (a) M = Q diag(λ) Qᵀ, Q Haar, λ_i = 2^{−i}(1 + u_i/2) (separated, as clc2018's found-minima claims);
    GD from U(0) with N(0, 1/n) entries, step η = 1/(2‖M‖₂ + 6‖U‖₂²) (models.landscapes.sym_factorization_step,
    refreshed every 100 steps); premise: the end point is an approximate second-order point
    (‖∇f‖ ≤ grad_rel·‖M‖₂, ∇²f ≽ −eig_tol, witness.examine by autograd); conclusion: f = ½Σ_{i>r+rank_offset} λ_i²
    (the Eckart–Young tail of the top-r eigenvalues) to gap_rel·½(λ_r² − λ_{r+1}²), half the distance to the
    next critical value. (b) M = diag(λ), λ from :func:`_separated_cells`: for every J with |J| ≤ r, J ≠ top-r,
    the constructed U fitting J is a strict saddle: with i ∉ J above some j ∈ J (or |J| < r and a zero
    column c), the direction Δ = q_i e_cᵀ (c the column of j, or the zero column) has second derivative
    2(λ_j − λ_i) < 0 (or −2λ_i < 0) of f(U + tΔ) at t = 0, so λ_min(∇²f) ≤ 2(λ_j − λ_i) ≤ −2·(gap).
    The parameter m is not used (M is n×n).
    """
    p = instance.params
    n, r = p["n"], p["rank"]
    kw = {"generator": generator, "dtype": dtype, "device": device}
    Q = ls.random_orthogonal(batch, n, **kw)
    lam = 2.0 ** -torch.arange(n, dtype=dtype, device=device) * (1 + 0.5 * torch.rand(batch, n, **kw))
    M = (Q * lam[:, None, :]) @ Q.mT
    U = torch.randn(batch, n, r, **kw) / math.sqrt(n)
    for done in range(0, p["steps"], 100):
        eta = ls.sym_factorization_step(U, M)[:, None, None]
        for _ in range(min(100, p["steps"] - done)):
            U = U - eta * ls.sym_factorization_grad(U, M)
    f = ls.sym_factorization_flat_loss(n, r)
    e = witness.examine(f, U.reshape(batch, -1), (M,), grad_tol=p["grad_rel"] * torch.linalg.matrix_norm(M, 2))
    tail = ls.psd_tail(lam, min(r + p["rank_offset"], n))
    nxt = lam[:, r] if r < n else torch.zeros_like(lam[:, 0])
    tol = p["gap_rel"] * 0.5 * (lam[:, r - 1] ** 2 - nxt**2) + witness.loss_tolerance(tail)
    ratio = (e.loss - tail) / tol
    # (b) constructed saddles on M = diag(λ)
    lam_c = _separated_cells(batch, n, generator, dtype, device)
    masks = _saddle_masks(n, r, dtype, device)
    L = lam_c.repeat_interleave(masks.shape[0], 0)
    keep = masks.repeat(batch, 1)
    eye = torch.eye(n, dtype=dtype, device=device).expand(L.shape[0], n, n)
    Uc = ls.sym_critical_point(eye, L, keep, r)
    ec = witness.examine(f, Uc.reshape(L.shape[0], -1), (torch.diag_embed(L),))
    return _mf_outcome(p, e, ratio, ec, batch)


def _mf_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """min ½‖UVᵀ − A‖_F² is the deep linear loss with X = I, W₁ = Vᵀ (r×n), W₂ = U (m×r); with
    ``symmetric`` the trial is :func:`_sym_mf_trial` (½‖UUᵀ − M‖_F², M PSD). One trial:
    (a) GD from a random start on A with separated singular values (as clc2018's found-minima claims); the
    premise is that the end point is an approximate second-order point (‖∇‖ ≤ grad_rel‖A‖₂, ∇² ≽ −eig_tol,
    witness.examine); the conclusion that its value is the Eckart–Young tail ½Σ_{i>r+rank_offset} σ_i² to
    gap_rel·½(σ_r² − σ_{r+1}²). (b) For A = diag(s) every constructed critical point fitting a set J of
    singular values other than the top r (all 2^{min(m,n)} masks with |J| ≤ r, J ≠ top-r) is a strict saddle
    (λ_min(∇²) < −eig_tol). Pass iff (a) and (b) (:func:`_mf_outcome`). Mutants: rank_offset = 1 (the tail one
    term short); saddle_curvature = "psd" (the constructed saddles pass the second-order test of a minimum).
    """
    p = instance.params
    if p["symmetric"]:
        return _sym_mf_trial(instance, generator, device, dtype, batch)
    m, n, r = p["m"], p["n"], p["rank"]
    dims = (n, r, m)
    X0, Y0 = _separated_data({"n": n}, generator, batch, dims, dtype, device)
    Y = Y0 @ X0.mT  # X0 is orthogonal (n×n): Y = U diag(s) Vᵀ, m×n, separated singular values
    X = torch.eye(n, dtype=dtype, device=device).expand(batch, n, n)
    Ws = dl.init(dims, batch=batch, scale=1.0, generator=generator, dtype=dtype, device=device)
    for done in range(0, p["steps"], 100):
        Ws, _ = dl.gd(Ws, X, Y, eta=dl.step_size(Ws, X, Y, 1.0), steps=min(100, p["steps"] - done))
    e = witness.examine(
        dl.flat_loss(dims), dl.flatten(Ws), (X, Y), grad_tol=p["grad_rel"] * torch.linalg.matrix_norm(Y, 2)
    )
    k = min(m, n)
    tail = dl.optimal_loss(X, Y, min(r + p["rank_offset"], k))
    tol = p["gap_rel"] * _gap_scale(X, Y, r) + witness.loss_tolerance(tail)
    ratio = (e.loss - tail) / tol
    # (b) constructed saddles on A = diag(s), s from _separated_cells
    s = _separated_cells(batch, k, generator, dtype, device)
    masks = _saddle_masks(k, r, dtype, device)
    S = s.repeat_interleave(masks.shape[0], 0)
    keep = masks.repeat(batch, 1)
    # fitted coordinate i goes to hidden channel (number of fitted coordinates before i): |J| ≤ r channels
    root = (S * keep).sqrt()
    chan = (keep.cumsum(-1) - 1).clamp_min(0).long()
    rows = torch.arange(S.shape[0], device=device)[:, None].expand_as(chan)
    coord = torch.arange(k, device=device).expand_as(chan)
    W1 = torch.zeros(S.shape[0], r, n, dtype=dtype, device=device).index_put_((rows, chan, coord), root, True)
    W2 = torch.zeros(S.shape[0], m, r, dtype=dtype, device=device).index_put_((rows, coord, chan), root, True)
    Ac = torch.zeros(S.shape[0], m, n, dtype=dtype, device=device)
    Ac[:, torch.arange(k), torch.arange(k)] = S
    Ic = torch.eye(n, dtype=dtype, device=device).expand(S.shape[0], n, n)
    ec = witness.examine(dl.flat_loss(dims), dl.flatten([W1, W2]), (Ic, Ac))
    return _mf_outcome(p, e, ratio, ec, batch)


MATRIX_FACTORIZATION = Claim(
    id="landscape.matrix_factorization",
    title="Matrix factorisation: local minima are global (Eckart–Young tail), other critical points strict saddles",
    source=Source(
        GE,
        "Theorem (no spurious local minima for low-rank approximation); symmetric case: Ge, Jin, Zheng 2017, §5",
        "004, 000",
        "1704.00708",
    ),
    statement=(
        "min ½‖UVᵀ − A‖_F² (or ½‖UUᵀ − M‖_F², M ≽ 0): ∇ = 0, ∇² ≽ 0 ⇒ value ½Σ_{i>r}σ_i² (λ_i²); "
        "other critical points have λ_min(∇²) < 0"
    ),
    kind=Kind.FORALL,
    params=(
        Param("m", 3, "rows of A (not used when symmetric)", int, minimum=1),
        Param("n", 3, "columns of A; M is n×n when symmetric", int, minimum=1),
        Param("rank", 1, "factor rank r", int, minimum=1),
        Param("symmetric", False, "the symmetric problem min_U ½‖UUᵀ − M‖_F², M PSD", bool),
        Param("steps", 1500, "GD steps for the found minima", int, minimum=1),
        Param("grad_rel", 1e-3, "approximate criticality ‖∇‖ ≤ grad_rel‖A‖₂", float, minimum=0.0),
        Param("gap_rel", 1e-2, "value within gap_rel·½(σ_r² − σ_{r+1}²) of the tail", float, minimum=0.0),
        Param("rank_offset", 0, "mutant: tail with r + offset values removed", int, minimum=0),
        Param(
            "saddle_curvature",
            "negative",
            "constructed saddles: negative (λ_min(∇²) < 0, the theorem) or psd (mutant: ∇² ≽ 0)",
            str,
            choices=("negative", "psd"),
        ),
    ),
    trial=_mf_trial,
    strategy=lambda profile: st.tuples(st.integers(2, 4), st.integers(2, 4)).flatmap(
        lambda mn: st.fixed_dictionaries(
            {
                "m": st.just(mn[0]),
                "n": st.just(mn[1]),
                "rank": st.integers(1, min(mn) - 1),
                "symmetric": st.booleans(),
            }
        )
    ),
    mutants=(
        Mutant("wrong_tail", {"rank_offset": 1}, "value ½Σ_{i>r+1}σ_i² (one term short)"),
        Mutant(
            "saddles_second_order_minima",
            {"saddle_curvature": "psd"},
            "the critical points fitting a non-top set pass the second-order test of a minimum (∇² ≽ 0)",
        ),
    ),
    report_instances={
        "quick": ({}, {"symmetric": True}),
        "standard": ({}, {"m": 5, "n": 4, "rank": 2}, {"symmetric": True}, {"symmetric": True, "n": 5, "rank": 2}),
        "full": (
            {},
            {"m": 5, "n": 4, "rank": 2},
            {"m": 6, "n": 6, "rank": 3, "steps": 3000},
            {"symmetric": True},
            {"symmetric": True, "n": 5, "rank": 2},
            {"symmetric": True, "n": 6, "rank": 3, "steps": 3000},
        ),
    },
)

# ---------------------------------------------------------------------------------------------------------
# landscape.quadratic_activation


def _quadratic_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: teacher M = W*ᵀW*, W* (d×d) with singular values in [0.5, 1] (full rank and conditioned,
    so GD converges linearly); student W (m×d) with N(0, 1/d) entries; GD with
    η = step_factor/((8 + 4d)·max(‖W‖₂², ‖M‖₂)), refreshed every 50 steps, on the closed-form population
    loss L = ½(2‖Δ‖_F² + (trΔ)²) (models.landscapes). Pass iff L(W_K) ≤ tol_rel·L(W_0): the global value 0 is
    reached (no spurious minimum for m ≥ d). The mutant's m = 1 < d = rank M cannot fit: L ≥ ½·2·Σ_{i≥2}λ_i(M)².
    """
    p = instance.params
    d, m = p["d"], 1 if p["narrow"] else (p["m"] or p["d"])
    kw = {"generator": generator, "dtype": dtype, "device": device}
    Ws = dl.with_singular_values(batch, d, d, 0.5, 1.0, **kw)  # teacher conditioned: linear rate ≥ const
    M = Ws.mT @ Ws
    W = torch.randn(batch, m, d, **kw) / math.sqrt(d)
    L0 = ls.quadratic_net_loss(W, M)
    for _ in range(p["steps"] // 50):
        # curvature bound of L near W: (8 + 4d)·max(‖W‖₂², ‖M‖₂) (the Hessian of ½(2‖Δ‖² + tr²Δ))
        scale = torch.maximum(torch.linalg.matrix_norm(W, 2) ** 2, torch.linalg.matrix_norm(M, 2))
        eta = (p["step_factor"] / ((8 + 4 * d) * scale))[:, None, None]
        for _ in range(50):
            W = W - eta * ls.quadratic_net_grad(W, M)
    ratio = ls.quadratic_net_loss(W, M) / (p["tol_rel"] * L0)
    return Outcome(
        passed=ratio <= 1,
        margin=1 - ratio,
        premise_held=_ones(ratio),
        details={"final_over_initial": ratio * p["tol_rel"]},
    )


QUADRATIC_ACTIVATION = Claim(
    id="landscape.quadratic_activation",
    title="Quadratic activations with m ≥ d: random-start GD reaches the global minimum",
    source=Source("Soltanolkotabi, Javanmard, Lee 2017; Du & Lee 2018", "Theorem (benign landscape, m ≥ d)", "004"),
    statement="f(x) = Σ_j (w_jᵀx)², planted teacher, m ≥ d ⇒ w.p. ≥ 1 − δ, GD: L(W_K) ≤ tol·L(W_0)",
    kind=Kind.WHP,
    params=(
        Param("d", 3, "input dimension", int, minimum=1),
        Param("m", None, "student width (≥ d for the theorem); None = d", int, minimum=1, optional=True),
        Param("narrow", False, "mutant: width m = 1 whatever m says", bool),
        Param("steps", 1500, "GD steps", int, minimum=50),
        Param("tol_rel", 1e-6, "global value reached: L ≤ tol_rel·L(0)", float, minimum=0.0),
        Param("step_factor", 1.0, "η = step_factor / ((8 + 4d)·max(‖W‖₂², ‖M‖₂))", float, minimum=1e-12),
        Param("delta", 0.05, "failure probability δ", float, open_unit=True),
    ),
    trial=_quadratic_trial,
    strategy=lambda profile: st.integers(2, {"quick": 4, "standard": 6, "full": 8}[profile]).flatmap(
        lambda d: st.fixed_dictionaries({"d": st.just(d), "m": st.integers(d, 2 * d)})
    ),
    delta_param="delta",
    mutants=(Mutant("too_narrow", {"narrow": True}, "m = 1 < d = rank of the teacher"),),
    report_instances={"quick": ({},), "standard": ({}, {"d": 6}), "full": ({}, {"d": 6}, {"d": 10})},
)

# ---------------------------------------------------------------------------------------------------------
# landscape.random_init_avoids_saddles


def _avoid_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: f(x) = ½Σλ_i x_i² + ¼‖x‖⁴ with λ_1 = −1 (unique minimum direction), λ_2..λ_d uniform in
    [−0.5, 1] (so further strict saddles ±√(−λ_i)e_i exist); x_0 uniform in the unit ball; GD with
    η = 0.5/L, L = 1 + 3·R² (R² = 1 + max(−λ) bounds ‖x_t‖² along the run: f decreases and f ≥ ¼(‖x‖² − 1)² − ¼).
    Pass iff after K steps x is within tol of a minimiser ±e_1 (dist ≤ 1e-6 + rounding stall, see below) and
    the witness checker finds a strict minimum there (∇²f ≻ 0). The mutant starts on the stable manifold of
    the saddles (x_0·e_1 = 0), the measure-zero set the theorem excludes: GD then ends at a saddle.
    """
    p = instance.params
    d = p["d"]
    kw = {"generator": generator, "dtype": dtype, "device": device}
    lam = -0.5 + 1.5 * torch.rand(batch, d, **kw)
    lam[:, 0] = -1.0
    x = torch.randn(batch, d, **kw)
    x = x / x.norm(dim=-1, keepdim=True) * torch.rand(batch, 1, **kw) ** (1 / d)
    if p["on_stable_manifold"]:
        x[:, 0] = 0
    eta = 0.5 / (1 + 3 * 2.0)
    for _ in range(p["steps"]):
        x = x - eta * ls.quartic_grad(x, lam)
    # GD in the trial's dtype stops moving once η·|∂_i f| is below half an ulp of x_i, i.e. at ‖∇f‖ up to
    # √d·eps·‖x‖/η ≤ d·eps·(1 + ‖x‖)/η; near ±e_1 the Hessian's eigenvalues are 2 and λ_i + 1 ≥ ½, so the
    # stalled point is within 2‖∇f‖ of the minimiser. Both rounding levels get a factor 8, added to the
    # convergence tolerances of float64 (1e-8 on the gradient, 1e-6 on the distance; the linear rate
    # (1 − η/2)^K ≈ 1e-9 after K = 600 steps). The saddles are at distance ≥ ½ from ±e_1.
    stall = 8 * d * torch.finfo(dtype).eps * (1 + x.norm(dim=-1)) / eta
    e = witness.examine(ls.quartic, x, (lam,), grad_tol=1e-8 + stall)
    target = torch.zeros_like(x)
    target[:, 0] = torch.sign(x[:, 0])
    dist = (x - target).norm(dim=-1)
    dist_tol = 1e-6 + 2 * stall
    passed = (dist <= dist_tol) & e.strict_minimum
    return Outcome(passed=passed, margin=1 - dist / dist_tol, premise_held=_ones(dist), details={"distance": dist})


RANDOM_INIT_AVOIDS_SADDLES = Claim(
    id="landscape.random_init_avoids_saddles",
    title="GD from a random start converges to a minimiser, not a strict saddle",
    source=Source(LEE, "Theorem 4 (GD converges to minimisers)", "004", "1602.04915"),
    statement="η < 1/L, x_0 random ⇒ w.p. 1 GD converges to a local minimiser (f = ½xᵀΛx + ¼‖x‖⁴)",
    kind=Kind.WHP,
    params=(
        Param("d", 4, "dimension", int, minimum=1),
        Param("steps", 600, "GD steps", int, minimum=1),
        Param("on_stable_manifold", False, "mutant: x_0 ⊥ e_1", bool),
        Param("delta", 0.05, "failure probability δ", float, open_unit=True),
    ),
    trial=_avoid_trial,
    strategy=lambda profile: st.fixed_dictionaries(
        {"d": st.integers(1, {"quick": 6, "standard": 20, "full": 50}[profile])}
    ),
    delta_param="delta",
    mutants=(Mutant("start_on_stable_manifold", {"on_stable_manifold": True}, "x_0·e_1 = 0: converges to a saddle"),),
    report_instances={"quick": ({},), "standard": ({}, {"d": 20}), "full": ({}, {"d": 20}, {"d": 100})},
)

CLAIMS = (STRICT_SADDLE_ESCAPE, RELU_NOT_C2, MATRIX_FACTORIZATION, QUADRATIC_ACTIVATION, RANDOM_INIT_AVOIDS_SADDLES)


def _escape_section(ctx):
    """|vᵀx_t| against t on a quadratic with a strict saddle, observed and predicted, for a few dimensions."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from claims.report.legacy import ReportSection
    from claims.spec import seeded_generator

    dims = {"quick": (2, 10, 50), "standard": (2, 10, 50, 200), "full": (2, 10, 50, 200, 500)}[ctx.profile]
    fig, ax = plt.subplots(figsize=(5, 3.5))
    rows = []
    for d in dims:
        g = seeded_generator(ctx.seed, f"escape{d}", ctx.device)
        kw = {"generator": g, "dtype": ctx.dtype, "device": ctx.device}
        Q = ls.random_orthogonal(1, d, **kw)
        lam = torch.linspace(-0.5, 1.0, d, dtype=ctx.dtype, device=ctx.device)[None]
        A = (Q * lam[:, None, :]) @ Q.mT
        x0 = 1e-6 * torch.randn(1, d, **kw)
        xs = ls.quadratic_gd(A, x0, 0.5, 60)
        proj = (xs * Q[:, :, 0]).sum(-1).abs()[:, 0].cpu()
        t = torch.arange(61)
        ax.semilogy(t, proj, label=f"d = {d}")
        ax.semilogy(t, proj[0] * 1.25**t, "k:", lw=0.6)
        escape = int((proj >= 1e-2).float().argmax()) if bool((proj >= 1e-2).any()) else None
        rows.append((d, escape))
    ax.set_xlabel("step t")
    ax.set_ylabel("|vᵀx_t| (dotted: |1 − ηλ_min|^t |vᵀx_0|)")
    ax.legend()
    path = ctx.figure("landscape_strict_saddle_escape")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    table = "\n".join(f"| {d} | {e} |" for d, e in rows)
    md = (
        f"{ctx.link(path, 'escape along the bottom eigenvector')}\n\nη = 0.5, λ_min = −0.5, |vᵀx_0| ≈ 1e-6: "
        f"steps until |vᵀx_t| ≥ 1e-2 (independent of d, log(1e4)/log(1.25) ≈ 41):\n\n| d | escape step |\n|---|---|\n"
        f"{table}\n"
    )
    return ReportSection("Escape from a strict saddle", md, {"rows": rows})


REPORT_SECTIONS = (_escape_section,)

# ---------------------------------------------------------------------------------------------------------
# landscape.random_labels


def _random_labels_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: X (n×d) uniform on the sphere, labels y_i uniform in {−1, +1} (random labels), the
    two-layer ReLU net of models.two_layer (width m, a fixed, W trained) from the paper's initialisation; GD
    with η = eta_factor/λ_max(H∞) for K = ⌈2 ln(1/tol)/(η λ0)⌉ steps (capped at max_steps), the count
    after which the linearised dynamics ‖y − u(k)‖² ≈ Σ_i (1 − ηλ_i)^{2k}(v_iᵀy)² is below tol·‖y − u(0)‖².
    Pass iff L(W_K) ≤ tol·L(W_0): zero training loss is reached (Zhang et al. 2017; Du et al. 2018a at width
    m ≫ n). The mutant's width m = 1 cannot interpolate n ≥ 3 random labels.
    """
    from models import two_layer

    p = instance.params
    n, d, m = p["n"], p["d"], 1 if p["narrow"] else p["m"]
    X = data.sphere(n, d, generator=generator, batch=(batch,), dtype=dtype, device=device)
    y = torch.randint(0, 2, (batch, n), generator=generator, device=device).to(dtype) * 2 - 1
    W, a = two_layer.init(m, d, generator=generator, batch=(batch,), dtype=dtype, device=device)
    ev = torch.linalg.eigvalsh(two_layer.h_infinity(X))
    eta = p["eta_factor"] / ev[:, -1]
    # each trial runs its own step count: running a fast trial on to the batch's longest count would drive its
    # residual into subnormal floats, which are two orders of magnitude slower on x86
    own_steps = (2 * math.log(1 / p["tol"]) / (eta * ev[:, 0])).ceil().clamp(max=p["max_steps"])
    steps = int(own_steps.max())
    L0 = two_layer.loss(two_layer.output(X, W, a), y)
    for k in range(steps):
        W = W - (eta * (k < own_steps))[:, None, None] * two_layer.grad_w(X, W, a, y)
    ratio = two_layer.loss(two_layer.output(X, W, a), y) / (p["tol"] * L0)
    return Outcome(
        passed=ratio <= 1,
        margin=1 - ratio,
        premise_held=_ones(ratio),
        details={"lambda0": ev[:, 0], "steps": own_steps},
    )


RANDOM_LABELS = Claim(
    id="landscape.random_labels",
    title="A wide two-layer ReLU net trained by GD fits random labels to zero training loss",
    source=Source("Zhang et al. 2017; Arora et al. 2019; Du et al. 2018a", "Section 2 (random labels)", "000, 004"),
    statement="y ∈ {±1}^n random, m ≫ n ⇒ w.p. ≥ 1 − δ, GD reaches L(W_K) ≤ tol·L(W_0)",
    kind=Kind.WHP,
    params=(
        Param("n", 4, "samples", int, minimum=1),
        Param("d", 6, "input dimension", int, minimum=2),
        Param("m", 64, "width", int, minimum=1),
        Param("eta_factor", 1.0, "η = eta_factor / λ_max(H∞)", float, minimum=1e-12),
        Param("tol", 1e-3, "zero loss to tol·L(0)", float, open_unit=True),
        Param("max_steps", 500, "cap on GD steps", int, minimum=1),
        Param("narrow", False, "mutant: width 1", bool),
        Param("delta", 0.05, "failure probability δ", float, open_unit=True),
    ),
    trial=_random_labels_trial,
    strategy=lambda profile: st.integers(3, {"quick": 4, "standard": 8, "full": 12}[profile]).flatmap(
        lambda n: st.fixed_dictionaries({"n": st.just(n), "d": st.integers(n + 1, 2 * n)})
    ),
    delta_param="delta",
    mutants=(Mutant("width_one", {"narrow": True}, "one neuron cannot fit n ≥ 3 random labels"),),
    report_instances={
        "quick": ({},),
        "standard": ({}, {"n": 10, "d": 10, "m": 1000}),
        "full": ({}, {"n": 16, "d": 16, "m": 2000}),
    },
)

CLAIMS = (*CLAIMS, RANDOM_LABELS)

# ---------------------------------------------------------------------------------------------------------
# landscape.arora_trajectory and landscape.arora_label_speed (Arora, Du, Hu, Li, Wang 2019)

ARORA = "Arora, Du, Hu, Li, Wang 2019 (ICML)"
ARORA_ARXIV = "1901.08584"


def _arora_run(p, generator, device, dtype, batch: int, labels: tuple[str, ...]):
    """X (B, n, d) uniform on the sphere; for each kind in ``labels`` a label vector of norm √n: "random"
    y ∈ {±1}^n uniform, "linear" y ∝ Xβ (β ~ N(0, I_d), a smooth function of x: Arora et al. §5.1); one
    initialisation per trial shared by its label kinds, antisymmetric: m/2 rows w_r ~ N(0, I_d) with signs
    a_r, each repeated with sign −a_r, so u(0) = 0 exactly (Theorem 4.1 takes w_r ~ N(0, κ²I) with κ small
    so that u(0) ≈ 0; the doubling gets u(0) = 0 at κ = 1, where the weights move least relative to their
    size); GD on W only (models.dynamics, closed-form gradient) with η = eta_factor/λ_max(H∞) for K steps.
    Returns (H∞, λ (B, n), η (B,), {kind: (y, ‖y − u(k)‖ for k = 0..K as (B, K+1))})."""
    from models import dynamics, two_layer

    n, d, m, K = p["n"], p["d"], p["m"], p["steps"]
    kw = {"generator": generator, "dtype": dtype, "device": device}
    X = data.sphere(n, d, generator=generator, batch=(batch,), dtype=dtype, device=device)
    W, a = two_layer.init(m // 2, d, generator=generator, batch=(batch,), dtype=dtype, device=device)
    W, a = torch.cat([W, W], -2), torch.cat([a, -a], -1)
    H = two_layer.h_infinity(X)
    lam = torch.linalg.eigvalsh(H)
    eta = p["eta_factor"] / lam[:, -1]
    runs = {}
    for kind in labels:
        if kind == "random":
            y = torch.randint(0, 2, (batch, n), generator=generator, device=device).to(dtype) * 2 - 1
        else:
            y = (X @ torch.randn(batch, d, 1, **kw))[..., 0]
            y = y / y.norm(dim=-1, keepdim=True) * math.sqrt(n)
        traj = dynamics.gradient_descent(X, y, W, a, eta=eta, steps=K, track=False)
        runs[kind] = (y, traj.residual_sq.sqrt())
    return H, lam, eta, runs


def _arora_trajectory_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Arora et al. 2019, Theorem 4.1: for GD with step η on the first layer, for all k ≥ 0,

        ‖y − u(k)‖ = (Σ_i (1 − ηλ_i)^{2k} (v_iᵀy)²)^{1/2} ± ε,   (λ_i, v_i) the eigenpairs of H∞,

    with ε → 0 as m grows (m = Ω(n⁷/(λ0⁴κ²δ⁴ε²)), η = O(λ0/n²) there). One trial (:func:`_arora_run`, labels
    of the kind ``labels``): pass iff for every k ≤ K

        |‖y − u(k)‖ − pred(k)| ≤ ε = tol_factor · n ‖y‖ / (λ0 √m)

    (pred: models.two_layer.linear_prediction with c = rate_factor; 1 the theorem). The form of ε is the
    first-order perturbation bound of the linear recursion r(k+1) = (I − ηH∞)r(k) + η(H∞ − H(k))r(k): the
    kernel's finite-width error ‖H(k) − H∞‖₂ is of order n/√m (entrywise m^{−1/2} fluctuations of H(0), and a
    drift of the same order), and summed along the run it is amplified at most by η Σ_k (1 − ηλ0)^k = 1/λ0.
    The constant tol_factor = ½ is empirical (not the paper's; worst ratio observed ≈ 0.35 at n = 3 over
    thousands of trials, about 0.1–0.2 for n ≥ 4): this claim tests the prediction's form and its m^{−1/2}
    error, not Theorem 4.1's polynomial width. Premise (the theorem's λ0 > 0 made quantitative at the widths
    run here, where ε must stay below ‖y‖): λ0 ≥ lambda0_min. The step is the practical η = 1/λ_max(H∞)
    (Theorem 4.1's η = O(λ0/n²) only slows the run down; the linear prediction is exact for any η of the
    linearised dynamics). Mutant: rate_factor ½, the prediction (1 − ηλ_i/2)^k.
    """
    p = instance.params
    from models import two_layer

    H, lam, eta, runs = _arora_run(p, generator, device, dtype, batch, (p["labels"],))
    y, actual = runs[p["labels"]]
    pred = two_layer.linear_prediction(H, y, eta, p["steps"], c=p["rate_factor"])
    lam0 = lam[:, 0]
    eps = p["tol_factor"] * p["n"] * y.norm(dim=-1) / (lam0.clamp_min(1e-300) * math.sqrt(p["m"]))
    # rounding: GD's residual and the eigen-powers are each good to a few n·eps·‖y‖ per step; K + 1 steps
    rounding = 16 * (p["steps"] + 1) * p["n"] * torch.finfo(dtype).eps * y.norm(dim=-1)
    dev = (actual - pred).abs().amax(-1)
    ratio = dev / (eps + rounding)
    return Outcome(
        passed=ratio <= 1,
        margin=1 - ratio,
        premise_held=lam0 >= p["lambda0_min"],
        details={
            "deviation_over_norm": dev / y.norm(dim=-1),
            "epsilon_over_norm": eps / y.norm(dim=-1),
            "lambda0": lam0,
        },
    )


ARORA_TRAJECTORY = Claim(
    id="landscape.arora_trajectory",
    title="GD's residual follows the linear H∞ dynamics: ‖y − u(k)‖ ≈ ‖(I − ηH∞)^k y‖, error O(n/(λ0√m))",
    source=Source(ARORA, "Theorem 4.1", "000", ARORA_ARXIV),
    statement="λ0 ≥ λ_min ⇒ ∀k ≤ K: |‖y − u(k)‖ − (Σ_i (1 − ηλ_i)^{2k}(v_iᵀy)²)^{1/2}| ≤ ½·n‖y‖/(λ0√m)",
    kind=Kind.CONDITIONAL,
    params=(
        Param("n", 4, "samples", int, minimum=1),
        Param("d", 6, "input dimension", int, minimum=2),
        Param("m", 2000, "width (even: antisymmetric pairs)", int, minimum=2),
        Param("steps", 50, "GD steps K", int, minimum=1),
        Param("eta_factor", 1.0, "η = eta_factor / λ_max(H∞)", float, minimum=1e-12),
        Param("labels", "random", "random (±1) or linear (y ∝ Xβ) labels", str, choices=("random", "linear")),
        Param("tol_factor", 0.5, "ε = tol_factor·n‖y‖/(λ0√m)", float, minimum=0.0),
        Param("lambda0_min", 0.05, "premise: λ0 = λ_min(H∞) ≥ lambda0_min", float, minimum=0.0),
        Param("rate_factor", 1.0, "c in (1 − c·ηλ_i)^k (the theorem: 1)", float),
    ),
    trial=_arora_trajectory_trial,
    strategy=lambda profile: st.integers(3, {"quick": 5, "standard": 8, "full": 12}[profile]).flatmap(
        lambda n: st.fixed_dictionaries(
            {"n": st.just(n), "d": st.integers(n, 2 * n), "labels": st.sampled_from(("random", "linear"))}
        )
    ),
    max_examples={"quick": 3, "standard": 6},
    mutants=(Mutant("half_rate", {"rate_factor": 0.5}, "prediction (1 − ηλ_i/2)^k: half the rate"),),
    report_instances={
        "quick": ({}, {"labels": "linear"}),
        "standard": ({}, {"labels": "linear"}, {"n": 8, "d": 12, "m": 4000}),
        "full": ({}, {"labels": "linear"}, {"n": 8, "d": 12, "m": 4000}, {"n": 12, "d": 16, "m": 8000}),
    },
    notes="Conditional: the premise λ0 ≥ lambda0_min stands in for the theorem's width m = poly(n, 1/λ0).",
)


def _arora_speed_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Arora et al. 2019, §4 (consequence of Theorem 4.1): labels with larger yᵀ(H∞)^{−1}y are fitted more
    slowly. From Theorem 4.1, Σ_{k≥0} ‖y − u(k)‖² ≈ Σ_i (v_iᵀy)²/(ηλ_i(2 − ηλ_i)) ≈ yᵀ(H∞)^{−1}y/(2η): the
    area under the loss curve is the label complexity. One trial (:func:`_arora_run`, random ±1 labels and
    linear labels y ∝ Xβ, both of norm √n, from the same initialisation): measured areas
    A = (η/n) Σ_{k≤K} ‖y − u(k)‖² and predicted complexities c = yᵀ(H∞)^{−1}y/n
    (models.two_layer.label_complexity). Premise: the prediction separates the two label vectors,
    c_random ≥ ratio_min·c_linear. Conclusion: the random labels converge more slowly, A_random > A_linear
    (``slower`` = "linear", the mutant, claims the opposite).
    """
    from models import two_layer

    p = instance.params
    H, _, eta, runs = _arora_run(p, generator, device, dtype, batch, ("random", "linear"))
    area = {k: eta * r.square().sum(-1) / p["n"] for k, (_, r) in runs.items()}
    comp = {k: two_layer.label_complexity(H, y) / p["n"] for k, (y, _) in runs.items()}
    slow, fast = ("random", "linear") if p["slower"] == "random" else ("linear", "random")
    score = area[slow] / area[fast]
    return Outcome(
        passed=score > 1,
        margin=1 - 1 / score,
        premise_held=comp["random"] >= p["ratio_min"] * comp["linear"],
        details={
            "area_random": area["random"],
            "area_linear": area["linear"],
            "complexity_random": comp["random"],
            "complexity_linear": comp["linear"],
        },
    )


ARORA_LABEL_SPEED = Claim(
    id="landscape.arora_label_speed",
    title="Random labels are fitted more slowly than structured ones, as yᵀ(H∞)^{−1}y predicts",
    source=Source(ARORA, "Section 4 (consequence of Theorem 4.1), Figure 1", "000", ARORA_ARXIV),
    statement="y_randᵀ(H∞)⁻¹y_rand ≥ 2·y_linᵀ(H∞)⁻¹y_lin (‖y‖ = √n) ⇒ Σ_k ‖y − u(k)‖² larger for y_rand",
    kind=Kind.CONDITIONAL,
    params=(
        Param("n", 6, "samples", int, minimum=1),
        Param("d", 3, "input dimension", int, minimum=2),
        Param("m", 500, "width (even: antisymmetric pairs)", int, minimum=2),
        Param("steps", 50, "GD steps K", int, minimum=1),
        Param("eta_factor", 1.0, "η = eta_factor / λ_max(H∞)", float, minimum=1e-12),
        Param("ratio_min", 2.0, "premise: c_random ≥ ratio_min·c_linear", float, minimum=1.0),
        Param(
            "slower",
            "random",
            "which labels converge more slowly (random: the claim)",
            str,
            choices=("random", "linear"),
        ),
    ),
    trial=_arora_speed_trial,
    strategy=lambda profile: st.integers(4, {"quick": 8, "standard": 12, "full": 16}[profile]).flatmap(
        lambda n: st.fixed_dictionaries({"n": st.just(n), "d": st.integers(2, max(2, n // 2))})
    ),
    max_examples={"quick": 3, "standard": 6},
    mutants=(Mutant("random_faster", {"slower": "linear"}, "random labels converge faster than linear ones"),),
    report_instances={
        "quick": ({},),
        "standard": ({}, {"n": 12, "d": 4, "m": 2000}),
        "full": ({}, {"n": 12, "d": 4, "m": 2000}, {"n": 20, "d": 5, "m": 4000}),
    },
)

CLAIMS = (*CLAIMS, ARORA_TRAJECTORY, ARORA_LABEL_SPEED)

# ---------------------------------------------------------------------------------------------------------
# landscape.spurious_minima_relu

SAFRAN = "Safran & Shamir 2018 (ICML)"


def _ts_loss(k: int, d: int):
    """F as a pure function of the flat student (k·d,) and the teacher (k, d), for the witness checker."""
    from models import teacher_student as ts

    def f(x, V):
        return ts.population_loss(x.reshape(1, k, d), V[None])[0]

    return f


def _spurious_search(p, generator, device, dtype, starts: int):
    """GD from ``starts`` random students (rows N(0, I/d)) on F with teacher V = I_k (d = k), step
    η = eta_k/k (F's Hessian has norm ≤ about k/2: the self term contributes ½, each of the k − 1 student
    and k teacher cross terms at most ½). Returns (W_K (S, k, d), V (k, d), η)."""
    from models import teacher_student as ts

    k = p["k"]
    V = torch.eye(k, dtype=dtype, device=device)
    W = torch.randn(starts, k, k, generator=generator, dtype=dtype, device=device) / math.sqrt(k)
    eta = p["eta_k"] / k
    for _ in range(p["steps"]):
        W = W - eta * ts.population_grad(W, V)
    return W, V, eta


def _spurious_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial = one batch of ``starts`` GD runs (:func:`_spurious_search`); it passes when some end point
    is a verified spurious local minimum of F (Safran & Shamir 2018, §4 and Table 1: k = n teacher and
    student neurons, teacher rows orthonormal (v_i = e_i), x ~ N(0, I_k); spurious minima exist for
    6 ≤ k ≤ 20). Candidates are end points with F > loss_gap; each is re-examined by claims.witness
    (F, ∇F and ∇²F by autograd in float64):

    * ‖∇F‖ ≤ grad_tol + 8·√p·eps·(1 + ‖W‖)/η (a convergence tolerance, plus where GD in the trial's dtype
      stalls: an update η·∂_iF below half an ulp of W_i no longer moves it; p = k²);
    * λ_min(∇²F) ≥ −eig_tol (witness: 8·p·eps·‖∇²F‖_F, eps of the trial's dtype), the second-order
      necessary condition of a minimum (``curvature`` = "negative", the mutant, demands λ_min < −eig_tol:
      no local minimum has it, so every witness fails and the claim must end INCONCLUSIVE);
    * F > loss_gap (clearly above the global value 0, which is reached at any permutation of V).

    Margin: the best candidate's min(1 − ‖∇F‖/grad_tol, F/loss_gap − 1, 1 + λ_min/eig_tol), signed.
    Details: the share of starts whose end point verified (per trial) and the best witness's F and λ_min.
    """
    p = instance.params
    k, S = p["k"], p["starts"]
    W, V, eta = _spurious_search(p, generator, device, dtype, batch * S)
    from models import teacher_student as ts

    L = ts.population_loss(W, V).reshape(batch, S)
    flat = W.reshape(batch * S, k * k)
    stall = 8 * k * torch.finfo(dtype).eps * (1 + flat.norm(dim=-1)) / eta  # √p = k
    gt = (p["grad_tol"] + stall).reshape(batch, S)
    gnorm = ts.population_grad(W, V).reshape(batch, S, -1).norm(dim=-1)
    # autograd of the closed form differentiates arccos, whose derivative is infinite where a student row is
    # parallel to a teacher row or another student row (cos = 1): such points are left out (not verifiable here);
    # a computed cosine is good to a few k·eps, so above 1 − 1e3·eps a pair may be parallel (k ≤ 20 here)
    Wn = W / W.norm(dim=-1, keepdim=True)
    self_cos = Wn @ Wn.mT - 2 * torch.eye(k, dtype=dtype, device=device)
    cos_max = torch.cat([Wn @ V.mT, self_cos], -1).amax((-2, -1))
    smooth = (cos_max < 1 - 1e3 * torch.finfo(dtype).eps).reshape(batch, S)
    cand = (p["loss_gap"] < L) & (gnorm <= 10 * gt) & smooth  # pre-screen; the witness decides
    margin = torch.full((batch,), -1.0, dtype=dtype, device=device)
    share = torch.zeros(batch, dtype=dtype, device=device)
    best_loss = torch.zeros(batch, dtype=dtype, device=device)
    best_lam = torch.zeros(batch, dtype=dtype, device=device)
    idx = cand.reshape(-1).nonzero()[:, 0][: p["max_witnesses"]]
    if idx.numel():
        e = witness.examine(
            _ts_loss(k, k), flat[idx], (V.expand(idx.numel(), k, k),), grad_tol=gt.reshape(-1)[idx].double()
        )
        curv = e.psd if p["curvature"] == "psd" else e.critical & (e.eig_min < -e.eig_tol)
        ok = curv & (e.loss > p["loss_gap"])
        lam_term = 1 + e.eig_min / e.eig_tol if p["curvature"] == "psd" else -1 - e.eig_min / e.eig_tol
        m = torch.minimum(torch.minimum(1 - e.grad_norm / e.grad_tol, e.loss / p["loss_gap"] - 1), lam_term)
        owner = idx // S
        m = m.to(dtype)
        margin = margin.scatter_reduce(0, owner, m, "amax")
        share = share.index_add(0, owner, ok.to(dtype)) / S
        score = torch.where(ok, e.loss, torch.zeros_like(e.loss)).to(dtype)
        best = torch.full((batch,), -1.0, dtype=dtype, device=device).scatter_reduce(0, owner, score, "amax")
        hit = ok & (score == best[owner])
        best_loss = best_loss.index_put((owner[hit],), e.loss[hit].to(dtype))
        best_lam = best_lam.index_put((owner[hit],), e.eig_min[hit].to(dtype))
    passed = share > 0
    return Outcome(
        passed=passed,
        margin=margin,
        premise_held=torch.ones(batch, dtype=torch.bool, device=device),
        details={
            "k": torch.full((batch,), float(k), dtype=dtype, device=device),
            "share": share,
            "witness_loss": best_loss,
            "witness_lambda_min": best_lam,
        },
    )


SPURIOUS_MINIMA_RELU = Claim(
    id="landscape.spurious_minima_relu",
    title="Teacher–student two-layer ReLU nets (k = k neurons) have spurious local minima",
    source=Source(SAFRAN, "Section 4 (spurious local minima for 6 ≤ k ≤ 20), Table 1", "000", "1712.08968"),
    statement="F(W) = ½E(Σ relu(w_iᵀx) − Σ relu(v_iᵀx))², V = I_k: ∃ W with ∇F = 0, ∇²F ≽ 0, F > 0",
    kind=Kind.EXISTS,
    params=(
        Param("k", 8, "teacher = student neurons = input dimension", int, minimum=1),
        Param("starts", 64, "random starts per trial (a trial passes on one verified witness)", int, minimum=1),
        Param("trials", 2, "trials (batches of starts) before INCONCLUSIVE", int, minimum=1),
        Param("steps", 2000, "GD steps", int, minimum=1),
        Param("eta_k", 2.0, "GD step η = eta_k / k", float, minimum=1e-12),
        Param("grad_tol", 1e-5, "criticality ‖∇F‖ ≤ grad_tol (+ the dtype's stall level)", float, minimum=0.0),
        Param("loss_gap", 1e-3, "spurious: F > loss_gap (the global value is 0)", float, minimum=0.0),
        Param("max_witnesses", 4, "candidates examined by autograd per batch", int, minimum=1),
        Param("curvature", "psd", "psd (a local minimum) or negative (mutant)", str, choices=("psd", "negative")),
    ),
    trial=_spurious_trial,
    strategy=lambda profile: st.fixed_dictionaries(
        {"k": st.integers(8, {"quick": 9, "standard": 10, "full": 12}[profile])}
    ),
    mutants=(
        Mutant(
            "negative_curvature",
            {"curvature": "negative"},
            "witness must have λ_min(∇²F) < 0: no local minimum does",
            expected=Verdict.INCONCLUSIVE,
        ),
    ),
    report_instances={
        "quick": ({},),
        "standard": ({}, {"k": 10}),
        "full": ({}, {"k": 10}, {"k": 12}),
    },
    notes="Exists: a trial is a batch of starts; the report estimates the share of starts per k.",
)

CLAIMS = (*CLAIMS, SPURIOUS_MINIMA_RELU)


def _spurious_share_section(ctx):
    """Share of random starts whose GD end point is a verified spurious local minimum, against k, with exact
    (Clopper–Pearson) intervals; and a table of verified witnesses (k, F, λ_min(∇²F))."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from claims.report.legacy import ReportSection
    from claims.spec import seeded_generator
    from claims.stats import failure_rate_interval_by_clopper_pearson
    from models import teacher_student as ts

    ks = {"quick": (6, 8), "standard": tuple(range(6, 13)), "full": tuple(range(6, 13))}[ctx.profile]
    starts = {"quick": 64, "standard": 256, "full": 512}[ctx.profile]
    steps = {"quick": 2000, "standard": 4000, "full": 6000}[ctx.profile]
    rows, witnesses = [], []
    for k in ks:
        p = SPURIOUS_MINIMA_RELU.resolve({"k": k, "steps": steps})
        g = seeded_generator(ctx.seed, f"spurious{k}", ctx.device)
        W, V, eta = _spurious_search(p, g, ctx.device, ctx.dtype, starts)
        L = ts.population_loss(W, V)
        idx = (p["loss_gap"] < L).nonzero()[:, 0]
        verified = 0
        for chunk in idx.split(64) if idx.numel() else ():
            flat = W[chunk].reshape(len(chunk), -1)
            stall = 8 * k * torch.finfo(ctx.dtype).eps * (1 + flat.norm(dim=-1)) / eta
            e = witness.examine(
                _ts_loss(k, k), flat, (V.expand(len(chunk), k, k),), grad_tol=(p["grad_tol"] + stall).double()
            )
            ok = e.psd & (e.loss > p["loss_gap"])
            verified += int(ok.sum())
            witnesses += [(k, float(a), float(b)) for a, b in zip(e.loss[ok], e.eig_min[ok], strict=True)][:3]
        lo, hi = failure_rate_interval_by_clopper_pearson(verified, starts, 1 - ctx.alpha)
        rows.append((k, verified, starts, verified / starts, lo, hi))
    fig, ax = plt.subplots(figsize=(5, 3.5))
    kk = [r[0] for r in rows]
    share = [r[3] for r in rows]
    yerr = [[r[3] - r[4] for r in rows], [r[5] - r[3] for r in rows]]
    ax.errorbar(kk, share, yerr=yerr, fmt="o-")
    ax.set_xlabel("k (teacher = student neurons)")
    ax.set_ylabel("share of starts in a spurious minimum")
    path = ctx.figure("landscape_spurious_minima_share")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    table = "\n".join(f"| {k} | {v}/{n} | {s:.3f} | [{lo:.3f}, {hi:.3f}] |" for k, v, n, s, lo, hi in rows)
    wtable = "\n".join(f"| {k} | {f:.5f} | {lam:.3e} |" for k, f, lam in witnesses)
    md = (
        f"{ctx.link(path, 'share of spurious minima against k')}\n\nGD ({steps} steps, η = 2/k) from {starts} starts "
        f"per k, teacher V = I_k; an end point counts when claims.witness verifies ‖∇F‖ ≤ 1e-5 (+ rounding), "
        f"∇²F ≽ −eig_tol and F > 1e-3. Intervals: exact, level {1 - ctx.alpha:g}.\n\n"
        f"| k | verified/starts | share | interval |\n|---|---|---|---|\n{table}\n\n"
        f"Verified witnesses (up to 3 per k and chunk):\n\n| k | F | λ_min(∇²F) |\n|---|---|---|\n{wtable}\n"
    )
    return ReportSection("Spurious local minima of teacher–student ReLU nets", md, {"rows": rows})


REPORT_SECTIONS = (*REPORT_SECTIONS, _spurious_share_section)

# ---------------------------------------------------------------------------------------------------------
# landscape.perturbed_gd_escape

JIN = "Jin, Ge, Netrapalli, Kakade, Jordan 2017 (ICML)"


def _pgd_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: a dimension d = ⌊2^U⌋, U uniform in [1, log₂ d_max] (so log d spreads evenly); the quartic
    f(x) = ½Σλ_i x_i² + ¼‖x‖⁴ with λ_1 = −1 (a strict saddle at 0, minimisers ±e_1) and λ_2..λ_d uniform in
    [0.5, 1]; perturbed GD (models.landscapes.perturbed_gd_to_sosp) started exactly at the saddle x_0 = 0.
    Constants: ℓ = 1 + 3R² = 7 bounds ∇²f on ‖x‖² ≤ R² = 2 (f decreases along GD and f ≥ ¼(‖x‖²−1)² − ¼),
    η = 1/(2ℓ); the Hessian is ρ-Lipschitz there with ρ = 6R ≤ 9; g_thres = ε; radius and t_thres are
    parameters (Jin et al. take r = √c·ε/(χ²ℓ), t_thres = χℓ/(c²√(ρε)), χ = O(log(dℓΔf/(cε²δ)))).

    Jin et al. 2017, Theorem 3: PGD reaches an ε-second-order stationary point (‖∇f‖ ≤ ε,
    λ_min(∇²f) ≥ −√(ρε)) w.p. ≥ 1 − δ within O(ℓ(f(x_0) − f*)/ε² · log⁴(dℓΔf/(ε²δ))) iterations: at fixed
    ε, ℓ, Δf, δ the count T(d) ≤ C(log d + c')⁴. Measured: size = log d, value = T(d); the fitted exponent b
    of T ∝ (log d)^b must be at most ``polylog_power`` (4). The mutant ``dimension_free`` claims b ≤ 0: false,
    since the ball perturbation's component along e_1 is of order radius/√d, so escaping takes
    ≈ (log(√d/radius) + O(1))/log(1 + η) steps, growing like ½·log d/η.
    """
    p = instance.params
    kw = {"generator": generator, "dtype": dtype, "device": device}
    D = p["d_max"]
    dims = (2 ** (1 + (math.log2(D) - 1) * torch.rand(batch, **kw))).floor().clamp(2, D).long()
    lam = 0.5 + 0.5 * torch.rand(batch, D, **kw)
    lam[:, 0] = -1.0
    ell = 7.0
    hit = ls.perturbed_gd_to_sosp(
        torch.zeros(batch, D, dtype=dtype, device=device),
        lam,
        dims,
        eta=0.5 / ell,
        radius=p["radius"],
        g_thres=p["eps"],
        t_thres=p["t_thres"],
        eps=p["eps"],
        rho=9.0,
        max_steps=p["max_steps"],
        generator=generator,
    )
    reached = hit < p["max_steps"]
    value = hit.to(dtype).clamp_min(1)
    return Outcome(
        passed=reached,
        margin=1 - value / p["max_steps"],
        premise_held=reached,
        details={"size": dims.to(dtype).log(), "value": value, "d": dims.to(dtype)},
    )


PERTURBED_GD_ESCAPE = Claim(
    id="landscape.perturbed_gd_escape",
    title="Perturbed GD escapes a strict saddle to an ε-second-order point in polylog(d) iterations",
    source=Source(JIN, "Theorem 3 (PGD finds an ε-SOSP in Õ(ℓΔf/ε²·log⁴ d) iterations)", "004", "1703.00887"),
    statement="T(d) = iterations to ‖∇f‖ ≤ ε, λ_min(∇²f) ≥ −√(ρε) from a strict saddle: T ∝ (log d)^b, b ≤ 4",
    kind=Kind.SCALING,
    params=(
        Param("d_max", 1024, "largest dimension (d drawn log-uniformly in [2, d_max])", int, minimum=4),
        Param("eps", 1e-2, "ε of the ε-second-order stationary point", float, minimum=1e-12),
        Param("radius", 0.1, "perturbation radius r (uniform in the ball)", float, minimum=0.0),
        Param("t_thres", 200, "at most one perturbation every t_thres steps", int, minimum=1),
        Param("max_steps", 2000, "cap on iterations (a run not reaching an ε-SOSP is left out)", int, minimum=1),
        Param("trials", 160, "measurements (size, value) of the fit", int, minimum=3),
        Param("polylog_power", 4.0, "b in T ≤ C·(log d)^b (the theorem: 4)", float),
    ),
    trial=_pgd_trial,
    strategy=lambda profile: st.fixed_dictionaries(
        {"d_max": st.sampled_from({"quick": (256, 1024), "standard": (1024, 4096, 65536), "full": (65536,)}[profile])}
    ),
    exponent_param="polylog_power",
    exponent_relation="at_most",
    mutants=(
        Mutant(
            "dimension_free",
            {"polylog_power": 0.0},
            "T independent of d (b ≤ 0): false, the escape component of the perturbation shrinks like 1/√d",
        ),
    ),
    report_instances={"quick": ({},), "standard": ({}, {"d_max": 65536}), "full": ({}, {"d_max": 65536})},
)

CLAIMS = (*CLAIMS, PERTURBED_GD_ESCAPE)


def _pgd_escape_section(ctx):
    """Iterations of perturbed GD from a strict saddle to an ε-second-order point against d (log axis), with
    the fitted exponent b of T ∝ (log d)^b (theory: b ≤ 4)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from claims.report.legacy import ReportSection
    from claims.spec import seeded_generator
    from claims.stats import fit_power_law_exponent

    d_max = {"quick": 1024, "standard": 65536, "full": 65536}[ctx.profile]
    inst = Instance(PERTURBED_GD_ESCAPE.resolve({"d_max": d_max}), ctx.seed)
    g = seeded_generator(ctx.seed, "pgd_report", ctx.device)
    out = PERTURBED_GD_ESCAPE.trial(inst, g, ctx.device, ctx.dtype, 160)
    keep = out.premise_held.cpu()
    d = out.details["d"].cpu()[keep]
    T = out.details["value"].cpu()[keep]
    fit = fit_power_law_exponent(d.log().numpy(), T.numpy(), 1 - ctx.alpha)
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.semilogx(d.numpy(), T.numpy(), "o", alpha=0.4, label="runs")
    grid = torch.logspace(math.log10(2), math.log10(d_max), 50, dtype=torch.float64)
    ax.semilogx(grid, math.exp(fit.intercept) * grid.log() ** fit.slope, "k-", label=f"(log d)^{fit.slope:.2f}")
    ax.set_xlabel("dimension d")
    ax.set_ylabel("iterations to an ε-SOSP")
    ax.legend()
    path = ctx.figure("landscape_perturbed_gd_escape")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    md = (
        f"{ctx.link(path, 'perturbed GD escape iterations against d')}\n\n{int(keep.sum())} runs from the saddle of "
        f"½Σλ_i x_i² + ¼‖x‖⁴ (λ_1 = −1), d log-uniform in [2, {d_max}]: fitted T ∝ (log d)^b with "
        f"b = {fit.slope:.3f} (interval [{fit.lo:.3f}, {fit.hi:.3f}]); Jin et al. 2017: b ≤ 4. The growth is "
        "real (b > 0): the perturbation's component along the escape direction is of order r/√d.\n"
    )
    return ReportSection("Perturbed GD: escape iterations against dimension", md, {"slope": fit.slope})


REPORT_SECTIONS = (*REPORT_SECTIONS, _pgd_escape_section)


def _arora_section(ctx):
    """Arora et al. 2019: measured ‖y − u(k)‖ against the linear prediction (Σ_i (1 − ηλ_i)^{2k}(v_iᵀy)²)^{1/2}
    for random and linear labels on the same data and initialisation, with the predicted complexities."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from claims.report.legacy import ReportSection
    from claims.spec import seeded_generator
    from models import two_layer

    n, d, m, K = {"quick": (12, 3, 2000, 100), "standard": (16, 4, 4000, 200), "full": (24, 4, 8000, 300)}[ctx.profile]
    p = ARORA_TRAJECTORY.resolve({"n": n, "d": d, "m": m, "steps": K})
    g = seeded_generator(ctx.seed, "arora_report", ctx.device)
    H, lam, eta, runs = _arora_run(p, g, ctx.device, ctx.dtype, 1, ("random", "linear"))
    fig, ax = plt.subplots(figsize=(5, 3.5))
    rows = []
    for kind, color in (("random", "C3"), ("linear", "C0")):
        y, actual = runs[kind]
        pred = two_layer.linear_prediction(H, y, eta, K)
        ax.plot(actual[0].cpu(), color=color, label=f"{kind} labels: GD")
        ax.plot(pred[0].cpu(), color=color, ls="--", lw=0.8, label=f"{kind} labels: prediction")
        dev = float((actual - pred).abs().amax()) / float(y.norm())
        comp = float(two_layer.label_complexity(H, y)[0]) / n
        area = float(eta[0] * actual.square().sum()) / n
        rows.append((kind, comp, area, dev))
    ax.set_xlabel("GD step k")
    ax.set_ylabel("‖y − u(k)‖")
    ax.legend(fontsize=7)
    path = ctx.figure("landscape_arora_trajectory")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    table = "\n".join(f"| {k} | {c:.3g} | {a:.3g} | {e:.3g} |" for k, c, a, e in rows)
    md = (
        f"{ctx.link(path, 'residual against GD step, measured and predicted')}\n\nn = {n} points on S^{d - 1}, "
        f"m = {m} (antisymmetric init, u(0) = 0), η = 1/λ_max(H∞), λ0 = {float(lam[0, 0]):.3g}. Dashed: Arora et al. "
        "2019, Theorem 4.1, ‖(I − ηH∞)^k y‖. Both label vectors have ‖y‖ = √n. The claim's tolerance "
        f"ε/‖y‖ = ½·n/(λ0√m) = {0.5 * n / (float(lam[0, 0]) * m**0.5):.3g} here (vacuous when ≥ 1: at this "
        "small λ0 the random labels' slow directions are predicted only roughly).\n\n"
        "| labels | yᵀ(H∞)⁻¹y / n | area (η/n)Σ_k‖y − u(k)‖² | max_k deviation / ‖y‖ |\n|---|---|---|---|\n"
        f"{table}\n"
    )
    title = "Arora et al. 2019: residual trajectories, random against structured labels"
    return ReportSection(title, md, {"rows": rows})


REPORT_SECTIONS = (*REPORT_SECTIONS, _arora_section)


# ---------------------------------------------------------------------------------------------------------
# landscape.exponential_escape

DU2017 = "Du, Jin, Lee, Jordan, Póczos, Singh 2017 (NeurIPS)"


def _octopus_escape(p, generator, device, dtype, batch: int):
    """Draw (d, x₀) for ``batch`` runs and return (d, T, inside): d uniform in {2, …, d_max}, x₀ uniform in
    [−1, 1]^d, T the steps of p["algorithm"] (GD or perturbed GD) to the piece of the local minimum."""
    kw = {"generator": generator, "dtype": dtype, "device": device}
    D = p["d_max"]
    dims = torch.randint(2, D + 1, (batch,), generator=generator, device=device)
    x0 = (2 * torch.rand(batch, D, **kw) - 1) * (torch.arange(D, device=device)[None, :] < dims[:, None])
    shape = {"L": p["L"], "gamma": p["gamma"], "tau": p["tau"], "eta": p["eta_L"] / p["L"]}
    if p["algorithm"] == "gd":
        T, inside = octo.gd_steps_to_minimum(x0, dims, **shape)
        return dims, T, inside
    T, inside = octo.perturbed_gd_steps_to_minimum(
        x0,
        dims,
        **shape,
        radius=p["radius"],
        g_thres=p["g_thres"],
        t_thres=p["t_thres"],
        max_steps=p["max_steps"],
        generator=generator,
    )
    return dims, T.to(dtype), inside & (p["max_steps"] > T)


def _exponential_escape_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: d uniform in {2, …, d_max}, x₀ uniform in [−1, 1]^d, GD with η = eta_L/L on the octopus of
    models.octopus (constants L, γ, τ; τ ≥ 1 puts [−1, 1]^d on the first saddle's piece); T(d) = the first t
    at which x_t enters D_d, the piece of the local minimum (every |x_j| > 2τ). Entering D_d comes before
    getting within 1 of the minimum (4τ, …, 4τ), so a lower bound on T(d) is one on the time Theorem 4.1 counts.

    Du et al. 2017, Theorem 4.1: from a uniform start in [−1, 1]^d, GD needs e^{Ω(d)} steps to get near a local
    minimum. The chain behind it (Section 5): while GD escapes the saddles before the k-th, x_k sits on an L x_k²
    arm and shrinks by (1 − 2ηL) per step; at its own saddle it grows back by (1 + 2ηγ) per step, so the time
    spent there is log(τ/|x_k|)/λ_γ ≥ (λ_L/λ_γ)·(time so far) − O(1), λ_L = log(1/(1 − 2ηL)) ≥ 2ηL,
    λ_γ = log(1 + 2ηγ) ≤ 2ηγ. Hence T(k + 1) ≥ κ·T(k) − O(1) with κ = 1 + λ_L/λ_γ ≥ (L + γ)/γ, and
    T(d) ≥ C·((L + γ)/γ)^d. Measured: size = ((L + γ)/γ)^d, value = T(d); the fitted exponent b of
    T ∝ size^b (the growth per dimension in units of log((L + γ)/γ)) must be at least ``rate_factor`` (1).
    (For the defaults κ ≈ 5.1, b → log κ/log(1 + e) ≈ 1.24.) A trial passes when T(d) ≥ ((L + γ)/γ)^{b(d−1)}
    (the bound with C = 1, shown as the margin); the verdict comes from the fit. The premise is that the run
    stayed in D₀, where the octopus is defined (the paper extends it to R^d; GD never needs the extension).

    T(d) is GD's exact step count, computed by models.octopus.gd_steps_to_minimum (the linear saddle pieces
    taken in one jump, the small coordinates carried as logarithms: T(12) ≈ 10⁹ steps, and plain float64
    iterates would underflow to the saddle after ≈ 10³); unit tests check it against plain GD for d ≤ 4.
    Mutants: ``perturbed`` runs perturbed GD (Jin et al. 2017) instead, which escapes each saddle in
    O(log(d)/λ_γ) steps after a kick of radius r: T grows polynomially and b falls far below 1;
    ``squared_base`` claims growth ((L + γ)/γ)^{2d}, faster than the true κ^d (κ < ((L + γ)/γ)² for η ≤ 1/(4L)).
    """
    p = instance.params
    if not 0 < p["eta_L"] < 0.5 or p["tau"] < 1:
        raise InvalidInputError(f"need 0 < eta_L < 1/2 and tau >= 1, got eta_L={p['eta_L']}, tau={p['tau']}")
    dims, T, inside = _octopus_escape(p, generator, device, dtype, batch)
    d = dims.to(dtype)
    log_base = math.log((p["L"] + p["gamma"]) / p["gamma"])
    margin = T.clamp_min(1).log() / (p["rate_factor"] * (d - 1) * log_base) - 1
    return Outcome(
        passed=margin >= 0,
        margin=margin,
        premise_held=inside,
        details={"size": (d * log_base).exp(), "value": T.clamp_min(1), "d": d},
    )


EXPONENTIAL_ESCAPE = Claim(
    id="landscape.exponential_escape",
    title="Plain GD from a random start needs time exponential in d to pass a chain of d saddles (the octopus)",
    source=Source(DU2017, "Theorem 4.1 (uniform start in [−1, 1]^d: e^{Ω(d)} steps), Section 5", "004", "1705.10412"),
    statement="T(d) = GD steps from x₀ ~ U[−1, 1]^d to the octopus' local minimum: T(d) ≥ C·((L+γ)/γ)^{b·d}, b ≥ 1",
    kind=Kind.SCALING,
    params=(
        Param("d_max", 12, "largest dimension (d uniform in {2, …, d_max})", int, minimum=3),
        Param("L", math.e, "curvature L of the octopus' arms (the paper's experiments: e)", float, minimum=1e-12),
        Param("gamma", 1.0, "negative curvature −2γ at each saddle (the paper: 1)", float, minimum=1e-12),
        Param("tau", math.e, "scale τ of the octopus (≥ 1: [−1, 1]^d lies on the first saddle's piece)", float),
        Param("eta_L", 0.25, "step η = eta_L/L (< 1/2; the paper: η ≤ 1/(4L))", float, minimum=1e-12),
        Param("rate_factor", 1.0, "b in T ≥ C((L+γ)/γ)^{b·d} (the chain argument: 1)", float),
        Param("algorithm", "gd", "gd (the claim) or pgd (perturbed GD, a mutant)", str, choices=("gd", "pgd")),
        Param("radius", 0.1, "perturbed GD: radius of the ball perturbation", float, minimum=0.0),
        Param("g_thres", 1e-2, "perturbed GD: perturb when ‖∇f‖ ≤ g_thres", float, minimum=0.0),
        Param("t_thres", 10, "perturbed GD: at most one perturbation every t_thres steps", int, minimum=1),
        Param("max_steps", 20_000, "perturbed GD: step cap (runs not reaching the minimum left out)", int, minimum=1),
        Param("trials", 96, "measurements (size, value) of the fit", int, minimum=3),
    ),
    trial=_exponential_escape_trial,
    strategy=lambda profile: st.fixed_dictionaries(
        {
            "d_max": st.sampled_from({"quick": (8, 12), "standard": (8, 12, 16, 24), "full": (8, 16, 24, 32)}[profile]),
            "L": st.floats(2.0, 4.0),
            # η ≥ 0.15/L keeps κ clear of (L+γ)/γ (b ≥ 1.1 at L ≤ 4); as η → 0, κ → (L+γ)/γ from above
            "eta_L": st.floats(0.15, 0.25),
        }
    ),
    exponent_param="rate_factor",
    exponent_relation="at_least",
    mutants=(
        Mutant(
            "perturbed",
            {"algorithm": "pgd"},
            "the same exponential lower bound for perturbed GD: false, it escapes each saddle in O(log d) steps",
        ),
        Mutant("squared_base", {"rate_factor": 2.0}, "growth ((L+γ)/γ)^{2d}: faster than the chain's κ^d"),
    ),
    report_instances={
        "quick": ({},),
        "standard": ({}, {"d_max": 24}),
        "full": ({}, {"d_max": 32}, {"d_max": 32, "eta_L": 0.1}),
    },
    notes="Lower bound on the growth (exponent_relation at_least): size = ((L+γ)/γ)^d, so b is a rate per dimension.",
)

CLAIMS = (*CLAIMS, EXPONENTIAL_ESCAPE)


def _exponential_escape_section(ctx):
    """Steps from a uniform start in [−1, 1]^d to the octopus' local minimum against d (log scale), plain GD and
    perturbed GD on the same starts, with the fitted growth per dimension and the chain's rates (L+γ)/γ and κ."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from claims.report.legacy import ReportSection
    from claims.spec import seeded_generator
    from claims.stats import fit_power_law_exponent

    d_max = {"quick": 12, "standard": 24, "full": 32}[ctx.profile]
    runs = 96
    fits, curves = {}, {}
    fig, ax = plt.subplots(figsize=(5, 3.5))
    for algorithm, label in (("gd", "GD"), ("pgd", "perturbed GD")):
        p = EXPONENTIAL_ESCAPE.resolve({"d_max": d_max, "algorithm": algorithm})
        g = seeded_generator(ctx.seed, "octopus_report", ctx.device)  # the same starts for both algorithms
        dims, T, inside = _octopus_escape(p, g, ctx.device, ctx.dtype, runs)
        d, T = dims[inside].cpu().double(), T[inside].cpu().double().clamp_min(1)
        fits[algorithm] = fit_power_law_exponent(d.exp().numpy(), T.numpy(), 1 - ctx.alpha)
        curves[algorithm] = [(k, float(T[d == k].median())) for k in range(2, d_max + 1) if bool((d == k).any())]
        ax.semilogy(d.numpy(), T.numpy(), "o", alpha=0.4, label=label)
    L, gamma, eta = p["L"], p["gamma"], p["eta_L"] / p["L"]
    base = (L + gamma) / gamma
    kappa = 1 - math.log1p(-2 * eta * L) / math.log1p(2 * eta * gamma)
    grid = torch.arange(2, d_max + 1, dtype=torch.float64)
    gd = curves["gd"]
    ax.semilogy(grid, gd[0][1] * base ** (grid - gd[0][0]), "k--", label="((L+γ)/γ)^d")
    ax.semilogy(grid, gd[0][1] * kappa ** (grid - gd[0][0]), "k:", label="κ^d")
    ax.set_xlabel("dimension d (saddles in the chain)")
    ax.set_ylabel("steps to the local minimum")
    ax.legend()
    path = ctx.figure("landscape_exponential_escape")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    pgd = dict(curves["pgd"])
    table = "\n".join(f"| {k} | {t:.3g} | {pgd.get(k, float('nan')):.3g} |" for k, t in gd)
    fg, fp = fits["gd"], fits["pgd"]
    md = (
        f"{ctx.link(path, 'GD and perturbed GD steps to the octopus minimum against d')}\n\n{runs} starts uniform in "
        f"[−1, 1]^d, d uniform in [2, {d_max}], octopus with L = {L:.3g}, γ = {gamma:g}, τ = {p['tau']:.3g}, "
        f"η = 1/(4L); GD step counts exact (models.octopus.gd_steps_to_minimum), perturbed GD (r = {p['radius']:g}, "
        f"g_thres = {p['g_thres']:g}, t_thres = {p['t_thres']}) run step by step. Growth per dimension, fitted "
        f"log T = a + c·d: GD c = {fg.slope:.3f} (interval [{fg.lo:.3f}, {fg.hi:.3f}]), against log((L+γ)/γ) = "
        f"{math.log(base):.3f} (Du et al. 2017's chain) and log κ = {math.log(kappa):.3f} (κ = 1 + "
        f"log(1/(1−2ηL))/log(1+2ηγ), the discrete-step factor); perturbed GD c = {fp.slope:.3f} "
        f"([{fp.lo:.3f}, {fp.hi:.3f}]): its count grows about linearly in d.\n\n"
        f"| d | GD steps (median) | perturbed GD steps (median) |\n|---|---|---|\n{table}\n"
    )
    return ReportSection(
        "Exponential escape: GD against perturbed GD on the octopus",
        md,
        {"gd_rate": fg.slope, "pgd_rate": fp.slope, "log_base": math.log(base), "log_kappa": math.log(kappa)},
    )


REPORT_SECTIONS = (*REPORT_SECTIONS, _exponential_escape_section)
