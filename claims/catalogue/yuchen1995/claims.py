"""Records of the yuchen1995 family (seed 000): one hidden sigmoid layer as wide as the data.

The slide: σ the logistic sigmoid, the columns of X distinct, hidden width d₁ = m (the number of samples) ⇒
every local minimum of L = ‖Y − W₂σ(W₁X)‖_F² is global. Yu & Chen (IEEE TNN 6(5), 1995) state it for P − 1
sigmoid units plus one constant ("dummy") unit and P samples; both forms are encoded (``constant_unit``).
The statement is false: Sprinkhuizen-Kuyper & Boers (IEEE TNN 10(4), 1999; abstract) give a region of local
minima with nonzero error for the XOR 2-3-1 net and say the original proof holds only for an unusual
definition of local minimum; Ding, Li, Sun (arXiv:1911.01413) prove that sub-optimal local minima exist for
generic input data at any width; Li, Ding, Sun (arXiv:1812.11039) prove that wide nets have no sub-optimal
*strict* local minima. This family encodes the slide's statement as what a random search can see
(yuchen1995.thm), the true core of the argument (yuchen1995.core), and a constructed, verified counterexample
(yuchen1995.counterexample), whose mechanism is Fukumizu & Amari's splitting of a hidden unit (Neural
Networks 13, 2000).
"""

from __future__ import annotations

from hypothesis import strategies as st

from claims.catalogue.yuchen1995 import trials
from claims.spec import ByProfile, Claim, Kind, Mutant, Param, Source, Verdict

YU_CHEN = "Yu & Chen 1995 (IEEE TNN 6(5))"
NO_FLOAT32 = "the verification recomputes in float64 and needs the search converged to float64 rounding"


def _form_and_size(profile: str, low: int = 3):
    """(constant_unit, m) with m ≥ low (+1 with the constant unit)."""
    top = {"quick": 5, "standard": 6, "full": 7}[profile]
    return st.booleans().flatmap(lambda cu: st.tuples(st.just(cu), st.integers(low + int(cu), top)))


def _thm_strategy(profile: str):
    """m from 4 (5 with the constant unit): below that the narrow mutant's one unit ends mostly on saturated
    plateaus (its best fits sit at infinity) instead of verified minima. d0 stays 2 (a scalar input and the
    row of ones), so that one unit is monotone in the input and cannot interpolate generic data."""
    top = {"quick": 5, "standard": 6, "full": 7}[profile]
    return st.booleans().flatmap(
        lambda cu: st.fixed_dictionaries(
            {
                "constant_unit": st.just(cu),
                "m": st.integers(4 + int(cu), top + int(cu)),
                "d2": st.integers(1, 2),
            }
        )
    )


