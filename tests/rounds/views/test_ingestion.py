from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from rounds.enums import ArticleStatus
from rounds.ingestion import pipeline
from rounds.models import Article, Feed, LanguageModelDay, RoundProposal
from tests.factories import ArticleFactory
from tests.fakesite import FakeSite

pytestmark = pytest.mark.django_db

STORY = (
    "Quillbyte, a Toronto developer-tools startup, has raised $12 million in a Series A round "
    "led by Harbor Lane Ventures, the company said on Monday."
)
PUBLIC = "93.184.216.34"
POST_URLS = [
    ("rounds:ingest-url", {}),
    ("rounds:ingest-text", {}),
    ("rounds:ingest-file", {}),
    ("rounds:feed-add", {}),
    ("rounds:feed-poll", {"pk": 1}),
    ("rounds:article-retry", {"pk": 1}),
]


@pytest.fixture
def site(settings):
    settings.FETCH_ALLOW_LOOPBACK = True
    settings.FETCH_TIMEOUT_SECONDS = 2
    with FakeSite() as site:
        yield site


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_ingestion_page_shows_counts_failures_queue_and_feeds(editor_client):
    ArticleFactory(
        title="Broken story",
        status=ArticleStatus.FAILED,
        error="http://x answered 404 Not Found.",
    )
    ArticleFactory(title="Waiting story", status=ArticleStatus.QUEUED)
    Feed.objects.create(
        url="https://news.example/rss",
        name="Startup news",
        last_error="The feed could not be read.",
    )

    html = editor_client.get(reverse("rounds:ingestion")).content.decode()

    assert "Broken story" in html and "answered 404 Not Found" in html
    assert "Waiting story" in html
    assert "Startup news" in html and "Failing" in html
    assert "Failed: 1" in html and "Queued: 1" in html


def test_ingestion_page_ids_are_unique_and_every_label_names_one(editor_client):
    html = editor_client.get(reverse("rounds:ingestion")).content.decode()

    ids = re.findall(r'\bid="([^"]+)"', html)
    labelled = re.findall(r'<label for="([^"]+)"', html)
    assert sorted(ids) == sorted(set(ids))
    assert set(labelled) <= set(ids)
    assert {"id_url", "id_feed_url"} <= set(labelled)


def test_ingestion_page_htmx_refresh_renders_only_the_status(editor_client):
    response = editor_client.get(reverse("rounds:ingestion"), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert (
        'id="ingestion-status"' in html
        and "<html" not in html
        and "Pasted text" not in html
    )


def test_ingestion_refresh_sends_nothing_when_nothing_changed(editor_client):
    ArticleFactory(status=ArticleStatus.QUEUED)
    page = editor_client.get(reverse("rounds:ingestion"), HTTP_HX_REQUEST="true")
    since = re.search(r"since=([^\"&]+)", page.content.decode())[1]
    refresh = reverse("rounds:ingestion") + f"?since={since}"

    unchanged = editor_client.get(refresh, HTTP_HX_REQUEST="true")
    ArticleFactory(title="Just arrived", status=ArticleStatus.QUEUED)
    changed = editor_client.get(refresh, HTTP_HX_REQUEST="true")

    assert (unchanged.status_code, unchanged.content) == (204, b"")
    assert changed.status_code == 200 and "Just arrived" in changed.content.decode()


def test_ingestion_lists_are_paged(editor_client):
    for n in range(30):
        Feed.objects.create(url=f"https://news.example/{n:02}.xml", name=f"Feed {n:02}")

    first = editor_client.get(reverse("rounds:ingestion")).content.decode()
    second = editor_client.get(
        reverse("rounds:ingestion"), {"feeds_page": 2}
    ).content.decode()

    assert "Feed 24" in first and "Feed 25" not in first
    assert "Feed 25" in second and "Feed 24" not in second
    assert "Page 1 of 2 (30 feeds)" in first


def test_an_article_the_broker_did_not_take_shows_why_and_can_be_retried(
    editor_client, django_capture_on_commit_callbacks
):
    article, _ = pipeline.store_text(" ".join(["Quillbyte raised $5 million."] * 5))
    pipeline.mark_unsent([article.pk], "Not sent to the workers: the queue is down.")

    html = editor_client.get(reverse("rounds:ingestion")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("rounds:article-retry", args=[article.pk]))

    article.refresh_from_db()
    assert "the queue is down" in html
    assert reverse("rounds:article-retry", args=[article.pk]) in html
    assert (article.status, article.send_error) == (ArticleStatus.EXTRACTED, "")


@pytest.mark.parametrize("item_count", [1, 3])
def test_ingestion_page_query_count_does_not_grow(
    editor_client, django_assert_num_queries, item_count
):
    for n in range(item_count):
        ArticleFactory(status=ArticleStatus.FAILED, error="x")
        ArticleFactory(status=ArticleStatus.EXTRACTED)
        Feed.objects.create(url=f"https://news.example/{n}.xml", name=f"Feed {n}")

    # session, user, permissions, counts, the latest article and feed changes (2),
    # and a count and a page of each of the four lists
    with django_assert_num_queries(13):
        editor_client.get(reverse("rounds:ingestion"))


def test_pasted_text_is_stored_and_extracted(
    editor_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("rounds:ingest-text"),
            {"title": "Quillbyte raises", "text": STORY},
            follow=True,
        )

    assert Article.objects.get().status == ArticleStatus.EXTRACTED
    assert RoundProposal.objects.get().candidate["company"] == "Quillbyte"
    assert "Queued “Quillbyte raises”" in response.content.decode()


def test_pasting_the_same_text_twice_says_it_is_stored(
    editor_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("rounds:ingest-text"), {"text": STORY})

    response = editor_client.post(
        reverse("rounds:ingest-text"), {"text": STORY}, follow=True
    )

    assert Article.objects.count() == 1
    assert "Already stored" in response.content.decode()


def test_pasting_again_a_text_still_waiting_sends_it_again(
    editor_client, django_capture_on_commit_callbacks
):
    editor_client.post(reverse("rounds:ingest-text"), {"text": STORY})

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("rounds:ingest-text"), {"text": STORY}, follow=True
        )

    assert Article.objects.get().status == ArticleStatus.EXTRACTED
    assert "again" in response.content.decode()


