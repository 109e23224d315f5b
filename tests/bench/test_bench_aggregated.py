"""The reduced GD and flow of models.aggregated_flow at the report's literal instances (n = 2, d = 4, δ = 0.2:
Theorem 4.1's width m ≈ 1.4·10⁸ at the literal step, Theorem 3.2's m ≈ 3.6·10⁷ on its grid), one draw each, the
run timed (``tox -e bench``):

* ours: lazy activation, a near neuron (min_i |x_iᵀw_r(0)| < R) stays in the aggregates until the certificate's
  reach comes to it and is stepped one by one from there;
* the plain way: every near neuron stepped one by one from the start (the reduction before lazy activation).

The draw, the same for both and the larger part of a literal trial, is not timed. Timings are recorded, never
asserted; the two runs are compared, untimed, to make sure the same network is run (‖u − y‖ to 1e-12)."""

import math

import pytest
import torch

from claims import get
from claims.catalogue.du2018a.params import instance_data
from claims.catalogue.du2018a.trials_flow import literal_width
from claims.spec import Instance
from models import aggregated_flow
from models import two_layer_bounds as bounds

pytestmark = pytest.mark.bench
INSTANCE = {"n": 2, "d": 4, "m": None, "delta": 0.2}
_DRAWS: dict = {}


def _problem(kind: str, device):
    """(X, y, the draw, λ0, the instance's parameters) of the literal instance, drawn once a session."""
    if (kind, device) not in _DRAWS:
        claim = "du2018a.thm4.1" if kind == "gd" else "du2018a.thm3.2"
        p = get(claim).resolve(INSTANCE)
        X, y, lam0 = instance_data(Instance(p, 0), device, torch.float64)
        width = bounds.literal_width_thm4_1 if kind == "gd" else bounds.literal_width_thm3_2
        m = literal_width(p, y, lam0, width)
        R = bounds.radius_lemma3_2(bounds.RADIUS_CONST, p["delta"], lam0, p["n"])
        g = torch.Generator(device=device).manual_seed(0)
        _DRAWS[kind, device] = (X, y, aggregated_flow.draw(X, m, R, generator=g), lam0, p)
    return _DRAWS[kind, device]


def _run(kind: str, device, lazy: bool, monkeypatch):
    X, y, wd, lam0, p = _problem(kind, device)
    if not lazy:
        real = aggregated_flow._Reduced.activate

        def eager(self, reach, *args):  # every near neuron at the first call: the reach taken as +∞
            return real(self, torch.full_like(reach, math.inf), *args)

        monkeypatch.setattr(aggregated_flow._Reduced, "activate", eager)
    if kind == "gd":
        eta = bounds.literal_step(lam0, p["n"])
        steps = math.ceil(p["horizon"] / (eta * lam0))
        run = lambda: aggregated_flow.gradient_descent(X, y, wd, eta=eta, steps=steps, distance=False)  # noqa: E731
    else:
        T = p["horizon"] / lam0
        run = lambda: aggregated_flow.flow(  # noqa: E731
            X, y, wd, T=T, grid=p["grid"], tol=p["flow_tol"], max_refinements=p["max_refinements"]
        )

    def timed():
        out = run()
        if X.is_cuda:
            torch.cuda.synchronize()
        return out

    return timed


@pytest.mark.parametrize("lazy", [True, False], ids=["lazy", "eager"])
@pytest.mark.parametrize("kind", ["gd", "flow"])
def test_reduced_run(benchmark, device, kind, lazy, monkeypatch):
    wd = _problem(kind, device)[2]
    if not lazy:  # untimed: the same network either way, every near neuron stepped in the plain way
        ours = _run(kind, device, True, monkeypatch)()
        with monkeypatch.context() as patch:
            plain = _run(kind, device, False, patch)()
        assert int(plain.stepped[0]) == int(plain.near[0]) > int(ours.stepped[0]) > 0
        assert torch.allclose(ours.residual_sq.sqrt(), plain.residual_sq.sqrt(), rtol=0, atol=1e-12)
    out = benchmark.pedantic(_run(kind, device, lazy, monkeypatch), rounds=3, iterations=1)
    benchmark.extra_info.update(
        group_key=f"reduced_{kind}_literal_n2",
        ours=lazy,
        scale=1,
        full_size_seconds=benchmark.stats.stats.median,
        width=wd.m,
        near=int(wd.near[0]),
        stepped=int(out.stepped[0]),
    )
