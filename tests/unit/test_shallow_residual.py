"""models.shallow_residual and its dynamics (Jagatap & Hegde, ISIT 2019) against explicit B, autograd and lstsq.

Tolerances: a quantity computed two ways as sums of N products differs by at most 2·N·eps·Σ|terms| (the
standard bound γ_N ≤ N·eps/(1 − N·eps) of a dot product, once per computation); least-squares solutions by
the normal equations carry a forward error of order cond(B)²·eps·‖u‖ = κ·eps·‖u‖ (Golub & Van Loan §5.3.8).
"""

import math

import pytest
import torch

from claims import get
from claims.spec import Instance
from models import shallow_residual as sr
from models import shallow_residual_dynamics as dyn
from models.checks import InvalidInputError

F64 = torch.float64

EPS = torch.finfo(torch.float64).eps


def instance(b=3, n=50, d=4, gamma=0.8, scale=1.3, seed=0, init="random"):
    g = torch.Generator().manual_seed(seed)
    W_star, v = sr.teacher(b, d, gamma, generator=g)
    X = sr.inputs(b, n, d, scale=scale, generator=g)
    W = sr.random_init(b, d, generator=g) if init == "random" else torch.zeros_like(W_star)
    return X, W, W_star, v, sr.forward(X, W_star, v)


def test_teacher_norms_and_signs():
    g = torch.Generator().manual_seed(1)
    W, v = sr.teacher(5, 6, 2.0, generator=g)
    # one normalisation and a scaling: a few ulps of relative error
    torch.testing.assert_close(
        torch.linalg.matrix_norm(W), torch.full((5,), 2.0, dtype=torch.float64), rtol=8 * EPS, atol=0
    )
    torch.testing.assert_close(
        W.norm(dim=-2), torch.full((5, 6), 2.0 / math.sqrt(6), dtype=torch.float64), rtol=8 * EPS, atol=0
    )
    assert set(v.unique().tolist()) <= {-1.0, 1.0}


def test_structured_products_equal_explicit_B():
    X, W, _, v, _ = instance()
    P = sr.patterns(X, W)
    B = sr.explicit_linearisation(X, P, v)
    M = torch.randn(3, 4, 4, generator=torch.Generator().manual_seed(2), dtype=torch.float64)
    r = torch.randn(3, 50, generator=torch.Generator().manual_seed(3), dtype=torch.float64)
    n, d2 = B.shape[-2:]
    # each entry is a sum of n (or d²) products computed in two orders: 2·N·eps·Σ|terms|
    tol_apply = 2 * d2 * EPS * (B.abs() @ sr.vec(M).abs().unsqueeze(-1)).squeeze(-1)
    assert ((sr.lin_apply(X, P, v, M) - (B @ sr.vec(M).unsqueeze(-1)).squeeze(-1)).abs() <= tol_apply).all()
    tol_adj = 2 * n * EPS * (B.abs().mT @ r.abs().unsqueeze(-1)).squeeze(-1)
    assert ((sr.vec(sr.lin_adjoint(X, P, v, r)) - (B.mT @ r.unsqueeze(-1)).squeeze(-1)).abs() <= tol_adj).all()
    assert ((sr.lin_gram(X, P, v) - B.mT @ B).abs() <= 2 * n * EPS * (B.abs().mT @ B.abs())).all()
    assert ((sr.lin_row_gram(X, P) - B @ B.mT).abs() <= 2 * d2 * EPS * (B.abs() @ B.abs().mT)).all()
    # the network is linear in W + I for frozen patterns: σ(X(W + I))v = B vec(W + I)
    U = sr.vec(W + torch.eye(4, dtype=torch.float64))
    tol_fwd = 2 * d2 * EPS * (B.abs() @ U.abs().unsqueeze(-1)).squeeze(-1)
    assert ((sr.forward(X, W, v) - (B @ U.unsqueeze(-1)).squeeze(-1)).abs() <= tol_fwd).all()


