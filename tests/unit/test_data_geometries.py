"""The synthetic data geometries and labels of models.data, and du2018a's draws from them (claims.catalogue.du2018a.
params.instance_data): each draw has the law its docstring states, and an instance's own parameters (clusters,
spread, min_angle, C) reach the draw.

Statistical checks use a fixed seed and a 5σ allowance on the mean of many independent draws; the exact ones
(unit rows, the closest pair's angle) are to a few ulps."""

import math

import pytest
import torch

from claims import get
from claims.catalogue.du2018a.params import instance_data
from claims.spec import Instance
from models import data

F64 = torch.float64
EPS = torch.finfo(F64).eps


def gen(seed: int = 0) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def _angle(x: torch.Tensor, z: torch.Tensor) -> torch.Tensor:
    """The angle between unit vectors, accurate near 0 and π/2 alike (atan2 of the two components)."""
    cos = (x * z).sum(-1)
    sin = torch.linalg.vector_norm(z - cos.unsqueeze(-1) * x, dim=-1)
    return torch.atan2(sin, cos)


def _cosines(X: torch.Tensor) -> torch.Tensor:
    return X @ X.transpose(-1, -2)


def test_sphere_rows_are_unit_and_uniform_on_the_sphere():
    """Uniform on S^{d−1}: every coordinate has mean 0 and second moment 1/d (a draw restricted to an orthant,
    or not rotation invariant, moves the means by far more than 5σ = 5/√(dN))."""
    N, d = 4000, 3
    X = data.sphere(N, d, generator=gen(1), dtype=F64)
    torch.testing.assert_close(torch.linalg.vector_norm(X, dim=-1), torch.ones(N, dtype=F64), rtol=0, atol=8 * EPS)
    assert bool((X.mean(0).abs() < 5 / math.sqrt(d * N)).all())
    # Var(x_k²) ≤ E x_k⁴ ≤ 1/d: 5σ of the mean of N squares
    assert bool(((X**2).mean(0) - 1 / d).abs().max() < 5 / math.sqrt(d * N))


def test_clustered_rows_belong_to_the_cluster_of_their_index_mod_clusters():
    """Point i belongs to cluster i mod clusters: at spread 1e-3 rows of one cluster are nearly parallel
    (cos ≥ 1 − 1e-4; their distance is about spread·√2) and rows of different clusters are not (random
    centres in d = 20)."""
    k, n = 3, 9
    X = data.clustered(n, 20, clusters=k, spread=1e-3, generator=gen(2), dtype=F64)
    idx = torch.arange(n)
    same = (idx[:, None] % k) == (idx[None, :] % k)
    cos = _cosines(X)
    assert bool((cos[same] > 1 - 1e-4).all()) and bool((cos[~same] < 0.99).all())


@pytest.mark.parametrize("d", [4, 100])
def test_clustered_spread_is_the_noise_scale_whatever_the_dimension(d):
    """x = normalise(c + spread·g/√d): the noise has norm about spread in every dimension, so two rows of one
    cluster are at squared distance about 2·spread²/(1 + spread²), averaged here over all pairs of 60 rows."""
    spread, n = 0.1, 60
    X = data.clustered(n, d, clusters=1, spread=spread, generator=gen(3), dtype=F64)
    sq = torch.cdist(X, X) ** 2
    mean = float(sq.sum() / (n * (n - 1)))
    expected = 2 * spread**2 / (1 + spread**2)
    assert 0.5 * expected < mean < 2 * expected, (mean, expected)


@pytest.mark.parametrize("min_angle", [1e-6, 0.3, math.pi / 2])
def test_near_parallel_turns_the_second_row_to_exactly_min_angle_from_the_first(min_angle):
    """∠(x_0, x_1) = min_angle to rounding, on every instance of a batch, with unit rows; π/2, the largest
    angle between lines, is in the domain."""
    X = data.near_parallel(6, 5, min_angle=min_angle, generator=gen(4), batch=(3,), dtype=F64)
    torch.testing.assert_close(torch.linalg.vector_norm(X, dim=-1), torch.ones(3, 6, dtype=F64), rtol=0, atol=8 * EPS)
    angle = _angle(X[..., 0, :], X[..., 1, :])
    torch.testing.assert_close(angle, torch.full((3,), min_angle, dtype=F64), rtol=16 * EPS, atol=16 * EPS)


def test_gaussian_labels_are_standard_normal():
    """y ~ N(0, I_n): mean 0 and variance 1 within 5σ over 20,000 labels."""
    N = 20_000
    y = data.gaussian_labels(N, generator=gen(5), dtype=F64)
    assert abs(float(y.mean())) < 5 / math.sqrt(N)
    assert abs(float(y.var()) - 1) < 5 * math.sqrt(2 / N)


def _du2018a_data(params: dict):
    claim = get("du2018a.thm3.2")
    return instance_data(Instance(claim.resolve(params), 0), "cpu", F64)


def test_du2018a_draws_x_with_the_instances_own_geometry_parameters():
    """An instance's min_angle, clusters and spread reach models.data: its closest pair is at min_angle, and its
    rows fall into ``clusters`` groups by index."""
    X, _, _ = _du2018a_data({"n": 6, "d": 8, "geometry": "near_parallel", "min_angle": 0.3})
    assert math.isclose(float(_angle(X[0], X[1])), 0.3, rel_tol=1e-12)
    X, _, _ = _du2018a_data({"n": 6, "d": 8, "geometry": "clustered", "clusters": 3, "spread": 1e-3})
    cos = _cosines(X)
    assert float(cos[0, 3]) > 1 - 1e-4 and float(cos[0, 1]) < 0.99 and float(cos[1, 2]) < 0.99


def test_du2018a_labels_are_uniform_on_minus_c_to_c():
    """y ~ Unif[−C, C]^n: within [−C, C], and over 200 labels reaching past ±C/2 on both sides."""
    C = 5.0
    _, y, _ = _du2018a_data({"n": 200, "d": 8, "C": C})
    assert bool((y.abs() <= C).all())
    assert float(y.min()) < -C / 2 and float(y.max()) > C / 2