THM = Claim(
    id="yuchen1995.thm",
    title="Width = number of samples: every local minimum the search finds is global (the slide's statement)",
    source=Source(YU_CHEN, "the theorem as seed 000 states it (d₁ = m, σ sigmoid, distinct columns)", "000"),
    statement="d₁ = m, σ = sigmoid, distinct columns of X: every local minimum of ‖Y − W₂σ(W₁X)‖_F² has L = 0",
    kind=Kind.FORALL,
    params=(
        Param("m", 4, "samples (columns of X)", int, minimum=2),
        Param("d0", 2, "rows of X, its last row all ones (the hidden biases)", int, minimum=2),
        Param("d2", 1, "outputs (rows of Y)", int, minimum=1),
        Param("constant_unit", False, "Yu & Chen's form: m − 1 sigmoid units plus a constant unit", bool),
        Param("activation", "sigmoid", "sigmoid (the theorem) or relu (mutant)", str, choices=("sigmoid", "relu")),
        Param(
            "hidden",
            None,
            "σ units (None: the theorem's width m, or m − 1 with the constant unit)",
            int,
            minimum=1,
            optional=True,
        ),
        Param("bias_row", True, "X's last row is all ones (needed by dead_shift)", bool),
        Param("init_scale", 1.0, "start: W₁ entries N(0, init_scale²)", float, minimum=0.0),
        Param("dead_shift", 6.0, "start: every second trial lowers W₁'s bias column by this", float, minimum=0.0),
        Param("lm_steps", 100, "Levenberg–Marquardt steps (twice more where L > 0 after them)", int, minimum=1),
        Param("newton_steps", 8, "Newton refinement steps where L > 0 after LM", int, minimum=0),
        Param(
            "conv_tol", 1e-6, "‖∇L‖ above conv_tol·(1 + ‖Y‖²): the search found no critical point", float, minimum=0.0
        ),
    ),
    trial=trials.thm_trial,
    strategy=_thm_strategy,
    mutants=(
        Mutant(
            "relu_dead_start",
            {"activation": "relu"},
            "σ = relu: from the starts whose units are all dead (dead_shift) the search stays on a flat region "
            "of loss ‖Y‖² (or the constant unit's), a verified local minimum with L > 0",
        ),
        Mutant(
            "narrow",
            {"hidden": 1},
            "one hidden unit (< m): with a scalar input it is monotone and cannot interpolate generic data, so "
            "the search reaches verified minima with L > 0",
        ),
    ),
    report_instances=ByProfile(
        quick=({}, {"m": 5, "constant_unit": True}),
        standard=({}, {"m": 5, "constant_unit": True}, {"m": 6}, {"m": 6, "constant_unit": True, "d2": 2}),
        full=(
            {},
            {"m": 5, "constant_unit": True},
            {"m": 6},
            {"m": 7, "d0": 3},
            {"m": 7, "constant_unit": True, "d2": 2},
        ),
    ),
    max_examples=ByProfile(quick=2, standard=8, full=20),
    float32_skip=NO_FLOAT32,
    notes=(
        "The statement is FALSE (see yuchen1995.counterexample); this record checks only the minima that a "
        "search from random starts reaches, and SUPPORTED here proves nothing about the others. Each trial is "
        "one data set and one start; the end point is classified (claims/catalogue/yuchen1995/minima.py): global "
        "(L = 0), or a verified local minimum with L > 0 (strict, numerically Morse–Bott, or a dead relu region; "
        "the trial fails), or certified not a minimum (saturated plateau, no critical point, strict saddle, "
        "descent along a flat direction; the trial tests nothing and passes), or undecided. A saturated plateau "
        "(a unit with σ′ ≤ √eps on every sample) is never counted as a minimum, so a minimum inside a saturated "
        "region is invisible here; the split minima of the counterexample have a basin that random starts "
        "practically never reach. The details give each end point's class."
    ),
    derived="The reading 'global ⇔ L = 0' (the theorem's width interpolates distinct columns); the search and "
    "the minimality checks beyond the Hessian (module docstring of minima.py).",
)


def _core_strategy(profile: str):
    return _form_and_size(profile).flatmap(
        lambda cm: st.fixed_dictionaries(
            {
                "constant_unit": st.just(cm[0]),
                "m": st.just(cm[1]),
                "d0": st.integers(2, 3),
                "d2": st.integers(1, 3),
            }
        )
    )


CORE = Claim(
    id="yuchen1995.core",
    title="The true core: ∇_{W₂}L = 0 and a nonsingular hidden matrix force L = 0",
    source=Source(YU_CHEN, "the step of the proof (derived here as an inequality)", "000"),
    statement="square H = σ(W₁X) (or [σ(W₁X); 1ᵀ]): L ≤ bound_factor·‖∇_{W₂}L‖_F²/(4σ_min(H)²), so ∇_{W₂}L = 0 ⇒ L = 0",
    kind=Kind.FORALL,
    params=(
        Param("m", 5, "samples", int, minimum=2),
        Param("d0", 2, "rows of X", int, minimum=1),
        Param("d2", 2, "outputs", int, minimum=1),
        Param("constant_unit", False, "Yu & Chen's form (H's last row all ones)", bool),
        Param("hidden", None, "σ units (None: H square, the theorem's width)", int, minimum=1, optional=True),
        Param("bias_row", True, "X's last row is all ones", bool),
        Param("scale_max", 4.0, "W₁ entries N(0, s²), s log-uniform in [1, scale_max]", float, minimum=1.0),
        Param("bound_factor", 1.0, "the constant of the bound", float, minimum=0.0, stronger="down"),
    ),
    trial=trials.core_trial,
    strategy=_core_strategy,
    mutants=(
        Mutant("narrow", {"hidden": 2}, "H with fewer rows than samples: ∇_{W₂}L = 0 leaves R ≠ 0"),
        Mutant("bound_two_thirds", {"bound_factor": 0.67}, "a bound 1.5 times tighter: broken where it is attained"),
    ),
    report_instances=ByProfile(
        quick=({}, {"constant_unit": True}),
        standard=({}, {"constant_unit": True}, {"m": 4, "d0": 3, "d2": 1}),
        full=({}, {"constant_unit": True}, {"m": 4, "d0": 3, "d2": 1}, {"m": 6, "d2": 3}),
    ),
    float32_skip=(
        "κ(H) of a square sigmoid hidden matrix is 1e3–1e8 at these sizes: float32's tolerance 64·m·eps·κ exceeds "
        "0.1 (undecided) in most trials"
    ),
    notes=(
        "Half the trials put the residual along H's smallest singular direction, where the bound is attained "
        "(margins near 0 there are expected: the constant 1 cannot be improved). It is what the 1995 proof "
        "actually establishes; the gap of the theorem is that a local minimum need not have H nonsingular."
    ),
    derived="The whole claim: ‖RHᵀ‖_F ≥ σ_min(H)‖R‖_F for square H with ∇_{W₂}L = −2RHᵀ (one line).",
)


