"""Deep linear networks (Chitour, Liao, Couillet 2018, arXiv:1811.03568, Liao's slides (with Chitour, Couillet);
Kawaguchi 2016, Golikov's lecture notes (MIPT 2019)).

    L(W) = ½‖Y − W_{H+1} ⋯ W₁ X‖_F²,    W_j ∈ R^{d_j × d_{j−1}},  X ∈ R^{d₀ × n},  Y ∈ R^{d_{H+1} × n}
    ∂L/∂W_j = (W_{H+1} ⋯ W_{j+1})ᵀ E (W_{j−1} ⋯ W₁ X)ᵀ,       E = W_{H+1} ⋯ W₁ X − Y
    C_j = W_{j+1}ᵀ W_{j+1} − W_j W_jᵀ ∈ R^{d_j × d_j}           (j = 1..H; constant under gradient flow)

Weights are a list of H+1 tensors of shape (B, d_j, d_{j−1}): a batch of B independent trials along the
leading dimension. X is (B, d₀, n) or (d₀, n) and Y likewise; they broadcast. The loop over layers is a
loop over the depth H + 1 (a handful), never over sizes or trials.

GD: W_j ← W_j − η ∂L/∂W_j. Exact one-step change of the invariant (derived here: W_{j+1}ᵀ G_{j+1} = G_j W_jᵀ
since both equal A_{j+1}ᵀ E B_jᵀ ... with A, B the outer products, so the O(η) terms cancel):

    C_j(k+1) − C_j(k) = η² (G_{j+1}ᵀ G_{j+1} − G_j G_jᵀ)

so the drift over a fixed time T = Kη is at most η · Σ_k η(‖G_{j+1}‖_F² + ‖G_j‖_F²): linear in η.
"""

from __future__ import annotations

import itertools
import math

import torch

from models import symeig
from models.checks import (
    InvalidInputError,
    check_generator,
    check_nonnegative,
    check_positive,
    check_positive_values,
    check_size,
)


def product(Ws: list[torch.Tensor], lo: int = 0, hi: int | None = None) -> torch.Tensor:
    """W_hi ⋯ W_{lo+1} (0-based list indices lo..hi−1), (B, d_hi, d_lo); the identity when lo == hi."""
    hi = len(Ws) if hi is None else hi
    if lo == hi:
        d = Ws[lo].shape[-1] if lo < len(Ws) else Ws[-1].shape[-2]
        return torch.eye(d, dtype=Ws[0].dtype, device=Ws[0].device).expand(Ws[0].shape[0], d, d)
    P = Ws[lo]
    for W in Ws[lo + 1 : hi]:
        P = W @ P
    return P


