"""Family landscape: saddles and loss landscapes (the lecture notes on the non-convex landscape, Golikov's lecture
notes (MIPT 2019)). Records only, in the order of CLAIMS.md;
the trials sit beside this module, one module per paper."""

from __future__ import annotations

import math

from claims.catalogue.landscape import (
    arora2019,
    du2017,
    ge2016,
    jin2017,
    lee2016,
    relu_kink,
    safran2018,
    soltanolkotabi2017,
    zhang2017,
)
from claims.spec import ByProfile, Claim, Kind, Mutant, Param, Relation, Role, Source, Verdict

LEE = "Lee, Simchowitz, Jordan, Recht 2016"
JIN = "Jin, Ge, Netrapalli, Kakade, Jordan 2017 (ICML)"
DU2017 = "Du, Jin, Lee, Jordan, Póczos, Singh 2017 (NeurIPS)"
GE = "Ge, Lee, Ma 2016 / Baldi & Hornik 1989"
SAFRAN = "Safran & Shamir 2018 (ICML)"
ARORA = "Arora, Du, Hu, Li, Wang 2019 (ICML)"


def _delta():
    return Param("delta", 0.05, "failure probability δ", float, open_unit=True)


RELU_NOT_C2 = Claim(
    id="landscape.relu_not_c2",
    title="The loss of a ReLU net is not C²: its Hessian jumps across a kink",
    source=Source(
        "Lecture notes “Non-convex Optimization Landscape”", "remark on the non-smoothness of ReLU losses", "004"
    ),
    statement="ℓ(w) = ½(relu(wᵀx) − y)²: for every w with wᵀx = 0, lim ∇²ℓ(w ± s x) differ by xxᵀ",
    kind=Kind.FORALL,
    undecided_means=(
        "the jump of the Hessian across the kink lay within its rounding, 16·d·eps, of the decision threshold ½"
    ),
    params=(
        Param("d", 4, "dimension", int, minimum=1, role=Role.SIZE),
        Param("activation", "relu", "relu (the claim) or softplus (a C² mutant)", str, choices=("relu", "softplus")),
    ),
    trial=relu_kink.relu_trial,
    cost=relu_kink.relu_cost,
    strategy=relu_kink.relu_strategy,
    mutants=(Mutant("smooth_activation", {"activation": "softplus"}, "softplus is C²: no jump"),),
    report_instances=ByProfile(quick=({},), standard=({}, {"d": 20}), full=({}, {"d": 20}, {"d": 100})),
    notes=(
        "Encoded as its forall companion: every point of the kink hyperplane is a witness, which implies the"
        " exists statement and lets a mutant refute it."
    ),
)

STRICT_SADDLE_ESCAPE = Claim(
    id="landscape.strict_saddle_escape",
    title="GD on a quadratic with a strict saddle grows along the bottom eigenvector by |1 − ηλ_min| per step",
    source=Source("Lee, Simchowitz, Jordan, Recht 2016", "§3, the quadratic example", "004", "1602.04915"),
    statement="f = ½xᵀAx, λ_min(A) < 0: |vᵀx_t| = |1 − ηλ_min|^t |vᵀx_0| exactly",
    kind=Kind.FORALL,
    undecided_means=(
        "the measured escape rate or its rounding allowance was not finite in the dtype: the run or its allowance grew "
        "past the dtype's range (fewer steps or a smaller eta_factor keeps it in range)"
    ),
    params=(
        Param("d", 5, "dimension", int, minimum=1, role=Role.SIZE),
        Param("steps", 30, "GD steps T", int, minimum=1, role=Role.ITERATIONS),
        Param("eta_factor", 0.5, "η = eta_factor / max|λ| (≤ 1)", float, minimum=1e-12),
        Param(
            "c",
            1.0,
            "c in |1 − c·ηλ_min| (the statement: 1; an identity)",
            float,
            minimum=1e-12,
            stronger="up",
            two_sided=True,
        ),
    ),
    trial=lee2016.escape_trial,
    cost=lee2016.escape_cost,
    strategy=lee2016.escape_strategy,
    mutants=(Mutant("half_eigenvalue", {"c": 0.5}, "growth |1 − ηλ_min/2| per step"),),
    report_instances=ByProfile(
        quick=({}, {"d": 20}),
        standard=({}, {"d": 20}, {"d": 100, "steps": 100}),
        full=({}, {"d": 20}, {"d": 100, "steps": 100}, {"d": 300, "steps": 200}),
    ),
    notes="Margin in log-rate units: rounding allowance minus |measured rate / claimed rate − 1|.",
)

