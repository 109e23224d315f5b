"""The load average beside every benchmark file: pytest-benchmark's machine_info gets the 1-, 5- and 15-minute
load averages at the session's start and end (a loaded machine inflates every timing, the peak included)."""

import os

_START: list[float] = []


def pytest_sessionstart(session):
    _START[:] = os.getloadavg()


def pytest_benchmark_update_machine_info(config, machine_info):
    machine_info["load_average_at_start"] = list(_START)
    machine_info["load_average_at_end"] = list(os.getloadavg())
