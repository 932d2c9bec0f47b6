"""Celery tasks: thin shells that load rows by id and call one function of rounds.ingest.

Every task may run twice (late acknowledgement redelivers the task of a worker that died), so
each one relies on ingest's idempotent steps.
"""

from __future__ import annotations

import logging
import random

from celery import Task, shared_task
from django.conf import settings

from rounds import fetching, ingest
from rounds.models import Article, Feed

logger = logging.getLogger(__name__)

MAX_RETRIES = 4


def _retry_later(task: Task, error: fetching.TransientFetchError) -> None:
    """Retry with exponential backoff and jitter; return once the retries are used up.

    In-process (eager) tasks do not retry: a web request must not wait minutes for a server.
    """
    if task.request.is_eager or task.request.retries >= MAX_RETRIES:
        return
    base = settings.INGEST_RETRY_BASE_SECONDS
    delay = min(settings.INGEST_RETRY_MAX_SECONDS, base * 2**task.request.retries)
    raise task.retry(exc=error, countdown=delay + random.uniform(0, base))


@shared_task(bind=True, max_retries=MAX_RETRIES)
def process_article(self: Task, *, article_id: int) -> None:
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        logger.info(
            "process_article: article %s no longer exists; skipping", article_id
        )
        return
    try:
        ingest.process_article(article)
    except fetching.TransientFetchError as error:
        _retry_later(self, error)
        attempts = self.request.retries + 1
        ingest.mark_failed(
            article, f"{error.reason} Gave up after {attempts} attempts."
        )


@shared_task(bind=True, max_retries=MAX_RETRIES)
def poll_feed(self: Task, *, feed_id: int) -> None:
    feed = Feed.objects.filter(pk=feed_id, active=True).first()
    if feed is None:
        logger.info("poll_feed: feed %s is gone or inactive; skipping", feed_id)
        return
    try:
        new_articles = ingest.poll_feed(feed)
    except fetching.TransientFetchError as error:
        _retry_later(self, error)
        return
    for article in new_articles:
        process_article.delay_on_commit(article_id=article.pk)


@shared_task
def poll_due_feeds() -> None:
    for feed_id in ingest.due_feeds():
        poll_feed.delay(feed_id=feed_id)


@shared_task
def requeue_stalled_articles() -> None:
    for article_id in ingest.stalled_articles():
        process_article.delay(article_id=article_id)
