"""models.deep_linear against autograd and against its closed-form critical points; the deep-linear instances
shared by clc2018 and kawaguchi2016, and what their trials can decide."""

import itertools
import math

import pytest
import torch

from claims import Verdict, get
from claims.catalogue.clc2018 import flow
from claims.engine import witness
from claims.engine.runner import run
from claims.spec import Instance, seeded_generator
from models import deep_linear as dl
from models import symeig
from models.checks import InvalidInputError

F64 = torch.float64


def _problem(dims, n=5, batch=3, seed=0):
    g = torch.Generator().manual_seed(seed)
    Ws = dl.init(dims, batch=batch, scale=1.0, generator=g)
    X = torch.randn(batch, dims[0], n, generator=g, dtype=F64)
    Y = torch.randn(batch, dims[-1], n, generator=g, dtype=F64)
    return Ws, X, Y


def test_closed_form_gradient_matches_autograd():
    for dims in [(3, 4, 2), (4, 3, 5, 2, 3)]:
        Ws, X, Y = _problem(dims)
        leaves = [W.clone().requires_grad_(True) for W in Ws]
        dl.loss(leaves, X, Y).sum().backward()
        for G, W in zip(dl.grads(Ws, X, Y), leaves, strict=True):
            assert torch.allclose(G, W.grad, rtol=1e-12, atol=1e-12)


def test_flat_loss_matches_batched_loss():
    dims = (3, 4, 2)
    Ws, X, Y = _problem(dims)
    f = dl.flat_loss(dims)
    x = dl.flatten(Ws)
    vals = torch.stack([f(x[b], X[b], Y[b]) for b in range(3)])
    assert torch.allclose(vals, dl.loss(Ws, X, Y), rtol=1e-13)


def test_invariant_step_change_is_exactly_eta_squared_term():
    dims = (3, 3, 3, 3)
    Ws, X, Y = _problem(dims)
    eta = 1e-2
    G = dl.grads(Ws, X, Y)
    Ws1, _ = dl.gd(Ws, X, Y, eta=eta, steps=1)
    for j, (c0, c1) in enumerate(zip(dl.invariants(Ws), dl.invariants(Ws1), strict=True)):
        expect = eta**2 * (G[j + 1].mT @ G[j + 1] - G[j] @ G[j].mT)
        assert torch.allclose(c1 - c0, expect, atol=1e-13)


def test_gd_accumulates_eta_squared_gradient_norms_per_layer():
    """dl.gd's track_grad_sq is clc2018.invariants' bound B_j's ingredient, Σ_k η²‖G_j(k)‖_F² per layer, checked
    against the steps taken one at a time (η a scalar and a per-trial (B,) tensor). A bound that summed η‖G‖²
    instead (1/η times looser) still let the claim and its transposed mutant be decided as before."""
    dims = (3, 3, 3, 3)
    Ws, X, Y = _problem(dims)
    for eta in (1e-2, torch.tensor([1e-2, 3e-3, 5e-2], dtype=F64)):
        eta_b = torch.as_tensor(eta).reshape(-1, 1, 1)
        expect, W = torch.zeros(3, len(Ws), dtype=F64), list(Ws)
        for _ in range(4):
            G = dl.grads(W, X, Y)
            expect += torch.stack([g.square().sum((-2, -1)) for g in G], -1) * eta_b[:, :, 0] ** 2
            W = [w - eta_b * g for w, g in zip(W, G, strict=True)]
        after, acc = dl.gd(Ws, X, Y, eta=eta, steps=4, track_grad_sq=True)
        assert torch.allclose(acc, expect, rtol=1e-13)
        assert all(torch.allclose(a, b, rtol=1e-13) for a, b in zip(after, W, strict=True))


def test_constructed_critical_points_have_zero_gradient_and_the_predicted_loss():
    s = torch.tensor([[3.0, 2.0, 1.0]], dtype=F64)
    dims = (4, 3, 5, 3)
    X = torch.eye(4, dtype=F64)
    Y = torch.cat([torch.diag(s[0]), torch.zeros(3, 1, dtype=F64)], -1)
    for keep in itertools.product([0.0, 1.0], repeat=3):
        k = torch.tensor([keep], dtype=F64)
        Ws = dl.critical_point(s, k, dims)
        assert float(dl.grad_norm(Ws, X, Y)) < 1e-12
        assert torch.allclose(dl.loss(Ws, X, Y), 0.5 * (s.square() * (1 - k)).sum(-1))
        e = witness.examine(dl.flat_loss(dims), dl.flatten(Ws), (X[None], Y[None]))
        assert e.critical.all()
        if 0 < sum(keep) < 3 or sum(keep) == 0:  # not the global minimum: negative curvature or W = 0 (H = 2)
            assert not e.strict_minimum.any()


