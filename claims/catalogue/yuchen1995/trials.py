"""Trial functions of the yuchen1995 family (records in claims.py; the mathematics in models.sigmoid_net;
the search and the verification of minima in minima.py).

Data: X ∈ R^{d₀×m} has i.i.d. N(0, 1) entries, its last row replaced by ones when ``bias_row`` (the hidden
units' biases; it also makes an all-dead relu start possible); its columns are distinct with probability 1.
Y ∈ R^{d₂×m} has i.i.d. N(0, 1) entries. The hidden width is the theorem's (k = m, or k + 1 = m with the
constant unit) unless ``hidden`` overrides it.
"""

from __future__ import annotations

import torch

from claims.catalogue.yuchen1995 import minima
from claims.engine import witness
from claims.spec import Instance, Outcome, require
from models import sigmoid_net as sn
from models.checks import InvalidInputError


def shape_of(p, *, narrow: bool = False) -> sn.Shape:
    """The net of a record's parameters: the theorem's width unless ``hidden`` is set (or one unit: narrow)."""
    c = int(p["constant_unit"])
    k = 1 if narrow else (p["hidden"] if p.get("hidden") is not None else p["m"] - c)
    if k < 1:
        raise InvalidInputError(f"m must be at least {1 + c} (a hidden unit besides the constant one), got {p['m']}")
    return sn.Shape(p["d0"], k, p.get("d2", 1), p["constant_unit"], p.get("activation", "sigmoid"))


def data_constraints(p) -> list[str]:
    """The data's domain, checked before any trial: a row of ones needs an input row beside it (d0 ≥ 2), and
    the search's dead_shift lowers the bias column that the row of ones makes."""
    out = []
    if p.get("bias_row", False) and p["d0"] < 2:
        out.append(f"parameter d0 must be >= 2 with bias_row (one input row and the row of ones), got {p['d0']}")
    if "dead_shift" in p and not p["bias_row"] and p["dead_shift"] != 0:
        out.append(
            f"parameter dead_shift = {p['dead_shift']!r} needs bias_row (it lowers the bias column of W1): "
            "set bias_row=true or dead_shift=0"
        )
    return out


def planted_constraints(p) -> list[str]:
    """:func:`data_constraints`, and room to plant a residual: m above the narrow net's parameter count."""
    narrow = shape_of(p, narrow=True)
    if p["m"] <= narrow.p:
        return [
            f"parameter m must exceed the narrow net's {narrow.p} parameters to plant a residual (d0 + 1 + "
            f"constant unit, d0 = {p['d0']}), got m = {p['m']}"
        ]
    return data_constraints(p)


def draw_data(p, batch: int, generator, dtype, device) -> tuple[torch.Tensor, torch.Tensor]:
    """(X (B, d₀, m), Y (B, d₂, m)) as the module docstring says."""
    require(data_constraints(p))  # the runner refuses these first; a direct call is refused here
    kw = {"generator": generator, "dtype": dtype, "device": device}
    X = torch.randn(batch, p["d0"], p["m"], **kw)
    if p.get("bias_row", False):
        X[:, -1] = 1.0
    return X, torch.randn(batch, p.get("d2", 1), p["m"], **kw)


# ---------------------------------------------------------------------------------------------------------
# yuchen1995.search_no_bad_min


def search_premises(instance: Instance, device, dtype) -> list[str]:
    """The theorem's premises an override leaves unmet (its width, the sigmoid): the search's statement is then
    tested outside them (the mutants narrow and relu_dead_start are such)."""
    p = instance.params
    width = p["m"] - int(p["constant_unit"])
    unmet = []
    if p["hidden"] is not None and p["hidden"] != width:
        unmet.append(f"hidden = {p['hidden']} σ units is not the theorem's width {width} (m = {p['m']})")
    if p["activation"] != "sigmoid":
        unmet.append(f"σ = {p['activation']}, not the logistic sigmoid")
    return unmet


