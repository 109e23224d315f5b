"""What a claim is: its record (Claim), parameters, mutants, source, kind, and the relation of a scaling claim.

A claim is a frozen record (like an entry of SciPy's ``distcont`` list): its statement, its parameters with
defaults (every constant of the statement is one, so a mutant is a parameter override), a strategy that
draws instances for Hypothesis, a batched trial function, and named mutants. Adding a theorem is adding one
record and one trial function; the runner never changes.
"""

from __future__ import annotations

import dataclasses
import enum
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import torch

from claims.spec.kinds import Kind, Relation, Verdict
from claims.spec.outcome import Outcome
from claims.spec.profiles import PROFILES, ByProfile
from claims.spec.seeding import Instance
from models.checks import InvalidInputError


class Role(str, enum.Enum):
    """What a parameter is to the engine, declared on its :class:`Param` (the engine names no parameter).

    size: a tensor dimension (an integer, or a comma-separated string of integers such as ``dims = "4,3,3"``,
    entry by entry): memory and work grow with it, a trial holding tensors of up to size^cost_exponent elements
    (``claims.engine.resources``); iterations: an iteration count (GD steps, epochs), which multiplies a trial's
    work and not its memory; trials: the number of trials or measurements the design draws (a scaling or exists
    claim's ``trials``); constant: a constant of the statement, with the direction that makes the statement
    stronger (``Param.stronger``) and whether it is an exponent (shifted, not scaled, by the resolution tool).
    A parameter with no role (None: a flag, a choice, a tolerance, a cap on a search) is none of these.
    """

    SIZE = "size"
    ITERATIONS = "iterations"
    TRIALS = "trials"
    CONSTANT = "constant"


@dataclass(frozen=True)
class Source:
    paper: str
    theorem: str
    seed: str
    arxiv: str = ""

    def __str__(self) -> str:
        return f"{self.paper}, {self.theorem}"


@dataclass(frozen=True)
class Param:
    """A named constant or size of a statement. ``choices`` or ``minimum``/``open_unit`` validate it; ``role``
    (:class:`Role`) says what it is to the engine (a constant's role is implied by ``stronger``)."""

    name: str
    default: Any
    doc: str
    type: type = float
    choices: tuple = ()
    minimum: float | None = None
    open_unit: bool = False
    #: the largest value the trial can take (e.g. a scale whose generated data would overflow above it)
    maximum: float | None = None
    optional: bool = False  # None is allowed (and means what ``doc`` says)
    #: for a constant of the statement: "up" or "down", the direction in which moving it makes the statement
    #: stronger (and eventually false); the resolution bisection perturbs the constant that way
    stronger: str | None = None
    role: Role | None = None
    #: for a size: the power of it in the number of elements of a trial's largest tensor (2 for the number of
    #: data points n, since kernel and Gram matrices are n×n; 1 for a dimension that enters a tensor once)
    cost_exponent: int = 1
    #: for a constant: True where it is an exponent (the resolution tool shifts it instead of scaling it)
    exponent: bool = False
    #: for a constant: why moving it by the default tests' factor (2, or 0.5 in an exponent) is not refuted
    #: at the claim's defaults, as measured (the theorem's constant is loose there); empty: it is refuted
    loose: str = ""
    #: for a constant: True where moving it either way makes the statement false (an identity's exact value, a
    #: two-sided exponent, or a constant that enters two conclusions in opposite senses), so no move of it is a
    #: weaker statement; ``stronger`` then names the side that the resolution tool perturbs
    two_sided: bool = False
    #: ``(name, values)``: this parameter is read only while parameter ``name`` is one of ``values`` (a
    #: geometry's own noise scale, perturbed GD's radius); set away from its default otherwise, it would change
    #: nothing while the instance line showed it, so the runner refuses it (:meth:`Claim.unread`)
    read_with: tuple[str, tuple[Any, ...]] | None = None

    def __post_init__(self):
        if self.stronger not in (None, "up", "down"):
            raise ValueError(f"parameter {self.name}: stronger must be None, 'up' or 'down', got {self.stronger!r}")
        role = Role(self.role) if self.role is not None else (Role.CONSTANT if self.stronger else None)
        object.__setattr__(self, "role", role)
        if self.stronger and role is not Role.CONSTANT:
            raise ValueError(f"parameter {self.name}: a parameter with a stronger direction is a constant, not {role}")
        if (self.exponent or self.loose or self.two_sided) and role is not Role.CONSTANT:
            raise ValueError(
                f"parameter {self.name}: only a constant (with stronger set) is an exponent, loose or two-sided"
            )
        if self.cost_exponent != 1 and role is not Role.SIZE:
            raise ValueError(f"parameter {self.name}: only a size has a cost exponent, got {self.cost_exponent}")

    def parse(self, text: str) -> Any:
        """Convert a command-line string to this parameter's type, then validate it."""
        if self.optional and text.lower() in ("none", "literal", ""):
            return self.validate(None)
        try:
            if self.type is bool:
                if text.lower() not in ("true", "false", "1", "0"):
                    raise ValueError
                value = text.lower() in ("true", "1")
            elif self.type is int:
                value = int(float(text)) if float(text).is_integer() else int(text)
            else:
                value = self.type(text)
        except ValueError:
            raise InvalidInputError(
                f"parameter {self.name} must be of type {self.type.__name__}, got {text!r}"
            ) from None
        return self.validate(value)

    def validate(self, value: Any) -> Any:
        if value is None:
            if self.optional:
                return None
            raise InvalidInputError(f"parameter {self.name} must not be None")
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if self.type is int and isinstance(value, float) and value.is_integer():
            value = int(value)
        if not isinstance(value, self.type) or (self.type is not bool and isinstance(value, bool)):
            raise InvalidInputError(f"parameter {self.name} must be of type {self.type.__name__}, got {value!r}")
        if self.type is float and not math.isfinite(value):
            raise InvalidInputError(f"parameter {self.name} must be finite, got {value!r}")
        if self.choices and value not in self.choices:
            raise InvalidInputError(
                f"parameter {self.name} must be one of {', '.join(map(str, self.choices))}; got {value!r}"
            )
        if self.minimum is not None and value < self.minimum:
            raise InvalidInputError(f"parameter {self.name} must be >= {self.minimum}, got {value!r}")
        if self.maximum is not None and value > self.maximum:
            raise InvalidInputError(f"parameter {self.name} must be <= {self.maximum}, got {value!r}")
        if self.open_unit and not 0 < value < 1:
            raise InvalidInputError(f"parameter {self.name} must be in (0, 1), got {value!r}")
        return value


