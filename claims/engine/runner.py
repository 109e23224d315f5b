"""Run one claim on one instance: design the run, draw trials in batches, stop when the verdict is decided.

The runner knows nothing of any theorem; it reads the claim's kind, its δ parameter and its trial function,
and hands the counts to :mod:`claims.engine.judge`.
"""

from __future__ import annotations

import inspect
import math
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from claims.engine.design import counts_premise, design_for, trial_cap
from claims.engine.devices import dtype_name, resolve_device, resolve_dtype
from claims.engine.judge import Tally, judge, whp_inconclusive_reason
from claims.engine.reasons import Why, say
from claims.engine.resources import (
    Estimate,
    check_max_memory,
    check_max_work,
    default_max_memory,
    default_max_work,
    estimate,
    require_fits,
)
from claims.engine.result import Result
from claims.engine.stats import (
    SequentialDesign,
    failure_rate_interval_by_clopper_pearson,
    failure_rate_upper_bound_by_clopper_pearson,
    fit_power_law_exponent,
    fittable,
    min_num_trials_for_forall_test,
)
from claims.spec import Claim, Infeasible, Instance, Kind, Relation, Role, Verdict, seeded_generator
from claims.spec.seeding import check_seed
from models.checks import InvalidInputError, check_open_unit, check_size


