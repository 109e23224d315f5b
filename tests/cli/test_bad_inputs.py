"""Bad input, as a new user would try it: a corpus of CLI and API inputs, one row each, and Hypothesis fuzzing.

Every bad input must give one line on stderr naming the input and its value, exit 64, no traceback and
nothing written (CLI), or raise InvalidInputError (API); nothing may end in a traceback or in exit 1 (the
REFUTED code). The fuzzed runs are kept cheap: --trials 2 and a 32 MiB memory limit.
"""

import importlib
import json

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import claims
from claims import stats
from claims.engine.runner import run
from claims.registry import get
from models import deep_smooth, dynamics, two_layer, two_layer_bounds
from models.checks import InvalidInputError
from tests.helpers import main, write_data_files

F64, F32 = torch.float64, torch.float32
THM, L31, L32 = "du2018a.thm3.1", "du2018a.lemma3.1", "du2018a.lemma3.2"
#: the refusals of a bad --max-work (a string) and of a bad max_work= (a number)
WORK = "max_work must be a number of flops from 1 to 1e+25 such as 1e15 or 500T, got"
WORK_API = "max_work must be a finite number of flops from 1 to 1e+25, got"
D3 = ("--set", "d=3")  # the columns of the data files of tests.helpers.write_data_files
NO_GPU = pytest.mark.skipif(torch.cuda.is_available(), reason="a GPU is present: cuda is a valid device")


W2, A2 = torch.ones(4, 2, dtype=F64), torch.ones(4, dtype=F64)


def unit(n, d, dtype=F64, batch=()):
    X = torch.randn(*batch, n, d, generator=torch.Generator().manual_seed(n + d), dtype=dtype)
    return X / X.norm(dim=-1, keepdim=True)


