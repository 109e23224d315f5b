"""The work limit (issue 21, item 5): every shipped run is under the default, and a run of days is refused
before its first trial, in seconds, with its estimate and the option that lifts it.

Estimates only: no trial is drawn here (prepare() designs and estimates; a refused check exits before it)."""

from __future__ import annotations

import dataclasses
import json
import math
from pathlib import Path

import pytest
import torch

from claims import registry
from claims.engine import resources
from claims.engine.resolution import MAX_FACTOR, MAX_SHIFT, constants, is_additive, perturbed_value
from claims.engine.resources import DEFAULT_MAX_WORK, ENV_MAX_WORK, ResourceLimitError, check_max_work, parse_flops
from claims.engine.runner import prepare
from claims.engine.sweep import trials_per_width
from claims.report.atomic import results_path
from models.errors import InvalidInputError
from tests.helpers import main

CLAIMS = registry.all_claims()
#: 2,001 widths of 3: 2,000 layers (issue 21's example)
DEEP = ",".join(["3"] * 2001)


def _shipped(claim):
    """(where, overrides, mutant) of every run the suite ships for ``claim``: its defaults, each profile's
    report instances, its mutants, and each constant at the resolution tool's caps at each profile's first
    instance."""
    yield "defaults", {}, None
    for profile in ("quick", "standard", "full"):
        for i, overrides in enumerate(claim.report_instances[profile]):
            yield f"{profile}[{i}]", overrides, None
    for m in claim.mutants:
        yield f"mutant {m.name}", {}, m.name
    for profile in ("quick", "standard", "full"):
        first = dict(claim.report_instances[profile][0]) if claim.report_instances[profile] else {}
        for p in constants(claim):
            for amount in (MAX_SHIFT, -MAX_SHIFT) if is_additive(claim, p) else (MAX_FACTOR, 1 / MAX_FACTOR):
                try:
                    value = perturbed_value(claim, p, amount, claim.resolve(first).get(p.name))
                except InvalidInputError:  # beyond the constant's domain: the tool does not probe it
                    continue
                yield f"resolution {profile} {p.name} = {value}", {**first, p.name: value}, None


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_every_shipped_run_is_under_the_default_work_limit(claim, monkeypatch):
    monkeypatch.delenv(ENV_MAX_WORK, raising=False)
    for where, overrides, mutant in _shipped(claim):
        try:
            est = prepare(claim, params=overrides, mutant=mutant, max_memory="1T").estimate
        except ResourceLimitError as exc:
            pytest.fail(f"{claim.id} at {where}: {exc}")
        except InvalidInputError:  # a resolution value outside a domain that depends on other parameters
            assert where.startswith("resolution"), where
            continue
        assert est.flops <= DEFAULT_MAX_WORK, (where, est.describe())


#: the peak memory every quick and standard report instance must fit: half of an 8 GiB machine (the default
#: --max-memory is half the device's memory), so that the report runs on a laptop or a CI runner
REPORT_MEMORY = 4 * 2**30


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_every_quick_and_standard_report_instance_fits_a_small_machine(claim):
    """Peak memory (claims.engine.resources: the design's largest batch, or the trial's chunk) of each report
    instance: a trial holding large tensors runs in chunks (claims.spec.in_chunks) rather than being refused."""
    for profile in ("quick", "standard"):
        for i, overrides in enumerate(claim.report_instances[profile]):
            est = prepare(claim, params=overrides, max_memory="1T").estimate
            assert est.peak_bytes <= REPORT_MEMORY, (claim.id, profile, i, est.describe())