def test_lifted_critical_points_stay_critical_with_r_z_above_r_and_negative_curvature():
    """Middle layers lifted on the unfitted coordinates: same loss, zero gradient, rank W_H⋯W_2 = d_y >
    rank W_{H+1}⋯W_2 = |fitted|, and the direction δW_{H+1} = e_i e_iᵀ, δW_1 = e_i e_iᵀ (i unfitted) has
    second derivative −2 s_i·lift^{H−1} < 0 (½‖δP‖² = 0 there)."""
    s = torch.tensor([[3.0, 2.0, 1.0]], dtype=F64)
    dims = (4, 3, 5, 3, 3)
    X = torch.eye(4, dtype=F64)
    Y = torch.cat([torch.diag(s[0]), torch.zeros(3, 1, dtype=F64)], -1)
    for keep in itertools.product([0.0, 1.0], repeat=3):
        if sum(keep) == 3:
            continue
        k = torch.tensor([keep], dtype=F64)
        Ws = dl.critical_point(s, k, dims, lift=0.5)
        assert float(dl.grad_norm(Ws, X, Y)) < 1e-12
        assert torch.allclose(dl.loss(Ws, X, Y), 0.5 * (s.square() * (1 - k)).sum(-1))
        assert int(torch.linalg.matrix_rank(dl.product(Ws, 1))) == int(sum(keep))
        assert int(torch.linalg.matrix_rank(dl.product(Ws, 1, 3))) == 3
        i = keep.index(0.0)
        u = [torch.zeros_like(W) for W in Ws]
        u[0][0, i, i] = u[-1][0, i, i] = 1.0
        f = dl.flat_loss(dims)
        x, d = dl.flatten(Ws)[0], dl.flatten(u)[0]
        line = lambda t, x=x, d=d, f=f: f(x + t * d, X, Y)  # noqa: E731
        second = torch.func.hessian(line)(torch.zeros((), dtype=F64))
        assert abs(float(second) + 2 * float(s[0, i]) * 0.5**2) < 1e-12


def test_optimal_loss_is_eckart_young():
    g = torch.Generator().manual_seed(1)
    X = torch.eye(4, dtype=F64)[None]
    Y = torch.randn(1, 3, 4, generator=g, dtype=F64)
    sv = torch.linalg.svdvals(Y)
    assert torch.allclose(dl.optimal_loss(X, Y, 1), 0.5 * sv[:, 1:].square().sum(-1))


def test_parse_dims_round_trip_and_errors():
    assert dl.parse_dims("3, 2,4") == (3, 2, 4) and dl.dims_text((3, 2, 4)) == "3,2,4"
    for bad in ("3,2", "3,x,2", "3,0,2"):
        with pytest.raises(InvalidInputError, match="dims"):
            dl.parse_dims(bad)


def test_separated_data_and_gap_scale():
    g = torch.Generator().manual_seed(2)
    X, Y = dl.separated_data(6, (4, 2, 3), batch=5, generator=g)
    assert torch.allclose(X @ X.mT, torch.eye(4, dtype=F64).expand(5, 4, 4), atol=1e-12)
    sv = torch.linalg.svdvals(Y)
    assert bool((sv[:, :-1] / sv[:, 1:] >= 4 / 3 - 1e-12).all())
    assert torch.allclose(dl.gap_scale(X, Y, 1), 0.5 * (sv[:, 0] ** 2 - sv[:, 1] ** 2))
    assert torch.allclose(dl.gap_scale(X, Y, 3), 0.5 * sv[:, 2] ** 2)
    with pytest.raises(InvalidInputError, match="n must be >= d0"):
        dl.separated_data(3, (4, 2, 3), batch=1, generator=g)


def test_rate_init_meets_the_positivity_hypothesis():
    """C_j has d_{j+1} positive eigenvalues (Chitour et al.'s hypothesis), so every α_j > 0."""
    g = torch.Generator().manual_seed(3)
    Ws = dl.rate_init((5, 4, 3, 2), batch=16, generator=g)
    assert bool((dl.rate_alpha(Ws) > 0).all())


@pytest.mark.parametrize(
    ("dims", "agree"),
    [((4, 3, 2), True), ((6, 5, 3, 2), True), ((4, 4, 4), False), ((4, 3, 3, 2), False), ((5, 4, 3), False)],
)
def test_rate_alpha_reads_the_rank_from_either_end(dims, agree):
    """α_j counted from the top (our reading) or from the bottom (the lecture's words read literally): the same
    entry of the spectrum where d_j = 2d_{j+1} − 1, λ_max(C_j) from the bottom where d_j = d_{j+1}, and never
    below the reading from the top where d_j ≤ 2d_{j+1} − 1 (every dims here)."""
    Ws = dl.rate_init(dims, batch=8, generator=torch.Generator().manual_seed(5))
    top, bottom = dl.rate_alpha(Ws), dl.rate_alpha(Ws, "smallest")
    spectra = [symeig.eigvalsh(C) for C in dl.invariants(Ws)]
    for j, spectrum in enumerate(spectra):
        k = dims[j + 2]
        assert torch.equal(top[:, j], spectrum[:, dims[j + 1] - k])  # d_{j+1} eigenvalues above it or at it
        assert torch.equal(bottom[:, j], spectrum[:, k - 1])
        if dims[j + 1] == k:
            assert torch.equal(bottom[:, j], spectrum[:, -1])
    assert torch.equal(top, bottom) == agree
    assert bool((bottom >= top).all())
    with pytest.raises(InvalidInputError, match="rank must be one of"):
        dl.rate_alpha(Ws, "middle")