def test_vec_is_column_stacking():
    M = torch.arange(9.0, dtype=torch.float64).reshape(1, 3, 3)
    assert sr.vec(M)[0, :3].tolist() == M[0, :, 0].tolist()
    assert torch.equal(sr.unvec(sr.vec(M), 3), M)


def test_gradient_equals_autograd():
    X, W, _, v, y = instance(n=60, d=3)
    Wg = W.clone().requires_grad_(True)
    sr.loss(X, y, Wg, v).sum().backward()
    G = sr.gradient(X, y, W, v)
    P, r = sr.linearised_state(X, y, W, v)
    # both are (1/n)·sums of n products, accumulated in different orders (plus the residual's own rounding)
    tol = 4 * X.shape[-2] * EPS * (X.abs().mT @ (r.abs().unsqueeze(-1) * P + EPS)) / X.shape[-2]
    assert ((G - Wg.grad).abs() <= tol + 8 * EPS * G.abs()).all()


@pytest.mark.parametrize("n", [40, 7])
def test_am_step_equals_lstsq_on_explicit_B(n):
    """n = 40 ≥ d² = 16: the unique least-squares solution; n = 7 < d²: the minimum-norm one (gelsd)."""
    X, W, _, v, y = instance(n=n, d=4)
    W_new, singular = sr.am_step(X, y, W, v)
    B = sr.explicit_linearisation(X, sr.patterns(X, W), v)
    u = torch.linalg.lstsq(B, y.unsqueeze(-1), driver="gelsd").solution.squeeze(-1)
    expected = sr.unvec(u, 4) - torch.eye(4, dtype=torch.float64)
    s = torch.linalg.svdvals(B)
    kappa = (s[:, 0] / s[:, min(n, 16) - 1]).square()  # cond(B)² (of B's row space when n < d²)
    tol = 16 * 16 * kappa * EPS * torch.linalg.matrix_norm(W_new + torch.eye(4, dtype=torch.float64))
    assert ((torch.linalg.matrix_norm(W_new - expected)) <= tol).all()
    assert bool(singular.all()) == (n < 16)


def test_spectrum_and_rates_match_explicit_svd():
    X, W, W_star, v, _ = instance(n=80, d=3)
    P = sr.patterns(X, W)
    n = X.shape[-2]
    spec = sr.spectrum(sr.lin_gram(X, P, v), n)
    s = torch.linalg.svdvals(sr.explicit_linearisation(X, P, v) / math.sqrt(n))
    # σ² from an eigensolver of BᵀB/n: error ≤ 8·d²·eps·‖BᵀB/n‖_F (models.checks.eig_tolerance), halved by √
    tol = 8 * 9 * EPS * s[:, 0].square() * 3
    assert ((spec["s_max"].square() - s[:, 0].square()).abs() <= tol).all()
    assert ((spec["s_min"].square() - s[:, -1].square()).abs() <= tol).all()
    r = sr.rates(spec, sr.rho3(X, W, W_star))
    k = spec["kappa"]
    # ρ_GD = ((κ−1) + 2ρ_AM)/(κ+1) at the theory's step (Section III-C's comparison)
    torch.testing.assert_close(r["rho_gd"], ((k - 1) + 2 * r["rho_am"]) / (k + 1), rtol=64 * EPS, atol=0)


def test_nonlinearity_errors_against_explicit_blocks():
    X, W, W_star, v, _ = instance(n=70, d=3)
    n, d = X.shape[-2:]
    B = sr.explicit_linearisation(X, sr.patterns(X, W), v).reshape(3, n, d, d)  # block q = B[:, :, q, :]
    Bs = sr.explicit_linearisation(X, sr.patterns(X, W_star), v).reshape(3, n, d, d)
    U = W_star + torch.eye(d, dtype=torch.float64)
    E = torch.einsum("bnqj,bjq->bqn", B - Bs, U) / math.sqrt(n)  # E_q = (A_q − A*_q)(w*_q + e_q)/√n
    torch.testing.assert_close(sr.nonlinearity_errors(X, W, W_star), E.norm(dim=-1), rtol=64 * n * EPS, atol=0)


