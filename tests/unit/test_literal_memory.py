"""The literal-width trials' memory (models.aggregated_flow's draw and runs): one trial's peak resident memory,
measured in a fresh process (benchmarks.literal_memory), stays under the engine's estimate, which takes the
cost hook's count of every copy as it is (claims.engine.resources.Held).

Until 0fc8ad6 the draw kept a few small tensors from every chunk between its large transient ones; on glibc's heap
that held over 2 GiB resident for Theorem 4.1 at n = 2, d = 4 (0.8·10⁶ near neurons, 13 MB of them), and both
instances here failed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from benchmarks.literal_memory import INSTANCES, measure

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not Path("/proc/self/status").exists(), reason="reads VmHWM (Linux)"
)


@pytest.mark.parametrize(("claim", "sets"), INSTANCES, ids=[c for c, _ in INSTANCES])
def test_a_literal_trial_holds_less_than_its_estimate(claim, sets):
    row = measure(claim, sets)
    assert row["near_neurons"] > 0 and "every copy" in row["basis"]
    assert 0 < row["peak_bytes"] <= row["estimate_bytes"], row
