"""The report's units: submitted to a backend, retried once, cached on disk for ``--resume``, and counted.

A unit is a module-level function and its picklable arguments, under a key that names it within the run
(``claim/du2018a.thm3.1/0``, ``section/du2018a.fig1/map0/3``). Its seed comes from the arguments (derived
from the run's seed and the key), so what it returns does not depend on where or when it ran.

* Retries: a unit that raises, or whose worker dies, runs once more; if that fails too the caller gets
  :class:`UnitFailed` (the report then says so) — never a silent gap.
* Cache: each finished unit is written to ``<folder>/<code version>/<key>.<digest>.json`` (``.pkl`` for an
  experiment's map units, whose values need not be JSON) the moment it finishes; ``--resume`` reads it back.
  The code version (claims.engine.version) is a hash of the sources of ``claims/`` and ``models/``; the
  digest covers the run's settings (profile, device, dtype, α share) and the unit's function and arguments.
* Progress: one line per finished unit on the log: done / planned, elapsed time and an estimate of the rest.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import json
import pickle
import re
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import BrokenExecutor, Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claims.report.atomic import write_atomically
from claims.report.execute import Backend, Stopped
from claims.spec import Claim
from models.errors import InvalidInputError

RETRIES = 1
_MISSING = object()


def as_json(value: Any) -> Any:
    """``value`` as results.json will hold it (tuples become lists, other objects their str): a result
    computed now and one read back from the cache are then the same object."""
    return json.loads(json.dumps(value, default=str))


def stable_repr(value: Any) -> str:
    """What identifies ``value`` across runs (a cache digest): a function by its module and name, a claim
    record by its id (the code version covers what the record holds), a dataclass by its fields, containers
    element by element, anything else by its repr. A plain repr names functions by their memory address, which
    changes from one process to the next, so a unit whose arguments held a record or a function (a width
    point, an offloaded experiment) was never found by ``--resume``."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{stable_repr(k)}: {stable_repr(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return type(value).__name__ + "(" + ", ".join(stable_repr(v) for v in value) + ")"
    if isinstance(value, Claim):
        return f"Claim({value.id})"
    if callable(value) and hasattr(value, "__qualname__") and not isinstance(value, type):
        return f"{getattr(value, '__module__', '?')}.{value.__qualname__}"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = (f"{f.name}={stable_repr(getattr(value, f.name))}" for f in dataclasses.fields(value))
        return f"{type(value).__name__}(" + ", ".join(fields) + ")"
    return repr(value)


@dataclass(frozen=True)
class Unit:
    """One independent piece of work; ``json``: its value is JSON data (cached as .json), else pickled.
    ``ident``: what identifies the arguments in the cache (default :func:`stable_repr` of them)."""

    key: str
    fn: Callable[..., Any]
    args: tuple
    json: bool = True
    ident: str = ""

    def digest(self, settings: str) -> str:
        what = (
            f"{settings}|{self.key}|{self.fn.__module__}.{self.fn.__qualname__}|{self.ident or stable_repr(self.args)}"
        )
        return hashlib.sha256(what.encode()).hexdigest()[:16]


class UnitFailed(RuntimeError):
    """A unit failed on every attempt; the message names the unit, the attempts and the last error."""

    def __init__(self, key: str, attempts: int, error: BaseException):
        refused = isinstance(error, InvalidInputError) and attempts == 1
        tries = "once, refusing its input" if refused else f"{attempts} times; last"
        super().__init__(f"unit {key} failed {tries}: {type(error).__name__}: {error}")
        self.key, self.attempts, self.error = key, attempts, error


#: errors of a full disk or quota: the run ends with one line (exit 74), the cache removed, the old report kept
DISK_FULL = (errno.ENOSPC, errno.EDQUOT)
#: the layout of a cache entry: one JSON header line, then the value (JSON, or a pickle)
CACHE_FORMAT = 1


class DamagedEntry(ValueError):
    """A cache entry that is not what this run wrote: the message says which check it failed."""


