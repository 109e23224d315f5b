"""models.octopus (Du et al. 2017): the closed-form gradient against autograd, the gluing of the pieces, the
saddle chain, and the escape-time integrator against plain GD step by step."""

import math

import pytest
import torch
from torch.func import hessian

from models import octopus as oc

F64 = torch.float64
L, GAMMA, TAU = math.e, 1.0, math.e
ETA = 0.25 / L


def _f(x, dims=None):
    return oc.octopus(x, L, GAMMA, TAU, dims)


def _points(gen, batch, d):
    """Random points of D₀ in every piece: i uniform in 0..d, the first i coordinates in (2τ, 6τ], the i-th in
    [0, 2τ] (half on the saddle piece, half on the glue piece), the rest in [0, τ]; random signs."""
    i = torch.randint(0, d + 1, (batch,), generator=gen)
    j = torch.arange(d)[None, :]
    u = torch.rand(batch, d, generator=gen, dtype=F64)
    a = torch.where(j < i[:, None], 2 * TAU + 4 * TAU * u.clamp_min(1e-3), TAU * u)
    a = torch.where(j == i[:, None], 2 * TAU * u, a)
    sign = torch.where(torch.rand(batch, d, generator=gen) < 0.5, -1.0, 1.0).to(F64)
    return sign * a


@pytest.mark.parametrize("d", [1, 2, 4])
def test_gradient_matches_autograd(d):
    gen = torch.Generator().manual_seed(d)
    x = _points(gen, 64, d)
    assert bool(oc.in_domain(x, TAU).all())
    xl = x.clone().requires_grad_(True)
    _f(xl).sum().backward()
    assert torch.allclose(oc.octopus_grad(x, L, GAMMA, TAU), xl.grad, rtol=1e-11, atol=1e-11)


def test_padded_rows_ignore_the_coordinates_past_their_dimension():
    gen = torch.Generator().manual_seed(5)
    x = _points(gen, 16, 3)
    padded = torch.cat([x, torch.randn(16, 2, generator=gen, dtype=F64)], -1)
    dims = torch.full((16,), 3)
    assert torch.allclose(_f(padded, dims), _f(x))
    grad = oc.octopus_grad(padded, L, GAMMA, TAU, dims)
    assert torch.allclose(grad[:, :3], oc.octopus_grad(x, L, GAMMA, TAU))
    assert bool((grad[:, 3:] == 0).all())


@pytest.mark.parametrize("boundary", [TAU, 2 * TAU])
@pytest.mark.parametrize("i", [0, 1, 2])
def test_pieces_glue_to_second_order(boundary, i):
    """Across |x_i| = τ (saddle → glue piece) and |x_i| = 2τ (glue piece → next saddle) the value, gradient and
    Hessian are continuous: the jump over a gap h is O(h) for all three (the pieces agree to second order)."""
    d = 3
    gen = torch.Generator().manual_seed(10 + i)
    base = torch.zeros(d, dtype=F64)
    base[:i] = 4 * TAU - 0.5 * TAU * torch.rand(i, generator=gen, dtype=F64)
    base[i + 1 :] = 0.5 * TAU * torch.rand(d - i - 1, generator=gen, dtype=F64)
    h = 1e-7
    lo, hi = base.clone(), base.clone()
    lo[i], hi[i] = boundary - h, boundary + h
    assert bool(oc.in_domain(torch.stack([lo, hi]), TAU).all())

    def f1(v):
        return _f(v[None])[0]

    for fun in (f1, lambda v: oc.octopus_grad(v[None], L, GAMMA, TAU)[0], hessian(f1)):
        jump = (fun(hi) - fun(lo)).abs().max()
        assert float(jump) < 1e3 * h, (fun, float(jump))


