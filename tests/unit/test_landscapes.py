"""models.landscapes: closed-form gradients against autograd, the Isserlis population loss against Monte Carlo;
and the designs of the landscape family's trials (what they can decide)."""

import dataclasses
import itertools

import torch

from claims import Verdict, get
from claims.catalogue.landscape import arora2019, jin2017, safran2018, zhang2017
from claims.engine import witness
from claims.engine.runner import run
from claims.spec import Instance
from models import landscapes as ls
from models import teacher_student as ts

F64 = torch.float64


def test_quadratic_net_gradient_matches_autograd():
    g = torch.Generator().manual_seed(0)
    W = torch.randn(3, 4, 3, generator=g, dtype=F64)
    T = torch.randn(3, 3, 3, generator=g, dtype=F64)
    M = T.mT @ T
    Wl = W.clone().requires_grad_(True)
    ls.quadratic_net_loss(Wl, M).sum().backward()
    assert torch.allclose(ls.quadratic_net_grad(W, M), Wl.grad, rtol=1e-12, atol=1e-12)


def test_quadratic_net_population_loss_matches_monte_carlo():
    g = torch.Generator().manual_seed(1)
    W = torch.randn(1, 3, 3, generator=g, dtype=F64) / 2
    M = torch.eye(3, dtype=F64)[None]
    x = torch.randn(400_000, 3, generator=g, dtype=F64)
    D = W[0].T @ W[0] - M[0]
    mc = 0.5 * ((x @ D) * x).sum(-1).square().mean()
    assert abs(float(ls.quadratic_net_loss(W, M)) - float(mc)) < 0.03 * float(mc) + 1e-3


def test_quadratic_net_critical_values_and_the_lowest_spurious_one():
    """Every critical point of the population loss fits a set S of M's eigenvalues: W = P^{1/2},
    P = Σ_{i∈S}(μ_i − ½t)v_iv_iᵀ, t = −2Σ_{i∉S}μ_i/(2 + |S|), has zero gradient and the value
    Σ_{i∉S}μ_i² + (Σ_{i∉S}μ_i)²/(2 + |S|); the least of them over S ≠ all is the lowest spurious value."""
    g = torch.Generator().manual_seed(3)
    d = 4
    T = torch.randn(2, d, d, generator=g, dtype=F64)
    M = T.mT @ T + 0.1 * torch.eye(d, dtype=F64)
    mu, V = torch.linalg.eigh(M)
    values = []
    for size in range(d):
        for S in itertools.combinations(range(d), size):
            out = [i for i in range(d) if i not in S]
            t = -2 * mu[:, out].sum(-1) / (2 + len(S))
            p = torch.zeros_like(mu)
            p[:, list(S)] = mu[:, list(S)] - t[:, None] / 2
            W = (V * p.sqrt()[:, None, :]) @ V.mT  # P^{1/2}, a d × d student
            assert float(ls.quadratic_net_grad(W, M).abs().max()) < 1e-12
            value = mu[:, out].square().sum(-1) + mu[:, out].sum(-1).square() / (2 + len(S))
            assert torch.allclose(ls.quadratic_net_loss(W, M), value, rtol=1e-12)
            values.append(value)
    lowest = torch.stack(values).amin(0)
    assert torch.allclose(ls.quadratic_net_lowest_spurious_value(M), lowest, rtol=1e-14)
    assert bool((lowest > 0).all())


def test_quadratic_net_gd_below_full_width_ends_at_a_spurious_value():
    """GD with m = d − 1 students converges to the spurious point that drops μ_1 alone: its value is the
    lowest spurious one (the one a loose tol_rel would otherwise have passed)."""
    g = torch.Generator().manual_seed(1)
    d = 3
    T = torch.randn(4, d, d, generator=g, dtype=F64)
    M = T.mT @ T + 0.5 * torch.eye(d, dtype=F64)
    W = torch.randn(4, d - 1, d, generator=g, dtype=F64) / d**0.5
    eta = 0.1 / float(torch.linalg.matrix_norm(M, 2).max())
    for _ in range(20_000):
        W = W - eta * ls.quadratic_net_grad(W, M)
    assert float(ls.quadratic_net_grad(W, M).abs().max()) < 1e-9
    assert torch.allclose(ls.quadratic_net_loss(W, M), ls.quadratic_net_lowest_spurious_value(M), rtol=1e-9)