CLI = [
    (("check", "du2018a.lema3.1"), "unknown claim id 'du2018a.lema3.1'; did you mean du2018a.lemma3.1"),
    (("check", ""), "unknown claim id ''"),
    (("check", THM, "--set", "nn=3"), "no parameter 'nn'; its parameters are: n, d,"),
    (("check", THM, "--set", "n=0"), "parameter n must be >= 2, got 0"),
    (("check", THM, "--set", "n=-5"), "parameter n must be >= 2, got -5"),
    (("check", THM, "--set", "n=abc"), "parameter n must be of type int, got 'abc'"),
    (("check", THM, "--set", "n=2.5"), "parameter n must be of type int, got '2.5'"),
    (("check", THM, "--set", "n=nan"), "parameter n must be of type int, got 'nan'"),
    (("check", THM, "--set", "n=inf"), "parameter n must be of type int, got 'inf'"),
    (("check", THM, "--set", "n=1e400"), "parameter n must be of type int, got '1e400'"),
    (("check", THM, "--set", "n="), "parameter n must be of type int, got ''"),
    (("check", THM, "--set", "n"), "--set expects NAME=VALUE, got 'n'"),
    (("check", THM, "--set", "=5"), "--set expects NAME=VALUE, got '=5'"),
    (("check", THM, "--set", "n=5", "--set", "n=6"), "parameter n is set twice: --set n=5 and --set n=6"),
    (("check", THM, "--set", "n=1000000000"), "n² = 1000000000²"),
    (("check", THM, "--set", "d=1000000000"), "d·n = 1000000000·10"),
    (("check", THM, "--set", "n=5000"), "n² = 5000²"),
    (("check", THM, "--set", "geometry=cube"), "parameter geometry must be one of"),
    (("check", THM, "--set", "min_angle=nan"), "parameter min_angle must be finite, got nan"),
    # past float64 in the sample count n = C·d³ and in the Gram's fourth powers (found by the fuzz)
    (("check", "jh2019.thm1_am", "--set", "C=2.2e307"), "parameter C must be <= 1000000000000.0, got 2.2e+307"),
    (("check", "jh2019.recovery", "--set", "scale=1e300"), "parameter scale must be <= 1e+50, got 1e+300"),
    # real data (models.datasets): digits fixes d = 64 and n ≤ 1797; a user's file is validated before any trial
    (("check", THM, "--set", "geometry=digits"), "d must be 64, the columns of scikit-learn's digits"),
    (("check", THM, "--set", "geometry=digits", "--set", "d=64", "--set", "n=1798"), "n must be at most the 1797"),
    (("check", THM, "--set", "geometry=file"), "geometry file needs data_file"),
    (("check", THM, "--set", "data_file={tmp}/unit.npz"), "data_file is read only with geometry=file"),
    # another geometry's own parameter had been shown on the instance line and changed nothing
    (("check", THM, "--set", "spread=0.5"), "parameter spread is read only with geometry=clustered, got geometry="),
    (("check", L31, "--set", "clusters=3"), "parameter clusters is read only with geometry=clustered"),
    (("check", THM, "--set", "geometry=clustered", "--set", "min_angle=0.1"), "min_angle is read only with geometry="),
    (("check", L32, "--set", "geometry=digits", "--set", "d=64", "--set", "normalise=true"), "normalise is read only"),
    (("check", "landscape.exponential_escape", "--set", "radius=0.5"), "radius is read only with algorithm=pgd, got"),
    (("check", "jh2019.recovery", "--set", "epochs_gd=5"), "epochs_gd is read only with method=gd, got method='am'"),
    (("check", "jh2019.recovery", "--set", "method=gd", "--set", "epochs_am=5"), "epochs_am is read only with method"),
    (("check", "landscape.matrix_factorization", "--set", "symmetric=true", "--set", "m=4"), "m is read only with"),
    # refused inside the first trial, after the plan was printed: now each is a record's constraint or a
    # parameter's bound, refused before anything is printed (a scan moved every parameter of every claim)
    (("check", THM, "--set", "geometry=near_parallel", "--set", "min_angle=2"), "min_angle must be <= 1.57"),
    (("check", "landscape.exponential_escape", "--set", "eta_L=0.6"), "eta_L must be in (0, 1/2), where the"),
    (("check", "landscape.exponential_escape", "--set", "tau=0.5"), "parameter tau must be >= 1, so that"),
    (("check", "landscape.perturbed_gd_escape", "--set", "d_max=4"), "d_min = 64 and d_max = 4: d_min must be"),
    (("check", "clc2018.exp_rate", "--set", "max_steps=10"), "parameter max_steps must be >= steps = 400, got 10"),
    (("check", "clc2018.exp_rate", "--set", "dims=2,3,4"), "parameter dims must be non-increasing"),
    (("check", "clc2018.h1_global", "--set", "n=2"), "n must be >= d0 = 3 (X of full row rank), got n = 2"),
    (("check", "clc2018.h1_global", "--set", "dims=5,5,5,5"), "dims must be d0,d1,dy (h1_global has one hidden"),
    (("check", "clc2018.convergence", "--set", "dims=abc"), "dims must be comma-separated integers, got 'abc'"),
    (("check", "clc2018.critical_values", "--set", "dims=2,3,4"), "must have every width >= d_y = 4"),
    (("check", "kawaguchi2016.no_bad_minima", "--set", "n=2"), "n must be >= d0 = 3 (X of full row rank)"),
    (("check", "kawaguchi2016.no_bad_minima", "--set", "dims=3,0,2"), "dims needs d0,d1,...,d_(H+1) with H >= 1"),
    (("check", "yuchen1995.core", "--set", "d0=1"), "parameter d0 must be >= 2 with bias_row"),
    (("check", "yuchen1995.counterexample", "--set", "d0=3"), "parameter m must exceed the narrow net's 4"),
    (("check", "yuchen1995.search_no_bad_min", "--set", "bias_row=false"), "dead_shift = "),
    # two parameters that set one thing, the one silently replacing the other
    (("check", "du2018a.thm4.1", "--mutant", "rate_3", "--set", "rate_factor=0.5"), "so the run would not be that"),
    (("check", "du2018a.ntk_constancy", "--set", "trials=8", "--trials", "12"), "both set the number of trials"),
    (("check", "du2018a.thm4.1", "--set", "eta=0.01", "--set", "eta_scale=0.5"), "eta_scale would replace eta; set"),
    (("check", "du2018a.cor4.1", "--set", "steps=50", "--set", "horizon=3"), "steps would replace horizon; set one"),
    (("check", "du2018b.thm5.1", "--set", "eta=0.01", "--set", "eta_scale=1"), "eta would replace eta_scale; set"),
    *(
        (("check", THM, "--set", "geometry=file", "--set", f"data_file={{tmp}}/{name}", *(more or D3)), said)
        for name, more, said in [
            ("unit.npz", ("--set", "n=13", *D3), "n must be at most the 12 rows of data_file '{tmp}/unit.npz'"),
            ("unit.npz", ("--set", "d=4"), "d must be 3, the columns of data_file '{tmp}/unit.npz'"),
            ("raw.npy", (), "'{tmp}/raw.npy': rows of X must have unit norm (within 2.7e-15): 11 of 12 are not"),
            ("raw.npy", (), "add --set normalise=true to scale each row to unit norm"),
            ("nonfinite.npz", (), "data_file '{tmp}/nonfinite.npz': X must be finite, got 1 non-finite entries"),
            ("nonfinite_y.npz", (), "data_file '{tmp}/nonfinite_y.npz': y must be finite"),
            ("flat.npz", (), "data_file '{tmp}/flat.npz': X must be 2-D (rows × d) and not empty, got shape (36,)"),
            ("short_y.npz", (), "'{tmp}/short_y.npz': y must be 1-D with one label per row of X (12), got shape (11,)"),
            ("no_x.npz", (), "data_file '{tmp}/no_x.npz' has no array 'X' (it holds: inputs)"),
            ("parallel.npz", (), "'{tmp}/parallel.npz': rows 4 and 12 of X are parallel"),
            ("antiparallel.npz", (), "'{tmp}/antiparallel.npz': rows 2 and 12 of X are antiparallel"),
            ("zero_row.npy", ("--set", "normalise=true", *D3), "row 12 of X is zero and cannot be normalised"),
            ("objects.npy", (), "data_file '{tmp}/objects.npy' is not a readable .npy/.npz file"),
            ("not_numpy.npz", (), "data_file '{tmp}/not_numpy.npz' is not a readable .npy/.npz file"),
            ("data.csv", (), "parameter data_file must be a .npy or .npz file, got '{tmp}/data.csv'"),
            ("missing.npz", (), "parameter data_file cannot be read: '{tmp}/missing.npz' (No such file or directory)"),
        ]
    ),
    (("check", THM, "--set", "duplicates=-1"), "parameter duplicates must be >= 0, got -1"),
    # domains that depend on each other, and values whose generated data would overflow
    (("check", THM, "--set", "geometry=clustered", "--set", "spread=1e308"), "spread must be <= 1e+100, got 1e+308"),
    (("check", "landscape.matrix_factorization", "--set", "rank=10"), "rank must be < min(m, n) = 3, got 10"),
    (("check", "landscape.matrix_factorization", "--set", "rank=3"), "rank must be < min(m, n) = 3, got 3"),
    (
        ("check", "landscape.matrix_factorization", "--set", "rank=2", "--set", "rank_offset=2"),
        "rank + rank_offset <= min(m, n) = 3, got 2",
    ),
    (
        ("check", "landscape.matrix_factorization", "--set", "symmetric=true", "--set", "n=4", "--set", "rank=4"),
        "rank must be < n = 4, got 4",
    ),
    (("check", L31, "--set", "delta=1.5"), "parameter delta must be in (0, 1), got 1.5"),
    (("check", L31, "--set", "delta=0"), "parameter delta must be in (0, 1), got 0.0"),
    (("check", L31, "--set", "delta=1"), "parameter delta must be in (0, 1), got 1.0"),
    (("check", L31, "--set", "delta=nan"), "parameter delta must be finite, got nan"),
    (("check", L31, "--set", "delta=1e-9"), "no test can be designed at delta = 1e-09, alpha = 0.01"),
    # a subnormal δ overflowed scipy's binomial pmf (an internal error; a full-profile fuzz seed found it), and a
    # δ near float64's smallest normal raised a RuntimeWarning on its way to the error
    (("check", L31, "--set", "delta=1e-308", "--trials", "2"), "delta must be at least 2.23e-308"),
    (("check", L31, "--set", "delta=2.3e-308"), "a single look would need about inf trials"),
    (("check", L31, "--set", "m=0"), "parameter m must be >= 1, got 0"),
    (("check", L32, "--set", "m=1000000000"), "m·d = 1000000000·10"),
    (("check", L32, "--set", "m=2000000"), "m·d = 2000000·10"),
    (("check", L32, "--set", "radius_power=1e9"), "parameter radius_power must be <= 64.0, got 1000000000.0"),
    (("check", "du2018a.thm3.2", "--set", "max_refinements=1000"), "parameter max_refinements must be <= 60, got 1000"),
    (("check", "du2018a.ntk_drift", "--set", "widths=1000"), "parameter widths must be <= 24, got 1000"),
    # a rate of 0 claims none: arora's had reached the model's "c must be a finite number > 0", naming no
    # parameter, and du2018b's log-rate margin divided by it (a passing trial's margin was −1.8e308)
    (("check", "landscape.arora_trajectory", "--set", "rate_factor=0"), "parameter rate_factor must be >= 1e-12"),
    (("check", "du2018b.thm5.1", "--set", "rate_factor=0"), "parameter rate_factor must be >= 1e-12, got 0.0"),
    # a float finite in float64 but past float32's range was inf in a float32 run's tensors, and raised inside a
    # trial (a float32 run of the CLI fuzz found eta = 1e300, and scale_max just past 3.4e38)
    (
        ("check", "clc2018.invariants", "--set", "eta=1e300", "--dtype", "float32"),
        "eta = 1e+300 is past float32's range (±3.4028234663852886e+38)",
    ),
    (("check", "yuchen1995.core", "--set", "scale_max=3.4028235677973366e+38", "--dtype", "float32"), "scale_max ="),
    # an estimate past float64's range (T = horizon/λ0 at a horizon near 1e308) has no --max-work to suggest: the
    # suggestion's rounding had raised OverflowError (found by the same float32 fuzz, and in float64 too)
    (("check", "du2018a.thm3.2", "--set", "horizon=1e308", "--set", "C=1e-12", "--set", "d=2"), "lower the sizes"),
    (("check", THM, "--mutant", "nope"), "no mutant 'nope'; its mutants are: duplicated_row"),
    (("check", THM, "--mutant", ""), "no mutant ''"),
    (("check", THM, "--dtype", "float16"), "dtype must be one of float64, float32, got 'float16'"),
    (("check", THM, "--dtype", "int64"), "dtype must be one of float64, float32, got 'int64'"),
    (("check", THM, "--device", "gpu"), "device must be auto, cpu or cuda, got 'gpu'"),
    pytest.param(("check", THM, "--device", "cuda"), "torch.cuda.is_available() is False", marks=NO_GPU),
    (("check", THM, "--trials", "0"), "trials must be an integer >= 1, got 0"),
    (("check", THM, "--trials", "-3"), "trials must be an integer >= 1, got -3"),
    (("check", THM, "--trials", "abc"), "argument --trials: invalid int value: 'abc'"),
    (("check", THM, "--trials", "1e6"), "argument --trials: invalid int value: '1e6'"),
    (("check", THM, "--trials", "1000000000"), "1000000000 trials per batch"),
    (("check", THM, "--trials", "1000000", "--max-memory", "4G"), "limit max_memory = 4 GiB"),
    (("check", THM, "--seed", "-1"), "seed must be an integer in [0, 2**64), got -1"),
    (("check", THM, "--seed", "18446744073709551616"), "got 18446744073709551616"),
    (("check", THM, "--seed", "abc"), "argument --seed: invalid int value: 'abc'"),
    (("check", THM, "--alpha", "0"), "alpha must be a number in (0, 1), got 0.0"),
    (("check", THM, "--alpha", "nan"), "alpha must be a number in (0, 1), got nan"),
    (("check", THM, "--alpha", "inf"), "alpha must be a number in (0, 1), got inf"),
    (("check", THM, "--alpha", "-0.1"), "alpha must be a number in (0, 1), got -0.1"),
    (("check", THM, "--alpha", "1"), "alpha must be a number in (0, 1), got 1.0"),
    (("check", THM, "--alpha", "2"), "alpha must be a number in (0, 1), got 2.0"),
    (("check", THM, "--alpha", "1e-300"), "alpha must be >= 1e-10, got 1e-300"),
    (("check", THM, "--alpha", "abc"), "argument --alpha: invalid float value: 'abc'"),
    (("check", L31, "--alpha", "0"), "alpha must be a number in (0, 1), got 0.0"),
    (("check", L31, "--alpha", "1e-300"), "alpha must be >= 1e-10, got 1e-300"),
    (("check", THM, "--max-memory", "abc"), "max_memory must be a number of bytes >= 1 such as 4G or 512M, got 'abc'"),
    (("check", THM, "--max-memory", "0"), "max_memory must be a number of bytes >= 1 such as 4G or 512M, got '0'"),
    (("check", THM, "--max-memory", "-1"), "max_memory must be a number of bytes >= 1 such as 4G or 512M, got '-1'"),
    (("check", THM, "--max-memory", "1K"), "limit max_memory = 1 KiB"),
    (("check", THM, "--max-work", "abc"), f"{WORK} 'abc'"),
    (("check", THM, "--max-work", "0"), f"{WORK} '0'"),
    (("check", THM, "--max-work", "-1"), f"{WORK} '-1'"),
    (("check", THM, "--max-work", "1e400"), f"{WORK} '1e4"),
    (("check", THM, "--max-work", "1"), "max_work: refused before the first trial: estimated work"),
    (("check", THM, "--max-work", "1"), "above max_work = 1 flops; lower the sizes, the steps or --trials"),
    # a run of days is refused in seconds (issue 21: it printed its estimate and ran on)
    (("check", "clc2018.convergence", "--set", "steps=1000000000000"), "max_work: refused before the first trial"),
    (
        ("check", "clc2018.exp_rate", "--set", "steps=1000000000000", "--set", "max_steps=1000000000000"),
        "raise --max-work (e.g. --max-work",
    ),
    (("check", "du2018a.lemma3.3", "--set", "max_refinements=60"), "max_work: refused before the first trial"),
    # the estimate read λ0 from H∞ (n × n) before any limit: it tried to allocate 8 TB (30 TB with its copies)
    (("check", L31, "--set", "n=1000000"), "max_memory: refused before the first trial"),
    (
        # past the work limit now (H∞'s eigensolve is in the estimate): with it lifted, the H∞ guard still speaks
        ("check", "du2018a.thm4.1", "--set", "n=1000000", "--set", "m=1", "--trials", "2", "--max-work", "1e25"),
        "n = 1000000: H∞ and its λ_min hold about 4 n × n matrices, 29.1 TiB",
    ),
    # an examined Hessian has p² entries for p weights: the parameters' sizes alone had these at kilobytes
    *(
        (("check", cid, "--set", item, "--max-memory", "1G"), "max_memory: refused before the first trial")
        for cid, item in [
            ("kawaguchi2016.nonstrict_saddle", "width=100"),
            ("landscape.quadratic_activation", "d=100"),
            ("landscape.spurious_minima_relu", "k=100"),
            ("yuchen1995.thm", "m=1000"),
        ]
    ),
    (("check", "du2018b.lambda0_positive", "--set", "depth=1000"), "max_memory: refused before the first trial"),
    # n = C(2^H + d − 1, d − 1) + extra = 525,827 at H = 10: a 2.2 TB kernel (it tried to allocate it)
    (("check", "du2018b.lambda0_positive", "--set", "depth=10"), "max_memory: refused before the first trial"),
    (("check",), "the following arguments are required: id"),
    (("list", "--bogus"), "unrecognized arguments: --bogus"),
    (("bogus",), "invalid choice: 'bogus'"),
    ((), "the following arguments are required: {list,check,report,cite}"),
    (("report", "--profile", "huge"), "argument --profile: invalid choice: 'huge'"),
    (("report", "--out", "{tmp}/x.txt"), "out must be a .md path, got '{tmp}/x.txt'"),
    (("report", "--out", "{tmp}/missing/REPORT.md"), "out's folder does not exist: '{tmp}/missing'"),
    (("report", "--out", "/proc/REPORT.md"), "out's folder is not writable: '/proc'"),
    (("report", "--out", "{tmp}/folder.md"), "out is a folder, not a file: '{tmp}/folder.md'"),
    (("report", "--out", "{tmp}/file/REPORT.md"), "out's folder does not exist: '{tmp}/file'"),
    (("report", "--out", "{tmp}/R.md", "--from-results", "{tmp}/none.json"), "from-results '{tmp}/none.json' is not"),
    (("report", "--out", "{tmp}/R.md", "--from-results", "{tmp}/bad.json"), "is not a readable results.json"),
    (("report", "--out", "{tmp}/R.md", "--from-results", "{tmp}/other.json"), "is not a results.json of this suite"),
    (("report", "--out", "{tmp}/R.md", "--only", "nope"), "unknown claim id 'nope'"),
    (("report", "--out", "{tmp}/R.md", "--dtype", "float16"), "dtype must be one of float64, float32"),
    (("report", "--out", "{tmp}/R.md", "--device", "gpu"), "device must be auto, cpu or cuda, got 'gpu'"),
    (("report", "--out", "{tmp}/R.md", "--max-memory", "lots"), "max_memory must be a number of bytes"),
    (("report", "--out", "{tmp}/R.md", "--max-work", "lots"), "max_work must be a number of flops"),
    (("report", "--out", "{tmp}/R.md", "--max-work", "0"), WORK),
    # a missing --bench-dir had run the whole report, which then showed no measurements
    (("report", "--out", "{tmp}/R.md", "--bench-dir", "{tmp}/none"), "bench-dir is not a folder: '{tmp}/none'"),
    (("report", "--out", "{tmp}/R.md", "--bench-dir", "{tmp}/file"), "bench-dir is not a folder: '{tmp}/file'"),
    # an address that Dask cannot parse had ended in its ValueError's traceback, exit 70
    (("report", "--out", "{tmp}/R.md", "--scheduler", "foo"), "cannot reach the Dask scheduler at 'foo': missing port"),
    # each record's constraints hook is wired (rows with ids of their own, so that the numbered ids above stay):
    # every record that takes a real geometry refuses a pool that does not fit it
    *(
        pytest.param(
            ("check", claim_id, "--set", "geometry=digits"),
            "d must be 64, the columns of scikit-learn's digits",
            id=f"{claim_id}-digits-d",
        )
        for claim_id in (
            *(f"du2018a.{name}" for name in ("lemma3.1", "lemma3.2", "lemma3.3", "lemma3.4", "thm3.2", "thm3.3")),
            *(f"du2018a.{name}" for name in ("thm4.1", "cor4.1", "ntk_constancy", "ntk_drift")),
            "landscape.arora_label_speed",
        )
    ),
    pytest.param(
        ("check", "yuchen1995.thm", "--set", "d0=3"),
        "parameter m must exceed the narrow net's 4",
        id="yuchen1995.thm-d0",
    ),
    # a tolerance at which a pass certifies nothing (the next critical value, the start itself) is refused
    *(
        pytest.param(
            ("check", claim_id, "--set", f"{name}=1"), f"{name} must be in (0, 1), got 1.0", id=f"{claim_id}-{name}"
        )
        for claim_id, name in (
            ("kawaguchi2016.no_bad_minima", "gap_rel"),
            ("clc2018.h1_global", "gap_rel"),
            ("landscape.matrix_factorization", "gap_rel"),
            ("landscape.quadratic_activation", "tol_rel"),
        )
    ),
    pytest.param(
        ("check", "landscape.perturbed_gd_escape", "--set", "eps=0.2"),
        "parameter eps must be < 1/ρ = 0.1111",
        id="landscape.perturbed_gd_escape-eps",
    ),
    pytest.param(
        ("check", "landscape.quadratic_activation", "--mutant", "too_narrow", "--set", "d=1"),
        "parameter narrow = True (width m = 1) needs d >= 2, got d = 1",
        id="landscape.quadratic_activation-narrow-d1",
    ),
]


