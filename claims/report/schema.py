"""The schema of results.json (version SCHEMA_VERSION), checked with jsonschema before a report is re-rendered.

results.json holds: ``schema_version``; ``claims`` (id → the record the renderer needs); ``results`` (id → one
result per report instance, the JSON of ``check --json`` with its margins and overrides); ``sections`` (each
family experiment's data, or the error that kept it from being computed); ``benchmarks``, ``resolution``,
``calibration``, ``designs`` and ``memory`` (what ``benchmarks/`` held); ``header`` (date, device, profile, α split,
executor, command).
A change of shape that an older renderer cannot read raises the version.
"""

from __future__ import annotations

import reprlib
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from models.errors import InvalidInputError

SCHEMA_VERSION = 1

_VERDICTS = ["SUPPORTED", "REFUTED", "INCONCLUSIVE", "VACUOUS"]
_KINDS = ["forall", "whp", "conditional", "scaling", "exists"]
_COUNT = {"type": "integer", "minimum": 0}
_TEXT = {"type": "string"}
_NUMBER_OR_NULL = {"type": ["number", "null"]}

_CLAIM = {
    "type": "object",
    "required": ["title", "source", "kind", "statement", "notes"],
    "properties": {
        "title": _TEXT,
        "source": _TEXT,
        "theorem": _TEXT,
        "seed": _TEXT,
        "arxiv": _TEXT,
        "notes_titles": {"type": "string"},
        "references": {"type": "array", "items": _TEXT},
        "kind": {"enum": _KINDS},
        "statement": _TEXT,
        "notes": _TEXT,
        "none_means": {"type": "object", "additionalProperties": _TEXT},
        "axes": {"type": ["array", "null"], "items": _TEXT, "minItems": 2, "maxItems": 2},
    },
}

_RESULT = {
    "type": "object",
    "required": [
        *("id", "verdict", "kind", "trials", "failures", "premise_held", "failure_rate_ci", "delta", "alpha"),
        *("worst_margin", "params", "seed", "device", "dtype", "elapsed_s", "reason", "design", "extras"),
    ],
    "properties": {
        "id": _TEXT,
        "verdict": {"enum": _VERDICTS},
        "kind": {"enum": _KINDS},
        "trials": _COUNT,
        "failures": _COUNT,
        "premise_held": _COUNT,
        "undecided": _COUNT,
        "failure_rate_ci": {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
        "delta": _NUMBER_OR_NULL,
        "alpha": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
        "worst_margin": _NUMBER_OR_NULL,
        "counterexample": {"type": ["object", "null"]},
        "params": {"type": "object"},
        "seed": _COUNT,
        "device": _TEXT,
        "dtype": _TEXT,
        "elapsed_s": {"type": "number", "minimum": 0},
        "mutant": {"type": ["string", "null"]},
        "reason": _TEXT,
        "design": {"type": "object"},
        "extras": {"type": "object"},
        "margins": {"type": "array", "items": {"type": "number"}},
        "premises_unmet": {"type": "array", "items": _TEXT},
        "overrides": {"type": "object"},
    },
}

_SECTION = {
    "type": "object",
    "required": ["family", "key", "title", "data"],
    "properties": {"family": _TEXT, "key": _TEXT, "title": _TEXT, "data": {"type": ["object", "array", "null"]}},
    # data null only for an experiment that could not be computed, and then the error says why
    "if": {"properties": {"data": {"type": "null"}}},
    "then": {"required": ["error"], "properties": {"error": {"type": "string", "minLength": 1}}},
}

_HEADER = {
    "type": "object",
    "required": ["date", "device", "dtype", "torch", "profile", "alpha", "alpha_share", "executor", "command"],
    "properties": {
        "profile": {"enum": ["quick", "standard", "full"]},
        "alpha_share": {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1},
        "wall_time_s": {"type": "number", "minimum": 0},
        "merged": {"type": "integer", "minimum": 2},  # a merge of runs (claims.tools.merge_widths): how many
        # --resume: the units read back from the cache and what they took in the runs that computed them
        # (``untimed``: entries written before entries kept their time)
        "resumed": {
            "type": "object",
            "required": ["units", "seconds", "untimed"],
            "properties": {
                "units": {"type": "integer", "minimum": 1},
                "seconds": {"type": "number", "minimum": 0},
                "untimed": {"type": "integer", "minimum": 0},
            },
        },
        **{
            k: _TEXT
            for k in (
                "date",
                "device",
                "dtype",
                "torch",
                "alpha",
                "executor",
                "commit",
                "command",
                "load_average",
                "rerendered",
                "beside",  # a run at scale: what shared its machine (recorded by whoever kept the file)
                "left_out",  # a run at scale: which of its sections a later run replaces, and why (likewise)
            )
        },
    },
}

SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "results.json of nn-opt-claims",
    "type": "object",
    "required": ["schema_version", "claims", "results", "sections", "header"],
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "claims": {"type": "object", "additionalProperties": _CLAIM},
        "results": {"type": "object", "additionalProperties": {"type": "array", "items": _RESULT}},
        "sections": {"type": "array", "items": _SECTION},
        "benchmarks": {"type": "object"},
        "resolution": {"type": "object"},
        "calibration": {"type": "object"},
        "designs": {"type": "object"},
        "memory": {"type": "object"},
        "scale_runs": {"type": "array", "items": {"type": "object", "required": ["file", "header", "sections"]}},
        "header": _HEADER,
    },
}

_VALIDATOR = Draft202012Validator(SCHEMA)


def _say(error) -> str:
    """The error in a few words: the value shortened, never the whole (possibly huge) instance."""
    value, rule = reprlib.repr(error.instance), error.validator_value
    if error.validator == "type":
        return f"{value} is not of type {rule!r}"
    if error.validator == "enum":
        return f"{value} is not one of {', '.join(map(str, rule))}"
    if error.validator == "const":
        return f"{value} is not {rule!r}"
    return error.message if len(error.message) <= 200 else f"{value} fails {error.validator} {reprlib.repr(rule)}"


def _where(path) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".") or "(the top level)"


def validate_results(data: Any, known_sections: set[tuple[str, str]], source: str) -> None:
    """Raise InvalidInputError naming the first bad field of ``data`` (from ``source``), if any: the schema
    first, then what a schema cannot say (each result belongs to a listed claim; each experiment is one this
    suite renders)."""
    error = best_match(_VALIDATOR.iter_errors(data))
    if error is not None:
        where = _where(error.absolute_path)
        raise InvalidInputError(f"{source} is not a results.json of this suite: {where}: {_say(error)}")
    for cid, results in data["results"].items():
        if cid not in data["claims"]:
            raise InvalidInputError(f"{source}: results.{cid}: no claim record under claims.{cid}")
        for i, r in enumerate(results):
            if r["id"] != cid:
                raise InvalidInputError(f"{source}: results.{cid}[{i}].id: {r['id']!r} is not {cid!r}")
    for i, s in enumerate(data["sections"]):
        if (s["family"], s["key"]) not in known_sections:
            raise InvalidInputError(
                f"{source}: sections[{i}]: no experiment {s['family']}.{s['key']} in this suite (family "
                f"{s['family']!r}{' is unknown' if s['family'] not in {f for f, _ in known_sections} else ''})"
            )
