"""Family clc2018: deep linear networks (Chitour, Liao, Couillet 2018, arXiv:1811.03568, Liao's slides (with Chitour,
Couillet)). Records only,
in the order of CLAIMS.md; the trials are in flow.py (dynamics) and critical.py (landscape).

L(W) = ½‖Y − W_{H+1} ⋯ W₁ X‖_F², W_j ∈ R^{d_j × d_{j−1}}; ``dims`` strings "d0,d1,…,d_{H+1}" set any depth and
widths from the command line.
"""

from __future__ import annotations

from hypothesis import strategies as st

from claims.catalogue.clc2018 import critical, flow
from claims.catalogue.clc2018.strategies import (
    bottleneck_dims,
    critical_dims,
    decreasing_dims,
    dims_strategy,
    global_value_params,
)
from claims.spec import ByProfile, Claim, Kind, Mutant, Param, Role, Source
from models import deep_linear as dl

CLC = "Chitour, Liao, Couillet 2018"
CLC_ARXIV = "1811.03568"
DEPTH = ByProfile(quick=2, standard=3, full=4)


def _invariants_strategy(profile: str):
    return st.fixed_dictionaries(
        {
            "dims": dims_strategy(DEPTH[profile], 4, equal=True),
            "n": st.integers(1, 6),
            "eta": st.sampled_from([0.003, 0.01, 0.03]),
        }
    )


INVARIANTS = Claim(
    id="clc2018.invariants",
    title="C_j = W_{j+1}ᵀW_{j+1} − W_jW_jᵀ is invariant under gradient flow; GD drifts by O(η)",
    source=Source(CLC, "Key invariant (Lemma), slides 'Consequence of Key Invariant'", "003", CLC_ARXIV),
    statement="GD step η over time T: ‖C_j(T) − C_j(0)‖_F ≤ η Σ_k η(‖G_{j+1}‖² + ‖G_j‖²) (→ 0 as η → 0)",
    kind=Kind.FORALL,
    undecided_means=(
        "the bound B_j = Σ_k η²(‖G_{j+1}(k)‖_F² + ‖G_j(k)‖_F²) was within the rounding of K updates of C_j "
        "(16·K·d·eps·max_j ‖W_j‖_F²) of the drift, or no larger than that rounding: at this step size there was "
        "nothing to decide (a larger eta makes the O(η²) drift larger than the rounding; at init_scale = 0 nothing "
        "moves); or GD left the dtype's range (drift or bound inf or NaN: a step or init_scale so large that the run "
        "diverges, where a smaller eta or init_scale keeps it in range)"
    ),
    float32_skip="float32's rounding of the drift over the run is comparable to the η² bound at the practical step "
    "(measured: every trial at eta = 0.003 within its tolerance of the bound, so undecided): float32 cannot decide "
    "this inequality",
    params=(
        Param("dims", "3,3,3,3", "widths d0,…,d_{H+1} (all equal here)", str, role=Role.SIZE),
        Param("n", 5, "number of samples", int, minimum=1, role=Role.SIZE, cost_exponent=2),
        Param("eta", 0.01, "GD step", float, minimum=1e-12),
        Param("time", 0.5, "time horizon T = K η", float, minimum=1e-12),
        Param("init_scale", 1.0, "W_j entries N(0, scale²/d_{j−1})", float, minimum=0.0),
        Param("transposed", False, "mutant: use W_{j+1}W_{j+1}ᵀ − W_jᵀW_j", bool),
    ),
    trial=flow.invariants_trial,
    cost=flow.invariants_cost,
    strategy=_invariants_strategy,
    mutants=(Mutant("transposed", {"transposed": True}, "the transposed expression is not invariant"),),
    report_instances=ByProfile(
        quick=({"eta": 0.003}, {"eta": 0.01}, {"eta": 0.03}),
        standard=({"eta": 0.001}, {"eta": 0.003}, {"eta": 0.01}, {"eta": 0.03}, {"dims": "4,4,4,4,4"}),
        full=({"eta": 3e-4}, {"eta": 0.001}, {"eta": 0.003}, {"eta": 0.01}, {"eta": 0.03}, {"dims": "5,5,5,5,5,5"}),
    ),
    derived="The exact one-step change C_j(k+1) − C_j(k) = η²(G_{j+1}ᵀG_{j+1} − G_jG_jᵀ) (models.deep_linear).",
)