@pytest.mark.parametrize("d", [2, 3, 5])
def test_saddle_chain(d):
    """x^(i) = (4τ, …, 4τ, 0, …, 0) (i coordinates 4τ) is a critical point with f = −iν; for i < d its Hessian
    has the one negative eigenvalue −2γ (along e_i) and 2L elsewhere; x^(d) = (4τ)^d is the local minimum
    (Hessian 2L·I). Signs are free: f depends on |x| only."""
    nu = oc.nu(L, GAMMA, TAU)
    for i in range(d + 1):
        x = torch.zeros(d, dtype=F64)
        x[:i] = 4 * TAU
        x = x * torch.where(torch.arange(d) % 2 == 0, 1.0, -1.0).to(F64)
        assert float(oc.octopus_grad(x[None], L, GAMMA, TAU).abs().max()) < 1e-12
        assert abs(float(_f(x[None])[0]) + i * nu) < 1e-10 * (1 + i * nu)
        # autograd differentiates |x_j| with derivative sign(0) = 0 at 0: take the Hessian a hair off the axes
        eig = torch.linalg.eigvalsh(hessian(lambda v: _f(v[None])[0])(x + 1e-200))
        expected = sorted([2 * L] * (d - 1) + [-2 * GAMMA if i < d else 2 * L])
        assert torch.allclose(eig, torch.tensor(expected, dtype=F64), atol=1e-9)


def test_domain_membership():
    x = torch.tensor([[4 * TAU, 0.5, 0.1], [4 * TAU, 0.5, 1.5 * TAU], [7 * TAU, 0.5, 0.1], [0.5, 0.5, 0.5]], dtype=F64)
    assert oc.in_domain(x, TAU).tolist() == [True, False, False, True]


def _plain_gd_steps(x0, max_steps):
    """Plain float64 GD with the closed-form gradient: the first t with every |x_j| > 2τ."""
    x, hit = x0.clone(), torch.full((x0.shape[0],), -1)
    for t in range(max_steps):
        hit = torch.where((x.abs() > 2 * TAU).all(-1) & (hit < 0), t, hit)
        if bool((hit >= 0).all()):
            break
        assert bool(oc.in_domain(x, TAU).all())
        x = x - ETA * oc.octopus_grad(x, L, GAMMA, TAU)
    return hit


@pytest.mark.parametrize("d", [2, 3, 4])
def test_escape_integrator_matches_plain_gd(d):
    """The log-domain integrator, step by step and with the saddle pieces taken in one jump, gives the same step
    count as plain float64 GD (d ≤ 4: here nothing underflows yet, ≈ 0.69·T(3) < 745)."""
    gen = torch.Generator().manual_seed(20 + d)
    x0 = 2 * torch.rand(16, d, generator=gen, dtype=F64) - 1
    dims = torch.full((16,), d)
    jumped, inside = oc.gd_steps_to_minimum(x0, dims, L=L, gamma=GAMMA, tau=TAU, eta=ETA)
    stepped, inside_s = oc.gd_steps_to_minimum(x0, dims, L=L, gamma=GAMMA, tau=TAU, eta=ETA, jump=False)
    plain = _plain_gd_steps(x0, 20_000)
    assert bool(inside.all()) and bool(inside_s.all())
    assert jumped.tolist() == stepped.tolist() == plain.double().tolist()


def test_escape_integrator_batches_mixed_dimensions():
    gen = torch.Generator().manual_seed(30)
    x0 = 2 * torch.rand(12, 6, generator=gen, dtype=F64) - 1
    dims = torch.arange(12) % 5 + 2
    mixed, _ = oc.gd_steps_to_minimum(x0, dims, L=L, gamma=GAMMA, tau=TAU, eta=ETA)
    for k in range(12):
        alone, _ = oc.gd_steps_to_minimum(x0[k : k + 1, : dims[k]], dims[k : k + 1], L=L, gamma=GAMMA, tau=TAU, eta=ETA)
        assert float(alone[0]) == float(mixed[k])


