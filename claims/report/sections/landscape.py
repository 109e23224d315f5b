"""Report sections of the landscape family (interim: one-piece sections through the legacy adapter)."""

from claims.catalogue.landscape import claims as _family
from claims.report.legacy import legacy_section

SECTIONS = tuple(
    legacy_section("landscape", fn, title)
    for fn, title in zip(
        _family.REPORT_SECTIONS,
        (
            "Escape from a strict saddle",
            "Spurious local minima of teacher–student ReLU nets",
            "Perturbed GD: escape iterations against dimension",
            "Arora et al. 2019: residual trajectories, random against structured labels",
            "Exponential escape: GD against perturbed GD on the octopus",
        ),
        strict=True,
    )
)
