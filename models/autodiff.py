"""Second derivatives by reverse-mode autodiff only.

``torch.func.hessian`` is ``jacfwd(jacrev(f))``: its forward pass uses torch's forward-mode AD, whose dual
levels are process-wide state. Two threads inside it at once raise ("no level exists", "invalid index") or,
worse, return a wrong Hessian without a word: measured with torch 2.13, three threads computing the same
batched Hessian 300 times each gave 596 errors and 72 silently wrong results. The report runs sections in
threads beside its worker processes, and a Dask worker may run several units in threads, so a witness's
Hessian must not depend on what another thread is doing. Reverse mode (``jacrev``) keeps its state per thread
(the same experiment: no error, every result equal). Nothing in this project may use forward-mode AD
(``jacfwd``, ``jvp``, ``torch.func.hessian``, ``torch.autograd.forward_ad``); tests/unit/test_autodiff.py
checks the sources.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch.func import jacrev


def hessian(f: Callable[..., torch.Tensor]) -> Callable[..., torch.Tensor]:
    """∇²f with respect to the first argument, as ``jacrev(jacrev(f))`` (thread-safe; see the module)."""
    return jacrev(jacrev(f))