def test_quartic_gradient_and_critical_points():
    g = torch.Generator().manual_seed(2)
    lam = torch.tensor([[-1.0, -0.3, 0.5]], dtype=F64)
    x = torch.randn(1, 3, generator=g, dtype=F64).requires_grad_(True)
    ls.quartic(x, lam).sum().backward()
    assert torch.allclose(ls.quartic_grad(x.detach(), lam), x.grad, rtol=1e-12)
    for point in ([1.0, 0, 0], [0, 0.3**0.5, 0], [0, 0, 0]):
        p = torch.tensor([point], dtype=F64)
        assert float(ls.quartic_grad(p, lam).norm()) < 1e-15


def test_quadratic_gd_is_exact_along_eigenvectors():
    A = torch.diag(torch.tensor([-0.5, 1.0], dtype=F64))[None]
    xs = ls.quadratic_gd(A, torch.tensor([[1.0, 1.0]], dtype=F64), 0.5, 10)
    assert torch.allclose(xs[:, 0, 0], 1.25 ** torch.arange(11, dtype=F64))
    assert torch.allclose(xs[:, 0, 1], 0.5 ** torch.arange(11, dtype=F64))


def test_symmetric_factorization_gradient_matches_autograd():
    g = torch.Generator().manual_seed(3)
    U = torch.randn(3, 4, 2, generator=g, dtype=F64)
    T = torch.randn(3, 4, 4, generator=g, dtype=F64)
    M = T @ T.mT
    Ul = U.clone().requires_grad_(True)
    ls.sym_factorization_loss(Ul, M).sum().backward()
    assert torch.allclose(ls.sym_factorization_grad(U, M), Ul.grad, rtol=1e-12, atol=1e-12)
    flat = ls.sym_factorization_flat_loss(4, 2)
    per_row = torch.stack([flat(U[b].reshape(-1), M[b]) for b in range(3)])
    assert torch.allclose(per_row, ls.sym_factorization_loss(U, M))


def test_symmetric_critical_points_and_tail():
    """Every U fitting a set J of ≤ r eigenpairs is critical with f = ½Σ_{i∉J} λ_i²; the top set gives the
    Eckart–Young tail, which no random U beats; a non-top J has a direction of negative curvature."""
    g = torch.Generator().manual_seed(4)
    n, r = 4, 2
    Q = ls.random_orthogonal(1, n, generator=g)
    lam = torch.tensor([[3.0, 2.0, 1.0, 0.5]], dtype=F64)
    M = (Q * lam[:, None, :]) @ Q.mT
    for keep in itertools.product([0.0, 1.0], repeat=n):
        if sum(keep) > r:
            continue
        k = torch.tensor([keep], dtype=F64)
        U = ls.sym_critical_point(Q, lam, k, r)
        assert float(ls.sym_factorization_grad(U, M).norm()) < 1e-12
        assert torch.allclose(ls.sym_factorization_loss(U, M), 0.5 * (lam.square() * (1 - k)).sum(-1))
        H = torch.func.hessian(ls.sym_factorization_flat_loss(n, r))(U.reshape(-1), M[0])
        lam_min = float(torch.linalg.eigvalsh(H)[0])
        if keep == (1.0, 1.0, 0.0, 0.0):
            assert torch.allclose(ls.sym_factorization_loss(U, M), ls.psd_tail(lam, r))
            assert lam_min > -1e-10  # PSD (zero along the rotations U ↦ UR)
        else:
            assert lam_min < -0.5
    U = torch.randn(256, n, r, generator=g, dtype=F64)
    assert bool((ls.sym_factorization_loss(U, M) >= ls.psd_tail(lam, r)).all())


# ---------------------------------------------------------------------------------------------------------
# The designs of the landscape claims (issue 8): what their trials can and cannot decide


