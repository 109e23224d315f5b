"""Suite-wide pytest options and fixtures: --device, --dtype, --profile, --alpha; Hypothesis profiles.

* ``--device auto|cpu|cuda`` (default auto): auto runs cpu and, where a GPU is present, cuda; without one the
  cuda cases are skipped with the reason. An explicit ``cuda`` without a GPU is a usage error.
* ``--profile quick|standard|full``: quick is derandomized with few examples (CI), standard is
  derandomized with more, full draws at random with many (a nightly run).
* ``--alpha``: the false-fail budget of the whole run, split over claims, examples and looks.

``pytest -n auto`` (pytest-xdist) runs the tests in one process per core with the same outcomes: every test
draws from explicitly seeded generators, the Hypothesis profiles are derandomized (examples from each test's
name) without an example database, and each xdist worker sets torch's intra-op threads to its share of the
cores (cores // workers), so that the workers do not oversubscribe the machine.
"""

from __future__ import annotations

import os

import pytest
import torch
from hypothesis import HealthCheck, settings

from claims.report.execute import available_cores, thread_share
from claims.stats import AlphaBudget

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
    group = parser.getgroup("claims")
    group.addoption("--device", default="auto", choices=("auto", "cpu", "cuda"), help="device of the claim tests")
    group.addoption("--dtype", default="float64", choices=("float64", "float32"), help="dtype of the claim tests")
    group.addoption("--profile", default="quick", choices=("quick", "standard", "full"), help="sizes and examples")
    group.addoption("--alpha", default=0.01, type=float, help="suite-wide false-fail budget")


def pytest_configure(config):
    if config.getoption("--device") == "cuda" and not torch.cuda.is_available():
        raise pytest.UsageError("--device cuda was requested but torch.cuda.is_available() is False")
    settings.load_profile(config.getoption("--profile"))
    workers = os.environ.get("PYTEST_XDIST_WORKER_COUNT")  # set in each worker of pytest -n
    if workers:
        torch.set_num_threads(thread_share(available_cores(), int(workers)))


def pytest_generate_tests(metafunc):
    if "device" in metafunc.fixturenames:
        choice = metafunc.config.getoption("--device")
        names = ["cpu", "cuda"] if choice == "auto" else [choice]
        no_gpu = pytest.mark.skip(reason="no CUDA device (torch.cuda.is_available() is False)")
        params = [
            pytest.param(n, id=n, marks=no_gpu if n == "cuda" and not torch.cuda.is_available() else ()) for n in names
        ]
        metafunc.parametrize("device", params)


@pytest.fixture(scope="session")
def dtype(pytestconfig) -> torch.dtype:
    return {"float64": torch.float64, "float32": torch.float32}[pytestconfig.getoption("--dtype")]


@pytest.fixture(scope="session")
def profile(pytestconfig) -> str:
    return pytestconfig.getoption("--profile")


@pytest.fixture(scope="session")
def alpha_budget(pytestconfig) -> AlphaBudget:
    return AlphaBudget(pytestconfig.getoption("--alpha"))
