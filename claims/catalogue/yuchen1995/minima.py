"""Search for local minima of L(W₁, W₂) = ‖Y − W₂H‖_F² and verify them beyond a PSD Hessian.

The search (:func:`search`): Levenberg–Marquardt from a start, then Newton refinement on the positive part of
the autograd Hessian for the end points that did not reach L = 0 (models.sigmoid_net).

The verification (:func:`classify`) sorts each end point into one class; *global*, *strict_min*, *morse_bott*
and *dead* are the classes it calls minima. Of the three with L > 0 only *strict_min* (positive definite
Hessian) and *dead* (an exactly flat region) are proven (VERIFIED_BAD); *morse_bott* rests on a Hessian with
eigenvalues within eig_tol of 0 and a check at a few points, evidence and not proof, so a verdict counts it
undecided (UNDECIDED), never as a failure; likewise *descent*, evidence that a degenerate point is not a
minimum, is undecided, never a pass:

* ``global``: L ≤ zero_tol (the global value 0 within rounding; the theorem's width interpolates).
* ``plateau``: some sigmoid unit is saturated on every sample (max_i σ′(z_ji) ≤ √eps), or a near-flat
  eigendirection of ∇²L moves input weights only where the samples are saturated (a partial plateau,
  :func:`_saturated`): gradient and curvature there sit below float64's resolution, so "∇L = 0, ∇²L ≽ 0"
  says nothing. The exact
  gradient at such a point is a sum of terms e^{−|z|}, nonzero unless they cancel; the suite does not count a
  plateau as a minimum (a genuine minimum inside a saturated region would be missed: this search cannot see it).
* ``not_critical``: ‖∇L‖ > conv_tol, or ‖∇L‖ above rounding level with a direction of negative curvature
  (λ_min(∇²L) < −eig_tol): the search ended at no critical point (it found no minimum; typically a slow
  drift along a saddle's valley toward saturation).
* ``unconverged``: rounding level < ‖∇L‖ ≤ conv_tol with ∇²L ≽ −eig_tol: it looks like the approach to a
  (possibly degenerate) minimum that Newton could not finish (undecided).
* ``saddle``: critical (‖∇L‖ ≤ witness.grad_rounding_tol) with λ_min(∇²L) < −eig_tol (not a minimum).
* ``strict_min``: critical with λ_min > eig_tol (second-order sufficient condition).
* ``dead`` (relu): every unit dead with a positive margin (models.sigmoid_net.dead_margin) and critical: L is
  locally the loss of the constant unit alone, an exact (flat) local minimum.
* ``morse_bott``: critical, PSD, singular, and numerically Morse–Bott: for every null eigenvector u, both
  θ + s·u and θ − s·u refined by Newton return to a critical point with the same loss (within loss_tol), PSD,
  and the same nullity (both signs, so the label does not depend on the sign the eigensolver gives u). A
  critical set that is a manifold of constant value whose dimension equals the Hessian's nullity, with the
  Hessian positive definite across it, is a set of local minima (Morse–Bott lemma); the test checks this at a
  few points, not on a neighbourhood (evidence, not proof, for a found point; for a constructed point the
  manifold is known, see :func:`morse_bott_known`).
* ``descent``: PSD and singular, and some step along ±u (a null direction) lowers L by more than loss_tol
  at some step in 1e-6…1e-3 (witness.descent_certificate). Evidence that the point is not a minimum, not
  proof, so a verdict counts it undecided: u's eigenvalue is only known within eig_tol of 0, and where the
  exact one is a small positive λ the point can be a local minimum whose basin along u (≈ λ/|∂³L[u,u,u]|) is
  narrower than the smallest step. A split minimum with shares (1 − δ, δ) is one: its curvature across the
  copies is ∝ δ, and at δ ≤ 1e-12 it is labelled descent (tests).
* ``undecided``: PSD and singular, neither certified.

Every verified class is checked again by random probes in balls of radii 1e-6…1e-4·(1 + ‖θ‖): a drop of L by
more than loss_tol demotes the point to ``undecided``.
"""

from __future__ import annotations

import torch

from claims.engine import witness
from models import sigmoid_net as sn
from models import symeig

