"""The review queue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rounds.models import Article, Feed, FundingRound, RoundProposal
from tests.factories import RoundProposalFactory
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


@pytest.mark.parametrize("count", [1, 3, 60])
def test_queue_query_count_is_constant(
    client, editor, count, django_assert_num_queries
):
    RoundProposalFactory.create_batch(count)
    client.force_login(editor)

    # Session, user, its permissions, counts, the filtered count, rows, feeds (filter form):
    with django_assert_num_queries(7):
        response = client.get(reverse("rounds:proposal-list"))

    assert response.content.decode().count('name="proposals"') == min(count, 50)


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


def sure(company: str, **candidate) -> RoundProposal:
    """A proposal whose every field is sure, of a company and investors that are stored."""
    return RoundProposalFactory(
        candidate={"company": company, "confidence": 0.9, **candidate},
        confidence=0.9,
        ready=True,
    )


def test_queue_shows_the_lead_amount_valuation_and_date(client, editor, lumora):
    RoundProposalFactory(
        candidate={
            "company": "Quorva",
            "lead_investors": ["Northvane Partners"],
            "amount": "600000000",
            "currency": "USD",
            "amount_qualifier": "at_least",
            "valuation": "2500000000",
            "valuation_currency": "USD",
            "valuation_qualifier": "more_than",
            "date": "2024-03-01",
            "date_precision": "month",
        }
    )
    client.force_login(editor)

    html = client.get(reverse("rounds:proposal-list")).content.decode()

    for shown in ("Northvane Partners", "≥ $600M", "&gt; $2.5B", "Mar 2024"):
        assert shown in html
    assert "Brightwater Capital" in html and "5 Mar 2024" in html


def test_queue_sorts_by_largest_and_least_confident(client, editor):
    small = RoundProposalFactory(candidate={"company": "Small"}, confidence=0.4)
    big = RoundProposalFactory(candidate={"company": "Big"}, confidence=0.9)
    unknown = RoundProposalFactory(candidate={"company": "Undisclosed"}, confidence=0.6)
    RoundProposal.objects.filter(pk=small.pk).update(amount_usd=1_000_000)
    RoundProposal.objects.filter(pk=big.pk).update(amount_usd=90_000_000)
    client.force_login(editor)

    def order(sort: str) -> list[str]:
        html = client.get(reverse("rounds:proposal-list"), {"order": sort}).content
        names = ["Small", "Big", "Undisclosed"]
        return sorted(names, key=lambda name: html.decode().index(f">{name}<"))

    assert order("largest") == ["Big", "Small", "Undisclosed"]
    assert order("least_confident") == ["Small", "Undisclosed", "Big"]
    assert unknown.amount_usd is None


def test_queue_has_page_numbers_instead_of_a_limit(client, editor):
    RoundProposalFactory.create_batch(120)
    client.force_login(editor)

    first = client.get(reverse("rounds:proposal-list"), {"order": "newest"})
    third = client.get(reverse("rounds:proposal-list"), {"order": "newest", "page": 3})

    assert 'href="?order=newest&amp;page=3"' in first.content.decode()
    assert third.content.decode().count('name="proposals"') == 20
    assert '<span aria-current="page">3</span>' in third.content.decode()


def test_a_page_past_the_end_shows_the_last_page(client, editor):
    RoundProposalFactory.create_batch(3)
    client.force_login(editor)

    response = client.get(reverse("rounds:proposal-list"), {"page": "99"})

    assert response.content.decode().count('name="proposals"') == 3


def test_queue_counts_why_proposals_wait_and_filters_by_it(client, editor, lumora):
    sure("Quorva")
    client.force_login(editor)

    everything = client.get(reverse("rounds:proposal-list")).content.decode()
    ready = client.get(reverse("rounds:proposal-list"), {"waiting": "ready"})

    assert "Ready to approve in bulk</a> <strong>1</strong>" in everything
    assert "Company not stored yet</a> <strong>2</strong>" in everything
    assert "Quorva" in ready.content.decode()
    assert "Lumora Health" not in ready.content.decode()


def test_bulk_approve_approves_the_ready_ones_as_extracted(client, editor):
    ready = [sure("Quorva"), sure("Lindqvist Bio")]
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-bulk-approve"),
        {"proposals": [p.pk for p in ready]},
        HTTP_HX_REQUEST="true",
    )

    assert "Approved 2 proposals as extracted." in response.content.decode()
    assert sorted(FundingRound.objects.values_list("company__name", flat=True)) == [
        "Lindqvist Bio",
        "Quorva",
    ]


def test_bulk_approve_refuses_a_proposal_that_is_not_ready(client, editor, lumora):
    ready = sure("Quorva")
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-bulk-approve"),
        {"proposals": [ready.pk, lumora.pk]},
        HTTP_HX_REQUEST="true",
    )

    assert "Only proposals marked “ready” are approved in bulk" in (
        response.content.decode()
    )
    assert FundingRound.objects.count() == 0


def test_bulk_approve_is_offered_only_when_some_are_ready(client, editor, lumora):
    client.force_login(editor)

    before = client.get(reverse("rounds:proposal-list")).content.decode()
    sure("Quorva")
    after = client.get(reverse("rounds:proposal-list")).content.decode()

    assert 'id="bulk-approve"' not in before and 'id="bulk-approve"' in after
