"""The real data geometries (models.datasets, models.data): scikit-learn's digits and a user's own arrays.

The digits draw the same rows bit for bit for one seed, without replacement, as unit rows; their labels are
±1 by parity; no two digits rows are parallel and a subset's λ0 is positive beyond rounding. A user's file is
validated with one clear error per fault, naming the parameter (data_file) and its value.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch

from models import data, datasets, two_layer
from models.checks import InvalidInputError
from models.numerics import lambda_min_and_tolerance, unit_norm_tolerance
from tests.helpers import write_data_files

F64, F32 = torch.float64, torch.float32


def gen(seed=0):
    return torch.Generator().manual_seed(seed)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    write_data_files(folder)
    return folder


def test_digits_pool_is_sklearns_digits_with_unit_rows_and_parity_labels():
    from sklearn.datasets import load_digits

    pool = datasets.digits()
    raw = load_digits()
    assert (pool.rows, pool.dim) == (datasets.DIGITS_ROWS, datasets.DIGITS_DIM) == raw.data.shape
    # each row is the image scaled by its own norm: the direction of the raw row, exactly as computed there
    assert torch.equal(pool.X, torch.from_numpy(raw.data / np.linalg.norm(raw.data, axis=1, keepdims=True)))
    assert torch.equal(pool.y, torch.from_numpy(np.where(raw.target % 2 == 0, 1.0, -1.0)))


@pytest.mark.parametrize("dtype", [F64, F32])
def test_digits_draw_the_same_rows_bit_for_bit_for_one_seed_without_replacement(dtype):
    X1, y1 = data.draw_labelled("digits", 30, 64, generator=gen(5), batch=(4,), dtype=dtype)
    X2, y2 = data.draw_labelled("digits", 30, 64, generator=gen(5), batch=(4,), dtype=dtype)
    assert X1.shape == (4, 30, 64) and y1.shape == (4, 30) and X1.dtype == y1.dtype == dtype
    assert torch.equal(X1, X2) and torch.equal(y1, y2)
    X64, _ = data.draw_labelled("digits", 30, 64, generator=gen(5), batch=(4,))
    assert torch.equal(X1, X64.to(dtype))  # the same rows in either dtype: the keys are float64
    assert not torch.equal(X1, data.draw("digits", 30, 64, generator=gen(6), batch=(4,), dtype=dtype))
    # the first n of one permutation: for one seed, fewer rows are a prefix of more (nested subsets)
    assert torch.equal(data.draw("digits", 12, 64, generator=gen(5), batch=(4,), dtype=dtype), X1[..., :12, :])
    pool = datasets.digits()
    rows = (X64.unsqueeze(-2) == pool.X).all(-1)  # (4, 30, 1797): which pool row each drawn row is
    assert (rows.sum(-1) == 1).all()  # every drawn row is one row of the pool (its rows are distinct)
    idx = rows.to(torch.int64).argmax(-1)
    assert all(len(set(i.tolist())) == 30 for i in idx)  # without replacement
    assert torch.equal(y1.to(F64), pool.y[idx])  # each label is its row's
    # |‖x_i‖ − 1| within the rounding of a normalisation of a row of length 64 in the drawn dtype
    tol = unit_norm_tolerance(64, dtype)
    assert float((torch.linalg.vector_norm(X1.to(F64), dim=-1) - 1).abs().max()) <= tol


def test_digits_have_no_parallel_rows_and_positive_lambda0():
    pool = datasets.digits()
    _, _, c = datasets.closest_pair(pool.X)
    assert 1 - c > datasets.parallel_tolerance(64, torch.finfo(F64).eps)
    assert c == pytest.approx(float((pool.X @ pool.X.T - 2 * torch.eye(pool.rows, dtype=F64)).amax()), abs=0)
    X = data.draw("digits", 40, 64, generator=gen(1))
    lam0, tol = lambda_min_and_tolerance(two_layer.h_infinity(X))
    assert lam0 > tol  # λ0 > 0 beyond its rounding (8·n·eps·‖H∞‖_F)


def test_closest_pair_across_blocks_names_the_rows_of_the_pool():
    """A pool of more rows than one block of the cosine matrix holds (2²² entries: 1,997 rows of 2,100 at once)
    with its one antiparallel pair in the second block: the pair is found and named by its rows in the pool, not
    by their places in the block."""
    g = torch.Generator().manual_seed(3)
    X = torch.nn.functional.normalize(torch.randn(2100, 8, generator=g, dtype=F64), dim=-1)
    X[2090] = -X[2050]
    assert datasets._BLOCK_ELEMENTS // 2100 < 2050  # premise: both rows lie beyond the first block
    i, j, c = datasets.closest_pair(X)
    assert (i, j) == (2050, 2090) and c == pytest.approx(1.0, abs=1e-15)
    with pytest.raises(InvalidInputError, match="rows 2050 and 2090 of X are antiparallel"):
        datasets.check_no_parallel_rows("pool", X, float(torch.finfo(F64).eps))


@pytest.mark.parametrize(
    ("n", "d", "message"),
    [
        (10, 5, "d must be 64, the columns of scikit-learn's digits (geometry digits); got d = 5"),
        (1798, 64, "n must be at most the 1797 rows of scikit-learn's digits (geometry digits); got n = 1798"),
    ],
)
def test_digits_refuse_another_d_or_more_rows_than_the_pool(n, d, message):
    with pytest.raises(InvalidInputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        data.draw("digits", n, d, generator=gen())


def test_a_users_npz_gives_its_rows_and_labels_and_an_npy_its_rows(files):
    X, y = data.draw_labelled("file", 12, 3, generator=gen(2), data_file=str(files / "unit.npz"))
    saved = np.load(files / "unit.npz")
    order = np.argsort(y.numpy())
    np.testing.assert_array_equal(np.sort(saved["y"]), y.numpy()[order])
    X0, y0 = data.draw_labelled("file", 5, 3, generator=gen(2), data_file=str(files / "unit.npy"))
    assert y0 is None and X0.shape == (5, 3)
    # raw rows: refused without normalise, scaled with it (to the rows of unit.npy: the same directions)
    Xr, _ = data.draw_labelled("file", 5, 3, generator=gen(2), data_file=str(files / "raw.npy"), normalise=True)
    torch.testing.assert_close(Xr, X0, rtol=0, atol=unit_norm_tolerance(3, F64))
    assert X.shape == (12, 3) and y.shape == (12,)


@pytest.mark.parametrize(("name", "norm"), [("huge.npy", "1e+300"), ("tiny.npy", "1e-300")])
def test_rows_near_either_end_of_float64_are_measured_and_normalised_without_overflow(files, name, norm):
    """A row of entries near 1e300 has a finite norm and a row near 1e-300 a nonzero one: each is reported with
    its true norm, and normalise scales it to the direction of unit.npy's row (before, squaring overflowed to an
    infinite norm, which normalised every row to zero, or underflowed to a zero row)."""
    with pytest.raises(InvalidInputError, match=re.escape(f"the first row 0 with norm {norm}")):
        data.draw("file", 5, 3, generator=gen(2), data_file=str(files / name))
    X, _ = data.draw_labelled("file", 5, 3, generator=gen(2), data_file=str(files / name), normalise=True)
    X0, _ = data.draw_labelled("file", 5, 3, generator=gen(2), data_file=str(files / "unit.npy"))
    torch.testing.assert_close(X, X0, rtol=0, atol=unit_norm_tolerance(3, F64))


BAD_FILES = [
    ("unit.npz", {"n": 13}, "n must be at most the 12 rows of data_file"),
    ("unit.npz", {"d": 4}, "d must be 3, the columns of data_file"),
    ("raw.npy", {}, "(within 2.7e-15): 11 of 12 are not, the first row 1 with norm 2: add --set normalise=true"),
    ("nonfinite.npz", {}, "X must be finite, got 1 non-finite entries (the first at index (2, 1))"),
    ("nonfinite_y.npz", {}, "y must be finite, got 1 non-finite entries (the first at index (4,))"),
    ("flat.npz", {}, "X must be 2-D (rows × d) and not empty, got shape (36,)"),
    ("short_y.npz", {}, "y must be 1-D with one label per row of X (12), got shape (11,)"),
    ("no_x.npz", {}, "has no array 'X' (it holds: inputs)"),
    ("parallel.npz", {}, "rows 4 and 12 of X are parallel"),
    ("antiparallel.npz", {}, "rows 2 and 12 of X are antiparallel"),
    ("zero_row.npy", {"normalise": True}, "row 12 of X is zero and cannot be normalised"),
    ("objects.npy", {}, "is not a readable .npy/.npz file"),
    ("not_numpy.npz", {}, "is not a readable .npy/.npz file: it starts with neither the .npy signature"),
    ("data.csv", {}, "parameter data_file must be a .npy or .npz file"),
    ("missing.npz", {}, "parameter data_file cannot be read"),
]


@pytest.mark.parametrize(("name", "options", "message"), BAD_FILES)
def test_a_bad_users_file_is_one_clear_error_naming_data_file(files, name, options, message):
    kw = {"n": 5, "d": 3, **options}
    with pytest.raises(InvalidInputError) as info:
        data.draw(
            "file", kw["n"], kw["d"], generator=gen(), data_file=str(files / name), normalise=kw.get("normalise", False)
        )
    assert message in str(info.value) and str(files / name) in str(info.value)
    if "n must" not in message and "d must" not in message:
        assert "data_file" in str(info.value)


@pytest.mark.parametrize(("dtype", "refused"), [(np.float32, True), (np.float64, False)])
def test_rows_parallel_within_the_files_own_rounding_are_refused(tmp_path, dtype, refused):
    """Two rows a few float32 ulps apart (1 − cos ≈ 1e-14) are parallel within the rounding of a float32 file's
    normalisation (datasets.parallel_tolerance: t²/2 with t = 4·d·eps₃₂, 1e-12 at d = 3) but distinct in a
    float64 file, whose tolerance at d = 3 is 4·d·eps₆₄ = 2.7e-15: the tolerance is the file's dtype's."""
    X = np.random.default_rng(0).standard_normal((12, 3))
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    twin = X[4].copy()
    twin[0] *= 1 + 4 * float(np.finfo(np.float32).eps)  # ‖twin − x_4‖ ≈ 1e-7
    twin /= np.linalg.norm(twin)  # a unit row in either dtype, a direction 1e-7 from x_4's
    rows = np.vstack([X, twin]).astype(dtype)
    unit = torch.nn.functional.normalize(torch.from_numpy(rows.astype(np.float64)), dim=-1)
    one_minus_cos = 1 - float(unit[4] @ unit[12])
    # premise: the pair sits between the two dtypes' tolerances, so only the file's dtype decides
    f32, f64 = (float(np.finfo(t).eps) for t in (np.float32, np.float64))
    assert datasets.parallel_tolerance(3, f64) < one_minus_cos < datasets.parallel_tolerance(3, f32)
    path = tmp_path / "twins.npy"
    np.save(path, rows)
    if refused:
        with pytest.raises(InvalidInputError, match="rows 4 and 12 of X are parallel"):
            datasets.load(str(path))
    else:
        assert datasets.load(str(path)).rows == 13


def test_geometry_file_needs_a_data_file():
    with pytest.raises(InvalidInputError, match="geometry file needs data_file"):
        data.draw("file", 5, 3, generator=gen())
