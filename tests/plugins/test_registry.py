"""The registry finds families through entry points (claims.registry): the installed metadata is this
pyproject's, a family is imported only when needed, and a broken family is reported by name and skipped."""

import sys
from importlib import metadata
from pathlib import Path

import pytest
import tomllib

from claims import registry

ROOT = Path(__file__).resolve().parents[2]


def _pyproject_entry_points() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]


@pytest.mark.parametrize("group", [registry.FAMILIES, registry.SECTIONS, "pytest11"])
def test_installed_metadata_matches_pyproject(group):
    """The entry points come from the installed metadata: after a change to pyproject.toml, reinstall."""
    declared = _pyproject_entry_points()[group]
    mine = {e.name: e.value for e in metadata.distribution(registry.PROJECT).entry_points if e.group == group}
    assert mine == declared, f"the installed metadata is stale: reinstall from {ROOT}: {registry.REINSTALL}"


def test_the_builtin_families_keep_the_catalogue_order():
    order = ("du2018a", "ext", "clc2018", "kawaguchi2016", "landscape", "jh2019", "du2018b", "yuchen1995")
    assert registry.ordered_families()[: len(order)] == order


def _fake_entries(monkeypatch, families: dict):
    fake = {
        registry.FAMILIES: tuple(registry.Entry(k, v, "someone-elses-claims") for k, v in families.items()),
        registry.SECTIONS: (),
    }
    monkeypatch.setattr(registry, "entries", lambda group: fake[group])
    monkeypatch.setattr(registry, "family_entries", lambda: fake[registry.FAMILIES])
    for f in (registry.family, registry.ordered_families, registry.all_claims, registry.section_entries,
              registry.sections):  # fmt: skip
        f.cache_clear()
    monkeypatch.setattr(registry, "PROJECT", "someone-elses-claims")


@pytest.fixture
def isolated_registry(monkeypatch):
    yield monkeypatch
    for f in (registry.family, registry.ordered_families, registry.all_claims, registry.section_entries,
              registry.sections):  # fmt: skip
        f.cache_clear()


def test_a_broken_family_is_reported_by_name_once_and_skipped(isolated_registry, capsys, tmp_path):
    (tmp_path / "broken_family_xyz.py").write_text("CLAIMS = (\n")  # a syntax error
    isolated_registry.syspath_prepend(str(tmp_path))
    _fake_entries(
        isolated_registry,
        {"ext": "claims.catalogue.ext", "broken": "broken_family_xyz", "missing": "no_such_module_xyz"},
    )
    assert [c.id.split(".")[0] for c in registry.all_claims()] == ["ext"]
    assert registry.get("ext.lambda0_characterization").id == "ext.lambda0_characterization"
    registry.all_claims()
    err = capsys.readouterr().err
    assert err.count("'broken'") == 1 and "SyntaxError" in err
    assert err.count("'missing'") == 1 and "ModuleNotFoundError" in err


def test_a_family_whose_ids_do_not_carry_its_name_is_skipped(isolated_registry, capsys):
    _fake_entries(isolated_registry, {"ext": "claims.catalogue.ext", "other": "claims.catalogue.kawaguchi2016"})
    assert {c.id.split(".")[0] for c in registry.all_claims()} == {"ext"}
    assert "does not start with the family's name 'other.'" in capsys.readouterr().err


def test_check_imports_only_the_family_of_its_id():
    """``get`` imports the id's family alone (a fresh interpreter: this one has imported every family)."""
    import subprocess

    code = (
        "import sys; from claims import registry; registry.get('ext.lambda0_characterization'); "
        "print(sorted(m for m in sys.modules if m.startswith('claims.catalogue.') and m.count('.') == 2))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['claims.catalogue.ext']", out.stdout + out.stderr