def refusal(check: Callable[[], Any]) -> list[str]:
    """``[message]`` where ``check()`` raises InvalidInputError, else ``[]``: a model's own validation (a
    dims string's parse, a size check) as a record's ``constraints``, so that it refuses before any trial."""
    try:
        check()
    except InvalidInputError as exc:
        return [str(exc)]
    return []


def require(violations: Sequence[str]) -> None:
    """Raise InvalidInputError with the first of a record's ``constraints`` sentences, if any: a trial called
    directly (not through the runner, which refuses them first) refuses the same inputs with the same words."""
    for violated in violations:
        raise InvalidInputError(violated)


def loose(params: Sequence[Param], **reasons: str) -> tuple[Param, ...]:
    """``params`` with the named constants marked loose (:attr:`Param.loose`, the measured reason), for a record
    whose parameters come from a shared builder."""
    unknown = set(reasons) - {p.name for p in params}
    if unknown:
        raise ValueError(f"loose: no parameter {', '.join(sorted(unknown))} among {[p.name for p in params]}")
    return tuple(dataclasses.replace(p, loose=reasons[p.name]) if p.name in reasons else p for p in params)


@dataclass(frozen=True)
class Mutant:
    """The statement with one constant or hypothesis changed so that it is false; the suite must refute it.

    ``expected`` is REFUTED except for an *exists* claim, which is never refuted: there the mutant states a
    property that its witnesses must fail, and the suite must end INCONCLUSIVE (no witness survives
    verification) instead of SUPPORTED.
    """

    name: str
    overrides: Mapping[str, Any]
    doc: str
    expected: Verdict = Verdict.REFUTED


Trial = Callable[[Instance, torch.Generator, torch.device, torch.dtype, int], Outcome]


