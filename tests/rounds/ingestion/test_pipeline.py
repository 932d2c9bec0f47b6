from __future__ import annotations

import datetime as dt
import gzip
import socket

import pytest
from django.utils import timezone

from rounds import tasks
from rounds.enums import ArticleStatus, SourceKind
from rounds.ingestion import fetching, pipeline
from rounds.models import Article, Feed, RoundProposal
from tests.fakesite import FakeSite, Route

pytestmark = pytest.mark.django_db

STORY = [
    "Lumora Health, a Berlin clinical-software startup, has raised $25 million in a Series A "
    "round led by Brightwater Capital, with participation from Tidewell Ventures.",
    "The company sells software that turns ward notes into structured billing records and "
    "plans to open offices in Paris and Madrid this year.",
]
OTHER_STORY = [
    "Orbital Kitchens, a London food-robotics startup, has raised $8 million in a seed round led "
    "by Harbor Lane Ventures, the company said.",
    "The money pays for a second test kitchen and for hiring engineers, its founder said.",
]


@pytest.fixture
def site(settings):
    settings.FETCH_ALLOW_LOOPBACK = True
    settings.FETCH_TIMEOUT_SECONDS = 2
    with FakeSite() as site:
        yield site


# Pasted text and files


def test_store_text_creates_an_article_ready_for_extraction():
    article, created = pipeline.store_text(" ".join(STORY), title="Lumora raises")

    assert created
    assert (article.url, article.status, article.source_kind) == (
        "",
        ArticleStatus.FETCHED,
        SourceKind.PASTE,
    )


def test_store_text_twice_gives_one_article_whatever_the_spacing():
    first, _ = pipeline.store_text(" ".join(STORY))

    second, created = pipeline.store_text("  ".join(STORY) + "\n")

    assert (second, created, Article.objects.count()) == (first, False, 1)


# URLs


def test_queue_url_folds_variants_of_one_url():
    first, created = pipeline.queue_url(
        "https://www.news.example/lumora?utm_source=rss"
    )

    second, created_again = pipeline.queue_url("https://news.example/lumora#comments")

    assert (first.url, first.status, first.source_kind) == (
        "https://news.example/lumora",
        ArticleStatus.QUEUED,
        SourceKind.URL,
    )
    assert (second, created, created_again) == (first, True, False)


@pytest.mark.parametrize(
    "url", ["ftp://news.example/a", "javascript:alert(1)", "news.example/a", ""]
)
def test_queue_url_refuses_what_is_not_http(url):
    with pytest.raises(pipeline.InvalidURL):
        pipeline.queue_url(url)


def test_process_article_fetches_cleans_and_proposes(site):
    article, _ = pipeline.queue_url(
        site.page("/lumora", "Lumora Health raises $25M", STORY)
    )

    pipeline.process_article(article)

    article.refresh_from_db()
    assert (article.status, article.title) == (
        ArticleStatus.EXTRACTED,
        "Lumora Health raises $25M",
    )
    assert "Share" not in article.text and "Brightwater Capital" in article.text
    assert set(article.stage_ms) == {"fetch", "clean", "extract", "store"}
    assert RoundProposal.objects.get().candidate["company"] == "Lumora Health"


def test_process_article_twice_changes_nothing(site):
    article, _ = pipeline.queue_url(
        site.page("/lumora", "Lumora Health raises $25M", STORY)
    )
    pipeline.process_article(article)

    pipeline.process_article(Article.objects.get(pk=article.pk))

    assert (site.hits.count("/lumora"), RoundProposal.objects.count()) == (1, 1)


