"""A check's peak memory and work, estimated from its parameters before the first trial, and refused when
either exceeds its limit (``max_memory``, ``max_work``), so that no run eats the machine or runs for ever.

The engine names no theorem and no parameter, so the estimate is a documented generic rule over the roles
the parameters declare (:class:`claims.spec.Role`):

* the *sizes* are the positive values of the parameters whose role is ``size`` (a comma-separated integer
  string such as ``dims = "4,3,3"`` entry by entry); the *depth* is the most entries of such a string (the
  layers of a deep net: 1 without one); the *iteration counts* those whose role is ``iterations`` (GD steps,
  epochs, and the cap on the steps of a run whose step count is found as it runs: the worst case); they
  multiply the work, not the memory; the trial count is the design's, and a flag, a choice or a constant is
  none of these;
* one trial holds at most ``SAFETY`` tensors of E elements at once for each layer, where E is the largest of:
  one size, the product of two different sizes (W is m×d, the pattern matrix m×n, a trajectory steps×n) and
  each size to its declared ``cost_exponent`` (the number of data points n declares 2: kernel and Gram
  matrices are n×n);
* a batch of the design's largest batch B trials (or of the trial function's chunk, if it runs a batch in
  chunks: ``claims.spec.in_chunks``) holds B·E·SAFETY elements of the run's dtype, and the trial
  table holds ``TABLE_BYTES`` per trial drawn;
* the work is, per trial, E·max(size) multiply-adds (one product of the largest shapes) per layer and per
  iteration, over every trial the design may draw, plus ``STEP_FLOPS`` flop-equivalents for each *sequential
  step* of each batch: a step (one iteration through one layer) cannot be vectorised over the batch, and the
  fixed cost of its tensor operations dominates where the tensors are small (a deep, narrow net: 2,000 layers
  of width 3 spend their time there, not in flops). The batches are the design's looks (times the premise's
  redraw factor for a claim that counts the premise).

A claim whose trial chunks a wide dimension (Lemma 3.1's literal m₁ is never held whole) is overestimated by
this rule, and a trial that holds a product of three sizes, or whose step count or sample count follows from
constants (a horizon over a step, n = C·d³), is underestimated. A record that knows better carries
``Claim.cost(params) -> (elements_per_trial, flops_per_trial[, sequential_steps])``; the engine then uses it
instead of the rule (elements None keeps the rule's memory; the sequential steps default to the rule's depth ×
iterations). The hook's elements are, like the rule's E, the largest shape, held ``SAFETY`` times. A hook may
instead return a :class:`Cost`: with ``every_copy`` its elements count every tensor a trial holds at once, copies
and workspaces included, and the engine takes them as they are; its ``shared_bytes`` are held once by a batch
whatever its size (a chunk of neurons drawn within a fixed memory budget, shared by the batch's trials) and are
added to the peak. A hook whose count follows from the drawn data (a flow's horizon T =
c/λ0, λ0 that of the instance's X) takes the run's instance too, ``cost(params, instance, device, dtype)``: it
is called before the first trial with the instance the trials will see, so the estimate stays an upper bound on
data that no constant could bound (near-parallel rows, λ0 → 0). Called without the instance, such a hook
answers a lower bound of every instance's answer (du2018a's: at λ0 = ½, the largest that unit-norm rows allow),
and a run already above a limit on that answer is refused before its data is read (reading it, an n³
eigensolve, can take minutes); its elements must not depend on the instance.

The work limit is in flops (flop-equivalents), not seconds: the estimate is a property of the run, the same
on every machine and under any load, so a run is refused or admitted alike everywhere (and in the tests);
a rate in flops/s would make the refusal depend on the machine it was measured on, while the estimate's
generic rule is itself only an upper bound within a factor of about 100 of the work done.
"""

from __future__ import annotations

import dataclasses
import inspect
import math
import numbers
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import torch

from claims.engine.design import counts_premise, trial_cap
from claims.engine.reasons import count_text
from claims.engine.sequential import capped_ceil
from claims.engine.stats import SequentialDesign
from claims.spec import Claim, Instance, Role
from models.checks import InvalidInputError, check_size

