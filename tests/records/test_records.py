"""Structural checks of every record (SciPy's common_tests style: one ``check_*`` function per property)."""

import pickle

import pytest
from hypothesis import HealthCheck, given, settings

from claims import registry
from claims.engine.design import SCALING_LOOKS
from claims.engine.runner import mutant_of
from claims.spec import PROFILES, Kind, Relation, Role, Verdict
from tests.cases import claim_cases

CLAIMS = list(claim_cases(known_failures=False))


def check_id_prefix_matches_its_folder(claim):
    family = claim.id.split(".")[0]
    assert family in registry.family_names(), f"{claim.id}: no registered family {family!r}"
    assert claim in registry.family(family).CLAIMS, f"{claim.id} is not in {family}/"


def check_report_instances_resolve_in_every_profile(claim):
    for profile in PROFILES:
        for overrides in claim.report_instances[profile]:
            values = claim.resolve(overrides)  # raises InvalidInputError on an unknown or invalid parameter
            # and the domain of parameters that depend on each other (e.g. d = 64 for the digits), as the runner
            unmet = [*claim.unread(values), *(claim.constraints(values) if claim.constraints else [])]
            assert not unmet, f"{claim.id} ({profile}, {overrides}): {unmet}"
            # a report row of the claim is not a mutant's statement (the runner would run it as that mutant)
            assert mutant_of(claim, values) is None, f"{claim.id} ({profile}, {overrides}) is a mutant's"


def check_mutants_validate_and_expect_the_right_verdict(claim):
    # a claim false as stated is itself the false statement its test must refute
    assert claim.mutants or claim.false_as_stated, f"{claim.id} has no mutant: a test that cannot fail"
    for m in claim.mutants:
        assert not claim.unread(claim.resolve(mutant=m.name)), f"{claim.id}: mutant {m.name} sets an unread parameter"
        assert m.expected is (Verdict.INCONCLUSIVE if claim.kind is Kind.EXISTS else Verdict.REFUTED)


def check_kind_has_what_its_judge_reads(claim):
    if claim.kind is Kind.WHP:
        assert claim.delta_param and 0 < claim.defaults()[claim.delta_param] < 1
    if claim.kind is Kind.SCALING:
        assert claim.exponent_param in claim.defaults()
        # a declared count is the fit's first look, and its doc says how far the looks go (design_for)
        for p in claim.with_role(Role.TRIALS):
            assert f"up to {2 ** (SCALING_LOOKS - 1)}× as many" in p.doc, f"{claim.id}: {p.name}'s doc"
        # the report's figure names both axes with their quantity and scale, never "size" and "value"
        assert claim.scaling_axes and len(claim.scaling_axes) == 2, f"{claim.id}: name the fit's axes"
        assert all("log scale" in a and a not in ("size", "value") for a in claim.scaling_axes)


def check_documented(claim):
    assert claim.title and claim.statement and claim.source.paper and claim.source.theorem
    doc = claim.trial.__doc__ or ""
    assert len(doc) > 40, f"{claim.id}: the trial's docstring must state the formula it tests"


def check_says_what_leaves_a_trial_undecided(claim):
    """A result kept from a verdict by undecided trials quotes this (claims.engine.reasons): the claim's own
    causes and the parameter that decides more of them, not the generic sentence. An exists claim has no
    undecided trials (a candidate verifies as a witness or does not); it says what a search without a witness
    leaves open instead."""
    said = claim.no_witness_means if claim.kind is Kind.EXISTS else claim.undecided_means
    assert said, f"{claim.id}: say what leaves a trial undecided (undecided_means; exists: no_witness_means)"
    # a conditional claim's VACUOUS result says what a trial outside its premise is and what brings more inside;
    # a forall claim may say it (its trials outside the premise are drawn again too); other kinds have no premise
    if claim.kind is Kind.CONDITIONAL:
        assert claim.premise_means, f"{claim.id}: premise_means"
    elif claim.kind is not Kind.FORALL:
        assert not claim.premise_means, f"{claim.id}: premise_means on a {claim.kind.value} claim"
    assert not said.endswith("."), "it ends inside a sentence of the reason"


def check_strategy_draws_only_parameters(claim):
    names = set(claim.defaults())

    @settings(max_examples=5, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(claim.strategy("quick"))
    def drawn(overrides):
        assert set(overrides) <= names, set(overrides) - names
        values = claim.resolve(overrides)
        assert not claim.unread(values), overrides  # as the runner would refuse it
        assert mutant_of(claim, values) is None, overrides  # a claim test's draw is the claim's statement

    drawn()


def check_parameter_roles(claim):
    """What the engine reads from a parameter's role (claims.engine.resources, design, resolution) fits it: a
    size, an iteration count or the trial count is an integer (a size may be a comma-separated list of them); a
    constant is a number; a scaling claim's exponent is a constant that declares itself an exponent, two-sided
    where the relation is "equal"; a mutant that moves a constant the weaker way (which refutes a statement only
    where no side of the constant is weaker) finds it declared two-sided."""
    for p in claim.params:
        where = f"{claim.id}: parameter {p.name} ({p.role})"
        if p.role in (Role.SIZE, Role.ITERATIONS, Role.TRIALS):
            assert p.type is int or (p.role is Role.SIZE and p.type is str), where
        if p.role is Role.CONSTANT:
            assert p.type in (int, float) and p.stronger in ("up", "down"), where
    if claim.exponent_param and claim.param(claim.exponent_param).role is Role.CONSTANT:
        assert claim.param(claim.exponent_param).exponent
        assert claim.param(claim.exponent_param).two_sided == (claim.exponent_relation is Relation.EQUAL)
    for mutant in claim.mutants:
        for name, value in mutant.overrides.items():
            p = claim.param(name)
            if p.role is Role.CONSTANT and p.default is not None:
                weaker = value < p.default if p.stronger == "up" else value > p.default
                assert p.two_sided or not weaker, f"{claim.id}: mutant {mutant.name} weakens the one-sided {name}"


def check_pickles(claim):
    """A record travels to a worker process or a Dask worker (a section's units carry it): every function it
    holds is module-level, so pickle sends it by reference."""
    back = pickle.loads(pickle.dumps(claim))
    assert back.id == claim.id and back.trial is claim.trial and back.strategy is claim.strategy


CHECKS = [
    check_id_prefix_matches_its_folder,
    check_report_instances_resolve_in_every_profile,
    check_mutants_validate_and_expect_the_right_verdict,
    check_kind_has_what_its_judge_reads,
    check_documented,
    check_says_what_leaves_a_trial_undecided,
    check_strategy_draws_only_parameters,
    check_parameter_roles,
    check_pickles,
]


@pytest.mark.parametrize("check", CHECKS, ids=[c.__name__ for c in CHECKS])
@pytest.mark.parametrize("claim", CLAIMS)
def test_record(claim, check):
    check(claim)


def test_ids_are_unique_and_families_registered():
    ids = [c.id for c in registry.all_claims()]
    assert len(ids) == len(set(ids))
    assert {i.split(".")[0] for i in ids} == set(registry.ordered_families())


def test_shipped_catalogue_is_in_sync():
    """docs/CLAIMS.md is `python -m claims list --markdown`: regenerate it when a record changes."""
    from pathlib import Path

    from claims.report.listing import catalogue_markdown

    shipped = Path(__file__).resolve().parents[2] / "docs" / "CLAIMS.md"
    assert shipped.read_text() == catalogue_markdown(registry.all_claims()), (
        "docs/CLAIMS.md is stale: python -m claims list --markdown > docs/CLAIMS.md"
    )
