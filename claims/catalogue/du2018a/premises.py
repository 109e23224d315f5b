"""The premises of du2018a's statements that an instance's values can leave unmet (Claim.premises), one
sentence each: a width below the one the paper's argument needs, a step above its step, an input outside its
hypothesis, or an Ω(·)/O(·) whose constant the paper leaves open.

The paper (arXiv:1810.02054) states its widths and step only up to constants: Lemma 3.1 m = Ω(n² log(n/δ)/λ0²),
Theorems 3.2 and 4.1 m = Ω(n⁶/(λ0⁴δ³)), Theorem 3.3 m = Ω(n⁶ log(m/δ)/(λ0⁴δ³)), Theorem 4.1 η = O(λ0/n²),
Lemma 3.2 R = cδλ0/n² "for some small positive constant c". Where models.two_layer_bounds derives a constant
from the proof, the premise is the derived width or step, and the sentence says both; where it derives none
(Theorem 3.3's log factor), the premise cannot be met by any checked width and the sentence says so.

λ0 and y come from the instance's data stream exactly as the trials draw them (params.instance_data).
"""

from __future__ import annotations

from claims.catalogue.du2018a.params import instance_data
from claims.catalogue.du2018a.trials_fig1 import FIG1_CLAIM_MULTIPLES
from claims.catalogue.du2018a.trials_kernel import width_grid
from models import two_layer_bounds as bounds


def _at(p, lam0: float) -> str:
    return f"n = {p['n']}, λ0 = {lam0:.3g}, δ = {p['delta']:g}"


def _lemma3_1_width(p, m: int, lam0: float, who: str) -> list[str]:
    """m ≥ m₁(n, λ0, δ), the width at which Lemma 3.1 holds with the constants derived here."""
    m1 = bounds.literal_width_lemma3_1(p["n"], lam0, p["delta"])
    if m >= m1:
        return []
    return [
        f"m = {m} is below {who} m₁ = ⌈8n² ln(2n²/δ)/λ0²⌉ = {m1:.3g} ({_at(p, lam0)}; the paper states "
        "m = Ω(n² log(n/δ)/λ0²), its constant left open; m₁ derived here by Hoeffding and a union bound)"
    ]


def _mean_residual_sq(p, y) -> float:
    """E‖y − u(0)‖² over the initialisation for the instance's y: ‖y‖² + n/2 (E u_i(0)² = E relu(z)² = ½)."""
    return float((y**2).sum()) + p["n"] / 2


def _width(p, m: int, lam0: float, y, theorem: str, width) -> list[str]:
    """m = Ω(n⁶/(λ0⁴δ³)) of Theorems 3.2 and 4.1 with the derived constants (``width``: models.two_layer_bounds.
    literal_width_thm3_2 or _thm4_1): R′ < R with ‖y − u(0)‖² at its Markov bound E‖y − u(0)‖²/δ."""
    need = width(p["n"], lam0, p["delta"], _mean_residual_sq(p, y))
    if m > need:
        return _lemma3_1_width(p, m, lam0, "Lemma 3.1's width, which the proof also uses,")
    return [
        f"m = {m} is below the width of {theorem}, m = Ω(n⁶/(λ0⁴δ³)) with a constant left open by the paper: "
        f"its proof's R′ < R, with c = √(2π)/16 derived here and ‖y − u(0)‖² at its Markov bound "
        f"(‖y‖² + n/2)/δ, asks m > {need:.3g} ({_at(p, lam0)})"
    ]


def _step(p, lam0: float) -> list[str]:
    """η ≤ ¼λ0/n², Theorem 4.1's η = O(λ0/n²) with the constant derived from its proof (ETA_CONST)."""
    literal = bounds.literal_step(lam0, p["n"])
    said = (
        f"the literal step ¼λ0/n² = {literal:.3g} (Theorem 4.1 asks η = O(λ0/n²), its constant left open by the "
        "paper; ¼ derived from its proof)"
    )
    mult = p["eta_multiplier"]
    if p["eta_scale"] is not None:
        lowest = p["eta_scale"] * mult / p["n"]  # λ_max(H(0)) ≤ tr H(0) ≤ n
        if lowest > literal:
            return [f"η = {p['eta_scale'] * mult:g}/λ_max(H(0)) ≥ {lowest:.3g} (λ_max(H(0)) ≤ n) is above {said}"]
        return [f"η = {p['eta_scale'] * mult:g}/λ_max(H(0)), drawn per trial, is not known to be below {said}"]
    eta = (p["eta"] if p["eta"] is not None else literal) * mult
    return [f"η = {eta:.3g} is above {said}"] if eta > literal else []


