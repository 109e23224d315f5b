"""models.aggregated_flow: the reduced gradient flow and the reduced GD are the flow and GD of models.dynamics where
their certificates hold, each certificate fails wherever an aggregated neuron changed its pattern, and the streamed
draw has the law of the paper's initialisation."""

import pytest
import torch
from scipy import stats

from models import aggregated_flow as af
from models import dynamics, two_layer
from models.checks import InvalidInputError

F64 = torch.float64


def _data(n: int, d: int, seed: int = 0):
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(n, d, generator=g, dtype=F64)
    X = X / X.norm(dim=1, keepdim=True)
    y = torch.rand(n, generator=g, dtype=F64) * 2 - 1
    lam0 = float(torch.linalg.eigvalsh(two_layer.h_infinity(X))[0])
    return X, y, lam0, g


def _both(tau: float, batch: int = 3, m: int = 3000):
    """The plain flow (models.dynamics.flow, W held) and the reduced one from the same W(0), a(0), n = 3, d = 6."""
    X, y, lam0, g = _data(3, 6)
    W0, a0 = two_layer.init(m, 6, generator=g, batch=(batch,))
    run = {"T": 4 / lam0, "grid": 8, "tol": 1e-6, "max_refinements": 6}
    plain = dynamics.flow(X, y, W0, a0, gram_too=True, **run)
    reduced = af.flow(X, y, af.split(X, W0, a0, tau), **run)
    return X, W0, plain, reduced


def test_the_reduced_flow_is_the_flow_where_its_certificate_holds():
    """τ = 0.3: the certificate holds on every trial, and ‖u − y‖², the largest distance and λ_min(H) agree with
    the plain flow's at every grid time to rounding: the same RK4 steps on a system of other coordinates, so the
    two discrete runs agree far more closely (a relative 1e-9, about 10⁷ eps) than either agrees with the flow
    (the refinement's change, about 1e-4 here), and a wrong field, sign or scale would show at once."""
    _, _, plain, reduced = _both(0.3)
    assert bool((reduced.frozen_ratio <= 1).all()), reduced.frozen_ratio
    # some near neurons were integrated one by one from the step the reach came to them, the others stayed lazy
    assert bool((reduced.stepped > 0).all()) and bool((reduced.stepped < reduced.near).all())
    assert torch.allclose(reduced.residual_sq, plain.residual_sq, rtol=1e-9, atol=0)
    assert torch.allclose(reduced.distance, plain.distance, rtol=1e-9, atol=1e-15)
    assert torch.allclose(reduced.lambda_min, plain.lambda_min, rtol=1e-9, atol=0)
    assert [h for h, _ in reduced.refinement] == [h for h, _ in plain.refinement]  # the same steps were taken


def test_the_flow_certificate_bounds_every_aggregated_neuron_at_every_grid_time():
    """τ = 0.3: ``frozen_to`` is the certificate on [0, t] at each grid time: 0 at t = 0, never decreasing, its last
    column ``frozen_ratio``; and it bounds what the plain flow's aggregated neurons moved, max |z_ri(t) − z_ri(0)| ≤
    frozen_to(t)·τ/2, at t = T and at t = T/2 (the plain flow run to T/2 on half the grid: the same RK4 steps)."""
    X, y, lam0, g = _data(3, 6)
    W0, a0 = two_layer.init(3000, 6, generator=g, batch=(3,))
    T = 4 / lam0
    reduced = af.flow(X, y, af.split(X, W0, a0, 0.3), T=T, grid=8, tol=1e-6)
    to = reduced.frozen_to
    assert to.shape == reduced.residual_sq.shape and bool((to[:, 0] == 0).all())
    assert bool((to[:, 1:] >= to[:, :-1]).all()) and torch.equal(reduced.frozen_ratio, to[:, -1])
    z0 = W0 @ X.T
    aggregated = z0.abs().amin(-1) >= 0.3
    for grid, column in ((8, 8), (4, 4)):
        plain = dynamics.flow(X, y, W0, a0, T=T * grid / 8, grid=grid, tol=1e-6)
        moved = torch.where(aggregated[..., None], (plain.W @ X.T - z0).abs(), 0).amax((-1, -2))
        assert bool((moved <= to[:, column] * 0.3 / 2).all()), (moved, to[:, column])
        assert bool((moved > 0.2 * to[:, column] * 0.3 / 2).all()), (moved, to[:, column])  # not a vacuous bound
    assert bool((to[:, 4] < to[:, 8]).all())  # a bound per grid time, not the whole run's