@pytest.mark.parametrize("method", ["gd", "am"])
def test_one_step_obeys_theorem1_inequality(method):
    """‖W⁺ − W*‖ ≤ ρ‖W − W*‖ with ρ from the measured κ, σ_max and ρ₃ measured at the iterate holds by the
    proof's algebra (eqs. 7, 9): a deterministic identity of the update, which is why the claims take ρ₃ from
    Lemma 2 at the instance instead (tests below)."""
    X, W, W_star, v, y = instance(b=6, n=120, d=3, gamma=0.3, init="identity")
    spec = sr.spectrum(sr.lin_gram(X, sr.patterns(X, W), v), X.shape[-2])
    rates = sr.rates(spec, sr.rho3(X, W, W_star))
    W_new = sr.gd_step(X, y, W, v, rates["eta"]) if method == "gd" else sr.am_step(X, y, W, v)[0]
    before, after = torch.linalg.matrix_norm(W - W_star), torch.linalg.matrix_norm(W_new - W_star)
    rho = rates["rho_gd" if method == "gd" else "rho_am"]
    assert (after <= rho * before * (1 + 1e-10)).all()


def test_scale_invariance_of_am_and_theory_step_gd():
    X, W, W_star, v, y = instance(n=40, d=3)
    Xs = 0.01 * X
    ys = sr.forward(Xs, W_star, v)
    spec = sr.spectrum(sr.lin_gram(X, sr.patterns(X, W), v), 40)
    spec_s = sr.spectrum(sr.lin_gram(Xs, sr.patterns(Xs, W), v), 40)
    eta, eta_s = sr.theory_step(spec["s_min"], spec["s_max"]), sr.theory_step(spec_s["s_min"], spec_s["s_max"])
    # the data scale cancels up to rounding of the rescaled products
    torch.testing.assert_close(sr.gd_step(Xs, ys, W, v, eta_s), sr.gd_step(X, y, W, v, eta), rtol=1e-11, atol=1e-13)
    torch.testing.assert_close(sr.am_step(Xs, ys, W, v)[0], sr.am_step(X, y, W, v)[0], rtol=1e-10, atol=1e-12)


def test_regimes_fixed_reuses_and_fresh_redraws():
    _, _, W_star, v, _ = instance()
    all_ = torch.arange(3)
    fixed = dyn.DataStream(W_star, v, 20, 1.0, "fixed", torch.Generator().manual_seed(0))
    assert torch.equal(fixed.draw(all_)[0], fixed.draw(all_)[0])
    fresh = dyn.DataStream(W_star, v, 20, 1.0, "fresh", torch.Generator().manual_seed(0))
    first, second = fresh.draw(all_)[0], fresh.draw(all_)[0]
    assert not torch.equal(first, second)
    again = dyn.DataStream(W_star, v, 20, 1.0, "fresh", torch.Generator().manual_seed(0))
    again.draw(all_)
    assert torch.equal(again.draw(torch.tensor([2]))[0][0], second[2])  # independent of the active set
    with pytest.raises(InvalidInputError, match="regime"):
        dyn.DataStream(W_star, v, 20, 1.0, "stale", torch.Generator())


@pytest.mark.parametrize("regime", ["fixed", "fresh"])
def test_am_and_gd_recover_the_teacher(regime):
    """Small d, n ≫ d², identity init with γ small: both methods reach W* (AM in a few steps)."""
    g = torch.Generator().manual_seed(4)
    W_star, v = sr.teacher(4, 3, 0.3, generator=g)
    stream = dyn.DataStream(W_star, v, 300, 1.0, regime, g)
    W0 = torch.zeros_like(W_star)
    am = dyn.run(stream, W0, "am", 10, stop_rel=1e-10)
    assert (am["stopped"] <= 10).all()
    gd = dyn.run(stream, W0, "gd", 400, stop_rel=1e-6, rho3=sr.rho3_bound(W0, W_star, 300, 0.01))
    assert (gd["stopped"] <= 400).all()
    assert torch.isnan(gd["err"][gd["stopped"].max() + 1 :]).all()
    # ρ_GD − ρ_AM = (κ − 1)(1 − ρ_AM)/(κ + 1): AM's factor is the smaller exactly when it is below 1
    rho_am, rho_gd = gd["rho_am"][0], gd["rho_gd"][0]
    assert torch.equal(rho_gd > rho_am, rho_am < 1)


