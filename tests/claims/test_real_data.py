"""Two-layer claims end to end on real data (models.datasets): scikit-learn's digits and a user's file, through
the public check path (claims.check and the CLI), at small n so that the default run stays fast."""

from __future__ import annotations

import pytest
import torch

import claims
from claims.catalogue.du2018a.params import instance_data
from claims.spec import Instance
from models import datasets
from tests.helpers import main, write_data_files

DIGITS = {"geometry": "digits", "d": 64}


def test_thm3_1_on_digits_is_supported_with_lambda0_shown_and_reproducible():
    r = claims.check("du2018a.thm3.1", params={**DIGITS, "n": 20}, seed=3)
    assert r["verdict"] == "SUPPORTED" and r["premises_unmet"] == [] and r["undecided"] == 0
    assert r["premise_held"] == r["trials"]  # no two digits rows are parallel: every drawn X holds the premise
    # λ0 = λ_min(H∞) of the drawn rows, resolved from 0 beyond its rounding (8·n·eps·‖H∞‖_F)
    assert r["extras"]["lambda0"] > r["extras"]["tolerance"]
    again = claims.check("du2018a.thm3.1", params={**DIGITS, "n": 20}, seed=3)
    assert again["extras"] == r["extras"] and again["worst_margin"] == r["worst_margin"]  # bit for bit


def test_lemma3_1_on_digits_at_its_literal_width_from_the_cli(capsys):
    assert main("check", "du2018a.lemma3.1", "--set", "geometry=digits", "--set", "d=64", "--set", "n=5") == 0
    out = capsys.readouterr().out
    assert "SUPPORTED" in out and "premises: hold at this instance" in out


def test_thm3_1_on_a_users_file(tmp_path):
    write_data_files(tmp_path)
    r = claims.check(
        "du2018a.thm3.1", params={"geometry": "file", "data_file": str(tmp_path / "unit.npz"), "n": 8, "d": 3}
    )
    assert r["verdict"] == "SUPPORTED"
    raw = {"geometry": "file", "data_file": str(tmp_path / "raw.npy"), "n": 8, "d": 3, "normalise": True}
    assert claims.check("du2018a.thm3.1", params=raw)["verdict"] == "SUPPORTED"


def test_the_claims_that_regress_y_take_the_digits_labels():
    """instance_data gives the drawn rows' own ±1 labels (not y ~ Unif[−C, C]); GD (Theorem 4.1 at a practical
    width and step, outside its premise: said) fits them with no verified failure."""
    thm = claims.get("du2018a.thm4.1")
    X, y, lam0 = instance_data(Instance(thm.resolve({**DIGITS, "n": 6}), 0), torch.device("cpu"), torch.float64)
    pool = datasets.digits()
    rows = (X.unsqueeze(-2) == pool.X).all(-1).to(torch.int64).argmax(-1)
    assert torch.equal(y, pool.y[rows]) and lam0 > 0
    r = claims.check(thm.id, params={**DIGITS, "n": 6, "m": 400, "eta_scale": 1.0}, trials=20)
    assert r["failures"] == 0 and r["undecided"] == 0 and r["premises_unmet"]


def test_arora_label_speed_compares_the_digits_true_labels_with_random_ones():
    """landscape.arora_label_speed with geometry digits: random ±1 labels against the digits' own, no failure in
    a few trials (the full check at n = 20 is SUPPORTED: the slow test below, and the standard report)."""
    r = claims.check("landscape.arora_label_speed", params={**DIGITS, "n": 12, "m": 200}, trials=4, seed=1)
    assert r["failures"] == 0 and r["premise_held"] >= 1  # c_random ≥ 2·c_true verified on some draws
    assert main("check", "landscape.arora_label_speed", "--set", "geometry=digits") == 64  # d must be 64


@pytest.mark.slow
def test_arora_label_speed_on_digits_is_supported():
    r = claims.check("landscape.arora_label_speed", params={**DIGITS, "n": 20})
    assert r["verdict"] == "SUPPORTED" and r["undecided"] == 0