def test_a_neuron_left_lazy_kept_its_pattern_along_the_plain_flow():
    """Lazy activation's rule for the flow, against the plain flow (W held) at t = T/2 and T: a near neuron still in
    the aggregates at t (μ_r = min_i |z_ri(0)| above the reach so far, frozen_to(t)·τ) has its starting pattern
    there. Not vacuous: some near neurons have changed their pattern by T, each after the reach came to it."""
    X, y, lam0, g = _data(3, 6)
    W0, a0 = two_layer.init(3000, 6, generator=g, batch=(3,))
    T = 4 / lam0
    reduced = af.flow(X, y, af.split(X, W0, a0, 0.3), T=T, grid=8, tol=1e-6)
    z0 = W0 @ X.T
    mu = z0.abs().amin(-1)
    for grid in (4, 8):
        plain = dynamics.flow(X, y, W0, a0, T=T * grid / 8, grid=grid, tol=1e-6)
        changed = ((plain.W @ X.T >= 0) != (z0 >= 0)).any(-1) & (mu < 0.3)
        lazy = mu > reduced.frozen_to[:, grid, None] * 0.3
        assert not bool((lazy & changed).any()), grid
    assert bool(changed.any()), "no near neuron changed its pattern: the test says nothing"


def test_one_step_of_the_flow_certifies_its_whole_path():
    """One RK4 step of h = T from E = 0: the certificate covers the path inside the step, not its end point only,
    by |E_j(s)| ≤ s·‖e(0)‖ (‖u − y‖ never grows along the flow): frozen_to(T) = h‖e(0)‖ max_i Σ_j |(XXᵀ)_ij|/√m
    over τ/2, to rounding."""
    X, y, _, g = _data(3, 6)
    W0, a0 = two_layer.init(3000, 6, generator=g, batch=(2,))
    wd = af.split(X, W0, a0, 0.3)
    h, run = af._run(X, y, wd, 0.5, 1, 1)
    e0 = run.residual_sq[:, 0].sqrt()
    want = h * e0 * float((X @ X.T).abs().sum(-1).amax()) / 3000**0.5 / (0.3 / 2)
    assert torch.allclose(run.frozen_to[:, 1], want, rtol=1e-12, atol=0), (run.frozen_to, want)


def test_the_certificate_fails_wherever_an_aggregated_neuron_changed_its_pattern():
    """τ = 0.02, well below the neurons' movement: in the plain flow, neurons with every |x_iᵀw_r(0)| ≥ τ (the
    ones the reduction aggregates) change their pattern on some trials; the certificate must fail on each of those
    (it may fail on others too: it is a bound), and the reduced λ_min(H) then differs from the flow's."""
    X, W0, plain, reduced = _both(0.02, batch=6)
    z0 = W0 @ X.T
    aggregated = z0.abs().amin(-1) >= 0.02
    changed = ((plain.W @ X.T >= 0) != (z0 >= 0)).any(-1) & aggregated
    flipped = changed.any(-1)
    assert bool(flipped.any()), "no aggregated neuron changed its pattern: the test says nothing"
    assert bool((reduced.frozen_ratio[flipped] > 1).all()), (flipped, reduced.frozen_ratio)
    assert not torch.allclose(reduced.lambda_min[flipped], plain.lambda_min[flipped], rtol=1e-9, atol=0)


GD_STEPS = 300


