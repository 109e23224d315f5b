"""Parts of the du2018a.widths experiment merged into one table (claims.catalogue.du2018a.widths.merge_parts,
python -m claims.tools.merge_widths; issue 23): a whole run split into parts and merged gives back its rows and
fits, and what cannot be one table is refused."""

from __future__ import annotations

import copy
import json
import math
import re
from pathlib import Path

import pytest

from claims.catalogue.du2018a.widths import CLAIMS, merge_parts
from claims.report import publishing
from claims.report.render import _scale_run_line
from claims.report.schema import SCHEMA_VERSION
from claims.report.sections.du2018a_widths import _merged_text
from claims.report.writer import REPORT_SEED
from claims.spec import derive_seed
from claims.tools import EXIT_USAGE, merge_widths
from models.errors import InvalidInputError

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
#: a whole regime at the full profile (Lemma 3.1, GD and the flow on the same rows, one X per n) and a part with
#: several X per n (Lemma 3.1 at fixed d)
WHOLE = BENCHMARKS / "scale-du2018a-widths-d-2n-cpu.json"
DRAWS = BENCHMARKS / "scale-du2018a-widths-lemma3_1-fixed-d-h200.json"
SEED = derive_seed(REPORT_SEED, "section/du2018a.widths")


def _data(path: Path) -> dict:
    return json.loads(path.read_text())["sections"][0]["data"]


def _split_by_claim(data: dict) -> tuple[dict, dict]:
    """Lemma 3.1's sweeps in one part, the training claims' in the other, on the same rows."""
    a, b = copy.deepcopy(data), copy.deepcopy(data)
    for r in a["rows"]:
        r.pop("thm4_1", None), r.pop("thm3_2", None)
    for r in b["rows"]:
        r.pop("lemma3_1", None)
    a["rows"] = [r for r in a["rows"] if r.get("lemma3_1")]
    b["rows"] = [r for r in b["rows"] if any(r.get(k) for k in CLAIMS)]
    a["fits"] = b["fits"] = None
    return a, b


def _close(x, y) -> bool:
    """Equal, floats to 1e-12 relative (the fits' least squares may differ in the last bits between CPUs)."""
    if isinstance(x, dict):
        return isinstance(y, dict) and x.keys() == y.keys() and all(_close(x[k], y[k]) for k in x)
    if isinstance(x, list):
        return isinstance(y, list) and len(x) == len(y) and all(map(_close, x, y))
    if isinstance(x, float):
        return isinstance(y, float) and math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-15)
    return x == y


def test_a_whole_run_split_by_claim_and_merged_gives_back_its_rows_and_fits():
    whole = _data(WHOLE)
    merged = merge_parts(list(_split_by_claim(whole)), profile="full", seed=SEED)
    assert merged["rows"] == whole["rows"]
    assert _close(merged["fits"], whole["fits"])
    assert [p["rows"] for p in merged["parts"]] == [len(whole["rows"])] * 2
    assert merged["plans"]["thm4_1"]["ns"] == whole["plans"]["thm4_1"]["ns"]


def test_rows_split_by_n_merge_in_the_tables_order_with_every_draw_and_no_second_stage():
    data = _data(DRAWS)
    low, high = copy.deepcopy(data), copy.deepcopy(data)
    low["rows"] = [r for r in data["rows"] if r["n"] <= 40]
    high["rows"] = [r for r in data["rows"] if r["n"] > 40]
    merged = merge_parts([high, low], profile="full", seed=SEED)
    assert merged["rows"] == data["rows"]  # in (regime, n, draw) order whatever the parts' order
    plan = merged["plans"]["lemma3_1"]
    assert plan["ns"] == data["plans"]["lemma3_1"]["ns"] and plan["draws"] == {"fixed d = 10": 4}
    assert plan["two_stage"] == {}  # Stein's interval belongs to one pilot's design
    assert merged["alpha_share"] is None and merged["selection"] == {}
    fit = merged["fits"]["lemma3_1"]["fixed d = 10"]
    assert fit["rows"] == len(data["rows"])


def test_a_sweep_found_twice_is_refused():
    data = _data(WHOLE)
    with pytest.raises(InvalidInputError, match=r"has lemma3_1's sweep in part 2 and in an earlier part"):
        merge_parts([data, copy.deepcopy(data)], profile="full", seed=SEED)


def test_rows_of_one_key_with_another_x_are_refused():
    a, b = _split_by_claim(_data(WHOLE))
    b["rows"][0]["lambda0"] *= 1.01  # as another device's generator would draw it
    with pytest.raises(InvalidInputError, match=r"row \('d = 2n', 10, 0\) of part 2 holds another X"):
        merge_parts([a, b], profile="full", seed=SEED)


def test_parts_of_other_settings_or_too_few_are_refused():
    a, b = _split_by_claim(_data(WHOLE))
    b["delta"] = {**b["delta"], "lemma3_1": 0.1}
    with pytest.raises(InvalidInputError, match=r"part 2's delta must equal part 1's"):
        merge_parts([a, b], profile="full", seed=SEED)
    with pytest.raises(InvalidInputError, match=r"parts must hold at least 2 widths tables to merge, got 1"):
        merge_parts([a], profile="full", seed=SEED)


