"""Why a run ended as it did, in words: one code per cause (:class:`Why`) and one sentence per code (:func:`say`).

A result other than SUPPORTED always carries its reason (README, "Reading a verdict"): what happened, with its
counts, said as a reader of a paper's appendix would want it, never an internal code or an estimate of the
run's memory. The runner picks the code (:func:`why_inconclusive`); this module only words it.
"""

from __future__ import annotations

import enum
import math

#: what an undecided trial is, when the claim's record does not say it for its own trials
UNDECIDED_GENERIC = (
    "the trial could not tell whether the conclusion held (an estimate within its numerical tolerance of the "
    "bound, a certificate too loose to prove it, or a run that did not finish within its horizon)"
)


class Why(enum.Enum):
    """The causes of a verdict other than SUPPORTED or REFUTED, and of a scaling verdict (decided by its fit)."""

    #: whp, forall: enough undecided trials that the rate of failed-or-undecided ones cannot be bounded below δ/ε
    UNDECIDED = "undecided"
    #: whp: the design's last look came with the failure count between its two boundaries
    ZONE = "indifference_zone"
    #: whp: the design's trials (--trials N) are too few for any count of failures to support the claim
    NO_POWER = "too_few_to_support"
    #: forall/conditional: no failure, but too few trials (--trials N) to bound the failure rate by ε
    TOO_FEW = "too_few_trials"
    #: conditional: the premise held in too few trials to decide (VACUOUS)
    RARE_PREMISE = "rare_premise"
    #: the instance cannot be run here (e.g. the literal width the theorem asks for)
    INFEASIBLE = "infeasible"
    #: exists: no witness survived independent verification
    NO_WITNESS = "no_witness"
    #: scaling: some measurements could not be made, and a fit without them would be biased
    UNMEASURED = "unmeasured"
    #: scaling: the verdict of the fitted exponent's interval against the theory's exponent
    FIT = "fit"


def _n(x: float) -> str:
    return f"{x:.3g}"


def count_text(k: int) -> str:
    """A count (of trials, of steps): exact up to 10¹⁵, then in three digits (δ = 1e-300 asks for a 300-digit
    number of trials, a capped step count has 31 digits)."""
    return f"{k}" if k < 10**15 else f"{float(k):.3g}"


def _undecided_tail(f: dict) -> str:
    if f.get("decisive"):
        return "too many of them to support the claim"
    verdict = getattr(f.get("verdict"), "value", f.get("verdict"))
    return {
        "SUPPORTED": "supported even so",
        "REFUTED": "refuted by the verified failures alone",
    }.get(verdict, "they did not decide this run")


def say(why: Why, **facts) -> str:
    """The sentence of ``why`` with its facts (the keywords each code's branch reads)."""
    f = facts
    if why is Why.UNDECIDED:
        return (
            f"{f['undecided']} of {f['trials']} trials undecided: {f.get('means') or UNDECIDED_GENERIC}. An "
            "undecided trial counts as a failure against SUPPORTED and never towards REFUTED; " + _undecided_tail(f)
        )
    if why is Why.ZONE:
        return (
            f"{f['failures']} verified failures in {f['trials']} trials, between the design's boundaries at its last "
            f"look ({f['support_at']} or fewer failed-or-undecided trials support, {f['refute_at']} or more "
            f"failures refute): an observed failure rate of {_n(f['failures'] / f['trials'])} is too close to "
            f"δ = {f['delta']:g} to decide at the stated error rates (the indifference zone)"
        )
    if why is Why.NO_POWER:
        return (
            f"{f['trials']} trials are too few to support the claim even without a failure (at false-pass rate "
            f"{_n(f['beta'])} that takes at least {count_text(f['need'])}); {f['failures']} verified failures are "
            f"fewer than the {f['refute_at']} that refute"
        )
    if why is Why.TOO_FEW:
        return (
            f"no failure in {f['trials']} trials: one-sided upper bound on the failure rate {_n(f['bound'])} at "
            f"false-pass rate {_n(f['beta'])}, above the ε = {f['epsilon']:g} the design aims at "
            f"({count_text(f['need'])} trials without an undecided one reach it)"
        )
    if why is Why.RARE_PREMISE:
        outside = f" (a trial outside it: {f['means']})" if f.get("means") else ""
        return (
            f"the theorem's premise held in {f['held']} of {f['drawn']} trials, and {f['need']} were needed: the "
            f"conclusion was tested too rarely to decide{outside}"
        )
    if why is Why.INFEASIBLE:
        return f"not run here: {f['what']}"
    if why is Why.NO_WITNESS:
        means = f": {f['means']}" if f.get("means") else ""
        drawn = f.get("drawn", f["trials"])
        outside = f"; the premise held in {f['trials']} of the {drawn} trials drawn" if drawn > f["trials"] else ""
        return f"no witness found in {f['trials']} trials survived independent verification{outside}{means}"
    if why is Why.UNMEASURED:
        return (
            f"{f['undecided']} of {f['trials']} measurements could not be made "
            f"({f.get('means') or UNDECIDED_GENERIC}); a fit without them would be biased, so the fit decides nothing"
        )
    if why is Why.FIT:
        margin = f", and to lie within {f['theory']:g} ± {f['margin']:g}" if f.get("margin") is not None else ""
        return (
            f"decided by the fit: fitted exponent {f['slope']:.3f}, {percent(f['level'])}% interval [{f['lo']:.3f}, "
            f"{f['hi']:.3f}], against the theory's b {f['symbol']} {f['theory']:g} (SUPPORTED needs the interval "
            f"{f['needs']}{margin})"
        )
    raise ValueError(f"no sentence for {why!r}")  # every member has one (tests/unit/test_reasons.py)


def percent(level: float) -> str:
    """A confidence level in percent with the digits that tell it from 100: 99.9976, not 100 (a level of
    1 − α/k at a report's α share rounds to 100 at four significant digits)."""
    miss = 100 - level
    digits = max(0, math.ceil(-math.log10(miss)) + 1) if 0 < miss < 100 else 0
    return f"{level:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{level:.0f}"