def test_run_rejects_unknown_method():
    _, W, W_star, v, _ = instance()
    stream = dyn.DataStream(W_star, v, 20, 1.0, "fixed", torch.Generator())
    with pytest.raises(InvalidInputError, match="method"):
        dyn.run(stream, W, "sgd", 3)


def test_iterations_to_threshold():
    rel = torch.tensor([[1.0, 1.0], [0.5, 0.9], [0.001, 0.8]], dtype=torch.float64)
    assert dyn.iterations_to(rel, 0.01).tolist() == [2.0, math.inf]


def test_am_until_cycle_recovers_or_proves_a_cycle():
    """n ≥ 3d², small γ: AM recovers; n < d²/2: its patterns repeat (a verified cycle) in most draws, and a
    cycled trial's final iterate is indeed an AM fixed point or part of a cycle (re-running a step reproduces
    a pattern already seen)."""
    g = torch.Generator().manual_seed(5)
    W_star, v = sr.teacher(30, 4, 0.4 * 2, generator=g)
    good = dyn.am_until_cycle(dyn.DataStream(W_star, v, 48, 1.0, "fixed", g), torch.zeros_like(W_star), 50, 0.01)
    assert (good["status"] == 1).all()
    bad = dyn.am_until_cycle(dyn.DataStream(W_star, v, 7, 1.0, "fixed", g), torch.zeros_like(W_star), 200, 0.01)
    assert (bad["status"] == -1).float().mean() > 0.5
    assert (bad["status"] != 1).all()
    with pytest.raises(InvalidInputError, match="fixed"):
        dyn.am_until_cycle(dyn.DataStream(W_star, v, 7, 1.0, "fresh", g), torch.zeros_like(W_star), 5, 0.01)


def test_compare_steps_matches_single_steps():
    """compare_steps' one-step ratios equal gd_step/am_step applied to the same iterate and samples."""
    g = torch.Generator().manual_seed(6)
    W_star, v = sr.teacher(3, 3, 0.2, generator=g)
    stream = dyn.DataStream(W_star, v, 60, 1.0, "fixed", g)
    cmp = dyn.compare_steps(stream, torch.zeros_like(W_star), 2, torch.full((3,), 0.1, dtype=torch.float64))
    X, y = stream.draw(torch.arange(3))
    W0 = torch.zeros_like(W_star)
    eta = cmp["eta"][0]
    err0 = torch.linalg.matrix_norm(W0 - W_star)
    r_gd = torch.linalg.matrix_norm(sr.gd_step(X, y, W0, v, eta) - W_star) / err0
    r_am = torch.linalg.matrix_norm(sr.am_step(X, y, W0, v)[0] - W_star) / err0
    torch.testing.assert_close(cmp["r_gd"][0], r_gd, rtol=1e-12, atol=0)
    torch.testing.assert_close(cmp["r_am"][0], r_am, rtol=1e-9, atol=1e-15)
    assert torch.equal(cmp["gd_err"][:2], cmp["err"])


def test_halving_keeps_a_too_large_constant_step_stable():
    """A constant step 1.5× the edge of stability diverges; halving it on every loss increase recovers W*."""
    g = torch.Generator().manual_seed(7)
    W_star, v = sr.teacher(4, 3, 0.5, generator=g)
    stream = dyn.DataStream(W_star, v, 100, 1.0, "fixed", g)
    W0 = torch.zeros_like(W_star)
    eta = dyn.fixed_theory_step(stream, W0, 1.5)
    plain = dyn.run(stream, W0, "gd", 200, eta=eta)
    safe = dyn.run(stream, W0, "gd", 1000, eta=eta, stop_rel=1e-6, halve_on_increase=True)
    assert (plain["rel"][-1] > plain["rel"][0]).all()
    assert (safe["stopped"] <= 1000).all()


