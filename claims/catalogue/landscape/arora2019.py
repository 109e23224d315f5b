"""Trials of Arora, Du, Hu, Li, Wang 2019 (ICML, arXiv:1901.08584): GD's residual follows the linear dynamics
of H∞ (Theorem 4.1), so labels with a larger yᵀ(H∞)^{−1}y are fitted more slowly (§4)."""

from __future__ import annotations

import math

import torch
from hypothesis import strategies as st

from claims.spec import ByProfile, Instance, Outcome, compare_at_least, compare_at_most, nan_as_worst
from models import data, dynamics, symeig, two_layer
from models.checks import InvalidInputError, eig_tolerance
from models.numerics import residual_tolerance

TRAJECTORY_N_MAX = ByProfile(quick=5, standard=8, full=12)
SPEED_N_MAX = ByProfile(quick=8, standard=12, full=16)


def trajectory_strategy(profile: str):
    # d ≥ n + 2: at d ≈ n, λ0 is often so small that 2ε exceeds the predicted drop (undecided trials); m ∝ n²
    # keeps ε = ½·n‖y‖/(λ0√m) at its n = 4, m = 2000 size
    return st.integers(4, TRAJECTORY_N_MAX[profile]).flatmap(
        lambda n: st.fixed_dictionaries(
            {
                "n": st.just(n),
                "d": st.integers(n + 2, 2 * n + 2),
                "m": st.just(2 * ((125 * n * n + 1) // 2)),
                "labels": st.sampled_from(("random", "linear")),
            }
        )
    )


def speed_strategy(profile: str):
    return st.integers(4, SPEED_N_MAX[profile]).flatmap(
        lambda n: st.fixed_dictionaries({"n": st.just(n), "d": st.integers(2, max(2, n // 2))})
    )


def labels_of(kind: str, X: torch.Tensor, generator, own: torch.Tensor | None = None) -> torch.Tensor:
    """(B, n) labels of norm √n: "random" y ∈ {±1}^n uniform; "linear" y ∝ Xβ, β ~ N(0, I_d) (a smooth function
    of x: Arora et al. §5.1), or, where the data carry their own ±1 labels ``own`` (the digits), those: the true
    labels of Arora et al.'s true-against-random comparison (their Figure 1, on MNIST and CIFAR)."""
    batch, n, d = X.shape
    if kind != "random" and own is not None:
        return own
    if kind == "random":
        return torch.randint(0, 2, (batch, n), generator=generator, device=X.device).to(X.dtype) * 2 - 1
    y = (X @ torch.randn(batch, d, 1, generator=generator, dtype=X.dtype, device=X.device))[..., 0]
    return y / y.norm(dim=-1, keepdim=True) * math.sqrt(n)


def arora_run(
    n: int,
    d: int,
    m: int,
    steps: int,
    eta_factor: float,
    labels,
    *,
    generator,
    batch: int,
    dtype,
    device,
    geometry: str = "sphere",
):
    """X (B, n, d) uniform on the sphere, or n rows of the digits per trial (``geometry`` "digits", d = 64, with
    their own ±1 labels standing for "linear": models.data.draw_labelled); for each kind in ``labels`` a label
    vector (:func:`labels_of`); one
    initialisation per trial shared by its label kinds, antisymmetric: m/2 rows w_r ~ N(0, I_d) with signs
    a_r, each repeated with sign −a_r, so u(0) = 0 exactly (Theorem 4.1 takes w_r ~ N(0, κ²I) with κ small
    so that u(0) ≈ 0; the doubling gets u(0) = 0 at κ = 1, where the weights move least relative to their
    size); K = ``steps`` GD steps on W only (models.dynamics, closed-form gradient), η = eta_factor/λ_max(H∞).
    Returns (H∞, λ (B, n), η (B,), {kind: (y, ‖y − u(k)‖ for k = 0..K as (B, K+1), y − u(K) (B, n))})."""
    X, own = data.draw_labelled(geometry, n, d, generator=generator, batch=(batch,), dtype=dtype, device=device)
    W, a = two_layer.init(m // 2, d, generator=generator, batch=(batch,), dtype=dtype, device=device)
    W, a = torch.cat([W, W], -2), torch.cat([a, -a], -1)
    H = two_layer.h_infinity(X)
    lam = symeig.eigvalsh(H)
    eta = eta_factor / lam[:, -1]
    runs = {}
    for kind in labels:
        y = labels_of(kind, X, generator, own)
        traj = dynamics.gradient_descent(X, y, W, a, eta=eta, steps=steps, track=False)
        runs[kind] = (y, traj.residual_sq.sqrt(), y - two_layer.output(X, traj.W, traj.a))
    return H, lam, eta, runs


def trajectory_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Arora et al. 2019, Theorem 4.1: for GD with step η on the first layer, for all k ≥ 0,

        ‖y − u(k)‖ = (Σ_i (1 − ηλ_i)^{2k} (v_iᵀy)²)^{1/2} ± ε,   (λ_i, v_i) the eigenpairs of H∞,

    with ε → 0 as m grows (m = Ω(n⁷/(λ0⁴κ²δ⁴ε²)), η = O(λ0/n²) there). One trial (:func:`arora_run`, labels
    of the kind ``labels``), for every k ≤ K:

        |‖y − u(k)‖ − pred(k)| ≤ ε = tol_factor · n ‖y‖ / (λ0 √m)

    (pred: models.two_layer.linear_prediction with c = rate_factor; 1 the theorem). The form of ε is the
    first-order perturbation bound of r(k+1) = (I − ηH∞)r(k) + η(H∞ − H(k))r(k): ‖H(k) − H∞‖₂ is of order
    n/√m, amplified at most by η Σ_k (1 − ηλ0)^k = 1/λ0 along the run. tol_factor = ½ is empirical (not the
    paper's): this claim tests the prediction's form and its m^{−1/2} error, not Theorem 4.1's width. The
    largest deviation/ε seen is 0.48 at n = 4 (600 trials, d = 4, linear labels) and 0.15–0.25 at n = 5, but
    0.88–1.0 at n = 3 (the n/√m form overstates the growth in n: the fluctuation ‖H(0) − H∞‖₂ grows like
    √n/√m), so the claim is stated for n ≥ 4 only.

    Decidability: a band ±ε as wide as the predicted change lets anything pass, so a pass counts only when
    2ε ≤ pred(0) − pred(K) (the band ±ε is at most the predicted drop: a run that never moves fails);
    otherwise it is undecided. A deviation beyond ε (and its rounding) is a verified violation whatever the
    band's width: a prediction that falls too fast, or grows (c·ηλ_max > 2, a negative drop), is refuted.
    Premise (the theorem's λ0 > 0 made quantitative): λ0 ≥ lambda0_min. The step is
    the practical η = 1/λ_max(H∞) (the linear prediction is exact for any η of the linearised dynamics).
    The comparison max_k deviation ≤ ε is decided three-way against the rounding of the two curves
    (claims.spec.compare_at_most): undecided where the deviation is within its rounding of ε.
    Margin: 1 − max_k deviation/(ε + rounding). Mutant: rate_factor ½, the prediction (1 − ηλ_i/2)^k.
    """
    p = instance.params
    kw = {"generator": generator, "batch": batch, "dtype": dtype, "device": device}
    H, lam, eta, runs = arora_run(p["n"], p["d"], p["m"], p["steps"], p["eta_factor"], (p["labels"],), **kw)
    y, actual, _ = runs[p["labels"]]
    pred = two_layer.linear_prediction(H, y, eta, p["steps"], c=p["rate_factor"])
    lam0 = lam[:, 0]
    norm = y.norm(dim=-1)
    eps = p["tol_factor"] * p["n"] * norm / (lam0.clamp_min(1e-300) * math.sqrt(p["m"]))
    # rounding: GD's residual and the eigen-powers are each good to a few n·eps·‖y‖ per step; K + 1 steps
    rounding = 16 * (p["steps"] + 1) * p["n"] * torch.finfo(dtype).eps * norm
    dev = (actual - pred).abs().amax(-1)
    drop = pred[:, 0] - pred[:, -1]
    passed, near = compare_at_most(dev, eps, rounding)
    return Outcome(
        passed=passed,
        margin=nan_as_worst(1 - dev / (eps + rounding)),
        premise_held=compare_at_least(lam0, p["lambda0_min"], eig_tolerance(H))[0],  # λ0 verified ≥ the bound
        undecided=near | (passed & (2 * eps > drop)),  # a wide band voids a pass, not a verified deviation
        details={"deviation_over_norm": dev / norm, "epsilon_over_norm": eps / norm, "lambda0": lam0},
    )


def _area_tail(H: torch.Tensor, eta: torch.Tensor, r_end: torch.Tensor) -> torch.Tensor:
    """Σ_{k>K} ‖y − u(k)‖² predicted by the linear dynamics from the residual r(K): Σ_i (v_iᵀr)² q_i/(1 − q_i),
    q_i = (1 − ηλ_i)² (Theorem 4.1 continued past the run). (B,)."""
    lam, V = symeig.eigh(H)
    proj = (V.mT @ r_end[..., None])[..., 0].square()
    q = (1 - eta[:, None] * lam).square()
    return (proj * q / (1 - q)).sum(-1)


def decide_slower(area_slow, area_fast, tail_slow, tail_fast, tol):
    """(passed, failed) of "the slow labels' loss area exceeds the fast labels'", each area measured to step K
    and ``tail`` bounding what the steps past K can add: passed where A_slow − A_fast − tail_fast ≥ tol (even the
    fast run's unmeasured tail cannot close the gap), failed where A_fast − A_slow − tail_slow ≥ tol (a verified
    reversal), neither within ``tol``, the areas' rounding, of either boundary."""
    passed = compare_at_least(area_slow - area_fast - tail_fast, 0.0, tol)[0]
    failed = compare_at_least(area_fast - area_slow - tail_slow, 0.0, tol)[0]
    return passed, failed


def speed_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Arora et al. 2019, §4 (consequence of Theorem 4.1): labels with larger yᵀ(H∞)^{−1}y are fitted more
    slowly. From Theorem 4.1, Σ_{k≥0} ‖y − u(k)‖² ≈ Σ_i (v_iᵀy)²/(ηλ_i(2 − ηλ_i)) ≈ yᵀ(H∞)^{−1}y/(2η): the
    area under the loss curve is the label complexity. One trial (:func:`arora_run`, random ±1 labels and
    linear labels y ∝ Xβ, both of norm √n, from the same initialisation): the areas A = (η/n) Σ_{k≥0}
    ‖y − u(k)‖², measured over the K steps of the instance, and the predicted complexities c = yᵀ(H∞)^{−1}y/n
    (models.two_layer.label_complexity). With ``geometry`` "digits" the rows are n of scikit-learn's digits and
    the structured labels are their own ±1 (even/odd) labels: Arora et al.'s true against random labels, on real
    data. Premise: c_random ≥ ratio_min·c_linear. Conclusion: the random labels
    converge more slowly, A_random > A_linear (``slower`` = "linear", the mutant, claims the opposite). The
    premise is taken as held only where it is verified beyond the rounding of the two complexities.

    The areas past step K are not measured; twice their linear prediction from the residual at K
    (:func:`_area_tail`) bounds what they can add. Decided three-way with the areas' rounding tol
    (claims.spec.compare_at_least): passed where A_slow(K) − A_fast(K) − 2·tail_fast ≥ tol; failed (verified up
    to that bound) where A_fast(K) − A_slow(K) − 2·tail_slow ≥ tol; undecided otherwise (horizon too short, or
    the difference within rounding).
    """
    p = instance.params
    kw = {"generator": generator, "batch": batch, "dtype": dtype, "device": device}
    H, lam, eta, runs = arora_run(
        p["n"], p["d"], p["m"], p["steps"], p["eta_factor"], ("random", "linear"), geometry=p["geometry"], **kw
    )
    area = {k: eta * r.square().sum(-1) / p["n"] for k, (_, r, _) in runs.items()}
    tail = {k: 2 * eta * _area_tail(H, eta, end) / p["n"] for k, (_, _, end) in runs.items()}
    comp = {k: two_layer.label_complexity(H, y) / p["n"] for k, (y, _, _) in runs.items()}
    # the premise verified: yᵀ(H∞)⁻¹y is good to 8·n·eps·cond(H∞) relative (models.checks.eig_tolerance's rule)
    rel_c = 8 * p["n"] * torch.finfo(dtype).eps * lam[:, -1] / lam[:, 0]
    bound = p["ratio_min"] * comp["linear"]
    premise = compare_at_least(comp["random"], bound, rel_c * (comp["random"] + bound))[0]
    slow, fast = ("random", "linear") if p["slower"] == "random" else ("linear", "random")
    # rounding of an area, a sum of K + 1 squared residuals each good to 16(n + m)·eps relative
    # (models.numerics.residual_tolerance)
    rel, _ = residual_tolerance(p["n"], p["m"], dtype)
    tol = rel * (p["steps"] + 1) * (area[slow] + area[fast])
    passed, failed = decide_slower(area[slow], area[fast], tail[slow], tail[fast], tol)
    return Outcome(
        passed=passed,
        margin=1 - (area[fast] + tail[fast]) / area[slow],
        premise_held=premise,
        undecided=~passed & ~failed,
        details={
            "area_random": area["random"],
            "area_linear": area["linear"],
            "tail_random": tail["random"],
            "tail_linear": tail["linear"],
            "complexity_random": comp["random"],
            "complexity_linear": comp["linear"],
        },
    )


def speed_constraints(p) -> list[str]:
    """The digits fix d = 64 and n ≤ 1,797 (models.data.check_pool_fits), checked before any trial."""
    if p["geometry"] == "sphere":
        return []
    try:
        data.check_pool_fits(p["geometry"], p["n"], p["d"])
    except InvalidInputError as exc:
        return [str(exc)]
    return []


def width_premises(instance: Instance, device, dtype) -> list[str]:
    """Theorem 4.1's width and step carry constants the paper leaves open; the instance's are practical values."""
    p = instance.params
    return [
        f"m = {p['m']} at n = {p['n']} and η = {p['eta_factor']:g}/λ_max(H∞) are practical values: Theorem 4.1's "
        "m = Ω(n⁷/(λ0⁴κ²δ⁴ε²)) and η = O(λ0/n²) have constants the paper leaves open"
    ]