def residual(Ws: list[torch.Tensor], X: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    """E = W_{H+1} ⋯ W₁ X − Y, (B, d_{H+1}, n)."""
    return product(Ws) @ X - Y


def loss(Ws: list[torch.Tensor], X: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    """½‖Y − W_{H+1} ⋯ W₁ X‖_F², (B,)."""
    return 0.5 * residual(Ws, X, Y).square().sum((-2, -1))


def grads(Ws: list[torch.Tensor], X: torch.Tensor, Y: torch.Tensor) -> list[torch.Tensor]:
    """[∂L/∂W_j] in closed form: (W_{H+1}⋯W_{j+1})ᵀ E (W_{j−1}⋯W₁X)ᵀ, by prefix and suffix products."""
    prefix = [X.expand(Ws[0].shape[0], *X.shape[-2:])]  # prefix[j] = W_j ⋯ W_1 X
    for W in Ws:
        prefix.append(W @ prefix[-1])
    E = prefix[-1] - Y
    out: list[torch.Tensor] = [None] * len(Ws)  # type: ignore[list-item]
    back = E  # (W_{H+1} ⋯ W_{j+1})ᵀ E, built from the top
    for j in range(len(Ws) - 1, -1, -1):
        out[j] = back @ prefix[j].transpose(-1, -2)
        back = Ws[j].transpose(-1, -2) @ back
    return out


def grad_norm(Ws, X, Y) -> torch.Tensor:
    """‖∇L‖ over all layers, (B,)."""
    return torch.sqrt(sum(G.square().sum((-2, -1)) for G in grads(Ws, X, Y)))


def invariants(Ws: list[torch.Tensor], transposed: bool = False) -> list[torch.Tensor]:
    """[C_j] = [W_{j+1}ᵀW_{j+1} − W_jW_jᵀ] for j = 1..H; ``transposed`` gives W_{j+1}W_{j+1}ᵀ − W_jᵀW_j (a
    mutant's wrong expression, defined only when d_{j+1} = d_{j−1})."""
    if transposed:
        return [Ws[j + 1] @ Ws[j + 1].mT - Ws[j].mT @ Ws[j] for j in range(len(Ws) - 1)]
    return [Ws[j + 1].mT @ Ws[j + 1] - Ws[j] @ Ws[j].mT for j in range(len(Ws) - 1)]


def init(dims, *, batch: int, scale: float, generator, dtype=torch.float64, device="cpu") -> list[torch.Tensor]:
    """W_j with i.i.d. N(0, scale²/d_{j−1}) entries, dims = (d₀, …, d_{H+1})."""
    batch, scale = check_size("batch", batch), check_nonnegative("scale", scale)
    check_generator("generator", generator)
    return [
        torch.randn(batch, dims[j + 1], dims[j], generator=generator, dtype=dtype, device=device)
        * (scale / dims[j] ** 0.5)
        for j in range(len(dims) - 1)
    ]


def gd(Ws, X, Y, *, eta, steps: int, track_grad_sq: bool = False):
    """``steps`` GD steps of size η (a scalar or (B,) tensor). Returns (Ws, Σ_k η²‖G_j(k)‖_F² per layer j
    as a (B, H+1) tensor when ``track_grad_sq``, else None). Used with small η as the Euler scheme of the
    gradient flow dW/dt = −∇L (error O(η) over a fixed time)."""
    check_positive_values("eta", eta)
    steps = check_size("steps", steps, 0)
    eta_t = torch.as_tensor(eta, dtype=Ws[0].dtype, device=Ws[0].device)
    eta_b = eta_t.reshape(-1, 1, 1) if eta_t.ndim else eta_t
    acc = torch.zeros(Ws[0].shape[0], len(Ws), dtype=Ws[0].dtype, device=Ws[0].device) if track_grad_sq else None
    Ws = list(Ws)
    for _ in range(steps):
        G = grads(Ws, X, Y)
        if track_grad_sq:
            acc += torch.stack([g.square().sum((-2, -1)) for g in G], -1) * eta_t.reshape(-1, 1) ** 2
        Ws = [W - eta_b * g for W, g in zip(Ws, G, strict=True)]
    return Ws, acc


def flatten(Ws: list[torch.Tensor]) -> torch.Tensor:
    """(B, p) with p = Σ_j d_j d_{j−1}."""
    return torch.cat([W.reshape(W.shape[0], -1) for W in Ws], -1)


def unflatten(x: torch.Tensor, dims) -> list[torch.Tensor]:
    """Inverse of :func:`flatten` for one unbatched (p,) vector or a batch (..., p)."""
    out, at = [], 0
    for j in range(len(dims) - 1):
        size = dims[j + 1] * dims[j]
        out.append(x[..., at : at + size].reshape(*x.shape[:-1], dims[j + 1], dims[j]))
        at += size
    return out


def flat_loss(dims):
    """f(x, X, Y) = L(unflatten(x)) for one unbatched candidate: the pure function the witness checker needs."""

    def f(x, X, Y):
        P = None
        for W in unflatten(x, dims):
            P = W if P is None else W @ P
        return 0.5 * (P @ X - Y).square().sum()

    return f


def critical_point(s: torch.Tensor, keep: torch.Tensor, dims, lift: float = 0.0) -> list[torch.Tensor]:
    """A critical point for X = I_{d₀}, Y = (diag(s) 0) ∈ R^{d_y × d₀}: the product fits the singular values
    with keep = 1 (a (B, d_y) 0/1 mask) and leaves the others, so L = ½ Σ_{keep=0} s_i² (Chitour et al.,
    critical values). Balanced factors: every layer carries s_i^{1/(H+1)} on coordinate i. Needs every
    d_j ≥ d_y; s is (B, d_y) positive.

    ``lift`` ≠ 0 puts ``lift`` on the unfitted coordinates (i, i), keep_i = 0, of the middle layers
    W_2, …, W_H (H ≥ 2; nothing changes for H = 1). W_1's rows and W_{H+1}'s columns there stay 0, so the
    product, the residual M = Y − ΠW and every gradient (ΠW)_{j+1}^{H+1}ᵀ M (ΠW)_1^{j−1}ᵀ are unchanged (both
    outer factors vanish on the unfitted coordinates): still critical, same loss. The ranks of Chitour et al.'s
    R = W_{H+1}⋯W_2 and Z = W_H⋯W_2 become r_R = |keep| < r_Z = d_y (with lift = 0, r_Z = r_R for H ≥ 2).
    """
    H1 = len(dims) - 1
    root = (s * keep) ** (1.0 / H1)
    dy = s.shape[-1]
    Ws = []
    for j in range(H1):
        W = torch.zeros(s.shape[0], dims[j + 1], dims[j], dtype=s.dtype, device=s.device)
        middle = 0 < j < H1 - 1
        W[:, torch.arange(dy), torch.arange(dy)] = root + lift * (1 - keep) if middle else root
        Ws.append(W)
    return Ws


def optimal_loss(X: torch.Tensor, Y: torch.Tensor, rank: int) -> torch.Tensor:
    """min over rank-≤r products P of ½‖Y − PX‖_F² = ½(‖Y‖² − Σ_{i≤r} σ_i(Y X⁺X)²) (Eckart–Young on the
    projection of Y onto the row space of X; r = the narrowest width). (B,)."""
    rank = check_size("rank", rank, 0)
    proj = Y @ torch.linalg.pinv(X) @ X
    sv = torch.linalg.svdvals(proj)
    return 0.5 * (Y.square().sum((-2, -1)) - sv[..., :rank].square().sum(-1))


def critical_value_count(k: int, rank: int) -> int:
    """How many sets :func:`subset_masks` gives, and values :func:`critical_values` lists: the subsets
    J ⊂ {1..k} with |J| ≤ rank."""
    k, rank = check_size("k", k, 0), check_size("rank", rank, 0)
    return sum(math.comb(k, j) for j in range(min(rank, k) + 1))


def subset_masks(k: int, rank: int, dtype=torch.float64, device="cpu") -> torch.Tensor:
    """(critical_value_count, k) 0/1 masks of the sets J ⊂ {1..k} with |J| ≤ rank, in the order of J's bits read
    as a binary number (J = ∅ first). Only those sets are enumerated, never the 2^k subsets."""
    k, rank = check_size("k", k, 0), check_size("rank", rank, 0)
    sets = [c for j in range(min(rank, k) + 1) for c in itertools.combinations(range(k), j)]
    sets.sort(key=lambda c: sum(1 << i for i in c))
    rows = torch.tensor([row for row, c in enumerate(sets) for _ in c], dtype=torch.long, device=device)
    cols = torch.tensor([i for c in sets for i in c], dtype=torch.long, device=device)
    masks = torch.zeros(len(sets), k, dtype=dtype, device=device)
    return masks.index_put_((rows, cols), torch.ones((), dtype=dtype, device=device))


def critical_values(X: torch.Tensor, Y: torch.Tensor, rank: int) -> torch.Tensor:
    """Every critical value of ½‖Y − PX‖_F² over rank-≤r products P = W_{H+1}⋯W_1 (X of full row rank):
    ½(‖Y‖² − Σ_{i∈J} σ_i(Y X⁺X)²) for the sets J of at most r of the k = min(d_y, n) singular values (those past
    X's rank are 0; Baldi & Hornik 1989, Kawaguchi 2016 for depth), J = the top r giving :func:`optimal_loss`.
    (B, critical_value_count)."""
    sv2 = torch.linalg.svdvals(Y @ torch.linalg.pinv(X) @ X).square()
    masks = subset_masks(sv2.shape[-1], rank, sv2.dtype, sv2.device)
    return 0.5 * (Y.square().sum((-2, -1))[..., None] - sv2 @ masks.mT)


def step_size(Ws: list[torch.Tensor], X: torch.Tensor, Y: torch.Tensor, factor: float) -> torch.Tensor:
    """Per-trial step η = factor / S, S = :func:`curvature_bound` at the given weights; the balancedness
    invariant keeps the weights, hence S, of the same order along the run. (B,)."""
    factor = check_positive("factor", factor)
    return factor / curvature_bound(Ws, X, Y)


def curvature_bound(Ws: list[torch.Tensor], X: torch.Tensor, Y: torch.Tensor) -> torch.Tensor:
    """S ≥ ‖∇²L(W)‖₂, (B,):

        S = ‖X‖₂² Σ_j Π_{k≠j} ‖W_k‖₂²  +  ‖E‖₂ ‖X‖₂ Σ_{j≠l} Π_{k≠j,l} ‖W_k‖₂

    (Gauss–Newton term ‖J‖² by Cauchy–Schwarz over the layers, plus the residual term ⟨E, ∂²(W_{H+1}⋯W₁)X⟩
    by ⟨E, M⟩ ≤ ‖E‖₂‖M‖_* and ‖PQ‖_* ≤ ‖P‖_F‖Q‖_F; the ordered pairs count each term twice, so S is loose
    by up to 2 there)."""
    *norms, e = _spectral_norms([*Ws, residual(Ws, X, Y)])
    norms = torch.stack(norms, -1)
    xs = torch.linalg.matrix_norm(X, 2).expand(norms.shape[0])
    return _curvature(norms, xs, e)


def segment_curvature_bound(
    Ws: list[torch.Tensor],
    G: list[torch.Tensor],
    eta: torch.Tensor,
    X: torch.Tensor,
    Y: torch.Tensor,
    x_norm: torch.Tensor | None = None,
) -> torch.Tensor:
    """S̄ ≥ sup_{t ∈ [0, 1]} S(W − tηG) ≥ the Hessian's norm on the whole GD step from W, (B,); ``eta`` (B,).

    S (:func:`curvature_bound`) grows with every ‖W_k‖₂ and with ‖E‖₂. On the segment ‖W_k − tηG_k‖₂ ≤
    a_k + ηb_k (a_k = ‖W_k‖₂, b_k = ‖G_k‖₂), and the product moves by at most Π_k(a_k + ηb_k) − Π_k a_k in
    norm (expand the product), so ‖E‖₂ ≤ ‖E(W)‖₂ + ‖X‖₂(Π_k(a_k + ηb_k) − Π_k a_k): S at these bounds.
    With η·S̄ ≤ 1 Taylor's theorem gives the descent lemma L(W − ηG) ≤ L(W) − (η/2)‖G‖² on that step.
    ``x_norm``: ‖X‖₂, passed by a caller that evaluates many steps on one X (computed here if None)."""
    h1 = len(Ws)
    norms = _spectral_norms([*Ws, *G, residual(Ws, X, Y)])
    a, b = torch.stack(norms[:h1], -1), torch.stack(norms[h1 : 2 * h1], -1)
    grown = a + eta[:, None] * b
    xs = (torch.linalg.matrix_norm(X, 2) if x_norm is None else x_norm).expand(a.shape[0])
    e = norms[-1] + xs * (grown.prod(-1) - a.prod(-1))
    return torch.nan_to_num(_curvature(grown, xs, e), nan=torch.inf)  # inf − inf where a norm is inf


def _spectral_norm(M: torch.Tensor) -> torch.Tensor:
    """‖M‖₂ per batch element, +inf where M has a non-finite entry (a diverged run: the SVD would raise).

    Off the CPU the SVDs are taken on the host (LAPACK) and the norms moved back: these are batches of tiny
    matrices (a deep linear net's layers), taken at every GD step by clc2018.convergence, where a device's
    batched SVD is a solver call per step. On the H200 (stop 38) that claim's cuda test took 246.6 s against
    10.5 s on the CPU; this route's gain there is not measured yet. The values are the CPU's, bit for bit."""
    finite = torch.isfinite(M).all(-1).all(-1)
    safe = torch.where(finite[:, None, None], M, torch.zeros_like(M))
    norm = torch.linalg.matrix_norm(safe.cpu(), 2).to(M.device)
    return torch.where(finite, norm, torch.full_like(norm, torch.inf))


def _spectral_norms(mats: list[torch.Tensor]) -> list[torch.Tensor]:
    """:func:`_spectral_norm` of each (B, r, c) matrix batch in ``mats``, one call for all those of one shape (a
    layer and its gradient, square layers of one width): LAPACK takes a batch's matrices one by one, so each norm
    is the one its own call gives, bit for bit, in fewer calls (a GD step of clc2018.convergence makes 2H + 3)."""
    groups: dict[tuple[int, ...], list[int]] = {}
    for i, M in enumerate(mats):
        groups.setdefault(tuple(M.shape), []).append(i)
    out: list[torch.Tensor] = [torch.empty(0)] * len(mats)
    for idx in groups.values():
        norms = _spectral_norm(torch.cat([mats[i] for i in idx])).chunk(len(idx))
        for i, norm in zip(idx, norms, strict=True):
            out[i] = norm
    return out


def _curvature(norms: torch.Tensor, xs: torch.Tensor, e: torch.Tensor) -> torch.Tensor:
    """S of :func:`curvature_bound` from the layers' norms (B, H+1), ‖X‖₂ (B,) and ‖E‖₂ (B,)."""
    h1 = norms.shape[-1]
    one = torch.ones_like(xs)
    gn = sum(torch.cat([norms[:, :j], norms[:, j + 1 :]], -1).prod(-1) ** 2 for j in range(h1))
    res = sum(
        torch.stack([norms[:, k] for k in range(h1) if k not in (j, m)] + [one], -1).prod(-1)
        for j in range(h1)
        for m in range(h1)
        if j != m
    )
    return xs**2 * gn + e * xs * res


def with_singular_values(batch, rows, cols, lo, hi, *, generator, dtype=torch.float64, device="cpu") -> torch.Tensor:
    """(B, rows, cols) = U diag(σ) Vᵀ with Haar-random orthonormal U, V (QR of Gaussians) and the min(rows, cols)
    singular values σ uniform in [lo, hi] (lo, hi scalars or (B,) tensors)."""
    batch, rows, cols = check_size("batch", batch), check_size("rows", rows), check_size("cols", cols)
    check_positive_values("lo", lo), check_positive_values("hi", hi)
    if bool((torch.as_tensor(lo) > torch.as_tensor(hi)).any()):
        raise InvalidInputError(f"lo must be <= hi, got lo = {lo!r} > hi = {hi!r}")
    check_generator("generator", generator)
    k = min(rows, cols)
    U = torch.linalg.qr(torch.randn(batch, rows, k, generator=generator, dtype=dtype, device=device)).Q
    V = torch.linalg.qr(torch.randn(batch, cols, k, generator=generator, dtype=dtype, device=device)).Q
    lo_t = torch.as_tensor(lo, dtype=dtype, device=device).reshape(-1, 1)
    hi_t = torch.as_tensor(hi, dtype=dtype, device=device).reshape(-1, 1)
    s = lo_t + (hi_t - lo_t) * torch.rand(batch, k, generator=generator, dtype=dtype, device=device)
    return (U * s[:, None, :]) @ V.mT


#: which eigenvalue of C_j (d_j × d_j) :func:`rate_alpha` takes: the d_{j+1}-th counted from the top or from the bottom
ALPHA_RANKS = ("largest", "smallest")


def rate_alpha(Ws: list[torch.Tensor], rank: str = "largest") -> torch.Tensor:
    """α_j (j = 1..H), as (B, H): with rank "largest", the d_{j+1}-th largest eigenvalue of C_j, the smallest of
    its d_{j+1} top ones; with "smallest", the d_{j+1}-th smallest (index d_{j+1} − 1 of the ascending spectrum).
    The two agree where d_j = 2d_{j+1} − 1 (e.g. 3 and 2); at d_j = d_{j+1} "smallest" is λ_max(C_j)."""
    if rank not in ALPHA_RANKS:
        raise InvalidInputError(f"rank must be one of {ALPHA_RANKS}, got {rank!r}")
    Cs = invariants(Ws)
    index = [-Ws[j + 1].shape[-2] if rank == "largest" else Ws[j + 1].shape[-2] - 1 for j in range(len(Cs))]
    return torch.stack([symeig.eigvalsh(C)[..., i] for i, C in zip(index, Cs, strict=True)], -1)


# ---------------------------------------------------------------------------------------------------------
# Instances shared by the deep-linear claims (clc2018, kawaguchi2016) and matrix factorisation (landscape)


def parse_dims(text: str) -> tuple[int, ...]:
    """Parse "d0,d1,…,d_(H+1)" into (d0, …, d_{H+1}): H ≥ 1 hidden layers, every width ≥ 1."""
    try:
        dims = tuple(int(t) for t in str(text).split(","))
    except ValueError:
        raise InvalidInputError(f"dims must be comma-separated integers, got {text!r}") from None
    if len(dims) < 3 or min(dims) < 1:
        raise InvalidInputError(f"dims needs d0,d1,...,d_(H+1) with H >= 1 and every d >= 1, got {text!r}")
    return dims


def dims_text(dims) -> str:
    """The inverse of :func:`parse_dims`."""
    return ",".join(str(d) for d in dims)


def gaussian_data(n: int, dims, *, batch: int, generator, dtype=torch.float64, device="cpu"):
    """X (B, d0, n) and Y (B, d_{H+1}, n) with i.i.d. N(0, 1/n) entries."""
    n, batch = check_size("n", n), check_size("batch", batch)
    check_generator("generator", generator)
    X = torch.randn(batch, dims[0], n, generator=generator, dtype=dtype, device=device) / n**0.5
    Y = torch.randn(batch, dims[-1], n, generator=generator, dtype=dtype, device=device) / n**0.5
    return X, Y


def check_full_row_rank(n: int, dims) -> None:
    """Raise unless n samples can give X (d0 × n) full row rank: n ≥ d0."""
    if n < dims[0]:
        raise InvalidInputError(f"n must be >= d0 = {dims[0]} (X of full row rank), got n = {n}")


def separated_data(n: int, dims, *, batch: int, generator, dtype=torch.float64, device="cpu"):
    """X (B, d0, n) with orthonormal rows and Y = A X, A = U diag(s) Vᵀ with s_i = 2^{−i}(1 + u_i/2), u_i
    uniform in [0, 1]: the singular values of Y X⁺X are separated by a factor ≥ 4/3, so every critical value
    ½(‖Y‖² − Σ_{i∈J} s_i²) is well apart from the next, and GD's linear rate near the global value
    (∝ s_r² − s_{r+1}²) is bounded below. Needs n ≥ d0 (X of full row rank)."""
    n, batch = check_size("n", n), check_size("batch", batch)
    check_generator("generator", generator)
    check_full_row_rank(n, dims)
    d0, dy = dims[0], dims[-1]
    kw = {"generator": generator, "dtype": dtype, "device": device}
    X = torch.linalg.qr(torch.randn(batch, n, d0, **kw)).Q.mT
    k = min(d0, dy)
    U = torch.linalg.qr(torch.randn(batch, dy, k, **kw)).Q
    V = torch.linalg.qr(torch.randn(batch, d0, k, **kw)).Q
    s = 2.0 ** -torch.arange(k, dtype=dtype, device=device) * (1 + 0.5 * torch.rand(batch, k, **kw))
    return X, (U * s[:, None, :]) @ V.mT @ X


#: step halvings at most for a chunk of :func:`gd_refreshed` that raised the loss (2⁻⁴⁰ ≈ 1e-12 of its step)
HALVINGS = 40


def gd_refreshed(Ws, X, Y, *, steps: int, every: int = 100, factor: float = 1.0) -> list[torch.Tensor]:
    """``steps`` GD steps whose size η = factor/S(W) (:func:`step_size`, the curvature bound at the current
    weights) is recomputed every ``every`` steps.

    S bounds the curvature at the chunk's start only: near the saddle W = 0 it is small, the step large, and
    as the weights leave the saddle within the chunk the curvature can outgrow it (init_scale 0.1 at dims
    3,2,2,3 ended in NaN weights). A chunk that raises a trial's loss above its start by more than √eps
    relative, or leaves it non-finite, is run again from its start for that trial at half the step, up to
    :data:`HALVINGS` times; a trial still rising keeps the chunk's start (it makes no progress, and its caller
    finds it not critical). A chunk that descends is kept as run, so a run that never rises is unchanged."""
    steps, every = check_size("steps", steps, 0), check_size("every", every)
    factor = check_positive("factor", factor)
    Ws = list(Ws)
    slack = 1 + math.sqrt(torch.finfo(Ws[0].dtype).eps)
    for done in range(0, steps, every):
        k = min(every, steps - done)
        eta, start = step_size(Ws, X, Y, factor), loss(Ws, X, Y)
        for _ in range(HALVINGS + 1):
            new, _ = gd(Ws, X, Y, eta=eta, steps=k)
            rose = ~(loss(new, X, Y) <= start * slack)  # NaN rose too
            if not rose.any():
                break
            eta = torch.where(rose, eta / 2, eta)
        Ws = [torch.where(rose.reshape(-1, 1, 1), W, N) for W, N in zip(Ws, new, strict=True)]
    return Ws


def descent_end(
    n: int, dims, *, init_scale: float, steps: int, batch: int, generator, dtype=torch.float64, device="cpu"
):
    """:func:`separated_data`, W(0) from :func:`init` with ``init_scale`` (0: the saddle W = 0, left as is),
    then :func:`gd_refreshed`. Returns (X, Y, W_K)."""
    n, steps, batch = check_size("n", n), check_size("steps", steps, 0), check_size("batch", batch)
    init_scale = check_nonnegative("init_scale", init_scale)
    X, Y = separated_data(n, dims, batch=batch, generator=generator, dtype=dtype, device=device)
    Ws = init(dims, batch=batch, scale=init_scale, generator=generator, dtype=dtype, device=device)
    if init_scale > 0:
        Ws = gd_refreshed(Ws, X, Y, steps=steps)
    return X, Y, Ws


def gap_scale(X: torch.Tensor, Y: torch.Tensor, r: int) -> torch.Tensor:
    """½(σ_r² − σ_{r+1}²) of the projection Y X⁺X (σ_{r+1} = 0 past the last): the smallest gap between the
    global value L* and the next critical value (critical values are ½(‖Y‖² − Σ_{i∈J} σ_i²), |J| ≤ r). (B,)."""
    r = check_size("r", r, 0)
    sv = torch.linalg.svdvals(Y @ torch.linalg.pinv(X) @ X)
    nxt = sv[..., r] if sv.shape[-1] > r else torch.zeros_like(sv[..., 0])
    return 0.5 * (sv[..., r - 1] ** 2 - nxt**2)


def rate_init(dims, *, batch: int, generator, dtype=torch.float64, device="cpu") -> list[torch.Tensor]:
    """W(0) meeting the hypothesis of Chitour et al.'s exponential-rate proposition: W_{H+1} has singular
    values in [1, 1.5]; going down, W_j has singular values in [0.3, 0.7]·σ_min(W_{j+1}), so that
    W_jW_jᵀ ≼ 0.49 σ_min(W_{j+1})² I and, by Weyl, the d_{j+1} top eigenvalues of C_j are
    ≥ 0.51 σ_min(W_{j+1})² > 0. Needs d_1 ≥ … ≥ d_{H+1}."""
    batch = check_size("batch", batch)
    check_generator("generator", generator)
    kw = {"generator": generator, "dtype": dtype, "device": device}
    Ws = [None] * (len(dims) - 1)
    Ws[-1] = with_singular_values(batch, dims[-1], dims[-2], 1.0, 1.5, **kw)
    for j in range(len(dims) - 3, -1, -1):
        smin = torch.linalg.svdvals(Ws[j + 1])[:, -1]
        Ws[j] = with_singular_values(batch, dims[j + 1], dims[j], 0.3 * smin, 0.7 * smin, **kw)
    return Ws
