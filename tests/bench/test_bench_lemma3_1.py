"""Lemma 3.1 at its literal width for n = 50 (d = 100, m₁ ≈ 3.1·10⁶), the whole check, on a CUDA device: part of
``tox -e gpu-bench``, whose JSON (benchmarks/bench-cuda.json) the report shows. On the CPU it is skipped (it
runs minutes there; ``python -m claims check du2018a.lemma3.1 --set n=50 --set d=100`` runs it, printing the
resource estimate first). The verdict, trials and width are recorded with the time, never asserted."""

import pytest
import torch

from claims import get
from claims.engine.runner import run

pytestmark = pytest.mark.bench
PARAMS = {"n": 50, "d": 100}


def test_lemma3_1_literal_width_n50(benchmark, device):
    if torch.device(device).type != "cuda":
        pytest.skip("the literal n = 50 run is measured on a CUDA device (tox -e gpu-bench)")
    results = []

    def check():
        results.append(run(get("du2018a.lemma3.1"), params=PARAMS, seed=0, device=device))
        torch.cuda.synchronize()

    benchmark.pedantic(check, rounds=1, iterations=1)
    r = results[-1]
    benchmark.extra_info.update(
        group_key="lemma3_1_literal_n50",
        ours=True,
        scale=1,
        full_size_seconds=benchmark.stats.stats.median,
        verdict=r.verdict.value,
        trials=int(r.trials),
        m=float(r.extras.get("m", 0.0)),
        params=str(PARAMS),
    )