def test_the_width_sweeps_are_under_the_default_work_limit():
    """The report's width sweeps (du2018a.widths, du2018b.width_by_depth) at every profile's largest width:
    the training claims' top, and Lemma 3.1's 4·m_B on the X the report (seed 0) draws for the largest n.
    Under the default limit, except du2018a.widths' full profile: under the limit ``tox -e widths`` passes."""
    from claims.catalogue.du2018a import widths as w
    from claims.catalogue.du2018b.experiments import WIDTH_DEPTHS, WIDTH_GRID, WIDTH_PARAMS
    from models import two_layer
    from models import width_theories as theories

    def top(key, plan, regime, n):
        if key != "lemma3_1":
            return plan.top
        shape = w.REGIMES[regime]
        X = w._x(
            registry.get(w.CLAIMS[key]), n, shape.d(n), w._data_seed(0, regime, n), "cpu", torch.float64, shape.data
        )
        lam0 = float(two_layer.lambda_min(two_layer.h_infinity(X)))
        delta = registry.get(w.CLAIMS[key]).defaults()["delta"]
        return w._coarse(key, plan, theories.bernstein_width_lemma3_1(theories.bernstein_parameters(X), lam0, delta))[1]

    for profile in ("quick", "standard", "full"):
        points = []
        for key, plans in w.PLANS.items():
            plan = plans[profile]
            for regime, ns in plan.ns.items():
                n = max(ns)  # the costliest n of the sweep
                shape = w.REGIMES[regime]
                params = {"n": n, "d": shape.d(n), **shape.data, **w.EXTRA[key]}
                points.append((w.CLAIMS[key], {**params, "m": top(key, plan, regime, n)}))
        wtop = WIDTH_GRID[profile][1]
        points += [("du2018b.thm5.1", {**WIDTH_PARAMS, "depth": h, "m": wtop}) for h in WIDTH_DEPTHS[profile]]
        for claim_id, params in points:
            claim = registry.get(claim_id)
            trials = trials_per_width(claim.resolve(params)[claim.delta_param], 1e-4)
            limit = w.FULL_MAX_WORK if profile == "full" and claim_id != "du2018b.thm5.1" else DEFAULT_MAX_WORK
            est = prepare(claim, params=params, max_trials=trials, max_memory="1T", max_work=limit).estimate
            assert est.flops <= limit, (profile, claim_id, params, est.describe())
    tox = (Path(__file__).parents[2] / "tox.ini").read_text()
    assert f"--section du2018a.widths --max-work {w.FULL_MAX_WORK:.0e}".replace("e+", "e") in tox


#: a tight work limit, and memory left out of it (the runs below are refused on their work)
WORK_ONLY = ("--max-work", "1e9", "--max-memory", "1T")


