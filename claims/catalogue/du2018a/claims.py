"""Family du2018a: two-layer ReLU net, first layer trained (Du, Zhai, Póczos, Singh 2018a, ICLR 2019).

arXiv:1810.02054, "Gradient Descent Provably Optimizes Over-parameterized Neural Networks"; the lecture notes and
slides it was read from
and 004. The records, in the paper's order; trials in trials_*.py, mathematics in models.two_layer,
models.two_layer_bounds and models.dynamics.
"""

from __future__ import annotations

from claims.catalogue.du2018a import premises, strategies, trials_fig1, trials_flow, trials_gd, trials_kernel
from claims.catalogue.du2018a.params import (
    LAMBDA_FREE_DOC,
    LAMBDA_FREE_RADIUS,
    data_constraints,
    data_params,
    delta_param,
    flow_params,
    gd_constraints,
    gd_params,
    label_param,
    rate_param,
    rprime_params,
    source,
    width_grid_params,
)
from claims.spec import ByProfile, Claim, Kind, Mutant, Param, Relation, Role, loose
from models.two_layer_bounds import RADIUS_CONST

#: real data at Lemma 3.1's literal width: 5 of scikit-learn's digits (models.datasets)
DIGITS_5 = {"n": 5, "d": 64, "geometry": "digits"}

THM3_1 = Claim(
    id="du2018a.thm3.1",
    title="λ0 > 0 when no two inputs are parallel",
    source=source("Theorem 3.1"),
    statement="x_i ∦ x_j for all i ≠ j  ⇒  λ0 = λ_min(H∞) > 0",
    kind=Kind.FORALL,
    undecided_means=(
        "λ̂0 = λ_min(H∞) was within its rounding tolerance 8n·eps·‖H∞‖_F of 0 with no exact null vector to prove λ0 = "
        "0: a positive λ0 below what the dtype resolves (rows close to parallel, or n far above d), or a λ0 of exactly "
        "0 that rounding hides"
    ),
    params=(
        *data_params(10, 5),
        Param("duplicates", 0, "rows copied from row 0 (a mutant's broken hypothesis)", int, minimum=0),
    ),
    trial=trials_kernel.thm3_1,
    premise_means=(
        "two rows of X were equal bit for bit, parallel inputs outside the hypothesis x_i ∦ x_j (a geometry or data "
        "file that repeats a row: another seed, geometry or subset draws others)"
    ),
    constraints=data_constraints,
    premises=premises.thm3_1,
    strategy=strategies.thm3_1,
    mutants=(Mutant("duplicated_row", {"duplicates": 1}, "x_1 = x_0: parallel inputs make H∞ singular, λ0 = 0"),),
    report_instances=ByProfile(
        quick=(
            {"n": 10, "d": 5},
            {"n": 10, "d": 5, "geometry": "clustered", "spread": 0.05},
            {"n": 10, "d": 5, "geometry": "near_parallel", "min_angle": 1e-4},
            {"n": 40, "d": 64, "geometry": "digits"},
        ),
        standard=(
            {"n": 50, "d": 10},
            {"n": 50, "d": 10, "geometry": "clustered", "spread": 0.05, "clusters": 3},
            {"n": 50, "d": 10, "geometry": "near_parallel", "min_angle": 1e-5},
            {"n": 200, "d": 64, "geometry": "digits"},
        ),
        full=(
            {"n": 200, "d": 20},
            {"n": 200, "d": 20, "geometry": "clustered", "spread": 0.02, "clusters": 5},
            {"n": 200, "d": 20, "geometry": "near_parallel", "min_angle": 1e-6},
            {"n": 1000, "d": 64, "geometry": "digits"},
        ),
    ),
    notes=(
        "Each trial draws a fresh X; the data geometries cover random, clustered and near-parallel inputs, and "
        "real ones (scikit-learn's digits)."
    ),
)