def _flip_ratios(r: float, n: int, draws: int, seed: int) -> torch.Tensor:
    """‖E_q‖/‖w_q − w*_q‖ over ``draws`` fresh sample sets, for one unit whose iterate sits at relative distance
    r from a = w*_q + e_q, perpendicular to it (the widest angle at that distance)."""
    g = torch.Generator().manual_seed(seed)
    d = 3
    a = torch.zeros(d, dtype=torch.float64)
    a[0] = 1.0
    delta = torch.zeros(d, dtype=torch.float64)
    delta[1] = r
    X = torch.randn(draws, n, d, generator=g, dtype=torch.float64)
    za, zb = X @ a, X @ (a + delta)
    E2 = (za.square() * ((za > 0) != (zb > 0))).mean(-1)
    return E2.sqrt() / r


@pytest.mark.parametrize(("r", "n"), [(0.002, 4000), (0.05, 400), (0.3, 200)])
def test_flip_error_bound_holds_at_its_confidence(r, n):
    """Lemma 2's derived ρ₂ bounds ‖E_q‖/‖Δ_q‖ in all but a share ≤ confidence of fresh draws: 2000 draws at
    confidence 0.05 exceed it at most 100 + 4·√(2000·0.05) = 140 times (binomial, 4 standard deviations); the
    bound is not vacuous (within 5× of the draws' 99th percentile)."""
    ratios = _flip_ratios(r, n, 2000, seed=11)
    bound = float(sr.flip_error_bound(torch.tensor(r, dtype=torch.float64), n, 0.05))
    assert int((ratios > bound).sum()) <= 140
    assert bound <= 5 * float(ratios.quantile(0.99))


def test_flip_error_bound_shrinks_with_n_and_grows_with_the_ball():
    r = torch.tensor([1e-3, 1e-2, 1e-1, 0.9, 2.0], dtype=torch.float64)
    small, large = sr.flip_error_bound(r, 1000, 0.01), sr.flip_error_bound(r, 10000, 0.01)
    assert (large < small).all() and (small.diff() > 0).all()
    assert torch.isfinite(small).all() and (small[-1] >= 1)  # outside the ball: every sample may flip


def test_rho3_bound_is_a_function_of_the_instance_not_of_the_iterate():
    """ρ₃ takes only W⁰, W* and n: the run's records of ρ_AM divided by κ/σ_max give back that constant at
    every iterate, while the flip error measured at the iterate changes from step to step."""
    g = torch.Generator().manual_seed(12)
    W_star, v = sr.teacher(4, 2, 0.02, generator=g)
    W0 = torch.zeros_like(W_star)
    rho3 = sr.rho3_bound(W0, W_star, 3000, 0.01)
    eye = torch.eye(2, dtype=torch.float64)
    r = torch.linalg.matrix_norm(W_star).unsqueeze(-1) / torch.linalg.vector_norm(W_star + eye, dim=-2)
    torch.testing.assert_close(rho3, sr.flip_error_bound(r, 3000, 0.01).square().sum(-1).sqrt())
    rec = dyn.run(dyn.DataStream(W_star, v, 3000, 1.0, "fresh", g), W0, "gd", 4, rho3=rho3)
    implied = rec["rho_am"][:4] * rec["s_max"][:4] / rec["kappa"][:4]
    torch.testing.assert_close(implied, rho3.expand(4, -1), rtol=1e-12, atol=0)
    assert not torch.equal(rec["rho3_measured"][0], rec["rho3_measured"][1])
    assert (rec["rho3_measured"][:4] <= rho3).all()


def _steps(*columns: str):
    """Per-step verdicts (T, b) from one string per trial: p passed, f failed, u undecided, r rounding level."""
    code = torch.tensor([[ord(c) for c in col] for col in columns]).T
    return code == ord("f"), code == ord("u"), code == ord("p"), code != ord("r")


