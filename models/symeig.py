"""Symmetric eigensolvers that give an answer on every device: ``torch.linalg.eigvalsh`` and ``eigh``, with the
CPU's LAPACK behind them where CUDA's solver gives up.

On CUDA, torch sends a batch of small symmetric matrices to cuSOLVER's batched Jacobi solver, which can stop
without converging on matrices with many repeated eigenvalues and then raises ``torch.linalg.LinAlgError``
(seen on an H200, torch 2.11 with CUDA 13: the Hessians of clc2018.critical_values' constructed critical
points, with many exact zero eigenvalues). LAPACK's divide and conquer (syevd) has no such failure. Where the
device's solver raises, the same batch is solved on the CPU and the result moved back; on the CPU nothing
changes, so CPU results are bit for bit those of ``torch.linalg``.
"""

from __future__ import annotations

import torch


def _solved(solver, H: torch.Tensor):
    """``solver(H)``; where it raises off the CPU, ``solver`` on the CPU with the result moved back."""
    try:
        return solver(H)
    except torch.linalg.LinAlgError:
        if H.device.type == "cpu":
            raise
        out = solver(H.cpu())
        return tuple(t.to(H.device) for t in out) if isinstance(out, tuple) else out.to(H.device)


def eigvalsh(H: torch.Tensor) -> torch.Tensor:
    """Eigenvalues of symmetric ``H`` (..., n, n) in ascending order (``torch.linalg.eigvalsh``), solved on the
    CPU where the device's solver does not converge."""
    return _solved(torch.linalg.eigvalsh, H)


def eigh(H: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Eigenvalues (ascending) and orthonormal eigenvectors of symmetric ``H`` (``torch.linalg.eigh``), solved on
    the CPU where the device's solver does not converge."""
    return _solved(torch.linalg.eigh, H)
