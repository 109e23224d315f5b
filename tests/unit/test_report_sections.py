"""The report sections of the clc2018 and landscape families: each experiment computes JSON data at the quick
profile, its units passing through pickle as a process executor sends them, and its render function turns that
data (after a JSON round trip, as --from-results reads it) into markdown and figures."""

import itertools
import json

import pytest

from claims.catalogue.landscape import experiments
from claims.report.figures import Figures
from claims.report.sections import clc2018, landscape
from tests.helpers import experiment_context, pickled_map

# rate_accuracy, a table without a figure, has its own test (test_report_clc2018_rate_accuracy.py)
SECTIONS = tuple(s for s in clc2018.SECTIONS + landscape.SECTIONS if s.key != "rate_accuracy")


def _data(section):
    ctx = experiment_context(*section.claims, mapper=pickled_map)
    return json.loads(json.dumps(section.load()(ctx)))


@pytest.fixture(scope="module")
def computed():
    return {s.key: _data(s) for s in SECTIONS}


def test_sections_render_their_data_with_figures(computed, tmp_path):
    for section in SECTIONS:
        markdown = section.render(computed[section.key], Figures(tmp_path, "figures"))
        assert section.title and "](figures/" in markdown, section.key
    assert len(list(tmp_path.glob("*.png"))) == 7


def test_exponential_escape_section_contrasts_gd_with_perturbed_gd_and_states_the_relation(computed, tmp_path):
    """GD's fitted growth per dimension is at least log((L+γ)/γ), perturbed GD's far below it; the text says
    "b ≥" (the claim's relation, at_least)."""
    data = computed["exponential_escape"]
    gd, pgd = data["algorithms"]["gd"]["fit"]["slope"], data["algorithms"]["pgd"]["fit"]["slope"]
    assert gd >= data["log_base"] > 4 * pgd
    section = next(s for s in SECTIONS if s.key == "exponential_escape")
    assert "b ≥ 1" in section.render(data, Figures(tmp_path, "figures"))


def test_pgd_section_fits_polylog_and_not_polynomial_growth(computed):
    data = computed["pgd_escape"]
    assert data["fit_excess"]["hi"] <= 0 < data["fit_polynomial"]["lo"]


def _fit(lo, hi):
    return {"slope": (lo + hi) / 2, "lo": lo, "hi": hi}


def test_the_escape_sections_read_growth_from_the_fitted_intervals_not_assume_it():
    assert landscape._growth_in_d(_fit(0.04, 0.09)).startswith("The growth is real")
    assert landscape._growth_in_d(_fit(-0.02, 0.09)).startswith("The interval of a' holds 0")
    assert landscape._growth_in_d(_fit(-0.3, -0.1)).startswith("The count falls with d")
    gd = _fit(1.61, 1.65)
    assert landscape._pgd_against_gd(gd, _fit(0.1, 0.15)).startswith("its interval lies below GD's")
    assert landscape._pgd_against_gd(gd, _fit(1.5, 1.62)).startswith("its interval meets or exceeds GD's")


def test_the_critical_values_text_counts_the_psd_saddles_it_found():
    rows = [{"rz_eq_r": 0, "rz_eq_r_psd": 0}, {"rz_eq_r": 56, "rz_eq_r_psd": 24}]
    assert clc2018._psd_said(rows).startswith("and 24 of the 56 saddles there have a PSD Hessian")
    assert clc2018._psd_said(rows[:1]) == "and none of the 0 saddles there has a PSD Hessian in these draws"


def test_gd_end_points_are_each_identified_with_one_predicted_critical_value(computed):
    """The predicted set ½Σ_(s∈I) s² for s = (2, 1.5, 1) is {0, 0.5, 1.125, 1.625, 2, 2.5, 3.125, 3.625}: its
    closest values are 0.375 apart, so an end point within a tenth of that is named by one of them alone."""
    data = computed["critical_values"]
    values = sorted(data["predicted"])
    assert values == [0.0, 0.5, 1.125, 1.625, 2.0, 2.5, 3.125, 3.625]
    gap = min(b - a for a, b in itertools.pairwise(values))
    assert data["max_distance"] < gap / 10 and len(data["losses"]) == data["starts"]


def test_runs_cut_at_max_steps_are_counted_and_said_not_dropped_silently(computed):
    cap = computed["pgd_escape"]["max_steps"]

    def units(fn, items):  # each unit's 40 runs: 3 of them cut at the cap
        return [{"d": [64 * (i + 1) for i in range(40)], "iterations": [10.0] * 37 + [cap] * 3} for _ in items]

    cut = experiments.pgd_escape(experiment_context("landscape.perturbed_gd_escape", mapper=units))
    assert cut["censored"] == 4 * 3 and len(cut["d"]) == 4 * 37 and max(cut["iterations"]) < cap
    said = landscape._censored({"censored": 3, "max_steps": 1000})
    assert said == " (and 3 more cut at max_steps = 1000 before an ε-SOSP, left out of the fits)"
    assert landscape._censored({"censored": 0, "max_steps": 1000}) == landscape._censored({}) == ""


def test_the_octopus_table_gives_the_median_of_an_even_count_as_the_mean_of_its_middle_values():
    """Steps 1, 3 at d = 2 (even count: median 2, not the lower middle 1), 5 at d = 3, and d unsorted."""
    assert landscape.medians_by_dimension([3, 2, 2], [5.0, 3.0, 1.0]) == [[2, 2.0], [3, 5.0]]
    assert landscape.medians_by_dimension([4, 4, 4], [9.0, 1.0, 4.0]) == [[4, 4.0]]
