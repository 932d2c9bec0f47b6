"""Celery tasks: thin shells that load rows by id and call one function of rounds.ingestion.pipeline, and the
sending of an article's task, which survives a broker that is down.

Every task may run twice (late acknowledgement redelivers the task of a worker that died, and the
sweeper sends again what may be lost), so each one relies on ingest's idempotent steps and on the
article's lease.
"""

from __future__ import annotations

import logging
from functools import partial

from celery import Task, shared_task
from celery.signals import worker_ready
from django.conf import settings
from django.db import close_old_connections, transaction
from kombu.exceptions import OperationalError

from rounds.enums import DigestFrequency
from rounds.ingestion import fetching, language_model, pipeline
from rounds.models import Article, Feed
from rounds.watchlists import digests

logger = logging.getLogger(__name__)

MAX_RETRIES = 4
# What a publish raises when the broker cannot be reached.
BROKER_ERRORS = (OperationalError, ConnectionError, TimeoutError)


# Network errors are retried by Celery, with exponential backoff and jitter:
RETRY_NETWORK_ERRORS = {
    "autoretry_for": (fetching.TransientFetchError,),
    "retry_backoff": settings.INGEST_RETRY_BASE_SECONDS,
    "retry_backoff_max": settings.INGEST_RETRY_MAX_SECONDS,
    "retry_jitter": True,
    "max_retries": MAX_RETRIES,
}


@shared_task(
    bind=True,
    **RETRY_NETWORK_ERRORS,
    # Its own limits: a language model, when one reads articles, may take minutes.
    time_limit=pipeline.task_time_limit(),
    soft_time_limit=settings.CELERY_TASK_SOFT_TIME_LIMIT
    + language_model.time_allowance(),
)
def process_article(self: Task, *, article_id: int) -> None:
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        logger.info(
            "process_article: article %s no longer exists; skipping", article_id
        )
        return
    try:
        lease_left = pipeline.process_article(
            article, worker=self.request.hostname or ""
        )
    except fetching.TransientFetchError as error:
        # In-process (eager) tasks do not retry: a web request must not wait for a server.
        if self.request.is_eager or self.request.retries >= MAX_RETRIES:
            attempts = self.request.retries + 1
            pipeline.mark_failed(
                article, f"{error.reason} Gave up after {attempts} attempts."
            )
            return
        raise
    if lease_left is not None:
        # Another worker holds it: look again when its lease ends, in case that worker died.
        process_article.apply_async(
            kwargs={"article_id": article_id}, countdown=lease_left + 1
        )


@shared_task(bind=True, **RETRY_NETWORK_ERRORS)
def poll_feed(self: Task, *, feed_id: int) -> None:
    feed = Feed.objects.filter(pk=feed_id, active=True).first()
    if feed is None:
        logger.info("poll_feed: feed %s is gone or inactive; skipping", feed_id)
        return
    try:
        new_articles = pipeline.poll_feed(feed)
    except fetching.TransientFetchError:
        if self.request.is_eager:
            return
        raise
    send_articles([article.pk for article in new_articles])


@shared_task
def poll_due_feeds() -> None:
    for feed_id in pipeline.due_feeds():
        poll_feed.delay(feed_id=feed_id)


@shared_task
def send_waiting_articles() -> None:
    """Beat's sweeper: send again the tasks of articles whose task may be lost."""
    send_articles(pipeline.articles_to_send(queue_empty=queued_messages() == 0))


@shared_task
def send_digests(*, frequency: str) -> None:
    """Beat's e-mail digests of saved searches, instant (every minute) or daily."""
    sent = digests.send_digests(DigestFrequency(frequency))
    logger.info("send_digests(%s): %s mails sent", frequency, sent)


# Sending


def send_articles(article_ids: list[int]) -> None:
    """Send each article's task once the current transaction commits (at once outside one).

    When the broker cannot be reached, the articles keep the reason in `send_error` and stay
    waiting: send_waiting_articles sends them again once it is back, so none is stranded.
    """
    if article_ids:
        transaction.on_commit(partial(_send, list(article_ids)), robust=True)


def _send(article_ids: list[int]) -> None:
    sent: list[int] = []
    for article_id in article_ids:
        try:
            process_article.delay(article_id=article_id)
        except BROKER_ERRORS as error:
            logger.warning("could not send article %s: %s", article_id, error)
            pipeline.mark_unsent(
                article_ids[len(sent) :],
                f"Not sent to the workers: the task queue could not be reached ({error}). "
                "It is sent again automatically when the queue is back.",
            )
            break
        sent.append(article_id)
    pipeline.mark_sent(sent)


def sent(article: Article) -> bool:
    """Send the article's task now (outside a transaction); False when the broker refused it."""
    send_articles([article.pk])
    article.refresh_from_db(fields=["send_error"])
    return not article.send_error


def send_feed_poll(feed_id: int) -> None:
    """Send a feed's poll once the current transaction commits; beat polls it later if the
    broker cannot be reached (a feed never polled is due)."""
    transaction.on_commit(partial(_send_poll, feed_id), robust=True)


def _send_poll(feed_id: int) -> None:
    try:
        poll_feed.delay(feed_id=feed_id)
    except BROKER_ERRORS as error:
        logger.warning("could not send the poll of feed %s: %s", feed_id, error)


def queued_messages() -> int:
    """How many messages wait in the task queue (0 when tasks run in-process)."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return 0
    app = process_article.app
    with app.connection_for_read() as connection:
        # Declaring an existing queue changes nothing, and Redis has no key for an empty one:
        declared = connection.default_channel.queue_declare(
            queue=app.conf.task_default_queue
        )
    return declared.message_count


@worker_ready.connect
def _send_what_a_killed_worker_held(sender: object, **_: object) -> None:
    """A worker that starts again sends at once the articles it held when it was killed."""
    hostname = getattr(sender, "hostname", "")
    try:
        send_articles(pipeline.release_leases(hostname))
    finally:
        close_old_connections()