def _ce_strategy(profile: str):
    return _form_and_size(profile).flatmap(
        lambda cm: st.fixed_dictionaries(
            {
                "constant_unit": st.just(cm[0]),
                "m": st.just(cm[1]),
                "residual_scale": st.sampled_from((0.25, 0.5, 1.0)),
            }
        )
    )


COUNTEREXAMPLE = Claim(
    id="yuchen1995.counterexample",
    title="A verified local minimum with L > 0 at the theorem's width (Fukumizu–Amari splitting)",
    source=Source(
        "Fukumizu & Amari 2000 (Neural Networks 13); Sprinkhuizen-Kuyper & Boers 1999 (IEEE TNN 10(4)); "
        "Ding–Li–Sun 2019",
        "split critical lines contain local minima (F&A); bad local minima at any width (DLS)",
        "000",
        "1911.01413",
    ),
    statement="∃ X (distinct columns), Y and (W₁, W₂) with d₁ = m (or m − 1 + constant unit): a local minimum, L > 0",
    kind=Kind.EXISTS,
    params=(
        Param("m", 4, "samples = the theorem's width (m − 1 σ units with the constant unit)", int, minimum=3),
        Param("d0", 1, "rows of X (scalar inputs by default)", int, minimum=1),
        Param("constant_unit", False, "Yu & Chen's form", bool),
        Param("bias_row", False, "X's last row all ones (d0 ≥ 2; the planting succeeds rarely then)", bool),
        Param("residual_scale", 0.5, "planted residual norm t: the witness has L = t²", float, minimum=1e-3),
        Param(
            "split",
            "uniform",
            "output-weight shares: uniform (α = 1/c) or signed (mutant)",
            str,
            choices=("uniform", "signed"),
        ),
        Param(
            "curvature",
            "psd",
            "psd (a local minimum) or strict (mutant: λ_min > 0 demanded)",
            str,
            choices=("psd", "strict"),
        ),
        Param("starts", 8, "LM starts on the wide net that must find a lower point", int, minimum=1),
        Param("trials", 16, "constructions before INCONCLUSIVE", int, minimum=1),
    ),
    trial=trials.counterexample_trial,
    strategy=_ce_strategy,
    mutants=(
        Mutant(
            "strict_minimum",
            {"curvature": "strict"},
            "the witness must be a strict local minimum: Li, Ding, Sun (1812.11039) prove wide nets have none "
            "with L > 0, and a split point has flat directions",
            expected=Verdict.INCONCLUSIVE,
        ),
        Mutant(
            "signed_split",
            {"split": "signed"},
            "one copy with a negative share: the point is a saddle (Fukumizu & Amari: the other part of the line)",
            expected=Verdict.INCONCLUSIVE,
        ),
    ),
    report_instances=ByProfile(
        quick=({}, {"constant_unit": True}),
        standard=({}, {"constant_unit": True}, {"m": 6}, {"m": 6, "constant_unit": True}),
        full=({}, {"constant_unit": True}, {"m": 6}, {"m": 8, "constant_unit": True}),
    ),
    max_examples=ByProfile(quick=3, standard=8, full=20),
    float32_skip=NO_FLOAT32,
    notes=(
        "SUPPORTED here refutes the slide's statement (and Yu & Chen's with the constant unit). The data are "
        "constructed ('for some data'), not drawn: a one-unit net is made a strict local minimum with L = t² by "
        "planting Y, then its unit is split into the theorem's width. Sprinkhuizen-Kuyper & Boers' own XOR 2-3-1 "
        "region could not be read here (only its abstract), and one σ unit (plus bias) on XOR has no finite "
        "strict minimum to split, so their construction is not reproduced; their net's output unit may also "
        "differ from the slide's linear one."
    ),
    derived="The second-order condition of the split (inner Hessian G ≺ 0, every share α > 0; derived in "
    "models.sigmoid_net.inner_hessian) and the planting of the data; the Morse–Bott certificate.",
)

CLAIMS = (THM, CORE, COUNTEREXAMPLE)
