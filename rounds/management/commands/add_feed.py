from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rounds.ingestion import pipeline


class Command(BaseCommand):
    help = "Add an RSS or Atom feed to poll (beat polls it on its interval; poll_feeds polls now)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("url")
        parser.add_argument("--name", default="")
        parser.add_argument(
            "--interval", type=int, default=60, help="minutes between polls"
        )

    def handle(
        self, *args: Any, url: str, name: str, interval: int, **options: Any
    ) -> None:
        if interval < 1:
            raise CommandError("--interval must be at least 1 minute")
        try:
            pipeline.check_given_url(url)
            feed, created = pipeline.add_feed(
                url, name=name, poll_interval_minutes=interval
            )
        except (pipeline.InvalidURL, pipeline.TooManyFeeds) as error:
            raise CommandError(str(error)) from None
        state = "added" if created else "already there"
        self.stdout.write(
            f"Feed {feed.pk} {feed.name!r} {state}, polled every {feed.poll_interval_minutes} min"
        )