LEMMA3_1 = Claim(
    id="du2018a.lemma3.1",
    title="H(0) is within λ0/4 of H∞ at width m₁",
    source=source("Lemma 3.1"),
    statement="m ≥ m₁ = ⌈8n² ln(2n²/δ)/λ0²⌉ ⇒ w.p. ≥ 1−δ over W(0): ‖H(0) − H∞‖₂ ≤ λ0/4 and λ_min(H(0)) ≥ ¾λ0",
    kind=Kind.WHP,
    undecided_means=(
        "‖H(0) − H∞‖₂ or λ_min(H(0)) lay within the rounding of the two eigensolves, 8n·eps·(‖H(0)‖_F + ‖H∞‖_F), of "
        "its bound"
    ),
    params=(
        *data_params(10, 20),
        Param(
            "m",
            None,
            "width; None = the literal m₁(n, λ0, δ) (the practical regime sets it)",
            int,
            minimum=1,
            optional=True,
            role=Role.SIZE,
        ),
        delta_param(0.05, "failure probability δ (m₁ grows as δ falls)"),
        Param(
            "bound_factor",
            0.25,
            "c in ‖H(0) − H∞‖₂ ≤ c·λ0 (the paper: ¼)",
            float,
            minimum=1e-12,
            stronger="down",
            loose="‖H(0) − H∞‖₂/λ0 ≈ 0.014 at the literal m₁: a bound of λ0/8 still holds",
        ),
        Param("max_width", 10**7, "largest m run; a larger literal m₁ is reported, not run", int, minimum=1),
    ),
    trial=trials_kernel.lemma3_1,
    constraints=data_constraints,
    premises=premises.lemma3_1,
    cost=trials_kernel.lemma3_1_cost,
    strategy=strategies.lemma3_1,
    delta_param="delta",
    width_param="m",
    mutants=(
        Mutant(
            "tiny_bound_small_m",
            {"bound_factor": 0.005},
            "threshold λ0/200 at the literal width m₁ (small for that bound): ‖H(0) − H∞‖₂/λ0 is 0.014 there at "
            "the defaults (measured) and larger at smaller n, so the bound is false by 3× or more",
        ),
    ),
    report_instances=ByProfile(
        quick=(
            {"n": 5, "d": 10},
            {"n": 8, "d": 16},
            DIGITS_5,
        ),  # n = 10 at the literal m₁ took 32 s of the quick report
        standard=({"n": 5, "d": 10}, {"n": 10, "d": 20}, {"n": 20, "d": 40}, DIGITS_5),
        full=({"n": 5, "d": 10}, {"n": 10, "d": 20}, {"n": 20, "d": 40}, {"n": 30, "d": 60}, DIGITS_5),
    ),
    notes="m₁ = ⌈8n² ln(2n²/δ)/λ0²⌉ is derived here (Hoeffding per entry of H(0), a union bound over the n² "
    "entries, then Weyl's inequality): the lemma's Ω(·) gives no constant.",
    derived="the explicit width m₁ = ⌈8n² ln(2n²/δ)/λ0²⌉ (Hoeffding, a union bound over n² entries, Weyl)",
)

LEMMA3_2 = Claim(
    id="du2018a.lemma3.2",
    title="H(W) stays within λ0/4 of H(0) on the ball of radius R = cδλ0/n²",
    source=source("Lemma 3.2"),
    statement="w.p. ≥ 1−δ over W(0): ∀W with ‖w_r − w_r(0)‖ ≤ R = cδλ0/n²: ‖H(W) − H(0)‖₂ < λ0/4, λ_min(H(W)) > λ0/2",
    kind=Kind.WHP,
    undecided_means=(
        "the certificate λ_max(B), sufficient only, did not prove the conclusions on the whole ball, and neither W(0) "
        "nor any of the three adversaries in the ball violated them beyond the eigenvalue tolerances: the ball's worst "
        "W was found neither way"
    ),
    params=(
        *data_params(5, 10),
        Param("m", 800, "width (practical; λ_min(H(0)) ≥ ¾λ0 is Lemma 3.1's regime)", int, minimum=1, role=Role.SIZE),
        delta_param(0.05, "failure probability δ (R grows with δ)"),
        Param(
            "radius_factor",
            RADIUS_CONST,
            "c in R = cδλ0/n^p (derived: √(2π)/16)",
            float,
            minimum=1e-12,
            stronger="up",
            loose="the lemma's R is ~40n² below the radius (≈ 0.3λ0) where it fails",
        ),
        Param(
            "radius_power",
            2.0,
            "p in R = cδλ0/n^p (the paper: 2)",
            float,
            minimum=0.0,
            maximum=64.0,  # n^p finite for every n a run can take; R is 0 to float64 long before
            stronger="down",
            loose="R = cδλ0/n (p = 1) is still far inside the ball where it holds",
        ),
    ),
    trial=trials_kernel.lemma3_2,
    constraints=data_constraints,
    premises=premises.lemma3_2,
    strategy=strategies.lemma3_2,
    delta_param="delta",
    mutants=(
        Mutant(
            "radius_x1000",
            {"radius_factor": 12.0, "radius_power": 0.0},
            "R = 12δλ0 = 0.6λ0 at δ = 0.05 whatever n (≈ 1900× the lemma's R at n = 5): twice the radius from "
            "which the adversaries verify violations (≈ 0.3λ0, measured for n = 3..16, m = 400..1600). The "
            "lemma's own R is about 40n² times below that radius, so no moderate multiple of c is false",
        ),
    ),
    report_instances=ByProfile(
        quick=({"n": 5, "d": 10}, {"n": 10, "d": 20, "m": 1600}, {"n": 5, "d": 10, "radius_factor": 15 * RADIUS_CONST}),
        standard=({"n": 5, "d": 10}, {"n": 10, "d": 20, "m": 1600}, {"n": 20, "d": 40, "m": 3200}),
        full=({"n": 10, "d": 20, "m": 1600}, {"n": 20, "d": 40, "m": 3200}, {"n": 40, "d": 80, "m": 6400}),
    ),
    notes="A certificate proves the lemma on the whole ball; adversaries verify violations; neither: undecided.",
    derived="c = √(2π)/16 (from the paper's Markov argument); the certificate ‖ΔH‖₂ ≤ λ_max(B) and the adversaries",
)

