from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rounds import ingest, tasks


class Command(BaseCommand):
    help = "Queue article URLs for fetching and extraction."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("urls", nargs="+")

    def handle(self, *args: Any, urls: list[str], **options: Any) -> None:
        failed = 0
        for url in urls:
            try:
                article, created = ingest.queue_url(url)
            except ingest.InvalidURL as error:
                failed += 1
                self.stderr.write(str(error))
                continue
            if created:
                tasks.process_article.delay_on_commit(article_id=article.pk)
                self.stdout.write(f"{url}: queued as article {article.pk}")
            else:
                self.stdout.write(
                    f"{url}: already stored as article {article.pk} ({article.status})"
                )
        if failed:
            raise CommandError(f"{failed} of {len(urls)} URLs could not be queued")
