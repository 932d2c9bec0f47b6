from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rounds import tasks
from rounds.ingestion import pipeline


class Command(BaseCommand):
    help = "Queue article URLs for fetching and extraction."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("urls", nargs="+")

    def handle(self, *args: Any, urls: list[str], **options: Any) -> None:
        failed = 0
        for url in urls:
            try:
                pipeline.check_given_url(url)
                article, created = pipeline.queue_url(url)
            except pipeline.InvalidURL as error:
                failed += 1
                self.stderr.write(f"{url}: {error}")
                continue
            if not created and article.status not in pipeline.PENDING:
                self.stdout.write(
                    f"{url}: already stored as article {article.pk} ({article.status})"
                )
            elif tasks.sent(article):
                self.stdout.write(f"{url}: queued as article {article.pk}")
            else:
                self.stdout.write(
                    f"{url}: stored as article {article.pk}; the task queue cannot be "
                    "reached, so it is queued automatically when the queue is back"
                )
        if failed:
            raise CommandError(f"{failed} of {len(urls)} URLs could not be queued")
