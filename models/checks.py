"""Input validation shared by models/ and claims/: one clear error naming the parameter and the value."""

from __future__ import annotations

import functools

import torch

# the error and the scalar checks need no torch and live in models.errors; the tolerances live in
# models.numerics: re-exported here, the import path of the suite's input validation
from models.errors import InvalidInputError as InvalidInputError
from models.errors import check_finite as check_finite
from models.errors import check_nonnegative as check_nonnegative
from models.errors import check_open_unit as check_open_unit
from models.errors import check_positive as check_positive
from models.errors import check_probability as check_probability
from models.errors import check_size as check_size
from models.numerics import eig_tolerance as eig_tolerance
from models.numerics import unit_norm_tolerance as unit_norm_tolerance

#: the floating dtypes whose tolerances the suite derives (float16/bfloat16 lack the kernels and the digits)
FLOAT_DTYPES = (torch.float32, torch.float64)


def check_matrix(name: str, x: object, *, ndim: int = 2, cols: int | None = None) -> torch.Tensor:
    """A floating tensor with ``ndim`` or more dimensions (leading ones are a batch), finite entries."""
    if not isinstance(x, torch.Tensor):
        raise InvalidInputError(f"{name} must be a torch.Tensor, got {type(x).__name__}")
    if x.dim() < ndim:
        raise InvalidInputError(f"{name} must have at least {ndim} dimensions, got shape {tuple(x.shape)}")
    if not x.is_floating_point():
        raise InvalidInputError(f"{name} must be a floating tensor, got dtype {x.dtype}")
    if cols is not None and x.shape[-1] != cols:
        raise InvalidInputError(f"{name} must have {cols} columns, got shape {tuple(x.shape)}")
    if x.numel() == 0:
        raise InvalidInputError(f"{name} must not be empty, got shape {tuple(x.shape)}")
    if not torch.isfinite(x).all():
        raise InvalidInputError(f"{name} must be finite, got {int((~torch.isfinite(x)).sum())} non-finite entries")
    return x


def check_float_dtype(name: str, x: torch.Tensor) -> torch.Tensor:
    """``x`` must be float32 or float64 (:data:`FLOAT_DTYPES`): the dtypes whose tolerances are derived."""
    if x.dtype not in FLOAT_DTYPES:
        raise InvalidInputError(f"{name} must be float32 or float64, got dtype {x.dtype}")
    return x


def check_same_dtype_device(name: str, x: torch.Tensor, ref_name: str, ref: torch.Tensor) -> torch.Tensor:
    """``x`` must share ``ref``'s dtype and device (torch would raise a bare RuntimeError, or promote silently)."""
    if x.dtype != ref.dtype:
        raise InvalidInputError(f"{name} must have the dtype of {ref_name} ({ref.dtype}), got {x.dtype}")
    if x.device != ref.device:
        raise InvalidInputError(f"{name} must be on the device of {ref_name} ({ref.device}), got {x.device}")
    return x


@functools.lru_cache(maxsize=1024)
def broadcast_shapes(*shapes: tuple[int, ...]) -> torch.Size:
    """The broadcast of shapes, as torch.broadcast_shapes gives it, or InvalidInputError where they do not broadcast.

    Written here and cached because the dynamics ask at every step: torch's is Python with symbolic-shape guards,
    about 11 µs a call (four calls made a fifth of a flow's field evaluation at n = 160, m = 300), and its first
    call imports torch's symbolic shapes, about 0.15 s (six times a small Lemma 3.1 check)."""
    ndim = max((len(s) for s in shapes), default=0)
    out = []
    for sizes in zip(*((1,) * (ndim - len(s)) + tuple(s) for s in shapes), strict=True):  # over a few dimensions
        other = {k for k in sizes if k != 1}
        if len(other) > 1:
            raise InvalidInputError(f"shapes {', '.join(str(tuple(s)) for s in shapes)} do not broadcast")
        out.append(other.pop() if other else 1)
    return torch.Size(out)


def check_batch_shapes(name: str, x: torch.Tensor, ref_name: str, ref: torch.Tensor) -> tuple[int, ...]:
    """The broadcast of the leading (batch) dimensions of two (..., r, c) tensors; raise if they do not broadcast."""
    try:
        return tuple(broadcast_shapes(x.shape[:-2], ref.shape[:-2]))
    except InvalidInputError:
        raise InvalidInputError(
            f"{name}'s batch dimensions {tuple(x.shape[:-2])} do not broadcast with {ref_name}'s "
            f"{tuple(ref.shape[:-2])}"
        ) from None


def check_unit_rows(name: str, x: torch.Tensor) -> torch.Tensor:
    """Rows of ``x`` must have unit Euclidean norm within :func:`unit_norm_tolerance`."""
    check_matrix(name, x)
    err = (torch.linalg.vector_norm(x, dim=-1) - 1).abs()
    tol = unit_norm_tolerance(x.shape[-1], x.dtype)
    worst = float(err.max())
    if worst > tol:
        raise InvalidInputError(
            f"{name} rows must have unit norm (within {tol:.1e}); worst | ||x_i|| - 1 | = {worst:.3g}"
        )
    return x


def check_generator(name: str, generator: object) -> torch.Generator:
    """``generator`` must be a torch.Generator (every random draw of the suite comes from one, seeded)."""
    if not isinstance(generator, torch.Generator):
        raise InvalidInputError(f"{name} must be a torch.Generator, got {type(generator).__name__}")
    return generator


def check_positive_values(name: str, value: object) -> object:
    """A finite real number > 0, or a floating tensor whose entries all are (a per-trial step or scale):
    one reduction at the entry of a run, never inside its loop."""
    if isinstance(value, torch.Tensor):
        if not value.is_floating_point() or value.numel() == 0 or not bool((torch.isfinite(value) & (value > 0)).all()):
            low = f" with min {float(value.min()):.3g}" if value.numel() and value.is_floating_point() else ""
            raise InvalidInputError(
                f"{name} must be finite and > 0 in every entry, got a {value.dtype} tensor of shape "
                f"{tuple(value.shape)}{low}"
            )
        return value
    return check_positive(name, value)
