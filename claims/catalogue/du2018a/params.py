"""Shared pieces of the du2018a records: the source, parameter builders, Hypothesis strategies, and the draws
every trial starts from (X of the instance's geometry, labels, λ0, initialisations).

The probability in the paper's whp statements is over the initialisation W(0), a(0) only, so X and y are
drawn once per instance from its "data" stream and each trial draws a fresh initialisation.
"""

from __future__ import annotations

import math

import torch
from hypothesis import strategies as st

from claims.engine import resources
from claims.spec import ByProfile, Instance, Param, Role, Source, require_positive_lambda0
from models import data, two_layer
from models import two_layer_bounds as bounds
from models.checks import InvalidInputError

PAPER = "Du, Zhai, Póczos, Singh 2018a (ICLR 2019)"
ARXIV = "1810.02054"


def source(theorem: str, seeds: str = "000, 001, 004") -> Source:
    return Source(PAPER, theorem, seeds, ARXIV)


def data_params(n: int, d: int, geometry: str = "sphere") -> tuple[Param, ...]:
    return (
        Param("n", n, "number of inputs", int, minimum=2, role=Role.SIZE, cost_exponent=2),
        Param("d", d, "input dimension", int, minimum=2, role=Role.SIZE),
        Param(
            "geometry",
            geometry,
            "how X is drawn (digits: d = 64; file: data_file; README: Data geometries)",
            str,
            choices=data.GEOMETRIES,
        ),
        # above 1e100 the noise's squared norm overflows float64 before the rows are normalised
        Param(
            "spread",
            0.1,
            "clustered: noise scale within a cluster",
            float,
            minimum=1e-12,
            maximum=1e100,
            read_with=("geometry", ("clustered",)),
        ),
        Param(
            "clusters",
            2,
            "clustered: number of clusters",
            int,
            minimum=1,
            role=Role.SIZE,
            read_with=("geometry", ("clustered",)),
        ),
        Param(
            "min_angle",
            0.05,
            "near_parallel: the angle of the closest pair, radians",
            float,
            minimum=1e-12,
            maximum=math.pi / 2,  # an angle between lines (models.data.near_parallel)
            read_with=("geometry", ("near_parallel",)),
        ),
        Param(
            "data_file",
            None,
            "file: a .npy holding X (rows × d) or an .npz holding X and y; n rows drawn per instance",
            str,
            optional=True,
            read_with=("geometry", ("file",)),
        ),
        Param(
            "normalise",
            False,
            "file: scale each row of X to unit norm (off: such rows are refused)",
            bool,
            read_with=("geometry", ("file",)),
        ),
    )


def data_constraints(p) -> list[str]:
    """The data's domain, checked before any trial: a real geometry's pool must load and validate
    (models.datasets) and fit n and d (d is the pool's: 64 for digits). A geometry's own parameters declare it
    (``Param.read_with``), and the runner refuses one set under another geometry."""
    if p["geometry"] not in data.REAL:
        return []
    try:
        data.check_pool_fits(p["geometry"], p["n"], p["d"], **_real_options(p))
    except InvalidInputError as exc:
        return [str(exc)]
    return []


def _real_options(p) -> dict:
    return {"data_file": p["data_file"], "normalise": p["normalise"]} if p["geometry"] == "file" else {}


def label_param() -> Param:
    """The label bound; at most 1e100, so that ‖y‖² and the widths' ‖y − u(0)‖² stay finite in float64 (past
    about 1e154 they overflowed, and the run ended in an error naming an internal quantity)."""
    return Param(
        "C", 1.0, "label bound: y_i ~ Unif[−C, C], drawn once per instance", float, minimum=1e-12, maximum=1e100
    )


def delta_param(default: float, doc: str = "failure probability δ") -> Param:
    """δ of a whp claim. Not a constant with a 'stronger' direction: it is the tested failure rate itself, and
    where R or m₁ depend on it (Lemmas 3.1, 3.2) moving it changes the statement both ways."""
    return Param("delta", default, doc, float, open_unit=True)


