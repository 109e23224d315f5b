"""Trial of ext.lambda0_characterization: the exact condition for λ0 = 0 with antiparallel pairs."""

from __future__ import annotations

import torch

from claims.engine.resources import gram_cost
from claims.spec import Instance, Outcome, compare_at_least
from models import two_layer
from models.numerics import eig_tolerance


def lambda0_characterization_cost(params) -> tuple[int, float]:
    """Per trial: H∞ of n = 2p + q points in R^d and its λ_min (resources.gram_cost: 2n²d + 10n³ flops; a few
    n × n matrices held, and X). The generic rule counts the largest product of two sizes: p = 1000 (n = 2002)
    had been admitted under --max-work 1e10 at 1.4e9 flops and ran past a minute."""
    n, d = 2 * params["pairs"] + params["extra"], params["d"]
    return max(4 * n * n, n * d), gram_cost(n, d)  # X itself where d ≫ n


def lambda0_characterization(instance: Instance, generator, device, dtype, batch: int) -> Outcome:
    """Derived (CLAIMS.md, note to Theorem 3.1): X = (v_1..v_p, −v_1..−v_p, z_1..z_q), unit rows, no other
    parallel pairs. Then λ0 = λ_min(H∞) = 0 iff v_1..v_p are linearly dependent. (⇐: φ_w(x) = x·1{wᵀx ≥ 0}
    has φ_w(v) − φ_w(−v) = v, so Σ c_k v_k = 0 gives a null vector of H∞ = E[ΦΦᵀ].) Each trial draws the
    p directions dependent (v_p a random combination of the others) or generic with probability ½.
    With tol = 8n·eps·‖H∞‖_F (models.numerics.eig_tolerance), the error of the computed λ̂0, and the prediction
    (predict = "dependence": the derived condition; "any_pair": the mutant's "any antiparallel pair"):
    where λ0 = 0 is predicted, an equality, pass iff λ̂0 ≤ tol (consistent with 0), fail iff λ̂0 > tol (proven
    positive); where λ0 > 0 is predicted, an inequality, three ways (claims.spec.compare_at_least): pass iff
    λ̂0 ≥ tol, undecided iff within tol of 0 (not resolved from 0, never a failure), fail iff λ̂0 < −tol.
    """
    pr = instance.params
    P, d, q = pr["pairs"], pr["d"], pr["extra"]
    unit = torch.nn.functional.normalize
    V = unit(torch.randn(batch, P, d, generator=generator, dtype=dtype, device=device), dim=-1)
    dep = torch.rand(batch, generator=generator, dtype=dtype, device=device) < 0.5
    dep = dep & (P >= 2) | torch.full_like(dep, d < P)
    if P >= 2:
        c = torch.randn(batch, P - 1, 1, generator=generator, dtype=dtype, device=device)
        last = unit((c * V[:, :-1]).sum(-2), dim=-1)
        V = torch.cat([V[:, :-1], torch.where(dep[:, None], last, V[:, -1]).unsqueeze(1)], 1)
    Z = unit(torch.randn(batch, q, d, generator=generator, dtype=dtype, device=device), dim=-1)
    H = two_layer.h_infinity(torch.cat([V, -V, Z], 1))
    lam, tol = two_layer.lambda_min(H), eig_tolerance(H)
    predicted = dep if pr["predict"] == "dependence" else torch.ones_like(dep)
    scale = torch.linalg.matrix_norm(H, "fro")
    margin = torch.where(predicted, tol - lam, lam - tol) / scale
    positive, near = compare_at_least(lam, 0.0, tol)
    passed = torch.where(predicted, lam <= tol, positive)
    undecided = ~predicted & near
    return Outcome(passed, margin, torch.ones_like(dep), {"lambda0": lam, "dependent": dep}, undecided=undecided)