def _synthetic_pgd(law):
    """landscape.perturbed_gd_escape with its measurement fed a synthetic count T = law(d)·(1 + 5% noise)."""
    claim = get("landscape.perturbed_gd_escape")

    def trial(instance, generator, device, dtype, batch):
        p = instance.params
        dims = jin2017.draw_dims(p["d_min"], p["d_max"], batch, generator, device)
        noise = 1 + 0.05 * torch.rand(batch, generator=generator, dtype=dtype, device=device)
        T = (law(dims.to(dtype)) * noise).round().long()
        return jin2017.measurement(p, dims, T, dtype)

    return dataclasses.replace(claim, trial=trial)


def test_polynomial_escape_time_is_refuted_and_logarithmic_supported():
    """T ∝ d (polynomial, false) fitted 2.92 ≤ 4 against log d and was SUPPORTED by the former design; the
    test of T/(log d)⁴ against d over d ≥ 64 refutes it, and still supports T ∝ log d."""
    params = {"max_steps": 10**7}
    assert run(_synthetic_pgd(lambda d: 2 * d), params=params, seed=1).verdict is Verdict.REFUTED
    assert run(_synthetic_pgd(lambda d: 30 * d.log()), params=params, seed=1).verdict is Verdict.SUPPORTED


def test_unconverged_runs_are_undecided_not_failures():
    """Short horizons: GD from a random start on the quartic (20 steps), a wide net on random labels with a
    5-step cap; nothing is counted as a failure, the unfinished runs are undecided."""
    for claim_id, params in (
        ("landscape.random_init_avoids_saddles", {"steps": 20}),
        ("landscape.random_labels", {"max_steps": 5}),
        ("landscape.quadratic_activation", {"steps": 50}),
    ):
        claim = get(claim_id)
        out = claim.trial(Instance(claim.resolve(params), 0), torch.Generator().manual_seed(0), "cpu", F64, 32)
        decided_failures = ~out.passed & ~out.undecided_mask()
        assert not decided_failures.any(), claim_id
        assert out.undecided_mask().any(), claim_id


def test_arora_tolerance_as_wide_as_the_drop_leaves_the_trial_undecided():
    """At m = 64 the tolerance ε = ½·n‖y‖/(λ0√m) exceeds half the predicted drop: undecided, and the mutant
    half_rate can no longer pass there."""
    claim = get("landscape.arora_trajectory")
    for mutant in (None, "half_rate"):
        out = claim.trial(
            Instance(claim.resolve({"m": 64}, mutant), 0), torch.Generator().manual_seed(0), "cpu", F64, 16
        )
        assert out.undecided_mask()[out.premise_held].all()


def test_arora_deviation_beyond_a_wide_band_is_a_verified_failure():
    """A wide band voids a pass, not a verified deviation: at rate_factor 10 the prediction (1 − 10ηλ_i)^k grows
    (10·ηλ_max > 2), so its drop is negative, below 2ε, and GD's falling residual leaves the band by far; every
    trial is a verified failure (they were undecided, and the claim's run INCONCLUSIVE instead of REFUTED)."""
    claim = get("landscape.arora_trajectory")
    out = claim.trial(
        Instance(claim.resolve({"rate_factor": 10.0}, None), 0), torch.Generator().manual_seed(0), "cpu", F64, 16
    )
    assert out.premise_held.any()
    failed = ~out.passed & ~out.undecided_mask() & out.premise_held
    assert failed[out.premise_held].all()
    assert (out.details["deviation_over_norm"] > out.details["epsilon_over_norm"]).all()


def test_random_labels_width_one_is_certified_unreachable():
    a = torch.tensor([[1.0], [-1.0]], dtype=F64)
    y = torch.tensor([[1.0, -1.0, 1.0], [1.0, 1.0, 1.0]], dtype=F64)
    # row 0: a = +1, one label −1: min L ≥ ½; row 1: a = −1, three labels +1: min L ≥ 3/2
    assert zhang2017.unreachable(a, y, torch.tensor([0.4, 1.6], dtype=F64)).tolist() == [True, False]


# ---------------------------------------------------------------------------------------------------------
# issue 19: a sign within its tolerance of 0 is no verified sign; premises said