def _write_parts(tmp_path: Path) -> list[Path]:
    run = json.loads(WHOLE.read_text())
    paths = []
    for i, part in enumerate(_split_by_claim(run["sections"][0]["data"])):
        header = {**run["header"], "command": f"part {i}", "wall_time_s": 10.0 + i}
        body = {"header": header, "sections": [{**run["sections"][0], "data": part}], "schema_version": 1}
        paths.append(tmp_path / f"part{i}.json")
        paths[-1].write_text(json.dumps(body))
    return paths


def test_the_tool_writes_a_run_at_scale_that_the_report_draws_as_a_merge(tmp_path, capsys):
    parts, out = _write_parts(tmp_path), tmp_path / "bench" / "scale-merged.json"
    assert merge_widths.main([*map(str, parts), "--out", str(out)]) == 0
    run = json.loads(out.read_text())
    header = run["header"]
    assert header["merged"] == 2 and header["wall_time_s"] == 21.0
    assert header["alpha_share"] == pytest.approx(2 * json.loads(WHOLE.read_text())["header"]["alpha_share"])
    data = {"schema_version": SCHEMA_VERSION, "claims": {}, "results": {}, "sections": [], "header": header}
    data.update(publishing.measurements(out.parent))
    text = publishing.publish(data, tmp_path / "REPORT.md").read_text()
    assert "Merged by `python -m claims.tools.merge_widths" in text and "**Merged from 2 parts**" in text
    assert "run by `part 0`" in text and "run by `part 1`" in text
    assert "Two stages (Stein 1945)" not in text


