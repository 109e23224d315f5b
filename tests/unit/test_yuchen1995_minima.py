"""The classification of end points of the yuchen1995 search (claims/catalogue/yuchen1995/minima.py): a
saturated plateau is never a minimum, even where the Hessian test and the numerical Morse–Bott test alone
would pass it; a constructed split minimum is verified, a split with a negative share is a saddle, an
all-dead relu point is a flat (dead) minimum. yuchen1995.search_no_bad_min's outcome on synthetic classes
(only proven bad minima fail; morse_bott is undecided), its premises; yuchen1995.counterexample's witness
checks on synthetic inputs (distinct columns; the known null space, nothing more, within eig_tol of 0)."""

import pytest
import torch

from claims.catalogue.yuchen1995 import minima, trials
from claims.engine import witness
from models import sigmoid_net as sn

F64 = torch.float64


def _classify(theta, X, Y, shape):
    zt = minima.zero_tolerance(Y, F64)
    g = torch.Generator().manual_seed(0)
    code = minima.classify(theta, X, Y, shape, zero_tol=zt, conv_tol=1e-6, probes=8, generator=g)
    return [minima.CLASSES[c] for c in code.tolist()]


def test_fully_saturated_point_is_a_plateau_not_a_minimum():
    shape = sn.Shape(2, 3, 1)
    X = torch.tensor([[[-1.0, 0.3, 0.8, 2.0], [1.0, 1.0, 1.0, 1.0]]], dtype=F64)
    Y = torch.tensor([[[0.5, -0.2, 0.7, 0.1]]], dtype=F64)
    W1 = torch.tensor([[[0.5, -45.0], [-0.3, -44.0], [0.2, -46.0]]], dtype=F64)  # σ′ ≤ e^{−40} everywhere
    W2 = torch.tensor([[[1.0, -2.0, 0.5]]], dtype=F64)
    theta = shape.join(W1, W2)
    # the gradient is O(e^{−40}), far below rounding: to the first-order test the point is critical
    e = witness.examine(sn.flat_loss(shape), theta, (X, Y))
    assert e.critical.all() and (e.loss > 0.5).all()
    assert _classify(theta, X, Y, shape) == ["plateau"]


def test_partially_saturated_valley_is_a_plateau():
    """One unit saturated on three of four samples and fitting the fourth exactly: a valley of exact fits of
    that sample whose loss varies only through e^{−|z|} terms of the saturated ones."""
    shape = sn.Shape(2, 1, 1)
    X = torch.tensor(
        [[[-1.1287986397999445, -0.0937685813831321, 0.998343579451126, -0.0826216746514324], [1.0, 1.0, 1.0, 1.0]]],
        dtype=F64,
    )
    W1 = torch.tensor([[[32.04018405662056, -31.817870619758555]]], dtype=F64)
    z3 = float((W1 @ X)[0, 0, 2])
    Y = torch.tensor([[[0.5, -0.3, 0.7, 0.2]]], dtype=F64)
    W2 = torch.tensor([[[0.7 / torch.sigmoid(torch.tensor(z3, dtype=F64)).item()]]], dtype=F64)
    theta = shape.join(W1, W2)
    assert _classify(theta, X, Y, shape) == ["plateau"]


def test_split_witness_is_verified_and_signed_split_is_a_saddle():
    params = {"m": 4, "d0": 1, "constant_unit": False, "bias_row": False, "residual_scale": 0.5}
    for split, expected in (("uniform", "morse_bott"), ("signed", "saddle")):
        w = trials.build_witness({**params, "split": split}, 4, torch.Generator().manual_seed(1), F64, "cpu")
        assert _classify(w["theta"], w["X"], w["Y"], w["wide"]) == [expected] * 4


def test_all_dead_relu_point_is_a_flat_minimum():
    shape = sn.Shape(2, 3, 1, activation="relu")
    X = torch.tensor([[[-1.0, 0.3, 0.8, 2.0], [1.0, 1.0, 1.0, 1.0]]], dtype=F64)
    Y = torch.tensor([[[0.5, -0.2, 0.7, 0.1]]], dtype=F64)
    W1 = torch.tensor([[[0.5, -6.0], [-0.3, -5.0], [0.2, -7.0]]], dtype=F64)
    theta = shape.join(W1, torch.tensor([[[1.0, -2.0, 0.5]]], dtype=F64))
    assert _classify(theta, X, Y, shape) == ["dead"]