RANDOM_INIT_AVOIDS_SADDLES = Claim(
    id="landscape.random_init_avoids_saddles",
    title="GD from a random start converges to a minimiser, not a strict saddle",
    source=Source(LEE, "Theorem 4 (GD converges to minimisers)", "004", "1602.04915"),
    statement="η < 1/L, x_0 random ⇒ w.p. 1 GD converges to a local minimiser (f = ½xᵀΛx + ¼‖x‖⁴)",
    kind=Kind.WHP,
    params=(
        Param("d", 4, "dimension", int, minimum=1, role=Role.SIZE),
        Param("steps", 600, "GD steps K (a run not converged by K is undecided)", int, minimum=1, role=Role.ITERATIONS),
        Param("on_stable_manifold", False, "mutant: x_0 ⊥ e_1", bool),
        _delta(),
    ),
    trial=lee2016.avoid_trial,
    cost=lee2016.avoid_cost,
    premises=lee2016.avoid_premises,
    strategy=lee2016.avoid_strategy,
    delta_param="delta",
    mutants=(
        Mutant(
            "start_on_stable_manifold",
            {"on_stable_manifold": True, "steps": 6000},
            "x_0·e_1 = 0: converges to a saddle, at the rate of the gap between the two most negative λ_i, which "
            "shrinks as d grows: at 600 steps a referee's draw (d = 18) left 315 of 318 runs undecided "
            "(INCONCLUSIVE); at 6000 steps enough of them reach the saddle to refute it up to d = 50 (the full "
            "profile's largest d)",
        ),
    ),
    report_instances=ByProfile(quick=({},), standard=({}, {"d": 20}), full=({}, {"d": 20}, {"d": 100})),
    notes="A failure is a verified one: GD sits at a critical point with negative curvature.",
    undecided_means="GD had converged neither to a minimiser nor to a saddle within its K steps",
)

