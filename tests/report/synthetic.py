"""A tiny report for the executor tests: two fast claims and a synthetic experiment whose units go through
ctx.map (module-level functions, picklable items carrying their own seeds, as the real experiments do)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import torch

from claims import registry
from claims.engine.version import code_version
from claims.report import publishing, writer
from claims.report.section import Section
from claims.spec import derive_seed

FAST = ("du2018a.thm3.1", "ext.lambda0_characterization")


def instances(claim_id: str, profile: str = "quick") -> int:
    """How many report instances ``claim_id`` has in ``profile`` (each is one unit of the report)."""
    return len(registry.get(claim_id).report_instances[profile])


INTERRUPT = {"after": None, "calls": 0}  # in-process runs: Ctrl-C after this many map units (None: never)


def sum_of_squares(item: tuple[int, int]) -> float:
    """A map unit: Σ x_i² for x ~ N(0, I_size) drawn from the item's own seed."""
    if INTERRUPT["after"] is not None:
        INTERRUPT["calls"] += 1
        if INTERRUPT["calls"] > INTERRUPT["after"]:
            raise KeyboardInterrupt
    seed, size = item
    g = torch.Generator().manual_seed(seed)
    return float((torch.randn(size, generator=g, dtype=torch.float64) ** 2).sum())


def flaky(item: tuple[str, int]) -> float:
    """Fails on its first call for each marker (a file, so that it works across processes), then succeeds;
    with ``how`` = "die" the first call kills its worker process instead of raising."""
    marker, how = Path(item[0]), item[1]
    if not marker.exists():
        marker.write_text("called")
        if how == "die":
            os._exit(3)
        raise RuntimeError("first call fails")
    return 1.0


def counted(item: tuple[str, int]) -> int:
    """Appends a line to the file ``item[0]`` on each call (so that a test counts the calls), returns ``item[1]``."""
    with open(item[0], "a") as f:
        f.write(f"{item[1]}\n")
    return item[1]


def always_fails(_item) -> float:
    raise ValueError("this unit always fails")


def refuses(_item) -> float:
    """A unit that refuses its input, as a run over its work limit does (the same on every attempt)."""
    from models.errors import InvalidInputError

    raise InvalidInputError("max_work: refused before the first trial")


def offloaded(ctx) -> dict:
    """An experiment's whole computation as one unit (ctx.offload): draws from the context's own generator and
    reads the claim records it was given (they travel to the worker by pickle)."""
    x = torch.randn(3, generator=ctx.generator("offloaded"), dtype=torch.float64)
    return {"draws": x.tolist(), "claims": sorted(ctx.claims), "mapper": ctx.mapper is None}


def experiment(ctx) -> dict:
    items = [(derive_seed(ctx.seed, f"unit/{i}"), 20 + i) for i in range(5)]
    first = ctx.map(sum_of_squares, items)
    second = ctx.map(sum_of_squares, items[:2])  # a second call: keys map1/...
    return {"values": first, "again": second, "offloaded": ctx.offload(offloaded)}


def render(data: dict, figures) -> str:
    return f"synthetic values {data['values']}"


SECTION = Section("ext", "synthetic", "A synthetic experiment", experiment, render, claims=("du2018a.thm3.1",))
OTHER = Section("du2018a", "synthetic", "Another family's synthetic experiment", experiment, render)


def install(monkeypatch, sections=(SECTION,), ids=FAST) -> None:
    """Restrict the registry to ``ids`` and the report to ``sections`` (in this process: workers look claims
    up by id in the full registry)."""
    claims = tuple(registry.get(i) for i in ids)
    monkeypatch.setattr(registry, "all_claims", lambda: claims)
    monkeypatch.setattr(writer, "all_sections", lambda: tuple(sections))
    monkeypatch.setattr(publishing, "sections_of", lambda data: {(s.family, s.key): s for s in sections})


VOLATILE = {"date", "wall_time_s", "executor", "elapsed_s", "load_average", "resumed"}


def stable(data):
    """results data without timings and the executor line (what must not depend on what ran the units)."""
    if isinstance(data, dict):
        return {k: stable(v) for k, v in data.items() if k not in VOLATILE}
    if isinstance(data, list):
        return [stable(v) for v in data]
    return data


def always_fails_claim(*_args) -> dict:
    raise ValueError("this unit always fails")


def interrupted_run(tmp_path, monkeypatch) -> list[Path]:
    """The tiny report interrupted (Ctrl-C) during its experiment's fourth map unit, into ``tmp_path``: returns its
    cache's entries, the claim instances and the three map units that finished. The interrupt's counter is set
    and restored through ``monkeypatch``, so no other test sees it moved."""
    install(monkeypatch)
    monkeypatch.setitem(INTERRUPT, "calls", 0)
    monkeypatch.setitem(INTERRUPT, "after", 3)
    with pytest.raises(KeyboardInterrupt):
        writer.write_report(out=tmp_path / "REPORT.md", bench_dir=tmp_path / "none", log=lambda _: None)
    monkeypatch.setitem(INTERRUPT, "after", None)
    return sorted((tmp_path / writer.CACHE / code_version()).glob("*"))
