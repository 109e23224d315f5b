"""The sequential design of a whp check: exact error-spending boundaries on the binomial lattice.

A whp claim says the failure rate p is ≤ δ. Trials are drawn in batches up to looks n_1 < … < n_J (a
geometric schedule, ratio :data:`LOOK_RATIO`) and after look j, with X_j verified failures and U_j undecided
trials among n_j, the run stops with

    REFUTED    when X_j ≥ r_j,          else SUPPORTED  when X_j + U_j ≤ a_j,
    else INCONCLUSIVE after n_J, or at an earlier look when X_j ≤ b_j and X_j + U_j ≥ c_j (futility).

The boundaries are fixed before the first trial by error spending (Lan & DeMets 1983) computed exactly on
the binomial lattice (Jennison & Turnbull 2000, §12.1): a dynamic programme carries the distribution of
X_j at p = δ over the paths that have not crossed, and r_j is the smallest count whose crossing mass keeps
the cumulative false-fail probability within α·S_j; a_j likewise keeps the false-pass probability within
β·S_j, with the spending function

    S_j = f + (1 − f)·(n_j − n_1)/(n_J − n_1),   S_J = 1,   f = :data:`FIRST_LOOK_SHARE`,

so a share f is available at the first look, set where zero failures can already support (n_1 is the
smallest n with (1 − δ)^n ≤ f·min(α, β)), and the rest is spent in proportion to the trials. Before n_1 the
schedule has refute-only looks (:func:`refute_only_looks`): n_0, the smallest n with δ^n ≤ f·α·n/n_1 (all n
trials failing could refute within the share spent by then), and its doublings up to n_1/1.25, spending S = f·n/n_1
of α. A claim that fails every trial is refuted after n_0 trials (5 at δ = 0.05, α = 7e-5) instead of n_1
(214); their α comes out of the first look's share. The support boundary spends β on the same shares; with
β ≤ α it cannot be reached before n_1, with β > α zero failures may support at the last of these looks.

Guarantees, exact and whatever the other boundary does (each boundary is calibrated alone, as a non-binding
boundary): P_δ(X_j ≥ r_j for some j) ≤ α and P_δ(X_j ≤ a_j for some j) ≤ β. Coupling the Bernoulli(p) streams
through one uniform per trial makes the first event increasing and the second decreasing in p, so the
false-fail rate is ≤ α for every p ≤ δ and the false-pass rate ≤ β for every p ≥ δ. An undecided trial can
only delay REFUTED (it is not counted) and only delay SUPPORTED (it is counted as a failure), so both rates
hold whatever the undecided trials hid; and stopping at any look of the plan, or earlier, keeps them.

Futility. At p near δ a run can reach neither verdict with much probability, and without a futility stop
nearly every such run draws all n_J trials. At look j < J the run gives REFUTED up when X_j ≤ b_j and
SUPPORTED up when X_j + U_j ≥ c_j, and stops INCONCLUSIVE when it gives up both. A verdict is given up when it
is out of reach (no continuation crosses its boundary: deterministic curtailment) or when the counts are at
least 1/β times likelier at δ than at the alternative where that verdict is due:

    ((δ+ε)/δ)^X·((1−δ−ε)/(1−δ))^(n−X) ≤ β   (REFUTED),     the same at δ − ε with X + U   (SUPPORTED),

Wald's (1945) acceptance bound β/(1 − α) of the SPRT of δ against δ ± ε, to first order (the level is
β·:data:`FUTILITY_LEVEL`). A futility stop is INCONCLUSIVE, never an error, and a verdict due at the same look
comes first, so r_j, a_j and both error rates are exactly those above. It costs power only, and the design
buys that back: the largest count n_J is the smallest at which the exact power, futility included, is ≥ 1 − β
at both ends of the indifference zone, P_{δ+ε}(REFUTED) ≥ 1 − β and P_{δ−ε}(SUPPORTED) ≥ 1 − β. Inside the zone
a run may end INCONCLUSIVE (at p = δ it must, with probability ≥ 1 − α − β, whatever the design).

Why the likelihood ratio and not a threshold γ on each verdict's conditional probability under δ ± ε
(stochastic curtailment, Lan, Simon & Halperin 1982)? Given counts near δ that probability stays large (the
alternative would pull the counts back to it), although the counts themselves make δ ± ε unlikely; in the
exact expected trials at α = β = 0.01 over p/δ in [0.8, 1.2], γ from 0.1 to 0.3 saved well under the 30 % the
design aims at against the Bonferroni design, and the likelihood ratio more. β-spending futility boundaries
(Pampallona & Tsiatis 1994) saved most, but late in the plan, where few runs at δ − ε are left to spend β on,
they give SUPPORTED up at counts just above a_j and left more runs INCONCLUSIVE than the Bonferroni design at
p = 0.8·δ.
A truncated plan (``max_trials``: the sweeps' width points) cannot buy power back by drawing more, so it gets
curtailment alone, which changes no verdict; a single look has no futility stop.

The design it replaces (Bonferroni: α/K and β/K at each of K looks on a doubling schedule, no futility stop) is
:meth:`SequentialDesign.bonferroni`, kept for the calibration's comparison.

Why not Wald's SPRT (1945) or an anytime-valid confidence sequence (Howard et al. 2021, Waudby-Smith &
Ramdas 2023)? The SPRT between δ − ε and δ + ε keeps its error rates at δ ± ε only: at p = δ it refutes about
half the time, and REFUTED must mean p > δ. An SPRT of δ against δ ± ε, calibrated at δ, supports p = 0 only
after about 2(1 − δ)/δ·ln(1/β) trials, twice the ln(1/β)/δ of this design. Ville's inequality behind the
confidence sequences (and the packages confseq, expectation, sequential-analysis) bounds the error rates
from above without using the lattice or the truncation, so it spends less than α; the lattice computation
is exact, short, and needs only scipy.stats.binom.
"""

