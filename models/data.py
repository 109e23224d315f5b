"""Instance generators: input matrices X (n×d, unit rows) and labels, drawn from an explicit generator.

Every function takes ``batch`` (a tuple of leading dimensions) so that many instances are drawn at once. The
synthetic geometries draw X; the real ones (``digits``, ``file``: models.datasets) draw n rows of a fixed pool
without replacement, with the pool's labels where it has them (:func:`draw_labelled`).
"""

from __future__ import annotations

import math

import torch

from models import datasets
from models.checks import InvalidInputError, check_positive, check_size

#: drawn afresh from the generator: any n and d
SYNTHETIC = ("sphere", "clustered", "near_parallel")
#: n rows of a fixed pool (models.datasets): d is the pool's, and the pool may carry labels
REAL = ("digits", "file")
GEOMETRIES = SYNTHETIC + REAL


def _normalise(x: torch.Tensor) -> torch.Tensor:
    return x / torch.linalg.vector_norm(x, dim=-1, keepdim=True)


def sphere(n: int, d: int, *, generator, batch=(), dtype=torch.float64, device="cpu") -> torch.Tensor:
    """n points uniform on the unit sphere S^{d−1}: normalised standard Gaussians, shape (*batch, n, d)."""
    check_size("n", n)
    check_size("d", d)
    return _normalise(torch.randn(*batch, n, d, generator=generator, dtype=dtype, device=device))


def clustered(
    n: int, d: int, *, clusters: int = 2, spread: float = 0.1, generator, batch=(), dtype=torch.float64, device="cpu"
) -> torch.Tensor:
    """n points in ``clusters`` groups: x = normalise(c + spread·g/√d), c uniform on the sphere, g ~ N(0, I_d).

    Point i belongs to cluster i mod clusters. Small ``spread`` makes rows nearly parallel within a cluster.
    """
    check_size("n", n)
    check_size("d", d)
    check_size("clusters", clusters)
    check_positive("spread", spread)
    centres = sphere(clusters, d, generator=generator, batch=batch, dtype=dtype, device=device)
    noise = torch.randn(*batch, n, d, generator=generator, dtype=dtype, device=device)
    owner = torch.arange(n, device=device) % clusters
    return _normalise(centres[..., owner, :] + spread * noise / math.sqrt(d))


def near_parallel(
    n: int, d: int, *, min_angle: float, generator, batch=(), dtype=torch.float64, device="cpu"
) -> torch.Tensor:
    """n sphere points of which x_1 is turned to make angle exactly ``min_angle`` with x_0.

    x_1 = cos θ · x_0 + sin θ · v with v a unit vector orthogonal to x_0, so ∠(x_0, x_1) = θ. The other
    pairs are at random angles, almost surely larger for θ small. Needs n ≥ 2 and d ≥ 2.
    """
    check_size("n", n, 2)
    check_size("d", d, 2)
    if not 0 < min_angle <= math.pi / 2:
        raise InvalidInputError(f"min_angle must be in (0, π/2], got {min_angle!r}")
    X = sphere(n, d, generator=generator, batch=batch, dtype=dtype, device=device)
    x0, g = X[..., 0, :], X[..., 1, :]
    v = _normalise(g - (g * x0).sum(-1, keepdim=True) * x0)
    X = X.clone()
    X[..., 1, :] = _normalise(math.cos(min_angle) * x0 + math.sin(min_angle) * v)
    return X


def pool(geometry: str, *, data_file: str | None = None, normalise: bool = False) -> datasets.Pool:
    """The fixed pool of a real geometry: scikit-learn's digits, or the user's ``data_file`` (validated)."""
    if geometry == "digits":
        return datasets.digits()
    if geometry == "file":
        if data_file is None:
            raise InvalidInputError(
                "geometry file needs data_file: the path of a .npy (X) or .npz (X, y) file, e.g. "
                "--set data_file=/path/data.npz"
            )
        return datasets.load(data_file, normalise)
    raise InvalidInputError(f"geometry must be one of {', '.join(REAL)} to have a pool; got {geometry!r}")


def check_pool_fits(geometry: str, n: int, d: int, **options) -> datasets.Pool:
    """The pool of a real geometry, with n ≤ its rows and d its column count (else one error naming n or d)."""
    p = pool(geometry, **options)
    if d != p.dim:
        raise InvalidInputError(f"d must be {p.dim}, the columns of {p.source} (geometry {geometry}); got d = {d}")
    if n > p.rows:
        raise InvalidInputError(f"n must be at most the {p.rows} rows of {p.source} (geometry {geometry}); got n = {n}")
    return p


def draw_labelled(
    geometry: str, n: int, d: int, *, generator, batch=(), dtype=torch.float64, device="cpu", **options
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """X of ``geometry`` ∈ GEOMETRIES and the labels that come with it: those of the pool for a real geometry
    that has them (digits: ±1 by parity; an .npz's y), None otherwise (a claim then draws its own). ``options``
    go to the generator (spread, clusters, min_angle; data_file, normalise)."""
    if geometry in REAL:
        p = check_pool_fits(geometry, n, d, **options)
        return datasets.subsample(p, n, generator=generator, batch=batch, dtype=dtype, device=device)
    return draw(geometry, n, d, generator=generator, batch=batch, dtype=dtype, device=device, **options), None


def draw(
    geometry: str, n: int, d: int, *, generator, batch=(), dtype=torch.float64, device="cpu", **options
) -> torch.Tensor:
    """Dispatch on ``geometry`` ∈ GEOMETRIES; ``options`` go to the generator (spread, clusters, min_angle;
    data_file, normalise). A real geometry's labels are dropped here: :func:`draw_labelled` keeps them."""
    if geometry == "sphere":
        return sphere(n, d, generator=generator, batch=batch, dtype=dtype, device=device)
    if geometry == "clustered":
        return clustered(n, d, generator=generator, batch=batch, dtype=dtype, device=device, **options)
    if geometry == "near_parallel":
        return near_parallel(n, d, generator=generator, batch=batch, dtype=dtype, device=device, **options)
    if geometry in REAL:
        return draw_labelled(geometry, n, d, generator=generator, batch=batch, dtype=dtype, device=device, **options)[0]
    raise InvalidInputError(f"geometry must be one of {', '.join(GEOMETRIES)}; got {geometry!r}")


def gaussian_labels(n: int, *, generator, batch=(), dtype=torch.float64, device="cpu") -> torch.Tensor:
    """y ~ N(0, I_n), shape (*batch, n) (the experiment of Section 6 and Zhang's slides on the paper (2023))."""
    check_size("n", n)
    return torch.randn(*batch, n, generator=generator, dtype=dtype, device=device)
