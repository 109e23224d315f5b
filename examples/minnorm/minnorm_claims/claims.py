"""The record of minnorm.gd_zero_init (data only; the trial is minnorm_claims.trials.gd_zero_init)."""

from __future__ import annotations

from hypothesis import strategies as st

from claims.spec import ByProfile, Claim, Kind, Mutant, Param, Role, Source
from minnorm_claims import trials


def _strategy(profile: str):
    """n from 2 to 12 (24 in the full profile), d from 2n to 4n (X well conditioned: a short horizon)."""
    top = 24 if profile == "full" else 12
    return st.integers(2, top).flatmap(
        lambda n: st.fixed_dictionaries({"n": st.just(n), "d": st.integers(2 * n, 4 * n)})
    )


GD_ZERO_INIT = Claim(
    id="minnorm.gd_zero_init",
    title="GD from zero on under-determined least squares converges linearly to the minimum-norm interpolant",
    source=Source(
        "Zhang, Bengio, Hardt, Recht, Vinyals 2017 (ICLR)",
        "Section 5 (GD from zero on a linear model reaches the minimum-norm solution), with the linear rate",
        "example",
        "1611.03530",
    ),
    statement="rank X = n < d, η = c/λ_max(XᵀX), 0 < c < 1, w₀ = 0 ⇒ ‖w_k − X⁺y‖ ≤ (1 − ηλ_min(XXᵀ))^k ‖X⁺y‖ ∀k",
    kind=Kind.FORALL,
    undecided_means=(
        "the horizon K = ⌈horizon·κ/c⌉ was beyond max_steps (--set max_steps=N above K runs it), or ‖w_k − X⁺y‖ lay "
        "within its rounding allowance of the bound at some step"
    ),
    params=(
        Param("n", 8, "data points (rows of X)", int, minimum=1, role=Role.SIZE),
        Param("d", 16, "dimension (columns of X), d > n", int, minimum=2, role=Role.SIZE),
        Param("horizon", 3.0, "steps checked: k ≤ ⌈horizon·κ/c⌉, κ = λ_max/λ⁺ (ρ^k down to ≈ e^−horizon)", minimum=0.1),
        Param(
            "max_steps",
            5000,
            "cap on the steps run (a trial whose horizon is beyond it is undecided)",
            int,
            minimum=1,
            role=Role.ITERATIONS,
        ),
        Param("step", 0.5, "c in η = c/λ_max(XᵀX)", float, open_unit=True),
        Param("rate_factor", 1.0, "f in the rate 1 − f·ηλ⁺ (the theorem: 1)", float, minimum=0.0, stronger="up"),
        Param("init", "zero", "w₀: zero (the theorem) or random, of norm ‖X⁺y‖", str, choices=("zero", "random")),
    ),
    trial=trials.gd_zero_init,
    strategy=_strategy,
    mutants=(
        Mutant("random_init", {"init": "random"}, "from a random w₀ GD keeps w₀'s null-space part: not X⁺y"),
        Mutant("faster_rate", {"rate_factor": 2.0}, "twice the rate: the smallest eigen-direction contracts slower"),
    ),
    report_instances=ByProfile(
        quick=({"n": 8, "d": 16}, {"n": 4, "d": 12, "horizon": 5.0}),
        standard=({"n": 8, "d": 16}, {"n": 16, "d": 48}),
        full=({"n": 8, "d": 16}, {"n": 32, "d": 96}),
    ),
    notes="X has i.i.d. N(0, 1/d) entries and y i.i.d. N(0, 1); the rate is the smallest non-zero eigenvalue's.",
    float32_skip="at small n some trials come within float32's rounding of the bound (undecided: INCONCLUSIVE)",
    derived="the linear rate 1 − ηλ_min(XXᵀ) in the norm of w − X⁺y (the paper states the limit only)",
)

CLAIMS = (GD_ZERO_INIT,)