def test_after_an_undecided_step_a_trajectory_verifies_nothing_more():
    """A failure after an undecided step (e.g. AM's pseudo-inverse step at σ_min = 0) is outside the premise:
    the trial is undecided; a failure verified before it counts; rounding level ends the run as passed."""
    from claims.catalogue.jh2019.trials import judge_steps

    fail, undecided, passed, judged = _steps("ppufff", "pfuppp", "pppppp", "pprrrf", "rppppp", "ppppuf")
    failed, undec, scope = judge_steps(fail, undecided, passed, judged)
    assert failed.tolist() == [False, True, False, False, False, False]
    assert undec.tolist() == [True, False, False, False, True, True]
    assert scope[:, 0].tolist() == [True, True, True, False, False, False]


def test_rho3_bound_scales_with_the_data_so_rho_am_is_scale_invariant():
    """‖E_q‖ and σ_max of B/√n both scale with x's standard deviation: ρ₃ carries the scale, ρ_AM does not."""
    g = torch.Generator().manual_seed(13)
    W_star, _ = sr.teacher(3, 2, 0.01, generator=g)
    W0 = torch.zeros_like(W_star)
    unit = sr.rho3_bound(W0, W_star, 500, 0.01)
    torch.testing.assert_close(sr.rho3_bound(W0, W_star, 500, 0.01, scale=0.05), 0.05 * unit, rtol=1e-14, atol=0)


def test_am_faster_is_undecided_where_neither_method_reaches_its_target():
    """Theorem 1's comparison in epochs, T_AM ≤ T_GD, is decided only where a method shrank ‖W − W*‖_F by eps_rel
    within the iterations run: at one iteration and eps_rel = 1e-12 neither does, and no trial may pass or fail
    on that count (it would pass, comparing ∞ with ∞, if the horizon were ignored)."""
    claim = get("jh2019.am_faster")
    out = claim.trial(
        Instance(claim.resolve({"iterations": 1, "eps_rel": 1e-12}), 0), torch.Generator().manual_seed(0), "cpu", F64, 4
    )
    assert torch.equal(out.details["T_am"], torch.full((4,), 2.0, dtype=F64))  # horizon + 1: not reached
    assert torch.equal(out.details["T_gd"], out.details["T_am"])
    assert bool(out.undecided_mask().all()) and not bool((~out.passed & ~out.undecided_mask()).any())


def test_relative_error_divides_by_the_whole_first_layer_and_the_run_records_it():
    """Section IV's recovery measure is ‖W − W*‖_F/‖W* + I‖_F, the residual net's first layer W* + I: at
    W* = 0 the denominator is ‖I‖_F = √d. The run's ``rel`` record is that measure of each iterate."""
    g = torch.Generator().manual_seed(14)
    W_star, v = sr.teacher(3, 4, 0.5, generator=g)
    W = torch.randn(3, 4, 4, generator=g, dtype=F64)
    torch.testing.assert_close(
        dyn.relative_error(W, torch.zeros_like(W)), torch.linalg.matrix_norm(W) / 2, rtol=8 * EPS, atol=0
    )
    rec = dyn.run(dyn.DataStream(W_star, v, 60, 1.0, "fixed", g), torch.zeros_like(W_star), "am", 2)
    torch.testing.assert_close(rec["rel"][-1], dyn.relative_error(rec["W"], W_star), rtol=8 * EPS, atol=0)
    torch.testing.assert_close(
        rec["rel"][0], dyn.relative_error(torch.zeros_like(W_star), W_star), rtol=8 * EPS, atol=0
    )


