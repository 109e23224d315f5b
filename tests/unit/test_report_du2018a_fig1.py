"""The du2018a report's Figure 1 experiment (Section 6 of the paper) at a tiny size: one data set for every width,
the paper's step η = 1/λ_max(H∞), the loss ½‖u − y‖² from each width's own initialisation, and the distance's
exponent in m fitted on the runs' final distances."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from claims.catalogue.du2018a import experiments
from claims.report.figures import Figures
from claims.report.sections import du2018a
from claims.spec import ByProfile, derive_seed
from models import data as sphere_data
from models import symeig, two_layer
from tests.helpers import experiment_context

N, D, M0, SEED = 12, 8, 4, 3


@pytest.fixture(scope="module")
def fig1():
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(experiments, "FIG1_SIZE", ByProfile.same((N, D, M0)))
        return experiments.fig1(experiment_context(seed=SEED))


def _data() -> tuple[torch.Tensor, torch.Tensor]:
    """X and y as the experiment's data seed draws them (sphere points, then Gaussian labels)."""
    g = torch.Generator().manual_seed(derive_seed(SEED, "fig1/data"))
    return sphere_data.sphere(N, D, generator=g), sphere_data.gaussian_labels(N, generator=g)


def test_every_width_trains_on_one_data_set_at_the_papers_step(fig1):
    X, _ = _data()
    lam_max = float(symeig.eigvalsh(two_layer.h_infinity(X))[-1])
    assert fig1["widths"] == [M0 * k for k in (1, 2, 4, 8, 16)]
    assert all(r["lambda_max"] == pytest.approx(lam_max, rel=1e-12) for r in fig1["runs"])
    assert fig1["eta"] == pytest.approx(1 / lam_max, rel=1e-12)


def test_each_runs_loss_starts_at_half_the_squared_residual_of_its_own_initialisation(fig1):
    """loss[0] = ½‖u(0) − y‖², u(0) the network at the paper's initialisation drawn from the width's own seed, on
    the experiment's X and y: the data are the data seed's at every width, the initialisations differ."""
    X, y = _data()
    starts = []
    for r in fig1["runs"]:
        g = torch.Generator().manual_seed(derive_seed(SEED, f"fig1/m={r['m']}"))
        W, a = two_layer.init(r["m"], D, generator=g, batch=(1,))
        want = float(two_layer.loss(two_layer.output(X, W[0], a[0]), y))
        assert r["loss"][0] == pytest.approx(want, rel=1e-10)
        assert len(r["loss"]) == fig1["steps"] + 1 and r["distance"][0] == 0.0 and r["pattern_change"][0] == 0.0
        starts.append(r["loss"][0])
    assert len(set(starts)) == len(starts)


def test_the_distance_exponent_is_the_slope_of_the_final_distances_in_m(fig1, tmp_path):
    final = np.array(fig1["final"])
    assert final[:, 0].tolist() == fig1["widths"]
    assert final[:, 3].tolist() == [r["distance"][-1] for r in fig1["runs"]]
    slope = np.polyfit(np.log(final[:, 0]), np.log(final[:, 3]), 1)[0]
    b, lo, hi = fig1["distance_exponent"]
    assert b == pytest.approx(slope, rel=1e-10) and lo < b < hi
    text = du2018a.render_fig1(fig1, Figures(tmp_path, "fig"))
    assert f"b = {b:.2f} (95% interval [{lo:.2f}, {hi:.2f}]" in text