def thm3_1(instance, device, dtype) -> list[str]:
    """Theorem 3.1's hypothesis x_i ∦ x_j: the mutant's copied rows are parallel inputs."""
    k = instance["duplicates"]
    if not k:
        return []
    return [f"rows 1..{k} copy row 0: parallel inputs, outside Theorem 3.1's hypothesis x_i ∦ x_j (i ≠ j)"]


def lemma3_1(instance, device, dtype) -> list[str]:
    """Lemma 3.1: m ≥ m₁(n, λ0, δ); m = None runs m₁ itself."""
    p = instance.params
    if p["m"] is None:
        return []
    _, _, lam0 = instance_data(instance, device, dtype, labels=False)
    return _lemma3_1_width(p, p["m"], lam0, "Lemma 3.1's width")


def lemma3_2(instance, device, dtype) -> list[str]:
    """Lemma 3.2: the ball's radius R = cδλ0/n² with a small c (derived: RADIUS_CONST), and Lemma 3.1's event
    λ_min(H(0)) ≥ ¾λ0, on which its conclusion λ_min(H(W)) > λ0/2 rests (m ≥ m₁)."""
    p = instance.params
    _, _, lam0 = instance_data(instance, device, dtype, labels=False)
    out = _lemma3_1_width(p, p["m"], lam0, "the width of Lemma 3.1, whose λ_min(H(0)) ≥ ¾λ0 Lemma 3.2 uses,")
    radius = p["radius_factor"] * p["delta"] * lam0 / p["n"] ** p["radius_power"]
    derived = bounds.radius_lemma3_2(bounds.RADIUS_CONST, p["delta"], lam0, p["n"])
    if radius > derived:
        out.append(
            f"the ball's radius R = {radius:.3g} is {radius / derived:.3g}× the lemma's R = cδλ0/n² = {derived:.3g} "
            "(the paper: 'some small positive constant c', left open; c = √(2π)/16 derived from its Markov argument)"
        )
    return out


def lemma3_4(instance, device, dtype) -> list[str]:
    """Lemma 3.4's hypothesis R′ < R (Lemma 3.3's R′ = 2√n‖y − u(0)‖/(√m λ0), ‖y − u(0)‖² at its mean), and
    Lemma 3.1's width; m = None is the literal width, whose R′ < R each trial decides at its own ‖y − u(0)‖
    (trials_flow.lemma3_4_literal)."""
    p = instance.params
    if p["m"] is None:
        return []
    _, y, lam0 = instance_data(instance, device, dtype)
    need = bounds.literal_width_lemma3_4(p["n"], lam0, p["delta"], _mean_residual_sq(p, y))
    if p["m"] > need:
        return _lemma3_1_width(p, p["m"], lam0, "Lemma 3.1's width, which the lemma also uses,")
    return [
        f"m = {p['m']} leaves Lemma 3.4's hypothesis R′ < R unmet: with c = √(2π)/16 derived here (the paper "
        f"leaves c open) and ‖y − u(0)‖² at its mean ‖y‖² + n/2 it asks m > {need:.3g} ({_at(p, lam0)})"
    ]


def thm3_2(instance, device, dtype) -> list[str]:
    """Theorem 3.2: m = Ω(n⁶/(λ0⁴δ³)) (models.two_layer_bounds.literal_width_thm3_2)."""
    p = instance.params
    if p["m"] is None:
        return []
    _, y, lam0 = instance_data(instance, device, dtype)
    return _width(p, p["m"], lam0, y, "Theorem 3.2", bounds.literal_width_thm3_2)


