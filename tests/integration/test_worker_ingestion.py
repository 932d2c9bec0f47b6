"""Feeds and articles through real worker processes, Redis and PostgreSQL."""

from __future__ import annotations

import gzip
import time

import pytest

from rounds import tasks
from rounds.enums import ArticleStatus
from rounds.ingestion import pipeline
from rounds.models import Article, Feed, RoundProposal
from tests.fakellm import MODEL, FakeLLM, rounds_answer
from tests.fakesite import Route
from tests.integration.conftest import wait_until
from tests.rounds.extraction.test_llm_server import NEWS, PUBLISHED, SEED, TEXT, TITLE

pytestmark = pytest.mark.django_db(transaction=True)


def story(n: int) -> list[str]:
    return [
        f"Testco{n} Robotics, a Lisbon warehouse-automation startup, has raised ${n + 5} million in "
        f"a Series A round led by Harbor Lane Ventures, the company said on Monday.",
        "It will hire engineers and open a second office next year, its founder said.",
    ]


def publish_feed(site, count: int, *, path: str = "/rss", etag: str = "") -> str:
    links = [
        (f"Story {n}", site.page(f"/story-{n}", f"Testco{n} Robotics raises", story(n)))
        for n in range(count)
    ]
    return site.feed(path, links, etag=etag)


def all_extracted(count: int) -> bool:
    return Article.objects.filter(status=ArticleStatus.EXTRACTED).count() == count


def test_feed_becomes_articles_and_proposals_and_polling_again_adds_nothing(
    start_worker, site
):
    worker = start_worker()
    feed, _ = pipeline.add_feed(publish_feed(site, 5, etag='"v1"'))

    tasks.poll_feed.delay(feed_id=feed.pk)
    wait_until(lambda: all_extracted(5), timeout=60, what="5 extracted articles")
    tasks.poll_feed.delay(feed_id=feed.pk)
    wait_until(lambda: site.hits.count("/rss") == 2, timeout=30, what="the second poll")
    time.sleep(1)

    assert (Article.objects.count(), RoundProposal.objects.count()) == (5, 5)
    assert Feed.objects.get().last_error == ""
    assert worker.alive


def test_changed_feed_adds_only_the_new_entries(start_worker, site):
    start_worker()
    feed, _ = pipeline.add_feed(publish_feed(site, 3, etag='"v1"'))
    tasks.poll_feed.delay(feed_id=feed.pk)
    wait_until(lambda: all_extracted(3), timeout=60, what="3 extracted articles")

    publish_feed(site, 5, etag='"v2"')
    tasks.poll_feed.delay(feed_id=feed.pk)
    wait_until(lambda: all_extracted(5), timeout=60, what="5 extracted articles")

    assert [site.hits.count(f"/story-{n}") for n in range(5)] == [1, 1, 1, 1, 1]
    assert RoundProposal.objects.count() == 5


def slow_response(handler) -> None:
    time.sleep(6)
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", "5")
    handler.end_headers()
    handler.wfile.write(b"late!")


def huge_response(handler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(50_000_000))
    handler.end_headers()
    try:
        for _ in range(50):
            handler.wfile.write(b"<p>" + b"x" * 999_993 + b"</p>")
    except (BrokenPipeError, ConnectionResetError):
        pass


