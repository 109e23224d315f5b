"""Calibration of the decision rules on simulated streams: the designs' own error rates next to their bounds.

:mod:`claims.engine.calibration` runs a real claim at instances whose failure rate sits next to δ; here the
trials are Bernoulli(p) draws, so thousands of seeds cost seconds, and the design that replaced the Bonferroni
one (:mod:`claims.engine.sequential`) is measured against it on the same streams. For each α = β and S seeds:

* whp, δ given: the seed's failure rate is p = u·δ with u uniform on [0.8, 1] (the claim holds: REFUTED is a
  false fail), on [1, 1.2] (it fails: SUPPORTED is a false pass) and u = 1 (both are errors); each design
  reads the same stream of uniforms (trial i fails when U_i < p) up to its looks;
* forall, ε given: p = u·ε, u on [1, 1.2]: SUPPORTED (no failure in N trials) is a false pass;
* scaling: 24 measurements value = size^b·exp(σ Z) on sizes 2^4..2^10, the fitted exponent judged by
  :func:`claims.engine.judge.scaling_verdict` against the true b: REFUTED is a false fail.

Rates come with exact (Clopper–Pearson) 95 % intervals; every draw comes from one seeded torch.Generator.
Run: ``python -m claims.tools.calibration_streams`` (written to benchmarks/calibration-streams.json).
"""

from __future__ import annotations

from collections import Counter

import numpy as np
import torch

from claims.engine.design import FORALL_LOOKS
from claims.engine.judge import scaling_verdict
from claims.engine.stats import SequentialDesign, failure_rate_interval_by_clopper_pearson, geometric_schedule
from claims.spec import Claim, Relation, Verdict, seeded_generator
from models.errors import check_size

CPU = torch.device("cpu")
VERDICTS = ("", Verdict.REFUTED.value, Verdict.SUPPORTED.value, Verdict.INCONCLUSIVE.value)
MARGIN = Claim.__dataclass_fields__["exponent_margin"].default  # a scaling claim's default equivalence margin
GROUPS = {"hold": (0.8, 1.0), "boundary": (1.0, 1.0), "fail": (1.0, 1.2)}


def rate(count: int, runs: int, bound: float) -> dict:
    lo, hi = failure_rate_interval_by_clopper_pearson(count, runs, 0.95)
    out = {"count": count, "runs": runs, "rate": count / runs, "ci95": [lo, hi], "bound": bound}
    return out | {"within_bound": lo <= bound}  # not significantly above the bound


def run_design(design: SequentialDesign, failed: torch.Tensor) -> tuple[np.ndarray, np.ndarray]:
    """Verdict codes and trials at the stop of ``design`` on each row of ``failed`` (trials in order)."""
    counts = torch.cumsum(failed, dim=1).numpy()
    codes, trials = np.zeros(len(counts), int), np.zeros(len(counts), int)
    for look, n in enumerate(design.schedule):
        pending = codes == 0
        codes[pending] = design.decide_codes(counts[pending, n - 1], n, look)
        trials[pending] = n
    return codes, trials


def summarise(codes, trials, u, design, error_code: int, bound: float, group: tuple[float, float]) -> dict:
    verdicts = Counter(VERDICTS[c] for c in codes)
    bins = {}
    for lo in np.arange(0.8, 1.2, 0.1):
        near = (u >= lo - 1e-12) & (u <= lo + 0.1 + 1e-12)
        if near.any():
            bins[f"{lo:.1f}-{lo + 0.1:.1f}"] = {
                "runs": int(near.sum()),
                "inconclusive": int((codes[near] == 3).sum()),
                "futile": int(((codes[near] == 3) & (trials[near] < design.max_trials)).sum()),
                "mean_trials": float(trials[near].mean()),
            }
    exact = [design.operating_characteristic(design.delta * x) for x in np.linspace(*group, 21)]
    return {
        "error": rate(int((codes == error_code).sum()), len(codes), bound),
        "verdicts": dict(verdicts),
        "inconclusive": int((codes == 3).sum()),
        "futile": int(((codes == 3) & (trials < design.max_trials)).sum()),  # INCONCLUSIVE before the last look
        "mean_trials": float(trials.mean()),
        "max_trials": design.max_trials,
        "looks": design.looks,
        "by_p_over_delta": bins,
        "exact_over_the_group": {k: float(np.mean([o[k] for o in exact])) for k in exact[0]},
    }


