"""claims.engine.resolution: the threshold fit recovers a known psychometric function with its stated coverage,
the measurement's design brackets, grids and refines as documented (driven by simulated verdicts), and its
command (claims.tools.resolution) writes rows with their seeds, resumes from its probe cache and is rendered by
the report."""

import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from scipy import stats

from claims import Verdict, get
from claims.engine import resolution
from claims.engine.resolution import Measurement, Probe
from claims.engine.threshold import fit_threshold
from claims.report.benchmarks import render_resolution
from claims.tools import resolution as resolution_tool
from models.checks import InvalidInputError

CLAIM = "landscape.exponential_escape"


def _refuted_with(rng, amount, threshold, transition):
    """A simulated probe: REFUTED with probability Φ((log a − log θ)/σ), 10→90 % over the factor ``transition``."""
    sigma = math.log(transition) / (2 * stats.norm.ppf(0.9))
    return bool(rng.random() < stats.norm.cdf((math.log(amount) - math.log(threshold)) / sigma))


def test_threshold_fit_covers_the_true_threshold_at_about_its_level():
    """60 simulated grids (5 amounts × 4 seeds) around θ = 2 with a 1.3× transition: the 95 % interval holds θ
    in at least 80 % of them (measured here: 90 % over 200 grids; the profile likelihood runs a little below
    its nominal level at 20 probes, which the report's 95 % must be read with)."""
    rng = np.random.default_rng(7)
    amounts = np.repeat(np.geomspace(1.6, 2.5, 5), 4)
    hits = fitted = 0
    for _ in range(60):
        refuted = [_refuted_with(rng, a, 2.0, 1.3) for a in amounts]
        fit = fit_threshold(amounts, refuted, additive=False)
        if fit.status != "fitted":
            continue
        fitted += 1
        lo, hi = fit.threshold_ci
        hits += (lo is None or lo <= 2.0) and (hi is None or hi >= 2.0)
    assert fitted >= 55 and hits / fitted >= 0.8, (hits, fitted)


def test_threshold_fit_reads_the_transition_as_the_span_from_10_to_90_percent(monkeypatch):
    """Probes whose refuted share at each x is round(30·Φ(x)) (μ = 0, σ = 1; nine amounts on [−2, 2]): the fitted
    threshold is 0 and the transition, 2·z₀.₉·σ̂, is 2·1.2816 = 2.56 to within 10 % (measured: 6 %). Read with
    z₀.₉₅, or at the grid's smallest σ, it would be 28 % wider or near 0. The μ grid is made coarser here (101
    points, σ's unchanged) to keep the likelihood array small."""
    from claims.engine import threshold

    monkeypatch.setattr(threshold, "MU_POINTS", 101)
    x = np.linspace(-2.0, 2.0, 9)
    refuted = [j < round(30 * stats.norm.cdf(xi)) for xi in x for j in range(30)]
    fit = fit_threshold(np.repeat(x, 30), refuted, additive=True)
    assert fit.status == "fitted" and abs(fit.threshold) < 0.05
    assert abs(fit.transition / (2 * stats.norm.ppf(0.9)) - 1) < 0.1


def test_threshold_fit_under_separation_and_without_a_straddle():
    sharp = fit_threshold([1.0, 1.0, 2.0, 2.0, 4.0, 4.0], [0, 0, 0, 0, 1, 1], additive=False)
    # the maximum likelihood is flat over the gap (2, 4): the point is its middle, the interval holds the gap
    assert sharp.status == "fitted" and math.isclose(sharp.threshold, math.sqrt(8), rel_tol=0.01)
    assert 1.0 < sharp.threshold_ci[0] <= 2.0 and 4.0 <= sharp.threshold_ci[1] < 8.0
    assert sharp.transition_ci[0] == 1.0  # as sharp as the probes can tell
    none = fit_threshold([0.1, 0.2], [False, False], additive=True)
    assert none.status == "none_refuted" and none.threshold is None
    with pytest.raises(InvalidInputError, match="distinct amounts"):
        fit_threshold([2.0, 2.0], [True, False], additive=False)


def _simulate(m: Measurement, verdict_at) -> Measurement:
    """Drive a measurement with simulated verdicts, as claims.tools.resolution.measure drives it with checks."""
    for _ in range(500):
        asked = m.requests()
        if not asked:
            break
        for amount, value, seed, stage in asked:
            m.record(Probe(amount, value, seed, verdict_at(amount, seed).value, stage=stage))
    assert m.done
    return m


