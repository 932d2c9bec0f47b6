from __future__ import annotations

from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "rounds"
    verbose_name = "Funding rounds"

    def ready(self) -> None:
        from rounds import db
        from rounds.analytics import summary

        db.register_lookups()
        summary.connect()