def test_h1_short_runs_are_undecided_and_the_saddle_start_fails():
    """clc2018.h1_global at 3 GD steps: no verified failure (the runs are unfinished, undecided); from W = 0, an
    exact critical point GD never leaves, every trial is a verified failure."""
    claim = get("clc2018.h1_global")
    short = claim.trial(Instance(claim.resolve({"steps": 3}), 0), torch.Generator().manual_seed(0), "cpu", F64, 16)
    assert not (~short.passed & ~short.undecided_mask()).any() and short.undecided_mask().any()
    saddle = claim.trial(Instance(claim.resolve(mutant="start_at_saddle"), 0), torch.Generator(), "cpu", F64, 4)
    assert not saddle.passed.any() and not saddle.undecided_mask().any()


def test_exp_rate_with_too_coarse_integration_is_undecided_not_refuted():
    """8 Euler steps to the horizon 1/α: the Richardson bracket is wide, so a trial cannot be a verified failure
    unless even the fastest flow the bracket allows is slower than claimed."""
    claim = get("clc2018.exp_rate")
    coarse = {"steps": 8, "max_steps": 8}  # no refinement (exp_rate_trial's docstring)
    out = claim.trial(Instance(claim.resolve(coarse), 0), torch.Generator().manual_seed(0), "cpu", F64, 16)
    fast = claim.trial(Instance(claim.resolve({"steps": 800}), 0), torch.Generator().manual_seed(0), "cpu", F64, 16)
    assert fast.passed.all() and not (~out.passed & ~out.undecided_mask()).any()


def test_exp_rate_outside_its_premise_is_drawn_again_and_leaves_the_other_trials_alone(monkeypatch):
    """α_j ≤ 0 (no d_{j+1} verified positive eigenvalues of C_j) states no rate: such a trial's premise fails and
    it is integrated at α = 1, not at T = horizon/α < 0; the trials whose premise holds keep their K and outcome
    bit for bit. A run where no trial meets the premise (alpha_rank=smallest at dims 4,4,2, where the 2nd smallest
    eigenvalue of the 4 × 4 C₁ with 2 positive ones is ≤ 0) ends VACUOUS saying so, not in an error."""
    claim = get("clc2018.exp_rate")
    before = _trial("clc2018.exp_rate", {}, batch=6)
    real = dl.rate_alpha

    def first_negative(Ws, rank="largest"):
        alpha = real(Ws, rank)
        return torch.cat([-alpha[:1], alpha[1:]])

    monkeypatch.setattr(dl, "rate_alpha", first_negative)
    after = _trial("clc2018.exp_rate", {}, batch=6)
    monkeypatch.undo()
    assert before.premise_held.all() and after.premise_held.tolist() == [False] + [True] * 5
    assert torch.equal(after.details["euler_steps"], before.details["euler_steps"])
    for field in ("passed", "margin"):
        assert torch.equal(getattr(after, field)[1:], getattr(before, field)[1:])
    assert bool(after.details["horizon"][0] == claim.defaults()["horizon"])
    literal = claim.resolve({"dims": "4,4,2", "alpha_rank": "smallest"})
    out = claim.trial(Instance(literal, 0), torch.Generator().manual_seed(0), "cpu", F64, 4)
    assert not out.premise_held.any() and bool((out.details["alpha"] < 0).all())
    result = run(claim, params={"dims": "4,4,2", "alpha_rank": "smallest"}, trials=4)
    assert result.verdict is Verdict.VACUOUS and result.reason.endswith(f"(a trial outside it: {claim.premise_means})")


def test_convergence_with_every_step_past_the_descent_lemma_is_vacuous_and_says_why():
    """step_factor = 50: η·S̄ > 1 from the first step in every trial, so no trial is inside the premise; the run
    draws again up to its cap and ends VACUOUS quoting what a trial outside the premise is."""
    claim = get("clc2018.convergence")
    result = run(claim, params={"step_factor": 50.0, "steps": 5}, trials=4)
    assert result.verdict is Verdict.VACUOUS and result.trials == 0
    assert result.reason.endswith(f"(a trial outside it: {claim.premise_means})")


# ---------------------------------------------------------------------------------------------------------
# issue 19: estimates within their tolerance of a boundary are undecided; premises said