def _measurement(**kw) -> Measurement:
    claim = get("du2018a.lemma3.3")
    param = next(p for p in resolution.constants(claim) if p.name == "rate_factor")
    return Measurement(claim, param, {}, "quick", seeds=(1, 2, 3, 4, 5, 6), **kw)


def test_measurement_locates_a_simulated_threshold_on_independent_seeds():
    rng = np.random.default_rng(3)
    m = _simulate(
        _measurement(), lambda a, s: Verdict.REFUTED if _refuted_with(rng, a, 3.0, 1.4) else Verdict.SUPPORTED
    )
    row = m.as_dict()
    assert row["finding"] == "measured" and row["seeds"] == [1, 2, 3, 4, 5, 6]
    lo, hi = row["fit"]["threshold_ci"]
    assert lo is not None and hi is not None and lo <= 3.0 <= hi, row["fit"]
    grid = [p for p in m.probes if p.stage == "grid"]
    assert {p.seed for p in grid} == {1, 2, 3, 4, 5, 6} and 0 not in {p.seed for p in grid}
    assert {p.seed for p in m.probes if p.stage == "bracket"} == {0}


def test_measurement_says_loose_or_blind_when_never_refuted():
    loose = _simulate(_measurement(), lambda a, s: Verdict.SUPPORTED).as_dict()
    assert loose["finding"] == "loose" and loose["fit"] is None
    assert {p["seed"] for p in loose["probes"] if p["stage"] == "cap"} == {1, 2, 3, 4, 5, 6}
    blind = _simulate(_measurement(), lambda a, s: Verdict.INCONCLUSIVE).as_dict()
    assert blind["finding"] == "blind" and not blind["meets_aim"]


def test_measurement_extends_a_grid_that_does_not_straddle():
    """Refuted from 1.5× on the bracket seed but, on the grid seeds, only above 1.9×: the first grid (around
    the bracket) sees no straddle on one side and is extended."""
    m = _simulate(
        _measurement(rounds=2), lambda a, s: Verdict.REFUTED if a >= (1.5 if s == 0 else 1.9) else Verdict.SUPPORTED
    )
    grid = sorted({p.amount for p in m.probes if p.stage == "grid"})
    assert grid[-1] > 1.9 and m.as_dict()["finding"] == "measured", grid


def test_main_writes_rows_with_their_seeds_resumes_and_the_report_reads_them(tmp_path, capsys):
    out = tmp_path / "resolution.json"
    argv = ["--profile", "quick", "--only", CLAIM, "--seeds", "2", "--grid", "3", "--steps", "1", "--out", str(out)]
    assert resolution_tool.main(argv) == 0
    data = json.loads(out.read_text())
    assert data["meta"]["complete"] is True and data["meta"]["seeds"] == [1, 2]
    assert [r["param"] for r in data["rows"]] == [p.name for p in resolution.constants(get(CLAIM))]
    probes = out.with_suffix(".probes.jsonl").read_text().splitlines()
    assert len(probes) == sum(len(r["probes"]) for r in data["rows"])
    text = render_resolution(data)
    assert "| claim | constant |" in text and CLAIM in text and "threshold" in text
    capsys.readouterr()
    assert resolution_tool.main([*argv, "--resume"]) == 0  # every probe from the cache: none run again
    assert out.with_suffix(".probes.jsonl").read_text().splitlines() == probes
    assert json.loads(out.read_text())["rows"] == data["rows"]
    merged = tmp_path / "merged.json"  # two runs as one table, each row fitted again from its probes
    assert resolution_tool.main(["--merge", str(out), str(out), "--out", str(merged)]) == 0
    both = json.loads(merged.read_text())
    assert both["rows"] == data["rows"] and both["meta"]["command"].count(" ; ") == 1
    assert both["meta"]["replaced"] == [f"{CLAIM}.{r['param']}" for r in data["rows"]]
    # a re-measured constant: the later run's row, in the earlier one's place; the others stay
    other = {**data["rows"][0], "claim": "clc2018.exp_rate", "param": "rate_factor"}
    first = {**data, "rows": [*data["rows"], other]}
    later = {**data, "rows": [{**data["rows"][0], "probes": data["rows"][0]["probes"][:-1]}]}
    paths = [tmp_path / "first.json", tmp_path / "later.json"]
    for path, table in zip(paths, (first, later), strict=True):
        path.write_text(json.dumps(table))
    assert resolution_tool.main(["--merge", *map(str, paths), "--out", str(merged)]) == 0
    rows = json.loads(merged.read_text())["rows"]
    assert [(r["claim"], r["param"]) for r in rows] == [(CLAIM, "rate_factor"), ("clc2018.exp_rate", "rate_factor")]
    assert rows[0]["probes"] == later["rows"][0]["probes"] and rows[1]["probes"] == other["probes"]


