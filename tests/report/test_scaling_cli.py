"""``python -m claims.report.scaling``: its options and the JSON it writes (the timed runs themselves are
measurements, made by ``tox -e scaling`` on a quiet machine, not tests)."""

import pytest

from claims.report import scaling


def test_nothing_to_time_is_a_usage_error_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "s.json"
    with pytest.raises(SystemExit) as exc:
        scaling.main(["--no-sweep", "--no-report", "--out", str(out)])
    assert exc.value.code == 2 and "leaves nothing to time" in capsys.readouterr().err and not out.exists()


@pytest.mark.parametrize("reports", ["", "gpu", "in-process,threads"])
def test_an_unknown_report_run_is_a_usage_error_naming_the_value(tmp_path, capsys, reports):
    with pytest.raises(SystemExit) as exc:
        scaling.main(["--no-sweep", "--reports", reports, "--out", str(tmp_path / "s.json")])
    assert exc.value.code == 2 and f"--reports must name some of in-process, workers, got {reports!r}" in (
        capsys.readouterr().err
    )
    assert not (tmp_path / "s.json").exists()