def _trial(claim_id, params, batch=8, seed=0, mutant=None):
    claim = get(claim_id)
    inst = Instance(claim.resolve(params, mutant), 0)
    return claim.trial(inst, torch.Generator().manual_seed(seed), "cpu", F64, batch)


def _verified_failures(out):
    return ~out.passed & ~out.undecided_mask() & out.premise_held


def test_no_bad_minima_at_a_non_strict_saddle_is_undecided_not_refuted():
    """From W(0) = 0 with H = 2, GD stays at 0: critical, ∇²L = 0 (so ∇²L ≽ −eig_tol), L > L*. Second-order
    information within rounding cannot tell it from a local minimum (Theorem 2.3 (iv): it is a saddle), so the
    trial is undecided; it was a verified failure (REFUTED) before."""
    out = _trial("kawaguchi2016.no_bad_minima", {"init_scale": 0.0})
    assert out.premise_held.all() and out.undecided_mask().all() and not out.passed.any()
    # with one hidden layer W = 0 is a strict saddle (∇²L has eigenvalues ±σ_i(YXᵀ)): a verified negative
    # eigenvalue puts the end point outside the premise (no second-order point), where it decides nothing
    strict = _trial("kawaguchi2016.no_bad_minima", {"init_scale": 0.0, "dims": "3,2,2"})
    assert not strict.premise_held.any()
    # the mutant's failures stay verified: GD's end points are global minima, whose value is not the claimed L*
    mut = _trial("kawaguchi2016.no_bad_minima", {}, mutant="wrong_global_value")
    assert _verified_failures(mut).any()


def test_invariants_below_their_rounding_are_undecided_not_refuted():
    """η = 1e-11 over T = 1e-8 (K = 1000 steps): the bound B_j = Σ_k η²(‖G_{j+1}‖² + ‖G_j‖²) is 1e-19 to 2e-17,
    far below what computing C_j(K) − C_j(0) resolves, and the computed drift (rounding alone, accumulated over
    the K updates: 7e-14 to 4e-13) exceeds it. Neither side is resolved: every trial is undecided, none a failure. Read
    without the tolerance, or with one step's rounding instead of K steps', the drift was a verified violation."""
    out = _trial("clc2018.invariants", {"eta": 1e-11, "time": 1e-8}, batch=16)
    assert (out.details["drift"] > out.details["bound"]).all()
    assert out.undecided_mask().all() and not out.passed.any()


def test_invariants_from_a_start_that_never_moves_are_undecided_not_passed():
    """W(0) = 0 (init_scale = 0) is a critical point: GD never moves, drift = bound = tol = 0 exactly, and
    0 ≤ 0 would pass the claim and its transposed mutant alike (a test that cannot fail). Every trial of
    either is undecided; at init_scale = 1e-6 the mutant's trials are verified failures again."""
    for mutant in (None, "transposed"):
        out = _trial("clc2018.invariants", {"init_scale": 0.0}, mutant=mutant)
        assert (out.details["bound"] == 0).all()
        assert out.undecided_mask().all() and not out.passed.any()
    assert _verified_failures(_trial("clc2018.invariants", {"init_scale": 1e-6}, mutant="transposed")).all()


def test_deep_strict_mutant_fails_on_an_exactly_zero_hessian():
    """H ≥ 2: ∇²L(0) = 0 exactly, its tolerance 8·p·eps·‖∇²L‖_F = 0 too: "λ_min < 0" is verified false."""
    out = _trial("kawaguchi2016.nonstrict_saddle", {}, mutant="deep_strict")
    assert _verified_failures(out).all()
    assert _trial("kawaguchi2016.nonstrict_saddle", {"depth": 3}).passed.all()


def _loose_certificate(f, x, direction, steps, data=()):
    """A descent certificate that finds a drop of half loss_tol at every point: not certified."""
    return torch.zeros(x.shape[0], dtype=torch.bool), torch.full((x.shape[0],), 0.5, dtype=F64)


def test_saddles_without_a_certified_descent_are_undecided(monkeypatch):
    """kawaguchi2016.nonstrict_saddle, H ≥ 2: W = 0 is critical with ∇²L = 0, and only the descent certificate shows
    it is no local minimum. A drop not certified beyond loss_tol (the certificate replaced by one that finds half
    of loss_tol) is a loose certificate: every trial undecided, none a failure (a judge that failed it passed
    every other test)."""
    monkeypatch.setattr(witness, "descent_certificate", _loose_certificate)
    out = _trial("kawaguchi2016.nonstrict_saddle", {"depth": 3})
    assert out.undecided_mask().all() and not out.passed.any()

    # clc2018.critical_values likewise: a saddle (I ≠ ∅) whose descent is not certified, and that is no verified
    # strict minimum, is undecided (its other checks pass: ∇L = 0, its value, the clause's negative eigenvalue)
    out = _trial("clc2018.critical_values", {}, batch=4)
    assert out.undecided_mask().all() and not out.passed.any()


