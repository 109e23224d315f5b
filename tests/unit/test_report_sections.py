"""The report sections of the clc2018 and landscape families run and write their figures."""

import torch

from claims import clc2018, landscape
from claims.report_api import ReportContext


def test_sections_write_figures(tmp_path):
    ctx = ReportContext("quick", torch.device("cpu"), torch.float64, 0.01, 0, tmp_path, "figures")
    for section in clc2018.REPORT_SECTIONS + landscape.REPORT_SECTIONS:
        out = section(ctx)
        assert out.title and "![" in out.markdown
    assert len(list(tmp_path.glob("*.png"))) == 6
