"""A recorded GD or gradient-flow run of the two-layer ReLU network (models.dynamics, models.coefficient_gd)."""

from __future__ import annotations

from dataclasses import dataclass, field

import torch


@dataclass
class Trajectory:
    """A recorded run. ``times`` (T,) are the times of ``residual_sq`` (steps k for GD, t for the flow); the
        other curves are (..., T) for the flow and (..., recorded steps) for GD: ``residual_sq`` = ‖u − y‖²,
        ``pattern_change`` and ``distance`` (models.dynamics.pattern_change_fraction, max_distance),
        ``lambda_min`` = λ_min(H(W(t))) of the first-layer Gram and ``kernel_drift`` = ‖H(W(t)) − H(W(0))‖₂
    (only when asked, ``gram_too``). For the flow, ``refinement`` lists (h, relative change of the curve
    against the previous h) and ``error`` (..., T) estimates the absolute error of ``residual_sq``
    (models.numerics.flow_error of the last two changes; inf when the step was never halved)."""

    times: torch.Tensor
    residual_sq: torch.Tensor
    pattern_change: torch.Tensor
    distance: torch.Tensor
    W: torch.Tensor
    a: torch.Tensor
    lambda_min: torch.Tensor | None = None
    kernel_drift: torch.Tensor | None = None
    refinement: list[tuple[float, float]] = field(default_factory=list)
    error: torch.Tensor | None = None