@pytest.fixture
def tmp(tmp_path):
    (tmp_path / "folder.md").mkdir()
    (tmp_path / "file").write_text("a file, not a folder")
    (tmp_path / "bad.json").write_text("not json")
    (tmp_path / "other.json").write_text("{}")
    write_data_files(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("args", "message"), CLI)
def test_bad_cli_input_is_one_line_exit_64_and_nothing_written(capsys, tmp, args, message):
    before = sorted(p.name for p in tmp.iterdir())
    args = [a.replace("{tmp}", str(tmp)) for a in args]
    assert main(*args) == 64
    out, err = capsys.readouterr()
    assert message.replace("{tmp}", str(tmp)) in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert out == ""  # not even the plan line: every input is validated before anything is printed
    assert sorted(p.name for p in tmp.iterdir()) == before


#: the measurement tools (claims.tools): bad input is one line, exit 64, before anything is written (a negative
#: --seeds had reached torch as a tensor shape, and --delta 2 ran a whole calibration before a TypeError)
TOOLS = [
    ("calibration", ("--claim", "nope", "--knob", "m", "--grid", "1"), "unknown claim id 'nope'"),
    ("calibration", ("--claim", "du2018a.lemma3.1", "--knob", "mm", "--grid", "1"), "no parameter 'mm'"),
    ("calibration", ("--claim", "du2018a.lemma3.1", "--knob", "m", "--grid", "a"), "parameter m must be of type int"),
    ("calibration", ("--claim", "du2018a.lemma3.1", "--knob", "m", "--grid", "9", "--seeds", "0"), "seeds must be"),
    ("calibration", ("--claim", "du2018a.lemma3.1", "--knob", "m", "--grid", "9", "--delta", "2"), "delta must be"),
    ("calibration", ("--claim", "du2018a.lemma3.1", "--knob", "m", "--grid", "9", "--alpha", "0"), "alpha must be"),
    ("calibration", ("--claim", "du2018a.thm3.1", "--knob", "n", "--grid", "9"), "calibration runs whp claims"),
    ("calibration_streams", ("--seeds", "-1"), "seeds must be an integer >= 1, got -1"),
    ("calibration_streams", ("--seed", "-1"), "seed must be an integer in [0, 2**64), got -1"),
    ("calibration_streams", ("--alpha", "2"), "must be a number in (0, 1), got 2.0"),
    ("resolution", ("--only", "nope"), "unknown claim id 'nope'"),
    # argparse's own usage errors too (its exit status 2 is INCONCLUSIVE in the main CLI's codes)
    ("resolution", ("--grid", "1"), "--grid must be >= 2, got 1"),
    ("calibration_streams", ("--seeds", "x"), "argument --seeds: invalid int value: 'x'"),
    ("calibration", ("--claim", "du2018a.lemma3.1"), "the following arguments are required: --knob, --grid"),
]