from __future__ import annotations

import functools
import math
import numbers
from dataclasses import dataclass

import numpy as np
from scipy import signal, stats

from models.errors import InvalidInputError, check_open_unit, check_probability, check_size

#: ratio of successive looks (a batch adds a quarter of the trials so far: at most 25 % drawn past the stop)
LOOK_RATIO = 1.25
#: share of α and β the spending function makes available at the first look
FIRST_LOOK_SHARE = 0.25
#: looks of the Bonferroni design this one replaces (for the calibration's comparison)
BONFERRONI_LOOKS = 6

#: the futility stop's likelihood-ratio level, as a multiple of β: a verdict is given up when the counts are
#: 1/β times likelier at δ than at the alternative where it is due (Wald's acceptance bound B = β/(1 − α) of the
#: SPRT of δ against δ ± ε, to first order; chosen from the exact expected trials at δ, before any calibration)
FUTILITY_LEVEL = 1.0

NEVER_SUPPORT = -1
#: the largest count a design may plan (its lattice computation grows with it)
MAX_TRIALS = 2**22


def look_schedule(first: int, last: int, ratio: float = LOOK_RATIO) -> tuple[int, ...]:
    """Cumulative trial counts n_1 = first, n_{j+1} = max(n_j + 1, ⌈ratio·n_j⌉), ending at ``last``."""
    first, last = check_size("first", first), check_size("last", last)
    looks = [min(first, last)]
    while looks[-1] < last:
        looks.append(min(last, max(looks[-1] + 1, math.ceil(looks[-1] * ratio))))
    return tuple(looks)


#: the most trials a count below reports: past any design, and finite where ln(rate)/ln(1 − δ) is not (a δ
#: near float64's smallest positive number makes the quotient overflow to inf, whose ⌈·⌉ raises)
MOST_TRIALS = 10**300

#: the smallest normal float64: a failure rate δ below it is refused (the binomial tails overflow there)
TINY = float(np.finfo(np.float64).tiny)


def capped_ceil(x: float, most: int) -> int:
    """⌈x⌉, or ``most`` where x is at least ``most`` (x = inf included, whose ⌈·⌉ raises): for counts computed
    from a quotient that can overflow (trials here, a cost hook's steps in claims.engine.resources)."""
    return math.ceil(x) if x < most else most


def trial_count(x: float) -> int:
    """⌈x⌉ for a count of trials, capped at :data:`MOST_TRIALS` (also where x is inf)."""
    return capped_ceil(x, MOST_TRIALS)


def first_useful_look(delta: float, rate: float) -> int:
    """The smallest n at which zero failures reach a level ``rate`` at δ: (1 − δ)^n ≤ rate."""
    return max(1, trial_count(math.log(rate) / math.log1p(-delta)))


