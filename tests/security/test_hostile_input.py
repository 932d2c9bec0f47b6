"""Scraped text is hostile: stored as text, shown as text on every page, the admin and the exports."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from rounds.ingestion import pipeline
from rounds.models import Article, Company, Feed, Investor
from tests.security import hostile as h
from tests.security.html_checks import scan
from tests.security.test_permissions import ACCOUNT_PAGES, _urls
from tests.test_urls import API

pytestmark = pytest.mark.django_db

# The pages that show no scraped text, or only after a POST:
NOT_PAGES = {
    "rounds:deal-export-csv",
    "logout",
    "password_change_done",
    "rounds:token-revoke",
    *API,
}


@pytest.fixture
def hostile(editor):
    return h.make_hostile(editor)


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _pages(hostile):
    urls = _urls(hostile)
    pages = {
        name: url
        for name, url in urls.items()
        if name not in NOT_PAGES and name not in ACCOUNT_PAGES - {"password_change"}
    }
    # The queue filtered and searched, the approved proposal, the autocompletes with a query:
    pages["rounds:proposal-detail (approved)"] = reverse(
        "rounds:proposal-detail", kwargs={"pk": hostile.approved.pk}
    )
    pages["rounds:company-autocomplete"] += "?company=HYPERLINK&q=HYPERLINK"
    pages["rounds:investor-autocomplete"] += "?lead_investor=img&q=img"
    pages["rounds:deal-list (search)"] = reverse("rounds:deal-list") + "?q=HYPERLINK"
    return pages


def test_hostile_article_is_stored_as_the_text_it_was(hostile):
    article = Article.objects.get(pk=hostile.article.pk)

    assert (article.title, article.text) == (h.TITLE, h.TEXT)
    assert Feed.objects.get(pk=hostile.feed.pk).name == h.FEED_NAME
    assert Company.objects.get(pk=hostile.company.pk).name == h.COMPANY
    assert set(Investor.objects.values_list("name", flat=True)) == {
        h.LEAD,
        h.PARTICIPANT,
    }


def test_every_page_shows_hostile_text_as_text(staff_client, hostile):
    problems, status = {}, {}

    for name, url in _pages(hostile).items():
        response = staff_client.get(url, follow=True)
        if response.status_code == 405:
            continue  # a POST-only action: its answers are checked below
        status[name] = response.status_code
        problems[name] = scan(response.content.decode()).problems

    assert status == dict.fromkeys(status, 200)
    assert problems == dict.fromkeys(problems, [])
    assert {
        "rounds:company-detail",
        "rounds:proposal-detail",
        "password_change",
    } <= set(status)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("rounds:ingest-url", {"url": f"javascript:{h.SCRIPT}"}),
        ("rounds:ingest-text", {"title": h.TITLE, "text": h.SCRIPT}),
        (
            "rounds:feed-add",
            {"url": "https://news.example/f", "name": "x" * 300 + h.SVG},
        ),
    ],
)
def test_form_errors_show_hostile_input_as_text(staff_client, hostile, name, data):
    response = staff_client.post(reverse(name), data)

    assert response.status_code == 400
    assert scan(response.content.decode()).problems == []


@pytest.mark.parametrize(
    ("page", "shown"),
    [
        ("rounds:deal-list", [h.COMPANY, h.LEAD, h.PARTICIPANT]),
        ("rounds:lead-table", [h.LEAD]),
        ("rounds:company-detail", [h.COMPANY, h.LEAD, h.PARTICIPANT, h.TITLE]),
        ("rounds:investor-detail", [h.LEAD, h.COMPANY]),
        ("rounds:ingestion", [h.FEED_NAME, h.TITLE, h.ERROR]),
        ("rounds:proposal-list", [h.SECOND_COMPANY]),
        ("rounds:proposal-detail", [h.SECOND_COMPANY, h.TITLE]),
        ("rounds:proposal-detail (approved)", [h.COMPANY, h.LEAD, h.PARTICIPANT]),
    ],
)
def test_page_shows_the_hostile_names_as_text(staff_client, hostile, page, shown):
    response = staff_client.get(_pages(hostile)[page])

    text = scan(response.content.decode()).visible_text

    assert [name for name in shown if name not in text] == []


def test_company_page_does_not_link_a_javascript_website(staff_client, hostile):
    response = staff_client.get(_pages(hostile)["rounds:company-detail"])

    html = response.content.decode()
    assert "__pwned='website" not in html
    assert "__pwned=&#x27;website" not in html


def test_highlighted_evidence_keeps_the_article_text_as_text(staff_client, hostile):
    # The evidence view marks spans inside the article's text: the marks are ours, the rest text.
    for name in ("rounds:company-detail", "rounds:proposal-detail (approved)"):
        response = staff_client.get(_pages(hostile)[name])
        html = response.content.decode()

        assert "<script>window.__pwned" not in html
        assert "&lt;script&gt;window.__pwned" in html


def _admin_urls(hostile):
    objects = [
        hostile.company,
        hostile.lead,
        hostile.round,
        hostile.article,
        hostile.failed,
        hostile.feed,
        hostile.approved,
        hostile.pending,
        *hostile.company.aliases.all(),
        *hostile.round.investments.all(),
        *hostile.round.round_sources.all(),
    ]
    urls = {}
    for model in admin.site._registry:
        if model._meta.app_label != "rounds":
            continue
        info = model._meta.app_label, model._meta.model_name
        urls[f"{info[1]} list"] = reverse("admin:{}_{}_changelist".format(*info))
        urls[f"{info[1]} search"] = (
            reverse("admin:{}_{}_changelist".format(*info)) + "?q=script"
        )
    for obj in objects:
        info = obj._meta.app_label, obj._meta.model_name
        urls[f"{info[1]} {obj.pk}"] = reverse(
            "admin:{}_{}_change".format(*info), args=[obj.pk]
        )
        if isinstance(admin.site._registry[type(obj)], SimpleHistoryAdmin):
            urls[f"{info[1]} {obj.pk} history"] = reverse(
                "admin:{}_{}_history".format(*info), args=[obj.pk]
            )
    urls["company delete"] = reverse(
        "admin:rounds_company_delete", args=[hostile.company.pk]
    )
    urls["round delete"] = reverse(
        "admin:rounds_fundinground_delete", args=[hostile.round.pk]
    )
    return urls


def test_admin_shows_hostile_text_as_text(staff_client, hostile):
    problems, status = {}, {}

    for name, url in _admin_urls(hostile).items():
        response = staff_client.get(url)
        status[name] = response.status_code
        problems[name] = scan(response.content.decode()).problems

    assert status == dict.fromkeys(status, 200)
    assert problems == dict.fromkeys(problems, [])


def test_admin_round_page_shows_the_names_as_text(staff_client, hostile):
    response = staff_client.get(
        _admin_urls(hostile)[f"fundinground {hostile.round.pk}"]
    )

    text = scan(response.content.decode()).visible_text

    assert [name for name in [h.COMPANY, h.LEAD, h.PARTICIPANT] if name in text] == [
        h.COMPANY,
        h.LEAD,
        h.PARTICIPANT,
    ]


def test_csv_neutralises_formulas_and_keeps_the_text(staff_client, hostile):
    response = staff_client.get(reverse("rounds:deal-export-csv"))
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    )

    (row,) = rows
    assert row["company"] == "'" + h.COMPANY
    assert row["lead_investors"] == h.LEAD
    assert row["other_investors"] == "'" + h.PARTICIPANT
    assert not any(
        cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values()
    )


def test_json_api_returns_the_names_as_json_strings(staff_client, hostile):
    response = staff_client.get(reverse("api:round-list"))

    assert response["Content-Type"].startswith("application/json")
    assert response["X-Content-Type-Options"] == "nosniff"
    body = json.loads(response.content)
    (deal,) = body["results"]
    assert {h.COMPANY, h.LEAD, h.PARTICIPANT} <= set(_strings(deal))


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        " javascript:alert(1)",
    ],
)
def test_only_http_urls_can_be_queued(url):
    with pytest.raises(pipeline.InvalidURL):
        pipeline.queue_url(url)


@pytest.mark.parametrize(
    "html",
    [
        "<p>ok</p><script>window.__pwned=1</script>",
        '<img src=x onerror="window.__pwned=1">',
        '<a href=" JaVaScript:window.__pwned=1">x</a>',
        '<script src="https://cdn.example/x.js"></script>',
        "<iframe src=/></iframe>",
    ],
)
def test_the_page_scan_finds_each_kind_of_payload(html):
    # The scan above would pass vacuously if it found nothing; it finds each of these:
    assert scan(html).problems != []