def test_a_trial_stops_at_the_first_iterate_within_stop_rel():
    """``stopped`` is the first t with rel[t] < stop_rel (iterations_to of the record), the record is NaN after
    it, and a trial that never gets there has iterations + 1: recovery_trial counts a trial as recovered within
    its cap from ``stopped`` ≤ cap."""
    g = torch.Generator().manual_seed(4)
    W_star, v = sr.teacher(4, 3, 0.3, generator=g)
    rec = dyn.run(dyn.DataStream(W_star, v, 300, 1.0, "fixed", g), torch.zeros_like(W_star), "gd", 60, stop_rel=1e-3)
    stopped = rec["stopped"]
    assert (stopped <= 60).all()
    assert torch.equal(stopped.to(F64), dyn.iterations_to(rec["rel"], 1e-3))
    assert all(torch.isnan(rec["rel"][int(s) + 1 :, j]).all() for j, s in enumerate(stopped))
    short = dyn.run(dyn.DataStream(W_star, v, 300, 1.0, "fixed", g), torch.zeros_like(W_star), "gd", 2, stop_rel=1e-3)
    assert (short["stopped"] == 3).all()


def test_the_step_factor_scales_the_theory_step_of_every_iteration():
    """GD's adaptive step is step_factor · 2/(σ²_min + σ²_max) of B^t/√n, recomputed at every iteration
    (jh2019.thm1_gd's step_factor): the records of η and of the spectrum say so at each t."""
    g = torch.Generator().manual_seed(15)
    W_star, v = sr.teacher(2, 3, 0.3, generator=g)
    rec = dyn.run(dyn.DataStream(W_star, v, 80, 1.0, "fresh", g), torch.zeros_like(W_star), "gd", 3, step_factor=0.5)
    theory = sr.theory_step(rec["s_min"][:3], rec["s_max"][:3])
    torch.testing.assert_close(rec["eta"][:3], 0.5 * theory, rtol=4 * EPS, atol=0)


def test_halving_acts_on_the_runs_own_copy_of_the_step():
    """halve_on_increase halves the run's copy of a constant step: the caller's eta (one fixed_theory_step
    reused for a second run, as Section IV's experiments do) is the same after the run, which did halve it."""
    g = torch.Generator().manual_seed(7)
    W_star, v = sr.teacher(4, 3, 0.5, generator=g)
    stream = dyn.DataStream(W_star, v, 100, 1.0, "fixed", g)
    W0 = torch.zeros_like(W_star)
    eta = dyn.fixed_theory_step(stream, W0, 1.5)
    before = eta.clone()
    halved = dyn.run(stream, W0, "gd", 30, eta=eta, halve_on_increase=True)
    plain = dyn.run(stream, W0, "gd", 30, eta=eta)
    assert torch.equal(eta, before)
    assert not torch.equal(halved["err"], plain["err"])  # the first run did halve


def test_pattern_keys_tell_every_single_flip_apart():
    """am_until_cycle calls a trial a verified failure when its key repeats, so equal keys must mean equal
    patterns: a 0/1 pattern of 150 entries (three 62-bit words, the last padded) and each of its 150
    one-entry flips all get distinct keys."""
    g = torch.Generator().manual_seed(16)
    P = torch.rand(1, 5, 30, generator=g) < 0.5
    flips = P.flatten().expand(150, 150) ^ torch.eye(150, dtype=torch.bool)
    keys = dyn._pack(torch.cat([P, flips.reshape(150, 5, 30)]))
    assert keys.shape == (151, 3)
    assert torch.unique(keys, dim=0).shape[0] == 151


def test_am_until_cycle_reports_the_iteration_that_decided():
    """``steps`` is the iteration at which a trial's status was decided: the same run cut at that many
    iterations decides it alike, and a trial decided later is still undecided there."""
    g = torch.Generator().manual_seed(5)
    W_star, v = sr.teacher(30, 4, 0.8, generator=g)

    def cut(iterations):
        stream = dyn.DataStream(W_star, v, 7, 1.0, "fixed", torch.Generator().manual_seed(17))
        return dyn.am_until_cycle(stream, torch.zeros_like(W_star), iterations, 0.01)

    full = cut(200)
    assert (full["status"] != 0).all()
    for s in full["steps"].unique().tolist():
        out = cut(s)
        assert torch.equal(out["status"][full["steps"] == s], full["status"][full["steps"] == s])
        assert (out["status"][full["steps"] > s] == 0).all()