@pytest.mark.parametrize(
    "change, message",
    [
        ("no_section", r"holds no du2018a.widths section with data"),
        ("profile", r"parts must share their profile, got \['full', 'standard'\]"),
        ("dtype", r"parts must share their dtype, got \['float32', 'float64'\]"),
        ("alpha", r"the parts' α shares must sum below 1, got 1"),
        ("out_is_part", r"--out must not be one of the parts"),
    ],
)
def test_the_tool_refuses_with_one_line_and_writes_nothing(tmp_path, capsys, change, message):
    parts, out = _write_parts(tmp_path), tmp_path / "merged.json"
    body = json.loads(parts[1].read_text())
    if change == "no_section":
        body["sections"] = []
    elif change == "profile":
        body["header"]["profile"] = "standard"
    elif change == "dtype":
        body["header"]["dtype"] = "float32"
    elif change == "alpha":  # the union's error rate is at most the sum: a sum of 1 bounds nothing
        body["header"]["alpha_share"] = 1 - json.loads(parts[0].read_text())["header"]["alpha_share"] / 2
    else:
        out = parts[1]
    parts[1].write_text(json.dumps(body))
    before = out.read_text() if out.exists() else None
    assert merge_widths.main([*map(str, parts), "--out", str(out)]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("error: ")
    assert re.search(message, err)
    assert (out.read_text() if out.exists() else None) == before


def test_a_merge_merged_again_lists_every_run(tmp_path):
    parts, first = _write_parts(tmp_path), tmp_path / "first.json"
    assert merge_widths.main([str(parts[0]), str(parts[1]), "--out", str(first)]) == 0
    body = json.loads(parts[1].read_text())  # a third run: the flow's sweeps on the same rows, moved to part 3
    rows = body["sections"][0]["data"]["rows"]
    for r in rows:
        r.pop("thm4_1", None)
    first_run = json.loads(first.read_text())
    for r in first_run["sections"][0]["data"]["rows"]:
        r.pop("thm3_2", None)
    first.write_text(json.dumps(first_run))
    body["header"]["command"] = "part 2"
    (third := tmp_path / "third.json").write_text(json.dumps(body))
    out = tmp_path / "again.json"
    assert merge_widths.main([str(first), str(third), "--out", str(out)]) == 0
    run = json.loads(out.read_text())
    assert run["header"]["merged"] == 3
    assert [p["header"]["command"] for p in run["sections"][0]["data"]["parts"]] == ["part 0", "part 1", "part 2"]


def test_each_shipped_merge_is_its_parts_merged_again(tmp_path):
    """benchmarks/scale-*.json files that are merges: the merge of the part files their command names gives
    back their rows and fits (the parts are kept under benchmarks/parts/)."""
    merges = [p for p in sorted(BENCHMARKS.glob("scale-*.json")) if json.loads(p.read_text())["header"].get("merged")]
    assert merges  # the digits' GD and flow, at least
    root = BENCHMARKS.parent
    for path in merges:
        shipped = json.loads(path.read_text())
        words = shipped["header"]["command"].split()
        parts = [root / w for w in words[3 : words.index("--out")]]
        again = merge_widths.merge_files(parts, shipped["header"]["command"])
        want, got = shipped["sections"][0]["data"], again["sections"][0]["data"]
        assert got["rows"] == want["rows"] and _close(got["fits"], want["fits"])


def test_a_table_on_the_digits_alone_has_no_joint_table(tmp_path):
    from claims.report.figures import Figures
    from claims.report.sections.du2018a_widths import render_widths

    data = _data(BENCHMARKS / "scale-du2018a-widths-digits-cpu.json")
    text = render_widths(data, Figures(tmp_path, "report"))
    assert "#### digits, d = 64" in text and "| claim | rows | a (95% interval) | b (95% interval)" not in text


def test_a_part_that_decided_no_point_spends_none_of_the_merged_alpha():
    """The merged α sums the shares of the runs that decided a point: a run whose sweeps were all left out (the
    digits' GD row at n = 320, where the design cannot decide) is named but adds nothing."""
    base = {"profile": "full", "dtype": "float64", "device": "cpu", "torch": "t", "commit": "c", "wall_time_s": 1.0}
    headers = [{**base, "alpha_share": 0.01}, {**base, "alpha_share": 0.02}, {**base, "alpha_share": 0.01}]
    header = merge_widths.merged_header(headers, "cmd", [True, False, True])
    assert header["alpha_share"] == pytest.approx(0.02)
    assert (
        header["alpha"] == "α = 0.02: the sum of the 2 runs' shares (0.01, 0.01); 1 run decided no point and spent none"
    )
    assert merge_widths.merged_header(headers, "cmd")["alpha_share"] == pytest.approx(0.04)  # all ran by default
    shipped = Path(__file__).parents[2] / "benchmarks" / "scale-du2018a-widths-digits-cpu.json"
    parts = [p["header"]["command"] for p in json.loads(shipped.read_text())["sections"][0]["data"]["parts"]]
    assert any("n=320" in c for c in parts)  # the shipped merge holds such a part
    assert "decided no point" in json.loads(shipped.read_text())["header"]["alpha"]


def test_a_merge_counts_the_time_its_resumed_runs_spent_before():
    """A resumed run's wall time leaves out the units it read back; its header's ``resumed`` seconds go into the
    merged total, once (a merge merged again does not add them twice), and untimed units are said."""
    base = {"profile": "full", "dtype": "float64", "device": "cpu", "torch": "t", "commit": "c", "alpha_share": 0.01}
    fresh = {**base, "wall_time_s": 100.0}
    resumed = {**base, "wall_time_s": 50.0, "resumed": {"units": 3, "seconds": 400.0, "untimed": 1}}
    once = merge_widths.merged_header([fresh, resumed], "cmd")
    assert once["wall_time_s"] == 550.0 and once["resumed"] == {"units": 3, "seconds": 400.0, "untimed": 1}
    again = merge_widths.merged_header([once, fresh], "cmd")
    assert again["wall_time_s"] == 650.0
    assert "less the time of 1 unit resumed" in _scale_run_line({**once, "date": "d"})
    part = {"selection": {}, "alpha_share": 0.01, "rows": 1, "header": {**resumed, "command": "c", "date": "d"}}
    assert "50.0 s (and 400.0 s in earlier runs for the 3 units it resumed" in _merged_text([part])


def test_shipped_rows_hold_the_x_of_their_regime_n_and_draw():
    """Every shipped widths run (benchmarks/scale-du2018a-widths-*.json) drew row (regime, n, draw)'s X from the
    seed the experiment derives for it now, so a rerun or a part run later draws the same X; the CPU runs' small
    rows give back their λ0 from that seed (a GPU's generator draws another stream)."""
    import torch

    from claims import registry
    from claims.catalogue.du2018a import widths as experiment
    from models import two_layer

    claim = registry.get("du2018a.lemma3.1")
    paths = sorted(BENCHMARKS.glob("scale-du2018a-widths-*.json"))
    assert {r["regime"] for p in paths for r in _data(p)["rows"]} == set(experiment.REGIMES)
    recomputed = 0
    for path in paths:
        run = json.loads(path.read_text())
        for r in run["sections"][0]["data"]["rows"]:
            assert r["seed"] == experiment._data_seed(SEED, r["regime"], r["n"], r.get("draw", 0))
            if run["header"]["device"].startswith("cpu") and r["n"] <= 20:
                data = experiment.REGIMES[r["regime"]].data
                X = experiment._x(claim, r["n"], r["d"], r["seed"], "cpu", torch.float64, data)
                lam0 = float(torch.linalg.eigvalsh(two_layer.h_infinity(X))[0])
                assert r["lambda0"] == pytest.approx(lam0, rel=1e-9)
                recomputed += 1
    assert recomputed >= 3


def test_a_merges_plan_counts_the_most_x_any_n_holds():
    data = _data(DRAWS)
    low, high = copy.deepcopy(data), copy.deepcopy(data)
    low["rows"] = [r for r in data["rows"] if r["n"] <= 40 and (r["n"], r["draw"]) != (10, 3)]
    high["rows"] = [r for r in data["rows"] if r["n"] > 40]
    merged = merge_parts([low, high], profile="full", seed=SEED)
    assert merged["plans"]["lemma3_1"]["draws"] == {"fixed d = 10": 4}  # 3 X at n = 10, 4 at every other n
