"""The du2018a report section on real data: the digits experiment computes JSON data at the quick profile (as one
unit through pickle, as a process executor sends it) and its render function writes the λ0 table from it."""

import json

from claims.report.figures import Figures
from claims.report.sections import du2018a
from tests.helpers import experiment_context, pickled_map


def test_digits_section_shows_lambda0_resolved_from_zero_and_below_the_spheres(tmp_path):
    section = next(s for s in du2018a.SECTIONS if s.key == "digits")
    data = json.loads(json.dumps(section.load()(experiment_context(*section.claims, mapper=pickled_map))))
    assert data["d"] == 64 and data["rows_total"] == 1797 and data["min_angle"] > 0
    assert data["lambda0_all"] > data["tolerance_all"]  # λ0 > 0 of the whole set, beyond its rounding
    for row in data["rows"]:
        assert row["lambda0"][0] > row["tolerance"]  # every quartile resolved from 0
        assert row["lambda0"][2] < row["lambda0_sphere"][0]  # real images sit closer together than sphere points
    markdown = section.render(data, Figures(tmp_path, "figures"))
    assert "| n | λ0, digits |" in markdown and f"{data['lambda0_all']:.3g}" in markdown
    assert markdown.count("\n| ") == len(data["rows"]) + 1


def test_the_digits_text_reads_the_hypothesis_and_the_resolution_from_the_data():
    """Whether no two rows are parallel and whether λ0 is resolved from 0 are read from the numbers, never
    assumed: a duplicated row (angle at arccos's float64 resolution) or λ0 at its tolerance says so."""
    assert du2018a._parallel(0.0937, 1585, 1648).startswith("No two rows are parallel")
    assert du2018a._parallel(1e-8, 3, 7).startswith("Rows 3 and 7 are parallel as far as float64 resolves")
    assert du2018a._resolved(0.0135, 1.5e-9).startswith("resolved from 0")
    assert du2018a._resolved(1e-10, 1.5e-9).startswith("**not** resolved from 0")