def whp(delta: float, alpha: float, seeds: int, seed: int) -> dict:
    check_size("seeds", seeds)
    new = SequentialDesign.for_failure_rate(delta, delta / 2, alpha, alpha)
    old = SequentialDesign.bonferroni(delta, delta / 2, alpha, alpha)
    new_rates, old_rates = new.error_rates(), old.error_rates()
    out = {"delta": delta, "epsilon": delta / 2, "alpha": alpha, "beta": alpha, "groups": {}}
    out["exact_error_rates_at_delta"] = {"new": list(new_rates), "bonferroni": list(old_rates)}
    gen = seeded_generator(seed, f"calibration-streams-whp-{delta}-{alpha}", CPU)
    n = max(new.max_trials, old.max_trials)
    for group, (lo, hi) in GROUPS.items():
        u = lo + (hi - lo) * torch.rand(seeds, generator=gen, dtype=torch.float64)
        failed = (torch.rand(seeds, n, generator=gen, dtype=torch.float64) < (u * delta)[:, None]).double()
        row = {}
        for name, design in (("new", new), ("bonferroni", old)):
            codes, trials = run_design(design, failed)
            if group == "boundary":  # p = δ: both a REFUTED and a SUPPORTED are errors
                row[name] = {
                    "false_fail": summarise(codes, trials, u.numpy(), design, 1, alpha, (lo, hi)),
                    "false_pass": summarise(codes, trials, u.numpy(), design, 2, alpha, (lo, hi)),
                }
            else:
                code = 1 if group == "hold" else 2
                row[name] = summarise(codes, trials, u.numpy(), design, code, alpha, (lo, hi))
        out["groups"][group] = row
    out["versus_bonferroni"] = versus(out["groups"])
    return out


def versus(groups: dict) -> dict:
    """Mean trials and INCONCLUSIVE share of the design against the Bonferroni design on the same streams, over
    all the groups (p/δ in [0.8, 1.2]) and per p/δ bin (the issue's measure: the ratio of mean trials)."""
    rows = {name: [] for name in ("new", "bonferroni")}
    for row in groups.values():
        for name in rows:
            s = row[name]
            rows[name].append(s if "error" in s else s["false_fail"])  # p = δ: one set of runs, two error labels
    out = {}
    for name, summaries in rows.items():
        runs = sum(s["error"]["runs"] for s in summaries)
        out[name] = {
            "runs": runs,
            "mean_trials": sum(s["mean_trials"] * s["error"]["runs"] for s in summaries) / runs,
            "inconclusive_share": sum(s["inconclusive"] for s in summaries) / runs,
        }
    bins = {}
    for group in ("hold", "fail"):  # the p = δ runs lie on the edge of two bins: they count in the total only
        new, old = groups[group]["new"]["by_p_over_delta"], groups[group]["bonferroni"]["by_p_over_delta"]
        for key, a in new.items():
            b = old[key]
            bins[key] = {
                "runs": a["runs"],
                "mean_trials": {"new": a["mean_trials"], "bonferroni": b["mean_trials"]},
                "mean_trials_ratio": a["mean_trials"] / b["mean_trials"],
                "inconclusive_share": {
                    "new": a["inconclusive"] / a["runs"],
                    "bonferroni": b["inconclusive"] / b["runs"],
                },
            }
    out["mean_trials_ratio"] = out["new"]["mean_trials"] / out["bonferroni"]["mean_trials"]
    out["by_p_over_delta"] = dict(sorted(bins.items()))
    return out


def forall(epsilon: float, beta: float, seeds: int, seed: int) -> dict:
    check_size("seeds", seeds)
    n = SequentialDesign.for_forall(epsilon, beta).max_trials
    gen = seeded_generator(seed, f"calibration-streams-forall-{epsilon}-{beta}", CPU)
    u = 1.0 + 0.2 * torch.rand(seeds, generator=gen, dtype=torch.float64)
    failed = torch.rand(seeds, n, generator=gen, dtype=torch.float64) < (u * epsilon)[:, None]
    supported = int((~failed.any(dim=1)).sum())
    first = torch.where(failed.any(dim=1), failed.double().argmax(dim=1) + 1, torch.tensor(n))
    looks = np.array(geometric_schedule(n, FORALL_LOOKS))
    drawn = looks[np.searchsorted(looks, first.numpy())]
    return {
        "epsilon": epsilon,
        "beta": beta,
        "trials": n,
        "false_pass": rate(supported, seeds, beta),
        "mean_trials_drawn": float(drawn.mean()),
        "exact_false_pass_at_epsilon": (1 - epsilon) ** n,
    }


def scaling(alpha: float, seeds: int, seed: int, exponent: float = -0.5, sigma: float = 0.2) -> dict:
    check_size("seeds", seeds)
    gen = seeded_generator(seed, f"calibration-streams-scaling-{alpha}", CPU)
    size = torch.tensor([2.0 ** (4 + 6 * i / 23) for i in range(24)], dtype=torch.float64)
    noise = torch.randn(seeds, 24, generator=gen, dtype=torch.float64)
    value = size**exponent * torch.exp(sigma * noise)
    out = {"alpha": alpha, "exponent": exponent, "sigma": sigma, "measurements": 24}
    for relation in (Relation.EQUAL, Relation.AT_MOST, Relation.AT_LEAST):
        verdicts = Counter(
            scaling_verdict(relation, size.numpy(), v.numpy(), exponent, alpha, MARGIN).value for v in value
        )
        out[relation.value] = {"false_fail": rate(verdicts["REFUTED"], seeds, alpha), "verdicts": dict(verdicts)}
    return out


if __name__ == "__main__":  # the command line moved above the registry, to claims.tools (the engine imports no tool)
    import sys

    tool = __spec__.name.replace("claims.engine.", "claims.tools.")
    print(f"python -m {__spec__.name} has moved: run python -m {tool} (the same options)", file=sys.stderr)
    sys.exit(64)
