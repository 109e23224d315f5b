"""Training dynamics of the two-layer ReLU net of :mod:`models.two_layer`: gradient descent and gradient flow.

    u = f(W, a, X) = m^{-1/2} relu(X Wᵀ) a,   L = ½ ‖u − y‖²
    ∂L/∂w_r = m^{-1/2} a_r Σ_i (u_i − y_i) 1{w_rᵀx_i ≥ 0} x_i          (first layer)
    ∂L/∂a_r = m^{-1/2} Σ_i (u_i − y_i) relu(w_rᵀx_i)                    (second layer, Theorem 3.3)

Gradient descent (Section 4): θ(k+1) = θ(k) − η ∇L(θ(k)). Gradient flow (Section 3): dθ/dt = −∇L(θ(t)),
integrated by the classical Runge–Kutta scheme (RK4) with step h; the step is halved until the recorded
curve ‖u(t) − y‖² on the output grid moves by less than a relative tolerance between two successive
step sizes (:func:`flow`; the refinement record is returned so a claim can state its numerical error).

Shapes: X (..., n, d) with unit rows, y (..., n), W (..., m, d), a (..., m); leading dimensions are a batch of
independent trials and broadcast. The width m is processed in chunks under ``memory_bytes``: a row's gradient
needs the residual u − y, which is a sum over all rows, so each evaluation makes two passes over the chunks
(a loop over chunks of m, never over m itself; one chunk when the problem is small).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import torch

from models import symeig, two_layer
from models.checks import (
    InvalidInputError,
    broadcast_shapes,
    check_generator,
    check_nonnegative,
    check_positive,
    check_positive_values,
    check_size,
)
from models.coefficient_gd import gradient_descent as coefficient_gradient_descent
from models.numerics import flow_error
from models.numerics import flow_tolerance as flow_tolerance  # re-exported: its historical home
from models.trajectory import Trajectory

MEMORY_BYTES = two_layer.MEMORY_BYTES


def _chunks(W: torch.Tensor, X: torch.Tensor, memory_bytes: int) -> tuple[slice, ...]:
    return _chunk_slices(W.shape, X.shape, W.element_size(), memory_bytes)


@functools.lru_cache(maxsize=256)
def _chunk_slices(W_shape, X_shape, item: int, memory_bytes: int) -> tuple[slice, ...]:
    """The chunks of m for :func:`_chunks`, by shape (cached: a flow asks at every field evaluation)."""
    m, n = W_shape[-2], X_shape[-2]
    batch = math.prod(broadcast_shapes(W_shape[:-2], X_shape[:-2]))
    per_column = 3 * (n + W_shape[-1]) * item * max(1, batch)
    step = max(1, min(m, memory_bytes // per_column))  # columns of m per chunk within the memory budget
    return tuple(slice(s, s + step) for s in range(0, m, step))


def forward(X: torch.Tensor, W: torch.Tensor, a: torch.Tensor, *, memory_bytes: int = MEMORY_BYTES) -> torch.Tensor:
    """u = m^{-1/2} relu(X Wᵀ) a, shape (..., n), accumulated over chunks of m."""
    return _forward(X, W, a, _chunks(W, X, memory_bytes), keep_patterns=False)[0]


#: called as ``patterns(c, S)`` with the patterns S = 1{W_c Xᵀ ≥ 0} of the rows c (a slice of m), bool
#: (..., mc, n), by a pass that forms W Xᵀ anyway: a record of pattern changes then costs no product of its own
PatternHook = Callable[[slice, torch.Tensor], None]


def _buffer(
    work: dict | None, key: str, shape: torch.Size, like: torch.Tensor, dtype: torch.dtype | None = None
) -> torch.Tensor | None:
    """The array ``work`` keeps under (key, shape), made on first use (of ``like``'s dtype unless ``dtype``);
    None without ``work``. Fresh memory costs its page faults on first touch, as much as a pass over it: an
    (m, n) array a step is worth keeping."""
    if work is None:
        return None
    if (key, shape) not in work:
        work[key, shape] = like.new_empty(shape, dtype=dtype)
    return work[key, shape]


def _pattern(pre: torch.Tensor, work: dict | None, key: str) -> torch.Tensor:
    """1{W Xᵀ ≥ 0} as bool, into ``work``'s array under ``key`` when given (kept until the next call with it)."""
    out = _buffer(work, key, pre.shape, pre, torch.bool)
    return pre >= 0 if out is None else torch.ge(pre, 0, out=out)


def _pre(W: torch.Tensor, X: torch.Tensor, c: slice, work: dict | None) -> torch.Tensor:
    """W_c Xᵀ, (..., mc, n): into ``work``'s array for its shape when given (overwritten by the next chunk of
    that shape)."""
    Wc, Xt = W[..., c, :], X.transpose(-1, -2)
    shape = torch.Size((*broadcast_shapes(Wc.shape[:-2], X.shape[:-2]), Wc.shape[-2], X.shape[-2]))
    out = _buffer(work, "pre", shape, W)
    return Wc @ Xt if out is None else torch.matmul(Wc, Xt, out=out)


def _forward(
    X: torch.Tensor,
    W: torch.Tensor,
    a: torch.Tensor,
    chunks: tuple[slice, ...],
    *,
    keep_patterns: bool,
    patterns: PatternHook | None = None,
    work: dict | None = None,
) -> tuple[torch.Tensor, list[torch.Tensor] | None]:
    """(u, and with ``keep_patterns`` each chunk's pattern 1{W_c Xᵀ ≥ 0} as bool (..., mc, n), else None)."""
    u, kept = None, [] if keep_patterns else None
    for i, c in enumerate(chunks):
        pre = _pre(W, X, c, work)
        if kept is not None or patterns is not None:
            S = _pattern(pre, work, f"S{i}")  # one array per chunk: the kept ones live until the second pass
            if kept is not None:
                kept.append(S)
            if patterns is not None:
                patterns(c, S)
        # relu in place and Σ_r a_r relu(·) as a matrix-vector product: one pass over the chunk, no temporaries
        part = (torch.relu_(pre).transpose(-1, -2) @ a[..., c].unsqueeze(-1)).squeeze(-1)
        u = part if u is None else u + part
    return u / math.sqrt(W.shape[-2]), kept


def _masked(S: torch.Tensor, r: torch.Tensor, spare: torch.Tensor | None) -> torch.Tensor:
    """S ⊙ r, (..., mc, n) for S (..., mc, n) bool and r (..., n): written over ``spare`` (a float array no longer
    needed) when its shape fits. A cast and an in-place product: two cheap passes, measured faster than one
    torch.where with a bool condition; entries off the pattern are ±0 (0·r_i), which leave the product with X
    unchanged."""
    rows = r.unsqueeze(-2)
    shape = broadcast_shapes(S.shape, rows.shape)
    if spare is not None and spare.shape == shape:
        return spare.copy_(S).mul_(rows)
    out = S.to(r.dtype)
    return out.mul_(rows) if out.shape == shape else out * rows


def gradients(
    X: torch.Tensor,
    W: torch.Tensor,
    a: torch.Tensor,
    y: torch.Tensor,
    *,
    train_a: bool = False,
    memory_bytes: int = MEMORY_BYTES,
) -> tuple[torch.Tensor, torch.Tensor | None, torch.Tensor]:
    """(∂L/∂W, ∂L/∂a or None, u) in closed form (formulas in the module docstring); ∂L/∂W is (..., m, d)."""
    return _gradients(X, W, a, y, train_a, memory_bytes)


def _gradients(X, W, a, y, train_a, memory_bytes, patterns: PatternHook | None = None, work: dict | None = None):
    """:func:`gradients`; ``patterns`` (a :data:`PatternHook`) is called with the patterns of W it forms.

    Beyond the two products W Xᵀ and (S ⊙ r) X the cost is elementwise work and fresh memory over (m, n) and
    (m, d) arrays, so the products' arrays are reused in place (relu, then S ⊙ r written over relu(W Xᵀ) once
    used) and ∂L/∂W is written chunk by chunk into one array and scaled there (no concatenation), in the
    formulas' order: (a_r · Σ_i S_ri r_i x_i) / √m. With ``work`` (a dict the caller keeps between calls) the
    arrays are kept across calls: ∂L/∂W is then ``work``'s array for the slot ``work["slot"]`` (0 or 1),
    overwritten by the next call with that slot."""
    if y.shape[-1] != X.shape[-2]:
        raise InvalidInputError(f"y must have n = {X.shape[-2]} entries, got shape {tuple(y.shape)}")
    m = W.shape[-2]
    chunks = _chunks(W, X, memory_bytes)
    if len(chunks) == 1:  # the common case: W Xᵀ once, reused by the forward and the backward pass
        pre_all, kept = _pre(W, X, chunks[0], work), None
        S_all = pre_all >= 0
        if patterns is not None:
            patterns(chunks[0], S_all)
        r = (torch.relu_(pre_all).transpose(-1, -2) @ a.unsqueeze(-1)).squeeze(-1) / math.sqrt(m) - y
    else:  # u needs every chunk before any row's gradient: two passes over the chunks
        pre_all = S_all = None
        # the second pass needs only the patterns 1{w_rᵀx_i ≥ 0}: kept from the first (one byte an entry, where
        # they fit the memory budget and a's gradient, which needs relu(W Xᵀ) itself, is not asked) instead of
        # forming W Xᵀ again, a third of the step's products; the same bits (the same chunk products)
        runs = math.prod(broadcast_shapes(W.shape[:-2], X.shape[:-2]))
        keep = not train_a and runs * m * X.shape[-2] <= memory_bytes
        u, kept = _forward(X, W, a, chunks, keep_patterns=keep, patterns=patterns, work=work)
        r = u - y  # (..., n)
    batch = broadcast_shapes(a.shape[:-1], W.shape[:-2], X.shape[:-2], y.shape[:-1])
    shape = (*batch, m, X.shape[-1])
    slot = None if work is None else work.get("slot", 0)
    gW = _buffer(work, f"gW{slot}", torch.Size(shape), W)
    gW = W.new_empty(shape) if gW is None else gW
    ga = []
    for i, c in enumerate(chunks):
        if kept is not None:  # the pre-activations' array (work's, when kept) is free in this pass
            pre, S = None, kept[i]
            spare = _buffer(work, "pre", S.shape, W)
        elif pre_all is not None:
            pre, S = pre_all, S_all  # relu(W Xᵀ), already in place
            spare = pre
        else:
            pre = _pre(W, X, c, work)  # (..., mc, n)
            S = pre >= 0
            spare = torch.relu_(pre)
        if train_a:
            ga.append((pre @ r.unsqueeze(-1)).squeeze(-1) / math.sqrt(m))
        masked, rows = _masked(S, r, spare), gW[..., c, :]
        if masked.shape[:-2] == batch and rows.is_contiguous():
            torch.matmul(masked, X, out=rows)
        else:
            rows.copy_(masked @ X)
        rows.mul_(a[..., c].unsqueeze(-1))
    gW = gW.div_(math.sqrt(m))
    ga_all = (ga[0] if len(ga) == 1 else torch.cat(ga, -1)) if train_a else None
    return gW, ga_all, r + y


def _descent_step(X, W, a, y, rate, train_a, memory_bytes, patterns: PatternHook | None, work: dict):
    """One GD step θ(k+1) = θ(k) − η∇L(θ(k)) (Section 4) with the update done by the gradient's second product:
    by the module docstring's ∂L/∂w_r,

        w_r(k+1) = w_r(k) + Σ_i M_ri (r_i x_i),   M_ri = −η a_r m^{-1/2} 1{w_r(k)ᵀx_i ≥ 0},   r = u − y,

    one product with β = 1 (W ← W + M·(r ⊙ X)) per chunk, written over W's rows in place: no array for ∂L/∂W,
    no elementwise pass over (m, d), and the scale a_r/√m and −η enter M, not the (m, d) result. The same two
    products W Xᵀ and M·(r ⊙ X) as :func:`_gradients` (whose passes this one follows), in another order of
    roundings. W is overwritten: the caller's array, never its input. Returns (a(k+1), u(k)); a(k+1) is a
    unless ``train_a``."""
    m = W.shape[-2]
    chunks = _chunks(W, X, memory_bytes)
    if len(chunks) == 1:  # W Xᵀ once, reused by the forward pass and the update
        pre_all, kept = _pre(W, X, chunks[0], work), None
        S_all = _pattern(pre_all, work, "S0")
        if patterns is not None:
            patterns(chunks[0], S_all)
        r = (torch.relu_(pre_all).transpose(-1, -2) @ a.unsqueeze(-1)).squeeze(-1) / math.sqrt(m) - y
    else:  # u needs every chunk before any row moves: two passes over the chunks (see _gradients)
        pre_all = S_all = None
        keep = not train_a and math.prod(W.shape[:-2]) * m * X.shape[-2] <= memory_bytes
        u, kept = _forward(X, W, a, chunks, keep_patterns=keep, patterns=patterns, work=work)
        r = u - y
    scale = a * (-rate.reshape(*rate.shape, *([1] * (a.dim() - rate.dim()))) / math.sqrt(m))  # −η a_r/√m

    shape = torch.Size((*r.shape, X.shape[-1]))
    Xr = torch.mul(r.unsqueeze(-1), X, out=_buffer(work, "r ⊙ X", shape, X)).view(-1, *shape[-2:])  # (n, d) a trial
    rows_of = W.view(-1, *W.shape[-2:])
    ga = []
    for i, c in enumerate(chunks):
        if kept is not None:
            pre, S = None, kept[i]
            spare = _buffer(work, "pre", S.shape, W)
        elif pre_all is not None:
            pre, S = pre_all, S_all
            spare = pre
        else:
            pre = _pre(W, X, c, work)  # rows c of W have not moved yet: they move at the end of this pass
            S = _pattern(pre, work, "S0")
            spare = torch.relu_(pre)
        if train_a:
            ga.append((pre @ r.unsqueeze(-1)).squeeze(-1) / math.sqrt(m))
        M = spare.copy_(S).mul_(scale[..., c].unsqueeze(-1))  # a cast and a product: see _masked
        rows_of[:, c, :].baddbmm_(M.view(-1, *M.shape[-2:]), Xr)
    if train_a:
        a = _step(a, rate, torch.cat(ga, -1))
    return a, r + y


def initial_patterns(X: torch.Tensor, W0: torch.Tensor) -> torch.Tensor:
    """1{w_r(0)ᵀx_i ≥ 0} as bool (..., m, n): formed once per run, not at every record."""
    return W0 @ X.transpose(-1, -2) >= 0


def pattern_change_fraction(
    X: torch.Tensor, W0: torch.Tensor, W: torch.Tensor, S0: torch.Tensor | None = None
) -> torch.Tensor:
    """Σ_i Σ_r 1{sign(w_r(0)ᵀx_i) ≠ sign(w_rᵀx_i)} / (mn), shape (...) (Section 6, Figure 1b); ``S0``: the
    initial patterns when the caller has them (:func:`initial_patterns`)."""
    S0 = initial_patterns(X, W0) if S0 is None else S0
    S = W @ X.transpose(-1, -2) >= 0
    return (S0 != S).to(X.dtype).mean((-2, -1))


def max_distance(W0: torch.Tensor, W: torch.Tensor) -> torch.Tensor:
    """max_r ‖w_r − w_r(0)‖₂, shape (...) (Figure 1c; Zhang's slides on the paper (2023) measured ‖w_r‖ instead, a
    known bug)."""
    return torch.linalg.vector_norm(W - W0, dim=-1).amax(-1)


def _record(X, y, W0, W, a, H0, memory_bytes, S0=None, residual=True, patterns=True, distance=True):
    """[‖u − y‖², pattern changes, max distance] and, when H0 = H(W(0)) is given, λ_min(H(W)), ‖H(W) − H0‖₂;
    without ``residual`` the first entry is left out (and no forward pass is made for it), without
    ``patterns`` the pattern changes (and their product W Xᵀ: the caller counts them from a pass of its own),
    without ``distance`` the max distance (the caller measures it)."""
    rec = [max_distance(W0, W)] if distance else []
    if patterns:  # at W = W(0) no pattern has changed: 0 by definition, without the product W Xᵀ
        zero = torch.zeros(W.shape[:-2], dtype=W.dtype, device=W.device) if W is W0 else None
        rec.insert(0, pattern_change_fraction(X, W0, W, S0) if zero is None else zero)
    if residual:
        rec.insert(0, ((forward(X, W, a, memory_bytes=memory_bytes) - y) ** 2).sum(-1))
    if H0 is not None:
        H = two_layer.gram(X, W, memory_bytes=memory_bytes)
        rec += [two_layer.lambda_min(H), symeig.eigvalsh(H - H0).abs().amax(-1)]
    return rec


def _initial_gram(X, W0, gram_too, memory_bytes):
    return two_layer.gram(X, W0, memory_bytes=memory_bytes) if gram_too else None


def _stack(records, gram_too):
    # broadcast first: a run whose W(0) lacks the batch that X, y or a give it records W(0)'s entries unbatched
    cols = list(zip(*records, strict=True))
    out = [torch.stack(torch.broadcast_tensors(*c), -1) for c in cols]
    return out if gram_too else [*out, None, None]


def _step(t: torch.Tensor, rate: torch.Tensor, g: torch.Tensor) -> torch.Tensor:
    """t − η·g, η broadcast from the left: one pass (addcmul, no temporary η·g)."""
    rate = rate.reshape(*rate.shape, *([1] * (g.dim() - rate.dim())))
    return torch.addcmul(t, rate, g, value=-1)


def descend(
    state: tuple[torch.Tensor, ...],
    gradient: Callable[[tuple[torch.Tensor, ...]], tuple[tuple[torch.Tensor | None, ...], Any]],
    *,
    steps: int,
    eta: float | torch.Tensor | Callable[[tuple[torch.Tensor, ...]], torch.Tensor],
    refresh: int | None = None,
    observe: Callable[[int, tuple[torch.Tensor, ...], Any], None] | None = None,
    fused: bool = False,
) -> tuple[torch.Tensor, ...]:
    """The one gradient-descent loop of the suite: θ(k+1) = θ(k) − η(k)·∇L(θ(k)) for k < ``steps``.

    ``state`` is a tuple of tensors θ whose leading dimensions are a batch of independent runs;
    ``gradient(θ)`` returns (the gradients, one per tensor of θ or None for a frozen one, and ``aux``, any
    by-product of the pass such as the outputs). ``eta`` is a step (a float, or a tensor of the batch shape,
    broadcast against each tensor from the left) or a function θ ↦ step, evaluated at k = 0 and refreshed
    every ``refresh`` steps (None: only at k = 0), e.g. a curvature bound that changes as θ moves.
    ``observe(k, θ(k), aux of θ(k−1)'s pass)`` is called after each step k = 1..steps. Returns θ(steps).
    ``fused``: ``gradient(θ, η)`` takes the step itself and returns (θ(k+1), aux), for a kernel that folds the
    update into its gradient's last product (:func:`gradient_descent`); the loop, the steps and the
    observations are the same.
    """
    rate = None
    for k in range(steps):  # over time steps only
        if rate is None or (callable(eta) and refresh and k % refresh == 0):
            rate = torch.as_tensor(eta(state) if callable(eta) else eta, dtype=state[0].dtype, device=state[0].device)
        if fused:
            state, aux = gradient(state, rate)
        else:
            grads, aux = gradient(state)
            state = tuple(t if g is None else _step(t, rate, g) for t, g in zip(state, grads, strict=True))
        if observe is not None:
            observe(k + 1, state, aux)
    return state


def _broadcast_trials(X, y, W0, a0, eta):
    """(W0, a0, y) expanded (views, no copy) to the batch of trials: the inputs' leading dimensions broadcast
    (module docstring), a tensor η's from the left as in :func:`descend`; every record then has that shape."""
    batch = broadcast_shapes(X.shape[:-2], y.shape[:-1], W0.shape[:-2], a0.shape[:-1])
    if isinstance(eta, torch.Tensor) and eta.dim() <= len(batch):
        batch = broadcast_shapes(batch, (*eta.shape, *[1] * (len(batch) - eta.dim())))
    return W0.expand(*batch, *W0.shape[-2:]), a0.expand(*batch, a0.shape[-1]), y.expand(*batch, y.shape[-1])


def gradient_descent(
    X: torch.Tensor,
    y: torch.Tensor,
    W0: torch.Tensor,
    a0: torch.Tensor,
    *,
    eta: float | torch.Tensor,
    steps: int,
    train_a: bool = False,
    every: int = 1,
    gram_too: bool = False,
    track: bool = True,
    memory_bytes: int = MEMORY_BYTES,
) -> Trajectory:
    """``steps`` GD steps θ ← θ − η∇L from (W0, a0) (:func:`descend`).

    ‖u(k) − y‖² is recorded at every step (from the forward pass the gradient needs anyway); pattern
    changes, distances (and λ_min(H), ‖H − H(0)‖₂ when ``gram_too``) every ``every`` steps and at the last, or, with
    ``track=False``, only at the last (those curves then have two entries, k = 0 and K; ``times`` always
    indexes ``residual_sq``). ``eta`` is a float or a tensor broadcasting against the batch shape.
    """
    check_positive_values("eta", eta)
    steps, every = check_size("steps", steps, 0), check_size("every", every, 0)
    memory_bytes = check_size("memory_bytes", memory_bytes)
    W0, a0, y = _broadcast_trials(X, y, W0, a0, eta)
    H0 = _initial_gram(X, W0, gram_too, memory_bytes)
    # pattern changes at W(k) need 1{W(k) Xᵀ ≥ 0}, which the gradient pass at W(k) (the next step's, or the
    # last forward pass at k = K) forms anyway: the passes hand their patterns over (PatternHook) and a record
    # costs no product of its own; W(0)'s patterns come from the first pass. A record's pattern entry stays
    # None until that pass has counted it.
    m, mn = W0.shape[-2], W0.shape[-2] * X.shape[-2]
    S0, counts = [], []  # S0: [1{W(0) Xᵀ ≥ 0}, (..., m, n) bool]
    # the step's arrays are kept between steps (fresh memory costs as much as a pass over it); W(k) is one
    # array, a copy of W(0) moved in place by each step (_descent_step)
    work = {}

    def record(W, a):  # [pattern changes (None: counted by the next pass), max_distance, (λ_min, drift)]
        dist = torch.linalg.vector_norm(torch.sub(W, W0, out=_buffer(work, "W - W0", W.shape, W)), dim=-1)
        no_more = {"residual": False, "patterns": False, "distance": False}  # each measured here or by a pass
        gram = [] if H0 is None else _record(X, y, W0, W, a, H0, memory_bytes, **no_more)
        return [None, dist.amax(-1), *gram]

    res, records = [], [record(W0, a0)]
    records[0][0] = torch.zeros(records[0][1].shape, dtype=W0.dtype, device=W0.device)  # W(0)'s: none changed

    def initial(c, S):
        if not S0:
            S0.append(S.new_empty((*S.shape[:-2], m, S.shape[-1])))
        S0[0][..., c, :] = S

    def hook():
        if not res:  # the pass at W(0)
            return initial
        if records[-1][0] is None:
            return count
        return None

    def count(c, S):  # Σ 1{S(0) ≠ S(k)} over rows c: the comparison into a kept array, summed as bytes, exact
        changed = torch.ne(S0[0][..., c, :], S, out=_buffer(work, "changed", S.shape, S)).view(torch.uint8)
        # int32 where the count fits: an int64 sum casts the whole array first, measured 8× slower
        total = torch.int32 if S.shape[-2] * S.shape[-1] < 2**31 else torch.int64
        counts.append(changed.sum((-2, -1), dtype=total).to(torch.int64))

    def settle():  # the pending record's fraction Σ 1{S(0) ≠ S(k)} / (mn), from the chunks' counts
        if counts:
            records[-1][0] = sum(counts).to(W0.dtype) / mn
            counts.clear()

    def step(state, rate):
        if "W" not in work:  # W(0) copied once (the caller's array stays as it is), then moved in place
            work["W"] = state[0].clone(memory_format=torch.contiguous_format)
        W = work["W"]
        a, u = _descent_step(X, W, state[1], y, rate, train_a, memory_bytes, hook(), work)
        settle()
        return (W, a), u

    def observe(k, state, u):
        res.append(((u - y) ** 2).sum(-1))
        if (track and k % every == 0) or k == steps:
            records.append(record(*state))

    W, a = descend((W0, a0), step, steps=steps, eta=eta, observe=observe, fused=True)
    # u(K): no gradient pass follows; the same pass counts the last record's pattern changes
    chunks = _chunks(W, X, memory_bytes)
    u = _forward(X, W, a, chunks, keep_patterns=False, patterns=hook() if steps else None, work=work)[0]
    last = ((u - y) ** 2).sum(-1)
    settle()
    pat, dist, lam, drift = _stack(records, gram_too)
    t = torch.arange(steps + 1, dtype=W0.dtype, device=W0.device)
    return Trajectory(t, torch.stack([*res, last], -1), pat, dist, W, a, lam, drift)


def gd_max_distance(
    X: torch.Tensor,
    y: torch.Tensor,
    W0: torch.Tensor,
    a0: torch.Tensor,
    *,
    eta: float | torch.Tensor,
    steps: int,
    memory_bytes: int = MEMORY_BYTES,
) -> tuple[torch.Tensor, torch.Tensor]:
    """(max_{k ≤ steps} max_r ‖w_r(k) − w_r(0)‖, ‖u(0) − y‖²) along ``steps`` GD steps on the first layer
    (Corollary 4.1's quantity, measured at every step; nothing else is recorded)."""
    check_positive_values("eta", eta)
    steps = check_size("steps", steps, 0)
    memory_bytes = check_size("memory_bytes", memory_bytes)
    far = torch.zeros(W0.shape[:-2], dtype=W0.dtype, device=W0.device)
    res0 = []

    def gradient(state):
        gW, _, u = gradients(X, state[0], a0, y, memory_bytes=memory_bytes)
        return (gW,), u

    def observe(k, state, u):
        nonlocal far
        if k == 1:
            res0.append(((u - y) ** 2).sum(-1))
        far = torch.maximum(far, max_distance(W0, state[0]))

    descend((W0,), gradient, steps=steps, eta=eta, observe=observe)
    r0 = res0[0] if res0 else ((forward(X, W0, a0, memory_bytes=memory_bytes) - y) ** 2).sum(-1)
    return far, r0


def gd_over_widths(
    X, y, widths, *, generator, steps: int, eta_scale: float, batch: int = 1, every: int = 1, kernel: str = "plain"
):
    """The experiment of Section 6 (Figure 1): GD from the paper's initialisation at each width of ``widths``
    (a loop over the few widths of the experiment, not over m), with η = eta_scale/λ_max(H∞) the same for
    every width so that only m changes. Returns λ_max(H∞), η and one :class:`Trajectory` per width (batched
    over ``batch`` initialisations; patterns and distances every ``every`` steps, only at the end if 0).

    ``kernel``: "plain" (:func:`gradient_descent`, 4ndm FLOPs a step), "coefficients"
    (:func:`models.coefficient_gd.gradient_descent`, 2n²m, the same GD to rounding) or "auto" (the cheaper)."""
    check_generator("generator", generator)
    steps, batch, every = check_size("steps", steps, 0), check_size("batch", batch), check_size("every", every, 0)
    eta_scale = check_positive("eta_scale", eta_scale)
    if kernel not in ("plain", "coefficients", "auto"):
        raise InvalidInputError(f"kernel must be 'plain', 'coefficients' or 'auto', got {kernel!r}")
    n, d = X.shape[-2], X.shape[-1]
    if kernel == "coefficients" or (kernel == "auto" and n < 2 * d):
        gd = coefficient_gradient_descent
    else:
        gd = gradient_descent
    lam_max = float(symeig.eigvalsh(two_layer.h_infinity(X))[-1])
    eta = eta_scale / lam_max
    runs = []
    for m in widths:
        W0, a0 = two_layer.init(m, d, generator=generator, batch=(batch,), dtype=X.dtype, device=X.device)
        runs.append(gd(X, y, W0, a0, eta=eta, steps=steps, every=max(every, 1), track=every > 0))
    return lam_max, eta, runs


def _frozen_a_gradient(X, y, W0, a, memory_bytes) -> Callable[[torch.Tensor], torch.Tensor]:
    """W ↦ ∂L/∂W at the fixed a, for the W of a run from W0: :func:`_gradients`' single-chunk branch with its
    shapes and chunks settled once instead of at every call (a step's W has W0's batch broadcast with X's, which
    is all that the chunks depend on). A flow at the report's sizes (n = 20, m = 8) spends more time in those
    Python steps than in arithmetic; this is the same operations on the same arrays in the same order, so the
    same bits (tests/unit/test_dynamics.py compares them). Where W needs chunks, or a or y widen W Xᵀ's batch
    (so :func:`_gradients` takes its other branches), it is :func:`_gradients` itself."""
    m = W0.shape[-2]
    batch = broadcast_shapes(W0.shape[:-2], X.shape[:-2])
    if len(_chunks(W0, X, memory_bytes)) > 1 or broadcast_shapes(batch, a.shape[:-1], y.shape[:-1]) != batch:
        return lambda W: _gradients(X, W, a, y, False, memory_bytes)[0]
    Xt, a_col, root_m = X.transpose(-1, -2), a.unsqueeze(-1), math.sqrt(m)
    shape = torch.Size((*batch, m, X.shape[-1]))

    def gradient(W: torch.Tensor) -> torch.Tensor:
        pre = W @ Xt
        S = pre >= 0
        r = (torch.relu_(pre).transpose(-1, -2) @ a_col).squeeze(-1) / root_m - y
        gW = W.new_empty(shape)
        torch.matmul(pre.copy_(S).mul_(r.unsqueeze(-2)), X, out=gW)  # S ⊙ r over relu(W Xᵀ): see _masked
        return gW.mul_(a_col).div_(root_m)

    return gradient


def _rk4_run(X, y, W0, a0, T, grid, substeps, train_a, gram_too, memory_bytes):
    h = T / (grid * substeps)

    def rk4_step(W, a):
        k1 = field_(W, a)
        k2 = field_(W + h / 2 * k1[0], a + h / 2 * k1[1])
        k3 = field_(W + h / 2 * k2[0], a + h / 2 * k2[1])
        k4 = field_(W + h * k3[0], a + h * k3[1])
        W = W + h / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0])
        return W, a + h / 6 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])

    def field_(W, a):
        gW, ga, _ = _gradients(X, W, a, y, train_a, memory_bytes)
        return -gW, -ga

    def rk4_step_frozen_a(W, a):
        # a is frozen: its field is 0 and a + h·0 is a, so it is not integrated. The field is −g, and
        # W + (h/2)(−g) is W − (h/2)g, k1 + 2k2 + 2k3 + k4 the negated sum of the g's (rounding is symmetric in
        # sign): the same bits without four negations a step, but for the sign of an entry of W that is −0
        # where the g's sum to exactly 0
        g1 = gradient(W)
        g2 = gradient(W - h / 2 * g1)
        g3 = gradient(W - h / 2 * g2)
        g4 = gradient(W - h * g3)
        return W - h / 6 * (g1 + 2 * g2 + 2 * g3 + g4), a

    if not train_a:
        gradient, rk4_step = _frozen_a_gradient(X, y, W0, a0, memory_bytes), rk4_step_frozen_a
    W, a = W0, a0
    H0 = _initial_gram(X, W0, gram_too, memory_bytes)
    S0 = initial_patterns(X, W0)
    records = [_record(X, y, W0, W, a, H0, memory_bytes, S0)]
    for _ in range(grid):
        for _ in range(substeps):  # over time steps only
            W, a = rk4_step(W, a)
        records.append(_record(X, y, W0, W, a, H0, memory_bytes, S0))
    res, pat, dist, lam, drift = _stack(records, gram_too)
    t = torch.linspace(0, T, grid + 1, dtype=W0.dtype, device=W0.device)
    a = a if train_a else a0.clone()  # the caller's a0 is not handed back to be written over
    return h, Trajectory(t, res, pat, dist, W, a, lam, drift)


