"""Family clc2018: deep linear networks (Chitour, Liao, Couillet 2018, seed 003), and the two claims of
Kawaguchi 2016 on the linear-network landscape (seed 000), which CLAIMS.md lists in the same section.

L(W) = ½‖Y − W_{H+1} ⋯ W₁ X‖_F², W_j ∈ R^{d_j × d_{j−1}}. The mathematics is in :mod:`models.deep_linear`;
candidate critical points are verified by :mod:`claims.witness` (loss, gradient and Hessian recomputed by
autograd in float64). Dimensions: ``dims`` strings "d0,d1,…,d_{H+1}" so that any depth and widths can be
set from the command line.
"""

from __future__ import annotations

import itertools
import math

import torch
from hypothesis import strategies as st

from claims.engine import witness
from claims.spec import Claim, Instance, Kind, Mutant, Outcome, Param, Source
from models import deep_linear as dl
from models.checks import InvalidInputError

CLC = "Chitour, Liao, Couillet 2018"
CLC_ARXIV = "1811.03568"
KAW = "Kawaguchi 2016 (NeurIPS)"
KAW_ARXIV = "1605.07110"


def parse_dims(text: str) -> tuple[int, ...]:
    try:
        dims = tuple(int(t) for t in str(text).split(","))
    except ValueError:
        raise InvalidInputError(f"dims must be comma-separated integers, got {text!r}") from None
    if len(dims) < 3 or min(dims) < 1:
        raise InvalidInputError(f"dims needs d0,d1,...,d_(H+1) with H >= 1 and every d >= 1, got {text!r}")
    return dims


def _dims_text(dims) -> str:
    return ",".join(str(d) for d in dims)


def _ones(x: torch.Tensor) -> torch.Tensor:
    return torch.ones_like(x, dtype=torch.bool)


def _data(p, generator, batch, dims, dtype, device):
    """X (B, d0, n) with N(0, 1/n) entries and Y (B, d_{H+1}, n) with N(0, 1/n) entries."""
    n = p["n"]
    X = torch.randn(batch, dims[0], n, generator=generator, dtype=dtype, device=device) / math.sqrt(n)
    Y = torch.randn(batch, dims[-1], n, generator=generator, dtype=dtype, device=device) / math.sqrt(n)
    return X, Y


def _dims_strategy(depth_max: int, width_max: int, equal: bool = False):
    if equal:
        return st.tuples(st.integers(1, depth_max), st.integers(2, width_max)).map(
            lambda hd: _dims_text((hd[1],) * (hd[0] + 2))
        )
    return st.integers(1, depth_max).flatmap(
        lambda h: st.lists(st.integers(1, width_max), min_size=h + 2, max_size=h + 2).map(_dims_text)
    )


# ---------------------------------------------------------------------------------------------------------
# clc2018.invariants