def _convergence_strategy(profile: str):
    return st.fixed_dictionaries({"dims": dims_strategy(DEPTH[profile], 4), "n": st.integers(1, 8)})


CONVERGENCE = Claim(
    id="clc2018.convergence",
    title="Every GD/GF trajectory of a deep linear net is bounded and converges to a critical point",
    source=Source(CLC, "Theorem (convergence of GDD to Crit(L))", "003", CLC_ARXIV),
    statement=(
        "η·S̄(k) ≤ 1 along the run: (η/2)Σ_{k<K'}‖∇L(k)‖² ≤ L(0) − L(K') ∀K' (descent lemma summed), so "
        "Σ η‖∇L‖² ≤ 2L(0), ‖∇L‖ → 0"
    ),
    kind=Kind.FORALL,
    premise_means=(
        "a step of the run had η·S̄ > 1 (its segment's curvature bound above 1/η: at the start, or grown along the "
        "run) before any prefix fell short, so the descent lemma did not apply (--set step_factor=x lower)"
    ),
    undecided_means=(
        "the descent inequality c·(η/2)Σ_k ‖∇L(k)‖² ≤ L(0) − L(K′) lay within the rounding of the two losses and of "
        "the sum at some prefix, or L or the sum overflowed float64"
    ),
    params=(
        Param("dims", "3,4,2,3", "widths d0,…,d_{H+1}", str, role=Role.SIZE),
        Param("n", 6, "number of samples", int, minimum=1, role=Role.SIZE, cost_exponent=2),
        Param("init_scale", 1.0, "W_j entries N(0, scale²/d_{j−1})", float, minimum=0.0),
        Param(
            "step_factor",
            0.5,
            "η = step_factor / S(W(0)); the descent lemma needs η·S̄ ≤ 1 at every step (checked per trial)",
            float,
            minimum=1e-12,
        ),
        Param(
            "descent_factor",
            1.0,
            "c in c·(η/2)Σ‖∇L‖² ≤ L(0) − L(K') (the descent lemma: 1)",
            float,
            minimum=1e-12,
            stronger="up",
            loose=(
                "the descent lemma's ½ is the worst case over curvatures up to 1/η; a step well inside it "
                "(η·S ≈ ½ and S itself loose) decreases L by nearly η‖∇L‖², so the summed statement holds "
                "up to c close to 2 and no further (2η‖∇L‖² a step is more than any step gives)"
            ),
        ),
        Param("steps", 300, "GD steps K", int, minimum=1, role=Role.ITERATIONS),
    ),
    trial=flow.convergence_trial,
    constraints=flow.dims_constraints,
    premises=flow.convergence_premises,
    strategy=_convergence_strategy,
    mutants=(
        Mutant(
            "descent_4x",
            {"descent_factor": 4.0},
            "2η‖∇L‖² of decrease a step: more than any step within η·S̄ ≤ 1 gives (Taylor caps it at 1.5η‖∇L‖²)",
        ),
    ),
    report_instances=ByProfile(
        quick=({},),
        standard=({}, {"dims": "4,4,4,4,4", "steps": 1000}),
        full=({}, {"dims": "4,4,4,4,4", "steps": 1000}, {"dims": "6,5,4,3,2", "steps": 2000}),
    ),
    derived=(
        "The curvature bound S of models.deep_linear.curvature_bound (Gauss–Newton plus residual terms) and its "
        "bound S̄ on a whole GD step (segment_curvature_bound), which makes the descent lemma's premise checkable "
        "along the run."
    ),
)