def test_interpolating_end_point_is_global():
    g = torch.Generator().manual_seed(4)
    shape = sn.Shape(2, 4, 1)
    X = torch.randn(8, 2, 4, generator=g, dtype=F64)
    X[:, -1] = 1.0
    Y = torch.randn(8, 1, 4, generator=g, dtype=F64)
    zt = minima.zero_tolerance(Y, F64)
    theta = minima.search(
        torch.randn(8, shape.p, generator=g, dtype=F64), X, Y, shape, lm_steps=100, newton_steps=4, zero_tol=zt
    )
    assert _classify(theta, X, Y, shape).count("global") >= 6


@pytest.mark.parametrize("cu", [False, True])
def test_gradient_descent_from_near_the_witness_stays_near_and_never_goes_below_its_loss(cu):
    """An independent look at the basin, in both forms (Golikov's notes'; Yu & Chen's, whose statement is that a
    suboptimal equilibrium is Lyapunov-unstable): GD (step 0.05, 4000 steps) from 8 random points at distance
    ≈ 1e-2 of each of 4 witnesses ends near their loss t² = 0.25, never below it, and no iterate gets farther
    from the witness than twice its start (measured: at most 1.0×): a stable equilibrium, as Absil & Kurdyka
    2006 give for a local minimum of an analytic L."""
    params = {"m": 4 + cu, "d0": 1, "constant_unit": cu, "bias_row": False, "residual_scale": 0.5}
    w = trials.build_witness({**params, "split": "uniform"}, 4, torch.Generator().manual_seed(3), F64, "cpu")
    S = 8
    g = torch.Generator().manual_seed(9)
    t0 = w["theta"].repeat_interleave(S, 0)
    t = t0 + 1e-2 * torch.randn(t0.shape, generator=g, dtype=F64) / t0.shape[-1] ** 0.5
    start, farthest = (t - t0).norm(dim=-1), torch.zeros(t.shape[0], dtype=F64)
    X, Y = w["X"].repeat_interleave(S, 0), w["Y"].repeat_interleave(S, 0)
    for _ in range(4000):
        t = t - 0.05 * sn.flat_gradient(t, X, Y, w["wide"])
        farthest = torch.maximum(farthest, (t - t0).norm(dim=-1))
    final = sn.flat_loss_batched(t, X, Y, w["wide"])
    # never below t² (beyond rounding, 64·eps·(1 + L) ≈ 2e-14); back near it (the split directions have small
    # curvature, ∝ G₀, so GD closes the last 1e-7 slowly)
    assert (final >= 0.25 - 1e-12).all() and (final <= 0.25 + 1e-6).all()
    assert (farthest <= 2 * start).all()


def test_search_outcome_fails_only_at_proven_bad_minima():
    """yuchen1995.search_no_bad_min on synthetic classes: strict_min and dead fail; morse_bott and descent (a
    Hessian with eigenvalues within eig_tol of 0, and a numerical test's evidence that the point is, or is not,
    a minimum) and unconverged/undecided are undecided, never failures nor passes; global passes; the certified
    non-minima test nothing: outside the premise (a run of them alone is VACUOUS, never SUPPORTED)."""
    names = list(minima.CLASSES)
    code = torch.tensor([minima.CODE[c] for c in names])
    loss = torch.full((len(names),), 0.5, dtype=F64)
    loss[minima.CODE["global"]] = 1e-14
    out = trials.search_outcome(code, loss, torch.full_like(loss, 1e-12), F64)
    verdict = {
        c: "outside" if not h else "undecided" if u else ("passed" if p else "failed")
        for c, p, u, h in zip(
            names, out.passed.tolist(), out.undecided_mask().tolist(), out.premise_held.tolist(), strict=True
        )
    }
    assert verdict == {
        "global": "passed",
        "plateau": "outside",
        "not_critical": "outside",
        "unconverged": "undecided",
        "saddle": "outside",
        "strict_min": "failed",
        "dead": "failed",
        "morse_bott": "undecided",
        "descent": "undecided",
        "undecided": "undecided",
    }
    assert out.margin[minima.CODE["global"]] == pytest.approx(0.99)
    assert out.margin[minima.CODE["strict_min"]] < -1e10  # L = 0.5 is far beyond zero_tol


def test_searches_that_end_at_no_minimum_are_vacuous_not_supported():
    """At init_scale = 1000 the sigmoid units saturate and nearly every search ends on a plateau, a certified
    non-minimum that tests nothing (seed 0: 89 of 90 end points). Counted as passes they made the run
    SUPPORTED from 90 trials of which one reached a minimum; outside the premise, the run is VACUOUS and says
    why. At the defaults most searches reach a global minimum and the claim stays SUPPORTED."""
    from claims import Verdict, get
    from claims.engine.runner import run

    claim = get("yuchen1995.search_no_bad_min")
    saturated = run(claim, params={"init_scale": 1000.0}, seed=0)
    assert saturated.verdict is Verdict.VACUOUS, saturated.reason
    assert "plateau" in saturated.reason
    assert run(claim, seed=0).verdict is Verdict.SUPPORTED