def huge_response_without_length(handler) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.end_headers()
    chunk = b"<p>" + b"x" * 65_000 + b"</p>"
    try:
        for _ in range(800):
            handler.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        handler.wfile.write(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass


BAD_PAGES = {
    "/loop": (Route(b"", status=302, headers={"Location": "/loop"}), "loop"),
    "/huge": (huge_response, "5,000,000 bytes"),
    "/huge-chunked": (huge_response_without_length, "5,000,000 bytes"),
    "/report.pdf": (
        Route(b"%PDF-1.7", content_type="application/pdf"),
        "application/pdf",
    ),
    "/error": (Route(b"oops", status=500, content_type="text/plain"), "500"),
    "/slow": (slow_response, "took longer than 3 seconds"),
    "/bomb": (
        Route(gzip.compress(b" " * 60_000_000), headers={"Content-Encoding": "gzip"}),
        "5,000,000 bytes",
    ),
}


def test_bad_pages_end_with_a_stored_reason_and_the_worker_survives(start_worker, site):
    worker = start_worker()
    for path, (route, _) in BAD_PAGES.items():
        site.routes[path] = route
    articles = {path: pipeline.queue_url(site.url(path))[0] for path in BAD_PAGES}

    for article in articles.values():
        tasks.process_article.delay(article_id=article.pk)
    wait_until(
        lambda: (
            Article.objects.filter(status=ArticleStatus.FAILED).count()
            == len(BAD_PAGES)
        ),
        timeout=120,
        what="every bad page to fail",
    )

    errors = {path: Article.objects.get(pk=a.pk).error for path, a in articles.items()}
    for path, (_, reason) in BAD_PAGES.items():
        assert reason in errors[path], (path, errors[path])
    assert "Gave up after 5 attempts" in errors["/error"]
    good, _ = pipeline.queue_url(
        site.page("/fine", "Testco1 Robotics raises", story(1))
    )
    tasks.process_article.delay(article_id=good.pk)
    wait_until(
        lambda: Article.objects.get(pk=good.pk).status == ArticleStatus.EXTRACTED,
        timeout=30,
        what="a good page after the bad ones",
    )
    assert worker.alive


def entity_bomb() -> bytes:
    """A billion-laughs feed: nine levels of entities, each ten of the one below."""
    entities = ['<!ENTITY a0 "lol">'] + [
        f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10)
    ]
    doctype = f"<!DOCTYPE rss [{''.join(entities)}]>"
    return f'<?xml version="1.0"?>{doctype}<rss><channel><title>&a9;</title></channel></rss>'.encode()


BAD_FEEDS = {
    "/malformed": (
        Route(
            b"<rss><channel><item><title>cut off", content_type="application/rss+xml"
        ),
        "could not be read",
    ),
    "/entities": (
        Route(entity_bomb(), content_type="application/rss+xml"),
        "declares XML entities",
    ),
    "/feed-error": (Route(b"down", status=503, content_type="text/plain"), "503"),
}


def test_bad_feeds_end_with_a_stored_reason_and_the_worker_survives(start_worker, site):
    worker = start_worker()
    for path, (route, _) in BAD_FEEDS.items():
        site.routes[path] = route
    feeds = {path: pipeline.add_feed(site.url(path))[0] for path in BAD_FEEDS}

    for feed in feeds.values():
        tasks.poll_feed.delay(feed_id=feed.pk)
    wait_until(
        lambda: (
            all(Feed.objects.get(pk=f.pk).last_error for f in feeds.values())
            and site.hits.count("/feed-error") == 5
        ),
        timeout=60,
        what="every bad feed to record its error",
    )

    for path, (_, reason) in BAD_FEEDS.items():
        assert reason in Feed.objects.get(pk=feeds[path].pk).last_error
    assert (Article.objects.count(), worker.alive) == (0, True)


def test_both_extractors_read_an_article_in_a_worker_and_mark_each_value(start_worker):
    with FakeLLM(rounds_answer(NEWS, SEED)) as model:
        start_worker(
            EXTRACTOR="both", LLM_BASE_URL=model.base_url, LLM_MODEL=MODEL,
            LLM_TIMEOUT_SECONDS="10",
        )  # fmt: skip
        article, _ = pipeline.store_text(TEXT, title=TITLE, published_on=PUBLISHED)
        tasks.process_article.delay(article_id=article.pk)
        wait_until(
            lambda: (
                Article.objects.get(pk=article.pk).status == ArticleStatus.EXTRACTED
            ),
            timeout=60,
            what="the article read by both extractors",
        )

    article.refresh_from_db()
    news = next(
        p for p in article.proposals.all() if p.candidate["round_type"] == "series_b"
    )
    sources = {s["field"]: s["extractor"] for s in news.candidate["provenance"]}
    assert article.extractor == "both" and len(model.requests) == 1
    assert sources["company"] == "both" and sources["lead_investors"] == "both"
