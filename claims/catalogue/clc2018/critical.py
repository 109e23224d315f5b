"""Trials of the landscape of deep linear networks (Chitour, Liao, Couillet 2018, arXiv:1811.03568, Liao's slides
(with Chitour, Couillet)):
its critical values and saddles, and, for one hidden layer, convergence of GD to a global minimum."""

from __future__ import annotations

import itertools

import torch

from claims.catalogue.clc2018.flow import dims_constraints
from claims.engine import witness
from claims.spec import Instance, Outcome, compare_at_least, compare_at_most, nan_as_worst, refusal, require
from models import deep_linear as dl
from models.numerics import all_three_way, decide_negative, undecided_unless


def critical_values_constraints(p) -> list[str]:
    """critical_values' domain, checked before any trial: dims that parse, every width at least d_y (the
    constructed critical points need d_j ≥ d_y)."""
    if bad := dims_constraints(p):
        return bad
    dims = dl.parse_dims(p["dims"])
    if min(dims[:-1]) < dims[-1]:
        return [f"parameter dims must have every width >= d_y = {dims[-1]} for critical_values, got {p['dims']!r}"]
    return []


def critical_values_cost(params) -> tuple[int, float]:
    """(claims.engine.resources) A trial examines 2·2^{d_y} constructed points of p = Σ_j d_j·d_{j+1} weights
    (witness.examine: the Hessian, p × p, by forward-over-reverse autodiff, and its spectrum), each loss of
    X = I_{d0} a chain of products of about 2·d0·p flops, and takes about a dozen more losses along each point's
    descent direction. The generic rule read the widths as the sizes: it estimated a hundredth of what the
    trials held at dims 4,3,3,3 (benchmarks.memory_estimates)."""
    dims = dl.parse_dims(params["dims"])
    # 2^{d_y} capped at 2^60: past every memory limit already, and its flops stay a finite float
    weights, points = sum(a * b for a, b in itertools.pairwise(dims)), 2 * 2 ** min(dims[-1], 60)
    loss_flops = 2.0 * dims[0] * weights
    elements, flops = witness.examine_cost(weights, loss_flops)
    return points * elements, points * (flops + 12 * loss_flops)


