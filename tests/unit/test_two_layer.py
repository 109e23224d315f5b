"""models.two_layer against its definitions: double loops, autograd, Monte Carlo, closed forms."""

import math

import pytest
import torch
from scipy import stats

from models import data, two_layer
from models import two_layer_bounds as bounds
from models.checks import InvalidInputError, broadcast_shapes

F64 = torch.float64


def gen(seed=0):
    return torch.Generator().manual_seed(seed)


def gram_by_double_loop(X, W):
    """The definition, entry by entry: H_ij = (x_iᵀx_j / m) Σ_r 1{w_rᵀx_i ≥ 0, w_rᵀx_j ≥ 0}."""
    n, m = X.shape[0], W.shape[0]
    H = torch.zeros(n, n, dtype=X.dtype)
    for i in range(n):
        for j in range(n):
            both = sum(float(W[r] @ X[i] >= 0 and W[r] @ X[j] >= 0) for r in range(m))
            H[i, j] = X[i] @ X[j] * both / m
    return H


@pytest.mark.parametrize(("n", "d", "m"), [(1, 2, 1), (4, 3, 7), (6, 5, 33)])
def test_gram_equals_double_loop(n, d, m):
    g = gen(n + d + m)
    X, W = data.sphere(n, d, generator=g), torch.randn(m, d, generator=g, dtype=F64)
    # both sides add the same 0/1 products: equal up to the rounding of one product, 4·eps
    torch.testing.assert_close(two_layer.gram(X, W), gram_by_double_loop(X, W), rtol=0, atol=4 * torch.finfo(F64).eps)


def test_gram_chunked_equals_unchunked_and_batches():
    g = gen(1)
    X, W = data.sphere(5, 4, generator=g), torch.randn(3, 50, 4, generator=g, dtype=F64)
    whole = two_layer.gram(X, W)
    chunked = two_layer.gram(X, W, memory_bytes=1)  # one column of m per chunk
    torch.testing.assert_close(chunked, whole, rtol=0, atol=64 * torch.finfo(F64).eps)
    torch.testing.assert_close(whole[1], two_layer.gram(X, W[1]))


@pytest.mark.parametrize("m", [1, 257, 20_000])
def test_pattern_counts_in_float32_equal_the_float64_product_bit_for_bit(m):
    """Counts of 0/1 products are integers ≤ m < 2²⁴: exact in float32, so equal to the float64 SᵀS."""
    g = gen(m)
    X, W = data.sphere(30, 7, generator=g), torch.randn(2, m, 7, generator=g, dtype=F64)
    S = two_layer.patterns(X, W)
    counts = two_layer.pattern_counts(X, W)
    assert counts.dtype == F64 and torch.equal(counts, S.transpose(-1, -2) @ S)
    assert torch.equal(counts, counts.round()) and float(counts.max()) <= m


def test_pattern_counts_refuses_more_rows_than_float32_counts_exactly():
    X, W = data.sphere(2, 2, generator=gen(0)), torch.empty(2**24 + 1, 2, dtype=F64)
    with pytest.raises(InvalidInputError, match="at most 16777216"):
        two_layer.pattern_counts(X, W)


def test_monte_carlo_mean_of_gram_matches_h_infinity_within_clt_bound():
    """H(W) with m rows is a mean of m i.i.d. terms x_iᵀx_j·1{·}, each of variance ≤ ¼; with a Bonferroni
    normal quantile over the n² entries at total level 1e-6 the deviation is below z·½/√m."""
    n, d, m = 6, 4, 400_000
    g = gen(2)
    X = data.sphere(n, d, generator=g)
    H = two_layer.random_gram(X, m, generator=g, batch=1)[0]
    z = stats.norm.isf(1e-6 / (2 * n * n))
    assert (H - two_layer.h_infinity(X)).abs().max() <= z * 0.5 / math.sqrt(m)


