"""The "octopus" of Du, Jin, Lee, Jordan, Póczos, Singh 2017 (arXiv 1705.10412, Section 5 and Appendix B): a C²
function on a domain D₀ ⊂ R^d with a chain of d strict saddles, on which plain GD from a random start needs a
number of steps exponential in d to reach the local minimum, and perturbed GD a polynomial number.

Constants L (curvature of the "arms"), γ (negative curvature at a saddle), τ (scale). With |x| taken
coordinatewise and i (0-based here) the first index with |x_i| ≤ 2τ (i = d when there is none), the domain is
D₀ = ∪_i D_i, D_i = {2τ < |x_j| ≤ 6τ for j < i; |x_i| ≤ 2τ; |x_j| ≤ τ for j > i}, and on D_i (paper Eqs. 6–10)

    |x_i| ≤ τ:       f = Σ_{j<i} L(|x_j| − 4τ)² − γx_i² + Σ_{j>i} Lx_j² − iν                  (the i-th saddle)
    τ < |x_i| ≤ 2τ:  f = Σ_{j<i} L(|x_j| − 4τ)² + g₁(|x_i|) + g₂(|x_i|)x_{i+1}² + Σ_{j>i+1} Lx_j² − iν
    i = d:           f = Σ_j L(|x_j| − 4τ)² − dν                                               (the local minimum)

(for i = d − 1 the g₂ term is absent). The glue splines are

    g₁(x) = −γx² + (−14L + 10γ)/(3τ)·(x − τ)³ + (5L − 3γ)/(2τ²)·(x − τ)⁴,
    g₂(x) = −γ − 10(L + γ)/τ³·(x − 2τ)³ − 15(L + γ)/τ⁴·(x − 2τ)⁴ − 6(L + γ)/τ⁵·(x − 2τ)⁵,

so that g₁ joins −γx² at τ and L(x − 4τ)² − ν at 2τ with matching first and second derivatives, and g₂ (a
quintic smoothstep) runs from L at τ to −γ at 2τ with vanishing first and second derivatives at both ends;
ν = 4Lτ² − g₁(2τ) = 13/6·γτ² + 37/6·Lτ² makes f continuous across the pieces. The saddles sit at
(±4τ, …, ±4τ, 0, …, 0) (i coordinates ±4τ) with Hessian eigenvalue −2γ along e_i; the local minima at (±4τ)^d.
The coefficients follow the paper as transcribed in a public re-implementation (Huang & Becker 2019, PPD);
the unit tests check the gluing (value, gradient and Hessian continuous across |x_i| = τ and 2τ).

Shapes: x (B, D) with a per-row dimension ``dims`` (B,) ≤ D (coordinates ≥ dims[b] are not part of row b's
function and are ignored); every function works on the device and dtype of its inputs.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import torch

from models.checks import check_generator, check_nonnegative, check_size
from models.errors import check_positive


def nu(L: float, gamma: float, tau: float) -> float:
    """ν = 4Lτ² − g₁(2τ) = 13/6·γτ² + 37/6·Lτ² (the drop in value from one saddle to the next)."""
    L, gamma, tau = check_positive("L", L), check_positive("gamma", gamma), check_positive("tau", tau)
    return 13 / 6 * gamma * tau**2 + 37 / 6 * L * tau**2


def g1(x: torch.Tensor, L: float, gamma: float, tau: float) -> torch.Tensor:
    """g₁(x) = −γx² + (−14L + 10γ)/(3τ)(x − τ)³ + (5L − 3γ)/(2τ²)(x − τ)⁴ on τ ≤ x ≤ 2τ."""
    u = x - tau
    return -gamma * x**2 + (-14 * L + 10 * gamma) / (3 * tau) * u**3 + (5 * L - 3 * gamma) / (2 * tau**2) * u**4


def g1_prime(x: torch.Tensor, L: float, gamma: float, tau: float) -> torch.Tensor:
    u = x - tau
    return -2 * gamma * x + (-14 * L + 10 * gamma) / tau * u**2 + (10 * L - 6 * gamma) / tau**2 * u**3


def g2(x: torch.Tensor, L: float, gamma: float, tau: float) -> torch.Tensor:
    """g₂(x) = −γ − (L + γ)(10u³ + 15u⁴ + 6u⁵), u = (x − 2τ)/τ ∈ [−1, 0]: from L at τ to −γ at 2τ."""
    u = (x - 2 * tau) / tau
    return -gamma - (L + gamma) * (10 * u**3 + 15 * u**4 + 6 * u**5)


def g2_prime(x: torch.Tensor, L: float, gamma: float, tau: float) -> torch.Tensor:
    u = (x - 2 * tau) / tau
    return -(L + gamma) / tau * (30 * u**2 + 60 * u**3 + 30 * u**4)


class _Pieces(NamedTuple):
    """Where each row is: a = |x|, i the piece index, a_i = |x_i|, a_next = |x_{i+1}| (0 where absent), the
    saddle/glue flags (B,), and the masks (B, D) of the coordinates before i, at i + 1, and after (j > i on the
    saddle piece, j > i + 1 on the glue piece)."""

    a: torch.Tensor
    live: torch.Tensor
    i: torch.Tensor
    a_i: torch.Tensor
    a_next: torch.Tensor
    saddle: torch.Tensor
    glue: torch.Tensor
    before: torch.Tensor
    nxt: torch.Tensor
    after: torch.Tensor


def _pieces(x: torch.Tensor, dims: torch.Tensor | None, tau: float) -> _Pieces:
    B, D = x.shape
    dims = torch.full((B,), D, dtype=torch.long, device=x.device) if dims is None else dims
    a = x.abs()
    j = torch.arange(D, device=x.device)[None, :]
    live = j < dims[:, None]
    low = (a <= 2 * tau) & live
    i = torch.where(low.any(-1), low.to(torch.int8).argmax(-1), dims)
    inside = i < dims
    a_i = a.gather(1, i.clamp_max(D - 1)[:, None])[:, 0]
    has_next = i + 1 < dims
    a_next = torch.where(has_next, a.gather(1, (i + 1).clamp_max(D - 1)[:, None])[:, 0], torch.zeros_like(a_i))
    saddle = inside & (a_i <= tau)
    glue = inside & ~saddle
    before = (j < i[:, None]) & live
    nxt = (j == i[:, None] + 1) & live
    after = live & ((j > i[:, None]) & saddle[:, None] | (j > i[:, None] + 1) & glue[:, None])
    return _Pieces(a, live, i, a_i, a_next, saddle, glue, before, nxt, after)


def octopus(x: torch.Tensor, L: float, gamma: float, tau: float, dims: torch.Tensor | None = None) -> torch.Tensor:
    """f(x) (B,) on D₀ (the module docstring's Eqs. 6–10); outside D₀ the value is that of the piece picked by
    the index i and means nothing (see :func:`in_domain`)."""
    p = _pieces(x, dims, tau)
    a, a_i = p.a, p.a_i
    f = (L * (a - 4 * tau) ** 2 * p.before).sum(-1) + (L * a**2 * p.after).sum(-1) - p.i.to(x.dtype) * nu(L, gamma, tau)
    f = f + torch.where(p.saddle, -gamma * a_i**2, torch.zeros_like(a_i))
    glued = g1(a_i, L, gamma, tau) + g2(a_i, L, gamma, tau) * p.a_next**2
    return f + torch.where(p.glue, glued, torch.zeros_like(a_i))


def octopus_grad(x: torch.Tensor, L: float, gamma: float, tau: float, dims: torch.Tensor | None = None) -> torch.Tensor:
    """∇f(x) (B, D) in closed form, sign(x_j)·∂f/∂|x_j| with ∂/∂|x_j| = 2L(|x_j| − 4τ) for j < i; −2γ|x_i| (saddle)
    or g₁'(|x_i|) + g₂'(|x_i|)x_{i+1}² (glue) at i; 2g₂(|x_i|)|x_{i+1}| at i + 1 on the glue piece; 2L|x_j| for
    the later coordinates. Zero on the coordinates ≥ dims."""
    p = _pieces(x, dims, tau)
    a, a_i, D = p.a, p.a_i, x.shape[1]
    at = torch.nn.functional.one_hot(p.i.clamp_max(D - 1), D).bool() & (p.saddle | p.glue)[:, None]
    d_at = torch.where(
        p.saddle, -2 * gamma * a_i, g1_prime(a_i, L, gamma, tau) + g2_prime(a_i, L, gamma, tau) * p.a_next**2
    )
    da = 2 * L * (a - 4 * tau) * p.before + 2 * L * a * p.after + d_at[:, None] * at
    da = da + (2 * g2(a_i, L, gamma, tau))[:, None] * a * (p.nxt & p.glue[:, None])
    return torch.sign(x) * da


def in_domain(x: torch.Tensor, tau: float, dims: torch.Tensor | None = None) -> torch.Tensor:
    """x ∈ D₀ (B,) bool: every |x_j| ≤ 6τ and |x_j| ≤ τ for the coordinates after the first one ≤ 2τ."""
    p = _pieces(x, dims, tau)
    j = torch.arange(x.shape[1], device=x.device)[None, :]
    bad = p.live & ((p.a > 6 * tau) | ((j > p.i[:, None]) & (p.a > tau)))
    return ~bad.any(-1)


def gd_steps_to_minimum(
    x0: torch.Tensor,
    dims: torch.Tensor,
    *,
    L: float,
    gamma: float,
    tau: float,
    eta: float,
    jump: bool = True,
    max_events: int | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Plain GD x_{t+1} = x_t − η∇f(x_t) on the octopus from x0 (B, D) (rows of dimension dims (B,)), run until it
    enters D_d, the piece of the local minimum (every |x_j| > 2τ). Returns (T, inside): T (B,) the first t with
    x_t ∈ D_d (a float: it may exceed 2⁵³), and inside (B,) whether the whole trajectory stayed in D₀. A row that
    leaves D₀ is followed no further (outside the octopus it may diverge to inf and never reach D_d): its T is the
    step at which it left. A row still short of D_d after ``max_events`` events has T = +inf (not reached).

    Requires 0 < η < 1/(2L) (then every update factor below is positive, no coordinate changes sign, and GD is
    the same map on |x|). Along the way the coordinates j ≥ i shrink or grow geometrically by factors that do not
    depend on them (the pieces are quadratic in them), so they are carried as log|x_j|: in float64 they would
    underflow to 0 after ≈ 745/log(1/(1 − 2ηL)) steps, and 0 is a fixed point, which exact GD never reaches. The
    coordinates j < i (already past 2τ) are carried as |x_j|. One event moves every row by:

    * on the saddle piece (|x_i| ≤ τ) the map is linear: |x_i| ← (1 + 2ηγ)|x_i|, |x_j| ← (1 − 2ηL)|x_j| for j > i,
      |x_j| − 4τ ← (1 − 2ηL)(|x_j| − 4τ) for j < i. With ``jump`` the n steps up to the first one that takes
      |x_i| past τ, n = ⌊(log τ − log|x_i|)/log(1 + 2ηγ)⌋ + 1, are taken at once (n-th powers of the same
      factors: the same iterates as n single steps, up to rounding); without it one step;
    * on the glue piece (τ < |x_i| ≤ 2τ) one step: |x_i| ← |x_i| − η(g₁'(|x_i|) + g₂'(|x_i|)x_{i+1}²),
      |x_{i+1}| ← (1 − 2ηg₂(|x_i|))|x_{i+1}|, the others as above; when |x_i| passes 2τ the row moves to D_{i+1}.

    ``jump`` = False is GD step by step (the reference the unit tests compare with, and with plain float64 GD
    where that does not underflow); the number of events with ``jump`` is d times the few glue steps, about four
    a saddle at the paper's constants (L = τ = e, γ = 1, η = 1/(4L)). The glue piece is crossed one step at a
    time, by steps of order ηγτ, so where γ ≪ L the count runs to ~1/(ηγ) events a saddle: ``max_events`` bounds
    it (None: no bound).
    """
    L, gamma, tau = check_positive("L", L), check_positive("gamma", gamma), check_positive("tau", tau)
    eta = check_positive("eta", eta)
    if not 0 < eta * L < 0.5:
        raise ValueError(f"gd_steps_to_minimum needs 0 < eta < 1/(2L), got eta·L = {eta * L}")
    B = x0.shape[0]
    device = x0.device
    state = _Escape(
        x0.abs().log(),
        x0.abs().clone(),
        torch.zeros(B, dtype=torch.long, device=device),
        torch.zeros(B, dtype=x0.dtype, device=device),
        torch.ones(B, dtype=torch.bool, device=device),
    )
    events = 0
    while True:
        live = (state.i < dims) & state.inside
        if not bool(live.any()):
            return state.T, state.inside
        if max_events is not None and events >= max_events:
            return torch.where(live, torch.full_like(state.T, math.inf), state.T), state.inside
        state = _escape_event(state, live, dims, L, gamma, tau, eta, jump)
        events += 1


class _Escape(NamedTuple):
    """The state of :func:`gd_steps_to_minimum`: ell = log|x_j| (B, D), big = |x_j| for the coordinates already
    past 2τ, i the piece index, T the steps so far, inside whether the run stayed in D₀ (all (B,))."""

    ell: torch.Tensor
    big: torch.Tensor
    i: torch.Tensor
    T: torch.Tensor
    inside: torch.Tensor


def _saddle_steps(ell_i, saddle, live, lam_g: float, log_tau: float, jump: bool):
    """(n, landed): the steps taken at once by each row on the saddle piece (one on the glue piece, none past the
    end) and where log|x_i| lands after them."""
    if jump:
        frac = (log_tau - ell_i) / lam_g
        n = torch.where(saddle, torch.floor(frac) + 1, torch.ones_like(frac))
        # where |x_i| lands, log τ + λ_γ(n − frac) ∈ (log τ, log τ + λ_γ]: the same number as log|x_i| + nλ_γ,
        # but once ulp(log|x_i|) exceeds λ_γ (T ≳ 10¹⁵ in float64, 10⁶ in float32) the sum would land
        # anywhere, and this stays in the window (the position in it moves T by O(1) steps only)
        landed = log_tau + lam_g * (n - frac)
    else:
        n = torch.ones_like(ell_i)
        landed = ell_i + lam_g
    return torch.where(live, n, torch.zeros_like(n)), landed


def _escape_event(state: _Escape, live, dims, L: float, gamma: float, tau: float, eta: float, jump: bool) -> _Escape:
    """One event of :func:`gd_steps_to_minimum`: a jump over the saddle piece or one glue step, for every row."""
    ell, big, i, T, inside = state
    D = ell.shape[-1]
    dtype = ell.dtype
    lam_L, lam_g = -math.log1p(-2 * eta * L), math.log1p(2 * eta * gamma)
    log_tau, r = math.log(tau), 1 - 2 * eta * L
    j = torch.arange(D, device=ell.device)[None, :]
    ell_i = ell.gather(1, i.clamp_max(D - 1)[:, None])[:, 0]
    saddle = live & (ell_i <= log_tau)
    glue = live & ~saddle
    n, landed = _saddle_steps(ell_i, saddle, live, lam_g, log_tau, jump)
    has_next = live & (i + 1 < dims)
    # glue step of the active coordinate, from the values before the step
    a_i = ell_i.exp()
    ell_next = ell.gather(1, (i + 1).clamp_max(D - 1)[:, None])[:, 0]
    b2 = torch.where(has_next, (2 * ell_next).exp(), torch.zeros_like(a_i))
    a_new = a_i - eta * (g1_prime(a_i, L, gamma, tau) + g2_prime(a_i, L, gamma, tau) * b2)
    grow_next = torch.log1p(-2 * eta * g2(a_i, L, gamma, tau))
    # later coordinates: factor (1 − 2ηL)^n, except x_{i+1} on the glue piece
    later = (j > i[:, None]) & live[:, None]
    nxt = (j == i[:, None] + 1) & glue[:, None]
    ell = torch.where(nxt, ell + grow_next[:, None], torch.where(later, ell - lam_L * n[:, None], ell))
    at = (j == i[:, None]) & live[:, None]
    ell_at = torch.where(saddle, landed, a_new.clamp_min(torch.finfo(dtype).tiny).log())
    ell = torch.where(at, ell_at[:, None], ell)
    done = (j < i[:, None]) & live[:, None]
    big = torch.where(done, 4 * tau + r ** n[:, None] * (big - 4 * tau), big)
    # the row moves to D_{i+1} when |x_i| passes 2τ; a glue step that falls back below τ stays at i
    passed = glue & (a_new > 2 * tau)
    big = torch.where(at & passed[:, None], a_new[:, None], big)
    i = i + passed.long()
    # D₀ after the step: |x_j| ≤ τ past the active index, ≤ 2τ at it (else the piece index would skip), ≤ 6τ
    limit = torch.where(j > i[:, None], log_tau, math.log(2 * tau))
    bad = ((j >= i[:, None]) & (j < dims[:, None]) & (ell > limit)).any(-1) | ((big > 6 * tau) & done).any(-1)
    return _Escape(ell, big, i, T + n, inside & ~(live & (bad | (a_new > 6 * tau) & glue)))


def perturbed_gd_steps_to_minimum(
    x0: torch.Tensor,
    dims: torch.Tensor,
    *,
    L: float,
    gamma: float,
    tau: float,
    eta: float,
    radius: float,
    g_thres: float,
    t_thres: int,
    max_steps: int,
    generator: torch.Generator,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Perturbed GD (Jin, Ge, Netrapalli, Kakade, Jordan 2017, Algorithm 2, without the f_thres stopping rule) on
    the octopus from x0 (B, D), rows of dimension dims (B,): at step t, when ‖∇f(x_t)‖ ≤ g_thres and no
    perturbation happened in the last t_thres steps, x_t ← x_t + ξ with ξ uniform in the ball of radius
    ``radius`` of R^{dims[b]}; then x_{t+1} = x_t − η∇f(x_t). Plain float64 arithmetic: a perturbation resets
    the small coordinates to the order radius/√d, so nothing underflows between two of them.

    Returns (T, inside): T (B,) the first t with x_t ∈ D_d (every |x_j| > 2τ), ``max_steps`` where none is
    reached; inside (B,) whether every iterate up to T stayed in D₀."""
    L, gamma, tau = check_positive("L", L), check_positive("gamma", gamma), check_positive("tau", tau)
    eta = check_positive("eta", eta)
    radius, g_thres = check_nonnegative("radius", radius), check_nonnegative("g_thres", g_thres)
    t_thres, max_steps = check_size("t_thres", t_thres), check_size("max_steps", max_steps)
    check_generator("generator", generator)
    B, D = x0.shape
    kw = {"dtype": x0.dtype, "device": x0.device}
    live = torch.arange(D, device=x0.device)[None, :] < dims[:, None]
    x = x0 * live
    last_noise = torch.full((B,), -(10**9), dtype=torch.long, device=x0.device)
    hit = torch.full((B,), max_steps, dtype=torch.long, device=x0.device)
    inside = torch.ones(B, dtype=torch.bool, device=x0.device)
    for t in range(max_steps):
        reached = ((x.abs() > 2 * tau) | ~live).all(-1)
        hit = torch.where(reached & (hit == max_steps), t, hit)
        if bool((hit < max_steps).all()):
            break
        running = hit == max_steps
        inside = inside & (in_domain(x, tau, dims) | ~running)
        g = octopus_grad(x, L, gamma, tau, dims)
        kick = (g.norm(dim=-1) <= g_thres) & (t - last_noise > t_thres)
        xi = torch.randn(B, D, generator=generator, **kw) * live
        u = torch.rand(B, generator=generator, **kw) ** (1 / dims.to(x0.dtype))
        xi = xi / xi.norm(dim=-1, keepdim=True) * (radius * u)[:, None]
        x = torch.where(kick[:, None], x + xi, x)
        last_noise = torch.where(kick, t, last_noise)
        x = x - eta * octopus_grad(x, L, gamma, tau, dims)
    return hit, inside