@pytest.mark.parametrize(
    ("args", "estimate"),
    [
        (("clc2018.convergence", "--set", "steps=1000000000000"), "estimated work 9.9e+18 flops"),
        # 2,000 layers at a step of 1e-7 over T = 0.5: 5e6 steps through each layer, days of sequential steps
        (("clc2018.invariants", "--set", f"dims={DEEP}", "--set", "eta=1e-7"), "10000000000 sequential steps"),
        # the same net at the default step (50 steps) runs for about a minute here: refused below its estimate
        (("clc2018.invariants", "--set", f"dims={DEEP}", "--max-work", "1e11"), "100000 sequential steps"),
        # step counts that follow from constants: iterations, RK4 halvings, a horizon over the step
        (("jh2019.am_faster", "--set", "iterations=1000000000"), "max_work = 1e+16 flops"),
        (("du2018a.lemma3.3", "--set", "max_refinements=40"), "max_work = 1e+16 flops"),
        (("du2018a.ntk_drift", "--set", "horizon=1e9"), "max_work = 1e+16 flops"),
        (("du2018a.thm4.1", "--set", "max_steps=1000000000"), "max_work = 1e+16 flops"),
        # the deep kernel's H layers of Horner steps: at H = 10⁵ and m = 1 it had been admitted at 3.7e6 flops
        # and ran for minutes (a full-profile fuzz seed found it)
        (("du2018b.gram_init", "--set", "depth=100000", "--set", "m=1", "--max-work", "1e9"), "2100000 sequential"),
        # d × d orthogonal matrices: d = 5834 had been admitted at 6.8e7 flops a trial (the generic rule counts d once)
        (("landscape.strict_saddle_escape", "--set", "d=5834", *WORK_ONLY), "e+12 per trial"),
        # H∞'s eigensolve at n = 10⁴ (10n³): admitted at 2.6e8 flops, a minute in the eigensolver
        (("du2018a.thm4.1", "--set", "n=10000", "--set", "steps=1", *WORK_ONLY), "e+13 per trial"),
        # d × d Hessians by autograd, counted as d: admitted at 8e8 and 2e8 flops, each ran past 30 s
        (("landscape.relu_not_c2", "--set", "d=10000", *WORK_ONLY), "e+09 per trial"),
        (("landscape.random_init_avoids_saddles", "--set", "d=10000", "--trials", "2", *WORK_ONLY), "e+13 per"),
        # a square H's SVDs, counted as m·d₀: admitted at 5e8 flops, ran for minutes
        (("yuchen1995.core", "--set", "m=5749", "--trials", "2", *WORK_ONLY), "e+12 per trial"),
        # every constructed saddle's Hessian: admitted at 2.4e7 flops; the full design took 135 s and 12 GB
        (("landscape.matrix_factorization", "--set", "m=1000", "--set", "steps=1", *WORK_ONLY), "e+10 per trial"),
        # H∞ of 2p + q points: admitted under --max-work 1e10 at 1.4e9 flops, ran past a minute
        (("ext.lambda0_characterization", "--set", "pairs=1000", *WORK_ONLY), "e+10 per trial"),
    ],
)
def test_a_run_of_days_is_refused_before_its_first_trial(capsys, monkeypatch, args, estimate):
    monkeypatch.delenv(ENV_MAX_WORK, raising=False)
    assert main("check", *args) == 64
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err
    assert "max_work: refused before the first trial" in err and estimate in err
    # a hook's answer without the instance is a lower bound (resources.estimate): then the run may need more
    lower = "estimated work at least" in err
    assert ("raise --max-work (to at least --max-work" if lower else "raise --max-work (e.g. --max-work") in err


def test_the_suggested_limit_admits_the_run(capsys, monkeypatch):
    monkeypatch.delenv(ENV_MAX_WORK, raising=False)
    claim = registry.get("clc2018.invariants")
    with pytest.raises(ResourceLimitError) as info:
        prepare(claim, params={"dims": DEEP}, max_work=1e11)
    lift = str(info.value).rsplit("--max-work ", 1)[1].rstrip(")")
    est = prepare(claim, params={"dims": DEEP}, max_work=lift).estimate
    assert est.flops <= parse_flops(lift) < 1.1 * est.flops


def test_the_limit_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv(ENV_MAX_WORK, "10T")
    assert resources.default_max_work() == 1e13
    with pytest.raises(ResourceLimitError, match="max_work = 1e"):
        prepare(registry.get("du2018a.lemma3.1"), params={"n": 50, "d": 100})
    monkeypatch.setenv(ENV_MAX_WORK, "lots")
    with pytest.raises(InvalidInputError, match="CLAIMS_MAX_WORK must be a number of flops"):
        resources.default_max_work()


@pytest.mark.parametrize(
    ("value", "flops"), [("1e15", 1e15), ("2P", 2e15), ("500T", 5e14), (" 1.5e12 flops", 1.5e12), (7, 7.0)]
)
def test_max_work_accepts_flops_with_decimal_units(value, flops):
    assert check_max_work(value) == flops


@pytest.mark.parametrize(
    "value", ["abc", "0", "-1", "1e400", "", "5X", float("nan"), float("inf"), 0.5, True, None, "1e26", 1e300]
)
def test_a_bad_max_work_names_it(value):
    with pytest.raises(InvalidInputError, match="max_work must be a"):
        check_max_work(value)