def _invariants_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: random X, Y, W(0); K = ⌈T/η⌉ GD steps of size η. Pass iff for every j

        ‖C_j(K) − C_j(0)‖_F ≤ Σ_k η²(‖G_{j+1}(k)‖_F² + ‖G_j(k)‖_F²) + tol,

    the exact per-step change C_j(k+1) − C_j(k) = η²(G_{j+1}ᵀG_{j+1} − G_jG_jᵀ) (models.deep_linear) summed
    with the triangle inequality: over the fixed time T the drift is η·∫‖G‖² dt, linear in η, and 0 for the
    flow. tol = 16·K·d·eps·max_j ‖W_j‖_F² is the rounding of K updates of C_j. The mutant replaces C_j by
    W_{j+1}W_{j+1}ᵀ − W_jᵀW_j, whose change is first order in η (so its drift exceeds the η² bound).
    All widths are equal (``dims`` d,…,d) so that the mutant's expression is defined.
    """
    p = instance.params
    dims = parse_dims(p["dims"])
    X, Y = _data(p, generator, batch, dims, dtype, device)
    Ws = dl.init(dims, batch=batch, scale=p["init_scale"], generator=generator, dtype=dtype, device=device)
    steps = max(1, math.ceil(p["time"] / p["eta"]))
    before = dl.invariants(Ws, transposed=p["transposed"])
    after_w, grad_sq = dl.gd(Ws, X, Y, eta=p["eta"], steps=steps, track_grad_sq=True)
    after = dl.invariants(after_w, transposed=p["transposed"])
    drift = torch.stack([(a - b).norm(dim=(-2, -1)) for a, b in zip(after, before, strict=True)], -1)
    bound = grad_sq[:, 1:] + grad_sq[:, :-1]
    wmax = torch.stack([W.square().sum((-2, -1)) for W in after_w + Ws], -1).amax(-1)
    tol = 16 * steps * max(dims) * torch.finfo(dtype).eps * wmax  # rounding of K updates of C_j
    ratio = (drift / (bound + tol[:, None])).amax(-1)
    return Outcome(
        passed=ratio <= 1,
        margin=1 - ratio,
        premise_held=_ones(ratio),
        details={"drift": drift.amax(-1), "bound": bound.amax(-1), "size": torch.full_like(ratio, p["eta"])},
    )


INVARIANTS = Claim(
    id="clc2018.invariants",
    title="C_j = W_{j+1}ᵀW_{j+1} − W_jW_jᵀ is invariant under gradient flow; GD drifts by O(η)",
    source=Source(CLC, "Key invariant (Lemma), slides 'Consequence of Key Invariant'", "003", CLC_ARXIV),
    statement="GD step η over time T: ‖C_j(T) − C_j(0)‖_F ≤ η Σ_k η(‖G_{j+1}‖² + ‖G_j‖²) (→ 0 as η → 0)",
    kind=Kind.FORALL,
    params=(
        Param("dims", "3,3,3,3", "widths d0,…,d_{H+1} (all equal here)", str),
        Param("n", 5, "number of samples", int, minimum=1),
        Param("eta", 0.01, "GD step", float, minimum=1e-12),
        Param("time", 0.5, "time horizon T = K η", float, minimum=1e-12),
        Param("init_scale", 1.0, "W_j entries N(0, scale²/d_{j−1})", float, minimum=0.0),
        Param("transposed", False, "mutant: use W_{j+1}W_{j+1}ᵀ − W_jᵀW_j", bool),
    ),
    trial=_invariants_trial,
    strategy=lambda profile: st.fixed_dictionaries(
        {
            "dims": _dims_strategy({"quick": 2, "standard": 3, "full": 4}[profile], 4, equal=True),
            "n": st.integers(1, 6),
            "eta": st.sampled_from([0.003, 0.01, 0.03]),
        }
    ),
    mutants=(Mutant("transposed", {"transposed": True}, "the transposed expression is not invariant"),),
    report_instances={
        "quick": ({"eta": 0.003}, {"eta": 0.01}, {"eta": 0.03}),
        "standard": ({"eta": 0.001}, {"eta": 0.003}, {"eta": 0.01}, {"eta": 0.03}, {"dims": "4,4,4,4,4"}),
        "full": (
            {"eta": 0.0003},
            {"eta": 0.001},
            {"eta": 0.003},
            {"eta": 0.01},
            {"eta": 0.03},
            {"dims": "5,5,5,5,5,5"},
        ),
    },
)

# ---------------------------------------------------------------------------------------------------------
# clc2018.critical_values


def _critical_values_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: distinct singular values s_1 > … > s_{d_y} (uniform in [0.5, 3]), X = I_{d0},
    Y = (diag(s) 0). For every subset I of unfitted values (all 2^{d_y}) construct two critical points of
    :func:`models.deep_linear.critical_point`, the balanced one (lift 0) and the lifted one (the middle layers
    carry ``lift`` on the unfitted coordinates), and verify with :mod:`claims.witness`:
    (a) ∇L = 0 to rounding (witness.grad_rounding_tol), (b) L = ½ Σ_{i∈I} s_i^power to loss_tol (power = 2
    is the theorem), (c) I = ∅ (the global minimum, L = 0): Hessian PSD; I ≠ ∅: not a local minimum,
    certified by a loss decrease along the direction that grows every layer's (i, i) entry, i ∈ I
    (ΔL = −t^{H+1} Σ_{i∈I} s_i + O(t^{2H+2}); at a lifted point −t² lift^{H−1} Σ_{i∈I} s_i + O(t³)),
    (d) the clause of Proposition (iii): where r_Z > r, λ_min(∇²L) < −eig_tol (witness.strict_saddle).

    Reading of (iii) (seed 003, "Study of Crit(L)"): r = r_R(W) = rank R(W), R = (ΠW)_2^{H+1} = W_{H+1}⋯W_2,
    and r_Z = rank Z(W), Z = (ΠW)_2^H = W_H⋯W_2 (for H = 1 the empty product I_{d_1}, so r_Z = d_1);
    r_Z ≥ r always (R = W_{H+1}Z; the seed's "r_Z ≥ R" is read as r_Z ≥ r_R). Both ranks are computed from
    the constructed factors (torch.linalg.matrix_rank, default tolerance σ_max·max(size)·eps; the nonzero
    singular values are products of s_i^{1/(H+1)} ≥ 0.5 and lift, the others exact zeros). The
    balanced points have r_Z = r for H ≥ 2 and r_Z = d_1 > r for H = 1; the lifted points have
    r_Z = d_y > r = |fitted| whenever I ≠ ∅. Where the premise fails (r_Z = r, H ≥ 2) the clause says nothing:
    those points are counted in ``details`` with how many have no negative eigenvalue (e.g. the balanced point
    fitting the top values: its Hessian is PSD although it is a saddle), and are not judged by (d).
    ``saddle_curvature`` = "psd", the mutant, demands instead that the r_Z > r points have ∇²L ≽ −eig_tol
    (that they pass the second-order test of a minimum). Widths d_j ≥ d_y (the construction needs them).
    """
    p = instance.params
    dims = parse_dims(p["dims"])
    dy = dims[-1]
    if min(dims[:-1]) < dy:
        raise InvalidInputError(f"critical_values needs every width >= d_y = {dy}, got dims {p['dims']}")
    s = (0.5 + 2.5 * torch.rand(batch, dy, generator=generator, dtype=dtype, device=device)).sort(-1, True).values
    masks = torch.tensor(
        [[(k >> i) & 1 for i in range(dy)] for k in range(2**dy)], dtype=dtype, device=device
    )  # keep = 1: fitted
    S = s.repeat_interleave(2**dy, 0).repeat(2, 1)  # (2·B·2^{d_y}, d_y): balanced points, then lifted ones
    keep = masks.repeat(2 * batch, 1)
    N = batch * 2**dy
    balanced = dl.critical_point(S[:N], keep[:N], dims)
    lifted = dl.critical_point(S[N:], keep[N:], dims, lift=p["lift"])
    Ws = [torch.cat(pair) for pair in zip(balanced, lifted, strict=True)]
    X = torch.eye(dims[0], dtype=dtype, device=device).expand(S.shape[0], -1, -1)
    Y = torch.cat([torch.diag_embed(S), torch.zeros(S.shape[0], dy, dims[0] - dy, dtype=dtype, device=device)], -1)
    x = dl.flatten(Ws)
    f = dl.flat_loss(dims)
    e = witness.examine(f, x, (X, Y))
    predicted = 0.5 * (S ** p["power"] * (1 - keep)).sum(-1)
    loss_err = (e.loss - predicted).abs() / witness.loss_tolerance(predicted)
    unfit = (1 - keep).bool()
    u = dl.flatten(dl.critical_point(torch.ones_like(S), unfit.to(dtype), dims))  # the (i, i) entries, i ∈ I
    steps = torch.logspace(-3, -0.5, 6, dtype=dtype, device=device)
    certified, _ = witness.descent_certificate(f, x, u, steps, (X, Y))
    global_min = ~unfit.any(-1)
    shape_ok = torch.where(global_min, e.psd, certified)
    # (d) Proposition (iii): r = rank W_{H+1}⋯W_2, r_Z = rank W_H⋯W_2
    H1 = len(dims) - 1
    r_R = torch.linalg.matrix_rank(dl.product(Ws, 1))
    r_Z = torch.linalg.matrix_rank(dl.product(Ws, 1, H1 - 1))
    clause = (r_Z > r_R) & ~global_min
    if p["saddle_curvature"] == "negative":
        curv_ok, curv_margin = e.strict_saddle, (-e.eig_min - e.eig_tol) / e.hess_fro
    else:
        curv_ok, curv_margin = e.psd, (e.eig_min + e.eig_tol) / e.hess_fro
    curv_ok = ~clause | curv_ok
    curv_margin = torch.where(clause, curv_margin, torch.ones_like(curv_margin))
    ok = e.critical & (loss_err <= 1) & shape_ok & curv_ok
    margin = torch.minimum(torch.minimum(1 - loss_err, 1 - e.grad_norm / e.grad_tol), curv_margin)
    # per trial: its 2^{d_y} balanced points and its 2^{d_y} lifted ones
    per = lambda t: t.reshape(2, batch, 2**dy).transpose(0, 1).reshape(batch, -1)  # noqa: E731
    outside = ~global_min & ~clause  # saddles where the clause's premise fails (r_Z = r)
    no_negative = outside & (e.eig_min >= -e.eig_tol)
    return Outcome(
        passed=per(ok).all(-1),
        margin=per(margin).amin(-1),
        premise_held=torch.ones(batch, dtype=torch.bool, device=device),
        details={
            "max_grad_norm": per(e.grad_norm).amax(-1),
            "max_loss_error": per(loss_err).amax(-1),
            "saddles_rz_gt_r": per(clause).sum(-1).to(dtype),
            "max_eig_min_rz_gt_r": per(torch.where(clause, e.eig_min, -torch.inf)).amax(-1).to(dtype),
            "saddles_rz_eq_r": per(outside).sum(-1).to(dtype),
            "saddles_rz_eq_r_without_negative_eig": per(no_negative).sum(-1).to(dtype),
        },
    )


