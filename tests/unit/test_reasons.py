"""Every reason code of a result is said in words (issue 22): each code maps to a sentence with its counts, and
the runner's reasons for INCONCLUSIVE and VACUOUS say what happened, never a memory estimate."""

from __future__ import annotations

import pytest

from claims.engine.reasons import UNDECIDED_GENERIC, Why, percent, say
from claims.spec import Verdict

FACTS = {
    Why.UNDECIDED: {"undecided": 124, "trials": 185, "means": "GD did not reach the rate within the horizon",
                    "verdict": Verdict.INCONCLUSIVE, "decisive": True},
    Why.ZONE: {"failures": 7, "trials": 120, "support_at": 3, "refute_at": 11, "delta": 0.05},
    Why.NO_POWER: {"trials": 3, "beta": 0.01, "need": 90, "failures": 0, "refute_at": 2},
    Why.TOO_FEW: {"trials": 1, "bound": 0.99, "beta": 0.01, "epsilon": 0.05, "need": 90},
    Why.RARE_PREMISE: {"held": 4, "drawn": 500, "need": 90},
    Why.INFEASIBLE: {"what": "the literal width m₁ = 3.1e6 exceeds the largest width allowed, 1e5"},
    Why.NO_WITNESS: {"trials": 40},
    Why.UNMEASURED: {"undecided": 5, "trials": 64, "means": ""},
    Why.FIT: {"slope": -0.53, "lo": -0.61, "hi": -0.45, "level": 99.67, "symbol": "=", "theory": -0.5,
              "needs": "to hold it and exclude 0", "margin": 0.15},
}  # fmt: skip

EXPECTED = {
    Why.UNDECIDED: ("124 of 185 trials undecided: GD did not reach the rate within the horizon", "too many"),
    Why.ZONE: ("7 verified failures in 120 trials", "too close to δ = 0.05"),
    Why.NO_POWER: ("3 trials are too few to support the claim", "at least 90"),
    Why.TOO_FEW: ("no failure in 1 trials", "above the ε = 0.05"),
    Why.RARE_PREMISE: ("premise held in 4 of 500 trials", "90 were needed"),
    Why.INFEASIBLE: ("not run here: the literal width",),
    Why.NO_WITNESS: ("no witness found in 40 trials",),
    Why.UNMEASURED: ("5 of 64 measurements could not be made", UNDECIDED_GENERIC),
    Why.FIT: ("decided by the fit: fitted exponent -0.530", "[-0.610, -0.450]", "-0.5 ± 0.15"),
}


def test_every_code_has_facts_and_expectations_here():
    assert set(FACTS) == set(Why) == set(EXPECTED)


@pytest.mark.parametrize("why", list(Why), ids=lambda w: w.value)
def test_each_code_maps_to_a_sentence_in_words(why):
    text = say(why, **FACTS[why])
    for part in EXPECTED[why]:
        assert part in text
    assert "_" not in text and "Why." not in text  # the code (indifference_zone, …) never shows
    assert "peak memory" not in text and "MiB" not in text


def test_the_undecided_sentence_says_how_the_verdict_stands():
    facts = {**FACTS[Why.UNDECIDED], "decisive": False}
    assert say(Why.UNDECIDED, **{**facts, "verdict": Verdict.SUPPORTED}).endswith("supported even so")
    assert "verified failures alone" in say(Why.UNDECIDED, **{**facts, "verdict": Verdict.REFUTED})
    assert UNDECIDED_GENERIC in say(Why.UNDECIDED, **{**facts, "means": ""})


def test_a_search_without_a_witness_says_what_its_record_leaves_open():
    bare = say(Why.NO_WITNESS, trials=2)
    assert bare == "no witness found in 2 trials survived independent verification"
    told = say(Why.NO_WITNESS, trials=2, means="the steps left every start short (--set steps=N)")
    assert told == f"{bare}: the steps left every start short (--set steps=N)"


def test_a_fits_level_is_written_with_the_digits_that_tell_it_from_100():
    """At a report's α share the fit's level is 1 − α/k, e.g. 99.9976 %: four significant digits wrote it as a
    "100% interval", which no finite interval is."""
    assert percent(100 * (1 - 7.09e-05 / 3)) == "99.9976"
    assert percent(95.0) == "95" and percent(99.67) == "99.67"
    facts = FACTS[Why.FIT] | {"level": 100 * (1 - 7.09e-05 / 3)}
    assert "99.9976% interval" in say(Why.FIT, **facts)