def test_strict_signs_are_three_way():
    from models.numerics import all_three_way, decide_negative, decide_positive, undecided_unless

    tol = torch.tensor([1e-3, 1e-3, 1e-3, 0.0, 1e-3], dtype=F64)
    value = torch.tensor([-2e-3, -5e-4, 1e-3, 0.0, float("nan")], dtype=F64)
    passed, undecided = decide_negative(value, tol)
    assert passed.tolist() == [True, False, False, False, False]
    assert undecided.tolist() == [False, True, False, False, False]  # an exact 0 with tolerance 0 is verified
    passed, undecided = decide_positive(-value, tol)
    assert passed.tolist() == [True, False, False, False, False]
    assert undecided.tolist() == [False, True, False, False, False]
    t, f = torch.tensor([True]), torch.tensor([False])
    assert all_three_way((t, f), (f, t)) == (f, t)  # passed and undecided: undecided
    assert all_three_way((f, t), (f, f)) == (f, f)  # a verified failure decides
    assert all_three_way((t, f), (t, f)) == (t, f)
    # a pass computed from a quantity past float64's range (inf ≤ inf holds) verifies nothing: undecided
    assert undecided_unless(f, t, f) == (f, t) and undecided_unless(f, f, f) == (f, t)
    assert undecided_unless(t, t, f) == (t, f) and undecided_unless(t, f, f) == (f, f)


def test_spurious_witness_needs_a_verified_positive_curvature():
    """A candidate's λ_min within eig_tol of 0 is no local minimum verified (models.numerics.decide_positive);
    the witnesses found at k = 8 have λ_min ≈ 0.02, far above it, so the claim keeps its witness."""
    claim = get("landscape.spurious_minima_relu")
    out = claim.trial(Instance(claim.resolve({}), 0), torch.Generator().manual_seed(0), "cpu", F64, 1)
    assert out.passed.all() and (out.details["witness_lambda_min"] > 1e-3).all()


def test_landscape_premises_are_said():
    def unmet(claim_id, params):
        claim = get(claim_id)
        return claim.premises(Instance(claim.resolve(params), 0), "cpu", F64)

    assert unmet("landscape.random_init_avoids_saddles", {}) == []
    assert "measure-zero" in unmet("landscape.random_init_avoids_saddles", {"on_stable_manifold": True})[0]
    assert unmet("landscape.exponential_escape", {}) == []
    assert "1/(4L)" in unmet("landscape.exponential_escape", {"eta_L": 0.4})[0]
    assert unmet("landscape.quadratic_activation", {}) == []
    assert "m = 1 < d = 3" in unmet("landscape.quadratic_activation", {"narrow": True})[0]
    assert unmet("landscape.matrix_factorization", {}) == []
    # Safran & Shamir's proof covers 6 ≤ k ≤ 20, both ends included
    assert unmet("landscape.spurious_minima_relu", {"k": 6}) == unmet("landscape.spurious_minima_relu", {"k": 20}) == []
    for k in (5, 21):
        assert f"k = {k} is outside 6 ≤ k ≤ 20" in unmet("landscape.spurious_minima_relu", {"k": k})[0]
    assert "rank r" in unmet("landscape.matrix_factorization", {"symmetric": True})[0]
    for claim_id in (
        "landscape.perturbed_gd_escape",
        "landscape.random_labels",
        "landscape.arora_trajectory",
        "landscape.arora_label_speed",
    ):
        assert "leaves open" in unmet(claim_id, {})[0], claim_id


def test_arora_deviation_within_rounding_of_epsilon_is_undecided():
    """tol_factor chosen so that ε sits at the measured deviation: the trials whose deviation is within its
    rounding of ε are undecided, none is a verified failure there, and the margin stays 1 − dev/(ε + rounding)."""
    claim = get("landscape.arora_trajectory")
    inst = Instance(claim.resolve({}), 0)
    out = claim.trial(inst, torch.Generator().manual_seed(0), "cpu", F64, 4)
    assert not bool(out.undecided_mask()[0]) and bool(out.passed[0])
    dev_over_eps = 1 - out.margin  # deviation / (ε + rounding) at tol_factor ½
    at = dataclasses.replace(inst, params={**inst.params, "tol_factor": 0.5 * float(dev_over_eps[0])})
    again = claim.trial(at, torch.Generator().manual_seed(0), "cpu", F64, 4)
    assert bool(again.undecided_mask()[0]) and not bool(again.passed[0])


