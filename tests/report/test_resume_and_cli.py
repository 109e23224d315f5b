"""--resume, --only and the report's new flags at the command line (issue 13)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import torch

from claims.engine.version import code_version
from claims.report import publishing, writer
from claims.report.atomic import results_path
from claims.report.render import _scale_run_line
from tests.helpers import main
from tests.report import synthetic
from tests.report.synthetic import stable


def test_interrupted_run_keeps_the_old_report_and_resume_continues_it(tmp_path, monkeypatch):
    synthetic.install(monkeypatch)
    out, lines = tmp_path / "REPORT.md", []
    out.write_text("old report")
    monkeypatch.setitem(synthetic.INTERRUPT, "calls", 0)  # restored after the test, as "after" is
    monkeypatch.setitem(synthetic.INTERRUPT, "after", 3)  # Ctrl-C during the experiment's fourth map unit
    with pytest.raises(KeyboardInterrupt):
        writer.write_report(out=out, bench_dir=tmp_path / "none", log=lines.append)
    assert out.read_text() == "old report" and not (tmp_path / "report").exists()
    cached = list((tmp_path / writer.CACHE / code_version()).iterdir())
    claims = sum(synthetic.instances(i) for i in synthetic.FAST)
    assert len(cached) == claims + 3  # the claim instances and the three map units that finished
    monkeypatch.setitem(synthetic.INTERRUPT, "after", None)
    lines.clear()
    writer.write_report(out=out, bench_dir=tmp_path / "none", log=lines.append, resume=True)
    units = claims + 1 + 5 + 2 + 1  # the section, its five and two map units, the offloaded one
    assert sum("from the cache" in line for line in lines) == claims + 3 and lines[-1].startswith(f"[{units}/{units}]")
    resumed = json.loads(results_path(out).read_text())
    assert not (tmp_path / writer.CACHE).exists()  # the cache serves an unfinished run only
    # the header counts what the resumed units took in the run that computed them: its own wall time cannot
    taken = resumed["header"]["resumed"]
    assert taken["units"] == claims + 3 and taken["untimed"] == 0 and taken["seconds"] >= 0
    assert "in earlier runs for the" in _scale_run_line(resumed["header"])
    fresh = writer.compute(bench_dir=tmp_path / "none")
    assert json.dumps(stable(resumed), sort_keys=True) == json.dumps(stable(writer_json(fresh)), sort_keys=True)


def test_a_run_without_resume_computes_every_unit_again(tmp_path, monkeypatch):
    """The cache of an interrupted run is read only with --resume: a plain run computes every unit itself (and
    removes the cache once it has published)."""
    assert synthetic.interrupted_run(tmp_path, monkeypatch)
    out, lines = tmp_path / "REPORT.md", []
    writer.write_report(out=out, bench_dir=tmp_path / "none", log=lines.append)
    assert lines and not any("from the cache" in line for line in lines)
    assert "resumed" not in json.loads(results_path(out).read_text())["header"]
    assert not (tmp_path / writer.CACHE).exists()


def test_a_resume_with_other_settings_takes_nothing_from_the_cache(tmp_path, monkeypatch):
    """A unit's cache digest covers the run's settings (profile, device, dtype, α share, seed): --resume with
    another α finds none of the interrupted run's entries, as each of its units may differ."""
    cached = synthetic.interrupted_run(tmp_path, monkeypatch)
    out, lines = tmp_path / "REPORT.md", []
    writer.write_report(out=out, bench_dir=tmp_path / "none", log=lines.append, resume=True, alpha=0.02)
    assert len(cached) == sum(synthetic.instances(i) for i in synthetic.FAST) + 3  # three map units among them
    assert lines and not any("from the cache" in line or "not used" in line for line in lines)


def test_an_experiment_that_finished_is_resumed_whole(tmp_path, monkeypatch):
    """A run stopped after its last unit (here while publishing) keeps every unit: --resume runs no experiment
    code again, each section's data comes from the cache as one entry."""
    synthetic.install(monkeypatch)
    out = tmp_path / "REPORT.md"

    def interrupted(*_args):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(writer, "publish", interrupted)
        with pytest.raises(KeyboardInterrupt):
            writer.write_report(out=out, bench_dir=tmp_path / "none", log=lambda _: None)
    lines: list[str] = []
    writer.write_report(out=out, bench_dir=tmp_path / "none", log=lines.append, resume=True)
    section = [line for line in lines if "section/ext.synthetic" in line]
    assert len(section) == 1 and "section/ext.synthetic: from the cache" in section[0], section


def test_resume_needs_a_cache_folder():
    with pytest.raises(writer.InvalidInputError, match="resume needs the cache folder of an earlier run"):
        writer.compute(resume=True, cache_dir=None)


def test_the_report_process_gets_its_torch_threads_back():
    before = torch.get_num_threads()
    with writer._threads(before + 1):
        assert torch.get_num_threads() == before + 1
    assert torch.get_num_threads() == before
    with writer._threads(None):  # in-process: left as it is
        assert torch.get_num_threads() == before


def writer_json(data):
    return json.loads(json.dumps(data, default=str))


def test_the_cache_is_keyed_by_the_code_version(tmp_path):
    for package in ("claims", "models"):
        (tmp_path / package).mkdir()
        (tmp_path / package / "a.py").write_text("x = 1\n")
    before = code_version(tmp_path)
    (tmp_path / "models" / "a.py").write_text("x = 2\n")
    assert code_version(tmp_path) != before