@dataclass(frozen=True)
class Claim:
    """One theorem, lemma or finding of CLAIMS.md, as data.

    ``trial(instance, generator, device, dtype, batch)`` runs ``batch`` independent trials at once and returns
    an :class:`Outcome`. ``strategy(profile)`` is a Hypothesis strategy of parameter overrides (sizes,
    geometry) for the given profile; the seed is drawn separately; ``max_examples`` caps the Hypothesis
    examples per profile for a claim whose trials are costly (the α budget is split over the examples run).
    ``report_instances`` maps a profile to the parameter overrides the report runs. ``delta_param`` names
    the parameter that is the claim's δ (whp);
    ``width_param`` the width that an empirical-width sweep varies (``claims.engine.sweep``);
    ``exponent_param`` the theory's exponent b in value ∝ size^b (scaling: each trial's details carry
    ``size`` and ``value``; a trial may pass log d as ``size`` to test polylog growth). With
    ``exponent_relation`` (:class:`Relation`) "equal" the fitted exponent's interval must hold b, exclude 0 and
    lie within b ± ``exponent_margin`` (an equivalence test: an interval too wide to tell b from b ± margin is
    INCONCLUSIVE, never SUPPORTED);
    with "at_most" it must lie below b (REFUTED when it lies above); with "at_least" (a lower bound on the
    growth, e.g. a trial passing a^d as ``size`` to test growth at least a^{b·d}) it must lie above b (REFUTED
    when it lies below). An exists claim's trial passes when it found a witness *and* the witness was verified
    independently.

    Test data on the record (as PyTorch's OpInfo keeps it): ``slow`` marks the claim's tests slow,
    ``float32_skip`` is the reason float32 cannot decide the claim (its tests skip float32, and a
    float32 run that ends INCONCLUSIVE quotes it; None: float32 decides it), ``max_shrinks`` = 0 turns off
    Hypothesis' shrink phase where trials are costly (None: Hypothesis' own limit). ``derived`` says what in
    the claim was derived here rather than taken from the paper (shipped by ``python -m claims list --markdown``).
    ``cost(params) -> (elements_per_trial, flops_per_trial[, sequential_steps])`` replaces the engine's generic
    memory and work estimate (claims.engine.resources) for a trial that knows better, e.g. one that chunks a
    wide dimension, or whose step count or sample count follows from constants (elements None keeps the
    generic memory rule; sequential_steps, the steps of a batch that cannot be vectorised, defaults to the
    rule's layers × iterations). A hook whose count follows from the drawn data (a horizon over λ0 of the
    instance's X) is written ``cost(params, instance, device, dtype)`` and is given the run's instance before
    the first trial.
    ``premises(instance, device, dtype) -> sentences`` names each premise of the theorem that the instance's
    values leave unmet (a width below the stated or derived one, a step above it, an Ω(·)/O(·) whose constant
    the paper leaves open), one sentence each, e.g. "m = 500 is below Lemma 3.1's m₁ = 3.1e6"; empty when
    every premise holds. The runner calls it once before the trials: the result then says that the statement
    tested is the conclusion at that size, so a REFUTED there does not contradict the theorem.
    """

    id: str
    title: str
    source: Source
    statement: str
    kind: Kind
    params: tuple[Param, ...]
    trial: Trial
    strategy: Callable[[str], Any]
    mutants: tuple[Mutant, ...]
    report_instances: ByProfile
    delta_param: str | None = None
    width_param: str | None = None
    max_examples: ByProfile | None = None
    exponent_param: str | None = None
    exponent_relation: Relation = Relation.EQUAL
    exponent_margin: float = 0.15
    notes: str = ""
    derived: str = ""
    slow: bool = False
    float32_skip: str | None = None
    max_shrinks: int | None = None
    cost: Callable[..., tuple[Any, ...]] | None = None
    premises: Callable[[Instance, torch.device, torch.dtype], Sequence[str]] | None = None
    #: ``constraints(values) -> sentences``: the domain of parameters that depend on each other (a rank above
    #: the dimensions, a size the data cannot have), one sentence per violation naming the parameters and
    #: values; the runner refuses the first with InvalidInputError before any trial. Empty: the values fit.
    constraints: Callable[[Mapping[str, Any]], Sequence[str]] | None = None
    #: the statement, as its source gives it, is false and the suite shows it (a finding, not a defect): why,
    #: in one sentence. Its tests expect REFUTED, the report says so, and it needs no mutant: it is itself the
    #: false statement that the suite must refute.
    false_as_stated: str = ""
    #: scaling: what the fit's two axes measure, each with its unit or scale, e.g. ("width m", "‖H(0) − H∞‖₂"):
    #: the report's figure names its axes with them (every catalogue scaling claim does: tests/records)
    scaling_axes: tuple[str, str] | None = None
    #: what an undecided trial of this claim means, in words ("the run could not tell whether GD reached the
    #: rate within its horizon"): a result that ends INCONCLUSIVE on undecided trials says it
    undecided_means: str = ""
    #: exists: what a search that found no witness leaves open, in words, with the parameter that searches
    #: harder ("GD's steps left every start short of criticality: --set steps=N"); the result quotes it
    no_witness_means: str = ""
    #: conditional: what a trial outside the premise is, in words, with what brings more trials inside it
    #: ("GD's end point was not yet critical: --set steps=N"); a VACUOUS result quotes it
    premise_means: str = ""

    def __post_init__(self):
        object.__setattr__(self, "exponent_relation", Relation(self.exponent_relation))
        if not isinstance(self.report_instances, ByProfile):
            object.__setattr__(self, "report_instances", ByProfile(**dict(self.report_instances)))
        if isinstance(self.max_examples, Mapping):
            caps = dict(self.max_examples)
            object.__setattr__(self, "max_examples", ByProfile(*(caps.get(p) for p in PROFILES)))
        for m in self.mutants:
            if (m.expected is Verdict.REFUTED) == (self.kind is Kind.EXISTS):
                raise ValueError(
                    f"{self.id}: mutant {m.name} of a {self.kind.value} claim must expect "
                    f"{'INCONCLUSIVE' if self.kind is Kind.EXISTS else 'REFUTED'}"
                )
            for name, value in m.overrides.items():  # a mutant's overrides are validated like --set
                self.param(name).validate(value)
        for name in (self.delta_param, self.width_param, self.exponent_param):
            if name is not None:
                self.param(name)
        for p in self.params:
            if p.read_with is not None:
                for value in p.read_with[1]:
                    self.param(p.read_with[0]).validate(value)
        if self.exponent_param is not None:
            p = self.param(self.exponent_param)
            if p.role is Role.CONSTANT and not p.exponent:
                raise ValueError(f"{self.id}: the theory's exponent {p.name} is a constant: declare exponent=True")

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        names = ", ".join(p.name for p in self.params)
        raise InvalidInputError(f"claim {self.id} has no parameter {name!r}; its parameters are: {names}")

    def with_role(self, role: Role) -> tuple[Param, ...]:
        """The parameters that declare ``role``, in the record's order."""
        return tuple(p for p in self.params if p.role is role)

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def resolve(self, overrides: Mapping[str, Any] | None = None, mutant: str | None = None) -> dict[str, Any]:
        """Defaults, then a mutant's overrides, then ``overrides``; each value validated."""
        values = self.defaults()
        if mutant is not None:
            values.update({k: self.param(k).validate(v) for k, v in self.mutant(mutant).overrides.items()})
        for name, value in (overrides or {}).items():
            values[name] = self.param(name).validate(value)
        return values

    def unread(self, values: Mapping[str, Any]) -> list[str]:
        """One sentence per parameter set away from its default where its :attr:`Param.read_with` condition
        does not hold (it would be read by no trial), naming the parameter, the condition and the setting."""
        out = []
        for p in self.params:
            if p.read_with is None or values[p.name] == p.default:
                continue
            key, allowed = p.read_with
            if values[key] not in allowed:
                need = " or ".join(f"{key}={v}" for v in allowed)
                out.append(
                    f"parameter {p.name} is read only with {need}, got {key}={values[key]!r}: add --set "
                    f"{key}={allowed[0]}"
                )
        return out

    def mutant(self, name: str) -> Mutant:
        for m in self.mutants:
            if m.name == name:
                return m
        names = ", ".join(m.name for m in self.mutants) or "(none)"
        raise InvalidInputError(f"claim {self.id} has no mutant {name!r}; its mutants are: {names}")

    def describe(self) -> dict[str, Any]:
        """The fields of ``python -m claims list --json``."""
        return {
            "id": self.id,
            "title": self.title,
            "source": {
                "paper": self.source.paper,
                "theorem": self.source.theorem,
                "seed": self.source.seed,
                "arxiv": self.source.arxiv,
            },
            "kind": self.kind.value,
            "statement": self.statement,
            "parameters": {p.name: {"default": p.default, "doc": p.doc} for p in self.params},
            "mutants": [m.name for m in self.mutants],
            **({"false_as_stated": self.false_as_stated} if self.false_as_stated else {}),
        }

    @property
    def expected(self) -> Verdict:
        """The verdict the suite must reach on this claim at its defaults and report instances."""
        return Verdict.REFUTED if self.false_as_stated else Verdict.SUPPORTED

    def examples(self, profile: str, default: int) -> int:
        """Hypothesis examples in ``profile``: ``default``, capped by the record's own ``max_examples``."""
        cap = self.max_examples[profile] if self.max_examples is not None else None
        return default if cap is None else min(default, cap)