def test_too_short_text_is_refused_and_kept_on_the_form(editor_client):
    response = editor_client.post(
        reverse("rounds:ingest-text"), {"text": "Acme raised money."}
    )

    assert response.status_code == 400
    assert (
        "too short" in response.content.decode()
        and "Acme raised money." in response.content.decode()
    )
    assert Article.objects.count() == 0


def test_url_form_refuses_what_is_not_a_web_address(editor_client):
    response = editor_client.post(
        reverse("rounds:ingest-url"), {"url": "javascript:alert(1)"}
    )

    assert response.status_code == 400
    assert Article.objects.count() == 0


def test_url_form_queues_the_article(
    editor_client, resolver, django_capture_on_commit_callbacks
):
    resolver.answers["www.news.example"] = [PUBLIC]

    with django_capture_on_commit_callbacks() as callbacks:
        editor_client.post(
            reverse("rounds:ingest-url"),
            {"url": "https://www.news.example/story?utm_source=x"},
        )

    assert Article.objects.get().url == "https://news.example/story"
    assert len(callbacks) == 1


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        (
            "https://intranet.example/wiki",
            "Refused: intranet.example resolves to 10.1.2.3, a private address.",
        ),
        (
            "http://127.0.0.1:8000/admin/",
            "Refused: 127.0.0.1 is a loopback address.",
        ),
        (
            "https://gone.example/story",
            "gone.example does not exist (no DNS record).",
        ),
    ],
)
def test_url_form_refuses_a_private_address_when_it_is_submitted(
    editor_client, resolver, url, reason
):
    resolver.answers["intranet.example"] = ["10.1.2.3"]

    response = editor_client.post(reverse("rounds:ingest-url"), {"url": url})

    assert response.status_code == 400
    assert response.context["url_form"].errors == {"url": [reason]}
    assert Article.objects.count() == 0


def test_uploaded_text_file_is_ingested(
    editor_client, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("story.txt", STORY.encode(), content_type="text/plain")

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse("rounds:ingest-file"), {"file": upload})

    assert Article.objects.get().status == ArticleStatus.EXTRACTED


def test_uploaded_pdf_is_refused_with_a_reason(editor_client):
    upload = SimpleUploadedFile(
        "story.pdf", b"%PDF-1.4", content_type="application/pdf"
    )

    response = editor_client.post(reverse("rounds:ingest-file"), {"file": upload})

    assert response.status_code == 400
    assert "Only .txt and .html files" in response.content.decode()


def test_binary_upload_is_refused_with_a_reason(editor_client):
    upload = SimpleUploadedFile(
        "story.txt", b"\xff\xfe\x00\x01", content_type="text/plain"
    )

    response = editor_client.post(reverse("rounds:ingest-file"), {"file": upload})

    assert response.status_code == 400
    assert "not UTF-8 text" in response.content.decode()


