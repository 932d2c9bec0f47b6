from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rounds.enums import ArticleStatus, ProposalStatus
from rounds.extraction import extract_rounds
from rounds.ingestion import matching, pipeline
from rounds.models import (
    Article,
    Company,
    CompanyAlias,
    Investor,
    InvestorAlias,
    RoundProposal,
)
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


def described(model, name: str) -> list[str]:
    return [match.describe() for match in matching.find_matches(model, name)]


def test_a_name_matches_its_company_exactly_first_then_close_ones():
    CompanyFactory(name="Lumora Health")
    CompanyFactory(name="Lumora Health Labs")

    assert described(Company, "Lumora Health Inc.") == [
        "Lumora Health (exact)",
        "Lumora Health Labs (fuzzy 95%)",
    ]


def test_a_former_name_matches_as_an_alias():
    hongshan = InvestorFactory(name="HongShan")
    hongshan.add_alias("Sequoia China")

    [match] = matching.find_matches(Investor, "Sequoia China")

    assert (match.row, match.how, match.score, match.via) == (
        hongshan,
        "alias",
        100,
        "Sequoia China",
    )


def test_a_typo_matches_fuzzily_with_its_score():
    CompanyFactory(name="Lumora Health")
    CompanyFactory(name="Lagoonshift")

    assert described(Company, "Lumora Heatlh") == ["Lumora Health (fuzzy 92%)"]


def test_every_name_is_compared_not_only_those_with_the_same_first_letters():
    CompanyFactory(name="Lumora Health")

    assert described(Company, "Health Lumora") == ["Lumora Health (fuzzy 95%)"]


def test_a_typo_of_a_former_name_says_which_name_it_is_close_to():
    InvestorFactory(name="HongShan").add_alias("Sequoia Capital China")

    assert described(Investor, "Sequoia Capitol China") == [
        "HongShan (fuzzy 95%, as “Sequoia Capital China”)"
    ]


def test_names_in_other_scripts_match_fuzzily_too():
    CompanyFactory(name="Сбербанк Технологии")
    CompanyFactory(name="字节跳动")

    assert described(Company, "Сбербанк Технологи") == [
        "Сбербанк Технологии (fuzzy 97%)"
    ]
    assert described(Company, "字节跳动") == ["字节跳动 (exact)"]


def test_an_unknown_or_empty_name_matches_nothing():
    CompanyFactory(name="Lumora Health")

    assert matching.find_matches(Company, "Quillbyte") == []
    assert matching.find_matches(Company, "  ") == []


def test_fuzzy_matching_reads_the_trigram_index_on_postgresql(on_postgresql):
    CompanyFactory(name="Lumora Health")

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        with CaptureQueriesContext(connection) as queries:
            matching.find_matches(Company, "Lumora Heatlh")
        pool = next(q["sql"] for q in queries if "%%" in q["sql"] or " % " in q["sql"])
        cursor.execute(f"EXPLAIN {pool}")
        plan = " ".join(row[0] for row in cursor.fetchall())

    assert "companyalias_normalized_trgm" in plan


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