#: what an undecided flow trial means (Section 3's claims), with the knob that decides more of them
_FLOW_GAP = (
    "the refined RK4 flow's error estimate (models.numerics.flow_error) was as large as the gap between "
    "‖u(t) − y‖² and its bound at some grid time"
)
_FLOW_STIFF = (
    "or the explicit integrator diverged (NaN) on a stiff flow, as with large labels and a trained; more halvings "
    "decide more of them (--set max_refinements=N above its default; each one doubles the work)"
)
FLOW_UNDECIDED = f"{_FLOW_GAP}, {_FLOW_STIFF}"
FLOW_PREMISE_UNDECIDED = (
    f"{_FLOW_GAP}, λ_min(H(t)) was within its eigenvalue tolerance of λ0/2, the largest distance was within "
    f"rounding of R′, {_FLOW_STIFF}"
)

LITERAL_UNDECIDED = (
    "a run whose certificate failed at some grid time (an aggregated neuron may have changed its pattern: "
    "frozen_ratio > 1) with no violation at the grid times before"
)
LITERAL_NOTE = (
    "The literal width is run by the reduced flow of models.aggregated_flow: a neuron with every "
    "|x_iᵀw_r(0)| ≥ R (Lemma 3.2's radius) keeps its activation pattern, so it enters through three aggregates, "
    "and of the others (a share of at most about 0.8·n·R, since x_iᵀw_r(0) ~ N(0, 1)) each is integrated one by "
    "one only from the step where the reach (twice a bound on how far a neuron that kept its pattern can have moved; "
    "‖u − y‖ never grows along the flow, which bounds each step's path; the 2 for the integration's error) comes to "
    "its min_i |x_iᵀw_r(0)|, and is aggregated exactly until then. A certificate taken at every grid time (the reach "
    "on [0, t] at most R) "
    "makes it the flow itself up to there: a violation at a grid time it covers is verified, the grid times after "
    "it fails decide nothing."
)

#: Lemma 3.4's and Theorem 3.2's instances: practical widths, and (m = None) the literal width at n = 2 and 3
FLOW_LITERAL_INSTANCES = ByProfile(
    quick=({"n": 4, "d": 8},),
    standard=({"n": 5, "d": 10}, {"n": 8, "d": 16, "m": 400}, {"n": 2, "d": 4, "m": None}),
    full=(
        {"n": 5, "d": 10},
        {"n": 8, "d": 16, "m": 800},
        {"n": 12, "d": 24, "m": 1600},
        {"n": 2, "d": 4, "m": None},
        {"n": 3, "d": 10, "m": None},
    ),
)

LEMMA3_3 = Claim(
    id="du2018a.lemma3.3",
    title="While λ_min(H) ≥ λ0/2 the flow contracts and stays within R′",
    source=source("Lemma 3.3"),
    statement="λ_min(H(s)) ≥ λ0/2 ∀s ≤ t ⇒ ‖y − u(t)‖² ≤ e^{−λ0 t}‖y − u(0)‖², ‖w_r(t) − w_r(0)‖ ≤ 2√n‖y−u(0)‖/(√mλ0)",
    kind=Kind.CONDITIONAL,
    premise_means=(
        "the flow's λ_min(H(s)) fell below λ0/2 at a grid time s ≤ T: H moves less at a larger width (--set m=N)"
    ),
    params=loose(
        # a conditional statement has no failure probability: the flows' δ would be read by nothing here
        (
            *(q for q in flow_params(100) if q.name != "delta"),
            *rprime_params(2.0, "paper: 2; Zhang's slides on the paper (2023): 1"),
        ),
        rprime_factor="R′ is loose: the flow's largest distance is 0.2–0.4 R′ at m = 100",
    ),
    trial=trials_flow.lemma3_3,
    cost=trials_flow.flow_cost,
    constraints=data_constraints,
    strategy=strategies.lemma3_3,
    mutants=(
        Mutant(
            "rate_3",
            {"rate_factor": 3.0},
            "rate e^{−3λ0 t}, 1.5× the truth: the flow's slowest mode decays like e^{−2λ_min(H) t}, λ_min(H) ≈ λ0",
        ),
    ),
    report_instances=ByProfile(
        quick=({"n": 4, "d": 8}, {"n": 4, "d": 8, "rprime_factor": 1.0}),
        standard=({"n": 5, "d": 10}, {"n": 8, "d": 16, "m": 400}, {"n": 5, "d": 10, "rprime_factor": 1.0}),
        full=(
            {"n": 5, "d": 10},
            {"n": 8, "d": 16, "m": 800},
            {"n": 12, "d": 24, "m": 1600},
            {"n": 5, "d": 10, "rprime_factor": 1.0},
        ),
    ),
    undecided_means=FLOW_PREMISE_UNDECIDED,
    notes="The premise is checked on the integration grid only.",
)

