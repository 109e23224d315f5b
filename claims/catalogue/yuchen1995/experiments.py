"""Report experiments of the yuchen1995 family (data only; rendered by claims/report/sections/yuchen1995.py).

* :func:`counterexample_profile`: one witness of yuchen1995.counterexample per form (slide: m σ units; Yu &
  Chen: m − 1 plus the constant unit), its verification by the claim's own trial on the same draws, its
  Hessian spectrum, and the loss along three lines through it (a flat direction, the split direction, a
  random one), beside the same lines through the signed split (a saddle).
* :func:`search_census`: what a random search sees: the classes of the end points of
  yuchen1995.search_no_bad_min's trial (sigmoid at the theorem's width in both forms, and the two mutants); each
  row's random stream is seeded from its stable key (:class:`CensusRow`), never from its label.
* :func:`core_tightness`: yuchen1995.core's ratio L·4σ_min²/‖∇_{W₂}L‖² against κ(H), at random and at
  attaining points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import torch

from claims.catalogue.yuchen1995 import minima, trials
from claims.spec import ExperimentContext, Instance, seeded_generator
from models import sigmoid_net as sn
from models import symeig

FORMS = {"slide": {"constant_unit": False, "m": 4}, "paper": {"constant_unit": True, "m": 4}}
LINE_T = 0.6


def _lines(w: dict, alphas: torch.Tensor, generator) -> dict:
    """L(θ + t·u) − L(θ) for t ∈ [−LINE_T, LINE_T] along: flat (output weight moved from copy 2 to copy 1),
    split (first input weight of copy 1 by α₂, of copy 2 by −α₁: Σα_cε_c = 0, so the second-order change is
    −α₁α₂(α₁ + α₂)·G₀, up for equal shares and down when α₂ < 0), random (a unit vector)."""
    wide, theta, X, Y = w["wide"], w["theta"], w["X"], w["Y"]
    p = wide.p
    n1 = wide.k * wide.d0
    flat = torch.zeros(p, dtype=torch.float64)
    flat[n1], flat[n1 + 1] = 1.0, -1.0
    split = torch.zeros(p, dtype=torch.float64)
    split[0], split[wide.d0] = float(alphas[1]), -float(alphas[0])
    rand = torch.randn(p, generator=generator, dtype=torch.float64, device=generator.device).cpu()
    t = torch.linspace(-LINE_T, LINE_T, 61, dtype=torch.float64)
    out = {"t": t.tolist()}
    base = sn.flat_loss_batched(theta, X, Y, wide)
    for name, u in (("flat", flat), ("split", split), ("random", rand)):
        pts = theta + t[:, None] * (u / u.norm())[None]
        vals = sn.flat_loss_batched(pts, X.expand(len(t), *X.shape[1:]), Y.expand(len(t), *Y.shape[1:]), wide)
        out[name] = (vals - base).tolist()
    return out


def _one_form(ctx: ExperimentContext, claim, form: str, split: str) -> dict:
    params = claim.resolve({**FORMS[form], "split": split})
    purpose = f"yuchen1995 witness {form}"
    outcome = claim.trial(Instance(params, ctx.seed), ctx.generator(purpose), ctx.device, torch.float64, 1)
    w = trials.build_witness(params, 1, ctx.generator(purpose), torch.float64, ctx.device)
    w = {k: (v.cpu() if isinstance(v, torch.Tensor) else v) for k, v in w.items()}
    eig = symeig.eigvalsh(sn.hessian(w["theta"], w["X"], w["Y"], w["wide"]))[0]
    return {
        "verified": bool(outcome.passed[0]),
        "checks": {
            k.removeprefix("margin_"): float(v[0]) for k, v in outcome.details.items() if k.startswith("margin_")
        },
        "loss": float(outcome.details["loss"][0]),
        "best_lower": float(outcome.details["best_lower"][0]),
        "lambda_min": float(outcome.details["lambda_min"][0]),  # the trial's, at the point profiled below
        "eigenvalues": eig.tolist(),
        "flat_dimension": w["copies"] - 1,
        "hidden": w["wide"].k,
        "constant_unit": w["wide"].constant_unit,
        "m": params["m"],
        "X": w["X"][0].tolist(),
        "Y": w["Y"][0].tolist(),
        "theta": w["theta"][0].tolist(),
        "lines": _lines(
            w, trials.split_shares(params, w["copies"], torch.float64, "cpu"), ctx.generator(purpose + " lines")
        ),
    }


def counterexample_profile(ctx: ExperimentContext) -> dict:
    """The loss along lines through the counterexample's witness, per form and split (one unit)."""
    return ctx.offload(_counterexample_profile)


