"""The report sections of the clc2018 and landscape families: each experiment computes JSON data at the quick
profile, its units passing through pickle as a process executor sends them, and its render function turns that
data (after a JSON round trip, as --from-results reads it) into markdown and figures."""

import json
import pickle

import pytest
import torch

from claims import registry
from claims.report.section import Figures
from claims.report.sections import clc2018, landscape
from claims.spec import ExperimentContext

SECTIONS = clc2018.SECTIONS + landscape.SECTIONS


def _pickled(fn, items):
    """Run each unit as another process would: the function and its item through pickle."""
    return [pickle.loads(pickle.dumps(fn))(pickle.loads(pickle.dumps(item))) for item in items]


def _data(section):
    every = {c.id: c for c in registry.all_claims()}
    claims = {i: every[i] for i in section.claims}
    ctx = ExperimentContext("quick", torch.device("cpu"), torch.float64, 0.01, 0, claims, mapper=_pickled)
    return json.loads(json.dumps(section.experiment(ctx)))


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
