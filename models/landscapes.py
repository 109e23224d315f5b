"""Landscapes with known critical points (the lecture notes on the non-convex landscape, Golikov's lecture notes (MIPT
2019)): quadratic forms with a strict saddle, a
quartic with strict saddles and isolated minima, quadratic-activation networks, one ReLU neuron.

Shapes: a leading batch dimension B of independent trials everywhere; every function works on the device and
dtype of its inputs.
"""

from __future__ import annotations

import torch

from models.checks import check_generator, check_nonnegative, check_positive, check_positive_values
from models.errors import check_size


def random_orthogonal(batch: int, d: int, *, generator, dtype=torch.float64, device="cpu") -> torch.Tensor:
    """(B, d, d) Haar-distributed orthogonal matrices (QR of a Gaussian, signs fixed by diag(R) > 0)."""
    batch, d = check_size("batch", batch), check_size("d", d)
    check_generator("generator", generator)
    G = torch.randn(batch, d, d, generator=generator, dtype=dtype, device=device)
    Q, R = torch.linalg.qr(G)
    return Q * torch.sign(torch.diagonal(R, dim1=-2, dim2=-1))[:, None, :]


def quadratic_gd(A: torch.Tensor, x0: torch.Tensor, eta: float | torch.Tensor, steps: int) -> torch.Tensor:
    """GD on f(x) = ½ xᵀAx: x_{t+1} = x_t − η A x_t; returns (steps+1, B, d) iterates x_0..x_T."""
    check_positive_values("eta", eta)
    steps = check_size("steps", steps, 0)
    eta_t = torch.as_tensor(eta, dtype=x0.dtype, device=x0.device).reshape(-1, 1)
    xs = [x0]
    for _ in range(steps):
        xs.append(xs[-1] - eta_t * (A @ xs[-1][..., None])[..., 0])
    return torch.stack(xs)


def quartic(x: torch.Tensor, lam: torch.Tensor) -> torch.Tensor:
    """f(x) = ½ Σ_i λ_i x_i² + ¼ ‖x‖⁴ (B,). Critical points: 0 and ±√(−λ_i) e_i for λ_i < 0; with a unique
    λ_min < 0 the minimisers are ±√(−λ_min) e_min, every other critical point a strict saddle."""
    r2 = x.square().sum(-1)
    return 0.5 * (lam * x.square()).sum(-1) + 0.25 * r2.square()


def quartic_grad(x: torch.Tensor, lam: torch.Tensor) -> torch.Tensor:
    """∇f = λ ⊙ x + ‖x‖² x."""
    return lam * x + x.square().sum(-1, keepdim=True) * x


def quadratic_net_loss(W: torch.Tensor, M: torch.Tensor) -> torch.Tensor:
    """Population loss of f_W(x) = Σ_j (w_jᵀx)² = xᵀWᵀWx against the teacher xᵀMx, x ~ N(0, I_d):
    L = ½ E[(xᵀΔx)²] = ½(2‖Δ‖_F² + (tr Δ)²), Δ = WᵀW − M (Isserlis). W (B, m, d), M (B, d, d). (B,)."""
    D = W.mT @ W - M
    tr = torch.diagonal(D, dim1=-2, dim2=-1).sum(-1)
    return 0.5 * (2 * D.square().sum((-2, -1)) + tr.square())


def quadratic_net_grad(W: torch.Tensor, M: torch.Tensor) -> torch.Tensor:
    """∇_W L = 4 WΔ + 2 tr(Δ) W."""
    D = W.mT @ W - M
    tr = torch.diagonal(D, dim1=-2, dim2=-1).sum(-1)
    return 4 * W @ D + 2 * tr[:, None, None] * W