def test_same_story_at_two_urls_is_one_article_and_a_duplicate(site):
    first, _ = pipeline.queue_url(site.page("/lumora", "Lumora raises", STORY))
    second, _ = pipeline.queue_url(site.page("/wire/lumora", "Lumora raises", STORY))
    pipeline.process_article(first)

    pipeline.process_article(second)

    second.refresh_from_db()
    assert (second.status, second.duplicate_of_id) == (
        ArticleStatus.DUPLICATE,
        first.pk,
    )
    assert RoundProposal.objects.count() == 1


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (Route(b"gone", status=404, content_type="text/plain"), "404"),
        (Route(b"%PDF-1.4", content_type="application/pdf"), "application/pdf"),
        (Route(b"<html><body><nav>Home</nav></body></html>"), "no article text"),
        (Route(b"", status=302, headers={"Location": "/story"}), "loop"),
    ],
    ids=["not-found", "pdf", "empty-page", "redirect-loop"],
)
def test_process_article_records_permanent_failures_with_their_reason(
    site, route, reason
):
    site.routes["/story"] = route
    article, _ = pipeline.queue_url(site.url("/story"))

    pipeline.process_article(article)

    article.refresh_from_db()
    assert article.status == ArticleStatus.FAILED
    assert reason in article.error


def test_process_article_raises_transient_errors_for_the_task_to_retry(site):
    site.routes["/story"] = Route(b"down", status=500, content_type="text/plain")
    article, _ = pipeline.queue_url(site.url("/story"))

    with pytest.raises(fetching.TransientFetchError):
        pipeline.process_article(article)


def test_in_process_task_gives_up_on_a_server_error_at_once_with_the_reason(site):
    site.routes["/story"] = Route(b"down", status=500, content_type="text/plain")
    article, _ = pipeline.queue_url(site.url("/story"))

    tasks.process_article.delay(article_id=article.pk)

    article.refresh_from_db()
    assert article.status == ArticleStatus.FAILED
    assert "500" in article.error and "Gave up after 1 attempts" in article.error
    assert site.hits.count("/story") == 1


def test_process_article_gives_up_after_too_many_attempts(site):
    article, _ = pipeline.queue_url(site.page("/lumora", "Lumora", STORY))
    Article.objects.filter(pk=article.pk).update(attempts=pipeline.MAX_ATTEMPTS)

    pipeline.process_article(article)

    article.refresh_from_db()
    assert (article.status, article.error) == (
        ArticleStatus.FAILED,
        "Gave up after 5 attempts.",
    )
    assert site.hits == []


def test_retry_article_requeues_a_failed_article(site):
    site.routes["/story"] = Route(b"gone", status=404, content_type="text/plain")
    article, _ = pipeline.queue_url(site.url("/story"))
    pipeline.process_article(article)
    site.page("/story", "Back again", STORY)

    pipeline.retry_article(article)
    pipeline.process_article(Article.objects.get(pk=article.pk))

    article.refresh_from_db()
    assert (article.status, article.error) == (ArticleStatus.EXTRACTED, "")


DECLARED_IN_META = (
    '<html><head><meta charset="iso-8859-1"><title>Müller Café raises 5 million euros</title>'
    "</head><body><article><p>Müller Café, a Munich coffee-roasting startup, has raised "
    "5 million euros in a seed round led by Brightwater Capital, its founder René Dubois said. "
    "The café chain will open roasteries in Zürich and Genève next year.</p></article>"
    "</body></html>"
).encode("latin-1")


def test_a_page_declaring_its_charset_only_in_meta_is_read_in_that_charset(site):
    site.routes["/latin"] = Route(DECLARED_IN_META, content_type="text/html")
    article, _ = pipeline.queue_url(site.url("/latin"))

    pipeline.process_article(article)

    article.refresh_from_db()
    assert "Müller Café" in article.text and "Zürich and Genève" in article.text
    assert "\ufffd" not in article.text + article.title


def test_an_html_file_declaring_its_charset_only_in_meta_is_stored():
    article, created = pipeline.store_document("story.html", DECLARED_IN_META)

    assert created and "René Dubois" in article.text
    assert "\ufffd" not in article.text


