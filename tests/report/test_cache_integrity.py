"""The unit cache is never believed blindly (issue 21, item 2): an entry damaged, edited by hand or of the wrong
shape is recomputed and said so in one line, never published; a cache that cannot be written is dropped for
the run (said once), never the end of it."""

from __future__ import annotations

import hashlib
import json

import pytest

from claims.engine.result import Result
from claims.report import writer
from claims.report.atomic import results_path
from claims.report.jobs import check_cached
from claims.report.units import DamagedEntry, Unit
from claims.spec import Kind, Verdict
from tests.report import synthetic
from tests.report.synthetic import stable


def _rewrite(path, value, *, keep_digest: bool) -> None:
    """Replace an entry's value; with ``keep_digest`` the header's sha256 is left as it was (damage or a hand
    edit), else it is recomputed (a forger who knows the format)."""
    head, _, _ = path.read_bytes().partition(b"\n")
    header = json.loads(head)
    payload = json.dumps(value).encode()
    if not keep_digest:
        header["sha256"] = hashlib.sha256(payload).hexdigest()
    path.write_bytes(json.dumps(header).encode() + b"\n" + payload)


def test_damaged_forged_and_misshapen_entries_are_recomputed_and_said(tmp_path, monkeypatch):
    entries = [e for e in synthetic.interrupted_run(tmp_path, monkeypatch) if e.name.startswith("claim_")]
    assert len(entries) >= 3
    first = json.loads(entries[0].read_bytes().partition(b"\n")[2])
    _rewrite(entries[0], {**first, "verdict": "REFUTED"}, keep_digest=True)  # SUPPORTED → REFUTED by hand
    _rewrite(entries[1], {**first, "verdict": "REFUTED", "failures": 0}, keep_digest=False)  # forged, consistent digest
    _rewrite(entries[2], "hello", keep_digest=False)
    lines: list[str] = []
    writer.write_report(out=tmp_path / "REPORT.md", bench_dir=tmp_path / "none", log=lines.append, resume=True)
    said = [line for line in lines if "not used" in line]
    assert len(said) == 3, said
    assert "content does not match its digest" in said[0] or any("digest" in s for s in said)
    assert any("verdict: REFUTED with 0 verified failures" in s for s in said)
    assert any("must be a JSON object" in s for s in said)
    resumed = json.loads(results_path(tmp_path / "REPORT.md").read_text())
    fresh = json.loads(json.dumps(writer.compute(bench_dir=tmp_path / "none"), default=str))
    assert json.dumps(stable(resumed), sort_keys=True) == json.dumps(stable(fresh), sort_keys=True)


def test_a_cache_that_cannot_be_written_is_dropped_and_said_once(tmp_path, monkeypatch):
    synthetic.install(monkeypatch)
    (tmp_path / writer.CACHE).write_text("a file where the cache folder would be")  # mkdir fails
    lines: list[str] = []
    writer.write_report(out=tmp_path / "REPORT.md", bench_dir=tmp_path / "none", log=lines.append)
    said = [line for line in lines if "cannot be written" in line]
    assert len(said) == 1 and "goes on without it" in said[0]
    assert (tmp_path / "REPORT.md").is_file()


def _rewrite_header(path, **changes) -> None:
    head, _, payload = path.read_bytes().partition(b"\n")
    path.write_bytes(json.dumps({**json.loads(head), **changes}).encode() + b"\n" + payload)


def test_an_entry_whose_header_names_another_unit_version_or_format_is_recomputed(tmp_path, monkeypatch):
    """The value's digest holds, but the header is not this unit's: an entry of another code version copied into
    this version's folder, one of another cache format, one naming another unit. Each is said and recomputed."""
    entries = [e for e in synthetic.interrupted_run(tmp_path, monkeypatch) if e.name.startswith("claim_")]
    _rewrite_header(entries[0], code_version="0123456789ab")
    _rewrite_header(entries[1], format=0)
    _rewrite_header(entries[2], key="claim/another.claim/0")
    lines: list[str] = []
    writer.write_report(out=tmp_path / "REPORT.md", bench_dir=tmp_path / "none", log=lines.append, resume=True)
    said = sorted(line.split("(", 1)[1] for line in lines if "not used" in line)
    assert said == [
        "its code_version does not match this unit): computing it again",
        "its key does not match this unit): computing it again",
        "not an entry of this cache's format): computing it again",
    ], said
    resumed = json.loads(results_path(tmp_path / "REPORT.md").read_text())
    fresh = json.loads(json.dumps(writer.compute(bench_dir=tmp_path / "none"), default=str))
    assert json.dumps(stable(resumed), sort_keys=True) == json.dumps(stable(fresh), sort_keys=True)


def _entry(**changes) -> dict:
    """A cached claim instance's value (a forall SUPPORTED run of 10 trials), with ``changes``."""
    result = Result(
        id="du2018a.thm3.1", verdict=Verdict.SUPPORTED, kind=Kind.FORALL, trials=10, failures=0, premise_held=10,
        undecided=0, failure_rate_ci=(0.0, 0.3), delta=None, alpha=0.01, worst_margin=0.5, counterexample=None,
        params={}, seed=1, device="cpu", dtype="float64", elapsed_s=0.1,
    )  # fmt: skip
    return {**result.to_json(full=True), "overrides": {}, **changes}


@pytest.mark.parametrize(
    "changes, said",
    [
        ({}, None),
        ({"id": "du2018a.thm3.2"}, "id: 'du2018a.thm3.2' is not the unit's claim 'du2018a.thm3.1'"),
        ({"trials": -1}, "trials: -1 is not a count"),
        ({"failures": True}, "failures: True is not a count"),
        ({"undecided": 2.0}, "undecided: 2.0 is not a count"),
        ({"failures": 0, "undecided": 11}, "failures + undecided = 11 > trials = 10"),
        ({"failures": 1}, "verdict: SUPPORTED with 1 verified failures"),  # one failure refutes a forall claim
        ({"kind": "conditional", "verdict": "INCONCLUSIVE", "failures": 2}, "verdict: INCONCLUSIVE with 2 verified"),
        ({"kind": "whp", "failures": 1}, None),  # a whp claim may hold with some failures
        ({"kind": "whp", "verdict": "REFUTED"}, "verdict: REFUTED with 0 verified failures"),
        ({"kind": "scaling", "verdict": "REFUTED"}, None),  # refuted by its fit, not by failures
        ({"verdict": "MAYBE"}, "not a result: ValueError"),
    ],
)
def test_a_cached_claim_instance_must_agree_with_itself(changes, said):
    unit = Unit("claim/du2018a.thm3.1/0", print, ())
    if said is None:
        check_cached(unit, _entry(**changes))
    else:
        with pytest.raises(DamagedEntry) as caught:
            check_cached(unit, _entry(**changes))
        assert str(caught.value).startswith(said), str(caught.value)


def test_a_cached_experiment_is_json_data_and_its_map_units_anything():
    check_cached(Unit("section/ext.synthetic", print, ()), {"values": [1]})
    check_cached(Unit("section/ext.synthetic/map0/1", print, ()), 2.5)  # pickled: any value
    with pytest.raises(DamagedEntry, match="must be a JSON object or list, got str"):
        check_cached(Unit("section/ext.synthetic", print, ()), "hello")
