from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from rounds.review import corpus


class Command(BaseCommand):
    help = (
        "Write the articles the editors decided, labelled with the rounds they approved, "
        "as a corpus for ../shared/eval/score.py --corpus DIR."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, metavar="DIR")

    def handle(self, *args: Any, folder: Path, **options: Any) -> None:
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} is a file, not a folder.")
        try:
            written = corpus.write_corpus(folder)
        except OSError as error:
            raise CommandError(f"Cannot write to {folder}: {error}") from None
        self.stdout.write(
            f"{len(written)} articles with {sum(written.values())} approved rounds written "
            f"to {folder}; "
            f"score them with: python ../shared/eval/score.py --corpus {folder}"
        )