@pytest.mark.parametrize(("tool", "args", "message"), TOOLS, ids=[f"{t}-{'-'.join(a[-2:])}" for t, a, _ in TOOLS])
def test_bad_tool_input_is_one_line_exit_64_and_nothing_written(capsys, tmp_path, tool, args, message):
    out = tmp_path / "out.json"
    tool_main = importlib.import_module(f"claims.tools.{tool}").main
    try:
        code = tool_main([*args, "--out", str(out)])
    except SystemExit as exc:  # argparse's usage errors leave by SystemExit
        code = exc.code
    assert code == 64
    printed, err = capsys.readouterr()
    assert message in err and err.count("\n") == 1 and printed == "", err
    assert not list(tmp_path.iterdir())


API = [
    (lambda: claims.check(THM, params=[("n", 20)]), "params must be a mapping of parameter name to value"),
    (lambda: claims.check(THM, params="n=20"), "got str 'n=20'"),
    (lambda: claims.check(THM, params={5: 1}), "params keys must be parameter names (str), got 5"),
    (lambda: claims.check(THM, params={"nn": 3}), "no parameter 'nn'"),
    (lambda: claims.check(THM, params={"n": "20"}), "parameter n must be of type int, got '20'"),
    (lambda: claims.check(THM, params={"n": 2.5}), "parameter n must be of type int, got 2.5"),
    (lambda: claims.check(THM, params={"n": True}), "parameter n must be of type int, got True"),
    (lambda: claims.check(THM, params={"n": np.float64("nan")}), "parameter n must be of type int, got nan"),
    (lambda: claims.check(THM, params={"n": None}), "parameter n must not be None"),
    (lambda: claims.check(THM, params={"n": 10**9}), "n² = 1000000000²"),
    (lambda: claims.check(THM, params={"geometry": "digits"}), "d must be 64, the columns of scikit-learn's digits"),
    (lambda: claims.check(THM, params={"geometry": "file", "data_file": 5}), "parameter data_file must be of type str"),
    (lambda: claims.check(L31, params={"delta": 0.0}), "parameter delta must be in (0, 1), got 0.0"),
    (lambda: claims.check(L32, params={"m": 2_000_000}), "m·d = 2000000·10"),
    (lambda: claims.check(5), "claim id must be a string, got 5"),
    (lambda: claims.check("nope"), "unknown claim id 'nope'"),
    (lambda: claims.check(THM, seed=-1), "seed must be an integer in [0, 2**64), got -1"),
    (lambda: claims.check(THM, seed=2**64), "got 18446744073709551616"),
    (lambda: claims.check(THM, seed=1.5), "seed must be an integer in [0, 2**64), got 1.5"),
    (lambda: claims.check(THM, seed="1"), "got '1'"),
    (lambda: claims.check(THM, seed=True), "got True"),
    (lambda: claims.check(THM, trials=0), "trials must be an integer >= 1, got 0"),
    (lambda: claims.check(THM, trials=1.5), "trials must be an integer >= 1, got 1.5"),
    (lambda: claims.check(THM, trials=True), "trials must be an integer >= 1, got True"),
    (lambda: claims.check(THM, trials=np.int64(0)), "trials must be an integer >= 1"),
    (lambda: claims.check(THM, alpha=0), "alpha must be a number in (0, 1), got 0"),
    (lambda: claims.check(THM, alpha=float("nan")), "alpha must be a number in (0, 1), got nan"),
    (lambda: claims.check(THM, alpha="x"), "alpha must be a number in (0, 1), got 'x'"),
    (lambda: claims.check(THM, alpha=1e-300), "alpha must be >= 1e-10, got 1e-300"),
    (lambda: claims.check(L31, alpha=0), "alpha must be a number in (0, 1), got 0"),
    (lambda: claims.check(THM, device="gpu"), "device must be auto, cpu or cuda, got 'gpu'"),
    (lambda: claims.check(THM, dtype="float16"), "dtype must be one of float64, float32, got 'float16'"),
    (lambda: claims.check(THM, dtype=torch.float16), "dtype must be one of float64, float32, got torch.float16"),
    (lambda: claims.check(THM, mutant="nope"), "no mutant 'nope'"),
    (lambda: claims.check(THM, mutant=5), "mutant must be a mutant's name (str), got 5"),
    (lambda: claims.check(THM, max_memory="x"), "max_memory must be a number of bytes"),
    (lambda: claims.check(THM, max_memory=-1), "max_memory must be an integer >= 1, got -1"),
    (lambda: claims.check(THM, max_memory=1), "limit max_memory = 1 B"),
    (lambda: claims.check(THM, trials=10**6, max_memory="4G"), "limit max_memory = 4 GiB"),
    (lambda: claims.check(THM, max_work="x"), WORK),
    (lambda: claims.check(THM, max_work=-1), f"{WORK_API} -1"),
    (lambda: claims.check(THM, max_work=float("nan")), f"{WORK_API} nan"),
    (lambda: claims.check(THM, max_work=True), f"{WORK_API} True"),
    (lambda: claims.check(THM, max_work=1), "max_work: refused before the first trial"),
    (lambda: claims.check("clc2018.convergence", params={"steps": 10**12}), "raise --max-work"),
    (lambda: run(THM), "claim must be a claims.Claim (claims.get(id)), got 'du2018a.thm3.1'"),
    (lambda: run(get(THM), epsilon=0.0), "epsilon must be a number in (0, 1), got 0.0"),
    (lambda: two_layer.gram(torch.ones(3, 2, dtype=F64), torch.ones(4, 2, dtype=F64)), "X rows must have unit norm"),
    (lambda: two_layer.gram(unit(3, 2), torch.ones(4, 2, dtype=F32)), "W must have the dtype of X (torch.float64)"),
    (lambda: two_layer.gram(unit(3, 4, batch=(2,)), torch.ones(3, 5, 4, dtype=F64)), "batch dimensions (3,)"),
    (lambda: two_layer.gram(unit(3, 2), torch.ones(4, 2, dtype=F64), memory_bytes="x"), "memory_bytes must be"),
    (lambda: two_layer.gram(unit(3, 2), torch.ones(4, 2, dtype=F64), memory_bytes=-1), "got -1"),
    (lambda: two_layer.gram(unit(3, 2), torch.ones(4, 2, dtype=F64), memory_bytes=0), "got 0"),
    (lambda: two_layer.gram(unit(3, 2), torch.ones(4, 2, dtype=F64), memory_bytes=1.5), "got 1.5"),
    (lambda: two_layer.gram(unit(3, 2), torch.ones(4, 3, dtype=F64)), "W must have 2 columns"),
    (lambda: two_layer.gram(unit(3, 2), [[1.0, 0.0]]), "W must be a torch.Tensor, got list"),
    (lambda: two_layer.gram(torch.eye(2, dtype=torch.int64), torch.ones(4, 2)), "X must be a floating tensor"),
    (lambda: two_layer.gram(unit(3, 2).half(), torch.ones(4, 2).half()), "X must be float32 or float64"),
    (lambda: two_layer.h_infinity(unit(3, 2).half()), "X must be float32 or float64, got dtype torch.float16"),
    (lambda: two_layer.h_infinity(unit(3, 2).bfloat16()), "X must be float32 or float64, got dtype torch.bfloat16"),
    (lambda: two_layer.h_infinity(torch.full((3, 2), float("nan"), dtype=F64)), "X must be finite"),
    (lambda: two_layer.h_infinity(2 * unit(3, 2)), "X rows must have unit norm"),
    (lambda: two_layer.h_infinity(torch.ones(3, dtype=F64)), "X must have at least 2 dimensions"),
    (lambda: two_layer.random_gram(unit(3, 2), 0, generator=torch.Generator()), "m must be an integer >= 1, got 0"),
    (lambda: two_layer.random_gram(unit(3, 2), "x", generator=torch.Generator()), "m must be an integer >= 1"),
    (lambda: two_layer.random_gram(unit(3, 2), 5, generator=torch.Generator(), batch=0), "batch must be an integer"),
    (lambda: two_layer.random_gram(unit(3, 2), 5, generator=None), "generator must be a torch.Generator, got NoneType"),
    (lambda: two_layer.random_gram(unit(3, 2).half(), 5, generator=torch.Generator()), "X must be float32 or float64"),
    (lambda: two_layer.random_gram(2 * unit(3, 2), 5, generator=torch.Generator()), "X rows must have unit norm"),
    # public helpers of claims.stats and models (issue 21: nonsense answers, raw errors, the wrong name blamed)
    (lambda: stats.min_num_trials_for_failure_rate_test(0.05, 0.5, 0.01, 0.01), "epsilon must be < min(delta"),
    (lambda: stats.min_num_trials_for_failure_rate_test(0.1, 0.05, float("nan"), 0.01), "false_fail_rate must be"),
    (lambda: stats.refutes_failure_rate_at_most(5, 3, 0.1, 0.05), "failures must lie in [0, trials], got failures 5"),
    (lambda: stats.supports_failure_rate_at_most(1, 3, 0.1, float("nan")), "level must be a number in (0, 1), got nan"),
    (lambda: stats.AlphaBudget(0.01).split("claims", "2"), "parts: an α budget must be split over >= 1 claims"),
    (lambda: stats.fit_power_law_exponent([1, 2, 3], "abc", 0.9), "value must be an array of numbers, got 'abc'"),
    (lambda: stats.SequentialDesign.for_forall(0.05, 0.01).decide_codes(0, 90, 5), "look must be an integer in [0, 1)"),
    (lambda: two_layer_bounds.literal_width_lemma3_4(5, 0.0, 0.05, 4.0), "lam0 must be a finite number > 0, got 0.0"),
    (lambda: two_layer.literal_width_lemma3_1(10, 0.15, 0.0), "delta must be a number in (0, 1), got 0.0"),
    (lambda: deep_smooth.theorem_width(4, 2, 0.0, 0.05), "lambda0 must be a finite number > 0, got 0.0"),
    (lambda: dynamics.gradient_descent(unit(3, 2), torch.ones(3, dtype=F64), W2, A2, eta=0.0, steps=3), "eta must be"),
]