LEMMA3_4 = Claim(
    id="du2018a.lemma3.4",
    title="If R′ < R the flow keeps λ_min(H) ≥ λ0/2, stays within R′ and contracts",
    source=source("Lemma 3.4", "000, 004"),
    statement="R′ < R ⇒ ∀t: λ_min(H(t)) ≥ λ0/2, ‖w_r(t) − w_r(0)‖ ≤ R′, ‖y − u(t)‖² ≤ e^{−λ0 t}‖y − u(0)‖²",
    kind=Kind.WHP,
    params=loose(
        (*flow_params(200, literal=True), *rprime_params(2.0, "paper: 2")),
        rprime_factor="R′ is loose: the flow's largest distance is 0.2–0.4 R′ at m = 200",
        rate_factor="rate 2 is the flow's true rate 2λ_min(H)/λ0 ≈ 2: about 4 % of trials fail, well below δ = "
        "0.2 (measured when this constant was set)",
    ),
    trial=trials_flow.lemma3_4,
    cost=trials_flow.flow_cost,
    constraints=data_constraints,
    premises=premises.lemma3_4,
    strategy=strategies.flow,
    delta_param="delta",
    mutants=(Mutant("lambda_free_radius", LAMBDA_FREE_RADIUS, LAMBDA_FREE_DOC),),
    report_instances=FLOW_LITERAL_INSTANCES,
    undecided_means=f"{FLOW_PREMISE_UNDECIDED}; at m = None also: {LITERAL_UNDECIDED}, or a trial outside R′ < R "
    "at its own ‖y − u(0)‖",
    notes="m = None runs the literal premise: m = 4n⁵(‖y‖² + n/2)/(c²δ³λ0⁴), the width at which R′ < R holds "
    "with probability ≥ 1 − δ by Markov's inequality (Theorem 3.2's proof), about 4·10⁷ at n = 2, d = 4 and "
    "5·10¹⁰ at n = 5, d = 10. "
    f"{LITERAL_NOTE} R′ < R is decided per trial at its own ‖y − u(0)‖. The practical instances test the "
    "conclusions outside the premise.",
    derived="the literal width of R′ < R, m > 4n⁵‖y − u(0)‖²/(c²δ²λ0⁴), with the derived c; run at m = None with "
    "‖y − u(0)‖² at its Markov bound (‖y‖² + n/2)/δ",
)

THM3_2 = Claim(
    id="du2018a.thm3.2",
    title="Gradient flow converges at rate e^{−λ0 t}",
    source=source("Theorem 3.2"),
    statement="m = Ω(n⁶/(λ0⁴δ³)) ⇒ w.p. ≥ 1−δ: ‖u(t) − y‖² ≤ e^{−λ0 t}‖u(0) − y‖² ∀t ≥ 0",
    kind=Kind.WHP,
    params=loose(
        flow_params(100, literal=True),
        rate_factor="rate 2 is the flow's true rate 2λ_min(H)/λ0 ≈ 2: about 9 % of trials fail, below δ = 0.2 "
        "(measured when this constant was set)",
    ),
    trial=trials_flow.thm3_2,
    cost=trials_flow.flow_cost,
    constraints=data_constraints,
    premises=premises.thm3_2,
    strategy=strategies.flow,
    delta_param="delta",
    width_param="m",
    mutants=LEMMA3_3.mutants,
    report_instances=FLOW_LITERAL_INSTANCES,
    undecided_means=f"{FLOW_UNDECIDED}; at m = None also: {LITERAL_UNDECIDED}",
    notes="Practical widths, and m = None: the width of the proof's R′ < R with the constants derived here "
    f"(Lemma 3.4's notes), run by the reduced flow; t ≤ horizon/λ0 on a grid. {LITERAL_NOTE}",
)

