"""Two-layer ReLU network of Du, Zhai, Póczos and Singh (2018a, ICLR 2019), arXiv:1810.02054.

    f(W, a, x) = m^{-1/2} Σ_r a_r relu(w_rᵀx),     L = ½ Σ_i (u_i − y_i)²,   u_i = f(W, a, x_i)
    ∂L/∂w_r = m^{-1/2} Σ_i (u_i − y_i) a_r 1{w_rᵀx_i ≥ 0} x_i
    H(W)_ij = (x_iᵀx_j / m) Σ_r 1{w_rᵀx_i ≥ 0, w_rᵀx_j ≥ 0}            (Section 3, the Gram matrix)
    H∞_ij  = E_{w~N(0,I)} H_ij = x_iᵀx_j (π − θ_ij) / (2π),  θ_ij = ∠(x_i, x_j)   (Assumption 3.1)

Shapes: X is (..., n, d) with unit rows, W is (..., m, d), a is (..., m), y is (..., n); leading dimensions
are a batch of independent trials and broadcast. Every function works on the device and dtype of its
inputs; wide m is processed in chunks whose size depends only on the shapes and ``memory_bytes`` (never on
free memory), so results are reproducible bit for bit on one device.
"""

from __future__ import annotations

import math

import torch

from models import preactivations, symeig
from models.checks import (
    InvalidInputError,
    check_batch_shapes,
    check_float_dtype,
    check_generator,
    check_matrix,
    check_open_unit,
    check_positive,
    check_positive_values,
    check_same_dtype_device,
    check_size,
    check_unit_rows,
)
from models.checks import eig_tolerance as eig_tolerance  # re-exported: claims compare H∞ eigenvalues with it

#: default working-memory budget of one chunk of a wide-m computation, in bytes
MEMORY_BYTES = 256 * 2**20
#: :func:`random_gram`'s chunk on the factor route: normals and pre-activations of rows × trials that stay near
#: the cache (measured faster than MEMORY_BYTES-sized chunks at n = 20, m = 4·10⁵, 32 trials), at least
#: DRAW_MIN_ROWS rows of m, so that the count products stay efficient and the loop over chunks short
DRAW_MEMORY_BYTES = 32 * 2**20
DRAW_MIN_ROWS = 1024


def angles(X: torch.Tensor) -> torch.Tensor:
    """θ_ij = ∠(x_i, x_j) ∈ [0, π] for unit rows, as 2·atan2(‖x_i − x_j‖, ‖x_i + x_j‖).

    arccos(x_iᵀx_j) loses half the digits near ±1 (θ ≈ √(2(1 − cos θ))); the half-angle form keeps full
    relative accuracy there, which thm3.1's near-parallel instances need. Distances are computed directly,
    not through the ‖a‖² + ‖b‖² − 2aᵀb expansion, which would cancel in the same way.
    """
    direct = "donot_use_mm_for_euclid_dist"
    diff = torch.cdist(X, X, compute_mode=direct)
    summ = torch.cdist(X, -X, compute_mode=direct)
    return 2 * torch.atan2(diff, summ)


def h_infinity(X: torch.Tensor) -> torch.Tensor:
    """H∞ (n×n) for unit rows X (n×d, or batched (..., n, d)): H∞_ij = x_iᵀx_j (π − θ_ij)/(2π), diagonal ½.

    X must be float32 or float64 (cdist has no half-precision kernel, and the tolerances are derived for these).
    """
    check_float_dtype("X", check_matrix("X", X))
    check_unit_rows("X", X)
    H = (X @ X.transpose(-1, -2)) * (math.pi - angles(X)) / (2 * math.pi)
    H.diagonal(dim1=-2, dim2=-1).fill_(0.5)  # θ_ii = 0 and ‖x_i‖ = 1: exactly ½
    return H


def lambda_min(H: torch.Tensor) -> torch.Tensor:
    """Smallest eigenvalue of a symmetric (..., n, n) matrix."""
    return symeig.eigvalsh(H)[..., 0]


#: float32 sums of 0/1 products are exact while every partial sum stays below 2²⁴ (an integer no larger than
#: the number of terms): a chunk of m holds at most this many rows, so its counts are exact in float32
EXACT_FLOAT32_COUNTS = preactivations.EXACT_FLOAT32_COUNTS