def test_stable_manifold_mutant_is_refuted_at_a_large_d():
    """On the stable manifold GD reaches a saddle at the rate of the gap between the two most negative λ_i,
    which shrinks as d grows: at 600 steps a referee's random draw (d = 18) ended INCONCLUSIVE (315 of 318 runs
    undecided). The mutant runs 6000 steps; the claim keeps its own 600."""
    claim = get("landscape.random_init_avoids_saddles")
    for d in (18, 50):
        result = run(claim, params={"d": d}, mutant="start_on_stable_manifold", seed=1155331980, alpha=1e-3)
        assert result.verdict is Verdict.REFUTED, result.reason


def test_the_octopus_claim_ends_where_its_integrator_cannot_go():
    """landscape.exponential_escape at constants where the exact count cannot be taken or the run leaves the
    octopus: γ ≪ L (the glue piece asks ~1/(ηγ) events a saddle, past max_steps: every measurement undecided)
    and L ≪ γ (every run leaves D₀ at once: no measurement within the premise). Both end INCONCLUSIVE at once,
    saying which; before, the first ran for ever and the second ended in an error from the fit."""
    import claims

    slow = claims.check("landscape.exponential_escape", params={"gamma": 1e-9, "trials": 8, "max_steps": 200})
    assert slow["verdict"] == "INCONCLUSIVE" and "8 of 8 measurements could not be made" in slow["reason"]
    out = claims.check("landscape.exponential_escape", params={"L": 1e-9, "trials": 8})
    assert out["verdict"] == "INCONCLUSIVE" and "the theorem's premise held in 0 of" in out["reason"]


def test_a_diverged_quadratic_run_is_undecided_not_an_error():
    """landscape.quadratic_activation at step_factor = 10 (outside its premise): GD diverges to inf/NaN, where the
    step's spectral norm ended the run in LAPACK's error; now the run is judged by its loss (not passed) and no
    verified minimum (undecided)."""
    import claims

    out = claims.check("landscape.quadratic_activation", params={"step_factor": 10.0}, trials=8)
    assert out["verdict"] == "INCONCLUSIVE" and out["undecided"] == 8 and out["failures"] == 0


def test_an_escape_that_hits_max_steps_is_an_undecided_measurement():
    """perturbed_gd_escape's measurement: T = max_steps means no ε-second-order point was reached within the
    horizon, so T is a lower bound, not a measurement; it is undecided (the scaling fit then decides nothing),
    never a value fitted as if measured. T one below the cap is a measurement."""
    p = {"max_steps": 500, "polylog_power": 4.0}
    out = jin2017.measurement(p, torch.tensor([10, 10]), torch.tensor([500, 499]), F64)
    assert out.undecided_mask().tolist() == [True, False] and out.passed.tolist() == [False, True]


def test_arora_label_speed_decides_the_order_of_the_areas_three_ways():
    """decide_slower on areas built around its boundaries (tol = 1e-9): a reversal larger than the slow run's tail
    by more than tol is a verified failure, by less than tol nothing is decided; a gap larger than the fast run's
    tail by more than tol passes, by less than tol nothing is decided."""
    tol = torch.tensor(1e-9, dtype=F64)
    slow = torch.ones(4, dtype=F64)
    fast = slow + torch.tensor([0.1 + 2e-9, 0.1 + 5e-10, -0.2 - 2e-9, -0.2 - 5e-10], dtype=F64)
    tail_slow, tail_fast = torch.full((4,), 0.1, dtype=F64), torch.full((4,), 0.2, dtype=F64)
    passed, failed = arora2019.decide_slower(slow, fast, tail_slow, tail_fast, tol)
    assert passed.tolist() == [False, False, True, False] and failed.tolist() == [True, False, False, False]


def test_a_spurious_witness_needs_a_verified_loss_gap():
    """The same search with loss_gap = 1, above the loss of every minimum it finds (≈ 0.02): no candidate is a
    verified spurious minimum, so no witness. Two gates say so: the search's pre-screen (F > loss_gap) and
    safran2018.verify's gap F − loss_tol > loss_gap; either alone keeps this trial from a witness."""
    claim = get("landscape.spurious_minima_relu")
    out = claim.trial(Instance(claim.resolve({"loss_gap": 1.0}), 0), torch.Generator().manual_seed(0), "cpu", F64, 1)
    assert not out.passed.any() and (out.details["witness_loss"] == 0).all()


