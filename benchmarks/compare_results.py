"""Two report runs' results.json compared field by field: ``python benchmarks/compare_results.py BEFORE AFTER``.

Prints every difference with its path (a section by its family and key, a claim's results by its id) and
exits 1 if there is one. What changes from run to run is left out: timings (``elapsed_s``, ``wall_s``,
``wall_time_s``, ``cpu_s``), the date, the load average, the commit and the folder the benchmarks were read
from. Used to show that a refactoring left every verdict and measurement as it was (issue 20: run the quick
report in a clean clone at each commit, one after the other, and compare the two files).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

IGNORED = {"elapsed_s", "wall_s", "wall_time_s", "cpu_s", "date", "load_average", "commit", "dir"}


def _label(item: Any, i: int) -> str:
    if isinstance(item, dict) and "family" in item and "key" in item:
        return f"{item['family']}.{item['key']}"
    return str(i)


def diff(a: Any, b: Any, path: str = "$") -> list[tuple[str, Any, Any]]:
    """(path, before, after) of every leaf that differs (NaN equals NaN; an int never equals a float)."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in sorted((set(a) | set(b)) - IGNORED, key=str):
            if k not in a or k not in b:
                out.append((f"{path}.{k}", a.get(k, "<absent>"), b.get(k, "<absent>")))
            else:
                out += diff(a[k], b[k], f"{path}.{k}")
        return out
    if isinstance(a, list) and isinstance(b, list):
        out = [] if len(a) == len(b) else [(f"{path}[len]", len(a), len(b))]
        for i, (x, y) in enumerate(zip(a, b, strict=False)):  # a length mismatch is reported above
            out += diff(x, y, f"{path}[{_label(x, i)}]")
        return out
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return []
    return [] if type(a) is type(b) and a == b else [(path, a, b)]


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python benchmarks/compare_results.py BEFORE.json AFTER.json", file=sys.stderr)
        return 64
    before, after = (json.loads(Path(p).read_text(encoding="utf-8")) for p in argv)
    found = diff(before, after)
    for path, x, y in found:
        print(f"{path}\n  before: {json.dumps(x, default=str)[:300]}\n  after:  {json.dumps(y, default=str)[:300]}")
    print(f"{len(found)} differences")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
