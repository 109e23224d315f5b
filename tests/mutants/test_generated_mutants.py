"""Generated mutants: every constant of every statement, moved in its stronger direction by a moderate amount
(claims.engine.resolution), is REFUTED from the CLI defaults — not only the hand-written mutants.

A constant whose theorem is conservative at the default instance (the statement moved by that amount is still
true there, so no design could refute it) is listed in LOOSE with the measured reason, the way SciPy keeps its
named skip lists; ``tox -e resolution`` measures how far each such constant can move before it is refuted.
"""

import pytest

from claims import Verdict, all_claims
from claims.engine.resolution import constants, is_additive, perturbed_value
from claims.engine.runner import run

#: the generated perturbation: a factor 2 on a constant, a shift of 0.5 on an exponent
FACTOR, SHIFT = 2.0, 0.5

#: (claim id, parameter) → why the generated mutant is still a true statement at the defaults
LOOSE: dict[tuple[str, str], str] = {
    # jh2019 (measured at the defaults, seed 0, 160 trials each): C and γ/√d are sizes at which Theorem 1's
    # factor is < 1 with Lemma 2's derived ρ₃ (ρ_AM ≈ 0.65), not tight constants (the paper's C and δ are
    # unspecified): halving C or doubling γ/√d keeps ρ_AM < 1; the declared mutant ball_10x (ρ_AM ≈ 1.2) is
    # refuted. GD's steps fail ρ_GD^k only from k ≈ 2.9 (mutant rate_4x) and AM's from k ≈ 16 (mutant rate_16x):
    # Lemma 2's ρ₃ ≈ 0.062 is 7× the flip error measured at W⁰ (median 0.009), and AM's chain is loose by κ more.
    ("jh2019.thm1_gd", "C"): "n = 1000·d³ keeps ρ_GD < 1 (SUPPORTED, 0 in 160, worst margin 0.014)",
    ("jh2019.thm1_gd", "gamma_rel"): "γ/√d = 2e-3 keeps ρ_GD < 1 (SUPPORTED, 0 in 160)",
    ("jh2019.thm1_gd", "rate_factor"): "GD's ratios fail ρ_GD^k from k ≈ 2.9: k = 2 holds (0 in 160)",
    ("jh2019.thm1_gd", "rho3_factor"): "half Lemma 2's ρ₃ still bounds GD's steps (0 in 160): ρ₃ is 7× the flip error",
    ("jh2019.thm1_am", "C"): "n = 1000·d³ keeps ρ_AM ≈ 0.82 < 1 (SUPPORTED, 0 in 160)",
    ("jh2019.thm1_am", "gamma_rel"): "γ/√d = 2e-3 keeps ρ_AM < 1 (SUPPORTED, 0 in 160)",
    ("jh2019.thm1_am", "rate_factor"): "AM's measured ratio (~1e-4) fails ρ_AM^k only from k ≈ 16 (mutant rate_16x)",
    ("jh2019.thm1_am", "rho3_factor"): "AM's ratio sits orders of magnitude under κρ₃/σ_max: half ρ₃ holds (0 in 160)",
    ("jh2019.am_faster", "C"): "n = 1000·d³ keeps ρ_AM < 1, where the formula ordering is exact (SUPPORTED)",
    ("jh2019.am_faster", "gamma_rel"): "γ/√d = 2e-3 keeps ρ_AM < 1, where the formula ordering is exact (SUPPORTED)",
    ("jh2019.am_faster", "rho3_factor"): "a smaller ρ₃ keeps ρ_AM < 1, where the formula ordering is exact",
    ("jh2019.recovery", "threshold"): "AM either reaches W* to rounding or cycles: a 0.5 % threshold changes nothing",
    ("du2018b.thm5.1", "rate_factor"): "GD on every layer decays at the all-layer Gram's λ_min, above K^(H)'s λ0: "
    "at the defaults (seed 0) the worst measured decay exponent is 4.6× the claimed (log-rate margin 3.62), so "
    "rate_factor 2 still holds; the mutant rate_1.5x refutes 1.5× the all-layer rate",
    ("du2018b.gram_init", "width_const"): "the width's derived c = 2 has room: at c = 1 (every constant 1) "
    "‖G^(H)(0) − K^(H)‖₂ > λ0/4 in 12 of 298 trials at δ = 0.1 (seed 0; 14 of 298 at seed 1), SUPPORTED; "
    "c = 0.5 is REFUTED (29 of 149), and bound_factor ⅛ is refuted at c = 2",
    # du2018a (measured at the defaults, seed 0; the declared mutants sit at the measured truth instead)
    ("du2018a.lemma3.1", "bound_factor"): "‖H(0) − H∞‖₂/λ0 ≈ 0.014 at the literal m₁: a bound of λ0/8 still holds",
    ("du2018a.lemma3.2", "radius_factor"): "the lemma's R is ~40n² below the radius (≈ 0.3λ0) where it fails",
    ("du2018a.lemma3.2", "radius_power"): "R = cδλ0/n (p = 1) is still far inside the ball where it holds",
    ("du2018a.lemma3.3", "rprime_factor"): "R′ is loose: the flow's largest distance is 0.2–0.4 R′ at m = 100",
    ("du2018a.lemma3.4", "rprime_factor"): "R′ is loose: the flow's largest distance is 0.2–0.4 R′ at m = 200",
    ("du2018a.lemma3.4", "rate_factor"): "rate 2 is the flow's true rate 2λ_min(H)/λ0 ≈ 2: 4 of 112 trials fail",
    ("du2018a.thm3.2", "rate_factor"): "rate 2 is the flow's true rate 2λ_min(H)/λ0 ≈ 2: 20 of 223 fail (δ = 0.2)",
    ("du2018a.thm3.3", "rate_factor"): "with a trained too the true rate is ≈ 4: rate 2 holds",
    ("du2018a.thm4.1", "rate_factor"): "the true rate factor is ≈ 2 (log margin +2.8 at ½): a factor 1 holds",
    ("du2018a.thm4.1", "eta_multiplier"): "the literal step ¼λ0/n² is far below the stability edge 2/λ_max",
    ("du2018a.cor4.1", "rprime_factor"): "R′ is loose: GD's largest distance is ≈ 0.09 R′ at the defaults",
    ("du2018a.cor4.1", "eta_multiplier"): "a twice larger literal step moves the weights no farther (slack ≈ 0.09)",
    ("du2018a.fig1", "slack"): "k*(4m) ≤ 1.05·k*(m) + 1 still holds: 4 of 260 trials fail (δ = 0.1)",
    # landscape and clc2018 (measured at the defaults, seed 0)
    ("clc2018.convergence", "step_factor"): "S is a loose curvature bound: the summed descent (η/2)Σ‖∇L‖² ≤ "
    "L(0) − L(K') holds at η = 1/S (worst margin 0.56) and 2/S, and is refuted from 3/S (the mutant "
    "step_too_large is 5/S); η = 1/S is also the edge of the descent lemma's premise",
    ("landscape.perturbed_gd_escape", "polylog_power"): "T grows like log d (T ∝ d^0.06): (log d)² bounds it too "
    "(a = −0.30, interval [−0.33, −0.26])",
    ("landscape.perturbed_gd_escape", "excess_power"): "(log d)⁴ outgrows T ∝ log d on [64, 1024]: a ≤ −0.5 holds "
    "(a = −0.66, interval [−0.70, −0.62])",
    ("landscape.spurious_minima_relu", "loss_gap"): "the verified witnesses have F ≈ 0.02, ten times the gap 2e-3",
    ("landscape.arora_trajectory", "tol_factor"): "the deviation stays below 0.43 ε at n ≥ 4: ε/2 still holds "
    "(worst margin 0.57)",
}

