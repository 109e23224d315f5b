"""The command line a tool records beside its table (claims.report.runs.command_line): paths inside the folder
it ran from are written relative to it, so a run in a scratch clone names the repository's own paths."""

from __future__ import annotations

import shlex

from claims.report.runs import command_line


def test_paths_inside_the_folder_are_relative(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "benchmarks" / "resolution.json"
    line = command_line("claims.tools.resolution", ["--seeds", "3", "--out", str(out), f"--bench={out}"])
    rel = "benchmarks/resolution.json"
    assert line == f"python -m claims.tools.resolution --seeds 3 --out {rel} --bench={rel}"


def test_paths_outside_the_folder_and_plain_words_stay(tmp_path, monkeypatch):
    inside = tmp_path / "clone"
    inside.mkdir()
    monkeypatch.chdir(inside)
    outside = str(tmp_path / "results.json")
    line = command_line("benchmarks.compare_designs", [outside, "--only", "du2018a.lemma3.1", "--x=y=z", "-v"])
    assert shlex.split(line) == [
        "python",
        "-m",
        "benchmarks.compare_designs",
        outside,
        "--only",
        "du2018a.lemma3.1",
        "--x=y=z",
        "-v",
    ]
    # the folder itself is named as given (a relative "" or "." would read as a different argument)
    assert command_line("m", [str(inside)]).endswith(shlex.quote(str(inside)))


def test_arguments_are_quoted_for_a_shell(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = ["--set", "geometry=digits, d = 64", "--note", "it's"]
    assert shlex.split(command_line("claims.tools.calibration", args))[3:] == args


def test_the_process_arguments_by_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sys.argv", ["resolution.py", "--out", str(tmp_path / "t.json")])
    assert command_line("claims.tools.resolution") == "python -m claims.tools.resolution --out t.json"
