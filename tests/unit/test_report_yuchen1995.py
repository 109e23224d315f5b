"""The yuchen1995 report sections: experiments compute JSON-serialisable data, render writes markdown and
figures; the counterexample section says plainly that the theorem is refuted when it verifies (yuchen1995.thm
is REFUTED by the witness yuchen1995.counterexample verifies); the census says it measures a search, not the
theorem."""

import dataclasses
import json

import torch

from claims import all_claims, get
from claims.catalogue.yuchen1995 import experiments, minima, trials
from claims.report.figures import Figures
from claims.report.sections import yuchen1995 as sections
from claims.spec import Instance, Kind, Verdict, seeded_generator
from models import sigmoid_net as sn
from tests.helpers import experiment_context


def test_counterexample_section_verifies_and_says_refuted(tmp_path):
    data = experiments.counterexample_profile(experiment_context("yuchen1995.counterexample"))
    json.dumps(data)
    assert all(d["uniform"]["verified"] and not d["signed"]["verified"] for d in data.values())
    md = sections.render_counterexample(data, Figures(tmp_path, "report"))
    assert "**Yu & Chen's theorem is refuted**" in md and "yuchen1995.thm is REFUTED" in md
    assert (tmp_path / "yuchen1995_counterexample.png").exists()
    data["paper"]["uniform"]["verified"] = False  # a witness that did not verify says nothing for the theorem
    md = sections.render_counterexample(data, Figures(tmp_path, "report"))
    assert "refuted" not in md.split("\n")[0] and "no evidence for the theorem" in md
    _check_profile(data)


def _check_profile(data):
    """Each form's profile shows the point its trial verified, the flat directions it claims and lines through
    it that are what they say (L(θ + tu) − L(θ)): within rounding of 0 at t = 0 on every line and all along the
    flat line (output weight moved between identical copies); along the split line up on both sides near θ for
    the uniform split (a minimum) and down for the signed split (a saddle, the second-order change
    −α₁α₂(α₁ + α₂)G₀)."""
    eps = torch.finfo(torch.float64).eps
    for form, splits in data.items():
        for split, r in splits.items():
            params = get("yuchen1995.counterexample").resolve({**experiments.FORMS[form], "split": split})
            wide = trials.build_witness(params, 1, torch.Generator().manual_seed(0), torch.float64, "cpu")["wide"]
            theta, X, Y = (torch.tensor([r[k]], dtype=torch.float64) for k in ("theta", "X", "Y"))
            loss = float(sn.flat_loss_batched(theta, X, Y, wide)[0])
            assert abs(loss - r["loss"]) <= 64 * eps * (1 + r["loss"]), (form, split)  # the trial's own point
            lines, eig = r["lines"], r["eigenvalues"]
            mid, tol = len(lines["t"]) // 2, 64 * len(eig) * eps * (1 + r["loss"])
            # every draw's planted loss is residual_scale²; its Hessian is the draw's own (λ_min < 0 when signed)
            assert abs(min(eig) - r["lambda_min"]) <= 64 * len(eig) * eps * max(map(abs, eig)), (form, split)
            assert abs(lines["t"][mid]) <= eps and all(abs(lines[k][mid]) <= tol for k in ("flat", "split", "random"))
            assert max(map(abs, lines["flat"])) <= tol, (form, split)
            near = (lines["split"][mid - 1], lines["split"][mid + 1])
            assert all(x > tol for x in near) if split == "uniform" else all(x < -tol for x in near), (form, near)
        uniform = splits["uniform"]
        flat = sum(abs(x) <= 64 * len(uniform["eigenvalues"]) * eps * max(map(abs, uniform["eigenvalues"]))
                   for x in uniform["eigenvalues"])  # fmt: skip
        assert flat == uniform["flat_dimension"] == uniform["m"] - int(uniform["constant_unit"]) - 1, form


def test_the_random_line_is_along_a_unit_direction():
    """_lines's random line at t is L(θ + t·u/‖u‖) − L(θ), u the generator's next standard normal vector."""
    params = get("yuchen1995.counterexample").resolve(experiments.FORMS["slide"])
    w = trials.build_witness(params, 1, torch.Generator().manual_seed(2), torch.float64, "cpu")
    shares = trials.split_shares(params, w["copies"], torch.float64, "cpu")
    out = experiments._lines(w, shares, torch.Generator().manual_seed(7))
    u = torch.randn(w["wide"].p, generator=torch.Generator().manual_seed(7), dtype=torch.float64)
    t = experiments.LINE_T
    ends = sn.flat_loss_batched(w["theta"] + torch.stack([-t * u, t * u]) / u.norm(), *(
        z.expand(2, *z.shape[1:]) for z in (w["X"], w["Y"])), w["wide"])  # fmt: skip
    base = sn.flat_loss_batched(w["theta"], w["X"], w["Y"], w["wide"])
    assert (out["random"][0], out["random"][-1]) == tuple((ends - base).tolist())


def test_census_unit_counts_every_trial_in_its_own_class():
    """census_unit's counts are those of the search trial's class codes on the row's stream, one per trial."""
    claim, device = get("yuchen1995.search_no_bad_min"), torch.device("cpu")
    item = experiments.census_item(experiments.CENSUS[0], claim, 0, device, 6)
    counts = experiments.census_unit(item)
    out = claim.trial(
        Instance(claim.resolve({}), 0), seeded_generator(0, item["purpose"], device), device, torch.float64, 6
    )
    codes = out.details["class"].long().tolist()
    assert list(counts) == list(minima.CLASSES) and sum(counts.values()) == 6
    assert counts == {c: codes.count(i) for i, c in enumerate(minima.CLASSES)}


