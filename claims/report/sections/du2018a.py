"""Report sections of the du2018a family (interim: one-piece sections through the legacy adapter)."""

from claims.catalogue.du2018a import claims as _family
from claims.report.legacy import legacy_section

SECTIONS = (
    legacy_section("du2018a", _family.lemma3_1_width_section, "du2018a: the theory's widths against practice"),
    legacy_section("du2018a", _family.fig1_section, "du2018a: the experiment of Figure 1"),
)