def test_search_premises_name_the_width_and_the_activation():
    from claims import get
    from claims.spec import Instance

    claim = get("yuchen1995.search_no_bad_min")

    def unmet(**overrides):
        return claim.premises(Instance(claim.resolve(overrides), 0), "cpu", F64)  # the record's hook

    assert unmet() == [] and unmet(m=5, constant_unit=True) == [] and unmet(hidden=4) == []
    assert unmet(hidden=1) == ["hidden = 1 σ units is not the theorem's width 4 (m = 4)"]
    assert unmet(activation="relu") == ["σ = relu, not the logistic sigmoid"]


def test_distinct_columns_premise():
    X = torch.tensor([[[0.3, -1.0, 2.0]], [[0.3, -1.0, 0.3]]], dtype=F64)  # (2, d0 = 1, m = 3)
    held, margin = trials.distinct_columns(X)
    assert held.tolist() == [True, False]
    assert margin[0] == pytest.approx(1.3 / 2.0) and margin[1] == 0


def _examination(eig: torch.Tensor) -> witness.Examination:
    one = torch.ones(1, dtype=F64)
    return witness.Examination(one, 0 * one, eig.amin()[None], eig.amax()[None], 1e-8 * one, one, one)


def test_known_morse_bott_certificate_accepts_only_the_proven_null_space():
    """The witness's flat eigenvalues are accepted only as the known null space (its dimension): one more
    eigenvalue within eig_tol of 0, or one in (eig_tol, 2·eig_tol] (undecided in sign after rounding), or a
    negative one, and the point is not certified (eig_tol = 1e-8 here)."""

    def certified(eig, nullity=2):
        eig = torch.tensor(eig, dtype=F64)
        ok, _ = minima.morse_bott_known(_examination(eig), torch.diag(eig)[None], nullity)
        return bool(ok)

    assert certified([1e-12, -3e-9, 0.5, 2.0])
    assert not certified([1e-12, -3e-9, 5e-9, 2.0])  # a third near-zero eigenvalue: not the known null space
    assert not certified([1e-12, -3e-9, 1.5e-8, 2.0])  # within 2·eig_tol: not proven positive
    assert not certified([1e-12, -3e-9, -0.1, 2.0])  # a descent direction
    assert not certified([1e-12, 0.5, 0.7, 2.0])  # fewer flat directions than the construction has


def test_core_bound_is_undecided_where_h_is_too_close_to_singular():
    """yuchen1995.core at scale_max = 1e6: large first-layer weights saturate the sigmoid and H's condition number
    κ runs from 3e8 to past float64 (inf). The trial's rounding allowance tol = 64·m·eps·κ decides only where it is
    at most 0.1; beyond it (κ ≳ 1.4e12, here every trial but one, two of them with tol below 1e5) the trial is
    undecided whatever the bound reads."""
    from claims import get
    from claims.spec import Instance

    claim = get("yuchen1995.core")
    out = claim.trial(Instance(claim.resolve({"scale_max": 1e6}), 0), torch.Generator().manual_seed(0), "cpu", F64, 8)
    tol = 64 * claim.defaults()["m"] * torch.finfo(F64).eps * out.details["kappa"]
    assert torch.equal(out.undecided_mask(), tol > 0.1)
    assert ((tol > 0.1) & (tol < 1e5)).sum() == 2 and (tol <= 0.1).sum() == 1


def test_loss_just_above_the_zero_tolerance_is_not_global():
    """The global class is L ≤ zero_tol and nothing more: at a random point (σ net, 2 × 3 × 1, 6 samples) with
    targets Y = W₂H + r, the residual r scaled so that L = 0.5·zero_tol the point is global, at L = 1.5·zero_tol
    it is not (zero_tol moves by ~1e-15 relative with r, far below the factor 1.5/1 and 1/0.5)."""
    g = torch.Generator().manual_seed(5)
    shape = sn.Shape(2, 3, 1)
    X = torch.randn(1, 2, 6, generator=g, dtype=F64)
    X[:, -1] = 1.0
    theta = torch.randn(1, shape.p, generator=g, dtype=F64)
    W1, W2 = shape.split(theta)
    Y0 = W2 @ sn.hidden(W1, X, shape)
    r = torch.randn(Y0.shape, generator=g, dtype=F64)
    r = r / r.norm()
    zt0 = minima.zero_tolerance(Y0, F64)
    classes = []
    for factor in (0.5, 1.5):
        Y = Y0 + r * (factor * zt0) ** 0.5
        ratio = sn.flat_loss_batched(theta, X, Y, shape) / minima.zero_tolerance(Y, F64)
        assert ratio.item() == pytest.approx(factor, rel=1e-6)
        classes += _classify(theta, X, Y, shape)
    assert classes[0] == "global" and classes[1] != "global"