@pytest.mark.parametrize(("call", "message"), API)
def test_bad_api_input_raises_invalid_input_naming_it(call, message):
    with pytest.raises(InvalidInputError) as info:
        call()
    assert message in str(info.value)


def test_numpy_integers_are_accepted_for_sizes_and_seed():
    r = claims.check(THM, params={"n": np.int64(6), "d": np.int32(3)}, seed=np.uint64(5), trials=np.int64(4))
    assert r["params"]["n"] == 6 and type(r["params"]["n"]) is int and r["seed"] == 5 and r["trials"] == 4
    X = unit(4, 3)
    H = two_layer.random_gram(X, np.int64(7), generator=torch.Generator().manual_seed(0), memory_bytes=np.int64(64))
    assert H.shape == (1, 4, 4)


def test_the_estimate_is_reported_by_check_and_by_the_literal_regime(capsys):
    assert main("check", L31, "--set", "n=30", "--set", "max_width=1000") == 2  # m₁ > max_width: INCONCLUSIVE
    out = capsys.readouterr().out
    plan = next(line for line in out.splitlines() if " looks (false-fail " in line)  # said before the trials
    assert out.index(plan) < out.index("INCONCLUSIVE") and plan.count("estimated peak memory") == 1
    # the reason says what the theory asks for, in words; the estimate of this run is said once, in the plan
    assert "not run here: the literal width" in out and "exceeds max_width" in out
    assert out.count("estimated peak memory") == 1
    r = claims.check(THM, params={"n": 4, "d": 3})
    assert r["design"]["estimate"]["peak_bytes"] <= r["design"]["estimate"]["limit_bytes"]