def _gd_both(tau: float, eta: tuple[float, ...], m: int = 3000):
    """Plain GD (models.dynamics, W held) and the reduced GD from the same W(0), a(0), n = 3, d = 6, a step per
    trial; the plain pre-activations W(k)Xᵀ at every step (B, K + 1, m, n) and the last W too."""
    X, y, _, g = _data(3, 6)
    W0, a0 = two_layer.init(m, 6, generator=g, batch=(len(eta),))
    eta = torch.tensor(eta, dtype=F64)
    plain = dynamics.gradient_descent(X, y, W0, a0, eta=eta, steps=GD_STEPS, track=False)
    far, _ = dynamics.gd_max_distance(X, y, W0, a0, eta=eta, steps=GD_STEPS)
    W, Z = W0, [W0 @ X.T]
    for _ in range(GD_STEPS):  # over steps: the pre-activations of every step, to see which neuron flipped
        W = W - eta[:, None, None] * dynamics.gradients(X, W, a0, y)[0]
        Z.append(W @ X.T)
    reduced = af.gradient_descent(X, y, af.split(X, W0, a0, tau), eta=eta, steps=GD_STEPS)
    return X, W0, a0, plain, far, torch.stack(Z, 1), W, reduced


def test_the_reduced_gd_is_gd_where_its_certificate_holds():
    """τ = 0.3: the certificate holds on every trial, and ‖u(k) − y‖ at every step k ≤ 300 and the largest
    distance over the steps agree with plain GD's to rounding: ‖u − y‖ to 1e-13 absolute (u is a sum over m = 3000
    neurons summed in another order, and the residuals fall to 1e-12, where a relative comparison would compare
    rounding), the distance to a relative 1e-9. A wrong sign, scale or step shows at once: the runs converge. The
    last step, η ≈ 1.5/λ_max(H(0)), oscillates: its largest distance comes before the end (by 3–9 %, measured),
    so a distance taken at the last step only is seen."""
    X, W0, a0, plain, far, _, W, reduced = _gd_both(0.3, (0.1, 0.3, 2.3))
    assert bool((reduced.frozen_ratio <= 1).all()), reduced.frozen_ratio
    assert bool((reduced.stepped > 0).all()) and bool((reduced.stepped < reduced.near).all())
    assert torch.equal(reduced.times, plain.times)
    assert torch.allclose(reduced.residual_sq.sqrt(), plain.residual_sq.sqrt(), rtol=0, atol=1e-13)
    assert bool((plain.residual_sq[:, -1] < 1e-5 * plain.residual_sq[:, 0]).all())  # it converged: not vacuous
    assert torch.allclose(reduced.distance, far, rtol=1e-9, atol=0)
    assert float(far[2]) > 1.01 * float((W - W0).norm(dim=-1).amax(-1)[2])  # the oscillating run's largest is early
    assert torch.allclose(af.initial_gram(X, af.split(X, W0, a0, 0.3)), two_layer.gram(X, W0), rtol=0, atol=1e-15)


def test_a_neuron_left_lazy_kept_its_pattern_along_plain_gd():
    """Lazy activation's rule, against plain GD (W held): a near neuron still in the aggregates at step k (μ_r =
    min_i |z_ri(0)| above the reach so far, frozen_to(k)·τ) has the pattern it started with at every step up to k.
    Not vacuous: near neurons do change their pattern along plain GD here, each after the reach came to it."""
    _, _, _, _, _, Z, _, reduced = _gd_both(0.3, (0.1, 0.3, 2.3))
    mu = Z[:, 0].abs().amin(-1)  # (B, m)
    changed = ((Z >= 0) != (Z[:, :1] >= 0)).any(-1).cummax(1).values  # (B, K + 1, m): changed at some k' ≤ k
    lazy = (mu[:, None, :] > reduced.frozen_to[..., None] * 0.3) & (mu < 0.3)[:, None, :]
    assert not bool((lazy & changed).any())
    assert bool((changed[:, -1] & (mu < 0.3)).any()), "no near neuron changed its pattern: the test says nothing"


def test_the_gd_certificate_fails_wherever_an_aggregated_neuron_changed_its_pattern():
    """τ = 0.02: neurons with every |x_iᵀw_r(0)| ≥ τ change their pattern along plain GD on some trials; the
    certificate, taken at every step, must fail on each of those, and the reduced residuals then differ from GD's."""
    *_, plain, _, Z, _, reduced = _gd_both(0.02, (0.05, 0.1, 0.2, 0.15, 0.25, 0.3))
    aggregated = Z[:, 0].abs().amin(-1) >= 0.02
    flipped = (((Z >= 0) != (Z[:, :1] >= 0)).any(-1).any(1) & aggregated).any(-1)
    assert bool(flipped.any()), "no aggregated neuron changed its pattern: the test says nothing"
    assert bool((reduced.frozen_ratio[flipped] > 1).all()), (flipped, reduced.frozen_ratio)
    gap = (reduced.residual_sq.sqrt() - plain.residual_sq.sqrt()).abs().amax(-1)
    assert bool((gap[flipped] > 1e-13).all()), gap