def test_numerical_morse_bott_test_needs_a_null_direction():
    """The numerical Morse–Bott test is about the null directions of ∇²L: a strict minimum (the narrow planted
    point, no eigenvalue within eig_tol of 0) has none and is not Morse–Bott (an empty check must not pass);
    its uniform split (3 exact flat directions) is."""
    params = {"m": 4, "d0": 1, "constant_unit": False, "bias_row": False, "residual_scale": 0.5, "split": "uniform"}
    w = trials.build_witness(params, 4, torch.Generator().manual_seed(1), F64, "cpu")
    e = witness.examine(sn.flat_loss(w["narrow"]), w["theta_narrow"], (w["X"], w["Y"]))
    assert e.strict_minimum.all()
    assert not minima.numerical_morse_bott(w["theta_narrow"], w["X"], w["Y"], w["narrow"]).any()
    assert minima.numerical_morse_bott(w["theta"], w["X"], w["Y"], w["wide"]).all()


def test_split_with_a_zero_share_is_a_descent_point():
    """A split with shares (1, 0, 0, 0): the copies with output weight 0 have free input weights, and moving a
    share below 0 together with such a weight lowers L at third order (−Σ α_c ε_cᵀG₀ε_c with G₀ ≺ 0, α_c < 0):
    PSD and singular but not a minimum. Along a null eigenvector u the drop is on one side only (+u or −u,
    by the sign of its share component, which the eigensolver picks), so both signs must be tried: every one
    of 4 such points is certified ``descent`` (measured: with +u alone 2 of the 4 are missed)."""
    params = {"m": 4, "d0": 1, "constant_unit": False, "bias_row": False, "residual_scale": 0.5, "split": "uniform"}
    w = trials.build_witness(params, 4, torch.Generator().manual_seed(1), F64, "cpu")
    W1, W2 = w["narrow"].split(w["theta_narrow"])
    W1w, W2w, wide = sn.split_unit(W1, W2, w["narrow"], torch.tensor([1.0, 0.0, 0.0, 0.0], dtype=F64))
    assert _classify(wide.join(W1w, W2w), w["X"], w["Y"], wide) == ["descent"] * 4


def _relu_data():
    X = torch.tensor([[[-1.0, 0.3, 0.8, 2.0], [1.0, 1.0, 1.0, 1.0]]], dtype=F64)
    Y = torch.tensor([[[0.5, -0.2, 0.7, 0.1]]], dtype=F64)
    return X, Y


def test_relu_unit_on_its_kink_is_not_a_dead_minimum():
    """Dead needs a positive margin: with unit 0 at z = 0 exactly on the last sample (w = (0.5, −1), x = (2, 1),
    margin 0) any move of its weights activates it, so the flat region of the dead class is not proven; the
    point is not called ``dead`` (it is a descent point: activating unit 0 with output weight 1 lowers
    the misfit of y = 0.1 there)."""
    shape = sn.Shape(2, 3, 1, activation="relu")
    X, Y = _relu_data()
    W1 = torch.tensor([[[0.5, -1.0], [-0.3, -5.0], [0.2, -7.0]]], dtype=F64)
    assert sn.dead_margin(W1, X).item() == 0
    theta = shape.join(W1, torch.tensor([[[1.0, -2.0, 0.5]]], dtype=F64))
    assert _classify(theta, X, Y, shape) == ["descent"]


def test_all_dead_relu_point_with_a_wrong_constant_is_not_critical():
    """Every relu unit dead (margin ≥ 3) but the constant unit's output weight 0 instead of the mean of Y
    (0.275): ∂L/∂c = −2Σ(y_i − c) = −2.2, far above conv_tol = 1e-6, so the point is ``not_critical``, not a
    dead minimum; with c = mean(Y) it is ``dead``."""
    shape = sn.Shape(2, 3, 1, constant_unit=True, activation="relu")
    X, Y = _relu_data()
    W1 = torch.tensor([[[0.5, -6.0], [-0.3, -5.0], [0.2, -7.0]]], dtype=F64)
    classes = [
        _classify(shape.join(W1, torch.tensor([[[1.0, -2.0, 0.5, c]]], dtype=F64)), X, Y, shape)[0]
        for c in (0.0, Y.mean().item())
    ]
    assert classes == ["not_critical", "dead"]


