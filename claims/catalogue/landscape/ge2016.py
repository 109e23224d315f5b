"""Trials of matrix factorisation (Baldi & Hornik 1989; Ge, Lee, Ma 2016; symmetric case Ge, Jin, Zheng 2017,
arXiv:1704.00708 §5): min ½‖UVᵀ − A‖_F² and min ½‖UUᵀ − M‖_F² have no spurious local minimum (every local
minimum has the Eckart–Young value) and every other critical point is a strict saddle.

One trial checks both halves: (a) GD from a random start; where its end point is an approximate second-order
point its value must be the Eckart–Young tail; (b) every constructed critical point fitting a non-top set of
singular values (eigenvalues) must have a direction of negative curvature.
"""

from __future__ import annotations

import math

import torch
from hypothesis import strategies as st

from claims.engine import witness
from claims.spec import Instance, Outcome, compare_at_least, compare_at_most
from models import deep_linear as dl
from models import landscapes as ls
from models.numerics import all_three_way, decide_negative


def mf_strategy(profile: str):
    """m × n with rank r < min(m, n), general or symmetric (n × n, where m is not read and keeps its default)."""
    general = st.tuples(st.integers(2, 4), st.integers(2, 4)).flatmap(
        lambda mn: st.fixed_dictionaries(
            {"m": st.just(mn[0]), "n": st.just(mn[1]), "rank": st.integers(1, min(mn) - 1), "symmetric": st.just(False)}
        )
    )
    symmetric = st.integers(2, 4).flatmap(
        lambda n: st.fixed_dictionaries({"n": st.just(n), "rank": st.integers(1, n - 1), "symmetric": st.just(True)})
    )
    return general | symmetric


def _outcome(p, e, found: dict, ec, batch: int) -> Outcome:
    """(a) the found point ``e`` against its Eckart–Young tail; ``found`` holds gap = L − tail, the threshold
    gap_rel·½(σ_r² − σ_{r+1}²), loss_tol and the true optimum min L. Premise of (a): the point is critical to
    grad_tol (a convergence tolerance) with no verified negative eigenvalue (λ_min ≥ −eig_tol); not critical:
    the run has not converged, (a) is undecided; a verified strict saddle is outside (a)'s premise. Conclusion,
    three-way (claims.spec.compare_at_most with loss_tol): passed where gap + loss_tol ≤ threshold; above it a
    failure only where the point is verified global (L within loss_tol of min L, hence a local minimum whose
    value is not the claimed tail: the mutant wrong_tail), else undecided: its Hessian has exact zero
    eigenvalues (U → UG, V → VG^{−T}), so λ_min ≥ −eig_tol does not make it a local minimum.
    (b) every constructed saddle (``ec``, B·S rows) is strict, λ_min(∇²) < 0, decided three-way
    (models.numerics.decide_negative: undecided within eig_tol of 0); the mutant ``saddle_curvature`` = "psd"
    demands ∇² ≽ 0 (claims.spec.compare_at_least, failed below −eig_tol)."""
    gap, threshold, loss_tol = found["gap"], found["threshold"], found["loss_tol"]
    if p["saddle_curvature"] == "negative":
        curv, curv_near = decide_negative(ec.eig_min, ec.eig_tol)
        curv_margin = -ec.eig_min / ec.hess_fro
    else:
        curv, curv_near = compare_at_least(ec.eig_min, 0.0, ec.eig_tol)
        curv_margin = (ec.eig_min - ec.eig_tol) / ec.hess_fro
    saddles = all_three_way(
        *zip(curv.reshape(batch, -1).unbind(-1), curv_near.reshape(batch, -1).unbind(-1), strict=True)
    )
    saddle_margin = curv_margin.reshape(batch, -1).amin(-1).to(gap.dtype)
    in_premise = e.critical & (e.eig_min >= -e.eig_tol)
    ok, near = compare_at_most(gap, threshold, loss_tol)
    verified_global = (e.loss - found["optimum"]).abs() <= loss_tol
    a_failed = in_premise & ~ok & ~near & verified_global
    a_passed = e.critical & (~in_premise | ok)
    passed, undecided = all_three_way(saddles, (a_passed, ~a_passed & ~a_failed))
    ratio = gap / (threshold + loss_tol)
    margin = torch.minimum(saddle_margin, torch.where(in_premise, 1 - ratio, torch.ones_like(ratio)))
    return Outcome(
        passed=passed,
        margin=margin,
        premise_held=torch.ones_like(passed),
        undecided=undecided,
        details={
            "found_second_order": in_premise.to(gap.dtype),
            "saddle_max_eig_min": ec.eig_min.reshape(batch, -1).amax(-1),
        },
    )


