"""Deals filters that more than one benchmark times (this module imports no Django, so that
benchmarks.versions can time any version over HTTP alone)."""

from __future__ import annotations

SERIES_B_IN_PROGRESS = (
    "Deals, series B, in progress, 2023–24, by amount",
    {
        "round_type": "series_b",
        "status": "in_progress",
        "date_from": "2023-01-01",
        "date_to": "2024-12-31",
        "sort": "-amount",
    },
)