def thm3_3(instance, device, dtype) -> list[str]:
    """Theorem 3.3: m = Ω(n⁶ log(m/δ)/(λ0⁴δ³)), a constant neither the paper nor this suite states."""
    p = instance.params
    if p["m"] is None:
        return []
    _, y, lam0 = instance_data(instance, device, dtype)
    first = bounds.literal_width_thm3_2(p["n"], lam0, p["delta"], _mean_residual_sq(p, y))
    return [
        f"Theorem 3.3's width m = Ω(n⁶ log(m/δ)/(λ0⁴δ³)) has a constant the paper leaves open (not derived "
        f"here): m = {p['m']} is the practical regime; the first layer's part of its proof alone (Theorem 3.2's "
        f"R′ < R, derived) asks m > {first:.3g} ({_at(p, lam0)})"
    ]


def thm4_1(instance, device, dtype) -> list[str]:
    """Theorem 4.1 and Corollary 4.1: m = Ω(n⁶/(λ0⁴δ³)) (literal_width_thm4_1) and η ≤ ¼λ0/n²; m = None runs
    that width itself (trials_gd.literal_gd), so only the step is left to check."""
    p = instance.params
    _, y, lam0 = instance_data(instance, device, dtype)
    if p["m"] is None:
        return _step(p, lam0)
    return _width(p, p["m"], lam0, y, "Theorem 4.1", bounds.literal_width_thm4_1) + _step(p, lam0)


def ntk_drift(instance, device, dtype) -> list[str]:
    """The drift's O(m^{−1/2}) is the paper's in Theorem 4.1's regime (R′ of Corollary 4.1): the grid's widths
    and the step η = eta_scale/λ_max(H∞) against that regime's width and step."""
    p = instance.params
    _, y, lam0 = instance_data(instance, device, dtype)
    top = max(width_grid(p))
    need = bounds.literal_width_thm4_1(p["n"], lam0, 1.0, _mean_residual_sq(p, y))  # falls with δ: its infimum
    out = []
    if top <= need:
        out.append(
            f"the grid's widths up to m = {top} are below Theorem 4.1's width, where the paper bounds the drift "
            f"through R′: m > {need:.3g} for every δ < 1 with the constants derived here (n = {p['n']}, "
            f"λ0 = {lam0:.3g}; the paper's Ω(n⁶/(λ0⁴δ³)) leaves them open)"
        )
    lowest, literal = 2 * p["eta_scale"] / p["n"], bounds.literal_step(lam0, p["n"])  # λ_max(H∞) ≤ tr H∞ = n/2
    if lowest > literal:
        out.append(
            f"η = {p['eta_scale']:g}/λ_max(H∞) ≥ {lowest:.3g} is above Theorem 4.1's step ¼λ0/n² = {literal:.3g}"
        )
    return out


#: Figure 1's smallest width over its sample count (m = 500·2^j at n = 1000): the trends it shows are observed
#: from m = n/2 on, in the over-parameterised regime the paper's analysis is about
FIG1_SMALLEST_WIDTH_OVER_N = 0.5


def fig1(instance, device, dtype) -> list[str]:
    """Figure 1's runs converge (its losses fall over the 100 steps): η = eta_scale/λ_max(H∞) at or past the
    stability edge 2/λ_max(H∞) of GD's linearised dynamics leaves that unmet. And the figure's regime: its widths
    start at m = n/2 (500 at n = 1000); a smallest width m0 below n/2 tests its trends where it shows none."""
    s, out = instance["eta_scale"], []
    widths = ", ".join(str(instance["m0"] * k) for k in FIG1_CLAIM_MULTIPLES)
    if instance["m0"] < FIG1_SMALLEST_WIDTH_OVER_N * instance["n"]:
        out.append(
            f"Figure 1's widths start at m = n/2 (500 at n = 1000); m0 = {instance['m0']} is below n/2 = "
            f"{FIG1_SMALLEST_WIDTH_OVER_N * instance['n']:g}: the trends are tested at widths {widths}, narrower "
            "than any the figure shows"
        )
    if s >= 2:
        out.append(
            f"Figure 1's runs converge; η = {s:g}/λ_max(H∞) is at or past the stability edge 2/λ_max(H∞) of GD's "
            f"linearised dynamics u − y ↦ (I − ηH∞)(u − y) at widths {widths}"
        )
    return out
