"""The yuchen1995 report sections: experiments compute JSON-serialisable data, render writes markdown and
figures; the counterexample section says plainly that the theorem is refuted when it verifies (and that
yuchen1995.thm_refuted's SUPPORTED is that refutation); the census says it measures a search, not the theorem."""

import json

import pytest
import torch

from claims import all_claims, get
from claims.catalogue.yuchen1995 import experiments, minima
from claims.report.section import Figures
from claims.report.sections import yuchen1995 as sections
from claims.spec import ExperimentContext, Kind
from models.checks import InvalidInputError


def _ctx(*ids):
    return ExperimentContext("quick", torch.device("cpu"), torch.float64, 0.01, 0, {i: get(i) for i in ids})


def test_counterexample_section_verifies_and_says_refuted(tmp_path):
    data = experiments.counterexample_profile(_ctx("yuchen1995.thm_refuted"))
    json.dumps(data)
    assert all(d["uniform"]["verified"] and not d["signed"]["verified"] for d in data.values())
    md = sections.render_counterexample(data, Figures(tmp_path, "report"))
    assert "**Yu & Chen's theorem is refuted**" in md and "yuchen1995.thm_refuted's SUPPORTED" in md
    assert (tmp_path / "yuchen1995_counterexample.png").exists()
    data["paper"]["uniform"]["verified"] = False  # a witness that did not verify says nothing for the theorem
    md = sections.render_counterexample(data, Figures(tmp_path, "report"))
    assert "refuted" not in md.split("\n")[0] and "no evidence for the theorem" in md


def test_core_section_renders(tmp_path):
    data = experiments.core_tightness(_ctx("yuchen1995.core"))
    json.dumps(data)
    assert data["passed"] == data["trials"] and max(data["ratio"]) <= 1 + 1e-6
    assert "![" in sections.render_core(data, Figures(tmp_path, "report"))


def test_census_renders_every_class():
    rows = {"a": {c: i for i, c in enumerate(minima.CLASSES)}}
    md = sections.render_census({"trials": 3, "rows": rows, "verified_bad": ["x"], "undecided": ["y"]}, None)
    assert all(c in md for c in minima.CLASSES) and "cannot see" in md
    assert "not the theorem" in md and "yuchen1995.search_no_bad_min" in md and "yuchen1995.thm_refuted" in md


def test_records_say_which_id_carries_which_statement():
    """No id named for the theorem prints SUPPORTED beside the false statement: the slide's statement is carried
    by yuchen1995.thm_refuted (exists: SUPPORTED is the refutation), the search by an id that says it is not
    the theorem, and yuchen1995.thm is unknown."""
    ref, search = get("yuchen1995.thm_refuted"), get("yuchen1995.search_no_bad_min")
    assert ref.kind is Kind.EXISTS and "false" in ref.title and "REFUTED" in ref.source.theorem
    assert "every local minimum" in ref.statement and "is false" in ref.statement
    assert "SUPPORTED here means the slide's statement is REFUTED" in ref.notes
    assert search.title.startswith("Not the theorem") and "thm_refuted" in search.source.theorem
    with pytest.raises(InvalidInputError, match=r"yuchen1995\.thm_refuted"):
        get("yuchen1995.thm")
    assert [c.id for c in all_claims() if c.id.startswith("yuchen1995.")] == [
        "yuchen1995.thm_refuted",
        "yuchen1995.core",
        "yuchen1995.search_no_bad_min",
    ]