def test_the_report_refuses_an_instance_beyond_the_limit_as_it_does_for_memory(tmp_path, monkeypatch):
    """A report's instance refused by --max-work is INCONCLUSIVE with the refusal as its reason (the path a
    --max-memory refusal takes); the report itself completes."""
    from tests.report import synthetic

    synthetic.install(monkeypatch)
    monkeypatch.setenv(ENV_MAX_WORK, str(DEFAULT_MAX_WORK))  # restored after the test (report sets it)
    out = str(tmp_path / "REPORT.md")
    args = ("--only", "ext.lambda0_characterization", "--max-work", "1", "--out", out, "--bench-dir", str(tmp_path))
    assert main("report", *args) == 0
    results = json.loads(results_path(out).read_text())["results"]["ext.lambda0_characterization"]
    assert results and all(r["verdict"] == "INCONCLUSIVE" and "max_work: refused" in r["reason"] for r in results)


@pytest.mark.parametrize("min_angle", [0.05, 0.003])
def test_a_flow_estimate_bounds_the_steps_on_near_parallel_data(min_angle):
    """The flow's T = horizon/λ0 is estimated at the instance's own λ0 (trials_kernel.cost_lambda0), so on
    near-parallel rows, whose λ0 lies far below any constant a cost read from the parameters could assume
    (LAMBDA0_MAX), the estimate still bounds the RK4 steps the trial takes, every halving counted. The
    horizon is 1 (the claim's is 4): the steps taken, the estimate and the parameters-only hook all scale with
    it, so the comparisons are the same and the run is a quarter as long."""
    from claims.catalogue.du2018a.trials_flow import flow_run
    from claims.catalogue.du2018a.trials_kernel import LAMBDA0_MAX
    from claims.spec import Instance, seeded_generator

    claim = registry.get("du2018a.thm3.2")
    params = {"geometry": "near_parallel", "min_angle": min_angle, "m": 20, "horizon": 1.0}
    est = prepare(claim, params=params, seed=3).estimate
    traj, lam0, _, _ = flow_run(
        Instance(claim.resolve(params), 3), seeded_generator(3, "trials", "cpu"), "cpu", torch.float64, 2
    )
    T = claim.resolve(params)["horizon"] / lam0
    taken = 4 * sum(round(T / h) for h, _ in traj.refinement)  # four RK4 stages a step, every run of the halving
    assert taken <= est.steps, (lam0, taken, est.steps)
    if min_angle < 0.01:  # λ0 far below the constant: the hook without the instance would not bound the run
        assert lam0 < LAMBDA0_MAX / 4
        assert claim.cost(claim.resolve(params))[2] < taken


@pytest.mark.parametrize("claim_id", ["du2018a.thm3.2", "du2018a.thm3.3"])
def test_the_flow_cost_counts_every_halving_and_the_trained_output_layer(claim_id):
    """At the smallest flow_tol no run meets the tolerance, so models.dynamics.flow halves the step
    max_refinements times and runs s, 2s, ..., 2^R·s steps a recorded interval, (2^{R+1} − 1)s in all; with a
    trained (Theorem 3.3) its first s is twice Theorem 3.2's. The cost hook's step count must bound the RK4
    stages actually taken in both, or the work limit admits runs it has not counted."""
    from claims.catalogue.du2018a.trials_flow import flow_run
    from claims.spec import Instance, seeded_generator

    claim = registry.get(claim_id)
    values = claim.resolve({"n": 4, "d": 4, "m": 10, "horizon": 1.0, "flow_tol": 1e-15, "max_refinements": 3})
    instance = Instance(values, 0)
    traj, lam0, _, _ = flow_run(
        instance, seeded_generator(0, "trials", "cpu"), "cpu", torch.float64, 2, train_a=claim_id.endswith("3.3")
    )
    assert len(traj.refinement) == values["max_refinements"] + 1  # every halving ran
    T = values["horizon"] / lam0
    taken = 4 * sum(round(T / h) for h, _ in traj.refinement)  # four RK4 stages a step
    assert taken <= claim.cost(values, instance, "cpu", torch.float64)[2], (lam0, taken)