def test_monte_carlo_check_detects_a_wrong_kernel():
    """The same bound refutes a kernel with arccos replaced by arcsin-like error: the test above can fail."""
    n, d, m = 6, 4, 400_000
    g = gen(2)
    X = data.sphere(n, d, generator=g)
    H = two_layer.random_gram(X, m, generator=g, batch=1)[0]
    wrong = (X @ X.T) / 4 + torch.eye(n, dtype=F64) / 4  # 1{·}·1{·} treated as independent halves
    z = stats.norm.isf(1e-6 / (2 * n * n))
    assert (H - wrong).abs().max() > z * 0.5 / math.sqrt(m)


def test_h_infinity_closed_form_values():
    e = torch.eye(3, dtype=F64)
    X = torch.stack([e[0], e[1], -e[0], (e[0] + e[1]) / math.sqrt(2)])
    H = two_layer.h_infinity(X)
    assert torch.equal(H.diagonal(), torch.full((4,), 0.5, dtype=F64))  # exactly ½
    assert H[0, 1] == 0 and abs(H[0, 2]) <= 1e-16  # orthogonal; antiparallel: cos = −1, θ = π
    # 45°: cos(π/4)(π − π/4)/(2π) = (√2/2)(3/8)
    assert H[0, 3].item() == pytest.approx(math.sqrt(2) / 2 * 3 / 8, rel=1e-14)
    torch.testing.assert_close(H, H.T, rtol=0, atol=0)


@pytest.mark.parametrize("theta", [1e-3, 1e-6, 1e-9])
def test_angle_is_accurate_near_parallel(theta):
    """2·atan2 keeps relative accuracy where arccos(x_iᵀx_j) would lose half the digits."""
    X = data.near_parallel(3, 4, min_angle=theta, generator=gen(3))
    assert two_layer.angles(X)[0, 1].item() == pytest.approx(theta, rel=1e-6)
    naive = torch.arccos((X[0] @ X[1]).clamp(-1, 1)).item()
    if theta <= 1e-9:
        assert abs(naive - theta) / theta > 1e-3  # why the half-angle form is needed


def test_grad_w_equals_autograd():
    g = gen(4)
    n, d, m = 7, 5, 11
    X, y = data.sphere(n, d, generator=g), torch.randn(n, generator=g, dtype=F64)
    W, a = two_layer.init(m, d, generator=g)
    Wg = W.clone().requires_grad_(True)
    two_layer.loss(two_layer.output(X, Wg, a), y).backward()
    torch.testing.assert_close(two_layer.grad_w(X, W, a, y), Wg.grad, rtol=1e-12, atol=1e-14)


def test_output_is_the_definition():
    g = gen(5)
    X = data.sphere(3, 4, generator=g)
    W, a = two_layer.init(6, 4, generator=g)
    expected = torch.stack([sum(a[r] * torch.relu(W[r] @ x) for r in range(6)) / math.sqrt(6) for x in X])
    torch.testing.assert_close(two_layer.output(X, W, a), expected)


def test_literal_width_of_lemma_3_1():
    # 8·100·ln(2·100/0.05)/0.15² = 294 877.6…
    assert two_layer.literal_width_lemma3_1(10, 0.15, 0.05) == math.ceil(8 * 100 * math.log(4000) / 0.0225)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: two_layer.h_infinity(torch.ones(3, 2, dtype=F64)), "unit norm"),
        (lambda: two_layer.h_infinity(torch.full((3, 2), float("nan"), dtype=F64)), "finite"),
        (lambda: two_layer.h_infinity(torch.ones(3, dtype=F64)), "at least 2 dimensions"),
        (lambda: two_layer.h_infinity([[1.0, 0.0]]), "torch.Tensor"),
        (lambda: two_layer.gram(torch.eye(2, dtype=F64), torch.ones(4, 3, dtype=F64)), "W must have 2 columns"),
        (lambda: two_layer.random_gram(torch.eye(2, dtype=F64), 0, generator=gen()), "m must be an integer >= 1"),
        (lambda: data.draw("cube", 3, 2, generator=gen()), "geometry must be one of"),
        (lambda: data.near_parallel(3, 2, min_angle=0.0, generator=gen()), "min_angle"),
    ],
)
def test_bad_input_raises_a_clear_error(call, message):
    with pytest.raises(InvalidInputError, match=message):
        call()