def draw_xy(p, *, generator, batch, dtype, device) -> tuple[torch.Tensor, torch.Tensor | None]:
    """X of the instance's geometry and the labels that come with it (None for a synthetic geometry):
    models.data.draw_labelled with the geometry's own options."""
    options = {
        "clustered": {"spread": p["spread"], "clusters": p["clusters"]},
        "near_parallel": {"min_angle": p["min_angle"]},
    }.get(p["geometry"], _real_options(p))
    return data.draw_labelled(
        p["geometry"], p["n"], p["d"], generator=generator, batch=batch, dtype=dtype, device=device, **options
    )


def draw_x(p, *, generator, batch, dtype, device) -> torch.Tensor:
    """X of the instance's geometry (:func:`draw_xy` without the labels)."""
    return draw_xy(p, generator=generator, batch=batch, dtype=dtype, device=device)[0]


#: n × n matrices held while H∞ and its λ_min are computed (the Gram, the angles, H∞, the eigensolver's copy)
GRAM_COPIES = 4


def data_cost(params) -> float:
    """Flops of the instance's data for the cost hooks (claims.engine.resources): X, H∞ (2n²d for the Gram and
    the angles) and λ0 = λ_min(H∞) by the symmetric eigensolver (its reduction alone is (4/3)n³; 10n³ with a
    margin). A batch computes them once, and the GD trials with a practical step λ_max(H(0)) once a trial; the
    hooks charge them to every trial, an upper bound. Without them du2018a.thm4.1 at n = 10⁴, one step, had been
    admitted under --max-work 1e9 at 2.6e8 flops and ran for a minute in its eigensolver."""
    return resources.gram_cost(params["n"], params["d"])


def instance_data(instance: Instance, device, dtype, *, labels: bool = True):
    """X and y from the instance's data stream, and λ0 = λ_min(H∞(X)) (Infeasible when 0 within rounding:
    every claim of the family assumes λ0 > 0). y is the data's own labels where the geometry has them (digits:
    ±1 by parity; an .npz's y, as it is), else y ~ Unif[−C, C]^n drawn after X (C bounds the drawn labels only).
    An n whose H∞ alone would not fit in the device's memory is refused first (ResourceLimitError): a cost
    estimate reads λ0 here, before any limit on the run itself is checked."""
    p = instance.params
    need = GRAM_COPIES * p["n"] ** 2 * torch.empty((), dtype=dtype).element_size()
    if need > (memory := resources.device_memory(torch.device(device))):
        raise resources.ResourceLimitError(
            f"n = {p['n']}: H∞ and its λ_min hold about {GRAM_COPIES} n × n matrices, {resources.human_bytes(need)}, "
            f"more than this device's {resources.human_bytes(memory)} of memory"
        )
    g = instance.generator("data", device)
    X, own = draw_xy(p, generator=g, batch=(), dtype=dtype, device=device)
    if not labels:
        y = None
    elif own is not None:
        y = own
    else:
        y = (2 * torch.rand(p["n"], generator=g, dtype=dtype, device=device) - 1) * p["C"]
    lam0 = require_positive_lambda0(two_layer.h_infinity(X), "the theorem")
    return X, y, lam0


def train_setup(instance: Instance, generator, device, dtype, batch: int, m: int | None = None):
    """X, y, ``batch`` fresh initialisations W(0), a(0) of width m (default the instance's), and λ0."""
    X, y, lam0 = instance_data(instance, device, dtype)
    W0, a0 = two_layer.init(
        m or instance["m"], instance["d"], generator=generator, batch=(batch,), dtype=dtype, device=device
    )
    return X, y, W0, a0, lam0


# ---------------------------------------------------------------------------------------------------------
# Hypothesis strategies

SIZES = ByProfile(quick=16, standard=32, full=64)


def merge(*strategies):
    """One dictionary from several dictionary strategies."""
    return st.tuples(*strategies).map(lambda ds: {k: v for d in ds for k, v in d.items()})


def geometry_overrides():
    """Data geometry for Hypothesis: which generator, and its closeness parameter on a log scale."""
    return st.one_of(
        st.fixed_dictionaries({"geometry": st.just("sphere")}),
        st.fixed_dictionaries(
            {
                "geometry": st.just("clustered"),
                "clusters": st.integers(1, 4),
                "spread": st.floats(-2, 0).map(lambda e: 10**e),
            }
        ),
        st.fixed_dictionaries(
            {"geometry": st.just("near_parallel"), "min_angle": st.floats(-4, 0).map(lambda e: 10**e)}
        ),
    )


