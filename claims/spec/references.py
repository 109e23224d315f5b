"""The works the catalogue cites, as references a reader can look up (and BibTeX for ``claims cite ID``).

A claim's :class:`~claims.spec.claim.Source` names its paper in short form ("Du, Zhai, Póczos, Singh 2018a
(ICLR 2019)") and the lecture notes the catalogue started from by a short id; :func:`references_of` turns both
into full references. The lecture notes are cited by their own titles.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the report renders references without torch, which claims.spec.claim imports
    from claims.spec.claim import Claim


@dataclass(frozen=True)
class Reference:
    key: str
    authors: str
    title: str
    year: int
    venue: str
    arxiv: str = ""
    kind: str = "article"  # BibTeX entry type

    def text(self) -> str:
        """One line, as a paper's reference list prints it."""
        arxiv = f", arXiv:{self.arxiv}" if self.arxiv else ""
        return f"{self.authors}. {self.title}. {self.venue}, {self.year}{arxiv}."

    def bibtex(self) -> str:
        venue_field = "booktitle" if self.kind == "inproceedings" else ("note" if self.kind == "misc" else "journal")
        fields = [
            ("author", " and ".join(a.strip() for a in self.authors.split(", "))),
            ("title", "{" + self.title + "}"),
            (venue_field, self.venue),
            ("year", str(self.year)),
        ]
        if self.arxiv:
            fields += [("eprint", self.arxiv), ("archivePrefix", "arXiv")]
        body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields)
        return f"@{self.kind}{{{self.key},\n{body}\n}}"


def _ref(key, authors, title, year, venue, arxiv="", kind="inproceedings") -> Reference:
    return Reference(key, authors, title, year, venue, arxiv, kind)