def test_a_premise_hook_that_finds_the_run_infeasible_is_said_not_raised(capsys):
    """du2018b.gram_init's premises compute the width its trials would draw: above max_width the CLI's statement
    lines say why it is not run (INCONCLUSIVE, exit 2), as the run itself does, instead of an internal error."""
    assert main("check", "du2018b.gram_init", "--set", "max_width=10") == 2
    captured = capsys.readouterr()
    assert "premises: the initialisation step's width m = " in captured.out and "exceeds max_width = 10" in captured.out
    assert "internal error" not in captured.err and "Traceback" not in captured.err


# --- Hypothesis: --set values and parameter dicts end in a verdict or a clean 64, never a traceback -------------

CHEAP = ("--trials", "2", "--max-memory", "32M", "--json")
FUZZED = (THM, L32, "ext.lambda0_characterization")
TEXT = st.one_of(
    st.text(max_size=8),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["nan", "-inf", "1e400", "none", "None", "true", "0", "-1", "1e-300", "0x10", " 3 ", "٣"]),
)


@st.composite
def set_items(draw):
    claim = get(draw(st.sampled_from(FUZZED)))
    names = [p.name for p in claim.params]
    items = draw(
        st.lists(st.tuples(st.one_of(st.sampled_from(names), st.text(max_size=4)), TEXT), min_size=1, max_size=3)
    )
    return claim.id, [f"{k}={v}" for k, v in items]