def test_stored_text_drops_nul_characters():
    article, _ = pipeline.store_text("Quill\x00byte raised $5 million " * 3)

    assert "\x00" not in article.text


def test_articles_to_send_are_the_unsent_and_the_lost_ones():
    now = timezone.now()
    never_sent, _ = pipeline.queue_url("https://news.example/a")
    send_failed, _ = pipeline.queue_url("https://news.example/b")
    just_stored, _ = pipeline.queue_url("https://news.example/c")
    waiting, _ = pipeline.queue_url("https://news.example/d")
    leased, _ = pipeline.queue_url("https://news.example/e")
    done, _ = pipeline.store_text("Done already. " * 5)
    Article.objects.update(created_at=now - dt.timedelta(minutes=5))
    Article.objects.filter(pk=just_stored.pk).update(created_at=now)
    pipeline.mark_unsent([send_failed.pk], "broker down")
    Article.objects.filter(pk__in=[waiting.pk, leased.pk]).update(
        sent_at=now - dt.timedelta(minutes=2)
    )
    Article.objects.filter(pk=leased.pk).update(
        claimed_by="w1", claimed_until=now + dt.timedelta(seconds=30)
    )
    Article.objects.filter(pk=done.pk).update(status=ArticleStatus.EXTRACTED)

    while_queue_busy = pipeline.articles_to_send(queue_empty=False)
    when_queue_empty = pipeline.articles_to_send(queue_empty=True)

    assert while_queue_busy == [never_sent.pk, send_failed.pk]
    assert when_queue_empty == [never_sent.pk, send_failed.pk, waiting.pk]


def test_a_second_delivery_waits_for_the_lease_and_does_nothing():
    article, _ = pipeline.store_text(" ".join(STORY))
    Article.objects.filter(pk=article.pk).update(
        claimed_by="w1", claimed_until=timezone.now() + dt.timedelta(seconds=30)
    )

    lease_left = pipeline.process_article(article, worker="w2")

    article.refresh_from_db()
    assert 25 < lease_left <= 30
    assert (article.status, article.attempts, article.proposals.count()) == (
        ArticleStatus.FETCHED,
        0,
        0,
    )


def test_an_expired_lease_is_taken_over():
    article, _ = pipeline.store_text(" ".join(STORY))
    Article.objects.filter(pk=article.pk).update(
        claimed_by="w1", claimed_until=timezone.now() - dt.timedelta(seconds=1)
    )

    assert pipeline.process_article(article, worker="w2") is None

    article.refresh_from_db()
    assert (article.status, article.claimed_by, article.claimed_until) == (
        ArticleStatus.EXTRACTED,
        "",
        None,
    )


def test_release_leases_frees_what_a_restarted_worker_held():
    held, _ = pipeline.store_text(" ".join(STORY))
    other, _ = pipeline.store_text(" ".join(OTHER_STORY))
    later = timezone.now() + dt.timedelta(seconds=60)
    Article.objects.filter(pk=held.pk).update(claimed_by="w1", claimed_until=later)
    Article.objects.filter(pk=other.pk).update(claimed_by="w2", claimed_until=later)

    assert pipeline.release_leases("w1") == [held.pk]

    assert Article.objects.get(pk=held.pk).claimed_until is None
    assert Article.objects.get(pk=other.pk).claimed_until == later


# Feeds


def test_poll_feed_queues_an_article_per_entry(site):
    links = [
        ("Lumora", site.page("/lumora", "Lumora", STORY)),
        ("Orbital", site.page("/orbital", "Orbital", OTHER_STORY)),
    ]
    feed, _ = pipeline.add_feed(site.feed("/rss", links, etag='"v1"'), name="Deals")

    new = pipeline.poll_feed(feed)

    feed.refresh_from_db()
    assert [a.title for a in new] == ["Lumora", "Orbital"]
    assert {a.source_kind for a in new} == {SourceKind.FEED}
    assert new[0].published_on == dt.date(2024, 3, 5)
    assert (feed.etag, feed.last_error) == ('"v1"', "")
    assert feed.last_success_at is not None


