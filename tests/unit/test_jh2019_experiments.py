"""The jh2019 report experiments' bookkeeping (claims/catalogue/jh2019/experiments.py), with the dynamics replaced
by fakes whose outcomes are known: which start each half of a batch is, how a run's status becomes a success, a
verified failure or an undecided run, where the sample sweep stops on its grid, which d each n* belongs to, and
which Lemma 2 ρ₃ and quantiles the rates table shows. The real dynamics are tested in test_shallow_residual*.py;
the sections' rendering of the quick profile's data in test_report_jh2019.py."""

import math

import numpy as np
import pytest
import torch

from claims import get
from claims.catalogue.jh2019 import experiments
from claims.catalogue.jh2019.trials import lemma2_rho3
from claims.engine.stats import fit_power_law_exponent
from models import shallow_residual as sr
from models import shallow_residual_dynamics as dyn
from tests.helpers import experiment_context

F64 = torch.float64


def test_each_teacher_is_trained_from_the_identity_then_from_a_random_start():
    """teachers_and_inits: the batch's first half starts at W⁰ = 0 (the identity map of the residual net), the
    second at vec W⁰ ~ N(0, I)/d drawn after the teachers; both halves share the teachers."""
    W_star, v, W0 = experiments.teachers_and_inits(4, 3, 0.2, torch.Generator().manual_seed(3), "cpu", F64)
    g = torch.Generator().manual_seed(3)
    teacher, signs = sr.teacher(4, 3, 0.2, generator=g)
    random = sr.random_init(4, 3, generator=g)
    assert torch.equal(W_star, torch.cat([teacher, teacher])) and torch.equal(v, torch.cat([signs, signs]))
    assert torch.equal(W0[:4], torch.zeros_like(teacher)) and torch.equal(W0[4:], random)


@pytest.fixture
def spy(monkeypatch):
    """Records the gamma each teacher draw is given, and the arguments of the faked dynamics."""
    seen = {"gamma": [], "am": [], "factor": [], "run": []}
    real = experiments.teachers_and_inits

    def teachers(trials, d, gamma, generator, device, dtype):
        seen["gamma"].append(gamma)
        return real(trials, d, gamma, generator, device, dtype)

    monkeypatch.setattr(experiments, "teachers_and_inits", teachers)
    return seen


def test_fig1_counts_each_start_and_status_in_its_own_row(monkeypatch, spy):
    """reproduce_fig1 at 3 trials: AM's status 1/−1/0 is a success/verified failure (a cycle)/undecided run, GD's
    run a success where it stopped within its epochs (stopped ≤ gd_epochs; never: gd_epochs + 1); the first
    half of the batch is the identity start, the second the random one; the epochs are the median (torch's,
    the lower middle value) over the successes only; GD's step is fixed_theory_step at gd_step; the teacher's
    norm is γ = gamma_rel·√d."""
    epochs = 40
    am_status, am_steps = torch.tensor([1, -1, 0, 1, 1, -1]), torch.tensor([4, 9, 50, 6, 8, 7])
    stopped = torch.tensor([epochs, epochs + 1, 3, 2, epochs + 1, epochs + 1])

    def am(stream, W0, iterations, threshold):
        spy["am"].append((W0.clone(), iterations, threshold))
        return {"status": am_status, "steps": am_steps}

    def step(stream, W0, factor):
        spy["factor"].append(factor)
        return torch.ones(W0.shape[0], dtype=W0.dtype)

    def run(stream, W0, method, iterations, **kw):
        spy["run"].append((method, iterations, kw["stop_rel"]))
        return {"stopped": stopped}

    monkeypatch.setattr(dyn, "am_until_cycle", am)
    monkeypatch.setattr(dyn, "fixed_theory_step", step)
    monkeypatch.setattr(dyn, "run", run)
    out = experiments.reproduce_fig1(
        4, [30], 3, generator=torch.Generator().manual_seed(0), gamma_rel=0.05, gd_epochs=epochs, am_epochs=11,
        gd_step=0.7, threshold=0.02,
    )  # fmt: skip
    assert out["am/identity"] == {"success": [1], "failed": [1], "undecided": [1], "epochs": [4.0]}
    assert out["am/random"] == {"success": [2], "failed": [1], "undecided": [0], "epochs": [6.0]}
    assert out["gd/identity"] == {"success": [2], "failed": [0], "undecided": [1], "epochs": [3.0]}
    assert out["gd/random"] == {"success": [1], "failed": [0], "undecided": [2], "epochs": [2.0]}
    (W0, iterations, threshold), = spy["am"]  # fmt: skip
    assert (iterations, threshold) == (11, 0.02) and not W0[:3].any() and W0[3:].all()
    assert spy["factor"] == [0.7] and spy["run"] == [("gd", epochs, 0.02)]
    assert spy["gamma"] == [0.05 * math.sqrt(4)]


