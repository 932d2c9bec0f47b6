"""Input limits, each with a clear error: pasted text, uploads, request bodies, feeds, names."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from rounds.ingestion import forms, pipeline
from rounds.models import Article, Company, Feed
from rounds.review import forms as review_forms

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_pasted_text_over_the_limit_is_refused_with_its_size(editor_client):
    text = "word " * (forms.MAX_PASTE_CHARS // 5) + "x"

    response = editor_client.post(reverse("rounds:ingest-text"), {"text": text})

    assert response.status_code == 400
    assert response.context["paste_form"].errors["text"] == [
        "The text is 200,001 characters long, 1 more than the 200,000 a paste may hold: "
        "paste the article alone, or upload it as a file."
    ]
    assert Article.objects.count() == 0


def test_pasted_text_at_the_limit_counts_a_line_break_as_one_character():
    text = "word\r\n" * 10 + "a" * (forms.MAX_PASTE_CHARS - 50)

    assert forms.PasteForm({"text": text}).is_valid()


def test_paste_box_tells_the_script_its_limit_not_the_browser():
    html = str(forms.PasteForm()["text"])

    assert f'data-max-chars="{forms.MAX_PASTE_CHARS}"' in html
    assert "maxlength" not in html


def test_upload_over_the_limit_is_refused(editor_client):
    big = SimpleUploadedFile("big.txt", b"a" * (pipeline.MAX_FILE_BYTES + 1))

    response = editor_client.post(reverse("rounds:ingest-file"), {"file": big})

    assert response.status_code == 400
    assert "The file is larger than 5 MB." in response.content.decode()
    assert Article.objects.count() == 0


def test_document_over_the_limit_is_refused_below_the_form_too():
    with pytest.raises(pipeline.UnreadableFile, match="larger than 5 MB"):
        pipeline.store_document("big.html", b"a" * (pipeline.MAX_FILE_BYTES + 1))


def test_request_body_over_the_limit_is_too_large_not_a_crash(editor_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000_000

    response = editor_client.post(
        reverse("rounds:ingest-text"), {"text": "a" * 1_000_001}
    )

    assert response.status_code == 413
    assert Article.objects.count() == 0


def test_feeds_past_feeds_max_are_refused(settings):
    settings.FEEDS_MAX = 2
    pipeline.add_feed("https://a.example/feed")
    pipeline.add_feed("https://b.example/feed")

    with pytest.raises(pipeline.TooManyFeeds, match="already 2 feeds"):
        pipeline.add_feed("https://c.example/feed")
    again, created = pipeline.add_feed("https://a.example/feed")

    assert (again.url, created) == ("https://a.example/feed", False)
    assert Feed.objects.count() == 2


def test_feed_form_shows_the_feeds_max_error(editor_client, settings, resolver):
    settings.FEEDS_MAX = 1
    resolver.answers["b.example"] = ["93.184.216.34"]
    pipeline.add_feed("https://a.example/feed")

    response = editor_client.post(
        reverse("rounds:feed-add"),
        {"url": "https://b.example/feed", "name": "B", "poll_interval_minutes": 60},
    )

    assert response.status_code == 400
    assert "There are already 1 feeds" in response.content.decode()
    assert Feed.objects.count() == 1


def test_add_feed_command_reports_the_feeds_max_error(settings, resolver):
    settings.FEEDS_MAX = 0
    resolver.answers["a.example"] = ["93.184.216.34"]

    with pytest.raises(CommandError, match="FEEDS_MAX"):
        call_command("add_feed", "https://a.example/feed")


def test_review_form_refuses_names_longer_than_the_database_holds():
    draft = review_forms.RoundDraftForm(data={"company_name": "x" * 201})
    investor = review_forms.InvestorForm(data={"name": "x" * 201})

    assert "at most 200 characters" in str(draft.errors["company_name"])
    assert "at most 200 characters" in str(investor.errors["name"])


def test_admin_refuses_a_company_name_longer_than_the_database_holds(client, staff):
    client.force_login(staff)

    response = client.post(
        reverse("admin:rounds_company_add"),
        {
            "name": "x" * 201,
            "aliases-TOTAL_FORMS": 0,
            "aliases-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 200
    assert "Ensure this value has at most 200 characters" in response.content.decode()
    assert Company.objects.count() == 0


def test_stored_titles_are_cut_to_what_the_database_holds():
    article, _ = pipeline.store_text("some text " * 5, title="t" * 600)

    assert len(article.title) == 500
