"""Real data for the two-layer claims: scikit-learn's bundled digits and a user's own arrays (.npy / .npz).

Each is a fixed pool of N unit rows x_i ∈ S^{d−1} (the model's input domain, Du et al. 2018a, Section 3:
‖x_i‖ = 1), with a label per row where the pool has labels; an instance draws n rows without replacement
from its seeded torch.Generator (:func:`subsample`). Every pool is validated once when loaded, with one
clear error per fault naming the parameter (``data_file``) and its value: non-finite entries, wrong shapes,
rows not of unit norm (refused unless ``normalise`` is asked for explicitly, never scaled silently) and
parallel rows (Theorem 3.1's hypothesis x_i ∦ x_j, which every claim built on λ0 > 0 assumes).
"""

from __future__ import annotations

import functools
import os
import zipfile
from dataclasses import dataclass

import numpy as np
import torch

from models.errors import InvalidInputError, check_positive, check_size

#: scikit-learn's digits (Alpaydin & Kaynak 1998, the UCI optical digits test set): 1,797 images of 8×8 pixels
DIGITS_ROWS, DIGITS_DIM = 1797, 64
#: rows of the block of the N×N cosine matrix formed at once when looking for parallel rows
_BLOCK_ELEMENTS = 2**22


@dataclass(frozen=True)
class Pool:
    """N unit rows X (N, d) in float64 on the CPU, labels y (N,) or None, and where they came from."""

    X: torch.Tensor
    y: torch.Tensor | None
    source: str

    @property
    def rows(self) -> int:
        return self.X.shape[0]

    @property
    def dim(self) -> int:
        return self.X.shape[1]


def parallel_tolerance(d: int, source_eps: float) -> float:
    """Largest 1 − |cos ∠(x_i, x_j)| at which two unit rows of length d are parallel within rounding:
    4·d·eps₆₄, the rounding of their float64 dot product, plus t²/2 with t = 4·d·source_eps the rounding of a
    row normalised in its source's dtype (models.numerics.unit_norm_tolerance's rule; ‖x_i − x_j‖² = 2(1 − cos)).
    Two rows this close cannot be told from parallel, and λ0 is then 0 within rounding."""
    d, source_eps = check_size("d", d), check_positive("source_eps", source_eps)
    t = 4 * d * source_eps
    return 4 * d * float(np.finfo(np.float64).eps) + t * t / 2


