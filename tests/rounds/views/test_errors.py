"""Each error status gets its own page, with DEBUG off as in production."""

from __future__ import annotations

import pytest
from django.template import loader
from django.test import Client
from django.urls import path, reverse

from rounds.models import Article

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("a bug")


# The 500 test's URLs (pytest.mark.urls): a view with a bug, and Django's own handler500.
urlpatterns = [path("broken/", broken_view)]


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False


def title(response) -> str:
    html = response.content.decode()
    return html[html.index("<h1>") + 4 : html.index("</h1>")]


def test_a_bad_request_gets_the_400_page(client):
    response = client.get("/", HTTP_HOST="attacker.example")

    assert (response.status_code, title(response)) == (400, "Bad request")


def test_a_page_the_user_may_not_see_gets_the_403_page(client, analyst):
    client.force_login(analyst)

    response = client.get(reverse("rounds:ingestion"))

    assert (response.status_code, title(response)) == (403, "Not allowed")
    assert 'aria-label="Main"' in response.content.decode()


def test_a_form_without_its_token_gets_the_expired_form_page(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(reverse("rounds:ingest-text"), {"text": "words"})

    assert (response.status_code, title(response)) == (403, "Form expired")


def test_a_missing_page_gets_the_404_page(client, analyst):
    client.force_login(analyst)

    response = client.get("/no-such-page/")

    assert (response.status_code, title(response)) == (404, "Page not found")


def test_a_body_too_large_to_read_gets_the_413_page(client, editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000
    client.force_login(editor)

    response = client.post(reverse("rounds:ingest-text"), {"text": "a" * 1_000_001})

    assert (response.status_code, title(response)) == (413, "Too large")
    assert "larger than the 976.6\xa0KB" in response.content.decode()
    assert Article.objects.count() == 0


@pytest.mark.urls(__name__)
def test_a_bug_gets_the_500_page(client):
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert (response.status_code, title(response)) == (500, "Something went wrong")


def test_the_500_page_needs_no_request_nor_context():
    html = loader.get_template("500.html").render()

    assert "Something went wrong" in html and "/static/css/app.css" in html
