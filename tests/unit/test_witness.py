"""The witness checker on functions whose critical points are known in closed form."""

import pytest
import torch

from claims.engine import witness
from claims.spec import Infeasible


def _saddle(x):
    return x[0] ** 2 - x[1] ** 2


def _bowl(x):
    return x[0] ** 2 + 3 * x[1] ** 2


def _quartic(x):
    return x[0] ** 4 + x[1] ** 2


def _monkey(x):
    return x[0] ** 3 + x[1] ** 2


def _at_zero(batch=1):
    return torch.zeros(batch, 2, dtype=torch.float64)


def test_strict_saddle_of_x2_minus_y2():
    e = witness.examine(_saddle, _at_zero())
    assert e.critical.all() and e.strict_saddle.all() and not e.psd.any()
    assert torch.allclose(e.eig_min, torch.tensor([-2.0], dtype=torch.float64))


def test_strict_minimum_of_bowl():
    e = witness.examine(_bowl, _at_zero())
    assert e.strict_minimum.all() and not e.strict_saddle.any()


def test_x4_is_psd_but_not_strict():
    e = witness.examine(_quartic, _at_zero())
    assert e.psd.all() and not e.strict_minimum.any() and not e.strict_saddle.any()
    ok, _ = witness.descent_certificate(
        _quartic, _at_zero(), torch.tensor([[1.0, 0.0]], dtype=torch.float64), torch.logspace(-4, 0, 9)
    )
    assert not ok.any()  # a minimum has no descent direction


def test_x3_is_a_non_strict_saddle_with_a_descent_certificate():
    e = witness.examine(_monkey, _at_zero())
    assert e.psd.all() and not e.strict_minimum.any()
    ok, drop = witness.descent_certificate(
        _monkey, _at_zero(), torch.tensor([[-1.0, 0.0]], dtype=torch.float64), torch.logspace(-4, 0, 9)
    )
    assert ok.all() and (drop > 1).all()


def test_a_descent_below_the_loss_rounding_is_not_certified():
    """f = 1 + x₀²·(1 − 2·10⁻¹⁵) − x₀²: at x = 0, f along e₀ falls by 2·10⁻¹⁵·s², computable in float64 but below
    loss_tol = 64·eps·(1 + |f|) ≈ 2.8·10⁻¹⁴: a decrease of that size is rounding, not a certified descent. The
    largest step also reaches one past it (s = 4: 3.2·10⁻¹⁴), which is certified."""

    def f(x):
        return 1 + x[0] ** 2 * (1 - 2e-15) - x[0] ** 2

    e0 = torch.tensor([[1.0, 0.0]], dtype=torch.float64)
    ok, drop = witness.descent_certificate(f, _at_zero(), e0, torch.tensor([0.5, 1.0, 2.0]))
    assert not ok.any() and (drop > 0).all() and (drop < 1).all()
    ok, drop = witness.descent_certificate(f, _at_zero(), e0, torch.tensor([0.5, 4.0]))
    assert ok.all() and (drop > 1).all()


def test_non_critical_point_is_not_critical_and_batches_work():
    x = torch.tensor([[0.0, 0.0], [1e-3, 0.0]], dtype=torch.float64)
    e = witness.examine(_bowl, x)
    assert e.critical.tolist() == [True, False]
    e2 = witness.examine(_bowl, x, grad_tol=1e-2)
    assert e2.critical.all()


def test_eigen_tolerance_scales_with_size_and_norm():
    H = torch.eye(4, dtype=torch.float64)[None]
    tol = witness.eig_tolerance(H)
    assert torch.allclose(tol, 8 * 4 * torch.finfo(torch.float64).eps * torch.tensor([2.0], dtype=torch.float64))


def test_a_hessian_past_float64s_range_is_refused_or_marked_never_decided():
    """x⁴ at x = 1e160: the Hessian 12x² overflows. LAPACK raised on the whole batch; now the run is refused
    with a reason (Infeasible, INCONCLUSIVE), or, for a caller that asks, that point alone has NaN eigenvalues
    and is not ``finite`` (neither a saddle, nor a minimum, nor psd), the other points unchanged, bit for bit."""
    quartic = lambda x: (x**4).sum()  # noqa: E731
    x = torch.tensor([[1.0, -2.0], [1e160, 1.0]], dtype=torch.float64)
    with pytest.raises(Infeasible, match="Hessian at 1 of 2 candidate points is not finite in float64"):
        witness.examine(quartic, x)
    e = witness.examine(quartic, x, overflow="nan")
    assert e.finite.tolist() == [True, False]
    assert not (e.psd[1] or e.strict_minimum[1] or e.strict_saddle[1])
    alone = witness.examine(quartic, x[:1])
    assert torch.equal(e.eig_min[:1], alone.eig_min) and torch.equal(e.eig_max[:1], alone.eig_max)
    with pytest.raises(ValueError, match="overflow must be 'raise' or 'nan', got 'ignore'"):
        witness.examine(quartic, x, overflow="ignore")
    # at 0 of 10³¹⁸·x₀² + x₁² the loss and the gradient are 0 and only the Hessian (2·10³¹⁸) overflows: the point
    # is still not finite (its eigenvalues are NaN, not those of the zeros put in the Hessian's place for LAPACK)
    steep = witness.examine(
        lambda x: (x[0] * 1e154) ** 2 * 1e10 + x[1] ** 2, torch.zeros(1, 2, dtype=torch.float64), overflow="nan"
    )
    assert steep.loss.item() == 0 and steep.grad_norm.item() == 0 and not steep.finite.any() and not steep.psd.any()