PERTURBED_GD_ESCAPE = Claim(
    id="landscape.perturbed_gd_escape",
    title="Perturbed GD escapes a strict saddle to an ε-second-order point in polylog(d) iterations",
    source=Source(JIN, "Theorem 3 (PGD finds an ε-SOSP in Õ(ℓΔf/ε²·log⁴ d) iterations)", "004", "1703.00887"),
    statement="T(d) = iterations to an ε-SOSP from a strict saddle: T ≤ C(log d)^b, b = 4, so T/(log d)^b ∝ d^a, a ≤ 0",
    kind=Kind.SCALING,
    params=(
        Param(
            "d_min",
            64,
            "smallest dimension (d log-uniform in [d_min, d_max]; ≥ e^b to see polynomials)",
            int,
            minimum=2,
            role=Role.SIZE,
        ),
        Param("d_max", 1024, "largest dimension", int, minimum=4, role=Role.SIZE),
        Param("eps", 1e-2, "ε of the ε-second-order stationary point", float, minimum=1e-12),
        Param("radius", 0.1, "perturbation radius r (uniform in the ball)", float, minimum=0.0),
        Param("t_thres", 200, "at most one perturbation every t_thres steps", int, minimum=1, role=Role.ITERATIONS),
        Param("max_steps", 2000, "horizon (a run not reaching an ε-SOSP by then is undecided)", int, minimum=1),
        Param(
            "trials",
            320,
            "measurements (size, value) at the fit's first look; it draws up to 4× as many until it decides",
            int,
            minimum=3,
            role=Role.TRIALS,
        ),
        # (log d)^b for d in [2, 10¹³] is finite and normal in float64 for |b| ≤ 64; past that T/(log d)^b
        # overflows or underflows and the fit has no positive values left
        Param(
            "polylog_power",
            4.0,
            "b in T ≤ C·(log d)^b (the theorem: 4)",
            float,
            minimum=-64.0,
            maximum=64.0,
            stronger="down",
            loose="T grows like log d (T ∝ d^0.06): (log d)² bounds it too (a = −0.30, interval [−0.33, −0.26])",
        ),
        Param(
            "excess_power",
            0.0,
            "a in T/(log d)^b ∝ d^a (bounded: a ≤ 0)",
            float,
            stronger="down",
            exponent=True,
            loose="(log d)⁴ outgrows T ∝ log d on [64, 1024]: a ≤ −0.5 holds (a = −0.66, interval [−0.70, −0.62])",
        ),
    ),
    trial=jin2017.pgd_trial,
    constraints=jin2017.escape_constraints,
    premises=jin2017.pgd_premises,
    strategy=jin2017.pgd_strategy,
    cost=jin2017.pgd_cost,
    max_examples=ByProfile(quick=3, standard=6, full=None),
    exponent_param="excess_power",
    exponent_relation=Relation.AT_MOST,
    scaling_axes=("dimension d (log scale)", "iterations T(d) / (log d)^p, p = polylog_power (log scale)"),
    undecided_means="perturbed GD did not reach an ε-second-order point within max_steps iterations",
    mutants=(
        Mutant(
            "dimension_free",
            {"polylog_power": 0.0},
            "T bounded in d (b = 0): false, the escape component of the perturbation shrinks like 1/√d",
        ),
    ),
    report_instances=ByProfile(quick=({},), standard=({}, {"d_max": 4096}), full=({}, {"d_max": 16384})),
    derived="The test of polylog growth: T/(log d)^4 must have a log-log slope ≤ 0 in d over d ≥ 64 (jin2017).",
)