@pytest.mark.parametrize("geometry", data.SYNTHETIC)  # the real ones: tests/unit/test_datasets.py
def test_generators_give_unit_rows_and_batches(geometry):
    X = (
        data.draw(geometry, 6, 5, generator=gen(6), batch=(3,), min_angle=0.1)
        if geometry == "near_parallel"
        else data.draw(geometry, 6, 5, generator=gen(6), batch=(3,))
    )
    assert X.shape == (3, 6, 5)
    torch.testing.assert_close(torch.linalg.vector_norm(X, dim=-1), torch.ones(3, 6, dtype=F64))


def test_linear_prediction_matches_the_iterated_linear_dynamics():
    """‖(I − cηH)^k y‖ by repeated multiplication equals the eigen-sum (Σ_i (1 − cηλ_i)^{2k}(v_iᵀy)²)^{1/2}."""
    g = torch.Generator().manual_seed(7)
    X = torch.randn(2, 5, 4, generator=g, dtype=torch.float64)
    X = X / X.norm(dim=-1, keepdim=True)
    H = two_layer.h_infinity(X)
    y = torch.randn(2, 5, generator=g, dtype=torch.float64)
    eta = torch.tensor([0.7, 1.1], dtype=torch.float64)
    for c in (1.0, 0.5):
        pred = two_layer.linear_prediction(H, y, eta, 12, c=c)
        r, direct = y, [y.norm(dim=-1)]
        for _ in range(12):
            r = r - c * eta[:, None] * (H @ r[..., None])[..., 0]
            direct.append(r.norm(dim=-1))
        assert torch.allclose(pred, torch.stack(direct, -1), rtol=1e-12, atol=1e-12)


def test_label_complexity_is_the_quadratic_form_of_the_inverse():
    g = torch.Generator().manual_seed(8)
    X = torch.randn(3, 6, 5, generator=g, dtype=torch.float64)
    X = X / X.norm(dim=-1, keepdim=True)
    H = two_layer.h_infinity(X)
    y = torch.randn(3, 6, generator=g, dtype=torch.float64)
    direct = (y[:, None, :] @ torch.linalg.inv(H) @ y[:, :, None])[:, 0, 0]
    assert torch.allclose(two_layer.label_complexity(H, y), direct, rtol=1e-10)


# ---------------------------------------------------------------------------------------------------------
# models.two_layer_bounds: Lemma 3.2's certificate and adversaries, the literal widths


def _ball_case(n=4, d=3, m=6, batch=5, seed=9):
    g = gen(seed)
    X = data.sphere(n, d, generator=g)
    W0 = torch.randn(batch, m, d, generator=g, dtype=F64)
    return X, W0, g


