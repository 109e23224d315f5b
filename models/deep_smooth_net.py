"""The finite-width deep net of Du, Lee, Li, Wang and Zhai (2018b), arXiv:1811.03804 v4, eq. 2 and Section 3.3:
its output, closed-form gradients, the Gram matrices of Section 4 and eq. 13, and gradient descent on every
layer. The infinite-width kernels (Definition 5.1) and the activations are in :mod:`models.deep_smooth`.

    x^(0) = x,  z^(h) = W^(h) x^(h−1),  x^(h) = √(c_σ/m) σ(z^(h)) (h = 1..H),  u = f(x, θ) = aᵀx^(H),
    L = ½ Σ_i (u_i − y_i)²;  every entry of W^(h) and a is N(0, 1) at initialisation; all layers are trained.

Shapes: X (..., n, d); W^(1) (..., m, d), W^(h) (..., m, m) for h ≥ 2, a (..., m); y (..., n); leading
dimensions are a batch of independent nets. Gradients are written out (backpropagation, :func:`gradients`);
autograd appears only in the unit test that checks them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from models import symeig
from models.checks import InvalidInputError, check_matrix, check_size
from models.deep_smooth import Activation, get_activation


@dataclass(frozen=True)
class Net:
    """Weights W^(1) (..., m, d), W^(2..H) (..., m, m) and output layer a (..., m) of one batch of nets."""

    weights: tuple[torch.Tensor, ...]
    a: torch.Tensor

    @property
    def depth(self) -> int:
        return len(self.weights)


def init(d: int, m: int, depth: int, *, generator: torch.Generator, batch=(), dtype=torch.float64, device="cpu") -> Net:
    """Section 3.3's initialisation: every entry of every W^(h) and of a i.i.d. N(0, 1)."""
    check_size("d", d)
    check_size("m", m)
    check_size("depth", depth)
    shapes = [(m, d)] + [(m, m)] * (depth - 1) + [(m,)]
    drawn = [torch.randn(*batch, *s, generator=generator, dtype=dtype, device=device) for s in shapes]
    return Net(tuple(drawn[:-1]), drawn[-1])


def _forward(X, weights, a, act: Activation):
    xs, zs = [X], []
    for W in weights:  # over layers
        zs.append(xs[-1] @ W.transpose(-1, -2))
        xs.append(math.sqrt(act.c_sigma / W.shape[-2]) * act.sigma(zs[-1]))
    return (xs[-1] @ a.unsqueeze(-1)).squeeze(-1), xs, zs


def _checked(X: torch.Tensor, net: Net, activation, y: torch.Tensor | None = None) -> Activation:
    check_matrix("X", X, cols=net.weights[0].shape[-1])
    if y is not None and y.shape[-1] != X.shape[-2]:
        raise InvalidInputError(f"y must have n = {X.shape[-2]} entries, got shape {tuple(y.shape)}")
    return get_activation(activation)


def forward(X: torch.Tensor, net: Net, activation: str) -> tuple[torch.Tensor, list, list]:
    """u (..., n) with the hidden states [x^(0), .., x^(H)] ((..., n, width)) and pre-activations
    [z^(1), .., z^(H)], z^(h) = x^(h−1) W^(h)ᵀ, x^(h) = √(c_σ/m) σ(z^(h)), u = x^(H) a (eq. 2)."""
    return _forward(X, net.weights, net.a, _checked(X, net, activation))


def output(X: torch.Tensor, net: Net, activation: str) -> torch.Tensor:
    return forward(X, net, activation)[0]


def _backward(weights, a, act: Activation, zs, top: torch.Tensor, update=None) -> list[torch.Tensor]:
    """g^(h) = ∂(Σ_i top_i u_i)/∂z^(h) per sample, (..., n, m), h = 1..H, by the chain rule:
    g^(H) = √(c_σ/m) σ′(z^(H)) ⊙ (top ⊗ a), g^(h) = √(c_σ/m) σ′(z^(h)) ⊙ (g^(h+1) W^(h+1)).
    ``update(h, g)``, if given, is called once W^(h) is no longer needed (gradient descent updates it in place)."""
    scale = math.sqrt(act.c_sigma / a.shape[-1])
    delta = top.unsqueeze(-1) * a.unsqueeze(-2)  # ∂/∂x^(H)
    gs = []
    for h in range(len(weights) - 1, -1, -1):  # over layers, top down
        gs.append(scale * act.derivative(zs[h]) * delta)
        if h:
            delta = gs[-1] @ weights[h]
        if update is not None:
            update(h, gs[-1])
    return gs[::-1]


