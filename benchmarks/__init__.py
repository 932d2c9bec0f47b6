"""Benchmarks that print figures: pages, dataset, export, ingestion, extraction and the stack's."""

from __future__ import annotations

import os


def setup_django() -> None:
    """Configure Django for a benchmark run as `python -m benchmarks.X` (tests have already)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()