PAPERS: dict[str, Reference] = {
    r.key: r
    for r in (
        _ref(
            "du2019gradient",
            "Simon S. Du, Xiyu Zhai, Barnabás Póczos, Aarti Singh",
            "Gradient Descent Provably Optimizes Over-parameterized Neural Networks",
            2019,
            "International Conference on Learning Representations (ICLR)",
            "1810.02054",
        ),
        _ref(
            "du2019deep",
            "Simon S. Du, Jason D. Lee, Haochuan Li, Liwei Wang, Xiyu Zhai",
            "Gradient Descent Finds Global Minima of Deep Neural Networks",
            2019,
            "International Conference on Machine Learning (ICML)",
            "1811.03804",
        ),
        _ref(
            "chitour2018geometric",
            "Yacine Chitour, Zhenyu Liao, Romain Couillet",
            "A Geometric Approach of Gradient Descent Algorithms in Linear Neural Networks",
            2018,
            "arXiv preprint",
            "1811.03568",
            kind="misc",
        ),
        _ref(
            "kawaguchi2016deep",
            "Kenji Kawaguchi",
            "Deep Learning without Poor Local Minima",
            2016,
            "Advances in Neural Information Processing Systems (NeurIPS)",
            "1605.07110",
        ),
        _ref(
            "lee2016gradient",
            "Jason D. Lee, Max Simchowitz, Michael I. Jordan, Benjamin Recht",
            "Gradient Descent Only Converges to Minimizers",
            2016,
            "Conference on Learning Theory (COLT)",
            "1602.04915",
        ),
        _ref(
            "jin2017escape",
            "Chi Jin, Rong Ge, Praneeth Netrapalli, Sham M. Kakade, Michael I. Jordan",
            "How to Escape Saddle Points Efficiently",
            2017,
            "International Conference on Machine Learning (ICML)",
            "1703.00887",
        ),
        _ref(
            "du2017exponential",
            "Simon S. Du, Chi Jin, Jason D. Lee, Michael I. Jordan, Barnabás Póczos, Aarti Singh",
            "Gradient Descent Can Take Exponential Time to Escape Saddle Points",
            2017,
            "Advances in Neural Information Processing Systems (NeurIPS)",
            "1705.10412",
        ),
        _ref(
            "ge2016matrix",
            "Rong Ge, Jason D. Lee, Tengyu Ma",
            "Matrix Completion has No Spurious Local Minimum",
            2016,
            "Advances in Neural Information Processing Systems (NeurIPS)",
            "1605.07272",
        ),
        _ref(
            "ge2017unified",
            "Rong Ge, Chi Jin, Yi Zheng",
            "No Spurious Local Minima in Nonconvex Low Rank Problems: A Unified Geometric Analysis",
            2017,
            "International Conference on Machine Learning (ICML)",
            "1704.00708",
        ),
        _ref(
            "baldi1989pca",
            "Pierre Baldi, Kurt Hornik",
            "Neural Networks and Principal Component Analysis: Learning from Examples without Local Minima",
            1989,
            "Neural Networks 2(1)",
            kind="article",
        ),
        _ref(
            "soltanolkotabi2018theoretical",
            "Mahdi Soltanolkotabi, Adel Javanmard, Jason D. Lee",
            "Theoretical Insights into the Optimization Landscape of Over-parameterized Shallow Neural Networks",
            2019,
            "IEEE Transactions on Information Theory 65(2)",
            "1707.04926",
            kind="article",
        ),
        _ref(
            "du2018quadratic",
            "Simon S. Du, Jason D. Lee",
            "On the Power of Over-parametrization in Neural Networks with Quadratic Activation",
            2018,
            "International Conference on Machine Learning (ICML)",
            "1803.01206",
        ),
        _ref(
            "safran2018spurious",
            "Itay Safran, Ohad Shamir",
            "Spurious Local Minima are Common in Two-Layer ReLU Neural Networks",
            2018,
            "International Conference on Machine Learning (ICML)",
            "1712.08968",
        ),
        _ref(
            "zhang2017rethinking",
            "Chiyuan Zhang, Samy Bengio, Moritz Hardt, Benjamin Recht, Oriol Vinyals",
            "Understanding Deep Learning Requires Rethinking Generalization",
            2017,
            "International Conference on Learning Representations (ICLR)",
            "1611.03530",
        ),
        _ref(
            "arora2019fine",
            "Sanjeev Arora, Simon S. Du, Wei Hu, Zhiyuan Li, Ruosong Wang",
            "Fine-Grained Analysis of Optimization and Generalization for Overparameterized Two-Layer Neural Networks",
            2019,
            "International Conference on Machine Learning (ICML)",
            "1901.08584",
        ),
        _ref(
            "jagatap2019linearly",
            "Gauri Jagatap, Chinmay Hegde",
            "Linearly Convergent Algorithms for Learning Shallow Residual Networks",
            2019,
            "IEEE International Symposium on Information Theory (ISIT)",
            "1806.07863",
        ),
        _ref(
            "yu1995local",
            "Xiao-Hu Yu, Guo-An Chen",
            "On the Local Minima Free Condition of Backpropagation Learning",
            1995,
            "IEEE Transactions on Neural Networks 6(5)",
            kind="article",
        ),
        _ref(
            "fukumizu2000local",
            "Kenji Fukumizu, Shun-ichi Amari",
            "Local Minima and Plateaus in Hierarchical Structures of Multilayer Perceptrons",
            2000,
            "Neural Networks 13(3)",
            kind="article",
        ),
        _ref(
            "sprinkhuizen1999local",
            "Ida G. Sprinkhuizen-Kuyper, Egbert J. W. Boers",
            "A Local Minimum for the 2-3-1 XOR Network",
            1999,
            "IEEE Transactions on Neural Networks 10(4)",
            kind="article",
        ),
        _ref(
            "ding2019suboptimal",
            "Tian Ding, Dawei Li, Ruoyu Sun",
            "Sub-Optimal Local Minima Exist for Neural Networks with Almost All Non-Linear Activations",
            2019,
            "arXiv preprint",
            "1911.01413",
            kind="misc",
        ),
    )
}