def rk4_flow(
    X: torch.Tensor,
    y: torch.Tensor,
    W0: torch.Tensor,
    a0: torch.Tensor,
    *,
    T: float,
    grid: int,
    substeps: int,
    train_a: bool = False,
    memory_bytes: int = MEMORY_BYTES,
) -> Trajectory:
    """One RK4 run of the gradient flow on [0, T] at the fixed step h = T/(grid·substeps), recorded at ``grid``
    + 1 equally spaced times, without refinement or error estimate: the reference runs against which
    :func:`flow`'s estimate is measured (claims.catalogue.du2018a.flow_accuracy)."""
    T, grid = check_positive("T", T), check_size("grid", grid)
    substeps, memory_bytes = check_size("substeps", substeps), check_size("memory_bytes", memory_bytes)
    return _rk4_run(X, y, W0, a0, T, grid, substeps, train_a, False, memory_bytes)[1]


def flow(
    X: torch.Tensor,
    y: torch.Tensor,
    W0: torch.Tensor,
    a0: torch.Tensor,
    *,
    T: float,
    grid: int = 32,
    train_a: bool = False,
    gram_too: bool = False,
    tol: float | None = None,
    max_refinements: int = 6,
    scale: torch.Tensor | None = None,
    memory_bytes: int = MEMORY_BYTES,
) -> Trajectory:
    """Gradient flow dθ/dt = −∇L on [0, T], recorded at ``grid`` + 1 equally spaced times.

    Scheme: RK4 with step h = T/(grid·s). It starts at s = ⌈(T/grid)·n/2⌉ (so h·tr H(0) ≈ 1 for the
    first-layer Gram, whose diagonal is about ½; RK4 is stable for h·λ_max < 2.78) and doubles s until
    max_t |r_h(t) − r_{h/2}(t)| / scale(t) ≤ tol for r = ‖u − y‖² (all trials, all grid times); ``scale``
    (..., grid + 1) defaults to r_{h/2} itself (a relative change); a claim passes the right-hand side of
    its comparison, so the change is measured where it matters and not on residuals at the rounding floor.
    The finest run is returned, with the record
    [(h, change against the previous h)] (the first entry's change is inf). If the tolerance is not met
    after ``max_refinements`` halvings the last change is in the record and in ``error``, and the caller
    decides (a comparison closer than ``error`` is undecided). ``error`` = max(2·|r_h − r_{h/2}|,
    2·|r_{2h} − r_h|, tol·scale) per trial and time (models.numerics.flow_error: at the ReLU's kinks one change
    alone can be small by chance, and two runs can agree while both are off the flow).
    """
    T, grid = check_positive("T", T), check_size("grid", grid)
    tol = None if tol is None else check_nonnegative("tol", tol)
    max_refinements = check_size("max_refinements", max_refinements, 0)
    memory_bytes = check_size("memory_bytes", memory_bytes)
    tol = flow_tolerance(W0.dtype) if tol is None else tol
    n = X.shape[-2]
    s = max(1, math.ceil(T / grid * n / 2 * (2 if train_a else 1)))
    return refine(
        lambda steps: _rk4_run(X, y, W0, a0, T, grid, steps, train_a, gram_too, memory_bytes),
        s,
        tol,
        max_refinements,
        scale,
    )


def refine(run: Callable[[int], tuple[float, Any]], substeps: int, tol: float, max_refinements: int, scale=None):
    """:func:`flow`'s step refinement for any run ``run(substeps) -> (h, record)`` whose record has a
    ``residual_sq`` (..., grid + 1): doubles the substeps until max_t |r_h − r_{h/2}|/scale ≤ tol or
    ``max_refinements`` halvings are spent, and returns the finest record with ``refinement`` [(h, change)] and
    ``error`` (models.numerics.flow_error) set on it."""
    h, prev = run(substeps)
    record, error = [(h, math.inf)], torch.full_like(prev.residual_sq, math.inf)
    before = None  # the change one halving earlier
    for _ in range(max_refinements):
        substeps *= 2
        h, cur = run(substeps)
        den = cur.residual_sq if scale is None else scale
        diff = (cur.residual_sq - prev.residual_sq).abs()
        change = float((diff / den.clamp_min(1e-300)).amax())
        record.append((h, change))
        prev, error = cur, flow_error(diff, before, tol * den)
        before = diff
        if change <= tol:
            break
    prev.refinement, prev.error = record, error
    return prev
