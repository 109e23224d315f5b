"""How the report writes a number or an instance in prose, tables and legends: to significant figures (never a
float's full repr such as 0.4472135954999579), and small values at their own precision (a min_angle of 0.0001
prints as 0.0001, not as 0.0)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: significant figures of a parameter value in a label: enough for every value the catalogue sets by hand
DIGITS = 4


def num(value: Any, digits: int = DIGITS) -> str:
    """``value`` to ``digits`` significant figures (floats; '1e-05' written '1e-5'), other values as str."""
    if isinstance(value, bool) or not isinstance(value, float):
        return str(value)
    if value == 0:
        return "0"
    text = format(value, f".{digits}g")
    mantissa, e, exponent = text.partition("e")
    return f"{mantissa}e{int(exponent)}" if e else text


def none_meaning(doc: str) -> str | None:
    """What a parameter's None stands for, from its description ('width; None = the literal width of the
    premise (reported, not run)' → 'the literal width of the premise'); None when the description says not."""
    _, found, rest = doc.partition("None = ")
    return rest.split(" (", 1)[0].strip().rstrip(".;") or None if found else None


def label(
    overrides: Mapping[str, Any], none_means: Mapping[str, str] | None = None, extras: Mapping[str, Any] | None = None
) -> str:
    """An instance as the reader sees it: 'n = 5, d = 10, m = the literal width of the premise'; a width m = None
    whose run reports the width it used (the ``width`` detail, in the result's ``extras``) says it:
    'm = the literal width of the premise (1.44e8)'."""
    said, ran = none_means or {}, (extras or {}).get("width")

    def value(k: str, v: Any) -> str:
        if v is not None:
            return num(v)
        used = f" ({num(float(ran))})" if k == "m" and isinstance(ran, int | float) else ""
        return said.get(k, "literal") + used

    return ", ".join(f"{k} = {value(k, v)}" for k, v in overrides.items()) or "defaults"


def resumed_text(header: dict) -> str:
    """What a resumed run's wall time leaves out: the units it read back, and their time in earlier runs."""
    r = header.get("resumed")
    if not r:
        return ""
    untimed = f", {r['untimed']} of them of unrecorded time" if r["untimed"] else ""
    units = f"{r['units']} unit{'s' if r['units'] > 1 else ''}"
    return f" (and {r['seconds']} s in earlier runs for the {units} it resumed from their cache{untimed})"