def test_loss_curves_share_one_test_set_and_find_the_epoch_where_am_meets_gds_last_loss(monkeypatch):
    """loss_curves: both starts see the same test inputs; GD's curve keeps every ``every``-th epoch and its last
    kept training loss is the mark; AM's matching epoch is the first whose training loss is at or below it."""
    gd_epochs, am_epochs, every, seen = 20, 6, 5, []

    def run(stream, W0, method, epochs, *, eta=None, X_test=None, halve_on_increase=False):
        seen.append((method, X_test.clone(), eta is not None))
        t = torch.arange(epochs + 1, dtype=F64)[:, None]
        loss = 10.0 ** -t.expand(-1, 2) if method == "am" else 1 / (t + 1).expand(-1, 2)
        return {"loss": loss, "test_loss": 2 * loss}

    monkeypatch.setattr(dyn, "run", run)
    monkeypatch.setattr(dyn, "fixed_theory_step", lambda stream, W0, factor: torch.ones(W0.shape[0], dtype=F64))
    out = experiments.loss_curves(
        3, 20, generator=torch.Generator().manual_seed(0), gd_epochs=gd_epochs, am_epochs=am_epochs, every=every
    )
    assert [m for m, _, _ in seen] == ["am", "gd"] and [has_eta for _, _, has_eta in seen] == [False, True]
    for _, X_test, _ in seen:
        assert torch.equal(X_test[0], X_test[1])
    gd = out["curves"]["gd/identity"]
    assert gd["epoch"] == [0, 5, 10, 15] and out["gd_last"] == {"epoch": 15, "loss": 1 / 16}
    assert out["curves"]["am/identity"]["epoch"] == list(range(am_epochs))
    assert out["am_epoch_matching_gd_last"] == 2  # 10^-2 ≤ 1/16 < 10^-1
    assert out["curves"]["am/random"]["test"] == [2 * x for x in out["curves"]["am/random"]["train"]]


def test_quantiles_are_the_10th_50th_and_90th_percentiles_of_the_finite_values():
    x = torch.cat([torch.arange(1.0, 12.0, dtype=F64), torch.tensor([math.inf, math.nan], dtype=F64)])
    assert experiments._quantiles(x) == pytest.approx([2.0, 6.0, 10.0], abs=1e-12)
    assert experiments._quantiles(torch.tensor([math.inf])) == []


def test_rates_table_takes_lemma2_rho3_as_the_theorem1_claims_do_at_their_default():
    """_lemma2_rho3 is jh2019.thm1_gd's ρ₃ (trials.lemma2_rho3 at the claim's default horizon, ρ₃ factor and
    scale) at W⁰ = 0, the start whose step the rates table reports."""
    p = get("jh2019.thm1_gd").defaults()
    assert p["iterations"] == experiments.THM1_ITERATIONS
    W_star, _ = sr.teacher(5, 3, 0.3, generator=torch.Generator().manual_seed(1))
    expected = lemma2_rho3({**p, "d": 3}, torch.zeros_like(W_star), W_star, 500)
    assert torch.equal(experiments._lemma2_rho3(W_star, 500), expected)


def test_rate_row_shares_count_trials_not_steps(monkeypatch):
    """A flip at W⁰ is flips > 0 there; ρ_AM < 1 is read at W⁰; AM's one-step ratio beats GD's only where it
    does at every compared step."""
    t = torch.tensor
    keys = ("kappa", "rho3_measured", "s_min", "s_max", "rho_gd", "r_gd")
    cmp = {k: t([[0.5, 0.6, 0.7, 0.8], [0.5, 0.6, 0.7, 0.8]], dtype=F64) for k in keys}
    cmp["rho_am"] = t([[0.5, 1.0, 2.0, 0.9], [0.1, 0.1, 0.1, 0.1]], dtype=F64)
    cmp["r_am"] = t([[0.1, 0.1, 0.9, 0.9], [0.1, 0.9, 0.9, 0.9]], dtype=F64)
    cmp["flips"] = t([[0, 2, 1, 0], [5, 5, 5, 5]])
    cmp["rho3"] = t([1.0, 1.0, 1.0, 1.0], dtype=F64)
    monkeypatch.setattr(experiments, "_first_step", lambda *a: cmp)
    row = experiments._rate_row("x", 2, 100, 1e-3, "fresh", 4, 2, None, "cpu", F64)
    assert row["share_flipped"] == 0.5 and row["share_rho_am_below_1"] == 0.5
    assert row["share_r_am_below_r_gd"] == 0.25
    assert row["rho_am"] == experiments._quantiles(cmp["rho_am"][0])


