"""The report opens with a tally of the claims by verdict, linking every claim that is not SUPPORTED to its
section (an explicit anchor), and says when a REFUTED is the expected finding of a claim false as stated. A claim
takes its worst instance's verdict; the summary pools its instances; a claim's section shows each instance's
margins; the references list each work once."""

from claims.report.render import anchor, tally


def _data():
    rec = {"false_as_stated": ""}
    results = {
        "a.one": [{"verdict": "SUPPORTED"}, {"verdict": "SUPPORTED"}],
        "a.two": [{"verdict": "SUPPORTED"}, {"verdict": "INCONCLUSIVE"}],
        "b.thm": [{"verdict": "REFUTED"}],
        "b.none": [],
    }
    claims = {k: dict(rec) for k in results}
    claims["b.thm"]["false_as_stated"] = "a witness exists"
    return {"claims": claims, "results": results}


def test_tally_counts_claims_by_their_worst_instance_and_links_the_rest():
    text = tally(_data())[0]
    assert text.startswith("**3 claims: 1 SUPPORTED, 1 REFUTED, 1 INCONCLUSIVE, 0 VACUOUS.**")
    assert f"INCONCLUSIVE: [a.two](#{anchor('a.two')})." in text
    assert f"REFUTED: [b.thm](#{anchor('b.thm')}) (false as stated: a finding)." in text
    assert "a.one" not in text and anchor("a.two") == "claim-a-two"


def test_a_claim_takes_its_worst_instances_verdict_refuted_first_then_inconclusive_then_vacuous():
    from claims.report.render import aggregate
    from claims.spec import Verdict

    assert aggregate(["INCONCLUSIVE", "REFUTED", "SUPPORTED"]) is Verdict.REFUTED
    assert aggregate(["VACUOUS", "INCONCLUSIVE"]) is Verdict.INCONCLUSIVE
    assert aggregate(["SUPPORTED", "VACUOUS"]) is Verdict.VACUOUS
    assert aggregate(["SUPPORTED", "SUPPORTED"]) is Verdict.SUPPORTED


def _summary_data():
    def result(verdict, trials, failures, undecided, worst, unmet=()):
        return {
            "verdict": verdict,
            "trials": trials,
            "failures": failures,
            "undecided": undecided,
            "worst_margin": worst,
            "premises_unmet": list(unmet),
            "delta": 0.1,
            "elapsed_s": 1.0,
        }

    rec = {"theorem": "Theorem 1", "kind": "whp", "false_as_stated": ""}
    return {
        "header": {"alpha_share": 0.01},
        "claims": {"a.pooled": dict(rec), "a.inside": dict(rec)},
        "results": {
            "a.pooled": [
                result("SUPPORTED", 100, 2, 3, 0.5),
                result("INCONCLUSIVE", 50, 1, 7, -0.25, unmet=["a width beyond the stated one"]),
            ],
            "a.inside": [result("SUPPORTED", 40, 0, 0, 0.75), result("SUPPORTED", 40, 0, 0, 0.5)],
        },
    }


def test_summary_pools_a_claims_instances_and_marks_one_outside_its_premise():
    """The summary row of a claim sums its instances' trials, failures and undecided trials, gives the exact
    Clopper–Pearson interval of the pooled counts at 1 − α share, the smallest worst margin, and ¹ with its
    footnote where any one instance lies outside a premise."""
    from claims.report.render import _summary
    from claims.stats import failure_rate_interval_by_clopper_pearson

    lines = _summary(_summary_data())
    pooled = next(line for line in lines if line.startswith("| a.pooled "))
    lo, hi = failure_rate_interval_by_clopper_pearson(3, 150, 0.99)
    cells = [c.strip() for c in pooled.split("|")[1:-1]]
    assert cells[3:10] == ["**INCONCLUSIVE** ¹", "150", "3", "10", f"[{lo:.3g}, {hi:.3g}]", "0.1", "-0.25"]
    inside = next(line for line in lines if line.startswith("| a.inside "))
    assert "¹" not in inside and [c.strip() for c in inside.split("|")[1:-1]][9] == "0.5"
    assert any(line.startswith("¹ At least one instance lies outside a premise") for line in lines)
    lines = _summary({**_summary_data(), "results": {"a.inside": _summary_data()["results"]["a.inside"]}})
    assert not any(line.startswith("¹") for line in lines)


def test_a_claims_section_row_shows_its_margins_spread_and_a_scaling_claim_has_no_failure_count(tmp_path):
    """Per instance: margin min / median / max (median 2 of [1, 2, 9], not the mean 4); a scaling claim's
    verdict comes from a fit, so its failures and failure-rate interval read "– (fit)" and "–"."""
    from claims.report.figures import Figures
    from claims.report.render import _claim_section

    rec = {
        "arxiv": "",
        "notes_titles": "notes",
        "seed": "",
        "title": "t",
        "source": "s",
        "statement": "x ≤ 1",
        "notes": "",
        "kind": "whp",
    }
    r = {
        "margins": [9.0, 1.0, 2.0],
        "failure_rate_ci": [0.0, 0.1],
        "failures": 0,
        "verdict": "SUPPORTED",
        "trials": 3,
        "design": {"max_trials": 10, "looks": 2},
        "elapsed_s": 1.0,
        "reason": "",
        "extras": {},
    }
    row = _claim_section("a.b", rec, [r], ["defaults"], Figures(tmp_path, "f")).split("\n")
    cells = [c.strip() for c in next(line for line in row if line.startswith("| defaults")).split("|")[1:-1]]
    assert cells[3:7] == ["0", "0", "[0, 0.1]", "1 / 2 / 9"]
    scaling = _claim_section(
        "a.b", {**rec, "kind": "scaling"}, [{**r, "margins": []}], ["defaults"], Figures(tmp_path, "f")
    ).split("\n")
    cells = [c.strip() for c in next(line for line in scaling if line.startswith("| defaults")).split("|")[1:-1]]
    assert cells[3:6] == ["– (fit)", "0", "–"]


def test_references_list_each_work_once_in_order_of_first_citation():
    from claims.report.render import _references

    data = {
        "claims": {
            "a": {"references": ["Du 2018", "Arora 2019"]},
            "b": {"references": ["Arora 2019", "Ge 2016"]},
            "c": {},
        }
    }
    assert _references(data) == ["1. Du 2018", "2. Arora 2019", "3. Ge 2016"]
    assert _references({"claims": {}}) == ["(none recorded in this results.json)"]
