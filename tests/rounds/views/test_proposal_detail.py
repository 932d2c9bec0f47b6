"""One proposal: the article with its evidence, the edit form with the database's matches."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rounds.review import decisions
from rounds.views import review as review_views
from tests.factories import InvestorFactory
from tests.rounds.review.test_decisions import SEED_STORY, STORY
from tests.rounds.views.test_proposal_approve import proposals_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def lumora():
    [proposal] = proposals_for(STORY)
    return proposal


@pytest.fixture
def minimax():
    return next(
        p for p in proposals_for(SEED_STORY) if p.candidate["company"] == "MiniMax"
    )


def test_proposal_page_highlights_the_evidence_escaped(client, editor, lumora):
    client.force_login(editor)

    response = client.get(reverse("rounds:proposal-detail", args=[lumora.pk]))

    html = response.content.decode()
    assert "Brightwater Capital</mark>" in html
    assert 'class="evidence f-amount"' in html
    assert 'value="Lumora Health"' in html


def test_scraped_text_is_escaped_around_the_evidence(client, editor):
    [proposal] = proposals_for(STORY + " <script>alert(1)</script>")
    client.force_login(editor)

    html = client.get(
        reverse("rounds:proposal-detail", args=[proposal.pk])
    ).content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_proposal_page_htmx_returns_only_the_page_region(client, editor, lumora):
    client.force_login(editor)

    response = client.get(
        reverse("rounds:proposal-detail", args=[lumora.pk]), HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<div id="proposal-page"')


def test_proposal_page_offers_existing_investors_exact_and_fuzzy(
    client, editor, lumora
):
    exact = InvestorFactory(name="Brightwater Capital")
    fuzzy = InvestorFactory(name="Tidewell Venture Partners")
    client.force_login(editor)

    html = client.get(
        reverse("rounds:proposal-detail", args=[lumora.pk])
    ).content.decode()

    assert (
        f'value="{exact.pk}"' in html
        and "Use existing: Brightwater Capital (exact)" in html
    )
    assert f"Use existing: {fuzzy.name}" in html


def test_proposal_page_offers_to_record_the_former_name(client, editor, minimax):
    client.force_login(editor)

    html = client.get(
        reverse("rounds:proposal-detail", args=[minimax.pk])
    ).content.decode()

    assert "Record “Sequoia China” as an alias" in html


def test_highlight_escapes_the_text_and_marks_each_span():
    text = "A <b>raises</b> $5M from B & C."
    evidence = [
        {"field": "company", "start": 0, "end": 1},
        {"field": "amount", "start": 16, "end": 19},
    ]

    html = review_views.highlight(text, evidence)

    assert html == (
        '<mark class="evidence f-company" data-spans="0" title="Company">A</mark>'
        " &lt;b&gt;raises&lt;/b&gt; "
        '<mark class="evidence f-amount" data-spans="1" title="Amount">$5M</mark>'
        " from B &amp; C."
    )


def test_highlight_cuts_overlapping_spans_and_ignores_bad_offsets():
    text = "Alibaba Group leads"
    evidence = [
        {"field": "lead_investors", "start": 0, "end": 13},
        {"field": "company", "start": 8, "end": 19},
        {"field": "amount", "start": 15, "end": 99},
    ]

    html = review_views.highlight(text, evidence)

    assert html == (
        '<mark class="evidence f-lead_investors" data-spans="0" title="Lead">Alibaba </mark>'
        '<mark class="evidence f-company f-lead_investors" data-spans="0 1" '
        'title="Company, Lead">Group</mark>'
        '<mark class="evidence f-company" data-spans="1" title="Company"> leads</mark>'
    )


def test_decided_proposal_page_shows_the_decision_instead_of_the_form(
    client, editor, staff, lumora
):
    decisions.reject_proposal(lumora, editor=staff, reason="rumour")
    client.force_login(editor)

    html = client.get(
        reverse("rounds:proposal-detail", args=[lumora.pk])
    ).content.decode()

    assert 'id="review-form"' not in html
    assert "Rejected" in html and "rumour" in html and staff.username in html
