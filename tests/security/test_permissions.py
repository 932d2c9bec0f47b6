"""Analysts read; every URL that changes something, or shows the editors' queues, refuses them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rounds.models import Article, Feed, FundingRound, RoundProposal
from tests.security.hostile import make_hostile
from tests.test_urls import API, PUBLIC, app_url_names, app_urls_with_arguments

pytestmark = pytest.mark.django_db

# The analysts' pages: they read and never change anything. Every other URL of the app is an
# editor's page or action; a new URL is taken as one until it is listed here.
READER_PAGES = {
    "rounds:deal-list",
    "rounds:deal-export-csv",
    "rounds:lead-table",
    "rounds:investor-autocomplete",
    "rounds:investor-detail",
    "rounds:company-autocomplete",
    "rounds:company-detail",
    "rounds:round-detail",
    "rounds:round-evidence",
    "api:docs",
    *(API - {"rounds:deal-api"}),
}
# Everyone's own account pages (API tokens, saved searches and their feeds, the tables' density:
# everyone who may read the deals):
ACCOUNT_PAGES = {
    "logout",
    "password_change",
    "password_change_done",
    "rounds:token-list",
    "rounds:token-revoke",
    "rounds:saved-search-list",
    "rounds:saved-search-save",
    "rounds:saved-search-update",
    "rounds:saved-search-delete",
    "rounds:saved-search-feed",
    "rounds:feed-key-regenerate",
    "rounds:table-density",
}
# The old address of the deals' JSON, which sends everyone to the API:
REDIRECTS = {"rounds:deal-api"}
# What readers may send: a correction of a round, which changes nothing until an editor
# applies it (tests/rounds/views/test_round_correct.py):
READER_ACTIONS = {"rounds:round-correct"}


@pytest.fixture
def hostile(editor):
    return make_hostile(editor)


def _urls(hostile):
    """Every URL of the app, its arguments pointing at real rows (so a 404 proves nothing)."""
    objects = {
        "rounds:investor-detail": {"slug": hostile.lead.slug},
        "rounds:company-detail": {"slug": hostile.company.slug},
        "api:investor-detail": {"slug": hostile.lead.slug},
        "api:company-detail": {"slug": hostile.company.slug},
        "api:sector-detail": {"slug": "fintech"},
        "api:round-detail": {"pk": hostile.round.pk},
        "rounds:round-detail": {"pk": hostile.round.pk},
        "rounds:round-correct": {"pk": hostile.round.pk},
        "rounds:round-evidence": {"pk": hostile.round.pk, "field": "amount"},
        "rounds:feed-poll": {"pk": hostile.feed.pk},
        "rounds:article-retry": {"pk": hostile.failed.pk},
        "rounds:article-detail": {"pk": hostile.article.pk},
        "rounds:article-add-round": {"pk": hostile.article.pk},
    }
    urls = {name: reverse(name) for name in app_url_names() if name not in PUBLIC}
    for name, kwargs in app_urls_with_arguments():
        kwargs = objects.get(name) or {
            key: hostile.pending.pk if value == 1 else value
            for key, value in kwargs.items()
        }
        urls[name] = reverse(name, kwargs=kwargs)
    return urls


def _state():
    return (
        list(Article.objects.values_list("pk", "status", "attempts").order_by("pk")),
        list(Feed.objects.values_list("pk", "last_polled_at").order_by("pk")),
        list(RoundProposal.objects.values_list("pk", "status").order_by("pk")),
        FundingRound.objects.count(),
        FundingRound.history.count(),
    )


def test_every_editor_url_refuses_analysts(client, analyst, hostile):
    client.force_login(analyst)
    before = _state()
    refused = {}

    for name, url in _urls(hostile).items():
        if name in READER_PAGES | ACCOUNT_PAGES | REDIRECTS | READER_ACTIONS:
            continue
        statuses = {
            client.get(url).status_code,
            client.post(
                url, {"ids": [hostile.pending.pk], "url": "https://a.example/"}
            ).status_code,
        }
        refused[name] = statuses <= {403, 405} and 403 in statuses

    assert refused == dict.fromkeys(refused, True)
    assert _state() == before
    # The list is not empty by accident:
    assert {"rounds:ingest-url", "rounds:feed-poll", "rounds:proposal-approve"} <= set(
        refused
    )


def test_editor_urls_let_editors_in(client, editor, hostile):
    # The refusal above comes from the permission, not from a broken URL:
    client.force_login(editor)
    urls = _urls(hostile)

    assert client.get(urls["rounds:ingestion"]).status_code == 200
    assert client.get(urls["rounds:proposal-list"]).status_code == 200
    assert client.get(urls["rounds:proposal-detail"]).status_code == 200


def test_reader_pages_serve_analysts_and_refuse_posts(client, analyst, hostile):
    client.force_login(analyst)
    urls = _urls(hostile)

    statuses = {
        name: (client.get(urls[name]).status_code, client.post(urls[name]).status_code)
        for name in READER_PAGES
    }

    assert statuses == dict.fromkeys(READER_PAGES, (200, 405))


def test_reader_actions_take_only_posts_and_change_no_round(client, analyst, hostile):
    client.force_login(analyst)
    urls = _urls(hostile)
    before = (FundingRound.objects.count(), FundingRound.history.count())

    statuses = {
        name: (client.get(urls[name]).status_code, client.post(urls[name]).status_code)
        for name in READER_ACTIONS
    }

    # An empty correction is refused on the page, with what is missing:
    assert statuses == dict.fromkeys(READER_ACTIONS, (405, 200))
    assert (FundingRound.objects.count(), FundingRound.history.count()) == before


@pytest.mark.parametrize("role", ["analyst", "editor"])
def test_admin_refuses_users_who_are_not_staff(client, role, request):
    client.force_login(request.getfixturevalue(role))

    response = client.get(reverse("admin:rounds_fundinground_changelist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_analysts_have_no_permission_that_changes_anything(analyst):
    changing = {
        p
        for p in analyst.get_all_permissions()
        if not p.split(".")[1].startswith("view_")
    }

    assert changing == set()
