"""The unit cache is never believed blindly (issue 21, item 2): an entry damaged, edited by hand or of the wrong
shape is recomputed and said so in one line, never published; a cache that cannot be written is dropped for
the run (said once), never the end of it."""

from __future__ import annotations

import hashlib
import json

import pytest

from claims.engine.version import code_version
from claims.report import writer
from claims.report.atomic import results_path
from tests.report import synthetic
from tests.report.synthetic import stable


def _interrupted_run(tmp_path, monkeypatch) -> list:
    """A report interrupted during its experiment: the claim instances and three map units are cached."""
    synthetic.install(monkeypatch)
    monkeypatch.setitem(synthetic.INTERRUPT, "calls", 0)
    monkeypatch.setitem(synthetic.INTERRUPT, "after", 3)
    with pytest.raises(KeyboardInterrupt):
        writer.write_report(out=tmp_path / "REPORT.md", bench_dir=tmp_path / "none", log=lambda _: None)
    monkeypatch.setitem(synthetic.INTERRUPT, "after", None)
    return sorted((tmp_path / writer.CACHE / code_version()).glob("claim_*.json"))


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
    entries = _interrupted_run(tmp_path, monkeypatch)
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
