"""Bad input: one clear error naming the parameter and the value, and the checks of scalar inputs. Plain
Python (no torch), so that the report's rendering from results.json can raise it; re-exported by
:mod:`models.checks`, beside the checks of tensors."""

from __future__ import annotations

import math
import numbers


class InvalidInputError(ValueError):
    """Bad input to a public entry point; the message names the parameter and the offending value."""


def check_size(name: str, value: object, minimum: int = 1) -> int:
    """Return ``value`` as an int if it is an integer (Python or NumPy) ``>= minimum``, else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise InvalidInputError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def check_open_unit(name: str, value: object) -> float:
    """Return ``value`` if it is a real number in the open interval (0, 1), else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 < value < 1:
        raise InvalidInputError(f"{name} must be a number in (0, 1), got {value!r}")
    return float(value)  # a NumPy scalar becomes a Python float


def check_positive(name: str, value: object) -> float:
    """Return ``value`` if it is a finite real number > 0, else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value) or value <= 0:
        raise InvalidInputError(f"{name} must be a finite number > 0, got {value!r}")
    return float(value)


def check_nonnegative(name: str, value: object) -> float:
    """Return ``value`` if it is a finite real number >= 0, else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value) or value < 0:
        raise InvalidInputError(f"{name} must be a finite number >= 0, got {value!r}")
    return float(value)


def check_probability(name: str, value: object) -> float:
    """Return ``value`` if it is a real number in the closed interval [0, 1], else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value <= 1:
        raise InvalidInputError(f"{name} must be a number in [0, 1], got {value!r}")
    return float(value)


def check_finite(name: str, value: object) -> float:
    """Return ``value`` if it is a finite real number, else raise."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(value):
        raise InvalidInputError(f"{name} must be a finite number, got {value!r}")
    return float(value)