def gradients(X: torch.Tensor, y: torch.Tensor, net: Net, activation: str) -> tuple[Net, torch.Tensor]:
    """(∂L/∂θ as a Net of the same shapes, u) for L = ½‖u − y‖², in closed form:
    ∂L/∂W^(h) = g^(h)ᵀ x^(h−1) with g from :func:`_backward` at top = u − y, ∂L/∂a = x^(H)ᵀ(u − y)."""
    act = _checked(X, net, activation, y)
    u, xs, zs = _forward(X, net.weights, net.a, act)
    r = u - y
    gs = _backward(net.weights, net.a, act, zs, r)
    grads = tuple(g.transpose(-1, -2) @ x for g, x in zip(gs, xs[:-1], strict=True))
    return Net(grads, (r.unsqueeze(-2) @ xs[-1]).squeeze(-2)), u


def last_layer_gram(X: torch.Tensor, net: Net, activation: str) -> torch.Tensor:
    """G^(H) of eq. 13, (..., n, n): (x_i^(H−1)ᵀ x_j^(H−1)) · (c_σ/m) Σ_r a_r² σ′(w_r^(H)ᵀx_i^(H−1)) σ′(..x_j..),
    two batched matrix products. Its m → ∞ limit is K^(H) (Definition 5.1 with the corrected superscript)."""
    act = _checked(X, net, activation)
    _, xs, zs = _forward(X, net.weights, net.a, act)
    D = act.derivative(zs[-1]) * net.a.unsqueeze(-2)
    m = net.a.shape[-1]
    return (xs[-2] @ xs[-2].transpose(-1, -2)) * (D @ D.transpose(-1, -2)) * (act.c_sigma / m)


def ntk(X: torch.Tensor, net: Net, activation: str) -> torch.Tensor:
    """The all-layer Gram G = Σ_{h=1}^{H+1} G^(h) of Section 4, (..., n, n): ∂u_i/∂W^(h) = g_i^(h) x_i^(h−1)ᵀ is
    rank one, so G^(h) = (g^(h) g^(h)ᵀ) ⊙ (x^(h−1) x^(h−1)ᵀ), and G^(H+1) = x^(H) x^(H)ᵀ (a's part)."""
    act = _checked(X, net, activation)
    u, xs, zs = _forward(X, net.weights, net.a, act)
    gs = _backward(net.weights, net.a, act, zs, torch.ones_like(u))
    G = xs[-1] @ xs[-1].transpose(-1, -2)
    for g, x in zip(gs, xs[:-1], strict=True):  # over layers
        G = G + (g @ g.transpose(-1, -2)) * (x @ x.transpose(-1, -2))
    return G


def gradient_descent(
    X: torch.Tensor, y: torch.Tensor, net: Net, activation: str, *, eta: torch.Tensor | float, steps: int
) -> tuple[torch.Tensor, Net]:
    """θ(k+1) = θ(k) − η ∇L(θ(k)) on every layer (Section 3.3) for k < ``steps``; η a number or one per net
    (shape of the batch). Returns (‖u(k) − y‖² for k = 0..steps, shape (..., steps + 1), the final net).
    Each W^(h) is updated in place (on a copy) by one fused product W ← W − (ηg^(h))ᵀx^(h−1) as soon as the
    backward pass has used it."""
    act = _checked(X, net, activation, y)
    check_size("steps", steps, 0)
    batch = net.a.shape[:-1]
    eta = torch.as_tensor(eta, dtype=X.dtype, device=X.device).expand(batch)
    weights, a = [W.clone() for W in net.weights], net.a.clone()
    residuals = []
    for k in range(steps + 1):  # over GD steps
        u, xs, zs = _forward(X, weights, a, act)
        r = u - y
        residuals.append((r**2).sum(-1))
        if k == steps:
            break
        grad_a = (r.unsqueeze(-2) @ xs[-1]).squeeze(-2)

        def update(h, g, xs=xs):
            W = weights[h]
            x = xs[h].expand(*g.shape[:-2], *xs[h].shape[-2:])
            step = (eta[..., None, None] * g).transpose(-1, -2)
            flat = W.view(-1, *W.shape[-2:])
            flat.baddbmm_(step.reshape(-1, *step.shape[-2:]), x.reshape(-1, *x.shape[-2:]), alpha=-1)

        _backward(weights, a, act, zs, r, update)
        a.sub_(eta[..., None] * grad_a)
    return torch.stack(residuals, -1), Net(tuple(weights), a)