#: tensors of the largest per-trial shape a trial may hold at once (an eigensolve holds its input, a copy
#: and a workspace; H∞ holds two distance matrices, their angle, XXᵀ and the product): measured on
#: du2018a.thm3.1 (n = 400..1600), lemma3.1 and lemma3.2 at the CPU's peak resident memory, 2..6 per trial
SAFETY = 8
#: bytes of the trial table per trial drawn (four per-trial fields and a few details, float64, and the copy
#: made when the batches are concatenated)
TABLE_BYTES = 256
#: the default memory limit: this fraction of the device's memory (physical memory for the CPU)
DEFAULT_FRACTION = 0.5
#: the environment variable that sets the default limit (``report --max-memory`` sets it for its runs)
ENV_MAX_MEMORY = "CLAIMS_MAX_MEMORY"
#: flop-equivalents charged for one sequential step of a batch (one iteration through one layer): the fixed
#: cost of a step's tensor operations on small tensors, tens of microseconds, at about 1e9 flops/s (set from
#: clc2018.invariants at 2,001 layers of width 3, whose batches take seconds for a few thousand flops a step)
STEP_FLOPS = 1e5
#: the default work limit in flops: above every shipped claim's estimate at every profile (its report and
#: test instances, the width sweeps and the resolution tool's sizes: tests/unit/test_work_limit.py checks
#: them; the largest, the full profile's Theorem 4.1 sweep at n = 100, is within a factor of 3 of it), and
#: since the estimates are upper bounds, a run beyond it is one of days: one a user should ask for by name
DEFAULT_MAX_WORK = 1e16
#: the environment variable that sets the default work limit (``report --max-work`` sets it for its runs)
ENV_MAX_WORK = "CLAIMS_MAX_WORK"

_UNITS = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}
#: decimal multipliers of a flop count (1.5T = 1.5e12)
_FLOP_UNITS = {"": 1.0, "k": 1e3, "m": 1e6, "g": 1e9, "t": 1e12, "p": 1e15, "e": 1e18}


class Cost(NamedTuple):
    """A cost hook's answer: elements per trial (None: the generic rule's), flops per trial, sequential steps of a
    batch (None: the rule's depth × iterations), ``shared_bytes``, held once by a batch whatever its size (the
    fixed memory budget of a chunked draw: models.two_layer.random_gram's, models.deep_smooth_net's), and
    ``every_copy``: the elements count every tensor a trial holds at once, so the engine applies no ``SAFETY``
    (du2018a's literal flow and GD, and Figure 1; ``python -m benchmarks.memory_estimates`` measures them). A
    plain tuple (elements, flops[, steps]) means the same with no shared bytes and the largest shape only."""

    elements: int | None
    flops: float
    steps: int | None = None
    shared_bytes: int = 0
    every_copy: bool = False


class ResourceLimitError(InvalidInputError):
    """A run whose estimated peak memory or work exceeds its limit: refused before its first trial."""


#: the most steps a cost hook counts: past every work limit, and finite where ⌈T/η⌉ is not (η = 1e-300, T = 1e300)
MOST_STEPS = 10**30

#: the largest work limit accepted: below MOST_STEPS, so that an estimate whose step count was capped (a lower
#: bound of the run's work, then) is refused under every limit (1e25 flops: about 300 years at 1 Pflop/s)
MOST_WORK = 1e25


def gram_cost(n: int, d: int) -> float:
    """Flops of an n × n Gram of n points in R^d (2n²d, with its elementwise kernel) and of its symmetric
    eigensolve (10n³: the tridiagonal reduction alone is (4/3)n³), for cost hooks whose trials form one."""
    return 2.0 * n * n * d + 10.0 * float(n) ** 3


def step_count(x: float) -> int:
    """⌈x⌉ steps for a cost hook, at least 1 and at most :data:`MOST_STEPS`, also where x overflowed to inf (a
    horizon over a tiny step), so that the run is refused on its estimate instead of raising in it."""
    return max(1, capped_ceil(x, MOST_STEPS))


def human_bytes(n: float) -> str:
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if abs(n) < 1024 or unit == "PiB":
            return f"{n:.3g} {unit}"
        n /= 1024
    return f"{n:.3g} PiB"  # pragma: no cover


def device_memory(device: torch.device) -> int:
    """Total memory of ``device`` in bytes: the GPU's memory, or the machine's physical memory for the CPU."""
    if device.type == "cuda":
        return int(torch.cuda.get_device_properties(device).total_memory)
    return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))


def default_max_memory(device: torch.device) -> int:
    """``$CLAIMS_MAX_MEMORY`` (bytes or e.g. '32G') if set, else ``DEFAULT_FRACTION`` of the device's memory."""
    env = os.environ.get(ENV_MAX_MEMORY)
    if env:
        try:
            return parse_bytes(env)
        except InvalidInputError:
            raise InvalidInputError(f"{ENV_MAX_MEMORY} must be a number of bytes such as 4G, got {env!r}") from None
    return int(DEFAULT_FRACTION * device_memory(device))


