from __future__ import annotations

from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "rounds"
    verbose_name = "Funding rounds"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from rounds import db
        from rounds.analytics import filters, summary
        from rounds.models import Sector

        db.register_lookups()
        summary.connect()
        post_save.connect(filters.forget_sector_choices, sender=Sector)
        post_delete.connect(filters.forget_sector_choices, sender=Sector)
