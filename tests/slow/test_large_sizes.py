"""Heavier sizes, outside the default run: ``pytest -m slow`` (the report's standard and full profiles run
the same claims at these sizes too)."""

import pytest

from claims import Verdict, get
from claims.engine.runner import run

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("n", [10, 20])
def test_lemma3_1_literal_width_holds_at_larger_n(n, device):
    """The literal m₁ (≈ 10⁵ at n = 10, ≈ 4·10⁵ at n = 20 with d = 2n) is run in chunks of m."""
    r = run(get("du2018a.lemma3.1"), params={"n": n, "d": 2 * n}, seed=n, device=device)
    assert r.verdict is Verdict.SUPPORTED, r.to_json()


@pytest.mark.parametrize("geometry", ["sphere", "clustered", "near_parallel"])
def test_thm3_1_holds_at_n_500(geometry, device):
    own = {"clustered": {"spread": 0.05}, "near_parallel": {"min_angle": 1e-6}}.get(geometry, {})
    params = {"n": 500, "d": 20, "geometry": geometry, **own}
    r = run(get("du2018a.thm3.1"), params=params, seed=3, device=device, trials=20)
    assert r.verdict is Verdict.SUPPORTED, r.to_json()