@pytest.mark.parametrize("grams, refused", [(3, True), (5, False)])
def test_an_n_whose_grams_do_not_fit_the_device_is_refused_before_its_data_is_drawn(grams, refused, monkeypatch):
    """du2018a's data holds four n × n matrices while H∞ and λ0 = λ_min(H∞) are computed (the Gram, the angles,
    H∞ and the eigensolver's copy): on a device with room for three, the instance is refused with one error
    naming n before anything is drawn; with room for five it is read."""
    from claims.catalogue.du2018a.params import instance_data
    from claims.spec import Instance

    n = 40
    gram = n * n * torch.finfo(torch.float64).bits // 8
    monkeypatch.setattr(resources, "device_memory", lambda device: grams * gram)
    instance = Instance(registry.get("du2018a.thm3.2").resolve({"n": n, "d": 8}), 0)
    if refused:
        with pytest.raises(ResourceLimitError, match=f"n = {n}: H∞ and its λ_min hold"):
            instance_data(instance, "cpu", torch.float64)
    else:
        assert instance_data(instance, "cpu", torch.float64)[2] > 0


def test_the_literal_width_is_estimated_at_the_width_the_trials_draw():
    """Lemma 3.1 at m = None draws W at the literal m₁(n, λ0, δ) of its instance's λ0: the estimate uses that
    m₁ (the instance is given to the cost hook), not max_width, which would overstate the work by max_width/m₁."""
    from claims.catalogue.du2018a.params import data_cost
    from claims.catalogue.du2018a.trials_kernel import cost_lambda0, lemma3_1_width
    from claims.spec import Instance
    from models import preactivations

    claim = registry.get("du2018a.lemma3.1")
    values = claim.resolve({"n": 20, "d": 40})
    m1 = lemma3_1_width(values, cost_lambda0(Instance(values, 0), "cpu", torch.float64))
    k = 20 if preactivations.choose_route(20, 40) == "factor" else 40
    est = prepare(claim, params={"n": 20, "d": 40}, trials=10).estimate
    assert m1 < values["max_width"] / 10
    data = data_cost(values)  # X, H∞ and its λ_min
    assert est.flops_per_trial == 2.0 * m1 * 20 * (20 + k) + data
    # without the instance: the least m₁ of any data (λ0 = ½), a lower bound
    assert claim.cost(values)[1] == 2.0 * lemma3_1_width(values, 0.5) * 20 * (20 + k) + data < est.flops_per_trial


@pytest.mark.parametrize("max_steps", [128, 2**15])
def test_the_deep_linear_rate_estimate_bounds_the_steps_it_takes(max_steps, monkeypatch):
    """clc2018.exp_rate's estimate (flow.exp_rate_cost) bounds the GD steps of a trial: the refinement's coarse
    and fine Euler runs at every K and, on a stiff trial (max_steps = 128 at dims 6,5,4,3,2), the pilot that ends
    its span; the generic estimate, one run of max_steps a layer, counted neither the fine runs nor the pilot."""
    from claims.catalogue.clc2018 import flow

    taken = []
    gd = flow.dl.gd
    monkeypatch.setattr(flow.dl, "gd", lambda *a, **k: taken.append(k["steps"]) or gd(*a, **k))
    claim = registry.get("clc2018.exp_rate")
    params = claim.resolve({"dims": "6,5,4,3,2", "steps": 8, "max_steps": max_steps})
    run = flow.rate_run(params, torch.Generator().manual_seed(0), "cpu", torch.float64, 8)
    layers = 4
    assert sum(taken) * layers <= prepare(claim, params=params).estimate.steps
    assert (run["span"] < run["T"]).any() == (max_steps == 128)