def test_measurement_calls_a_constant_refuted_down_to_its_lowest_probe_tight():
    """A statement whose constant is attained (every strengthening refuted): the grid cannot go below "no change",
    so the threshold lies below its lowest amount: tight, and the aim is met."""
    row = _simulate(_measurement(), lambda a, s: Verdict.REFUTED).as_dict()
    assert row["finding"] == "tight" and row["meets_aim"], row["fit"]
    assert min(p["amount"] for p in row["probes"]) < 1.2


def _descendants(pid: int) -> list[int]:
    """The processes below ``pid`` (its pool's forkserver and workers), from ps."""
    rows = subprocess.run(["ps", "-eo", "pid=,ppid="], capture_output=True, text=True, check=True).stdout.split("\n")
    children: dict[int, list[int]] = {}
    for child, parent in (map(int, row.split()) for row in rows if row.strip()):
        children.setdefault(parent, []).append(child)
    out, todo = [], [pid]
    while todo:
        found = children.get(todo.pop(), [])
        out += found
        todo += found
    return out


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.slow  # a process pool started, a probe run, the tool stopped: half a minute
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process tree from ps and /proc")
def test_sigterm_ends_the_tool_and_its_workers_and_leaves_the_rows_so_far(tmp_path):
    """SIGTERM while probes run in the pool: exit 143, no worker left, and the table holds the rows so far,
    marked incomplete (that the pool's running workers are ended, not waited for, is tested with a probe-long
    sleep in tests/report/test_executors.py)."""
    out = tmp_path / "resolution.json"
    cmd = [sys.executable, "-m", "claims.tools.resolution", "--profile", "quick", "--only", "du2018a.lemma3.1"]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    child = subprocess.Popen([*cmd, "--workers", "2", "--out", str(out)], env=env, stderr=subprocess.PIPE, text=True)
    try:
        assert "probes done" in child.stderr.readline()  # the pool runs: a probe is back, the next ones running
        below = _descendants(child.pid)
        child.send_signal(signal.SIGTERM)
        assert child.wait(60) == 143
    finally:
        child.kill()
        child.stderr.close()
    deadline = time.monotonic() + 30  # the forkserver leaves once its parent has gone
    while any(_running(p) for p in below) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [p for p in below if _running(p)]
    assert json.loads(out.read_text())["meta"]["complete"] is False


def _threshold(at: float, bracket_at: float | None = None):
    """Deterministic verdicts: REFUTED from ``at`` on (from ``bracket_at`` on the bracket seed 0, if given)."""
    return lambda a, s: Verdict.REFUTED if a >= (bracket_at if s == 0 and bracket_at else at) else Verdict.SUPPORTED


def test_bracket_squares_the_factor_outward_then_bisects_in_log_amount():
    """Refuted from 10×: outward 1.5, 1.5², 1.5⁴ and the cap 16 on the bracket seed, then two bisection probes at
    the geometric middles, √(5.0625·16) = 9 (held) and √(9·16) = 12 (refuted)."""
    m = _simulate(_measurement(steps=2), _threshold(10.0))
    assert [p.amount for p in m.probes if p.stage == "bracket"] == [1.5, 2.25, 5.0625, 16.0, 9.0, 12.0]


def test_grid_spans_at_least_its_narrowest_half_span_and_never_passes_the_cap():
    """A bracket bisected below log 1.1 still gets a grid of half-span log 1.1 each side of its middle; a grid
    around a bracket that ends at the cap (refuted from 15×) asks nothing beyond 16×."""
    narrow = _simulate(_measurement(steps=8), _threshold(10.0))
    first = [p.amount for p in narrow.probes if p.stage == "grid"][: narrow.grid * len(narrow.seeds)]
    assert math.log(max(first) / min(first)) >= 2 * math.log(1.1) - 1e-9, first
    near_cap = _simulate(_measurement(), _threshold(15.0))
    assert max(p.amount for p in near_cap.probes) <= resolution.MAX_FACTOR