def test_one_gd_step_certifies_by_the_bound_itself():
    """GD's certificate needs no factor 2 (its iterates are the run's own): after one step, E(1) = ηe(0) and
    frozen_to(1) = η max_i Σ_j |(XXᵀ)_ij| |e_j(0)|/√m over τ, times 1/(1 − 4(n + 2)·eps), to rounding."""
    X, y, _, g = _data(3, 6)
    W0, a0 = two_layer.init(3000, 6, generator=g, batch=(2,))
    wd = af.split(X, W0, a0, 0.3)
    run = af.gradient_descent(X, y, wd, eta=0.3, steps=1)
    e0 = (af.initial_output(wd) - y).abs()
    want = 0.3 * (e0 @ (X @ X.T).abs().T).amax(-1) / 3000**0.5 / 0.3 / (1 - 20 * torch.finfo(F64).eps)
    assert torch.allclose(run.frozen_to[:, 1], want, rtol=1e-12, atol=0), (run.frozen_to, want)
    assert bool((run.frozen_to[:, 0] == 0).all())


def test_the_split_changes_the_cost_not_the_run():
    """GD split at τ = 0.3 and at τ = 0.6 (most neurons near): the same residuals to 1e-13 at every step, the same
    largest distance to a relative 1e-9 and the same neurons stepped one by one: which near neuron is stepped
    depends on the reach only, never on τ."""
    X, y, _, g = _data(3, 6)
    W0, a0 = two_layer.init(3000, 6, generator=g, batch=(2,))
    one, two = (af.gradient_descent(X, y, af.split(X, W0, a0, tau), eta=0.3, steps=200) for tau in (0.3, 0.6))
    assert bool((two.near > 1.4 * one.near).all()) and torch.equal(one.stepped, two.stepped)
    assert torch.allclose(one.residual_sq.sqrt(), two.residual_sq.sqrt(), rtol=0, atol=1e-13)
    assert torch.allclose(one.distance, two.distance, rtol=1e-9, atol=0)


def test_activation_moves_a_neuron_out_of_the_aggregates_exactly():
    """Activating every near neuron at a state E: the aggregates are left with the frozen neurons alone (the pattern
    counts exactly, Σ a_r relu(z_r(0)) to rounding, no lazy pattern left), each joiner enters C at −(a_r/√m) R(s_r ∘ E),
    and u, the Gram and the field's e are what they were before (a change of coordinates, not of the network)."""
    X, y, _, g = _data(3, 6)
    W0, a0 = two_layer.init(500, 6, generator=g, batch=(2,))
    wd = af.split(X, W0, a0, 0.3)
    system = af._Reduced(X, y, wd, 1.0)
    E, C = system.start()
    E = torch.randn(E.shape, generator=g, dtype=F64) * 0.01
    e_before, _, S_before = system.field(E, C)
    gram_before = system.gram(S_before)
    (C,) = system.activate(torch.full((2,), torch.inf, dtype=F64), E, C)
    assert torch.equal(system.stepped(), wd.near) and torch.equal(system.counts, wd.counts)
    assert torch.allclose(system.u_sum, wd.u_frozen, rtol=0, atol=1e-12) and int(system.lazy.sum()) == 0
    s = (system.z0 >= 0).to(F64)
    want = -(system.an / 500**0.5)[..., None] * ((s * E[:, None, :]) @ system.R.T)
    assert torch.allclose(C, want, rtol=1e-14, atol=1e-18)
    e_after, _, S_after = system.field(E, C)
    assert torch.allclose(e_after, e_before, rtol=0, atol=1e-13)
    assert torch.allclose(system.gram(S_after), gram_before, rtol=1e-13, atol=0)


