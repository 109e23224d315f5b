"""The pytest plugin of nn-opt-claims (entry point ``pytest11``): the claim suite's options, Hypothesis profiles
and fixtures, for this repository and for any repository that checks its own claims (claims.testing).

* ``--device auto|cpu|cuda`` (default auto): auto runs cpu and, where a GPU is present, cuda; without one the
  cuda cases are skipped with the reason. An explicit ``cuda`` without a GPU is a usage error.
* ``--dtype float64|float32`` (default float64).
* ``--profile quick|standard|full``: quick is derandomized with few examples (CI), standard is
  derandomized with more, full draws at random with many (a nightly run). The default is the ini value
  ``claims_profile``, else quick.
* ``--alpha``: the false-fail budget of the whole run, in (0, 1) (fixture ``alpha_budget``), split over claims, examples
  and looks.

The plugin is installed with the package, so it is loaded by every pytest run of the environment; it changes
global state (loads the Hypothesis profile, sets torch's threads in each pytest-xdist worker, parametrizes the
``device`` fixture) only in a project that uses it: one whose pytest ini sets ``claims_profile`` (this
repository's pyproject.toml does) or a run given ``--profile``. torch is imported only where it is needed.

``pytest -n auto`` (pytest-xdist) runs the tests in one process per core with the same outcomes: every test
draws from explicitly seeded generators, the Hypothesis profiles are derandomized (the claim and mutant tests
from a seed of their claim's id and the profile, claims.testing.pinned) without an example database, and each
xdist worker sets torch's intra-op threads to its share of the cores (cores // workers), so that the workers do
not oversubscribe the machine.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

PROFILES = ("quick", "standard", "full")
_COMMON = dict(
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("quick", derandomize=True, max_examples=6, **_COMMON)
settings.register_profile("standard", derandomize=True, max_examples=12, **_COMMON)
settings.register_profile("full", derandomize=False, max_examples=40, **_COMMON)


def pytest_addoption(parser):
    group = parser.getgroup("claims", "nn-opt-claims: claim tests")
    group.addoption("--device", default="auto", choices=("auto", "cpu", "cuda"), help="device of the claim tests")
    group.addoption("--dtype", default="float64", choices=("float64", "float32"), help="dtype of the claim tests")
    group.addoption(
        "--profile", default=None, choices=PROFILES, help="sizes and examples (default: ini claims_profile, or quick)"
    )
    group.addoption("--alpha", default=0.01, type=float, help="suite-wide false-fail budget")
    parser.addini("claims_profile", "the claim tests' default --profile (quick, standard or full)", default="")


def profile_of(config) -> str:
    """The run's profile: --profile, else the ini's claims_profile, else quick."""
    chosen = config.getoption("--profile") or config.getini("claims_profile") or "quick"
    if chosen not in PROFILES:
        raise pytest.UsageError(f"claims_profile must be one of {', '.join(PROFILES)}, got {chosen!r}")
    return chosen


def uses_claims(config) -> bool:
    """Whether this run's project uses the plugin (ini claims_profile, or --profile given)."""
    return bool(config.getoption("--profile") or config.getini("claims_profile"))


@pytest.hookimpl(tryfirst=True)  # before Hypothesis' plugin, so that --hypothesis-profile/-verbosity apply on top
def pytest_configure(config):
    if config.getoption("--device") == "cuda":
        import torch

        if not torch.cuda.is_available():
            raise pytest.UsageError("--device cuda was requested but torch.cuda.is_available() is False")
    alpha = config.getoption("--alpha")
    if not 0 < alpha < 1:  # NaN fails too; checked here, since only the tests that spend α read the option
        raise pytest.UsageError(f"--alpha must be a number in (0, 1), got {alpha!r}")
    if not uses_claims(config):
        return
    settings.load_profile(profile_of(config))
    workers = os.environ.get("PYTEST_XDIST_WORKER_COUNT")  # set in each worker of pytest -n
    if workers:
        import torch

        from claims.report.execute import available_cores, thread_share

        torch.set_num_threads(thread_share(available_cores(), int(workers)))


def pytest_generate_tests(metafunc):
    if "device" not in metafunc.fixturenames or not uses_claims(metafunc.config):
        return
    import torch

    choice = metafunc.config.getoption("--device")
    names = ["cpu", "cuda"] if choice == "auto" else [choice]
    no_gpu = pytest.mark.skip(reason="no CUDA device (torch.cuda.is_available() is False)")
    params = [
        pytest.param(n, id=n, marks=no_gpu if n == "cuda" and not torch.cuda.is_available() else ()) for n in names
    ]
    metafunc.parametrize("device", params)


@pytest.fixture(scope="session")
def dtype(pytestconfig):
    """The torch dtype of --dtype."""
    import torch

    return {"float64": torch.float64, "float32": torch.float32}[pytestconfig.getoption("--dtype")]


@pytest.fixture(scope="session")
def profile(pytestconfig) -> str:
    """The run's profile (:func:`profile_of`)."""
    return profile_of(pytestconfig)


@pytest.fixture(scope="session")
def alpha_budget(pytestconfig):
    """The run's false-fail budget (claims.stats.AlphaBudget of --alpha), split by the tests that spend it."""
    from claims.stats import AlphaBudget

    return AlphaBudget(pytestconfig.getoption("--alpha"))
