"""Results in, REPORT.md out (the only package that imports matplotlib)."""

from claims.report.writer import compute, publish, rerender, write_report

__all__ = ["compute", "publish", "rerender", "write_report"]
