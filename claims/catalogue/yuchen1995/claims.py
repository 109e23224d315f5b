"""Records of the yuchen1995 family (Golikov's lecture notes (MIPT 2019)): one hidden sigmoid layer as wide as the data.

The slide: σ the logistic sigmoid, the columns of X distinct, hidden width d₁ = m (the number of samples) ⇒
every local minimum of L = ‖Y − W₂σ(W₁X)‖_F² is global (L = 0). Yu & Chen (IEEE TNN 6(5), 1995; abstract):
with P noncoincident patterns, P − 1 sigmoid units and one constant ("dummy") unit, every suboptimal
equilibrium point of the error surface is unstable in the sense of Lyapunov. Both are false as stated:
Sprinkhuizen-Kuyper & Boers (IEEE TNN 10(4), 1999; abstract) give a region of local minima with nonzero
error for the XOR 2-3-1 net and say the original proof holds only for an unusual definition of local
minimum; Ding, Li, Sun (arXiv:1911.01413) prove that sub-optimal local minima exist for generic input data at
any width; Li, Ding, Sun (arXiv:1812.11039) prove that wide nets have no sub-optimal *strict* local minima.

Ids and what their verdicts mean:

* yuchen1995.thm (forall, false as stated): Golikov's notes' statement itself. REFUTED by a verified witness: a
  local minimum with L > 0 at the theorem's width (its tests expect REFUTED: ``Claim.false_as_stated``).
* yuchen1995.counterexample (exists): that witness, in both forms (``constant_unit``): SUPPORTED when one is
  found and verified. It refutes Golikov's notes' statement and Yu & Chen's (L is real-analytic, so a local minimum
  is a Lyapunov-stable equilibrium of the gradient flow: Absil & Kurdyka, Systems & Control Letters 55,
  2006). The mechanism is Fukumizu & Amari's splitting of a hidden unit (Neural Networks 13, 2000).
* yuchen1995.core (forall): the true step of the 1995 proof (∇_{W₂}L = 0 and H nonsingular ⇒ L = 0).
* yuchen1995.search_no_bad_min (forall): not the theorem, what a local search reaches: Levenberg–Marquardt
  and Newton from random starts never end at a verified local minimum with L > 0.
"""

from __future__ import annotations

from hypothesis import strategies as st

from claims.catalogue.yuchen1995 import trials
from claims.spec import ByProfile, Claim, Kind, Mutant, Param, Role, Source, Verdict

YU_CHEN = "Yu & Chen 1995 (IEEE TNN 6(5))"
NO_FLOAT32 = "the verification recomputes in float64 and needs the search converged to float64 rounding"


def _form_and_size(profile: str, low: int = 3):
    """(constant_unit, m) with m ≥ low (+1 with the constant unit)."""
    top = {"quick": 5, "standard": 6, "full": 7}[profile]
    return st.booleans().flatmap(lambda cu: st.tuples(st.just(cu), st.integers(low + int(cu), top)))


def _search_strategy(profile: str):
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