def test_a_grid_refuted_everywhere_is_extended_downward_at_most_rounds_times():
    """The bracket seed holds up to 5× but every grid seed refutes any strengthening: the fit is all refuted, so
    the grid is extended below its lowest amount, once per round and no more."""
    for rounds in (1, 2):
        m = _simulate(_measurement(rounds=rounds), _threshold(1.0, bracket_at=5.0))
        grid = [p.amount for p in m.probes if p.stage == "grid"]
        first = grid[: m.grid * len(m.seeds)]
        width = max(m.grid // 2, 2)
        assert min(grid) < min(first) and len(set(grid)) == m.grid + rounds * width, (rounds, sorted(set(grid)))


def test_error_probes_never_enter_the_fit():
    """A probe that raised (verdict ERROR) says nothing about the statement: with every grid and cap probe an
    error there is no fit, though the bracket seed refuted."""
    m = _measurement()
    for _ in range(100):
        asked = m.requests()
        if not asked:
            break
        for amount, value, seed, stage in asked:
            verdict = _threshold(10.0)(amount, seed).value if seed == 0 else "ERROR"
            m.record(Probe(amount, value, seed, verdict, stage=stage))
    assert m.done and m.fit() is None and m.as_dict()["fit"] is None


def test_an_exists_claim_is_rejected_by_no_surviving_witness():
    """An exists claim is never REFUTED: its strengthened statement is rejected by INCONCLUSIVE (no witness
    survived verification), the verdict its mutants expect."""
    claim = get("landscape.spurious_minima_relu")
    m = Measurement(claim, next(p for p in resolution.constants(claim) if p.name == "loss_gap"), {}, "quick")
    assert m.rejects(Probe(2.0, 0.002, 1, Verdict.INCONCLUSIVE.value))
    assert not m.rejects(Probe(2.0, 0.002, 1, Verdict.SUPPORTED.value))


def test_loose_only_where_every_cap_probe_is_supported():
    """Never refuted, SUPPORTED at the cap on some seeds but undecided on one: blind, not loose."""
    mixed = _simulate(_measurement(), lambda a, s: Verdict.INCONCLUSIVE if s == 3 else Verdict.SUPPORTED)
    assert mixed.as_dict()["finding"] == "blind"


def test_the_aim_is_shown_only_by_the_transitions_upper_end(monkeypatch):
    """A fitted transition whose point estimate is within the moderate 1.5× but whose interval reaches past it
    meets the aim by its point only; with the whole interval within 1.5× it is shown."""
    from types import SimpleNamespace

    m = _simulate(_measurement(), _threshold(10.0))
    for hi, status in ((2.0, "point"), (1.4, "shown")):
        fit = SimpleNamespace(status="fitted", transition=1.3, transition_ci=(1.1, hi), as_dict=dict)
        monkeypatch.setattr(m, "fit", lambda fit=fit: fit)
        row = m.as_dict()
        assert row["aim_status"] == status and row["meets_aim"] == (status == "shown")


def test_outward_stops_at_the_edge_of_the_constants_domain():
    """arora_label_speed's ratio_min = 2 moved down 2.25× leaves its domain (ratio_min ≥ 1): the bracket stops
    there, at the domain's edge, without a probe of a value the constant cannot take."""
    claim = get("landscape.arora_label_speed")
    m = _simulate(
        Measurement(claim, next(p for p in resolution.constants(claim) if p.name == "ratio_min"), {}, "quick"),
        lambda a, s: Verdict.SUPPORTED,
    )
    assert m.as_dict()["finding"] == "domain_edge" and all(p.value is not None for p in m.probes)


def test_an_integer_constant_moves_at_least_as_far_as_the_real_amount():
    """An integer constant is rounded in its stronger direction (up where stronger is up, down where it is down),
    so the statement probed is at least as strong as the amount says: 3 × 1.5 → 5, 3 / 1.5 → 2, never 4 or 3."""
    from claims.spec import Param

    up = Param("k", 3, "a count", int, minimum=1, stronger="up")
    down = Param("k", 3, "a count", int, minimum=1, stronger="down")
    assert resolution.perturbed_value(None, up, 1.5) == 5 and resolution.perturbed_value(None, down, 1.5) == 2
    assert resolution.perturbed_value(None, down, 1.2) == 2  # 2.5 rounded down