@pytest.mark.parametrize(("dims", "lift"), [("4,3,3,3", 1e8), ("4,3,3,3", 1e50), ("5,4,4,4,4", 1e20)])
def test_lifted_saddles_are_certified_at_a_large_lift(dims, lift):
    """At a lifted point the descent along the unfitted (i, i) entries is −t²·lift^{H−1}·Σ s_i + ½t⁴·lift^{2(H−1)}·…,
    an increase past t ≈ lift^{−(H−1)/2}: the certificate's steps 10^−3…10^−0.5 alone found none from lift ≈ 1e8 and
    every trial was undecided. With the grid scaled down to there as well, every point is decided and passes."""
    out = _trial("clc2018.critical_values", {"dims": dims, "lift": lift}, batch=4)
    assert out.passed.all() and not out.undecided_mask().any()


def test_convergence_decides_a_run_driven_to_the_rounding_floor():
    """dims 1,1,1 with n = 1 reaches L = 0 to rounding within the horizon; the summed descent lemma keeps its
    slack there (a per-step decrease would be below what rounding resolves), so every trial passes."""
    out = _trial("clc2018.convergence", {"dims": "1,1,1", "n": 1}, batch=16)
    assert out.passed.all() and (out.details["final_loss_over_initial"] < 1e-20).all()
    # η = 5/S(W(0)) breaks the descent, but outside its premise from the first step: no trial counts
    far = _trial("clc2018.convergence", {"step_factor": 5.0}, batch=16)
    assert (~far.passed).any() and not far.premise_held.any()
    mutant = _trial("clc2018.convergence", {}, batch=16, mutant="descent_4x")
    assert mutant.premise_held.any() and (_verified_failures(mutant) == mutant.premise_held).all()


def test_convergence_premise_is_checked_along_the_run():
    """At dims 1,1,1,1 and n = 1, η = ½/S(W(0)) bounds the curvature at W(0) only: on some runs S grows past 1/η
    and the summed descent breaks (a Hypothesis draw found one, REFUTED before the premise was checked along the
    run). Every such run left the premise η·S̄(k) ≤ 1 before its descent broke (a prefix that breaks within it
    would be a verified failure), and every run within it passes."""
    out = _trial("clc2018.convergence", {"dims": "1,1,1,1", "n": 1}, batch=4000, seed=12345)
    assert (~out.passed).any() and not (~out.passed & out.premise_held).any()
    assert out.premise_held.float().mean() > 0.5


def test_segment_curvature_bound_bounds_the_hessian_on_the_step():
    """‖∇²L‖₂ at points along W − tηG (autograd's Hessian, t ∈ [0, 1]) and S at those points stay ≤ S̄, for
    steps well past 1/S (η = 3/S(W)), where the weights move most."""
    gen = torch.Generator().manual_seed(7)
    dims = (2, 3, 2, 2)
    X, Y = dl.gaussian_data(3, dims, batch=6, generator=gen, dtype=F64)
    Ws = dl.init(dims, batch=6, scale=1.5, generator=gen, dtype=F64)
    G = dl.grads(Ws, X, Y)
    eta = dl.step_size(Ws, X, Y, 3.0)
    bar = dl.segment_curvature_bound(Ws, G, eta, X, Y)
    f = dl.flat_loss(dims)
    for t in torch.linspace(0, 1, 5, dtype=F64):
        moved = [W - t * eta[:, None, None] * g for W, g in zip(Ws, G, strict=True)]
        assert (dl.curvature_bound(moved, X, Y) <= bar * (1 + 1e-12)).all()
        flat = dl.flatten(moved)
        for b in range(6):
            hess = torch.autograd.functional.hessian(lambda w, b=b: f(w, X[b], Y[b]), flat[b])
            assert torch.linalg.matrix_norm(hess, 2) <= bar[b] * (1 + 1e-12)
    broken = [W.clone() for W in Ws]
    broken[0][1, 0, 0] = torch.nan
    assert torch.isinf(dl.segment_curvature_bound(broken, G, eta, X, Y)[1])


def test_exp_rate_passes_a_loss_below_its_rounding_floor():
    """At dims 4,3,3,2 the flow decays ~20× faster than e^{−2αt} and L(T) falls below the loss rounding; the
    comparison in loss units proves L ≤ e^{−2αt}L(0) there (in log-rate units the rounding is larger than the
    rate itself, so such trials read undecided)."""
    out = _trial("clc2018.exp_rate", {"dims": "4,3,3,2"}, batch=64, seed=1)
    assert out.passed.all()