def n_and_d(n_lo: int, n_max: int, d_lo, d_hi, **more):
    """n uniform in [n_lo, n_max], then d in [d_lo(n), d_hi(n)], plus fixed strategies ``more``."""
    return st.integers(n_lo, n_max).flatmap(
        lambda n: st.fixed_dictionaries({"n": st.just(n), "d": st.integers(d_lo(n), d_hi(n)), **more})
    )


# ---------------------------------------------------------------------------------------------------------
# Parameters of the training claims (Sections 3 and 4)


def rate_param(default: float, formula: str) -> Param:
    return Param("rate_factor", default, f"r in {formula}", float, minimum=1e-12, stronger="up")


def rprime_params(default: float, doc: str) -> tuple[Param, Param]:
    """R′'s constant, and what it divides by: λ0 (the paper's R′) or 1 (a radius without the 1/λ0, which the
    mutants ``lambda_free_radius`` state)."""
    return (
        Param(
            "rprime_factor", default, f"c in R′ = c√n‖y − u(0)‖/(√m λ0) ({doc})", float, minimum=1e-12, stronger="down"
        ),
        Param(
            "radius_over",
            "lambda0",
            "what R′ divides by: lambda0 (the paper) or one (R′ without its 1/λ0, a mutant's radius)",
            str,
            choices=("lambda0", "one"),
        ),
    )


def radius_bound(params, residual_norm, m: int, lam0):
    """R′ = rprime_factor·√n‖y − u(0)‖/(√m λ0), or with 1 in place of λ0 where radius_over is "one"."""
    over = lam0 if params["radius_over"] == "lambda0" else 1.0
    return bounds.rprime(params["rprime_factor"], params["n"], residual_norm, m, over)


#: the mutants' λ0-free radius c·√n‖y − u(0)‖/√m with c = 0.04: GD and the flow must move some neuron at least
#: ‖u(t) − u(0)‖/√(nm) (|u_i(t) − u_i(0)| ≤ (1/√m)Σ_r ‖w_r(t) − w_r(0)‖: ReLU is 1-Lipschitz, ‖x_i‖ = 1,
#: |a_r| = 1), which is above that radius once ‖u(t) − u(0)‖ > 0.04·n·‖y − u(0)‖, i.e. on every run that has
#: converged at all (n ≤ 12 in the strategies: 0.48‖y − u(0)‖)
LAMBDA_FREE_RADIUS = {"rprime_factor": 0.04, "radius_over": "one"}
LAMBDA_FREE_DOC = (
    "R = 0.04·√n‖y − u(0)‖/√m, R′ without its 1/λ0: false on every run that converges, since some neuron moves "
    "at least ‖u(t) − u(0)‖/√(nm) (ReLU 1-Lipschitz, ‖x_i‖ = 1, |a_r| = 1), above R once ‖u(t) − u(0)‖ > "
    "0.04·n·‖y − u(0)‖ (the fixed R′/50 and R′/100 it replaces in Lemma 3.4 and Corollary 4.1: the latter held at a "
    "draw with λ0 = 0.002, where R′ ∝ 1/λ0 is huge)"
)


def gd_params() -> tuple[Param, ...]:
    """Theorem 4.1 and Corollary 4.1: data, width, step and the horizon ηλ0K (part of the instance)."""
    return (
        *data_params(4, 8),
        Param(
            "m",
            200,
            "width (the practical regime; the theorem asks m = Ω(n⁶/(λ0⁴δ³))); None = Theorem 4.1's literal width "
            "(its proof's R′ < R with Corollary 4.1's R′, derived here), run with the neurons whose pattern cannot "
            "change aggregated (models.aggregated_flow)",
            int,
            minimum=1,
            optional=True,
            role=Role.SIZE,
        ),
        label_param(),
        delta_param(0.05),
        Param(
            "eta",
            None,
            "absolute step η; None = the literal ETA_CONST·λ0/n² = ¼λ0/n²",
            float,
            minimum=1e-12,
            optional=True,
        ),
        Param(
            "eta_scale",
            None,
            "if set, η = eta_scale/λ_max(H(0)) per trial (the practical step)",
            float,
            minimum=1e-12,
            optional=True,
        ),
        Param(
            "eta_multiplier",
            1.0,
            "c in η = c·(the step chosen above): 1 in the theorem; larger is a stronger statement (a larger step)",
            float,
            minimum=1e-12,
            stronger="up",
        ),
        Param(
            "horizon",
            6.0,
            "ηλ0K: run K = ⌈horizon/(ηλ0)⌉ steps (the claim's span; never cut short)",
            float,
            minimum=1e-12,
        ),
        Param(
            "max_steps",
            20000,
            "largest K run: a horizon asking for more is not run (INCONCLUSIVE, or undecided per trial), never cut",
            int,
            minimum=1,
        ),
        Param("steps", None, "K directly (replaces horizon)", int, minimum=1, optional=True, role=Role.ITERATIONS),
    )