def _m_chunk(m: int, per_column_bytes: int, memory_bytes: int) -> int:
    """Columns of m per chunk so that one chunk's working set stays within ``memory_bytes`` (and its pattern
    counts within :data:`EXACT_FLOAT32_COUNTS`)."""
    return max(1, min(m, EXACT_FLOAT32_COUNTS, memory_bytes // max(per_column_bytes, 1)))


def pattern_counts(X: torch.Tensor, W: torch.Tensor) -> torch.Tensor:
    """SᵀS (..., n, n) in X's dtype for S = 1{W Xᵀ ≥ 0}: count_ij = #{r : w_rᵀx_i ≥ 0 and w_rᵀx_j ≥ 0}.

    The signs come from W Xᵀ in X's dtype; the counts from an exact low-precision product of the 0/1 patterns
    (models.preactivations.counts: int8 with int32 accumulation, or float32 for m ≤ EXACT_FLOAT32_COUNTS), so
    equal bit for bit to the product in float64."""
    if W.shape[-2] > EXACT_FLOAT32_COUNTS:
        raise InvalidInputError(f"W has {W.shape[-2]} rows; pattern_counts takes at most {EXACT_FLOAT32_COUNTS}")
    return preactivations.counts(preactivations.signs(W, X.transpose(-1, -2)), X.dtype)


def patterns(X: torch.Tensor, W: torch.Tensor, dtype: torch.dtype | None = None) -> torch.Tensor:
    """Activation pattern 1{w_rᵀx_i ≥ 0} as a (..., m, n) tensor of 0s and 1s in ``dtype`` (default X's)."""
    return (W @ X.transpose(-1, -2) >= 0).to(X.dtype if dtype is None else dtype)


def gram(X: torch.Tensor, W: torch.Tensor, *, memory_bytes: int = MEMORY_BYTES) -> torch.Tensor:
    """H(W) (..., n, n) = (XXᵀ) ⊙ (SᵀS)/m with S = 1{W Xᵀ ≥ 0} the (m×n) pattern matrix, chunked over m
    (the counts SᵀS exactly, in float32: :func:`pattern_counts`).

    Validated at entry: X unit rows (the definition of Section 3), W with d columns, one dtype (float32 or
    float64) and device for both, batch dimensions that broadcast, ``memory_bytes`` an integer ≥ 1.
    """
    check_float_dtype("X", check_matrix("X", X))
    check_unit_rows("X", X)
    check_matrix("W", W, cols=X.shape[-1])
    check_same_dtype_device("W", W, "X", X)
    batch = check_batch_shapes("W", W, "X", X)
    memory_bytes = check_size("memory_bytes", memory_bytes)
    m, n = W.shape[-2], X.shape[-2]
    counts = torch.zeros(*batch, n, n, dtype=X.dtype, device=X.device)
    per_column = (n + X.shape[-1]) * X.element_size() * max(1, math.prod(batch))
    step = _m_chunk(m, per_column, memory_bytes)
    for start in range(0, m, step):  # over chunks of m, not over m
        counts += pattern_counts(X, W[..., start : start + step, :])
    return (X @ X.transpose(-1, -2)) * counts / m


def random_gram(
    X: torch.Tensor,
    m: int,
    *,
    generator: torch.Generator,
    batch: int = 1,
    memory_bytes: int | None = None,
    route: str = "auto",
) -> torch.Tensor:
    """H(W(0)) for ``batch`` independent draws W(0) with rows w_r ~ N(0, I_d): a (batch, n, n) tensor.

    H(0) needs W(0) only through the pre-activations X w_r ~ N(0, XXᵀ), i.i.d. over r, so they are drawn
    directly (models.preactivations): ``route`` "plain" draws w_r, "factor" draws n normals a neuron through
    the reduced QR factor of Xᵀ (exact in law, no jitter when XXᵀ is singular), "auto" (default) the factor
    route where d ≥ FACTOR_CROSSOVER·n. The normals are drawn chunk by chunk from ``generator`` into one
    reused buffer and never held whole, so m can be far larger than memory would allow for W itself (Lemma
    3.1's literal width m₁ runs to 10⁶ and beyond). ``memory_bytes`` bounds a chunk (default MEMORY_BYTES on
    the plain route, DRAW_MEMORY_BYTES on the factor route, whose chunks may also split the batch of
    trials). The counts SᵀS are exact integers (int8 or float32 products). The plain route draws the same
    normals as ``torch.randn(batch, c, d)`` chunk by chunk, as before the factor route existed: its results
    are those of :func:`gram` of those chunks, bit for bit. X: unit rows, float32 or float64, on
    ``generator``'s device.
    """
    check_float_dtype("X", check_matrix("X", X))
    check_unit_rows("X", X)
    m = check_size("m", m)
    batch = check_size("batch", batch)
    memory_bytes = None if memory_bytes is None else check_size("memory_bytes", memory_bytes)
    check_generator("generator", generator)
    if generator.device.type != X.device.type:
        raise InvalidInputError(f"generator must be on X's device ({X.device}), got {generator.device}")
    n, d = X.shape[-2], X.shape[-1]
    route = preactivations.choose_route(n, d, route)
    F = preactivations.factor(X, route)  # (..., k, n)
    k, item = F.shape[-2], X.element_size()
    if route == "plain":  # today's chunking (all trials at once, MEMORY_BYTES): the same draws bit for bit
        rows = _m_chunk(m, (n + k) * item * batch, memory_bytes or MEMORY_BYTES)
        trials = batch
    else:  # a cache-sized chunk: rows of one trial first (its counts a 2-D int8 product), then more trials
        budget = memory_bytes or DRAW_MEMORY_BYTES
        held = batch if F.dim() > 2 else 1  # a batch of X (one factor a trial) is drawn whole in each chunk
        rows = min(m, EXACT_FLOAT32_COUNTS, max(DRAW_MIN_ROWS, budget // ((n + k) * item * held)))
        trials = batch if F.dim() > 2 else max(1, min(batch, budget // ((n + k) * item * rows)))
    total = torch.zeros(batch, n, n, dtype=X.dtype, device=X.device)
    size = trials * rows * k + 1  # one spare element: Box–Muller fills an even count
    normals = torch.empty(size, dtype=X.dtype, device=X.device)  # reused: no page faults a chunk
    scratch = torch.empty(size // 2 + 1, dtype=X.dtype, device=X.device) if route == "factor" else None
    for t0 in range(0, batch, trials):  # over chunks of trials (one chunk unless the batch is large)
        b = min(trials, batch - t0)
        for start in range(0, m, rows):  # over chunks of m, not over m
            c = min(rows, m - start)
            count = b * c * k
            if route == "plain":  # torch's normal_ on a contiguous block: randn's draw, as before
                Z = normals[:count].normal_(generator=generator)
            else:  # the vectorised Box–Muller (models.preactivations.standard_normal_): same law, 2× faster
                even = count + count % 2
                Z = preactivations.standard_normal_(normals[:even], generator=generator, scratch=scratch)[:count]
            total[t0 : t0 + b] += preactivations.counts(preactivations.signs(Z.view(b, c, k), F), X.dtype)
    return (X @ X.transpose(-1, -2)) * total / m


def init(
    m: int, d: int, *, generator: torch.Generator, batch: tuple[int, ...] = (), dtype=torch.float64, device="cpu"
) -> tuple[torch.Tensor, torch.Tensor]:
    """The paper's initialisation: w_r ~ N(0, I_d), a_r ~ unif{−1, +1}; returns W (*batch, m, d), a (*batch, m)."""
    m, d = check_size("m", m), check_size("d", d)
    check_generator("generator", generator)
    W = torch.randn(*batch, m, d, generator=generator, dtype=dtype, device=device)
    a = torch.randint(0, 2, (*batch, m), generator=generator, device=device).to(dtype) * 2 - 1
    return W, a


def output(X: torch.Tensor, W: torch.Tensor, a: torch.Tensor) -> torch.Tensor:
    """u = f(W, a, X) = m^{-1/2} relu(X Wᵀ) a, shape (..., n)."""
    m = W.shape[-2]
    return (torch.relu(X @ W.transpose(-1, -2)) @ a.unsqueeze(-1)).squeeze(-1) / math.sqrt(m)


def loss(u: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """L = ½ ‖u − y‖² (no 1/n, as in the paper), shape (...)."""
    return 0.5 * ((u - y) ** 2).sum(-1)


def grad_w(X: torch.Tensor, W: torch.Tensor, a: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """∂L/∂W in closed form, shape (..., m, d): row r is m^{-1/2} Σ_i (u_i − y_i) a_r 1{w_rᵀx_i ≥ 0} x_i."""
    if y.shape[-1] != X.shape[-2]:
        raise InvalidInputError(f"y must have n = {X.shape[-2]} entries, got shape {tuple(y.shape)}")
    m = W.shape[-2]
    pre = W @ X.transpose(-1, -2)  # (..., m, n)
    u = (torch.relu(pre).transpose(-1, -2) @ a.unsqueeze(-1)).squeeze(-1) / math.sqrt(m)
    S = (pre >= 0).to(X.dtype)
    return a.unsqueeze(-1) * ((S * (u - y).unsqueeze(-2)) @ X) / math.sqrt(m)


def literal_width_lemma3_1(n: int, lambda0: float, delta: float) -> int:
    """m₁ = ⌈8 n² ln(2n²/δ) / λ0²⌉, the width at which Lemma 3.1 holds with explicit constants.

    Derived (CLAIMS.md): each H_ij(0) is a mean of m independent terms of range ≤ 1 (|x_iᵀx_j| ≤ 1), so by
    Hoeffding P(|H_ij − H∞_ij| > t) ≤ 2e^{−2mt²}; a union bound over n² entries with t = λ0/(4n) and
    ‖·‖₂ ≤ ‖·‖_F ≤ n·max|·| gives ‖H(0) − H∞‖₂ ≤ λ0/4 w.p. ≥ 1 − δ once m ≥ 8n² ln(2n²/δ)/λ0²; Weyl's
    inequality then gives λ_min(H(0)) ≥ ¾λ0.
    """
    n, lambda0, delta = check_size("n", n), check_positive("lambda0", lambda0), check_open_unit("delta", delta)
    return math.ceil(8 * n**2 * math.log(2 * n**2 / delta) / lambda0**2)


def linear_prediction(H: torch.Tensor, y: torch.Tensor, eta: float | torch.Tensor, steps: int, c: float = 1.0):
    """Arora, Du, Hu, Li, Wang 2019 (arXiv:1901.08584), Theorem 4.1: the residual of GD with step η on the
    first layer follows the linear dynamics of the kernel H (= H∞ there),

        ‖y − u(k)‖ ≈ (Σ_i (1 − c·ηλ_i)^{2k} (v_iᵀy)²)^{1/2},    H = Σ_i λ_i v_iv_iᵀ    (c = 1 the theorem)

    the norm of (I − cηH)^k y. H (..., n, n) symmetric, y (..., n), eta a float or a (...,) tensor; returns
    (..., steps + 1), the values at k = 0..steps (powers of the eigen-factors, no Python loop over k)."""
    check_positive_values("eta", eta)
    steps, c = check_size("steps", steps, 0), check_positive("c", c)
    lam, V = symeig.eigh(H)
    proj = (V.mT @ y.unsqueeze(-1)).squeeze(-1)  # (..., n): v_iᵀy
    eta_t = torch.as_tensor(eta, dtype=H.dtype, device=H.device).unsqueeze(-1)
    k = torch.arange(steps + 1, dtype=H.dtype, device=H.device)
    factor = (1 - c * eta_t * lam).abs()  # (..., n)
    decay = factor.unsqueeze(-1) ** (2 * k)  # (..., n, steps + 1)
    return (decay * proj.square().unsqueeze(-1)).sum(-2).sqrt()


def label_complexity(H: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """yᵀH⁻¹y for symmetric positive definite H (..., n, n) and y (..., n), by a Cholesky solve (Arora et al.
    2019: the quantity that orders convergence speed, Σ_k ‖y − u(k)‖² ≈ yᵀ(H∞)⁻¹y/(2η), and generalisation)."""
    L = torch.linalg.cholesky(H)
    z = torch.cholesky_solve(y.unsqueeze(-1), L)
    return (y.unsqueeze(-1) * z).sum((-2, -1))
