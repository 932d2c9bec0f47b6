from __future__ import annotations

import pytest

from rounds import ingest, tasks
from rounds.models import RoundProposal

pytestmark = pytest.mark.django_db

STORY = (
    "Quillbyte has raised $12 million in a Series A round led by Harbor Lane Ventures."
)


def test_extract_article_task_creates_proposals():
    article, _ = ingest.store_text(STORY)

    tasks.extract_article(article_id=article.pk)

    assert RoundProposal.objects.get().candidate["company"] == "Quillbyte"


def test_extract_article_task_skips_a_missing_article():
    tasks.extract_article(article_id=999_999)

    assert RoundProposal.objects.count() == 0


def test_extract_article_task_is_enqueued_on_commit(django_capture_on_commit_callbacks):
    article, _ = ingest.store_text(STORY)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tasks.extract_article.delay_on_commit(article_id=article.pk)

    assert (len(callbacks), RoundProposal.objects.count()) == (1, 0)
