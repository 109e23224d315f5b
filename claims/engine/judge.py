"""One rule per kind of claim: from the trials so far to a verdict (or None: draw more).

The three outcomes of a trial (claims.spec.Outcome): passed, failed (a verified violation, premise held) and
undecided. REFUTED counts only failures; SUPPORTED counts undecided trials as failures, so the false-fail
rate α and the false-pass rate β both hold; a run whose undecided trials keep it from SUPPORTED ends
INCONCLUSIVE and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from claims.engine.stats import SequentialDesign, fit_power_law_exponent, fittable, supports_failure_rate_at_most
from claims.spec import Claim, Kind, Relation, Verdict


@dataclass(frozen=True)
class Tally:
    """Counts over the trials drawn so far (failures and undecided among those whose premise held)."""

    drawn: int = 0
    held: int = 0
    failures: int = 0
    undecided: int = 0

    def add(self, table: dict[str, np.ndarray]) -> Tally:
        premise = table["premise_held"].astype(bool)
        undecided = premise & table["undecided"].astype(bool)
        failed = premise & ~undecided & ~table["passed"].astype(bool)
        return Tally(
            self.drawn + len(premise),
            self.held + int(premise.sum()),
            self.failures + int(failed.sum()),
            self.undecided + int(undecided.sum()),
        )


def judge(claim: Claim, design: SequentialDesign, tally: Tally, look: int, table, theory) -> Verdict | None:
    """The verdict after ``look`` (0-based), or None to draw more. ``table``: every trial so far (scaling)."""
    last = look >= design.looks - 1
    if claim.kind is Kind.WHP:
        return _whp(design, tally, look)
    if claim.kind is Kind.EXISTS:  # a verified witness decides; not finding one never refutes
        if tally.held - tally.failures - tally.undecided > 0:
            return Verdict.SUPPORTED
        return Verdict.INCONCLUSIVE if last else None
    if claim.kind is Kind.SCALING:
        # α split evenly over the looks (Bonferroni); a fit too wide to decide draws more while looks remain
        verdict = _scaling(
            claim.exponent_relation, tally, table, theory, design.alpha / design.looks, claim.exponent_margin
        )
        wide = verdict is Verdict.INCONCLUSIVE and not tally.undecided
        return None if wide and not last else verdict
    if tally.failures:  # forall, conditional: one verified failure refutes
        return Verdict.REFUTED
    if tally.held < design.max_trials:
        return None
    # SUPPORTED means the bound the design aims at: the rate of failed-or-undecided trials is below ε at rate
    # β. Too few trials (--trials 1: "< 0.99") or too many undecided ones reach a weaker bound: INCONCLUSIVE.
    ok = supports_failure_rate_at_most(tally.undecided, tally.held, design.epsilon, design.beta)
    return Verdict.SUPPORTED if ok else Verdict.INCONCLUSIVE


def _whp(design: SequentialDesign, tally: Tally, look: int) -> Verdict | None:
    """The design's boundaries at the look's count of drawn trials: a trial whose premise did not hold counts
    as a pass against REFUTED and as undecided against SUPPORTED, so both error rates hold."""
    missed = tally.drawn - tally.held
    code = int(design.decide_codes(tally.failures, tally.drawn, look, undecided=tally.undecided + missed))
    return (None, Verdict.REFUTED, Verdict.SUPPORTED, Verdict.INCONCLUSIVE)[code]


def whp_inconclusive_reason(design: SequentialDesign, tally: Tally, look: int) -> str:
    """Why a whp run ended INCONCLUSIVE after ``look``: the plan's end, or a futility stop (neither verdict
    reachable with enough probability), with the look and the counts (:meth:`SequentialDesign.stop_reason`)."""
    missed = tally.drawn - tally.held
    return design.stop_reason(tally.failures, tally.undecided + missed, look, outside=missed)


def _scaling(relation: Relation, tally: Tally, table, theory: float, alpha: float, margin: float) -> Verdict:
    if tally.undecided:  # a measurement that could not be made would bias the fit either way
        return Verdict.INCONCLUSIVE
    keep = table["premise_held"].astype(bool)
    if not fittable(table["size"][keep]):  # too few trials within the premise to fit: draw more, or say so
        return Verdict.INCONCLUSIVE
    return scaling_verdict(relation, table["size"][keep], table["value"][keep], theory, alpha, margin)


def scaling_verdict(relation: Relation, size, value, theory: float, alpha: float, margin: float) -> Verdict:
    """The fitted exponent's interval at confidence 1 − α against the theory's exponent (README's table);
    ``margin``: the equivalence margin of relation ``equal``."""
    fit = fit_power_law_exponent(size, value, 1 - alpha)
    if relation is Relation.AT_MOST:  # growth no faster than size^b
        if fit.lo > theory:
            return Verdict.REFUTED
        return Verdict.SUPPORTED if fit.hi <= theory else Verdict.INCONCLUSIVE
    if relation is Relation.AT_LEAST:  # growth at least as fast as size^b
        if fit.hi < theory:
            return Verdict.REFUTED
        return Verdict.SUPPORTED if fit.lo >= theory else Verdict.INCONCLUSIVE
    if not fit.lo <= theory <= fit.hi:
        return Verdict.REFUTED
    # Θ(size^b) is an equivalence: an interval that holds b but is wider than b ± margin would also hold
    # exponents the claim excludes, so failing to reject b supports nothing (two one-sided tests, Schuirmann 1987)
    within = theory - margin <= fit.lo and fit.hi <= theory + margin
    return Verdict.SUPPORTED if within and not fit.lo <= 0 <= fit.hi else Verdict.INCONCLUSIVE
