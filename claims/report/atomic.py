"""Publishing a report so that it cannot half-happen: one atomic rename is the only switch.

(Named ``atomic``, not ``publish``: ``claims.report.publish`` is the writer's function, re-exported.)

Beside OUT (e.g. ``REPORT.md``):

    REPORT.md             links only into report/<run-id>/ and ends with ``<!-- claims-report-run: <run-id> -->``
    report/               the figures folder (created when missing; never removed)
    report/<run-id>/      one folder per published run: figures, results.json and the marker file
                          ``.claims-report-run`` (written first, holding OUT's file name)

The steps of :func:`publish_atomically`, each followed by :func:`checkpoint` (the tests SIGKILL a run there):

    locked            an exclusive lock on OUT's folder (two report runs never interleave their steps);
                      debris of earlier runs removed (below)
    folder-created    report/<run-id>/ created with its marker
    figures-written   figures and results.json written into it (and flushed to disk)
    temp-written      the new OUT written to a hidden temporary file beside OUT (and flushed)
    switched          ``os.replace(temporary, OUT)``: the only switch
    old-removed       after each removal of a run folder that OUT no longer names

A kill at any step leaves OUT naming a complete folder: the old one up to the switch, the new one after it.
Debris (a killed run's folder or temporary file, a run folder OUT no longer names) is removed by the next
run. Only what the suite made is ever removed: run folders whose marker names this OUT, temporary files
named ``.<OUT>.tmp-*``, and the temporary folders of the earlier layout (``.report-tmp-*``, ``report.old-*``)
when they hold nothing but what that layout wrote. A user's files, even inside ``report/``, are never touched.

One file is written the same way by :func:`write_atomically` (the report's unit cache, benchmarks/runs.json,
the README's figures, and the tables of the resolution and calibration tools, :mod:`claims.tools`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from models.errors import InvalidInputError

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no lock (one report run at a time)
    fcntl = None

FIGURES = "report"  # the figures folder beside OUT
MARKER = ".claims-report-run"
RUN_TAG = "claims-report-run"
STEPS = ("locked", "folder-created", "figures-written", "temp-written", "switched", "old-removed")

#: write(folder, link_prefix) -> markdown: renders the report's figures and data into ``folder`` and returns
#: the markdown, whose figure links start with ``link_prefix``
Writer = Callable[[Path, str], str]


def write_atomically(path: str | os.PathLike, data: str | bytes) -> Path:
    """Write ``data`` (text as UTF-8) to a hidden sibling of ``path`` and rename it over ``path``: a reader, or a
    run killed at any moment, finds the old file or the new one whole, never half of one. The sibling's name
    holds the process and thread (parallel writers of one path never share it); a failed write removes it."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        if isinstance(data, bytes):
            tmp.write_bytes(data)
        else:
            tmp.write_text(data, encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path


def checkpoint(step: str) -> None:
    """Called after each step of :func:`publish_atomically` (a no-op; the tests kill a run here)."""


def check_out(out: str | os.PathLike) -> Path:
    """OUT must be a .md path in an existing, writable folder (tried by creating a file: root passes
    ``os.access`` everywhere), and neither OUT nor its figures folder may be of the wrong kind."""
    if not isinstance(out, str | os.PathLike) or not str(out):
        raise InvalidInputError(f"out must be a path ending in .md, got {out!r}")
    out = Path(out).resolve()
    if out.suffix.lower() != ".md":
        raise InvalidInputError(f"out must be a .md path, got {str(out)!r}")
    if not out.parent.is_dir():
        raise InvalidInputError(f"out's folder does not exist: {str(out.parent)!r}")
    if out.is_dir():
        raise InvalidInputError(f"out is a folder, not a file: {str(out)!r}")
    figures = out.parent / FIGURES
    if figures.exists() and not figures.is_dir():
        raise InvalidInputError(f"out's figures folder exists and is not a folder: {str(figures)!r}")
    for folder in (out.parent, figures) if figures.is_dir() else (out.parent,):
        try:
            with tempfile.TemporaryFile(dir=folder):
                pass
        except OSError as exc:
            raise InvalidInputError(f"out's folder is not writable: {str(folder)!r} ({exc.strerror})") from None
    return out


def current_run(out: Path) -> str | None:
    """The run id OUT names (its last line's tag), or None (no OUT, or one of the earlier layout)."""
    try:
        with out.open("rb") as f:
            f.seek(max(0, out.stat().st_size - 200))
            tail = f.read().decode("utf-8", "replace")
    except OSError:
        return None
    found = re.findall(rf"<!-- {RUN_TAG}: ([\w.-]+) -->", tail)
    return found[-1] if found else None


def results_path(out: str | os.PathLike) -> Path:
    """The results.json of the report OUT names (report/<run-id>/results.json); raises when OUT names none."""
    out = Path(out).resolve()
    run_id = current_run(out)
    if run_id is None:
        raise InvalidInputError(f"out {str(out)!r} names no report run folder")
    return out.parent / FIGURES / run_id / "results.json"


def _owned_runs(out: Path) -> Iterator[Path]:
    """Run folders of report/ whose marker names this OUT."""
    figures = out.parent / FIGURES
    if not figures.is_dir():
        return
    for child in sorted(figures.iterdir()):
        marker = child / MARKER
        with contextlib.suppress(OSError):
            if child.is_dir() and not child.is_symlink() and marker.read_text().strip() == out.name:
                yield child


def _legacy_debris(out: Path) -> Iterator[Path]:
    """Temporary folders of the earlier layout that hold nothing but what it wrote."""
    for child in out.parent.glob(".report-tmp-*"):
        if child.is_dir() and {p.name for p in child.iterdir()} <= {"REPORT.md", FIGURES}:
            yield child
    for child in out.parent.glob(f"{FIGURES}.old-*"):
        if child.is_dir() and all(p.is_file() and p.suffix in (".png", ".json") for p in child.iterdir()):
            yield child


def clean(out: Path, keep: str | None) -> list[Path]:
    """Remove the suite's debris beside OUT, keeping run ``keep``; returns what was removed."""
    removed = []
    for tmp in out.parent.glob(f".{out.name}.tmp-*"):
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed.append(tmp)
    for folder in [*(r for r in _owned_runs(out) if r.name != keep), *_legacy_debris(out)]:
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
        checkpoint("old-removed")
    return removed


@contextlib.contextmanager
def _locked(folder: Path):
    if fcntl is None:  # pragma: no cover
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock (and a killed process's lock is released by the kernel)


def _fsync_tree(folder: Path) -> None:
    for path in folder.iterdir():
        if path.is_file():
            with path.open("rb") as f:
                os.fsync(f.fileno())
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _new_run_folder(figures: Path, out: Path) -> Path:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    run = Path(tempfile.mkdtemp(prefix=f"{stamp}-", dir=figures))  # a fresh, unique name
    run.chmod(0o755)
    (run / MARKER).write_text(out.name + "\n")
    return run


def _write_temp(out: Path, run_id: str, markdown: str) -> Path:
    tmp = out.parent / f".{out.name}.tmp-{run_id}"
    with tmp.open("w", encoding="utf-8") as f:
        f.write(markdown.rstrip("\n") + f"\n\n<!-- {RUN_TAG}: {run_id} -->\n")
        f.flush()
        os.fsync(f.fileno())
    return tmp


def publish_atomically(out: str | os.PathLike, write: Writer) -> Path:
    """Write a new report for OUT through ``write`` into a fresh run folder and switch OUT to it in one
    ``os.replace`` (the module docstring's steps); an interrupted run leaves the previous report whole."""
    out = check_out(out)
    figures = out.parent / FIGURES
    with _locked(out.parent):
        clean(out, keep=current_run(out))
        checkpoint("locked")
        made_figures = not figures.exists()
        figures.mkdir(exist_ok=True)
        run = tmp = None
        try:
            run = _new_run_folder(figures, out)
            checkpoint("folder-created")
            markdown = write(run, f"{FIGURES}/{run.name}")
            _fsync_tree(run)
            checkpoint("figures-written")
            tmp = _write_temp(out, run.name, markdown)
            checkpoint("temp-written")
            os.replace(tmp, out)
        except BaseException:  # not switched: remove what this run made, keep the old report
            for path in (tmp, run):
                if path is not None and path.is_file():
                    path.unlink()
                elif path is not None:
                    shutil.rmtree(path, ignore_errors=True)
            if made_figures:
                with contextlib.suppress(OSError):
                    figures.rmdir()  # only if empty
            raise
        _fsync_dir(out.parent)
        checkpoint("switched")
        clean(out, keep=run.name)
    return out
