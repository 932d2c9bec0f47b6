from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rounds import tasks
from rounds.ingestion import pipeline


class Command(BaseCommand):
    help = "Store .txt or .html files as articles and queue them for extraction."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", type=Path)

    def handle(self, *args: Any, paths: list[Path], **options: Any) -> None:
        failed = 0
        for path in paths:
            try:
                article, created = pipeline.store_file(path)
            except (pipeline.UnreadableFile, OSError) as error:
                failed += 1
                self.stderr.write(
                    f"{path}: {error}" if isinstance(error, OSError) else str(error)
                )
                continue
            if not created and article.status not in pipeline.PENDING:
                self.stdout.write(f"{path}: already stored as article {article.pk}")
            elif tasks.sent(article):
                self.stdout.write(
                    f"{path}: stored as article {article.pk}, extraction queued"
                )
            else:
                self.stdout.write(
                    f"{path}: stored as article {article.pk}; the task queue cannot be "
                    "reached, so it is queued automatically when the queue is back"
                )
        if failed:
            raise CommandError(f"{failed} of {len(paths)} files could not be ingested")