def saddle_count(k: int, r: int) -> int:
    """How many masks :func:`saddle_masks` gives: the sets of at most r of k values, less the top one."""
    return dl.critical_value_count(k, r) - 1


def saddle_masks(k: int, r: int, dtype, device) -> torch.Tensor:
    """The 0/1 masks J ⊂ {1..k} with |J| ≤ r and J ≠ {1..min(r, k)} (the top set): the non-global critical
    points of a rank-r factorisation fitting J (J = ∅ included: the point 0), in the order of J's bits read as
    a binary number (models.deep_linear.subset_masks; the 2^k subsets had been listed, and at m = n = 24 their
    list alone ran past a minute)."""
    masks = dl.subset_masks(k, r, dtype, device)
    top = torch.zeros(k, dtype=dtype, device=device)
    top[: min(r, k)] = 1
    return masks[~(masks == top).all(-1)]


def separated_cells(batch: int, k: int, generator, dtype, device) -> torch.Tensor:
    """(B, k) values in [0.5, 3], decreasing, s_i uniform in the middle half of the i-th of k equal cells, so
    gaps ≥ 1.25/k: a saddle fitting a non-top set J has negative curvature of the order of a gap s_i − s_j
    (i ∉ J above j ∈ J), which must exceed the eigenvalue tolerance 8·p·eps·‖∇²‖_F of the dtype the point was
    built in (float32: ≈ 1e-5·‖∇²‖_F); plain uniform draws put gaps below it now and then."""
    cell = 2.5 / k
    u = torch.rand(batch, k, generator=generator, dtype=dtype, device=device)
    return 3 - cell * (torch.arange(k, dtype=dtype, device=device) + 0.25 + 0.5 * u)


def _sym_found(p, generator, device, dtype, batch: int):
    """(a) of the symmetric case: M = Q diag(λ) Qᵀ, Q Haar, λ_i = 2^{−i}(1 + u_i/2) (separated); GD from U(0)
    with N(0, 1/n) entries, step 1/(2‖M‖₂ + 6‖U‖₂²) refreshed every 100 steps; (examination, the values
    :func:`_outcome` compares)."""
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
    q = min(r + p["rank_offset"], n)  # the rank the claimed tail fits (r, but for the mutant)
    tail = ls.psd_tail(lam, q)
    # the claimed tail's own gap to the next critical value: r's would let the mutant's global minima, ½λ_{r+1}²
    # above its tail, pass at gap_rel ≥ λ_{r+1}²/(λ_r² − λ_{r+1}²)
    nxt = lam[:, q] if q < n else torch.zeros_like(lam[:, 0])
    found = {
        "gap": e.loss - tail,
        "threshold": p["gap_rel"] * 0.5 * (lam[:, q - 1] ** 2 - nxt**2),
        "loss_tol": witness.loss_tolerance(tail),
        "optimum": ls.psd_tail(lam, min(r, n)),
    }
    return e, found