def test_known_morse_bott_certificate_needs_a_critical_point():
    """The spectrum of a known Morse–Bott point says nothing about a point that is not critical: with the
    accepted spectrum of the test above but ‖∇L‖ = 2 > grad_tol = 1 the point is not certified."""
    eig = torch.tensor([1e-12, -3e-9, 0.5, 2.0], dtype=F64)
    one = torch.ones(1, dtype=F64)
    e = witness.Examination(one, 2 * one, eig.amin()[None], eig.amax()[None], 1e-8 * one, one, one)
    ok, margin = minima.morse_bott_known(e, torch.diag(eig)[None], 2)
    assert not ok.any() and margin.item() > 0


def test_point_near_a_saddle_not_yet_converged_is_not_critical():
    """A signed split (a strict saddle) moved by 1e-8 in a random direction: ‖∇L‖ ≈ 1e-8…5e-8, below
    conv_tol = 1e-6 but far above rounding (grad_tol ≈ 4e-12), with λ_min < −eig_tol. It is not the approach to
    a minimum (``unconverged``) but a point with a descent direction: ``not_critical``."""
    params = {"m": 4, "d0": 1, "constant_unit": False, "bias_row": False, "residual_scale": 0.5, "split": "signed"}
    w = trials.build_witness(params, 4, torch.Generator().manual_seed(1), F64, "cpu")
    d = torch.randn(w["theta"].shape, generator=torch.Generator().manual_seed(2), dtype=F64)
    theta = w["theta"] + 1e-8 * d / d.norm(dim=-1, keepdim=True)
    e = witness.examine(sn.flat_loss(w["wide"]), theta, (w["X"], w["Y"]))
    assert (~e.critical & (e.grad_norm < 1e-6) & (e.eig_min < -e.eig_tol)).all()
    assert _classify(theta, w["X"], w["Y"], w["wide"]) == ["not_critical"] * 4


def _search_problem():
    """8 random starts of a σ net 2 × 4 × 1 on 4 samples with a bias row (interpolating width), seed 4:
    (shape, X, Y, zero_tol, θ₀)."""
    g = torch.Generator().manual_seed(4)
    shape = sn.Shape(2, 4, 1)
    X = torch.randn(8, 2, 4, generator=g, dtype=F64)
    X[:, -1] = 1.0
    Y = torch.randn(8, 1, 4, generator=g, dtype=F64)
    return shape, X, Y, minima.zero_tolerance(Y, F64), torch.randn(8, shape.p, generator=g, dtype=F64)


def test_search_gives_unfinished_end_points_more_lm_steps():
    """With a short budget (10 LM steps) most of 8 random starts (σ net 2 × 4 × 1, 4 samples: interpolating
    width) have not reached zero_tol; the search's extra 2·lm_steps LM steps before Newton refinement bring
    at least 6 of them to the global value (measured: 7; Newton alone on the positive part of ∇²L from the
    10-step end points: 3)."""
    shape, X, Y, zt, theta0 = _search_problem()
    theta = minima.search(theta0, X, Y, shape, lm_steps=10, newton_steps=4, zero_tol=zt)
    assert _classify(theta, X, Y, shape).count("global") >= 6


def test_search_leaves_interpolants_where_lm_left_them():
    """Only the end points above zero_tol are refined: the ones LM brought to L ≤ zero_tol come back exactly as
    LM left them (an interpolant needs no refinement, and further steps would only spend time)."""
    shape, X, Y, zt, theta0 = _search_problem()
    lm = sn.levenberg_marquardt(theta0, X, Y, shape, steps=10, done_below=zt)
    done = sn.flat_loss_batched(lm, X, Y, shape) <= zt
    theta = minima.search(theta0, X, Y, shape, lm_steps=10, newton_steps=4, zero_tol=zt)
    assert 0 < done.sum() < 8
    assert torch.equal(theta[done], lm[done])