EXPONENTIAL_ESCAPE = Claim(
    id="landscape.exponential_escape",
    title="Plain GD from a random start needs time exponential in d to pass a chain of d saddles (the octopus)",
    source=Source(DU2017, "Theorem 4.1 (uniform start in [−1, 1]^d: e^{Ω(d)} steps), Section 5", "004", "1705.10412"),
    statement="T(d) = GD steps from x₀ ~ U[−1, 1]^d to the octopus' local minimum: T(d) ≥ C·((L+γ)/γ)^{b·d}, b ≥ 1",
    kind=Kind.SCALING,
    params=(
        Param("d_max", 12, "largest dimension (d uniform in {2, …, d_max})", int, minimum=3, role=Role.SIZE),
        Param("L", math.e, "curvature L of the octopus' arms (the paper's experiments: e)", float, minimum=1e-12),
        Param("gamma", 1.0, "negative curvature −2γ at each saddle (the paper: 1)", float, minimum=1e-12),
        Param("tau", math.e, "scale τ of the octopus (≥ 1: [−1, 1]^d lies on the first saddle's piece)", float),
        Param("eta_L", 0.25, "step η = eta_L/L (< 1/2; the paper: η ≤ 1/(4L))", float, minimum=1e-12),
        Param(
            "rate_factor", 1.0, "b in T ≥ C((L+γ)/γ)^{b·d} (the chain argument: 1)", float, stronger="up", exponent=True
        ),
        Param("algorithm", "gd", "gd (the claim) or pgd (perturbed GD, a mutant)", str, choices=("gd", "pgd")),
        Param(
            "radius",
            0.1,
            "perturbed GD: radius of the ball perturbation",
            float,
            minimum=0.0,
            read_with=("algorithm", ("pgd",)),
        ),
        Param(
            "g_thres",
            1e-2,
            "perturbed GD: perturb when ‖∇f‖ ≤ g_thres",
            float,
            minimum=0.0,
            read_with=("algorithm", ("pgd",)),
        ),
        Param(
            "t_thres",
            10,
            "perturbed GD: at most one perturbation every t_thres steps",
            int,
            minimum=1,
            role=Role.ITERATIONS,
            read_with=("algorithm", ("pgd",)),
        ),
        Param(
            "max_steps",
            20_000,
            "horizon: perturbed GD's steps; GD's events of its exact count (a saddle's jump or one glue step, ~4 a "
            "saddle at the defaults, ~1/(ηγ) where γ ≪ L); a run not reaching the minimum by then is undecided",
            int,
            minimum=1,
            role=Role.ITERATIONS,
        ),
        Param(
            "trials",
            96,
            "measurements (size, value) at the fit's first look; it draws up to 4× as many until it decides",
            int,
            minimum=3,
            role=Role.TRIALS,
        ),
    ),
    trial=du2017.exponential_escape_trial,
    constraints=du2017.octopus_constraints,
    premises=du2017.octopus_premises,
    strategy=du2017.octopus_strategy,
    max_examples=ByProfile(quick=3, standard=6, full=None),
    exponent_param="rate_factor",
    exponent_relation=Relation.AT_LEAST,
    scaling_axes=(
        "((L + γ)/γ)^d, the chain's growth at dimension d (log scale)",
        "GD steps T(d) to the local minimum (log scale)",
    ),
    undecided_means="the run did not reach the local minimum within max_steps (perturbed GD's steps, or the events "
    "of GD's exact count)",
    mutants=(
        Mutant(
            "perturbed",
            {"algorithm": "pgd"},
            "the same exponential lower bound for perturbed GD: false, it escapes each saddle in O(log d) steps",
        ),
        Mutant("squared_base", {"rate_factor": 2.0}, "growth ((L+γ)/γ)^{2d}: faster than the chain's κ^d"),
    ),
    report_instances=ByProfile(
        quick=({},), standard=({}, {"d_max": 24}), full=({}, {"d_max": 32}, {"d_max": 32, "eta_L": 0.1})
    ),
    notes="Lower bound on the growth (relation at_least): size = ((L+γ)/γ)^d, so b is a rate per dimension.",
)

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
    undecided_means=(
        "GD's end point was not yet critical (‖∇‖ above grad_rel·‖A‖₂: --set steps=N runs longer), or it ended above "
        "the Eckart–Young tail's threshold without being verified global (its Hessian has exact zero eigenvalues from "
        "U → UG, V → VG^{−T}, so second-order information cannot make it a local minimum), or a constructed saddle's "
        "λ_min(∇²) lay within eig_tol of 0"
    ),
    params=(
        Param(
            "m",
            3,
            "rows of A (not used when symmetric)",
            int,
            minimum=1,
            role=Role.SIZE,
            read_with=("symmetric", (False,)),
        ),
        Param("n", 3, "columns of A; M is n×n when symmetric", int, minimum=1, role=Role.SIZE, cost_exponent=2),
        Param("rank", 1, "factor rank r", int, minimum=1, role=Role.SIZE),
        Param("symmetric", False, "the symmetric problem min_U ½‖UUᵀ − M‖_F², M PSD", bool),
        Param(
            "steps",
            3000,
            "GD steps for the found minima (not converged by then: undecided)",
            int,
            minimum=1,
            role=Role.ITERATIONS,
        ),
        Param("grad_rel", 1e-3, "approximate criticality ‖∇‖ ≤ grad_rel‖A‖₂", float, minimum=0.0),
        Param(
            "gap_rel",
            1e-2,
            "value within gap_rel·½(σ_r² − σ_{r+1}²) of the tail "
            "(< 1: at 1 a run stuck at the next critical value passes)",
            float,
            open_unit=True,
        ),
        Param("rank_offset", 0, "mutant: tail with r + offset values removed", int, minimum=0),
        Param(
            "saddle_curvature",
            "negative",
            "constructed saddles: negative (λ_min(∇²) < 0, the theorem) or psd (mutant: ∇² ≽ 0)",
            str,
            choices=("negative", "psd"),
        ),
    ),
    trial=ge2016.mf_trial,
    cost=ge2016.mf_cost,
    premises=ge2016.mf_premises,
    constraints=ge2016.mf_constraints,
    strategy=ge2016.mf_strategy,
    max_examples=ByProfile(quick=4, standard=12, full=None),
    mutants=(
        Mutant("wrong_tail", {"rank_offset": 1}, "value ½Σ_{i>r+1}σ_i² (one term short)"),
        Mutant(
            "saddles_second_order_minima",
            {"saddle_curvature": "psd"},
            "the critical points fitting a non-top set pass the second-order test of a minimum (∇² ≽ 0)",
        ),
    ),
    report_instances=ByProfile(
        quick=({}, {"symmetric": True}),
        standard=({}, {"m": 5, "n": 4, "rank": 2}, {"symmetric": True}, {"symmetric": True, "n": 5, "rank": 2}),
        full=(
            {},
            {"m": 5, "n": 4, "rank": 2},
            {"m": 6, "n": 6, "rank": 3, "steps": 6000},
            {"symmetric": True},
            {"symmetric": True, "n": 5, "rank": 2},
            {"symmetric": True, "n": 6, "rank": 3, "steps": 6000},
        ),
    ),
)