def sym_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """The symmetric case f(U) = ½‖UUᵀ − M‖_F², U ∈ R^{n×r}, M ∈ R^{n×n} symmetric PSD of full rank with
    distinct eigenvalues (Ge, Jin, Zheng 2017, §5; M of rank r there; here any PSD M, whose landscape has the
    same two properties: the critical points are U = Q_J diag(√λ_J)R, J a set of ≤ r eigenvalues, R
    orthogonal; only J = top-r gives a local minimum). (a) :func:`_sym_found`: premise an approximate
    second-order point (‖∇f‖ ≤ grad_rel·‖M‖₂, ∇²f ≽ −eig_tol), conclusion f = ½Σ_{i>r+rank_offset} λ_i² to
    gap_rel·½(λ_r² − λ_{r+1}²), half the distance to the next critical value. (b) M = diag(λ), λ from
    :func:`separated_cells`: for every J with |J| ≤ r, J ≠ top-r, the constructed U fitting J
    (models.landscapes.sym_critical_point) is a strict saddle: with i ∉ J above some j ∈ J (or |J| < r and a
    zero column c), Δ = q_i e_cᵀ has second derivative 2(λ_j − λ_i) < 0 (or −2λ_i < 0) of f(U + tΔ) at t = 0.
    The parameter m is not used (M is n×n).
    """
    p = instance.params
    n, r = p["n"], p["rank"]
    e, found = _sym_found(p, generator, device, dtype, batch)
    lam_c = separated_cells(batch, n, generator, dtype, device)
    masks = saddle_masks(n, r, dtype, device)
    L = lam_c.repeat_interleave(masks.shape[0], 0)
    keep = masks.repeat(batch, 1)
    eye = torch.eye(n, dtype=dtype, device=device).expand(L.shape[0], n, n)
    Uc = ls.sym_critical_point(eye, L, keep, r)
    ec = witness.examine(ls.sym_factorization_flat_loss(n, r), Uc.reshape(L.shape[0], -1), (torch.diag_embed(L),))
    return _outcome(p, e, found, ec, batch)


def _general_saddles(s: torch.Tensor, masks: torch.Tensor, m: int, n: int, r: int):
    """For A = diag(s) (m×n) and each mask J (|J| ≤ r): W₁ (r×n), W₂ (m×r) carrying √s_i on hidden channel
    c(i) = (number of fitted coordinates before i); returns (weights, X = I, A) batched over B·|masks|."""
    batch, k = s.shape
    dtype, device = s.dtype, s.device
    S = s.repeat_interleave(masks.shape[0], 0)
    keep = masks.repeat(batch, 1)
    root = (S * keep).sqrt()
    chan = (keep.cumsum(-1) - 1).clamp_min(0).long()
    rows = torch.arange(S.shape[0], device=device)[:, None].expand_as(chan)
    coord = torch.arange(k, device=device).expand_as(chan)
    W1 = torch.zeros(S.shape[0], r, n, dtype=dtype, device=device).index_put_((rows, chan, coord), root, True)
    W2 = torch.zeros(S.shape[0], m, r, dtype=dtype, device=device).index_put_((rows, coord, chan), root, True)
    A = torch.zeros(S.shape[0], m, n, dtype=dtype, device=device)
    A[:, torch.arange(k), torch.arange(k)] = S
    eye = torch.eye(n, dtype=dtype, device=device).expand(S.shape[0], n, n)
    return [W1, W2], eye, A


def mf_cost(params) -> tuple[int, float, int]:
    """Per trial (:func:`mf_trial`): the data's dense factorisations (about 16 flops per entry cubed: Haar or
    separated factors of the m × m and n × n sides), ``steps`` GD steps on p = r·(m + n) weights (r·n symmetric),
    each about six loss evaluations of 2mnr + 2n²r flops, the end point examined (witness.examine_cost) and the
    :func:`saddle_count` constructed saddles examined in one batch, whose Hessians set the memory. The generic
    rule counted none of the Hessians: m = 1000 at one step had been admitted at 2.4e7 flops and took 5 s."""
    m, n, r, steps = params["m"], params["n"], params["rank"], params["steps"]
    if params["symmetric"]:
        k, p, loss, dense = n, n * r, 2.0 * n * n * r + 2.0 * n * n, 16.0 * n**3
    else:
        k, p, loss = min(m, n), r * (m + n), 2.0 * m * n * r + 2.0 * n * n * r + 2.0 * m * n
        dense = 16.0 * (m**3 + n**3)
    saddles = saddle_count(k, r)
    _, flops = witness.examine_cost(p, loss)
    # one p × p Hessian a point examined at once (the engine's safety factor counts its copies)
    return p * p * max(saddles, 1), dense + 6.0 * steps * loss + flops * (1 + saddles), steps