def test_core_section_renders(tmp_path):
    data = experiments.core_tightness(experiment_context("yuchen1995.core"))
    json.dumps(data)
    assert data["passed"] == data["trials"] and max(data["ratio"]) <= 1 + 1e-6
    assert "![" in sections.render_core(data, Figures(tmp_path, "report"))


def test_census_renders_every_class():
    rows = {"a": {c: i for i, c in enumerate(minima.CLASSES)}}
    md = sections.render_census({"trials": 3, "rows": rows, "verified_bad": ["x"], "undecided": ["y"]}, None)
    assert all(c in md for c in minima.CLASSES) and "cannot see" in md
    assert "not the theorem" in md and "yuchen1995.search_no_bad_min" in md and "yuchen1995.counterexample" in md


def test_census_says_descent_is_undecided_only_where_its_run_counted_it_so():
    """The census text follows the run's own class lists: an older run counted a descent along a flat direction
    as not a minimum, a newer one counts it undecided; the sentence says which."""
    rows = {"a": {c: 0 for c in minima.CLASSES}}
    new = sections.render_census(
        {
            "trials": 1,
            "rows": rows,
            "verified_bad": list(minima.VERIFIED_BAD),
            "undecided": list(minima.UNDECIDED),
            "not_minima": list(minima.NOT_MINIMA),
        },
        None,
    )
    old = sections.render_census({"trials": 1, "rows": rows, "verified_bad": ["strict_min"], "undecided": ["y"]}, None)
    assert "so is a descent along a flat direction" in new and "descent" not in new.split("not minima")[1].split(".")[0]
    assert "so is a descent" not in old and "descent" in old.split("not minima")[1].split(".")[0]


def test_census_says_where_a_non_minimum_end_point_counts():
    """A newer run puts the end points certified not minima outside the claim's premise; an older run's data
    (without the flag) counted them as passes, and the text says what each run did."""
    rows = {"a": {c: 0 for c in minima.CLASSES}}
    base = {"trials": 1, "rows": rows, "verified_bad": ["strict_min"], "undecided": ["y"]}
    new = sections.render_census({**base, "not_minima_outside_premise": True}, None)
    old = sections.render_census(base, None)
    assert "not minima (outside the premise" in new and "a trial passes" not in new
    assert "not minima (a trial passes and tests nothing)" in old


def test_census_rows_draw_from_their_key_not_their_label():
    """A census row's random stream is seeded from its stable key: rewording its label (as once happened to a
    census row, whose counts then moved) leaves its draws and counts identical; two keys draw differently."""
    claim, device = get("yuchen1995.search_no_bad_min"), torch.device("cpu")
    assert len({row.key for row in experiments.CENSUS}) == len(experiments.CENSUS)
    row = experiments.CENSUS[0]
    renamed = dataclasses.replace(row, label="sigmoid, reworded")
    item, item_renamed = (experiments.census_item(r, claim, 0, device, 4) for r in (row, renamed))
    assert item["purpose"] == item_renamed["purpose"] and row.label not in item["purpose"]

    def draws(it):
        return torch.rand(64, generator=seeded_generator(it["seed"], it["purpose"], device), dtype=torch.float64)

    assert torch.equal(draws(item), draws(item_renamed))
    assert experiments.census_unit(item) == experiments.census_unit(item_renamed)
    other = experiments.census_item(dataclasses.replace(row, key=row.key + "_other"), claim, 0, device, 4)
    assert not torch.equal(draws(item), draws(other))
    data_labels = {r.key: r.label for r in experiments.CENSUS}
    md = sections.render_census(
        {
            "trials": 4,
            "rows": {row.key: {c: 0 for c in minima.CLASSES}},
            "labels": data_labels,
            "verified_bad": [],
            "undecided": [],
        },
        None,
    )
    assert f"| {row.label} |" in md and f"| {row.key} |" not in md


def test_records_say_which_id_carries_which_statement():
    """Each id's verdict is about the statement its title states: yuchen1995.thm carries the lecture notes'
    statement (Golikov's form) and is false as stated (its tests expect REFUTED), yuchen1995.counterexample
    the witness (exists), the search an id that says it is not the theorem."""
    thm, ref, search = get("yuchen1995.thm"), get("yuchen1995.counterexample"), get("yuchen1995.search_no_bad_min")
    assert thm.kind is Kind.FORALL and thm.expected is Verdict.REFUTED and "every local minimum" in thm.statement
    assert "false as stated" in thm.title and "counterexample" in thm.false_as_stated
    assert ref.kind is Kind.EXISTS and ref.statement.startswith("∃") and "L > 0" in ref.statement
    assert search.title.startswith("Not the theorem") and "counterexample" in search.source.theorem
    assert [c.id for c in all_claims() if c.id.startswith("yuchen1995.")] == [
        "yuchen1995.thm",
        "yuchen1995.counterexample",
        "yuchen1995.core",
        "yuchen1995.search_no_bad_min",
    ]


def test_the_hessian_summary_takes_the_flat_eigenvalues_by_size_whatever_their_sign():
    """The witness's flat eigenvalues are rounding of a proven null space and come out of either sign; the
    smallest other one is the curvature across it (signed: a negative one would show)."""
    eig = [0.5, -2e-19, 0.0019, 1.8e-17, 8.4e-17, 0.0021]
    assert sections._eig_summary(eig, 3) == "3 eigenvalues with |λ| ≤ 8.4e-17, smallest other 0.0019"
    assert sections._eig_summary([-0.3, 1e-18, 0.2], 1) == "1 eigenvalues with |λ| ≤ 1.0e-18, smallest other -0.3"
