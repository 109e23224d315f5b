"""Draws of H(0) (models.two_layer.random_gram, models.preactivations): the factor route against the plain one, the
vectorised Box–Muller against torch's normal_, and exact low-precision pattern counts against float64, all in
one run (``tox -e bench``). Timings are recorded, never asserted.

* ``draws_lemma3_1_n20``: Lemma 3.1's literal shape at n = 20 (d = 40, m = 4·10⁵, the literal m₁ of the
  default instance is 3.99·10⁵), 8 trials: the plain route (W drawn, today's way) against the factor route.
* ``draws_ratio_*``: both routes at d/n = 0.5, 1 and 2 (n = 20, m = 10⁵, 8 trials): the measurement behind
  models.preactivations.FACTOR_CROSSOVER.
* ``normals``: 2²⁰ float64 normals, torch's normal_ against models.preactivations.standard_normal_.
* ``counts``, ``counts_n320``: SᵀS of a 2·10⁵ × 50 and a 2·10⁵ × 320 (the width table's n) pattern matrix in
  float64 (today's reference), float32, int8 (CPU) and the method ``auto`` takes on this machine (int8 where a
  probe finds it the faster, float32 otherwise); int8 at n = 320 only where it wins at n = 50, since elsewhere
  it ran minutes.
* ``signs``: the pattern 1{Z F ≥ 0} of one plain-route chunk at the width table's fixed-d shape (10⁵ neurons,
  d = 10, n = 320): the whole float product then the comparison (the way before models.preactivations.signs)
  against signs' blocks of rows, compared as they are made (on a GPU both are the whole product).
"""

import pytest
import torch

from models import data, preactivations, two_layer

pytestmark = pytest.mark.bench
RATIOS = (0.5, 1.0, 2.0)


def _sync(device):
    if torch.device(device).type == "cuda":
        torch.cuda.synchronize()


def _record(benchmark, group, ours, **extra):
    benchmark.extra_info.update(
        group_key=group, ours=ours, scale=1, full_size_seconds=benchmark.stats.stats.median, **extra
    )


def _gram(benchmark, device, n, d, m, route, rounds):
    g = torch.Generator(device=device).manual_seed(0)
    X = data.sphere(n, d, generator=g, device=device)

    def run():
        H = two_layer.random_gram(X, m, generator=g, batch=8, route=route)
        _sync(device)
        return H

    benchmark.pedantic(run, rounds=rounds, iterations=1)


@pytest.mark.parametrize("route", ["plain", "factor"])
def test_draws_lemma3_1_n20(benchmark, device, route):
    _gram(benchmark, device, 20, 40, 400_000, route, rounds=2)
    _record(benchmark, "draws_lemma3_1_n20", route == "factor", route=route)


@pytest.mark.parametrize("route", ["plain", "factor"])
@pytest.mark.parametrize("ratio", RATIOS)
def test_draws_by_shape(benchmark, device, ratio, route):
    _gram(benchmark, device, 20, int(20 * ratio), 100_000, route, rounds=3)
    _record(benchmark, f"draws_ratio_{ratio}", route == "factor", route=route, d_over_n=ratio)


@pytest.mark.parametrize("how", ["torch_normal", "box_muller"])
def test_normals(benchmark, device, how):
    g = torch.Generator(device=device).manual_seed(0)
    out = torch.empty(2**20, dtype=torch.float64, device=device)
    scratch = torch.empty(2**19, dtype=torch.float64, device=device)

    def run():
        if how == "torch_normal":
            out.normal_(generator=g)
        else:
            preactivations.standard_normal_(out, generator=g, scratch=scratch)
        _sync(device)

    benchmark.pedantic(run, rounds=5, iterations=1)
    _record(benchmark, "normals", how == "box_muller")


@pytest.mark.parametrize("method", ["float64", "float32", "int8", "auto"])
@pytest.mark.parametrize("n", [50, 320])
def test_counts(benchmark, device, method, n):
    kind = torch.device(device).type
    if method == "int8" and not preactivations.int8_counts_supported(kind):
        pytest.skip(f"no int8 product with int32 accumulation for any shape on {device}")
    if method == "int8" and n > 50 and not preactivations.int8_counts_faster(kind):
        pytest.skip(f"int8 is the slower here at n = 50 already (its probe); at n = {n} it would take minutes")
    S = torch.rand(200_000, n, generator=torch.Generator(device=device).manual_seed(0), device=device) < 0.5

    def run():
        C = preactivations.counts(S, torch.float64, method=method)
        _sync(device)
        return C

    benchmark.pedantic(run, rounds=5, iterations=1)
    _record(benchmark, "counts" if n == 50 else f"counts_n{n}", method == "auto", method=method, n=n)


@pytest.mark.parametrize("how", ["whole_product", "row_blocks"])
def test_signs(benchmark, device, how):
    g = torch.Generator(device=device).manual_seed(0)
    Z = torch.randn(100_000, 10, generator=g, dtype=torch.float64, device=device)
    F = data.sphere(320, 10, generator=g, device=device).T

    def run():
        S = Z @ F >= 0 if how == "whole_product" else preactivations.signs(Z, F)
        _sync(device)
        return S

    benchmark.pedantic(run, rounds=5, iterations=1)
    _record(benchmark, "signs_fixed_d_n320", how == "row_blocks")