def _starts(p, shape: sn.Shape, batch: int, generator, dtype, device) -> torch.Tensor:
    """θ₀: W₁ with N(0, init_scale²) entries, W₂ with N(0, 1/k) entries; in every second trial the bias column
    of W₁ (X's row of ones) is lowered by ``dead_shift``, every unit starting below its threshold on every
    sample when dead_shift exceeds max |w_j·x_i| (all dead for relu; σ ≈ e^{−shift} for the sigmoid)."""
    kw = {"generator": generator, "dtype": dtype, "device": device}
    W1 = p["init_scale"] * torch.randn(batch, shape.k, shape.d0, **kw)
    W1[1::2, :, -1] -= p["dead_shift"]
    W2 = torch.randn(batch, shape.d2, shape.rows, **kw) / shape.k**0.5
    return shape.join(W1, W2)


def search_outcome(code: torch.Tensor, loss: torch.Tensor, zero_tol: torch.Tensor, dtype) -> Outcome:
    """The trial outcome of end-point classes ``code`` (minima.CODE) with losses ``loss`` (B,). Premise: the
    search ended where a minimum may be, not at a certified non-minimum (minima.NOT_MINIMA: a plateau, a point
    not critical, a strict saddle), which samples no local minimum and so tests nothing: outside the premise, so
    that a run whose searches end there is VACUOUS, not SUPPORTED by trials that tested nothing. Within it:
    failed at a proven local minimum with L > zero_tol (minima.VERIFIED_BAD: strict_min, dead), undecided where
    the class decides nothing (minima.UNDECIDED, morse_bott included), passed at a global end point.
    Margin 1 − L/zero_tol at the global and proven-bad end points, 1 elsewhere."""

    def among(names):
        return torch.isin(code, torch.tensor([minima.CODE[c] for c in names], device=code.device))

    bad, undecided, found = among(minima.VERIFIED_BAD), among(minima.UNDECIDED), among(("global", *minima.VERIFIED_BAD))
    margin = torch.where(found, 1 - loss / zero_tol, torch.ones_like(loss)).to(dtype)
    return Outcome(
        passed=~bad,
        margin=margin,
        premise_held=~among(minima.NOT_MINIMA),
        undecided=undecided,
        details={"loss": loss.to(dtype), "class": code.to(dtype), "found_minimum": found.to(dtype)},
    )


#: Newton refinements (minima.classify's and the search's extra ones) counted per trial by the cost hooks
CLASSIFY_HESSIANS = 10


def _closed_form_hessian_flops(shape: sn.Shape, m: int) -> float:
    """Flops of one sigmoid_net.hessian_closed_form (batched Hessian-vector products over the m samples and the
    k units, then its p³ solve): about 50·p·m·k²·d₂ + p³, the constant from one profile (0.7 s a Hessian at
    m = 40 on the 2-core CPU), so a rough figure."""
    return 50.0 * shape.p * m * shape.k**2 * shape.d2 + float(shape.p) ** 3


def search_cost(params) -> tuple[int, float]:
    """Per trial (:func:`search_trial`): the net of :func:`shape_of` (k units: the theorem's width, or ``hidden``),
    p = k·d₀ + d₂·(k + c) weights, fitted to m·d₂ residuals. LM (lm_steps, up to twice where L > 0 after
    the first run) forms JᵀJ and solves it (2m·d₂·p² + p³ a step); Newton (newton_steps) and minima.classify's
    refinement build closed-form Hessians (:func:`_closed_form_hessian_flops` each); the end point is examined
    (witness.examine_cost). m = 1000 or d₂ = 1000 ran past three minutes at kilobytes."""
    shape = shape_of(params)
    p = shape.p
    rows = params["m"] * params["d2"]
    lm = 2 * params["lm_steps"] * (2.0 * rows * p * p + float(p) ** 3)
    newton = (params["newton_steps"] + CLASSIFY_HESSIANS) * _closed_form_hessian_flops(shape, params["m"])
    elements, flops = witness.examine_cost(p, 4.0 * rows * p)
    return max(elements, rows * p), lm + newton + flops