CRITICAL_VALUES = Claim(
    id="clc2018.critical_values",
    title="Critical values of the deep linear loss are ½Σ_{s∈I} s², I ⊂ S_Y; non-global ones are saddles",
    source=Source(CLC, "Proposition (Landscape of Deep Linear Networks) i-iii, seed 003", "003", CLC_ARXIV),
    statement=(
        "X = I, Y = (D_Y 0): Crit values = {½ Σ_{s∈I} s² : I ⊂ S_Y}; L = 0 minima; others not minima, and "
        "λ_min(∇²L) < 0 where rank W_H⋯W_2 > rank W_{H+1}⋯W_2"
    ),
    kind=Kind.FORALL,
    params=(
        Param("dims", "4,3,3,3", "widths d0,…,d_{H+1}; every d_j ≥ d_y = d_{H+1}", str),
        Param("power", 2.0, "exponent in ½ Σ s^power (the theorem: 2)", float),
        Param("lift", 1.0, "value on the unfitted coordinates of W_2..W_H at the lifted points (r_Z > r)", float),
        Param(
            "saddle_curvature",
            "negative",
            "at the r_Z > r saddles: negative (λ_min < 0, the theorem) or psd (mutant: ∇²L ≽ 0)",
            str,
            choices=("negative", "psd"),
        ),
    ),
    trial=_critical_values_trial,
    strategy=lambda profile: st.tuples(
        st.integers(1, 3), st.integers(1, {"quick": 2, "standard": 3, "full": 4}[profile]), st.integers(0, 2)
    ).map(lambda t: {"dims": _dims_text((t[0] + t[2],) + (t[0] + 1,) * t[1] + (t[0],))}),
    mutants=(
        Mutant("values_not_squared", {"power": 1.0}, "critical values ½Σ s instead of ½Σ s²"),
        Mutant(
            "saddles_second_order_minima",
            {"saddle_curvature": "psd"},
            "the non-global critical points with r_Z > r pass the second-order test (∇²L ≽ 0)",
        ),
    ),
    report_instances={
        "quick": ({}, {"dims": "3,3,2"}),
        "standard": ({}, {"dims": "3,3,2"}, {"dims": "5,4,4,4,4"}),
        "full": ({}, {"dims": "3,3,2"}, {"dims": "5,4,4,4,4"}, {"dims": "6,5,5,5,5,5"}),
    },
)

# ---------------------------------------------------------------------------------------------------------
# clc2018.convergence