@pytest.mark.parametrize("claim_id", ["du2018a.thm4.1", "du2018a.cor4.1"])
def test_the_full_reports_literal_gd_instances_reach_their_horizon(claim_id):
    """Each full-profile report instance of Theorem 4.1 and Corollary 4.1, at the seed the report gives it, asks
    for K ≤ max_steps GD steps (a run asking for more is not run: INCONCLUSIVE with no trial). At the literal step
    K = horizon·n²/(¼λ0²) is ~2.3e4 at n = 8 and ~7.7e4 at n = 16, above the default 20,000 that these instances
    used to keep: a full report ended INCONCLUSIVE on both, found by running each full-only instance briefly."""
    from claims.catalogue.du2018a.params import instance_data
    from claims.catalogue.du2018a.trials_gd import gd_setup, horizon, step_size
    from claims.report.writer import REPORT_SEED
    from claims.spec import Instance, derive_seed

    claim = registry.get(claim_id)
    for i, overrides in enumerate(claim.report_instances["full"]):
        values = claim.resolve(overrides)
        inst = Instance(values, derive_seed(REPORT_SEED, f"claim/{claim_id}/{i}"))
        if values["m"] is None:  # the literal width: its literal step is known before any draw
            lam0 = instance_data(inst, "cpu", torch.float64)[2]
            steps, reached = horizon(values, step_size(values, None, None, lam0, 4, torch.float64, "cpu"), lam0)
        else:
            *_, steps, reached = gd_setup(inst, torch.Generator().manual_seed(0), "cpu", torch.float64, 4)
        assert reached.all() and steps <= values["max_steps"], (i, overrides, steps)


def test_a_capped_step_count_is_refused_under_the_largest_work_limit(capsys):
    """A capped count (MOST_STEPS) is only a lower bound of the run's steps: MOST_WORK keeps every limit below
    it, so such a run is refused whatever --max-work says (1e300 had admitted T = 1e300 as 1e30 steps)."""
    assert resources.MOST_STEPS > resources.MOST_WORK  # so a capped count's work, steps × ≥ 1 flop, is above it
    assert main("check", "clc2018.invariants", "--set", "time=1.49e300", "--trials", "2", "--max-work", "1e25") == 64
    assert "max_work: refused before the first trial" in capsys.readouterr().err
    assert main("check", "clc2018.invariants", "--set", "time=1.49e300", "--trials", "2", "--max-work", "1e300") == 64
    assert "max_work must be a" in capsys.readouterr().err


def test_a_step_count_past_float64_is_capped_and_the_run_refused_in_one_line(capsys):
    """clc2018.invariants at T = 1.49e300 (found by the fuzz): ⌈T/η⌉ overflowed to inf in the cost hook and
    math.ceil raised. The count is capped (an estimate past every limit), and the run is refused on it."""
    from claims.engine.resources import MOST_STEPS, step_count

    assert step_count(float("inf")) == step_count(1e300) == MOST_STEPS and step_count(0.3) == 1
    assert step_count(2.5) == 3
    assert main("check", "clc2018.invariants", "--set", "time=1.49e300", "--trials", "2") == 64
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "max_work: refused before the first trial" in err and "3e+30 sequential" in err


@pytest.mark.parametrize(
    "claim_id, sets",
    [
        # C(2^H + d − 1, d − 1) at H = 10⁵: the exact binomial in the cost hook never finished
        ("du2018b.lambda0_positive", ("depth=100000", "d=1000000000000", "extra=1000000")),
        # the cost hook listed the 10¹² layers' widths to sum them: MemoryError
        ("kawaguchi2016.nonstrict_saddle", ("depth=1000000000000",)),
        # the cost hook left out the data X (n × d): admitted, then the premise hook's draw ran out of memory
        ("du2018b.gram_init", ("d=1000000000000",)),
    ],
)
def test_sizes_found_by_the_fuzz_are_refused_on_their_estimate_in_one_line(claim_id, sets, capsys):
    args = [a for s in sets for a in ("--set", s)]
    assert main("check", claim_id, *args, "--trials", "2", "--max-work", "1e9") == 64
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "refused before the first trial" in err


