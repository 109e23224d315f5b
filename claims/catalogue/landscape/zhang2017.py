"""Trial of Zhang, Bengio, Hardt, Recht, Vinyals 2017 (random labels are fitted to zero training loss), at the
two-layer ReLU net of Du et al. 2018a (models.two_layer)."""

from __future__ import annotations

import math

import torch
from hypothesis import strategies as st

from claims.spec import ByProfile, Instance, Outcome, nan_as_worst
from models import data, symeig, two_layer

N_MAX = ByProfile(quick=4, standard=8, full=12)


def random_labels_strategy(profile: str):
    return st.integers(3, N_MAX[profile]).flatmap(
        lambda n: st.fixed_dictionaries({"n": st.just(n), "d": st.integers(n + 1, 2 * n)})
    )


def unreachable(a: torch.Tensor, y: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
    """(B,) True where L ≤ target is certified unreachable for every W: if all output weights a_r share one
    sign s, every output u_i = m^{−1/2} Σ_r a_r relu(w_rᵀx_i) has sign s or is 0, so each label y_i = −s
    (|y_i| = 1) costs |u_i − y_i| ≥ 1 and min_W L ≥ ½·#{i : y_i = −s}."""
    s = torch.sign(a[..., 0])
    same = (a == s[..., None]).all(-1)
    floor = 0.5 * (y == -s[..., None]).to(y.dtype).sum(-1)
    return same & (floor > target)


def random_labels_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: X (n×d) uniform on the sphere, labels y_i uniform in {−1, +1} (random labels), the two-layer
    ReLU net of models.two_layer (width m, a fixed, W trained) from the paper's initialisation; GD with
    η = eta_factor/λ_max(H∞). Horizon: K = ⌈2 ln(1/tol)/(η λ0)⌉ steps, after which the linearised dynamics
    ‖y − u(k)‖² ≈ Σ_i (1 − ηλ_i)^{2k}(v_iᵀy)² is below tol·‖y − u(0)‖²; the run stops at min(K, max_steps).

    * passed: L(W) ≤ tol·L(W_0), zero training loss reached (Zhang et al. 2017; Du et al. 2018a at m ≫ n): the
      conclusion is an equality, L → 0, decided two-way: within the convergence tolerance is consistent;
    * failed (verified): the target is unreachable by any W (:func:`unreachable`);
    * undecided: neither (the run stopped short of the target: a horizon cut at max_steps, or a width too
      small for the linearised count).

    The mutant's width m = 1 cannot interpolate random labels of both signs (certified by :func:`unreachable`).
    """
    p = instance.params
    n, d, m = p["n"], p["d"], 1 if p["narrow"] else p["m"]
    X = data.sphere(n, d, generator=generator, batch=(batch,), dtype=dtype, device=device)
    y = torch.randint(0, 2, (batch, n), generator=generator, device=device).to(dtype) * 2 - 1
    W, a = two_layer.init(m, d, generator=generator, batch=(batch,), dtype=dtype, device=device)
    ev = symeig.eigvalsh(two_layer.h_infinity(X))
    eta = p["eta_factor"] / ev[:, -1]
    # each trial runs its own step count: running a fast trial on to the batch's longest count would drive its
    # residual into subnormal floats, which are two orders of magnitude slower on x86
    own_steps = (2 * math.log(1 / p["tol"]) / (eta * ev[:, 0])).ceil().clamp(max=p["max_steps"])
    L0 = two_layer.loss(two_layer.output(X, W, a), y)
    for k in range(int(own_steps.max())):
        W = W - (eta * (k < own_steps))[:, None, None] * two_layer.grad_w(X, W, a, y)
    ratio = two_layer.loss(two_layer.output(X, W, a), y) / (p["tol"] * L0)
    certified = unreachable(a, y, p["tol"] * L0)
    passed = ratio <= 1
    return Outcome(
        passed=passed,
        margin=nan_as_worst(1 - ratio),
        premise_held=torch.ones_like(passed),
        undecided=~passed & ~certified,
        details={"lambda0": ev[:, 0], "steps": own_steps, "certified_unreachable": certified.to(dtype)},
    )


def random_labels_premises(instance: Instance, device, dtype) -> list[str]:
    """The statement's m ≫ n and its step are taken at practical values: Du et al. 2018a's theorem asks
    m = Ω(n⁶/(λ0⁴δ³)) and η = O(λ0/n²), with constants the paper leaves open."""
    p = instance.params
    m = 1 if p["narrow"] else p["m"]
    if m <= p["n"]:
        return [f"width m = {m} ≤ n = {p['n']}: the statement's m ≫ n (over-parameterisation) does not hold"]
    return [
        f"m = {m} at n = {p['n']} and η = {p['eta_factor']:g}/λ_max(H∞) are practical values: Du et al. 2018a's "
        "m = Ω(n⁶/(λ0⁴δ³)) and η = O(λ0/n²) have constants the paper leaves open (Zhang et al. 2017 is empirical)"
    ]