def search_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: data (X with a row of ones, Y Gaussian), one start (:func:`_starts`), the search of
    minima.search (LM, then more LM and Newton where L > 0), the end point classified by minima.classify.

    Statement tested (not Yu & Chen's theorem, which yuchen1995.counterexample refutes): an end point that may be
    a local minimum is global. An end point certified not a minimum (plateau, not critical, saddle) tests
    nothing and is outside the premise (:func:`search_outcome`). The trial *fails* only at a strict minimum
    (critical, λ_min(∇²L) > eig_tol) or a dead relu region with L > zero_tol; it is *undecided* where the search
    did not converge or ended at a degenerate critical point (an eigenvalue within eig_tol of 0), where the
    numerical tests give evidence at most (morse_bott: a minimum; descent: not one); it passes at a global end
    point, L ≤ zero_tol."""
    p = instance.params
    shape = shape_of(p)
    X, Y = draw_data(p, batch, generator, dtype, device)
    zt = minima.zero_tolerance(Y, dtype)
    theta = minima.search(
        _starts(p, shape, batch, generator, dtype, device),
        X,
        Y,
        shape,
        lm_steps=p["lm_steps"],
        newton_steps=p["newton_steps"],
        zero_tol=zt,
    )
    conv_tol = p["conv_tol"] * (1 + Y.square().sum((-2, -1))).to(torch.float64)
    code = minima.classify(theta, X, Y, shape, zero_tol=zt.double(), conv_tol=conv_tol, probes=8, generator=generator)
    loss = sn.flat_loss_batched(theta.double(), X.double(), Y.double(), shape)
    return search_outcome(code, loss, zt.double(), dtype)


# ---------------------------------------------------------------------------------------------------------
# yuchen1995.core


def core_cost(params) -> tuple[int, float]:
    """Per trial (:func:`core_trial`): H (rows × m, rows = k + c, k the theorem's width m − c unless ``hidden``),
    its pseudo-inverse and thin SVD, each an SVD of about 4·rows·m·s + 8·s³ flops (s = min(rows, m)), the
    products with W₂ and Y (d₂·rows·m each), and the data X (d₀ × m) and W₁ (k × d₀) that H is formed from.
    The generic rule counts m·d₀: m = 5749 (a square H) had been admitted under --max-work 1e9 at 5e8 flops and
    ran for minutes (a full-profile fuzz seed found it)."""
    shape = shape_of(params)
    rows, m, d0 = shape.rows, params["m"], params["d0"]
    s = min(rows, m)
    svd = 4.0 * rows * m * s + 8.0 * float(s) ** 3
    data = d0 * m + shape.k * d0  # X and W₁; H = σ(W₁X) costs 2k·d₀·m
    return max(4 * rows * m, data), 2 * svd + 8.0 * shape.d2 * rows * m + 2.0 * shape.k * d0 * m


def core_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial: data as :func:`draw_data`, W₁ with N(0, s²) entries, s log-uniform in [1, scale_max] (below
    1, σ is nearly affine on the data and H nearly of rank d₀ + 1 < m; far above, it saturates into 0/1 patterns);
    W₂ random (N(0, 1) entries) in even trials and, in odd ones, the W₂ that puts the residual along the right
    singular vector of σ_min(H) (R = a·u_minᵀ, a a random unit vector: the bound is attained there).

    Conclusions: (bound) L ≤ bound_factor·‖∇_{W₂}L‖²/(4σ_min(H)²), i.e. ratio/bound_factor ≤ 1 + tol with
    ratio = ‖R‖²σ_min²/‖RHᵀ‖² (models.sigmoid_net.core_bound_ratio); (zero) at W₂ = Y H⁺, where ∇_{W₂}L = 0,
    ‖R‖_F ≤ tol·‖Y‖_F. tol = 64·m·eps·κ(H): σ_min from an SVD and the products RHᵀ carry relative errors
    ≲ m·eps·κ(H) (κ = σ_max/σ_min); undecided where tol > 0.1 (H too close to singular to decide here)."""
    p = instance.params
    shape = shape_of(p)
    kw = {"generator": generator, "dtype": dtype, "device": device}
    X, Y = draw_data(p, batch, generator, dtype, device)
    logs = torch.rand(batch, 1, 1, **kw) * torch.log(torch.tensor(p["scale_max"], dtype=dtype))
    W1 = logs.exp() * torch.randn(batch, shape.k, shape.d0, **kw)
    H = sn.hidden(W1, X, shape)
    Hp = torch.linalg.pinv(H)
    _, _, Vh = torch.linalg.svd(H, full_matrices=False)
    a = torch.randn(batch, shape.d2, 1, **kw)
    R_tight = (a / a.norm(dim=-2, keepdim=True)) * Vh[:, -1:, :]
    W2 = torch.randn(batch, shape.d2, shape.rows, **kw)
    W2[1::2] = ((Y - R_tight) @ Hp)[1::2]
    ratio, smin, smax = sn.core_bound_ratio(W1, W2, X, Y, shape)
    tol = 64 * p["m"] * torch.finfo(dtype).eps * smax / smin
    R_ls = sn.residual(W1, Y @ Hp, X, Y, shape)
    zero = R_ls.norm(dim=(-2, -1)) / (tol * Y.norm(dim=(-2, -1)))
    bound = ratio / (p["bound_factor"] * (1 + tol))
    return Outcome.all_passed(
        {"bound": (bound <= 1, 1 - bound), "zero_at_critical": (zero <= 1, 1 - zero)},
        undecided=tol > 0.1,
        details={"ratio": ratio, "kappa": smax / smin, "tight": (torch.arange(batch, device=device) % 2).to(dtype)},
    )


# ---------------------------------------------------------------------------------------------------------
# yuchen1995.counterexample: a counterexample to Golikov's notes' statement (and to Yu & Chen's), and yuchen1995.thm


def split_shares(p, copies: int, dtype, device) -> torch.Tensor:
    """Output-weight shares of the copies: uniform 1/c, or (mutant "signed") (3/c, −1/c, 1/c, …) (sum 1)."""
    a = torch.full((copies,), 1.0 / copies, dtype=dtype, device=device)
    if p["split"] == "signed":
        a[0], a[1] = 3.0 / copies, -1.0 / copies
    return a


def _planted(p, batch: int, generator, dtype, device):
    """A narrow net (one σ unit, plus the constant unit if any; one output) with N(0, 1) weights, inputs X (no row of
    ones unless bias_row), and planted targets Y = W₂H + t·r, r a unit residual with Jᵀr = 0 and G₀(r) ≺ 0
    (models.sigmoid_net.plant_residual), t = residual_scale: the narrow point is critical with L = t².
    Returns (X, Y, narrow θ, narrow shape, λ_max(G₀(r)))."""
    require(planted_constraints(p))  # the runner refuses these first; a direct call is refused here
    narrow = shape_of(p, narrow=True)
    X, _ = draw_data(p, batch, generator, dtype, device)
    theta = torch.randn(batch, narrow.p, generator=generator, dtype=dtype, device=device)
    W1, W2 = narrow.split(theta)
    # input weights of norm, and output weight of size, uniform in [0.5, 2]: away from σ's linear region at 0
    # (σ″ ≈ 0 there makes the curvature across the split, ∝ G₀, comparable to the eigenvalue tolerance) and
    # from v = 0 (the region of minima along the flat directions has width ∝ |v|·min α)
    size = 0.5 + 1.5 * torch.rand(batch, 2, 1, generator=generator, dtype=dtype, device=device)
    W1 = W1 / W1.norm(dim=-1, keepdim=True) * size[:, :1]
    W2[..., :1] = W2[..., :1].sign() * size[:, 1:]
    theta = narrow.join(W1, W2)
    r, top = sn.plant_residual(W1, W2, X, narrow, candidates=64, generator=generator)
    Y = W2 @ sn.hidden(W1, X, narrow) + p["residual_scale"] * r
    return X, Y, theta, narrow, top


def build_witness(p, batch: int, generator, dtype, device) -> dict:
    """The candidate of one trial, in float64: planted data (:func:`_planted`) and the narrow point split into
    the theorem's width with the shares of :func:`split_shares`. Keys: X, Y, theta_narrow, narrow, top (λ_max of
    the planted inner Hessian), theta (the wide point), wide (its shape), copies."""
    if p["m"] < 2 + int(p["constant_unit"]):
        raise InvalidInputError(f"m must be >= {2 + int(p['constant_unit'])} to split a unit in two, got {p['m']}")
    X, Y, theta1, narrow, top = _planted(p, batch, generator, dtype, device)
    X, Y, theta1 = X.double(), Y.double(), theta1.double()
    copies = p["m"] - int(p["constant_unit"])
    W1, W2 = narrow.split(theta1)
    W1w, W2w, wide = sn.split_unit(W1, W2, narrow, split_shares(p, copies, torch.float64, device))
    return {
        "X": X,
        "Y": Y,
        "theta_narrow": theta1,
        "narrow": narrow,
        "top": top,
        "theta": wide.join(W1w, W2w),
        "wide": wide,
        "copies": copies,
    }


def distinct_columns(X: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """The premise "the columns of X are distinct" (B, d₀, m): (held (B,), margin min_{i<j} ‖x_i − x_j‖ / max_i
    ‖x_i‖ clipped to 1). The data are the stored float64 values themselves, so distinct means unequal."""
    m = X.shape[-1]
    gap = torch.cdist(X.mT, X.mT) + torch.diag(torch.full((m,), torch.inf, dtype=X.dtype, device=X.device))
    low = gap.flatten(-2).amin(-1)
    scale = X.norm(dim=-2).amax(-1).clamp_min(torch.finfo(X.dtype).tiny)
    return low > 0, (low / scale).clamp_max(1.0)


#: Levenberg–Marquardt steps of each start in the lower-point check (:func:`_independent_checks`)
LM_STEPS = 100


def counterexample_cost(params) -> tuple[int, float]:
    """Per trial (:func:`counterexample_trial`): the wide net at the theorem's width (:func:`shape_of`: k = m
    units, m − 1 beside the constant unit; p weights for one output); its Hessian and the narrow one's examined
    (witness.examine_cost), the ball probes of minima.classify, ``starts`` LM runs of LM_STEPS steps, each
    forming JᵀJ (2m·p² flops) and solving it (p³), and classify's Newton refinement
    (:func:`_closed_form_hessian_flops` each; m = 100 ran past 200 s on an estimate of 2.7e10 flops without it).
    At m = 1000 the examined Hessians alone held about 32 GB."""
    shape, m = shape_of(params), params["m"]
    p = shape.p
    loss = 4.0 * m * p
    elements, flops = witness.examine_cost(p, loss)
    lm = params["starts"] * LM_STEPS * (2.0 * m * p * p + float(p) ** 3)
    newton = CLASSIFY_HESSIANS * _closed_form_hessian_flops(shape, m)
    return max(elements, params["starts"] * p * p, p * m * shape.k), 2 * flops + lm + 16 * p * loss + newton


def counterexample_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """One trial constructs one candidate counterexample to Golikov's notes' statement (and, with the constant unit,
    to Yu & Chen's) and verifies it (Fukumizu & Amari 2000's splitting, derived in
    models.sigmoid_net.inner_hessian): planted data (:func:`_planted`); the narrow point must be a strict local
    minimum (witness.examine: critical, λ_min > eig_tol); its σ unit is split into the theorem's width
    (k = m, or m − 1 besides the constant unit) with shares α (:func:`split_shares`). The wide point is a witness
    when, in float64:

    * (premise, premise_held) the columns of X are distinct (:func:`distinct_columns`);
    * (known) witness.examine finds it critical at rounding level, with exactly copies − 1 eigenvalues of
      ∇²L in [−eig_tol, eig_tol] and every other one > 2·eig_tol (minima.morse_bott_known). The near-zero
      eigenvalues are not accepted for being near 0: L is exactly constant along the copies − 1 directions that
      move output weight between identical copies, so the exact Hessian has that null space; by Weyl its other
      eigenvalues exceed eig_tol > 0 (a Morse–Bott set of local minima). One more eigenvalue in the band, or
      one in (eig_tol, 2·eig_tol], and the candidate is no witness;
    * (independent) minima.classify, which knows nothing of the construction, calls it a verified minimum
      (strict_min or morse_bott, and its ball probes see no lower point);
    * (bad) L > zero_tol, and LM from ``starts`` random starts on the same wide net and data reaches a loss
      lower than L by more than loss_tol (the point is not a global minimum: it exhibits a better point).

    With ``curvature`` = "strict" (mutant) the witness must also be a strict minimum (λ_min > eig_tol), which
    no point of a split has (Li, Ding, Sun 2018: wide nets have no bad strict local minima).
    The classify and lower-point checks run only where the others passed (:func:`_independent_checks`).
    Margin: min over the checks (the Morse–Bott gap, the classify verdict ±1, the relative loss gap)."""
    p = instance.params
    w = build_witness(p, batch, generator, dtype, device)
    X, Y, theta, wide, copies = w["X"], w["Y"], w["theta"], w["wide"], w["copies"]
    e1 = witness.examine(sn.flat_loss(w["narrow"]), w["theta_narrow"], (X, Y))
    top = w["top"]
    e = witness.examine(sn.flat_loss(wide), theta, (X, Y))
    known, gap = minima.morse_bott_known(e, sn.hessian(theta, X, Y, wide), copies - 1)
    zt = minima.zero_tolerance(Y, dtype).double()
    distinct, _ = distinct_columns(X)
    cheap = {
        "narrow_strict_min": (e1.strict_minimum & (top < 0), torch.where(e1.strict_minimum, 1.0, -1.0).double()),
        "known_morse_bott": (known, gap),
        "loss_positive": (e.loss > zt, 1 - zt / e.loss),
    }
    if p["curvature"] == "strict":
        cheap["strict"] = (e.strict_minimum, e.eig_min / e.eig_tol - 1)
    todo = (torch.stack([v[0] for v in cheap.values()]).all(0) & distinct).nonzero()[:, 0]
    costly, best = _independent_checks(p, w, e.loss, zt, todo, generator)
    return Outcome.all_passed(
        {**cheap, **costly},
        premise_held=distinct,
        details={"loss": e.loss.to(dtype), "lambda_min": e.eig_min.to(dtype), "best_lower": best.to(dtype)},
    )


def _independent_checks(p, w: dict, loss, zt, todo, generator) -> tuple[dict, torch.Tensor]:
    """The two costly checks, run only on the candidates ``todo`` that passed the others (elsewhere they are
    not evaluated and pass vacuously, margin 1: the witness has failed already): minima.classify calls the
    point a verified minimum (morse_bott or strict_min), and LM from ``starts`` random starts reaches a loss
    lower by more than loss_tol (the point is not a global minimum). Returns (checks, the lowest loss LM found
    (inf where not evaluated))."""
    X, Y, theta, wide = w["X"], w["Y"], w["theta"], w["wide"]
    B = theta.shape[0]
    generic = torch.ones(B, dtype=torch.bool, device=theta.device)
    lower = torch.full((B,), torch.inf, dtype=torch.float64, device=theta.device)
    best_all = torch.full((B,), torch.inf, dtype=torch.float64, device=theta.device)
    if todo.numel():
        code = minima.classify(
            theta[todo], X[todo], Y[todo], wide, zero_tol=zt[todo], conv_tol=zt[todo], probes=16, generator=generator
        )
        generic[todo] = (code == minima.CODE["morse_bott"]) | (code == minima.CODE["strict_min"])
        S = p["starts"]
        Xs, Ys = X[todo].repeat_interleave(S, 0), Y[todo].repeat_interleave(S, 0)
        starts = torch.randn(todo.numel() * S, wide.p, generator=generator, dtype=torch.float64, device=theta.device)
        best = sn.flat_loss_batched(sn.levenberg_marquardt(starts, Xs, Ys, wide, steps=LM_STEPS), Xs, Ys, wide)
        best = best.reshape(-1, S).amin(-1)
        lower[todo] = (loss[todo] - best) / witness.loss_tolerance(loss[todo])
        best_all[todo] = best
    return {
        "classify_verified": (generic, torch.where(generic, 1.0, -1.0).double()),
        "lower_point": (lower > 1, (1 - 1 / lower.clamp_min(1e-300)).clamp_min(-1.0)),
    }, best_all


def thm_trial(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Golikov's notes' statement as a forall claim: σ sigmoid, distinct columns of X, d₁ = m ⇒ every local minimum
    of L has L = 0. Each trial examines one candidate, the construction of :func:`counterexample_trial`: a
    verified witness (every check passed, premise held: a local minimum with L > 0 at the theorem's width) is a
    verified violation of the conclusion, so the trial fails; a candidate that did not verify decides nothing
    (undecided: it is no evidence for the statement either). Margin: minus the witness's margin."""
    found = counterexample_trial(instance, generator, device, dtype, batch)
    verified = found.passed & found.premise_held
    return Outcome(~verified, -found.margin, found.premise_held, found.details, undecided=~verified)