QUADRATIC_ACTIVATION = Claim(
    id="landscape.quadratic_activation",
    title="Quadratic activations with m ≥ d: random-start GD reaches the global minimum",
    source=Source("Soltanolkotabi, Javanmard, Lee 2017; Du & Lee 2018", "Theorem (benign landscape, m ≥ d)", "004"),
    statement="f(x) = Σ_j (w_jᵀx)², planted teacher, m ≥ d ⇒ w.p. ≥ 1 − δ, GD: L(W_K) ≤ tol·L(W_0)",
    kind=Kind.WHP,
    undecided_means=(
        "GD had not reached L ≤ tol_rel·L(0) within its steps (--set steps=N runs longer), and its end point was not a "
        "verified strict local minimum: not critical to grad_rel·‖M‖₂^{3/2} (in float32 a stored point cannot be, at "
        "the default grad_rel), or λ_min(∇²L) within eig_tol of 0, as at every minimum of a width m > 1"
    ),
    params=(
        Param("d", 3, "input dimension", int, minimum=1, role=Role.SIZE),
        Param(
            "m", None, "student width (≥ d for the theorem); None = d", int, minimum=1, optional=True, role=Role.SIZE
        ),
        Param("narrow", False, "mutant: width m = 1 whatever m says", bool),
        Param(
            "steps",
            1500,
            "GD steps K (a run neither at 0 nor stuck by then is undecided)",
            int,
            minimum=50,
            role=Role.ITERATIONS,
        ),
        Param(
            "tol_rel",
            1e-6,
            "global value reached: L ≤ tol_rel·L(0) (< 1: at 1 the start itself passes)",
            float,
            open_unit=True,
        ),
        Param("step_factor", 1.0, "η = step_factor / ((8 + 4d)·max(‖W‖₂², ‖M‖₂))", float, minimum=1e-12),
        Param("grad_rel", 1e-6, "a stuck point: ‖∇L‖ ≤ grad_rel·‖M‖₂^{3/2} and ∇²L ≽ 0", float, minimum=0.0),
        _delta(),
    ),
    trial=soltanolkotabi2017.quadratic_trial,
    cost=soltanolkotabi2017.quadratic_cost,
    constraints=soltanolkotabi2017.quadratic_constraints,
    premises=soltanolkotabi2017.quadratic_premises,
    strategy=soltanolkotabi2017.quadratic_strategy,
    delta_param="delta",
    mutants=(Mutant("too_narrow", {"narrow": True}, "m = 1 < d = rank of the teacher"),),
    report_instances=ByProfile(quick=({},), standard=({}, {"d": 6}), full=({}, {"d": 6}, {"d": 10})),
)

