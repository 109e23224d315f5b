"""Family ext: statements that extend a paper's theorem (derived here, checked numerically). Records only."""

from __future__ import annotations

from hypothesis import strategies as st

from claims.catalogue.ext import trials
from claims.spec import ByProfile, Claim, Kind, Mutant, Param, Role, Source


def _strategy(profile: str):
    return st.integers(2, 6).flatmap(
        lambda d: st.fixed_dictionaries(
            {"d": st.just(d), "pairs": st.integers(1, min(d, 4)), "extra": st.integers(0, 2)}
        )
    )


LAMBDA0_CHAR = Claim(
    id="ext.lambda0_characterization",
    title="With antiparallel pairs, λ0 = 0 iff the pair directions are linearly dependent",
    source=Source(
        "Du, Zhai, Póczos, Singh 2018a (ICLR 2019)", "Theorem 3.1 (derived extension, CLAIMS.md)", "000", "1810.02054"
    ),
    statement="X = (v_k, −v_k, z_j) otherwise non-parallel ⇒ (λ_min(H∞) = 0 ⇔ v_1..v_p linearly dependent)",
    kind=Kind.FORALL,
    undecided_means=(
        "λ0 > 0 was predicted (independent directions) but λ̂0 lay within its rounding tolerance 8n·eps·‖H∞‖_F of 0: "
        "not resolved from 0 in the dtype (a positive λ0 below what it resolves)"
    ),
    params=(
        Param("pairs", 2, "p, the antiparallel pairs (x, −x)", int, minimum=1, role=Role.SIZE),
        Param("d", 4, "input dimension", int, minimum=2, role=Role.SIZE),
        Param("extra", 2, "q further sphere points", int, minimum=0, role=Role.SIZE),
        Param(
            "predict",
            "dependence",
            "the condition tested (any_pair: the mutant)",
            str,
            choices=("dependence", "any_pair"),
        ),
    ),
    trial=trials.lambda0_characterization,
    cost=trials.lambda0_characterization_cost,
    strategy=_strategy,
    mutants=(Mutant("any_pair", {"predict": "any_pair"}, "Theorem 3.1's reading: antiparallel pairs make λ0 = 0"),),
    report_instances=ByProfile(
        quick=({"pairs": 2, "d": 4}, {"pairs": 3, "d": 3, "extra": 1}),
        standard=({"pairs": 2, "d": 4}, {"pairs": 4, "d": 6, "extra": 3}),
        full=({"pairs": 2, "d": 4}, {"pairs": 6, "d": 10, "extra": 6}),
    ),
    notes="Dependent and generic pair directions are drawn with probability ½ each (always dependent when p > d).",
    derived="the whole statement: with p antiparallel pairs, λ0 = 0 iff the pair directions are dependent",
)

CLAIMS = (LAMBDA0_CHAR,)