def test_polling_an_unchanged_feed_adds_nothing(site):
    feed, _ = pipeline.add_feed(
        site.feed(
            "/rss", [("Lumora", site.page("/lumora", "Lumora", STORY))], etag='"v1"'
        )
    )
    pipeline.poll_feed(feed)

    new = pipeline.poll_feed(Feed.objects.get(pk=feed.pk))

    assert (new, Article.objects.count()) == ([], 1)


def test_polling_a_changed_feed_adds_only_new_entries(site):
    lumora = ("Lumora", site.page("/lumora", "Lumora", STORY))
    feed, _ = pipeline.add_feed(site.feed("/rss", [lumora], etag='"v1"'))
    for article in pipeline.poll_feed(feed):
        pipeline.process_article(article)
    site.feed(
        "/rss",
        [("Orbital", site.page("/orbital", "Orbital", OTHER_STORY)), lumora],
        etag='"v2"',
    )

    new = pipeline.poll_feed(Feed.objects.get(pk=feed.pk))

    assert ([a.title for a in new], Article.objects.count()) == (["Orbital"], 2)


def test_feed_task_processes_new_entries_into_proposals(
    site, django_capture_on_commit_callbacks
):
    page = site.page("/lumora", "Lumora Health", STORY)
    feed, _ = pipeline.add_feed(site.feed("/rss", [("Lumora", page)]))

    with django_capture_on_commit_callbacks(execute=True):
        tasks.poll_feed.delay(feed_id=feed.pk)

    assert Article.objects.get().status == ArticleStatus.EXTRACTED
    assert RoundProposal.objects.get().candidate["company"] == "Lumora Health"


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (
            Route(
                b"<rss><channel><item><title>broken", content_type="application/rss+xml"
            ),
            "could not be read as RSS or Atom",
        ),
        (
            Route(
                b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
                b"<rss><channel><title>&lol2;</title></channel></rss>",
                content_type="application/rss+xml",
            ),
            "declares XML entities",
        ),
        (Route(b"<html><body>not a feed</body></html>"), "text/html"),
    ],
    ids=["malformed", "entity-bomb", "html-not-feed"],
)
def test_bad_feeds_are_recorded_on_the_feed(site, route, reason):
    site.routes["/rss"] = route
    feed, _ = pipeline.add_feed(site.url("/rss"))

    assert pipeline.poll_feed(feed) == []

    feed.refresh_from_db()
    assert reason in feed.last_error
    assert feed.last_success_at is None


def test_add_polled_feed_polls_it_once_and_queues_its_entries(site):
    links = [
        ("Lumora", site.page("/lumora", "Lumora", STORY)),
        ("Orbital", site.page("/orbital", "Orbital", OTHER_STORY)),
    ]
    url = site.feed("/rss", links, etag='"v1"')

    feed, created, articles = pipeline.add_polled_feed(url, name="Deals")

    assert (created, feed.name, site.hits) == (True, "Deals", ["/rss"])
    assert [(a.title, a.feed, a.status) for a in articles] == [
        ("Lumora", feed, ArticleStatus.QUEUED),
        ("Orbital", feed, ArticleStatus.QUEUED),
    ]
    feed.refresh_from_db()
    assert (feed.etag, feed.last_error) == ('"v1"', "")
    assert feed.last_success_at is not None


