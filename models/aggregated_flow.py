"""The gradient flow and gradient descent of the two-layer ReLU net (Du et al. 2018a, Sections 3 and 4) at widths
too large to hold W: the neurons whose activation pattern cannot change during the run enter through three
aggregates, the others one by one. Exact in law and in the dynamics, as long as a certificate, checked along the
run, holds.

With a fixed (a_r ~ unif{±1}) the flow dw_r/dt = −(a_r/√m) Σ_i e_i 1{z_ri ≥ 0} x_i (e = u − y, z_r = X w_r)
moves w_r within the row space of X. With the reduced QR factorisation Xᵀ = QR (Q d×k orthonormal, R k×n,
k = min(n, d)), w_r(t) = w_r(0) + Q c_r(t) and

    dc_r/dt = −(a_r/√m) R (s_r ∘ e),    z_r(t) = z_r(0) + Rᵀ c_r(t),    ‖w_r(t) − w_r(0)‖ = ‖c_r(t)‖,

with s_r = 1{z_r ≥ 0}; the pre-activations z_r(0) are i.i.d. N(0, XXᵀ), drawn as Rᵀζ, ζ ~ N(0, I_k)
(models.preactivations' factor route). A neuron whose pattern stays s on [0, T] has c_r(t) = −(a_r/√m) R(s ∘ E(t)),
E(t) = ∫₀ᵗ e, and adds (a_r/√m) s ∘ z_r(t) to u. Summed over such *frozen* neurons:

    u_frozen(t) = U/√m − K E(t),   U = Σ a_r relu(z_r(0)),   K = (XXᵀ) ∘ Σ s_r s_rᵀ / m,

and their largest distance is max over the patterns s drawn of ‖R(s ∘ E(t))‖/√m. So the state of the flow is E ∈ ℝⁿ
and the c_r of the neurons that are stepped one by one, whatever m is.

Certificate. A neuron that kept its pattern s has |z_ri(t) − z_ri(0)| = |(XXᵀ(s ∘ E(t)))_i|/√m ≤
B(t) = max_i Σ_j |(XXᵀ)_ij| sup_{s ≤ t} |E_j(s)|/√m. The reduced system is the gradient flow of ½‖u − y‖² in the
coordinates c_r (the aggregated neurons' patterns held), so ‖e(t)‖ never grows along it, and on a step [t, t + h]
|E_j| stays within |E_j(t)| + h‖e(t)‖: the run widens sup|E_j| by that at each step's start. Its *reach* is 2B (the
factor 2 for the integration's own error in E, which the step refinement estimates only for ‖u − y‖²). The draw
splits the neurons at τ: a *frozen* neuron has min_i |z_ri(0)| ≥ τ; the certificate ``frozen_to`` at a grid time t
is the reach on [0, t] over τ, and asks it to be at most 1. Up to a grid time where it holds, no frozen neuron
changed its pattern and the reduction is the flow itself; from the first grid time where it does not, the run
says nothing, and its caller must let those times decide nothing (a violation before them is verified; a trial
without one is undecided).

Lazy activation. A *near* neuron (min_i |z_ri(0)| = μ_r < τ) also kept its pattern as long as μ_r is above the
reach, so it stays in the aggregates until then, and is stepped one by one from the step whose reach comes to it,
from c_r = −(a_r/√m) R(s_r ∘ E), its exact state (:class:`_Reduced`). Which near neurons are stepped depends on the
reach only, never on τ: τ sets the certificate's room and the memory held (about 0.8·n·τ·m near neurons), the reach
sets the work (``stepped``; measured in the literal runs at n = 2, τ = R: about a quarter of the near neurons
for the flow, a fifteenth for GD).

GD (:func:`gradient_descent`) is the same system stepped: E(k) = η Σ_{k'<k} e(k') and c_r(k + 1) = c_r(k) −
η(a_r/√m) R(s_r(k) ∘ e(k)). Its states are the iterates themselves, so its certificate needs neither the widening
nor the factor 2: its reach is B(k) over 1 − 4(n + 2)·eps (the bound's own rounding), taken at every step and
recorded per step; where it first fails at step k, the reduced run is GD up to step k − 1.

Used where the literal width of a flow lemma (Lemma 3.4's R′ < R: m ≈ 7·10⁶ at n = 2, 10¹⁰ at n = 5) or of
Theorem 4.1 (four times Theorem 3.2's) is out of reach of models.dynamics, which holds W (m × d): the draw streams
the neurons in chunks, so memory holds the chunk and the near neurons only (about 0.8·n·τ·m of them: z_ri ~ N(0, 1)
for unit rows).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch

from models import preactivations
from models.checks import (
    InvalidInputError,
    check_float_dtype,
    check_generator,
    check_matrix,
    check_nonnegative,
    check_positive,
    check_positive_values,
    check_size,
    check_unit_rows,
)
from models.dynamics import refine
from models.numerics import flow_tolerance

#: a chunk of the draw holds about this many bytes (normals, pre-activations and patterns of its neurons)
DRAW_BYTES = 2**24

#: the patterns drawn are recorded in a table of 2ⁿ entries a trial: n is at most this
MAX_N = 20


@dataclass
class WideDraw:
    """One draw of ``batch`` initialisations of width ``m``, split at ``tau``: the frozen neurons' aggregates
    ``u_frozen`` = Σ a_r relu(z_r(0)) (B, n), ``counts`` = Σ s_r s_rᵀ (B, n, n, exact integers), ``patterns`` (B, 2ⁿ)
    which patterns they have (index Σ_i s_i 2ⁱ); the near neurons' z_r(0) ``z_near`` (B, k_max, n) and a_r ``a_near``
    (B, k_max), in increasing μ_r = min_i |z_ri(0)| in each trial (in the order drawn among ties: the order in which
    the run activates them), padded with a_r = 0 (a neuron that neither moves nor counts), and their number ``near``
    (B,)."""

    m: int
    tau: float
    u_frozen: torch.Tensor
    counts: torch.Tensor
    patterns: torch.Tensor
    z_near: torch.Tensor
    a_near: torch.Tensor
    near: torch.Tensor


@dataclass
class WideFlow:
    """A recorded run at ``times`` (grid + 1): ``residual_sq`` ‖u − y‖², ``distance`` max_r ‖w_r(t) − w_r(0)‖ and
    ``lambda_min`` λ_min(H(t)) (B, grid + 1); ``frozen_to`` (B, grid + 1) the certificate, the reach on [0, t] over
    τ (≤ 1: the reduced run is the flow up to t); ``near`` (B,) the near neurons, ``stepped`` (B,) those of them the
    reach came to, integrated one by one; ``refinement`` and ``error`` as models.dynamics.flow's. ``frozen_ratio``
    (B,) is the whole run's."""

    times: torch.Tensor
    residual_sq: torch.Tensor
    distance: torch.Tensor
    lambda_min: torch.Tensor
    frozen_to: torch.Tensor
    near: torch.Tensor
    stepped: torch.Tensor
    refinement: list[tuple[float, float]] = field(default_factory=list)
    error: torch.Tensor | None = None

    @property
    def frozen_ratio(self) -> torch.Tensor:
        return self.frozen_to[..., -1]