def _exp_rate_strategy(profile: str):
    return decreasing_dims(ByProfile(quick=4, standard=6, full=8)[profile])


EXP_RATE = Claim(
    id="clc2018.exp_rate",
    title="Under the invariant's positivity hypothesis the flow converges at rate e^{−2αt}",
    source=Source(CLC, "Proposition (exponential convergence to global minimum)", "003", CLC_ARXIV),
    statement="d1≥…≥d_{H+1}, C_j with d_{j+1} positive eigenvalues ⇒ L(t) ≤ e^{−2αt}L(0), α = Π_j λ_{d_{j+1}}↓(C_j)",
    kind=Kind.FORALL,
    params=(
        Param("dims", "4,3,2", "widths d0 ≥ d1 ≥ … ≥ d_{H+1}; X = I_{d0}", str, role=Role.SIZE),
        Param("rate_factor", 2.0, "c in e^{−c α t} (the proposition: 2)", float, minimum=1e-12, stronger="up"),
        Param(
            "steps",
            400,
            "Euler steps of the coarse run to the horizon, at least (the fine run takes twice as many)",
            int,
            minimum=8,
            role=Role.ITERATIONS,
        ),
        Param(
            "max_steps",
            2**15,
            "most Euler steps of the coarse run, and of the pilot that ends a stiff trial's span s < T (h ≤ 1/S asks "
            "K ≥ T·S)",
            int,
            minimum=8,
            role=Role.ITERATIONS,
        ),
        Param("horizon", 1.0, "time span T = horizon/α of the check (part of the instance)", float, minimum=1e-12),
        Param(
            "alpha_rank",
            "largest",
            "α_j = the d_{j+1}-th largest eigenvalue of C_j (our reading) or the d_{j+1}-th smallest (the lecture's "
            "words read literally: the same at dims 4,3,2, λ_max(C_j) where d_j = d_{j+1})",
            str,
            choices=dl.ALPHA_RANKS,
        ),
    ),
    trial=flow.exp_rate_trial,
    cost=flow.exp_rate_cost,
    constraints=flow.exp_rate_constraints,
    premise_means=(
        "some α_j was not verified positive (within its eigenvalue tolerance of 0 or below it), so C_j had no "
        "d_{j+1} verified positive eigenvalues at that entry and the proposition states no rate; rate_init's draws "
        "meet the hypothesis, so this comes from alpha_rank=smallest where d_j ≥ 2d_{j+1} (--set alpha_rank=largest)"
    ),
    undecided_means=(
        "the run could not tell whether the loss stayed below e^{−cαt}L(0) at every checkpoint: the Euler "
        "bracket of the flow was too coarse, the loss was within rounding of the bound, or the discretisation "
        "diverged"
    ),
    # the bound is within 1.3× of the measured rate at dims 4,3,2 only; it is looser elsewhere, one hidden layer
    # included (at 6,6,6 the 1.5× statement holds), by up to 4× for H = 2 (dims 4,4,4,4) and ≥ 2× at 6,5,4,3,2
    # (the report's instance). At 8,8,6,6,4,4,2 (the full profile's, decided on spans s < T) α ≈ 1e-9, so the
    # bound e^{−cαt} binds only near T, and the flow gets there long before: c = 16 held in 90 of 90 trials
    # (check --seed 5 --set rate_factor=16, SUPPORTED), c = 20 in 16 (seed 0). Its margins there (0.35 at c = 2)
    # are the floor the span's pilot target sets, not the bound's slack (notes). So the mutant states its false
    # 1.5× at 4,3,2, and the mutant test's draws vary the seed only (claims.testing.mutant_draw drops the
    # parameters a mutant sets from a draw). At depth the product α = α₁α₂ is looser: at 4,3,3,2 the quick
    # report's 179 trials (seed 8581190324837354893) measured 1.9× to 27× of 2α, median 5.9×, 22 % under 4×;
    # rate_4x_depth2 states 4×, so the deep checks are shown to refute too
    strategy=_exp_rate_strategy,
    max_examples=ByProfile(quick=3, standard=6, full=None),
    mutants=(
        Mutant(
            "rate_1.5x",
            {"rate_factor": 3.0, "dims": "4,3,2"},
            "e^{−3αt} at dims 4,3,2: a rate 1.5 times the proposition's, where its bound is within 1.3×",
        ),
        Mutant(
            "rate_4x_depth2",
            {"rate_factor": 8.0, "dims": "4,3,3,2"},
            "e^{−8αt} at dims 4,3,3,2 (H = 2, α = α₁α₂): four times the proposition's rate, where the product's "
            "bound is about 6× loose in the median and under 4× in about a fifth of the trials",
        ),
        Mutant(
            "literal_smallest",
            {"alpha_rank": "smallest", "dims": "4,4,4"},
            "α the d_{j+1}-th smallest eigenvalue of C_j, the lecture's words read literally, at dims 4,4,4: there "
            "it is λ_max(C₁) (C₁ is 4 × 4 with 4 positive eigenvalues), not the λ_min(C₁) the proof bounds",
        ),
    ),
    report_instances=ByProfile(
        quick=({}, {"dims": "4,3,3,2"}),
        standard=({}, {"dims": "4,3,3,2"}, {"dims": "6,5,4,3,2"}),
        full=({}, {"dims": "4,3,3,2"}, {"dims": "6,5,4,3,2"}, {"dims": "8,8,6,6,4,4,2"}),
    ),
    notes=(
        "Margin in log-rate units: measured decay exponent over the claimed c·α, minus 1. A stiff trial, decided "
        "on a span s < T (deep nets), counts [s, T] at the rate its loss at s guarantees; its pilot stops at half "
        "the bound at T, so there the margin sits near ln 2/c (0.35 at c = 2) whatever the flow's true rate: a "
        "floor, not the bound's slack (at 8,8,6,6,4,4,2, c = 16 held in 90 of 90 trials at seed 5)."
    ),
    derived="α_j read as the d_{j+1}-th largest eigenvalue of C_j (the lecture's 'd_{j+1}-smallest' read literally, "
    "λ_max(C_j) at square widths, is the mutant literal_smallest), and α = Π_j α_j for H ≥ 2 (flow.exp_rate_trial).",
)