def _default_witness():
    """(p, one verified spurious minimum w (1, k, k), V, η) of the default search at seed 0 (about a second)."""
    claim = get("landscape.spurious_minima_relu")
    p = claim.resolve({})
    k, eta = p["k"], p["eta_k"] / p["k"]
    W, V = ts.spurious_search(
        k, starts=p["starts"], steps=p["steps"], eta=eta, generator=torch.Generator().manual_seed(0)
    )
    idx = ((ts.population_loss(W, V) > p["loss_gap"]) & ts.no_parallel_rows(W, V)).nonzero()[:, 0][:8]
    ok = safran2018.verify(p, W[idx], V, eta)[1]
    return p, W[idx[ok][:1]], V, eta


def test_a_spurious_witness_needs_its_loss_above_the_gap_beyond_rounding():
    """safran2018.verify asks F − loss_tol > loss_gap (claims.engine.witness.loss_tolerance): a verified minimum
    of the default search (F ≈ 0.0215) is a witness at loss_gap = F/2 and at F − 2·loss_tol, and none at
    F − loss_tol/2 or F, where its loss is not verified above the gap."""
    p, w, V, eta = _default_witness()
    F = ts.population_loss(w, V)[0]
    tol = float(witness.loss_tolerance(F))
    F = float(F)
    gaps = (F / 2, F - 2 * tol, F - tol / 2, F)
    assert [bool(safran2018.verify({**p, "loss_gap": gap}, w, V, eta)[1]) for gap in gaps] == [True, True, False, False]


def test_a_float32_end_point_is_critical_to_its_stall_level():
    """GD in float32 stops moving at a gradient of about eps₃₂·‖W‖/η (safran2018.stall_gradient), far above a
    float64 grad_tol: verify adds that level, so a verified minimum rounded to float32 is still a witness at
    grad_tol = 0 (its float64 gradient is float32's rounding, ≈ ‖∇²F‖·eps₃₂·‖W‖), and in float64 it is not."""
    p, w, V, eta = _default_witness()
    exact = {**p, "grad_tol": 0.0}
    assert bool(safran2018.verify(exact, w.float(), V.float(), eta)[1])
    assert not bool(safran2018.verify(exact, w.float().double(), V, eta)[1])


def test_the_share_is_the_verified_starts_over_all_starts():
    """details['share'] is the share of a trial's starts whose end point verified: at most max_witnesses of its
    ``starts`` are examined, so the default trial's share is a whole number of starts between 1 and 4, over 64."""
    claim = get("landscape.spurious_minima_relu")
    p = claim.resolve({})
    out = claim.trial(Instance(p, 0), torch.Generator().manual_seed(0), "cpu", F64, 1)
    verified = out.details["share"] * p["starts"]
    assert torch.equal(verified, verified.round()) and 1 <= float(verified) <= p["max_witnesses"]


def test_no_start_below_the_gap_is_examined(monkeypatch):
    """The pre-screen keeps a start at or below loss_gap (the global minimum's value 0 among them) from the
    max_witnesses slots and from autograd's Hessians: with loss_gap = 1, above every end point, verify is never
    called and the trial's margin is −1, that of a trial without a candidate."""
    calls = []
    real = safran2018.verify
    monkeypatch.setattr(safran2018, "verify", lambda *a: calls.append(a[1].shape[0]) or real(*a))
    claim = get("landscape.spurious_minima_relu")
    out = claim.trial(Instance(claim.resolve({"loss_gap": 1.0}), 0), torch.Generator().manual_seed(0), "cpu", F64, 1)
    assert calls == [] and (out.margin == -1).all()