SPURIOUS_MINIMA_RELU = Claim(
    id="landscape.spurious_minima_relu",
    title="Teacher–student two-layer ReLU nets (k = k neurons) have spurious local minima",
    source=Source(SAFRAN, "Section 4 (spurious local minima for 6 ≤ k ≤ 20), Table 1", "000", "1712.08968"),
    statement="F(W) = ½E(Σ relu(w_iᵀx) − Σ relu(v_iᵀx))², V = I_k: ∃ W with ∇F = 0, ∇²F ≽ 0, F > 0",
    kind=Kind.EXISTS,
    no_witness_means=(
        "a start counts only where GD ends critical to grad_tol with F > loss_gap, and at k = 16 and 20 the default "
        "2000 steps left every start short of criticality (measured at seed 0: none found at 2000 steps, a witness "
        "at --set steps=20000); Safran & Shamir find spurious minima for 6 ≤ k ≤ 20, from few starts at the small "
        "k (--set steps=N, starts=N or trials=N searches longer)"
    ),
    params=(
        Param("k", 8, "teacher = student neurons = input dimension", int, minimum=1, role=Role.SIZE),
        Param(
            "starts",
            64,
            "random starts per trial (a trial passes on one verified witness)",
            int,
            minimum=1,
            role=Role.SIZE,
        ),
        Param("trials", 2, "trials (batches of starts) before INCONCLUSIVE", int, minimum=1, role=Role.TRIALS),
        Param("steps", 2000, "GD steps", int, minimum=1, role=Role.ITERATIONS),
        Param("eta_k", 2.0, "GD step η = eta_k / k", float, minimum=1e-12),
        Param("grad_tol", 1e-5, "criticality ‖∇F‖ ≤ grad_tol (+ the dtype's stall level)", float, minimum=0.0),
        Param(
            "loss_gap",
            1e-3,
            "spurious: F > loss_gap (the global value is 0)",
            float,
            minimum=0.0,
            stronger="up",
            loose="the verified witnesses have F ≈ 0.02, ten times the gap 2e-3",
        ),
        Param("max_witnesses", 4, "candidates examined by autograd per batch", int, minimum=1),
        Param("curvature", "psd", "psd (a local minimum) or negative (mutant)", str, choices=("psd", "negative")),
    ),
    trial=safran2018.spurious_trial,
    cost=safran2018.spurious_cost,
    premises=safran2018.spurious_premises,
    strategy=safran2018.spurious_strategy,
    max_examples=ByProfile(quick=2, standard=4, full=None),
    mutants=(
        Mutant(
            "negative_curvature",
            {"curvature": "negative"},
            "witness must have λ_min(∇²F) < 0: no local minimum does",
            expected=Verdict.INCONCLUSIVE,
        ),
    ),
    report_instances=ByProfile(quick=({},), standard=({}, {"k": 10}), full=({}, {"k": 10}, {"k": 12})),
    notes="Exists: a trial is a batch of starts; the report estimates the share of starts per k.",
)

RANDOM_LABELS = Claim(
    id="landscape.random_labels",
    title="A wide two-layer ReLU net trained by GD fits random labels to zero training loss",
    source=Source("Zhang et al. 2017; Arora et al. 2019; Du et al. 2018a", "Section 2 (random labels)", "000, 004"),
    statement="y ∈ {±1}^n random, m ≫ n ⇒ w.p. ≥ 1 − δ, GD reaches L(W_K) ≤ tol·L(W_0)",
    kind=Kind.WHP,
    undecided_means=(
        "the run had not reached tol·L(0) when its horizon K = ⌈2 ln(1/tol)/(ηλ0)⌉ was cut at max_steps (--set "
        "max_steps=N runs longer), and the width was not certified too narrow to interpolate the labels"
    ),
    params=(
        Param("n", 4, "samples", int, minimum=1, role=Role.SIZE, cost_exponent=2),
        Param("d", 6, "input dimension", int, minimum=2, role=Role.SIZE),
        Param("m", 64, "width", int, minimum=1, role=Role.SIZE),
        Param("eta_factor", 1.0, "η = eta_factor / λ_max(H∞)", float, minimum=1e-12),
        Param("tol", 1e-3, "zero loss to tol·L(0)", float, open_unit=True),
        Param(
            "max_steps",
            500,
            "horizon cap (a run stopped short of the target is undecided)",
            int,
            minimum=1,
            role=Role.ITERATIONS,
        ),
        Param("narrow", False, "mutant: width 1", bool),
        _delta(),
    ),
    trial=zhang2017.random_labels_trial,
    premises=zhang2017.random_labels_premises,
    strategy=zhang2017.random_labels_strategy,
    delta_param="delta",
    mutants=(Mutant("width_one", {"narrow": True}, "one neuron cannot fit n ≥ 3 random labels"),),
    report_instances=ByProfile(
        quick=({},), standard=({}, {"n": 10, "d": 10, "m": 1000}), full=({}, {"n": 16, "d": 16, "m": 2000})
    ),
    notes="A failure is a certified one: the target loss is unreachable for every W (zhang2017.unreachable).",
)

