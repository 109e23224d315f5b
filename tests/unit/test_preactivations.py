"""models.preactivations and the routes of models.two_layer.random_gram: the factor route draws H(0) with the law
of the plain one (two-sample tests, stated α), the plain route gives today's draws bit for bit, the counts are
exact by every method, and a singular XXᵀ needs no jitter."""

import math

import pytest
import torch
from scipy import stats

from models import data, preactivations, two_layer
from models.checks import InvalidInputError

F64 = torch.float64
#: false-alarm rate of each two-sample test below (each is seeded, so its p-value is fixed; α states how
#: unlikely a failure would be if the two laws were equal)
ALPHA = 1e-3
DRAWS = 400  # independent H(0) per route


def gen(seed, device="cpu"):
    return torch.Generator(device=device).manual_seed(seed)


def _h0_samples(X, m, route, seed, device="cpu"):
    return two_layer.random_gram(X, m, generator=gen(seed, device), batch=DRAWS, route=route).cpu()


def _x_singular():
    """n = 8 unit rows in d = 4 (rank 4 < n), with a duplicated row and an antiparallel pair: XXᵀ is singular."""
    X = data.sphere(8, 4, generator=gen(5))
    X[3] = X[0]
    X[5] = -X[1]
    return X


@pytest.mark.parametrize(
    ("shape", "m"),
    [((6, 12), 64), ("singular", 48)],
    ids=["d>n", "singular_XXt_d<n"],
)
def test_factor_route_draws_h0_with_the_law_of_the_plain_route(shape, m, device):
    """Kolmogorov–Smirnov two-sample tests at α = 1e-3 each, on λ_min(H(0)) and on three entries of H(0) (a
    diagonal one, an off-diagonal one, and for the singular X the duplicated and the antiparallel pair), over
    DRAWS independent draws a route (entries are discrete: KS is conservative for them)."""
    X = (_x_singular() if shape == "singular" else data.sphere(*shape, generator=gen(1))).to(device)
    plain = _h0_samples(X, m, "plain", 11, device)
    factor = _h0_samples(X, m, "factor", 12, device)
    entries = [(0, 0), (0, 1), (2, 4)] + ([(0, 3), (1, 5)] if shape == "singular" else [])
    samples = [(two_layer.lambda_min(plain), two_layer.lambda_min(factor))]
    samples += [(plain[:, i, j], factor[:, i, j]) for i, j in entries]
    for a, b in samples:
        assert stats.ks_2samp(a.numpy(), b.numpy()).pvalue > ALPHA


def test_the_two_sample_test_has_power_at_this_size():
    """The same tests tell apart H(0) at widths 64 and 256 (the entries' standard deviations in ratio 2): equality
    in law above is not a test that passes whatever it is given. A smaller change in law can pass them."""
    X = data.sphere(6, 12, generator=gen(1))
    a, b = _h0_samples(X, 64, "factor", 12), _h0_samples(X, 256, "factor", 13)
    assert stats.ks_2samp(two_layer.lambda_min(a).numpy(), two_layer.lambda_min(b).numpy()).pvalue < ALPHA
    assert stats.ks_2samp(a[:, 0, 1].numpy(), b[:, 0, 1].numpy()).pvalue < ALPHA


def test_plain_route_reproduces_the_chunked_draw_of_w_bit_for_bit():
    """The plain route is the draw before the factor route existed: W in chunks of torch.randn(batch, c, d) with
    the same chunking, then H(W); equal bit for bit."""
    X = data.sphere(5, 9, generator=gen(2))
    m, batch, memory = 1000, 3, 20_000
    H = two_layer.random_gram(X, m, generator=gen(3), batch=batch, memory_bytes=memory, route="plain")
    step = two_layer._m_chunk(m, (5 + 9) * 8 * batch, memory)
    g = gen(3)
    W = torch.cat([torch.randn(batch, min(step, m - s), 9, generator=g, dtype=F64) for s in range(0, m, step)], 1)
    assert step < m and torch.equal(H, two_layer.gram(X, W))


@pytest.mark.parametrize("rows", [1, 7, 100, 101])
@pytest.mark.parametrize(
    ("z_batch", "f_batch", "dtype"),
    [((), (), F64), ((3,), (), F64), ((2,), (2,), F64), ((), (), torch.float32)],
    ids=["2d", "batched_z", "batched_both", "float32"],
)
def test_signs_in_row_blocks_are_the_signs_of_the_whole_product(monkeypatch, rows, z_batch, f_batch, dtype):
    """1{Z F ≥ 0} formed in blocks of ``rows`` rows (SIGN_BLOCK_BYTES set to that, so 100 rows make 1 to 100
    blocks, the last one partial for 7) equals the comparison of the whole product, entry for entry."""
    g = gen(11)
    Z = torch.randn(*z_batch, 100, 6, generator=g, dtype=dtype)
    F = torch.randn(*f_batch, 6, 13, generator=g, dtype=dtype)
    batch = math.prod(torch.broadcast_shapes(z_batch, f_batch))
    monkeypatch.setattr(preactivations, "SIGN_BLOCK_BYTES", rows * 13 * Z.element_size() * batch)
    S = preactivations.signs(Z, F)
    assert S.dtype == torch.bool and torch.equal(S, Z @ F >= 0)


