"""Celery tasks: thin shells that load a row by id and call one function of rounds.ingest."""

from __future__ import annotations

import logging

from celery import shared_task

from rounds import ingest
from rounds.models import Article

logger = logging.getLogger(__name__)


@shared_task
def extract_article(*, article_id: int) -> None:
    article = Article.objects.filter(pk=article_id).first()
    if article is None:
        logger.info(
            "extract_article: article %s no longer exists; skipping", article_id
        )
        return
    ingest.extract_article(article)
