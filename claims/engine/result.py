"""What a check of one claim on one instance found: the record behind ``python -m claims check --json``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from claims.spec import Kind, Verdict


@dataclass(frozen=True)
class Result:
    """What a check of one claim on one instance found (the JSON of ``python -m claims check --json``)."""

    id: str
    verdict: Verdict
    kind: Kind
    trials: int
    failures: int
    premise_held: int
    undecided: int
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
    #: the theorem's premises that this instance leaves unmet (Claim.premises), one sentence each
    premises_unmet: tuple[str, ...] = ()

    PUBLIC_KEYS = (
        "id",
        "verdict",
        "kind",
        "trials",
        "failures",
        "premise_held",
        "undecided",
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

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Result:
        """The inverse of :meth:`to_json` (``full=True``), for re-rendering a report from results.json."""
        names = cls.__dataclass_fields__
        kw = {k: v for k, v in data.items() if k in names}
        kw["verdict"], kw["kind"] = Verdict(data["verdict"]), Kind(data["kind"])
        kw["failure_rate_ci"] = tuple(data["failure_rate_ci"])
        kw["margins"] = tuple(data.get("margins", ()))
        kw["premises_unmet"] = tuple(data.get("premises_unmet", ()))
        kw.setdefault("undecided", 0)
        return cls(**kw)

    def to_json(self, full: bool = False) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.PUBLIC_KEYS}
        out["verdict"], out["kind"] = self.verdict.value, self.kind.value
        out["failure_rate_ci"] = list(self.failure_rate_ci)
        out.update(mutant=self.mutant, reason=self.reason, design=self.design, extras=self.extras)
        out["premises_unmet"] = list(self.premises_unmet)
        if full:
            out["margins"] = list(self.margins)
        return out