THM3_3 = Claim(
    id="du2018a.thm3.3",
    title="Gradient flow on both layers converges at rate e^{−λ0 t}",
    source=source("Theorem 3.3", "000, 004"),
    statement="m = Ω(n⁶ log(m/δ)/(λ0⁴δ³)), W and a trained ⇒ w.p. ≥ 1−δ: ‖u(t) − y‖² ≤ e^{−λ0 t}‖u(0) − y‖² ∀t",
    kind=Kind.WHP,
    params=loose(flow_params(100), rate_factor="with a trained too the true rate is ≈ 4: rate 2 holds"),
    trial=trials_flow.thm3_3,
    cost=trials_flow.flow_cost,
    constraints=data_constraints,
    premises=premises.thm3_3,
    strategy=strategies.flow,
    delta_param="delta",
    mutants=(
        Mutant(
            "rate_6",
            {"rate_factor": 6.0},
            "rate e^{−6λ0 t}, 1.5× the truth: with a trained the kernel is H + G (G = relu-feature Gram, "
            "λ_min ≈ λ0 too), so the slowest mode decays like e^{−4λ0 t}",
        ),
    ),
    report_instances=ByProfile(  # Theorem 3.2's practical instances: its literal width holds a fixed (no m = None)
        quick=({"n": 4, "d": 8},),
        standard=({"n": 5, "d": 10}, {"n": 8, "d": 16, "m": 400}),
        full=({"n": 5, "d": 10}, {"n": 8, "d": 16, "m": 800}, {"n": 12, "d": 24, "m": 1600}),
    ),
    undecided_means=FLOW_UNDECIDED,
    notes="Training a adds the PSD kernel (1/m)relu(XWᵀ)relu(WXᵀ) to H, so the decay is faster than with W alone.",
)

#: Theorem 4.1's and Corollary 4.1's literal instance: Theorem 3.2's (n = 2, d = 4, δ = 0.2), at GD's width
GD_LITERAL_INSTANCE = {"n": 2, "d": 4, "m": None, "delta": 0.2}
GD_LITERAL_UNDECIDED = (
    "a run whose certificate failed at some step (an aggregated neuron may have changed its pattern: "
    "frozen_ratio > 1) with no violation at the steps before"
)
GD_LITERAL_NOTE = (
    "m = None runs Theorem 4.1's width with the constants derived here: its proof's R′ < R with Corollary 4.1's "
    "R′ = 4√n‖y − u(0)‖/(√m λ0) and ‖y − u(0)‖² at its Markov bound (‖y‖² + n/2)/δ, four times Theorem 3.2's "
    "(about 1.4·10⁸ at n = 2, d = 4, δ = 0.2), by the reduced GD of models.aggregated_flow: a neuron with every "
    "|x_iᵀw_r(0)| ≥ R (Lemma 3.2's radius) enters through three aggregates, and each of the others is stepped one "
    "by one only from the step where the reach (a bound on how far a neuron that kept its pattern can have moved) "
    "comes to its min_i |x_iᵀw_r(0)|; a certificate taken at every step (the reach below R) makes it GD itself up "
    "to there."
)

