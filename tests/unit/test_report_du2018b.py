"""The du2018b report sections: the λ0 experiment runs and both render functions write their figures."""

from claims.catalogue.du2018b import experiments
from claims.report.figures import Figures
from claims.report.sections import du2018b
from tests.helpers import experiment_context


def test_lambda0_by_depth_runs_and_renders(tmp_path):
    ctx = experiment_context()
    data = experiments.lambda0_by_depth(ctx)
    assert set(data["activations"]) == {"softplus", "tanh", "sigmoid"}
    assert all(len(rows) == len(data["depths"]) for rows in data["activations"].values())
    rows = [r for rs in data["activations"].values() for r in rs]
    assert all(r["q25"] <= r["median"] <= r["q75"] and r["tau_max"] > 0 for r in rows)  # quartiles in order
    text = du2018b.render_lambda0_by_depth(data, Figures(tmp_path, "figures"))
    assert "![" in text and (tmp_path / "du2018b_lambda0_by_depth.png").exists()


def _rows(medians, tau=1e-12):
    return [{"median": m, "tau_max": tau} for m in medians]


def test_the_direction_in_depth_is_read_only_where_every_median_is_resolved():
    assert du2018b._direction(_rows([3e-3, 2e-3, 1e-3])) == "falls with H"
    assert du2018b._direction(_rows([1e-3, 2e-3, 3e-3])) == "rises with H"
    assert du2018b._direction(_rows([1e-3, 3e-3, 2e-3])) == "is not monotone in H"
    # the last median is rounding at float64: that it is smaller says nothing of λ0
    assert du2018b._direction(_rows([3e-3, 2e-3, 1e-12])).startswith("is not resolved at every H")


def test_width_by_depth_renders_reached_and_unreached_widths(tmp_path):
    row = {"lambda0": 0.3, "theorem_width": 1e5, "proof_width": 1e9, "proof_step": 1e-6, "cx": 6.4}
    data = {
        "params": dict(n=4, d=8, activation="tanh", delta=0.1, eta_scale=0.5, horizon=6.0, max_steps=9),
        "widths": [2, 4],
        "rows": [{"depth": 1, "m_star": 2, **row}, {"depth": 2, "m_star": None, **row}],
        "fit": None,
        "proof_growth_bits_per_layer": 10.7,
    }
    text = du2018b.render_width_by_depth(data, Figures(tmp_path, "figures"))
    assert "not reached" in text and "too few depths" in text
    assert (tmp_path / "du2018b_width_by_depth.png").exists()