def _counterexample_profile(ctx: ExperimentContext) -> dict:
    claim = ctx.claims["yuchen1995.counterexample"]
    return {
        form: {"uniform": _one_form(ctx, claim, form, "uniform"), "signed": _one_form(ctx, claim, form, "signed")}
        for form in FORMS
    }


@dataclass(frozen=True)
class CensusRow:
    """One configuration of the census: ``key`` names its random stream (the generator's purpose is
    ``census <key>``), ``label`` is only what the report shows, so rewording a label leaves the draws alone."""

    key: str
    label: str
    overrides: Mapping[str, object] = field(default_factory=dict)


#: The census's rows. Their keys seed the rows' random streams: NEVER change a key (that changes the draws and so
#: the counts); reword a label freely. A new row takes a new key.
CENSUS = (
    CensusRow("sigmoid_notes", "sigmoid, lecture notes' form (m = 4, 4 units)"),
    CensusRow(
        "sigmoid_paper", "sigmoid, Yu & Chen's form (m = 5, 4 units + constant)", {"m": 5, "constant_unit": True}
    ),
    CensusRow("relu_dead_start", "mutant relu_dead_start", {"activation": "relu"}),
    CensusRow("narrow", "mutant narrow (1 unit, m = 4)", {"hidden": 1}),
)


def census_item(row: CensusRow, claim, seed: int, device: torch.device, n: int) -> dict:
    """The unit of work of one census row: its stream's purpose is ``census <key>``, never the label."""
    return {
        "claim": claim,
        "overrides": dict(row.overrides),
        "seed": seed,
        "purpose": f"census {row.key}",  # seeded_generator(seed, purpose)'s stream: the key's, not the label's
        "device": str(device),
        "n": n,
    }


def census_unit(item: dict) -> dict[str, int]:
    """End-point classes of ``item['n']`` runs of yuchen1995.search_no_bad_min's trial at one configuration."""
    claim, device = item["claim"], torch.device(item["device"])
    generator = seeded_generator(item["seed"], item["purpose"], device)
    out = claim.trial(
        Instance(claim.resolve(item["overrides"]), item["seed"]), generator, device, torch.float64, item["n"]
    )
    code = out.details["class"].long().cpu()
    return {c: int((code == i).sum()) for i, c in enumerate(minima.CLASSES)}


def search_census(ctx: ExperimentContext) -> dict:
    """End-point classes of N runs of yuchen1995.search_no_bad_min's trial per configuration (N by profile), one
    unit each; rows keyed by each row's stable key, with its label beside."""
    n = {"quick": 100, "standard": 400, "full": 1000}[ctx.profile]
    claim = ctx.claims["yuchen1995.search_no_bad_min"]
    items = [census_item(row, claim, ctx.seed, ctx.device, n) for row in CENSUS]
    counts = ctx.map(census_unit, items)
    return {
        "trials": n,
        "rows": {row.key: c for row, c in zip(CENSUS, counts, strict=True)},
        "labels": {row.key: row.label for row in CENSUS},
        "verified_bad": list(minima.VERIFIED_BAD),
        "undecided": list(minima.UNDECIDED),
        "not_minima": list(minima.NOT_MINIMA),
        # end points certified not minima are outside the claim's premise (they were passes in older runs)
        "not_minima_outside_premise": True,
    }


def core_tightness(ctx: ExperimentContext) -> dict:
    """(κ(H), ratio, tight) of N trials of yuchen1995.core's trial at its defaults (one unit)."""
    return ctx.offload(_core_tightness)


def _core_tightness(ctx: ExperimentContext) -> dict:
    claim = ctx.claims["yuchen1995.core"]
    n = {"quick": 200, "standard": 1000, "full": 4000}[ctx.profile]
    out = claim.trial(Instance(claim.resolve({}), ctx.seed), ctx.generator("core"), ctx.device, torch.float64, n)
    return {
        "kappa": out.details["kappa"].cpu().tolist(),
        "ratio": out.details["ratio"].cpu().tolist(),
        "tight": out.details["tight"].cpu().tolist(),
        "passed": int(out.passed.sum()),
        "undecided": int(out.undecided_mask().sum()),
        "trials": n,
    }