def test_the_distance_counts_a_pattern_that_only_lazy_neurons_have():
    """m = 2: a frozen neuron of pattern (1, 1) and a near one of pattern (1, 0), lazy, the only one of its pattern.
    At E = (1, −1) the lazy one has moved ‖x_1‖/√2 = 1/√2, the frozen one ‖x_1 − x_2‖/√2 = √0.2: the distance is the
    lazy neuron's (a table of the frozen neurons' patterns only would miss it)."""
    X = torch.tensor([[1.0, 0.0], [0.8, 0.6]], dtype=F64)  # x_1ᵀx_2 = 0.8: ‖x_1 − x_2‖ = √0.4 < 1
    W0 = torch.tensor([[[1.0, 1.0], [0.2, -0.5]]], dtype=F64)  # z = (1, 1.4) frozen; z = (0.2, −0.14) near
    system = af._Reduced(X, torch.zeros(2, dtype=F64), af.split(X, W0, torch.ones(1, 2, dtype=F64), 0.5), 1.0)
    E, C = system.start()
    E = torch.tensor([[1.0, -1.0]], dtype=F64)
    assert float(system.distance(E, C)[0]) == pytest.approx(1 / 2**0.5, rel=1e-14)


def test_the_streamed_draw_has_the_law_of_the_papers_initialisation():
    """u(0) and λ_min(H(0)) of :func:`af.draw` (pre-activations by the factor route, streamed in chunks) against
    the same of w_r ~ N(0, I_d), a_r ~ unif{±1} drawn whole (models.two_layer.init), 400 trials each at m = 40:
    two-sample Kolmogorov–Smirnov tests at level 1e-3 each (seeds fixed: the outcome is reproducible)."""
    X, y, _, _ = _data(3, 6)
    g = torch.Generator().manual_seed(1)
    drawn = af.draw(X, 40, 0.3, generator=g, batch=400, memory_bytes=4096)  # chunks of a few neurons
    W0, a0 = two_layer.init(40, 6, generator=g, batch=(400,))
    plain = af.split(X, W0, a0, 0.3)
    T = 1e-9  # one grid step: the records at t = 0
    ours, theirs = (af.flow(X, y, wd, T=T, grid=1, max_refinements=0) for wd in (drawn, plain))
    for a, b in (
        (af.initial_output(drawn)[:, 0], af.initial_output(plain)[:, 0]),
        (ours.lambda_min[:, 0], theirs.lambda_min[:, 0]),
    ):
        assert stats.ks_2samp(a.numpy(), b.numpy()).pvalue > 1e-3


def test_the_draw_is_reproducible_bit_for_bit():
    X, _, _, _ = _data(2, 4)
    one, two = (af.draw(X, 5000, 0.05, generator=torch.Generator().manual_seed(3), batch=2) for _ in range(2))
    for name in ("u_frozen", "counts", "patterns", "z_near", "a_near", "near"):
        assert torch.equal(getattr(one, name), getattr(two, name)), name
    assert torch.equal(one.near, (one.a_near != 0).sum(-1))  # the padding is a_r = 0, and only the padding


def _wide(X, g):
    return af.draw(X, 50, 0.1, generator=g, batch=2)


@pytest.mark.parametrize(
    "call, said",
    [
        (lambda X, g: af.draw(X, 10, 0.0, generator=g), "tau"),
        (lambda X, g: af.draw(X, 0, 0.1, generator=g), "m"),
        (lambda X, g: af.draw(torch.ones(21, 2, dtype=F64) / 2**0.5, 10, 0.1, generator=g), "n must be at most 20"),
        (lambda X, g: af.split(X, torch.zeros(1, 5, 4, dtype=F64), torch.zeros(1, 5, dtype=F64), 0.1), "a0 must be ±1"),
        (lambda X, g: af.gradient_descent(X, X[:, 0], _wide(X, g), eta=torch.ones(3, dtype=F64), steps=2), "eta must"),
        (lambda X, g: af.gradient_descent(X, X[:, 0], _wide(X, g), eta=-0.1, steps=2), "eta"),
        (lambda X, g: af.gradient_descent(X, X[:, 0], _wide(X, g), eta=0.1, steps=-1), "steps"),
    ],
)
def test_bad_input_is_one_clear_error(call, said):
    X, _, _, g = _data(2, 4)
    with pytest.raises(InvalidInputError, match=said):
        call(X, g)