def test_premises_are_said_for_overrides_outside_the_theorems():
    def unmet(claim_id, params):
        claim = get(claim_id)
        return claim.premises(Instance(claim.resolve(params), 0), "cpu", F64)

    assert unmet("clc2018.convergence", {}) == []
    assert "1/S" in unmet("clc2018.convergence", {"step_factor": 5.0})[0]
    assert any("measure-zero" in s for s in unmet("clc2018.h1_global", {"init_scale": 0.0}))
    assert unmet("clc2018.h1_global", {"dims": "3,3,3"}) == []
    assert unmet("kawaguchi2016.nonstrict_saddle", {}) == []
    said = unmet("kawaguchi2016.nonstrict_saddle", {"n": 2, "dy": 4})
    assert len(said) == 2 and "n = 2" in said[0] and "d_y = 4" in said[1]
    assert "d_y = 3 > d_x = 2" in unmet("kawaguchi2016.no_bad_minima", {"dims": "2,1,1,3"})[0]
    # Theorem 1's GD factor ρ_GD is derived for its own step: another step (10×: GD diverges) is outside it
    assert unmet("jh2019.thm1_gd", {}) == []
    assert "step_factor = 10 times Theorem 1's" in unmet("jh2019.thm1_gd", {"step_factor": 10.0})[0]
    # every Theorem 1 record says Assumption 2 is unmet on one reused training set (its hook is wired)
    for claim_id in ("jh2019.thm1_gd", "jh2019.thm1_am", "jh2019.am_faster"):
        assert unmet(claim_id, {}) == [], claim_id
        assert "Assumption 2" in unmet(claim_id, {"regime": "fixed"})[0], claim_id


def test_exp_rate_euler_run_diverging_is_undecided_not_refuted():
    """dims 6,5,4,3,2 held at 16 Euler steps: α is small, the horizon 1/α long and h too coarse for the flow's
    stiffness (the pilot of flow.rate_span, at most 16 steps, brings few losses down), so some Euler runs diverge
    to NaN; the flow itself cannot (L decreases along it), so those trials decide nothing."""
    out = _trial("clc2018.exp_rate", {"dims": "6,5,4,3,2", "steps": 8, "max_steps": 16}, batch=16)
    diverged = torch.isnan(out.details["rate_over_claimed"])
    assert diverged.any() and out.undecided_mask()[diverged].all()
    assert not _verified_failures(out).any()


def test_exp_rate_steps_follow_the_flow_stiffness():
    """The same trials with the step count free: K ≥ T·S(W(0)) for every trial (h ≤ 1/S, within Euler's stability
    limit 2/λ_max(∇²L)), no run diverges and every trial is decided, here passed."""
    out = _trial("clc2018.exp_rate", {"dims": "6,5,4,3,2"}, batch=16)
    g = torch.Generator().manual_seed(0)
    dims = dl.parse_dims("6,5,4,3,2")
    Ws = dl.rate_init(dims, batch=16, generator=g, dtype=F64)
    Y = torch.randn(16, dims[-1], dims[0], generator=g, dtype=F64) / dims[0] ** 0.5
    X = torch.eye(dims[0], dtype=F64)
    T = 1 / dl.rate_alpha(Ws).prod(-1)
    assert torch.equal(T, out.details["horizon"])  # the trial's own W(0)
    assert (out.details["euler_steps"] >= (T / dl.step_size(Ws, X, Y, 1.0)).amax()).all()
    assert not torch.isnan(out.details["rate_over_claimed"]).any() and out.passed.all()


def test_exp_rate_refines_an_undecided_trial_and_keeps_the_decided_ones():
    """The report's run at dims 6,5,4,3,2 (seed 0), third batch of 12 trials: its trial 2's Richardson bracket is
    too wide at the stability count K (it reads undecided held there); with K doubled until decided it is
    decided, and every trial decided at K keeps its decision (the finer bracket narrows around the same flow)."""
    claim = get("clc2018.exp_rate")
    generator = seeded_generator(0, "trials", "cpu")
    for batch in (6, 6):  # the design's first two looks
        claim.trial(Instance(claim.resolve({"dims": "6,5,4,3,2"}), 0), generator, "cpu", F64, batch)
    state = generator.get_state()

    def run(params):
        generator.set_state(state)
        return claim.trial(Instance(claim.resolve({"dims": "6,5,4,3,2", **params}), 0), generator, "cpu", F64, 12)

    free = run({})
    g = torch.Generator().set_state(state)
    Ws = dl.rate_init((6, 5, 4, 3, 2), batch=12, generator=g, dtype=F64)
    Y = torch.randn(12, 2, 6, generator=g, dtype=F64) / 6**0.5
    T = 1 / dl.rate_alpha(Ws).prod(-1)
    assert torch.equal(T, free.details["horizon"])
    k = math.ceil(float((T / dl.step_size(Ws, torch.eye(6, dtype=F64), Y, 1.0)).amax()))
    held = run({"steps": k, "max_steps": k})
    assert held.undecided_mask()[2] and not free.undecided_mask().any()
    assert int(free.details["euler_steps"][0]) > int(held.details["euler_steps"][0]) >= k
    decided = ~held.undecided_mask()
    assert torch.equal(free.passed[decided], held.passed[decided])