def _ball_points(W0, R, count, g):
    """``count`` points of the ball ‖w_r − w_r(0)‖ ≤ R for every r: directions uniform, radii R·u^(1/d)
    and R itself (the boundary, where flips are likeliest)."""
    *lead, m, d = W0.shape
    v = torch.randn(count, *lead, m, d, generator=g, dtype=F64)
    v = v / v.norm(dim=-1, keepdim=True)
    r = torch.rand(count, *lead, m, 1, generator=g, dtype=F64) ** (1 / d)
    r[: count // 2] = 1.0
    return W0 + R * r * v


@pytest.mark.parametrize("R", [0.05, 0.3, 1.0])
def test_ball_certificate_dominates_every_sampled_point_of_the_ball(R):
    """|H(W) − H(0)| ≤ B entrywise and ‖H(W) − H(0)‖₂ ≤ λ_max(B) at 400 points of the ball per instance."""
    X, W0, g = _ball_case()
    B = bounds.ball_certificate(X, W0, R)
    cert = bounds.certificate_bound(B)
    W = _ball_points(W0, R, 400, g)
    dH = two_layer.gram(X, W) - two_layer.gram(X, W0)
    assert bool((dH.abs() <= B + 1e-15).all())
    assert bool((torch.linalg.matrix_norm(dH, 2) <= cert).all())


def test_flippable_patterns_are_exactly_those_within_R():
    """A flagged pattern with |w_r(0)ᵀx_i| < R flips when w_r moves by R along ∓x_i; an unflagged one never
    flips at any sampled point of the ball."""
    X, W0, g = _ball_case(m=40)
    R = 0.2
    A = bounds.flippable(X, W0, R)
    pre = W0 @ X.T
    W = _ball_points(W0, R, 300, g)
    changed = ((W @ X.T >= 0) != (pre >= 0)).any(0)
    assert not bool((changed & ~A).any())
    b, r, i = torch.nonzero(A & (pre.abs() < R * (1 - 1e-9)), as_tuple=True)
    moved = W0[b, r] - R * torch.sign(pre[b, r, i]).unsqueeze(-1) * X[i]
    assert bool((((moved * X[i]).sum(-1) >= 0) != (pre[b, r, i] >= 0)).all())


def test_certificate_is_attained_for_one_input_and_one_neuron():
    """n = m = 1: H = 1{wᵀx ≥ 0}; with |w(0)ᵀx| < R the ball reaches the other side, ΔH = ±1 = λ_max(B)."""
    X = torch.tensor([[1.0, 0.0]], dtype=F64)
    W0 = torch.tensor([[[0.1, 0.7]]], dtype=F64)
    assert float(bounds.ball_certificate(X, W0, 0.2)[0, 0, 0]) == 1.0
    assert float(bounds.ball_certificate(X, W0, 0.05)[0, 0, 0]) == 0.0
    W = bounds.ball_adversaries(X, W0, 0.2)
    assert float((two_layer.gram(X, W) - two_layer.gram(X, W0)).abs().max()) == 1.0


def test_adversaries_stay_in_the_ball_and_break_a_wide_ball():
    """Every adversary lies within R of W(0); at R = λ0 (far beyond Lemma 3.2's radius) one of them verifies
    ‖H(W) − H(0)‖₂ ≥ λ0/4 or λ_min(H(W)) ≤ λ0/2 on most draws."""
    g = gen(11)
    X = data.sphere(5, 10, generator=g)
    lam0 = float(two_layer.lambda_min(two_layer.h_infinity(X)))
    W0 = torch.randn(20, 800, 10, generator=g, dtype=F64)
    W = bounds.ball_adversaries(X, W0, lam0)
    assert W.shape == (3, 20, 800, 10)
    assert bool((torch.linalg.vector_norm(W - W0, dim=-1) <= lam0).all())
    H0, H = two_layer.gram(X, W0), two_layer.gram(X, W)
    broken = (torch.linalg.matrix_norm(H - H0, 2) >= lam0 / 4) | (two_layer.lambda_min(H) <= lam0 / 2)
    assert float(broken.any(0).double().mean()) >= 0.9


def test_literal_widths_and_constants():
    assert pytest.approx(math.sqrt(2 * math.pi) / 16) == bounds.RADIUS_CONST
    assert bounds.literal_step(0.2, 5) == pytest.approx(0.25 * 0.2 / 25)
    m34 = bounds.literal_width_lemma3_4(5, 0.3, 0.05, 4.0)
    # R′ = 2√n‖r‖/(√m λ0) equals R = cδλ0/n² exactly at that width
    rprime = bounds.rprime(2.0, 5, 2.0, m34, 0.3)
    assert rprime == pytest.approx(bounds.radius_lemma3_2(bounds.RADIUS_CONST, 0.05, 0.3, 5), rel=1e-12)
    assert bounds.literal_width_cor4_1(5, 0.3, 0.05, 4.0) == pytest.approx(4 * m34)
    assert bounds.expected_initial_residual_sq(6, 1.0) == pytest.approx(6 * (1 / 3 + 1 / 2))


def test_expected_initial_residual_matches_monte_carlo():
    """E‖y − u(0)‖² = n(C²/3 + ½) (the mean that Theorems 3.2 and 4.1's literal widths take), against its
    definition: y ~ Unif[−C, C]^n and u(0) = f(W(0), a, X) at the paper's initialisation, over T independent
    draws. The sample mean lies within z·s/√T of it, z the two-sided normal quantile at 1e-6; the
    tolerance (0.17 here) is under a third of what ½ → 0.6 would move the mean by (n/10), which fails here."""
    n, d, m, C, T = 5, 3, 40, 2.0, 20_000
    g = gen(6)
    X = data.sphere(n, d, generator=g)
    W, a = two_layer.init(m, d, generator=g, batch=(T,))
    y = (2 * torch.rand(T, n, generator=g, dtype=F64) - 1) * C
    r2 = (y - two_layer.output(X, W, a)).square().sum(-1)
    tol = stats.norm.isf(1e-6 / 2) * float(r2.std()) / math.sqrt(T)
    assert abs(float(r2.mean()) - bounds.expected_initial_residual_sq(n, C)) <= tol < n / 20


def test_literal_widths_of_theorems_3_2_and_4_1():
    """m = Ω(n⁶/(λ0⁴δ³)): R′ < R with ‖y − u(0)‖² at its Markov bound E/δ, E = O(n); Theorem 4.1's is 4×."""
    w = bounds.literal_width_thm3_2(5, 0.3, 0.05, 4.0)
    assert w == pytest.approx(bounds.literal_width_lemma3_4(5, 0.3, 0.05, 4.0 / 0.05))
    assert bounds.literal_width_thm4_1(5, 0.3, 0.05, 4.0) == pytest.approx(4 * w)
    # exponents: n⁶ with E ∝ n, λ0⁻⁴, δ⁻³
    assert bounds.literal_width_thm3_2(10, 0.3, 0.05, 8.0) / w == pytest.approx(2**6)
    assert bounds.literal_width_thm3_2(5, 0.15, 0.05, 4.0) / w == pytest.approx(2**4)
    assert bounds.literal_width_thm3_2(5, 0.3, 0.025, 4.0) / w == pytest.approx(2**3)


# ---------------------------------------------------------------------------------------------------------
# du2018a's decisions at a boundary (issue 19): within its tolerance an estimate decides nothing


def test_decay_and_radius_are_undecided_within_their_tolerance():
    from claims.catalogue.du2018a import conclusions

    times = torch.tensor([0.0, 1.0], dtype=F64)
    bound = math.exp(-1.0)
    res = torch.tensor(
        [[1.0, bound * 0.5], [1.0, bound * (1 + 1e-12)], [1.0, bound * 1.5], [1.0, math.inf], [1.0, math.nan]],
        dtype=F64,
    )
    holds, violated, _ = conclusions.decay(res, times, 1.0, rel=1e-10)
    # +inf: GD diverged, a violation; NaN: an integrator or float64 that failed, which verifies nothing
    assert holds.tolist() == [True, False, False, False, False]
    assert violated.tolist() == [False, False, True, True, False]
    # the integration error widens the undecided band on both sides
    holds, violated, _ = conclusions.decay(res[2:3], times, 1.0, err=1.0)
    assert not bool(holds) and not bool(violated)
    # a time marked invalid (a reduced run's certificate failed by then) decides nothing and shows no margin
    three = torch.tensor([0.0, 1.0, 2.0], dtype=F64)
    wild = torch.tensor([[1.0, bound * 0.5, 1e6], [1.0, bound * 1.5, 1e6]], dtype=F64)
    valid = torch.tensor([[True, True, False], [True, True, False]])
    holds, violated, margin = conclusions.decay(wild, three, 1.0, valid=valid)
    assert holds.tolist() == [False, False] and violated.tolist() == [False, True]
    assert margin.tolist() == pytest.approx([math.log(2), -1 + (1 - math.log(1.5))], rel=1e-12)
    dist = torch.tensor([0.5, 1.0 + 1e-15, 2.0], dtype=F64)
    holds, violated, _, _ = conclusions.radius(dist, torch.ones(3, dtype=F64), F64)
    assert holds.tolist() == [True, False, False] and violated.tolist() == [False, False, True]


def test_fig1_trend_decides_counts_two_ways_and_norms_three_ways():
    from claims.catalogue.du2018a.trials_fig1 import _trend

    values = torch.tensor([[4.0, 2.0, 1.0], [4.0, 4.0 * (1 - 1e-15), 1.0], [1.0, 2.0, 4.0]], dtype=F64)
    passed, _, undecided = _trend(1, values, 64 * torch.finfo(F64).eps)
    assert passed.tolist() == [True, False, False] and undecided.tolist() == [False, True, False]
    passed, _, undecided = _trend(-1, values, 64 * torch.finfo(F64).eps)
    assert passed.tolist() == [False, False, True] and undecided.tolist() == [False, False, False]
    counts = torch.tensor([[4.0, 2.0, 1.0], [4.0, 4.0, 1.0]], dtype=F64)
    passed, _, undecided = _trend(1, counts)  # exact counts, two-way: a tie is no decrease
    assert passed.tolist() == [True, False] and not bool(undecided.any())
    # no pattern changed at either width (a step too small to move the weights): no trend to read, undecided;
    # 0 then some is a verified increase, some then 0 a decrease (0/0 had been NaN, read as a failure)
    counts = torch.tensor([[0.0, 0.0, 0.0], [0.0, 3.0, 1.0], [3.0, 0.0, 0.0]], dtype=F64)
    passed, margin, undecided = _trend(1, counts)
    assert passed.tolist() == [False, False, False] and undecided.tolist() == [True, False, True]
    assert bool(torch.isfinite(margin).all())


def test_fig1_speed_reads_a_censored_k_star_as_a_lower_bound():
    """k* = K + 1 means the loss never fell below the drop within K steps (k* ≥ K + 1 only): both censored is
    undecided (it had passed), censored at m only passes, censored at 4m fails only below the bound."""
    from claims.catalogue.du2018a.trials_fig1 import _speed

    K = 100
    k_star = torch.tensor([[101.0, 101.0], [101.0, 40.0], [10.0, 101.0], [95.0, 101.0], [10.0, 12.0], [10.0, 13.0]])
    passed, _, undecided = _speed(k_star.to(F64), 0.1, K)
    assert passed.tolist() == [False, True, False, False, True, False]
    assert undecided.tolist() == [True, False, False, True, False, False]


def test_fig1_each_finding_alone_decides_a_failure(monkeypatch):
    """The three findings are judged together (models.numerics.all_three_way): a verified reversal of any one fails
    the trial, also where another comparison reads nothing (no pattern changed at either width); only an open
    comparison with no reversal is undecided, as is a fall of the distance within its relative rounding 64·eps
    (models.numerics.norm_tolerance). The runs are set here (GD replaced): every k* = 2 (the speed holds); per
    trial, the pattern counts and the distances at the widths m0·(1, 4, 16)."""
    from types import SimpleNamespace

    from claims import get
    from claims.spec import Instance
    from models import dynamics

    falling, rising, zeros, tie = [3.0, 2.0, 1.0], [1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [4.0, 4.0 * (1 - 1e-15), 1.0]
    patterns = torch.tensor([falling, rising, falling, zeros, zeros, falling], dtype=F64)
    distances = torch.tensor([falling, falling, rising, rising, falling, tie], dtype=F64)
    residual = torch.tensor([1.0, 0.5, 1e-7, 1e-8], dtype=F64).expand(6, 4)

    def runs(X, y, widths, **kw):
        return (
            1.0,
            1.0,
            [
                SimpleNamespace(
                    residual_sq=residual, pattern_change=patterns[:, j, None], distance=distances[:, j, None]
                )
                for j in range(len(widths))
            ],
        )

    monkeypatch.setattr(dynamics, "gd_over_widths", runs)
    claim = get("du2018a.fig1")
    out = claim.trial(Instance(claim.resolve({"steps": 3}), 0), torch.Generator().manual_seed(0), "cpu", F64, 6)
    assert out.passed.tolist() == [True, False, False, False, False, False]
    assert out.undecided_mask().tolist() == [False, False, False, False, True, True]


def test_fig1_at_a_step_too_small_to_move_the_weights_is_not_refuted():
    """η = 1e-12/λ_max(H∞): no loss drop and no pattern change at any width. It had been REFUTED 4 of 4 (0/0
    patterns as failures); at most a pattern flipped by rounding at one width is a verified failure now."""
    from claims import Verdict, get
    from claims.engine.runner import run

    result = run(get("du2018a.fig1"), params={"eta_scale": 1e-12}, seed=0)
    assert result.verdict is Verdict.INCONCLUSIVE and result.undecided > result.failures


def test_thm3_1_leaves_a_lambda0_within_rounding_undecided_and_refutes_only_an_exact_null_vector():
    """Issue 19, class 1: λ̂0 = 1.6e-13 below τ = 3e-13 is unresolved, not 0; copied rows prove λ0 = 0."""
    from claims import Verdict, get
    from claims.engine.runner import run

    claim = get("du2018a.thm3.1")
    near = run(claim, params={"n": 30, "d": 3, "geometry": "near_parallel", "min_angle": 1e-12}, seed=0, trials=20)
    assert near.failures == 0 and near.undecided == near.trials and near.verdict is Verdict.INCONCLUSIVE
    copied = run(claim, mutant="duplicated_row", seed=0)
    assert copied.verdict is Verdict.REFUTED and copied.undecided == 0 and copied.premises_unmet


def test_du2018a_premises_name_the_width_and_the_step():
    from claims import get
    from claims.spec import Instance

    def said(claim_id, **values):
        claim = get(claim_id)
        return list(claim.premises(Instance(claim.resolve(values), 0), torch.device("cpu"), F64))

    literal = said("du2018a.thm4.1")  # m = 200 at the literal step: the width only
    assert len(literal) == 1 and "Ω(n⁶/(λ0⁴δ³))" in literal[0] and "left open by the paper" in literal[0]
    practical = said("du2018a.thm4.1", eta_scale=1.0)
    assert len(practical) == 2 and "above the literal step ¼λ0/n²" in practical[1]
    assert said("du2018a.thm4.1", m=10**14) == []  # above the derived width (≈ 6.6e11 here), literal step
    assert said("du2018a.lemma3.1") == []  # m = None runs the literal m₁
    assert "m₁" in said("du2018a.lemma3.1", m=500)[0]
    assert said("du2018a.thm3.1") == [] and "x_i ∦ x_j" in said("du2018a.thm3.1", duplicates=1)[0]


# ---------------------------------------------------------------------------------------------------------
# the mutants' λ0-free radius (claims.catalogue.du2018a.params.LAMBDA_FREE_RADIUS)


def test_output_moves_at_most_sqrt_nm_times_the_farthest_neuron():
    """|u_i(W′) − u_i(W)| ≤ (1/√m)Σ_r ‖w′_r − w_r‖ (ReLU 1-Lipschitz, ‖x_i‖ = 1, |a_r| = 1), so ‖u(W′) − u(W)‖ ≤
    √(nm)·max_r ‖w′_r − w_r‖: the reason the λ0-free radius 0.04·√n‖y − u(0)‖/√m is false on converged runs."""
    gen = torch.Generator().manual_seed(3)
    n, d, m = 6, 4, 50
    X = data.sphere(n, d, generator=gen, dtype=F64)
    W, a = two_layer.init(m, d, generator=gen, dtype=F64)
    for scale in (1e-3, 0.1, 3.0):
        moved = W + scale * torch.randn(W.shape, generator=gen, dtype=F64)
        change = (two_layer.output(X, moved, a) - two_layer.output(X, W, a)).norm()
        assert change <= math.sqrt(n * m) * (moved - W).norm(dim=-1).amax() * (1 + 1e-12)


@pytest.mark.parametrize(
    "claim_id, params, seed",
    [
        # the draw at which the fixed R′/100 survived (λ0 = 0.0021: R′ ∝ 1/λ0 is huge there)
        ("du2018a.cor4.1", {"n": 4, "d": 2, "m": 100, "eta_scale": 0.5}, 319683),
        ("du2018a.lemma3.4", {}, 0),
    ],
)
def test_lambda_free_radius_is_refuted_where_the_paper_radius_holds(claim_id, params, seed):
    from claims import check

    assert check(claim_id, params=params, seed=seed, trials=16)["failures"] == 0
    assert check(claim_id, params=params, seed=seed, mutant="lambda_free_radius")["verdict"] == "REFUTED"


@pytest.mark.parametrize(
    "shapes",
    [(), ((),), ((3,), ()), ((3, 1), (4,)), ((1,), (0,)), ((2, 1, 5), (1, 4, 1), (5,)), (torch.Size((6, 1)), (6, 7))],
)
def test_broadcast_shapes_is_torchs(shapes):
    """models.checks.broadcast_shapes (cached, written out: torch's costs about 11 µs a call) gives torch's
    broadcast, and where shapes do not broadcast one clear error naming them."""
    assert broadcast_shapes(*shapes) == torch.broadcast_shapes(*shapes)


def test_broadcast_shapes_refuses_shapes_that_do_not_broadcast():
    with pytest.raises(InvalidInputError, match=r"shapes \(3,\), \(4,\) do not broadcast"):
        broadcast_shapes((3,), (4,))
    with pytest.raises(InvalidInputError, match="do not broadcast"):
        broadcast_shapes((2, 3), (3, 1), (4, 3))


def test_ntk_drift_is_the_sup_over_the_whole_run_of_plain_gd():
    """du2018a.ntk_drift's measurement (a slow claim, which the default run does not check) against plain GD written
    here: η = eta_scale/λ_max(H∞) (torch.linalg.eigvalsh), K = ⌈horizon/(ηλ0)⌉ steps of the closed-form gradient,
    and sup_k ‖H(k) − H(0)‖₂ over every step, on the same draws."""
    from claims import get
    from claims.catalogue.du2018a.params import train_setup
    from claims.catalogue.du2018a.trials_kernel import _drift
    from claims.spec import Instance

    claim = get("du2018a.ntk_drift")
    instance = Instance(claim.resolve({"n": 4, "d": 6, "horizon": 2.0}), 0)
    m, batch = 16, 3
    measured = _drift(instance, m, torch.Generator().manual_seed(5), "cpu", F64, batch)
    X, y, W, a, lam0 = train_setup(instance, torch.Generator().manual_seed(5), "cpu", F64, batch, m=m)
    eta = float(instance["eta_scale"] / torch.linalg.eigvalsh(two_layer.h_infinity(X))[-1])
    H0, sup = two_layer.gram(X, W), torch.zeros(batch, dtype=F64)
    for _ in range(math.ceil(instance["horizon"] / (eta * lam0))):
        W = W - eta * two_layer.grad_w(X, W, a, y)
        sup = torch.maximum(sup, torch.linalg.matrix_norm(two_layer.gram(X, W) - H0, 2))
    assert torch.allclose(measured, sup, rtol=1e-9, atol=1e-14)
    # a step too small to flip any pattern leaves H(k) = H(0) exactly: a drift of 0 cannot enter the log-log fit,
    # and the trial is undecided rather than a point at log 0 = −∞
    still = Instance(claim.resolve({"n": 4, "d": 6, "eta_scale": 1e-12, "horizon": 1e-12}), 0)
    out = claim.trial(still, torch.Generator().manual_seed(5), "cpu", F64, 4)
    assert (out.details["value"] == 0).all() and out.undecided_mask().all()
