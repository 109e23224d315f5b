"""Pre-activations X Wᵀ of a random first layer, drawn by the cheapest exact route, and exact activation-pattern
counts (Du et al. 2018a, Section 3: H(0) = (XXᵀ) ⊙ SᵀS/m with S = 1{W(0)Xᵀ ≥ 0}).

Rows w_r ~ N(0, I_d) enter H(0) only through the pre-activations p_r = X w_r ∈ ℝⁿ, i.i.d. N(0, XXᵀ) over r.
Two routes draw them with the same law:

* ``plain``: p_r = X w_r, w_r ~ N(0, I_d) (d normals and 2nd flops a neuron);
* ``factor``: with the reduced QR factorisation Xᵀ = QR (Q d×k with orthonormal columns, R k×n, k = min(n, d)),
  p_r = Rᵀ z_r, z_r ~ N(0, I_k) (k normals and 2nk flops a neuron). Exact in law: X w = Rᵀ(Qᵀw) and
  Qᵀw ~ N(0, QᵀQ) = N(0, I_k). No Cholesky factor of XXᵀ is formed, so a singular XXᵀ (parallel or duplicated
  rows, rank < n) needs no jitter and no pivoting: Q stays orthonormal and R carries the rank deficiency.

The route is chosen by shape (:func:`choose_route`, measured: FACTOR_CROSSOVER): where d > n the factor route
draws n/d of the normals and does n/d of the flops; at d ≤ n it does the same work as the plain one, but
its vectorised draw and chunking still made it the faster down to d = n/2.

Results are reproducible bit for bit on one device for a given route, generator and chunking; the two routes
draw different normals, so they agree in law, not bit for bit (tests/unit/test_preactivations.py checks the
law with two-sample tests).
"""

from __future__ import annotations

import functools
import math
import timeit

import torch

from models.checks import InvalidInputError, broadcast_shapes, check_size

ROUTES = ("plain", "factor", "auto")

#: the factor route is taken where d ≥ FACTOR_CROSSOVER·n. Per neuron the plain route draws d normals and does
#: 2nd flops, the factor route min(n, d) normals and 2n·min(n, d) flops; with its vectorised draw
#: (:func:`standard_normal_`) and cache-sized chunks the factor route was the faster at every ratio measured,
#: d/n from 0.5 to 2 (tests/bench/test_bench_draws.py times both routes; its results go to benchmarks/).
#: Below the smallest ratio measured the plain route is kept.
FACTOR_CROSSOVER = 0.5

#: :func:`signs` forms the product Z F in row blocks of about this many bytes, which stay in the cache: a chunk's
#: whole product (256 MB of float64 at n = 320) was written to memory and read back for the comparison, and that
#: took most of a draw's time (measured on the 2-core CPU: 1{Z F ≥ 0} for Z 10⁵ × 10, F 10 × 320 in 0.15 s
#: whole, 0.03 s in blocks of 256 to 4,096 rows)
SIGN_BLOCK_BYTES = 2**20

#: float32 sums of 0/1 products are exact while every partial sum stays below 2²⁴; int32 sums below 2³¹
EXACT_FLOAT32_COUNTS = 2**24
EXACT_INT32_COUNTS = 2**31 - 1


def choose_route(n: int, d: int, route: str = "auto") -> str:
    """``route`` itself if "plain" or "factor"; for "auto" the factor route where d ≥ FACTOR_CROSSOVER·n."""
    if route not in ROUTES:
        raise InvalidInputError(f"route must be one of {', '.join(ROUTES)}, got {route!r}")
    n, d = check_size("n", n), check_size("d", d)
    if route != "auto":
        return route
    return "factor" if d >= FACTOR_CROSSOVER * n else "plain"


def factor(X: torch.Tensor, route: str) -> torch.Tensor:
    """F (..., k, n) with X w ~ (z F)ᵀ for w ~ N(0, I_d), z ~ N(0, I_k): Xᵀ itself (k = d) on the plain route,
    R of the reduced QR Xᵀ = QR (k = min(n, d)) on the factor route (see the module's docstring)."""
    if route == "plain":
        return X.transpose(-1, -2)
    if route == "factor":
        return torch.linalg.qr(X.transpose(-1, -2), mode="r").R
    raise InvalidInputError(f"route must be 'plain' or 'factor' here, got {route!r}")


def standard_normal_(out: torch.Tensor, *, generator: torch.Generator, scratch: torch.Tensor) -> torch.Tensor:
    """Fill the contiguous 1-D ``out`` (even length) with i.i.d. N(0, 1) by the Box–Muller transform of
    uniforms from ``generator``, in place; ``scratch`` holds at least len(out)/2 elements of out's dtype:

        z₁ = ρ cos θ,  z₂ = ρ sin θ,   ρ = √(−2 ln(1 − u₁)),  θ = 2π u₂,   u₁, u₂ ~ U[0, 1) independent,

    the transform torch's own CPU ``normal_`` applies to the same uniforms (53-bit for float64), so the same law;
    here each step is one vectorised pass over the chunk (torch's float64 kernel transforms scalar by scalar;
    tests/bench/test_bench_draws.py times the two). The values differ from torch's (another pairing of the
    uniforms): equal in law, not bit for bit."""
    half = out.numel() // 2
    if out.dim() != 1 or not out.is_contiguous() or out.numel() != 2 * half:
        raise InvalidInputError(f"out must be a contiguous 1-D tensor of even length, got shape {tuple(out.shape)}")
    out.uniform_(generator=generator)
    u1, u2 = out[:half], out[half:]
    rho = scratch[:half].copy_(u1).neg_().add_(1).log_().mul_(-2).sqrt_()
    u2.mul_(2 * math.pi)
    torch.cos(u2, out=u1).mul_(rho)
    u2.sin_().mul_(rho)
    return out