def test_spectral_norms_are_the_cpus_on_every_device(device):
    """_spectral_norm takes its SVDs on the host: on any device the norms are the CPU's, bit for bit, returned on
    the device; a non-finite matrix gives +inf."""
    gen = torch.Generator().manual_seed(11)
    M = torch.randn(7, 3, 4, generator=gen, dtype=F64)
    M[2, 1, 1] = torch.inf
    got = dl._spectral_norm(M.to(device))
    assert got.device.type == torch.device(device).type
    expected = torch.linalg.matrix_norm(torch.where(torch.isfinite(M), M, 0.0), 2)
    expected[2] = torch.inf
    assert torch.equal(got.cpu(), expected)


def test_spectral_norms_of_a_group_are_each_ones_own():
    """_spectral_norms takes the matrices of one shape in one call: each norm is the one its own call gives, bit
    for bit, in the order given, a non-finite matrix's +inf included; the curvature bounds built on it are the
    same whether it groups or not."""
    gen = torch.Generator().manual_seed(12)
    mats = [torch.randn(5, r, c, generator=gen, dtype=F64) for r, c in [(3, 4), (2, 3), (3, 4), (3, 3), (3, 4)]]
    mats[2][1, 0, 0] = torch.nan
    got = dl._spectral_norms(mats)
    assert len(got) == len(mats)
    for M, norm in zip(mats, got, strict=True):
        assert torch.equal(norm, dl._spectral_norm(M))
    assert torch.isinf(got[2][1]) and torch.isfinite(got[2][[0, 2, 3, 4]]).all()
    Ws, X, Y = _problem((4, 3, 3, 2))
    G, eta = dl.grads(Ws, X, Y), dl.step_size(Ws, X, Y, 1.0)

    def one_by_one(ms):
        return [dl._spectral_norm(M) for M in ms]

    grouped = (dl.curvature_bound(Ws, X, Y), dl.segment_curvature_bound(Ws, G, eta, X, Y))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dl, "_spectral_norms", one_by_one)
        assert torch.equal(grouped[0], dl.curvature_bound(Ws, X, Y))
        assert torch.equal(grouped[1], dl.segment_curvature_bound(Ws, G, eta, X, Y))


# ---------------------------------------------------------------------------------------------------------
# exp_rate on stiff (deep) trials: the bracket's span ends where the loss is below the bound at T


def test_exp_rate_tail_passes_only_below_the_bound_at_the_horizon():
    """decide_rate's tail: a bracket that meets the bound at every checkpoint of its span s < T passes only if
    L_hi(s) + loss_tol ≤ e^{−cαT}L(0), the bound at T (the loss never increases, so L(t) ≤ L(s) on [s, T]); above
    it the trial is undecided, never a failure, since nothing past s was integrated."""
    lo = torch.tensor([[0.5, 0.5], [0.1, 0.1]], dtype=F64)
    hi = lo + 0.01
    bound = torch.tensor([[0.9, 0.9], [0.8, 0.8]], dtype=F64)
    tail = torch.tensor([0.2, 0.05], dtype=F64)  # the second is below the loss at s: [s, T] is not certified
    passed, failed = flow.decide_rate(lo, hi, bound, 1e-12, tail)
    assert passed.tolist() == [True, False] and not failed.any()
    assert flow.decide_rate(lo, hi, bound, 1e-12)[0].all()  # without a tail: the checkpoints alone


def test_exp_rate_bracket_within_its_tolerance_of_the_bound_is_undecided():
    """decide_rate at the boundary: a bracket whose lower end exceeds the bound by less than loss_tol verifies no
    failure (and passes nothing); beyond loss_tol it does. Trial 0 sits within the tolerance, trial 1 beyond it."""
    tol = 1e-9
    bound = torch.tensor([[0.5, 0.5], [0.25, 0.25]], dtype=F64)
    lo = bound + torch.tensor([[0.0, 0.0], [tol / 2, 2 * tol]], dtype=F64)
    passed, failed = flow.decide_rate(lo, lo + tol, bound, tol)
    assert passed.tolist() == [False, False] and failed.tolist() == [False, True]