THM4_1 = Claim(
    id="du2018a.thm4.1",
    title="GD converges linearly at rate 1 − ηλ0/2",
    source=source("Theorem 4.1"),
    statement="m = Ω(n⁶/(λ0⁴δ³)), η = O(λ0/n²) ⇒ w.p. ≥ 1−δ: ‖u(k) − y‖² ≤ (1 − ηλ0/2)^k ‖u(0) − y‖² ∀k",
    kind=Kind.WHP,
    undecided_means=(
        "the trial's horizon K = ⌈horizon/(ηλ0)⌉ (per trial where eta_scale sets η) was above max_steps and the "
        "steps run showed no violation (--set max_steps=N above K runs it to K), or ‖u(k) − y‖² lay within the "
        f"rounding of the residuals of its bound at some step; at m = None also: {GD_LITERAL_UNDECIDED}"
    ),
    params=loose(
        (*gd_params(), rate_param(0.5, "‖u(k) − y‖² ≤ (1 − r·ηλ0)^k ‖u(0) − y‖² (paper: ½)")),
        rate_factor="the true rate factor is ≈ 2 (log margin +2.8 at ½): a factor 1 holds",
        eta_multiplier="the literal step ¼λ0/n² is far below the stability edge 2/λ_max",
    ),
    trial=trials_gd.thm4_1,
    cost=trials_gd.gd_cost,
    constraints=gd_constraints,
    premises=premises.thm4_1,
    strategy=strategies.gd,
    delta_param="delta",
    width_param="m",
    mutants=(
        Mutant(
            "rate_3",
            {"rate_factor": 3.0},
            "rate (1 − 3ηλ0)^k, 1.5× the truth: the slowest mode of ‖u − y‖² decays like (1 − ηλ_min(H))^{2k}",
        ),
        Mutant(
            "divergent_step",
            {"eta_multiplier": 6.0, "eta_scale": 0.5},
            "η = 3/λ_max(H(0)), 1.5× past the stability edge 2/λ_max: GD diverges",
        ),
    ),
    report_instances=ByProfile(
        # quick runs practical steps only: the literal step (~10⁴ GD steps a trial) took 199 s (thm4.1) and
        # 267 s (cor4.1) of the quick report's 780 s; standard and full run it, and the literal width (m = None)
        # at Theorem 3.2's literal instance n = 2, d = 4, δ = 0.2 (the width falls like δ⁻³: 1.4·10⁸ at δ = 0.2)
        quick=({"n": 5, "d": 10, "eta_scale": 1.0}, {"n": 8, "d": 16, "eta_scale": 0.5}),
        standard=(
            {"n": 5, "d": 10},
            {"n": 8, "d": 16, "eta_scale": 1.0},
            {"n": 8, "d": 16, "eta_scale": 0.5},
            GD_LITERAL_INSTANCE,
        ),
        # the literal step asks for K = horizon·n²/(¼λ0²) GD steps, ~2.3e4 at n = 8 and ~7.7e4 at n = 16 (λ0 ≈ 0.27),
        # beyond the default max_steps = 20,000, which refuses such a run (not run rather than cut short): the full
        # profile's literal instances raise max_steps so that they run (a work cap, not the claim's horizon)
        full=(
            {"n": 8, "d": 16, "max_steps": 100_000},
            {"n": 16, "d": 32, "m": 1600, "eta_scale": 1.0},
            {"n": 16, "d": 32, "m": 1600, "max_steps": 300_000},
            GD_LITERAL_INSTANCE,
            # the flow's second literal instance at GD's width (2.1·10⁹): one trial took 90 s on a 2-core CPU, most
            # of it the draw; its memory against the estimate: python -m benchmarks.memory_estimates --literal --large
            {**GD_LITERAL_INSTANCE, "n": 3, "d": 10},
        ),
    ),
    notes="Literal step η = ¼·λ0/n² (derived from the proof: it keeps the second-order term below ¼ηλ0‖y − u(k)‖²); "
    f"practical steps via eta_scale. {GD_LITERAL_NOTE}",
    derived="the literal step constant ¼ (ETA_CONST, from the proof's second-order term)",
)

COR4_1 = Claim(
    id="du2018a.cor4.1",
    title="GD weights stay within R′ = 4√n‖y − u(0)‖/(√m λ0) of W(0)",
    source=source("Corollary 4.1"),
    statement="as Thm 4.1 ⇒ w.p. ≥ 1−δ: ‖w_r(k) − w_r(0)‖ ≤ 4√n ‖y − u(0)‖/(√m λ0) ∀r, k",
    kind=Kind.WHP,
    undecided_means=(
        "the trial's horizon K = ⌈horizon/(ηλ0)⌉ (per trial where eta_scale sets η) was above max_steps and the "
        "steps run showed no violation (--set max_steps=N above K runs it to K), or the largest distance "
        f"max_r ‖w_r(k) − w_r(0)‖ lay within the norms' rounding of R′; at m = None also: {GD_LITERAL_UNDECIDED}"
    ),
    params=loose(
        (*gd_params(), *rprime_params(4.0, "derived: 4")),
        rprime_factor="R′ is loose: GD's largest distance is ≈ 0.09 R′ at the defaults",
        eta_multiplier="a twice larger literal step moves the weights no farther (slack ≈ 0.09)",
    ),
    trial=trials_gd.cor4_1,
    cost=trials_gd.gd_cost,
    constraints=gd_constraints,
    premises=premises.thm4_1,
    strategy=strategies.gd,
    delta_param="delta",
    mutants=(Mutant("lambda_free_radius", LAMBDA_FREE_RADIUS, LAMBDA_FREE_DOC),),
    report_instances=THM4_1.report_instances,
    notes=f"The report's 'slack' column is the largest distance over R′. {GD_LITERAL_NOTE}",
    derived="the factor 4 of R′ (the rate ηλ0/2 of Theorem 4.1 in place of the flow's λ0 doubles the sum)",
)