def test_escape_time_grows_by_the_chain_factor():
    """Appending one saddle multiplies the escape time by about κ = 1 + log(1/(1 − 2ηL))/log(1 + 2ηγ) (≥ (L+γ)/γ):
    the later coordinate shrinks at rate λ_L while the earlier ones escape, then grows back at rate λ_γ."""
    gen = torch.Generator().manual_seed(31)
    x0 = 2 * torch.rand(256, 10, generator=gen, dtype=F64) - 1
    kappa = 1 - math.log1p(-2 * ETA * L) / math.log1p(2 * ETA * GAMMA)
    kw = {"L": L, "gamma": GAMMA, "tau": TAU, "eta": ETA}
    T = [oc.gd_steps_to_minimum(x0[:, :d], torch.full((256,), d), **kw)[0] for d in (9, 10)]
    ratio = float((T[1] / T[0]).median())
    assert kappa >= (L + GAMMA) / GAMMA and abs(ratio / kappa - 1) < 0.05


def test_escape_integrator_stops_rows_that_leave_the_octopus_and_caps_its_events():
    """Where γ ≫ L the glue step overshoots and a row leaves D₀ (and, followed on, diverged to inf and never
    ended): it is followed no further. Where γ ≪ L the glue piece takes ~1/(ηγ) single steps: ``max_events``
    ends the run with T = inf for the rows short of the minimum, and leaves finished rows' T as they were."""
    gen = torch.Generator().manual_seed(33)
    x0 = 2 * torch.rand(8, 6, generator=gen, dtype=F64) - 1
    dims = torch.full((8,), 6)
    T, inside = oc.gd_steps_to_minimum(x0, dims, L=1.0, gamma=10.0, tau=TAU, eta=0.25, max_events=1000)
    assert not bool(inside.any()) and bool(torch.isfinite(T).all())  # left D₀ within a few events
    T, inside = oc.gd_steps_to_minimum(x0, dims, L=L, gamma=1e-9, tau=TAU, eta=ETA, max_events=200)
    assert bool(inside.all()) and bool(torch.isinf(T).all())
    mixed = torch.cat([torch.full((4,), 2), torch.full((4,), 6)])
    free, _ = oc.gd_steps_to_minimum(x0, mixed, L=L, gamma=GAMMA, tau=TAU, eta=ETA)
    capped, _ = oc.gd_steps_to_minimum(x0, mixed, L=L, gamma=GAMMA, tau=TAU, eta=ETA, max_events=10)
    short = torch.isinf(capped)
    assert bool(short[4:].all()) and not bool(short[:4].any())  # d = 2 ends within 10 events, d = 6 does not
    assert torch.equal(capped[:4], free[:4])


def test_escape_integrator_rejects_large_steps():
    with pytest.raises(ValueError, match="eta"):
        oc.gd_steps_to_minimum(torch.zeros(1, 2, dtype=F64), torch.tensor([2]), L=L, gamma=GAMMA, tau=TAU, eta=0.5 / L)


def test_perturbed_gd_escapes_in_few_steps():
    gen = torch.Generator().manual_seed(32)
    x0 = 2 * torch.rand(8, 8, generator=gen, dtype=F64) - 1
    dims = torch.full((8,), 8)
    T, inside = oc.perturbed_gd_steps_to_minimum(
        x0,
        dims,
        L=L,
        gamma=GAMMA,
        tau=TAU,
        eta=ETA,
        radius=0.1,
        g_thres=1e-2,
        t_thres=10,
        max_steps=2000,
        generator=gen,
    )
    assert bool(inside.all()) and int(T.max()) < 1000


def test_escape_counts_past_the_precision_of_the_log_state():
    """At d = 32 (T ≈ 10²²: log|x_j| ≈ −10²², whose ulp exceeds λ_γ) the jumps still land in the window
    (τ, τ(1 + 2ηγ)], the runs stay in D₀, and float32 agrees with float64 to its own precision."""
    gen = torch.Generator().manual_seed(33)
    x0 = 2 * torch.rand(8, 32, generator=gen, dtype=F64) - 1
    dims = torch.full((8,), 32)
    T64, in64 = oc.gd_steps_to_minimum(x0, dims, L=L, gamma=GAMMA, tau=TAU, eta=ETA)
    T32, in32 = oc.gd_steps_to_minimum(x0.float(), dims, L=L, gamma=GAMMA, tau=TAU, eta=ETA)
    assert bool(in64.all()) and bool(in32.all()) and float(T64.min()) > 1e20
    assert float((T32.double() / T64 - 1).abs().max()) < 1e-5
