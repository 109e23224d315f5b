"""The mutant test's draws pick sizes and geometry, never the constant a mutant changes: ``Claim.resolve`` lets
overrides win over a mutant, so a draw of the mutant's own parameter would test the unchanged statement."""

import dataclasses
from types import SimpleNamespace

from hypothesis import strategies as st

from claims import get
from claims.testing import check_mutant, mutant_draw

_D3 = {"d": 3, "gamma_rel": 5e-4, "regime": "fixed"}


def test_mutant_draw_drops_the_mutants_parameters():
    claim = get("jh2019.thm1_gd")
    draw = mutant_draw(claim, "gamma_outside", _D3)
    assert draw == {"d": 3, "regime": "fixed"}
    assert claim.resolve(draw, mutant="gamma_outside")["gamma_rel"] == 1.0
    assert mutant_draw(claim, "step_twice", _D3) == _D3  # a mutant of another constant keeps the whole draw


def test_check_mutant_runs_the_mutants_value_whatever_the_strategy_draws(monkeypatch, alpha_budget):
    claim = dataclasses.replace(get("jh2019.thm1_gd"), strategy=lambda profile: st.just(_D3))
    expected = claim.mutant("ball_10x").expected
    seen = []

    def fake_run(claim, params, mutant, **_):
        seen.append(claim.resolve(params, mutant=mutant))
        return SimpleNamespace(verdict=expected, to_json=lambda: "")

    monkeypatch.setattr("claims.testing.run", fake_run)
    check_mutant(claim, "ball_10x", "cpu", None, "quick", alpha_budget, 1)
    assert seen and all(v["gamma_rel"] == 1e-2 and v["d"] == 3 for v in seen)