def test_exp_rate_decides_stiff_trials_on_a_span_and_agrees_with_the_whole_horizon():
    """dims 6,5,4,3,2 with max_steps = 128: every trial is stiff (K ≥ T·S(W(0)) is ~10³–10⁴), and before spans
    their Euler runs diverged at K = 128 (undecided). Now each bracket ends at the span s < T where the pilot's
    loss fell below half the bound at T, with K ≥ s·S_max; every trial is decided, its L_hi(s) is below the bound
    at T, and the decisions are those of the same draws integrated over all of [0, T] at the default budget."""
    p = get("clc2018.exp_rate").resolve({"dims": "6,5,4,3,2", "steps": 8, "max_steps": 128})
    run = flow.rate_run(p, torch.Generator().manual_seed(0), "cpu", F64, 16)
    whole = flow.rate_run({**p, "max_steps": 2**15}, torch.Generator().manual_seed(0), "cpu", F64, 16)
    need = whole["T"] / dl.step_size(whole["Ws"], whole["X"], whole["Y"], 1.0)
    assert (need > 128).all() and torch.equal(whole["span"], whole["T"])  # stiff at 128, not at 2**15
    assert (run["span"] < run["T"]).all() and run["steps"] == 128
    bound, loss_tol, tail = run["bound"]
    assert (run["bracket"][1][-1] + loss_tol <= tail).all() and (tail < bound[-1]).all()
    assert run["passed"].all() and not run["failed"].any()
    assert torch.equal(run["passed"], whole["passed"]) and torch.equal(run["failed"], whole["failed"])
    assert (run["slowest"][-1] >= 0).all()  # the rate over [s, T] that L_hi(s) guarantees meets the claim


def test_exp_rate_span_keeps_a_trial_the_pilot_cannot_bring_down_at_the_horizon():
    """A bound at T of e^{−cαT}L(0) = 0 (c = 1e6: e^{−10⁶} underflows) is below any loss: the pilot never ends a
    span, so every trial keeps s = T, exactly as without spans."""
    p = get("clc2018.exp_rate").resolve({"dims": "6,5,4,3,2", "steps": 8, "max_steps": 64, "rate_factor": 1e6})
    run = flow.rate_run(p, torch.Generator().manual_seed(0), "cpu", F64, 8)
    assert torch.equal(run["span"], run["T"])


def test_the_critical_values_hold_the_global_one_and_the_origin():
    """models.deep_linear.critical_values lists ½(‖Y‖² − Σ_J σ_i²) over |J| ≤ r: the least is Eckart–Young's
    optimal_loss, J = ∅ is the loss at W = 0, and their count is critical_value_count."""
    g = torch.Generator().manual_seed(3)
    X = torch.randn(2, 3, 8, generator=g, dtype=torch.float64)
    Y = torch.randn(2, 4, 8, generator=g, dtype=torch.float64)
    values = dl.critical_values(X, Y, 2)
    assert values.shape == (2, dl.critical_value_count(4, 2)) == (2, 11)
    assert torch.allclose(values.amin(-1), dl.optimal_loss(X, Y, 2), rtol=1e-12)
    assert torch.allclose(values[:, 0], 0.5 * Y.square().sum((-2, -1)), rtol=1e-12)


@pytest.mark.parametrize(("scale", "most"), [(0.1, 0.5), (1e-3, 1.0)])
def test_gd_refreshed_leaves_a_small_start_without_diverging(scale, most):
    """Near the saddle W = 0 the curvature bound, hence 1/η, is small, and the weights outgrew the step within a
    chunk: at init_scale 0.1 (dims 3,2,2,3) the run ended in NaN and the next step was refused as η = 0 (an
    error at either scale). Each chunk now descends, halving its step where it did not. Kept finite and
    non-increasing by construction, the run must also make progress: from 0.1 every trial at least halves its
    loss in 400 steps (measured: at most 0.23 of it); from 1e-3 GD leaves the saddle slowly, so only the
    largest ratio is bounded, strictly below 1 (measured 0.99998)."""
    gen = torch.Generator().manual_seed(0)
    dims = (3, 2, 2, 3)
    X, Y = dl.separated_data(6, dims, batch=16, generator=gen)
    Ws = dl.init(dims, batch=16, scale=scale, generator=gen)
    start = dl.loss(Ws, X, Y)
    end = dl.loss(dl.gd_refreshed(Ws, X, Y, steps=400), X, Y)
    assert torch.isfinite(end).all() and (end < most * start).all()


def test_no_bad_minima_runs_where_the_bottleneck_constrains_no_rank():
    """r = min hidden width at least min(d0, d_y): dims 4,3,2 had raised an IndexError in the gap ½(σ_r² −
    σ_{r+1}²); the gap is then the last singular value's, and GD's end points are global."""
    out = _trial("kawaguchi2016.no_bad_minima", {"dims": "4,3,2"})
    assert out.passed[out.premise_held].all() and out.premise_held.any()


def test_no_bad_minima_takes_the_narrowest_hidden_width_as_the_rank():
    """dims 3,3,1,3: the product W₃W₂W₁ has rank ≤ 1, so L* is the rank-1 Eckart–Young value and GD's end points
    reach it. A rank read from the widest hidden width (3) claims a value no such net attains: every trial above
    it and none verified global (undecided), where each passes."""
    out = _trial("kawaguchi2016.no_bad_minima", {"dims": "3,3,1,3"})
    assert out.premise_held.any() and out.passed.all()
