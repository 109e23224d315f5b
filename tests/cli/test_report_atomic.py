"""A report that cannot half-happen: report runs SIGKILLed at each step of the switch (in subprocesses, on a
registry of one fast claim and no sections) leave the old report or the new one whole, never a mix; the next
run removes their debris; only what the suite made is ever removed."""

import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from claims import __main__ as cli
from claims import registry
from claims.report import atomic, publishing
from claims.report import writer as report
from models.errors import InvalidInputError

ROOT = Path(__file__).resolve().parents[2]
CHILD = textwrap.dedent(
    """
    import os, signal, sys
    from claims import registry
    from claims.report import atomic, figures, writer

    thm = registry.get("du2018a.thm3.1")
    registry.all_claims = lambda: (thm,)
    writer.all_sections = lambda: ()
    step, out = sys.argv[1], sys.argv[2]

    def kill(name=None):
        if name in (None, step):
            os.kill(os.getpid(), signal.SIGKILL)

    atomic.checkpoint = kill
    if step == "rendering":  # killed after the first figure of the new run is written
        save = figures.Figures.save
        figures.Figures.save = lambda self, *a, **k: (save(self, *a, **k), kill())[0]
    writer.write_report(out=out, bench_dir=os.devnull)
    """
)
KILL_AT = ("locked", "folder-created", "rendering", "figures-written", "temp-written", "switched", "old-removed")


@pytest.fixture
def small_registry(monkeypatch):
    thm = registry.get("du2018a.thm3.1")
    monkeypatch.setattr(registry, "all_claims", lambda: (thm,))
    monkeypatch.setattr(report, "all_sections", lambda: ())


def whole(out: Path) -> str:
    """Assert that OUT is a whole report (every link it makes resolves inside the one run folder it names,
    which holds its marker and results.json); return its run id."""
    text = out.read_text()
    run_id = atomic.current_run(out)
    assert run_id, "no run tag"
    run = out.parent / atomic.FIGURES / run_id
    assert (run / atomic.MARKER).read_text().strip() == out.name and (run / "results.json").is_file()
    links = re.findall(r"\]\((report/[^)]+)\)", text)
    assert links and all(link.startswith(f"report/{run_id}/") for link in links), "a link into another run"
    assert all((out.parent / link).is_file() for link in links)
    return run_id


def tidy(folder: Path, out: Path) -> None:
    """Nothing beside OUT but OUT and report/, and report/ holds exactly the run OUT names."""
    assert sorted(p.name for p in folder.iterdir()) == [out.name, atomic.FIGURES]
    assert [p.name for p in (folder / atomic.FIGURES).iterdir()] == [atomic.current_run(out)]


def test_a_report_killed_at_any_step_leaves_the_old_or_the_new_one_whole(tmp_path, small_registry):
    data = report.compute(bench_dir=os.devnull)
    folders = {}
    for step in KILL_AT:  # an old report (of this layout) in each folder, then a run killed at `step`
        folder = tmp_path / step
        folder.mkdir()
        report.publish(data, folder / "REPORT.md")
        folders[step] = (folder, whole(folder / "REPORT.md"), (folder / "REPORT.md").read_text())
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    children = {
        step: subprocess.Popen(
            [sys.executable, "-c", CHILD, step, str(folders[step][0] / "REPORT.md")], cwd=ROOT, env=env
        )
        for step in KILL_AT
    }
    switched = {"switched", "old-removed"}
    for step, child in children.items():
        assert child.wait(timeout=300) == -signal.SIGKILL, step
        folder, old_id, old_text = folders[step]
        out = folder / "REPORT.md"
        run_id = whole(out)
        if step in switched:
            assert run_id != old_id  # the new report, whole
        else:
            assert run_id == old_id and out.read_text() == old_text  # the old report, byte for byte
        report.write_report(out=out, bench_dir=os.devnull)  # the next run removes the killed run's debris
        whole(out)
        tidy(folder, out)


