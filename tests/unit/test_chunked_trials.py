"""Trials run in chunks (``claims.spec.in_chunks``) and a record's own cost (``Claim.cost``): the outcome is the
concatenation of the chunks' outcomes, and the memory estimate counts the trials held at once, not the batch."""

import pytest
import torch

from claims import registry
from claims.engine.runner import prepare
from claims.spec import Instance, Outcome, in_chunks

F64 = torch.float64


def _counting_trial(instance, generator, device, dtype, batch):
    """Each trial draws one normal and passes when it is positive; ``sizes`` records every call's batch."""
    _counting_trial.sizes.append(batch)
    z = torch.randn(batch, generator=generator, dtype=dtype)
    undecided = z.abs() < 0.1
    return Outcome(z > 0, z, torch.ones(batch, dtype=torch.bool), {"z": z}, undecided)


@pytest.mark.parametrize("batch", [1, 7, 8, 9, 30])
def test_a_chunked_trial_is_its_chunks_in_order(batch):
    _counting_trial.sizes = []
    chunked = in_chunks(8)(_counting_trial)
    out = chunked(Instance({}, 0), torch.Generator().manual_seed(1), "cpu", F64, batch)
    assert _counting_trial.sizes == [min(8, batch - s) for s in range(0, batch, 8)]
    g = torch.Generator().manual_seed(1)
    z = torch.cat([torch.randn(k, generator=g, dtype=F64) for k in _counting_trial.sizes])
    assert torch.equal(out.details["z"], z) and torch.equal(out.margin, z)
    assert torch.equal(out.passed, z > 0) and torch.equal(out.undecided_mask(), z.abs() < 0.1)
    assert out.premise_held.shape == (batch,) and chunked.max_batch == 8


@pytest.mark.parametrize(("limit", "step"), [(3, 3), (0, 1), (-5, 1), (50, 8)])
def test_a_limit_lowers_the_chunk_within_one_and_size(limit, step):
    """``limit(instance, device)`` sets the chunk of a call, clamped to [1, size]; max_batch stays ``size``
    (the memory estimate's bound), and the draws are still the generator's, in order."""
    _counting_trial.sizes = []
    seen = []

    def by_device(instance, device):
        seen.append((instance.seed, device))
        return limit

    chunked = in_chunks(8, by_device)(_counting_trial)
    out = chunked(Instance({}, 4), torch.Generator().manual_seed(1), "cpu", F64, 10)
    assert _counting_trial.sizes == [min(step, 10 - s) for s in range(0, 10, step)]
    assert seen == [(4, "cpu")] and chunked.max_batch == 8
    g = torch.Generator().manual_seed(1)
    assert torch.equal(
        out.details["z"], torch.cat([torch.randn(k, generator=g, dtype=F64) for k in _counting_trial.sizes])
    )


def test_jh2019_chunks_to_the_cache_on_a_cpu_and_wide_elsewhere():
    """Theorem 1's trials at the standard d = 3 (n = 54,000): 3 trials a chunk on a CPU (X within
    CPU_CHUNK_ENTRIES), CHUNK on a GPU; the recovery's n = ⌈n_factor·d²⌉ enters the same way."""
    from claims.catalogue.jh2019 import trials as jt

    thm1 = jt.cpu_chunk_limit(jt.sample_size)
    inst = Instance({"d": 3, "C": 2000.0}, 0)
    assert thm1(inst, "cpu") == jt.CPU_CHUNK_ENTRIES // (54000 * 3) == 3
    assert thm1(inst, "cuda") == thm1(inst, torch.device("cuda:0")) == jt.CHUNK
    assert thm1(Instance({"d": 6, "C": 2000.0}, 0), "cpu") == 1  # one trial's X above the budget: still one
    recovery = jt.cpu_chunk_limit(jt.recovery_size)
    assert recovery(Instance({"d": 20, "n_factor": 3.0}, 0), "cpu") == jt.CPU_CHUNK_ENTRIES // (1200 * 20)
    assert jt.thm1_gd_trial.max_batch == jt.recovery_trial.max_batch == jt.CHUNK


def test_concat_keeps_undecided_when_only_some_parts_carry_it():
    one = torch.ones(2, dtype=torch.bool)
    a = Outcome(one, torch.ones(2), one)
    b = Outcome(~one, -torch.ones(2), one, undecided=torch.tensor([True, False]))
    out = Outcome.concat([a, b])
    assert out.undecided_mask().tolist() == [False, False, True, False]
    assert Outcome.concat([a, a]).undecided is None