def _shares(table):
    """A fake _success_share: the share at n = ⌈f·d²⌉ from {f: share}, 1.0 off the table; records each call."""
    calls = []

    def share(method, d, n, trials, generator, device, dtype):
        calls.append(n)
        return next((s for f, s in table.items() if math.ceil(f * d * d) == n), 1.0)

    return share, calls


def test_sweep_unit_stops_at_the_first_factor_whose_share_reaches_nine_tenths(monkeypatch):
    ctx = experiment_context()
    share, calls = _shares({0.5: 0.5, 0.75: 0.9, 1.0: 0.85})
    monkeypatch.setattr(experiments, "_success_share", share)
    assert experiments.sweep_unit(ctx.item("x", method="am", d=4, trials=20)) == math.ceil(0.75 * 16)
    assert calls == [8, 12]
    none, _ = _shares(dict.fromkeys(experiments.SWEEP_FACTORS, 0.85))
    monkeypatch.setattr(experiments, "_success_share", none)
    assert experiments.sweep_unit(ctx.item("x", method="gd", d=4, trials=20)) is None


def test_success_share_runs_from_the_identity_and_counts_recoveries_only(monkeypatch, spy):
    """_success_share: the teachers' first half (W⁰ = 0) only, γ = γ_rel·√d as in the paper; AM recovers where
    its status is 1 (not a cycle −1, not undecided 0), GD where it stopped within GD_EPOCHS."""
    starts = []

    def am(stream, W0, iterations, threshold):
        starts.append(W0.clone())
        return {"status": torch.tensor([1, 0, -1, 1])}

    monkeypatch.setattr(dyn, "am_until_cycle", am)
    monkeypatch.setattr(dyn, "fixed_theory_step", lambda stream, W0, factor: torch.ones(W0.shape[0], dtype=F64))
    stopped = torch.tensor([experiments.GD_EPOCHS, experiments.GD_EPOCHS + 1, 1, experiments.GD_EPOCHS + 1])
    monkeypatch.setattr(dyn, "run", lambda *a, **k: {"stopped": stopped})
    g = torch.Generator().manual_seed(0)
    assert experiments._success_share("am", 3, 20, 4, g, "cpu", F64) == 0.5
    assert experiments._success_share("gd", 3, 20, 4, g, "cpu", F64) == 0.5
    (W0,) = starts
    assert W0.shape == (4, 3, 3) and not W0.any()
    assert spy["gamma"] == [experiments.PAPER_GAMMA_REL * math.sqrt(3)] * 2


def test_sample_sweep_pairs_each_method_and_d_with_its_units_n_star_and_fits_at_95_percent(monkeypatch):
    """sample_sweep (quick: d = 3, 4, 5): each point is (d, its unit's n*), a d without n* is left out, and a
    method with fewer than 3 points has no fit; the fit is the least-squares exponent with its 95 % interval."""
    found = {"am": {3: 20, 4: 41, 5: 90}, "gd": {3: 25, 4: None, 5: 130}}
    monkeypatch.setattr(experiments, "sweep_unit", lambda item: found[item["method"]][item["d"]])
    out = experiments.sample_sweep(experiment_context())
    assert out["am"]["points"] == [[3, 20], [4, 41], [5, 90]] and out["gd"]["points"] == [[3, 25], [5, 130]]
    fit = fit_power_law_exponent(np.array([3.0, 4.0, 5.0]), np.array([20.0, 41.0, 90.0]), 0.95)
    assert out["am"]["exponent"] == fit.slope and out["am"]["ci"] == [fit.lo, fit.hi]
    assert out["gd"]["exponent"] is None and out["gd"]["ci"] is None
    assert out["theory_exponent"] == 3 and out["threshold_share"] == 0.9