NTK_CONSTANCY = Claim(
    id="du2018a.ntk_constancy",
    title="‖H(0) − H∞‖₂ shrinks like m^{−1/2} (the drift along GD: du2018a.ntk_drift)",
    source=source("Lemma 3.1 (the kernel's concentration at initialisation)"),
    statement="‖H(0) − H∞‖₂ = Θ(m^{−1/2}) (fitted exponent of m)",
    kind=Kind.SCALING,
    params=(
        *data_params(5, 10),
        Param(
            "quantity",
            "init",
            "init: ‖H(0) − H∞‖₂ (drift: the one-sided du2018a.ntk_drift)",
            str,
            choices=("init", "drift"),
        ),
        *width_grid_params(),
        Param(
            "exponent",
            -0.5,
            "theory exponent b in value ∝ m^b (two-sided: Θ)",
            float,
            stronger="down",
            exponent=True,
            two_sided=True,
        ),
    ),
    trial=trials_kernel.ntk_init,
    cost=trials_kernel.ntk_cost,
    constraints=data_constraints,
    strategy=strategies.ntk_init,
    exponent_param="exponent",
    exponent_relation=Relation.EQUAL,
    scaling_axes=("width m (log scale)", "‖H(0) − H∞‖₂, spectral norm (log scale)"),
    undecided_means="a deviation of exactly 0 cannot enter the log-log fit",
    mutants=(
        Mutant("no_concentration", {"exponent": -0.25}, "the kernel approaches H∞ only like m^{−1/4}"),
        Mutant("rate_1_over_m", {"exponent": -0.75}, "the deviation falls like m^{−3/4}"),
    ),
    report_instances=ByProfile(
        quick=({"n": 5, "d": 10}, {"n": 10, "d": 20}),
        standard=({"n": 10, "d": 20}, {"n": 30, "d": 60}),
        full=({"n": 10, "d": 20}, {"n": 50, "d": 100}, {"n": 100, "d": 200, "widths": 6}),
    ),
    notes="√m(H(0) − H∞) tends to a Gaussian matrix (entrywise CLT): Θ, two-sided.",
    derived="the Θ(m^{−1/2}) of the initial deviation (the paper states the upper side, Lemma 3.1)",
)

NTK_DRIFT = Claim(
    id="du2018a.ntk_drift",
    title="sup_k ‖H(k) − H(0)‖₂ along GD is O(m^{−1/2})",
    source=source("Lemmas 3.2, 3.3 and Corollary 4.1 (the kernel's stability along training)"),
    statement="sup_k ‖H(k) − H(0)‖₂ = O(m^{−1/2}) along GD (fitted exponent of m at most −½)",
    kind=Kind.SCALING,
    params=(
        *data_params(5, 10),
        label_param(),
        Param("eta_scale", 1.0, "GD step η = eta_scale/λ_max(H∞)", float, minimum=1e-12),
        Param("horizon", 4.0, "K = ⌈horizon/(ηλ0)⌉ GD steps (the drift is a sup over them)", float, minimum=1e-12),
        *width_grid_params(),
        Param(
            "exponent",
            -0.5,
            "theory exponent b: value ∝ m^{≤ b} (one-sided: an upper bound)",
            float,
            stronger="down",
            exponent=True,
        ),
    ),
    trial=trials_kernel.ntk_drift,
    cost=trials_kernel.ntk_cost,
    constraints=data_constraints,
    premises=premises.ntk_drift,
    strategy=strategies.ntk_drift,
    exponent_param="exponent",
    exponent_relation=Relation.AT_MOST,
    max_examples=ByProfile(quick=2, standard=4, full=None),
    scaling_axes=("width m (log scale)", "sup_k ‖H(k) − H(0)‖₂ along GD, spectral norm (log scale)"),
    undecided_means="a drift of exactly 0 cannot enter the log-log fit",
    mutants=(
        Mutant("faster_drift_decay", {"exponent": -0.9}, "the drift falls like m^{−0.9}, 1.5× the measured ≈ −0.6"),
    ),
    report_instances=ByProfile(
        quick=({"n": 5, "d": 10},),
        standard=({"n": 10, "d": 20}, {"n": 20, "d": 40}),
        full=({"n": 20, "d": 40}, {"n": 50, "d": 100}),
    ),
    notes="Split from ntk_constancy: the paper gives only an upper bound, through R′, judged one-sided. The bound "
    "is tight: over m = 64…16384 the fitted exponent is −0.50…−0.54 (the drift is biased: a pattern that is on "
    "moves with its own residual, one that is off does not, so more patterns turn off than on, Θ(m^{−1/2})). "
    "A one-sided judge cannot support a tight bound (the interval always holds −½), so the claim ends "
    "INCONCLUSIVE at every instance until the judge has an indifference zone for exponents; it is marked slow "
    "so that the default run, which asks every claim to be SUPPORTED, does not run it. Its mutant is refuted.",
    slow=True,
)