ARORA_TRAJECTORY = Claim(
    id="landscape.arora_trajectory",
    title="GD's residual follows the linear H∞ dynamics: ‖y − u(k)‖ ≈ ‖(I − ηH∞)^k y‖, error O(n/(λ0√m))",
    source=Source(ARORA, "Theorem 4.1", "000", "1901.08584"),
    statement="λ0 ≥ λ_min ⇒ ∀k ≤ K: |‖y − u(k)‖ − (Σ_i (1 − ηλ_i)^{2k}(v_iᵀy)²)^{1/2}| ≤ ½·n‖y‖/(λ0√m)",
    kind=Kind.CONDITIONAL,
    premise_means=(
        "λ0 = λ_min(H∞) of the drawn data was not verified at least lambda0_min (--set lambda0_min=x lower, or "
        "data with a larger λ0: fewer points n or a larger d)"
    ),
    undecided_means=(
        "the run stayed within the band ±ε, but the band was wider than half the predicted drop pred(0) − pred(K), so "
        "that any run would pass it (a larger m narrows ε; more steps widen the drop), or the largest deviation lay "
        "within the rounding of the two curves of ε"
    ),
    params=(
        Param(
            "n",
            4,
            "samples (≥ 4: the constant ½ of ε is calibrated there)",
            int,
            minimum=4,
            role=Role.SIZE,
            cost_exponent=2,
        ),
        Param("d", 6, "input dimension", int, minimum=2, role=Role.SIZE),
        Param("m", 2000, "width (even: antisymmetric pairs)", int, minimum=2, role=Role.SIZE),
        Param("steps", 50, "GD steps K", int, minimum=1, role=Role.ITERATIONS),
        Param("eta_factor", 1.0, "η = eta_factor / λ_max(H∞)", float, minimum=1e-12),
        Param("labels", "random", "random (±1) or linear (y ∝ Xβ) labels", str, choices=("random", "linear")),
        Param(
            "tol_factor",
            0.5,
            "ε = tol_factor·n‖y‖/(λ0√m)",
            float,
            minimum=0.0,
            stronger="down",
            loose="the deviation stays below 0.43 ε at n ≥ 4: ε/2 still holds (worst margin 0.57)",
        ),
        Param("lambda0_min", 0.1, "premise: λ0 = λ_min(H∞) ≥ lambda0_min (2ε ≤ the drop there)", float, minimum=0.0),
        Param(
            "rate_factor",
            1.0,
            "c in (1 − c·ηλ_i)^k (the theorem: 1; the trajectory is close to it, either side false)",
            float,
            minimum=1e-12,  # a rate: models.two_layer.linear_prediction needs c > 0
            stronger="up",
            two_sided=True,
        ),
    ),
    trial=arora2019.trajectory_trial,
    premises=arora2019.width_premises,
    strategy=arora2019.trajectory_strategy,
    max_examples=ByProfile(quick=3, standard=6, full=None),
    mutants=(Mutant("half_rate", {"rate_factor": 0.5}, "prediction (1 − ηλ_i/2)^k: half the rate"),),
    report_instances=ByProfile(
        quick=({}, {"labels": "linear"}),
        standard=({}, {"labels": "linear"}, {"n": 8, "d": 12, "m": 4000}),
        full=({}, {"labels": "linear"}, {"n": 8, "d": 12, "m": 4000}, {"n": 12, "d": 16, "m": 8000}),
    ),
    notes=(
        "Conditional: the premise λ0 ≥ lambda0_min stands in for the theorem's width m = poly(n, 1/λ0). A trial whose "
        "2ε exceeds the predicted drop pred(0) − pred(K) is undecided."
    ),
    derived="The tolerance ε = ½·n‖y‖/(λ0√m): its form from a first-order perturbation bound, its constant empirical.",
)

