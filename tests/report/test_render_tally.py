"""The report opens with a tally of the claims by verdict, linking every claim that is not SUPPORTED to its
section (an explicit anchor), and says when a REFUTED is the expected finding of a claim false as stated."""

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
