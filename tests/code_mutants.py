"""Code mutants: small wrong edits of models/, the engine and the trials' judgement, each with the test that kills it.

The records' mutants (tests/mutants) state false *claims*; these are false *code*: a constant, an off-by-one, a
dropped term or tolerance, a horizon ignored. Each entry names the test that must fail when the edit is applied
(found by applying it, never assumed). An entry marked ``equivalent`` changes no reachable behaviour, with the
reason. ``tests/records/test_code_mutants.py`` checks in the default run that every edit still applies to the
code as it is (its text occurs exactly once), so the list cannot rot unseen; running the mutants is this tool:

    python -m tests.code_mutants                  # every mutant against its killing test, in this checkout
    python -m tests.code_mutants --full ID ...    # against the whole default test run instead (minutes each)

An equivalent mutant named without --full is reported, not run (it names no killing test).

The checkout must be clean (``git status``): each edit is undone in a ``finally``, even on Ctrl-C. The exit
status is 1 when a mutant that should be killed survives.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class CodeMutant:
    id: str
    path: str
    old: str
    new: str
    #: the pytest node ids that fail under the edit ("" for an equivalent mutant)
    killed_by: tuple[str, ...]
    #: why no test can kill it, for an equivalent mutant
    equivalent: str = ""


U = "tests/unit/"
TL, TS = U + "test_two_layer.py::", U + "test_stats.py::"
TDL, TSR = U + "test_deep_linear.py::", U + "test_shallow_residual.py::"
TB = U + "test_du2018a_boundaries.py::"
TW, TA = "models/two_layer.py", "models/two_layer_bounds.py"
J, OUT, K = "claims/engine/judge.py", "claims/spec/outcome.py", "claims/catalogue/du2018a/trials_kernel.py"
DL, SR, LS, OC = "models/deep_linear.py", "models/shallow_residual.py", "models/landscapes.py", "models/octopus.py"
SIG, ST, SEQ = "models/sigmoid_net.py", "claims/engine/stats.py", "claims/engine/sequential.py"
JH, B = "claims/catalogue/jh2019/trials.py", "claims/catalogue/du2018b/trials.py"
C = "claims/catalogue/du2018a/conclusions.py"
L, GD = "claims/catalogue/landscape/", "claims/catalogue/du2018a/trials_gd.py"
EXT, TE = "claims/catalogue/ext/trials.py", U + "test_ext.py::"
FL, CR = "claims/catalogue/clc2018/flow.py", "claims/catalogue/clc2018/critical.py"
KW, F1 = "claims/catalogue/kawaguchi2016/trials.py", "claims/catalogue/du2018a/trials_fig1.py"
NU, WI, WF, TH = (
    "models/numerics.py",
    "claims/engine/witness.py",
    "claims/engine/width_fit.py",
    "claims/engine/threshold.py",
)
PA, WT, TWT = "models/preactivations.py", "models/width_theories.py", U + "test_width_theories.py::"
DY, YC, JT = "models/dynamics.py", "claims/catalogue/yuchen1995/trials.py", "claims/catalogue/jh2019/trials.py"
GE, TSM = "claims/catalogue/landscape/ge2016.py", "models/teacher_student.py"
TLS, TTS = U + "test_landscapes.py::", U + "test_teacher_student.py::"
DS, CGD = "models/datasets.py", "models/coefficient_gd.py"
TDS, TCG = U + "test_datasets.py::", U + "test_coefficient_gd.py::"
TDB = U + "test_du2018b_trials.py::"
SWP, RES = "claims/engine/sweep.py", "claims/engine/resolution.py"
RND, TRT = "claims/report/render.py", "tests/report/test_render_tally.py::"
TFU = U + "test_futility.py::"
CAL, TCA = "claims/engine/calibration.py", "tests/calibration/test_calibration_machinery.py::"
RSC, MAIN = "claims/engine/resources.py", "claims/__main__.py"
MW, TMW = "claims/tools/merge_widths.py", U + "test_widths_merge.py::"
CST, TCST = "claims/engine/calibration_streams.py", "tests/calibration/test_calibration_streams.py::"
RUN, RJB, REX = "claims/report/units.py", "claims/report/jobs.py", "claims/report/execute.py"
RAT, RWR, RBN = "claims/report/atomic.py", "claims/report/writer.py", "claims/report/benchmarks.py"
SCR, TSC = "claims/tools/screen.py", "tests/cli/test_screen.py::"
TPL = U + "test_preactivations.py::test_factor_route_draws_h0_with_the_law_of_the_plain_route"
JE, YE = "claims/catalogue/jh2019/experiments.py", "claims/catalogue/yuchen1995/experiments.py"
YM = "claims/catalogue/yuchen1995/minima.py"
TJE, TRY = U + "test_jh2019_experiments.py::", U + "test_report_yuchen1995.py::"
TVR, TWI, TWF, TR = (
    U + "test_verdict_rules.py::",
    U + "test_witness.py::",
    U + "test_width_fit.py::",
    U + "test_resolution.py::",
)

MUTANTS: tuple[CodeMutant, ...] = (
    # models/: the mathematics
    CodeMutant(
        "hinf_const",
        TW,
        "(math.pi - angles(X)) / (2 * math.pi)",
        "(math.pi - angles(X)) / (1.9 * math.pi)",
        (TL + "test_monte_carlo_mean_of_gram_matches_h_infinity_within_clt_bound",),
    ),
    CodeMutant(
        "hinf_diag",
        TW,
        "fill_(0.5)",
        "fill_(0.55)",
        (TL + "test_monte_carlo_mean_of_gram_matches_h_infinity_within_clt_bound",),
    ),
    CodeMutant(
        "gram_m",
        TW,
        "return (X @ X.transpose(-1, -2)) * counts / m",
        "return (X @ X.transpose(-1, -2)) * counts / (m + 1)",
        (TL + "test_gram_equals_double_loop",),
    ),
    CodeMutant(
        "random_gram_m",
        TW,
        "return (X @ X.transpose(-1, -2)) * total / m",
        "return (X @ X.transpose(-1, -2)) * total / (m + 1)",
        (U + "test_preactivations.py::test_plain_route_reproduces_the_chunked_draw_of_w_bit_for_bit",),
    ),
    CodeMutant(
        "grad_without_a",
        TW,
        "return a.unsqueeze(-1) * ((S * (u - y)",
        "return ((S * (u - y)",
        (U + "test_dynamics.py::test_closed_form_gradients_match_autograd",),
    ),
    CodeMutant(
        "output_over_m",
        TW,
        ".squeeze(-1) / math.sqrt(m)\n\n\ndef loss",
        ".squeeze(-1) / m\n\n\ndef loss",
        (TL + "test_grad_w_equals_autograd",),
    ),
    CodeMutant(
        "m1_constant", TW, "math.ceil(8 * n**2", "math.ceil(4 * n**2", (TL + "test_literal_width_of_lemma_3_1",)
    ),
    CodeMutant(
        "linear_prediction_power",
        TW,
        "** (2 * k)",
        "** k",
        (TL + "test_linear_prediction_matches_the_iterated_linear_dynamics",),
    ),
    CodeMutant(
        "certificate_count",
        TA,
        "- A.transpose(-1, -2) @ A",
        "- 2 * A.transpose(-1, -2) @ A",
        (TL + "test_ball_certificate_dominates_every_sampled_point_of_the_ball",),
    ),
    CodeMutant(
        "flippable_half_radius",
        TA,
        "pre.abs() <= R + preactivation_tolerance",
        "pre.abs() <= 0.5 * R + preactivation_tolerance",
        (TL + "test_ball_certificate_dominates_every_sampled_point_of_the_ball",),
    ),
    CodeMutant(
        "initial_residual",
        TA,
        '("C", C) ** 2 / 3 + 0.5)',
        '("C", C) ** 2 / 3 + 0.6)',
        (TL + "test_expected_initial_residual_matches_monte_carlo",),
    ),
    CodeMutant(
        "invariant_scaled",
        DL,
        "return [Ws[j + 1].mT @ Ws[j + 1] - Ws[j] @ Ws[j].mT for j",
        "return [Ws[j + 1].mT @ Ws[j + 1] - 0.999 * Ws[j] @ Ws[j].mT for j",
        (TDL + "test_invariant_step_change_is_exactly_eta_squared_term",),
    ),
    CodeMutant(
        "curvature_halved",
        DL,
        "return xs**2 * gn + e * xs * res",
        "return 0.5 * (xs**2 * gn + e * xs * res)",
        (TDL + "test_exp_rate_decides_stiff_trials_on_a_span_and_agrees_with_the_whole_horizon",),
    ),
    CodeMutant(
        "critical_count",
        DL,
        "for j in range(min(rank, k) + 1))",
        "for j in range(min(rank, k)))",
        (TDL + "test_the_critical_values_hold_the_global_one_and_the_origin",),
    ),
    CodeMutant(
        "optimal_loss_rank",
        DL,
        "sv[..., :rank].square().sum(-1))",
        "sv[..., : max(rank - 1, 0)].square().sum(-1))",
        (TDL + "test_optimal_loss_is_eckart_young",),
    ),
    CodeMutant(
        "theory_step",
        SR,
        "return 2 / (s_min.square() + s_max.square())",
        "return 2.2 / (s_min.square() + s_max.square())",
        (TSR + "test_am_and_gd_recover_the_teacher",),
    ),
    CodeMutant(
        "rho_am_without_kappa",
        SR,
        "kappa * rho_3 / s_max)",
        "rho_3 / s_max)",
        (TSR + "test_rho3_bound_is_a_function_of_the_instance_not_of_the_iterate",),
    ),
    CodeMutant(
        "rho_gd_half",
        SR,
        "rho_4 + eta * s_max * rho_3)",
        "rho_4 + 0.5 * eta * s_max * rho_3)",
        (TSR + "test_spectrum_and_rates_match_explicit_svd",),
    ),
    CodeMutant(
        "sigmoid_prime",
        SIG,
        "return torch.sigmoid(z) * torch.sigmoid(-z)",
        "return 1.01 * torch.sigmoid(z) * torch.sigmoid(-z)",
        (U + "test_sigmoid_net.py::test_hvp_matches_autograd_hessian",),
    ),
    CodeMutant(
        "sigmoid_second",
        SIG,
        "act_prime(z, activation) * torch.tanh(-z / 2)",
        "act_prime(z, activation) * torch.tanh(-z)",
        (U + "test_sigmoid_net.py::test_hvp_matches_autograd_hessian",),
    ),
    CodeMutant(
        "quartic_grad",
        LS,
        "return lam * x + x.square().sum(-1, keepdim=True) * x",
        "return lam * x + 0.9 * x.square().sum(-1, keepdim=True) * x",
        (U + "test_landscapes.py::test_quartic_gradient_and_critical_points",),
    ),
    CodeMutant(
        "quadratic_net_grad",
        LS,
        "return 4 * W @ D + 2 * tr[:, None, None] * W",
        "return 4 * W @ D + 1 * tr[:, None, None] * W",
        (U + "test_landscapes.py::test_quadratic_net_gradient_matches_autograd",),
    ),
    CodeMutant(
        "factorization_grad",
        LS,
        "return 2 * (U @ U.mT - M) @ U",
        "return 1.9 * (U @ U.mT - M) @ U",
        (U + "test_landscapes.py::test_symmetric_factorization_gradient_matches_autograd",),
    ),
    CodeMutant(
        "octopus_nu",
        OC,
        "return 13 / 6 * gamma * tau**2 + 37 / 6 * L * tau**2",
        "return 13 / 6 * gamma * tau**2 + 31 / 6 * L * tau**2",
        (U + "test_octopus.py::test_pieces_glue_to_second_order",),
    ),
    CodeMutant(
        "octopus_g2_prime",
        OC,
        "(30 * u**2 + 60 * u**3 + 30 * u**4)",
        "(30 * u**2 + 60 * u**3 + 29 * u**4)",
        (U + "test_octopus.py::test_pieces_glue_to_second_order",),
    ),
    CodeMutant(
        "c_sigma_relu",
        "models/deep_smooth.py",
        '{"relu": 2.0, "quadratic": 1 / 3}',
        '{"relu": 2.1, "quadratic": 1 / 3}',
        (U + "test_deep_smooth.py::test_c_sigma_against_scipy_quad",),
    ),
    # the engine: statistics and the judge
    CodeMutant(
        "refute_off_by_one",
        ST,
        "return stats.binom.sf(k - 1, n, delta) < level",
        "return stats.binom.sf(k, n, delta) < level",
        (TS + "test_one_sided_rate_tests_agree_with_scipy_binomtest",),
    ),
    CodeMutant(
        "support_level_doubled",
        ST,
        "return stats.binom.cdf(k, n, delta) <= level",
        "return stats.binom.cdf(k, n, delta) <= 2 * level",
        (U + "test_verdict_rules.py::test_forall_supports_only_at_the_bound_its_design_aims_at",),
    ),
    CodeMutant(
        "sequential_refute_off_by_one",
        SEQ,
        "r = np.flatnonzero(stats.binom.sf(k - 1, n, delta) < a)",
        "r = np.flatnonzero(stats.binom.sf(k, n, delta) < a)",
        ("tests/calibration/test_calibration_streams.py::test_streams_give_rates_with_exact_intervals_for_every_rule",),
    ),
    CodeMutant(
        "fit_interval_halved",
        ST,
        "half = stats.t.ppf(0.5 + confidence / 2, x.size - 2) * fit.stderr",
        "half = stats.t.ppf(0.5 + confidence / 4, x.size - 2) * fit.stderr",
        (TS + "test_scaling_judge",),
    ),
    CodeMutant(
        "failure_without_premise",
        J,
        'failed = premise & ~undecided & ~table["passed"]',
        'failed = ~undecided & ~table["passed"]',
        (U + "test_landscapes.py::test_the_octopus_claim_ends_where_its_integrator_cannot_go",),
    ),
    CodeMutant(
        "undecided_as_failure",
        J,
        'failed = premise & ~undecided & ~table["passed"]',
        'failed = premise & ~table["passed"]',
        (U + "test_landscapes.py::test_stable_manifold_mutant_is_refuted_at_a_large_d",),
    ),
    CodeMutant(
        "whp_missed_in_decision",
        J,
        "undecided=tally.undecided + missed)",
        "undecided=tally.undecided)",
        (TS + "test_whp_trials_outside_their_premise_neither_refute_nor_support",),
    ),
    CodeMutant(
        "exists_undecided_witness",
        J,
        "if tally.held - tally.failures - tally.undecided > 0:",
        "if tally.held - tally.failures > 0:",
        (TS + "test_exists_judge_is_never_refuted",),
    ),
    CodeMutant(
        "forall_counts_drawn",
        J,
        "if tally.held < design.max_trials:",
        "if tally.drawn < design.max_trials:",
        (U + "test_verdict_rules.py::test_a_vacuous_conditional_run_says_what_a_trial_outside_its_premise_is",),
    ),
    CodeMutant(
        "equal_holds_zero",
        J,
        "return Verdict.SUPPORTED if within and not fit.lo <= 0 <= fit.hi else",
        "return Verdict.SUPPORTED if within else",
        (TS + "test_scaling_judge",),
    ),
    CodeMutant(
        "scaling_with_undecided",
        J,
        "    if tally.undecided:  # a measurement",
        "    if False:  # a measurement",
        (U + "test_landscapes.py::test_the_octopus_claim_ends_where_its_integrator_cannot_go",),
    ),
    CodeMutant(
        "scaling_fits_outside_premise",
        J,
        'keep = table["premise_held"].astype(bool)',
        'keep = table["premise_held"].astype(bool) | True',
        (TS + "test_scaling_fits_only_the_trials_inside_the_premise",),
    ),
    CodeMutant(
        "at_most_from_lower_end",
        J,
        "return Verdict.SUPPORTED if fit.hi <= theory else Verdict.INCONCLUSIVE",
        "return Verdict.SUPPORTED if fit.lo <= theory else Verdict.INCONCLUSIVE",
        (TS + "test_scaling_judge",),
    ),
    # a trial's comparisons: tolerances and horizons
    CodeMutant(
        "pass_without_tolerance",
        OUT,
        "passed = value + tol <= bound",
        "passed = value <= bound",
        (U + "test_deep_smooth.py::test_lambda0_within_its_tolerance_is_undecided",),
    ),
    CodeMutant(
        "fail_without_tolerance",
        OUT,
        "failed = (value - tol > bound) | torch.isnan(value)",
        "failed = (value > bound) | torch.isnan(value)",
        (U + "test_deep_smooth.py::test_lambda0_within_its_tolerance_is_undecided",),
    ),
    CodeMutant(
        "lemma3_1_fail_within_tolerance",
        K,
        "failed = (~dev_ok & ~dev_near) | (~lmin_ok & ~lmin_near)",
        "failed = (~dev_ok) | (~lmin_ok & ~lmin_near)",
        (TB + "test_lemma3_1_deviation_equal_to_its_bound_is_undecided",),
    ),
    CodeMutant(
        "lemma3_2_certificate_slack",
        K,
        "certified = cert_margin > 0",
        "certified = cert_margin > -0.1",
        (TB + "test_lemma3_2_passes_only_where_its_certificate_proves_the_bound",),
    ),
    CodeMutant(
        "lemma3_2_adversary_outside",
        K,
        "violated = inside & (",
        "violated = (",
        (),
        equivalent="ball_adversaries moves each row by R(1 − 16·d·eps) < R: every adversary is inside",
    ),
    CodeMutant(
        "decay_fail_within_tolerance",
        C,
        "    violated = ~holds & ~near\n",
        "    violated = ~holds\n",
        (U + "test_verdict_rules.py::test_a_flow_whose_integrator_overflows_is_undecided_not_refuted",),
    ),
    CodeMutant(
        "radius_fail_within_tolerance",
        C,
        "return holds, ~holds & ~near, 1 - distance / bound",
        "return holds, ~holds, 1 - distance / bound",
        (
            TL + "test_decay_and_radius_are_undecided_within_their_tolerance",
            TB + "test_lemma3_3_distance_equal_to_r_prime_is_undecided",
        ),
    ),
    CodeMutant(
        "jh_judges_after_a_failed_step",
        JH,
        "    return torch.cat([torch.ones_like(passed[:1]), before[:-1].bool()])",
        "    return torch.ones_like(passed)",
        (TSR + "test_after_an_undecided_step_a_trajectory_verifies_nothing_more",),
    ),
    CodeMutant(
        "jh_rank_deficient_passes",
        JH,
        "    failed = failed | torch.full((batch,), rank_deficient, device=device)",
        "    failed = failed",
        ("tests/mutants/test_mutants.py::test_mutant_is_refuted_from_the_defaults",),
    ),
    CodeMutant(
        "jh_epochs_never_reached",
        JH,
        "    undecided = torch.isinf(t_fast) & torch.isinf(t_slow)",
        "    undecided = torch.isinf(t_fast) & torch.isinf(t_slow) & False",
        (TSR + "test_am_faster_is_undecided_where_neither_method_reaches_its_target",),
    ),
    CodeMutant(
        "du2018b_rate_without_allowance",
        B,
        "violated = ((res > bound * (1 + rel) + ab) & checked)",
        "violated = ((res > bound) & checked)",
        (U + "test_du2018b_trials.py",),
    ),
    CodeMutant(
        "du2018b_horizon_ignored",
        B,
        "    undecided = ~violated & (horizon_steps > res.shape[-1] - 1)",
        "    undecided = ~violated & False",
        (U + "test_du2018b_trials.py",),
    ),
    CodeMutant(
        "yuchen_witness_outside_premise",
        "claims/catalogue/yuchen1995/trials.py",
        "    verified = found.passed & found.premise_held",
        "    verified = found.passed",
        (),
        equivalent="counterexample_trial examines only candidates with distinct columns: passed implies it",
    ),
    CodeMutant(
        "kawaguchi_not_global",
        "claims/catalogue/kawaguchi2016/trials.py",
        "undecided=~passed & (near | ~global_min),",
        "undecided=~passed & near,",
        (TDL + "test_no_bad_minima_at_a_non_strict_saddle_is_undecided_not_refuted",),
    ),
    CodeMutant(
        "exp_rate_fail_within_tolerance",
        "claims/catalogue/clc2018/flow.py",
        "failed = (~ok_lo & ~near_lo & ~torch.isnan(lo)).any(0)",
        "failed = (~ok_lo & ~torch.isnan(lo)).any(0)",
        (TDL + "test_exp_rate_bracket_within_its_tolerance_of_the_bound_is_undecided",),
    ),
    CodeMutant(
        "exp_rate_nan_fails",
        "claims/catalogue/clc2018/flow.py",
        "failed = (~ok_lo & ~near_lo & ~torch.isnan(lo)).any(0)",
        "failed = (~ok_lo & ~near_lo).any(0)",
        (TDL + "test_exp_rate_euler_run_diverging_is_undecided_not_refuted",),
    ),
    CodeMutant(
        "exp_rate_rate_outside_premise",
        FL,
        "rate = torch.where(premise, alpha, torch.ones_like(alpha))",
        "rate = alpha",
        (TDL + "test_exp_rate_outside_its_premise_is_drawn_again_and_leaves_the_other_trials_alone",),
    ),
    CodeMutant(
        "exp_rate_rate_outside_premise_abs",
        FL,
        "rate = torch.where(premise, alpha, torch.ones_like(alpha))",
        "rate = torch.where(premise, alpha, alpha.abs())",
        (TDL + "test_exp_rate_outside_its_premise_is_drawn_again_and_leaves_the_other_trials_alone",),
    ),
    CodeMutant(
        "octopus_horizon_ignored",
        L + "du2017.py",
        "        undecided=~reached,",
        "        undecided=~reached & False,",
        (U + "test_landscapes.py::test_the_octopus_claim_ends_where_its_integrator_cannot_go",),
    ),
    CodeMutant(
        "escape_measured_at_the_cap",
        L + "jin2017.py",
        "        undecided=~reached,",
        "        undecided=~reached & False,",
        (U + "test_landscapes.py::test_an_escape_that_hits_max_steps_is_an_undecided_measurement",),
    ),
    CodeMutant(
        "thm4_1_horizon_ignored",
        GD,
        "undecided=~violated & ~(holds & reached),",
        "undecided=~violated & ~holds,",
        (U + "test_report_widths.py::test_the_experiment_leaves_out_exactly_the_gd_sweeps_that_cannot_decide",),
    ),
    CodeMutant(
        "cor4_1_horizon_ignored",
        GD,
        "undecided=out.undecided_mask() | (out.passed & (~reached | unsure)))",
        "undecided=out.undecided_mask() | (out.passed & (~reached & False | unsure)))",
        (TB + "test_cor4_1_is_undecided_where_its_horizon_was_not_reached",),
    ),
    CodeMutant(
        "lee_unconverged_fails",
        L + "lee2016.py",
        "undecided=~passed & ~at_saddle,",
        "undecided=~passed & False,",
        (U + "test_landscapes.py::test_unconverged_runs_are_undecided_not_failures",),
    ),
    CodeMutant(
        "soltanolkotabi_stuck_fails",
        L + "soltanolkotabi2017.py",
        "undecided=~passed & ~stuck,",
        "undecided=~passed & False,",
        (U + "test_landscapes.py::test_unconverged_runs_are_undecided_not_failures",),
    ),
    CodeMutant(
        "zhang_uncertified_fails",
        L + "zhang2017.py",
        "undecided=~passed & ~certified,",
        "undecided=~passed & False,",
        (U + "test_landscapes.py::test_unconverged_runs_are_undecided_not_failures",),
    ),
    CodeMutant(
        "arora_drop_ignored",
        L + "arora2019.py",
        "undecided=near | (passed & (2 * eps > drop)),",
        "undecided=near,",
        (U + "test_landscapes.py::test_arora_tolerance_as_wide_as_the_drop_leaves_the_trial_undecided",),
    ),
    CodeMutant(
        "arora_reversal_without_tolerance",
        L + "arora2019.py",
        "failed = compare_at_least(area_fast - area_slow - tail_slow, 0.0, tol)[0]",
        "failed = compare_at_least(area_fast - area_slow - tail_slow, 0.0, 0.0)[0]",
        (U + "test_landscapes.py::test_arora_label_speed_decides_the_order_of_the_areas_three_ways",),
    ),
    CodeMutant(
        "arora_gap_without_tolerance",
        L + "arora2019.py",
        "passed = compare_at_least(area_slow - area_fast - tail_fast, 0.0, tol)[0]",
        "passed = compare_at_least(area_slow - area_fast - tail_fast, 0.0, 0.0)[0]",
        (U + "test_landscapes.py::test_arora_label_speed_decides_the_order_of_the_areas_three_ways",),
    ),
    # the thin families (stop 58): ext, clc2018's invariants and critical values, kawaguchi2016, du2018a's fig1 and
    # ntk_drift
    CodeMutant(
        "ext_tolerance_dropped",
        EXT,
        "passed = torch.where(predicted, lam <= tol, positive)",
        "passed = torch.where(predicted, lam <= 0, positive)",
        ("tests/claims/test_claims.py::test_claim_is_supported[cpu-ext.lambda0_characterization]",),
    ),
    CodeMutant(
        "ext_positive_within_rounding_fails",
        EXT,
        "undecided = ~predicted & near",
        "undecided = ~predicted & near & False",
        (TE + "test_a_positive_prediction_within_rounding_of_zero_is_undecided",),
    ),
    CodeMutant(
        "ext_pairs_parallel",
        EXT,
        "torch.cat([V, -V, Z], 1)",
        "torch.cat([V, V, Z], 1)",
        (
            (
                "tests/mutants/test_mutants.py::test_mutant_is_refuted_from_the_defaults[ext.lambda0_characterization"
                ":any_pair]"
            ),
        ),
    ),
    CodeMutant(
        "ext_dependence_not_forced",
        EXT,
        "torch.full_like(dep, d < P)",
        "torch.full_like(dep, False)",
        (TE + "test_more_pairs_than_dimensions_are_always_dependent",),
    ),
    CodeMutant(
        "ext_dependent_not_a_combination",
        EXT,
        "last = unit((c * V[:, :-1]).sum(-2), dim=-1)",
        "last = unit((c * V[:, :-1]).sum(-2) + 1e-3 * V[:, -1], dim=-1)",
        ("tests/claims/test_claims.py::test_claim_is_supported[cpu-ext.lambda0_characterization]",),
    ),
    CodeMutant(
        "invariants_bound_one_layer",
        FL,
        "bound = grad_sq[:, 1:] + grad_sq[:, :-1]",
        "bound = grad_sq[:, 1:]",
        ("tests/claims/test_claims.py::test_claim_is_supported[cpu-clc2018.invariants]",),
    ),
    CodeMutant(
        "invariants_one_step_rounding",
        FL,
        "tol = 16 * steps * max(dims)",
        "tol = 16 * max(dims)",
        (TDL + "test_invariants_below_their_rounding_are_undecided_not_refuted",),
    ),
    CodeMutant(
        "invariants_without_tolerance",
        FL,
        "ok, near = compare_at_most(drift, bound, tol[:, None])",
        "ok, near = compare_at_most(drift, bound, 0 * tol[:, None])",
        (TDL + "test_invariants_below_their_rounding_are_undecided_not_refuted",),
    ),
    CodeMutant(
        "invariants_overflow_read",
        FL,
        "passed, undecided = undecided_unless(finite, passed, undecided)",
        "passed, undecided = passed, undecided",
        (TVR + "test_identities_that_hold_at_every_step_are_not_refuted_by_overflow[clc2018.invariants-params2]",),
    ),
    CodeMutant(
        "gd_grad_sq_times_eta",
        DL,
        "* eta_t.reshape(-1, 1) ** 2",
        "* eta_t.reshape(-1, 1)",
        (TDL + "test_gd_accumulates_eta_squared_gradient_norms_per_layer",),
    ),
    CodeMutant(
        "invariant_sum_not_difference",
        DL,
        "return [Ws[j + 1].mT @ Ws[j + 1] - Ws[j] @ Ws[j].mT for",
        "return [Ws[j + 1].mT @ Ws[j + 1] + Ws[j] @ Ws[j].mT for",
        (TDL + "test_invariant_step_change_is_exactly_eta_squared_term",),
    ),
    CodeMutant(
        "critical_uncertified_fails",
        CR,
        "shape_near = ~global_min & ~certified & ~e.strict_minimum",
        "shape_near = ~global_min & ~certified & ~e.strict_minimum & False",
        (TDL + "test_saddles_without_a_certified_descent_are_undecided",),
    ),
    CodeMutant(
        "critical_global_min_unchecked",
        CR,
        "shape_ok = torch.where(global_min, no_negative, certified)",
        "shape_ok = torch.where(global_min, True, certified)",
        (),
        equivalent="a point with L = 0 (check (b)) is a global minimum: no verified negative eigenvalue there",
    ),
    CodeMutant(
        "critical_clause_at_equal_ranks",
        CR,
        "clause = (r_Z > r_R) & ~global_min & held",
        "clause = (r_Z >= r_R) & ~global_min & held",
        ("tests/claims/test_claims.py::test_claim_is_supported[cpu-clc2018.critical_values]",),
    ),
    CodeMutant(
        "critical_near_outside_the_clause",
        CR,
        "curv_ok, curv_near = ~clause | curv_ok, clause & curv_near",
        "curv_ok, curv_near = ~clause | curv_ok, curv_near",
        (),
        equivalent="outside the clause curv_ok is True; all_three_way reads undecided only where a check failed",
    ),
    CodeMutant(
        "critical_rz_one_factor_too_many",
        CR,
        "_rank(dl.product(Ws, 1, len(dims) - 2))",
        "_rank(dl.product(Ws, 1, len(dims) - 1))",
        (
            "tests/mutants/test_mutants.py::test_mutant_is_refuted_from_the_defaults"
            "[clc2018.critical_values:saddles_second_order_minima]",
        ),
    ),
    CodeMutant(
        "critical_value_tolerance_100x_tighter",
        CR,
        "(loss_err <= 1, torch.zeros_like(e.critical))",
        "(loss_err <= 0.01, torch.zeros_like(e.critical))",
        ("tests/claims/test_claims.py::test_claim_is_supported[cpu-clc2018.critical_values]",),
    ),
    CodeMutant(
        "critical_descent_along_fitted",
        CR,
        "u = dl.flatten(dl.critical_point(torch.ones_like(S), unfit.to(dtype), dims))",
        "u = dl.flatten(dl.critical_point(torch.ones_like(S), keep, dims))",
        ("tests/claims/test_claims.py::test_claim_is_supported[cpu-clc2018.critical_values]",),
    ),
    CodeMutant(
        "kawaguchi_uncertified_fails",
        KW,
        "deep = all_three_way((ed.critical, no), (zero_hessian, no), (okd, ~okd))",
        "deep = all_three_way((ed.critical, no), (zero_hessian, no), (okd, no))",
        (TDL + "test_saddles_without_a_certified_descent_are_undecided",),
    ),
    CodeMutant(
        "kawaguchi_zero_hessian_unchecked",
        KW,
        "deep = all_three_way((ed.critical, no), (zero_hessian, no), (okd, ~okd))",
        "deep = all_three_way((ed.critical, no), (okd, ~okd))",
        (),
        equivalent="the Hessian at W = 0 of a product of three or more factors is exactly 0 (its tolerance too)",
    ),
    CodeMutant(
        "kawaguchi_descent_without_first_layer",
        KW,
        "                W[:, 0, :] = v\n",
        "                W[:, 0, :] = 0 * v\n",
        ("tests/claims/test_claims.py::test_claim_is_supported[cpu-kawaguchi2016.nonstrict_saddle]",),
    ),
    CodeMutant(
        "kawaguchi_shallow_unchecked",
        KW,
        "passed, undecided = all_three_way(shallow, deep)",
        "passed, undecided = all_three_way(deep)",
        (),
        equivalent="for the Gaussian X, Y drawn, λ_min(∇²L(0)) = −σ₁(YXᵀ) is far below −eig_tol: the check cannot fail",
    ),
    CodeMutant(
        "kawaguchi_strict_saddle_in_premise",
        KW,
        "premise = e.critical & (e.eig_min >= -e.eig_tol)",
        "premise = e.critical",
        (TDL + "test_no_bad_minima_at_a_non_strict_saddle_is_undecided_not_refuted",),
    ),
    CodeMutant(
        "kawaguchi_rank_widest_hidden",
        KW,
        "r = min(dims[1:-1])",
        "r = max(dims[1:-1])",
        (TDL + "test_no_bad_minima_takes_the_narrowest_hidden_width_as_the_rank",),
    ),
    CodeMutant(
        "kawaguchi_gap_past_the_last_value",
        KW,
        "dl.gap_scale(X, Y, q)",
        'dl.gap_scale(X, Y, r + p["rank_offset"])',
        (TDL + "test_no_bad_minima_runs_where_the_bottleneck_constrains_no_rank",),
    ),
    CodeMutant(
        "fig1_speed_without_plus_one",
        F1,
        "bound = (1 + slack) * earlier + 1",
        "bound = (1 + slack) * earlier",
        (TL + "test_fig1_speed_reads_a_censored_k_star_as_a_lower_bound",),
    ),
    CodeMutant(
        "fig1_censored_never_fails",
        F1,
        "(late_cut & (bound < steps + 1))",
        "(late_cut & False)",
        (TL + "test_fig1_speed_reads_a_censored_k_star_as_a_lower_bound",),
    ),
    CodeMutant(
        "fig1_distance_not_judged",
        F1,
        ", (dist_passed, dist_open))",
        ")",
        (TL + "test_fig1_each_finding_alone_decides_a_failure",),
    ),
    CodeMutant(
        "fig1_patterns_not_judged",
        F1,
        "(speed_passed, speed_open), (pat_passed, pat_open),",
        "(speed_passed, speed_open),",
        (TL + "test_fig1_each_finding_alone_decides_a_failure",),
    ),
    CodeMutant(
        "fig1_distance_without_rounding",
        F1,
        "_trend(sign, dist, norm_tolerance(dtype))",
        "_trend(sign, dist, 0.0)",
        (TL + "test_fig1_each_finding_alone_decides_a_failure",),
    ),
    CodeMutant(
        "fig1_zero_pairs_fail",
        F1,
        "failed = (~ordered & ~zeros).any(-1)",
        "failed = (~ordered).any(-1)",
        (TL + "test_fig1_trend_decides_counts_two_ways_and_norms_three_ways",),
    ),
    CodeMutant(
        "fig1_k_star_at_equality",
        F1,
        '(res > p["loss_drop"] * res[..., :1])',
        '(res >= p["loss_drop"] * res[..., :1])',
        (),
        equivalent="a residual exactly equal to loss_drop·‖u_0 − y‖² in float64: no run reaches it",
    ),
    CodeMutant(
        "ntk_zero_drift_enters_the_fit",
        K,
        "undecided=value <= 0)",
        "undecided=value < 0)",
        (TL + "test_ntk_drift_is_the_sup_over_the_whole_run_of_plain_gd",),
    ),
    CodeMutant(
        "ntk_drift_step_from_the_wrong_eigenvalue",
        K,
        "symeig.eigvalsh(two_layer.h_infinity(X))[-1]",
        "symeig.eigvalsh(two_layer.h_infinity(X))[-2]",
        (TL + "test_ntk_drift_is_the_sup_over_the_whole_run_of_plain_gd",),
    ),
    CodeMutant(
        "ntk_drift_first_step_only",
        K,
        "return traj.kernel_drift.amax(-1)",
        "return traj.kernel_drift[..., 1]",
        (TL + "test_ntk_drift_is_the_sup_over_the_whole_run_of_plain_gd",),
    ),
    CodeMutant(
        "ntk_every_width_the_smallest",
        K,
        "value[sel] = measure(instance, m, generator, device, dtype, int(sel.sum()))",
        "value[sel] = measure(instance, grid[0], generator, device, dtype, int(sel.sum()))",
        ("tests/claims/test_claims.py::test_claim_is_supported[cpu-du2018a.ntk_constancy]",),
    ),
    # the engine's shared primitives (stop 58): models.numerics, the witness, the width fit, the threshold fit
    CodeMutant(
        "numerics_all_three_way_all",
        NU,
        "failed = torch.stack([~torch.as_tensor(p) & ~torch.as_tensor(u) for p, u in checks]).any(0)",
        "failed = torch.stack([~torch.as_tensor(p) & ~torch.as_tensor(u) for p, u in checks]).all(0)",
        (TDL + "test_deep_strict_mutant_fails_on_an_exactly_zero_hessian",),
    ),
    CodeMutant(
        "numerics_undecided_unless_passes_nonfinite",
        NU,
        "return passed & finite, undecided | ~finite",
        "return passed, undecided | ~finite",
        (U + "test_landscapes.py::test_strict_signs_are_three_way",),
    ),
    CodeMutant(
        "numerics_compare_err_ignored_for_violation",
        NU,
        "violated = lhs - err > rhs + tol",
        "violated = lhs + err > rhs + tol",
        (U + "test_dynamics.py::test_compare_at_most_is_three_way",),
    ),
    CodeMutant(
        "numerics_decide_negative_strict_fail",
        NU,
        "failed = (value >= tol) | torch.isnan(value)",
        "failed = (value > tol) | torch.isnan(value)",
        (TDL + "test_deep_strict_mutant_fails_on_an_exactly_zero_hessian",),
    ),
    CodeMutant(
        "numerics_decide_negative_nan_undecided",
        NU,
        "failed = (value >= tol) | torch.isnan(value)",
        "failed = value >= tol",
        (U + "test_landscapes.py::test_strict_signs_are_three_way",),
    ),
    CodeMutant(
        "numerics_flow_error_before_ignored",
        NU,
        "err = 2 * change if before is None else 2 * torch.maximum(change, before)",
        "err = 2 * change",
        (U + "test_dynamics.py::test_flow_error_is_the_largest_of_two_changes_and_the_floor",),
    ),
    CodeMutant(
        "numerics_eig_tol_no_n",
        NU,
        'return 8 * H.shape[-1] * eps * torch.linalg.matrix_norm(H, "fro")',
        'return 8 * eps * torch.linalg.matrix_norm(H, "fro")',
        (TL + "test_thm3_1_leaves_a_lambda0_within_rounding_undecided_and_refutes_only_an_exact_null_vector",),
    ),
    CodeMutant(
        "numerics_eig_tol_source_ignored",
        NU,
        "eps = eps_of(H.dtype, source_dtype)",
        "eps = eps_of(H.dtype)",
        (TVR + "test_a_constructed_point_whose_factors_are_inf_is_undecided_not_raised",),
    ),
    CodeMutant(
        "witness_drop_gt_0",
        WI,
        "return drop > 1, drop",
        "return drop > 0, drop",
        (TWI + "test_a_descent_below_the_loss_rounding_is_not_certified",),
    ),
    CodeMutant(
        "witness_first_step_only",
        WI,
        "drop = (base - vals.amin(-1)) / loss_tolerance(base)",
        "drop = (base - vals[..., 0]) / loss_tolerance(base)",
        (TWI + "test_a_descent_below_the_loss_rounding_is_not_certified",),
    ),
    CodeMutant(
        "witness_grad_src_ignored",
        WI,
        "gt = grad_rounding_tol(x64, fro, value, src)",
        "gt = grad_rounding_tol(x64, fro, value)",
        (TVR + "test_a_constructed_point_whose_factors_are_inf_is_undecided_not_raised",),
    ),
    CodeMutant(
        "witness_eig_src_ignored",
        WI,
        "eig_tolerance(H, src), fro, gt)",
        "eig_tolerance(H), fro, gt)",
        (TVR + "test_a_constructed_point_whose_factors_are_inf_is_undecided_not_raised",),
    ),
    CodeMutant(
        "witness_overflow_finite",
        WI,
        "eig = torch.where(finite[..., None], eig, torch.full_like(eig, math.nan))",
        "eig = eig",
        (TWI + "test_a_hessian_past_float64s_range_is_refused_or_marked_never_decided",),
    ),
    CodeMutant(
        "width_fit_undecided_not_counted",
        WF,
        'fails = np.array([p["failures"] + p.get("undecided", 0) for p in points])',
        'fails = np.array([p["failures"] for p in points])',
        (TWF + "test_the_bootstrap_counts_undecided_trials_with_the_failures",),
    ),
    CodeMutant(
        "width_fit_no_grid_censoring",
        WF,
        "y = lo + rng.random(lo.shape) * (hi - lo)",
        "y = (lo + hi) / 2",
        (TWF + "test_equal_m_star_never_gives_a_zero_width_interval",),
    ),
    CodeMutant(
        "width_fit_arithmetic_bisection",
        WF,
        "mid = round(math.sqrt(lo * hi))",
        "mid = round((lo + hi) / 2)",
        (TWF + "test_bracket_and_next_width",),
    ),
    CodeMutant(
        "width_fit_no_dof",
        WF,
        "if len(found) < k + 2:",
        "if len(found) < k + 1:",
        (TWF + "test_too_few_rows_or_collinear_gives_none",),
    ),
    CodeMutant(
        "width_fit_open_below_same",
        WF,
        "return (float(max(below)) if below else hi / open_ratio, float(hi))",
        "return (float(max(below)) if below else hi, float(hi))",
        (TWF + "test_bracket_and_next_width",),
    ),
    CodeMutant(
        "width_fit_rate_no_pseudo",
        WF,
        "rate = np.broadcast_to((fails + 0.5) / (trials + 1), (replicates, m.size))",
        "rate = np.broadcast_to(fails / trials, (replicates, m.size))",
        (U + "test_widths_merge.py::test_each_shipped_merge_is_its_parts_merged_again",),
    ),
    CodeMutant(
        "threshold_cut_no_half",
        TH,
        "cut = best - stats.chi2.ppf(confidence, 1) / 2",
        "cut = best - stats.chi2.ppf(confidence, 1)",
        (TR + "test_threshold_fit_under_separation_and_without_a_straddle",),
    ),
    CodeMutant(
        "threshold_gap_end",
        TH,
        "i = top[top.size // 2]",
        "i = top[0]",
        (TR + "test_threshold_fit_under_separation_and_without_a_straddle",),
    ),
    CodeMutant(
        "threshold_z95",
        TH,
        "Z90 = float(stats.norm.ppf(0.9))",
        "Z90 = float(stats.norm.ppf(0.95))",
        (TR + "test_threshold_fit_reads_the_transition_as_the_span_from_10_to_90_percent",),
    ),
    CodeMutant(
        "threshold_sigma_first",
        TH,
        "j = int(np.argmax(ll[i]))",
        "j = 0",
        (TR + "test_threshold_fit_reads_the_transition_as_the_span_from_10_to_90_percent",),
    ),
    # the draws, the theories' widths and du2018b's λ0 decision (stop 58)
    CodeMutant(
        "preactivations_box_muller_half_variance",
        PA,
        "rho = scratch[:half].copy_(u1).neg_().add_(1).log_().mul_(-2).sqrt_()",
        "rho = scratch[:half].copy_(u1).neg_().add_(1).log_().mul_(-1).sqrt_()",
        (U + "test_preactivations.py::test_standard_normal_has_the_standard_normal_law_and_is_reproducible",),
    ),
    CodeMutant(
        "preactivations_box_muller_half_circle",
        PA,
        "u2.mul_(2 * math.pi)",
        "u2.mul_(math.pi)",
        (TPL + "[cpu-d>n]",),
    ),
    CodeMutant(
        "preactivations_factor_abs",
        PA,
        'return torch.linalg.qr(X.transpose(-1, -2), mode="r").R',
        'return torch.linalg.qr(X.transpose(-1, -2), mode="r").R.abs()',
        (TPL + "[cpu-singular_XXt_d<n]",),
    ),
    CodeMutant(
        "preactivations_sign_block_short",
        PA,
        "part = Z[..., start : start + rows, :]",
        "part = Z[..., start : start + rows, :][..., : max(rows - 1, 1), :]",
        (U + "test_preactivations.py::test_signs_in_row_blocks_are_the_signs_of_the_whole_product",),
    ),
    CodeMutant(
        "width_theories_bernstein_third_halved",
        WT,
        "return math.ceil(2 * (p.variance + p.upper * t / 3) * math.log(2 * p.n / delta) / t**2)",
        "return math.ceil(2 * (p.variance + p.upper * t / 6) * math.log(2 * p.n / delta) / t**2)",
        (TWT + "test_width_formula_against_the_tail[8-16-0.01]",),
    ),
    CodeMutant(
        "width_theories_upper_smallest",
        WT,
        "upper = float(symeig.eigvalsh(X @ X.T)[-1])",
        "upper = float(symeig.eigvalsh(X @ X.T)[0])",
        (TWT + "test_width_formula_against_the_tail[8-16-0.01]",),
    ),
    CodeMutant(
        "width_theories_song_yang_cube",
        WT,
        "return n**4 * math.log(n / delta) ** 3 / lam0**4",
        "return n**3 * math.log(n / delta) ** 3 / lam0**4",
        (TWT + "test_theory_widths_orders",),
    ),
    CodeMutant(
        "width_theories_second_moment_angle",
        WT,
        "return (0.5 - theta / (4 * math.pi)) * (G @ G)",
        "return (0.5 - theta / (2 * math.pi)) * (G @ G)",
        (TWT + "test_second_moment_matches_monte_carlo",),
    ),
    CodeMutant(
        "du2018b_certificate_ignored",
        B,
        "passed, undecided = lambda0_decision(lam, tol, certified)",
        "passed, undecided = lambda0_decision(lam, tol, certified & False)",
        (
            (
                "tests/mutants/test_mutants.py::test_mutant_is_refuted_from_the_defaults[du2018b.lambda0_positive:qua"
                "dratic]"
            ),
        ),
    ),
    # the integrators, yuchen1995's judgement and jh2019's scope of steps (stop 58)
    CodeMutant(
        "dynamics_rk4_frozen_third_stage_full",
        DY,
        "g3 = gradient(W - h / 2 * g2)",
        "g3 = gradient(W - h * g2)",
        (U + "test_dynamics.py::test_flow_with_a_frozen_is_the_rk4_of_w_alone_and_leaves_a0_as_it_was",),
    ),
    CodeMutant(
        "dynamics_rk4_weights",
        DY,
        "W = W + h / 6 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0])",
        "W = W + h / 6 * (k1[0] + 2 * k2[0] + k3[0] + 2 * k4[0])",
        (U + "test_dynamics.py::test_rk4_with_a_trained_is_fourth_order_where_no_pattern_changes",),
    ),
    CodeMutant(
        "dynamics_flow_before_never_set",
        DY,
        "        before = diff\n",
        "        before = None\n",
        (U + "test_dynamics.py::test_flow_error_keeps_the_change_of_the_earlier_halving",),
    ),
    CodeMutant(
        "dynamics_flow_no_floor",
        DY,
        "prev, error = cur, flow_error(diff, before, tol * den)",
        "prev, error = cur, flow_error(diff, before)",
        (U + "test_dynamics.py::test_flow_error_estimate_covers_a_fine_run_across_kinks",),
    ),
    CodeMutant(
        "yuchen_morse_bott_passes",
        YC,
        'undecided=undecided,\n        details={"loss": loss.to(dtype), "class"',
        'undecided=undecided & False,\n        details={"loss": loss.to(dtype), "class"',
        (U + "test_yuchen1995_minima.py::test_search_outcome_fails_only_at_proven_bad_minima",),
    ),
    CodeMutant(
        "yuchen_core_ill_conditioned_decided",
        YC,
        "undecided=tol > 0.1,",
        "undecided=tol > 1e9,",
        (U + "test_yuchen1995_minima.py::test_core_bound_is_undecided_where_h_is_too_close_to_singular",),
    ),
    CodeMutant(
        "yuchen_core_bound_no_rounding",
        YC,
        'bound = ratio / (p["bound_factor"] * (1 + tol))',
        'bound = ratio / p["bound_factor"]',
        (U + "test_report_yuchen1995.py::test_core_section_renders",),
    ),
    CodeMutant(
        "jh2019_scope_ignores_failures",
        JT,
        "scope = in_scope(passed_t & judged_t)",
        "scope = in_scope(judged_t)",
        (TSR + "test_after_an_undecided_step_a_trajectory_verifies_nothing_more",),
    ),
    CodeMutant(
        "jh2019_unjudged_first_step_passes",
        JT,
        "undecided = ~failed & ((undecided_t & scope).any(0) | ~judged_t[0])",
        "undecided = ~failed & (undecided_t & scope).any(0)",
        (TSR + "test_after_an_undecided_step_a_trajectory_verifies_nothing_more",),
    ),
    CodeMutant(
        "jh2019_scope_includes_current_step",
        JT,
        "return torch.cat([torch.ones_like(passed[:1]), before[:-1].bool()])",
        "return before.bool()",
        (TSR + "test_after_an_undecided_step_a_trajectory_verifies_nothing_more",),
    ),
    # ge2016's judgement of an end point and the teacher-student population loss (stop 58)
    CodeMutant(
        "ge2016_fail_unverified_global",
        GE,
        "a_failed = in_premise & ~ok & ~near & verified_global",
        "a_failed = in_premise & ~ok & ~near",
        (TLS + "test_matrix_factorization_judges_its_end_point_three_ways",),
    ),
    CodeMutant(
        "ge2016_strict_saddle_in_premise",
        GE,
        "in_premise = e.critical & (e.eig_min >= -e.eig_tol)",
        "in_premise = e.critical",
        (TLS + "test_matrix_factorization_judges_its_end_point_three_ways",),
    ),
    CodeMutant(
        "ge2016_uncritical_passes",
        GE,
        "a_passed = e.critical & (~in_premise | ok)",
        "a_passed = ~in_premise | ok",
        (TLS + "test_matrix_factorization_judges_its_end_point_three_ways",),
    ),
    CodeMutant(
        "teacher_student_grad_half",
        TSM,
        "return cross + W / 2 - _dg(W, V)",
        "return cross + W / 2.5 - _dg(W, V)",
        (TTS + "test_closed_form_gradient_matches_autograd_of_monte_carlo_and_of_closed_form",),
    ),
    CodeMutant(
        "teacher_student_self_diag",
        TSM,
        "torch.diag_embed(A.square().sum(-1) / 2)",
        "torch.diag_embed(A.square().sum(-1) / 2.5)",
        (TTS + "test_teacher_is_a_global_minimum",),
    ),
    # models/datasets: the real data pools
    CodeMutant(
        "datasets_parallel_tol_source_dropped",
        DS,
        "return 4 * d * float(np.finfo(np.float64).eps) + t * t / 2",
        "return 4 * d * float(np.finfo(np.float64).eps)",
        (TDS + "test_rows_parallel_within_the_files_own_rounding_are_refused",),
    ),
    CodeMutant(
        "datasets_parallel_tol_zero",
        DS,
        "if X.shape[0] >= 2 and 1 - c <= tol:",
        "if X.shape[0] >= 2 and 1 - c < 0:",
        (TDS + "test_a_bad_users_file_is_one_clear_error_naming_data_file",),
    ),
    CodeMutant(
        "datasets_antiparallel_missed",
        DS,
        "c = (X[start : start + block] @ X.T).abs()",
        "c = (X[start : start + block] @ X.T)",
        (TDS + "test_a_bad_users_file_is_one_clear_error_naming_data_file",),
    ),
    CodeMutant(
        "datasets_closest_row_in_block",
        DS,
        "best = (min(start + i, j), max(start + i, j), value)",
        "best = (min(i, j), max(i, j), value)",
        (TDS + "test_closest_pair_across_blocks_names_the_rows_of_the_pool",),
    ),
    CodeMutant(
        "datasets_norm_tol_rows",
        DS,
        "tol = 4 * X.shape[1] * eps  # the rounding",
        "tol = 4 * X.shape[0] * eps  # the rounding",
        (TDS + "test_a_bad_users_file_is_one_clear_error_naming_data_file",),
    ),
    CodeMutant(
        "datasets_file_eps_float64",
        DS,
        "eps = float(np.finfo(X.dtype).eps) if",
        "eps = float(np.finfo(np.float64).eps) if",
        (TDS + "test_rows_parallel_within_the_files_own_rounding_are_refused",),
    ),
    CodeMutant(
        "datasets_last_rows",
        DS,
        "idx = keys.argsort(dim=-1, stable=True)[..., :n]",
        "idx = keys.argsort(dim=-1, stable=True)[..., -n:]",
        (TDS + "test_digits_draw_the_same_rows_bit_for_bit_for_one_seed_without_replacement",),
    ),
    CodeMutant(
        "datasets_keys_in_run_dtype",
        DS,
        "keys = torch.rand(*batch, pool.rows, generator=generator, dtype=torch.float64, device=device)",
        "keys = torch.rand(*batch, pool.rows, generator=generator, dtype=dtype, device=device)",
        (TDS + "test_digits_draw_the_same_rows_bit_for_bit_for_one_seed_without_replacement",),
    ),
    CodeMutant(
        "datasets_sort_not_stable",
        DS,
        "idx = keys.argsort(dim=-1, stable=True)[..., :n]",
        "idx = keys.argsort(dim=-1)[..., :n]",
        (),
        equivalent="two of N float64 uniform keys tie with probability about N²·2⁻⁵³: no draw has a tie to break",
    ),
    CodeMutant(
        "datasets_labels_parity",
        DS,
        "np.where(np.asarray(bunch.target) % 2 == 0, 1.0, -1.0)",
        "np.where(np.asarray(bunch.target) % 2 == 1, 1.0, -1.0)",
        (TDS + "test_digits_pool_is_sklearns_digits_with_unit_rows_and_parity_labels",),
    ),
    # models/coefficient_gd: GD in prediction space
    CodeMutant(
        "coefficient_gd_distance_unclamped",
        CGD,
        "distance = (CG * C).sum(-1).clamp_min(0).sqrt().amax(-1)",
        "distance = (CG * C).sum(-1).sqrt().amax(-1)",
        (TCG + "test_distance_of_a_row_that_rounds_below_zero_is_zero",),
    ),
    CodeMutant(
        "coefficient_gd_count_gt",
        CGD,
        "changed = ((P >= 0) != (P0 >= 0)).to(P.dtype).mean((-2, -1))",
        "changed = ((P > 0) != (P0 > 0)).to(P.dtype).mean((-2, -1))",
        (TCG + "test_a_pre_activation_exactly_zero_is_active_as_in_the_plain_run",),
    ),
    CodeMutant(
        "coefficient_gd_step_gt",
        CGD,
        "torch.where(torch.ge(P, 0, out=active), step, zero, out=buf)",
        "torch.where(torch.gt(P, 0, out=active), step, zero, out=buf)",
        (TCG + "test_a_pre_activation_exactly_zero_is_active_as_in_the_plain_run",),
    ),
    CodeMutant(
        "coefficient_gd_drift_signed",
        CGD,
        "symeig.eigvalsh(H - H0).abs().amax(-1)",
        "symeig.eigvalsh(H - H0).amax(-1)",
        (TCG + "test_matches_plain_gradient_descent_to_rounding",),
    ),
    CodeMutant(
        "coefficient_gd_last_step_unrecorded",
        CGD,
        "if (track and k % every == 0) or k == steps:",
        "if (track and k % every == 0):",
        (TCG + "test_untracked_run_records_the_first_and_the_last_step_only",),
    ),
    CodeMutant(
        "coefficient_gd_final_residual_stale",
        CGD,
        "u = (torch.relu(P).transpose(-1, -2) @ a).squeeze(-1)",
        "u = (torch.relu(P0).transpose(-1, -2) @ a).squeeze(-1)",
        (TCG + "test_matches_plain_gradient_descent_to_rounding",),
    ),
    CodeMutant(
        "coefficient_gd_gram_width",
        CGD,
        "return G * (S.transpose(-1, -2) @ S) / m",
        "return G * (S.transpose(-1, -2) @ S) / (m - 1)",
        (TCG + "test_matches_plain_gradient_descent_to_rounding",),
    ),
    # du2018b's rate, step, width and premises
    CodeMutant(
        "du2018b_rate_floor_allowance_dropped",
        B,
        "violated = ((res > bound * (1 + rel) + ab) & checked)",
        "violated = ((res > bound * (1 + rel)) & checked)",
        (TDB + "test_at_the_rounding_floor_the_absolute_allowance_decides",),
    ),
    CodeMutant(
        "du2018b_rate_nan_not_violation",
        B,
        ").any(-1) | ~torch.isfinite(res).all(-1)",
        ").any(-1)",
        (TDB + "test_a_non_finite_residual_is_a_violation_with_margin_minus_infinity",),
    ),
    CodeMutant(
        "du2018b_rate_nan_margin_best",
        B,
        "margin = nan_as_worst(ratio.amin(-1) - 1)",
        "margin = torch.nan_to_num(ratio.amin(-1) - 1, nan=math.inf)",
        (TDB + "test_a_non_finite_residual_is_a_violation_with_margin_minus_infinity",),
    ),
    CodeMutant(
        "du2018b_horizon_floor",
        B,
        'horizon_steps = torch.ceil(p["horizon"] / (eta * lam))',
        'horizon_steps = torch.floor(p["horizon"] / (eta * lam))',
        (TDB + "test_each_trial_runs_to_its_own_horizon_k_the_least_with_k_eta_lambda_at_least_horizon",),
    ),
    CodeMutant(
        "du2018b_run_to_smallest_horizon",
        B,
        'steps = int(min(float(horizon_steps.max()), p["max_steps"]))',
        'steps = int(min(float(horizon_steps.min()), p["max_steps"]))',
        (TDB + "test_each_trial_runs_to_its_own_horizon_k_the_least_with_k_eta_lambda_at_least_horizon",),
    ),
    CodeMutant(
        "du2018b_practical_step_second_eigenvalue",
        B,
        '(deep_smooth_net.ntk(X, net, p["activation"]))[..., -1], False',
        '(deep_smooth_net.ntk(X, net, p["activation"]))[..., -2], False',
        (TDB + "test_each_trial_runs_to_its_own_horizon_k_the_least_with_k_eta_lambda_at_least_horizon",),
    ),
    CodeMutant(
        "du2018b_gram_gap_frobenius",
        B,
        "gap = torch.linalg.matrix_norm(G - K, 2)",
        'gap = torch.linalg.matrix_norm(G - K, "fro")',
        (TDB + "test_gram_init_runs_at_the_stated_width_and_measures_the_operator_norm",),
    ),
    CodeMutant(
        "du2018b_gram_width_n",
        B,
        "return const * doubling * n * n * math.log(depth * n / delta) / lam0**2",
        "return const * doubling * n * math.log(depth * n / delta) / lam0**2",
        (TDB + "test_gram_init_runs_at_the_stated_width_and_measures_the_operator_norm",),
    ),
    CodeMutant(
        "du2018b_gram_width_log_depth",
        B,
        "return const * doubling * n * n * math.log(depth * n / delta) / lam0**2",
        "return const * doubling * n * n * math.log(n / delta) / lam0**2",
        (TDB + "test_gram_init_runs_at_the_stated_width_and_measures_the_operator_norm",),
    ),
    CodeMutant(
        "du2018b_gram_width_floor",
        B,
        'return X, K, lam0, p["m"] or math.ceil(width)',
        'return X, K, lam0, p["m"] or math.floor(width)',
        (TDB + "test_gram_init_runs_at_the_stated_width_and_measures_the_operator_norm",),
    ),
    CodeMutant(
        "du2018b_gram_max_width_excluded",
        B,
        'if width > p["max_width"]:',
        'if width >= p["max_width"]:',
        (TDB + "test_gram_init_runs_a_set_width_equal_to_max_width",),
    ),
    CodeMutant(
        "du2018b_premise_m_equal_n",
        B,
        "    if m < n:\n        out.append(",
        "    if m <= n:\n        out.append(",
        (TDB + "test_thm5_1_premises_name_a_width_below_n_and_a_step_past_the_stability_limit_at_their_edges",),
    ),
    CodeMutant(
        "du2018b_premise_step_limit_4",
        B,
        'if p["eta"] * top > 2:',
        'if p["eta"] * top > 4:',
        (TDB + "test_thm5_1_premises_name_a_width_below_n_and_a_step_past_the_stability_limit_at_their_edges",),
    ),
    CodeMutant(
        "du2018b_premise_scale_at_limit",
        B,
        'if p["eta_scale"] > 2:',
        'if p["eta_scale"] >= 2:',
        (TDB + "test_thm5_1_premises_name_a_width_below_n_and_a_step_past_the_stability_limit_at_their_edges",),
    ),
    CodeMutant(
        "du2018b_lambda0_parallel_only",
        B,
        "closest = torch.minimum(theta, math.pi - theta)",
        "closest = theta",
        (TDB + "test_lambda0_premise_fails_for_an_antiparallel_pair",),
    ),
    CodeMutant(
        "du2018b_certificate_n_equal_D",
        B,
        "return agrees & (X.shape[-2] > D)",
        "return agrees & (X.shape[-2] >= D)",
        (),
        equivalent="extra ≥ 1 (its minimum) makes n = D + extra > D on every instance",
    ),
    # the sweep and resolution drivers
    CodeMutant(
        "sweep_grid_excludes_hi",
        SWP,
        "    while m <= hi:\n",
        "    while m < hi:\n",
        (TS + "test_empirical_width_finds_the_smallest_width_that_holds",),
    ),
    CodeMutant(
        "sweep_trials_not_doubled",
        SWP,
        "return trial_count(2 * math.log(level) / math.log1p(-delta))",
        "return trial_count(math.log(level) / math.log1p(-delta))",
        (TWF + "test_the_bootstrap_counts_undecided_trials_with_the_failures",),
    ),
    CodeMutant(
        "sweep_m_star_skips_a_gap",
        SWP,
        '        if p["verdict"] != Verdict.SUPPORTED.value:\n            break\n        m_star = p["m"]',
        '        if p["verdict"] != Verdict.SUPPORTED.value:\n            continue\n        m_star = p["m"]',
        (TWF + "test_bracket_and_next_width",),
    ),
    CodeMutant(
        "sweep_m_star_from_below",
        SWP,
        '    for p in reversed(points):\n        if p["verdict"] != Verdict.SUPPORTED.value:\n            break',
        '    for p in points:\n        if p["verdict"] != Verdict.SUPPORTED.value:\n            break',
        (TWF + "test_bracket_and_next_width",),
    ),
    CodeMutant(
        "sweep_alpha_not_split",
        SWP,
        "    share = alpha / len(widths)\n",
        "    share = alpha\n",
        (TS + "test_empirical_width_finds_the_smallest_width_that_holds",),
    ),
    CodeMutant(
        "sweep_points_in_handed_out_order",
        SWP,
        "    for i, point in zip(order, done, strict=True):\n        out[i] = point",
        "    for i, point in zip(range(len(items)), done, strict=True):\n        out[i] = point",
        (TS + "test_empirical_width_finds_the_smallest_width_that_holds",),
    ),
    CodeMutant(
        "sweep_point_drops_undecided",
        SWP,
        "return WidthPoint(int(m), r.trials, r.failures, r.failure_rate_ci, r.verdict, r.undecided)",
        "return WidthPoint(int(m), r.trials, r.failures, r.failure_rate_ci, r.verdict)",
        (TS + "test_a_width_point_keeps_its_undecided_trials",),
    ),
    CodeMutant(
        "resolution_int_rounded_weaker",
        RES,
        "out = max(int(math.ceil(out) if sign > 0 else math.floor(out)), 1)",
        "out = max(int(math.floor(out) if sign > 0 else math.ceil(out)), 1)",
        (TR + "test_an_integer_constant_moves_at_least_as_far_as_the_real_amount",),
    ),
    CodeMutant(
        "resolution_outward_slow",
        RES,
        "nxt = min(self.cap, 2 * self._lo if self.additive else self._lo**2)",
        "nxt = min(self.cap, 2 * self._lo if self.additive else self._lo * 1.1)",
        (TR + "test_bracket_squares_the_factor_outward_then_bisects_in_log_amount",),
    ),
    CodeMutant(
        "resolution_cap_not_checked_on_every_seed",
        RES,
        "if probe.amount >= self.cap:  # not refuted at the cap on this seed: check the cap on every seed",
        "if False:  # the cap never checked on every seed",
        (TR + "test_measurement_says_loose_or_blind_when_never_refuted",),
    ),
    CodeMutant(
        "resolution_no_bisection",
        RES,
        "if self._bisected < self.steps and gap > MIN_HALF_SPAN[self.additive]:",
        "if False:",
        (TR + "test_bracket_squares_the_factor_outward_then_bisects_in_log_amount",),
    ),
    CodeMutant(
        "resolution_grid_narrower_than_seeds_resolve",
        RES,
        "center, half = (lo + hi) / 2, max((hi - lo) / 2 * 1.5, MIN_HALF_SPAN[self.additive])",
        "center, half = (lo + hi) / 2, (hi - lo) / 2 * 1.5",
        (TR + "test_grid_spans_at_least_its_narrowest_half_span_and_never_passes_the_cap",),
    ),
    CodeMutant(
        "resolution_grid_past_the_cap",
        RES,
        "if not 0 < x <= self._x(self.cap) + 1e-12:",
        "if not 0 < x:",
        (TR + "test_grid_spans_at_least_its_narrowest_half_span_and_never_passes_the_cap",),
    ),
    CodeMutant(
        "resolution_extends_the_wrong_side",
        RES,
        "            more += [xs[0] - (i + 1) * step for i in range(width)]",
        "            more += [xs[-1] + (i + 1) * step for i in range(width)]",
        (TR + "test_a_grid_refuted_everywhere_is_extended_downward_at_most_rounds_times",),
    ),
    CodeMutant(
        "resolution_rounds_unlimited",
        RES,
        "if fit is None or self._rounds_done >= self.rounds:",
        "if fit is None:",
        (TR + "test_a_grid_refuted_everywhere_is_extended_downward_at_most_rounds_times",),
    ),
    CodeMutant(
        "resolution_fit_uses_the_bracket_seed",
        RES,
        'usable = [p for p in self.probes if p.stage in ("grid", "cap") and p.verdict != "ERROR"]',
        'usable = [p for p in self.probes if p.verdict != "ERROR"]',
        (TR + "test_measurement_says_loose_or_blind_when_never_refuted",),
    ),
    CodeMutant(
        "resolution_fit_counts_errors",
        RES,
        'usable = [p for p in self.probes if p.stage in ("grid", "cap") and p.verdict != "ERROR"]',
        'usable = [p for p in self.probes if p.stage in ("grid", "cap")]',
        (TR + "test_error_probes_never_enter_the_fit",),
    ),
    CodeMutant(
        "resolution_exists_rejected_by_refuted",
        RES,
        "            return probe.verdict == Verdict.INCONCLUSIVE.value",
        "            return probe.verdict == Verdict.REFUTED.value",
        (TR + "test_an_exists_claim_is_rejected_by_no_surviving_witness",),
    ),
    CodeMutant(
        "resolution_loose_from_one_seed",
        RES,
        'return "loose" if at_cap and all(v == Verdict.SUPPORTED.value for v in at_cap) else "blind"',
        'return "loose" if at_cap and any(v == Verdict.SUPPORTED.value for v in at_cap) else "blind"',
        (TR + "test_loose_only_where_every_cap_probe_is_supported",),
    ),
    CodeMutant(
        "resolution_aim_by_the_point",
        RES,
        'aim_status = "shown" if transition_hi is not None and transition_hi <= self.moderate + 1e-12 else "point"',
        'aim_status = "shown"',
        (TR + "test_the_aim_is_shown_only_by_the_transitions_upper_end",),
    ),
    CodeMutant(
        "resolution_past_the_domain",
        RES,
        "if self.value(nxt) is None:  # no stronger statement in the parameter's domain",
        "if False:  # the domain never checked",
        (TR + "test_outward_stops_at_the_edge_of_the_constants_domain",),
    ),
    # the report's rendering
    CodeMutant(
        "render_inconclusive_before_refuted",
        RND,
        "for v in (Verdict.REFUTED, Verdict.INCONCLUSIVE, Verdict.VACUOUS):\n        if v in verdicts:",
        "for v in (Verdict.INCONCLUSIVE, Verdict.REFUTED, Verdict.VACUOUS):\n        if v in verdicts:",
        (TRT + "test_a_claim_takes_its_worst_instances_verdict_refuted_first_then_inconclusive_then_vacuous",),
    ),
    CodeMutant(
        "render_vacuous_dropped",
        RND,
        "for v in (Verdict.REFUTED, Verdict.INCONCLUSIVE, Verdict.VACUOUS):\n        if v in verdicts:",
        "for v in (Verdict.REFUTED, Verdict.INCONCLUSIVE):\n        if v in verdicts:",
        (TRT + "test_a_claim_takes_its_worst_instances_verdict_refuted_first_then_inconclusive_then_vacuous",),
    ),
    CodeMutant(
        "render_summary_interval_level",
        RND,
        "lo, hi = failure_rate_interval_by_clopper_pearson(fails, trials, 1 - alpha)",
        "lo, hi = failure_rate_interval_by_clopper_pearson(fails, trials, 1 - 2 * alpha)",
        (TRT + "test_summary_pools_a_claims_instances_and_marks_one_outside_its_premise",),
    ),
    CodeMutant(
        "render_summary_best_margin",
        RND,
        'f"{fmt(min(margins) if margins else None)}',
        'f"{fmt(max(margins) if margins else None)}',
        (TRT + "test_summary_pools_a_claims_instances_and_marks_one_outside_its_premise",),
    ),
    CodeMutant(
        "render_summary_first_instances_undecided",
        RND,
        'undecided = sum(r.get("undecided", 0) for r in rs)',
        'undecided = rs[0].get("undecided", 0)',
        (TRT + "test_summary_pools_a_claims_instances_and_marks_one_outside_its_premise",),
    ),
    CodeMutant(
        "render_summary_outside_only_if_all",
        RND,
        'outside = " ¹" if any(r.get("premises_unmet") for r in rs) else ""',
        'outside = " ¹" if all(r.get("premises_unmet") for r in rs) else ""',
        (TRT + "test_summary_pools_a_claims_instances_and_marks_one_outside_its_premise",),
    ),
    CodeMutant(
        "render_tally_finding_unsaid",
        RND,
        'known = " (false as stated: a finding)" if data["claims"][cid].get("false_as_stated") else ""',
        'known = ""',
        (TRT + "test_tally_counts_claims_by_their_worst_instance_and_links_the_rest",),
    ),
    CodeMutant(
        "render_section_mean_for_median",
        RND,
        "for v in (m.min(), np.median(m), m.max())",
        "for v in (m.min(), np.mean(m), m.max())",
        (TRT + "test_a_claims_section_row_shows_its_margins_spread_and_a_scaling_claim_has_no_failure_count",),
    ),
    CodeMutant(
        "render_section_scaling_counts_failures",
        RND,
        'fails, ci = (r["failures"], f"[{lo:.3g}, {hi:.3g}]") if rec["kind"] != "scaling" else ("– (fit)", "–")',
        'fails, ci = (r["failures"], f"[{lo:.3g}, {hi:.3g}]")',
        (TRT + "test_a_claims_section_row_shows_its_margins_spread_and_a_scaling_claim_has_no_failure_count",),
    ),
    CodeMutant(
        "render_summary_footnote_dropped",
        RND,
        '    if any(r.get("premises_unmet") for rs in data["results"].values() for r in rs):\n        lines += [',
        "    if False:\n        lines += [",
        (TRT + "test_summary_pools_a_claims_instances_and_marks_one_outside_its_premise",),
    ),
    CodeMutant(
        "render_references_repeated",
        RND,
        'seen.update(dict.fromkeys(rec.get("references", ())))',
        'seen.update({f"{len(seen)}{t}": None for t in rec.get("references", ())})',
        (TRT + "test_references_list_each_work_once_in_order_of_first_citation",),
    ),
    CodeMutant(
        "render_failed_section_unsaid",
        RND,
        '            if s["family"] == family and s.get("error"):  # a unit failed on every attempt: say so',
        "            if False:",
        ("tests/report/test_render_without_torch.py::test_from_results_renders_without_torch_or_the_catalogue",),
    ),
    # the sequential design
    CodeMutant(
        "sequential_looks_round_down",
        SEQ,
        "looks.append(min(last, max(looks[-1] + 1, math.ceil(looks[-1] * ratio))))",
        "looks.append(min(last, max(looks[-1] + 1, math.floor(looks[-1] * ratio))))",
        (TFU + "test_a_curtailed_stop_says_both_verdicts_were_out_of_reach",),
    ),
    CodeMutant(
        "sequential_first_look_rounds_down",
        SEQ,
        "return max(1, trial_count(math.log(rate) / math.log1p(-delta)))",
        "return max(1, int(math.log(rate) / math.log1p(-delta)))",
        (TS + "test_fewer_expected_trials_than_the_bonferroni_design",),
    ),
    CodeMutant(
        "sequential_spend_strict",
        SEQ,
        "ok = np.flatnonzero(mass <= allowed)",
        "ok = np.flatnonzero(mass < allowed)",
        (),
        equivalent="a tail mass exactly equal to the allowance α·S_j − spent (a float equality) is not met at any "
        "design's counts; < is only more cautious",
    ),
    CodeMutant(
        "sequential_refuted_paths_kept",
        SEQ,
        "            f = np.where(np.arange(n + 1) >= b, 0.0, f)\n",
        "",
        (TS + "test_exact_error_rates_at_the_boundary_spend_at_most_alpha_and_beta",),
    ),
    CodeMutant(
        "sequential_supported_paths_kept",
        SEQ,
        "            f = np.where(np.arange(n + 1) <= b, 0.0, f)\n",
        "",
        (TS + "test_exact_error_rates_at_the_boundary_spend_at_most_alpha_and_beta",),
    ),
    CodeMutant(
        "sequential_spending_forgets",
        SEQ,
        "            spent += float(mass[b]) if b <= n else 0.0\n",
        "",
        (TFU + "test_error_rates_at_delta_are_those_of_the_boundaries_alone",),
    ),
    CodeMutant(
        "sequential_crossing_counted_twice",
        SEQ,
        "        crossed += float(f[hit].sum())\n        f = np.where(hit, 0.0, f)\n    return crossed",
        "        crossed += float(f[hit].sum())\n    return crossed",
        (TFU + "test_error_rates_at_delta_are_those_of_the_boundaries_alone",),
    ),
    CodeMutant(
        "sequential_oc_futility_strict",
        SEQ,
        "mid = (k >= c) & (k <= b) & ~up & ~down",
        "mid = (k > c) & (k <= b) & ~up & ~down",
        (TFU + "test_operating_characteristic_is_the_law_of_the_runs_that_decide_codes_stops",),
    ),
    CodeMutant(
        "sequential_oc_mean_without_the_last_look",
        SEQ,
        '"mean_trials": mean + schedule[-1] * left,',
        '"mean_trials": mean,',
        (TFU + "test_operating_characteristic_is_the_law_of_the_runs_that_decide_codes_stops",),
    ),
    CodeMutant(
        "sequential_reach_strict",
        SEQ,
        "hit = np.arange(f.size) >= b if upper else np.arange(f.size) <= b",
        "hit = np.arange(f.size) > b if upper else np.arange(f.size) <= b",
        (TFU + "test_reach_probability_is_the_binomial_tail_of_the_remaining_trials",),
    ),
    CodeMutant(
        "sequential_curtail_refute_off_by_one",
        SEQ,
        "bj, cj = unreachable_below - 1, reachable_up_to + 1",
        "bj, cj = unreachable_below, reachable_up_to + 1",
        (TFU + "test_curtailment_on_a_hand_checked_plan",),
    ),
    CodeMutant(
        "sequential_curtail_support_off_by_one",
        SEQ,
        "bj, cj = unreachable_below - 1, reachable_up_to + 1",
        "bj, cj = unreachable_below - 1, reachable_up_to",
        (TFU + "test_curtailment_on_a_hand_checked_plan",),
    ),
    CodeMutant(
        "sequential_futility_refute_rounds_up",
        SEQ,
        "bj = max(bj, math.floor((math.log(level) - n * up[1]) / (up[0] - up[1])))",
        "bj = max(bj, math.ceil((math.log(level) - n * up[1]) / (up[0] - up[1])))",
        (TFU + "test_a_futility_stop_is_evidence_for_delta_or_curtailment",),
    ),
    CodeMutant(
        "sequential_futility_support_rounds_down",
        SEQ,
        "cj = min(cj, math.ceil((math.log(level) - n * down[1]) / (down[0] - down[1])))",
        "cj = min(cj, math.floor((math.log(level) - n * down[1]) / (down[0] - down[1])))",
        (TFU + "test_a_futility_stop_is_evidence_for_delta_or_curtailment",),
    ),
    CodeMutant(
        "sequential_support_ignores_undecided",
        SEQ,
        "support = counted <= self.support_at[look]",
        "support = failures <= self.support_at[look]",
        (TS + "test_undecided_trials_never_refute",),
    ),
    CodeMutant(
        "sequential_refute_counts_undecided",
        SEQ,
        "refute = failures >= self.refute_at[look]",
        "refute = counted >= self.refute_at[look]",
        (TS + "test_undecided_trials_never_refute",),
    ),
    CodeMutant(
        "sequential_futility_either",
        SEQ,
        "stop = stop | ((failures <= self.futile_refute_at[look]) & (counted >= self.futile_support_at[look]))",
        "stop = stop | ((failures <= self.futile_refute_at[look]) | (counted >= self.futile_support_at[look]))",
        (TFU + "test_operating_characteristic_is_the_law_of_the_runs_that_decide_codes_stops",),
    ),
    CodeMutant(
        "sequential_support_before_refute",
        SEQ,
        "return np.where(refute, 1, np.where(support, 2, np.where(stop, 3, 0)))",
        "return np.where(support, 2, np.where(refute, 1, np.where(stop, 3, 0)))",
        (TFU + "test_a_verdict_due_both_ways_is_refuted",),
    ),
    CodeMutant(
        "sequential_forall_rounds_down",
        SEQ,
        "return trial_count(math.log(false_pass_rate) / math.log1p(-epsilon))",
        "return int(math.log(false_pass_rate) / math.log1p(-epsilon))",
        (TVR + "test_forall_supports_only_at_the_bound_its_design_aims_at",),
    ),
    CodeMutant(
        "sequential_zone_touches_zero",
        SEQ,
        "if not epsilon < min(delta, 1 - delta):",
        "if not epsilon <= min(delta, 1 - delta):",
        (TFU + "test_an_indifference_zone_reaching_zero_is_refused",),
    ),
    CodeMutant(
        "sequential_refute_only_doublings_to_n1",
        SEQ,
        "while n * LOOK_RATIO <= first:",
        "while n * 2 <= first:",
        (TFU + "test_a_curtailed_stop_says_both_verdicts_were_out_of_reach",),
    ),
    CodeMutant(
        "sequential_refute_only_full_share",
        SEQ,
        "shares = np.where(n < n1, FIRST_LOOK_SHARE * n / n1, FIRST_LOOK_SHARE + (1 - FIRST_LOOK_SHARE) * t)",
        "shares = np.where(n < n1, FIRST_LOOK_SHARE, FIRST_LOOK_SHARE + (1 - FIRST_LOOK_SHARE) * t)",
        (TFU + "test_refute_only_looks_spend_no_more_than_their_share_of_alpha",),
    ),
    CodeMutant(
        "sequential_last_share_computed",
        SEQ,
        "    shares[-1] = 1.0\n",
        "",
        (),
        equivalent="at the last look t = (n_J − n_1)/(n_J − n_1) = 1 and f + (1 − f)·1 = 1 exactly for f = 0.25",
    ),
    CodeMutant(
        "sequential_power_at_one_end",
        SEQ,
        'return d.operating_characteristic(min(delta + epsilon, 1.0))["refuted"] >= 1 - beta and (',
        'return d.operating_characteristic(min(delta + epsilon, 1.0))["refuted"] >= 1 - beta or (',
        (TS + "test_exact_error_rates_at_the_boundary_spend_at_most_alpha_and_beta",),
    ),
    CodeMutant(
        "sequential_undecided_decided_strict",
        SEQ,
        "return bool(self.support_at) and failures <= self.support_at[look] < counted",
        "return bool(self.support_at) and failures < self.support_at[look] < counted",
        (TFU + "test_a_stop_caused_by_undecided_trials_says_so",),
    ),
    CodeMutant(
        "sequential_advance_wrong_rate",
        SEQ,
        "pmf = stats.binom.pmf(np.arange(trials + 1), trials, p)",
        "pmf = stats.binom.pmf(np.arange(trials + 1), trials, min(p * 1.01, 1.0))",
        (TFU + "test_operating_characteristic_is_the_law_of_the_runs_that_decide_codes_stops",),
    ),
    # the calibration tool
    CodeMutant(
        "calibration_hold_at_the_lower_bound",
        CAL,
        'hold = float(failure_rate_upper_bound_by_clopper_pearson(k, n, cfg["gamma"]))',
        'hold = float(failure_rate_lower_bound_by_clopper_pearson(k, n, cfg["gamma"]))',
        (TCA + "test_two_seeds_give_rates_with_exact_intervals",),
    ),
    CodeMutant(
        "calibration_fail_at_the_upper_bound",
        CAL,
        'fail = float(failure_rate_lower_bound_by_clopper_pearson(k, n, cfg["gamma"]))',
        'fail = float(failure_rate_upper_bound_by_clopper_pearson(k, n, cfg["gamma"]))',
        (TCA + "test_two_seeds_give_rates_with_exact_intervals",),
    ),
    CodeMutant(
        "calibration_within_bound_by_the_upper_end",
        CAL,
        '"within_bound": bool(lo <= alpha),',
        '"within_bound": bool(hi <= alpha),',
        (TCA + "test_summary_counts_a_refuted_hold_and_a_supported_fail_against_alpha_from_the_lower_end",),
    ),
    CodeMutant(
        "calibration_keeps_every_seed",
        CAL,
        'if not cfg["delta"] / 2 <= k / n <= 2 * cfg["delta"]:',
        "if not 0 <= k / n <= 1:",
        (TCA + "test_a_seed_whose_pilot_rate_is_far_from_delta_is_skipped_without_a_check",),
    ),
    CodeMutant(
        "calibration_undecided_counted_as_passes",
        CAL,
        'if not table["premise_held"].all() or table["undecided"].any():',
        'if not table["premise_held"].all():',
        (TCA + "test_a_trial_that_does_not_decide_is_refused",),
    ),
    CodeMutant(
        "calibration_delta_check_off",
        CAL,
        '    if not np.array_equal(ta["passed"], tb["passed"]):',
        "    if False:",
        (TCA + "test_a_delta_that_enters_the_trial_is_refused",),
    ),
    CodeMutant(
        "calibration_labels_swapped",
        CAL,
        'for side, bad, label in (("hold", "REFUTED", "false_fail"), ("fail", "SUPPORTED", "false_pass")):',
        'for side, bad, label in (("hold", "SUPPORTED", "false_fail"), ("fail", "REFUTED", "false_pass")):',
        (TCA + "test_summary_counts_a_refuted_hold_and_a_supported_fail_against_alpha_from_the_lower_end",),
    ),
    CodeMutant(
        "calibration_knob_farthest_from_delta",
        CAL,
        "return min(sweep, key=lambda s: abs(s[1] - target))[0], sweep",
        "return max(sweep, key=lambda s: abs(s[1] - target))[0], sweep",
        (TCA + "test_a_seed_whose_pilot_rate_is_far_from_delta_is_skipped_without_a_check",),
    ),
    CodeMutant(
        "calibration_runs_every_seed_tried",
        CAL,
        "        if kept == seeds:\n            break\n",
        "",
        (TCA + "test_seeds_are_drawn_until_enough_instances_are_kept",),
    ),
    CodeMutant(
        "calibration_counts_skipped_seeds",
        CAL,
        'kept = [r for r in rows if not r.get("skipped")]',
        "kept = list(rows)",
        (TCA + "test_summary_counts_a_refuted_hold_and_a_supported_fail_against_alpha_from_the_lower_end",),
    ),
    CodeMutant(
        "calibration_interval_level",
        CAL,
        "lo, hi = failure_rate_interval_by_clopper_pearson(k, n, 0.95)",
        "lo, hi = failure_rate_interval_by_clopper_pearson(k, n, 0.5)",
        (TCA + "test_summary_counts_a_refuted_hold_and_a_supported_fail_against_alpha_from_the_lower_end",),
    ),
    CodeMutant(
        "calibration_pilot_reuses_the_sweep",
        CAL,
        'k, n = failures_of(claim, at, seed, "calibration-pilot", cfg["pilot_trials"]), cfg["pilot_trials"]',
        'k, n = failures_of(claim, at, seed, f"calibration-sweep-{value}", cfg["pilot_trials"]), cfg["pilot_trials"]',
        (TCA + "test_a_seed_whose_pilot_rate_is_far_from_delta_is_skipped_without_a_check",),
    ),
    # the resources estimates
    CodeMutant(
        "resources_no_product_of_two_sizes",
        RSC,
        '        best = max(best, (va * vb, f"{a}·{b} = {va}·{vb}"))\n',
        "",
        (U + "test_chunked_trials.py::test_lemma3_2_at_its_standard_instance_is_estimated_by_its_chunk",),
    ),
    CodeMutant(
        "resources_no_declared_power",
        RSC,
        '            best = max(best, (sizes[name] ** k, f"{name}{sup} = {sizes[name]}{sup}"))\n',
        "",
        (U + "test_work_limit.py::test_a_run_of_days_is_refused_before_its_first_trial",),
    ),
    CodeMutant(
        "resources_product_of_the_smallest_sizes",
        RSC,
        "items = sorted(sizes.items(), key=lambda kv: -kv[1])",
        "items = sorted(sizes.items(), key=lambda kv: kv[1])",
        (U + "test_chunked_trials.py::test_lemma3_2_at_its_standard_instance_is_estimated_by_its_chunk",),
    ),
    CodeMutant(
        "resources_layers_not_held",
        RSC,
        "elements_per_trial=int(block * layers),",
        "elements_per_trial=int(block),",
        (U + "test_param_roles.py::test_the_estimate_reads_the_roles",),
    ),
    CodeMutant(
        "resources_steps_without_layers",
        RSC,
        "steps = depth(claim, values) * max(iteration_counts(claim, values).values(), default=1)",
        "steps = max(iteration_counts(claim, values).values(), default=1)",
        (U + "test_work_limit.py::test_a_run_of_days_is_refused_before_its_first_trial",),
    ),
    CodeMutant(
        "resources_no_trial_table",
        RSC,
        "return self.batch * self.bytes_per_trial + self.shared_bytes + self.trials * TABLE_BYTES",
        "return self.batch * self.bytes_per_trial + self.shared_bytes",
        (U + "test_work_limit.py::test_the_trial_table_counts_in_the_peak_at_a_fixed_batch",),
    ),
    CodeMutant(
        "resources_no_sequential_steps",
        RSC,
        "return self.flops_per_trial * self.trials + self.batches * self.steps * STEP_FLOPS",
        "return self.flops_per_trial * self.trials",
        (U + "test_work_limit.py::test_a_run_of_days_is_refused_before_its_first_trial",),
    ),
    CodeMutant(
        "resources_memory_limit_exclusive",
        RSC,
        "return self.peak_bytes <= self.limit_bytes",
        "return self.peak_bytes < self.limit_bytes",
        (U + "test_work_limit.py::test_a_limit_equal_to_the_estimate_admits_the_run",),
    ),
    CodeMutant(
        "resources_work_limit_exclusive",
        RSC,
        "return self.flops <= self.limit_flops",
        "return self.flops < self.limit_flops",
        (U + "test_work_limit.py::test_a_limit_equal_to_the_estimate_admits_the_run",),
    ),
    CodeMutant(
        "resources_reads_data_before_refusing",
        RSC,
        "    if not (bare.fits and bare.fits_work):\n        return dataclasses.replace(bare, lower_bound=True)\n",
        "",
        (U + "test_work_limit.py::test_an_instance_too_large_to_read_is_refused_before_reading_it",),
    ),
    CodeMutant(
        "resources_hook_steps_ignored",
        RSC,
        '"steps": est.steps if steps is None else int(steps),',
        '"steps": est.steps,',
        (U + "test_chunked_trials.py::test_perturbed_gd_escape_at_its_full_instance_is_estimated_by_its_cost_hook",),
    ),
    CodeMutant(
        "resources_suggested_limit_rounds_down",
        RSC,
        "return math.ceil(x / unit * (1 - 1e-12)) * unit",
        "return math.floor(x / unit) * unit",
        (U + "test_work_limit.py::test_the_suggested_limit_admits_the_run",),
    ),
    CodeMutant(
        "resources_batch_of_the_first_look",
        RSC,
        "batch = max(b - a for a, b in zip((0, *design.schedule), design.schedule, strict=False))",
        "batch = design.schedule[0]",
        (U + "test_chunked_trials.py::test_lemma3_2_at_its_standard_instance_is_estimated_by_its_chunk",),
    ),
    CodeMutant(
        "resources_chunk_ignored",
        RSC,
        "return batch if chunk is None else min(batch, chunk)",
        "return batch",
        (U + "test_chunked_trials.py::test_lemma3_2_at_its_standard_instance_is_estimated_by_its_chunk",),
    ),
    CodeMutant(
        "resources_redraw_not_held",
        RSC,
        "    if counts_premise(claim):\n        batch = design.max_trials\n    else:",
        "    if False:\n        batch = design.max_trials\n    else:",
        (U + "test_work_limit.py::test_a_claim_that_counts_its_premise_may_hold_a_whole_look",),
    ),
    CodeMutant(
        "resources_bytes_decimal",
        RSC,
        '_UNITS = {"": 1, "k": 2**10, "m": 2**20, "g": 2**30, "t": 2**40}',
        '_UNITS = {"": 1, "k": 10**3, "m": 10**6, "g": 10**9, "t": 10**12}',
        ("tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_written",),
    ),
    CodeMutant(
        "resources_steps_round_down",
        RSC,
        "return max(1, capped_ceil(x, MOST_STEPS))",
        "return max(1, min(int(x), MOST_STEPS)) if x < MOST_STEPS else MOST_STEPS",
        (U + "test_work_limit.py::test_a_step_count_past_float64_is_capped_and_the_run_refused_in_one_line",),
    ),
    CodeMutant(
        "resources_gram_without_eigensolve",
        RSC,
        "return 2.0 * n * n * d + 10.0 * float(n) ** 3",
        "return 2.0 * n * n * d",
        (U + "test_chunked_trials.py::test_lemma3_1_uses_its_cost_hook",),
    ),
    CodeMutant(
        "resources_zero_size_entry_kept",
        RSC,
        'out.update({f"{p.name}[{i}]": int(x) for i, x in enumerate(v.split(",")) if int(x) > 0})',
        'out.update({f"{p.name}[{i}]": max(int(x), 1) for i, x in enumerate(v.split(","))})',
        (),
        equivalent="every shipped record refuses a size entry below 1 (dims: every d >= 1): no 0 entry is estimated",
    ),
    # the command line
    CodeMutant(
        "cli_select_repeat_allowed",
        MAIN,
        "if value in out.get(key, ()):",
        "if False:",
        (U + "test_widths_selection.py::test_a_bad_selection_is_one_line_and_exit_64_before_any_trial",),
    ),
    CodeMutant(
        "cli_set_twice_allowed",
        MAIN,
        "if name in given:",
        "if False:",
        ("tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_written",),
    ),
    CodeMutant(
        "cli_set_without_equals",
        MAIN,
        "if not eq or not name:",
        "if not name:",
        ("tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_written",),
    ),
    CodeMutant(
        "cli_select_empty_value",
        MAIN,
        "        if not eq or not key or not value:",
        "        if not eq or not key:",
        (U + "test_widths_selection.py::test_a_bad_selection_is_one_line_and_exit_64_before_any_trial",),
    ),
    CodeMutant(
        "cli_select_last_value_only",
        MAIN,
        "        out[key] = (*out.get(key, ()), value)",
        "        out[key] = (value,)",
        (U + "test_widths_selection.py::test_a_key_selected_twice_keeps_both_values_in_the_order_given",),
    ),
    CodeMutant(
        "cli_interval_level",
        MAIN,
        "(exact two-sided Clopper–Pearson interval, confidence {1 - alpha:.4g})",
        "(exact two-sided Clopper–Pearson interval, confidence {1 - 2 * alpha:.4g})",
        ("tests/cli/test_cli.py::test_check_says_what_is_tested_then_the_plan_then_the_verdict_with_its_bound",),
    ),
    CodeMutant(
        "cli_flags_as_numbers",
        MAIN,
        '    if name in ("passed", "premise_held", "undecided"):  # the trial\'s flags, stored as 0/1 in the table',
        "    if False:",
        ("tests/cli/test_cli.py::test_check_says_what_is_tested_then_the_plan_then_the_verdict_with_its_bound",),
    ),
    CodeMutant(
        "cli_usage_exit_1",
        MAIN,
        '        print(f"error: {exc}".replace("\\n", " "), file=sys.stderr)\n        return EXIT_USAGE',
        '        print(f"error: {exc}".replace("\\n", " "), file=sys.stderr)\n        return 1',
        (U + "test_widths_selection.py::test_a_bad_selection_is_one_line_and_exit_64_before_any_trial",),
    ),
    CodeMutant(
        "cli_internal_error_exit_1",
        MAIN,
        "with a traceback\n        return _internal_error()",
        "with a traceback\n        return 1",
        ("tests/cli/test_signals_and_help.py::test_an_internal_error_is_exit_70_with_its_traceback",),
    ),
    CodeMutant(
        "cli_full_disk_internal",
        MAIN,
        "        if exc.errno not in (errno.ENOSPC, errno.EDQUOT):",
        "        if exc.errno not in (errno.EDQUOT,):",
        ("tests/cli/test_report_atomic.py::test_a_disk_that_fills_mid_run_is_one_line_exit_74_and_nothing_left",),
    ),
    CodeMutant(
        "cli_counterexample_without_seed",
        MAIN,
        "f\"  counterexample: trial {int(cx.pop('trial', -1))} of seed {result.seed} (rerun: --seed {result.seed})\"",
        "f\"  counterexample: trial {int(cx.pop('trial', -1))}\"",
        ("tests/cli/test_cli.py::test_check_says_what_is_tested_then_the_plan_then_the_verdict_with_its_bound",),
    ),
    CodeMutant(
        "cli_unmet_premises_unsaid",
        MAIN,
        'at this size)"\n        if unmet',
        'at this size)"\n        if False',
        ("tests/cli/test_bad_inputs.py::test_a_premise_hook_that_finds_the_run_infeasible_is_said_not_raised",),
    ),
    # the width table's merge tool
    CodeMutant(
        "merge_profiles_unchecked",
        MW,
        '    for name in ("profile", "dtype"):\n        values = {h[name] for h in headers}',
        '    for name in ("dtype",):\n        values = {h[name] for h in headers}',
        (TMW + "test_the_tool_refuses_with_one_line_and_writes_nothing",),
    ),
    CodeMutant(
        "merge_dtypes_unchecked",
        MW,
        '    for name in ("profile", "dtype"):\n        values = {h[name] for h in headers}',
        '    for name in ("profile",):\n        values = {h[name] for h in headers}',
        (TMW + "test_the_tool_refuses_with_one_line_and_writes_nothing",),
    ),
    CodeMutant(
        "merge_idle_run_spends_alpha",
        MW,
        'shares = [h["alpha_share"] for h, spent in zip(headers, ran, strict=True) if spent]',
        'shares = [h["alpha_share"] for h in headers]',
        (TMW + "test_a_part_that_decided_no_point_spends_none_of_the_merged_alpha",),
    ),
    CodeMutant(
        "merge_alpha_sum_unbounded",
        MW,
        "    if sum(shares) >= 1:",
        "    if False:",
        (TMW + "test_the_tool_refuses_with_one_line_and_writes_nothing",),
    ),
    CodeMutant(
        "merge_time_without_resumed",
        MW,
        '    return header.get("wall_time_s", 0.0) + earlier',
        '    return header.get("wall_time_s", 0.0)',
        (TMW + "test_a_merge_counts_the_time_its_resumed_runs_spent_before",),
    ),
    CodeMutant(
        "merge_resumed_time_twice",
        MW,
        'earlier = 0.0 if header.get("merged") else header.get("resumed", {}).get("seconds", 0.0)',
        'earlier = header.get("resumed", {}).get("seconds", 0.0)',
        (TMW + "test_a_merge_counts_the_time_its_resumed_runs_spent_before",),
    ),
    CodeMutant(
        "merge_counts_parts_not_runs",
        MW,
        '"merged": sum(h.get("merged", 1) for h in headers),',
        '"merged": len(headers),',
        (TMW + "test_a_merge_merged_again_lists_every_run",),
    ),
    CodeMutant(
        "merge_out_overwrites_a_part",
        MW,
        "    if a.out.resolve() in {q.resolve() for q in a.parts}:",
        "    if False:",
        (TMW + "test_the_tool_refuses_with_one_line_and_writes_nothing",),
    ),
    CodeMutant(
        "merge_other_seed",
        MW,
        "seed = derive_seed(REPORT_SEED, f\"section/{'.'.join(SECTION)}\")",
        'seed = derive_seed(REPORT_SEED, "section/merge")',
        (TMW + "test_each_shipped_merge_is_its_parts_merged_again",),
    ),
    CodeMutant(
        "merge_resumed_dropped",
        MW,
        "    if resumed:  # the runs' wall times above include these seconds; the untimed units are not in them",
        "    if False:",
        (TMW + "test_a_merge_counts_the_time_its_resumed_runs_spent_before",),
    ),
    # the stream calibration
    CodeMutant(
        "streams_within_bound_by_the_upper_end",
        CST,
        'return out | {"within_bound": lo <= bound}',
        'return out | {"within_bound": hi <= bound}',
        (TCST + "test_an_error_rate_is_within_its_bound_unless_its_interval_lies_above_it",),
    ),
    CodeMutant(
        "streams_count_one_trial_short",
        CST,
        "codes[pending] = design.decide_codes(counts[pending, n - 1], n, look)",
        "codes[pending] = design.decide_codes(counts[pending, n - 2], n, look)",
        (TCST + "test_run_design_stops_each_stream_where_decide_codes_says",),
    ),
    CodeMutant(
        "streams_stopped_rows_read_again",
        CST,
        "        pending = codes == 0\n",
        "        pending = np.ones(len(codes), bool)\n",
        (TCST + "test_run_design_stops_each_stream_where_decide_codes_says",),
    ),
    CodeMutant(
        "streams_error_codes_swapped",
        CST,
        '                code = 1 if group == "hold" else 2',
        '                code = 2 if group == "hold" else 1',
        (TCST + "test_the_groups_hold_their_rates_and_count_their_own_errors",),
    ),
    CodeMutant(
        "streams_groups_swapped",
        CST,
        'GROUPS = {"hold": (0.8, 1.0), "boundary": (1.0, 1.0), "fail": (1.0, 1.2)}',
        'GROUPS = {"hold": (1.0, 1.2), "boundary": (1.0, 1.0), "fail": (0.8, 1.0)}',
        (TCST + "test_the_groups_hold_their_rates_and_count_their_own_errors",),
    ),
    CodeMutant(
        "streams_every_inconclusive_futile",
        CST,
        '"futile": int(((codes == 3) & (trials < design.max_trials)).sum()),  # INCONCLUSIVE',
        '"futile": int((codes == 3).sum()),  # INCONCLUSIVE',
        (TCST + "test_a_futile_stop_is_an_inconclusive_before_the_last_look",),
    ),
    CodeMutant(
        "streams_forall_first_failure_zero_based",
        CST,
        "first = torch.where(failed.any(dim=1), failed.double().argmax(dim=1) + 1, torch.tensor(n))",
        "first = torch.where(failed.any(dim=1), failed.double().argmax(dim=1), torch.tensor(n))",
        (TCST + "test_a_forall_stream_draws_up_to_the_first_look_that_holds_its_first_failure",),
    ),
    CodeMutant(
        "streams_forall_exact_rate_one_short",
        CST,
        '"exact_false_pass_at_epsilon": (1 - epsilon) ** n,',
        '"exact_false_pass_at_epsilon": (1 - epsilon) ** (n - 1),',
        (TCST + "test_streams_give_rates_with_exact_intervals_for_every_rule",),
    ),
    CodeMutant(
        "streams_ratio_inverted",
        CST,
        'out["mean_trials_ratio"] = out["new"]["mean_trials"] / out["bonferroni"]["mean_trials"]',
        'out["mean_trials_ratio"] = out["bonferroni"]["mean_trials"] / out["new"]["mean_trials"]',
        (TCST + "test_the_groups_hold_their_rates_and_count_their_own_errors",),
    ),
    # the screen tool
    CodeMutant(
        "screen_premise_miss_any_kind",
        SCR,
        "    if kind is Kind.WHP and drawn > held:",
        "    if drawn > held:",
        (TSC + "test_a_whp_premise_miss_is_flagged_as_an_undecided_trial_is",),
    ),
    CodeMutant(
        "screen_premise_miss_unflagged",
        SCR,
        "    if kind is Kind.WHP and drawn > held:",
        "    if False:",
        (TSC + "test_a_whp_premise_miss_is_flagged_as_an_undecided_trial_is",),
    ),
    CodeMutant(
        "screen_trials_are_held",
        SCR,
        'drawn = int(r.design["trials_drawn"])',
        "drawn = r.trials",
        (TSC + "test_trials_whose_premise_never_held_are_drawn_not_missing",),
    ),
    CodeMutant(
        "screen_none_held_unflagged",
        SCR,
        "    if held == 0:\n",
        "    if False:\n",
        (TSC + "test_trials_whose_premise_never_held_are_drawn_not_missing",),
    ),
    CodeMutant(
        "screen_undecided_unflagged",
        SCR,
        "    if undecided:\n",
        "    if False:\n",
        (TSC + "test_a_horizon_beyond_max_steps_and_undecided_trials_are_flagged",),
    ),
    CodeMutant(
        "screen_seed_other_key",
        SCR,
        "seed = derive_seed(REPORT_SEED, instance_key(claim_id, index))",
        "seed = derive_seed(REPORT_SEED, instance_key(claim_id, 0))",
        (TSC + "test_an_instance_is_screened_at_the_seed_the_report_gives_it",),
    ),
    CodeMutant(
        "screen_new_keeps_all",
        SCR,
        "if dict(o) not in before]",
        "]",
        (TSC + "test_new_screens_only_what_the_smaller_profile_does_not_run",),
    ),
    CodeMutant(
        "screen_new_two_profiles_back",
        SCR,
        "smaller = PROFILES[PROFILES.index(profile) - 1] if new",
        "smaller = PROFILES[PROFILES.index(profile) - 2] if new",
        (TSC + "test_new_screens_only_what_the_smaller_profile_does_not_run",),
    ),
    CodeMutant(
        "screen_set_reaches_every_claim",
        SCR,
        "for name, value in a.set if name in names}",
        "for name, value in a.set}",
        (TSC + "test_a_horizon_beyond_max_steps_and_undecided_trials_are_flagged",),
    ),
    CodeMutant(
        "screen_exit_zero",
        SCR,
        "    return 1 if flagged else 0",
        "    return 0",
        (TSC + "test_trials_whose_premise_never_held_are_drawn_not_missing",),
    ),
    CodeMutant(
        "screen_trials_zero_allowed",
        SCR,
        "    if a.trials < 1:",
        "    if a.trials < 0:",
        (TSC + "test_bad_input_is_one_line_naming_it",),
    ),
    # the report's machinery: executors, unit cache and dispatcher, publishing, writer, benchmark sections
    CodeMutant(
        "units_no_retry",
        RUN,
        "RETRIES = 1\n",
        "RETRIES = 0\n",
        ("tests/report/test_executors.py::test_a_failing_map_unit_is_retried_and_its_result_kept",),
    ),
    CodeMutant(
        "units_refusal_retried",
        RUN,
        "return ticket.attempts <= self.retries and not isinstance(error, InvalidInputError)",
        "return ticket.attempts <= self.retries",
        ("tests/report/test_executors.py::test_a_unit_that_refuses_its_input_is_not_retried",),
    ),
    CodeMutant(
        "units_retry_forever",
        RUN,
        "return ticket.attempts <= self.retries and not",
        "return ticket.attempts <= self.retries + 5 and not",
        ("tests/report/test_executors.py::test_units_failing_twice_are_reported_not_dropped",),
    ),
    CodeMutant(
        "units_header_key_unchecked",
        RUN,
        "        wrong = [k for k in expected if header.get(k) != expected[k]]",
        '        wrong = [k for k in expected if k != "key" and header.get(k) != expected[k]]',
        (
            (
                "tests/report/test_cache_integrity.py::test_an_entry_whose_header_names_another_unit_version_or_forma"
                "t_is_recomputed"
            ),
        ),
    ),
    CodeMutant(
        "units_header_version_unchecked",
        RUN,
        "        wrong = [k for k in expected if header.get(k) != expected[k]]",
        '        wrong = [k for k in expected if k != "code_version" and header.get(k) != expected[k]]',
        (
            (
                "tests/report/test_cache_integrity.py::test_an_entry_whose_header_names_another_unit_version_or_forma"
                "t_is_recomputed"
            ),
        ),
    ),
    CodeMutant(
        "units_sha_unchecked",
        RUN,
        '        if hashlib.sha256(payload).hexdigest() != header.get("sha256"):',
        "        if False:",
        ("tests/report/test_cache_integrity.py::test_damaged_forged_and_misshapen_entries_are_recomputed_and_said",),
    ),
    CodeMutant(
        "units_check_skipped",
        RUN,
        "        if self.check is not None:\n            self.check(unit, value)",
        "        pass",
        ("tests/report/test_cache_integrity.py::test_damaged_forged_and_misshapen_entries_are_recomputed_and_said",),
    ),
    CodeMutant(
        "units_damaged_kept",
        RUN,
        "            with contextlib.suppress(OSError):\n                path.unlink()\n            return False, None",
        "            return False, None",
        (),
        equivalent="the unit is then computed again and its put writes the same path, replacing the damaged entry",
    ),
    CodeMutant(
        "units_read_always",
        RUN,
        "        if not self.read or not path.is_file():",
        "        if not path.is_file():",
        ("tests/report/test_resume_and_cli.py::test_a_run_without_resume_computes_every_unit_again",),
    ),
    CodeMutant(
        "units_resumed_seconds_uncounted",
        RUN,
        '                self.resumed["seconds"] += float(seconds)',
        "                pass",
        (
            (
                "tests/report/test_resume_and_cli.py::test_a_resumed_entry_counts_its_time_and_an_old_entry_is_counte"
                "d_untimed"
            ),
        ),
    ),
    CodeMutant(
        "units_put_unused_seconds",
        RUN,
        '                header["seconds"] = round(float(seconds), 1)',
        "                pass",
        ("tests/report/test_resume_and_cli.py::test_interrupted_run_keeps_the_old_report_and_resume_continues_it",),
    ),
    CodeMutant(
        "units_memo_ignored",
        RUN,
        '        memo = self._memo.get(unit.digest(""), _MISSING)',
        "        memo = _MISSING",
        ("tests/report/test_executors.py::test_a_retried_experiment_takes_its_finished_units_from_the_run_not_again",),
    ),
    CodeMutant(
        "units_cache_not_written",
        RUN,
        "        if self.cache is not None:\n            self.cache.put(ticket.unit, value, seconds)",
        "        pass",
        ("tests/report/test_resume_and_cli.py::test_interrupted_run_keeps_the_old_report_and_resume_continues_it",),
    ),
    CodeMutant(
        "units_disk_full_ignored",
        RUN,
        "                raise self.cache.disk_full",
        "                pass",
        ("tests/cli/test_report_atomic.py::test_a_disk_that_fills_mid_run_is_one_line_exit_74_and_nothing_left",),
    ),
    CodeMutant(
        "units_digest_without_settings",
        RUN,
        "{unit.digest(self.settings)}.{",
        "{unit.digest('')}.{",
        ("tests/report/test_resume_and_cli.py::test_a_resume_with_other_settings_takes_nothing_from_the_cache",),
    ),
    CodeMutant(
        "units_progress_left",
        RUN,
        "left = elapsed / self.done * (self.planned - self.done)",
        "left = elapsed / self.done * self.planned",
        ("tests/report/test_executors.py::test_progress_estimates_the_rest_from_the_mean_time_per_unit_so_far",),
    ),
    CodeMutant(
        "units_stable_repr_plain_callable",
        RUN,
        "        return f\"{getattr(value, '__module__', '?')}.{value.__qualname__}\"",
        "        return repr(value)",
        ("tests/report/test_resume_and_cli.py::test_a_units_cache_digest_is_the_same_in_another_process",),
    ),
    CodeMutant(
        "jobs_id_unchecked",
        RJB,
        "    if result.id != claim_id:",
        "    if False:",
        ("tests/report/test_cache_integrity.py::test_a_cached_claim_instance_must_agree_with_itself",),
    ),
    CodeMutant(
        "jobs_negative_count",
        RJB,
        "if not isinstance(n, int) or isinstance(n, bool) or n < 0:",
        "if not isinstance(n, int) or isinstance(n, bool):",
        ("tests/report/test_cache_integrity.py::test_a_cached_claim_instance_must_agree_with_itself",),
    ),
    CodeMutant(
        "jobs_counts_sum_unchecked",
        RJB,
        "    if result.failures + result.undecided > result.trials:",
        "    if False:",
        ("tests/report/test_cache_integrity.py::test_a_cached_claim_instance_must_agree_with_itself",),
    ),
    CodeMutant(
        "jobs_refuted_without_failure",
        RJB,
        "if by_failures and ((refuted and not result.failures) or",
        "if by_failures and ((False) or",
        ("tests/report/test_cache_integrity.py::test_damaged_forged_and_misshapen_entries_are_recomputed_and_said",),
    ),
    CodeMutant(
        "jobs_forall_failure_not_refuted",
        RJB,
        "(one_refutes and result.failures and not refuted)):",
        "(False)):",
        ("tests/report/test_cache_integrity.py::test_a_cached_claim_instance_must_agree_with_itself",),
    ),
    CodeMutant(
        "jobs_whp_one_refutes",
        RJB,
        'one_refutes = result.kind.value in ("forall", "conditional")',
        'one_refutes = result.kind.value in ("forall", "conditional", "whp")',
        ("tests/report/test_cache_integrity.py::test_a_cached_claim_instance_must_agree_with_itself",),
    ),
    CodeMutant(
        "jobs_section_type_unchecked",
        RJB,
        'elif unit.key.startswith("section/") and "/map" not in unit.key and not isinstance(value, dict | list):',
        "elif False:",
        ("tests/report/test_cache_integrity.py::test_a_cached_experiment_is_json_data_and_its_map_units_anything",),
    ),
    CodeMutant(
        "jobs_failed_instance_unmarked",
        RJB,
        '"overrides": dict(overrides), "failed": True})',
        '"overrides": dict(overrides)})',
        ("tests/report/test_executors.py::test_units_failing_twice_are_reported_not_dropped",),
    ),
    CodeMutant(
        "jobs_section_single_attempt",
        RJB,
        "SECTION_ATTEMPTS = 2",
        "SECTION_ATTEMPTS = 1",
        ("tests/report/test_executors.py::test_a_retried_experiment_takes_its_finished_units_from_the_run_not_again",),
    ),
    CodeMutant(
        "jobs_section_not_cached",
        RJB,
        "        if cache is not None:\n            cache.put(unit, data, seconds)",
        "        pass",
        ("tests/report/test_resume_and_cli.py::test_an_experiment_that_finished_is_resumed_whole",),
    ),
    CodeMutant(
        "jobs_section_error_dropped",
        RJB,
        'return {**entry, "data": None, "error": error}',
        'return {**entry, "data": None}',
        ("tests/report/test_executors.py::test_units_failing_twice_are_reported_not_dropped",),
    ),
    CodeMutant(
        "jobs_map_keys_collide",
        RJB,
        'Unit(f"{prefix}/map{j}/{i}", fn',
        'Unit(f"{prefix}/map0/{i}", fn',
        ("tests/report/test_executors.py::test_in_process_report_runs_claims_and_map_units",),
    ),
    CodeMutant(
        "exec_share_no_floor",
        REX,
        "return max(1, cores // max(1, workers))",
        "return cores // max(1, workers)",
        ("tests/report/test_executors.py::test_thread_share_is_the_cores_over_the_workers_at_least_one",),
    ),
    CodeMutant(
        "exec_share_all_cores",
        REX,
        "return max(1, cores // max(1, workers))",
        "return max(1, cores)",
        ("tests/report/test_executors.py::test_thread_share_is_the_cores_over_the_workers_at_least_one",),
    ),
    CodeMutant(
        "exec_threads_unset",
        REX,
        "    if threads is not None:\n        torch.set_num_threads(threads)\n    start",
        "    start",
        ("tests/report/test_executors.py::test_a_unit_runs_with_its_workers_share_of_threads",),
    ),
    CodeMutant(
        "exec_renew_every_time",
        REX,
        "if generation == self.generation and self.renew is not None:",
        "if self.renew is not None:",
        ("tests/report/test_executors.py::test_a_broken_pool_is_renewed_once_for_all_the_units_it_took_down",),
    ),
    CodeMutant(
        "exec_stopped_still_sends",
        REX,
        "            if self.stopped.is_set():\n                raise Stopped\n            try:",
        "            try:",
        (
            (
                "tests/cli/test_report_interrupts.py::test_a_stopped_backend_takes_no_unit_and_its_cancelled_units_ar"
                "e_not_retried"
            ),
        ),
    ),
    CodeMutant(
        "exec_workers_with_remote",
        REX,
        "if workers is not None and scheduler != LOCAL:",
        "if False:",
        ("tests/report/test_resume_and_cli.py::test_bad_executor_flags_are_one_line_and_exit_64",),
    ),
    CodeMutant(
        "exec_remote_share_max",
        REX,
        "min(thread_share(host_cores[h], slots[h]) for h in slots)",
        "max(thread_share(host_cores[h], slots[h]) for h in slots)",
        ("tests/report/test_executors.py::test_a_remote_cluster_gives_each_task_the_smallest_hosts_share_of_threads",),
    ),
    CodeMutant(
        "atomic_no_md_check",
        RAT,
        'if out.suffix.lower() != ".md":',
        "if False:",
        ("tests/cli/test_report_atomic.py::test_out_is_checked_before_anything_runs",),
    ),
    CodeMutant(
        "atomic_clean_keeps_nothing",
        RAT,
        "for r in _owned_runs(out) if r.name != keep)",
        "for r in _owned_runs(out))",
        ("tests/report/test_executors.py::test_units_failing_twice_are_reported_not_dropped",),
    ),
    CodeMutant(
        "atomic_foreign_runs_removed",
        RAT,
        "marker.read_text().strip() == out.name:",
        "marker.exists():",
        (
            (
                "tests/cli/test_report_atomic.py::test_debris_of_the_earlier_layout_is_cleaned_and_a_users_files_neve"
                "r_touched"
            ),
        ),
    ),
    CodeMutant(
        "atomic_current_run_first",
        RAT,
        "return found[-1] if found else None",
        "return found[0] if found else None",
        ("tests/cli/test_report_atomic.py::test_the_run_out_names_is_its_last_tag",),
    ),
    CodeMutant(
        "atomic_tmp_left",
        RAT,
        "        with contextlib.suppress(OSError):\n            tmp.unlink()\n        raise",
        "        raise",
        ("tests/cli/test_report_atomic.py::test_one_file_is_written_whole_or_not_at_all",),
    ),
    CodeMutant(
        "writer_cache_kept",
        RWR,
        "        raise\n    shutil.rmtree(cache_dir, ignore_errors=True)\n    return path",
        "        raise\n    return path",
        ("tests/report/test_resume_and_cli.py::test_interrupted_run_keeps_the_old_report_and_resume_continues_it",),
    ),
    CodeMutant(
        "writer_resume_without_cache",
        RWR,
        '        if resume:\n            raise InvalidInputError("resume needs',
        '        if False:\n            raise InvalidInputError("resume needs',
        ("tests/report/test_resume_and_cli.py::test_resume_needs_a_cache_folder",),
    ),
    CodeMutant(
        "writer_failed_instance_raises",
        RWR,
        "    except UnitFailed as exc:\n        return failed_instance(claim, ticket.unit, exc)",
        "    except ZeroDivisionError as exc:\n        return failed_instance(claim, ticket.unit, exc)",
        ("tests/report/test_executors.py::test_units_failing_twice_are_reported_not_dropped",),
    ),
    CodeMutant(
        "writer_select_without_section",
        RWR,
        '    if not chosen:\n        raise InvalidInputError(f"select needs',
        '    if False:\n        raise InvalidInputError(f"select needs',
        ("tests/unit/test_widths_selection.py::test_a_bad_selection_is_one_line_and_exit_64_before_any_trial",),
    ),
    CodeMutant(
        "writer_command_no_only",
        RWR,
        '    command += "".join(f" --only {i}" for i in only)',
        '    command += ""',
        ("tests/report/test_resume_and_cli.py::test_only_runs_the_named_claims_and_section_the_named_experiments",),
    ),
    CodeMutant(
        "writer_threads_not_restored",
        RWR,
        "    finally:\n        torch.set_num_threads(before)",
        "    finally:\n        pass",
        ("tests/report/test_resume_and_cli.py::test_the_report_process_gets_its_torch_threads_back",),
    ),
    CodeMutant(
        "bench_ratio_inverted",
        RBN,
        "ratio = f\"{r['full_size_s'] / base['full_size_s']:.3g}×\"",
        "ratio = f\"{base['full_size_s'] / r['full_size_s']:.3g}×\"",
        (
            (
                "tests/report/test_benchmark_sections.py::test_a_benchmark_row_gives_its_full_size_time_its_ratio_to_"
                "ours_and_its_floor"
            ),
        ),
    ),
    CodeMutant(
        "bench_extrapolated_unmarked",
        RBN,
        '"extrapolated": extra.get("scale", 1) != 1,',
        '"extrapolated": False,',
        (
            (
                "tests/report/test_benchmark_sections.py::test_a_benchmark_row_gives_its_full_size_time_its_ratio_to_"
                "ours_and_its_floor"
            ),
        ),
    ),
    CodeMutant(
        "bench_full_size_mean",
        RBN,
        'b["stats"].get("median", b["stats"]["mean"])',
        'b["stats"]["mean"]',
        (
            (
                "tests/report/test_benchmark_sections.py::test_a_benchmark_row_gives_its_full_size_time_its_ratio_to_"
                "ours_and_its_floor"
            ),
        ),
    ),
    CodeMutant(
        "bench_load_hidden",
        RBN,
        'at the start" if f.get("load") else "")',
        'at the start" if False else "")',
        ("tests/report/test_benchmark_sections.py::test_a_benchmark_file_shows_the_load_average_its_run_started_at",),
    ),
    CodeMutant(
        "bench_gpu_unnamed",
        RBN,
        '        if machine.get("gpu"):',
        "        if False:",
        ("tests/report/test_benchmark_sections.py::test_a_cuda_benchmark_file_names_its_gpu_before_the_host",),
    ),
    CodeMutant(
        "bench_extension_from_flags_only",
        RBN,
        'extension = machine.get("cpu_capability") or _vector',
        "extension = _vector",
        ("tests/report/test_benchmark_sections.py::test_a_benchmark_file_names_the_cpu_vector_extension_it_ran_with",),
    ),
    CodeMutant(
        "bench_within_swapped",
        RBN,
        "{'yes' if r['within_bound'] else '**no**'}",
        "{'**no**' if r['within_bound'] else 'yes'}",
        ("tests/report/test_benchmark_sections.py::test_calibration_table_names_rates_intervals_and_misses",),
    ),
    CodeMutant(
        "bench_cuda_never_measured",
        RBN,
        '    if CUDA_FILE in data.get("files", {}):\n        return ""',
        '    if False:\n        return ""',
        (
            (
                "tests/report/test_benchmark_sections.py::test_cuda_benchmarks_are_said_not_measured_until_gpu_bench_"
                "writes_them"
            ),
        ),
    ),
    CodeMutant(
        "bench_per_seed_kept",
        RBN,
        'return {k: v for k, v in raw.items() if k != "per_seed"}',
        "return raw",
        ("tests/report/test_benchmark_sections.py::test_each_file_goes_to_its_own_section",),
    ),
    CodeMutant(
        "bench_designs_differ_uncounted",
        RBN,
        'c["differ"] += r["today"]["verdict"] != r["bonferroni"]["verdict"]',
        'c["differ"] += 0',
        (
            (
                "tests/report/test_benchmark_sections.py::test_the_designs_table_sums_each_claims_trials_and_counts_t"
                "he_verdicts_that_differ"
            ),
        ),
    ),
    CodeMutant(
        "bench_designs_ratio_inverted",
        RBN,
        "{c['today'] / c['bonferroni']:.2f}",
        "{c['bonferroni'] / c['today']:.2f}",
        (
            (
                "tests/report/test_benchmark_sections.py::test_the_designs_table_sums_each_claims_trials_and_counts_t"
                "he_verdicts_that_differ"
            ),
        ),
    ),
    CodeMutant(
        "bench_floor_hidden",
        RBN,
        'floor = r["extra"].get("floor_ratio")',
        "floor = None",
        (
            (
                "tests/report/test_benchmark_sections.py::test_a_benchmark_row_gives_its_full_size_time_its_ratio_to_"
                "ours_and_its_floor"
            ),
        ),
    ),
    CodeMutant(
        "bench_check_unsaid",
        RBN,
        '            if "verdict" in r["extra"]:',
        "            if False:",
        (
            (
                "tests/report/test_benchmark_sections.py::test_cuda_benchmarks_are_said_not_measured_until_gpu_bench_"
                "writes_them"
            ),
        ),
    ),
    CodeMutant(
        "units_digest_ignores_settings",
        RUN,
        'f"{settings}|{self.key}|',
        'f"{self.key}|',
        ("tests/report/test_resume_and_cli.py::test_a_resume_with_other_settings_takes_nothing_from_the_cache",),
    ),
    CodeMutant(
        "jobs_section_retry_new_keys",
        RJB,
        "mapped = replace(ctx, mapper=section_mapper(dispatcher, prefix))",
        "mapped = ctx = replace(ctx, mapper=ctx.mapper or section_mapper(dispatcher, prefix))",
        ("tests/report/test_executors.py::test_a_retried_experiment_takes_its_finished_units_from_the_run_not_again",),
    ),
    CodeMutant(
        "writer_settings_without_alpha",
        RWR,
        "budget.share, REPORT_SEED] + (",
        "REPORT_SEED] + (",
        ("tests/report/test_resume_and_cli.py::test_a_resume_with_other_settings_takes_nothing_from_the_cache",),
    ),
    CodeMutant(
        "sections_direction_read_below_tau",
        "claims/report/sections/du2018b.py",
        '    if any(r["median"] <= r["tau_max"] for r in rows):',
        "    if False:",
        ("tests/unit/test_report_du2018b.py::test_the_direction_in_depth_is_read_only_where_every_median_is_resolved",),
    ),
    CodeMutant(
        "sections_eig_flat_taken_from_positives",
        "claims/report/sections/yuchen1995.py",
        "    by_size = sorted(eig, key=abs)",
        "    by_size = sorted(e for e in eig if e > 0)",
        (
            (
                "tests/unit/test_report_yuchen1995.py::test_the_hessian_summary_takes_the_flat_eigenvalues_by_size_wh"
                "atever_their_sign"
            ),
        ),
    ),
    CodeMutant(
        "sections_growth_in_d_assumed",
        "claims/report/sections/landscape.py",
        '    if fit["lo"] > 0:',
        "    if True:",
        (
            (
                "tests/unit/test_report_sections.py::test_the_escape_sections_read_growth_from_the_fitted_intervals_n"
                "ot_assume_it"
            ),
        ),
    ),
    CodeMutant(
        "sections_pgd_faster_assumed",
        "claims/report/sections/landscape.py",
        '    if pgd["hi"] < gd["lo"]:',
        "    if True:",
        (
            (
                "tests/unit/test_report_sections.py::test_the_escape_sections_read_growth_from_the_fitted_intervals_n"
                "ot_assume_it"
            ),
        ),
    ),
    CodeMutant(
        "sections_parallel_assumed",
        "claims/report/sections/du2018a.py",
        "    if angle > ANGLE_RESOLUTION:",
        "    if True:",
        (
            (
                "tests/unit/test_report_du2018a_digits.py::test_the_digits_text_reads_the_hypothesis_and_the_resoluti"
                "on_from_the_data"
            ),
        ),
    ),
    CodeMutant(
        "sections_lambda0_resolved_assumed",
        "claims/report/sections/du2018a.py",
        "    if lam0 > tolerance:",
        "    if True:",
        (
            (
                "tests/unit/test_report_du2018a_digits.py::test_the_digits_text_reads_the_hypothesis_and_the_resoluti"
                "on_from_the_data"
            ),
        ),
    ),
    CodeMutant(
        "sections_psd_saddles_assumed",
        "claims/report/sections/clc2018.py",
        "    if psd:\n",
        "    if True:\n",
        ("tests/unit/test_report_sections.py::test_the_critical_values_text_counts_the_psd_saddles_it_found",),
    ),
    CodeMutant(
        "bench_dir_absolute",
        RBN,
        "        return str(Path(bench_dir).resolve().relative_to(ROOT))",
        "        return str(Path(bench_dir).resolve())",
        ("tests/report/test_benchmark_sections.py::test_the_benchmarks_folder_is_recorded_relative_to_the_checkout",),
    ),
    CodeMutant(
        "sections_defaults_move_assumed",
        "claims/report/sections/jh2019.py",
        "        f\"{new['share_flipped']:.2f} and {new['share_rho_am_below_1']:.2f}",
        "        f\"{old['share_flipped']:.2f} and {new['share_rho_am_below_1']:.2f}",
        ("tests/unit/test_report_jh2019.py::test_the_move_of_the_claims_default_is_told_in_the_runs_numbers",),
    ),
    # the families' experiments (the report sections' measurements)
    CodeMutant(
        "experiments_critical_values_half_dropped",
        "claims/catalogue/clc2018/experiments.py",
        '            0.5 * sum(item["s"][i] ** 2 for i in unfit)',
        '            sum(item["s"][i] ** 2 for i in unfit)',
        (
            (
                "tests/unit/test_report_sections.py::test_gd_end_points_are_each_identified_with_one_predicted_critic"
                "al_value"
            ),
        ),
    ),
    CodeMutant(
        "experiments_pgd_censored_uncounted",
        "claims/catalogue/landscape/experiments.py",
        "    censored = len(T) - len(keep)",
        "    censored = 0",
        ("tests/unit/test_report_sections.py::test_runs_cut_at_max_steps_are_counted_and_said_not_dropped_silently",),
    ),
    CodeMutant(
        "experiments_pgd_excess_multiplied",
        "claims/catalogue/landscape/experiments.py",
        '"fit_excess": _fit(d, [t / math.log(x) ** b for',
        '"fit_excess": _fit(d, [t * math.log(x) ** b for',
        ("tests/unit/test_report_sections.py::test_pgd_section_fits_polylog_and_not_polynomial_growth",),
    ),
    CodeMutant(
        "experiments_octopus_fit_in_d_not_exp",
        "claims/catalogue/landscape/experiments.py",
        '        fit = _fit([math.exp(x) for x in u["d"]], u["steps"], 1 - ctx.alpha)',
        '        fit = _fit(u["d"], u["steps"], 1 - ctx.alpha)',
        (
            (
                "tests/unit/test_report_sections.py::test_exponential_escape_section_contrasts_gd_with_perturbed_gd_a"
                "nd_states_the_relation"
            ),
        ),
    ),
    CodeMutant(
        "sections_censored_unsaid",
        "claims/report/sections/landscape.py",
        '    if not k:\n        return ""\n    return f" (and {k} more cut',
        '    if True:\n        return ""\n    return f" (and {k} more cut',
        ("tests/unit/test_report_sections.py::test_runs_cut_at_max_steps_are_counted_and_said_not_dropped_silently",),
    ),
    CodeMutant(
        "experiments_lambda0_quartiles_swapped",
        "claims/catalogue/du2018b/experiments.py",
        "torch.tensor([0.25, 0.5, 0.75], dtype=lam.dtype)",
        "torch.tensor([0.5, 0.25, 0.75], dtype=lam.dtype)",
        ("tests/unit/test_report_du2018b.py::test_lambda0_by_depth_runs_and_renders",),
    ),
    # runner: claims/engine/runner.py, design.py, reasons.py, result.py (every entry verified killed by its node id)
    CodeMutant(
        "runner_beta_fixed",
        "claims/engine/runner.py",
        "beta = alpha if beta is None else",
        "beta = 0.01 if beta is None else",
        (
            (
                "tests/unit/test_verdict_rules.py::test_the_false_pass_budget_is_alpha_unless_set_and_each_budget_goe"
                "s_where_it_is_named"
            ),
        ),
    ),
    CodeMutant(
        "runner_seed_ignored",
        "claims/engine/runner.py",
        "instance = Instance(plan.values, plan.seed)\n    unmet",
        "instance = Instance(plan.values, 0)\n    unmet",
        ("tests/unit/test_futility.py::test_the_runner_says_whether_the_undecided_trials_stopped_the_run",),
    ),
    CodeMutant(
        "runner_seed_key",
        "claims/engine/runner.py",
        'generator = seeded_generator(instance.seed, "trials", dev)',
        'generator = seeded_generator(instance.seed, "trial", dev)',
        (
            (
                "tests/unit/test_verdict_rules.py::test_a_runs_trials_are_its_seeds_trials_stream_so_a_witness_reruns"
                "_on_its_own"
            ),
        ),
    ),
    CodeMutant(
        "runner_draw_counts_drawn",
        "claims/engine/runner.py",
        "while (tally.held if conditional else tally.drawn) < target and",
        "while tally.drawn < target and",
        (
            (
                "tests/unit/test_verdict_rules.py::test_a_run_whose_premise_holds_in_a_third_of_its_trials_draws_on_u"
                "ntil_it_held_in_the_trials_it_needs[forall]"
            ),
        ),
    ),
    CodeMutant(
        "runner_cap_design_count",
        "claims/engine/runner.py",
        "cap = trial_cap(claim, design)",
        "cap = design.max_trials",
        (
            (
                "tests/unit/test_verdict_rules.py::test_a_run_whose_premise_holds_in_a_third_of_its_trials_draws_on_u"
                "ntil_it_held_in_the_trials_it_needs[forall]"
            ),
        ),
    ),
    CodeMutant(
        "runner_vacuous_as_inconclusive",
        "claims/engine/runner.py",
        "        verdict = Verdict.VACUOUS\n",
        "        verdict = Verdict.INCONCLUSIVE\n",
        ("tests/unit/test_verdict_rules.py::test_a_vacuous_conditional_run_says_what_a_trial_outside_its_premise_is",),
    ),
    CodeMutant(
        "runner_futility_reason_at_last_look",
        "claims/engine/runner.py",
        "verdict is Verdict.INCONCLUSIVE and look < design.looks - 1:",
        "verdict is Verdict.INCONCLUSIVE and look < design.looks:",
        (
            (
                "tests/unit/test_verdict_rules.py::test_a_failure_probability_whose_square_underflows_ends_in_a_verdi"
                "ct_with_readable_counts"
            ),
        ),
    ),
    CodeMutant(
        "runner_undecided_stop_ignores_outside",
        "claims/engine/runner.py",
        "design.undecided_decided(tally.failures, tally.undecided + tally.drawn - tally.held, look)",
        "design.undecided_decided(tally.failures, tally.undecided, look)",
        (
            (
                "tests/unit/test_futility.py::test_a_stop_caused_by_trials_outside_the_premise_and_undecided_ones_say"
                "s_they_decided_it"
            ),
        ),
    ),
    CodeMutant(
        "runner_infeasible_premise_dropped",
        "claims/engine/runner.py",
        "    except Infeasible as exc:\n        return (str(exc),)",
        "    except Infeasible as exc:\n        return ()",
        ("tests/unit/test_verdict_rules.py::test_a_width_formula_past_float64_is_an_unmet_premise_not_an_error",),
    ),
    CodeMutant(
        "runner_witness_undecided",
        "claims/engine/runner.py",
        'decided = held_mask & ~table["undecided"].astype(bool) if table else held_mask',
        "decided = held_mask if table else held_mask",
        (
            (
                "tests/unit/test_verdict_rules.py::test_the_witness_of_a_refutation_is_the_first_verified_failure_wit"
                "h_its_premise_held"
            ),
        ),
    ),
    CodeMutant(
        "runner_witness_outside_premise",
        "claims/engine/runner.py",
        'held_mask = table["premise_held"].astype(bool) if table else np.zeros(0, bool)',
        'held_mask = np.ones(len(table["passed"]), bool) if table else np.zeros(0, bool)',
        (
            (
                "tests/unit/test_verdict_rules.py::test_the_witness_of_a_refutation_is_the_first_verified_failure_wit"
                "h_its_premise_held"
            ),
        ),
    ),
    CodeMutant(
        "runner_witness_last",
        "claims/engine/runner.py",
        "i = int(failed[0])",
        "i = int(failed[-1])",
        (
            (
                "tests/unit/test_verdict_rules.py::test_the_witness_of_a_refutation_is_the_first_verified_failure_wit"
                "h_its_premise_held"
            ),
        ),
    ),
    CodeMutant(
        "runner_worst_margin_max",
        "claims/engine/runner.py",
        "worst_margin=float(margins.min())",
        "worst_margin=float(margins.max())",
        (
            (
                "tests/unit/test_verdict_rules.py::test_the_witness_of_a_refutation_is_the_first_verified_failure_wit"
                "h_its_premise_held"
            ),
        ),
    ),
    CodeMutant(
        "runner_trials_drawn",
        "claims/engine/runner.py",
        "        trials=tally.held,\n",
        "        trials=tally.drawn,\n",
        ("tests/unit/test_stats.py::test_exists_judge_is_never_refuted",),
    ),
    CodeMutant(
        "runner_ci_over_drawn",
        "claims/engine/runner.py",
        "failure_rate_interval_by_clopper_pearson(tally.failures, tally.held, 1 - alpha)",
        "failure_rate_interval_by_clopper_pearson(tally.failures, tally.drawn, 1 - alpha)",
        (
            (
                "tests/unit/test_verdict_rules.py::test_the_witness_of_a_refutation_is_the_first_verified_failure_wit"
                "h_its_premise_held"
            ),
        ),
    ),
    CodeMutant(
        "runner_scaling_fit_full_alpha",
        "claims/engine/runner.py",
        "extras, fitted = _scaling_extras(claim, table, held_mask, values, alpha / design.looks)",
        "extras, fitted = _scaling_extras(claim, table, held_mask, values, alpha)",
        (
            (
                "tests/unit/test_stats.py::test_a_scaling_result_reports_the_interval_at_the_level_its_verdict_was_de"
                "cided_at"
            ),
        ),
    ),
    CodeMutant(
        "runner_scaling_fit_all_trials",
        "claims/engine/runner.py",
        'decided = keep & ~table["undecided"].astype(bool)',
        'decided = ~table["undecided"].astype(bool)',
        ("tests/unit/test_stats.py::test_scaling_fits_only_the_trials_inside_the_premise",),
    ),
    CodeMutant(
        "runner_forall_bound_failures",
        "claims/engine/runner.py",
        "bound = float(failure_rate_upper_bound_by_clopper_pearson(tally.undecided, tally.held, design.beta))",
        "bound = float(failure_rate_upper_bound_by_clopper_pearson(tally.failures, tally.held, design.beta))",
        ("tests/unit/test_verdict_rules.py::test_a_forall_bound_counts_its_undecided_trials_as_failures[supported]",),
    ),
    CodeMutant(
        "runner_whp_why_outside_ignored",
        "claims/engine/runner.py",
        "if alone and (tally.undecided or tally.drawn > tally.held):",
        "if alone and tally.undecided:",
        (
            (
                "tests/unit/test_stats.py::test_a_whp_run_kept_from_supported_by_trials_outside_its_premise_or_undeci"
                "ded_says_so[outside_premise]"
            ),
        ),
    ),
    CodeMutant(
        "runner_decisive_stop_only",
        "claims/engine/runner.py",
        "decisive = undecided_stop or (ran and why_inconclusive(claim, design, tally) is Why.UNDECIDED)",
        "decisive = undecided_stop",
        (
            (
                "tests/unit/test_verdict_rules.py::test_a_forall_bound_counts_its_undecided_trials_as_failures[kept_f"
                "rom_supported]"
            ),
        ),
    ),
    CodeMutant(
        "runner_false_as_stated_always",
        "claims/engine/runner.py",
        '    if verdict is Verdict.REFUTED:\n        return f"false as stated, as expected',
        '    if verdict is not Verdict.SUPPORTED:\n        return f"false as stated, as expected',
        (
            (
                "tests/unit/test_verdict_rules.py::test_a_claim_false_as_stated_says_as_expected_only_where_the_run_r"
                "efuted_it[True-True-INCONCLUSIVE]"
            ),
        ),
    ),
    CodeMutant(
        "runner_design_forall_eps",
        "claims/engine/design.py",
        "FORALL_EPSILON = 0.05",
        "FORALL_EPSILON = 0.1",
        ("tests/unit/test_verdict_rules.py::test_forall_supports_only_at_the_bound_its_design_aims_at",),
    ),
    CodeMutant(
        "runner_design_default_eps_delta",
        "claims/engine/design.py",
        "return min(delta, 1 - delta) / 2",
        "return delta / 2",
        (
            (
                "tests/unit/test_verdict_rules.py::test_a_delta_above_one_half_is_tested_with_its_zone_inside_the_uni"
                "t_interval[0.8]"
            ),
        ),
    ),
    CodeMutant(
        "runner_design_premise_factor",
        "claims/engine/design.py",
        "PREMISE_BUDGET_FACTOR = 4",
        "PREMISE_BUDGET_FACTOR = 2",
        (
            (
                "tests/unit/test_verdict_rules.py::test_a_run_whose_premise_holds_in_a_third_of_its_trials_draws_on_u"
                "ntil_it_held_in_the_trials_it_needs[conditional]"
            ),
        ),
    ),
    CodeMutant(
        "runner_design_forall_trials_many_looks",
        "claims/engine/design.py",
        "schedule = geometric_schedule(n, looks if trials is None else 1)",
        "schedule = geometric_schedule(n, looks)",
        ("tests/unit/test_verdict_rules.py::test_trials_n_is_one_look_at_n_trials",),
    ),
    CodeMutant(
        "runner_design_whp_alpha_beta_swapped",
        "claims/engine/design.py",
        "SequentialDesign.for_failure_rate(delta, epsilon, alpha, beta, trials, max_trials)",
        "SequentialDesign.for_failure_rate(delta, epsilon, beta, alpha, trials, max_trials)",
        (
            (
                "tests/unit/test_verdict_rules.py::test_the_false_pass_budget_is_alpha_unless_set_and_each_budget_goe"
                "s_where_it_is_named"
            ),
        ),
    ),
    CodeMutant(
        "runner_design_counts_premise_conditional_only",
        "claims/engine/design.py",
        "return claim.kind in (Kind.FORALL, Kind.CONDITIONAL)",
        "return claim.kind is Kind.CONDITIONAL",
        (
            (
                "tests/unit/test_verdict_rules.py::test_a_run_whose_premise_holds_in_a_third_of_its_trials_draws_on_u"
                "ntil_it_held_in_the_trials_it_needs[forall]"
            ),
        ),
    ),
    CodeMutant(
        "runner_reasons_tail_decisive_ignored",
        "claims/engine/reasons.py",
        '    if f.get("decisive"):\n        return "too many',
        '    if False:\n        return "too many',
        ("tests/unit/test_futility.py::test_the_runner_says_whether_the_undecided_trials_stopped_the_run",),
    ),
    CodeMutant(
        "runner_result_public_no_seed",
        "claims/engine/result.py",
        '        "seed",\n        "device",',
        '        "device",',
        ("tests/cli/test_cli.py::test_python_api_check_matches_cli_fields",),
    ),
    CodeMutant(
        "runner_result_from_json_margins_dropped",
        "claims/engine/result.py",
        'kw["margins"] = tuple(data.get("margins", ()))',
        'kw["margins"] = ()',
        ("tests/unit/test_verdict_rules.py::test_a_result_read_back_from_its_json_is_the_same_result",),
    ),
    CodeMutant(
        "runner_no_cap",
        "claims/engine/runner.py",
        "< target and tally.drawn < cap:",
        "< target:",
        (
            (
                "tests/unit/test_verdict_rules.py::test_a_conditional_run_whose_premise_never_holds_draws_its_budget_"
                "and_stops_vacuous"
            ),
        ),
    ),
    CodeMutant(
        "runner_scaling_missing_measurement_said_as_fit",
        "claims/engine/runner.py",
        "if not tally.undecided and not reason:",
        "if not reason:",
        ("tests/unit/test_stats.py::test_scaling_with_an_undecided_measurement_is_inconclusive",),
    ),
    CodeMutant(
        "reasons_fit_level_rounded_to_100",
        "claims/engine/reasons.py",
        "{percent(f['level'])}% interval",
        "{f['level']:.4g}% interval",
        ("tests/unit/test_reasons.py::test_a_fits_level_is_written_with_the_digits_that_tell_it_from_100",),
    ),
    CodeMutant(
        "sections_regimes_text_of_every_regime",
        "claims/report/sections/du2018a_widths.py",
        '    held = {r["regime"] for r in data["rows"]}',
        '    held = set(data["regimes"]) | {r["regime"] for r in data["rows"]}',
        ("tests/unit/test_report_widths.py::test_the_regimes_text_describes_only_the_regimes_the_rows_hold",),
    ),
    # models/ dynamics, deep smooth net, clc2018 rate accuracy, safran2018, relu kink
    CodeMutant(
        "srdyn_relerr_no_identity",
        "models/shallow_residual_dynamics.py",
        "torch.linalg.matrix_norm(W_star + eye)",
        "torch.linalg.matrix_norm(W_star)",
        (
            (
                "tests/unit/test_shallow_residual.py::test_relative_error_divides_by_the_whole_first_layer_and_the_ru"
                "n_records_it"
            ),
        ),
    ),
    CodeMutant(
        "srdyn_fixed_step_factor_ignored",
        "models/shallow_residual_dynamics.py",
        'return factor * sr.theory_step(spec["s_min"], spec["s_max"])',
        'return sr.theory_step(spec["s_min"], spec["s_max"])',
        ("tests/unit/test_shallow_residual.py::test_halving_keeps_a_too_large_constant_step_stable",),
    ),
    CodeMutant(
        "srdyn_step_factor_ignored",
        "models/shallow_residual_dynamics.py",
        "eta = step_factor * sr.theory_step(",
        "eta = sr.theory_step(",
        ("tests/unit/test_shallow_residual.py::test_the_step_factor_scales_the_theory_step_of_every_iteration",),
    ),
    CodeMutant(
        "srdyn_batch_cache_never_refreshed",
        "models/shallow_residual_dynamics.py",
        "if self.cached_for is None or self.cached_for.numel() != active.numel():",
        "if self.cached_for is None:",
        ("tests/unit/test_shallow_residual.py::test_am_and_gd_recover_the_teacher[fixed]",),
    ),
    CodeMutant(
        "srdyn_stopped_off_by_one",
        "models/shallow_residual_dynamics.py",
        "stopped[active[rel < stop_rel]] = t",
        "stopped[active[rel < stop_rel]] = t + 1",
        ("tests/unit/test_shallow_residual.py::test_a_trial_stops_at_the_first_iterate_within_stop_rel",),
    ),
    CodeMutant(
        "srdyn_halve_wrong_index",
        "models/shallow_residual_dynamics.py",
        "eta[active[rose]] *= 0.5",
        "eta[rose] *= 0.5",
        ("tests/unit/test_shallow_residual.py::test_halving_keeps_a_too_large_constant_step_stable",),
    ),
    CodeMutant(
        "srdyn_halve_never_remembers",
        "models/shallow_residual_dynamics.py",
        "            last_loss[active] = loss\n",
        "",
        ("tests/unit/test_shallow_residual.py::test_halving_keeps_a_too_large_constant_step_stable",),
    ),
    CodeMutant(
        "srdyn_eta_not_copied",
        "models/shallow_residual_dynamics.py",
        "eta = None if eta is None else eta.clone()",
        "eta = eta",
        ("tests/unit/test_shallow_residual.py::test_halving_acts_on_the_runs_own_copy_of_the_step",),
    ),
    CodeMutant(
        "srdyn_scale_without_identity",
        "models/shallow_residual_dynamics.py",
        "scale = torch.linalg.matrix_norm(W_star + torch.eye(d, dtype=W0.dtype, device=W0.device))",
        "scale = torch.linalg.matrix_norm(W_star)",
        (
            (
                "tests/unit/test_shallow_residual.py::test_relative_error_divides_by_the_whole_first_layer_and_the_ru"
                "n_records_it"
            ),
        ),
    ),
    CodeMutant(
        "srdyn_pack_width_overflow",
        "models/shallow_residual_dynamics.py",
        "    width = 62\n",
        "    width = 70\n",
        ("tests/unit/test_shallow_residual.py::test_pattern_keys_tell_every_single_flip_apart",),
    ),
    CodeMutant(
        "srdyn_cycle_without_not_newly",
        "models/shallow_residual_dynamics.py",
        "cyc = (status == 0) & ~newly & seen",
        "cyc = (status == 0) & seen",
        (),
        (
            "a trial that meets the threshold at t (newly) is set to status 1, steps t on the very next line, whi"
            "ch overwrites the −1 and t that the mutant's cyc gives it: status and steps are unchanged"
        ),
    ),
    CodeMutant(
        "srdyn_cycle_steps_off_by_one",
        "models/shallow_residual_dynamics.py",
        "status[cyc], steps[cyc] = -1, t",
        "status[cyc], steps[cyc] = -1, t + 1",
        ("tests/unit/test_shallow_residual.py::test_am_until_cycle_reports_the_iteration_that_decided",),
    ),
    CodeMutant(
        "srdyn_fresh_draws_active_only",
        "models/shallow_residual_dynamics.py",
        "        else:\n            X, y = self._draw()\n        return X[active], y[active]",
        (
            "        else:\n            X, y = self._draw()\n            return X[: active.numel()], y[: active.n"
            "umel()]\n        return X[active], y[active]"
        ),
        ("tests/unit/test_shallow_residual.py::test_regimes_fixed_reuses_and_fresh_redraws",),
    ),
    CodeMutant(
        "deepsmooth_forward_scale_by_input_width",
        "models/deep_smooth_net.py",
        "math.sqrt(act.c_sigma / W.shape[-2])",
        "math.sqrt(act.c_sigma / W.shape[-1])",
        ("tests/unit/test_deep_smooth.py::test_deep_gram_limit_is_k_with_the_corrected_superscript",),
    ),
    CodeMutant(
        "deepsmooth_backward_update_before_use",
        "models/deep_smooth_net.py",
        (
            "        if h:\n            delta = gs[-1] @ weights[h]\n        if update is not None:\n            "
            "update(h, gs[-1])\n"
        ),
        (
            "        if update is not None:\n            update(h, gs[-1])\n        if h:\n            delta = gs"
            "[-1] @ weights[h]\n"
        ),
        ("tests/unit/test_deep_smooth.py::test_gradient_descent_records_the_residual_of_each_step",),
    ),
    CodeMutant(
        "deepsmooth_last_gram_wrong_layer",
        "models/deep_smooth_net.py",
        "return (xs[-2] @ xs[-2].transpose(-1, -2)) * (D @ D.transpose(-1, -2)) * (act.c_sigma / m)",
        "return (xs[-1] @ xs[-1].transpose(-1, -2)) * (D @ D.transpose(-1, -2)) * (act.c_sigma / m)",
        ("tests/unit/test_deep_smooth.py::test_depth_one_gram_mean_is_k[softplus]",),
    ),
    CodeMutant(
        "deepsmooth_ntk_without_a",
        "models/deep_smooth_net.py",
        "    G = xs[-1] @ xs[-1].transpose(-1, -2)\n",
        "    G = torch.zeros_like(u.unsqueeze(-1) * u.unsqueeze(-2))\n",
        ("tests/unit/test_deep_smooth.py::test_softplus_deep_gram_and_all_layer_limit",),
    ),
    CodeMutant(
        "deepsmooth_gd_a_not_updated",
        "models/deep_smooth_net.py",
        "        a.sub_(eta[..., None] * grad_a)\n",
        "",
        ("tests/unit/test_deep_smooth.py::test_gradient_descent_records_the_residual_of_each_step",),
    ),
    CodeMutant(
        "deepsmooth_psd_sqrt_rows",
        "models/deep_smooth_net.py",
        "return Q * lam.clamp_min(0).sqrt().unsqueeze(-2)",
        "return Q * lam.clamp_min(0).sqrt().unsqueeze(-1)",
        ("tests/unit/test_deep_smooth.py::test_gram_at_init_has_the_law_of_the_net[softplus-2]",),
    ),
    CodeMutant(
        "deepsmooth_neuron_sums_chunk_overshoot",
        "models/deep_smooth_net.py",
        "        k = min(step, m - s)\n",
        "        k = step\n",
        ("tests/unit/test_deep_smooth.py::test_neuron_sums_add_exactly_m_neurons_however_they_are_chunked[2688]",),
    ),
    CodeMutant(
        "deepsmooth_neuron_sums_without_a",
        "models/deep_smooth_net.py",
        "            v = g(z) * a\n",
        "            v = g(z)\n",
        ("tests/unit/test_deep_smooth.py::test_gram_at_init_has_the_law_of_the_net[softplus-2]",),
    ),
    CodeMutant(
        "deepsmooth_at_init_hidden_not_scaled",
        "models/deep_smooth_net.py",
        "S = _neuron_sums(S, m, generator, act.sigma) * (act.c_sigma / m)",
        "S = _neuron_sums(S, m, generator, act.sigma) * (1 / m)",
        ("tests/unit/test_deep_smooth.py::test_gram_at_init_has_the_law_of_the_net[softplus-2]",),
    ),
    CodeMutant(
        "rate_acc_miss_all_checkpoints",
        "claims/catalogue/clc2018/rate_accuracy.py",
        "miss = ((ref_hi < lo) | (ref_lo > hi)).any(0)",
        "miss = ((ref_hi < lo) | (ref_lo > hi)).all(0)",
        (
            (
                "tests/unit/test_report_clc2018_rate_accuracy.py::test_a_bracket_that_misses_the_flow_at_one_checkpoi"
                "nt_is_a_miss"
            ),
        ),
    ),
    CodeMutant(
        "rate_acc_distance_plus_half",
        "claims/catalogue/clc2018/rate_accuracy.py",
        "/ 2).abs() - ref_half",
        "/ 2).abs() + ref_half",
        (
            (
                "tests/unit/test_report_clc2018_rate_accuracy.py::test_a_bracket_equal_to_the_reference_lies_inside_i"
                "t_by_its_half_width"
            ),
        ),
    ),
    CodeMutant(
        "rate_acc_h_over_horizon",
        "claims/catalogue/clc2018/rate_accuracy.py",
        'h = run["span"] / (chunk * flow.RATE_CHECKPOINTS)',
        'h = run["T"] / (chunk * flow.RATE_CHECKPOINTS)',
        (
            (
                "tests/unit/test_report_clc2018_rate_accuracy.py::test_a_bracket_equal_to_the_reference_lies_inside_i"
                "t_by_its_half_width"
            ),
        ),
    ),
    CodeMutant(
        "rate_acc_contradicted_one_way",
        "claims/catalogue/clc2018/rate_accuracy.py",
        "contradicted = (passed & ref_violated) | (failed & ref_holds)",
        "contradicted = passed & ref_violated",
        (
            (
                "tests/unit/test_report_clc2018_rate_accuracy.py::test_a_decision_the_finer_bracket_reverses_is_count"
                "ed_as_contradicted"
            ),
        ),
    ),
    CodeMutant(
        "rate_acc_miss_not_premise",
        "claims/catalogue/clc2018/rate_accuracy.py",
        '"miss": (miss & held).tolist(),',
        '"miss": miss.tolist(),',
        (),
        (
            "no unit has a trial outside the premise: rate_init meets it by construction (α_j ≥ 0.51·σ_min(W_{j+1"
            "})² ≫ eig_tol), and the only parameters that break it (alpha_rank = smallest where d_j ≥ 2·d_{j+1}, "
            "the d_{j+1}-th smallest eigenvalue of C_j then one of its d_j − d_{j+1} negative ones) break it for "
            "every trial at once, where rate_run stops with an error (a negative step, T = horizon/α < 0) before "
            "a miss is counted"
        ),
    ),
    CodeMutant(
        "rate_acc_ratio_with_nonfinite",
        "claims/catalogue/clc2018/rate_accuracy.py",
        '"miss_ratio": ratio[held & finite].tolist(),',
        '"miss_ratio": ratio[held].tolist(),',
        (
            (
                "tests/unit/test_report_clc2018_rate_accuracy.py::test_a_trial_whose_euler_runs_overflow_is_kept_out_"
                "of_the_ratios"
            ),
        ),
    ),
    CodeMutant(
        "safran_gap_gate_dropped",
        "claims/catalogue/landscape/safran2018.py",
        "ok = e.critical & curv & gap_ok",
        "ok = e.critical & curv",
        ("tests/unit/test_landscapes.py::test_a_spurious_witness_needs_its_loss_above_the_gap_beyond_rounding",),
    ),
    CodeMutant(
        "safran_curv_gate_dropped",
        "claims/catalogue/landscape/safran2018.py",
        "ok = e.critical & curv & gap_ok",
        "ok = e.critical & gap_ok",
        (
            (
                "tests/mutants/test_mutants.py::test_mutant_is_refuted_from_the_defaults[landscape.spurious_minima_re"
                "lu:negative_curvature]"
            ),
        ),
    ),
    CodeMutant(
        "safran_prescreen_gap_dropped",
        "claims/catalogue/landscape/safran2018.py",
        'cand = (p["loss_gap"] < L) & (gnorm <= 10 * gt) & smooth',
        "cand = (gnorm <= 10 * gt) & smooth",
        ("tests/unit/test_landscapes.py::test_no_start_below_the_gap_is_examined",),
    ),
    CodeMutant(
        "safran_eta_not_over_k",
        "claims/catalogue/landscape/safran2018.py",
        'eta = p["eta_k"] / k',
        'eta = p["eta_k"]',
        ("tests/unit/test_landscapes.py::test_spurious_witness_needs_a_verified_positive_curvature",),
    ),
    CodeMutant(
        "safran_stall_not_added",
        "claims/catalogue/landscape/safran2018.py",
        'gt = (p["grad_tol"] + stall_gradient(flat, eta)).double()',
        'gt = torch.full((flat.shape[0],), p["grad_tol"], dtype=torch.float64)',
        ("tests/unit/test_landscapes.py::test_a_float32_end_point_is_critical_to_its_stall_level",),
    ),
    CodeMutant(
        "safran_owner_modulo",
        "claims/catalogue/landscape/safran2018.py",
        "owner = idx // S",
        "owner = idx % S",
        ("tests/unit/test_landscapes.py::test_spurious_witness_needs_a_verified_positive_curvature",),
    ),
    CodeMutant(
        "safran_share_not_per_start",
        "claims/catalogue/landscape/safran2018.py",
        "share = share.index_add(0, owner, ok.to(dtype)) / S",
        "share = share.index_add(0, owner, ok.to(dtype))",
        ("tests/unit/test_landscapes.py::test_the_share_is_the_verified_starts_over_all_starts",),
    ),
    CodeMutant(
        "kink_x_not_unit",
        "claims/catalogue/landscape/relu_kink.py",
        "    x = x / x.norm(dim=-1, keepdim=True)\n",
        "",
        ("tests/claims/test_claims.py::test_claim_is_supported[cpu-landscape.relu_not_c2]",),
    ),
    CodeMutant(
        "kink_w_not_on_hyperplane",
        "claims/catalogue/landscape/relu_kink.py",
        "    w = w - (w * x).sum(-1, keepdim=True) * x  # on the hyperplane wᵀx = 0\n",
        "",
        ("tests/claims/test_claims.py::test_claim_is_supported[cpu-landscape.relu_not_c2]",),
    ),
    CodeMutant(
        "kink_threshold_one",
        "claims/catalogue/landscape/relu_kink.py",
        "passed, undecided = compare_at_least(jump, 0.5, 16 * d * torch.finfo(dtype).eps)",
        "passed, undecided = compare_at_least(jump, 1.0, 16 * d * torch.finfo(dtype).eps)",
        ("tests/claims/test_claims.py::test_claim_is_supported[cpu-landscape.relu_not_c2]",),
    ),
    CodeMutant(
        "kink_max_of_scales",
        "claims/catalogue/landscape/relu_kink.py",
        "jump = torch.minimum(*jumps)",
        "jump = torch.maximum(*jumps)",
        ("tests/unit/test_landscapes.py::test_a_smooth_loss_records_a_jump_of_the_order_of_the_smallest_offset",),
    ),
    CodeMutant(
        "kink_offset_factor_one",
        "claims/catalogue/landscape/relu_kink.py",
        "s_min = (64 * d * torch.finfo(dtype).eps",
        "s_min = (1 * d * torch.finfo(dtype).eps",
        (),
        (
            "64 is a safety factor over the worst-case rounding d·eps·(1 + ‖w‖) of (w ± s x)ᵀx: in float64 the fl"
            "oor 1e-8 is the larger up to d ≈ 7000, and in float32 the actual rounding is far below the bound (at"
            " factor 1, 4000 trials at each of d = 1, 4, 20, 50 all passed); the offset without its dtype term, k"
            "ink_offset_without_rounding_term, is killed"
        ),
    ),
    CodeMutant(
        "kink_offset_without_rounding_term",
        "claims/catalogue/landscape/relu_kink.py",
        "s_min = (64 * d * torch.finfo(dtype).eps * (1 + w.norm(dim=-1, keepdim=True))).clamp_min(1e-8)",
        "s_min = torch.full_like(w[:, :1], 1e-8)",
        ("tests/unit/test_landscapes.py::test_in_float32_every_point_of_the_kink_is_still_a_witness",),
    ),
    CodeMutant(
        "kink_cost_cubic",
        "claims/catalogue/landscape/relu_kink.py",
        "return d * d, 4 * 8.0 * d * d + 4.0 * d * d",
        "return d * d, 4 * 8.0 * d * d * d + 4.0 * d * d",
        ("tests/unit/test_work_limit.py::test_a_run_of_days_is_refused_before_its_first_trial[args10-e+09 per trial]",),
    ),
    # du2018a.widths (claims/catalogue/du2018a/widths.py), its section and the du2018a experiments (fig1, digits)
    CodeMutant(
        "widths_coarse_grid_one_halving_short",
        "claims/catalogue/du2018a/widths.py",
        "for j in range(plan.steps + 1)})",
        "for j in range(plan.steps)})",
        ("tests/unit/test_two_stage_widths.py::test_the_experiment_draws_a_second_stage_within_its_alpha",),
    ),
    CodeMutant(
        "widths_doublings_top_2mb",
        "claims/catalogue/du2018a/widths.py",
        ", 4 * m_b",
        ", 2 * m_b",
        ("tests/unit/test_two_stage_widths.py::test_the_experiment_draws_a_second_stage_within_its_alpha",),
    ),
    CodeMutant(
        "widths_training_grid_from_4",
        "claims/catalogue/du2018a/widths.py",
        "geometric_widths(2, plan.start, 2.0)",
        "geometric_widths(4, plan.start, 2.0)",
        (
            (
                "tests/unit/test_widths_search.py::test_training_sweeps_double_from_their_coarse_grid_and_bisect_to_t"
                "he_plans_rounds"
            ),
        ),
    ),
    CodeMutant(
        "widths_next_quadruple_to_triple",
        "claims/catalogue/du2018a/widths.py",
        "min(top, largest * 4)",
        "min(top, largest * 3)",
        ("tests/unit/test_report_widths.py::test_next_round_doubles_then_bisects",),
    ),
    CodeMutant(
        "widths_most_points_floor",
        "claims/catalogue/du2018a/widths.py",
        "max(0, math.ceil(math.log2(top / grid[-1])))",
        "max(0, math.floor(math.log2(top / grid[-1])))",
        ("tests/unit/test_widths_search.py::test_the_alpha_share_is_fixed_for_the_most_points_every_sweep_could_take",),
    ),
    CodeMutant(
        "widths_most_points_no_rounds",
        "claims/catalogue/du2018a/widths.py",
        "math.log2(top / grid[-1]))) + rounds",
        "math.log2(top / grid[-1])))",
        ("tests/unit/test_report_widths.py::test_next_round_doubles_then_bisects",),
    ),
    CodeMutant(
        "widths_unseen_no_doublings",
        "claims/catalogue/du2018a/widths.py",
        "plan.steps + 1 + 2 + rounds",
        "plan.steps + 1 + rounds",
        ("tests/unit/test_two_stage_widths.py::test_the_experiment_draws_a_second_stage_within_its_alpha",),
    ),
    CodeMutant(
        "widths_second_stage_stops_before_most",
        "claims/catalogue/du2018a/widths.py",
        "range(draws, most + 1)",
        "range(draws, most)",
        ("tests/unit/test_two_stage_widths.py::test_the_second_stage_draws_the_fewest_x_that_meet_the_goal",),
    ),
    CodeMutant(
        "widths_log_midpoint_hi",
        "claims/catalogue/du2018a/widths.py",
        'math.sqrt(r[key]["bracket"][0] * r[key]["bracket"][1])',
        'r[key]["bracket"][1]',
        (
            (
                "tests/unit/test_two_stage_widths.py::test_the_pilots_scale_is_the_scatter_of_the_brackets_geometric_"
                "midpoints"
            ),
        ),
    ),
    CodeMutant(
        "widths_data_seed_draw0_new_key",
        "claims/catalogue/du2018a/widths.py",
        "key if draw == 0 else",
        "key if draw < 0 else",
        ("tests/unit/test_report_widths.py::test_draws_are_rows_of_their_own",),
    ),
    CodeMutant(
        "widths_data_seed_d2n_key",
        "claims/catalogue/du2018a/widths.py",
        'if regime == "d = 2n" else',
        'if regime == "d = 2N" else',
        ("tests/unit/test_widths_merge.py::test_shipped_rows_hold_the_x_of_their_regime_n_and_draw",),
    ),
    CodeMutant(
        "widths_lambda0_second_eigenvalue",
        "claims/catalogue/du2018a/widths.py",
        "lam0, lam_max = float(spectrum[0])",
        "lam0, lam_max = float(spectrum[1])",
        (
            (
                "tests/unit/test_report_widths.py::test_each_row_has_its_regimes_d_its_lambda0_and_each_width_at_its_"
                "own_claims_delta"
            ),
        ),
    ),
    CodeMutant(
        "widths_bernstein_flow_delta",
        "claims/catalogue/du2018a/widths.py",
        'bernstein_width_lemma3_1(bern, lam0, delta["lemma3_1"])',
        'bernstein_width_lemma3_1(bern, lam0, delta["thm3_2"])',
        ("tests/unit/test_report_widths.py::test_rows_brackets_and_resolution",),
    ),
    CodeMutant(
        "widths_flow_width_gd_delta",
        "claims/catalogue/du2018a/widths.py",
        'du2018a_thm3_2(n, d, lam0, delta["thm3_2"])',
        'du2018a_thm3_2(n, d, lam0, delta["thm4_1"])',
        (
            (
                "tests/unit/test_report_widths.py::test_each_row_has_its_regimes_d_its_lambda0_and_each_width_at_its_"
                "own_claims_delta"
            ),
        ),
    ),
    CodeMutant(
        "widths_unreachable_strict",
        "claims/catalogue/du2018a/widths.py",
        'if k_inf <= p["max_steps"]:',
        'if k_inf < p["max_steps"]:',
        (
            (
                "tests/unit/test_report_widths.py::test_a_gd_sweep_whose_horizon_at_h_infinity_is_out_of_reach_is_unr"
                "eachable"
            ),
        ),
    ),
    CodeMutant(
        "widths_bisection_limit_off_by_one",
        "claims/catalogue/du2018a/widths.py",
        "if bisections[i] >= limit:",
        "if bisections[i] > limit:",
        (
            (
                "tests/unit/test_widths_search.py::test_training_sweeps_double_from_their_coarse_grid_and_bisect_to_t"
                "he_plans_rounds"
            ),
        ),
    ),
    CodeMutant(
        "widths_item_alpha_whole",
        "claims/catalogue/du2018a/widths.py",
        '"alpha": share, **where}',
        '"alpha": ctx.alpha, **where}',
        ("tests/unit/test_widths_search.py::test_the_alpha_share_is_fixed_for_the_most_points_every_sweep_could_take",),
    ),
    CodeMutant(
        "widths_item_regime_data_dropped",
        "claims/catalogue/du2018a/widths.py",
        '**REGIMES[row["regime"]].data, **EXTRA[key]}',
        "**EXTRA[key]}",
        (
            (
                "tests/unit/test_widths_search.py::test_each_point_runs_on_its_rows_x_with_its_regimes_data_and_its_c"
                "laims_step"
            ),
        ),
    ),
    CodeMutant(
        "widths_point_level_whole",
        "claims/catalogue/du2018a/widths.py",
        '{**point, "level": share}',
        '{**point, "level": ctx.alpha}',
        ("tests/unit/test_widths_search.py::test_the_alpha_share_is_fixed_for_the_most_points_every_sweep_could_take",),
    ),
    CodeMutant(
        "widths_unseen_counts_pilot_again",
        "claims/catalogue/du2018a/widths.py",
        "(plan.most_draws(regime) - plan.draws_of(regime)) * len(ns)",
        "plan.most_draws(regime) * len(ns)",
        ("tests/unit/test_two_stage_widths.py::test_the_experiment_draws_a_second_stage_within_its_alpha",),
    ),
    CodeMutant(
        "widths_joint_from_one_regime",
        "claims/catalogue/du2018a/widths.py",
        'both = len({r["regime"] for r in mine}) > 1',
        'both = len({r["regime"] for r in mine}) >= 1',
        ("tests/unit/test_widths_merge.py::test_a_whole_run_split_by_claim_and_merged_gives_back_its_rows_and_fits",),
    ),
    CodeMutant(
        "widths_merge_lambda0_unchecked",
        "claims/catalogue/du2018a/widths.py",
        'if have["seed"] != r["seed"] or not math.isclose(have["lambda0"], r["lambda0"], rel_tol=1e-9):',
        'if have["seed"] != r["seed"]:',
        ("tests/unit/test_widths_merge.py::test_rows_of_one_key_with_another_x_are_refused",),
    ),
    CodeMutant(
        "widths_merge_draws_min",
        "claims/catalogue/du2018a/widths.py",
        "regime: max(sum(",
        "regime: min(sum(",
        ("tests/unit/test_widths_merge.py::test_a_merges_plan_counts_the_most_x_any_n_holds",),
    ),
    CodeMutant(
        "widths_select_draw_any_all",
        "claims/catalogue/du2018a/widths.py",
        "if any(d < plan.draws_of(r) for d in draws)",
        "if all(d < plan.draws_of(r) for d in draws)",
        (
            (
                "tests/unit/test_widths_selection.py::test_a_draw_selection_keeps_every_regime_that_has_one_of_the_x_"
                "it_names"
            ),
        ),
    ),
    CodeMutant(
        "widths_regime_d2n_plus_two",
        "claims/catalogue/du2018a/widths.py",
        '"d = 2n": Regime(lambda n: 2 * n)',
        '"d = 2n": Regime(lambda n: 2 * n + 2)',
        (
            (
                "tests/unit/test_report_widths.py::test_each_row_has_its_regimes_d_its_lambda0_and_each_width_at_its_"
                "own_claims_delta"
            ),
        ),
    ),
    CodeMutant(
        "widths_nominal_du_b",
        "claims/catalogue/du2018a/widths.py",
        '"du2018a": (6, 4)',
        '"du2018a": (6, 3)',
        ("tests/unit/test_report_widths.py::test_the_nominal_exponents_are_the_orders_of_the_theories_own_widths",),
    ),
    CodeMutant(
        "widths_nominal_hoeffding_b",
        "claims/catalogue/du2018a/widths.py",
        '"lemma3_1_hoeffding": (2, 2)',
        '"lemma3_1_hoeffding": (2, 1)',
        ("tests/unit/test_report_widths.py::test_the_nominal_exponents_are_the_orders_of_the_theories_own_widths",),
    ),
    CodeMutant(
        "widths_confidence_90",
        "claims/catalogue/du2018a/widths.py",
        "CONFIDENCE = 0.95",
        "CONFIDENCE = 0.9",
        ("tests/unit/test_two_stage_widths.py::test_the_second_stage_draws_the_fewest_x_that_meet_the_goal",),
    ),
    CodeMutant(
        "experiments_fig1_data_seed_per_width",
        "claims/catalogue/du2018a/experiments.py",
        'manual_seed(item["data_seed"])',
        'manual_seed(item["seed"])',
        (
            (
                "tests/unit/test_report_du2018a_fig1.py::test_each_runs_loss_starts_at_half_the_squared_residual_of_i"
                "ts_own_initialisation"
            ),
        ),
    ),
    CodeMutant(
        "experiments_fig1_loss_not_halved",
        "claims/catalogue/du2018a/experiments.py",
        "(run.residual_sq[0] / 2)",
        "run.residual_sq[0]",
        (
            (
                "tests/unit/test_report_du2018a_fig1.py::test_each_runs_loss_starts_at_half_the_squared_residual_of_i"
                "ts_own_initialisation"
            ),
        ),
    ),
    CodeMutant(
        "experiments_fig1_eta_half",
        "claims/catalogue/du2018a/experiments.py",
        'eta_scale=1.0, every=item["every"]',
        'eta_scale=0.5, every=item["every"]',
        ("tests/unit/test_report_du2018a_fig1.py::test_every_width_trains_on_one_data_set_at_the_papers_step",),
    ),
    CodeMutant(
        "experiments_fig1_exponent_of_patterns",
        "claims/catalogue/du2018a/experiments.py",
        "[f[3] for f in final], 0.95)",
        "[f[2] for f in final], 0.95)",
        (
            (
                "tests/unit/test_report_du2018a_fig1.py::test_the_distance_exponent_is_the_slope_of_the_final_distanc"
                "es_in_m"
            ),
        ),
    ),
    CodeMutant(
        "experiments_digits_quartiles_swapped",
        "claims/catalogue/du2018a/experiments.py",
        "torch.tensor([0.25, 0.5, 0.75]",
        "torch.tensor([0.5, 0.25, 0.75]",
        (
            (
                "tests/unit/test_report_du2018a_digits.py::test_each_rows_quartiles_are_in_order_and_m1_is_taken_at_t"
                "he_median_lambda0"
            ),
        ),
    ),
    CodeMutant(
        "experiments_digits_m1_at_lower_quartile",
        "claims/catalogue/du2018a/experiments.py",
        "literal_width_lemma3_1(n, q[1], delta)",
        "literal_width_lemma3_1(n, q[0], delta)",
        (
            (
                "tests/unit/test_report_du2018a_digits.py::test_each_rows_quartiles_are_in_order_and_m1_is_taken_at_t"
                "he_median_lambda0"
            ),
        ),
    ),
    CodeMutant(
        "experiments_digits_ratio_inverted",
        "claims/catalogue/du2018a/experiments.py",
        "ratio = two_layer.label_complexity(H, rand.to(ctx.dtype)) / two_layer.label_complexity(H, y)",
        "ratio = two_layer.label_complexity(H, y) / two_layer.label_complexity(H, rand.to(ctx.dtype))",
        ("tests/unit/test_report_du2018a_digits.py::test_the_digits_own_labels_are_easier_than_random_labels",),
    ),
    CodeMutant(
        "sections_widths_bracket_swapped",
        "claims/report/sections/du2018a_widths.py",
        "({lo:.0f}, {hi:.0f}]",
        "({hi:.0f}, {lo:.0f}]",
        (
            (
                "tests/unit/test_report_widths.py::test_a_table_cell_gives_m_star_with_its_bracket_and_each_theorys_w"
                "idth_over_it"
            ),
        ),
    ),
    CodeMutant(
        "sections_widths_ratio_inverted",
        "claims/report/sections/du2018a_widths.py",
        "({width / sweep['m_star']:.3g}×)",
        "({sweep['m_star'] / width:.3g}×)",
        (
            (
                "tests/unit/test_report_widths.py::test_a_table_cell_gives_m_star_with_its_bracket_and_each_theorys_w"
                "idth_over_it"
            ),
        ),
    ),
    CodeMutant(
        "sections_widths_interval_full_width",
        "claims/report/sections/du2018a_widths.py",
        'return f"{c:.2f} [{lo:.2f}, {hi:.2f}] (±{(hi - lo) / 2:.2f})"',
        'return f"{c:.2f} [{lo:.2f}, {hi:.2f}] (±{hi - lo:.2f})"',
        (
            (
                "tests/unit/test_report_widths.py::test_the_joint_table_gives_b_as_the_negated_lambda0_coefficient_wi"
                "th_its_intervals"
            ),
        ),
    ),
    CodeMutant(
        "sections_widths_stein_pilot_le",
        "claims/report/sections/du2018a_widths.py",
        'r["draw"] < stage["pilot"]',
        'r["draw"] <= stage["pilot"]',
        (
            (
                "tests/unit/test_two_stage_widths.py::test_the_fits_table_shows_steins_interval_and_says_what_the_pil"
                "ot_measured"
            ),
        ),
    ),
    CodeMutant(
        "sections_widths_joint_b_scatter_unsigned",
        "claims/report/sections/du2018a_widths.py",
        "_scatter(data, key, joint, 1, -1.0)",
        "_scatter(data, key, joint, 1)",
        (
            (
                "tests/unit/test_report_widths.py::test_the_joint_table_gives_b_as_the_negated_lambda0_coefficient_wi"
                "th_its_intervals"
            ),
        ),
    ),
    CodeMutant(
        "sections_widths_joint_b_bounds_swapped",
        "claims/report/sections/du2018a_widths.py",
        "[{-hi:.2f}, {-lo:.2f}]",
        "[{-lo:.2f}, {-hi:.2f}]",
        (
            (
                "tests/unit/test_report_widths.py::test_the_joint_table_gives_b_as_the_negated_lambda0_coefficient_wi"
                "th_its_intervals"
            ),
        ),
    ),
    CodeMutant(
        "sections_widths_lack_of_fit_verdict_flipped",
        "claims/report/sections/du2018a_widths.py",
        '"no" if test.p_value < 0.05 else',
        '"no" if test.p_value > 0.05 else',
        (
            (
                "tests/unit/test_report_widths.py::test_the_shape_table_reads_the_bend_and_the_local_exponents_from_t"
                "he_rows"
            ),
        ),
    ),
    CodeMutant(
        "sections_widths_local_slope_log_b",
        "claims/report/sections/du2018a_widths.py",
        "/ math.log(b / a)",
        "/ math.log(b)",
        (
            (
                "tests/unit/test_report_widths.py::test_the_shape_table_reads_the_bend_and_the_local_exponents_from_t"
                "he_rows"
            ),
        ),
    ),
    CodeMutant(
        "sections_widths_goal_met_flipped",
        "claims/report/sections/du2018a_widths.py",
        'goal = "meets" if st["met"]',
        'goal = "meets" if not st["met"]',
        (
            (
                "tests/unit/test_two_stage_widths.py::test_the_fits_table_shows_steins_interval_and_says_what_the_pil"
                "ot_measured"
            ),
        ),
    ),
    CodeMutant(
        "sections_widths_fewer_le",
        "claims/report/sections/du2018a_widths.py",
        "if c < most)",
        "if c <= most)",
        ("tests/unit/test_report_widths.py::test_the_fit_text_counts_the_x_the_rows_hold_not_the_plan",),
    ),
    CodeMutant(
        "sections_widths_lambda0_span_mean",
        "claims/report/sections/du2018a_widths.py",
        "median λ0 {np.median(first):.3g}",
        "median λ0 {np.mean(first):.3g}",
        ("tests/unit/test_report_widths.py::test_the_regimes_text_gives_the_median_lambda0_not_the_mean",),
    ),
    CodeMutant(
        "sections_widths_slope_counts_ns",
        "claims/report/sections/du2018a_widths.py",
        "len(set(ns)) < 2",
        "len(ns) < 2",
        ("tests/unit/test_report_widths.py::test_the_theories_exponents_are_taken_on_the_fits_own_rows",),
    ),
    CodeMutant(
        "sections_widths_theory_exponents_without_m_star",
        "claims/report/sections/du2018a_widths.py",
        'r["regime"] == regime and r.get(key) and r[key]["m_star"]]',
        'r["regime"] == regime and r.get(key)]',
        (
            (
                "tests/unit/test_report_widths.py::test_a_sweep_without_m_star_is_left_out_of_the_theories_exponents_"
                "as_out_of_the_fit"
            ),
        ),
    ),
    CodeMutant(
        "sections_widths_joint_one_regime",
        "claims/report/sections/du2018a_widths.py",
        "if len(swept) < 2:",
        "if len(swept) < 1:",
        (
            (
                "tests/unit/test_widths_selection.py::test_the_section_shows_the_shape_test_and_no_joint_fit_from_one"
                "_regime"
            ),
        ),
    ),
    CodeMutant(
        "sections_widths_delta_swapped",
        "claims/report/sections/du2018a_widths.py",
        "Theorem 4.1 {data['delta']['thm4_1']}",
        "Theorem 4.1 {data['delta']['thm3_2']}",
        ("tests/unit/test_report_widths.py::test_the_text_gives_each_claims_own_delta",),
    ),
    CodeMutant(
        "sections_widths_more_drawn_counts_pilot",
        "claims/report/sections/du2018a_widths.py",
        'more = st["draws"] - st["pilot"]',
        'more = st["draws"]',
        ("tests/unit/test_two_stage_widths.py::test_the_text_says_how_many_more_x_the_second_stage_drew",),
    ),
    # flow: du2018a Section 3's flow trials (trials_flow), premises, params, flow_accuracy; models/data.py
    CodeMutant(
        "flow_cost_refinements_off_by_one",
        "claims/catalogue/du2018a/trials_flow.py",
        '2 ** (params["max_refinements"] + 1) - 1',
        '2 ** params["max_refinements"] - 1',
        (
            (
                "tests/unit/test_work_limit.py::test_the_flow_cost_counts_every_halving_and_the_trained_output_layer["
                "du2018a.thm3.2]"
            ),
        ),
    ),
    CodeMutant(
        "flow_cost_a_halved",
        "claims/catalogue/du2018a/trials_flow.py",
        's = 2 * step_count(T / params["grid"] * n / 2)',
        's = step_count(T / params["grid"] * n / 2)',
        (
            (
                "tests/unit/test_work_limit.py::test_the_flow_cost_counts_every_halving_and_the_trained_output_layer["
                "du2018a.thm3.3]"
            ),
        ),
    ),
    CodeMutant(
        "flow_rate_factor_ignored",
        "claims/catalogue/du2018a/trials_flow.py",
        'exponent = p["rate_factor"] * lam0',
        "exponent = lam0",
        ("tests/unit/test_du2018a_flow.py::test_theorem3_3_trains_the_output_layer_and_decays_faster_than_theorem3_2",),
    ),
    CodeMutant(
        "flow_scale_without_decay",
        "claims/catalogue/du2018a/trials_flow.py",
        'return torch.exp(-p["rate_factor"] * lam0 * times) * (r0**2).sum(-1, keepdim=True)',
        "return (r0**2).sum(-1, keepdim=True)",
        ("tests/unit/test_du2018a_flow.py::test_a_long_span_is_decided_where_the_residual_is_far_below_its_bound",),
    ),
    CodeMutant(
        "flow_error_dropped",
        "claims/catalogue/du2018a/trials_flow.py",
        "err=traj.error, rel=rel, ab=ab, valid=valid)",
        "err=0.0, rel=rel, ab=ab, valid=valid)",
        (
            (
                "tests/unit/test_du2018a_boundaries.py::test_thm3_2_residual_within_the_integration_error_of_its_boun"
                "d_is_undecided"
            ),
        ),
    ),
    CodeMutant(
        "flow_final_ratio_first_interval",
        "claims/catalogue/du2018a/trials_flow.py",
        "        return values[..., -1]\n",
        "        return values[..., 1]\n",
        (
            (
                "tests/unit/test_du2018a_flow.py::test_a_passed_trials_final_ratio_is_within_the_claimed_decay_at_the"
                "_horizon"
            ),
        ),
    ),
    CodeMutant(
        "flow_violated_undecided",
        "claims/catalogue/du2018a/trials_flow.py",
        "undecided=~holds & ~violated)\n\n\ndef thm3_3",
        "undecided=~holds)\n\n\ndef thm3_3",
        ("tests/unit/test_du2018a_flow.py::test_theorem3_3_trains_the_output_layer_and_decays_faster_than_theorem3_2",),
    ),
    CodeMutant(
        "flow_thm3_3_a_fixed",
        "claims/catalogue/du2018a/trials_flow.py",
        "return rate_trial(instance, generator, device, dtype, batch, train_a=True)",
        "return rate_trial(instance, generator, device, dtype, batch, train_a=False)",
        ("tests/unit/test_du2018a_flow.py::test_theorem3_3_trains_the_output_layer_and_decays_faster_than_theorem3_2",),
    ),
    CodeMutant(
        "flow_radius_squared_residual",
        "claims/catalogue/du2018a/trials_flow.py",
        "radius_bound(p, traj.residual_sq[..., 0].sqrt(), m, lam0)",
        "radius_bound(p, traj.residual_sq[..., 0], m, lam0)",
        ("tests/unit/test_du2018a_flow.py::test_lemma3_3_radius_is_the_papers_r_prime_at_the_instances_width",),
    ),
    CodeMutant(
        "flow_radius_width_is_d",
        "claims/catalogue/du2018a/trials_flow.py",
        "_radius_lambda(instance.params, traj, lam0, traj.W.shape[-2], rate, details)",
        "_radius_lambda(instance.params, traj, lam0, traj.W.shape[-1], rate, details)",
        ("tests/unit/test_du2018a_flow.py::test_lemma3_3_radius_is_the_papers_r_prime_at_the_instances_width",),
    ),
    CodeMutant(
        "flow_distance_final_only",
        "claims/catalogue/du2018a/trials_flow.py",
        "conclusions.radius(dist.amax(-1), bound, dtype)",
        "conclusions.radius(dist[..., -1], bound, dtype)",
        ("tests/unit/test_du2018a_flow.py::test_lemma3_3_judges_the_farthest_a_neuron_went_not_where_it_ended",),
    ),
    CodeMutant(
        "flow_lambda_min_at_start_only",
        "claims/catalogue/du2018a/trials_flow.py",
        "    lam = lam.amin(-1)\n",
        "    lam = lam[..., 0]\n",
        (
            (
                "tests/unit/test_du2018a_flow.py::test_lambda_min_below_half_lambda0_midway_leaves_lemma3_3s_premise_"
                "and_fails_lemma3_4"
            ),
        ),
    ),
    CodeMutant(
        "flow_lambda_premise_quarter",
        "claims/catalogue/du2018a/trials_flow.py",
        "compare_at_least(lam, lam0 / 2, tol)",
        "compare_at_least(lam, lam0 / 4, tol)",
        (
            (
                "tests/unit/test_du2018a_flow.py::test_lambda_min_below_half_lambda0_midway_leaves_lemma3_3s_premise_"
                "and_fails_lemma3_4"
            ),
        ),
    ),
    CodeMutant(
        "flow_lambda_near_is_violated",
        "claims/catalogue/du2018a/trials_flow.py",
        '"lambda_min": (lam_holds & everywhere, ~lam_holds & ~lam_near, 1 - (lam0 / 2) / lam)',
        '"lambda_min": (lam_holds & everywhere, ~lam_holds, 1 - (lam0 / 2) / lam)',
        (
            (
                "tests/unit/test_du2018a_flow.py::test_lambda_min_at_half_lambda0_is_undecided_not_decided[du2018a.le"
                "mma3.4]"
            ),
        ),
    ),
    CodeMutant(
        "flow_unresolved_premise_decided",
        "claims/catalogue/du2018a/trials_flow.py",
        "undecided = (~holds & ~violated) | (possible & ~held)",
        "undecided = ~holds & ~violated",
        (
            (
                "tests/unit/test_du2018a_flow.py::test_lambda_min_at_half_lambda0_is_undecided_not_decided[du2018a.le"
                "mma3.3]"
            ),
        ),
    ),
    CodeMutant(
        "flow_margin_best_check",
        "claims/catalogue/du2018a/trials_flow.py",
        "margin = torch.stack([c[2] for c in checks.values()]).amin(0)",
        "margin = torch.stack([c[2] for c in checks.values()]).amax(0)",
        (
            (
                "tests/unit/test_du2018a_flow.py::test_lambda_min_below_half_lambda0_midway_leaves_lemma3_3s_premise_"
                "and_fails_lemma3_4"
            ),
        ),
    ),
    CodeMutant(
        "flow_lemma3_4_lambda_as_premise",
        "claims/catalogue/du2018a/trials_flow.py",
        "return _outcome(checks, (everywhere, everywhere), details)",
        "return _outcome(checks, _, details)",
        (
            (
                "tests/unit/test_du2018a_flow.py::test_lambda_min_below_half_lambda0_midway_leaves_lemma3_3s_premise_"
                "and_fails_lemma3_4"
            ),
        ),
    ),
    CodeMutant(
        "flow_lemma3_4_literal_mean_no_init",
        "claims/catalogue/du2018a/trials_flow.py",
        'float((y**2).sum()) + p["n"] / 2)',
        "float((y**2).sum()))",
        (
            (
                "tests/unit/test_du2018a_premises.py::test_lemma3_4_premise_and_its_literal_width_state_r_prime_below"
                "_r_at_the_mean_residual"
            ),
        ),
    ),
    CodeMutant(
        "aggregated_flow_field_sign",
        "models/aggregated_flow.py",
        "dC = -self.a_root * ((S * e[:, None, :]) @ self.R.T)",
        "dC = self.a_root * ((S * e[:, None, :]) @ self.R.T)",
        (U + "test_aggregated_flow.py::test_the_reduced_flow_is_the_flow_where_its_certificate_holds",),
    ),
    CodeMutant(
        "aggregated_flow_kernel_without_gram",
        "models/aggregated_flow.py",
        "self.K = self.G * self.counts / self.wd.m",
        "self.K = self.counts / self.wd.m",
        (U + "test_aggregated_flow.py::test_the_reduced_flow_is_the_flow_where_its_certificate_holds",),
    ),
    CodeMutant(
        "aggregated_flow_everything_frozen",
        "models/aggregated_flow.py",
        "near = P.abs().amin(-1) < self.tau",
        "near = P.abs().amin(-1) < 0 * self.tau",
        (U + "test_aggregated_flow.py::test_the_reduced_flow_is_the_flow_where_its_certificate_holds",),
    ),
    CodeMutant(
        "aggregated_flow_certificate_unwatched",
        "models/aggregated_flow.py",
        "sup_E = torch.maximum(sup_E, E.abs() + h * torch.linalg.vector_norm(e1, dim=-1, keepdim=True))",
        "sup_E = sup_E",
        (U + "test_aggregated_flow.py::test_the_certificate_fails_wherever_an_aggregated_neuron_changed_its_pattern",),
    ),
    CodeMutant(
        "aggregated_flow_certificate_at_step_starts_only",
        "models/aggregated_flow.py",
        "sup_E = torch.maximum(sup_E, E.abs() + h * torch.linalg.vector_norm(e1, dim=-1, keepdim=True))",
        "sup_E = torch.maximum(sup_E, E.abs())",
        (U + "test_aggregated_flow.py::test_one_step_of_the_flow_certifies_its_whole_path",),
    ),
    CodeMutant(
        "aggregated_flow_certificate_widened_per_entry",
        "models/aggregated_flow.py",
        "sup_E = torch.maximum(sup_E, E.abs() + h * torch.linalg.vector_norm(e1, dim=-1, keepdim=True))",
        "sup_E = torch.maximum(sup_E, E.abs() + h * e1.abs())",
        (U + "test_aggregated_flow.py::test_one_step_of_the_flow_certifies_its_whole_path",),
    ),
    CodeMutant(
        "aggregated_flow_certificate_of_the_whole_run_at_every_grid_time",
        "models/aggregated_flow.py",
        "    return h, WideFlow(times, res, dist, lam, moved, wd.near, system.stepped())",
        "    return h, WideFlow(times, res, dist, lam, moved[..., -1:].expand_as(moved), wd.near, system.stepped())",
        (U + "test_aggregated_flow.py::test_the_flow_certificate_bounds_every_aggregated_neuron_at_every_grid_time",),
    ),
    CodeMutant(
        "flow_thm3_2_literal_uncertified_times_decide",
        "claims/catalogue/du2018a/trials_flow.py",
        "_rate(p, traj, lam0, m, certified_times(traj))",
        "_rate(p, traj, lam0, m)",
        (U + "test_du2018a_flow.py::test_the_literal_width_leaves_a_trial_undecided_where_its_certificate_fails",),
    ),
    CodeMutant(
        "flow_lemma3_4_literal_rate_uncertified_times_decide",
        "claims/catalogue/du2018a/trials_flow.py",
        "*_rate(p, traj, lam0, m, valid), valid)",
        "*_rate(p, traj, lam0, m), valid)",
        (U + "test_du2018a_flow.py::test_the_literal_width_leaves_a_trial_undecided_where_its_certificate_fails",),
    ),
    CodeMutant(
        "flow_radius_lambda_uncertified_times_decide",
        "claims/catalogue/du2018a/trials_flow.py",
        "        dist, lam = torch.where(valid, dist, 0.0), torch.where(valid, lam, math.inf)\n",
        "        pass\n",
        (U + "test_du2018a_flow.py::test_the_radius_and_lambda_hold_only_where_every_grid_time_is_certified",),
    ),
    CodeMutant(
        "flow_radius_lambda_hold_without_every_grid_time",
        "claims/catalogue/du2018a/trials_flow.py",
        "torch.ones_like(bound, dtype=torch.bool) if valid is None else valid.all(-1)",
        "torch.ones_like(bound, dtype=torch.bool)",
        (U + "test_du2018a_flow.py::test_the_radius_and_lambda_hold_only_where_every_grid_time_is_certified",),
    ),
    CodeMutant(
        "flow_literal_certificate_of_the_whole_run_only",
        "claims/catalogue/du2018a/trials_flow.py",
        "    return traj.frozen_to <= 1\n",
        "    return (traj.frozen_to[..., -1:] <= 1).expand_as(traj.frozen_to)\n",
        (
            (
                U + "test_du2018a_flow.py::test_the_grid_times_before_a_failed_certificate_still_decide"
                "[du2018a.thm3.2-wrong0]"
            ),
        ),
    ),
    CodeMutant(
        "aggregated_flow_a_not_signed",
        "models/aggregated_flow.py",
        ".to(dtype).mul_(2).sub_(1)",
        ".to(dtype)",
        (U + "test_aggregated_flow.py::test_the_streamed_draw_has_the_law_of_the_papers_initialisation",),
    ),
    CodeMutant(
        "aggregated_split_trials_share_a_histogram",
        "models/aggregated_flow.py",
        "index = torch.where(near, 2**self.n, index) + self.offsets",
        "index = torch.where(near, 2**self.n, index) + 0 * self.offsets",
        (U + "test_aggregated_flow.py::test_the_reduced_flow_is_the_flow_where_its_certificate_holds",),
    ),
    CodeMutant(
        "aggregated_split_near_counted_in_u",
        "models/aggregated_flow.py",
        "weight = torch.where(near, torch.zeros_like(a), a)",
        "weight = a",
        (U + "test_aggregated_flow.py::test_the_reduced_flow_is_the_flow_where_its_certificate_holds",),
    ),
    CodeMutant(
        "aggregated_gd_step_without_eta",
        "models/aggregated_flow.py",
        "            E = E + eta * e\n",
        "            E = E + e\n",
        (U + "test_aggregated_flow.py::test_the_reduced_gd_is_gd_where_its_certificate_holds",),
    ),
    CodeMutant(
        "aggregated_gd_near_neurons_frozen",
        "models/aggregated_flow.py",
        "            C = C + eta[..., None] * dC\n",
        "            C = C + 0 * dC\n",
        (U + "test_aggregated_flow.py::test_the_reduced_gd_is_gd_where_its_certificate_holds",),
    ),
    CodeMutant(
        "aggregated_gd_distance_at_the_end_only",
        "models/aggregated_flow.py",
        "            far = torch.maximum(far, system.distance(E, C))",
        "            far = system.distance(E, C)",
        (U + "test_aggregated_flow.py::test_the_reduced_gd_is_gd_where_its_certificate_holds",),
    ),
    CodeMutant(
        "aggregated_gd_certificate_at_the_start_only",
        "models/aggregated_flow.py",
        "        sup_E = torch.maximum(sup_E, E.abs())",
        "        sup_E = torch.maximum(sup_E, 0 * E.abs())",
        (
            (
                U + "test_aggregated_flow.py::test_the_gd_certificate_fails_wherever_an_aggregated_neuron_changed_its"
                "_pattern"
            ),
        ),
    ),
    CodeMutant(
        "aggregated_initial_gram_without_near",
        "models/aggregated_flow.py",
        "(wd.counts + S.transpose(-1, -2) @ S) / wd.m",
        "wd.counts / wd.m",
        (U + "test_aggregated_flow.py::test_the_reduced_gd_is_gd_where_its_certificate_holds",),
    ),
    CodeMutant(
        "aggregated_lazy_never_activated",
        "models/aggregated_flow.py",
        "        if bool((new <= self.active).all()):",
        "        if True:",
        (U + "test_aggregated_flow.py::test_the_reduced_gd_is_gd_where_its_certificate_holds",),
    ),
    CodeMutant(
        "aggregated_lazy_activated_late",
        "models/aggregated_flow.py",
        "torch.searchsorted(self.mu, reach[:, None].contiguous(), right=True)",
        "torch.searchsorted(self.mu, reach[:, None].contiguous() / 10, right=True)",
        (U + "test_aggregated_flow.py::test_the_reduced_gd_is_gd_where_its_certificate_holds",),
    ),
    CodeMutant(
        "aggregated_lazy_joins_at_its_start",
        "models/aggregated_flow.py",
        "            rows[:, lo:A] = torch.where(joins[..., None], value, rows[:, lo:A])",
        "            pass",
        (U + "test_aggregated_flow.py::test_the_reduced_gd_is_gd_where_its_certificate_holds",),
    ),
    CodeMutant(
        "aggregated_lazy_left_in_u",
        "models/aggregated_flow.py",
        "        self.u_sum = self.u_sum - (a[..., None] * torch.relu(z)).sum(-2)",
        "        self.u_sum = self.u_sum",
        (U + "test_aggregated_flow.py::test_the_reduced_flow_is_the_flow_where_its_certificate_holds",),
    ),
    CodeMutant(
        "aggregated_lazy_left_in_the_counts",
        "models/aggregated_flow.py",
        "        self.counts = self.counts - (s * a[..., None] ** 2).transpose(-1, -2) @ s  # exact integers",
        "        self.counts = self.counts",
        (U + "test_aggregated_flow.py::test_the_reduced_flow_is_the_flow_where_its_certificate_holds",),
    ),
    CodeMutant(
        "aggregated_lazy_patterns_kept",
        "models/aggregated_flow.py",
        "        self.lazy.scatter_add_(1, self.index[:, lo:A], -joins.to(torch.int64))",
        "        pass",
        (U + "test_aggregated_flow.py::test_activation_moves_a_neuron_out_of_the_aggregates_exactly",),
    ),
    CodeMutant(
        "aggregated_distance_of_the_frozen_patterns_only",
        "models/aggregated_flow.py",
        "far = torch.where(self.wd.patterns | (self.lazy > 0), far, torch.zeros_like(far))",
        "far = torch.where(self.wd.patterns, far, torch.zeros_like(far))",
        (U + "test_aggregated_flow.py::test_the_distance_counts_a_pattern_that_only_lazy_neurons_have",),
    ),
    CodeMutant(
        "aggregated_flow_joiners_without_their_first_rate",
        "models/aggregated_flow.py",
        "            C, c1 = system.activate(reach, E, C, (e1, c1))",
        "            C, c1 = system.activate(reach, E, C, (0 * e1, c1))",
        (U + "test_aggregated_flow.py::test_the_reduced_flow_is_the_flow_where_its_certificate_holds",),
    ),
    CodeMutant(
        "aggregated_flow_without_the_factor_2",
        "models/aggregated_flow.py",
        "FLOW_SLACK = 2.0",
        "FLOW_SLACK = 1.0",
        (U + "test_aggregated_flow.py::test_one_step_of_the_flow_certifies_its_whole_path",),
    ),
    CodeMutant(
        "aggregated_flow_reach_at_half_the_bound",
        "models/aggregated_flow.py",
        "FLOW_SLACK = 2.0",
        "FLOW_SLACK = 0.5",
        (U + "test_aggregated_flow.py::test_a_neuron_left_lazy_kept_its_pattern_along_the_plain_flow",),
    ),
    CodeMutant(
        "aggregated_gd_certificate_at_half_the_bound",
        "models/aggregated_flow.py",
        "    return 1 / (1 - 4 * (n + 2) * torch.finfo(dtype).eps)",
        "    return 0.5 / (1 - 4 * (n + 2) * torch.finfo(dtype).eps)",
        (U + "test_aggregated_flow.py::test_one_gd_step_certifies_by_the_bound_itself",),
    ),
    CodeMutant(
        "aggregated_gd_reach_at_half_the_bound",
        "models/aggregated_flow.py",
        "    return 1 / (1 - 4 * (n + 2) * torch.finfo(dtype).eps)",
        "    return 0.5 / (1 - 4 * (n + 2) * torch.finfo(dtype).eps)",
        (U + "test_aggregated_flow.py::test_a_neuron_left_lazy_kept_its_pattern_along_plain_gd",),
    ),
    CodeMutant(
        "aggregated_flow_draw_not_sorted_by_mu",
        "models/aggregated_flow.py",
        "order = torch.argsort(z.abs().amin(-1), stable=True)  # by μ_r, then by trial: μ_r ascending in each",
        "order = torch.arange(len(b), device=b.device)",
        (U + "test_aggregated_flow.py::test_the_reduced_flow_is_the_flow_where_its_certificate_holds",),
    ),
    CodeMutant(
        "aggregated_flow_draw_sorted_by_mu_across_trials",
        "models/aggregated_flow.py",
        "order = order[torch.argsort(b[order], stable=True)]",
        "order = order",
        (U + "test_aggregated_flow.py::test_the_reduced_flow_is_the_flow_where_its_certificate_holds",),
    ),
    CodeMutant(
        "resources_held_counted_safety_times",
        RSC,
        '"copies": 1 if every_copy else SAFETY}',
        '"copies": SAFETY}',
        (
            U + "test_chunked_trials.py::test_a_hook_that_counts_every_copy_is_taken_as_it_is",
            U + "test_chunked_trials.py::test_the_full_profiles_largest_literal_gd_fits_half_of_a_24_gb_machine",
        ),
    ),
    CodeMutant(
        "literal_cost_counts_one_copy_per_near_neuron",
        "claims/catalogue/du2018a/trials_flow.py",
        "elements = near * (11 * (n + k) + 12) + 3 * chunk // LITERAL_CHUNK",
        "elements = near * (n + k) + chunk // LITERAL_CHUNK",
        (U + "test_memory_estimates.py::test_a_literal_trial_holds_less_than_its_estimate",),
    ),
    CodeMutant(
        "resources_shared_bytes_left_out",
        RSC,
        "return self.batch * self.bytes_per_trial + self.shared_bytes + self.trials * TABLE_BYTES",
        "return self.batch * self.bytes_per_trial + self.trials * TABLE_BYTES",
        (U + "test_memory_estimates.py::test_the_trials_hold_less_than_the_estimate[du2018a.lemma3.1]",),
    ),
    CodeMutant(
        "lemma3_1_cost_without_the_chunk",
        "claims/catalogue/du2018a/trials_kernel.py",
        "return Cost(n * n + n * d, flops, None, random_gram_shared(n, d))",
        "return Cost(n * n + n * d, flops, None, 0)",
        (U + "test_memory_estimates.py::test_the_trials_hold_less_than_the_estimate[du2018a.lemma3.1]",),
    ),
    CodeMutant(
        "gram_init_cost_without_the_chunk",
        "claims/catalogue/du2018b/trials.py",
        "return Cost(8 * n * n + n * d, flops, kernel_steps + depth, 2 * deep_smooth_net.MEMORY_BYTES)",
        "return Cost(8 * n * n + n * d, flops, kernel_steps + depth, 0)",
        (U + "test_memory_estimates.py::test_the_trials_hold_less_than_the_estimate[du2018b.gram_init]",),
    ),
    CodeMutant(
        "fig1_cost_at_the_narrowest_width",
        "claims/catalogue/du2018a/trials_fig1.py",
        "widest = m0 * max(FIG1_CLAIM_MULTIPLES)",
        "widest = m0",
        (U + "test_memory_estimates.py::test_the_trials_hold_less_than_the_estimate[du2018a.fig1]",),
    ),
    CodeMutant(
        "critical_values_without_its_cost_hook",
        "claims/catalogue/clc2018/claims.py",
        "    cost=critical.critical_values_cost,\n",
        "",
        (U + "test_memory_estimates.py::test_the_trials_hold_less_than_the_estimate[clc2018.critical_values]",),
    ),
    CodeMutant(
        "gd_literal_certificate_ignored",
        GD,
        "extra, valid = literal_details(traj, m), certified_times(traj)",
        "extra, valid = literal_details(traj, m), certified_times(traj) | True",
        (U + "test_du2018a_gd_literal.py::test_a_failed_certificate_leaves_the_trial_undecided",),
    ),
    CodeMutant(
        "cor4_1_literal_certificate_ignored",
        GD,
        "        valid = certified_times(run)\n",
        "        valid = certified_times(run) | True\n",
        (U + "test_du2018a_gd_literal.py::test_a_failed_certificate_leaves_the_trial_undecided",),
    ),
    CodeMutant(
        "gd_literal_certificate_of_the_whole_run_only",
        GD,
        "extra, valid = literal_details(traj, m), certified_times(traj)",
        "extra, valid = literal_details(traj, m), (traj.frozen_to[..., -1:] <= 1).expand_as(traj.frozen_to)",
        (U + "test_du2018a_gd_literal.py::test_a_divergent_step_at_the_literal_width_is_refuted",),
    ),
    CodeMutant(
        "cor4_1_literal_distance_after_the_certificate_counts",
        GD,
        "dist = torch.where(valid, run.distance_to, torch.zeros_like(run.distance_to)).amax(-1)",
        "dist = run.distance_to.amax(-1)",
        (
            (
                U + "test_du2018a_gd_literal.py::test_the_steps_before_a_failed_certificate_still_decide"
                "[du2018a.cor4.1-wrong1]"
            ),
        ),
    ),
    CodeMutant(
        "decay_uncertified_steps_decide",
        C,
        "~torch.isnan(res) if valid is None else ~torch.isnan(res) & valid",
        "~torch.isnan(res) if valid is None else ~torch.isnan(res)",
        (
            (
                U + "test_du2018a_gd_literal.py::test_the_steps_before_a_failed_certificate_still_decide"
                "[du2018a.thm4.1-wrong0]"
            ),
        ),
    ),
    CodeMutant(
        "decay_margin_of_uncertified_times",
        C,
        "        margin = torch.where(valid[..., later], margin, math.inf)\n",
        "        margin = margin\n",
        (U + "test_two_layer.py::test_decay_and_radius_are_undecided_within_their_tolerance",),
    ),
    CodeMutant(
        "flow_final_ratio_after_the_certificate",
        "claims/catalogue/du2018a/trials_flow.py",
        '"final_ratio": last_certified(traj.residual_sq, valid) / traj.residual_sq[..., 0],',
        '"final_ratio": last_certified(traj.residual_sq, None) / traj.residual_sq[..., 0],',
        (
            (
                U + "test_du2018a_flow.py::test_the_grid_times_before_a_failed_certificate_still_decide"
                "[du2018a.thm3.2-wrong0]"
            ),
        ),
    ),
    CodeMutant(
        "gd_final_ratio_after_the_certificate",
        GD,
        '"final_ratio": last_certified(traj.residual_sq, valid) / traj.residual_sq[..., 0],',
        '"final_ratio": last_certified(traj.residual_sq, None) / traj.residual_sq[..., 0],',
        (
            (
                U + "test_du2018a_gd_literal.py::test_the_steps_before_a_failed_certificate_still_decide"
                "[du2018a.thm4.1-wrong0]"
            ),
        ),
    ),
    CodeMutant(
        "last_certified_the_first_time",
        "claims/catalogue/du2018a/trials_flow.py",
        "    last = (valid.sum(-1, keepdim=True) - 1).clamp(min=0)\n",
        "    last = (0 * valid.sum(-1, keepdim=True)).clamp(min=0)\n",
        (U + "test_du2018a_flow.py::test_last_certified_takes_each_trials_last_covered_time",),
    ),
    CodeMutant(
        "gd_literal_width_of_the_flow",
        GD,
        "    m = literal_width(p, y, lam0, bounds.literal_width_thm4_1)",
        "    m = literal_width(p, y, lam0)",
        (U + "test_du2018a_gd_literal.py::test_theorem4_1_at_its_literal_width_and_step_holds_and_a_wrong_rate_fails",),
    ),
    CodeMutant(
        "gd_literal_premise_states_the_width",
        "claims/catalogue/du2018a/premises.py",
        """    if p["m"] is None:
        return _step(p, lam0)""",
        """    if p["m"] is None:
        return _step(p, lam0) + ["m = None"]""",
        (U + "test_du2018a_gd_literal.py::test_the_literal_instance_states_only_the_step_as_a_premise",),
    ),
    CodeMutant(
        "flow_lemma3_4_literal_certificate_ignored",
        "claims/catalogue/du2018a/trials_flow.py",
        "    return traj.frozen_to <= 1\n",
        "    return traj.frozen_to <= math.inf\n",
        (
            (
                "tests/unit/test_du2018a_flow.py::test_the_literal_width_leaves_a_trial_undecided_where_its_certificate"
                "_fails"
            ),
        ),
    ),
    CodeMutant(
        "flow_lemma3_4_literal_premise_always_held",
        "claims/catalogue/du2018a/trials_flow.py",
        "return _outcome(checks, (held, held | near), details)",
        "return _outcome(checks, (held | True, held | True), details)",
        (U + "test_du2018a_flow.py::test_lemma3_4_at_its_literal_width_decides_r_prime_below_r_per_trial",),
    ),
    CodeMutant(
        "resources_chunk_of_params_ignored",
        "claims/engine/resources.py",
        "    if of is not None and values is not None:\n",
        "    if False:\n",
        (
            (
                "tests/unit/test_work_limit.py::test_every_quick_and_standard_report_instance_fits_a_small_machine"
                "[du2018a.lemma3.4]"
            ),
        ),
    ),
    CodeMutant(
        "premises_lemma3_1_strict",
        "claims/catalogue/du2018a/premises.py",
        "    if m >= m1:\n",
        "    if m > m1:\n",
        ("tests/unit/test_du2018a_premises.py::test_lemma3_1_width_m1_itself_meets_the_premise_and_one_less_does_not",),
    ),
    CodeMutant(
        "premises_mean_residual_full_n",
        "claims/catalogue/du2018a/premises.py",
        'return float((y**2).sum()) + p["n"] / 2',
        'return float((y**2).sum()) + p["n"]',
        (
            (
                "tests/unit/test_du2018a_premises.py::test_lemma3_4_premise_and_its_literal_width_state_r_prime_below"
                "_r_at_the_mean_residual"
            ),
        ),
    ),
    CodeMutant(
        "premises_step_multiplier_ignored",
        "claims/catalogue/du2018a/premises.py",
        'eta = (p["eta"] if p["eta"] is not None else literal) * mult',
        'eta = p["eta"] if p["eta"] is not None else literal',
        ("tests/unit/test_du2018a_premises.py::test_theorem4_1_step_premise_counts_the_step_multiplier",),
    ),
    CodeMutant(
        "premises_practical_step_flipped",
        "claims/catalogue/du2018a/premises.py",
        '        if lowest > literal:\n            return [f"η',
        '        if lowest < literal:\n            return [f"η',
        ("tests/unit/test_two_layer.py::test_du2018a_premises_name_the_width_and_the_step",),
    ),
    CodeMutant(
        "premises_radius_without_delta",
        "claims/catalogue/du2018a/premises.py",
        'radius = p["radius_factor"] * p["delta"] * lam0 / p["n"] ** p["radius_power"]',
        'radius = p["radius_factor"] * lam0 / p["n"] ** p["radius_power"]',
        ("tests/unit/test_du2018a_premises.py::test_lemma3_2_radius_premise_is_unmet_only_above_the_derived_radius",),
    ),
    CodeMutant(
        "premises_radius_at_its_own_value",
        "claims/catalogue/du2018a/premises.py",
        "    if radius > derived:",
        "    if radius >= derived:",
        ("tests/unit/test_du2018a_premises.py::test_lemma3_2_radius_premise_is_unmet_only_above_the_derived_radius",),
    ),
    CodeMutant(
        "premises_lemma3_4_flipped",
        "claims/catalogue/du2018a/premises.py",
        (
            '    if p["m"] > need:\n        return _lemma3_1_width(p, p["m"], lam0, '
            '"Lemma 3.1\'s width, which the lemma also uses,")'
        ),
        (
            '    if p["m"] < need:\n        return _lemma3_1_width(p, p["m"], lam0, '
            '"Lemma 3.1\'s width, which the lemma also uses,")'
        ),
        (
            (
                "tests/unit/test_du2018a_premises.py::test_lemma3_4_premise_and_its_literal_width_state_r_prime_below"
                "_r_at_the_mean_residual"
            ),
        ),
    ),
    CodeMutant(
        "premises_thm3_2_width_of_thm4_1",
        "claims/catalogue/du2018a/premises.py",
        'return _width(p, p["m"], lam0, y, "Theorem 3.2", bounds.literal_width_thm3_2)',
        'return _width(p, p["m"], lam0, y, "Theorem 3.2", bounds.literal_width_thm4_1)',
        (
            (
                "tests/unit/test_du2018a_premises.py::test_theorem_widths_are_their_own_derived_widths_at_the_mean_re"
                "sidual[du2018a.thm3.2-literal_width_thm3_2]"
            ),
        ),
    ),
    CodeMutant(
        "premises_fig1_edge_excluded",
        "claims/catalogue/du2018a/premises.py",
        "    if s >= 2:",
        "    if s > 2:",
        (
            (
                "tests/unit/test_du2018a_premises.py::test_figure1_step_at_or_past_the_stability_edge_is_an_unmet_pre"
                "mise[2.0-True]"
            ),
        ),
    ),
    CodeMutant(
        "params_clusters_ignored",
        "claims/catalogue/du2018a/params.py",
        '"clustered": {"spread": p["spread"], "clusters": p["clusters"]},',
        '"clustered": {"spread": p["spread"]},',
        ("tests/unit/test_data_geometries.py::test_du2018a_draws_x_with_the_instances_own_geometry_parameters",),
    ),
    CodeMutant(
        "params_min_angle_ignored",
        "claims/catalogue/du2018a/params.py",
        '"near_parallel": {"min_angle": p["min_angle"]},',
        '"near_parallel": {"min_angle": 0.05},',
        ("tests/unit/test_data_geometries.py::test_du2018a_draws_x_with_the_instances_own_geometry_parameters",),
    ),
    CodeMutant(
        "params_labels_not_scaled",
        "claims/catalogue/du2018a/params.py",
        'y = (2 * torch.rand(p["n"], generator=g, dtype=dtype, device=device) - 1) * p["C"]',
        'y = (2 * torch.rand(p["n"], generator=g, dtype=dtype, device=device) - 1)',
        ("tests/unit/test_data_geometries.py::test_du2018a_labels_are_uniform_on_minus_c_to_c",),
    ),
    CodeMutant(
        "params_labels_one_sided",
        "claims/catalogue/du2018a/params.py",
        'y = (2 * torch.rand(p["n"], generator=g, dtype=dtype, device=device) - 1) * p["C"]',
        'y = torch.rand(p["n"], generator=g, dtype=dtype, device=device) * p["C"]',
        ("tests/unit/test_data_geometries.py::test_du2018a_labels_are_uniform_on_minus_c_to_c",),
    ),
    CodeMutant(
        "params_data_from_trials_stream",
        "claims/catalogue/du2018a/params.py",
        'g = instance.generator("data", device)',
        'g = instance.generator("trials", device)',
        ("tests/unit/test_du2018a_boundaries.py::test_cor4_1_is_undecided_where_its_horizon_was_not_reached",),
    ),
    CodeMutant(
        "params_own_labels_ignored",
        "claims/catalogue/du2018a/params.py",
        "    elif own is not None:\n        y = own\n",
        "",
        ("tests/claims/test_real_data.py::test_the_claims_that_regress_y_take_the_digits_labels",),
    ),
    CodeMutant(
        "params_gram_copies_one",
        "claims/catalogue/du2018a/params.py",
        "GRAM_COPIES = 4",
        "GRAM_COPIES = 1",
        (
            (
                "tests/unit/test_work_limit.py::test_an_n_whose_grams_do_not_fit_the_device_is_refused_before_its_dat"
                "a_is_drawn[3-True]"
            ),
        ),
    ),
    CodeMutant(
        "params_train_width_ignored",
        "claims/catalogue/du2018a/params.py",
        'm or instance["m"], instance["d"]',
        'instance["m"], instance["d"]',
        ("tests/unit/test_two_layer.py::test_ntk_drift_is_the_sup_over_the_whole_run_of_plain_gd",),
    ),
    CodeMutant(
        "params_rate_default_not_paper",
        "claims/catalogue/du2018a/params.py",
        'rate_param(1.0, "‖u(t) − y‖² ≤ e^{−r·λ0 t}‖u(0) − y‖² (paper: 1)")',
        'rate_param(0.9, "‖u(t) − y‖² ≤ e^{−r·λ0 t}‖u(0) − y‖² (paper: 1)")',
        ("tests/records/test_records.py::test_shipped_catalogue_is_in_sync",),
    ),
    CodeMutant(
        "flow_acc_steps_from_first_run",
        "claims/catalogue/du2018a/flow_accuracy.py",
        "s = round(T / grid / traj.refinement[-1][0])",
        "s = round(T / grid / traj.refinement[0][0])",
        (
            (
                "tests/unit/test_report_du2018a_flow_accuracy.py::test_the_steps_are_the_accepted_runs_and_the_refere"
                "nce_is_finer_by_its_factor"
            ),
        ),
    ),
    CodeMutant(
        "flow_acc_reference_error_halved",
        "claims/catalogue/du2018a/flow_accuracy.py",
        "ref_err = 2 * (finest - fine).abs()",
        "ref_err = (finest - fine).abs()",
        (
            (
                "tests/unit/test_report_du2018a_flow_accuracy.py::test_the_measured_columns_are_their_definitions_on_"
                "the_claims_own_run"
            ),
        ),
    ),
    CodeMutant(
        "flow_acc_error_plus_reference",
        "claims/catalogue/du2018a/flow_accuracy.py",
        "error = ((traj.residual_sq - finest).abs() - ref_err)[..., later]",
        "error = ((traj.residual_sq - finest).abs() + ref_err)[..., later]",
        (
            (
                "tests/unit/test_report_du2018a_flow_accuracy.py::test_the_measured_columns_are_their_definitions_on_"
                "the_claims_own_run"
            ),
        ),
    ),
    CodeMutant(
        "flow_acc_short_all_times",
        "claims/catalogue/du2018a/flow_accuracy.py",
        '"short": (error > estimate).any(-1).tolist(),',
        '"short": (error > estimate).all(-1).tolist(),',
        (
            (
                "tests/unit/test_report_du2018a_flow_accuracy.py::test_a_bare_tolerance_as_the_estimate_is_seen_to_fa"
                "ll_short"
            ),
        ),
    ),
    CodeMutant(
        "flow_acc_contradicted_one_way",
        "claims/catalogue/du2018a/flow_accuracy.py",
        '"contradicted": ((holds & ref_violated) | (violated & ref_holds)).tolist(),',
        '"contradicted": (holds & ref_violated).tolist(),',
        (
            (
                "tests/unit/test_report_du2018a_flow_accuracy.py::test_a_decision_the_reference_reverses_is_counted_e"
                "ither_way[failed]"
            ),
        ),
    ),
    CodeMutant(
        "flow_acc_one_change_doubled",
        "claims/catalogue/du2018a/flow_accuracy.py",
        "one_change = 2 * (traj.residual_sq - run(s // 2)).abs()[..., later]",
        "one_change = (traj.residual_sq - run(s // 2)).abs()[..., later]",
        (
            (
                "tests/unit/test_report_du2018a_flow_accuracy.py::test_the_measured_columns_are_their_definitions_on_"
                "the_claims_own_run"
            ),
        ),
    ),
    CodeMutant(
        "flow_acc_worst_ratio_min",
        "claims/catalogue/du2018a/flow_accuracy.py",
        '"worst_ratio": max(concatenated(units, "short_ratio")),',
        '"worst_ratio": min(concatenated(units, "short_ratio")),',
        (
            (
                "tests/unit/test_report_du2018a_flow_accuracy.py::test_a_bare_tolerance_as_the_estimate_is_seen_to_fa"
                "ll_short"
            ),
        ),
    ),
    CodeMutant(
        "data_sphere_orthant",
        "models/data.py",
        "return _normalise(torch.randn(*batch, n, d, generator=generator, dtype=dtype, device=device))",
        "return _normalise(torch.rand(*batch, n, d, generator=generator, dtype=dtype, device=device))",
        ("tests/unit/test_data_geometries.py::test_sphere_rows_are_unit_and_uniform_on_the_sphere",),
    ),
    CodeMutant(
        "data_clusters_one_owner",
        "models/data.py",
        "owner = torch.arange(n, device=device) % clusters",
        "owner = torch.arange(n, device=device) // clusters % clusters",
        ("tests/unit/test_data_geometries.py::test_clustered_rows_belong_to_the_cluster_of_their_index_mod_clusters",),
    ),
    CodeMutant(
        "data_cluster_noise_unscaled",
        "models/data.py",
        "spread * noise / math.sqrt(d))",
        "spread * noise)",
        ("tests/unit/test_data_geometries.py::test_clustered_spread_is_the_noise_scale_whatever_the_dimension[100]",),
    ),
    CodeMutant(
        "data_near_parallel_cos_sin_swapped",
        "models/data.py",
        "math.cos(min_angle) * x0 + math.sin(min_angle) * v",
        "math.sin(min_angle) * x0 + math.cos(min_angle) * v",
        (
            (
                "tests/unit/test_data_geometries.py::test_near_parallel_turns_the_second_row_to_exactly_min_angle_fro"
                "m_the_first[0.3]"
            ),
        ),
    ),
    CodeMutant(
        "data_near_parallel_not_orthogonal",
        "models/data.py",
        "v = _normalise(g - (g * x0).sum(-1, keepdim=True) * x0)",
        "v = _normalise(g)",
        (
            (
                "tests/unit/test_data_geometries.py::test_near_parallel_turns_the_second_row_to_exactly_min_angle_fro"
                "m_the_first[0.3]"
            ),
        ),
    ),
    CodeMutant(
        "data_near_parallel_right_angle_refused",
        "models/data.py",
        "if not 0 < min_angle <= math.pi / 2:",
        "if not 0 < min_angle < math.pi / 2:",
        (
            (
                "tests/unit/test_data_geometries.py::test_near_parallel_turns_the_second_row_to_exactly_min_angle_fro"
                "m_the_first[1.5707963267948966]"
            ),
        ),
    ),
    CodeMutant(
        "data_gaussian_labels_uniform",
        "models/data.py",
        "return torch.randn(*batch, n, generator=generator, dtype=dtype, device=device)",
        "return torch.rand(*batch, n, generator=generator, dtype=dtype, device=device)",
        ("tests/unit/test_data_geometries.py::test_gaussian_labels_are_standard_normal",),
    ),
    # the jh2019 and yuchen1995 report experiments (stop 62)
    CodeMutant(
        "jhx_inits_swapped",
        JE,
        "[torch.zeros_like(W_star), sr.random_init(trials, d, generator=generator, dtype=dtype, device=device)]",
        "[sr.random_init(trials, d, generator=generator, dtype=dtype, device=device), torch.zeros_like(W_star)]",
        (TJE + "test_each_teacher_is_trained_from_the_identity_then_from_a_random_start",),
    ),
    CodeMutant(
        "jhx_gd_success_strict",
        JE,
        'gd_status = torch.where(gd["stopped"] <= gd_epochs, 1, 0)',
        'gd_status = torch.where(gd["stopped"] < gd_epochs, 1, 0)',
        (TJE + "test_fig1_counts_each_start_and_status_in_its_own_row",),
    ),
    CodeMutant(
        "jhx_halves_swapped",
        JE,
        "s, k = status[half * trials : (half + 1) * trials], steps[half * trials : (half + 1) * trials]",
        "s, k = status[(1 - half) * trials : (2 - half) * trials], steps[(1 - half) * trials : (2 - half) * trials]",
        (TJE + "test_fig1_counts_each_start_and_status_in_its_own_row",),
    ),
    CodeMutant(
        "jhx_epochs_of_every_run",
        JE,
        "float(k[s == 1].double().median())",
        "float(k.double().median())",
        (TJE + "test_fig1_counts_each_start_and_status_in_its_own_row",),
    ),
    CodeMutant(
        "jhx_failed_reads_undecided",
        JE,
        'row["failed"].append(int((s == -1).sum()))',
        'row["failed"].append(int((s == 0).sum()))',
        (TJE + "test_fig1_counts_each_start_and_status_in_its_own_row",),
    ),
    CodeMutant(
        "jhx_gd_step_factor_dropped",
        JE,
        "eta = dyn.fixed_theory_step(stream, W0, gd_step)",
        "eta = dyn.fixed_theory_step(stream, W0, 1.0)",
        (TJE + "test_fig1_counts_each_start_and_status_in_its_own_row",),
    ),
    CodeMutant(
        "jhx_fig1_gamma_not_scaled",
        JE,
        "teachers_and_inits(trials, d, gamma_rel * math.sqrt(d), generator, device, dtype)",
        "teachers_and_inits(trials, d, gamma_rel, generator, device, dtype)",
        (TJE + "test_fig1_counts_each_start_and_status_in_its_own_row",),
    ),
    CodeMutant(
        "jhx_am_threshold_dropped",
        JE,
        "am = dyn.am_until_cycle(stream, W0, am_epochs, threshold)",
        "am = dyn.am_until_cycle(stream, W0, am_epochs, THRESHOLD)",
        (TJE + "test_fig1_counts_each_start_and_status_in_its_own_row",),
    ),
    CodeMutant(
        "jhx_test_sets_differ",
        JE,
        "X_test[1] = X_test[0]  # one test set for both starts",
        "X_test = X_test  # one test set for both starts",
        (TJE + "test_loss_curves_share_one_test_set_and_find_the_epoch_where_am_meets_gds_last_loss",),
    ),
    CodeMutant(
        "jhx_am_match_last_epoch",
        JE,
        "int(below[0]) if below.size else None",
        "int(below[-1]) if below.size else None",
        (TJE + "test_loss_curves_share_one_test_set_and_find_the_epoch_where_am_meets_gds_last_loss",),
    ),
    CodeMutant(
        "jhx_gd_mark_first_epoch",
        JE,
        'gd_last = curves["gd/identity"]["train"][-1]',
        'gd_last = curves["gd/identity"]["train"][0]',
        (TJE + "test_loss_curves_share_one_test_set_and_find_the_epoch_where_am_meets_gds_last_loss",),
    ),
    CodeMutant(
        "jhx_curves_keep_every_epoch",
        JE,
        '"train": [float(x) for x in rec["loss"][:epochs:keep, half]],',
        '"train": [float(x) for x in rec["loss"][:epochs, half]],',
        (TJE + "test_loss_curves_share_one_test_set_and_find_the_epoch_where_am_meets_gds_last_loss",),
    ),
    CodeMutant(
        "jhx_fig1_ci_level",
        JE,
        "failure_rate_interval_by_clopper_pearson(s, trials, 0.95)",
        "failure_rate_interval_by_clopper_pearson(s, trials, 0.9)",
        (U + "test_report_jh2019.py::test_fig1_panel_a_has_one_count_per_n_and_method_and_each_trial_counted_once",),
    ),
    CodeMutant(
        "jhx_quantile_levels",
        JE,
        "torch.tensor([0.1, 0.5, 0.9], dtype=torch.float64)",
        "torch.tensor([0.05, 0.5, 0.95], dtype=torch.float64)",
        (TJE + "test_quantiles_are_the_10th_50th_and_90th_percentiles_of_the_finite_values",),
    ),
    CodeMutant(
        "jhx_quantile_infinite_kept",
        JE,
        "x = x[torch.isfinite(x)].double().cpu()",
        "x = x[~torch.isnan(x)].double().cpu()",
        (TJE + "test_quantiles_are_the_10th_50th_and_90th_percentiles_of_the_finite_values",),
    ),
    CodeMutant(
        "jhx_rho3_one_iteration",
        JE,
        '"iterations": THM1_ITERATIONS,',
        '"iterations": 1,',
        (TJE + "test_rates_table_takes_lemma2_rho3_as_the_theorem1_claims_do_at_their_default",),
    ),
    CodeMutant(
        "jhx_rho3_at_the_teacher",
        JE,
        "lemma2_rho3(p, torch.zeros_like(W_star), W_star, n)",
        "lemma2_rho3(p, W_star, W_star, n)",
        (TJE + "test_rates_table_takes_lemma2_rho3_as_the_theorem1_claims_do_at_their_default",),
    ),
    CodeMutant(
        "jhx_flip_share_counts_zero",
        JE,
        'row["share_flipped"] = float((cmp["flips"][0] > 0).double().mean())',
        'row["share_flipped"] = float((cmp["flips"][0] >= 0).double().mean())',
        (TJE + "test_rate_row_shares_count_trials_not_steps",),
    ),
    CodeMutant(
        "jhx_r_am_any_step",
        JE,
        '(cmp["r_am"] < cmp["r_gd"]).all(0)',
        '(cmp["r_am"] < cmp["r_gd"]).any(0)',
        (TJE + "test_rate_row_shares_count_trials_not_steps",),
    ),
    CodeMutant(
        "jhx_rho_am_share_last_step",
        JE,
        'row["share_rho_am_below_1"] = float((cmp["rho_am"][0] < 1).double().mean())',
        'row["share_rho_am_below_1"] = float((cmp["rho_am"][-1] < 1).double().mean())',
        (TJE + "test_rate_row_shares_count_trials_not_steps",),
    ),
    CodeMutant(
        "jhx_sweep_threshold_strict",
        JE,
        'if _success_share(method, d, n, item["trials"], g, w["device"], w["dtype"]) >= 0.9:',
        'if _success_share(method, d, n, item["trials"], g, w["device"], w["dtype"]) > 0.9:',
        (TJE + "test_sweep_unit_stops_at_the_first_factor_whose_share_reaches_nine_tenths",),
    ),
    CodeMutant(
        "jhx_sweep_from_the_top",
        JE,
        "    for f in SWEEP_FACTORS:\n",
        "    for f in reversed(SWEEP_FACTORS):\n",
        (TJE + "test_sweep_unit_stops_at_the_first_factor_whose_share_reaches_nine_tenths",),
    ),
    CodeMutant(
        "jhx_sweep_random_start",
        JE,
        "W_star, v, W0 = W_star[:trials], v[:trials], W0[:trials]  # identity initialisation",
        "W_star, v, W0 = W_star[trials:], v[trials:], W0[trials:]  # identity initialisation",
        (TJE + "test_success_share_runs_from_the_identity_and_counts_recoveries_only",),
    ),
    CodeMutant(
        "jhx_sweep_am_cycle_counts",
        JE,
        '(dyn.am_until_cycle(stream, W0, AM_EPOCHS, THRESHOLD)["status"] == 1)',
        '(dyn.am_until_cycle(stream, W0, AM_EPOCHS, THRESHOLD)["status"] != -1)',
        (TJE + "test_success_share_runs_from_the_identity_and_counts_recoveries_only",),
    ),
    CodeMutant(
        "jhx_sweep_gd_strict",
        JE,
        'return float((rec["stopped"] <= GD_EPOCHS).double().mean())',
        'return float((rec["stopped"] < GD_EPOCHS).double().mean())',
        (TJE + "test_success_share_runs_from_the_identity_and_counts_recoveries_only",),
    ),
    CodeMutant(
        "jhx_sweep_gamma_not_scaled",
        JE,
        "teachers_and_inits(trials, d, PAPER_GAMMA_REL * math.sqrt(d), generator, device, dtype)",
        "teachers_and_inits(trials, d, PAPER_GAMMA_REL, generator, device, dtype)",
        (TJE + "test_success_share_runs_from_the_identity_and_counts_recoveries_only",),
    ),
    CodeMutant(
        "jhx_sweep_units_misread",
        JE,
        "found[i * len(ds) : (i + 1) * len(ds)]",
        "found[: len(ds)]",
        (TJE + "test_sample_sweep_pairs_each_method_and_d_with_its_units_n_star_and_fits_at_95_percent",),
    ),
    CodeMutant(
        "jhx_sweep_fit_level",
        JE,
        "np.array([p[0] for p in points], float), np.array([p[1] for p in points], float), 0.95",
        "np.array([p[0] for p in points], float), np.array([p[1] for p in points], float), 0.9",
        (TJE + "test_sample_sweep_pairs_each_method_and_d_with_its_units_n_star_and_fits_at_95_percent",),
    ),
    CodeMutant(
        "jhx_sweep_fit_two_points",
        JE,
        "            if len(points) >= 3\n",
        "            if len(points) >= 2\n",
        (TJE + "test_sample_sweep_pairs_each_method_and_d_with_its_units_n_star_and_fits_at_95_percent",),
    ),
    CodeMutant(
        "jhx_sweep_missing_n_kept",
        JE,
        "if n is not None]",
        "if True]",
        (TJE + "test_sample_sweep_pairs_each_method_and_d_with_its_units_n_star_and_fits_at_95_percent",),
    ),
    CodeMutant(
        "ycx_flat_line_moves_both",
        YE,
        "flat[n1], flat[n1 + 1] = 1.0, -1.0",
        "flat[n1], flat[n1 + 1] = 1.0, 1.0",
        (TRY + "test_counterexample_section_verifies_and_says_refuted",),
    ),
    CodeMutant(
        "ycx_split_shares_swapped",
        YE,
        "split[0], split[wide.d0] = float(alphas[1]), -float(alphas[0])",
        "split[0], split[wide.d0] = float(alphas[0]), -float(alphas[1])",
        (TRY + "test_counterexample_section_verifies_and_says_refuted",),
    ),
    CodeMutant(
        "ycx_split_same_sign",
        YE,
        "split[0], split[wide.d0] = float(alphas[1]), -float(alphas[0])",
        "split[0], split[wide.d0] = float(alphas[1]), float(alphas[0])",
        (TRY + "test_counterexample_section_verifies_and_says_refuted",),
    ),
    CodeMutant(
        "ycx_lines_not_relative",
        YE,
        "out[name] = (vals - base).tolist()",
        "out[name] = vals.tolist()",
        (TRY + "test_counterexample_section_verifies_and_says_refuted",),
    ),
    CodeMutant(
        "ycx_random_not_unit",
        YE,
        "pts = theta + t[:, None] * (u / u.norm())[None]",
        "pts = theta + t[:, None] * u[None]",
        (TRY + "test_the_random_line_is_along_a_unit_direction",),
    ),
    CodeMutant(
        "ycx_flat_dimension_copies",
        YE,
        '"flat_dimension": w["copies"] - 1,',
        '"flat_dimension": w["copies"],',
        (TRY + "test_counterexample_section_verifies_and_says_refuted",),
    ),
    CodeMutant(
        "ycx_profile_other_draw",
        YE,
        "w = trials.build_witness(params, 1, ctx.generator(purpose), torch.float64, ctx.device)",
        'w = trials.build_witness(params, 1, ctx.generator(purpose + " profile"), torch.float64, ctx.device)',
        (TRY + "test_counterexample_section_verifies_and_says_refuted",),
    ),
    CodeMutant(
        "ycx_census_codes_shifted",
        YE,
        "return {c: int((code == i).sum()) for i, c in enumerate(minima.CLASSES)}",
        "return {c: int((code == i + 1).sum()) for i, c in enumerate(minima.CLASSES)}",
        (TRY + "test_census_unit_counts_every_trial_in_its_own_class",),
    ),
    CodeMutant(
        "ycx_census_label_seeds",
        YE,
        '"purpose": f"census {row.key}",',
        '"purpose": f"census {row.label}",',
        (TRY + "test_census_rows_draw_from_their_key_not_their_label",),
    ),
    CodeMutant(
        "runner_infeasible_reason_replaced_by_fit",
        "claims/engine/runner.py",
        "if not tally.undecided and not reason:",
        "if not tally.undecided:",
        (TS + "test_a_scaling_run_cut_short_says_why_and_not_what_its_fit_would_decide",),
    ),
    CodeMutant(
        "premises_fig1_half_n_inclusive",
        "claims/catalogue/du2018a/premises.py",
        'if instance["m0"] < FIG1_SMALLEST_WIDTH_OVER_N * instance["n"]:',
        'if instance["m0"] <= FIG1_SMALLEST_WIDTH_OVER_N * instance["n"]:',
        (U + "test_du2018a_premises.py::test_figure1_below_its_smallest_width_over_n_is_an_unmet_premise[15-False]",),
    ),
    CodeMutant(
        "premises_fig1_regime_unsaid",
        "claims/catalogue/du2018a/premises.py",
        'if instance["m0"] < FIG1_SMALLEST_WIDTH_OVER_N * instance["n"]:',
        'if instance["m0"] < 0:',
        (U + "test_du2018a_premises.py::test_figure1_below_its_smallest_width_over_n_is_an_unmet_premise[4-True]",),
    ),
    CodeMutant(
        "sections_octopus_median_low",
        "claims/report/sections/landscape.py",
        "return [[d, statistics.median(t for x, t",
        "return [[d, statistics.median_low(t for x, t",
        (
            (
                "tests/unit/test_report_sections.py::test_the_octopus_table_gives_the_median_of_an_even_count_as_the_"
                "mean_of_its_middle_values"
            ),
        ),
    ),
    # yuchen1995's minima classifier (stop 62)
    CodeMutant(
        "ycm_null_takes_negative",
        YM,
        "return U, lam.abs() <= eig_tol[:, None]",
        "return U, lam <= eig_tol[:, None]",
        (),
        equivalent=(
            "the null mask is taken only at critical PSD points (classify's undecided ones) and at refined points "
            "required PSD by the same check, where no eigenvalue lies below -eig_tol beyond the rounding gap between "
            "the autograd and closed-form Hessians"
        ),
    ),
    CodeMutant(
        "ycm_mb_without_nullity",
        YM,
        "return (same.all(-1) | ~null).all(-1) & (k0 > 0)",
        "return (same.all(-1) | ~null).all(-1)",
        (U + "test_yuchen1995_minima.py::test_numerical_morse_bott_test_needs_a_null_direction",),
    ),
    CodeMutant(
        "ycm_mb_nullity_not_compared",
        YM,
        "        & (null1.sum(-1) == rep(k0))\n",
        "        & (null1.sum(-1) >= 0)\n",
        (U + "test_yuchen1995_minima.py::test_nullity_that_changes_along_a_null_direction_is_not_morse_bott",),
    ),
    CodeMutant(
        "ycm_mb_not_psd",
        YM,
        "        & e1.psd\n",
        "",
        (U + "test_yuchen1995_minima.py::test_tiny_share_split_is_not_morse_bott_where_a_step_leaves_the_psd_side",),
    ),
    CodeMutant(
        "ycm_known_not_critical",
        YM,
        "return e.critical & (band.sum(-1) == nullity) & (margin > 0), margin",
        "return (band.sum(-1) == nullity) & (margin > 0), margin",
        (U + "test_yuchen1995_minima.py::test_known_morse_bott_certificate_needs_a_critical_point",),
    ),
    CodeMutant(
        "ycm_probe_radii_absolute",
        YM,
        "(radii[None, :, None, None] * (1 + theta.norm(dim=-1))[:, None, None, None])",
        "(radii[None, :, None, None] * 1e-3)",
        (U + "test_yuchen1995_minima.py::test_dead_point_next_to_lower_points_is_demoted_by_the_ball_probes",),
    ),
    CodeMutant(
        "ycm_probe_mean_drop",
        YM,
        "return ((f0[:, None] - f1.reshape(B, n)) / witness.loss_tolerance(f0)[:, None]).amax(-1)",
        "return ((f0[:, None] - f1.reshape(B, n)) / witness.loss_tolerance(f0)[:, None]).mean(-1)",
        (U + "test_yuchen1995_minima.py::test_dead_point_next_to_lower_points_is_demoted_by_the_ball_probes",),
    ),
    CodeMutant(
        "ycm_saturated_some_sample",
        YM,
        "whole = (S.amax(-1) <= root).any(-1)",
        "whole = (S.amin(-1) <= root).any(-1)",
        (U + "test_yuchen1995_minima.py::test_unit_saturated_on_one_far_sample_only_is_no_plateau",),
    ),
    CodeMutant(
        "ycm_soft_all_spectrum",
        YM,
        'soft = lam.abs() <= root * torch.linalg.matrix_norm(Hm, "fro")[:, None]',
        'soft = lam.abs() <= torch.linalg.matrix_norm(Hm, "fro")[:, None]',
        (U + "test_yuchen1995_minima.py::test_unit_saturated_on_one_far_sample_only_is_no_plateau",),
    ),
    CodeMutant(
        "ycm_soft_takes_negative_curvature",
        YM,
        'soft = lam.abs() <= root * torch.linalg.matrix_norm(Hm, "fro")[:, None]',
        'soft = lam <= root * torch.linalg.matrix_norm(Hm, "fro")[:, None]',
        (U + "test_yuchen1995_minima.py::test_strict_saddle_touching_a_saturated_sample_is_a_saddle_not_a_plateau",),
    ),
    CodeMutant(
        "ycm_flat_output_moves_count",
        YM,
        "flat = soft & (size >= 1e-3) & touches",
        "flat = soft & touches",
        (U + "test_yuchen1995_minima.py::test_unit_saturated_on_one_far_sample_only_is_no_plateau",),
    ),
    CodeMutant(
        "ycm_global_at_tolerance",
        YM,
        "idx = (loss > zero_tol).nonzero()[:, 0]",
        "idx = (loss > 2 * zero_tol).nonzero()[:, 0]",
        (U + "test_yuchen1995_minima.py::test_loss_just_above_the_zero_tolerance_is_not_global",),
    ),
    CodeMutant(
        "ycm_unconverged_not_psd",
        YM,
        'sub = torch.where(e.critical & e.psd, sub, CODE["unconverged"])',
        'sub = torch.where(e.critical, sub, CODE["unconverged"])',
        (),
        equivalent=(
            "critical and not psd is exactly strict_saddle (eigenvalues are finite: examine raises otherwise), which "
            "the next lines set to saddle whichever of unconverged or undecided was there"
        ),
    ),
    CodeMutant(
        "ycm_not_critical_conv_only",
        YM,
        "not_critical = (e.grad_norm > conv_tol[idx]) | (~e.critical & (e.eig_min < -e.eig_tol))",
        "not_critical = e.grad_norm > conv_tol[idx]",
        (U + "test_yuchen1995_minima.py::test_point_near_a_saddle_not_yet_converged_is_not_critical",),
    ),
    CodeMutant(
        "ycm_dead_not_critical",
        YM,
        'sub = torch.where(e.critical & (sn.dead_margin(W1, x) > 0), CODE["dead"], sub)',
        'sub = torch.where(sn.dead_margin(W1, x) > 0, CODE["dead"], sub)',
        (U + "test_yuchen1995_minima.py::test_all_dead_relu_point_with_a_wrong_constant_is_not_critical",),
    ),
    CodeMutant(
        "ycm_dead_margin_zero",
        YM,
        'sub = torch.where(e.critical & (sn.dead_margin(W1, x) > 0), CODE["dead"], sub)',
        'sub = torch.where(e.critical & (sn.dead_margin(W1, x) >= 0), CODE["dead"], sub)',
        (U + "test_yuchen1995_minima.py::test_relu_unit_on_its_kink_is_not_a_dead_minimum",),
    ),
    CodeMutant(
        "ycm_probe_threshold_loose",
        YM,
        'torch.where(drop > 1, CODE["undecided"], sub[v])',
        'torch.where(drop > 100, CODE["undecided"], sub[v])',
        (U + "test_yuchen1995_minima.py::test_a_probe_drop_just_beyond_rounding_demotes_a_dead_point",),
    ),
    CodeMutant(
        "ycm_probe_only_proven",
        YM,
        "verified = torch.isin(sub, torch.tensor([CODE[c] for c in CALLED_BAD], device=sub.device))",
        "verified = torch.isin(sub, torch.tensor([CODE[c] for c in VERIFIED_BAD], device=sub.device))",
        (U + "test_yuchen1995_minima.py::test_morse_bott_point_is_checked_by_the_ball_probes_too",),
    ),
    CodeMutant(
        "ycm_descent_one_sign",
        YM,
        "    for sign in (1.0, -1.0):\n",
        "    for sign in (1.0,):\n",
        (U + "test_yuchen1995_minima.py::test_split_with_a_zero_share_is_a_descent_point",),
    ),
    CodeMutant(
        "ycm_search_no_extra_lm",
        YM,
        "sub = sn.levenberg_marquardt(theta[left], X[left], Y[left], shape, steps=2 * lm_steps)",
        "sub = theta[left]",
        (U + "test_yuchen1995_minima.py::test_search_gives_unfinished_end_points_more_lm_steps",),
    ),
    CodeMutant(
        "ycm_search_refines_all",
        YM,
        "left = (sn.flat_loss_batched(theta, X, Y, shape) > zero_tol).nonzero()[:, 0]",
        "left = torch.arange(theta.shape[0], device=theta.device)",
        (U + "test_yuchen1995_minima.py::test_search_leaves_interpolants_where_lm_left_them",),
    ),
    # stop 63: the numerical Morse–Bott test steps both ways; descent is evidence, counted undecided
    CodeMutant(
        "ycm_mb_one_sign",
        YM,
        "sign = torch.tensor([1.0, -1.0], dtype=theta.dtype, device=theta.device)",
        "sign = torch.tensor([1.0, 1.0], dtype=theta.dtype, device=theta.device)",
        (U + "test_yuchen1995_minima.py::test_labels_do_not_depend_on_the_sign_the_eigensolver_gives_a_null_vector",),
    ),
    CodeMutant(
        "ycm_mb_either_sign",
        YM,
        "return (same.all(-1) | ~null).all(-1) & (k0 > 0)",
        "return (same.any(-1) | ~null).all(-1) & (k0 > 0)",
        (U + "test_yuchen1995_minima.py::test_tiny_share_split_is_not_morse_bott_where_a_step_leaves_the_psd_side",),
    ),
    CodeMutant(
        "ycm_descent_counted_a_pass",
        YM,
        'UNDECIDED = ("unconverged", "undecided", "morse_bott", "descent")',
        'UNDECIDED = ("unconverged", "undecided", "morse_bott")',
        (U + "test_yuchen1995_minima.py::test_a_minimum_with_a_basin_below_the_descent_steps_is_never_a_pass",),
    ),
    CodeMutant(
        "sections_census_descent_unsaid",
        "claims/report/sections/yuchen1995.py",
        'descent = ", and so is a descent along a flat direction" if "descent" in data["undecided"] else ""',
        'descent = ""',
        (U + "test_report_yuchen1995.py::test_census_says_descent_is_undecided_only_where_its_run_counted_it_so",),
    ),
    # the records' premises hooks (claims.py): each dropped, the claim no longer says where an instance leaves
    # its theorem (stop 63)
    CodeMutant(
        "record_premises_unwired_clc2018_convergence",
        "claims/catalogue/clc2018/claims.py",
        "    premises=flow.convergence_premises,\n",
        "",
        ("tests/unit/test_deep_linear.py::test_premises_are_said_for_overrides_outside_the_theorems",),
    ),
    CodeMutant(
        "record_premises_unwired_clc2018_h1_global",
        "claims/catalogue/clc2018/claims.py",
        "    premises=critical.h1_premises,\n",
        "",
        ("tests/unit/test_deep_linear.py::test_premises_are_said_for_overrides_outside_the_theorems",),
    ),
    CodeMutant(
        "record_premises_unwired_du2018a_thm3_1",
        "claims/catalogue/du2018a/claims.py",
        "    premises=premises.thm3_1,\n",
        "",
        ("tests/unit/test_two_layer.py::test_du2018a_premises_name_the_width_and_the_step",),
    ),
    CodeMutant(
        "record_premises_unwired_du2018a_lemma3_1",
        "claims/catalogue/du2018a/claims.py",
        "    premises=premises.lemma3_1,\n",
        "",
        ("tests/unit/test_du2018a_premises.py::test_lemma3_1_width_m1_itself_meets_the_premise_and_one_less_does_not",),
    ),
    CodeMutant(
        "record_premises_unwired_du2018a_lemma3_2",
        "claims/catalogue/du2018a/claims.py",
        "    premises=premises.lemma3_2,\n",
        "",
        ("tests/unit/test_du2018a_premises.py::test_lemma3_2_radius_premise_is_unmet_only_above_the_derived_radius",),
    ),
    CodeMutant(
        "record_premises_unwired_du2018a_lemma3_4",
        "claims/catalogue/du2018a/claims.py",
        "    premises=premises.lemma3_4,\n",
        "",
        (
            (
                "tests/unit/test_du2018a_premises.py::test_lemma3_4_premise_and_its_literal_width_stat"
                "e_r_prime_below_r_at_the_mean_residual"
            ),
        ),
    ),
    CodeMutant(
        "record_premises_unwired_du2018a_thm3_2",
        "claims/catalogue/du2018a/claims.py",
        "    premises=premises.thm3_2,\n",
        "",
        (
            (
                "tests/unit/test_du2018a_premises.py::test_theorem_widths_are_their_own_derived_widths"
                "_at_the_mean_residual[du2018a.thm3.2-literal_width_thm3_2]"
            ),
        ),
    ),
    CodeMutant(
        "record_premises_unwired_du2018a_thm3_3",
        "claims/catalogue/du2018a/claims.py",
        "    premises=premises.thm3_3,\n",
        "",
        ("tests/unit/test_du2018a_premises.py::test_claims_at_practical_widths_say_so_at_their_defaults[thm3.3]",),
    ),
    CodeMutant(
        "record_premises_unwired_du2018a_thm4_1",
        "claims/catalogue/du2018a/claims.py",
        (
            "    trial=trials_gd.thm4_1,\n"
            "    cost=trials_gd.gd_cost,\n"
            "    constraints=gd_constraints,\n"
            "    premises=premises.thm4_1,\n"
        ),
        "    trial=trials_gd.thm4_1,\n    cost=trials_gd.gd_cost,\n    constraints=gd_constraints,\n",
        (
            (
                "tests/unit/test_du2018a_premises.py::test_theorem_widths_are_their_own_derived_widths"
                "_at_the_mean_residual[du2018a.thm4.1-literal_width_thm4_1]"
            ),
        ),
    ),
    CodeMutant(
        "record_premises_unwired_du2018a_cor4_1",
        "claims/catalogue/du2018a/claims.py",
        (
            "    trial=trials_gd.cor4_1,\n"
            "    cost=trials_gd.gd_cost,\n"
            "    constraints=gd_constraints,\n"
            "    premises=premises.thm4_1,\n"
        ),
        "    trial=trials_gd.cor4_1,\n    cost=trials_gd.gd_cost,\n    constraints=gd_constraints,\n",
        ("tests/unit/test_du2018a_premises.py::test_claims_at_practical_widths_say_so_at_their_defaults[cor4.1]",),
    ),
    CodeMutant(
        "record_premises_unwired_du2018a_ntk_drift",
        "claims/catalogue/du2018a/claims.py",
        "    premises=premises.ntk_drift,\n",
        "",
        ("tests/unit/test_du2018a_premises.py::test_claims_at_practical_widths_say_so_at_their_defaults[ntk_drift]",),
    ),
    CodeMutant(
        "record_premises_unwired_du2018a_fig1",
        "claims/catalogue/du2018a/claims.py",
        "    premises=premises.fig1,\n",
        "",
        (
            (
                "tests/unit/test_du2018a_premises.py::test_figure1_step_at_or_past_the_stability_edge_"
                "is_an_unmet_premise[1.9-False]"
            ),
        ),
    ),
    CodeMutant(
        "record_premises_unwired_du2018b_thm5_1",
        "claims/catalogue/du2018b/claims.py",
        "    premises=trials.thm5_1_premises,\n",
        "",
        ("tests/unit/test_deep_smooth.py::test_thm5_1_premises_name_the_open_constants_and_the_unmet_ones",),
    ),
    CodeMutant(
        "record_premises_unwired_du2018b_lambda0_positive",
        "claims/catalogue/du2018b/claims.py",
        "    premises=trials.lambda0_premises,\n",
        "",
        ("tests/unit/test_deep_smooth.py::test_gram_init_and_lambda0_premises",),
    ),
    CodeMutant(
        "record_premises_unwired_du2018b_gram_init",
        "claims/catalogue/du2018b/claims.py",
        "    premises=trials.gram_init_premises,\n",
        "",
        ("tests/unit/test_deep_smooth.py::test_gram_init_and_lambda0_premises",),
    ),
    CodeMutant(
        "record_premises_unwired_jh2019_thm1_gd",
        "claims/catalogue/jh2019/claims.py",
        (
            "    \"the instance; GD's ratio tends to (κ−1)/(κ+1), so ρ_GD is loose by Lemma 2's term ησ_"
            'maxρ₃ alone.",\n'
            "    premises=trials.thm1_premises,\n"
        ),
        "    \"the instance; GD's ratio tends to (κ−1)/(κ+1), so ρ_GD is loose by Lemma 2's term ησ_maxρ₃ alone.\",\n",
        ("tests/unit/test_deep_linear.py::test_premises_are_said_for_overrides_outside_the_theorems",),
    ),
    CodeMutant(
        "record_premises_unwired_jh2019_thm1_am",
        "claims/catalogue/jh2019/claims.py",
        "    \"and Lemma 2's bound by the flips' scarcity.\",\n    premises=trials.thm1_premises,\n",
        "    \"and Lemma 2's bound by the flips' scarcity.\",\n",
        ("tests/unit/test_deep_linear.py::test_premises_are_said_for_overrides_outside_the_theorems",),
    ),
    CodeMutant(
        "record_premises_unwired_jh2019_am_faster",
        "claims/catalogue/jh2019/claims.py",
        '    "with ρ₃ Lemma 2\'s bound at the instance as there.",\n    premises=trials.thm1_premises,\n',
        '    "with ρ₃ Lemma 2\'s bound at the instance as there.",\n',
        ("tests/unit/test_deep_linear.py::test_premises_are_said_for_overrides_outside_the_theorems",),
    ),
    CodeMutant(
        "record_premises_unwired_kawaguchi2016_nonstrict_saddle",
        "claims/catalogue/kawaguchi2016/claims.py",
        "    premises=trials.nonstrict_saddle_premises,\n",
        "",
        ("tests/unit/test_deep_linear.py::test_premises_are_said_for_overrides_outside_the_theorems",),
    ),
    CodeMutant(
        "record_premises_unwired_kawaguchi2016_no_bad_minima",
        "claims/catalogue/kawaguchi2016/claims.py",
        "    premises=trials.no_bad_minima_premises,\n",
        "",
        ("tests/unit/test_deep_linear.py::test_premises_are_said_for_overrides_outside_the_theorems",),
    ),
    CodeMutant(
        "record_premises_unwired_landscape_random_init_avoids_saddles",
        "claims/catalogue/landscape/claims.py",
        "    premises=lee2016.avoid_premises,\n",
        "",
        ("tests/unit/test_landscapes.py::test_landscape_premises_are_said",),
    ),
    CodeMutant(
        "record_premises_unwired_landscape_perturbed_gd_escape",
        "claims/catalogue/landscape/claims.py",
        "    premises=jin2017.pgd_premises,\n",
        "",
        ("tests/unit/test_landscapes.py::test_landscape_premises_are_said",),
    ),
    CodeMutant(
        "record_premises_unwired_landscape_exponential_escape",
        "claims/catalogue/landscape/claims.py",
        "    premises=du2017.octopus_premises,\n",
        "",
        ("tests/unit/test_landscapes.py::test_landscape_premises_are_said",),
    ),
    CodeMutant(
        "record_premises_unwired_landscape_matrix_factorization",
        "claims/catalogue/landscape/claims.py",
        "    premises=ge2016.mf_premises,\n",
        "",
        ("tests/unit/test_landscapes.py::test_landscape_premises_are_said",),
    ),
    CodeMutant(
        "record_premises_unwired_landscape_quadratic_activation",
        "claims/catalogue/landscape/claims.py",
        "    premises=soltanolkotabi2017.quadratic_premises,\n",
        "",
        ("tests/unit/test_landscapes.py::test_landscape_premises_are_said",),
    ),
    CodeMutant(
        "record_premises_unwired_landscape_random_labels",
        "claims/catalogue/landscape/claims.py",
        "    premises=zhang2017.random_labels_premises,\n",
        "",
        ("tests/unit/test_landscapes.py::test_landscape_premises_are_said",),
    ),
    CodeMutant(
        "record_premises_unwired_landscape_arora_trajectory",
        "claims/catalogue/landscape/claims.py",
        "    trial=arora2019.trajectory_trial,\n    premises=arora2019.width_premises,\n",
        "    trial=arora2019.trajectory_trial,\n",
        ("tests/unit/test_landscapes.py::test_landscape_premises_are_said",),
    ),
    CodeMutant(
        "record_premises_unwired_landscape_arora_label_speed",
        "claims/catalogue/landscape/claims.py",
        "    constraints=arora2019.speed_constraints,\n    premises=arora2019.width_premises,\n",
        "    constraints=arora2019.speed_constraints,\n",
        ("tests/unit/test_landscapes.py::test_landscape_premises_are_said",),
    ),
    CodeMutant(
        "record_premises_unwired_yuchen1995_search_no_bad_min",
        "claims/catalogue/yuchen1995/claims.py",
        "    premises=trials.search_premises,\n",
        "",
        ("tests/unit/test_yuchen1995_minima.py::test_search_premises_name_the_width_and_the_activation",),
    ),
    # the records' constraints hooks (claims.py): each dropped, a bad combination of parameters is no longer
    # refused before the first trial (stop 63)
    CodeMutant(
        "record_constraints_unwired_clc2018_convergence",
        "claims/catalogue/clc2018/claims.py",
        "    constraints=flow.dims_constraints,\n",
        "",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_writ"
                "ten[args41-dims must be comma-separated integers, got 'abc']"
            ),
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_clc2018_exp_rate",
        "claims/catalogue/clc2018/claims.py",
        "    constraints=flow.exp_rate_constraints,\n",
        "",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_writ"
                "ten[args37-parameter max_steps must be >= steps = 400, got 10]"
            ),
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_clc2018_critical_values",
        "claims/catalogue/clc2018/claims.py",
        "    constraints=critical.critical_values_constraints,\n",
        "",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_writ"
                "ten[args42-must have every width >= d_y = 4]"
            ),
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_clc2018_h1_global",
        "claims/catalogue/clc2018/claims.py",
        "    constraints=critical.h1_constraints,\n",
        "",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_writ"
                "ten[args39-n must be >= d0 = 3 (X of full row rank), got n = 2]"
            ),
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_du2018a_thm3_1",
        "claims/catalogue/du2018a/claims.py",
        "    ),\n    constraints=data_constraints,\n",
        "    ),\n",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_writ"
                "ten[args21-d must be 64, the columns of scikit-learn's digits]"
            ),
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_du2018a_lemma3_1",
        "claims/catalogue/du2018a/claims.py",
        "    trial=trials_kernel.lemma3_1,\n    constraints=data_constraints,\n",
        "    trial=trials_kernel.lemma3_1,\n",
        (),
        equivalent=(
            "the same one-line refusal, exit 64, comes before any trial from the record's premises hook, whose "
            "instance_data loads the pool and checks that n and d fit it (du2018a.ntk_constancy, without a premises "
            "hook, is killed)"
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_du2018a_lemma3_2",
        "claims/catalogue/du2018a/claims.py",
        "    trial=trials_kernel.lemma3_2,\n    constraints=data_constraints,\n",
        "    trial=trials_kernel.lemma3_2,\n",
        (),
        equivalent=(
            "the same one-line refusal, exit 64, comes before any trial from the record's premises hook, whose "
            "instance_data loads the pool and checks that n and d fit it (du2018a.ntk_constancy, without a premises "
            "hook, is killed)"
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_du2018a_lemma3_3",
        "claims/catalogue/du2018a/claims.py",
        "    trial=trials_flow.lemma3_3,\n    cost=trials_flow.flow_cost,\n    constraints=data_constraints,\n",
        "    trial=trials_flow.lemma3_3,\n    cost=trials_flow.flow_cost,\n",
        (),
        equivalent=(
            "the same one-line refusal, exit 64, comes before any trial from the record's premises hook, whose "
            "instance_data loads the pool and checks that n and d fit it (du2018a.ntk_constancy, without a premises "
            "hook, is killed)"
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_du2018a_lemma3_4",
        "claims/catalogue/du2018a/claims.py",
        "    trial=trials_flow.lemma3_4,\n    cost=trials_flow.flow_cost,\n    constraints=data_constraints,\n",
        "    trial=trials_flow.lemma3_4,\n    cost=trials_flow.flow_cost,\n",
        (),
        equivalent=(
            "the same one-line refusal, exit 64, comes before any trial from the record's premises hook, whose "
            "instance_data loads the pool and checks that n and d fit it (du2018a.ntk_constancy, without a premises "
            "hook, is killed)"
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_du2018a_thm3_2",
        "claims/catalogue/du2018a/claims.py",
        "    trial=trials_flow.thm3_2,\n    cost=trials_flow.flow_cost,\n    constraints=data_constraints,\n",
        "    trial=trials_flow.thm3_2,\n    cost=trials_flow.flow_cost,\n",
        (),
        equivalent=(
            "the same one-line refusal, exit 64, comes before any trial from the record's premises hook, whose "
            "instance_data loads the pool and checks that n and d fit it (du2018a.ntk_constancy, without a premises "
            "hook, is killed)"
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_du2018a_thm3_3",
        "claims/catalogue/du2018a/claims.py",
        "    trial=trials_flow.thm3_3,\n    cost=trials_flow.flow_cost,\n    constraints=data_constraints,\n",
        "    trial=trials_flow.thm3_3,\n    cost=trials_flow.flow_cost,\n",
        (),
        equivalent=(
            "the same one-line refusal, exit 64, comes before any trial from the record's premises hook, whose "
            "instance_data loads the pool and checks that n and d fit it (du2018a.ntk_constancy, without a premises "
            "hook, is killed)"
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_du2018a_thm4_1",
        "claims/catalogue/du2018a/claims.py",
        "    trial=trials_gd.thm4_1,\n    cost=trials_gd.gd_cost,\n    constraints=gd_constraints,\n",
        "    trial=trials_gd.thm4_1,\n    cost=trials_gd.gd_cost,\n",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_writ"
                "ten[args50-eta_scale would replace eta; set]"
            ),
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_du2018a_cor4_1",
        "claims/catalogue/du2018a/claims.py",
        "    trial=trials_gd.cor4_1,\n    cost=trials_gd.gd_cost,\n    constraints=gd_constraints,\n",
        "    trial=trials_gd.cor4_1,\n    cost=trials_gd.gd_cost,\n",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_writ"
                "ten[args51-steps would replace horizon; set one]"
            ),
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_du2018a_ntk_constancy",
        "claims/catalogue/du2018a/claims.py",
        "    trial=trials_kernel.ntk_init,\n    cost=trials_kernel.ntk_cost,\n    constraints=data_constraints,\n",
        "    trial=trials_kernel.ntk_init,\n    cost=trials_kernel.ntk_cost,\n",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_writ"
                "ten[du2018a.ntk_constancy-digits-d]"
            ),
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_du2018a_ntk_drift",
        "claims/catalogue/du2018a/claims.py",
        "    trial=trials_kernel.ntk_drift,\n    cost=trials_kernel.ntk_cost,\n    constraints=data_constraints,\n",
        "    trial=trials_kernel.ntk_drift,\n    cost=trials_kernel.ntk_cost,\n",
        (),
        equivalent=(
            "the same one-line refusal, exit 64, comes before any trial from the record's premises hook, whose "
            "instance_data loads the pool and checks that n and d fit it (du2018a.ntk_constancy, without a premises "
            "hook, is killed)"
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_du2018b_thm5_1",
        "claims/catalogue/du2018b/claims.py",
        "    constraints=_step_chosen_once,\n",
        "",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_writ"
                "ten[args52-eta would replace eta_scale; set]"
            ),
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_kawaguchi2016_no_bad_minima",
        "claims/catalogue/kawaguchi2016/claims.py",
        "    constraints=trials.no_bad_minima_constraints,\n",
        "",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_writ"
                "ten[args43-n must be >= d0 = 3 (X of full row rank)]"
            ),
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_landscape_perturbed_gd_escape",
        "claims/catalogue/landscape/claims.py",
        "    constraints=jin2017.escape_constraints,\n",
        "",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_writ"
                "ten[args36-d_min = 64 and d_max = 4: d_min must be]"
            ),
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_landscape_exponential_escape",
        "claims/catalogue/landscape/claims.py",
        "    constraints=du2017.octopus_constraints,\n",
        "",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_writ"
                "ten[args34-eta_L must be in (0, 1/2), where the]"
            ),
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_landscape_matrix_factorization",
        "claims/catalogue/landscape/claims.py",
        "    constraints=ge2016.mf_constraints,\n",
        "",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_writ"
                "ten[args71-rank must be < min(m, n) = 3, got 10]"
            ),
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_landscape_arora_label_speed",
        "claims/catalogue/landscape/claims.py",
        "    constraints=arora2019.speed_constraints,\n",
        "",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_writ"
                "ten[landscape.arora_label_speed-digits-d]"
            ),
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_yuchen1995_search_no_bad_min",
        "claims/catalogue/yuchen1995/claims.py",
        "    cost=trials.search_cost,\n    constraints=trials.data_constraints,\n",
        "    cost=trials.search_cost,\n",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_writ"
                "ten[args47-dead_shift = ]"
            ),
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_yuchen1995_core",
        "claims/catalogue/yuchen1995/claims.py",
        "    cost=trials.core_cost,\n    constraints=trials.data_constraints,\n",
        "    cost=trials.core_cost,\n",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_writ"
                "ten[args45-parameter d0 must be >= 2 with bias_row]"
            ),
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_yuchen1995_counterexample",
        "claims/catalogue/yuchen1995/claims.py",
        (
            "    trial=trials.counterexample_trial,\n"
            "    cost=trials.counterexample_cost,\n"
            "    constraints=trials.planted_constraints,\n"
        ),
        "    trial=trials.counterexample_trial,\n    cost=trials.counterexample_cost,\n",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_writ"
                "ten[args46-parameter m must exceed the narrow net's 4]"
            ),
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_yuchen1995_thm",
        "claims/catalogue/yuchen1995/claims.py",
        (
            "    trial=trials.thm_trial,\n"
            "    cost=trials.counterexample_cost,\n"
            "    constraints=trials.planted_constraints,\n"
        ),
        "    trial=trials.thm_trial,\n    cost=trials.counterexample_cost,\n",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_writ"
                "ten[yuchen1995.thm-d0]"
            ),
        ),
    ),
    # an exists claim outside its range (stop 63)
    CodeMutant(
        "safran_premise_range_open",
        "claims/catalogue/landscape/safran2018.py",
        "if lo <= k <= hi:",
        "if lo < k < hi:",
        ("tests/unit/test_landscapes.py::test_landscape_premises_are_said",),
    ),
    CodeMutant(
        "runner_exists_premise_said_as_whp",
        "claims/engine/runner.py",
        "    if kind is Kind.EXISTS:\n",
        "    if kind is None:\n",
        (
            (
                "tests/unit/test_landscapes.py::test_an_exists_claim_outside_its_range_says_a_witness_goes_beyond_it_"
                "and_none_found_says_nothing"
            ),
        ),
    ),
    CodeMutant(
        "record_premises_unwired_landscape_spurious_minima_relu",
        "claims/catalogue/landscape/claims.py",
        "    premises=safran2018.spurious_premises,\n",
        "",
        ("tests/unit/test_landscapes.py::test_landscape_premises_are_said",),
    ),
    CodeMutant(
        "gap_rel_unbounded_deep_linear",
        "claims/catalogue/clc2018/strategies.py",
        '(< 1: at 1 a run stuck at the next critical value passes)",\n            float,\n            open_unit=True,',
        '(< 1: at 1 a run stuck at the next critical value passes)",\n            float,\n            minimum=0.0,',
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_written["
                "kawaguchi2016.no_bad_minima-gap_rel]"
            ),
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_written["
                "clc2018.h1_global-gap_rel]"
            ),
        ),
    ),
    CodeMutant(
        "gap_rel_unbounded_matrix_factorization",
        "claims/catalogue/landscape/claims.py",
        '(< 1: at 1 a run stuck at the next critical value passes)",\n            float,\n            open_unit=True,',
        '(< 1: at 1 a run stuck at the next critical value passes)",\n            float,\n            minimum=0.0,',
        (
            "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_written["
            "landscape.matrix_factorization-gap_rel]",
        ),
    ),
    CodeMutant(
        "tol_rel_unbounded_quadratic_activation",
        "claims/catalogue/landscape/claims.py",
        '(< 1: at 1 the start itself passes)",\n            float,\n            open_unit=True,',
        '(< 1: at 1 the start itself passes)",\n            float,\n            minimum=0.0,',
        (
            "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_written["
            "landscape.quadratic_activation-tol_rel]",
        ),
    ),
    CodeMutant(
        "pgd_eps_at_an_sosp_start_accepted",
        "claims/catalogue/landscape/jin2017.py",
        '    if p["eps"] >= 1 / RHO:\n',
        "    if False:\n",
        (
            "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_written["
            "landscape.perturbed_gd_escape-eps]",
        ),
    ),
    CodeMutant(
        "no_bad_minima_gap_of_the_true_rank",
        "claims/catalogue/kawaguchi2016/trials.py",
        'p["gap_rel"] * dl.gap_scale(X, Y, q)',
        'p["gap_rel"] * dl.gap_scale(X, Y, min(r, k))',
        (
            "tests/mutants/test_mutants.py::test_mutant_is_refuted_at_the_loosest_pass_tolerance[kawaguchi2016.no_bad_minima-wrong_global_value-params0]",
        ),
    ),
    CodeMutant(
        "h1_global_gap_of_the_true_rank",
        "claims/catalogue/clc2018/critical.py",
        'p["gap_rel"] * dl.gap_scale(X, Y, q)',
        'p["gap_rel"] * dl.gap_scale(X, Y, r)',
        (
            "tests/mutants/test_mutants.py::test_mutant_is_refuted_at_the_loosest_pass_tolerance[clc2018.h1_global-wrong_global_value-params1]",
        ),
    ),
    CodeMutant(
        "matrix_factorization_gap_of_the_true_rank",
        "claims/catalogue/landscape/ge2016.py",
        '"threshold": p["gap_rel"] * dl.gap_scale(X, Y, q),',
        '"threshold": p["gap_rel"] * dl.gap_scale(X, Y, r),',
        (
            "tests/mutants/test_mutants.py::test_mutant_is_refuted_at_the_loosest_pass_tolerance[landscape.matrix_factorization-wrong_tail-params2]",
        ),
    ),
    CodeMutant(
        "symmetric_factorization_gap_of_the_true_rank",
        "claims/catalogue/landscape/ge2016.py",
        (
            "    nxt = lam[:, q] if q < n else torch.zeros_like(lam[:, 0])\n    found = {\n"
            '        "gap": e.loss - tail,\n        "threshold": p["gap_rel"] * 0.5 * (lam[:, q - 1] ** 2 - nxt**2),'
        ),
        (
            "    nxt = lam[:, r] if r < n else torch.zeros_like(lam[:, 0])\n    found = {\n"
            '        "gap": e.loss - tail,\n        "threshold": p["gap_rel"] * 0.5 * (lam[:, r - 1] ** 2 - nxt**2),'
        ),
        (
            "tests/mutants/test_mutants.py::test_mutant_is_refuted_at_the_loosest_pass_tolerance[landscape.matrix_factorization-wrong_tail-params3]",
        ),
    ),
    CodeMutant(
        "quadratic_pass_above_the_lowest_spurious_value",
        "claims/catalogue/landscape/soltanolkotabi2017.py",
        "    passed = (ratio <= 1) & below_spurious\n",
        "    passed = ratio <= 1\n",
        (
            "tests/mutants/test_mutants.py::test_mutant_is_refuted_at_the_loosest_pass_tolerance[landscape.quadratic_activation-too_narrow-params4]",
        ),
    ),
    CodeMutant(
        "quadratic_lowest_spurious_value_without_its_trace_term",
        "models/landscapes.py",
        "    return mu.square() * (d + 2) / (d + 1)\n",
        "    return mu.square()\n",
        (
            "tests/unit/test_landscapes.py::test_quadratic_net_critical_values_and_the_lowest_spurious_one",
            "tests/unit/test_landscapes.py::test_quadratic_net_gd_below_full_width_ends_at_a_spurious_value",
        ),
    ),
    CodeMutant(
        "invariants_vacuous_bound_passes",
        FL,
        "    ok, near = ok & ~vacuous, near | vacuous\n",
        "",
        (TDL + "test_invariants_from_a_start_that_never_moves_are_undecided_not_passed",),
    ),
    CodeMutant(
        "quadratic_narrow_at_d1_accepted",
        L + "soltanolkotabi2017.py",
        '    if p["narrow"] and p["d"] < 2:\n',
        "    if False:\n",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_written["
                "landscape.quadratic_activation-narrow-d1]"
            ),
        ),
    ),
    CodeMutant(
        "record_constraints_unwired_landscape_quadratic_activation",
        L + "claims.py",
        "    constraints=soltanolkotabi2017.quadratic_constraints,\n",
        "",
        (
            (
                "tests/cli/test_bad_inputs.py::test_bad_cli_input_is_one_line_exit_64_and_nothing_written["
                "landscape.quadratic_activation-narrow-d1]"
            ),
        ),
    ),
    CodeMutant(
        "search_non_minima_pass",
        "claims/catalogue/yuchen1995/trials.py",
        "        premise_held=~among(minima.NOT_MINIMA),\n",
        "        premise_held=torch.ones_like(bad),\n",
        (
            U + "test_yuchen1995_minima.py::test_search_outcome_fails_only_at_proven_bad_minima",
            U + "test_yuchen1995_minima.py::test_searches_that_end_at_no_minimum_are_vacuous_not_supported",
        ),
    ),
    CodeMutant(
        "census_non_minima_said_passes",
        "claims/report/sections/yuchen1995.py",
        '        if data.get("not_minima_outside_premise")\n',
        "        if False\n",
        (U + "test_report_yuchen1995.py::test_census_says_where_a_non_minimum_end_point_counts",),
    ),
    CodeMutant(
        "arora_wide_band_voids_failures",
        L + "arora2019.py",
        "        undecided=near | (passed & (2 * eps > drop)),",
        "        undecided=near | (2 * eps > drop),",
        (U + "test_landscapes.py::test_arora_deviation_beyond_a_wide_band_is_a_verified_failure",),
    ),
    CodeMutant(
        "thm4_1_unreached_violation_voided",
        GD,
        "undecided=~violated & ~(holds & reached),",
        "undecided=~reached | (~holds & ~violated),",
        (TB + "test_a_violation_before_an_unreached_horizon_is_verified[du2018a.thm4.1-false_constant0]",),
    ),
    CodeMutant(
        "cor4_1_unreached_violation_voided",
        GD,
        "undecided=out.undecided_mask() | (out.passed & (~reached | unsure)))",
        "undecided=out.undecided_mask() | ~reached | (out.passed & unsure))",
        (TB + "test_a_violation_before_an_unreached_horizon_is_verified[du2018a.cor4.1-false_constant1]",),
    ),
    CodeMutant(
        "critical_lift_grid_ignored",
        CR,
        "    if shrink < 1:\n        steps = torch.cat([steps, steps * shrink])\n",
        "",
        (TDL + "test_lifted_saddles_are_certified_at_a_large_lift[4,3,3,3-100000000.0]",),
    ),
    CodeMutant(
        "critical_lift_grid_wrong_power",
        CR,
        'shrink = max(1.0, abs(p["lift"])) ** (-(len(dims) - 3) / 2)',
        'shrink = max(1.0, abs(p["lift"])) ** (-(len(dims) - 3) / 4)',
        (TDL + "test_lifted_saddles_are_certified_at_a_large_lift[4,3,3,3-1e+50]",),
    ),
)


def _git_clean(root: Path) -> bool:
    out = subprocess.run(["git", "status", "--porcelain"], cwd=root, capture_output=True, text=True, check=True)
    return not out.stdout.strip()


def run_one(mutant: CodeMutant, root: Path, full: bool) -> dict:
    """Apply the edit, run its killing tests (or the default run), undo it; the outcome as a dict."""
    path = root / mutant.path
    text = path.read_text()
    if text.count(mutant.old) != 1:
        return {"status": "stale", "detail": f"its text occurs {text.count(mutant.old)} times in {mutant.path}"}
    args = ["-n", "2"] if full else ["-x", *mutant.killed_by]
    env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    start = time.monotonic()
    try:
        path.write_text(text.replace(mutant.old, mutant.new))
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
            cwd=root,
            capture_output=True,
            text=True,
            env=env,
        )
    finally:
        path.write_text(text)
    failed = [line for line in proc.stdout.splitlines() if line.startswith("FAILED")]
    status = {0: "survived", 1: "killed"}.get(proc.returncode, f"pytest exit {proc.returncode}")
    return {"status": status, "seconds": round(time.monotonic() - start, 1), "failed": failed[:5]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.code_mutants", description=__doc__.split("\n\n")[0])
    parser.add_argument("ids", nargs="*", help="mutant ids (default: every one that is not equivalent)")
    parser.add_argument("--full", action="store_true", help="run the whole default test run, not the killing tests")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to mutate (default: this one)")
    parser.add_argument("--out", type=Path, help="write the outcomes as JSON here")
    args = parser.parse_args(argv)
    known = {m.id: m for m in MUTANTS}
    unknown = [i for i in args.ids if i not in known]
    if unknown:
        parser.error(f"unknown mutant id {unknown[0]!r}; known: {', '.join(known)}")
    if not _git_clean(args.root):
        parser.error(f"the checkout {args.root} has uncommitted changes; the mutants edit its files")
    chosen = [known[i] for i in args.ids] if args.ids else [m for m in MUTANTS if not m.equivalent]
    results, missed = {}, 0
    # SIGTERM (a timeout, a killed job) as an exception, so that run_one's ``finally`` undoes the edit
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    for mutant in chosen:
        if mutant.equivalent and not args.full:  # no killing test to run: pytest would run the whole suite
            results[mutant.id] = {"status": "equivalent, not run (--full runs the default run under it)"}
            print(f"{mutant.id}: {results[mutant.id]['status']}", flush=True)
            continue
        results[mutant.id] = outcome = run_one(mutant, args.root, args.full)
        expected = "survived" if mutant.equivalent else "killed"
        missed += outcome["status"] != expected
        print(f"{mutant.id}: {outcome['status']} ({outcome.get('seconds', 0)} s)", flush=True)
    if args.out:
        args.out.write_text(json.dumps(results, indent=1) + "\n")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
