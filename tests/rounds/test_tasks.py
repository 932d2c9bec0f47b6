from __future__ import annotations

import pytest

from rounds import tasks
from rounds.enums import ArticleStatus
from rounds.ingestion import pipeline
from rounds.models import Article, RoundProposal

pytestmark = pytest.mark.django_db

STORY = (
    "Quillbyte has raised $12 million in a Series A round led by Harbor Lane Ventures."
)


def test_process_article_task_creates_proposals():
    article, _ = pipeline.store_text(STORY)

    tasks.process_article(article_id=article.pk)

    assert RoundProposal.objects.get().candidate["company"] == "Quillbyte"


def test_process_article_task_skips_a_missing_article():
    tasks.process_article(article_id=999_999)

    assert RoundProposal.objects.count() == 0


def test_process_article_task_is_enqueued_on_commit(django_capture_on_commit_callbacks):
    article, _ = pipeline.store_text(STORY)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tasks.process_article.delay_on_commit(article_id=article.pk)

    assert (len(callbacks), RoundProposal.objects.count()) == (1, 0)


def test_poll_feed_task_skips_an_inactive_feed():
    feed, _ = pipeline.add_feed("https://news.example/rss.xml")
    feed.active = False
    feed.save()

    tasks.poll_feed(feed_id=feed.pk)

    assert Article.objects.count() == 0


def test_send_waiting_articles_processes_the_unsent_ones(
    django_capture_on_commit_callbacks,
):
    article, _ = pipeline.store_text(STORY)
    pipeline.mark_unsent([article.pk], "broker down")
    Article.objects.filter(pk=article.pk).update(created_at="2020-01-01T00:00:00Z")

    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_waiting_articles()

    article.refresh_from_db()
    assert (article.status, article.send_error) == (ArticleStatus.EXTRACTED, "")
    assert article.sent_at is not None