@settings(max_examples=60)
@given(set_items())
def test_fuzzed_set_values_end_in_a_verdict_or_a_clean_64(case):
    claim_id, items = case
    args = ["check", claim_id, *[a for item in items for a in ("--set", item)], *CHEAP]
    with _captured() as (out, err):
        code = main(*args)
    assert code in (0, 1, 2, 64), (args, err.getvalue())
    if code == 64:
        assert err.getvalue().count("\n") == 1 and "Traceback" not in err.getvalue() and out.getvalue() == ""
    else:
        assert json.loads(out.getvalue())["verdict"] in ("SUPPORTED", "REFUTED", "INCONCLUSIVE", "VACUOUS")


VALUES = st.one_of(
    st.integers(-3, 3000),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=4),
    st.booleans(),
    st.none(),
    st.integers(0, 50).map(np.int64),
    st.floats(0, 1).map(np.float64),
    st.lists(st.integers(), max_size=2),
)


@st.composite
def param_dicts(draw):
    claim = get(draw(st.sampled_from(FUZZED)))
    names = st.one_of(st.sampled_from([p.name for p in claim.params]), st.text(max_size=3))
    return claim.id, draw(st.dictionaries(names, VALUES, max_size=3))


@settings(max_examples=60)
@given(param_dicts())
def test_fuzzed_parameter_dicts_give_a_result_or_invalid_input(case):
    claim_id, params = case
    try:
        r = claims.check(claim_id, params=params, trials=2, max_memory="32M")
    except InvalidInputError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert r["verdict"] in ("SUPPORTED", "REFUTED", "INCONCLUSIVE", "VACUOUS")


class _captured:
    """Capture sys.stdout and sys.stderr (capsys cannot be reset between Hypothesis examples)."""

    def __enter__(self):
        import io
        import sys

        self.saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
        return sys.stdout, sys.stderr

    def __exit__(self, *exc):
        import sys

        sys.stdout, sys.stderr = self.saved