def quadratic_net_lowest_spurious_value(M: torch.Tensor) -> torch.Tensor:
    """The smallest critical value of :func:`quadratic_net_loss` above its global value 0, for a teacher M ≻ 0
    with eigenvalues μ_1 ≤ … ≤ μ_d: μ_1²(d + 2)/(d + 1). M (B, d, d). (B,).

    A critical point has WΔ + ½tr(Δ)W = 0, so P = WᵀW satisfies P² = P(M − ½tI), t = tr Δ; the left side is
    symmetric, so PM = MP and P = Σ_{i∈S} p_i v_iv_iᵀ in an eigenbasis of M with p_i = μ_i − ½t (S a set of
    indices; a repeated μ_i only lets the basis turn within its eigenspace).
    Summing, t = −2Σ_{i∉S}μ_i/(2 + |S|), and L_S = Σ_{i∉S}μ_i² + (Σ_{i∉S}μ_i)²/(2 + |S|). Both terms grow as
    S loses an index, so over S ≠ {1..d} (every non-global critical point) the least is S missing μ_1 alone.
    Every point with a smaller loss lies in a sublevel set whose only critical points are global minima."""
    mu = torch.linalg.eigvalsh(M)[..., 0]
    d = M.shape[-1]
    return mu.square() * (d + 2) / (d + 1)