def test_only_runs_the_named_claims_and_section_the_named_experiments(tmp_path, monkeypatch, capsys):
    synthetic.install(monkeypatch, sections=(synthetic.SECTION, synthetic.OTHER))
    out = str(tmp_path / "REPORT.md")
    assert main("report", "--only", "ext.lambda0_characterization", "--out", out, "--bench-dir", str(tmp_path)) == 0
    data = json.loads(results_path(out).read_text())
    assert list(data["results"]) == ["ext.lambda0_characterization"] and data["sections"] == []
    assert "[2/2]" in capsys.readouterr().err  # progress on stderr: its 2 instances, no experiment
    args = ("--only", "du2018a.thm3.1", "--only", "ext.lambda0_characterization", "--section", "ext")
    assert main("report", *args, "--out", out, "--bench-dir", str(tmp_path)) == 0
    data = json.loads(results_path(out).read_text())
    assert set(data["results"]) == set(synthetic.FAST)
    assert [s["family"] for s in data["sections"]] == ["ext"]
    assert " --only du2018a.thm3.1 --only ext.lambda0_characterization --section ext" in data["header"]["command"]
    assert main("report", "--section", "du2018a.synthetic", "--out", out, "--bench-dir", str(tmp_path)) == 0
    data = json.loads(results_path(out).read_text())
    assert data["results"] == {} and [s["family"] for s in data["sections"]] == ["du2018a"]
    capsys.readouterr()
    assert main("report", "--section", "nosuch", "--out", out) == 64
    assert "section must be a family or family.key" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--workers", "0"), "workers must be an integer >= 1, got 0"),
        (("--workers", "two"), "invalid int value: 'two'"),
        (("--workers", "2", "--scheduler", "tcp://127.0.0.1:9"), "not of scheduler 'tcp://127.0.0.1:9'"),
        (("--scheduler", "local"), "--scheduler needs dask and distributed, which are not installed"),
    ],
)
def test_bad_executor_flags_are_one_line_and_exit_64(tmp_path, monkeypatch, capsys, args, message):
    synthetic.install(monkeypatch)
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the extra were not installed
    assert main("report", *args, "--out", str(tmp_path / "REPORT.md")) == 64
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err and err.count("\n") == 1


def test_figures_drawn_in_local_processes_give_the_same_report(tmp_path, monkeypatch):
    """--workers also draws the figures (publishing.publish over a local process pool): the same markdown and the
    same figure files as drawing them here; --from-results takes it too, and refuses a bad count."""
    synthetic.install(monkeypatch)
    data = writer_json(writer.compute(bench_dir=tmp_path / "none"))
    for name in ("here", "there", "bad"):
        (tmp_path / name).mkdir()
    here = publishing.publish(data, tmp_path / "here" / "REPORT.md")
    there = publishing.publish(data, tmp_path / "there" / "REPORT.md", workers=2)

    def report(path):
        folder = results_path(path).parent
        return path.read_text().replace(folder.name, "RUN"), sorted(p.name for p in folder.glob("*.png"))

    assert report(here) == report(there) and report(here)[1]
    with pytest.raises(writer.InvalidInputError, match="workers must be an integer >= 1, got 0"):
        publishing.rerender(results_path(here), tmp_path / "bad" / "REPORT.md", workers=0)
    assert not any((tmp_path / "bad").iterdir())


DIGEST_SCRIPT = """
import torch
from claims import registry
from claims.engine.sweep import width_unit
from claims.report.units import Unit
from claims.catalogue.yuchen1995.experiments import _core_tightness
from claims.spec.experiment import _call_with_context
from tests.helpers import experiment_context
claim = registry.get("du2018a.lemma3.1")
ctx = experiment_context("du2018a.lemma3.1", seed=7)
width = Unit("section/du2018a.widths/map0/3", width_unit, ({"claim": claim, "params": {"n": 5}, "m": 64},), json=False)
offload = Unit("section/x.y/map0/0", _call_with_context, ((_core_tightness, ctx),), json=False)
print(width.digest("s"), offload.digest("s"))
"""


def test_a_units_cache_digest_is_the_same_in_another_process():
    """--resume finds a unit by a digest of its arguments: one that holds a claim record or a function (a width
    point, an offloaded experiment) must digest the same in the next run's process (a plain repr names the
    functions by their memory address)."""
    runs = [
        subprocess.run([sys.executable, "-c", DIGEST_SCRIPT], capture_output=True, text=True, check=True).stdout
        for _ in range(2)
    ]
    assert runs[0] == runs[1] and len(runs[0].split()) == 2


def test_a_resumed_entry_counts_its_time_and_an_old_entry_is_counted_untimed(tmp_path):
    """An entry keeps its unit's compute time; a reading cache adds it up. An entry written before entries kept
    their time is still used, and counted apart (its time is unknown)."""
    from claims.report.units import Unit, UnitCache

    timed, old = Unit("claim/a/0", len, ((1, 2),)), Unit("claim/b/0", len, ((3,),))
    UnitCache(tmp_path, "s").put(timed, 2, seconds=12.34)
    UnitCache(tmp_path, "s").put(old, 1)
    reading = UnitCache(tmp_path, "s", read=True)
    assert reading.get(timed) == (True, 2) and reading.get(old) == (True, 1)
    assert reading.resumed == {"units": 2, "seconds": 12.3, "untimed": 1}
