"""results.json has a schema (claims.report.schema, checked with jsonschema): `report --from-results` refuses
anything else with exit 64 and one line naming the first bad field, and writes nothing (issue 21, item 4)."""

from __future__ import annotations

import copy
import json
import os

import pytest

from claims import __main__ as cli
from claims.report import writer
from claims.report.schema import SCHEMA_VERSION
from tests.report import synthetic


@pytest.fixture(scope="module")
def valid(tmp_path_factory):
    """The results data of a tiny report (two fast claims, one synthetic experiment), as results.json holds it."""
    mp = pytest.MonkeyPatch()
    try:
        synthetic.install(mp)
        data = writer.compute(bench_dir=os.devnull)
    finally:
        mp.undo()
    return json.loads(json.dumps(data, default=str))


def _with(data, path: str, value):
    out = copy.deepcopy(data)
    *head, last = path.split("/")
    node = out
    for k in head:
        node = node[int(k)] if isinstance(node, list) else node[k]
    if value is KeyError:
        del node[last]
    else:
        node[int(last) if isinstance(node, list) else last] = value
    return out


THM = "du2018a.thm3.1"
BAD = [
    ("a number", lambda d: 5, "(the top level): 5 is not of type 'object'"),
    ("a list", lambda d: [d], "is not of type 'object'"),
    ("no version", lambda d: _with(d, "schema_version", KeyError), "'schema_version' is a required property"),
    ("a newer version", lambda d: _with(d, "schema_version", SCHEMA_VERSION + 1), "schema_version:"),
    ("verdict MAYBE", lambda d: _with(d, f"results/{THM}/0/verdict", "MAYBE"), f"results.{THM}[0].verdict:"),
    ("trials a string", lambda d: _with(d, f"results/{THM}/0/trials", "many"), f"results.{THM}[0].trials:"),
    ("negative failures", lambda d: _with(d, f"results/{THM}/0/failures", -1), f"results.{THM}[0].failures:"),
    ("a result of another claim", lambda d: _with(d, f"results/{THM}/0/id", "ext.other"), "is not"),
    ("results without a record", lambda d: _with(d, f"claims/{THM}", KeyError), f"no claim record under claims.{THM}"),
    ("an unknown family", lambda d: _with(d, "sections/0/family", "nosuch"), "family 'nosuch' is unknown"),
    ("an empty section", lambda d: _with(d, "sections/0/data", None), "sections[0]: 'error' is a required property"),
    ("a header without profile", lambda d: _with(d, "header/profile", KeyError), "header: 'profile' is a required"),
    ("an unknown profile", lambda d: _with(d, "header/profile", "huge"), "header.profile:"),
]


def test_the_writer_output_is_valid(valid, tmp_path, monkeypatch):
    synthetic.install(monkeypatch)
    (tmp_path / "ok.json").write_text(json.dumps(valid))
    args = ["report", "--from-results", str(tmp_path / "ok.json"), "--out", str(tmp_path / "R.md")]
    assert cli.main([*args, "--bench-dir", os.devnull]) == 0


@pytest.mark.parametrize(("what", "spoil", "message"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_results_file_is_one_line_naming_the_field(valid, tmp_path, monkeypatch, capsys, what, spoil, message):
    synthetic.install(monkeypatch)
    (tmp_path / "bad.json").write_text(json.dumps(spoil(valid)))
    before = sorted(p.name for p in tmp_path.iterdir())
    code = cli.main(["report", "--from-results", str(tmp_path / "bad.json"), "--out", str(tmp_path / "R.md")])
    err = capsys.readouterr().err
    assert code == 64 and err.count("\n") == 1 and "Traceback" not in err, err
    assert message in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