def test_debris_of_the_earlier_layout_is_cleaned_and_a_users_files_never_touched(tmp_path, small_registry):
    data = report.compute(bench_dir=os.devnull)
    (tmp_path / ".report-tmp-abc123" / "report").mkdir(parents=True)
    (tmp_path / ".report-tmp-abc123" / "REPORT.md").write_text("a killed run of the earlier layout")
    (tmp_path / "report.old-4242").mkdir()
    (tmp_path / "report.old-4242" / "margins_x.png").write_bytes(b"png")
    (tmp_path / ".report-tmp-mine").mkdir()
    (tmp_path / ".report-tmp-mine" / "thesis.tex").write_text("not the suite's")
    user = tmp_path / "report"
    (user / "mine").mkdir(parents=True)
    (user / "notes.txt").write_text("a user's notes")
    (user / "mine" / "data.csv").write_text("1,2")
    report.publish(data, tmp_path / "REPORT.md")
    report.publish(data, tmp_path / "SUMMARY.md")  # another report beside it shares report/ and keeps to its own
    report.publish(data, tmp_path / "SUMMARY.md")
    whole(tmp_path / "REPORT.md")
    whole(tmp_path / "SUMMARY.md")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [".report-tmp-mine", "REPORT.md", "SUMMARY.md", "report"]
    runs = {atomic.current_run(tmp_path / "REPORT.md"), atomic.current_run(tmp_path / "SUMMARY.md")}
    assert {p.name for p in user.iterdir()} == {"mine", "notes.txt", *runs}
    assert (user / "notes.txt").read_text() == "a user's notes" and (user / "mine" / "data.csv").exists()


def test_out_is_checked_before_any_claim_runs(tmp_path, small_registry, monkeypatch):
    ran = []
    monkeypatch.setattr(report, "compute", lambda **kw: ran.append(kw))
    (tmp_path / "report").write_text("a file where the figures folder goes")
    with pytest.raises(atomic.InvalidInputError, match="figures folder exists and is not a folder"):
        report.write_report(out=tmp_path / "REPORT.md")
    assert not ran


def _sigint_default():  # in the child before exec: SIGINT delivered as from a terminal, so Python handles it
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _interrupt_child(tmp_path, where: str, sig: int) -> tuple[subprocess.CompletedProcess, Path]:
    """A report run (CLI) that blocks in `where` ('compute' or 'render'), interrupted by `sig`."""
    out = tmp_path / "REPORT.md"
    code = textwrap.dedent(
        f"""
        import sys, time
        from claims import __main__ as cli
        from claims import registry
        from claims.report import publishing, writer

        thm = registry.get("du2018a.thm3.1")
        registry.all_claims = lambda: (thm,)
        writer.all_sections = lambda: ()
        real = publishing.render if {where!r} == "render" else writer.compute

        def block(*a, **k):
            print("blocked", flush=True)
            time.sleep(600)

        if {where!r} == "render":
            def block_after(*a, **k):
                real(*a, **k)
                block()
            publishing.render = block_after
        else:
            writer.compute = block
        sys.exit(cli.main(["report", "--out", {str(out)!r}, "--bench-dir", "/dev/null"]))
        """
    )
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_sigint_default,  # a test run started with `&` passes SIGINT on ignored
    )
    assert child.stdout.readline() == "blocked\n"
    child.send_signal(sig)
    stdout, stderr = child.communicate(timeout=60)
    return subprocess.CompletedProcess(child.args, child.returncode, stdout, stderr), out


def test_sigterm_while_a_report_is_written_is_one_line_and_leaves_no_debris(tmp_path):
    # a real process and a real signal, after the new run's figures are rendered and before the switch
    (tmp_path / "REPORT.md").write_text("old report")
    done, out = _interrupt_child(tmp_path, "render", signal.SIGTERM)
    assert done.returncode == 143 and done.stderr.endswith("terminated\n") and "Traceback" not in done.stderr
    assert out.read_text() == "old report"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != report.CACHE) == ["REPORT.md"]  # cache: --resume


@pytest.mark.parametrize("where", ["compute", "render"])
def test_ctrl_c_during_a_report_is_one_line_exit_130_and_no_debris(
    tmp_path, small_registry, monkeypatch, capsys, where
):
    (tmp_path / "REPORT.md").write_text("old report")

    def interrupted(*_, **__):
        raise KeyboardInterrupt

    monkeypatch.setattr({"compute": report, "render": publishing}[where], where, interrupted)
    assert cli.main(["report", "--out", str(tmp_path / "REPORT.md")]) == 130
    assert capsys.readouterr().err.endswith("interrupted\n")
    assert (tmp_path / "REPORT.md").read_text() == "old report"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != report.CACHE) == ["REPORT.md"]


