"""The yuchen1995 report sections: experiments compute JSON-serialisable data, render writes markdown and
figures; the counterexample section says plainly that the slide's statement is refuted when it verifies."""

import json

import torch

from claims import get
from claims.catalogue.yuchen1995 import experiments, minima
from claims.report.section import Figures
from claims.report.sections import yuchen1995 as sections
from claims.spec import ExperimentContext


def _ctx(*ids):
    return ExperimentContext("quick", torch.device("cpu"), torch.float64, 0.01, 0, {i: get(i) for i in ids})


def test_counterexample_section_verifies_and_says_refuted(tmp_path):
    data = experiments.counterexample_profile(_ctx("yuchen1995.counterexample"))
    json.dumps(data)
    assert all(d["uniform"]["verified"] and not d["signed"]["verified"] for d in data.values())
    md = sections.render_counterexample(data, Figures(tmp_path, "report"))
    assert "**The slide's statement is refuted**" in md
    assert (tmp_path / "yuchen1995_counterexample.png").exists()


def test_core_section_renders(tmp_path):
    data = experiments.core_tightness(_ctx("yuchen1995.core"))
    json.dumps(data)
    assert data["passed"] == data["trials"] and max(data["ratio"]) <= 1 + 1e-6
    assert "![" in sections.render_core(data, Figures(tmp_path, "report"))


def test_census_renders_every_class():
    rows = {"a": {c: i for i, c in enumerate(minima.CLASSES)}}
    md = sections.render_census({"trials": 3, "rows": rows, "verified_bad": ["x"], "undecided": ["y"]}, None)
    assert all(c in md for c in minima.CLASSES) and "cannot see" in md