def critical_values_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: distinct singular values s_1 > … > s_{d_y} (uniform in [0.5, 3]), X = I_{d0},
    Y = (diag(s) 0). For every subset I of unfitted values (all 2^{d_y}) construct two critical points of
    :func:`models.deep_linear.critical_point`, the balanced one (lift 0) and the lifted one (the middle layers
    carry ``lift`` on the unfitted coordinates), and verify with :mod:`claims.witness`:
    (a) ∇L = 0 to rounding (witness.grad_rounding_tol), (b) L = ½ Σ_{i∈I} s_i^power to loss_tol (power = 2
    is the theorem), (c) I = ∅ (the global minimum: L = 0 = min L by (b)): no verified negative Hessian
    eigenvalue (its zero eigenvalues, from the rescaling symmetry, are within eig_tol of 0 and prove nothing);
    I ≠ ∅: not a local minimum, certified by a loss decrease beyond loss_tol along the direction that grows
    every layer's (i, i) entry, i ∈ I (ΔL = −t^{H+1} Σ_{i∈I} s_i + O(t^{2H+2}); at a lifted point
    −t² lift^{H−1} Σ_{i∈I} s_i + O(t³), so the steps t = 10^−3…10^−0.5 are also taken scaled by lift^{−(H−1)/2}
    where the lift exceeds 1); a verified strict local minimum (λ_min > eig_tol) fails, a point with
    neither is undecided, (d) the clause of Proposition (iii): where r_Z > r, λ_min(∇²L) < 0, decided three-way
    (passed below −eig_tol, failed at or above +eig_tol, undecided within eig_tol of 0). A trial passes where
    all its points pass, fails where one fails, and is undecided otherwise.

    Reading of (iii) (Liao's slides (with Chitour, Couillet), "Study of Crit(L)"): r = r_R(W) = rank R(W), R =
    (ΠW)_2^{H+1} = W_{H+1}⋯W_2,
    and r_Z = rank Z(W), Z = (ΠW)_2^H = W_H⋯W_2 (for H = 1 the empty product I_{d_1}, so r_Z = d_1);
    r_Z ≥ r always (R = W_{H+1}Z; the seed's "r_Z ≥ R" is read as r_Z ≥ r_R). Both ranks are computed from
    the constructed factors (torch.linalg.matrix_rank, default tolerance σ_max·max(size)·eps; the nonzero
    singular values are products of s_i^{1/(H+1)} ≥ 0.5 and lift, the others exact zeros). The
    balanced points have r_Z = r for H ≥ 2 and r_Z = d_1 > r for H = 1; the lifted points have
    r_Z = d_y > r = |fitted| whenever I ≠ ∅. Where the premise fails (r_Z = r, H ≥ 2) the clause says nothing:
    those points are counted in ``details`` with how many have no negative eigenvalue (e.g. the balanced point
    fitting the top values: its Hessian is PSD although it is a saddle), and are not judged by (d).
    ``saddle_curvature`` = "psd", the mutant, demands instead that the r_Z > r points have ∇²L ≽ 0
    (that they pass the second-order test of a minimum; failed where λ_min < −eig_tol). Widths d_j ≥ d_y (the
    construction needs them).
    """
    p = instance.params
    require(critical_values_constraints(p))  # the runner refuses these first; a direct call is refused here
    dims = dl.parse_dims(p["dims"])
    dy = dims[-1]
    s = (0.5 + 2.5 * torch.rand(batch, dy, generator=generator, dtype=dtype, device=device)).sort(-1, True).values
    S, keep, Ws, X, Y = constructed_points(s, dims, p["lift"])
    ok, near, margin, det = _check_points(p, dims, S, keep, Ws, X, Y)
    # per trial: its 2^{d_y} balanced points and its 2^{d_y} lifted ones
    per = lambda t: t.reshape(2, batch, 2**dy).transpose(0, 1).reshape(batch, -1)  # noqa: E731
    passed, undecided = all_three_way(*zip(per(ok).unbind(-1), per(near).unbind(-1), strict=True))
    return Outcome(
        passed=passed,
        margin=per(margin).amin(-1),
        premise_held=torch.ones(batch, dtype=torch.bool, device=device),
        undecided=undecided,
        details={
            "max_grad_norm": per(det["grad_norm"]).amax(-1),
            "max_loss_error": per(det["loss_err"]).amax(-1),
            "saddles_rz_gt_r": per(det["clause"]).sum(-1).to(dtype),
            "max_eig_min_rz_gt_r": per(torch.where(det["clause"], det["eig_min"], -torch.inf)).amax(-1).to(dtype),
            "saddles_rz_eq_r": per(det["outside"]).sum(-1).to(dtype),
            "saddles_rz_eq_r_without_negative_eig": per(det["no_negative"]).sum(-1).to(dtype),
        },
    )


def constructed_points(s: torch.Tensor, dims, lift: float):
    """For s (B, d_y) and every subset of fitted values (all 2^{d_y} masks ``keep``): the balanced critical point
    and the lifted one (models.deep_linear.critical_point), X = I_{d0}, Y = (diag(s) 0). Returns
    (S, keep, Ws, X, Y) batched over 2·B·2^{d_y} rows (balanced points first)."""
    batch, dy = s.shape
    dtype, device = s.dtype, s.device
    masks = torch.tensor([[(k >> i) & 1 for i in range(dy)] for k in range(2**dy)], dtype=dtype, device=device)
    S = s.repeat_interleave(2**dy, 0).repeat(2, 1)
    keep = masks.repeat(2 * batch, 1)  # keep = 1: fitted
    N = batch * 2**dy
    balanced = dl.critical_point(S[:N], keep[:N], dims)
    lifted = dl.critical_point(S[N:], keep[N:], dims, lift=lift)
    Ws = [torch.cat(pair) for pair in zip(balanced, lifted, strict=True)]
    X = torch.eye(dims[0], dtype=dtype, device=device).expand(S.shape[0], -1, -1)
    Y = torch.cat([torch.diag_embed(S), torch.zeros(S.shape[0], dy, dims[0] - dy, dtype=dtype, device=device)], -1)
    return S, keep, Ws, X, Y


def _rank(M: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(rank, finite) of each matrix of M (..., a, b): torch.linalg.matrix_rank where every entry is finite, 0
    (and finite False) where one is not (a lift near the dtype's range: 1e300 overflows float32 in the
    factors themselves, and LAPACK's SVD raises on the whole batch at one non-finite entry)."""
    finite = torch.isfinite(M).flatten(-2).all(-1)
    return torch.linalg.matrix_rank(torch.where(finite[..., None, None], M, torch.zeros_like(M))), finite


def _check_points(p, dims, S, keep, Ws, X, Y):
    """Checks (a)–(d) of :func:`critical_values_trial` per point: (passed, undecided, margin, details).

    (a) and (b) are equalities (∇L = 0, L = the predicted value), decided two-way: within their rounding
    tolerance is consistent, beyond it a verified violation. (c) and (d) are decided three-way: an eigenvalue
    within eig_tol of 0 is no verified sign (models.numerics.decide_negative), and a descent not certified beyond
    loss_tol is a loose certificate, undecided, not a failure."""
    dtype, device = S.dtype, S.device
    x = dl.flatten(Ws)
    f = dl.flat_loss(dims)
    e = witness.examine(f, x, (X, Y), overflow="nan")  # an overflowed point is undecided, below
    predicted = 0.5 * (S ** p["power"] * (1 - keep)).sum(-1)
    loss_err = (e.loss - predicted).abs() / witness.loss_tolerance(predicted)
    unfit = (1 - keep).bool()
    u = dl.flatten(dl.critical_point(torch.ones_like(S), unfit.to(dtype), dims))  # the (i, i) entries, i ∈ I
    steps = torch.logspace(-3, -0.5, 6, dtype=dtype, device=device)
    # at a lifted point ΔL = −t²·lift^{H−1}·Σ s_i + ½t⁴·lift^{2(H−1)}·…: an increase past t ≈ lift^{−(H−1)/2},
    # so the grid scaled down to there too (the best step certifies, so a union of grids is sound)
    shrink = max(1.0, abs(p["lift"])) ** (-(len(dims) - 3) / 2)
    if shrink < 1:
        steps = torch.cat([steps, steps * shrink])
    certified, _ = witness.descent_certificate(f, x, u, steps, (X, Y))
    global_min = ~unfit.any(-1)
    no_negative = e.eig_min >= -e.eig_tol  # no verified negative eigenvalue
    # (c) I = ∅: L = 0 = min L (checked by (b)) makes it a global minimum; its Hessian has exact zero eigenvalues
    # (the rescaling symmetry), so a PSD test within eig_tol proves nothing: only a verified negative eigenvalue
    # (a contradiction) fails. I ≠ ∅: passed where a descent is certified; failed where the point is a verified
    # strict local minimum (λ_min > eig_tol); undecided otherwise (the certificate too loose).
    shape_ok = torch.where(global_min, no_negative, certified)
    shape_near = ~global_min & ~certified & ~e.strict_minimum
    # (d) Proposition (iii): r = rank W_{H+1}⋯W_2, r_Z = rank W_H⋯W_2
    (r_R, finite_R), (r_Z, finite_Z) = _rank(dl.product(Ws, 1)), _rank(dl.product(Ws, 1, len(dims) - 2))
    held = finite_R & finite_Z  # a product the dtype cannot hold has no rank: its point is undecided, below
    clause = (r_Z > r_R) & ~global_min & held
    if p["saddle_curvature"] == "negative":
        curv_ok, curv_near = decide_negative(e.eig_min, e.eig_tol)
        curv_margin = (-e.eig_min - e.eig_tol) / e.hess_fro
    else:
        curv_ok, curv_near = compare_at_least(e.eig_min, 0.0, e.eig_tol)
        curv_margin = (e.eig_min - e.eig_tol) / e.hess_fro
    curv_ok, curv_near = ~clause | curv_ok, clause & curv_near
    curv_margin = torch.where(clause, curv_margin, torch.ones_like(curv_margin))
    ok, near = all_three_way(
        (e.critical, torch.zeros_like(e.critical)),
        (loss_err <= 1, torch.zeros_like(e.critical)),
        (shape_ok, shape_near),
        (curv_ok, curv_near),
    )
    # a point float64 cannot hold (lift near its range: the loss, gradient or Hessian overflow) decides nothing
    ok, near = undecided_unless(e.finite & torch.isfinite(loss_err) & held, ok, near)
    margin = torch.minimum(torch.minimum(1 - loss_err, 1 - e.grad_norm / e.grad_tol), curv_margin)
    outside = ~global_min & ~clause & held  # saddles where the clause's premise fails (r_Z = r)
    details = {
        "grad_norm": e.grad_norm,
        "loss_err": loss_err,
        "clause": clause,
        "eig_min": e.eig_min,
        "outside": outside,
        "no_negative": outside & no_negative,
    }
    return ok, near, margin, details


def h1_constraints(p) -> list[str]:
    """h1_global's domain, checked before any trial: one hidden layer, and n ≥ d0 (the separated data's X of
    full row rank, models.deep_linear.separated_data)."""
    if bad := dims_constraints(p):
        return bad
    dims = dl.parse_dims(p["dims"])
    if len(dims) != 3:
        return [f"parameter dims must be d0,d1,dy (h1_global has one hidden layer), got {p['dims']!r}"]
    return refusal(lambda: dl.check_full_row_rank(p["n"], dims))


def h1_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: one hidden layer (dims d0, d1, d_y), separated data and a random start, GD with a refreshed
    step (models.deep_linear.descent_end) for the instance's K = ``steps`` steps; r = min(d1, d0, d_y) and the
    claimed global value L* = ½(‖Y‖² − Σ_{i≤r+rank_offset} σ_i(YX⁺X)²) (rank_offset = 0: Eckart–Young).

    * passed: L(W_K) − L* + loss_tol ≤ gap_rel·½(σ_q² − σ_{q+1}²), q = r + rank_offset the rank L* fits
      (claims.spec.compare_at_most, three-way with the rounding loss_tol of the loss values): below every other
      critical value (they are ½(‖Y‖² − Σ_{i∈J} σ_i²), |J| ≤ r), and L decreases along GD, so the limit is a
      global minimum;
    * failed (verified): GD sits at a critical point to rounding (‖∇L‖ ≤ witness.grad_rounding_tol, an equality
      decided two-way: GD cannot leave it) whose loss is one of the critical values ½(‖Y‖² − Σ_{i∈J} σ_i²) to
      loss_tol (:func:`_at_a_critical_value`), with L − L* above the threshold by more than loss_tol; or L* is
      unreachable, below the Eckart–Young value min_W L by more than loss_tol;
    * undecided: neither (the run has not converged within its K steps, or L − L* is within loss_tol of the
      threshold).

    The measure-zero exception (W(0) = 0, a saddle with zero gradient) is the mutant ``start_at_saddle``, outside
    the corollary's premise (:func:`h1_premises`); the mutant ``wrong_global_value`` (rank_offset = 1) claims a
    value below the Eckart–Young one.
    """
    p = instance.params
    require(h1_constraints(p))  # the runner refuses these first; a direct call is refused here
    dims = dl.parse_dims(p["dims"])
    kw = {"batch": batch, "generator": generator, "dtype": dtype, "device": device}
    X, Y, Ws = dl.descent_end(p["n"], dims, init_scale=p["init_scale"], steps=p["steps"], **kw)
    k = min(dims[0], dims[-1])
    r = min(dims[1], k)
    q = min(r + p["rank_offset"], k)  # the rank the claimed value fits (r, but for the mutant)
    Lstar = dl.optimal_loss(X, Y, q)
    # the claimed value's own gap: r's would let the mutant's global minima, ½σ_{r+1}² above its value, pass at
    # gap_rel ≥ σ_{r+1}²/(σ_r² − σ_{r+1}²)
    threshold, loss_tol = p["gap_rel"] * dl.gap_scale(X, Y, q), witness.loss_tolerance(Lstar)
    e = witness.examine(dl.flat_loss(dims), dl.flatten(Ws), (X, Y))
    gap = e.loss.to(dtype) - Lstar
    passed, near = compare_at_most(gap, threshold, loss_tol)
    above = ~passed & ~near
    unreachable = dl.optimal_loss(X, Y, r) - Lstar > loss_tol
    stuck = e.critical.to(gap.device) & above & _at_a_critical_value(X, Y, r, e.loss.to(dtype), loss_tol)
    ratio = gap / (threshold + loss_tol)
    return Outcome(
        passed=passed,
        margin=nan_as_worst(1 - ratio),
        premise_held=torch.ones_like(passed),
        undecided=~passed & ~stuck & ~unreachable,  # a NaN (a diverged discretisation) verifies nothing
        details={"gap_ratio": ratio, "stuck_at_critical_point": stuck.to(dtype)},
    )


#: the most critical values :func:`_at_a_critical_value` lists (subsets J of at most r singular values)
MOST_CRITICAL_VALUES = 10**5


def _at_a_critical_value(X, Y, r: int, loss: torch.Tensor, tol: torch.Tensor) -> torch.Tensor:
    """(B,) whether ``loss`` lies within ``tol`` of one of the loss's critical values ½(‖Y‖² − Σ_{i∈J} σ_i²),
    |J| ≤ r (models.deep_linear.critical_values): a point whose gradient is at rounding level but whose loss is
    no critical value is a stall of float64 GD on an ill-conditioned landscape, not a critical point. At
    init_scale 10³ and above GD stalled so (its step far below the slow directions' curvature) and the trials
    had been read as verified failures; they are undecided. False (undecided) past MOST_CRITICAL_VALUES."""
    if dl.critical_value_count(min(Y.shape[-2], X.shape[-1]), r) > MOST_CRITICAL_VALUES:
        return torch.zeros_like(loss, dtype=torch.bool)
    values = dl.critical_values(X, Y, r)
    return ((values - loss[..., None]).abs() <= tol[..., None]).any(-1)


def h1_premises(instance: Instance, device, dtype) -> list[str]:
    """The corollary's premises an instance can leave unmet: almost every initialisation (W(0) = 0, init_scale = 0,
    is the excluded saddle) and Liao's slides' working assumption that the narrowest width is d_y."""
    p = instance.params
    dims = dl.parse_dims(p["dims"])
    out = []
    if p["init_scale"] == 0:
        out.append(
            "init_scale = 0 starts every run at the saddle W = 0, the measure-zero set of initialisations the "
            "corollary excludes"
        )
    if min(dims[1:-1]) < dims[-1]:
        out.append(
            f"the hidden width d1 = {dims[1]} is below d_y = {dims[-1]}: Liao's slides' working assumption takes every "
            "width ≥ d_y (min d_i = d_y); the bottleneck case tested here is Baldi & Hornik's (1989) landscape"
        )
    return out
