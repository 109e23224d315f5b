"""When a file was written: the UTC minute that every run's header carries, in one format for all of them."""

from __future__ import annotations

import datetime as dt


def utc_minute() -> str:
    """Now, to the minute, in UTC, e.g. "2026-12-04 20:11 UTC"."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