FIG1 = Claim(
    id="du2018a.fig1",
    title="Figure 1: wider nets converge at least as fast, change fewer patterns and move less",
    source=source("Section 6, Figure 1", "001"),
    statement="m < m′ = 4m ⇒ k*(m′) ≤ (1+s)k*(m) + 1, fewer changed patterns and smaller max_r ‖w_r(K) − w_r(0)‖",
    kind=Kind.WHP,
    undecided_means=(
        "no finding was reversed, but a comparison read nothing: the distances max_r ‖w_r(K) − w_r(0)‖ of two "
        "consecutive widths lay within their relative rounding of a tie, no pattern changed at either of two widths, "
        "or the loss did not fall below loss_drop·‖u_0 − y‖² within the K steps where k* decides the speed "
        "(--set steps=N runs longer; a step far below eta_scale = 1 moves the weights too little)"
    ),
    params=(
        Param("n", 30, "inputs (the paper: 1000)", int, minimum=2, role=Role.SIZE, cost_exponent=2),
        Param("d", 30, "input dimension (the paper: 1000)", int, minimum=2, role=Role.SIZE),
        Param(
            "m0",
            50,
            "smallest width; the claim compares m0·(1, 4, 16) (the paper: 500·2^j)",
            int,
            minimum=1,
            role=Role.SIZE,
        ),
        Param("steps", 100, "GD steps K (the paper: 100)", int, minimum=1, role=Role.ITERATIONS),
        Param("eta_scale", 1.0, "η = eta_scale/λ_max(H∞)", float, minimum=1e-12),
        Param("loss_drop", 1e-6, "k* counts the steps with ‖u − y‖² above loss_drop·‖u_0 − y‖²", float, open_unit=True),
        Param(
            "slack",
            0.1,
            "s: relative slack of 'at least as fast' (initialisations differ per width)",
            float,
            minimum=0.0,
            stronger="down",
            loose="k*(4m) ≤ 1.05·k*(m) + 1 still holds: about 1.5 % of trials fail, well below δ = 0.1 (measured "
            "when this constant was set)",
        ),
        Param("trend", "falling", "direction of the pattern and distance trends", str, choices=("falling", "rising")),
        delta_param(0.1),
    ),
    trial=trials_fig1.fig1,
    cost=trials_fig1.fig1_cost,
    premises=premises.fig1,
    strategy=strategies.fig1,
    delta_param="delta",
    mutants=(Mutant("rising_trends", {"trend": "rising"}, "pattern changes and distances grow with m"),),
    report_instances=ByProfile(
        quick=({},), standard=({}, {"n": 100, "d": 100, "m0": 200}), full=({}, {"n": 200, "d": 200, "m0": 250})
    ),
    max_examples=ByProfile(quick=2, standard=None, full=None),
    notes="The trends of the paper's Figure 1 as one statement; the full-size figures are in the section below. "
    "Figure 1 is at n = 1000; at small n the trends fail more often than δ within the figure's width-to-n "
    "regime (seed 0: REFUTED at n = 10 with m0 = 5 and m0 = 10, INCONCLUSIVE at m0 = 20, SUPPORTED at n = 20 "
    "from m0 = 10; the distance trend fails first), a finding about the trends at sizes the figure does not show. "
    "Near the stability edge the speed finding fails with every premise held: at eta_scale = 1.8 (η = 1.8/λ_max(H∞) "
    "< 2/λ_max(H∞)) REFUTED at the defaults for seeds 0, 1 and 2 and at n = d = 100, m0 = 200 (seed 0), by the speed "
    "comparison alone (the wider net needs more steps to the drop; the pattern and distance trends hold), SUPPORTED "
    "at 1.7 for those seeds and at 1.6 (seed 0); the default step is η = 1/λ_max(H∞). Why (measured at the defaults, "
    "seed 0: tests/unit/test_du2018a_premises.py): GD contracts the residual's mode i by |1 − ηλ_i(H)| a step, and "
    "past η = 2/(λ0 + λ_max(H∞)) (eta_scale ≈ 1.68 at this data) the top mode is the slowest, so k* follows λ_max of "
    "each net's own kernel. At initialisation that predicts the paper's order, but training lowers λ_max(H) within a "
    "few steps, and further at the narrower width, whose top mode then contracts faster: the narrower net reaches "
    "the drop first (at widths 200 and 3200 every initialisation runs below its own kernel's edge, η·λ_max(H(0)) < 2, "
    "and no loss rises: not the catapult phase of Lewkowycz et al. 2020). The threshold moves with the data, and the "
    "finding with it: at d = 300 (λ0/λ_max(H∞) = 0.54, threshold ≈ 1.30, seed 0's data) the claim is SUPPORTED at "
    "eta_scale 1.2 (seeds 0, 1, 2) and 1.4 (seed 0), INCONCLUSIVE at 1.5 (40 failures in 437 trials) and REFUTED at "
    "1.6 (seed 0) and 1.8 (seeds 0, 1, 2).",
)

CLAIMS = (
    THM3_1,
    LEMMA3_1,
    LEMMA3_2,
    LEMMA3_3,
    LEMMA3_4,
    THM3_2,
    THM3_3,
    THM4_1,
    COR4_1,
    NTK_CONSTANCY,
    NTK_DRIFT,
    FIG1,
)