@dataclass
class UnitCache:
    """Finished units on disk under ``folder/<code version>/``; read back only when ``read`` (``--resume``).

    An entry is a header line {format, key, digest, code_version, sha256} and the value. Before a value is
    used, the header must name this unit, these settings and this code version, the value's bytes must hash
    to its sha256, and ``check(unit, value)`` (the shape of a claim instance's result, with counts that agree
    with its verdict) must pass: an entry damaged or edited by hand is removed and recomputed, and ``log``
    says so in one line. A cache that cannot be written is dropped for the rest of the run (said once): the
    run goes on without it, it is never lost for it.
    """

    folder: Path
    settings: str
    read: bool = False
    log: Callable[[str], None] | None = None
    check: Callable[[Unit, Any], None] | None = None
    writable: bool = True
    disk_full: OSError | None = None  # set by put (maybe in an executor's thread), raised by Dispatcher.result
    #: what the entries read back took in the runs that computed them: units, seconds, units without a time
    resumed: dict[str, float] = field(default_factory=lambda: {"units": 0, "seconds": 0.0, "untimed": 0})
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def _path(self, unit: Unit) -> Path:
        name = re.sub(r"[^A-Za-z0-9._-]+", "_", unit.key)[:120]
        return self.folder / f"{name}.{unit.digest(self.settings)}.{'json' if unit.json else 'pkl'}"

    def _header(self, unit: Unit) -> dict[str, Any]:
        return {
            "format": CACHE_FORMAT,
            "key": unit.key,
            "digest": unit.digest(self.settings),
            "code_version": self.folder.name,
        }

    def _say(self, line: str) -> None:
        if self.log is not None:
            self.log(line)

    def get(self, unit: Unit) -> tuple[bool, Any]:
        path = self._path(unit)
        if not self.read or not path.is_file():
            return False, None
        try:
            return True, self._load(unit, path.read_bytes())
        except FileNotFoundError:
            return False, None
        except (OSError, ValueError, TypeError, KeyError, EOFError, pickle.UnpicklingError) as exc:
            why = str(exc) if isinstance(exc, DamagedEntry) else f"unreadable: {type(exc).__name__}"
            self._say(f"cache entry {path.name} not used ({why}): computing it again")
            with contextlib.suppress(OSError):
                path.unlink()
            return False, None

    def _load(self, unit: Unit, raw: bytes) -> Any:
        head, _, payload = raw.partition(b"\n")
        header = json.loads(head)
        if not isinstance(header, dict) or header.get("format") != CACHE_FORMAT:
            raise DamagedEntry("not an entry of this cache's format")
        expected = self._header(unit)
        wrong = [k for k in expected if header.get(k) != expected[k]]
        if wrong:
            raise DamagedEntry(f"its {', '.join(wrong)} does not match this unit")
        if hashlib.sha256(payload).hexdigest() != header.get("sha256"):
            raise DamagedEntry("its content does not match its digest")
        value = json.loads(payload) if unit.json else pickle.loads(payload)
        if self.check is not None:
            self.check(unit, value)
        seconds = header.get("seconds")
        with self._lock:
            self.resumed["units"] += 1
            if isinstance(seconds, int | float) and seconds >= 0:
                self.resumed["seconds"] += float(seconds)
            else:  # an entry written before entries kept their time
                self.resumed["untimed"] += 1
        return value

    def put(self, unit: Unit, value: Any, seconds: float | None = None) -> None:
        """Write the entry; ``seconds``, the unit's compute time, goes into its header (a resumed run counts it)."""
        if not self.writable:
            return
        path = self._path(unit)
        try:
            payload = json.dumps(value, default=str).encode() if unit.json else pickle.dumps(value)
            header = {**self._header(unit), "sha256": hashlib.sha256(payload).hexdigest()}
            if seconds is not None:
                header["seconds"] = round(float(seconds), 1)
            path.parent.mkdir(parents=True, exist_ok=True)
            # whole or absent: an interrupted write leaves no half file under the name
            write_atomically(path, json.dumps(header).encode() + b"\n" + payload)
        except OSError as exc:
            self.writable = False
            if exc.errno in DISK_FULL:  # the report cannot be written either: the run ends (Dispatcher.result)
                self.disk_full = exc if exc.filename else OSError(exc.errno, exc.strerror, str(path))
                return
            self._say(
                f"the cache {self.folder} cannot be written ({exc.strerror or exc}): the run goes on without it "
                "(--resume will not find its units)"
            )


class RunLog:
    """The run's log, silent for good once closed: after Ctrl-C, SIGTERM or an error the run's last line is
    the one that says why it stopped, never a line of a unit or a thread still winding down after it."""

    def __init__(self, write: Callable[[str], None]):
        self._write = write
        self._lock = threading.RLock()  # re-entrant: the signal that closes it may land while this thread logs
        self._closed = False

    def __call__(self, line: str) -> None:
        with self._lock:
            if not self._closed:
                self._write(line)

    def close(self) -> None:
        with self._lock:  # a line being written is finished first; none starts after
            self._closed = True