def _critical_values_strategy(profile: str):
    return critical_dims(DEPTH[profile])


CRITICAL_VALUES = Claim(
    id="clc2018.critical_values",
    title="Critical values of the deep linear loss are ½Σ_{s∈I} s², I ⊂ S_Y; non-global ones are saddles",
    source=Source(CLC, "Proposition (Landscape of Deep Linear Networks) i-iii", "003", CLC_ARXIV),
    statement=(
        "X = I, Y = (D_Y 0): Crit values = {½ Σ_{s∈I} s² : I ⊂ S_Y}; L = 0 minima; others not minima, and "
        "λ_min(∇²L) < 0 where rank W_H⋯W_2 > rank W_{H+1}⋯W_2"
    ),
    kind=Kind.FORALL,
    undecided_means=(
        "a constructed point was neither certified not a local minimum (no loss decrease along its direction beyond "
        "loss_tol) nor a verified strict minimum, or λ_min(∇²L) lay within eig_tol of 0 where clause (iii) asks for a "
        "negative eigenvalue, or the point's loss, gradient, Hessian or products overflowed the dtype (a lift near its "
        "range)"
    ),
    params=(
        Param("dims", "4,3,3,3", "widths d0,…,d_{H+1}; every d_j ≥ d_y = d_{H+1}", str, role=Role.SIZE),
        Param(
            "power", 2.0, "exponent in ½ Σ s^power (the theorem: 2; an identity)", float, stronger="up", two_sided=True
        ),
        Param("lift", 1.0, "value on the unfitted coordinates of W_2..W_H at the lifted points (r_Z > r)", float),
        Param(
            "saddle_curvature",
            "negative",
            "at the r_Z > r saddles: negative (λ_min < 0, the theorem) or psd (mutant: ∇²L ≽ 0)",
            str,
            choices=("negative", "psd"),
        ),
    ),
    trial=critical.critical_values_trial,
    cost=critical.critical_values_cost,
    constraints=critical.critical_values_constraints,
    strategy=_critical_values_strategy,
    mutants=(
        Mutant("values_not_squared", {"power": 1.0}, "critical values ½Σ s instead of ½Σ s²"),
        Mutant(
            "saddles_second_order_minima",
            {"saddle_curvature": "psd"},
            "the non-global critical points with r_Z > r pass the second-order test (∇²L ≽ 0)",
        ),
    ),
    report_instances=ByProfile(
        quick=({}, {"dims": "3,3,2"}),
        standard=({}, {"dims": "3,3,2"}, {"dims": "5,4,4,4,4"}),
        full=({}, {"dims": "3,3,2"}, {"dims": "5,4,4,4,4"}, {"dims": "6,5,5,5,5,5"}),
    ),
    derived="Proposition (iii) read with r = rank W_{H+1}⋯W_2 and r_Z = rank W_H⋯W_2 (critical.critical_values_trial).",
)