def _concat(chunks: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {k: np.concatenate([c[k] for c in chunks]) for k in chunks[0]} if chunks else {}


#: the smallest false-fail (and false-pass) budget a run accepts. The exact binomial bounds are evaluated at
#: 1 − α, which float64 holds to about 1e-16: at α = 1e-300 it rounds to 1 and every bound to 1
#: ("failure rate < 1"); at 1e-10 the relative error of α in 1 − α is below 1e-5.
MIN_ALPHA = 1e-10


def _check_rate(name: str, value) -> float:
    value = check_open_unit(name, value)
    if value < MIN_ALPHA:
        raise InvalidInputError(
            f"{name} must be >= {MIN_ALPHA:g}, got {value!r}: the exact bounds are computed at 1 − {name}, "
            "which rounds to 1 in float64 below it, so the run could bound nothing"
        )
    return value


def _plain(value):
    """A NumPy scalar as the Python number it holds (np.int64(20) is an int parameter)."""
    return value.item() if isinstance(value, np.generic) else value


def _check_params(claim: Claim, params) -> dict[str, Any]:
    if params is None:
        return {}
    if not isinstance(params, Mapping):
        raise InvalidInputError(
            f"params must be a mapping of parameter name to value (e.g. {{'n': 20}}), got {type(params).__name__} "
            f"{params!r}"
        )
    for name in params:
        if not isinstance(name, str):
            raise InvalidInputError(f"params keys must be parameter names (str), got {name!r}")
        claim.param(name)  # an unknown name lists the known ones
    return {name: _plain(value) for name, value in params.items()}


def _check_set_once(claim: Claim, overrides: Mapping[str, Any], mutant: str | None, trials: int | None) -> None:
    """Refuse two settings of one thing, where one would be dropped silently: ``trials`` with the record's own
    trial count (``trials`` replaces it), and an override of a parameter that ``mutant`` fixes (the run would be
    another statement under the mutant's name)."""
    counted = [p.name for p in claim.with_role(Role.TRIALS) if p.name in overrides]
    if trials is not None and counted:
        raise InvalidInputError(
            f"trials = {trials} (--trials) and parameter {counted[0]} = {overrides[counted[0]]!r} both set the "
            "number of trials: set one"
        )
    fixed = claim.mutant(mutant).overrides if mutant is not None else {}
    for name, value in overrides.items():
        if name in fixed and claim.param(name).validate(value) != fixed[name]:
            raise InvalidInputError(
                f"parameter {name} = {value!r} replaces mutant {mutant}'s own {name} = {fixed[name]!r}, so the "
                f"run would not be that mutant: drop --set {name}, or drop --mutant to check that value"
            )


def _check_dtype_range(claim: Claim, values: Mapping[str, Any], dtype: torch.dtype) -> None:
    """Refuse a float parameter that is finite but past the run's dtype (float32's ±3.4e38): the trials would
    hold it as inf, a run different from the one asked for (a float32 fuzz found eta = 1e300, which float64
    runs, raising inside a trial)."""
    top = torch.finfo(dtype).max
    for p in claim.params:
        v = values.get(p.name)
        if p.type is float and isinstance(v, float) and math.isfinite(v) and abs(v) > top:
            raise InvalidInputError(
                f"{p.name} = {v!r} is past {dtype_name(dtype)}'s range (±{top!r}), where the run would hold it as "
                "inf: lower it or run it in float64 (--dtype float64)"
            )


@dataclass(frozen=True)
class Plan:
    """A validated run, fixed before its first trial: the instance, the design and the resource estimate."""

    claim: Claim
    values: dict[str, Any]
    mutant: str | None
    seed: int
    device: torch.device
    dtype: torch.dtype
    alpha: float
    design: SequentialDesign
    estimate: Estimate


def _design(claim: Claim, values, alpha, beta, epsilon, trials, max_trials=None) -> SequentialDesign:
    try:
        return design_for(claim, values, alpha=alpha, beta=beta, epsilon=epsilon, trials=trials, max_trials=max_trials)
    except InvalidInputError as exc:  # the design's own message names ε; say which inputs set it
        delta = f"{claim.delta_param} = {values[claim.delta_param]!r}, " if claim.delta_param else ""
        where = f"{delta}alpha = {alpha!r}, beta = {beta!r}"
        raise InvalidInputError(f"no test can be designed at {where}: {exc}") from None


def prepare(
    claim: Claim,
    *,
    params: Mapping[str, Any] | None = None,
    mutant: str | None = None,
    seed: int = 0,
    device: str | torch.device = "cpu",
    dtype: str | torch.dtype = "float64",
    alpha: float = 0.01,
    beta: float | None = None,
    epsilon: float | None = None,
    trials: int | None = None,
    max_memory: int | str | None = None,
    max_trials: int | None = None,
    max_work: float | str | None = None,
) -> Plan:
    """Validate every input, design the run and estimate its resources; raise InvalidInputError (one line
    naming the input and its value) or ResourceLimitError (the estimate and the limit) before any trial."""
    if not isinstance(claim, Claim):
        raise InvalidInputError(f"claim must be a claims.Claim (claims.get(id)), got {claim!r}")
    alpha = _check_rate("alpha", _plain(alpha))
    beta = alpha if beta is None else _check_rate("beta", _plain(beta))
    epsilon = None if epsilon is None else check_open_unit("epsilon", _plain(epsilon))
    trials = None if trials is None else check_size("trials", trials)
    max_trials = None if max_trials is None else check_size("max_trials", max_trials)
    seed = check_seed(seed)
    if mutant is not None and not isinstance(mutant, str):
        raise InvalidInputError(f"mutant must be a mutant's name (str), got {mutant!r}")
    dev, dt = resolve_device(device), resolve_dtype(dtype)
    overrides = _check_params(claim, params)
    _check_set_once(claim, overrides, mutant, trials)
    values = claim.resolve(overrides, mutant)
    mutant = mutant if mutant is not None else mutant_of(claim, values)
    for violated in [*claim.unread(values), *(claim.constraints(values) if claim.constraints else ())]:
        raise InvalidInputError(violated)
    _check_dtype_range(claim, values, dt)
    design = _design(claim, values, alpha, beta, epsilon, trials, max_trials)
    limit = default_max_memory(dev) if max_memory is None else check_max_memory(max_memory)
    work = default_max_work() if max_work is None else check_max_work(max_work)
    est = require_fits(estimate(claim, values, design, dt, limit, work, Instance(values, seed), dev))
    return Plan(claim, values, mutant, seed, dev, dt, alpha, design, est)


def run(claim: Claim, **options: Any) -> Result:
    """Check ``claim`` on the instance given by ``params`` (over the defaults) and ``seed``: the keywords of
    :func:`prepare`, which validates and plans the run, then :func:`execute`.

    ``alpha`` is this run's false-fail budget and ``beta`` (default α) its false-pass budget; ``trials`` fixes
    the number of trials (one look at the full α) instead of the sequential design; ``max_trials`` (whp) keeps
    the sequential design but truncates it at that count; ``max_memory`` (bytes, or '4G') the limit of the
    resource estimate (default: half the device's memory); ``max_work`` (flops, or '1e16') the limit of the
    work estimate (default: ``claims.engine.resources.DEFAULT_MAX_WORK``).
    """
    return execute(prepare(claim, **options))


run.__signature__ = inspect.signature(prepare).replace(return_annotation=Result)  # help(run) shows the keywords


def execute(plan: Plan, progress: Callable[[int, int], None] | None = None) -> Result:
    """Run a :class:`Plan` from :func:`prepare` to its verdict; ``progress(trials drawn, at most)`` is called
    after each batch (the CLI prints it on stderr for a long check)."""
    start = time.perf_counter()
    instance = Instance(plan.values, plan.seed)
    unmet = unmet_premises(plan.claim, instance, plan.device, plan.dtype)
    chunks, tally, verdict, reason, undecided_stop = _draw(
        plan.claim, plan.design, instance, plan.device, plan.dtype, progress
    )
    elapsed = time.perf_counter() - start
    return _result(plan, _concat(chunks), tally, verdict, reason, elapsed, unmet, undecided_stop)


def mutant_of(claim: Claim, values: Mapping[str, Any]) -> str | None:
    """The declared mutant whose every override ``values`` hold, or None: ``--set rate_factor=3`` states mutant
    rate_3's statement, and its result says so (the mutant's name and doc) rather than read as the claim's."""
    for m in claim.mutants:
        if all(values[k] == v for k, v in m.overrides.items()):  # both validated (Claim checks its mutants)
            return m.name
    return None


def unmet_premises(claim: Claim, instance: Instance, device, dtype) -> tuple[str, ...]:
    """The theorem's premises that ``instance`` leaves unmet (Claim.premises), one sentence each; a premise hook
    that finds the instance cannot be run (Infeasible: e.g. its width above max_width) says so as the one."""
    if not claim.premises:
        return ()
    try:
        return tuple(str(s) for s in claim.premises(instance, device, dtype))
    except Infeasible as exc:
        return (str(exc),)


def _false_as_stated_note(claim: Claim, verdict: Verdict) -> str:
    """What a result of a claim false as its source states it says first: "as expected" only where this run
    refuted it; a run that did not (float32's tolerances, a search that found no witness) says so rather than
    let the expectation read as its finding."""
    if not claim.false_as_stated:
        return ""
    if verdict is Verdict.REFUTED:
        return f"false as stated, as expected: {claim.false_as_stated}"
    return f"false as stated ({claim.false_as_stated}), which this run did not show"


def _float32_note(claim: Claim, verdict: Verdict, dtype: torch.dtype, undecided: int) -> str:
    """Why a float32 run of a claim whose record says float32 cannot decide it (Claim.float32_skip) ended
    INCONCLUSIVE: its undecided trials are float32's rounding, not the theorem's. A run with no undecided trial
    (one not made at all: Infeasible, which names float64 itself where it applies) gets no such note."""
    if verdict is not Verdict.INCONCLUSIVE or dtype != torch.float32 or not claim.float32_skip or not undecided:
        return ""
    return f"in float32: {claim.float32_skip}; run it in float64 (--dtype float64)"


def premise_note(unmet: tuple[str, ...], kind: Kind | None = None) -> str:
    """What a result says when a premise is unmet: which, and what the statement tested then is. An exists claim
    is never refuted: outside the range it is stated for, a witness goes beyond it and none found is no evidence."""
    if not unmet:
        return ""
    if kind is Kind.EXISTS:
        tested = (
            "the existence the theorem states, outside the range it is stated for: a witness found here goes beyond "
            "the theorem, and none found says nothing about it"
        )
    else:
        tested = (
            "the theorem's conclusion at this size, outside its premise: a REFUTED here does not contradict the theorem"
        )
    return "premise not met: " + "; ".join(unmet) + ". The statement tested is " + tested


def _draw(claim: Claim, design: SequentialDesign, instance: Instance, dev, dt, progress=None):
    """Draw batches up to each look of the schedule and judge after each; (chunks, tally, verdict, reason,
    undecided_stop), the last True when a whp run stopped before its last look because of its undecided trials
    (:meth:`SequentialDesign.undecided_decided`; a trial whose premise failed counts as undecided there)."""
    generator = seeded_generator(instance.seed, "trials", dev)
    chunks: list[dict[str, np.ndarray]] = []
    tally, verdict, reason, undecided_stop = Tally(), None, "", False
    conditional = counts_premise(claim)  # forall too: a trial outside the hypothesis is drawn again
    cap = trial_cap(claim, design)
    theory = instance.params.get(claim.exponent_param) if claim.exponent_param else None
    try:
        for look, target in enumerate(design.schedule):
            while (tally.held if conditional else tally.drawn) < target and tally.drawn < cap:
                batch = min(target - (tally.held if conditional else tally.drawn), cap - tally.drawn)
                outcome = claim.trial(instance, generator, dev, dt, batch).numpy()
                chunks.append(outcome)
                tally = tally.add(outcome)
                if progress is not None:
                    progress(tally.drawn, cap)
            table = _concat(chunks) if claim.kind is Kind.SCALING else None
            verdict = judge(claim, design, tally, look, table, theory)
            if verdict is not None:
                break
    except Infeasible as exc:
        return chunks, tally, Verdict.INCONCLUSIVE, say(Why.INFEASIBLE, what=str(exc)), False
    if claim.kind is Kind.WHP and verdict is Verdict.INCONCLUSIVE and look < design.looks - 1:
        reason = whp_inconclusive_reason(design, tally, look)  # a futility stop; the plan's end is worded below
        undecided_stop = design.undecided_decided(tally.failures, tally.undecided + tally.drawn - tally.held, look)
    if verdict is None:  # conditional: the premise was met too rarely to reach the design's count
        verdict = Verdict.VACUOUS
        reason = say(
            Why.RARE_PREMISE, held=tally.held, drawn=tally.drawn, need=design.max_trials, means=claim.premise_means
        )
    return chunks, tally, verdict, reason, undecided_stop


def why_inconclusive(claim: Claim, design: SequentialDesign, tally: Tally) -> Why:
    """What kept a run that drew its trials from a verdict (the reason's code; :mod:`claims.engine.reasons`)."""
    if claim.kind is Kind.EXISTS:
        return Why.NO_WITNESS
    if claim.kind is Kind.SCALING:
        return Why.UNMEASURED if tally.undecided else Why.FIT
    if claim.kind is Kind.WHP:  # the failures alone would have supported: the undecided (or missed) trials did not
        alone = tally.failures <= design.support_at[-1] if design.support_at else False
        if alone and (tally.undecided or tally.drawn > tally.held):
            return Why.UNDECIDED
        return Why.NO_POWER if design.support_at and design.support_at[-1] < 0 else Why.ZONE
    enough = tally.held >= min_num_trials_for_forall_test(design.epsilon, design.beta)
    return Why.UNDECIDED if enough and tally.undecided else Why.TOO_FEW


def _undecided_reason(claim: Claim, tally: Tally, verdict: Verdict, decisive: bool) -> str:
    if not tally.undecided or claim.kind is Kind.SCALING:  # a scaling run says it as its own reason
        return ""
    return say(Why.UNDECIDED, undecided=tally.undecided, trials=tally.held, means=claim.undecided_means,
               verdict=verdict, decisive=decisive)  # fmt: skip


#: what a scaling verdict asks of the fitted exponent's interval, per relation (the README's table)
NEEDS = {
    Relation.EQUAL: "to hold it and exclude 0",
    Relation.AT_MOST: "to lie at or below it",
    Relation.AT_LEAST: "to lie at or above it",
}


def _scaling_extras(claim: Claim, table, keep, values, alpha) -> tuple[dict, str]:
    decided = keep & ~table["undecided"].astype(bool)
    fit = fit_power_law_exponent(table["size"][decided], table["value"][decided], 1 - alpha)
    theory = values[claim.exponent_param]
    extras = {
        "exponent": fit.slope,
        "exponent_ci": [fit.lo, fit.hi],
        "intercept": fit.intercept,
        "theory_exponent": theory,
        "relation": claim.exponent_relation.value,
        "points": [[float(a), float(b)] for a, b in zip(table["size"][decided], table["value"][decided], strict=True)],
    }
    equal = claim.exponent_relation is Relation.EQUAL
    reason = say(
        Why.FIT,
        slope=fit.slope,
        lo=fit.lo,
        hi=fit.hi,
        level=100 * (1 - alpha),
        symbol=claim.exponent_relation.symbol,
        theory=theory,
        needs=NEEDS[claim.exponent_relation],
        margin=claim.exponent_margin if equal else None,
    )
    extras["exponent_margin"] = claim.exponent_margin if claim.exponent_relation is Relation.EQUAL else None
    return extras, reason


def _forall_bound_reason(claim: Claim, tally: Tally, design: SequentialDesign, verdict: Verdict) -> str:
    """The one-sided upper bound on the failure rate a forall run reached, against the ε its design aims at."""
    bound = float(failure_rate_upper_bound_by_clopper_pearson(tally.undecided, tally.held, design.beta))
    if verdict is Verdict.SUPPORTED:
        return (
            f"no failure in {tally.held} trials: one-sided upper bound on the failure rate {bound:.3g} "
            f"at false-pass rate {design.beta:.3g}"
        )
    if why_inconclusive(claim, design, tally) is Why.UNDECIDED:  # the undecided sentence says it
        return ""
    need = min_num_trials_for_forall_test(design.epsilon, design.beta)
    return say(Why.TOO_FEW, trials=tally.held, bound=bound, beta=design.beta, epsilon=design.epsilon, need=need)


def _whp_reason(claim: Claim, tally: Tally, design: SequentialDesign) -> str:
    """An INCONCLUSIVE whp run: inside the indifference zone, unless the undecided trials kept it from SUPPORTED."""
    if why_inconclusive(claim, design, tally) is Why.UNDECIDED:  # the undecided sentence says it, or this
        missed = tally.drawn - tally.held
        return (
            f"the theorem's premise failed in {missed} of {tally.drawn} trials, which count against SUPPORTED: too "
            "many to support the claim"
            if missed
            else ""
        )
    if why_inconclusive(claim, design, tally) is Why.NO_POWER:
        need = min_num_trials_for_forall_test(design.delta, design.beta)  # 0 failures in n: (1 − δ)^n ≤ β
        return say(Why.NO_POWER, trials=tally.drawn, beta=design.beta, need=need, failures=tally.failures,
                   refute_at=design.refute_at[-1])  # fmt: skip
    return say(Why.ZONE, failures=tally.failures, trials=tally.drawn, support_at=design.support_at[-1],
               refute_at=design.refute_at[-1], delta=design.delta)  # fmt: skip


def _median(values: np.ndarray) -> float:
    """The median of a detail column, finite where its values are: numpy averages the two middle values, which
    overflows for two near float64's maximum (a diverged run's loss, say); those are halved before averaging."""
    with np.errstate(over="ignore"):
        med = np.median(values)
    if np.isinf(med) and values.size and np.isfinite(values).all():
        med = np.median(values / 2) * 2
    return float(med)


def _result(plan: Plan, table, tally, verdict, reason, elapsed, unmet=(), undecided_stop=False):
    """The run's Result; ``undecided_stop``: a whp run stopped early by its undecided trials (:func:`_draw`), whose
    undecided sentence then says they decided it (after any other stop, it says they did not)."""
    claim, design, values, alpha = plan.claim, plan.design, plan.values, plan.alpha
    held_mask = table["premise_held"].astype(bool) if table else np.zeros(0, bool)
    decided = held_mask & ~table["undecided"].astype(bool) if table else held_mask
    margins = table["margin"][decided] if table else np.zeros(0)
    failed = np.flatnonzero(decided & ~table["passed"].astype(bool)) if table else np.zeros(0, int)
    counterexample = None
    if failed.size:
        i = int(failed[0])
        counterexample = {"trial": i, **{k: float(v[i]) for k, v in table.items()}}
    skip = ("passed", "margin", "premise_held", "undecided")
    extras = {k: _median(v) for k, v in table.items() if k not in skip}
    if claim.kind is Kind.SCALING and table and fittable(table["size"][decided]):
        extras, fitted = _scaling_extras(claim, table, held_mask, values, alpha / design.looks)
        # with a measurement missing the fit decided nothing (the reason says why, below); a run cut short
        # (Infeasible) keeps its "not run here" reason: its fit is reported, but it decided nothing either
        if not tally.undecided and not reason:
            reason = fitted
    if claim.kind is Kind.SCALING and verdict is Verdict.INCONCLUSIVE and tally.undecided and not reason:
        reason = say(Why.UNMEASURED, undecided=tally.undecided, trials=tally.held, means=claim.undecided_means)
    elif claim.kind is Kind.SCALING and verdict is Verdict.INCONCLUSIVE and not reason:  # no fit within the premise
        reason = say(Why.RARE_PREMISE, held=tally.held, drawn=tally.drawn, need="3 at 2 sizes or more")
    if claim.kind in (Kind.FORALL, Kind.CONDITIONAL) and tally.held and not tally.failures and not reason:
        reason = _forall_bound_reason(claim, tally, design, verdict)
    ran = verdict is Verdict.INCONCLUSIVE and not reason  # an infeasible or VACUOUS run has its reason already
    if ran and claim.kind is Kind.WHP and design.support_at:
        reason = _whp_reason(claim, tally, design)
    if ran and claim.kind is Kind.EXISTS:
        reason = say(Why.NO_WITNESS, trials=tally.held, drawn=tally.drawn, means=claim.no_witness_means)
    decisive = undecided_stop or (ran and why_inconclusive(claim, design, tally) is Why.UNDECIDED)
    known = _false_as_stated_note(claim, verdict)
    undecided = _undecided_reason(claim, tally, verdict, decisive)
    low = _float32_note(claim, verdict, plan.dtype, tally.undecided)
    reason = "; ".join(r for r in (known, premise_note(unmet, claim.kind), reason, undecided, low) if r)
    return Result(
        id=claim.id,
        verdict=verdict,
        kind=claim.kind,
        trials=tally.held,
        failures=tally.failures,
        premise_held=tally.held,
        undecided=tally.undecided,
        failure_rate_ci=failure_rate_interval_by_clopper_pearson(tally.failures, tally.held, 1 - alpha),
        delta=values.get(claim.delta_param) if claim.delta_param else None,
        alpha=alpha,
        worst_margin=float(margins.min()) if margins.size else None,
        counterexample=counterexample,
        params=dict(values),
        seed=plan.seed,
        device=str(plan.device),
        dtype=dtype_name(plan.dtype),
        elapsed_s=round(elapsed, 4),
        mutant=plan.mutant,
        reason=reason,
        design={**design.describe(), "trials_drawn": tally.drawn, "estimate": plan.estimate.to_json()},
        margins=tuple(float(x) for x in margins),
        extras=extras,
        premises_unmet=tuple(unmet),
    )
