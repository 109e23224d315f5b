"""The code mutants of tests/code_mutants.py stay runnable: each edit's text occurs exactly once in its file, and
each killing test it names exists. Running them (minutes) is ``python -m tests.code_mutants``."""

import re
from pathlib import Path

import pytest

from tests.code_mutants import MUTANTS, ROOT


def test_ids_are_unique():
    ids = [m.id for m in MUTANTS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("mutant", MUTANTS, ids=lambda m: m.id)
def test_each_edit_applies_and_names_a_test_that_exists(mutant):
    text = (ROOT / mutant.path).read_text()
    assert text.count(mutant.old) == 1, f"{mutant.id}: update its text to the code of {mutant.path}"
    assert mutant.old != mutant.new
    assert bool(mutant.killed_by) != bool(mutant.equivalent)  # a killing test, or the reason there is none
    for node in mutant.killed_by:
        file, _, name = node.partition("::")
        assert (ROOT / file).is_file(), node
        if name:  # a parametrised node is named by its function, then [its id]
            function = name.partition("[")[0]
            assert re.search(rf"^def {re.escape(function)}\(", Path(ROOT / file).read_text(), re.M), node


def test_an_equivalent_mutant_named_without_full_is_reported_not_run(monkeypatch, capsys):
    """Its killed_by is empty, so pytest under it would run the whole suite, serially: the tool says so instead."""
    import tests.code_mutants as tool

    def never(*args):
        raise AssertionError("run_one called for an equivalent mutant without --full")

    monkeypatch.setattr(tool, "_git_clean", lambda root: True)
    monkeypatch.setattr(tool, "run_one", never)
    monkeypatch.setattr(tool.signal, "signal", lambda *args: None)  # leave this process's SIGTERM alone
    equivalent = next(m for m in MUTANTS if m.equivalent)
    assert tool.main([equivalent.id]) == 0
    assert f"{equivalent.id}: equivalent, not run" in capsys.readouterr().out
