"""Resolution as a measurement: how far a statement's constant can be strengthened before the suite refutes it.

For each constant of a statement (a :class:`claims.spec.Param` with ``stronger`` set) the statement is
perturbed in the stronger direction — multiplied (or divided) by a factor f > 1, or, for an exponent, shifted by
s > 0 — and checked at one instance. A single seed's bisection prints a coin flip near the boundary (the
verdict there is random), so one constant is measured in three stages, as a detection threshold is:

1. **bracket** on the bracket seed: the moderate amount, then outward (square the factor, double the shift) to
   the first REFUTED or the cap MAX_FACTOR / MAX_SHIFT, then ``steps`` bisection probes;
2. **grid** around the bracket: ``grid`` amounts, each checked on every grid seed (independent of the
   bracket seed), and P(REFUTED) fitted against the amount (:func:`claims.engine.threshold.fit_threshold`);
3. **refine**, up to ``rounds`` times: where the probes do not straddle the threshold, or its interval is open
   on one side, the grid is extended on that side.

A constant never refuted at the cap on any seed is classified by the verdicts there: *loose* (SUPPORTED: the
statement strengthened that far still holds at this instance; the worst margin is shown) or *blind* (the design
could not decide: the reason is shown). Each probe is an independent check at the run's full α.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from claims.engine.threshold import fit_threshold
from claims.spec import Claim, Kind, Param, Role, Verdict
from models.checks import InvalidInputError

#: the moderate perturbations the suite aims to resolve: a factor 1.5 on a constant, 0.15 on an exponent
MODERATE_FACTOR = 1.5
MODERATE_SHIFT = 0.15
#: the largest perturbation tried: beyond it a constant is "not refuted up to" this
MAX_FACTOR = 16.0
MAX_SHIFT = 2.0
#: the narrowest half-span of a grid in x (log factor, or shift): below it seeds, not amounts, decide
MIN_HALF_SPAN = {False: math.log(1.1), True: 0.03}


def constants(claim: Claim) -> tuple[Param, ...]:
    """The statement's constants: the parameters whose role is constant (each with its stronger direction)."""
    return tuple(p for p in claim.with_role(Role.CONSTANT) if p.default is not None)


def is_additive(claim: Claim, param: Param) -> bool:
    """A constant that declares itself an exponent (``Param.exponent``; the record checks that a scaling
    claim's exponent parameter does) is shifted; any other is scaled."""
    return param.exponent


def perturbed_value(claim: Claim, param: Param, amount: float, base: Any = None, weaker: bool = False) -> Any:
    """The constant moved by ``amount`` (a factor ≥ 1, or a shift ≥ 0) in its stronger direction, or with
    ``weaker`` in the opposite one, which only a one-sided constant has (``Param.two_sided``: none)."""
    if weaker and param.two_sided:
        raise ValueError(f"{claim.id}: constant {param.name} is two-sided: no move of it is a weaker statement")
    value = param.default if base is None else base
    sign = (1 if param.stronger == "up" else -1) * (-1 if weaker else 1)
    if is_additive(claim, param):
        out = value + sign * amount
    elif sign > 0:
        out = value * amount
    else:
        out = value / amount
    if param.type is int:
        out = max(int(math.ceil(out) if sign > 0 else math.floor(out)), 1)
    return param.validate(out)