ARORA_LABEL_SPEED = Claim(
    id="landscape.arora_label_speed",
    title="Random labels are fitted more slowly than structured ones, as yᵀ(H∞)^{−1}y predicts",
    source=Source(ARORA, "Section 4 (consequence of Theorem 4.1), Figure 1", "000", "1901.08584"),
    statement="y_randᵀ(H∞)⁻¹y_rand ≥ 2·y_linᵀ(H∞)⁻¹y_lin (‖y‖ = √n) ⇒ Σ_k ‖y − u(k)‖² larger for y_rand",
    kind=Kind.CONDITIONAL,
    premise_means=(
        "the drawn random labels' y_randᵀ(H∞)⁻¹y_rand was not verified at least ratio_min times the linear "
        "labels' (--set ratio_min=x lower)"
    ),
    undecided_means=(
        "the difference of the two areas, less twice the bound of the unmeasured tails past step K, lay within "
        "rounding of 0: the horizon is too short to tell the two label sets apart (--set steps=N runs longer)"
    ),
    params=(
        Param("n", 6, "samples", int, minimum=1, role=Role.SIZE, cost_exponent=2),
        Param("d", 3, "input dimension", int, minimum=2, role=Role.SIZE),
        Param("m", 500, "width (even: antisymmetric pairs)", int, minimum=2, role=Role.SIZE),
        Param(
            "steps",
            50,
            "GD steps K (the areas past K are bounded, else undecided)",
            int,
            minimum=1,
            role=Role.ITERATIONS,
        ),
        Param("eta_factor", 1.0, "η = eta_factor / λ_max(H∞)", float, minimum=1e-12),
        Param("ratio_min", 2.0, "premise: c_random ≥ ratio_min·c_linear", float, minimum=1.0, stronger="down"),
        Param(
            "slower",
            "random",
            "which labels converge more slowly (random: the claim)",
            str,
            choices=("random", "linear"),
        ),
        Param(
            "geometry",
            "sphere",
            "sphere: X uniform on the sphere, linear labels; digits: n of scikit-learn's digits (d = 64) with their "
            "own ±1 parity labels in place of the linear ones (true against random labels)",
            str,
            choices=("sphere", "digits"),
        ),
    ),
    trial=arora2019.speed_trial,
    constraints=arora2019.speed_constraints,
    premises=arora2019.width_premises,
    strategy=arora2019.speed_strategy,
    max_examples=ByProfile(quick=3, standard=6, full=None),
    mutants=(Mutant("random_faster", {"slower": "linear"}, "random labels converge faster than linear ones"),),
    report_instances=ByProfile(
        quick=({},),
        standard=({}, {"n": 12, "d": 4, "m": 2000}, {"geometry": "digits", "d": 64, "n": 20}),
        full=(
            {},
            {"n": 12, "d": 4, "m": 2000},
            {"n": 20, "d": 5, "m": 4000},
            {"geometry": "digits", "d": 64, "n": 20},
            {"geometry": "digits", "d": 64, "n": 40, "steps": 200},
        ),
    ),
    notes=(
        "geometry digits: Arora et al.'s true against random labels on real data (their Figure 1 is on MNIST and "
        "CIFAR): n of scikit-learn's digits per trial, their ±1 parity labels against uniform random ±1 labels."
    ),
)

CLAIMS = (
    RELU_NOT_C2,
    STRICT_SADDLE_ESCAPE,
    RANDOM_INIT_AVOIDS_SADDLES,
    PERTURBED_GD_ESCAPE,
    EXPONENTIAL_ESCAPE,
    MATRIX_FACTORIZATION,
    QUADRATIC_ACTIVATION,
    SPURIOUS_MINIMA_RELU,
    RANDOM_LABELS,
    ARORA_TRAJECTORY,
    ARORA_LABEL_SPEED,
)