def gd_constraints(p) -> list[str]:
    """:func:`data_constraints`, and the step and horizon each chosen one way: eta_scale (η per trial) would
    replace eta, and steps would replace a horizon set away from its default, each silently."""
    if p["eta"] is not None and p["eta_scale"] is not None:
        return [
            f"parameters eta = {p['eta']!r} and eta_scale = {p['eta_scale']!r} both set the step: eta_scale "
            "would replace eta; set one"
        ]
    if p["steps"] is not None and p["horizon"] != _GD_HORIZON:
        return [
            f"parameters steps = {p['steps']!r} and horizon = {p['horizon']!r} both set the run's length: steps "
            "would replace horizon; set one"
        ]
    return data_constraints(p)


def flow_params(m, literal: bool = False) -> tuple[Param, ...]:
    """Theorems 3.2, 3.3 and Lemmas 3.3, 3.4: data, width, the horizon T = horizon/λ0 and the integration;
    ``literal``: m = None runs the literal width (Theorem 3.2, Lemma 3.4: trials_flow.literal_width)."""
    doc = "width"
    if literal:
        doc += (
            "; None = the literal width of the premise R′ < R (Theorem 3.2's, derived here), run with the "
            "neurons whose pattern cannot change aggregated (models.aggregated_flow)"
        )
    return (
        *data_params(4, 8),
        Param("m", m, doc, int, minimum=1, optional=literal, role=Role.SIZE),
        label_param(),
        delta_param(0.2, "failure probability δ (the theorem holds for every δ; 0.2 keeps the flow cheap)"),
        rate_param(1.0, "‖u(t) − y‖² ≤ e^{−r·λ0 t}‖u(0) − y‖² (paper: 1)"),
        Param("horizon", 4.0, "integrate to T = horizon/λ0 (the claim's span)", float, minimum=1e-12),
        Param(
            "grid", 8, "recorded times (the premise and conclusions are checked there)", int, minimum=1, role=Role.SIZE
        ),
        Param(
            "flow_tol",
            1e-3,
            "relative tolerance of the RK4 step refinement (models.dynamics.flow)",
            float,
            minimum=1e-15,
        ),
        Param(
            "max_refinements",
            2,
            "step halvings at most (the error estimate: models.numerics.flow_error)",
            int,
            minimum=1,
            maximum=60,  # 2^60 times the first run's steps: far past any work limit, and finite in float64
        ),
    )


def width_grid_params() -> tuple[Param, ...]:
    """The grid of the ntk scaling claims. Grid rule (stated before any fit, the same for every n):
    m = m_min·4^j, j < widths, m_min = 64, widths = 5, 2.4 decades. This was the design's first grid; a fit
    over it was once judged against the wrong relation (Θ for the drift), and the window is not moved to suit
    a verdict: the relation decides, and an interval that cannot be placed on one side of the theory's
    exponent is INCONCLUSIVE."""
    return (
        Param(
            "m_min",
            64,
            "smallest width of the grid (grid rule: params.width_grid_params)",
            int,
            minimum=1,
            role=Role.SIZE,
        ),
        # at most 24: m_min·4^23 is already ~10^16 at m_min = 64, and 4^j stays a float a cost can be read from
        Param("widths", 5, "widths m_min·4^j, j < widths", int, minimum=2, maximum=24, role=Role.SIZE),
        Param(
            "trials",
            64,
            "measurements (size, value) at the fit's first look; it draws up to 4× as many until it decides",
            int,
            minimum=3,
            role=Role.TRIALS,
        ),
    )


_GD_HORIZON = next(q.default for q in gd_params() if q.name == "horizon")
