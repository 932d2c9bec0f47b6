from __future__ import annotations

import re

import pytest
from django.core.management import CommandError, call_command

from rounds.enums import ArticleStatus
from rounds.models import Article, Feed, RoundProposal
from tests.fakesite import FakeSite, Route

pytestmark = pytest.mark.django_db(transaction=True)

# Addresses the web forms refuse on submit; the fake resolver answers for the names:
REFUSED = [
    (
        "https://intranet.example/news",
        "Refused: intranet.example resolves to 10.1.2.3, a private address.",
    ),
    ("http://127.0.0.1:8000/admin/", "Refused: 127.0.0.1 is a loopback address."),
    ("http://[::ffff:169.254.169.254]/latest/", "Refused: ::ffff:169.254.169.254"),
]

STORY = [
    "Quillbyte, a Toronto developer-tools startup, has raised $12 million in a Series A round "
    "led by Harbor Lane Ventures, the company said on Monday.",
    "It will spend the money on hiring and on a European office, its founder said.",
]


@pytest.fixture
def site(settings):
    settings.FETCH_ALLOW_LOOPBACK = True
    with FakeSite() as site:
        yield site


def test_ingest_url_fetches_and_extracts(site, capsys):
    url = site.page("/quillbyte", "Quillbyte raises $12M", STORY)

    call_command("ingest_url", url)

    assert Article.objects.get().status == ArticleStatus.EXTRACTED
    assert RoundProposal.objects.get().candidate["company"] == "Quillbyte"
    assert "queued as article" in capsys.readouterr().out


def test_ingest_url_twice_fetches_once(site, capsys):
    url = site.page("/quillbyte", "Quillbyte raises $12M", STORY)
    call_command("ingest_url", url)

    call_command("ingest_url", url + "?utm_source=newsletter")

    assert (site.hits, Article.objects.count()) == (["/quillbyte"], 1)
    assert "already stored" in capsys.readouterr().out


def test_ingest_url_stores_the_reason_of_a_failed_fetch(site):
    site.routes["/gone"] = Route(b"gone", status=404, content_type="text/plain")

    call_command("ingest_url", site.url("/gone"))

    article = Article.objects.get()
    assert article.status == ArticleStatus.FAILED and "404" in article.error


def test_ingest_url_refuses_a_non_http_url(capsys):
    with pytest.raises(CommandError, match="1 of 1 URLs could not be queued"):
        call_command("ingest_url", "file:///etc/passwd")

    assert "file: URLs are not fetched, only http and https" in capsys.readouterr().err


def test_add_feed_then_poll_feeds_ingests_its_entries(site, capsys):
    feed_url = site.feed(
        "/rss", [("Quillbyte", site.page("/quillbyte", "Quillbyte raises", STORY))]
    )

    call_command("add_feed", feed_url, "--name", "Startup news", "--interval", "15")
    call_command("poll_feeds")

    feed = Feed.objects.get()
    assert (feed.name, feed.poll_interval_minutes) == ("Startup news", 15)
    assert Article.objects.get().status == ArticleStatus.EXTRACTED
    assert "1 feeds queued" in capsys.readouterr().out


def test_add_feed_refuses_a_bad_interval():
    with pytest.raises(CommandError, match="at least 1 minute"):
        call_command("add_feed", "https://news.example/rss", "--interval", "0")


@pytest.mark.parametrize(("url", "reason"), REFUSED)
def test_ingest_url_refuses_a_private_address_as_the_form_does(
    resolver, capsys, url, reason
):
    resolver.answers["intranet.example"] = ["10.1.2.3"]

    with pytest.raises(CommandError, match="1 of 1 URLs could not be queued"):
        call_command("ingest_url", url)

    assert f"{url}: {reason}" in capsys.readouterr().err
    assert Article.objects.count() == 0


@pytest.mark.parametrize(("url", "reason"), REFUSED)
def test_add_feed_refuses_a_private_address_as_the_form_does(resolver, url, reason):
    resolver.answers["intranet.example"] = ["10.1.2.3"]

    with pytest.raises(CommandError, match=re.escape(reason)):
        call_command("add_feed", url)

    assert Feed.objects.count() == 0


def test_add_feed_stores_a_public_address_without_fetching_it(resolver):
    resolver.answers["news.example"] = ["93.184.216.34"]

    call_command("add_feed", "https://news.example/rss", "--name", "News")

    assert list(Feed.objects.values_list("url", "name")) == [
        ("https://news.example/rss", "News")
    ]