@dataclass(frozen=True)
class Probe:
    """One check of the perturbed statement: the amount, the constant's value there, the seed and what it gave."""

    amount: float
    value: Any
    seed: int
    verdict: str  # a Verdict's value, or "ERROR" (then ``reason`` says what; never counted in the fit)
    worst_margin: float | None = None
    reason: str = ""
    wall_s: float = 0.0
    stage: str = "grid"

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class Measurement:
    """The measurement of one constant (module docstring): ask :meth:`requests` for the probes to run next,
    hand each result to :meth:`record`; :attr:`done` when nothing more is asked."""

    claim: Claim
    param: Param
    instance: Mapping[str, Any]
    profile: str
    bracket_seed: int = 0
    seeds: tuple[int, ...] = (1, 2, 3, 4)
    grid: int = 5
    steps: int = 2
    rounds: int = 2
    probes: list[Probe] = field(default_factory=list)
    stage: str = "bracket"
    domain_edge: bool = False
    _lo: float = 0.0
    _hi: float | None = None
    _bisected: int = 0
    _rounds_done: int = 0
    _grid_x: list[float] = field(default_factory=list)

    def __post_init__(self):
        self.additive = is_additive(self.claim, self.param)
        self.base = self.claim.resolve(self.instance).get(self.param.name)
        self._lo = 0.0 if self.additive else 1.0
        self._queue: list[tuple[float, int, str]] = [(self.moderate, self.bracket_seed, "bracket")]
        self._asked: set[tuple[float, int]] = set()
        if self.value(self.moderate) is None:  # not even the moderate amount is in the parameter's domain
            self._queue, self.domain_edge, self.stage = [], True, "done"

    @property
    def moderate(self) -> float:
        return MODERATE_SHIFT if self.additive else MODERATE_FACTOR

    @property
    def cap(self) -> float:
        return MAX_SHIFT if self.additive else MAX_FACTOR

    @property
    def done(self) -> bool:
        return self.stage == "done"

    def _x(self, amount: float) -> float:
        return amount if self.additive else math.log(amount)

    def _amount(self, x: float) -> float:
        return round(x if self.additive else math.exp(x), 6)

    def value(self, amount: float) -> Any | None:
        """The constant's value at ``amount``, or None beyond its domain (no stronger statement there)."""
        try:
            return perturbed_value(self.claim, self.param, amount, self.base)
        except InvalidInputError:
            return None

    def requests(self) -> list[tuple[float, Any, int, str]]:
        """Probes to run now, (amount, value, seed, stage), each asked once; empty while waiting or when done."""
        out = []
        for amount, seed, stage in self._queue:
            if (amount, seed) not in self._asked:
                self._asked.add((amount, seed))
                out.append((amount, self.value(amount), seed, stage))
        self._queue = []
        return out

    def rejects(self, probe: Probe) -> bool:
        """The suite rejected the strengthened statement: REFUTED, or for an exists claim (never refuted)
        INCONCLUSIVE, no witness surviving verification (the verdict its mutants expect)."""
        if self.claim.kind is Kind.EXISTS:
            return probe.verdict == Verdict.INCONCLUSIVE.value
        return probe.verdict == Verdict.REFUTED.value

    def _waiting(self) -> bool:
        return len(self._asked) > len(self.probes)

    def record(self, probe: Probe) -> None:
        self.probes.append(probe)
        if self._waiting():
            return
        {"bracket": lambda: self._bracket(probe), "cap": self._after_cap, "grid": self._after_grid}[self.stage]()

    def _bracket(self, probe: Probe) -> None:
        """Outward on the bracket seed to the first REFUTED (or the cap), then ``steps`` bisection probes."""
        refuted = self.rejects(probe)
        outward = self._hi is None
        if refuted:
            self._hi = probe.amount
        else:
            self._lo = probe.amount
        if outward and not refuted:
            if probe.amount >= self.cap:  # not refuted at the cap on this seed: check the cap on every seed
                self.stage = "cap"
                self._queue += [(self.cap, s, "cap") for s in self.seeds]
                return
            nxt = min(self.cap, 2 * self._lo if self.additive else self._lo**2)
            if self.value(nxt) is None:  # no stronger statement in the parameter's domain
                self.domain_edge, self.stage = True, "done"
                return
            self._queue.append((nxt, self.bracket_seed, "bracket"))
            return
        gap = abs(self._x(self._hi) - self._x(self._lo))
        if self._bisected < self.steps and gap > MIN_HALF_SPAN[self.additive]:
            self._bisected += 1
            mid = self._amount((self._x(self._lo) + self._x(self._hi)) / 2)
            self._queue.append((mid, self.bracket_seed, "bracket"))
            return
        self._start_grid()

    def _after_cap(self) -> None:
        if any(self.rejects(p) for p in self.probes if p.stage == "cap"):
            self._hi = self.cap
            self._start_grid()
        else:
            self.stage = "done"

    def _start_grid(self) -> None:
        """``grid`` amounts spanning 1.5× the bracket (at least MIN_HALF_SPAN each side of its middle)."""
        lo, hi = self._x(self._lo), self._x(self._hi)
        center, half = (lo + hi) / 2, max((hi - lo) / 2 * 1.5, MIN_HALF_SPAN[self.additive])
        step = 2 * half / max(self.grid - 1, 1)
        self._ask_grid([center - half + i * step for i in range(self.grid)])

    def _ask_grid(self, xs: list[float]) -> None:
        """Every grid seed at each amount of ``xs`` that makes the statement stronger, up to the cap."""
        self.stage = "grid"
        for x in xs:
            if not 0 < x <= self._x(self.cap) + 1e-12:
                continue
            a = self._amount(x)
            if self.value(a) is None:
                self.domain_edge = True
                continue
            self._grid_x.append(x)
            self._queue += [(a, s, "grid") for s in self.seeds if (a, s) not in self._asked]
        if not self._queue:
            self.stage = "done"

    def _after_grid(self) -> None:
        """Extend the grid where the probes do not bound the threshold, at most ``rounds`` times."""
        fit = self.fit()
        if fit is None or self._rounds_done >= self.rounds:
            self.stage = "done"
            return
        xs = sorted(self._grid_x)
        width = max(self.grid // 2, 2)
        step = max(xs[-1] - xs[0], MIN_HALF_SPAN[self.additive]) / width  # each extension doubles the span
        more = []
        if fit.status == "all_refuted" or (fit.status == "fitted" and fit.threshold_ci[0] is None):
            more += [xs[0] - (i + 1) * step for i in range(width)]
        if fit.status == "none_refuted" or (fit.status == "fitted" and fit.threshold_ci[1] is None):
            more += [xs[-1] + (i + 1) * step for i in range(width)]
        self._rounds_done += 1
        if more:
            self._ask_grid(more)
        else:
            self.stage = "done"

    def fit(self):
        """The psychometric fit of the grid and cap probes (the bracket seed's probes are not independent of
        each other, so they only place the grid), or None with fewer than two distinct amounts."""
        usable = [p for p in self.probes if p.stage in ("grid", "cap") and p.verdict != "ERROR"]
        if len({p.amount for p in usable}) < 2:
            return None
        return fit_threshold([p.amount for p in usable], [self.rejects(p) for p in usable], additive=self.additive)

    def finding(self) -> str:
        """measured (a fitted threshold), tight (refuted at every amount of the grid down to its lowest: the
        threshold lies below it, the statement's constant is attained here), loose or blind (never refuted at the
        cap: SUPPORTED there, or not decidable), domain_edge, beyond_probes (the grid did not straddle the
        threshold), or running."""
        if not self.done:
            return "running"
        fit = self.fit()
        if fit is not None and fit.status == "fitted":
            return "measured"
        refuted = [p for p in self.probes if self.rejects(p)]
        if not refuted:
            if self.domain_edge:
                return "domain_edge"
            at_cap = [p.verdict for p in self.probes if p.amount >= self.cap]
            return "loose" if at_cap and all(v == Verdict.SUPPORTED.value for v in at_cap) else "blind"
        if fit is not None and fit.status == "all_refuted":  # down to the grid's lowest stronger amount
            return "tight"
        return "beyond_probes"

    def as_dict(self) -> dict[str, Any]:
        """The row of resolution.json."""
        fit = self.fit()
        finding = self.finding()
        fitted = fit is not None and fit.status == "fitted"
        transition_hi = fit.transition_ci[1] if fitted else None
        # the aim: shown (even the interval's upper end within it), by the point estimate only, or missed
        aim_status = "missed"
        if fitted and fit.transition <= self.moderate + 1e-12:
            aim_status = "shown" if transition_hi is not None and transition_hi <= self.moderate + 1e-12 else "point"
        elif finding == "tight":
            aim_status = "shown"
        return {
            "claim": self.claim.id,
            "param": self.param.name,
            "additive": self.additive,
            "default": self.base,
            "instance": dict(self.instance),
            "profile": self.profile,
            "bracket_seed": self.bracket_seed,
            "seeds": list(self.seeds),
            "finding": finding,
            "fit": None if fit is None else fit.as_dict(),
            "aim": self.moderate,
            # the suite resolves the moderate amount when even the upper end of the transition's interval is
            # within it: a statement strengthened by the aim goes from rarely to almost always refuted
            "meets_aim": aim_status == "shown",
            "aim_status": aim_status,
            "domain_edge": self.domain_edge,
            "probes": [p.as_dict() for p in self.probes],
            "wall_s": round(sum(p.wall_s for p in self.probes), 1),
        }


if __name__ == "__main__":  # the command line moved above the registry, to claims.tools (the engine imports no tool)
    import sys

    tool = __spec__.name.replace("claims.engine.", "claims.tools.")
    print(f"python -m {__spec__.name} has moved: run python -m {tool} (the same options)", file=sys.stderr)
    sys.exit(64)