def test_matrix_factorization_judges_its_end_point_three_ways():
    """landscape.matrix_factorization's judgement (ge2016._outcome) on set examinations, one per trial, each with
    one strict constructed saddle (λ_min = −1), gap_rel·½(σ_r² − σ_{r+1}²) = 1, loss_tol = 1e-12:

    0. critical, ∇² ≽ −eig_tol, L − tail = 2 above the threshold, L not within loss_tol of min L: undecided (its
       Hessian's zero eigenvalues make no local minimum verified);
    1. the same at a verified strict saddle (λ_min = −1): outside (a)'s premise, so (a) holds vacuously: passed;
    2. not critical (‖∇‖ above grad_tol) with its gap under the threshold: a run not converged, undecided;
    3. as 0, but L is min L: a verified global minimum whose value is not the tail, failed;
    4. critical, ∇² ≽ −eig_tol, gap within the threshold: passed."""
    from claims.catalogue.landscape.ge2016 import _outcome
    from claims.engine.witness import Examination

    def t(*values):
        return torch.tensor(values, dtype=F64)

    e = Examination(
        loss=t(5, 5, 3.5, 5, 3.5),
        grad_norm=t(0, 0, 1, 0, 0),
        eig_min=t(0, -1, 0, 0, 0),
        eig_max=t(1, 1, 1, 1, 1),
        eig_tol=t(1e-12, 1e-12, 1e-12, 1e-12, 1e-12),
        hess_fro=t(1, 1, 1, 1, 1),
        grad_tol=t(1e-6, 1e-6, 1e-6, 1e-6, 1e-6),
    )
    saddles = Examination(*(t(*[v] * 5) for v in (0, 0, -1, 1, 1e-12, 1, 1e-6)))
    found = {"gap": e.loss - 3, "threshold": t(1, 1, 1, 1, 1), "loss_tol": t(*[1e-12] * 5), "optimum": t(4, 4, 4, 5, 4)}
    out = _outcome({"saddle_curvature": "negative"}, e, found, saddles, 5)
    assert out.passed.tolist() == [False, True, False, False, True]
    assert out.undecided_mask().tolist() == [True, False, True, False, False]


def test_a_smooth_loss_records_a_jump_of_the_order_of_the_smallest_offset():
    """relu_not_c2's mutant, softplus (C^∞): across the offsets ±s the Hessian of ½(σ(z) − y)² changes by
    2s·(3σ′σ″ + (σ − y)σ‴)(0)·‖x‖² ≈ ¾·s (σ‴(0) = 0), so the recorded jump, the smaller of the two offsets'
    (s_min = 1e-8 in float64 at d = 4), is ≈ 7.5e-9: O(s), as a C² loss gives, and the trial fails."""
    claim = get("landscape.relu_not_c2")
    params = claim.resolve({"d": 4, "activation": "softplus"})
    out = claim.trial(Instance(params, 0), torch.Generator().manual_seed(0), "cpu", F64, 8)
    jump = out.details["hessian_jump"]
    assert not out.passed.any() and ((jump > 0) & (jump <= 1e-8)).all()


def test_in_float32_every_point_of_the_kink_is_still_a_witness():
    """In float32 the offset s_min = 64·d·eps₃₂·(1 + ‖w‖) (≈ 1e-3 at d = 20) keeps w ± s x on its side of the kink
    through rounding; a fixed 1e-8 would vanish when added to w (below half an ulp of its entries), leaving no
    jump. Every one of 64 float32 trials sees the jump 1 and passes."""
    claim = get("landscape.relu_not_c2")
    out = claim.trial(Instance(claim.resolve({"d": 20}), 0), torch.Generator().manual_seed(1), "cpu", torch.float32, 64)
    assert out.passed.all() and not out.undecided_mask().any()


def test_an_exists_claim_outside_its_range_says_a_witness_goes_beyond_it_and_none_found_says_nothing():
    """landscape.spurious_minima_relu at k = 3, below the sizes the paper's proof covers: no witness is found, and
    the result says the premise is unmet in the words of an exists claim (never refuted), not a whp claim's."""
    result = run(get("landscape.spurious_minima_relu"), params={"k": 3, "starts": 2, "steps": 50}, seed=0)
    assert result.verdict is Verdict.INCONCLUSIVE
    assert result.premises_unmet and "k = 3 is outside 6 ≤ k ≤ 20" in result.reason
    assert "a witness found here goes beyond the theorem, and none found says nothing about it" in result.reason
    assert "REFUTED" not in result.reason