def _h1_global_strategy(profile: str):
    return st.fixed_dictionaries({"dims": bottleneck_dims(1), "n": st.integers(4, 8)})


H1_GLOBAL = Claim(
    id="clc2018.h1_global",
    title="One hidden layer: almost every initialisation converges to a global minimum",
    source=Source(CLC, "Corollary (H = 1)", "003", CLC_ARXIV),
    statement="H = 1, W(0) random ⇒ w.p. ≥ 1 − δ, GD reaches L* = ½(‖Y‖² − Σ_{i≤r} σ_i(YX⁺X)²)",
    kind=Kind.WHP,
    undecided_means=(
        "GD had converged neither to the global value nor to a spurious critical point within its steps (--set steps=N "
        "runs longer), or L − L* lay within loss_tol of the threshold"
    ),
    params=(
        Param("dims", "3,2,3", "widths d0,d1,d_y; r = min(d1, d0, d_y)", str, role=Role.SIZE),
        Param("n", 6, "samples (n ≥ d0 keeps X of full row rank)", int, minimum=1, role=Role.SIZE, cost_exponent=2),
        Param("init_scale", 1.0, "W_j entries N(0, scale²/d_{j−1}); 0 = the saddle W = 0", float, minimum=0.0),
        Param(
            "steps",
            2000,
            "GD steps K (a run neither global nor stuck by then is undecided)",
            int,
            minimum=1,
            role=Role.ITERATIONS,
        ),
        *global_value_params(),
        Param("delta", 0.05, "failure probability δ", float, open_unit=True),
    ),
    trial=critical.h1_trial,
    constraints=critical.h1_constraints,
    premises=critical.h1_premises,
    strategy=_h1_global_strategy,
    max_examples=ByProfile(quick=3, standard=6, full=None),
    delta_param="delta",
    mutants=(
        Mutant("start_at_saddle", {"init_scale": 0.0}, "W(0) = 0: the saddle, never leaves"),
        Mutant("wrong_global_value", {"rank_offset": 1}, "L* with one singular value too many"),
    ),
    report_instances=ByProfile(
        quick=({},), standard=({}, {"dims": "4,3,4"}), full=({}, {"dims": "4,3,4"}, {"dims": "6,3,5", "n": 10})
    ),
)

CLAIMS = (INVARIANTS, CONVERGENCE, EXP_RATE, CRITICAL_VALUES, H1_GLOBAL)
