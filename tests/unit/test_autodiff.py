"""Second derivatives stay correct when threads compute them at once (models/autodiff.py says why)."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import torch
from torch.func import vmap

from claims.engine.witness import examine
from models import autodiff

ROOT = Path(__file__).resolve().parents[2]
FORWARD_AD = re.compile(r"\bjacfwd\b|\bjvp\b|forward_ad|torch\.func\.hessian|from torch\.func import[^\n]*\bhessian\b")


def _f(x: torch.Tensor, a: torch.Tensor) -> torch.Tensor:
    return (x.sin() ** 2).sum() * (a * x).cos().sum() + (x**4).sum()


def test_hessian_matches_the_closed_form():
    x = torch.linspace(-1, 1, 5, dtype=torch.float64)
    H = autodiff.hessian(lambda v: (v**4).sum() + v.prod())(x)
    expected = torch.diag(12 * x**2) + torch.stack(
        [
            torch.stack(
                [x[[k for k in range(5) if k not in (i, j)]].prod() if i != j else x.new_zeros(()) for j in range(5)]
            )
            for i in range(5)
        ]
    )
    torch.testing.assert_close(H, expected, rtol=0, atol=64 * torch.finfo(torch.float64).eps)


def test_threads_computing_hessians_at_once_get_the_serial_results():
    g = torch.Generator().manual_seed(0)
    x, a = torch.randn(4, 30, generator=g, dtype=torch.float64), torch.randn(4, 30, generator=g, dtype=torch.float64)
    serial_h = vmap(autodiff.hessian(_f))(x, a)
    serial_e = examine(_f, x, (a,))
    wrong, errors = [], []

    def work():
        for _ in range(40):
            try:
                wrong.append(not torch.equal(vmap(autodiff.hessian(_f))(x, a), serial_h))
                wrong.append(not torch.equal(examine(_f, x, (a,)).eig_min, serial_e.eig_min))
            except Exception as exc:  # any error here is the defect under test
                errors.append(repr(exc))

    threads = [threading.Thread(target=work) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and not any(wrong)


def test_no_source_uses_forward_mode_ad():
    """torch's forward-mode AD is process-wide state: unsafe beside threads (models/autodiff.py)."""
    offenders = [
        str(p.relative_to(ROOT))
        for folder in ("models", "claims")
        for p in (ROOT / folder).rglob("*.py")
        if p.name != "autodiff.py" and FORWARD_AD.search(p.read_text())
    ]
    assert offenders == []
