from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rounds import ingest
from rounds.enums import FetchStatus, ProposalStatus
from rounds.models import Article, CompanyAlias, InvestorAlias, RoundProposal
from tests.factories import CompanyFactory, FundingRoundFactory, InvestorFactory

pytestmark = pytest.mark.django_db

STORY = (
    "Lumora Health, a Berlin clinical-software startup, has raised $25 million in a Series A "
    "round led by Brightwater Capital, with participation from Tidewell Ventures."
)


def test_store_text_creates_an_article_ready_for_extraction():
    article, created = ingest.store_text(
        STORY,
        title="Lumora raises",
        url="https://www.news.example/lumora?utm_source=rss",
    )

    assert created
    assert (article.url, article.status, article.content_hash) == (
        "https://news.example/lumora",
        FetchStatus.FETCHED,
        Article.hash_text(STORY),
    )


def test_store_text_twice_gives_one_article():
    first, _ = ingest.store_text(STORY, url="https://news.example/lumora")
    second, created = ingest.store_text(STORY, url="https://news.example/lumora#top")

    assert (second, created, Article.objects.count()) == (first, False, 1)


def test_same_story_from_two_sites_is_one_article():
    first, _ = ingest.store_text(STORY, url="https://news.example/lumora")
    second, created = ingest.store_text(
        STORY + "\n", url="https://other.example/wire/lumora"
    )

    assert (second, created) == (first, False)


def test_pasted_texts_without_url_are_told_apart_by_content():
    ingest.store_text(STORY)
    ingest.store_text("Another invented story.")

    assert Article.objects.count() == 2


def test_extract_article_proposes_the_round_with_evidence():
    article, _ = ingest.store_text(STORY, published_on=dt.date(2024, 3, 5))

    [proposal] = ingest.extract_article(article)

    article.refresh_from_db()
    assert article.status == FetchStatus.EXTRACTED
    assert proposal.candidate["company"] == "Lumora Health"
    assert proposal.candidate["amount"] == "25000000"
    assert proposal.candidate["lead_investors"] == ["Brightwater Capital"]
    company_span = next(
        span for span in proposal.evidence if span["field"] == "company"
    )
    assert STORY[company_span["start"] : company_span["end"]] == "Lumora Health"


def test_extracting_again_updates_instead_of_duplicating():
    article, _ = ingest.store_text(STORY)
    [first] = ingest.extract_article(article)

    [second] = ingest.extract_article(article)

    assert (second.pk, RoundProposal.objects.count()) == (first.pk, 1)


def test_extracting_again_leaves_decided_proposals_alone():
    article, _ = ingest.store_text(STORY)
    [proposal] = ingest.extract_article(article)
    RoundProposal.objects.filter(pk=proposal.pk).update(
        status=ProposalStatus.REJECTED, candidate={"company": "edited"}
    )

    ingest.extract_article(article)

    proposal.refresh_from_db()
    assert (proposal.status, proposal.candidate) == (
        ProposalStatus.REJECTED,
        {"company": "edited"},
    )


def test_extract_article_matches_known_company_and_investors_by_alias():
    company = CompanyFactory(name="Lumora")
    CompanyAlias.objects.create(company=company, name="Lumora Health GmbH")
    lead = InvestorFactory(name="Brightwater")
    InvestorAlias.objects.create(investor=lead, name="Brightwater Capital")
    participant = InvestorFactory(name="Tidewell Ventures")
    article, _ = ingest.store_text(STORY)

    [proposal] = ingest.extract_article(article)

    assert proposal.suggested_company == company
    assert set(proposal.suggested_investors.all()) == {lead, participant}


def test_extract_article_flags_a_close_round_of_the_same_company_as_duplicate():
    company = CompanyFactory(name="Lumora Health")
    existing = FundingRoundFactory(
        company=company, amount=Decimal("24000000"), round_type="series_a"
    )
    FundingRoundFactory(company=company, amount=Decimal("3000000"), round_type="seed")
    article, _ = ingest.store_text(STORY)

    [proposal] = ingest.extract_article(article)

    assert proposal.duplicate_of == existing


def test_extract_article_without_rounds_proposes_nothing():
    article, _ = ingest.store_text(
        "A guide to the difference between equity and debt, with no deal in it."
    )

    assert ingest.extract_article(article) == []
    assert Article.objects.get().status == FetchStatus.EXTRACTED
