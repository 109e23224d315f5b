"""The data model of a claim: records, outcomes of trials, verdicts and results.

A claim is a frozen record (like an entry of SciPy's ``distcont`` list): its statement, its parameters with
defaults (every constant of the statement is one, so a mutant is a parameter override), a strategy that
draws instances for Hypothesis, a batched trial function, and named mutants. Adding a theorem is adding one
record and one trial function; the runner never changes.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from models.checks import InvalidInputError


class Kind(str, enum.Enum):
    """How a verdict is reached (CLAIMS.md, "Kinds of claim")."""

    FORALL = "forall"
    WHP = "whp"
    CONDITIONAL = "conditional"
    SCALING = "scaling"
    EXISTS = "exists"


class Verdict(str, enum.Enum):
    SUPPORTED = "SUPPORTED"
    REFUTED = "REFUTED"
    INCONCLUSIVE = "INCONCLUSIVE"
    VACUOUS = "VACUOUS"


class Infeasible(Exception):
    """The instance cannot be run here (e.g. the literal width does not fit); the message says what it asks for."""


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
    """A named constant or size of a statement. ``choices`` or ``minimum``/``open_unit`` validate it."""

    name: str
    default: Any
    doc: str
    type: type = float
    choices: tuple = ()
    minimum: float | None = None
    open_unit: bool = False
    optional: bool = False  # None is allowed (and means what ``doc`` says)

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
        if self.open_unit and not 0 < value < 1:
            raise InvalidInputError(f"parameter {self.name} must be in (0, 1), got {value!r}")
        return value


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


@dataclass(frozen=True)
class Instance:
    """Resolved parameters plus the seed from which every random draw of the instance derives."""

    params: Mapping[str, Any]
    seed: int

    def generator(self, purpose: str, device: str | torch.device) -> torch.Generator:
        """A fresh generator on ``device`` seeded from (seed, purpose): independent streams per purpose."""
        return seeded_generator(self.seed, purpose, device)

    def __getitem__(self, name: str) -> Any:
        return self.params[name]


def derive_seed(seed: int, purpose: str) -> int:
    """A 63-bit seed derived from (seed, purpose) by NumPy's SeedSequence (well mixed, reproducible)."""
    words = [int(seed) & 0xFFFFFFFF, int(seed) >> 32, *purpose.encode()]
    return int(np.random.SeedSequence(words).generate_state(1, np.uint64)[0] >> np.uint64(1))


def seeded_generator(seed: int, purpose: str, device: str | torch.device) -> torch.Generator:
    return torch.Generator(device=torch.device(device)).manual_seed(derive_seed(seed, purpose))


@dataclass(frozen=True)
class Outcome:
    """The outcome of a batch of B trials; every field is a length-B tensor (details: name → length-B tensor).

    ``margin`` is the signed, normalised distance from violation (e.g. 1 − lhs/rhs): positive when the trial
    passed, negative when it failed, so that a claim holding by 1e-9 is visible in the report.
    """

    passed: torch.Tensor
    margin: torch.Tensor
    premise_held: torch.Tensor
    details: Mapping[str, torch.Tensor] = field(default_factory=dict)

    def numpy(self) -> dict[str, np.ndarray]:
        cols = {"passed": self.passed, "margin": self.margin, "premise_held": self.premise_held, **self.details}
        return {
            k: torch.as_tensor(v).detach().to("cpu", torch.float64 if v.is_floating_point() else v.dtype).numpy()
            for k, v in cols.items()
        }


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
    ``exponent_param`` the theory's exponent b in value ∝ size^b (scaling: each trial's details carry
    ``size`` and ``value``; a trial may pass log d as ``size`` to test polylog growth). With
    ``exponent_relation`` "equal" the fitted exponent's interval must hold b and exclude 0; with "at_most" it
    must lie below b (REFUTED when it lies above); with "at_least" (a lower bound on the growth, e.g. a trial
    passing a^d as ``size`` to test growth at least a^{b·d}) it must lie above b (REFUTED when it lies below).
    An exists claim's trial passes when it found a witness *and* the witness was verified independently.
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
    report_instances: Mapping[str, tuple[Mapping[str, Any], ...]]
    delta_param: str | None = None
    max_examples: Mapping[str, int] = field(default_factory=dict)
    exponent_param: str | None = None
    exponent_relation: str = "equal"
    notes: str = ""

    def __post_init__(self):
        if self.exponent_relation not in ("equal", "at_most", "at_least"):
            raise ValueError(f"{self.id}: exponent_relation must be 'equal', 'at_most' or 'at_least'")
        for m in self.mutants:
            if (m.expected is Verdict.REFUTED) == (self.kind is Kind.EXISTS):
                raise ValueError(
                    f"{self.id}: mutant {m.name} of a {self.kind.value} claim must expect "
                    f"{'INCONCLUSIVE' if self.kind is Kind.EXISTS else 'REFUTED'}"
                )

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        names = ", ".join(p.name for p in self.params)
        raise InvalidInputError(f"claim {self.id} has no parameter {name!r}; its parameters are: {names}")

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def resolve(self, overrides: Mapping[str, Any] | None = None, mutant: str | None = None) -> dict[str, Any]:
        """Defaults, then a mutant's overrides, then ``overrides``; each value validated."""
        values = self.defaults()
        if mutant is not None:
            values.update(self.mutant(mutant).overrides)
        for name, value in (overrides or {}).items():
            values[name] = self.param(name).validate(value)
        return values

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
        }


@dataclass(frozen=True)
class Result:
    """What a check of one claim on one instance found (the JSON of ``python -m claims check --json``)."""

    id: str
    verdict: Verdict
    kind: Kind
    trials: int
    failures: int
    premise_held: int
    failure_rate_ci: tuple[float, float]
    delta: float | None
    alpha: float
    worst_margin: float | None
    counterexample: dict[str, Any] | None
    params: dict[str, Any]
    seed: int
    device: str
    dtype: str
    elapsed_s: float
    mutant: str | None = None
    reason: str = ""
    design: dict[str, Any] = field(default_factory=dict)
    margins: tuple[float, ...] = ()
    extras: dict[str, Any] = field(default_factory=dict)

    PUBLIC_KEYS = (
        "id",
        "verdict",
        "kind",
        "trials",
        "failures",
        "premise_held",
        "failure_rate_ci",
        "delta",
        "alpha",
        "worst_margin",
        "counterexample",
        "params",
        "seed",
        "device",
        "dtype",
        "elapsed_s",
    )

    def to_json(self, full: bool = False) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.PUBLIC_KEYS}
        out["verdict"], out["kind"] = self.verdict.value, self.kind.value
        out["failure_rate_ci"] = list(self.failure_rate_ci)
        out.update(mutant=self.mutant, reason=self.reason, design=self.design, extras=self.extras)
        if full:
            out["margins"] = list(self.margins)
        return out