def _one_far_sample():
    """One σ unit w = (2.5, 5) on 8 samples x = (x, 1), the last far out (z = 20), planted targets
    Y = W₂H + 0.3·r with G₀(r) ≺ 0 (models.sigmoid_net.plant_residual): (shape, X, Y, W₁, W₂)."""
    shape = sn.Shape(2, 1, 1)
    x = torch.tensor([-1.5, -0.8, -0.2, 0.3, 0.7, 1.1, 1.6, 6.0], dtype=F64)
    X = torch.stack([x, torch.ones_like(x)])[None]
    W1 = torch.tensor([[[2.5, 5.0]]], dtype=F64)
    W2 = torch.tensor([[[1.0]]], dtype=F64)
    r, top = sn.plant_residual(W1, W2, X, shape, candidates=64, generator=torch.Generator().manual_seed(0))
    assert top.item() < 0
    return shape, X, W2 @ sn.hidden(W1, X, shape) + 0.3 * r, W1, W2


def test_unit_saturated_on_one_far_sample_only_is_no_plateau():
    """Saturation on one sample is not a plateau: one σ unit w = (2.5, 5) on 8 samples x = (x, 1), the last far
    out (x = 6, z = 20, σ′ = 2e-9 ≤ √eps; on the others z ≤ 9, σ′ ≥ 1e-4), with planted targets
    Y = W₂H + 0.3·r (Jᵀr = 0, G₀(r) ≺ 0: models.sigmoid_net.plant_residual). The other seven samples pin both
    input weights, so the point is a resolved strict minimum (λ_min ≈ 1e-3 ≫ eig_tol), and its split into two
    copies with shares ½ is Morse–Bott: its one flat direction moves output weight only (U₁ = 0 up to
    rounding), which the partial-plateau test must not count though it "touches" the saturated sample."""
    shape, X, Y, W1, W2 = _one_far_sample()
    S = sn.act_prime(W1 @ X, "sigmoid")[0, 0]
    root = torch.finfo(F64).eps ** 0.5
    assert S[-1] <= root and (S[:-1] > 1e3 * root).all()
    assert _classify(shape.join(W1, W2), X, Y, shape) == ["strict_min"]
    W1w, W2w, wide = sn.split_unit(W1, W2, shape, torch.tensor([0.5, 0.5], dtype=F64))
    assert _classify(wide.join(W1w, W2w), X, Y, wide) == ["morse_bott"]


def test_strict_saddle_touching_a_saturated_sample_is_a_saddle_not_a_plateau():
    """The same planted unit as above split with signed shares (2, −1) or (1.5, −0.5): the second-order change
    −α₁α₂(α₁ + α₂)·G₀ along the split is negative, a strict saddle with λ_min ≈ −2e-4, nine orders of magnitude
    past eig_tol. Its descent direction moves input weights and touches the saturated sample, but a resolved
    negative eigenvalue is curvature, not flatness: the point is a saddle (it was called a plateau)."""
    shape, X, Y, W1, W2 = _one_far_sample()
    for shares in ([2.0, -1.0], [1.5, -0.5]):
        W1w, W2w, wide = sn.split_unit(W1, W2, shape, torch.tensor(shares, dtype=F64))
        theta = wide.join(W1w, W2w)
        e = witness.examine(sn.flat_loss(wide), theta, (X, Y))
        assert bool(e.strict_saddle.all()) and float(e.eig_min) < -1e6 * float(e.eig_tol)
        assert _classify(theta, X, Y, wide) == ["saddle"], shares


def test_dead_point_next_to_lower_points_is_demoted_by_the_ball_probes():
    """The probes reach radius 1e-4·(1 + ‖θ‖) ≈ 1.7e-4 and a single lower probe decides: relu units dead with
    margin 1e-5 (unit 0, output weight 0.5; the others at margin 6) and the constant unit at its optimum mean(Y).
    The region proven dead has radius margin/‖X‖₂ ≈ 4e-6, inside the probe ball; beyond it unit 0 wakes on
    samples with y > mean(Y) and lowers L by ~1e-5 (≫ loss_tol ≈ 2e-14), while most probes only move the
    constant unit off its optimum and raise L. The point is demoted from ``dead`` to ``undecided``."""
    shape = sn.Shape(2, 3, 1, constant_unit=True, activation="relu")
    X, _ = _relu_data()
    Y = torch.tensor([[[0.5, 0.2, 0.7, 0.1]]], dtype=F64)
    W1 = torch.tensor([[[0.0, -1e-5], [0.0, -6.0], [0.0, -6.0]]], dtype=F64)
    theta = shape.join(W1, torch.tensor([[[0.5, 0.1, 0.1, Y.mean().item()]]], dtype=F64))
    assert sn.dead_margin(W1, X).item() == pytest.approx(1e-5)
    assert (sn.dead_margin(W1, X) / torch.linalg.matrix_norm(X, 2) < 1e-4 * (1 + theta.norm(dim=-1)) / 10).all()
    assert _classify(theta, X, Y, shape) == ["undecided"]