def parse_bytes(text: str) -> int:
    """'4G', '512MiB', '1.5g', '1000000' → bytes (binary units: K = 1024). Raises naming max_memory."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d*)?|\.\d+)\s*([kmgtKMGT]?)(?:i?[bB])?\s*", str(text))
    value = float(match.group(1)) * _UNITS[match.group(2).lower()] if match else 0.0
    if not match or not math.isfinite(value) or value < 1:
        raise InvalidInputError(f"max_memory must be a number of bytes >= 1 such as 4G or 512M, got {text!r}")
    return int(value)


def check_max_memory(value: Any) -> int:
    """An integer of bytes ≥ 1 or a string for :func:`parse_bytes`."""
    return parse_bytes(value) if isinstance(value, str) else check_size("max_memory", value)


def parse_flops(text: str) -> float:
    """'1e15', '2P', '500T', '1.5e12' → flops (decimal units: T = 1e12, P = 1e15). Raises naming max_work."""
    number = r"((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)"
    match = re.fullmatch(rf"\s*{number}\s*([kmgtpeKMGTPE]?)\s*(?:flops?)?\s*", str(text))
    value = float(match.group(1)) * _FLOP_UNITS[match.group(2).lower()] if match else 0.0
    if not match or not math.isfinite(value) or value < 1 or value > MOST_WORK:
        raise InvalidInputError(
            f"max_work must be a number of flops from 1 to {MOST_WORK:.0e} such as 1e15 or 500T, got {text!r}"
        )
    return value


def check_max_work(value: Any) -> float:
    """A real number of flops from 1 to :data:`MOST_WORK` or a string for :func:`parse_flops`."""
    if isinstance(value, str):
        return parse_flops(value)
    bad = isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value)
    if bad or not 1 <= value <= MOST_WORK:
        raise InvalidInputError(f"max_work must be a finite number of flops from 1 to {MOST_WORK:.0e}, got {value!r}")
    return float(value)


def default_max_work() -> float:
    """``$CLAIMS_MAX_WORK`` (flops, e.g. '1e16' or '10P') if set, else :data:`DEFAULT_MAX_WORK`."""
    env = os.environ.get(ENV_MAX_WORK)
    if env:
        try:
            return parse_flops(env)
        except InvalidInputError:
            raise InvalidInputError(f"{ENV_MAX_WORK} must be a number of flops such as 1e15, got {env!r}") from None
    return DEFAULT_MAX_WORK


#: a size's power as the superscript its estimate's basis is written with (n² = 5000²)
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _integers(claim: Claim, values: Mapping[str, Any], role: Role) -> dict[str, int]:
    """The positive integers held by the parameters of ``role`` (comma-separated integer strings entry by
    entry, as ``name[i]``)."""
    out: dict[str, int] = {}
    for p in claim.with_role(role):
        v = values.get(p.name)
        if v is None or isinstance(v, bool):
            continue
        if isinstance(v, int) and v > 0:
            out[p.name] = v
        elif isinstance(v, str) and re.fullmatch(r"\s*\d+(\s*,\s*\d+)+\s*", v):
            out.update({f"{p.name}[{i}]": int(x) for i, x in enumerate(v.split(",")) if int(x) > 0})
    return out


def size_parameters(claim: Claim, values: Mapping[str, Any]) -> dict[str, int]:
    """The claim's sizes (tensor dimensions) and their values (the module docstring's rule)."""
    return _integers(claim, values, Role.SIZE)


def iteration_counts(claim: Claim, values: Mapping[str, Any]) -> dict[str, int]:
    return _integers(claim, values, Role.ITERATIONS)


def depth(claim: Claim, values: Mapping[str, Any]) -> int:
    """The most entries of a size given as a comma-separated string (the layers of ``dims``), or 1."""
    most = 1
    for p in claim.with_role(Role.SIZE):
        v = values.get(p.name)
        if isinstance(v, str) and re.fullmatch(r"\s*\d+(\s*,\s*\d+)+\s*", v):
            most = max(most, len(v.split(",")))
    return most


def _powers(claim: Claim) -> dict[str, int]:
    """The declared cost exponents above 1, by parameter name."""
    return {p.name: p.cost_exponent for p in claim.with_role(Role.SIZE) if p.cost_exponent > 1}


def _largest_block(sizes: dict[str, int], powers: Mapping[str, int]) -> tuple[int, str]:
    """(E, what it is): the largest of one size, a product of two different sizes, and a size to its power."""
    best = (1, "1")
    items = sorted(sizes.items(), key=lambda kv: -kv[1])
    if items:
        best = max(best, (items[0][1], f"{items[0][0]} = {items[0][1]}"))
    if len(items) >= 2:
        (a, va), (b, vb) = items[0], items[1]
        best = max(best, (va * vb, f"{a}·{b} = {va}·{vb}"))
    for name, k in powers.items():
        if name in sizes:
            sup = str(k).translate(_SUPERSCRIPT)
            best = max(best, (sizes[name] ** k, f"{name}{sup} = {sizes[name]}{sup}"))
    return best


def trials_held(claim: Claim, design: SequentialDesign, values: Mapping[str, Any] | None = None) -> int:
    """The most trials held in memory at once: the most one call of the trial function may get (the largest
    step of the schedule; a conditional claim may ask for a whole look's count again when the premise
    missed), or fewer where the trial function runs a batch in chunks (``claims.spec.in_chunks`` sets its
    ``max_batch``, and ``max_batch_of(values)`` where the chunk depends on the parameters)."""
    if counts_premise(claim):
        batch = design.max_trials
    else:
        batch = max(b - a for a, b in zip((0, *design.schedule), design.schedule, strict=False))
    chunk = getattr(claim.trial, "max_batch", None)
    of = getattr(claim.trial, "max_batch_of", None)
    if of is not None and values is not None:
        chunk = of(values) if chunk is None else min(chunk, of(values))
    return batch if chunk is None else min(batch, chunk)


@dataclass(frozen=True)
class Estimate:
    """Peak memory and work of one check, and the limits it was held against."""

    elements_per_trial: int
    basis: str  # what set the per-trial size, e.g. "n² = 5000²" or "the record's cost hook"
    batch: int
    trials: int
    itemsize: int
    flops_per_trial: float
    steps: int  # sequential steps of one batch (iterations × layers)
    batches: int
    limit_bytes: int
    limit_flops: float = DEFAULT_MAX_WORK
    #: the hook's answer without the instance, a lower bound, kept because it is already above a limit
    lower_bound: bool = False
    #: the copies of the largest shape a trial holds: SAFETY, or 1 where the hook counted them (Cost.every_copy)
    copies: int = SAFETY
    #: bytes a batch holds once whatever its size (:class:`Cost`): a chunked draw's budget
    shared_bytes: int = 0

    @property
    def bytes_per_trial(self) -> int:
        return self.elements_per_trial * self.itemsize * self.copies

    @property
    def peak_bytes(self) -> int:
        return self.batch * self.bytes_per_trial + self.shared_bytes + self.trials * TABLE_BYTES

    @property
    def flops(self) -> float:
        """The work: every trial's flops and every batch's sequential steps at ``STEP_FLOPS`` each."""
        return self.flops_per_trial * self.trials + self.batches * self.steps * STEP_FLOPS

    @property
    def fits(self) -> bool:
        return self.peak_bytes <= self.limit_bytes

    @property
    def fits_work(self) -> bool:
        return self.flops <= self.limit_flops

    @property
    def at_least(self) -> str:
        return "at least " if self.lower_bound else ""

    def describe_work(self) -> str:
        return (
            f"work {self.at_least}{self.flops:.2g} flops ({self.flops_per_trial:.2g} per trial × at most "
            f"{self.trials} trials + {count_text(self.steps)} sequential steps × {self.batches} batches × "
            f"{STEP_FLOPS:.0e})"
        )

    def describe(self) -> str:
        return (
            f"estimated peak memory {self.at_least}{human_bytes(self.peak_bytes)} ({self.batch} trials per batch × "
            f"{human_bytes(self.bytes_per_trial)} per trial, from {self.basis} elements × {self.itemsize} B × "
            f"{self.copies}{self._shared()}), {self.describe_work()}; limit max_memory = "
            f"{human_bytes(self.limit_bytes)}, max_work = {self.limit_flops:.3g} flops"
        )

    def _shared(self) -> str:
        return f", + {human_bytes(self.shared_bytes)} shared by the batch" if self.shared_bytes else ""

    def to_json(self) -> dict[str, Any]:
        return {
            "peak_bytes": self.peak_bytes,
            "bytes_per_trial": self.bytes_per_trial,
            "batch": self.batch,
            "trials": self.trials,
            "flops": self.flops,
            "flops_per_trial": self.flops_per_trial,
            "sequential_steps": self.steps,
            "batches": self.batches,
            "basis": self.basis,
            "limit_bytes": self.limit_bytes,
            "limit_flops": self.limit_flops,
            "lower_bound": self.lower_bound,
            "copies": self.copies,
            "shared_bytes": self.shared_bytes,
        }


def estimate(
    claim: Claim,
    values: Mapping[str, Any],
    design: SequentialDesign,
    dtype: torch.dtype,
    limit_bytes: int,
    limit_flops: float = DEFAULT_MAX_WORK,
    instance: Instance | None = None,
    device: torch.device | None = None,
) -> Estimate:
    """The run's :class:`Estimate` from its parameters and design (the record's cost hook if it has one; a hook
    that takes the instance is given ``instance`` on ``device``, where one is).

    A hook reads the instance by drawing its data (e.g. H∞, n × n, and its eigensolve for λ0). Its answer
    without the instance is a lower bound of its answer with it (the module docstring), so where that answer is
    already above a limit the run is refused on it (``Estimate.lower_bound``), rather than after reading data as
    large as the run it refuses: du2018a.thm3.2 at n = 20,000 had spent five minutes in λ0's eigensolve before
    its refusal on memory, and as long under --max-work 1e12."""
    sizes = size_parameters(claim, values)
    steps = depth(claim, values) * max(iteration_counts(claim, values).values(), default=1)
    block, basis = _largest_block(sizes, _powers(claim))
    layers = depth(claim, values)
    basis = f"{basis} × {layers} layers" if layers > 1 else basis
    trials, batch = trial_cap(claim, design), trials_held(claim, design, values)
    est = Estimate(
        elements_per_trial=int(block * layers),  # a trial holds each layer's tensors
        basis=basis,
        batch=batch,
        trials=trials,
        itemsize=torch.empty((), dtype=dtype).element_size(),
        flops_per_trial=float(block * max(sizes.values(), default=1) * steps),
        steps=int(steps),
        batches=design.looks * (trials // design.max_trials),
        limit_bytes=int(limit_bytes),
        limit_flops=float(limit_flops),
    )
    if claim.cost is None:
        return est
    bare = _with_hook(est, claim.cost(values))
    if instance is None or not takes_instance(claim.cost):
        return bare
    if not (bare.fits and bare.fits_work):
        return dataclasses.replace(bare, lower_bound=True)
    return _with_hook(est, claim.cost(values, instance, device, dtype))


def _with_hook(est: Estimate, cost: tuple[Any, ...]) -> Estimate:
    """``est`` with a cost hook's :class:`Cost` (or a plain (elements or None, flops per trial[, sequential steps]));
    elements are taken as they are where the hook counted every copy, ``SAFETY`` times otherwise."""
    elements, flops_per_trial, steps, shared, every_copy = Cost(*cost)
    changes = {
        "flops_per_trial": float(flops_per_trial),
        "steps": est.steps if steps is None else int(steps),
        "shared_bytes": int(shared),
    }
    if elements is not None:  # None: the record estimates the work only
        basis = f"the record's cost() = {int(elements)}" + (" (every copy counted)" if every_copy else "")
        changes |= {"elements_per_trial": int(elements), "basis": basis, "copies": 1 if every_copy else SAFETY}
    return dataclasses.replace(est, **changes)


def takes_instance(cost) -> bool:
    """Whether a cost hook takes the run's instance (``cost(params, instance, device, dtype)``)."""
    return len(inspect.signature(cost).parameters) > 1


