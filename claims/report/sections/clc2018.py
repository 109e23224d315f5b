"""Report sections of the clc2018 family (interim: one-piece sections through the legacy adapter)."""

from claims.catalogue.clc2018 import claims as _family
from claims.report.legacy import legacy_section

SECTIONS = tuple(
    legacy_section("clc2018", fn, title)
    for fn, title in zip(
        _family.REPORT_SECTIONS,
        (
            "Deep linear nets: drift of the invariants C_j under GD",
            "Deep linear nets: GD end points sit at predicted critical values",
        ),
        strict=True,
    )
)