def _split_points(share: float, count: int = 8):
    """``count`` split minima of the counterexample's witness with shares (1 − share, share) (seed 1)."""
    params = {"m": 4, "d0": 1, "constant_unit": False, "bias_row": False, "residual_scale": 0.5, "split": "uniform"}
    w = trials.build_witness(params, count, torch.Generator().manual_seed(1), F64, "cpu")
    W1, W2 = w["narrow"].split(w["theta_narrow"])
    W1w, W2w, wide = sn.split_unit(W1, W2, w["narrow"], torch.tensor([1 - share, share], dtype=F64))
    return wide.join(W1w, W2w), w["X"], w["Y"], wide


def test_tiny_share_split_is_not_morse_bott_where_a_step_leaves_the_psd_side():
    """Two copies with shares (1 − 1e-6, 1e-6): a local minimum, but the numerical Morse–Bott test steps
    1e-3·(1 + ‖θ‖) both ways along the flat direction, and one of the two pushes the tiny share negative (there
    the point is a saddle: across-copy curvature −α₂·G₀ with G₀ ≺ 0). So none of 8 such points is morse_bott;
    they stay undecided (with +u alone the label followed the eigensolver's sign: 4 and 4)."""
    theta, X, Y, wide = _split_points(1e-6)
    assert _classify(theta, X, Y, wide) == ["undecided"] * 8


def test_labels_do_not_depend_on_the_sign_the_eigensolver_gives_a_null_vector(monkeypatch):
    """The same points classified again with every eigenvector negated: the witness (morse_bott), the split
    with a tiny share (undecided) and with a zero share (descent, one side only) get the same labels."""
    points = [_split_points(share) for share in (1e-6, 0.0)]
    params = {"m": 4, "d0": 1, "constant_unit": False, "bias_row": False, "residual_scale": 0.5, "split": "uniform"}
    w = trials.build_witness(params, 4, torch.Generator().manual_seed(1), F64, "cpu")
    points.append((w["theta"], w["X"], w["Y"], w["wide"]))
    before = [_classify(*pt) for pt in points]
    eigh = minima.symeig.eigh

    def flipped(H):
        lam, U = eigh(H)
        return lam, -U

    monkeypatch.setattr(minima.symeig, "eigh", flipped)
    assert [_classify(*pt) for pt in points] == before
    assert {"undecided", "descent", "morse_bott"} <= {c for labels in before for c in labels}


@pytest.mark.parametrize("share", [1e-12, 1e-14])
def test_a_minimum_with_a_basin_below_the_descent_steps_is_never_a_pass(share):
    """A split with shares (1 − δ, δ), δ > 0, is a local minimum (a point of the witness's Morse–Bott line), but
    its curvature across the copies is ∝ δ, inside eig_tol, and its basin along that direction is narrower than
    the descent certificate's smallest step: measured, 2 of 8 points at δ = 1e-12 and 8 of 8 at δ = 1e-14 are
    labelled ``descent``. The label is evidence, not proof, so search_no_bad_min counts each of them undecided,
    never passed."""
    theta, X, Y, wide = _split_points(share)
    code = minima.classify(
        theta,
        X,
        Y,
        wide,
        zero_tol=minima.zero_tolerance(Y, F64),
        conv_tol=1e-6,
        probes=8,
        generator=torch.Generator().manual_seed(0),
    )
    assert (code == minima.CODE["descent"]).any()
    loss = sn.flat_loss_batched(theta, X, Y, wide)
    out = trials.search_outcome(code, loss, minima.zero_tolerance(Y, F64), F64)
    assert out.undecided_mask().all()  # never counted as a pass (nor a failure)


def test_a_probe_drop_just_beyond_rounding_demotes_a_dead_point():
    """Any probe drop above loss_tol demotes, not only a large one: the dead point of the test above with unit 0's
    output weight 0 and the residual around mean(Y) scaled by s. A probe that wakes unit 0 and gives it output
    weight changes L at second order in the radius, the constant unit's move raises it; s = 0.08118 is tuned so
    that the best of the 24 probes (the generator of ``_classify``) lowers L by ≈ 12·loss_tol, within (3, 50):
    the point is ``undecided``; at s = 0.05 no probe is lower and it stays ``dead``."""
    shape = sn.Shape(2, 3, 1, constant_unit=True, activation="relu")
    X, _ = _relu_data()
    Y0 = torch.tensor([[[0.5, 0.2, 0.7, 0.1]]], dtype=F64)
    c = Y0.mean().item()
    W1 = torch.tensor([[[0.0, -1e-5], [0.0, -6.0], [0.0, -6.0]]], dtype=F64)
    theta = shape.join(W1, torch.tensor([[[0.0, 0.1, 0.1, c]]], dtype=F64))
    classes = []
    for s in (0.08118, 0.05):
        Y = c + s * (Y0 - c)
        drop = minima.ball_probe_drop(theta, X, Y, shape, probes=8, generator=torch.Generator().manual_seed(0))
        assert (3 < drop.item() < 50) if s > 0.08 else drop.item() < 0
        classes += _classify(theta, X, Y, shape)
    assert classes == ["undecided", "dead"]