def _advance(f: np.ndarray, trials: int, p: float) -> np.ndarray:
    """The distribution of the failure count after ``trials`` more Bernoulli(p) trials (a convolution; by FFT
    for long ones, whose rounding, about 1e-16 of the largest mass, is far below any α a run accepts)."""
    if trials == 0:
        return f
    pmf = stats.binom.pmf(np.arange(trials + 1), trials, p)
    if min(f.size, pmf.size) < 64:
        return np.convolve(f, pmf)
    return np.clip(signal.fftconvolve(f, pmf), 0.0, None)


def spend(schedule, delta: float, rate: float, shares, upper: bool) -> tuple[tuple[int, ...], float]:
    """Boundaries that spend at most rate·S_j by look j at p = δ, each as far inside as that allows, and the
    probability spent in all. ``upper``: r_j (cross when X ≥ r_j; n_j + 1 never crosses); else a_j (cross
    when X ≤ a_j; −1 never crosses)."""
    f, n_prev, spent, bounds = np.ones(1), 0, 0.0, []
    for n, share in zip(schedule, shares, strict=True):
        f, n_prev = _advance(f, n - n_prev, delta), n
        allowed = rate * share - spent
        mass = np.cumsum(f[::-1])[::-1] if upper else np.cumsum(f)  # P(X ≥ k), resp. P(X ≤ k), not yet crossed
        ok = np.flatnonzero(mass <= allowed)
        if upper:
            b = int(ok[0]) if ok.size else n + 1
            spent += float(mass[b]) if b <= n else 0.0
            f = np.where(np.arange(n + 1) >= b, 0.0, f)
        else:
            b = int(ok[-1]) if ok.size else NEVER_SUPPORT
            spent += float(mass[b]) if b >= 0 else 0.0
            f = np.where(np.arange(n + 1) <= b, 0.0, f)
        bounds.append(b)
    return tuple(bounds), spent


def crossing_probability(schedule, bounds, p: float, upper: bool) -> float:
    """Exact P_p(one boundary is crossed at some look), the other ignored (non-binding)."""
    f, n_prev, crossed = np.ones(1), 0, 0.0
    for n, b in zip(schedule, bounds, strict=True):
        f, n_prev = _advance(f, n - n_prev, p), n
        hit = np.arange(n + 1) >= b if upper else np.arange(n + 1) <= b
        crossed += float(f[hit].sum())
        f = np.where(hit, 0.0, f)
    return crossed


def operating_characteristic(schedule, refute_at, support_at, p: float, futile_refute_at=(), futile_support_at=()):
    """Exact P_p(REFUTED), P_p(SUPPORTED), P_p(INCONCLUSIVE) (of which ``futile``: stopped before the last look)
    and the expected trials of the design on Bernoulli(p) trials without undecided ones (every stop binding)."""
    never = [(-1, n + 1) for n in schedule]  # no futility region: X ≤ −1 never holds
    futile = list(zip(futile_refute_at, futile_support_at, strict=True)) or never
    f, n_prev, refuted, supported, gave_up, mean = np.ones(1), 0, 0.0, 0.0, 0.0, 0.0
    for n, r, a, (b, c) in zip(schedule, refute_at, support_at, futile, strict=True):
        f, n_prev = _advance(f, n - n_prev, p), n
        k = np.arange(n + 1)
        up = k >= r
        down = (k <= a) & ~up
        mid = (k >= c) & (k <= b) & ~up & ~down
        pr, ps, pf = float(f[up].sum()), float(f[down].sum()), float(f[mid].sum())
        refuted, supported, gave_up = refuted + pr, supported + ps, gave_up + pf
        mean += n * (pr + ps + pf)
        f = np.where(up | down | mid, 0.0, f)
    left = float(f.sum())
    return {
        "refuted": refuted,
        "supported": supported,
        "inconclusive": left + gave_up,
        "futile": gave_up,
        "mean_trials": mean + schedule[-1] * left,
    }


def reach_probability(schedule, bounds, look: int, count: int, p: float, upper: bool) -> float:
    """Exact P_p(the boundary is crossed at a look after ``look`` | ``count`` failures at ``look``), the
    boundary alone (the conditional probability a futility stop's reason states)."""
    f, n_prev, crossed = np.zeros(count + 1), schedule[look], 0.0
    f[count] = 1.0
    for n, b in zip(schedule[look + 1 :], bounds[look + 1 :], strict=True):
        f, n_prev = _advance(f, n - n_prev, p), n
        hit = np.arange(f.size) >= b if upper else np.arange(f.size) <= b
        crossed += float(f[hit].sum())
        f = np.where(hit, 0.0, f)
    return min(crossed, 1.0)