@pytest.mark.parametrize(
    ("route", "error", "reason"),
    [
        (
            Route(b"<html><body>A page about feeds</body></html>"),
            fetching.PermanentFetchError,
            "is text/html, not a feed",
        ),
        (
            Route(
                b'<?xml version="1.0"?><urlset><url><loc>https://news.example/a</loc></url></urlset>',
                content_type="application/xml",
            ),
            fetching.PermanentFetchError,
            "this is XML, but not an RSS or Atom feed",
        ),
        (None, fetching.PermanentFetchError, "answered 404 Not Found"),
        (
            Route(b"down", status=503, content_type="text/plain"),
            fetching.TransientFetchError,
            "answered 503 Service Unavailable",
        ),
    ],
    ids=["html-page", "xml-not-feed", "not-found", "server-error"],
)
def test_add_polled_feed_refuses_what_is_not_a_feed_and_stores_nothing(
    site, route, error, reason
):
    if route is not None:
        site.routes["/rss"] = route

    with pytest.raises(error) as refused:
        pipeline.add_polled_feed(site.url("/rss"))

    assert reason in refused.value.reason
    assert (Feed.objects.count(), Article.objects.count()) == (0, 0)


def test_add_polled_feed_refuses_a_server_it_cannot_connect_to(settings):
    settings.FETCH_ALLOW_LOOPBACK = True
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]

    with pytest.raises(fetching.TransientFetchError) as refused:
        pipeline.add_polled_feed(f"http://127.0.0.1:{port}/rss")

    assert refused.value.reason.startswith("Could not connect to 127.0.0.1")
    assert Feed.objects.count() == 0


def test_add_polled_feed_of_a_stored_feed_fetches_nothing(site):
    url = site.feed("/rss", [("Lumora", site.page("/lumora", "Lumora", STORY))])
    stored, _ = pipeline.add_feed(url, name="Deals")

    feed, created, articles = pipeline.add_polled_feed(url, name="Other name")

    assert (feed, created, articles, site.hits) == (stored, False, [], [])


def test_feed_server_error_is_recorded_and_retried(site):
    site.routes["/rss"] = Route(b"down", status=503, content_type="text/plain")
    feed, _ = pipeline.add_feed(site.url("/rss"))

    with pytest.raises(fetching.TransientFetchError):
        pipeline.poll_feed(feed)

    feed.refresh_from_db()
    assert "503" in feed.last_error


def test_gzip_bomb_article_is_refused(site, settings):
    settings.FETCH_MAX_BYTES = 100_000
    site.routes["/bomb"] = Route(
        gzip.compress(b" " * 5_000_000), headers={"Content-Encoding": "gzip"}
    )
    article, _ = pipeline.queue_url(site.url("/bomb"))

    pipeline.process_article(article)

    article.refresh_from_db()
    assert article.status == ArticleStatus.FAILED


def test_due_feeds_are_active_ones_past_their_interval():
    now = timezone.now()
    never, _ = pipeline.add_feed("https://news.example/never.xml")
    due, _ = pipeline.add_feed("https://news.example/due.xml", poll_interval_minutes=30)
    recent, _ = pipeline.add_feed(
        "https://news.example/recent.xml", poll_interval_minutes=30
    )
    inactive, _ = pipeline.add_feed("https://news.example/off.xml")
    Feed.objects.filter(pk=due.pk).update(last_polled_at=now - dt.timedelta(minutes=31))
    Feed.objects.filter(pk=recent.pk).update(
        last_polled_at=now - dt.timedelta(minutes=5)
    )
    Feed.objects.filter(pk=inactive.pk).update(active=False)

    assert sorted(pipeline.due_feeds()) == sorted([never.pk, due.pk])


def test_add_feed_twice_gives_one_feed():
    first, _ = pipeline.add_feed("https://news.example/rss.xml", name="News")

    second, created = pipeline.add_feed("https://news.example/rss.xml")

    assert (second, created, second.name) == (first, False, "News")


def test_polling_again_requeues_entries_whose_processing_never_started(site):
    feed, _ = pipeline.add_feed(
        site.feed("/rss", [("Lumora", site.page("/lumora", "Lumora", STORY))])
    )
    [article] = pipeline.poll_feed(feed)

    again = pipeline.poll_feed(Feed.objects.get(pk=feed.pk))

    assert (again, Article.objects.count()) == ([article], 1)
