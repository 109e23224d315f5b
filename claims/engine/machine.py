"""The machine a timing was taken on, in one format for every file that carries one (runs.json, the report's
header, the scaling and benchmark files).

The CPU's vector extension is part of it because it changes which kernel is the faster, not only by how much:
torch's int8 product was 15× faster than float32 on a 2-core CPU with AVX-512 VNNI and 6× slower on one with
AVX2 only (models.preactivations.int8_counts_faster), so a time without it cannot be compared with another."""

from __future__ import annotations

import os
import platform


def vector_extension() -> str:
    """The instruction set torch's CPU kernels dispatch to here (torch.backends.cpu.get_cpu_capability(), e.g.
    "AVX2" or "AVX512"), or "unknown" where torch cannot say."""
    try:
        import torch

        return str(torch.backends.cpu.get_cpu_capability())
    except (ImportError, AttributeError, RuntimeError):
        return "unknown"


def cpu_description() -> str:
    """E.g. "x86_64, 2 cores, AVX2": the architecture, the cores the OS reports and torch's vector extension."""
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {vector_extension()}"
