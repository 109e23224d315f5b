"""models.width_theories: the second moment against Monte Carlo, the Bernstein width against its tail, the
width's soundness at small n (a statistical test at a stated α), and the theories' widths."""

from __future__ import annotations

import math

import pytest
import torch

from claims.stats import refutes_failure_rate_at_most
from models import data, two_layer
from models import width_theories as wt
from models.checks import InvalidInputError

#: false-fail rate of the soundness test below (one test, one look)
ALPHA = 1e-3


def _x(n, d, seed=0):
    return data.sphere(n, d, generator=torch.Generator().manual_seed(seed))


def test_second_moment_matches_monte_carlo():
    X = _x(4, 3)
    g = torch.Generator().manual_seed(1)
    W = torch.randn(200_000, 3, generator=g, dtype=torch.float64)
    S = (W @ X.T >= 0).double()
    A = S[:, :, None] * (X @ X.T)[None] * S[:, None, :]
    mc = (A @ A).mean(0)
    # entries are means of terms bounded by n·max|G|² = 4: 6 standard errors of a bounded mean
    assert torch.allclose(wt.second_moment(X), mc, atol=6 * 4 / math.sqrt(200_000))


def test_second_moment_diagonal_limit():
    """Rows all equal: A_r = 1{active}·𝟙𝟙ᵀ, A_r² = n·A_r, so E A_r² = n·½·𝟙𝟙ᵀ."""
    x = torch.nn.functional.normalize(torch.tensor([[1.0, 2.0, 3.0]], dtype=torch.float64), dim=-1)
    X = x.repeat(3, 1)
    assert torch.allclose(wt.second_moment(X), torch.full((3, 3), 1.5, dtype=torch.float64), atol=1e-12)


@pytest.mark.parametrize(("n", "d", "delta"), [(3, 6, 0.05), (8, 16, 0.01), (12, 5, 0.2), (20, 40, 0.05)])
def test_width_formula_against_the_tail(n, d, delta):
    """m_B is where the dominant (upper) tail n·exp(·) falls to δ/2: the whole two-sided tail is ≤ δ at m_B,
    and the upper tail alone is still above δ/2 at m_B − 1 (the formula is the smallest such integer)."""
    X = _x(n, d)
    lam0 = float(two_layer.lambda_min(two_layer.h_infinity(X)))
    p = wt.bernstein_parameters(X)
    m = wt.bernstein_width_lemma3_1(p, lam0, delta)
    t = lam0 / 4
    assert wt.bernstein_tail(m, t, p) <= delta
    upper_only = wt.BernsteinParameters(p.n, p.variance, p.upper, p.upper)
    assert wt.bernstein_tail(m - 1, t, upper_only) > delta
    assert m < two_layer.literal_width_lemma3_1(n, lam0, delta)  # sharper than Hoeffding + union bound


def test_bernstein_width_is_sound_at_small_n():
    """At m_B the failure rate of Lemma 3.1's conclusion (‖H(0) − H∞‖₂ ≤ λ0/4 and λ_min(H(0)) ≥ ¾λ0) is ≤ δ:
    refuted only if the exact binomial test rejects p ≤ δ at α = ALPHA."""
    n, d, delta, trials = 4, 8, 0.05, 400
    X = _x(n, d, seed=3)
    H = two_layer.h_infinity(X)
    lam0 = float(two_layer.lambda_min(H))
    m = wt.bernstein_width_lemma3_1(wt.bernstein_parameters(X), lam0, delta)
    H0 = two_layer.random_gram(X, m, generator=torch.Generator().manual_seed(4), batch=trials)
    dev = torch.linalg.eigvalsh(H0 - H).abs().amax(-1)
    failed = (dev > lam0 / 4) | (two_layer.lambda_min(H0) < 0.75 * lam0)
    assert not refutes_failure_rate_at_most(int(failed.sum()), trials, delta, ALPHA)


def test_parameters_bound_their_definitions():
    X = _x(6, 4)
    p = wt.bernstein_parameters(X)
    G, H = X @ X.T, two_layer.h_infinity(X)
    assert p.lower <= p.upper + 1e-12  # λ_max(H∞) ≤ λ_max(G)
    assert p.variance <= p.upper * p.lower + 1e-12  # E A² − H∞² ⪯ E A² ⪯ λ_max(G)·H∞
    assert p.upper == pytest.approx(float(torch.linalg.eigvalsh(G)[-1]))
    assert p.lower == pytest.approx(float(torch.linalg.eigvalsh(H)[-1]))


def test_theory_widths_orders():
    w1, w2 = wt.theory_widths(10, 10, 0.2, 0.05), wt.theory_widths(20, 10, 0.2, 0.05)
    assert w2["oymak_soltanolkotabi2020"] / w1["oymak_soltanolkotabi2020"] == pytest.approx(4)
    assert w2["parameter_count"] / w1["parameter_count"] == pytest.approx(2)
    ratio = w2["song_yang2019"] / w1["song_yang2019"]
    assert ratio == pytest.approx(16 * (math.log(400) / math.log(200)) ** 3)
    assert w1["du2018a"] > w1["song_yang2019"] > w1["oymak_soltanolkotabi2020"] > w1["parameter_count"]
    assert [t.key for t in wt.THEORIES] == list(w1)


@pytest.mark.parametrize(
    ("args", "name"), [((10, 10, 0.0, 0.05), "lam0"), ((10, 10, 0.2, 1.5), "delta"), ((0, 10, 0.2, 0.05), "n")]
)
def test_bad_input_names_the_parameter(args, name):
    with pytest.raises(InvalidInputError, match=name):
        wt.theory_widths(*args)


def test_bad_x_is_one_clear_error():
    with pytest.raises(InvalidInputError, match="X"):
        wt.bernstein_parameters(torch.ones(3, 2, dtype=torch.float64))