def mf_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """min ½‖UVᵀ − A‖_F² is the deep linear loss with X = I, W₁ = Vᵀ (r×n), W₂ = U (m×r); with ``symmetric``
    the trial is :func:`sym_trial`. (a) GD from a random balanced start on A with separated singular values
    (models.deep_linear.separated_data, step refreshed every 100 steps); premise: the end point is an
    approximate second-order point (‖∇‖ ≤ grad_rel‖A‖₂, ∇² ≽ −eig_tol, claims.engine.witness); conclusion:
    its value is the Eckart–Young tail ½Σ_{i>q} σ_i² to gap_rel·½(σ_q² − σ_{q+1}²), q = r + rank_offset (the
    claimed tail's own gap to the next critical value); not converged: undecided. (b) For A = diag(s) every
    constructed critical point fitting a set J of singular values other than the top r is a strict saddle.
    Mutants: rank_offset = 1 (the tail one term short); saddle_curvature = "psd" (the constructed saddles pass
    the second-order test of a minimum).
    """
    p = instance.params
    if p["symmetric"]:
        return sym_trial(instance, generator, device, dtype, batch)
    m, n, r = p["m"], p["n"], p["rank"]
    dims = (n, r, m)
    kw = {"batch": batch, "generator": generator, "dtype": dtype, "device": device}
    X0, Y0 = dl.separated_data(n, dims, **kw)
    Y = Y0 @ X0.mT  # X0 is orthogonal (n×n): Y = U diag(s) Vᵀ, m×n, separated singular values
    X = torch.eye(n, dtype=dtype, device=device).expand(batch, n, n)
    # balanced start, both factors with N(0, (mn)^{−1/2}) entries: a lopsided one (W₂ ≫ W₁) keeps its imbalance
    # W₂ᵀW₂ − W₁W₁ᵀ along GD and crawls, leaving about 1 run in 1000 unconverged after 3000 steps (1 in 10⁴ now)
    scale = (m * n) ** -0.25
    draw = {"generator": generator, "dtype": dtype, "device": device}
    Ws = [torch.randn(batch, *shape, **draw) * scale for shape in ((r, n), (m, r))]
    Ws = dl.gd_refreshed(Ws, X, Y, steps=p["steps"])
    f = dl.flat_loss(dims)
    e = witness.examine(f, dl.flatten(Ws), (X, Y), grad_tol=p["grad_rel"] * torch.linalg.matrix_norm(Y, 2))
    k = min(m, n)
    q = min(r + p["rank_offset"], k)  # the rank the claimed tail fits (r, but for the mutant)
    tail = dl.optimal_loss(X, Y, q)
    found = {
        "gap": e.loss - tail,
        "threshold": p["gap_rel"] * dl.gap_scale(X, Y, q),  # the claimed tail's own gap, as in sym_trial
        "loss_tol": witness.loss_tolerance(tail),
        "optimum": dl.optimal_loss(X, Y, min(r, k)),
    }
    s = separated_cells(batch, k, generator, dtype, device)
    Wc, Ic, Ac = _general_saddles(s, saddle_masks(k, r, dtype, device), m, n, r)
    ec = witness.examine(f, dl.flatten(Wc), (Ic, Ac))
    return _outcome(p, e, found, ec, batch)


def mf_constraints(p) -> list[str]:
    """The factor rank r must leave a non-top set of singular values to fit (the saddles): r < min(m, n)
    (symmetric: r < n), and r + rank_offset ≤ that bound for the mutant's tail."""
    bound = p["n"] if p["symmetric"] else min(p["m"], p["n"])
    what = "n" if p["symmetric"] else "min(m, n)"
    out = []
    if p["rank"] >= bound:
        out.append(f"parameter rank must be < {what} = {bound}, got {p['rank']}")
    elif p["rank"] + p["rank_offset"] > bound:
        out.append(f"parameter rank_offset must keep rank + rank_offset <= {what} = {bound}, got {p['rank_offset']}")
    return out


def mf_premises(instance: Instance, device, dtype) -> list[str]:
    """The symmetric case of Ge, Jin, Zheng 2017 (§5) takes M = U*U*ᵀ of rank r; the trial's M has full rank n
    (the same two landscape properties hold for any PSD M with distinct eigenvalues, by Eckart–Young)."""
    p = instance.params
    if not p["symmetric"] or p["rank"] >= p["n"]:
        return []
    return [
        f"M has rank n = {p['n']} > r = {p['rank']}: Ge, Jin, Zheng 2017 (§5) take M = U*U*ᵀ of rank r; the "
        "statement tested is its full-rank extension (every local minimum has the Eckart–Young value)"
    ]
