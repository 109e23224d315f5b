"""Every claim cites its works as references a reader can look up, and the lecture notes by their titles."""

import re

import pytest

from claims.__main__ import main
from claims.registry import all_claims
from claims.report.listing import catalogue_markdown
from claims.spec.references import PAPERS, notes_of, references_of


@pytest.mark.parametrize("claim", all_claims(), ids=lambda c: c.id)
def test_every_claim_cites_a_known_paper_or_notes_by_title(claim):
    refs = references_of(claim)
    assert notes_of(claim), f"{claim.id}: its source names no lecture notes this table knows"
    lecture_only = claim.source.paper.startswith("Lecture notes")
    assert lecture_only or refs[0] in PAPERS.values(), f"{claim.id}: source {claim.source.paper!r} not in BY_SOURCE"
    if claim.source.arxiv and not lecture_only:
        assert claim.source.arxiv in {r.arxiv for r in refs}, f"{claim.id}: arXiv id not among its references"


def test_the_catalogue_names_no_private_seed_ids():
    text = catalogue_markdown(all_claims())
    assert not re.search(r"\bseed 00\d", text, re.I) and "Seed 004" not in text


def test_cite_prints_bibtex(capsys):
    assert main(["cite", "du2018a.lemma3.1"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("@inproceedings{du2019gradient,") and "eprint = {1810.02054}" in out
    assert "Gradient Descent Dynamics. Part 2" in out  # the lecture notes, by their title