def _round_up(x: float) -> float:
    """``x`` rounded up to two significant digits (a limit that admits it)."""
    unit = 10.0 ** (math.floor(math.log10(x)) - 1)
    return math.ceil(x / unit * (1 - 1e-12)) * unit


def require_fits(est: Estimate) -> Estimate:
    """Refuse (:class:`ResourceLimitError`, one line with the estimate and the limit) a run that does not fit
    in memory, or whose work exceeds the work limit (with a value of ``--max-work`` that would admit it)."""
    if not est.fits:
        raise ResourceLimitError(
            f"max_memory: refused before the first trial: {est.describe()}; lower the sizes or --trials, "
            "or raise --max-memory"
        )
    if not est.fits_work:
        # an estimate past MOST_WORK (a capped step count; a horizon near 1e308) has no --max-work that admits it
        can = math.isfinite(est.flops) and _round_up(est.flops) <= MOST_WORK
        at = "to at least" if est.lower_bound else "e.g."  # a lower bound: the run's own estimate may be larger
        lift = f"raise --max-work ({at} --max-work {_round_up(est.flops):.2g})" if can else ""
        raise ResourceLimitError(
            f"max_work: refused before the first trial: estimated {est.describe_work()}, above max_work = "
            f"{est.limit_flops:.3g} flops; lower the sizes, the steps or --trials" + (f", or {lift}" if lift else "")
        )
    return est