#: working-memory budget of one chunk of neurons in :func:`last_layer_gram_at_init`, in bytes
MEMORY_BYTES = 64 * 2**20


def _psd_sqrt(S: torch.Tensor) -> torch.Tensor:
    """L with L Lᵀ = S for a symmetric PSD S (..., n, n): Q diag(√λ⁺) from eigh (S may be singular, n > m or d)."""
    lam, Q = symeig.eigh(S)
    return Q * lam.clamp_min(0).sqrt().unsqueeze(-2)


def _neuron_sums(S, m: int, generator, f, g=None, memory_bytes: int = MEMORY_BYTES) -> torch.Tensor:
    """Σ_r w_r f(z_r) f(z_r)ᵀ over m neurons with z_r ~ N(0, S) i.i.d. (n-vectors, S (..., n, n)), w_r = 1, or
    w_r = a_r² with a_r ~ N(0, 1) when g is given (then f is replaced by g in the sum: the last layer's σ′).
    Chunked over neurons within ``memory_bytes`` (a loop over chunks of m, each a batched matrix product)."""
    L = _psd_sqrt(S)
    batch, n = S.shape[:-2], S.shape[-1]
    per_neuron = max(1, math.prod(batch) * n * S.element_size() * 4)
    step = max(1, min(m, memory_bytes // per_neuron))
    out = torch.zeros_like(S)
    for s in range(0, m, step):  # chunks of neurons
        k = min(step, m - s)
        z = torch.randn(*batch, k, n, generator=generator, dtype=S.dtype, device=S.device) @ L.transpose(-1, -2)
        if g is None:
            v = f(z)
        else:
            a = torch.randn(*batch, k, 1, generator=generator, dtype=S.dtype, device=S.device)
            v = g(z) * a
        out += v.transpose(-1, -2) @ v
    return out


def last_layer_gram_at_init(
    X: torch.Tensor, m: int, depth: int, activation: str, *, generator: torch.Generator, batch=()
) -> torch.Tensor:
    """G^(H)(0) of eq. 13 at Section 3.3's initialisation, (*batch, n, n), drawn in distribution through the
    n×n Grams of the layers rather than the m×m weights. Given x^(h−1), row r of W^(h) is N(0, I), so the
    pre-activations z_r^(h) = (w_rᵀx_i^(h−1))_i are i.i.d. N(0, Σ^(h−1)) over r with Σ^(h−1) = x^(h−1)x^(h−1)ᵀ
    (n×n; Σ^(0) = XXᵀ); hence Σ^(h) = (c_σ/m) Σ_r σ(z_r)σ(z_r)ᵀ and
        G^(H)(0) = Σ^(H−1) ⊙ (c_σ/m) Σ_r a_r² σ′(z_r^(H)) σ′(z_r^(H))ᵀ,
    the same law as :func:`last_layer_gram` of :func:`init` (tested), at O(H·m·n²) work a net instead of
    O(H·m²·n): widths of 10⁵ and more are cheap."""
    check_matrix("X", X)
    check_size("m", m)
    check_size("depth", depth)
    act = get_activation(activation)
    S = (X @ X.transpose(-1, -2)).expand(*batch, *X.shape[:-2], X.shape[-2], X.shape[-2])
    for _ in range(depth - 1):  # over layers
        S = _neuron_sums(S, m, generator, act.sigma) * (act.c_sigma / m)
    return S * _neuron_sums(S, m, generator, None, act.derivative) * (act.c_sigma / m)
