"""models.symeig: torch.linalg's symmetric eigensolvers, bit for bit on the CPU, and solved on the CPU where a
device's solver raises (cuSOLVER's batched Jacobi did on an H200, at clc2018.critical_values' Hessians)."""

import pytest
import torch

from models import symeig


def _batch(device="cpu"):
    g = torch.Generator().manual_seed(3)
    A = torch.randn(5, 6, 6, generator=g, dtype=torch.float64)
    A[0] = torch.diag(torch.tensor([0.0, 0.0, 0.0, 0.0, 1.0, 1.0], dtype=torch.float64))  # repeated eigenvalues
    return ((A + A.mT) / 2).to(device)


def test_on_the_cpu_both_are_torch_linalg_bit_for_bit():
    H = _batch()
    assert torch.equal(symeig.eigvalsh(H), torch.linalg.eigvalsh(H))
    lam, vec = symeig.eigh(H)
    ref_lam, ref_vec = torch.linalg.eigh(H)
    assert torch.equal(lam, ref_lam) and torch.equal(vec, ref_vec)


@pytest.mark.parametrize("name", ["eigvalsh", "eigh"])
def test_a_failing_device_solver_is_replaced_by_the_cpus_and_a_cpu_failure_is_raised(name, device, monkeypatch):
    H = _batch(device)
    original = getattr(torch.linalg, name)
    expected = original(H.cpu())

    def fails_off_the_cpu(A):
        if A.device.type != "cpu" or device == "cpu":
            raise torch.linalg.LinAlgError("linalg.eigh: the algorithm failed to converge")
        return original(A)

    monkeypatch.setattr(torch.linalg, name, fails_off_the_cpu)
    if device == "cpu":
        with pytest.raises(torch.linalg.LinAlgError):
            getattr(symeig, name)(H)
        return
    got = getattr(symeig, name)(H)
    got = got if isinstance(got, tuple) else (got,)
    expected = expected if isinstance(expected, tuple) else (expected,)
    for a, b in zip(got, expected, strict=True):
        assert a.device == H.device and torch.equal(a.cpu(), b)
