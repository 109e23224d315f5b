"""The code version: a hash of the sources of claims/ and models/, so that a cached result of other code
(the report's unit cache, the resolution's probe cache) is never read back."""

from __future__ import annotations

import hashlib
from pathlib import Path

SOURCES = Path(__file__).resolve().parents[2]  # the folder holding claims/ and models/


def code_version(root: Path = SOURCES) -> str:
    """A hash of every .py file under claims/ and models/ (paths and bytes)."""
    h = hashlib.sha256()
    for package in ("claims", "models"):
        for path in sorted((root / package).rglob("*.py")):
            h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]
