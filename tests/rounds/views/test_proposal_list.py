"""The review queue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rounds.models import Article, Feed, RoundProposal
from tests.rounds.review.test_decisions import STORY
from tests.rounds.views.test_proposal_approve import proposals_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def lumora():
    [proposal] = proposals_for(STORY)
    return proposal


def test_queue_full_page_lists_pending_proposals_with_counts(client, editor, lumora):
    client.force_login(editor)

    response = client.get(reverse("rounds:proposal-list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and 'id="proposal-queue"' in html
    assert "Lumora Health" in html and "1</strong> waiting" in html


def test_queue_htmx_returns_only_the_queue(client, editor, lumora):
    client.force_login(editor)

    response = client.get(reverse("rounds:proposal-list"), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="proposal-queue"')
    assert "Lumora Health" in html


def test_queue_filters_by_confidence(client, editor, lumora):
    client.force_login(editor)
    RoundProposal.objects.filter(pk=lumora.pk).update(confidence=0.3)

    high = client.get(reverse("rounds:proposal-list"), {"confidence": "high"})
    low = client.get(reverse("rounds:proposal-list"), {"confidence": "low"})

    assert "Lumora Health" not in high.content.decode()
    assert "Lumora Health" in low.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_queue_query_count_is_constant(
    client, editor, count, django_assert_num_queries
):
    for n in range(count):
        proposals_for(STORY.replace("Lumora", f"Lumora{n}"))
    client.force_login(editor)

    # Session, user, its two permission lookups, counts, rows, feeds (filter form):
    with django_assert_num_queries(7):
        response = client.get(reverse("rounds:proposal-list"))

    assert response.content.decode().count('name="proposals"') == count


def test_queue_filters_by_source_kind_and_feed(client, editor, lumora):
    feed = Feed.objects.create(url="https://news.example/feed", name="Example news")
    [from_feed] = proposals_for(STORY.replace("Lumora", "Feedly"))
    Article.objects.filter(pk=from_feed.article_id).update(
        feed=feed, source_kind="feed"
    )
    client.force_login(editor)

    by_kind = client.get(reverse("rounds:proposal-list"), {"source_kind": "feed"})
    by_feed = client.get(reverse("rounds:proposal-list"), {"feed": feed.pk})

    for response in (by_kind, by_feed):
        html = response.content.decode()
        assert "Feedly Health" in html and "Lumora Health" not in html


def test_queue_can_put_the_most_confident_first(client, editor, lumora):
    [other] = proposals_for(STORY.replace("Lumora", "Surely"))
    RoundProposal.objects.filter(pk=lumora.pk).update(confidence=0.95)
    RoundProposal.objects.filter(pk=other.pk).update(confidence=0.6)
    client.force_login(editor)

    newest = client.get(reverse("rounds:proposal-list")).content.decode()
    confident = client.get(
        reverse("rounds:proposal-list"), {"order": "confident"}
    ).content.decode()

    assert newest.index("Surely Health") < newest.index("Lumora Health")
    assert confident.index("Lumora Health") < confident.index("Surely Health")
