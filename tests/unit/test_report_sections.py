"""The report sections of the clc2018 and landscape families run and write their figures."""

import torch

from claims.catalogue.clc2018 import claims as clc2018
from claims.catalogue.landscape import claims as landscape
from claims.report.legacy import ReportContext


def test_sections_write_figures(tmp_path):
    ctx = ReportContext("quick", torch.device("cpu"), torch.float64, 0.01, 0, tmp_path, "figures")
    for section in clc2018.REPORT_SECTIONS + landscape.REPORT_SECTIONS:
        out = section(ctx)
        assert out.title and "![" in out.markdown
    assert len(list(tmp_path.glob("*.png"))) == 7


def test_exponential_escape_section_contrasts_gd_with_perturbed_gd(tmp_path):
    """GD's fitted growth per dimension is at least log((L+γ)/γ), perturbed GD's far below it."""
    ctx = ReportContext("quick", torch.device("cpu"), torch.float64, 0.01, 0, tmp_path, "figures")
    out = landscape._exponential_escape_section(ctx)
    assert (tmp_path / "landscape_exponential_escape.png").exists()
    assert out.data["gd_rate"] >= out.data["log_base"] > 4 * out.data["pgd_rate"]