@pytest.mark.parametrize("route", ["plain", "factor"])
def test_each_route_is_reproducible_bit_for_bit(route):
    X = data.sphere(7, 15, generator=gen(4))
    a = two_layer.random_gram(X, 3001, generator=gen(9), batch=5, route=route, memory_bytes=50_000)
    b = two_layer.random_gram(X, 3001, generator=gen(9), batch=5, route=route, memory_bytes=50_000)
    assert torch.equal(a, b)


def test_auto_route_is_the_factor_route_from_the_measured_crossover():
    assert preactivations.choose_route(20, 40) == "factor"
    assert preactivations.choose_route(20, math.ceil(20 * preactivations.FACTOR_CROSSOVER)) == "factor"
    assert preactivations.choose_route(20, 9) == "plain"
    with pytest.raises(InvalidInputError, match="route must be one of plain, factor, auto, got 'qr'"):
        preactivations.choose_route(2, 3, "qr")


def test_factor_of_a_singular_gram_is_exact_without_jitter():
    """RᵀR = XXᵀ to rounding, with no NaN, for a rank-deficient X (duplicated and antiparallel rows, d < n)."""
    X = _x_singular()
    R = preactivations.factor(X, "factor")
    assert R.shape == (4, 8) and torch.isfinite(R).all()
    torch.testing.assert_close(R.T @ R, X @ X.T, rtol=0, atol=32 * torch.finfo(F64).eps)


def test_standard_normal_has_the_standard_normal_law_and_is_reproducible():
    n = 200_000
    out, scratch = torch.empty(n, dtype=F64), torch.empty(n // 2, dtype=F64)
    z = preactivations.standard_normal_(out, generator=gen(6), scratch=scratch).clone()
    assert stats.kstest(z.numpy(), stats.norm.cdf).pvalue > ALPHA
    again = preactivations.standard_normal_(torch.empty(n, dtype=F64), generator=gen(6), scratch=scratch)
    assert torch.equal(z, again)
    with pytest.raises(InvalidInputError, match="even length"):
        preactivations.standard_normal_(torch.empty(3, dtype=F64), generator=gen(6), scratch=scratch)


@pytest.mark.parametrize("shape", [(1000, 7), (1, 300, 5), (4, 300, 5)])
def test_counts_are_the_same_integers_by_every_method(shape):
    S = torch.rand(shape, generator=gen(8)) < 0.5
    exact = preactivations.counts(S, F64, method="float64")
    assert torch.equal(preactivations.counts(S, F64, method="float32"), exact)
    assert torch.equal(preactivations.counts(S, F64), exact)
    if math.prod(shape[:-2]) == 1:
        assert torch.equal(preactivations.counts(S, F64, method="int8"), exact)
    else:
        with pytest.raises(InvalidInputError, match="int8 counts take a 2-D S"):
            preactivations.counts(S, F64, method="int8")
    with pytest.raises(InvalidInputError, match="method must be"):
        preactivations.counts(S, F64, method="bf16")


@pytest.mark.parametrize("faster", [True, False])
def test_auto_counts_take_int8_only_where_it_is_the_faster(monkeypatch, faster):
    if faster and not preactivations.int8_counts_supported("cpu"):
        pytest.skip("no int8 product on this CPU")
    calls = []
    int_mm = torch._int_mm
    monkeypatch.setattr(preactivations, "int8_counts_faster", lambda device_type: faster)
    monkeypatch.setattr(torch, "_int_mm", lambda a, b: calls.append(a.shape) or int_mm(a, b))
    S = torch.rand(500, 9, generator=gen(9)) < 0.5
    assert torch.equal(preactivations.counts(S, F64), preactivations.counts(S, F64, method="float64"))
    assert len(calls) == (1 if faster else 0)


@pytest.mark.parametrize(("int8_s", "float32_s", "faster"), [(0.001, 0.02, True), (0.2, 0.03, False)])
def test_int8_probe_takes_the_product_it_timed_faster(monkeypatch, int8_s, float32_s, faster):
    """The probe's decision from its timings (a stub clock: each product "takes" the seconds given), and off the
    CPU no timing at all."""
    if not preactivations.int8_counts_supported("cpu"):
        pytest.skip("no int8 product on this CPU")
    cost, timed = {"int8": int8_s, "float32": float32_s}, []

    def fake_counts(S, out_dtype, *, method):
        timed.append(method)

    def fake_repeat(stmt, number, repeat):
        stmt()
        return [cost[timed[-1]]] * repeat

    monkeypatch.setattr(preactivations, "counts", fake_counts)
    monkeypatch.setattr(preactivations.timeit, "repeat", fake_repeat)
    probe = preactivations.int8_counts_faster.__wrapped__  # the uncached function: the cache holds the real one
    assert probe("cpu") is faster and set(timed) == {"int8", "float32"}
    timed.clear()
    assert probe("cuda") is False and timed == []


def test_int8_probe_times_once_per_process():
    preactivations.int8_counts_faster("cpu")
    hits = preactivations.int8_counts_faster.cache_info().hits
    assert preactivations.int8_counts_faster("cpu") in (True, False)
    assert preactivations.int8_counts_faster.cache_info().hits == hits + 1