@dataclass
class WideGD:
    """A run of K GD steps (:func:`gradient_descent`): ``times`` k = 0..K, ``residual_sq`` ‖u(k) − y‖² (B, K + 1),
    ``distance_to`` (B, K + 1) max_{k' ≤ k} max_r ‖w_r(k') − w_r(0)‖, ``frozen_to`` (B, K + 1) the certificate's bound
    the reach on steps k' ≤ k over τ (≤ 1: the reduced run is GD up to step k), ``near`` (B,) the near neurons and
    ``stepped`` (B,) those of them stepped one by one. ``distance`` and ``frozen_ratio`` (B,) are the whole run's."""

    times: torch.Tensor
    residual_sq: torch.Tensor
    distance_to: torch.Tensor
    frozen_to: torch.Tensor
    near: torch.Tensor
    stepped: torch.Tensor

    @property
    def distance(self) -> torch.Tensor:
        return self.distance_to[..., -1]

    @property
    def frozen_ratio(self) -> torch.Tensor:
        return self.frozen_to[..., -1]


def draw(
    X: torch.Tensor, m: int, tau: float, *, generator: torch.Generator, batch: int = 1, memory_bytes: int = DRAW_BYTES
) -> WideDraw:
    """``batch`` initialisations w_r ~ N(0, I_d), a_r ~ unif{±1} of width m, streamed in chunks of neurons from
    ``generator`` (per chunk: the normals of every trial, then their signs a_r), split at τ: near where
    min_i |z_ri(0)| < τ. Reproducible bit for bit for a given generator, chunking and device."""
    X = _check(X, tau)
    m, batch, memory_bytes = check_size("m", m), check_size("batch", batch), check_size("memory_bytes", memory_bytes)
    check_generator("generator", generator)
    dtype, device = X.dtype, X.device
    R = preactivations.factor(X, "factor")  # (k, n)
    k, n = R.shape
    rows = max(1, min(m, memory_bytes // (batch * (k + 2 * n + 2) * X.element_size())))
    size = batch * rows * k + 1  # one spare element: Box–Muller fills an even count
    normals = torch.empty(size, dtype=dtype, device=device)
    scratch = torch.empty(size // 2 + 1, dtype=dtype, device=device)
    split = _Split(batch, n, tau, dtype, device)
    for start in range(0, m, rows):  # over chunks of m, not over m
        c = min(rows, m - start)
        count = batch * c * k
        Z = preactivations.standard_normal_(normals[: count + count % 2], generator=generator, scratch=scratch)
        P = Z[:count].view(batch, c, k) @ R  # (B, c, n) pre-activations z_r(0)
        a = torch.randint(0, 2, (batch, c), generator=generator, device=device).to(dtype).mul_(2).sub_(1)
        split.add(P, a)
    return split.result(m)


def split(X: torch.Tensor, W0: torch.Tensor, a0: torch.Tensor, tau: float) -> WideDraw:
    """The :class:`WideDraw` of given initialisations W0 (B, m, d), a0 (B, m) (a0 entries ±1): the reduced flow of
    the same network as models.dynamics.flow's (tests/unit/test_aggregated_flow.py compares the two)."""
    X = _check(X, tau)
    check_matrix("W0", W0, ndim=3, cols=X.shape[1])
    if a0.shape != W0.shape[:2] or not bool((a0.abs() == 1).all()):
        raise InvalidInputError(f"a0 must be ±1 of shape {tuple(W0.shape[:2])}, got shape {tuple(a0.shape)}")
    s = _Split(W0.shape[0], X.shape[0], tau, X.dtype, X.device)
    s.add(W0 @ X.T, a0.to(X.dtype))
    return s.result(W0.shape[1])


def _check(X: torch.Tensor, tau: float) -> torch.Tensor:
    X = check_unit_rows("X", check_float_dtype("X", check_matrix("X", X)))
    check_positive("tau", tau)
    if X.shape[0] > MAX_N:
        raise InvalidInputError(f"n must be at most {MAX_N} (a table of the 2ⁿ patterns drawn), got {X.shape[0]}")
    return X


class _Split:
    """Chunks of neurons (pre-activations P (B, c, n), signs a (B, c)) into the frozen aggregates and near rows.

    The frozen neurons' patterns are counted in a histogram over the 2ⁿ pattern indices (one bincount a chunk),
    from which Σ s_r s_rᵀ and the patterns present follow at the end: a third of the passes over the chunk that
    forming s_r s_rᵀ per neuron takes (the draw was 60 % this bookkeeping, measured at n = 2)."""

    def __init__(self, batch: int, n: int, tau: float, dtype, device):
        self.batch, self.n, self.tau, self.dtype, self.device = batch, n, tau, dtype, device
        self.powers = 2.0 ** torch.arange(n, dtype=dtype, device=device)  # exact: indices below 2²⁰ (MAX_N)
        self.offsets = torch.arange(batch, device=device)[:, None] * (2**n + 1)  # trial b's bins: b·(2ⁿ + 1) + p
        self.u_frozen = torch.zeros(batch, n, dtype=dtype, device=device)
        self.hist = torch.zeros(batch * (2**n + 1), dtype=torch.int64, device=device)  # last bin of each: near ones
        # the near neurons so far (trial, z_r(0), a_r) in buffers that double when full: a few small tensors kept
        # from every chunk, between its large transient ones, fragmented the CPU heap (glibc) until the draw held
        # 2 GB resident for 0.8·10⁶ near neurons (13 MB; Theorem 4.1 at n = 2, d = 4)
        self.kept = 0
        self.b = torch.empty(0, dtype=torch.int64, device=device)
        self.z = torch.empty(0, n, dtype=dtype, device=device)
        self.a = torch.empty(0, dtype=dtype, device=device)

    def add(self, P: torch.Tensor, a: torch.Tensor) -> None:
        near = P.abs().amin(-1) < self.tau
        weight = torch.where(near, torch.zeros_like(a), a)  # a_r for a frozen neuron, 0 for a near one
        self.u_frozen += torch.bmm(weight[:, None, :], torch.relu(P))[:, 0]
        index = ((P >= 0).to(P.dtype) @ self.powers).to(torch.int64)  # Σ_i s_i 2ⁱ
        index = torch.where(near, 2**self.n, index) + self.offsets
        self.hist += torch.bincount(index.flatten(), minlength=self.hist.numel())
        b, r = near.nonzero(as_tuple=True)
        self._keep(b, P[b, r], a[b, r])

    def _keep(self, b: torch.Tensor, z: torch.Tensor, a: torch.Tensor) -> None:
        start, end = self.kept, self.kept + len(b)
        if end > len(self.b):
            size = max(end, 2 * len(self.b))
            self.b = torch.cat([self.b[:start], self.b.new_empty(size - start)])
            self.z = torch.cat([self.z[:start], self.z.new_empty(size - start, self.n)])
            self.a = torch.cat([self.a[:start], self.a.new_empty(size - start)])
        self.b[start:end], self.z[start:end], self.a[start:end] = b, z, a
        self.kept = end

    def result(self, m: int) -> WideDraw:
        b, z, a = self.b[: self.kept], self.z[: self.kept], self.a[: self.kept]
        near = torch.bincount(b, minlength=self.batch)
        order = torch.argsort(z.abs().amin(-1), stable=True)  # by μ_r, then by trial: μ_r ascending in each
        order = order[torch.argsort(b[order], stable=True)]
        b, z, a = b[order], z[order], a[order]
        rank = torch.arange(len(b), device=self.device) - (torch.cumsum(near, 0) - near)[b]
        k_max = int(near.max()) if len(b) else 0
        z_near = torch.zeros(self.batch, k_max, self.n, dtype=self.dtype, device=self.device)
        a_near = torch.zeros(self.batch, k_max, dtype=self.dtype, device=self.device)
        z_near[b, rank], a_near[b, rank] = z, a
        hist = self.hist.view(self.batch, 2**self.n + 1)[:, :-1]
        s = _all_patterns(self.n, torch.float64, self.device)
        counts = torch.einsum("bp,pi,pj->bij", hist.to(torch.float64), s, s)  # exact integers below 2⁵³
        return WideDraw(m, self.tau, self.u_frozen, counts.to(self.dtype), hist > 0, z_near, a_near, near)


def _all_patterns(n: int, dtype, device) -> torch.Tensor:
    """(2ⁿ, n) 0/1: row p is the pattern with index p = Σ_i s_i 2ⁱ."""
    p = torch.arange(2**n, device=device)
    return ((p[:, None] >> torch.arange(n, device=device)) & 1).to(dtype)


class _Reduced:
    """The reduced system of a draw (the module's docstring) at a state (E (B, n), C (B, A, k)), shared by the flow
    and GD: the field, the largest distance, the Gram and the certificate, the near neurons activated lazily.

    The near neurons are sorted by μ_r = min_i |z_ri(0)|. The run's *reach* is ``slack`` times the certificate's bound
    B = max_i Σ_j |(XXᵀ)_ij| sup|E_j|/√m on how far a neuron that kept its pattern has moved; a near neuron whose μ_r
    is above every reach so far has kept its pattern, so it moves as a frozen one does and stays in the aggregates
    (*lazy*). :meth:`activate` takes the near neurons the reach has come to out of them and steps them one by one
    from c_r = −(a_r/√m) R(s_r ∘ E), the exact state of a neuron whose pattern held until then. C's rows are the
    first A near neurons (A the most any trial steps); a trial's rows past its own count have a_r taken as 0."""

    def __init__(self, X: torch.Tensor, y: torch.Tensor, wd: WideDraw, slack: float):
        self.dtype, self.y, self.wd, self.slack = X.dtype, y, wd, slack
        self.root = math.sqrt(wd.m)
        self.R = preactivations.factor(X, "factor")
        self.G = X @ X.T
        self.absG = self.G.abs()
        self.all_s = _all_patterns(X.shape[0], X.dtype, X.device)
        pad = wd.a_near == 0
        self.z0, self.an = wd.z_near, wd.a_near  # sorted by μ_r in the draw (WideDraw), the padding last
        self.mu = torch.where(pad, math.inf, self.z0.abs().amin(-1))
        self.s0 = self.z0 >= 0  # bool: the patterns of every near neuron are held through the run
        batch, n = wd.u_frozen.shape
        # at the start every near neuron is lazy: the aggregates hold them with the frozen ones
        self.u_sum = wd.u_frozen + (self.an[..., None] * torch.relu(self.z0)).sum(-2)
        s0 = self.s0.to(self.dtype)
        self.counts = wd.counts + (s0 * self.an[..., None] ** 2).transpose(-1, -2) @ s0
        self.index = (s0 @ 2.0 ** torch.arange(n, dtype=self.dtype, device=X.device)).to(torch.int64)
        self.lazy = torch.zeros(batch, 2**n, dtype=torch.int64, device=X.device)  # lazy neurons of each pattern
        self.lazy.scatter_add_(1, self.index, (~pad).to(torch.int64))
        self.active = torch.zeros(batch, dtype=torch.int64, device=X.device)  # near neurons stepped one by one
        self.R_batch = self.R.expand(batch, *self.R.shape)  # baddbmm wants a batch; formed once
        self._aggregate()
        self._mask(0)

    def _aggregate(self):
        self.K = self.G * self.counts / self.wd.m
        self.u0 = self.u_sum / self.root

    def _mask(self, A: int):
        on = torch.arange(A, device=self.active.device) < self.active[:, None]
        self.a = torch.where(on, self.an[:, :A], torch.zeros_like(self.an[:, :A]))  # a_r where stepped, else 0
        self.a_root = (self.a / self.root)[..., None]
        self.weight = self.a**2

    def start(self) -> tuple[torch.Tensor, torch.Tensor]:
        """E = 0 and C without rows: the state at W(0), every near neuron lazy."""
        E = torch.zeros_like(self.u0)
        return E, torch.zeros(E.shape[0], 0, self.R.shape[0], dtype=E.dtype, device=E.device)

    def reach(self, sup_E):
        """``slack``·max_i Σ_j |G_ij| sup|E_j|/√m (B,): no neuron with μ_r above it has changed its pattern."""
        return self.slack * (sup_E @ self.absG.T).amax(-1) / self.root

    def moved(self, reach):
        """The certificate: the reach over τ (B,), ≤ 1 where no frozen neuron can have changed its pattern."""
        return reach / self.wd.tau

    def activate(self, reach, E, C, *rates):
        """Step one by one from this state on every lazy neuron with μ_r ≤ ``reach``: out of the aggregates, into C at
        −(a_r/√m) R(s_r ∘ E); ``rates`` (e, dC) pairs of the state: into each dC at −(a_r/√m) R(s_r ∘ e). Returns C
        and the dC's, grown by the rows of the neurons that joined."""
        new = torch.searchsorted(self.mu, reach[:, None].contiguous(), right=True)[:, 0].minimum(self.wd.near)
        if bool((new <= self.active).all()):
            return (C, *(dC for _, dC in rates))
        new = torch.maximum(new, self.active)
        lo, A = int(self.active.min()), int(new.max())
        span = torch.arange(lo, A, device=new.device)
        joins = (span >= self.active[:, None]) & (span < new[:, None])  # (B, A − lo)
        a = torch.where(joins, self.an[:, lo:A], torch.zeros_like(self.an[:, lo:A]))
        z, s = self.z0[:, lo:A], self.s0[:, lo:A].to(self.dtype)
        self.u_sum = self.u_sum - (a[..., None] * torch.relu(z)).sum(-2)
        self.counts = self.counts - (s * a[..., None] ** 2).transpose(-1, -2) @ s  # exact integers
        self.lazy.scatter_add_(1, self.index[:, lo:A], -joins.to(torch.int64))
        self.active = new
        self._aggregate()
        self._mask(A)
        grown = []
        for state, rows in ((E, C), *rates):
            value = -(a / self.root)[..., None] * ((s * state[:, None, :]) @ self.R.T)
            rows = torch.cat([rows, rows.new_zeros(rows.shape[0], A - rows.shape[1], rows.shape[2])], 1)
            rows[:, lo:A] = torch.where(joins[..., None], value, rows[:, lo:A])
            grown.append(rows)
        return tuple(grown)

    def field(self, E, C):
        """(e = u − y, dC = −(a_r/√m) R(s_r ∘ e) per stepped neuron, their patterns S) at the state (E, C)."""
        z0 = self.z0[:, : C.shape[1]]
        Z = torch.baddbmm(z0, C, self.R_batch) if C.shape[1] else z0
        u = self.u0 - (self.K @ E[..., None])[..., 0] + (self.a[..., None] * torch.relu(Z)).sum(-2) / self.root
        e = u - self.y
        S = (Z >= 0).to(self.dtype)
        dC = -self.a_root * ((S * e[:, None, :]) @ self.R.T)
        return e, dC, S

    def distance(self, E, C):
        """max_r ‖w_r − w_r(0)‖ (B,): over the patterns of the aggregated neurons (frozen or lazy), ‖R(s ∘ E)‖/√m;
        over the stepped ones, ‖c_r‖."""
        far = torch.linalg.vector_norm((self.all_s * E[:, None, :]) @ self.R.T, dim=-1) / self.root  # (B, 2ⁿ)
        far = torch.where(self.wd.patterns | (self.lazy > 0), far, torch.zeros_like(far)).amax(-1)
        if not C.shape[1]:
            return far
        return torch.maximum(far, torch.linalg.vector_norm(C, dim=-1).mul(self.weight).amax(-1))

    def gram(self, S):
        """H = K + G ∘ Σ_stepped s_r s_rᵀ/m (B, n, n) at the stepped neurons' patterns S."""
        return self.K + self.G * ((S * self.weight[..., None]).transpose(-1, -2) @ S) / self.wd.m

    def stepped(self):
        """The near neurons stepped one by one so far (B,)."""
        return self.active.clone()


#: the flow's reach is twice the bound: the factor covers the integration's own error in E (the module's docstring)
FLOW_SLACK = 2.0


def gd_slack(n: int, dtype) -> float:
    """GD's reach over the bound, 1/(1 − 4(n + 2)·eps): its iterates are the run's own, so only the rounding of the
    bound (a sum of n terms, scaled twice) separates it from what the neurons moved."""
    return 1 / (1 - 4 * (n + 2) * torch.finfo(dtype).eps)


def _run(X: torch.Tensor, y: torch.Tensor, wd: WideDraw, T: float, grid: int, substeps: int):
    """One RK4 run at h = T/(grid·substeps) of the reduced flow (the module's docstring), recorded on the grid."""
    h = T / (grid * substeps)
    system = _Reduced(X, y, wd, FLOW_SLACK)
    field = system.field

    def record(E, C, reach):
        """The recorded values at a grid time, and the field there (the next step's first stage)."""
        at = field(E, C)
        lam = torch.linalg.eigvalsh(system.gram(at[2]))[..., 0]
        return ((at[0] ** 2).sum(-1), system.distance(E, C), lam, system.moved(reach)), at

    E, C = system.start()
    sup_E = torch.zeros_like(E)  # sup of |E_j| over the path so far, each step widened by h‖e‖ (the docstring)
    reach = torch.zeros_like(E[:, 0])
    row, at = record(E, C, reach)
    rows = [row]
    for _ in range(grid):
        for _ in range(substeps):  # over time steps only
            e1, c1, _ = field(E, C) if at is None else at
            at = None
            sup_E = torch.maximum(sup_E, E.abs() + h * torch.linalg.vector_norm(e1, dim=-1, keepdim=True))
            reach = system.reach(sup_E)  # covers the step: whoever it reaches is stepped from its start
            C, c1 = system.activate(reach, E, C, (e1, c1))
            E2, C2 = E + h / 2 * e1, C + h / 2 * c1
            e2, c2, _ = field(E2, C2)
            E3, C3 = E + h / 2 * e2, C + h / 2 * c2
            e3, c3, _ = field(E3, C3)
            E4, C4 = E + h * e3, C + h * c3
            e4, c4, _ = field(E4, C4)
            E = E + h / 6 * (e1 + 2 * e2 + 2 * e3 + e4)
            C = C + h / 6 * (c1 + 2 * c2 + 2 * c3 + c4)
        row, at = record(E, C, reach)
        rows.append(row)
    res, dist, lam, moved = (torch.stack(v, -1) for v in zip(*rows, strict=True))
    times = torch.linspace(0, T, grid + 1, dtype=X.dtype, device=X.device)
    return h, WideFlow(times, res, dist, lam, moved, wd.near, system.stepped())


def flow(
    X: torch.Tensor,
    y: torch.Tensor,
    wd: WideDraw,
    *,
    T: float,
    grid: int = 32,
    tol: float | None = None,
    max_refinements: int = 6,
    scale: torch.Tensor | None = None,
) -> WideFlow:
    """The flow of :func:`draw`'s initialisations on [0, T] (a fixed), recorded at ``grid`` + 1 equally spaced
    times: RK4 from s = ⌈(T/grid)·n/2⌉ substeps an interval, refined as models.dynamics.flow (its docstring: the
    error estimate and ``scale``). X (n, d) unit rows, y (n,)."""
    T, grid = check_positive("T", T), check_size("grid", grid)
    max_refinements = check_size("max_refinements", max_refinements, 0)
    tol = flow_tolerance(X.dtype) if tol is None else check_nonnegative("tol", tol)
    s = max(1, math.ceil(T / grid * X.shape[0] / 2))
    return refine(lambda steps: _run(X, y, wd, T, grid, steps), s, tol, max_refinements, scale)


def gradient_descent(
    X: torch.Tensor, y: torch.Tensor, wd: WideDraw, *, eta: float | torch.Tensor, steps: int, distance: bool = True
) -> WideGD:
    """``steps`` GD steps w_r ← w_r − η ∂L/∂w_r (a fixed: models.dynamics.gradient_descent's) from :func:`draw`'s
    initialisations, by the reduced system: E(k) = η Σ_{k' < k} e(k') and, per near neuron,
    c_r(k + 1) = c_r(k) − η(a_r/√m) R(s_r(k) ∘ e(k)). ‖u(k) − y‖², the largest distance and the certificate are
    taken at every k ≤ K, so the certificate is exact here: no frozen |z_ri(k) − z_ri(0)| exceeds the bound it
    records, and a run whose certificate fails at step k is still GD up to the step before (``frozen_to``).
    ``eta`` a float or a (B,) tensor (a step per trial); ``distance=False`` leaves the largest distance, a pass over
    the near neurons a step, unmeasured (NaN)."""
    check_positive_values("eta", eta)
    steps = check_size("steps", steps, 0)
    system = _Reduced(X, y, wd, gd_slack(X.shape[0], X.dtype))
    batch = system.u0.shape[0]
    if isinstance(eta, torch.Tensor) and eta.shape not in ((), (batch,)):
        raise InvalidInputError(f"eta must be a float or of shape ({batch},) (a step a trial), got {tuple(eta.shape)}")
    eta = torch.as_tensor(eta, dtype=X.dtype, device=X.device).expand(batch)[:, None]
    E, C = system.start()
    sup_E, far, res, dist, moved = torch.zeros_like(E), torch.zeros_like(eta[:, 0]), [], [], []
    for k in range(steps + 1):  # over steps only
        sup_E = torch.maximum(sup_E, E.abs())
        reach = system.reach(sup_E)
        moved.append(system.moved(reach))
        (C,) = system.activate(reach, E, C)
        e, dC, _ = system.field(E, C)
        res.append((e**2).sum(-1))
        if distance:
            far = torch.maximum(far, system.distance(E, C))
        dist.append(far)
        if k < steps:
            C = C + eta[..., None] * dC
            E = E + eta * e
    times = torch.arange(steps + 1, dtype=X.dtype, device=X.device)
    res, dist = torch.stack(res, -1), torch.stack(dist, -1)
    dist = dist if distance else torch.full_like(dist, math.nan)
    return WideGD(times, res, dist, torch.stack(moved, -1), wd.near, system.stepped())


def initial_gram(X: torch.Tensor, wd: WideDraw) -> torch.Tensor:
    """H(0) = (XXᵀ) ∘ Σ_r s_r s_rᵀ/m (B, n, n) of the draw, frozen and near neurons together."""
    S = (wd.z_near >= 0).to(X.dtype) * (wd.a_near != 0)[..., None]
    return (X @ X.T) * (wd.counts + S.transpose(-1, -2) @ S) / wd.m


def initial_output(wd: WideDraw) -> torch.Tensor:
    """u(0) (B, n) of the draw: (Σ_frozen a_r relu(z_r(0)) + Σ_near a_r relu(z_r(0)))/√m."""
    return (wd.u_frozen + (wd.a_near[..., None] * torch.relu(wd.z_near)).sum(-2)) / math.sqrt(wd.m)