def test_the_saddle_masks_are_the_small_subsets_only():
    """landscape.matrix_factorization examines every critical point fitting a set J of at most r singular values
    (J ≠ the top r); the masks had been found by listing all 2^k subsets, and at m = n = 24 that list alone ran
    past a minute under an estimate of 5e5 flops. Now only the sets of at most r elements are built."""
    from claims.catalogue.landscape.ge2016 import saddle_count, saddle_masks

    masks = saddle_masks(40, 2, torch.float64, "cpu")  # 2^40 subsets: never listed
    assert masks.shape == (saddle_count(40, 2), 40) == (1 + 40 + 780 - 1, 40)
    top = torch.zeros(40, dtype=torch.float64)
    top[:2] = 1
    assert bool((masks.sum(-1) <= 2).all()) and not bool((masks == top).all(-1).any())  # the top set excluded
    assert torch.unique(masks, dim=0).shape[0] == masks.shape[0]


def test_the_saddle_masks_keep_the_order_of_the_full_listing():
    """The same masks in the same order as the listing of all 2^k subsets had given (J's bits read as a binary
    number), so every trial examines the same points as before, bit for bit."""
    from claims.catalogue.landscape.ge2016 import saddle_masks

    for k in range(1, 9):
        every = torch.tensor([[(j >> i) & 1 for i in range(k)] for j in range(2**k)], dtype=torch.float64)
        for r in range(k + 1):
            top = torch.zeros(k, dtype=torch.float64)
            top[: min(r, k)] = 1
            listed = every[(every.sum(-1) <= r) & ~(every == top).all(-1)]
            assert torch.equal(saddle_masks(k, r, torch.float64, "cpu"), listed), (k, r)


def _estimate(**kw):
    base = dict(
        elements_per_trial=1000,
        basis="n = 1000",
        batch=10,
        trials=100,
        itemsize=8,
        flops_per_trial=1e6,
        steps=3,
        batches=2,
        limit_bytes=10**9,
        limit_flops=1e12,
    )
    return resources.Estimate(**{**base, **kw})


def test_an_estimate_past_float64s_range_is_refused_without_a_max_work_to_suggest():
    """An estimate of inf flops (a step count that overflowed) is refused in one line, with no --max-work that
    would admit it: rounding inf up for the suggestion had raised OverflowError, an internal error."""
    from claims.engine.resources import require_fits

    est = _estimate(
        elements_per_trial=10,
        batch=1,
        trials=2,
        flops_per_trial=math.inf,
        steps=1,
        batches=1,
        limit_bytes=2**30,
        limit_flops=1e16,
    )
    with pytest.raises(ResourceLimitError, match=r"lower the sizes, the steps or --trials$"):
        require_fits(est)
    # a finite estimate past the largest limit accepted: no --max-work to suggest either (it would be refused)
    with pytest.raises(ResourceLimitError, match=r"lower the sizes, the steps or --trials$"):
        require_fits(dataclasses.replace(est, flops_per_trial=1e30))
    with pytest.raises(ResourceLimitError, match=r"--max-work 2e\+24\)$"):
        require_fits(dataclasses.replace(est, flops_per_trial=1e24))


def _no_reading(*args, **kwargs):
    raise AssertionError("the estimate read the instance's data (H∞ and its eigensolve) before refusing the run")


@pytest.mark.parametrize(
    "claim_id, sets",
    [
        ("du2018a.thm3.2", ("n=20000", "d=10", "m=10")),  # the flow's hook
        ("du2018a.lemma3.1", ("n=20000", "d=10")),  # the literal width's
        ("du2018a.ntk_drift", ("n=20000", "d=10")),  # the drift's
    ],
)
@pytest.mark.parametrize(
    "limit, said",
    [
        # the estimate without the instance, a lower bound, above the work limit (the memory limit lifted)
        (
            ("--max-work", "1e12", "--max-memory", "64T"),
            "max_work: refused before the first trial: estimated work at least",
        ),
        # a batch of n × n Grams past the memory limit: refused on the parameters alone, as before the reading
        ((), "max_memory: refused before the first trial"),
    ],
)
def test_an_instance_too_large_to_read_is_refused_before_reading_it(claim_id, sets, limit, said, capsys, monkeypatch):
    """du2018a's cost hooks read λ0 of the instance's X (trials_kernel.cost_lambda0): at n = 20,000 that is a
    20,000² eigensolve, which had run for five minutes (under --max-work 1e12 as under the memory limit) before
    the run it estimated was refused. Either refusal now comes first, from the hook's answer without the
    instance (a lower bound: resources.estimate)."""
    from claims.catalogue.du2018a import trials_kernel

    monkeypatch.setattr(trials_kernel, "instance_data", _no_reading)
    args = [a for s in sets for a in ("--set", s)]
    assert main("check", claim_id, *args, *limit) == 64
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and said in err, err