SEARCH = Claim(
    id="yuchen1995.search_no_bad_min",
    title="Not the theorem: LM and Newton from random starts at the theorem's width never end at a verified "
    "local minimum with L > 0",
    source=Source(
        YU_CHEN,
        "not the theorem (refuted: yuchen1995.counterexample): the minima a local search reaches at its width",
        "000",
    ),
    statement="d₁ = m (or m − 1 + constant unit), σ = sigmoid, X, Y Gaussian (distinct columns): Levenberg–"
    "Marquardt then Newton from one random start, where it ends at a point that may be a local minimum (not "
    "certified otherwise), ends at a global one, L ≤ zero_tol, never at a verified local minimum with L > zero_tol; "
    "for every (X, Y, start) but a fraction < ε",
    kind=Kind.FORALL,
    premise_means=(
        "the search ended at a point certified not a minimum (a plateau of saturated units, a point not critical, or "
        "a strict saddle), which samples no local minimum and tests nothing (a large init_scale saturates the units: "
        "a smaller one, or --set lm_steps=N, ends more searches at minima)"
    ),
    undecided_means=(
        "the search did not reach a critical point, or ended at a degenerate one (a Hessian eigenvalue within eig_tol "
        "of 0) neither proven a minimum nor certified not one (--set lm_steps=N or newton_steps=N searches longer)"
    ),
    params=(
        Param("m", 4, "samples (columns of X)", int, minimum=2, role=Role.SIZE),
        Param("d0", 2, "rows of X, its last row all ones (the hidden biases)", int, minimum=2, role=Role.SIZE),
        Param("d2", 1, "outputs (rows of Y)", int, minimum=1, role=Role.SIZE),
        Param("constant_unit", False, "Yu & Chen's form: m − 1 sigmoid units plus a constant unit", bool),
        Param("activation", "sigmoid", "sigmoid (the theorem) or relu (mutant)", str, choices=("sigmoid", "relu")),
        Param(
            "hidden",
            None,
            "σ units (None: the theorem's width m, or m − 1 with the constant unit)",
            int,
            minimum=1,
            optional=True,
            role=Role.SIZE,
        ),
        Param("bias_row", True, "X's last row is all ones (needed by dead_shift)", bool),
        Param("init_scale", 1.0, "start: W₁ entries N(0, init_scale²)", float, minimum=0.0),
        Param("dead_shift", 6.0, "start: every second trial lowers W₁'s bias column by this", float, minimum=0.0),
        Param(
            "lm_steps",
            100,
            "Levenberg–Marquardt steps (twice more where L > 0 after them)",
            int,
            minimum=1,
            role=Role.ITERATIONS,
        ),
        Param("newton_steps", 8, "Newton refinement steps where L > 0 after LM", int, minimum=0, role=Role.ITERATIONS),
        Param(
            "conv_tol", 1e-6, "‖∇L‖ above conv_tol·(1 + ‖Y‖²): the search found no critical point", float, minimum=0.0
        ),
    ),
    trial=trials.search_trial,
    cost=trials.search_cost,
    constraints=trials.data_constraints,
    strategy=_search_strategy,
    mutants=(
        Mutant(
            "relu_dead_start",
            {"activation": "relu"},
            "σ = relu: from the starts whose units are all dead (dead_shift) the search stays on a flat region "
            "of loss ‖Y‖² (or the constant unit's), a proven local minimum with L > 0",
        ),
        Mutant(
            "narrow",
            {"hidden": 1},
            "one hidden unit (< m): with a scalar input it is monotone and cannot interpolate generic data, so "
            "the search reaches strict local minima with L > 0",
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
    premises=trials.search_premises,
    notes=(
        "This is not Yu & Chen's theorem, whose statement (every local minimum has L = 0) is false: see "
        "yuchen1995.counterexample. SUPPORTED here says only that the search's end points are not verified bad "
        "minima; it says nothing about the minima the search does not reach (the split minima of "
        "yuchen1995.counterexample have a basin random starts practically never hit). Each trial is one data set and "
        "one start; the end point is classified, blind to how the data were made: global (L ≤ zero_tol); a "
        "proven local minimum with L > 0 (strict: critical and λ_min(∇²L) > eig_tol; or a dead relu region), the "
        "trial fails; certified not a minimum (saturated plateau, no critical point, strict saddle), it passes "
        "and tests nothing; or undecided: a critical point with an eigenvalue within eig_tol of 0 that no "
        "certificate decides, including one the numerical Morse–Bott test passes and one with a descent along a "
        "flat direction (evidence at a few points and steps that it is, or is not, a minimum; not a proof: a "
        "minimum whose basin is narrower than the steps looks like a descent), or a search that did not "
        "converge. A saturated "
        "plateau (a unit with σ′ ≤ √eps on every sample) is never counted as a minimum. The details give each "
        "end point's class; the report's census counts them."
    ),
    derived="The whole claim (a property of the search, not of the paper); the reading 'global ⇔ L = 0' (the "
    "theorem's width interpolates distinct columns); the minimality checks beyond the Hessian (minima.py).",
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
    undecided_means=(
        "the hidden matrix H was too close to singular to decide: the relative tolerance 64·m·eps·κ(H) exceeded 0.1 (a "
        "smaller scale_max keeps the sigmoid out of saturation)"
    ),
    params=(
        Param("m", 5, "samples", int, minimum=2, role=Role.SIZE),
        Param("d0", 2, "rows of X", int, minimum=1, role=Role.SIZE),
        Param("d2", 2, "outputs", int, minimum=1, role=Role.SIZE),
        Param("constant_unit", False, "Yu & Chen's form (H's last row all ones)", bool),
        Param(
            "hidden",
            None,
            "σ units (None: H square, the theorem's width)",
            int,
            minimum=1,
            optional=True,
            role=Role.SIZE,
        ),
        Param("bias_row", True, "X's last row is all ones", bool),
        Param("scale_max", 4.0, "W₁ entries N(0, s²), s log-uniform in [1, scale_max]", float, minimum=1.0),
        Param("bound_factor", 1.0, "the constant of the bound", float, minimum=0.0, stronger="down"),
    ),
    trial=trials.core_trial,
    cost=trials.core_cost,
    constraints=trials.data_constraints,
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
    title="A verified local minimum with L > 0 at the theorem's width (a counterexample to Yu & Chen's theorem, "
    "in Golikov's notes' form and the paper's)",
    source=Source(
        "Yu & Chen 1995 (IEEE TNN 6(5)), refuted by Fukumizu & Amari 2000 (Neural Networks 13), Sprinkhuizen-"
        "Kuyper & Boers 1999 (IEEE TNN 10(4)), Ding–Li–Sun 2019",
        "counterexample to the theorem ('every local minimum has L = 0' in the lecture notes; 'every suboptimal "
        "equilibrium is Lyapunov-unstable' in the paper), after Fukumizu & Amari 2000's unit splitting",
        "000",
        "1911.01413",
    ),
    statement="∃ X (distinct columns), Y and (W₁, W₂) with d₁ = m (or m − 1 σ units + the constant unit, Yu & "
    "Chen's form) at which L = ‖Y − W₂σ(W₁X)‖_F² has a local minimum with L > 0",
    kind=Kind.EXISTS,
    no_witness_means=(
        "no constructed candidate passed every check: a narrow point that is not a strict local minimum, a split "
        "point with one eigenvalue too many near 0, no lower point found from its starts, or the mutants' demands "
        "(a strict minimum, which no split point is; a signed split, whose point is a strict saddle): --set trials=N "
        "constructs more"
    ),
    params=(
        Param(
            "m",
            4,
            "samples = the theorem's width (m − 1 σ units with the constant unit)",
            int,
            minimum=3,
            role=Role.SIZE,
        ),
        Param("d0", 1, "rows of X (scalar inputs by default)", int, minimum=1, role=Role.SIZE),
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
        Param("starts", 8, "LM starts on the wide net that must find a lower point", int, minimum=1, role=Role.SIZE),
        Param("trials", 16, "constructions before INCONCLUSIVE", int, minimum=1, role=Role.TRIALS),
    ),
    trial=trials.counterexample_trial,
    cost=trials.counterexample_cost,
    constraints=trials.planted_constraints,
    strategy=_ce_strategy,
    mutants=(
        Mutant(
            "strict_minimum",
            {"curvature": "strict"},
            "the witness must be a strict local minimum (λ_min(∇²L) > eig_tol): false, Li, Ding, Sun "
            "(1812.11039) prove wide nets have none with L > 0; a split point has copies − 1 exact flat directions",
            expected=Verdict.INCONCLUSIVE,
        ),
        Mutant(
            "signed_split",
            {"split": "signed"},
            "one copy with a negative share: the point is a strict saddle (Fukumizu & Amari: the other part of the "
            "line; its negative eigenvalue ∝ α₁α₂G₀ is ~1e-2, far beyond eig_tol)",
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
        "How to read the verdict: SUPPORTED here (a verified witness) refutes Golikov's notes' statement (the instance "
        "'defaults': m σ units; yuchen1995.thm is REFUTED by it) and Yu & Chen's (the instance "
        "'constant_unit=True': m − 1 σ units + the constant unit; "
        "L is real-analytic, so a local minimum is a Lyapunov-stable equilibrium of the gradient flow, Absil & "
        "Kurdyka 2006, and their 'every suboptimal equilibrium is unstable' fails at it). INCONCLUSIVE would mean "
        "no witness verified, never that the statement holds. A witness is verified in float64 by: the narrow "
        "point a strict minimum; the wide point critical (‖∇L‖ ≤ rounding level), with exactly copies − 1 "
        "eigenvalues of ∇²L within eig_tol of 0 and every other one > 2·eig_tol — the near-zero ones are not "
        "passed for being near 0: they are matched one to one with a proven exact null space (moving output "
        "weight between identical copies leaves L constant), so by Weyl the exact Hessian is positive definite "
        "across it (a Morse–Bott set of minima), and an extra near-zero eigenvalue makes the trial no witness; "
        "L > zero_tol; the columns of X distinct; an independent classification (blind to the "
        "construction) and ball probes; and LM from random starts reaching a lower L (not global). The data are "
        "constructed ('for some data'), not drawn: a one-unit net is made a strict local minimum with L = t² by "
        "planting Y, then its unit is split into the theorem's width. Sprinkhuizen-Kuyper & Boers' own XOR 2-3-1 "
        "region could not be read here (only its abstract), and one σ unit (plus bias) on XOR has no finite "
        "strict minimum to split, so their construction is not reproduced; their net's output unit may also "
        "differ from Golikov's notes' linear one. What a random search reaches is yuchen1995.search_no_bad_min."
    ),
    derived="The second-order condition of the split (inner Hessian G ≺ 0, every share α > 0; derived in "
    "models.sigmoid_net.inner_hessian) and the planting of the data; the Morse–Bott certificate.",
)

THM = Claim(
    id="yuchen1995.thm",
    title="Every local minimum of a one-hidden-layer sigmoid net as wide as the data is global (the lecture "
    "notes' statement of Yu & Chen 1995): false as stated",
    source=Source(YU_CHEN, "the theorem, in the notes' form", "000"),
    statement="σ = sigmoid, columns of X distinct, d₁ = m ⇒ every local minimum of L = ‖Y − W₂σ(W₁X)‖_F² has L = 0",
    kind=Kind.FORALL,
    premise_means=(
        "two columns of X were equal as stored float64 values, outside the theorem's distinct samples (the "
        "construction draws Gaussian columns, distinct with probability 1)"
    ),
    undecided_means=(
        "the construction did not end in a verified witness (a local minimum with L > 0 at the theorem's width): such "
        "a candidate is no evidence either way"
    ),
    params=COUNTEREXAMPLE.params,
    trial=trials.thm_trial,
    cost=trials.counterexample_cost,
    constraints=trials.planted_constraints,
    strategy=_ce_strategy,
    mutants=(),
    report_instances=ByProfile(
        quick=({}, {"constant_unit": True}),
        standard=({}, {"constant_unit": True}),
        full=({}, {"constant_unit": True}, {"m": 6}),
    ),
    max_examples=ByProfile(quick=2, standard=4, full=10),
    float32_skip=NO_FLOAT32,
    false_as_stated="a local minimum with L > 0 exists at the theorem's width (yuchen1995.counterexample's "
    "verified witness, Fukumizu & Amari 2000's split of a narrow net's strict minimum), so the statement is false "
    "for some data, as Sprinkhuizen-Kuyper & Boers 1999 and Ding, Li, Sun 2019 also show",
    notes="Each trial examines one constructed candidate (yuchen1995.counterexample's construction): a verified "
    "local minimum with L > 0 is a verified violation; a candidate that does not verify is undecided, never a "
    "pass. The verdict is REFUTED, and the suite's tests expect it. With the constant unit the same witness "
    "refutes the paper's own form (every suboptimal equilibrium Lyapunov-unstable: a local minimum of an analytic "
    "L is a stable equilibrium of the gradient flow). What a random search reaches is a different statement: "
    "yuchen1995.search_no_bad_min.",
    derived="As yuchen1995.counterexample: the split construction and its Morse–Bott certificate.",
)

CLAIMS = (THM, COUNTEREXAMPLE, CORE, SEARCH)