def test_morse_bott_point_is_checked_by_the_ball_probes_too(monkeypatch):
    """The numerical Morse–Bott test sees only the Hessian's null directions, so its points are probed like the
    proven ones. A relu net (2 units, 5 samples x = (x, 1)): unit 1 with w = (1, −0.5) is alive on three samples
    and exactly on its kink (z = 0) on x = 0.5, unit 2 dead (margin 5, its 3 weights exact null directions of
    ∇²L); targets Y = W₂H + t·e₂ (the residual on the kink's sample only, so ∇L = 0 exactly). The numerical test
    fails both (a step along unit 1's scaling lets Newton wake the kink), so it is replaced here by one that
    passes every point: with t = 0.5 waking unit 1 on that sample lowers L at first order (−2t·v₁·Δz), the probes
    find it and the point is ``undecided``; with t = −0.5 waking it raises L: ``morse_bott``."""
    shape = sn.Shape(2, 2, 1, activation="relu")
    x = torch.tensor([-1.0, 0.5, 1.0, 1.5, 2.0], dtype=F64)
    X = torch.stack([x, torch.ones_like(x)])[None]
    W1 = torch.tensor([[[1.0, -0.5], [0.0, -5.0]]], dtype=F64)
    W2 = torch.tensor([[[1.0, 0.3]]], dtype=F64)
    theta = shape.join(W1, W2)
    assert (W1 @ X)[0, 0, 1] == 0
    classes = []
    for t in (0.5, -0.5):
        Y = W2 @ sn.hidden(W1, X, shape)
        Y[..., 1] += t
        assert not minima.numerical_morse_bott(theta, X, Y, shape).any()
        classes += _classify(theta, X, Y, shape)
    assert classes == ["undecided", "undecided"]
    monkeypatch.setattr(minima, "numerical_morse_bott", lambda th, *a, **k: torch.ones(th.shape[0], dtype=torch.bool))
    classes = []
    for t in (0.5, -0.5):
        Y = W2 @ sn.hidden(W1, X, shape)
        Y[..., 1] += t
        classes += _classify(theta, X, Y, shape)
    assert classes == ["undecided", "morse_bott"]


def test_nullity_that_changes_along_a_null_direction_is_not_morse_bott():
    """The numerical test compares the nullity at the refined points: a relu net (2 units, 6 samples x = (x, 1)),
    unit 1 (w = (1, 0), output weight 1) alive on x > 0 and fitting those samples exactly, the residual 0.5 on
    x = −0.5 (dead for both units), and unit 2 with output weight 0 dead everywhere except on its kink
    (z = 0) at the extreme sample: w₂ = (−1, −1) (kink at x = −1) or (1, −2) (kink at x = 2). Its three weights
    are exact null directions of ∇²L; a step that wakes it on the kink's sample keeps L, ∇L = 0 (the residual
    there is 0) and PSD, but gives its output weight curvature: the nullity drops from 4 to 3 (the fourth null
    direction is unit 1's scaling w → cw, v → v/c). Whichever signs the eigensolver gives the null vectors,
    one of the two kinks is woken by a step, so not both points are Morse–Bott (measured: neither is)."""
    shape = sn.Shape(2, 2, 1, activation="relu")
    x = torch.tensor([-1.0, -0.5, 0.5, 1.0, 1.5, 2.0], dtype=F64)
    X = torch.stack([x, torch.ones_like(x)])[None]
    classes = []
    for w2 in ([-1.0, -1.0], [1.0, -2.0]):
        W1 = torch.tensor([[[1.0, 0.0], w2]], dtype=F64)
        W2 = torch.tensor([[[1.0, 0.0]]], dtype=F64)
        Z = W1 @ X
        assert Z[0, 1].amax() == 0 and (Z[0, 1] == 0).sum() == 1
        Y = W2 @ sn.hidden(W1, X, shape)
        Y[..., 1] += 0.5
        classes += _classify(shape.join(W1, W2), X, Y, shape)
    assert "undecided" in classes and set(classes) <= {"undecided", "morse_bott"}
