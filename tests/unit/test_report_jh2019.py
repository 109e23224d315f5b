"""The jh2019 report sections at the quick profile: each experiment's units pass through pickle as a process
executor sends them, the data survive a JSON round trip (as --from-results reads them) and render with figures."""

import json
import math

import pytest

from claims.catalogue.jh2019 import experiments
from claims.engine.stats import failure_rate_interval_by_clopper_pearson as clopper_pearson
from claims.report.figures import Figures
from claims.report.sections import jh2019
from tests.helpers import experiment_context, pickled_map


@pytest.fixture(scope="module")
def computed():
    ctx = experiment_context(mapper=pickled_map)
    return {s.key: json.loads(json.dumps(s.load()(ctx))) for s in jh2019.SECTIONS}


def test_fig1_panel_a_has_one_count_per_n_and_method_and_each_trial_counted_once(computed):
    data = computed["fig1"]
    assert len(data["n"]) == 4 and set(data["rates"]) == {"am/identity", "am/random", "gd/identity", "gd/random"}
    for row in data["rates"].values():
        assert all(len(row[k]) == 4 for k in ("success", "failed", "undecided", "epochs", "ci"))
        counted = [s + f + u for s, f, u in zip(row["success"], row["failed"], row["undecided"], strict=True)]
        assert counted == [data["trials"]] * 4
        # each success rate's exact 95 % interval, as the section's caption says
        assert row["ci"] == [list(clopper_pearson(s, data["trials"], 0.95)) for s in row["success"]]
    assert data["loss"]["n"] == data["n"][-1] and data["wall_s"]["fig1a"] > 0


def test_sample_sweep_pairs_each_d_with_its_own_units_n_star(computed):
    """One unit per method and d: each point is the n* its unit finds when run alone (a mix-up of the units'
    order would pair a d with another d's n*), and lies on the grid ⌈f·d²⌉."""
    data = computed["sample_sweep"]
    ctx = experiment_context()
    for method in ("am", "gd"):
        d, n = data[method]["points"][-1]
        item = ctx.item(f"sweep/{method}/d={d}", method=method, d=d, trials=data["trials"])
        assert experiments.sweep_unit(item) == n
        assert any(n == math.ceil(f * d * d) for f in data["factors"])


def test_sections_render_with_figures(computed, tmp_path):
    for section in jh2019.SECTIONS:
        text = section.render(computed[section.key], Figures(tmp_path, "figures"))
        assert section.title and text
    assert {p.name for p in tmp_path.glob("*.png")} >= {"jh2019_fig1a.png", "jh2019_fig1b.png", "jh2019_nstar.png"}


def test_the_move_of_the_claims_default_is_told_in_the_runs_numbers():
    rows = [
        {"label": "claims' default", "n": 16000, "share_flipped": 0.98, "share_rho_am_below_1": 1.0},
        {"label": "former default, n = 16·d³", "n": 128, "share_flipped": 0.03, "share_rho_am_below_1": 0.0},
    ]
    said = jh2019._defaults_said(rows)
    assert "former default (n = 16·d³ = 128) the share of draws that flip is 0.03 and the share where" in said
    assert "ρ_AM < 1 is 0.00; at the claims' default (n = 2000·d³ = 16000) they are 0.98 and 1.00" in said
    assert jh2019._defaults_said(rows[:1]) == ""
