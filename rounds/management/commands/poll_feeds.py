from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rounds import tasks
from rounds.ingestion import pipeline
from rounds.models import Feed


class Command(BaseCommand):
    help = (
        "Queue a poll of the feeds that are due (or of every active feed with --all)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="poll every active feed now"
        )

    def handle(self, *args: Any, all: bool, **options: Any) -> None:
        if all:
            feed_ids = list(
                Feed.objects.filter(active=True).values_list("pk", flat=True)
            )
        else:
            feed_ids = pipeline.due_feeds()
        try:
            for feed_id in feed_ids:
                tasks.poll_feed.delay(feed_id=feed_id)
        except tasks.BROKER_ERRORS as error:
            raise CommandError(
                f"The task queue cannot be reached ({error}); beat polls the feeds when "
                "it is back."
            ) from None
        self.stdout.write(f"{len(feed_ids)} feeds queued for polling")