def test_feed_form_polls_the_feed_once_and_queues_its_entries(
    editor_client, site, django_capture_on_commit_callbacks
):
    url = site.feed("/rss", [("A story", site.url("/story")), ("B", site.url("/b"))])

    with django_capture_on_commit_callbacks() as callbacks:
        response = editor_client.post(
            reverse("rounds:feed-add"),
            {"url": url, "name": "News", "poll_interval_minutes": 30},
            follow=True,
        )

    feed = Feed.objects.get()
    assert (feed.name, feed.poll_interval_minutes, len(callbacks)) == ("News", 30, 1)
    assert feed.last_success_at is not None
    assert [a.title for a in Article.objects.order_by("pk")] == ["A story", "B"]
    assert "Feed “News” added: 2 articles queued." in response.content.decode()


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/page", "Not added: {url} is text/html, not a feed"),
        ("/missing", "Not added: {url} answered 404 Not Found."),
    ],
)
def test_feed_form_refuses_what_is_not_a_feed_with_the_reason(
    editor_client, site, path, reason
):
    site.page("/page", "A page", ["Not a feed at all."])
    url = site.url(path)

    response = editor_client.post(
        reverse("rounds:feed-add"), {"url": url, "poll_interval_minutes": 60}
    )

    assert response.status_code == 400
    [error] = response.context["feed_form"].errors["url"]
    assert error.startswith(reason.format(url=url))
    assert Feed.objects.count() == 0


def test_feed_form_refuses_a_private_address_when_it_is_submitted(
    editor_client, resolver
):
    resolver.answers["intranet.example"] = ["10.1.2.3"]

    response = editor_client.post(
        reverse("rounds:feed-add"),
        {"url": "https://intranet.example/rss", "poll_interval_minutes": 60},
    )

    assert response.status_code == 400
    assert response.context["feed_form"].errors == {
        "url": ["Refused: intranet.example resolves to 10.1.2.3, a private address."]
    }
    assert Feed.objects.count() == 0


def test_retry_requeues_a_failed_article(
    editor_client, django_capture_on_commit_callbacks
):
    article, _ = pipeline.queue_url("https://news.example/gone")
    pipeline.mark_failed(article, "404")

    with django_capture_on_commit_callbacks() as callbacks:
        editor_client.post(reverse("rounds:article-retry", args=[article.pk]))

    article.refresh_from_db()
    assert (article.status, article.error, len(callbacks)) == (
        ArticleStatus.QUEUED,
        "",
        1,
    )


def test_retry_of_an_article_that_did_not_fail_is_not_found(editor_client):
    article = ArticleFactory(status=ArticleStatus.EXTRACTED)

    assert (
        editor_client.post(
            reverse("rounds:article-retry", args=[article.pk])
        ).status_code
        == 404
    )


def test_analysts_are_refused_everywhere(client, analyst):
    client.force_login(analyst)

    assert client.get(reverse("rounds:ingestion")).status_code == 403
    for name, kwargs in POST_URLS:
        assert client.post(reverse(name, kwargs=kwargs)).status_code == 403, name


def test_anonymous_users_are_sent_to_login(client):
    for name, kwargs in [("rounds:ingestion", {}), *POST_URLS]:
        response = client.post(reverse(name, kwargs=kwargs))
        assert response.status_code == 302 and response.url.startswith(
            reverse("login")
        ), name


def test_forms_need_the_csrf_token(editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    assert (
        client.post(reverse("rounds:ingest-text"), {"text": STORY}).status_code == 403
    )


def test_the_ingestion_page_shows_the_language_models_health(editor_client, settings):
    settings.EXTRACTOR = "both"
    settings.LLM_MODEL = "fake-extractor-7b"
    LanguageModelDay.objects.create(
        day=timezone.localdate(),
        model="fake-extractor-7b",
        calls=4,
        failures=1,
        last_failure_at=timezone.now(),
        last_error="the model server is unreachable",
    )

    html = editor_client.get(reverse("rounds:ingestion")).content.decode()

    assert "Language model" in html and "Failing" in html
    assert "the model server is unreachable" in html


def test_feed_form_refuses_a_server_it_cannot_reach(editor_client):
    response = editor_client.post(
        reverse("rounds:feed-add"),
        {"url": "http://93.184.216.34/rss", "poll_interval_minutes": 60},
    )

    assert response.status_code == 400
    assert response.context["feed_form"].errors["url"] == [
        "Not added: could not connect to 93.184.216.34: tests never connect to "
        "93.184.216.34."
    ]
    assert Feed.objects.count() == 0
