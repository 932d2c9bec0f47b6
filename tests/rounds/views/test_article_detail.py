"""The article page: the text with its proposals marked, and adding a round the extractor missed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rounds.models import RoundProposal
from tests.factories import ArticleFactory, RoundProposalFactory
from tests.rounds.review.test_missed import PASSAGE, TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(text=TEXT, title="Health news of the week")


def test_the_page_shows_the_text_with_its_proposals_evidence_marked(
    client, editor, article
):
    RoundProposalFactory(
        article=article,
        candidate={"company": "Lumora Health"},
        evidence=[{"field": "company", "start": 0, "end": 13}],
    )
    client.force_login(editor)

    response = client.get(reverse("rounds:article-detail", args=[article.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<mark class="evidence f-company" data-spans="0" title="Company">Lumora Health</mark>'
        in html
    )
    assert "Lumora Health</a>" in html and 'id="add-round"' in html


def test_analysts_may_not_open_it(client, analyst, article):
    client.force_login(analyst)

    response = client.get(reverse("rounds:article-detail", args=[article.pk]))

    assert response.status_code == 403


@pytest.mark.parametrize("count", [1, 3])
def test_the_page_makes_the_same_queries_however_many_proposals(
    client, editor, article, count, django_assert_num_queries
):
    RoundProposalFactory.create_batch(count, article=article)
    client.force_login(editor)

    # Session, user, its permissions, the article, its proposals:
    with django_assert_num_queries(5):
        client.get(reverse("rounds:article-detail", args=[article.pk]))


def test_adding_a_selected_passage_opens_its_proposal_prefilled(
    client, editor, article
):
    client.force_login(editor)
    start = TEXT.index(PASSAGE)

    response = client.post(
        reverse("rounds:article-add-round", args=[article.pk]),
        {"quote": PASSAGE, "start": start, "end": len(TEXT)},
    )

    proposal = RoundProposal.objects.get()
    assert response.url == reverse("rounds:proposal-detail", args=[proposal.pk])
    page = client.get(response.url).content.decode()
    assert 'value="Quorva Diagnostics"' in page and 'value="EUR 4M"' in page


def test_words_that_are_not_in_the_article_are_a_clear_error(client, editor, article):
    client.force_login(editor)

    response = client.post(
        reverse("rounds:article-add-round", args=[article.pk]),
        {"quote": "Quorva’s big seed round"},
    )

    assert response.status_code == 400
    assert "These words are not in the article" in response.content.decode()
    assert RoundProposal.objects.count() == 0


def test_every_proposal_page_links_to_its_article_page(client, editor, article):
    proposal = RoundProposalFactory(article=article)
    client.force_login(editor)

    page = client.get(reverse("rounds:proposal-detail", args=[proposal.pk]))

    assert reverse("rounds:article-detail", args=[article.pk]) in page.content.decode()