#: the lecture notes (slides) the catalogue started from, by the short id a Source records
NOTES: dict[str, Reference] = {
    "000": Reference(
        "golikov2019dynamics",
        "Eugene Golikov",
        "Gradient Descent Dynamics. Part 2",
        2019,
        "Theoretical Deep Learning course, MIPT, lecture slides",
        kind="misc",
    ),
    "001": Reference(
        "zhang2023slides",
        "Yuanxin Zhang",
        "Gradient Descent Provably Optimizes Over-Parameterized Neural Networks",
        2023,
        "presentation slides",
        kind="misc",
    ),
    "002": Reference(
        "jagatap2019slides",
        "Gauri Jagatap, Chinmay Hegde",
        "Linearly Convergent Algorithms for Learning Shallow Residual Networks",
        2019,
        "presentation slides, Iowa State University",
        kind="misc",
    ),
    "003": Reference(
        "liao2019slides",
        "Zhenyu Liao",
        "Dynamical Aspects of Learning Linear Neural Networks",
        2019,
        "Second Symposium on Machine Learning and Dynamical Systems, slides (joint work with Y. Chitour "
        "and R. Couillet)",
        kind="misc",
    ),
    "004": Reference(
        "landscape_slides", "(lecture slides)", "Non-convex Optimization Landscape", 2019, "lecture slides", kind="misc"
    ),
}

#: a Source's short paper name → the references it names (in the order named)
BY_SOURCE: dict[str, tuple[str, ...]] = {
    "Du, Zhai, Póczos, Singh 2018a (ICLR 2019)": ("du2019gradient",),
    "Du, Lee, Li, Wang, Zhai 2018b (ICML 2019)": ("du2019deep",),
    "Chitour, Liao, Couillet 2018": ("chitour2018geometric",),
    "Kawaguchi 2016 (NeurIPS)": ("kawaguchi2016deep",),
    "Lee, Simchowitz, Jordan, Recht 2016": ("lee2016gradient",),
    "Jin, Ge, Netrapalli, Kakade, Jordan 2017 (ICML)": ("jin2017escape",),
    "Du, Jin, Lee, Jordan, Póczos, Singh 2017 (NeurIPS)": ("du2017exponential",),
    "Ge, Lee, Ma 2016 / Baldi & Hornik 1989": ("ge2016matrix", "baldi1989pca", "ge2017unified"),
    "Soltanolkotabi, Javanmard, Lee 2017; Du & Lee 2018": ("soltanolkotabi2018theoretical", "du2018quadratic"),
    "Safran & Shamir 2018 (ICML)": ("safran2018spurious",),
    "Zhang et al. 2017; Arora et al. 2019; Du et al. 2018a": ("zhang2017rethinking", "arora2019fine", "du2019gradient"),
    "Arora, Du, Hu, Li, Wang 2019 (ICML)": ("arora2019fine",),
    "Jagatap & Hegde 2019 (ISIT)": ("jagatap2019linearly",),
    "Yu & Chen 1995 (IEEE TNN 6(5))": ("yu1995local",),
    "Yu & Chen 1995 (IEEE TNN 6(5)), refuted by Fukumizu & Amari 2000 (Neural Networks 13), Sprinkhuizen-Kuyper & "
    "Boers 1999 (IEEE TNN 10(4)), Ding–Li–Sun 2019": (
        "yu1995local",
        "fukumizu2000local",
        "sprinkhuizen1999local",
        "ding2019suboptimal",
    ),
}


def notes_of(claim: Claim) -> tuple[Reference, ...]:
    """The lecture notes a claim's source names (its short ids, e.g. "000, 004"), by their titles."""
    ids = [s.strip() for s in claim.source.seed.split(",") if s.strip()]
    return tuple(NOTES[i] for i in ids if i in NOTES)


def references_of(claim: Claim) -> tuple[Reference, ...]:
    """The papers, then the lecture notes, a claim cites; a source this table does not know cites none of
    its papers (a test keeps every built-in claim known)."""
    papers = tuple(PAPERS[k] for k in BY_SOURCE.get(claim.source.paper, ()))
    return papers + notes_of(claim)


def notes_titles(claim: Claim) -> str:
    """The lecture notes as a reader is told of them: their titles, never an id."""
    return "; ".join(
        f"“{n.title}” ({n.authors})" if not n.authors.startswith("(") else f"“{n.title}”" for n in notes_of(claim)
    )
