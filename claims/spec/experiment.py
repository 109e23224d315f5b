"""The context of a report experiment: what an experiment function may read (it computes data, no figures)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import torch

from claims.spec.seeding import derive_seed, seeded_generator


@dataclass(frozen=True)
class ExperimentContext:
    """profile: quick | standard | full. alpha: the α share of the experiment's own statistical tests.
    seed: the experiment's seed (derived from the report's seed and the experiment's key, never from the order
    of execution). claims: id → Claim, the records the experiment may run. selection: key → values, a part of the
    experiment to run (``report --select KEY=VALUE``; only keys its section declares in ``selectable``, empty: all
    of it). mapper: how :meth:`map` runs its units (set by the report's executor; None runs them here, one after
    another)."""

    profile: str
    device: torch.device
    dtype: torch.dtype
    alpha: float
    seed: int
    claims: Mapping[str, Any] = field(default_factory=dict)
    selection: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    mapper: Callable[[Callable[[Any], Any], list[Any]], list[Any]] | None = field(
        default=None, compare=False, repr=False
    )

    def generator(self, purpose: str) -> torch.Generator:
        return seeded_generator(self.seed, purpose, self.device)

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> list[Any]:
        """[fn(item) for item in items], each call one independent unit of the report (in this process, in
        local processes or on a Dask cluster, by the report's executor). ``fn`` is a module-level function and
        each item is picklable and carries its own seed (derived from the unit's key, never from the order of
        execution), so the results are the same whatever runs them; they come back in the order of ``items``."""
        items = list(items)
        if self.mapper is None:
            return [fn(item) for item in items]
        return list(self.mapper(fn, items))

    def item(self, key: str, **extra: Any) -> dict[str, Any]:
        """A unit's item for :meth:`map`: its own seed derive_seed(seed, key) (from the unit's key, never from the
        order of execution), the device and dtype by name (picklable), and ``extra``; a unit reads them back with
        :func:`item_generator` and :func:`item_where`."""
        dtype = str(self.dtype).removeprefix("torch.")
        return {"seed": derive_seed(self.seed, key), "device": str(self.device), "dtype": dtype, **extra}

    def offload(self, fn: Callable[[ExperimentContext], Any]) -> Any:
        """fn(ctx) as one unit of the report's executor, for an experiment with nothing to split: its work
        then runs on a worker, not in the report's process beside the workers (whose cores it would take).
        ``fn`` is a module-level function; it gets this context without the mapper (its own ``map`` runs
        in-process), so the same seed gives the same generators and the same data as a direct call."""
        return self.map(_call_with_context, [(fn, replace(self, mapper=None))])[0]


def _call_with_context(job: tuple[Callable[[ExperimentContext], Any], ExperimentContext]) -> Any:
    fn, ctx = job
    return fn(ctx)


def item_where(item: Mapping[str, Any]) -> dict[str, Any]:
    """{"device": …, "dtype": …} of an item made by :meth:`ExperimentContext.item`, as torch objects."""
    return {"device": torch.device(item["device"]), "dtype": getattr(torch, item["dtype"])}


def item_generator(item: Mapping[str, Any]) -> torch.Generator:
    """The generator of an item made by :meth:`ExperimentContext.item`, seeded with its own seed."""
    return torch.Generator(device=torch.device(item["device"])).manual_seed(item["seed"])
