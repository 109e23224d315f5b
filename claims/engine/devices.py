"""Device and dtype names of the public API: 'auto' | 'cpu' | 'cuda[:k]', 'float64' | 'float32'."""

from __future__ import annotations

import torch

from models.checks import InvalidInputError

DTYPES = {"float64": torch.float64, "float32": torch.float32}


def resolve_device(device: str | torch.device) -> torch.device:
    """'auto' → cuda when available, else cpu. Asking for cuda without one is an error, never a fallback."""
    name = str(device)
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name.startswith("cuda"):
        if not torch.cuda.is_available():
            raise InvalidInputError(f"device {name!r} was requested but torch.cuda.is_available() is False")
        return torch.device(name)
    if name == "cpu":
        return torch.device("cpu")
    raise InvalidInputError(f"device must be auto, cpu or cuda, got {name!r}")


def resolve_dtype(dtype: str | torch.dtype) -> torch.dtype:
    if isinstance(dtype, torch.dtype) and dtype in DTYPES.values():
        return dtype
    if dtype in DTYPES:
        return DTYPES[dtype]
    raise InvalidInputError(f"dtype must be one of {', '.join(DTYPES)}, got {dtype!r}")


def dtype_name(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")