def _convergence_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: random X, Y, W(0); GD with the per-trial step η = step_factor / S(W(0))
    (:func:`models.deep_linear.step_size`, a curvature bound). Pass iff at every step k < K

        L(k+1) ≤ L(k) − (η/2)‖∇L(k)‖² + tol   (sufficient decrease; tol = 64·eps·(1 + L(k)) for rounding)

    and ‖∇L(K)‖² ≤ 2 L(0) / (η K) + tol: the trajectory stays where the curvature bound holds (it is
    bounded), L decreases, and Σ_k η‖∇L(k)‖² ≤ 2L(0) < ∞ forces ‖∇L‖ → 0 (convergence to Crit(L), the
    discrete form of the theorem's argument). The mutant's step 8/S breaks the descent.
    """
    p = instance.params
    dims = parse_dims(p["dims"])
    X, Y = _data(p, generator, batch, dims, dtype, device)
    Ws = dl.init(dims, batch=batch, scale=p["init_scale"], generator=generator, dtype=dtype, device=device)
    eta = dl.step_size(Ws, X, Y, p["step_factor"])
    L0 = dl.loss(Ws, X, Y)
    worst = torch.full_like(L0, -math.inf)
    L = L0
    for _ in range(p["steps"]):
        G = dl.grads(Ws, X, Y)
        g2 = sum(g.square().sum((-2, -1)) for g in G)
        Ws = [W - eta[:, None, None] * g for W, g in zip(Ws, G, strict=True)]
        Lnew = dl.loss(Ws, X, Y)
        excess = (Lnew - (L - eta / 2 * g2)) / (witness.loss_tolerance(L) + eta / 2 * g2)
        worst = torch.maximum(worst, torch.nan_to_num(excess, nan=math.inf))
        L = Lnew
    g_end = dl.grad_norm(Ws, X, Y).square()
    rate = g_end / (2 * L0 / (eta * p["steps"]) + witness.loss_tolerance(L0))
    score = torch.maximum(worst, torch.nan_to_num(rate, nan=math.inf))
    return Outcome(
        passed=score <= 1,
        margin=torch.clamp(1 - score, min=torch.finfo(dtype).min),
        premise_held=_ones(score),
        details={"final_grad_norm": g_end.sqrt(), "final_loss_over_initial": L / L0},
    )


CONVERGENCE = Claim(
    id="clc2018.convergence",
    title="Every GD/GF trajectory of a deep linear net is bounded and converges to a critical point",
    source=Source(CLC, "Theorem (convergence of GDD to Crit(L)), seed 003", "003", CLC_ARXIV),
    statement="η ≤ 1/S: L(k+1) ≤ L(k) − η/2‖∇L(k)‖², hence Σ η‖∇L‖² ≤ 2L(0) and ‖∇L(k)‖ → 0",
    kind=Kind.FORALL,
    params=(
        Param("dims", "3,4,2,3", "widths d0,…,d_{H+1}", str),
        Param("n", 6, "number of samples", int, minimum=1),
        Param("init_scale", 1.0, "W_j entries N(0, scale²/d_{j−1})", float, minimum=0.0),
        Param("step_factor", 0.5, "η = step_factor / S(W(0)); the descent lemma needs ≤ 1", float, minimum=1e-12),
        Param("steps", 300, "GD steps K", int, minimum=1),
    ),
    trial=_convergence_trial,
    strategy=lambda profile: st.fixed_dictionaries(
        {"dims": _dims_strategy({"quick": 2, "standard": 3, "full": 3}[profile], 4), "n": st.integers(1, 8)}
    ),
    mutants=(Mutant("step_too_large", {"step_factor": 8.0}, "η = 8/S: no sufficient decrease"),),
    report_instances={
        "quick": ({},),
        "standard": ({}, {"dims": "4,4,4,4,4", "steps": 1000}),
        "full": ({}, {"dims": "4,4,4,4,4", "steps": 1000}, {"dims": "6,5,4,3,2", "steps": 2000}),
    },
)

# ---------------------------------------------------------------------------------------------------------
# clc2018.exp_rate


def rate_init(dims, batch, generator, dtype, device):
    """W(0) meeting the proposition's hypothesis: W_{H+1} has singular values in [1, 1.5]; going down,
    W_j has singular values in [0.3, 0.7]·σ_min(W_{j+1}), so that W_jW_jᵀ ≼ 0.49 σ_min(W_{j+1})² I and, by
    Weyl, the d_{j+1} top eigenvalues of C_j are ≥ 0.51 σ_min(W_{j+1})² > 0. Needs d_1 ≥ … ≥ d_{H+1}."""
    Ws = [None] * (len(dims) - 1)
    Ws[-1] = dl.with_singular_values(
        batch, dims[-1], dims[-2], 1.0, 1.5, generator=generator, dtype=dtype, device=device
    )
    for j in range(len(dims) - 3, -1, -1):
        smin = torch.linalg.svdvals(Ws[j + 1])[:, -1]
        Ws[j] = dl.with_singular_values(
            batch, dims[j + 1], dims[j], 0.3 * smin, 0.7 * smin, generator=generator, dtype=dtype, device=device
        )
    return Ws


def _exp_rate_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: X = I_{d0}, Y with N(0, 1/d0) entries, W(0) from :func:`rate_init`. α_j is the
    d_{j+1}-th LARGEST eigenvalue of C_j (our reading of the seed's "d_{j+1}-smallest": the hypothesis is that
    C_j has d_{j+1} positive eigenvalues, and the proof needs λ_min(W_{j+1}W_{j+1}ᵀ) = λ_{d_{j+1}}↓(W_{j+1}ᵀW_{j+1})
    ≥ λ_{d_{j+1}}↓(C_j) since W_{j+1}ᵀW_{j+1} = C_j + W_jW_jᵀ ≽ C_j). Chaining the seed's inequality
    dL/dt ≤ −2 Π_{l≥2} λ_min(W_lW_lᵀ) λ_min(XXᵀ) L with X = I gives L(t) ≤ e^{−2 α t} L(0), α = Π_j α_j
    (for H = 1 the seed's e^{−2αt}). The flow is integrated by Euler steps η and η/2 (η = 0.05/S) up to
    T = min(1/α, K η); the flow value is estimated by the η/2 run with error 2|L_η − L_{η/2}| (Richardson).
    Pass iff at 8 checkpoints L_{η/2}(t) − 2|L_η − L_{η/2}| ≤ e^{−rate_factor·α t} L(0) + loss_tol.
    """
    p = instance.params
    dims = parse_dims(p["dims"])
    if any(a < b for a, b in itertools.pairwise(dims)):
        raise InvalidInputError(f"exp_rate needs d0 ≥ d1 ≥ … ≥ d_(H+1), got dims {p['dims']}")
    Ws = rate_init(dims, batch, generator, dtype, device)
    X = torch.eye(dims[0], dtype=dtype, device=device)
    Y = torch.randn(batch, dims[-1], dims[0], generator=generator, dtype=dtype, device=device) / math.sqrt(dims[0])
    alpha = dl.rate_alpha(Ws).prod(-1)
    eta = dl.step_size(Ws, X, Y, 0.05)
    chunk = max(1, p["steps"] // 8)
    T = torch.minimum(1 / alpha, eta * chunk * 8)
    h = T / (chunk * 8)  # common step per trial so that both runs hit the same times
    L0 = dl.loss(Ws, X, Y)
    coarse, fine = list(Ws), list(Ws)
    worst = torch.full_like(L0, -math.inf)
    for c in range(1, 9):
        coarse, _ = dl.gd(coarse, X, Y, eta=h, steps=chunk)
        fine, _ = dl.gd(fine, X, Y, eta=h / 2, steps=2 * chunk)
        Lc, Lf = dl.loss(coarse, X, Y), dl.loss(fine, X, Y)
        flow_lo = Lf - 2 * (Lc - Lf).abs()
        bound = torch.exp(-p["rate_factor"] * alpha * h * chunk * c) * L0 + witness.loss_tolerance(L0)
        worst = torch.maximum(worst, flow_lo / bound)
    return Outcome(
        passed=worst <= 1,
        margin=1 - worst,
        premise_held=alpha > 0,
        details={"alpha": alpha, "horizon": T},
    )


EXP_RATE = Claim(
    id="clc2018.exp_rate",
    title="Under the invariant's positivity hypothesis the flow converges at rate e^{−2αt}",
    source=Source(CLC, "Proposition (exponential convergence to global minimum), seed 003", "003", CLC_ARXIV),
    statement="d1≥…≥d_{H+1}, C_j with d_{j+1} positive eigenvalues ⇒ L(t) ≤ e^{−2αt}L(0), α = Π_j λ_{d_{j+1}}↓(C_j)",
    kind=Kind.FORALL,
    params=(
        Param("dims", "4,3,2", "widths d0 ≥ d1 ≥ … ≥ d_{H+1}; X = I_{d0}", str),
        Param("rate_factor", 2.0, "c in e^{−c α t} (the proposition: 2)", float),
        Param("steps", 400, "Euler steps of the coarse run (the fine run takes twice as many)", int, minimum=8),
    ),
    trial=_exp_rate_trial,
    strategy=lambda profile: st.lists(
        st.integers(1, 4), min_size=3, max_size={"quick": 4, "standard": 5, "full": 6}[profile]
    ).map(lambda ds: {"dims": _dims_text(sorted(ds, reverse=True))}),
    mutants=(Mutant("rate_50x", {"rate_factor": 100.0}, "e^{−100αt}: a rate 50 times the proposition's"),),
    report_instances={
        "quick": ({}, {"dims": "4,3,3,2"}),
        "standard": ({}, {"dims": "4,3,3,2"}, {"dims": "6,5,4,3,2"}),
        "full": ({}, {"dims": "4,3,3,2"}, {"dims": "6,5,4,3,2"}, {"dims": "8,8,6,6,4,4,2"}),
    },
)

# ---------------------------------------------------------------------------------------------------------
# kawaguchi2016.nonstrict_saddle


def _nonstrict_saddle_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: random X (d0×n), Y (d_y×n); W = 0 examined by :mod:`claims.witness` for one hidden layer
    (dims d0, d1, d_y) and for H = depth ≥ 2 hidden layers of width d1. Pass iff

    * H = 1: W = 0 is a strict saddle (λ_min(∇²L) < −eig_tol; the Hessian there is the block [[0, −M],[−Mᵀ,0]]
      built from M = YXᵀ ≠ 0, eigenvalues ±σ_i(YXᵀ));
    * H ≥ 2: ∇L = 0, ∇²L = 0 to eig_tol, and W = 0 is not a local minimum: along W₁ = t e₁vᵀ,
      W_j = t e₁e₁ᵀ, W_{H+1} = t u e₁ᵀ ((u, v) the top singular pair of YXᵀ) the loss drops by
      t^{H+1}σ₁(YXᵀ) − O(t^{2H+2}), certified by witness.descent_certificate.

    The mutant ``deep_strict`` demands a negative Hessian eigenvalue also for H ≥ 2.
    """
    p = instance.params
    d0, d1, dy, n, depth = p["d0"], p["width"], p["dy"], p["n"], p["depth"]
    X = torch.randn(batch, d0, n, generator=generator, dtype=dtype, device=device)
    Y = torch.randn(batch, dy, n, generator=generator, dtype=dtype, device=device)
    results = {}
    for h in (1, depth):
        dims = (d0, *([d1] * h), dy)
        x = torch.zeros(batch, sum(a * b for a, b in itertools.pairwise(dims)), dtype=dtype, device=device)
        e = witness.examine(dl.flat_loss(dims), x, (X, Y))
        U, _, Vh = torch.linalg.svd(Y @ X.mT)
        u, v = U[..., 0], Vh[..., 0, :]
        Ws = []
        for j in range(h + 1):
            W = torch.zeros(batch, dims[j + 1], dims[j], dtype=dtype, device=device)
            if j == 0:
                W[:, 0, :] = v
            elif j == h:
                W[:, :, 0] = u
            else:
                W[:, 0, 0] = 1
            Ws.append(W)
        ok, drop = witness.descent_certificate(
            dl.flat_loss(dims), x, dl.flatten(Ws), torch.logspace(-2, 0, 9, dtype=dtype, device=device), (X, Y)
        )
        results[h] = (e, ok, drop)
    e1, _, _ = results[1]
    ed, okd, dropd = results[depth]
    shallow = e1.strict_saddle
    shallow_margin = -e1.eig_min / e1.hess_fro - e1.eig_tol / e1.hess_fro
    if p["deep_strict"]:
        deep = ed.strict_saddle
        deep_margin = torch.where(deep, 1.0, -1.0) * torch.ones_like(dropd)
    else:
        deep = ed.critical & ed.zero_hessian & okd
        deep_margin = 1 - 1 / dropd.clamp_min(1e-300)
    return Outcome(
        passed=shallow & deep,
        margin=torch.minimum(shallow_margin, deep_margin),
        premise_held=torch.ones(batch, dtype=torch.bool, device=device),
        details={"shallow_eig_min": e1.eig_min, "deep_max_abs_eig": torch.maximum(ed.eig_min.abs(), ed.eig_max.abs())},
    )


NONSTRICT_SADDLE = Claim(
    id="kawaguchi2016.nonstrict_saddle",
    title="W = 0 is a strict saddle for one hidden layer and a non-strict saddle (zero Hessian) for ≥ 2",
    source=Source(KAW, "Theorem 2.3 (iv) and Corollary 2.4, seed 000", "000", KAW_ARXIV),
    statement="H = 1: λ_min(∇²L(0)) < 0; H ≥ 2: ∇²L(0) = 0 and 0 is not a local minimum",
    kind=Kind.FORALL,
    params=(
        Param("d0", 3, "input dimension", int, minimum=1),
        Param("width", 2, "hidden width", int, minimum=1),
        Param("dy", 2, "output dimension", int, minimum=1),
        Param("n", 4, "samples", int, minimum=1),
        Param("depth", 2, "hidden layers of the deep case (≥ 2)", int, minimum=2),
        Param("deep_strict", False, "mutant: claim negative curvature for H ≥ 2 too", bool),
    ),
    trial=_nonstrict_saddle_trial,
    strategy=lambda profile: st.fixed_dictionaries(
        {
            "d0": st.integers(1, 4),
            "width": st.integers(1, 3),
            "dy": st.integers(1, 3),
            "n": st.integers(1, 5),
            "depth": st.integers(2, {"quick": 3, "standard": 4, "full": 5}[profile]),
        }
    ),
    mutants=(Mutant("deep_strict", {"deep_strict": True}, "a negative Hessian eigenvalue at 0 for H = 2"),),
    report_instances={
        "quick": ({}, {"depth": 3}),
        "standard": ({}, {"depth": 3}, {"d0": 5, "width": 4, "dy": 3, "depth": 4}),
        "full": (
            {},
            {"depth": 3},
            {"d0": 5, "width": 4, "dy": 3, "depth": 4},
            {"d0": 8, "width": 6, "dy": 4, "depth": 5},
        ),
    },
)

# ---------------------------------------------------------------------------------------------------------
# kawaguchi2016.no_bad_minima and clc2018.h1_global: GD end points against the Eckart–Young value


def _separated_data(p, generator, batch, dims, dtype, device):
    """X (d0×n) with orthonormal rows and Y = A X, A = U diag(s) Vᵀ with s_i = 2^{−i}(1 + u_i/2), u_i uniform:
    singular values of Y X⁺X separated by a factor ≥ 4/3, so that every critical value is well apart and GD's
    linear rate near L* (∝ σ_r² − σ_{r+1}²) is bounded below: a finite run can decide "global or not"."""
    d0, dy, n = dims[0], dims[-1], p["n"]
    if n < d0:
        raise InvalidInputError(f"n must be >= d0 = {d0} (X of full row rank), got n = {n}")
    kw = {"generator": generator, "dtype": dtype, "device": device}
    X = torch.linalg.qr(torch.randn(batch, n, d0, **kw)).Q.mT
    k = min(d0, dy)
    U = torch.linalg.qr(torch.randn(batch, dy, k, **kw)).Q
    V = torch.linalg.qr(torch.randn(batch, d0, k, **kw)).Q
    s = 2.0 ** -torch.arange(k, dtype=dtype, device=device) * (1 + 0.5 * torch.rand(batch, k, **kw))
    return X, (U * s[:, None, :]) @ V.mT @ X


def _descent_end(p, generator, batch, dims, dtype, device):
    """Separated data, W(0) with scale init_scale, then ``steps`` GD steps whose size η = 1/S(W) (the curvature
    bound of models.deep_linear.step_size) is refreshed every 100 steps. Returns (X, Y, W_K)."""
    X, Y = _separated_data(p, generator, batch, dims, dtype, device)
    Ws = dl.init(dims, batch=batch, scale=p["init_scale"], generator=generator, dtype=dtype, device=device)
    if p["init_scale"] > 0:
        for done in range(0, p["steps"], 100):
            Ws, _ = dl.gd(Ws, X, Y, eta=dl.step_size(Ws, X, Y, 1.0), steps=min(100, p["steps"] - done))
    return X, Y, Ws


def _gap_scale(X, Y, r):
    """The smallest gap between the global value L* and the next critical value, ½(σ_r² − σ_{r+1}²) of the
    projection Y X⁺X (critical values of the linear net are ½(‖Y‖² − Σ_{i∈J} σ_i²), |J| ≤ r)."""
    sv = torch.linalg.svdvals(Y @ torch.linalg.pinv(X) @ X)
    nxt = sv[..., r] if sv.shape[-1] > r else torch.zeros_like(sv[..., 0])
    return 0.5 * (sv[..., r - 1] ** 2 - nxt**2)


def _no_bad_minima_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: GD from a random start (``_descent_end``). Premise: the end point is an approximate local
    minimum, ‖∇L‖ ≤ grad_rel·‖YXᵀ‖₂ and ∇²L ≽ −eig_tol (witness.examine, autograd in float64).
    Conclusion: it is global, L − L* ≤ gap_rel·½(σ_r² − σ_{r+1}²): its loss is far closer to the global
    value L* = ½(‖Y‖² − Σ_{i≤r+rank_offset} σ_i²) than to any other critical value (r = the narrowest width).
    The mutant's rank_offset = 1 uses a global value one singular value too low (dims keep r < min(d0, d_y)).
    """
    p = instance.params
    dims = parse_dims(p["dims"])
    r = min(dims[1:-1])
    X, Y, Ws = _descent_end(p, generator, batch, dims, dtype, device)
    # the gradient scale: ‖Y Xᵀ‖₂ is the size of ∇L at unit-size weights; the tolerance is relative to it
    scale = torch.linalg.matrix_norm(Y @ X.mT, 2)
    e = witness.examine(dl.flat_loss(dims), dl.flatten(Ws), (X, Y), grad_tol=p["grad_rel"] * scale)
    premise = e.psd
    Lstar = dl.optimal_loss(X, Y, min(r + p["rank_offset"], min(dims[0], dims[-1])))
    tol = p["gap_rel"] * _gap_scale(X, Y, r) + witness.loss_tolerance(Lstar)
    ratio = (e.loss - Lstar) / tol
    return Outcome(
        passed=ratio <= 1,
        margin=1 - ratio,
        premise_held=premise,
        details={"loss_gap": e.loss - Lstar, "grad_norm": e.grad_norm},
    )


def _landscape_params(dims, steps):
    return (
        Param("dims", dims, "widths d0,…,d_{H+1}; r = min hidden width", str),
        Param("n", 6, "samples (n ≥ d0 keeps X of full row rank)", int, minimum=1),
        Param("init_scale", 1.0, "W_j entries N(0, scale²/d_{j−1}); 0 = the saddle W = 0", float, minimum=0.0),
        Param("steps", steps, "GD steps", int, minimum=1),
        Param("grad_rel", 1e-3, "approximate criticality ‖∇L‖ ≤ grad_rel·‖YXᵀ‖₂", float, minimum=0.0),
        Param("gap_rel", 1e-2, "L − L* ≤ gap_rel·½(σ_r² − σ_{r+1}²)", float, minimum=0.0),
        Param("rank_offset", 0, "mutant: global value with r + offset singular values", int, minimum=0),
    )


def _bottleneck_dims(depth_max):
    """d0, d_y ∈ [2, 4], hidden widths ≥ r with one of them r < min(d0, d_y)."""
    return st.tuples(st.integers(2, 4), st.integers(2, 4), st.integers(1, depth_max), st.integers(0, 2)).map(
        lambda t: _dims_text((t[0], *([min(t[0], t[1]) - 1] + [min(t[0], t[1]) - 1 + t[3]] * (t[2] - 1)), t[1]))
    )


NO_BAD_MINIMA = Claim(
    id="kawaguchi2016.no_bad_minima",
    title="Deep linear networks: every local minimum is global",
    source=Source(KAW, "Theorem 2.3 (ii)-(iii), seed 000", "000", KAW_ARXIV),
    statement="∇L(W) = 0, ∇²L(W) ≽ 0 ⇒ L(W) = L* = ½(‖Y‖² − Σ_{i≤r} σ_i(YX⁺X)²)",
    kind=Kind.CONDITIONAL,
    params=_landscape_params("3,2,2,3", 2000),
    trial=_no_bad_minima_trial,
    strategy=lambda profile: st.fixed_dictionaries(
        {"dims": _bottleneck_dims({"quick": 2, "standard": 3, "full": 3}[profile]), "n": st.integers(4, 8)}
    ),
    mutants=(Mutant("wrong_global_value", {"rank_offset": 1}, "L* with one singular value too many"),),
    report_instances={
        "quick": ({},),
        "standard": ({}, {"dims": "4,3,3,4", "steps": 3000}),
        "full": ({}, {"dims": "4,3,3,4", "steps": 3000}, {"dims": "5,3,4,5", "n": 10, "steps": 4000}),
    },
    notes="Kind conditional: the premise is that GD's end point is an approximate second-order point.",
)


def _h1_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: one hidden layer (dims d0, d1, d_y), random start, GD. Pass iff the end point is at the
    global value: L − L* ≤ gap_rel·½(σ_r² − σ_{r+1}²) (closer to L* than to any other critical value).
    The measure-zero exception (W(0) = 0, a saddle) is the mutant ``start_at_saddle``."""
    p = instance.params
    dims = parse_dims(p["dims"])
    if len(dims) != 3:
        raise InvalidInputError(f"h1_global has one hidden layer: dims d0,d1,dy; got {p['dims']}")
    r = dims[1]
    X, Y, Ws = _descent_end(p, generator, batch, dims, dtype, device)
    Lstar = dl.optimal_loss(X, Y, min(r, dims[0], dims[-1]))
    tol = p["gap_rel"] * _gap_scale(X, Y, min(r, dims[0], dims[-1])) + witness.loss_tolerance(Lstar)
    ratio = (dl.loss(Ws, X, Y) - Lstar) / tol
    return Outcome(passed=ratio <= 1, margin=1 - ratio, premise_held=_ones(ratio), details={"gap_ratio": ratio})


H1_GLOBAL = Claim(
    id="clc2018.h1_global",
    title="One hidden layer: almost every initialisation converges to a global minimum",
    source=Source(CLC, "Corollary (H = 1), seed 003", "003", CLC_ARXIV),
    statement="H = 1, W(0) random ⇒ w.p. ≥ 1 − δ, GD reaches L* = ½(‖Y‖² − Σ_{i≤r} σ_i(YX⁺X)²)",
    kind=Kind.WHP,
    params=(*_landscape_params("3,2,3", 2000), Param("delta", 0.05, "failure probability δ", float, open_unit=True)),
    trial=_h1_trial,
    strategy=lambda profile: st.fixed_dictionaries({"dims": _bottleneck_dims(1), "n": st.integers(4, 8)}),
    delta_param="delta",
    mutants=(Mutant("start_at_saddle", {"init_scale": 0.0}, "W(0) = 0: the saddle, never leaves"),),
    report_instances={
        "quick": ({},),
        "standard": ({}, {"dims": "4,3,4"}),
        "full": ({}, {"dims": "4,3,4"}, {"dims": "6,3,5", "n": 10}),
    },
)

CLAIMS = (INVARIANTS, CRITICAL_VALUES, CONVERGENCE, EXP_RATE, H1_GLOBAL, NONSTRICT_SADDLE, NO_BAD_MINIMA)


# ---------------------------------------------------------------------------------------------------------
# Report sections (claims.report_api)


def _invariant_drift_section(ctx):
    """Drift max_j ‖C_j(T) − C_j(0)‖_F against η at fixed T (log-log): the theory's slope is 1."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from claims.report.legacy import ReportSection
    from claims.spec import seeded_generator
    from claims.stats import fit_power_law_exponent

    etas = {
        "quick": (0.003, 0.01, 0.03),
        "standard": (0.001, 0.003, 0.01, 0.03),
        "full": (3e-4, 1e-3, 3e-3, 0.01, 0.03),
    }
    rows, sizes, values = [], [], []
    for eta in etas[ctx.profile]:
        inst = Instance(INVARIANTS.resolve({"eta": eta}), ctx.seed)
        out = INVARIANTS.trial(inst, seeded_generator(ctx.seed, "drift", ctx.device), ctx.device, ctx.dtype, 16)
        drift = out.details["drift"].cpu()
        rows.append((eta, float(drift.median()), float(drift.max())))
        sizes += [eta] * len(drift)
        values += drift.tolist()
    fit = fit_power_law_exponent(sizes, values, 1 - ctx.alpha)
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.loglog(sizes, values, "o", alpha=0.4, label="trials")
    ax.loglog([r[0] for r in rows], [r[1] for r in rows], "-", label=f"median (slope {fit.slope:.2f})")
    ax.set_xlabel("step η")
    ax.set_ylabel("max_j ‖C_j(T) − C_j(0)‖_F")
    ax.legend()
    path = ctx.figure("clc2018_invariant_drift")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    table = "\n".join(f"| {e:g} | {m:.3g} | {x:.3g} |" for e, m, x in rows)
    md = (
        f"{ctx.link(path, 'invariant drift against step size')}\n\n| η | median drift | max drift |\n|---|---|---|\n"
        f"{table}\n\nFitted exponent {fit.slope:.3f} (interval [{fit.lo:.3f}, {fit.hi:.3f}]); "
        "theory: 1 (drift = O(η)).\n"
    )
    return ReportSection(
        "Deep linear nets: drift of the invariants C_j under GD", md, {"rows": rows, "slope": fit.slope}
    )


def _critical_values_section(ctx):
    """Losses of GD end points (X = I, Y = (diag(s) 0), small random starts) against ½Σ_{s∈I} s²."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from claims.report.legacy import ReportSection
    from claims.spec import seeded_generator

    g = seeded_generator(ctx.seed, "critical_values_report", ctx.device)
    dims = (3, 3, 3, 3)
    s = torch.tensor([2.0, 1.5, 1.0], dtype=ctx.dtype, device=ctx.device)
    B = {"quick": 64, "standard": 256, "full": 1024}[ctx.profile]
    X = torch.eye(3, dtype=ctx.dtype, device=ctx.device)
    Y = torch.diag(s)
    Ws = dl.init(dims, batch=B, scale=0.3, generator=g, dtype=ctx.dtype, device=ctx.device)
    for _ in range(20):
        Ws, _ = dl.gd(Ws, X, Y, eta=dl.step_size(Ws, X, Y, 1.0), steps=100)
    final = dl.loss(Ws, X, Y).cpu()
    predicted = sorted(
        {0.5 * float((s[list(unfit)] ** 2).sum()) for k in range(4) for unfit in itertools.combinations(range(3), k)}
    )
    dist = torch.stack([(final - v).abs() for v in predicted]).amin(0)
    fig, ax = plt.subplots(figsize=(5, 3.5))
    ax.hist(final.numpy(), bins=40)
    for v in predicted:
        ax.axvline(v, color="k", lw=0.6, ls="--")
    ax.set_xlabel("loss of the GD end point (dashed: ½Σ_{s∈I} s²)")
    ax.set_ylabel("starts")
    path = ctx.figure("clc2018_critical_values")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    # Proposition (iii): negative curvature where r_Z > r; what the constructed saddles look like otherwise
    rows = []
    for dims_text in ("3,3,2", "4,3,3,3", "4,3,3,3,3"):
        inst = Instance(CRITICAL_VALUES.resolve({"dims": dims_text}), ctx.seed)
        gen = seeded_generator(ctx.seed, f"critical_values_clause{dims_text}", ctx.device)
        out = CRITICAL_VALUES.trial(inst, gen, ctx.device, ctx.dtype, 8)
        det = {k: v.cpu() for k, v in out.details.items()}
        rows.append(
            (
                dims_text,
                int(det["saddles_rz_gt_r"].sum()),
                float(det["max_eig_min_rz_gt_r"].max()),
                int(det["saddles_rz_eq_r"].sum()),
                int(det["saddles_rz_eq_r_without_negative_eig"].sum()),
                bool(out.passed.all()),
            )
        )
    table = "\n".join(f"| {d} | {a} | {b:.3g} | {c} | {z} | {ok} |" for d, a, b, c, z, ok in rows)
    md = (
        f"{ctx.link(path, 'GD end-point losses against the critical values')}\n\n{B} starts, dims {dims}, "
        f"s = {s.tolist()}: largest distance of an end-point loss to the predicted set {float(dist.max()):.3g}.\n\n"
        "Constructed non-global critical points (8 draws of s per dims; balanced and lifted points of every "
        "subset I), split by the premise of Proposition (iii), r_Z = rank W_H⋯W_2 > r = rank W_{H+1}⋯W_2. "
        "Where it holds the Hessian must have a negative eigenvalue; where it fails (H ≥ 2, balanced points) "
        "the clause says nothing, and some of those saddles indeed have a PSD Hessian (non-strict saddles, "
        "certified not to be minima by a loss decrease):\n\n"
        "| dims | saddles with r_Z > r | largest λ_min(∇²L) there | saddles with r_Z = r | of which ∇²L ≽ 0 "
        "| all checks passed |\n|---|---|---|---|---|---|\n"
        f"{table}\n"
    )
    return ReportSection(
        "Deep linear nets: GD end points sit at predicted critical values",
        md,
        {"max_distance": float(dist.max()), "saddle_clause": rows},
    )


REPORT_SECTIONS = (_invariant_drift_section, _critical_values_section)
