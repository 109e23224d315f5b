"""The load average and the accelerator beside every benchmark file: pytest-benchmark's machine_info gets the
1-, 5- and 15-minute load averages at the session's start and end (a loaded machine inflates every timing, the
peak included), torch's version, the CPU vector extension its kernels use (claims.engine.machine) and, where
CUDA is available, the GPU's name and CUDA's version (its machine_info describes the host CPU only, which says
little about a run on the GPU)."""

import os

from claims.engine.machine import vector_extension

_START: list[float] = []


def pytest_sessionstart(session):
    _START[:] = os.getloadavg()


def pytest_benchmark_update_machine_info(config, machine_info):
    import torch

    machine_info["load_average_at_start"] = list(_START)
    machine_info["load_average_at_end"] = list(os.getloadavg())
    machine_info["torch"] = torch.__version__
    machine_info["cpu_capability"] = vector_extension()
    if torch.cuda.is_available():
        machine_info["gpu"] = torch.cuda.get_device_name(0)
        machine_info["cuda"] = torch.version.cuda
