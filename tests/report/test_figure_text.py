"""The report's numbers, instance labels and histograms read at a glance (issue 22, item 4): parameter values to
significant figures and at their own precision, None said in words, and far outliers marked, not squeezing the rest."""

from __future__ import annotations

import numpy as np
import pytest

from claims.report.figures import clip_outliers, scaling_axes
from claims.report.text import label, none_meaning, num


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.0001, "0.0001"), (1e-5, "1e-5"), (0.4472135954999579, "0.4472"), (2.349964007466563, "2.35"), (3.0, "3"),
     (4.25, "4.25"), (0.0, "0"), (800, "800"), (True, "True"), ("6,5,4", "6,5,4"), (1.05e10, "1.05e10")],
)  # fmt: skip
def test_numbers_are_written_to_significant_figures(value, text):
    assert num(value) == text


def test_a_label_keeps_small_values_and_says_what_none_means():
    assert label({"min_angle": 0.0001, "gamma_rel": 0.4472135954999579}) == "min_angle = 0.0001, gamma_rel = 0.4472"
    means = {"m": none_meaning("width; None = the literal width of the premise (reported, not run)")}
    assert label({"n": 5, "m": None}, means) == "n = 5, m = the literal width of the premise"
    assert label({}) == "defaults" and none_meaning("dimension") is None


def test_a_literal_width_says_the_width_its_run_used():
    """m = None with the run's ``width`` detail (the literal-width trials report it): the label gives the number."""
    means = {"m": "the literal width of the premise R′ < R"}
    said = label({"n": 2, "m": None}, means, {"width": 143611994.0, "eta": 0.03})
    assert said == "n = 2, m = the literal width of the premise R′ < R (1.436e8)"
    assert label({"n": 2, "m": None}, means, {"eta": 0.03}) == "n = 2, m = the literal width of the premise R′ < R"


def test_a_far_outlier_is_clipped_to_the_axis_and_counted():
    rng = np.random.default_rng(0)
    a, b = rng.uniform(0.5, 1.0, 200), np.append(rng.uniform(0.8, 1.0, 99), -69.0)
    clip = clip_outliers([a, b])
    assert clip.below == 1 and clip.above == 0 and clip.smallest == -69.0
    assert clip.lo > 0.4 and clip.hi == max(a.max(), b.max())  # the rest keeps its own range
    tail = np.append(rng.uniform(0.0, 1.0, 60), rng.uniform(20, 40, 40))  # 40 % far out: a tail, not outliers
    assert clip_outliers([tail]).above == 0 and clip_outliers([tail]).hi == tail.max()
    assert clip_outliers([np.full(5, 0.3)]) == clip_outliers([np.full(5, 0.3)])  # no spread: nothing clipped
    assert clip_outliers([np.full(5, 0.3)]).below == 0


def test_scaling_axes_name_quantities_even_for_an_old_results_file():
    assert scaling_axes({"axes": ["width m (log scale)", "‖H(0) − H∞‖₂ (log scale)"]})[0] == "width m (log scale)"
    assert all(a not in ("size", "value") for a in scaling_axes({}))