@dataclass
class Progress:
    """Done / planned units with elapsed time and a linear estimate of the rest, one line per unit."""

    log: Callable[[str], None]
    planned: int = 0
    done: int = 0
    start: float = field(default_factory=time.perf_counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def plan(self, units: int) -> None:
        with self.lock:
            self.planned += units

    def finished(self, key: str, note: str) -> None:
        with self.lock:
            self.done += 1
            elapsed = time.perf_counter() - self.start
            left = elapsed / self.done * (self.planned - self.done)
            self.log(
                f"[{self.done}/{self.planned}] {key}: {note} · elapsed {_clock(elapsed)}"
                f" · about {_clock(left)} left (of the units planned so far)"
            )


def _clock(seconds: float) -> str:
    m, s = divmod(round(seconds), 60)
    return f"{m}m{s:02d}s" if m else f"{s}s"


@dataclass
class Ticket:
    unit: Unit
    future: Future
    attempts: int = 1
    generation: int = 0  # the backend's generation when it was sent (Backend.replace_broken)


class Dispatcher:
    """Submits units to a backend, retries each once, caches what finishes and reports progress.

    Once the backend is stopping (:meth:`Backend.stop`) nothing is sent, retried or renewed: a unit that did
    not finish raises :class:`Stopped` in whichever thread waits for it, and no line is logged for it."""

    def __init__(self, backend: Backend, progress: Progress, cache: UnitCache | None = None, retries: int = RETRIES):
        self.backend, self.progress, self.cache, self.retries = backend, progress, cache, retries
        self._memo: dict[str, Any] = {}  # units finished in this run (a retried experiment does not redo them)

    def submit(self, unit: Unit, *, counted: bool = False) -> Ticket:
        """Send ``unit`` (or take it from this run's memo or the cache); ``counted``: already in the plan."""
        if not counted:
            self.progress.plan(1)
        memo = self._memo.get(unit.digest(""), _MISSING)
        hit, value = (True, memo) if memo is not _MISSING else self._cached(unit)
        if hit:
            future: Future = Future()
            future.set_result((value, 0.0))
            self.progress.finished(unit.key, "already done in this run" if memo is not _MISSING else "from the cache")
            return Ticket(unit, future, 0)
        return self._send(Ticket(unit, Future(), 0))

    def _cached(self, unit: Unit) -> tuple[bool, Any]:
        return self.cache.get(unit) if self.cache is not None else (False, None)

    def result(self, ticket: Ticket) -> Any:
        """The unit's value (JSON-normalised for JSON units); raises :class:`UnitFailed` after the retries,
        the cache's OSError once the disk is full, and :class:`Stopped` once the backend is stopping."""
        while True:
            if self.cache is not None and self.cache.disk_full is not None:
                raise self.cache.disk_full
            try:
                value, _ = ticket.future.result()
                value = as_json(value) if ticket.unit.json else value
                self._memo[ticket.unit.digest("")] = value
                return value
            except BrokenExecutor as exc:  # a worker died and took the pool down: a new pool, the unit again
                if self.backend.stopped.is_set():  # the pool was stopped, not broken
                    raise Stopped from None
                self.backend.replace_broken(ticket.generation)
                error: BaseException = exc
            except Exception as exc:
                if self.backend.stopped.is_set():  # cancelled, or its client closed: the run is ending
                    raise Stopped from None
                error = exc
            if not self._retried(ticket, error):
                raise UnitFailed(ticket.unit.key, ticket.attempts, error)
            self._send(ticket)

    def _retried(self, ticket: Ticket, error: BaseException | None) -> bool:
        """Whether a failed unit is sent again: once, unless its error is a refusal of its input (bad input, a
        resource limit: InvalidInputError), which the same unit meets again on every attempt."""
        return ticket.attempts <= self.retries and not isinstance(error, InvalidInputError)

    def map(self, units: Sequence[Unit]) -> list[Any]:
        self.progress.plan(len(units))
        tickets = [self.submit(u, counted=True) for u in units]
        return [self.result(t) for t in tickets]

    def _send(self, ticket: Ticket) -> Ticket:
        ticket.attempts += 1
        ticket.future, ticket.generation = self.backend.send(ticket.unit.fn, ticket.unit.args)
        ticket.future.add_done_callback(lambda f, t=ticket: self._finished(t, f))
        return ticket

    def _finished(self, ticket: Ticket, future: Future) -> None:
        """Runs when a unit's future completes (in the executor's thread): cache it at once, so that an
        interrupted run keeps it, and count it. Silent once the backend is stopping: the run's last line is
        the one that says why it stopped."""
        stopping = self.backend.stopped.is_set()
        if future.cancelled() or future.exception() is not None:
            if not stopping:
                exc = None if future.cancelled() else future.exception()
                error = "cancelled" if exc is None else type(exc).__name__
                again = "will retry" if self._retried(ticket, exc) else "giving up"
                self.progress.log(f"unit {ticket.unit.key} failed (attempt {ticket.attempts}, {error}); {again}")
            return
        value, seconds = future.result()
        if self.cache is not None:
            self.cache.put(ticket.unit, value, seconds)
        if not stopping:
            self.progress.finished(ticket.unit.key, f"{seconds:.1f} s")
