"""Test cases generated from the registry (SciPy's distcont style), through claims.testing (the claim and mutant
tests any family gets), with this repository's known failures.

``claim_cases()`` yields one ``pytest.param(claim, id=claim.id, marks=…)`` per claim, with the marks that are
data on the record: ``slow`` (a slow mark), ``float32_skip`` (applied by the float32 tests).
"""

from claims import all_claims, testing

#: Known failures (SciPy style: named, with the reason), left open by the verdict-soundness work of issue 8:
#: the test id → what was seen. They run and are reported (xfail / xpass), never hidden; each is a finding or a
#: design still to fix, listed in the closing note. Keys: a claim id (its claim test), "ID:mutant" (a mutant).
KNOWN_FAILURES: dict[str, str] = {
    "du2018a.lemma3.4": "REFUTED outside the premise: at the practical width m = 100 with n = 2, d = 4 and λ0 = 0.076 "
    "(Hypothesis example, seed 6297) the conclusion fails in 30 of 65 inits; the premise R′ < R asks m > 4.1e9 and the "
    "result says so. The flow strategy draws m independently of λ0 (found when this wave's edit of the claim test "
    "changed the derandomized examples; the same instance is REFUTED at efec228)",
    "du2018a.thm3.2": "REFUTED outside the premise at the same kind of instance as lemma3.4 (n = 2, m = 100, small "
    "λ0): the practical width does not suffice there; the theorem asks m = Ω(n⁶/(λ0⁴δ³)) and the result says so",
    "du2018a.ntk_constancy:rate_1_over_m": "SUPPORTED at n = d = 2, seed 0: at the mutant test's α share (2.8e-5) the "
    "99.997 % interval of the fitted exponent, [−0.751, −0.315], holds the mutant's −0.75 by 0.001 — the design "
    "cannot resolve 0.25 in the exponent with 64 measurements at n = d = 2, and the scaling judge's 'equal' "
    "supports from a failure to reject (an equivalence margin would make this INCONCLUSIVE; see the closing note)",
}


def claim_cases(known_failures: bool = True):
    """One param per claim; ``known_failures`` applies KNOWN_FAILURES (for verdict tests, not record checks)."""
    return testing.claim_cases(all_claims(), KNOWN_FAILURES if known_failures else None)


def mutant_cases(known_failures: bool = True):
    """One param per mutant; ``known_failures`` applies KNOWN_FAILURES (they are findings of the Hypothesis-drawn
    tests: the tests at the defaults and on devices take them without the mark, and stay gating)."""
    return testing.mutant_cases(all_claims(), KNOWN_FAILURES if known_failures else None)
