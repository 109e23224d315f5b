"""Hypothesis strategies of the du2018a records: which instances the claim and mutant tests draw per profile.

Sizes grow with the profile; d ≥ n where a claim's cost grows like 1/λ0 (near-orthogonal rows keep λ0 away
from 0, so the literal width m₁ and the flow's T = horizon/λ0 stay within reach of a CPU).
"""

from __future__ import annotations

from hypothesis import strategies as st

from claims.catalogue.du2018a.params import SIZES, geometry_overrides, merge, n_and_d
from claims.spec import ByProfile


def thm3_1(profile: str):
    """Synthetic geometries at any d, or n rows of the digits (d = 64, the pool's: models.datasets)."""
    n_max = SIZES[profile]
    synthetic = merge(
        st.fixed_dictionaries({"n": st.integers(2, n_max), "d": st.integers(2, n_max)}), geometry_overrides()
    )
    digits = st.fixed_dictionaries({"n": st.integers(2, n_max), "d": st.just(64), "geometry": st.just("digits")})
    # one draw in four on the digits, the rest spread over the three synthetic geometries (shrinking to those)
    return st.integers(0, 3).flatmap(lambda k: digits if k == 3 else synthetic)


def lemma3_1(profile: str):
    """The literal width m₁ ∝ n² ln n/λ0² is run: n ≤ 6 in quick keeps it below about 10⁵."""
    return n_and_d(2, ByProfile(6, 12, 16)[profile], lambda n: n, lambda n: 3 * n)


def lemma3_2(profile: str):
    # n ≥ 3: with two inputs no point of the ball within 0.8λ0 was found to break the conclusion (measured),
    # so the mutants' radius could not be verified false there
    return n_and_d(3, ByProfile(5, 10, 16)[profile], lambda n: n, lambda n: 2 * n, m=st.sampled_from([400, 800, 1600]))


def _m(lo: int, hi: int):
    return st.sampled_from([m for m in (100, 200, 400, 800, 1600) if lo <= m <= hi])


def gd(profile: str):
    """Theorem 4.1, Corollary 4.1: the practical step η = eta_scale/λ_max(H(0)) (the literal one is the default
    instance and the report's)."""
    return n_and_d(
        2,
        ByProfile(5, 8, 12)[profile],
        lambda n: max(2, n - 2),
        lambda n: n,
        m=_m(100, ByProfile(200, 800, 800)[profile]),
        eta_scale=st.sampled_from([0.5, 1.0]),
    )


def flow(profile: str):
    return n_and_d(2, ByProfile(4, 8, 12)[profile], lambda n: n, lambda n: 2 * n, m=st.sampled_from([100, 200]))


def lemma3_3(profile: str):
    return merge(flow(profile), st.fixed_dictionaries({"rprime_factor": st.sampled_from([1.0, 2.0])}))


def ntk_init(profile: str):
    return n_and_d(2, SIZES[profile], lambda n: n, lambda n: 2 * n)


def ntk_drift(profile: str):
    # n ≥ 4: with fewer inputs no pattern flips at the largest widths within the horizon (measured), and a
    # zero drift cannot be placed on the log-log fit
    return n_and_d(4, ByProfile(6, 12, 24)[profile], lambda n: n, lambda n: 2 * n)


def fig1(profile: str):
    """n = d and the smallest width m0 (the claim runs m0·(1, 4, 16)); small in quick, where each trial is
    three GD runs of 100 steps."""
    n = st.integers(*ByProfile((25, 30), (30, 80), (30, 160))[profile])
    m0 = st.sampled_from(ByProfile((50,), (50, 100, 200), (100, 200))[profile])
    return st.fixed_dictionaries({"n": n, "m0": m0}).map(lambda p: {**p, "d": p["n"]})