def _reading_hooks():
    for claim in CLAIMS:
        if claim.cost is not None and resources.takes_instance(claim.cost):
            for profile in ("quick", "standard"):
                for i, overrides in enumerate(claim.report_instances[profile]):
                    yield pytest.param(claim, overrides, id=f"{claim.id}:{profile}[{i}]")
    for geometry in ({"geometry": "near_parallel", "min_angle": 0.003}, {"geometry": "digits", "d": 64}):
        for claim_id in ("du2018a.thm3.2", "du2018a.lemma3.1", "du2018a.ntk_drift"):
            yield pytest.param(registry.get(claim_id), geometry, id=f"{claim_id}:{geometry['geometry']}")


@pytest.mark.parametrize(("claim", "overrides"), list(_reading_hooks()))
def test_a_hook_that_reads_the_instance_answers_a_lower_bound_without_it(claim, overrides):
    """The contract that lets the engine refuse a run before reading its data (resources.estimate): a cost hook
    that takes the instance answers, without it, at most what it answers with it, for the memory and the work,
    at every report instance and on near-parallel rows and the digits (λ0 far below the bare call's ½)."""
    from claims.spec import Instance

    values = claim.resolve(overrides)
    bare = resources.Cost(*claim.cost(values))
    read = resources.Cost(*claim.cost(values, Instance(values, 0), "cpu", torch.float64))
    assert bare.elements <= read.elements and bare.flops <= read.flops, (bare, read)
    assert (bare.steps is None) == (read.steps is None) and (bare.steps is None or bare.steps <= read.steps)
    assert bare.shared_bytes <= read.shared_bytes, (bare, read)


def test_a_limit_equal_to_the_estimate_admits_the_run():
    """max_memory and max_work are the largest admitted: a run estimated at exactly either runs (the suggested
    --max-work, the estimate rounded up to two digits, equals it where the estimate has two digits already)."""
    est = _estimate()
    at = dataclasses.replace(est, limit_bytes=est.peak_bytes, limit_flops=est.flops)
    assert at.fits and at.fits_work and resources.require_fits(at) is at
    over = dataclasses.replace(at, limit_bytes=est.peak_bytes - 1, limit_flops=est.flops * (1 - 1e-15))
    assert not over.fits and not over.fits_work


def test_the_trial_table_counts_in_the_peak_at_a_fixed_batch():
    """The trial table holds a row per trial drawn, whatever the batch: more trials at the same batch, a larger
    peak, by TABLE_BYTES a trial."""
    few, many = _estimate(trials=100), _estimate(trials=10**7)
    assert many.peak_bytes - few.peak_bytes == (10**7 - 100) * resources.TABLE_BYTES


def test_a_claim_that_counts_its_premise_may_hold_a_whole_look():
    """A conditional claim redraws a whole look's count when its premise missed, so one call may get the
    design's largest count; a whp claim gets at most the largest step between looks."""
    from claims.engine.design import counts_premise

    cond = registry.get("clc2018.invariants")
    assert counts_premise(cond) and getattr(cond.trial, "max_batch", None) is None  # premise: no chunking
    design = resources.SequentialDesign.for_failure_rate(0.1, 0.05, 0.01, 0.01)
    assert resources.trials_held(cond, design) == design.max_trials
    whp = registry.get("du2018a.lemma3.1")
    steps = [b - a for a, b in zip((0, *design.schedule), design.schedule, strict=False)]
    held = resources.trials_held(whp, design)
    assert held == min(max(steps), getattr(whp.trial, "max_batch", None) or max(steps)) < design.max_trials
