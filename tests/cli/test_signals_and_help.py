"""Ctrl-C, SIGTERM, a closed pipe and internal errors end in one line and their own exit codes (never 1, the
REFUTED code); every verb's --help documents every option with its default, and the exit codes."""

import argparse
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claims import __main__ as cli
from claims import registry
from tests.helpers import main

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONPATH": str(ROOT)}


@pytest.fixture
def sigint_handled():
    """Python's own SIGINT handler in this process while the test runs. A test run started in the background
    by a non-interactive shell (``cmd &``) inherits SIGINT ignored, and Python then installs no handler: the
    tests below are about what Ctrl-C does where it is delivered, so they restore it (and the child's, below)."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def _sigint_default():  # in the child before exec: SIGINT as a terminal delivers it, so Python handles it
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_during_a_check_is_one_line_exit_130():
    # a real process and a real signal: the literal regime of Lemma 3.1 runs for a minute, interrupted once its
    # plan is printed
    child = subprocess.Popen(
        [sys.executable, "-m", "claims", "check", "du2018a.lemma3.1"],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_sigint_default,
    )
    while not child.stdout.readline().startswith("du2018a.lemma3.1: at most"):  # the plan, after the statement
        pass
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=60)
    assert (child.returncode, err) == (130, "interrupted\n")


SIGNALS = [(signal.SIGINT, 130, "interrupted\n"), (signal.SIGTERM, 143, "terminated\n")]


@pytest.mark.parametrize(("sig", "code", "line"), SIGNALS)
def test_a_signal_in_the_middle_of_a_check_is_one_line_and_its_own_exit_code(
    monkeypatch, capsys, sigint_handled, sig, code, line
):
    from claims.engine import runner

    def signalled(plan, progress=None):
        os.kill(os.getpid(), sig)  # delivered in this (the main) thread, between two bytecodes of the run
        time.sleep(5)
        raise AssertionError("the signal did not stop the run")

    monkeypatch.setattr(runner, "execute", signalled)
    assert main("check", "du2018a.thm3.1") == code
    out, err = capsys.readouterr()
    assert err == line and out.startswith("du2018a.thm3.1: x_i") and "\ndu2018a.thm3.1: at most" in out


def test_a_closed_pipe_is_a_quiet_exit(monkeypatch, capsys):
    class Closed(io.StringIO):
        def write(self, _):
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Closed())
    assert main("list") == 141
    assert capsys.readouterr().err == ""


def test_list_into_head_leaves_quietly():
    done = subprocess.run(
        f"{sys.executable} -m claims list --json | head -1",
        shell=True,
        cwd=ROOT,
        env=ENV,
        capture_output=True,
        text=True,
    )
    assert done.stdout == "[\n" and done.stderr == ""


def test_an_internal_error_is_exit_70_with_its_traceback(monkeypatch, capsys):
    def bug():
        raise RuntimeError("a bug")

    monkeypatch.setattr(registry, "all_claims", bug)
    assert main("list") == 70
    err = capsys.readouterr().err
    assert "Traceback" in err and "RuntimeError: a bug" in err and err.rstrip().endswith("a bug of the suite)")


def _parsers(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            yield from action.choices.values()


def test_every_option_of_every_verb_documents_its_default_and_every_help_the_exit_codes(capsys):
    parsers = list(_parsers(cli.build_parser()))
    assert {p.prog.split()[-1] for p in parsers} == {"claims", "list", "check", "report", "cite"}
    for parser in parsers:
        for action in parser._actions:
            if action.option_strings and action.dest != "help":
                assert "default" in (action.help or ""), (parser.prog, action.dest)
        assert main(*parser.prog.split()[3:], "--help") == 0
        text = capsys.readouterr().out
        for code in ("0 ", "1 ", "2 ", "64", "70", "130", "141", "143"):
            assert f"\n  {code}" in text or f"; {code}" in text, (parser.prog, code)


def test_top_level_help_cites_no_file_the_project_does_not_ship(capsys):
    assert main("--help") == 0
    text = capsys.readouterr().out
    assert "DESIGN.md" not in text and ".md" not in text.replace("REPORT.md", "")
