from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rounds.enums import ArticleStatus, ProposalStatus
from rounds.extraction import extract_rounds
from rounds.ingestion import matching, pipeline
from rounds.models import Article, Company, CompanyAlias, InvestorAlias, RoundProposal
from tests.factories import CompanyFactory, FundingRoundFactory, InvestorFactory

pytestmark = pytest.mark.django_db

STORY = (
    "Lumora Health, a Berlin clinical-software startup, has raised $25 million in a Series A "
    "round led by Brightwater Capital, with participation from Tidewell Ventures."
)


def propose(text: str = STORY) -> list[RoundProposal]:
    article, _ = pipeline.store_text(text, published_on=dt.date(2024, 3, 5))
    return matching.propose_rounds(
        article, extract_rounds(article.text, article.published_on)
    )


def test_propose_rounds_stores_the_candidate_with_evidence():
    [proposal] = propose()

    assert Article.objects.get().status == ArticleStatus.EXTRACTED
    assert proposal.candidate["company"] == "Lumora Health"
    assert proposal.candidate["amount"] == "25000000"
    assert proposal.candidate["lead_investors"] == ["Brightwater Capital"]
    company_span = next(
        span for span in proposal.evidence if span["field"] == "company"
    )
    assert STORY[company_span["start"] : company_span["end"]] == "Lumora Health"


def test_proposing_again_updates_instead_of_duplicating():
    [first] = propose()

    [second] = propose()

    assert (second.pk, RoundProposal.objects.count()) == (first.pk, 1)


def test_proposing_again_leaves_decided_proposals_alone():
    [proposal] = propose()
    RoundProposal.objects.filter(pk=proposal.pk).update(
        status=ProposalStatus.REJECTED, candidate={"company": "edited"}
    )

    propose()

    proposal.refresh_from_db()
    assert (proposal.status, proposal.candidate) == (
        ProposalStatus.REJECTED,
        {"company": "edited"},
    )


def test_propose_rounds_matches_known_company_and_investors_by_alias():
    company = CompanyFactory(name="Lumora")
    CompanyAlias.objects.create(company=company, name="Lumora Health GmbH")
    lead = InvestorFactory(name="Brightwater")
    InvestorAlias.objects.create(investor=lead, name="Brightwater Capital")
    participant = InvestorFactory(name="Tidewell Ventures")

    [proposal] = propose()

    assert proposal.suggested_company == company
    assert set(proposal.suggested_investors.all()) == {lead, participant}


def test_propose_rounds_flags_a_close_round_of_the_same_company_as_duplicate():
    company = CompanyFactory(name="Lumora Health")
    existing = FundingRoundFactory(
        company=company, amount=Decimal("24000000"), round_type="series_a"
    )
    FundingRoundFactory(company=company, amount=Decimal("3000000"), round_type="seed")

    [proposal] = propose()

    assert proposal.duplicate_of == existing


def test_propose_rounds_does_not_flag_a_round_far_off_in_amount():
    FundingRoundFactory(
        company=CompanyFactory(name="Lumora Health"),
        amount=Decimal("90000000"),
        round_type="series_a",
    )

    [proposal] = propose()

    assert proposal.duplicate_of is None


def test_article_without_rounds_gets_no_proposals():
    assert (
        propose(
            "A guide to the difference between equity and debt, with no deal in it."
        )
        == []
    )
    assert Article.objects.get().status == ArticleStatus.EXTRACTED


def test_close_matches_find_a_company_despite_a_typo():
    wanted = CompanyFactory(name="Lumora Health")
    CompanyFactory(name="Lagoonshift")

    assert matching.close_matches(Company, "Lumora Heatlh") == [wanted]


def test_close_matches_of_an_unknown_name_are_empty():
    CompanyFactory(name="Lumora Health")

    assert matching.close_matches(Company, "Quillbyte") == []


def test_known_names_are_the_stored_names_an_article_mentions_in_one_query(
    django_assert_num_queries,
):
    CompanyFactory(name="Quillmoss Robotics Inc.")
    CompanyFactory(name="Зорвекс")
    InvestorFactory(name="Harbor Lane Ventures").add_alias("Harbor Lane")
    InvestorFactory(name="Unmentioned Capital")
    text = (
        "Quillmoss Robotics has raised $12 million led by Harbor Lane, with Зорвекс "
        "taking part."
    )

    with django_assert_num_queries(1):
        companies, investors = matching.known_names(text)

    assert sorted(companies) == ["Quillmoss Robotics Inc.", "Зорвекс"]
    assert investors == ["Harbor Lane"]


def test_processing_an_article_reads_its_headline_and_the_stored_names():
    InvestorFactory(name="Harbor Lane Ventures")
    article, _ = pipeline.store_text(
        "The company has raised $12 million in a Series A round led by Harbor Lane "
        "Ventures, its founder said on Monday.",
        title="Quillmoss Robotics raises $12 million",
        published_on=dt.date(2024, 3, 5),
    )

    pipeline.process_article(article)

    [proposal] = article.proposals.all()
    assert proposal.candidate["company"] == "Quillmoss Robotics"
    assert list(proposal.suggested_investors.values_list("name", flat=True)) == [
        "Harbor Lane Ventures"
    ]