#: generated mutants still being measured (issue 8 in progress): run and reported (xfail / xpass), not gating.
#: A family name covers all its constants; "ID:param" one constant. Seen not refuted in the full run on main.
MEASURING: dict[str, str] = {}


def _marks(claim, param) -> tuple:
    marks = [pytest.mark.slow] if claim.slow else []
    reason = MEASURING.get(claim.id.split(".")[0]) or MEASURING.get(f"{claim.id}:{param.name}")
    if reason:
        marks.append(pytest.mark.xfail(reason=reason, strict=False))
    return tuple(marks)


CASES = [pytest.param(c, p, id=f"{c.id}:{p.name}", marks=_marks(c, p)) for c in all_claims() for p in constants(c)]


def test_every_claim_with_a_constant_names_its_direction():
    """A claim whose statement has a rate, width, radius, bound or exponent says which way is stronger."""
    assert CASES, "no claim declares a constant"


@pytest.mark.parametrize(("claim", "param"), CASES)
def test_generated_mutant_is_refuted(claim, param, alpha_budget):
    if (claim.id, param.name) in LOOSE:
        pytest.skip(LOOSE[claim.id, param.name])
    value = perturbed_value(claim, param, SHIFT if is_additive(claim, param) else FACTOR)
    budget = alpha_budget.split("generated mutants", len(CASES))
    result = run(claim, params={param.name: value}, seed=0, alpha=budget.share)
    expected = Verdict.INCONCLUSIVE if claim.kind.value == "exists" else Verdict.REFUTED
    assert result.verdict is expected, result.to_json()