CLASSES = (
    "global",
    "plateau",
    "not_critical",
    "unconverged",
    "saddle",
    "strict_min",
    "dead",
    "morse_bott",
    "descent",
    "undecided",
)
#: classes the classifier calls local minima with L > 0 (each checked again by ball probes)
CALLED_BAD = ("strict_min", "dead", "morse_bott")
#: of those, the proven ones: λ_min(∇²L) > eig_tol, or every unit dead with a positive margin
VERIFIED_BAD = ("strict_min", "dead")
NOT_MINIMA = ("plateau", "not_critical", "saddle")
#: a verdict counts these undecided: not converged, or degenerate (eigenvalues within eig_tol of 0), where a
#: numerical test gives evidence either way at most (morse_bott: a minimum; descent: not one), no proof
UNDECIDED = ("unconverged", "undecided", "morse_bott", "descent")
CODE = {name: i for i, name in enumerate(CLASSES)}

PROBE_RADII = (1e-6, 1e-5, 1e-4)
DESCENT_STEPS = torch.logspace(-6, -3, 7, dtype=torch.float64)


def search(theta0, X, Y, shape: sn.Shape, *, lm_steps: int, newton_steps: int, zero_tol) -> torch.Tensor:
    """LM from θ₀ (B, p); end points above zero_tol get 2·lm_steps more LM steps and Newton refinement."""
    theta = sn.levenberg_marquardt(theta0, X, Y, shape, steps=lm_steps, done_below=zero_tol)
    left = (sn.flat_loss_batched(theta, X, Y, shape) > zero_tol).nonzero()[:, 0]
    if left.numel() and newton_steps:
        sub = sn.levenberg_marquardt(theta[left], X[left], Y[left], shape, steps=2 * lm_steps)
        sub = sn.newton_refine(sub, X[left], Y[left], shape, steps=newton_steps)
        theta = theta.index_copy(0, left, sub)
    return theta