UNIT_CHILD = textwrap.dedent(
    """
    import os, signal, sys, time
    from claims import __main__ as cli
    from claims import registry
    from claims.engine import runner
    from claims.report import writer

    thm = registry.get("du2018a.thm3.1")
    registry.all_claims = lambda: (thm,)
    writer.all_sections = lambda: ()

    def signalled(plan):  # SIGTERM inside a claim unit, on every attempt
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(30)
        raise AssertionError("the signal did not stop the unit")

    runner.execute = signalled
    sys.exit(cli.main(["report", "--out", sys.argv[1], "--bench-dir", os.devnull]))
    """
)


def test_sigterm_inside_a_unit_ends_the_run_and_is_never_retried(tmp_path):
    """SIGTERM is not a failed unit: it is not retried, no report is published, exit 143 (it used to be
    caught by the unit's retry, and a second SIGTERM published a report marked "Not computed", exit 0)."""
    (tmp_path / "REPORT.md").write_text("old report")
    env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", UNIT_CHILD, str(tmp_path / "REPORT.md")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_sigint_default,
    )
    assert done.returncode == 143 and done.stderr.endswith("terminated\n"), done.stderr
    assert "Traceback" not in done.stderr and "will retry" not in done.stderr
    assert (tmp_path / "REPORT.md").read_text() == "old report"


def _full_disk_under(monkeypatch, part: str) -> None:
    """Every write_bytes/write_text to a path holding ``part`` fails as on a full disk."""
    import errno
    import pathlib

    for name in ("write_bytes", "write_text"):
        real = getattr(pathlib.Path, name)

        def full(self, *a, _real=real, **k):
            if part in str(self):
                raise OSError(errno.ENOSPC, "No space left on device", str(self))
            return _real(self, *a, **k)

        monkeypatch.setattr(pathlib.Path, name, full)


@pytest.mark.parametrize("where", [report.CACHE, "results.json"])
def test_a_disk_that_fills_mid_run_is_one_line_exit_74_and_nothing_left(
    tmp_path, small_registry, monkeypatch, capsys, where
):
    """ENOSPC while writing the cache (mid-run) or the report itself: exit 74 (sysexits EX_IOERR), one line
    naming the path, the old report untouched, no cache and no half-written run folder left behind."""
    (tmp_path / "REPORT.md").write_text("old report")
    _full_disk_under(monkeypatch, where)
    assert cli.main(["report", "--out", str(tmp_path / "REPORT.md"), "--bench-dir", os.devnull]) == 74
    err = capsys.readouterr().err  # progress lines, then the one error line
    last = err.splitlines()[-1]
    assert last.startswith("error: no space left on the device writing ") and where in last, err
    assert sum(line.startswith("error") for line in err.splitlines()) == 1 and "Traceback" not in err
    assert (tmp_path / "REPORT.md").read_text() == "old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["REPORT.md"]


def test_one_file_is_written_whole_or_not_at_all(tmp_path, monkeypatch):
    """write_atomically (the unit cache, benchmarks/runs.json, the tools' tables): the new file whole, or the
    old one untouched and no temporary file left when the write fails."""
    path = tmp_path / "table.json"
    atomic.write_atomically(path, "old\n")
    assert path.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["table.json"]

    def full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", full)
    with pytest.raises(OSError):
        atomic.write_atomically(path, b"new\n")
    assert path.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["table.json"]


@pytest.mark.parametrize(
    "name, said",
    [("x.txt", "out must be a .md path"), ("folder.md", "out is a folder, not a file"), ("R.MD", None)],
)
def test_out_is_checked_before_anything_runs(tmp_path, name, said):
    """check_out is what the report's CLI calls first: a wrong OUT is refused before the hour-long run, not after."""
    (tmp_path / "folder.md").mkdir()
    if said is None:
        assert atomic.check_out(tmp_path / name) == (tmp_path / name).resolve()
    else:
        with pytest.raises(InvalidInputError, match=said):
            atomic.check_out(tmp_path / name)


def test_the_run_out_names_is_its_last_tag(tmp_path):
    out = tmp_path / "REPORT.md"
    out.write_text("text quoting <!-- claims-report-run: old-1 -->\n<!-- claims-report-run: run-2 -->\n")
    assert atomic.current_run(out) == "run-2"
    assert atomic.current_run(tmp_path / "absent.md") is None