@pytest.mark.parametrize("size", [0, -1, 2.5, None])
def test_in_chunks_names_a_bad_size(size):
    with pytest.raises(ValueError, match="size must be a positive integer"):
        in_chunks(size)


def test_lemma3_2_at_its_standard_instance_is_estimated_by_its_chunk():
    """n = 20, d = 40, m = 3200: a first look of ~2500 trials at 7.8 MiB each was refused (19.5 GiB); 128 are
    held at once (the trial's chunk), so the estimate is 1000 MiB, under a 4 GiB limit."""
    claim = registry.get("du2018a.lemma3.2")
    est = prepare(claim, params={"n": 20, "d": 40, "m": 3200}, max_memory="4G").estimate
    assert est.batch == claim.trial.max_batch == 128
    assert est.peak_bytes < 4 * 2**30 < 2000 * est.bytes_per_trial


def test_lemma3_1_uses_its_cost_hook():
    """Lemma 3.1's trial draws W in chunks: the estimate counts n×n matrices per trial, not m·n."""
    est = prepare(registry.get("du2018a.lemma3.1"), params={"n": 40, "d": 40, "m": 32768}, trials=270).estimate
    assert "cost()" in est.basis and est.elements_per_trial == 40 * 40 + 40 * 40
    data = 2.0 * 40 * 40 * 40 + 10.0 * 40**3  # X, H∞ and its eigensolve (resources.gram_cost)
    assert est.flops_per_trial * est.trials == pytest.approx(270 * (2.0 * 32768 * 40 * 80 + data)) and est.steps == 1


def test_perturbed_gd_escape_at_its_full_instance_is_estimated_by_its_cost_hook():
    """d_max = 16384 (the full profile's instance): the largest look adds 640 trials (looks at 320, 640, 1280
    measurements), each holding 2·d_max entries (84 MB in all, with the safety factor 1.3 GB), where the generic
    rule's d_max·d_min elements per trial refused it at 20 GiB."""
    claim = registry.get("landscape.perturbed_gd_escape")
    est = prepare(claim, params={"d_max": 16384}, max_memory="4G").estimate
    assert "cost()" in est.basis and est.elements_per_trial == 2 * 16384
    assert est.peak_bytes < 1.5 * 2**30
    assert est.flops_per_trial * est.trials == pytest.approx(1280 * 10.0 * 2000 * 16384)
    assert est.steps == 2000  # max_steps steps of each batch, one after another


def test_a_hook_that_counts_every_copy_is_taken_as_it_is():
    """claims.engine.resources.Cost's every_copy: du2018a's literal GD counts every copy its trial holds, so its
    elements are taken as they are; Lemma 3.1's hook counts its largest shapes, which the engine holds SAFETY
    times."""
    from claims.engine.resources import SAFETY

    est = prepare(registry.get("du2018a.thm4.1"), params={"n": 2, "d": 4, "m": None, "delta": 0.2}, trials=1).estimate
    assert est.copies == 1 and est.bytes_per_trial == est.elements_per_trial * 8 and "every copy" in est.basis
    assert "× 1)" in est.describe()
    other = prepare(registry.get("du2018a.lemma3.1"), params={"n": 40, "d": 40, "m": 32768}, trials=270).estimate
    assert other.copies == SAFETY and other.bytes_per_trial == other.elements_per_trial * 8 * SAFETY


def test_the_full_profiles_largest_literal_gd_fits_half_of_a_24_gb_machine():
    """GD at n = 3, d = 10 and its literal width 2.1·10⁹ (Theorem 4.1's full profile): with the engine's SAFETY on
    a count that already held its copies it was estimated at 30 GiB, and the full profile refused it on a CPU
    without --max-memory; counted as it is (benchmarks.memory_estimates measures it) it fits a 24 GB machine's half."""
    from claims.catalogue.du2018a.claims import GD_LITERAL_INSTANCE

    params = {**GD_LITERAL_INSTANCE, "n": 3, "d": 10}
    est = prepare(registry.get("du2018a.thm4.1"), params=params, trials=1, max_memory="64G").estimate
    assert 2**30 < est.peak_bytes < 12 * 2**30