def zero_tolerance(Y: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """64·d₂·m·eps·(1 + ‖Y‖_F²): a loss this small is the global value 0 to rounding (the residual's entries
    are O(eps·(1 + |y|)) at an exact interpolant computed in ``dtype``)."""
    n = Y.shape[-1] * Y.shape[-2]
    return 64 * n * torch.finfo(dtype).eps * (1 + Y.square().sum((-2, -1)))


def _null_directions(Hm: torch.Tensor, eig_tol: torch.Tensor):
    """(eigenvectors (B, p, p), mask (B, p) of the eigenvalues with |λ| ≤ eig_tol)."""
    lam, U = symeig.eigh((Hm + Hm.mT) / 2)
    return U, lam.abs() <= eig_tol[:, None]


def numerical_morse_bott(theta, X, Y, shape: sn.Shape, *, step: float = 1e-3, newton_steps: int = 6):
    """Per candidate (B,): True where every null direction u of ∇²L leads, from both θ + step·(1 + ‖θ‖)·u and
    θ − step·(1 + ‖θ‖)·u and Newton refinement, back to a critical point with the same loss, a PSD Hessian and
    the same nullity. Both signs: a critical manifold of minima extends both ways, and the eigensolver's sign
    for u is arbitrary (with +u alone the label of a point changed with it)."""
    B, p = theta.shape
    f = sn.flat_loss(shape)
    e0 = witness.examine(f, theta, (X, Y))
    U, null = _null_directions(sn.hessian_closed_form(theta, X, Y, shape), e0.eig_tol)
    k0 = null.sum(-1)
    s = step * (1 + theta.norm(dim=-1))
    sign = torch.tensor([1.0, -1.0], dtype=theta.dtype, device=theta.device)
    # row (j, ±): θ ± s·u_j
    moved = theta[:, None, None, :] + (s[:, None, None, None] * sign[None, None, :, None]) * U.mT[:, :, None, :]
    n = 2 * p
    rep = lambda t: t.repeat_interleave(n, 0)  # noqa: E731
    back = sn.newton_refine(moved.reshape(B * n, p), rep(X), rep(Y), shape, steps=newton_steps)
    e1 = witness.examine(f, back, (rep(X), rep(Y)))
    _, null1 = _null_directions(sn.hessian_closed_form(back, rep(X), rep(Y), shape), e1.eig_tol)
    same = (
        e1.critical
        & e1.psd
        & ((e1.loss - rep(e0.loss)).abs() <= witness.loss_tolerance(rep(e0.loss)))
        & (null1.sum(-1) == rep(k0))
    ).reshape(B, p, 2)
    return (same.all(-1) | ~null).all(-1) & (k0 > 0)


def morse_bott_known(e: witness.Examination, Hm: torch.Tensor, nullity: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The certificate for a constructed point on a known critical manifold of dimension ``nullity`` (constant
    loss along it, so its tangent vectors are exact null vectors of ∇²L): exactly ``nullity`` computed
    eigenvalues in [−eig_tol, eig_tol] and every other one > 2·eig_tol. Then the exact Hessian (within eig_tol
    of the computed one, Weyl) is positive definite across the manifold: a Morse–Bott set of local minima.
    Returns (certified (B,), margin 1 − 2·eig_tol/λ_rest (B,), λ_rest the smallest eigenvalue outside the band)."""
    lam = symeig.eigvalsh((Hm + Hm.mT) / 2)
    band = lam.abs() <= e.eig_tol[:, None]
    rest = torch.where(band, torch.full_like(lam, torch.inf), lam).amin(-1)
    margin = torch.where(rest > 0, 1 - 2 * e.eig_tol / rest, -torch.ones_like(rest))
    return e.critical & (band.sum(-1) == nullity) & (margin > 0), margin


def ball_probe_drop(theta, X, Y, shape: sn.Shape, *, probes: int, generator) -> torch.Tensor:
    """max over random unit directions u and radii ρ·(1 + ‖θ‖), ρ ∈ PROBE_RADII, of (L(θ) − L(θ + ρu)) / loss_tol
    (B,): above 1 a nearby point is lower than rounding allows at a local minimum."""
    B, p = theta.shape
    u = torch.randn(B, probes, p, generator=generator, dtype=theta.dtype, device=theta.device)
    u = u / u.norm(dim=-1, keepdim=True)
    radii = torch.tensor(PROBE_RADII, dtype=theta.dtype, device=theta.device)
    pts = (
        theta[:, None, None, :]
        + (radii[None, :, None, None] * (1 + theta.norm(dim=-1))[:, None, None, None]) * (u[:, None])
    )
    n = len(PROBE_RADII) * probes
    f0 = sn.flat_loss_batched(theta, X, Y, shape)
    f1 = sn.flat_loss_batched(pts.reshape(B * n, p), X.repeat_interleave(n, 0), Y.repeat_interleave(n, 0), shape)
    return ((f0[:, None] - f1.reshape(B, n)) / witness.loss_tolerance(f0)[:, None]).amax(-1)


def _saturated(theta, X, Y, shape: sn.Shape) -> torch.Tensor:
    """(B,) True where a sigmoid unit is saturated on every sample (max_i σ′(z_ji) ≤ √eps), or where the soft
    part of the spectrum (eigenvalues with |λ| ≤ √eps·‖∇²L‖_F) has an eigenvector u that moves the input weights
    (‖U₁‖_F ≥ 1e-3) and shifts the pre-activation of some saturated sample (σ′(z_ji) ≤ √eps) by at least
    1e-3·‖U₁‖_F‖X‖₂: along it the exact loss changes through terms of size e^{−|z|} that float64 cannot
    resolve (a partial plateau: e.g. a valley of exact fits of the unsaturated samples, whose value varies
    only through the saturated ones). The flat directions of a split (moving output weight between identical
    copies) have U₁ = 0 and are not affected."""
    root = torch.finfo(torch.float64).eps ** 0.5
    if shape.activation != "sigmoid":
        return torch.zeros(theta.shape[0], dtype=torch.bool, device=theta.device)
    W1, _ = shape.split(theta)
    S = sn.act_prime(W1 @ X, "sigmoid")  # (B, k, m)
    whole = (S.amax(-1) <= root).any(-1)
    Hm = sn.hessian_closed_form(theta, X, Y, shape)
    lam, U = symeig.eigh(Hm)
    # |λ|: a resolved negative eigenvalue is curvature, not flatness (a strict saddle whose descent direction
    # touches a saturated sample was called a plateau)
    soft = lam.abs() <= root * torch.linalg.matrix_norm(Hm, "fro")[:, None]
    U1, _ = shape.split(U.mT)  # (B, p, k, d0): the input-weight part of each eigenvector
    shift = (U1 @ X[:, None]).abs() * (root >= S)[:, None]  # (B, p, k, m): moves of saturated pre-activations
    size = U1.flatten(-2).norm(dim=-1)
    touches = shift.flatten(-2).amax(-1) >= 1e-3 * size * torch.linalg.matrix_norm(X, 2)[:, None]
    flat = soft & (size >= 1e-3) & touches
    return whole | flat.any(-1)


def classify(theta, X, Y, shape: sn.Shape, *, zero_tol, conv_tol, probes: int, generator) -> torch.Tensor:
    """The class code (B,) of each end point (see the module docstring), computed in float64; zero_tol and
    conv_tol are per-trial tolerances (B,) (or scalars)."""
    theta, X, Y = (t.to(torch.float64) for t in (theta, X, Y))
    B = theta.shape[0]
    zero_tol, conv_tol = (
        torch.as_tensor(t, dtype=torch.float64, device=theta.device).expand(B) for t in (zero_tol, conv_tol)
    )
    code = torch.full((B,), CODE["global"], dtype=torch.long, device=theta.device)
    loss = sn.flat_loss_batched(theta, X, Y, shape)
    idx = (loss > zero_tol).nonzero()[:, 0]
    if not idx.numel():
        return code
    th, x, y = theta[idx], X[idx], Y[idx]
    e = witness.examine(sn.flat_loss(shape), th, (x, y))
    sub = torch.full((idx.numel(),), CODE["undecided"], dtype=torch.long, device=theta.device)
    sub = torch.where(e.critical & e.psd, sub, CODE["unconverged"])
    not_critical = (e.grad_norm > conv_tol[idx]) | (~e.critical & (e.eig_min < -e.eig_tol))
    sub = torch.where(not_critical, CODE["not_critical"], sub)
    sub = torch.where(e.strict_saddle, CODE["saddle"], sub)
    sub = torch.where(e.strict_minimum, CODE["strict_min"], sub)
    if shape.activation == "relu":
        W1, _ = shape.split(th)
        sub = torch.where(e.critical & (sn.dead_margin(W1, x) > 0), CODE["dead"], sub)
    sub = torch.where(_saturated(th, x, y, shape), CODE["plateau"], sub)
    degenerate = (sub == CODE["undecided"]).nonzero()[:, 0]
    if degenerate.numel():
        sub = sub.index_put((degenerate,), _degenerate(th[degenerate], x[degenerate], y[degenerate], shape))
    verified = torch.isin(sub, torch.tensor([CODE[c] for c in CALLED_BAD], device=sub.device))
    if verified.any():
        v = verified.nonzero()[:, 0]
        drop = ball_probe_drop(th[v], x[v], y[v], shape, probes=probes, generator=generator)
        sub = sub.index_put((v,), torch.where(drop > 1, CODE["undecided"], sub[v]))
    return code.index_put((idx,), sub)


def _degenerate(th, x, y, shape: sn.Shape) -> torch.Tensor:
    """Classes of critical, PSD, singular points: morse_bott, descent or undecided."""
    out = torch.full((th.shape[0],), CODE["undecided"], dtype=torch.long, device=th.device)
    out = torch.where(numerical_morse_bott(th, x, y, shape), CODE["morse_bott"], out)
    f = sn.flat_loss(shape)
    e = witness.examine(f, th, (x, y))
    U, null = _null_directions(sn.hessian_closed_form(th, x, y, shape), e.eig_tol)
    p = th.shape[-1]
    rep = lambda t: t.repeat_interleave(p, 0)  # noqa: E731
    found = torch.zeros(th.shape[0], dtype=torch.bool, device=th.device)
    for sign in (1.0, -1.0):
        ok, _ = witness.descent_certificate(f, rep(th), sign * U.mT.reshape(-1, p), DESCENT_STEPS, (rep(x), rep(y)))
        found |= (ok.reshape(-1, p) & null).any(-1)
    return torch.where(found & (out != CODE["morse_bott"]), CODE["descent"], out)