def relu_neuron_loss(w: torch.Tensor, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """ℓ(w) = ½(σ(wᵀx) − y)² for one unbatched example, σ = relu (pure function for the witness checker)."""
    return 0.5 * (torch.relu(w @ x) - y) ** 2


def perturbed_gd_to_sosp(
    x0: torch.Tensor,
    lam: torch.Tensor,
    dims: torch.Tensor,
    *,
    eta: float,
    radius: float,
    g_thres: float,
    t_thres: int,
    eps: float,
    rho: float,
    max_steps: int,
    generator: torch.Generator,
) -> torch.Tensor:
    """Perturbed GD (Jin, Ge, Netrapalli, Kakade, Jordan 2017, Algorithm 2, without the f_thres stopping rule)
    on the quartic f(x) = ½Σλ_i x_i² + ¼‖x‖⁴, batched over B runs of their own dimension ``dims`` (B,)
    inside a common width D (coordinates ≥ dims[b] are held at 0): at step t, when ‖∇f(x_t)‖ ≤ g_thres and
    no perturbation happened in the last t_thres steps, x_t ← x_t + ξ with ξ uniform in the ball of radius
    ``radius`` of R^{dims[b]}; then x_{t+1} = x_t − η∇f(x_t).

    Returns the first t (B,) at which x_t is an ε-second-order stationary point, ‖∇f‖ ≤ ε and
    λ_min(∇²f) ≥ −√(ρε), certified by the lower bound λ_min(diag(λ) + ‖x‖²I + 2xxᵀ) ≥ min_i λ_i + ‖x‖²
    (2xxᵀ ≽ 0); ``max_steps`` where none is reached. x0 (B, D), lam (B, D)."""
    eta, eps, rho = check_positive("eta", eta), check_positive("eps", eps), check_positive("rho", rho)
    radius, g_thres = check_nonnegative("radius", radius), check_nonnegative("g_thres", g_thres)
    t_thres, max_steps = check_size("t_thres", t_thres), check_size("max_steps", max_steps)
    check_generator("generator", generator)
    B, D = x0.shape
    kw = {"dtype": x0.dtype, "device": x0.device}
    live = torch.arange(D, device=x0.device)[None, :] < dims[:, None]
    x = x0 * live
    lam_min = torch.where(live, lam, torch.full_like(lam, torch.inf)).amin(-1)
    last_noise = torch.full((B,), -(10**9), dtype=torch.long, device=x0.device)
    hit = torch.full((B,), max_steps, dtype=torch.long, device=x0.device)
    for t in range(max_steps):
        g = quartic_grad(x, lam)
        gn = g.norm(dim=-1)
        sosp = (gn <= eps) & (lam_min + x.square().sum(-1) >= -((rho * eps) ** 0.5))
        hit = torch.where(sosp & (hit == max_steps), t, hit)
        if bool((hit < max_steps).all()):
            break
        kick = (gn <= g_thres) & (t - last_noise > t_thres)
        xi = torch.randn(B, D, generator=generator, **kw) * live
        u = torch.rand(B, generator=generator, **kw) ** (1 / dims.to(x0.dtype))
        xi = xi / xi.norm(dim=-1, keepdim=True) * (radius * u)[:, None]
        x = torch.where(kick[:, None], x + xi, x)
        last_noise = torch.where(kick, t, last_noise)
        x = x - eta * quartic_grad(x, lam)
    return hit


def sym_factorization_loss(U: torch.Tensor, M: torch.Tensor) -> torch.Tensor:
    """f(U) = ½‖UUᵀ − M‖_F² (symmetric low-rank factorisation; Ge, Jin, Zheng 2017). U (B, n, r), M (B, n, n)
    symmetric. (B,)."""
    return 0.5 * (U @ U.mT - M).square().sum((-2, -1))


def sym_factorization_grad(U: torch.Tensor, M: torch.Tensor) -> torch.Tensor:
    """∇f = 2(UUᵀ − M)U (M symmetric), (B, n, r)."""
    return 2 * (U @ U.mT - M) @ U


def sym_factorization_flat_loss(n: int, r: int):
    """f(x, M) = ½‖UUᵀ − M‖_F² with U = x.reshape(n, r), for one unbatched candidate (the witness checker)."""
    n, r = check_size("n", n), check_size("r", r)

    def f(x, M):
        U = x.reshape(n, r)
        return 0.5 * (U @ U.mT - M).square().sum()

    return f


def sym_factorization_step(U: torch.Tensor, M: torch.Tensor, factor: float = 1.0) -> torch.Tensor:
    """Per-trial GD step η = factor / (2‖M‖₂ + 6‖U‖₂²), (B,): the Hessian of f acts as
    Δ ↦ 2((UUᵀ − M)Δ + UΔᵀU + ΔUᵀU), of norm ≤ 2(‖UUᵀ − M‖₂ + 2‖U‖₂²) ≤ 2‖M‖₂ + 6‖U‖₂²."""
    factor = check_positive("factor", factor)
    return factor / (2 * torch.linalg.matrix_norm(M, 2) + 6 * torch.linalg.matrix_norm(U, 2) ** 2)


def sym_critical_point(Q: torch.Tensor, lam: torch.Tensor, keep: torch.Tensor, r: int) -> torch.Tensor:
    """U (B, n, r) with UUᵀ = Σ_{i∈J} λ_i q_iqᵢᵀ, J = {keep = 1} (|J| ≤ r, λ_J > 0; keep (B, n) 0/1): the
    fitted eigenvector √λ_i q_i goes to column c(i) = (number of fitted indices before i); the other columns
    are 0. (UUᵀ − M)U = −Σ_{i∉J} λ_i q_iqᵢᵀ U = 0 since the columns of U lie in span{q_j : j ∈ J}: a critical
    point, with f = ½Σ_{i∉J} λ_i². M = Q diag(λ) Qᵀ, Q (B, n, n) orthogonal."""
    r = check_size("r", r)
    B, n = lam.shape
    chan = (keep.cumsum(-1) - 1).clamp_min(0).long()
    C = torch.zeros(B, n, r, dtype=lam.dtype, device=lam.device)  # U = Q C: row i of C is √λ_i e_{c(i)}ᵀ
    rows = torch.arange(B, device=lam.device)[:, None].expand_as(chan)
    coord = torch.arange(n, device=lam.device).expand_as(chan)
    C = C.index_put((rows, coord, chan.clamp_max(r - 1)), (lam.clamp_min(0) * keep).sqrt(), accumulate=True)
    return Q @ C


def psd_tail(lam: torch.Tensor, r: int) -> torch.Tensor:
    """min_U ½‖UUᵀ − M‖_F² for PSD M with eigenvalues ``lam`` (B, n): ½Σ_{i>r} λ_i² over the eigenvalues
    sorted decreasingly (Eckart–Young: the best rank-r approximation of a PSD M is PSD, Σ_{i≤r} λ_i q_iqᵢᵀ). (B,)."""
    r = check_size("r", r, 0)
    srt = lam.sort(-1, descending=True).values
    return 0.5 * srt[..., r:].square().sum(-1)