def futility_bounds(schedule, refute_at, support_at, delta, epsilon, level) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The futility boundaries (b_j, c_j): at look j < J the run gives REFUTED up when X_j ≤ b_j and SUPPORTED
    when X_j + U_j ≥ c_j, and stops INCONCLUSIVE when it gives up both. A verdict is given up when it is out of
    reach (no path of the remaining trials crosses its boundary: deterministic curtailment) or when the counts'
    likelihood ratio of the alternative where the verdict is due, δ + ε resp. δ − ε, against δ is ≤ ``level``
    (Wald's acceptance bound; ``level`` 0: curtailment alone). The last look has none: it ends the plan."""
    up = (math.log((delta + epsilon) / delta), math.log1p(-(delta + epsilon)) - math.log1p(-delta))
    down = (math.log((delta - epsilon) / delta), math.log1p(-(delta - epsilon)) - math.log1p(-delta))
    last = len(schedule) - 1
    b, c = [], []
    for j, n in enumerate(schedule[:last]):
        # refuting needs X_k ≥ r_k at some later look, reachable from x iff x + (n_k − n_j) ≥ r_k
        unreachable_below = n + min(r - m for r, m in zip(refute_at[j + 1 :], schedule[j + 1 :], strict=True))
        reachable_up_to = max(support_at[j + 1 :])  # supporting needs X_k + U_k ≤ a_k, and counts never fall
        bj, cj = unreachable_below - 1, reachable_up_to + 1
        if level > 0:
            # k·ln(q/δ) + (n − k)·ln((1 − q)/(1 − δ)) ≤ ln level, increasing in k for q = δ + ε, decreasing for δ − ε
            bj = max(bj, math.floor((math.log(level) - n * up[1]) / (up[0] - up[1])))
            cj = min(cj, math.ceil((math.log(level) - n * down[1]) / (down[0] - down[1])))
        b.append(min(max(bj, -1), n))
        c.append(min(max(cj, 0), n + 1))
    return (*b, -1), (*c, schedule[last] + 1)


@dataclass(frozen=True)
class SequentialDesign:
    """The plan of a run, fixed before the first trial: the looks and, for a failure-rate test, the boundaries
    r_j (REFUTED when failures ≥ r_j) and a_j (SUPPORTED when failures + undecided ≤ a_j) at each look."""

    schedule: tuple[int, ...]
    delta: float | None
    epsilon: float
    alpha: float
    beta: float
    refute_at: tuple[int, ...] = ()
    support_at: tuple[int, ...] = ()
    method: str = ""
    futile_refute_at: tuple[int, ...] = ()  # b_j: REFUTED given up when failures ≤ b_j (() : no futility stop)
    futile_support_at: tuple[int, ...] = ()  # c_j: SUPPORTED given up when failures + undecided ≥ c_j
    futility_level: float = 0.0  # the likelihood-ratio level of the futility stop (0: curtailment alone)

    @property
    def looks(self) -> int:
        return len(self.schedule)

    @property
    def max_trials(self) -> int:
        return self.schedule[-1]

    @classmethod
    def for_failure_rate(cls, delta, epsilon, alpha, beta, trials=None, max_trials=None) -> SequentialDesign:
        """whp claims: the exact error-spending design (module docstring). ``trials`` fixes a single look at
        that count (levels α and β there); ``max_trials`` truncates at that count instead of the count the
        power at δ ± ε asks for (the error rates are kept; only the power changes)."""
        _check_zone(delta, epsilon, alpha, beta)
        if trials is not None:
            trials = check_size("trials", trials)
            return _spending(delta, epsilon, alpha, beta, (trials,), 0.0)
        if max_trials is not None:  # a truncated plan cannot buy back power: curtailment alone, no verdict lost
            last = check_size("max_trials", max_trials)
            return _spending(delta, epsilon, alpha, beta, _schedule(delta, alpha, beta, last), 0.0)
        return _designed(float(delta), float(epsilon), float(alpha), float(beta))

    @classmethod
    def bonferroni(cls, delta, epsilon, alpha, beta, looks=BONFERRONI_LOOKS) -> SequentialDesign:
        """The design this one replaced: K looks on a doubling schedule, each at levels α/K and β/K (exact
        binomial tails), the last with power 1 − β at δ ± ε. Kept for the calibration's comparison."""
        _check_zone(delta, epsilon, alpha, beta)
        looks = check_size("looks", looks)
        a, b = alpha / looks, beta / looks

        def bounds(n):
            k = np.arange(n + 1)
            r = np.flatnonzero(stats.binom.sf(k - 1, n, delta) < a)
            s = np.flatnonzero(stats.binom.cdf(k, n, delta) <= b)
            return (int(r[0]) if r.size else n + 1), (int(s[-1]) if s.size else NEVER_SUPPORT)

        def powerful(ns):  # vectorised over counts: the last look alone has power 1 − β at δ ± ε
            r = stats.binom.isf(a, ns, delta) + 1
            s = stats.binom.ppf(b, ns, delta)
            s = np.where(stats.binom.cdf(s, ns, delta) <= b, s, s - 1)
            support = np.where(s >= 0, stats.binom.cdf(s, ns, delta - epsilon), 0.0)
            return (stats.binom.sf(r - 1, ns, delta + epsilon) >= 1 - beta) & (support >= 1 - beta)

        hi = 8
        while not powerful(np.array([hi]))[0]:
            hi *= 2
        ns = np.arange(max(1, hi // 2), hi + 1)
        n = int(ns[np.flatnonzero(powerful(ns))[0]])
        schedule = tuple(sorted({max(1, math.ceil(n / 2 ** (looks - k))) for k in range(1, looks + 1)}))
        rs, ss = zip(*(bounds(m) for m in schedule), strict=True)
        return cls(schedule, delta, epsilon, alpha, beta, tuple(rs), tuple(ss), "bonferroni")

    @classmethod
    def for_forall(cls, epsilon, beta) -> SequentialDesign:
        """forall claims: stop at the first failure; SUPPORTED after N = ⌈ln β / ln(1 − ε)⌉ trials without a
        failure bounds the failure rate by ε at rate β. Exact already: (1 − ε)^N ≤ β is the whole false-pass
        probability, no smaller N reaches it, and a verified failure is never a false fail; the looks
        (:func:`claims.engine.design.design_for`) serve only to stop at a failure early."""
        n = min_num_trials_for_forall_test(epsilon, beta)
        return cls((n,), None, epsilon, 0.0, beta, method="forall")

    def decide_codes(self, failures, trials, look: int, undecided=0) -> np.ndarray:
        """Codes after ``look`` (0-based): 0 go on, 1 REFUTED, 2 SUPPORTED, 3 INCONCLUSIVE (after the last
        look, or before it where both verdicts are given up: futility). ``trials`` must be the look's count.
        REFUTED counts only the verified failures; SUPPORTED counts the undecided trials as failures; a verdict
        due at the look always comes before futility. Vectorised over failures and undecided."""
        if isinstance(look, bool) or not isinstance(look, numbers.Integral) or not 0 <= look < self.looks:
            raise InvalidInputError(f"look must be an integer in [0, {self.looks}) (0-based), got {look!r}")
        if np.any(np.asarray(trials) != self.schedule[look]):
            raise InvalidInputError(f"look {look} of this design is at {self.schedule[look]} trials, got {trials!r}")
        for name, count in (("failures", failures), ("undecided", undecided)):
            a = np.asarray(count)
            if a.dtype == bool or not np.issubdtype(a.dtype, np.number) or np.any(~np.isfinite(a)) or np.any(a < 0):
                raise InvalidInputError(f"{name} must be counts >= 0, got {count!r}")
        if np.any(np.asarray(failures) + np.asarray(undecided) > self.schedule[look]):
            raise InvalidInputError(
                f"failures + undecided must be <= trials = {self.schedule[look]}, got {failures!r} + {undecided!r}"
            )
        failures, counted = np.asarray(failures), np.asarray(failures) + np.asarray(undecided)
        refute = failures >= self.refute_at[look]
        support = counted <= self.support_at[look]
        stop = look >= self.looks - 1
        if self.futile_refute_at:  # both verdicts given up (futility): INCONCLUSIVE before the last look
            stop = stop | ((failures <= self.futile_refute_at[look]) & (counted >= self.futile_support_at[look]))
        return np.where(refute, 1, np.where(support, 2, np.where(stop, 3, 0)))

    def operating_characteristic(self, p: float) -> dict[str, float]:
        """Exact verdict probabilities and mean trials at failure rate p (no undecided trials), futility included."""
        check_probability("p", p)
        return operating_characteristic(
            self.schedule, self.refute_at, self.support_at, p, self.futile_refute_at, self.futile_support_at
        )

    def error_rates(self) -> tuple[float, float]:
        """Exact false-fail and false-pass probabilities at p = δ, each boundary alone (non-binding)."""
        return (
            crossing_probability(self.schedule, self.refute_at, self.delta, upper=True),
            crossing_probability(self.schedule, self.support_at, self.delta, upper=False),
        )

    def describe(self) -> dict:
        out = {
            "method": self.method,
            "schedule": list(self.schedule),
            "looks": self.looks,
            "max_trials": self.max_trials,
            "delta": self.delta,
            "epsilon": self.epsilon,
            "false_fail_rate": self.alpha,
            "false_pass_rate": self.beta,
        }
        if self.refute_at:
            out |= {"refute_at": list(self.refute_at), "support_at": list(self.support_at)}
        if self.futile_refute_at:
            out |= {
                "futility": self.futility_rule(),
                "futile_refute_at": list(self.futile_refute_at),
                "futile_support_at": list(self.futile_support_at),
            }
        return out

    def futility_rule(self) -> str:
        """The futility stop in words (describe(), so every result's design record)."""
        said = (
            "INCONCLUSIVE before the last look when failures ≤ futile_refute_at and failures + undecided ≥ "
            "futile_support_at: neither verdict reachable"
        )
        if self.futility_level > 0:
            return (
                f"{said}, or the counts at least 1/{self.futility_level:g} times likelier at δ than at δ + ε "
                "(where REFUTED is due) and than at δ − ε (where SUPPORTED is due)"
            )
        return said

    def _check_stop(self, failures: int, undecided: int, look: int) -> None:
        if isinstance(look, bool) or not isinstance(look, numbers.Integral) or not 0 <= look < self.looks:
            raise InvalidInputError(f"look must be an integer in [0, {self.looks}) (0-based), got {look!r}")
        for name, count in (("failures", failures), ("undecided", undecided)):
            if isinstance(count, bool) or not isinstance(count, numbers.Integral) or count < 0:
                raise InvalidInputError(f"{name} must be a count >= 0, got {count!r}")

    def undecided_decided(self, failures: int, undecided: int, look: int) -> bool:
        """Whether the undecided trials (counted as failures against SUPPORTED) are what kept a run that ended
        INCONCLUSIVE after ``look`` (0-based) from going on or from SUPPORTED: before the last look, the failures
        alone would not have given SUPPORTED up, so without the undecided trials the run would not have stopped
        for futility; at the last look, the failures alone would have supported."""
        self._check_stop(failures, undecided, look)
        counted = failures + undecided
        if look >= self.looks - 1:
            return bool(self.support_at) and failures <= self.support_at[look] < counted
        return bool(self.futile_support_at) and failures < self.futile_support_at[look] <= counted

    def stop_reason(self, failures: int, undecided: int, look: int, outside: int = 0) -> str:
        """Why a run that ended INCONCLUSIVE after ``look`` (0-based) did, with the look and the counts: the
        plan's end; a stop caused by the undecided trials (:meth:`undecided_decided`: too many of them to
        support, and REFUTED given up); or a futility stop with the exact probabilities of each verdict had it
        gone on. It says only what stopped the run. ``outside`` (≤ ``undecided``): how many of the trials counted
        as undecided are trials whose premise failed, which the rule counts the same way; the text names them."""
        self._check_stop(failures, undecided, look)
        if isinstance(outside, bool) or not isinstance(outside, numbers.Integral) or not 0 <= outside <= undecided:
            raise InvalidInputError(f"outside must be a count in [0, undecided = {undecided}], got {outside!r}")
        n, counted = self.schedule[look], failures + undecided
        counts, what, summed = f"{undecided} undecided", "undecided trials", "failures + undecided"
        if outside:
            summed += " + outside"
            counts = f"{undecided - outside} undecided, {outside} outside the theorem's premise"
            what = "trials outside the theorem's premise" + ("" if outside == undecided else " and undecided ones")
        at = f"look {look + 1} of {self.looks} ({n} trials: {failures} failures, {counts})"
        if look >= self.looks - 1:
            return (
                f"the plan's last {at}: neither REFUTED (≥ {self.refute_at[look]} failures) nor SUPPORTED "
                f"(failures + undecided ≤ {self.support_at[look]})"
            )
        after = slice(look + 1, None)
        need = n + min(r - m for r, m in zip(self.refute_at[after], self.schedule[after], strict=True))
        counted = min(counted, n)
        decided = self.undecided_decided(failures, undecided, look)
        refuted = self._given_up(
            "REFUTED, given up as well," if decided else "REFUTED",
            failures < need,
            failures,
            n,
            look,
            self.refute_at,
            True,
        )
        likelier = (
            f"the counts are ≥ {1 / self.futility_level:.3g} times likelier at δ = {self.delta:g} than at "
            if self.futility_level > 0
            else ""
        )
        if decided:
            why = (
                f"too many {what} to support the claim: counted as failures, as SUPPORTED counts them, they "
                f"bring {summed} to {counted}, at least the {self.futile_support_at[look]} at which "
                f"SUPPORTED is given up at this look, and the {failures} verified failures alone would not have "
                f"stopped the run; {refuted}"
            )
            if likelier and failures >= need:
                why += f" ({likelier}δ + ε = {self.delta + self.epsilon:g}, where REFUTED is due)"
            return f"stopped by its {what} at {at}: {why}"
        supported = self._given_up(
            f"SUPPORTED ({what} counted as failures)" if undecided else "SUPPORTED",
            counted > max(self.support_at[after]),
            counted,
            n,
            look,
            self.support_at,
            False,
        )
        why = f"{refuted} and {supported}"
        if likelier:
            why += (
                f"; {likelier}δ + ε = {self.delta + self.epsilon:g}, where REFUTED is due, and than at δ − ε = "
                f"{self.delta - self.epsilon:g}, where SUPPORTED is due, unless that verdict was out of reach"
            )
        return f"stopped for futility at {at}: neither verdict was reachable with enough probability: {why}"

    def _given_up(self, verdict: str, out_of_reach: bool, count: int, n: int, look: int, bounds, upper: bool) -> str:
        """How a verdict given up at ``look`` stood: out of reach, or its exact probability had the run gone on."""
        if out_of_reach:
            return f"{verdict} was out of reach"
        p = reach_probability(self.schedule, bounds, look, count, count / n, upper)
        return f"{verdict} would have followed with probability {p:.2g} at the observed rate {count / n:.3g}"


def min_num_trials_for_forall_test(epsilon: float, false_pass_rate: float) -> int:
    """N such that a failure rate ≥ ε shows at least one failure in N trials w.p. ≥ 1 − β: ⌈ln β / ln(1 − ε)⌉."""
    check_open_unit("epsilon", epsilon)
    check_open_unit("false_pass_rate", false_pass_rate)
    return trial_count(math.log(false_pass_rate) / math.log1p(-epsilon))


def _check_zone(delta, epsilon, alpha, beta) -> None:
    for name, rate in (("false_fail_rate", alpha), ("false_pass_rate", beta)):
        check_open_unit(name, rate)
    check_open_unit("delta", delta)
    check_open_unit("epsilon", epsilon)
    if delta < TINY:  # the binomial pmf (scipy's ibeta_derivative) overflows at a subnormal p
        raise InvalidInputError(
            f"delta must be at least {TINY:.3g} (the smallest normal float64: the binomial tails the design "
            f"computes overflow below it), got {delta!r}"
        )
    if not epsilon < min(delta, 1 - delta):
        raise InvalidInputError(
            f"epsilon must be < min(delta, 1 − delta) = {min(delta, 1 - delta):g} so that the indifference zone "
            f"(delta − epsilon, delta + epsilon) lies inside (0, 1), got epsilon = {epsilon!r} at delta = {delta!r}"
        )


def refute_only_looks(delta: float, alpha: float, first: int) -> tuple[int, ...]:
    """The looks before the first look ``first`` = n₁ (where zero failures can support), at which only REFUTED
    is within reach where β ≤ α (with β > α, f·β·n/n₁ may let zero failures support at the last of them):
    n₀, the smallest n at which n failures in n trials reach the share of α spent by then,
    δ^n ≤ f·α·n/n₁ (f = :data:`FIRST_LOOK_SHARE`), and its doublings up to n₁/:data:`LOOK_RATIO`. A claim that
    fails every trial is refuted at n₀ (a handful of trials) instead of at n₁."""
    n = 1
    while n < first and delta**n > FIRST_LOOK_SHARE * alpha * n / first:
        n += 1
    looks = []
    while n * LOOK_RATIO <= first:  # a look just below n₁ would only add a batch
        looks.append(n)
        n *= 2
    return tuple(looks)


def _schedule(delta, alpha, beta, last) -> tuple[int, ...]:
    first = min(first_useful_look(delta, FIRST_LOOK_SHARE * min(alpha, beta)), last)
    return (*refute_only_looks(delta, alpha, first), *look_schedule(first, last))


def _spending(delta, epsilon, alpha, beta, schedule, futility: float) -> SequentialDesign:
    # n₁: the first look where zero failures can support (the first of the schedule's geometric part); the
    # refute-only looks before it spend f·n/n₁, the geometric looks f at n₁ and the rest in proportion to trials
    n, nj = np.asarray(schedule, float), schedule[-1]
    n1 = min(first_useful_look(delta, FIRST_LOOK_SHARE * min(alpha, beta)), nj)
    t = (n - n1) / (nj - n1) if nj > n1 else np.ones_like(n)
    shares = np.where(n < n1, FIRST_LOOK_SHARE * n / n1, FIRST_LOOK_SHARE + (1 - FIRST_LOOK_SHARE) * t)
    shares[-1] = 1.0
    refute_at, _ = spend(schedule, delta, alpha, shares, upper=True)
    support_at, _ = spend(schedule, delta, beta, shares, upper=False)
    futile_refute_at, futile_support_at = futility_bounds(schedule, refute_at, support_at, delta, epsilon, futility)
    return SequentialDesign(
        schedule,
        delta,
        epsilon,
        alpha,
        beta,
        refute_at,
        support_at,
        "exact error spending",
        futile_refute_at,
        futile_support_at,
        futility,
    )


def _fixed_sample_trials(delta, epsilon, alpha, beta) -> float:
    """The normal approximation to the trials a single look needs for power 1 − β at δ ± ε: a lower bound
    on any sequential design's largest count, to refuse a zone too narrow at once."""
    z_a, z_b = stats.norm.isf(alpha), stats.norm.isf(beta)
    spread = math.sqrt(delta * (1 - delta))
    with np.errstate(over="ignore"):  # inf at an ε near float64's smallest: the caller refuses it, saying so
        return max(
            ((z_a * spread + z_b * math.sqrt(p * (1 - p))) / epsilon) ** 2 for p in (delta - epsilon, delta + epsilon)
        )


def _smallest(ok, start: int = 8, within: float = 0.01) -> int:
    """The smallest n ≥ 1 with ok(n), to within a fraction ``within`` (doubling, then bisection; ok is
    monotone in practice, and any n with ok(n) keeps the error rates: only the power depends on it)."""
    hi = start
    while not ok(hi):
        hi *= 2
        if hi > MAX_TRIALS:
            raise InvalidInputError(f"epsilon is too small to design a test at this delta (over {MAX_TRIALS} trials)")
    lo = hi // 2
    while hi - lo > max(1, int(hi * within)):
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if ok(mid) else (mid, hi)
    return hi


@functools.lru_cache(maxsize=256)
def _designed(delta: float, epsilon: float, alpha: float, beta: float) -> SequentialDesign:
    def powerful(n):
        d = _spending(delta, epsilon, alpha, beta, _schedule(delta, alpha, beta, n), beta * FUTILITY_LEVEL)
        return d.operating_characteristic(min(delta + epsilon, 1.0))["refuted"] >= 1 - beta and (
            d.operating_characteristic(max(delta - epsilon, 0.0))["supported"] >= 1 - beta
        )

    need = _fixed_sample_trials(delta, epsilon, alpha, beta)
    if need > MAX_TRIALS:
        raise InvalidInputError(
            f"epsilon = {epsilon:g} is too small to design a test at delta = {delta:g}: a single look would need "
            f"about {need:.3g} trials (at most {MAX_TRIALS} are planned)"
        )
    n = _smallest(powerful)
    return _spending(delta, epsilon, alpha, beta, _schedule(delta, alpha, beta, n), beta * FUTILITY_LEVEL)