def signs(Z: torch.Tensor, F: torch.Tensor) -> torch.Tensor:
    """The activation pattern 1{Z F ≥ 0} as bool (..., c, n) for Z (..., c, k) and F (..., k, n) (pre-activations
    Z F: :func:`factor`). On the CPU the product is formed in blocks of rows of about SIGN_BLOCK_BYTES, one
    buffer reused, each block compared into the result as it is made; elsewhere (a GPU's memory is fast) in one
    product. A block's rows are the same dot products as the whole product's, so the signs are the same
    (tests/unit/test_preactivations.py compares them)."""
    c, n = Z.shape[-2], F.shape[-1]
    batch = broadcast_shapes(Z.shape[:-2], F.shape[:-2])
    rows = max(1, SIGN_BLOCK_BYTES // (n * Z.element_size() * max(1, math.prod(batch))))
    if Z.device.type != "cpu" or rows >= c:
        return Z @ F >= 0
    S = torch.empty(*batch, c, n, dtype=torch.bool, device=Z.device)
    block = torch.empty(*batch, rows, n, dtype=Z.dtype, device=Z.device)
    for start in range(0, c, rows):  # over blocks of a chunk's rows, not over m
        part = Z[..., start : start + rows, :]
        P = torch.matmul(part, F, out=block) if part.shape[-2] == rows else part @ F
        torch.ge(P, 0, out=S[..., start : start + rows, :])
    return S


@functools.cache
def int8_counts_supported(device_type: str) -> bool:
    """Whether torch's int8 matrix product with int32 accumulation (torch._int_mm) takes any shape on this device
    type: the CPU only (CUDA's kernel asks for sizes in multiples of 8, which n is not in general)."""
    if device_type != "cpu":
        return False
    try:
        a = torch.ones(17, 5, dtype=torch.int8)
        return bool(torch._int_mm(a.transpose(0, 1), a)[0, 0] == 17)
    except (RuntimeError, AttributeError, NotImplementedError):
        return False


#: the pattern matrix :func:`int8_counts_faster` times both products on (rows, columns of S)
INT8_PROBE_SHAPE = (4096, 64)


@functools.cache
def int8_counts_faster(device_type: str) -> bool:
    """Whether the int8 count product is the faster on this machine, measured once per process: the best of three
    timings of each product on a fixed random pattern of INT8_PROBE_SHAPE.

    Which one is depends on the CPU, not on torch alone. Measured for a 2·10⁵ × 50 pattern on 2 cores
    (tests/bench/test_bench_draws.py, medians): on an AMD EPYC with AVX-512 VNNI, int8 1.4 ms against float32's
    20 ms (benchmarks/bench-cpu.json at commit 42c05ab); on one with AVX2 only, int8 213 ms against 37 ms (the
    same file at df60222), and 98 s against 0.6 s for 2·10⁵ × 320 (ad-hoc, one thread). Both products give the
    same integers, so the choice changes the time, never a bit of the result."""
    if not int8_counts_supported(device_type):
        return False
    S = torch.rand(INT8_PROBE_SHAPE, generator=torch.Generator().manual_seed(0)) < 0.5

    def seconds(method: str) -> float:
        return min(timeit.repeat(lambda: counts(S, torch.float32, method=method), number=1, repeat=3))

    return seconds("int8") < seconds("float32")


def counts(S: torch.Tensor, out_dtype: torch.dtype, *, method: str = "auto") -> torch.Tensor:
    """SᵀS (..., n, n) in ``out_dtype`` for a boolean pattern matrix S (..., c, n): count_ij = #{r : S_ri, S_rj}.

    Exact integers by construction, never rounded: ``int8`` multiplies the 0/1 bytes with int32 accumulation
    (torch._int_mm, two-dimensional S only; c < 2³¹), ``float32`` in float32 (c ≤ 2²⁴, every partial sum an
    integer below 2²⁴), ``float64`` the plain product. ``auto``: int8 for a two-dimensional S where the device
    supports it and it is the faster there (:func:`int8_counts_faster`), float32 otherwise."""
    c = S.shape[-2]
    if S.dim() > 2 and math.prod(S.shape[:-2]) == 1:  # a batch of one: the 2-D product, reshaped back
        return counts(S.reshape(S.shape[-2:]), out_dtype, method=method).reshape(*S.shape[:-2], *S.shape[-1:] * 2)
    if method == "auto":
        method = "int8" if S.dim() == 2 and int8_counts_faster(S.device.type) else "float32"
    if method == "int8":
        if S.dim() != 2 or c > EXACT_INT32_COUNTS:
            raise InvalidInputError(f"int8 counts take a 2-D S of at most 2³¹−1 rows, got shape {tuple(S.shape)}")
        S8 = S.view(torch.int8)
        return torch._int_mm(S8.transpose(0, 1), S8).to(out_dtype)
    if method == "float32":
        if c > EXACT_FLOAT32_COUNTS:
            raise InvalidInputError(f"S has {c} rows; float32 counts take at most {EXACT_FLOAT32_COUNTS}")
        Sf = S.to(torch.float32)
        return (Sf.transpose(-1, -2) @ Sf).to(out_dtype)
    if method == "float64":
        Sf = S.to(torch.float64)
        return (Sf.transpose(-1, -2) @ Sf).to(out_dtype)
    raise InvalidInputError(f"method must be 'auto', 'int8', 'float32' or 'float64', got {method!r}")