def closest_pair(X: torch.Tensor) -> tuple[int, int, float]:
    """(i, j, c): the pair of distinct rows of unit X (N, d) with the largest |cos| = |x_iᵀx_j| = c, i < j.
    Blocks of rows against all rows (a loop over blocks, once per pool), never the whole N×N at once."""
    n = X.shape[0]
    if n < 2:
        return 0, 0, 0.0
    block = max(1, _BLOCK_ELEMENTS // n)
    best = (0, 1, -1.0)
    for start in range(0, n, block):
        c = (X[start : start + block] @ X.T).abs()
        rows = torch.arange(start, min(start + block, n))
        c[rows - start, rows] = -1.0  # a row with itself
        flat = int(c.argmax())
        i, j = divmod(flat, n)
        value = float(c[i, j])
        if value > best[2]:
            best = (min(start + i, j), max(start + i, j), value)
    return best


def check_no_parallel_rows(name: str, X: torch.Tensor, source_eps: float) -> None:
    """Refuse unit rows X (N, d) with two rows parallel or antiparallel within rounding
    (:func:`parallel_tolerance`): Du et al. 2018a, Theorem 3.1 assumes x_i ∦ x_j for every i ≠ j."""
    i, j, c = closest_pair(X)
    tol = parallel_tolerance(X.shape[1], source_eps)
    if X.shape[0] >= 2 and 1 - c <= tol:  # 1 − |cos| within the rounding of the cosine: parallel
        sign = "parallel" if float(X[i] @ X[j]) > 0 else "antiparallel"
        raise InvalidInputError(
            f"{name}: rows {i} and {j} of X are {sign} (1 − |cos| = {1 - c:.3g} ≤ {tol:.3g}, the rounding of "
            "the cosine): the claims assume no two inputs parallel (x_i ∦ x_j, Du et al. 2018a Theorem 3.1)"
        )


@functools.cache
def digits() -> Pool:
    """scikit-learn's bundled digits (no download): 1,797 rows of 64 pixel intensities 0–16, each row scaled to
    unit norm (every image has ink: no row is zero). Labels y_i = +1 for an even digit, −1 for an odd one (a
    binary task of the dataset's own classes, of the ±1 form of Arora et al. 2019's experiments)."""
    from sklearn.datasets import load_digits  # imported on use: scikit-learn is slow to import

    bunch = load_digits()
    raw = torch.from_numpy(np.asarray(bunch.data, dtype=np.float64))
    X = raw / torch.linalg.vector_norm(raw, dim=-1, keepdim=True)
    y = torch.from_numpy(np.where(np.asarray(bunch.target) % 2 == 0, 1.0, -1.0))
    check_no_parallel_rows("geometry digits", X, float(np.finfo(np.float64).eps))
    return Pool(X, y, "scikit-learn's digits")


def load(path: str, normalise: bool = False) -> Pool:
    """The pool of a user's file, validated (:func:`_load`, cached per path, size, modification time and
    ``normalise``): ``.npy`` holds X (N, d); ``.npz`` holds X and optionally y (N,). Without ``normalise``
    every row must have unit norm within the rounding of the file's dtype (4·d·eps, models.numerics.
    unit_norm_tolerance's rule) and is then rescaled to unit norm in float64 (a change within that rounding);
    with it each row is scaled to unit norm (a zero row, which has no direction, is refused)."""
    if not isinstance(path, str) or not path:
        raise InvalidInputError(f"parameter data_file must be a path to a .npy or .npz file, got {path!r}")
    if not path.endswith((".npy", ".npz")):
        raise InvalidInputError(f"parameter data_file must be a .npy or .npz file, got {path!r}")
    try:
        st = os.stat(path)
    except (OSError, ValueError) as exc:  # ValueError: a path with a NUL byte
        reason = getattr(exc, "strerror", None) or str(exc)
        raise InvalidInputError(f"parameter data_file cannot be read: {path!r} ({reason})") from None
    if not os.path.isfile(path):
        raise InvalidInputError(f"parameter data_file is not a file: {path!r}")
    return _load(os.path.realpath(path), st.st_size, st.st_mtime_ns, bool(normalise), path)


def _why_unreadable(real: str, exc: Exception) -> str:
    """numpy's reason, except where a file without the .npy/.npz signature makes numpy guess it holds a pickle:
    numpy reads anything that is neither a zip archive nor a .npy file as one."""
    try:
        with open(real, "rb") as f:
            head = f.read(6)
    except OSError:
        return str(exc)
    if head != b"\x93NUMPY" and not head.startswith(b"PK"):
        return "it starts with neither the .npy signature (\\x93NUMPY) nor a zip archive's (.npz)"
    return str(exc)


@functools.lru_cache(maxsize=8)
def _load(real: str, size: int, mtime: int, normalise: bool, path: str) -> Pool:
    where = f"data_file {path!r}"
    try:
        loaded = np.load(real, allow_pickle=False)
        if isinstance(loaded, np.ndarray):  # a .npy holds X alone
            arrays = {"X": loaded}
        else:
            with loaded:
                arrays = {k: np.asarray(loaded[k]) for k in loaded.files}
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as exc:
        raise InvalidInputError(
            f"parameter {where} is not a readable .npy/.npz file: {_why_unreadable(real, exc)}"
        ) from None
    if "X" not in arrays:
        raise InvalidInputError(
            f"parameter {where} has no array 'X' (it holds: {', '.join(sorted(arrays)) or 'nothing'})"
        )
    X, y = arrays["X"], arrays.get("y")
    for key, a in (("X", X), ("y", y)):
        if a is not None and not (np.issubdtype(a.dtype, np.floating) or np.issubdtype(a.dtype, np.integer)):
            raise InvalidInputError(f"parameter {where}: {key} must hold real numbers, got dtype {a.dtype}")
    if X.ndim != 2 or X.shape[0] == 0 or X.shape[1] == 0:
        raise InvalidInputError(f"parameter {where}: X must be 2-D (rows × d) and not empty, got shape {X.shape}")
    if y is not None and y.shape != (X.shape[0],):
        raise InvalidInputError(
            f"parameter {where}: y must be 1-D with one label per row of X ({X.shape[0]}), got shape {y.shape}"
        )
    for key, a in (("X", X), ("y", y)):
        if a is not None and not np.isfinite(a).all():
            bad = np.argwhere(~np.isfinite(a))[0]
            raise InvalidInputError(
                f"parameter {where}: {key} must be finite, got {int((~np.isfinite(a)).sum())} non-finite "
                f"entries (the first at index {tuple(int(b) for b in bad)})"
            )
    eps = float(np.finfo(X.dtype).eps) if np.issubdtype(X.dtype, np.floating) else float(np.finfo(np.float64).eps)
    X64 = torch.from_numpy(X.astype(np.float64))
    # Each row is divided by its largest entry before its norm is taken, so rows near either end of float64's
    # range (entries of 1e300 or 1e-300) neither overflow to an infinite norm nor underflow to a zero one.
    scale = X64.abs().amax(dim=-1, keepdim=True)
    scaled = X64 / torch.where(scale > 0, scale, torch.ones_like(scale))
    inner = torch.linalg.vector_norm(scaled, dim=-1)
    norms = scale[:, 0] * inner
    if normalise:
        zero = torch.nonzero(norms == 0)
        if len(zero):
            raise InvalidInputError(f"parameter {where}: row {int(zero[0])} of X is zero and cannot be normalised")
    else:
        tol = 4 * X.shape[1] * eps  # the rounding of a normalisation in the file's dtype (unit_norm_tolerance)
        off = torch.nonzero((norms - 1).abs() > tol)[:, 0]
        if len(off):
            first = int(off[0])
            raise InvalidInputError(
                f"parameter {where}: rows of X must have unit norm (within {tol:.1e}): {len(off)} of {len(norms)} "
                f"are not, the first row {first} with norm {float(norms[first]):.6g}: add --set normalise=true "
                "to scale each row to unit norm"
            )
    X64 = scaled / inner[:, None]
    check_no_parallel_rows(f"parameter {where}", X64, eps)
    labels = None if y is None else torch.from_numpy(y.astype(np.float64))
    return Pool(X64, labels, where)


def subsample(
    pool: Pool, n: int, *, generator, batch=(), dtype=torch.float64, device="cpu"
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """n rows of ``pool`` without replacement, independently per batch entry: X (*batch, n, d) and y (*batch, n)
    (None where the pool has no labels). The rows are the first n of a uniform random permutation, the argsort
    of N uniform float64 keys from ``generator`` (ties have probability ~N²·2⁻⁵³; a stable sort breaks them the
    same way every time), so one seed draws the same rows bit for bit in any dtype, and fewer rows are a prefix
    of more (nested subsets)."""
    check_size("n", n)
    if n > pool.rows:
        raise InvalidInputError(f"n must be at most the {pool.rows} rows of {pool.source}, got n = {n}")
    keys = torch.rand(*batch, pool.rows, generator=generator, dtype=torch.float64, device=device)
    idx = keys.argsort(dim=-1, stable=True)[..., :n]
    X = pool.X.to(device)[idx].to(dtype)
    y = None if pool.y is None else pool.y.to(device)[idx].to(dtype)
    return X, y
