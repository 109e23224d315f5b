"""claims.engine.resolution: the bisection brackets the smallest refuted perturbation, the table is written as
rows finish, and the report renders it (on one cheap claim at the quick profile)."""

import json

from claims import Verdict, get
from claims.engine import resolution
from claims.report.benchmarks import render_resolution

CLAIM = "landscape.exponential_escape"


def test_bisection_brackets_the_smallest_refuted_perturbation():
    claim = get(CLAIM)
    (param,) = [p for p in resolution.constants(claim) if p.name == "rate_factor"]
    res = resolution.bisect_resolution(claim, param, params=claim.report_instances["quick"][0], steps=3)
    assert res.refuted_at is not None, res.as_dict()
    refuted = [p.amount for p in res.probes if p.verdict is Verdict.REFUTED]
    kept = [p.amount for p in res.probes if p.verdict is not Verdict.REFUTED]
    assert kept, "a bracket needs an amount not refuted below the refuted one"
    assert all(a < min(refuted) for a in kept)  # monotone: nothing refuted below a kept amount
    # the bisection narrowed the bracket: its three inward probes lie between the outward amounts
    assert len(res.probes) > len({0.15, 0.3, 0.6, 1.2, 2.0} & {p.amount for p in res.probes})


def test_main_writes_rows_as_they_finish_and_the_report_reads_them(tmp_path, capsys):
    out = tmp_path / "resolution.json"
    assert resolution.main(["--profile", "quick", "--only", CLAIM, "--steps", "1", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    assert data["meta"]["complete"] is True and data["meta"]["profile"] == "quick"
    assert [r["param"] for r in data["rows"]] == [p.name for p in resolution.constants(get(CLAIM))]
    text = render_resolution(data)
    assert "| claim | constant |" in text and CLAIM in text
    assert "refuted at" in capsys.readouterr().err
