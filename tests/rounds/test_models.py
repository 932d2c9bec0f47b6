from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import DataError, IntegrityError, transaction

from rounds.models import (
    SECTORS,
    Article,
    Company,
    CompanyAlias,
    Investment,
    InvestorAlias,
    Sector,
)
from tests.factories import (
    ArticleFactory,
    CompanyFactory,
    FundingRoundFactory,
    InvestmentFactory,
    InvestorFactory,
    RoundProposalFactory,
)

pytestmark = pytest.mark.django_db


def assert_rejected(create) -> None:
    # PostgreSQL reports a value longer than its column as a DataError:
    with pytest.raises((IntegrityError, DataError)), transaction.atomic():
        create()


def test_company_slug_is_made_from_name_and_kept_unique():
    first = CompanyFactory(name="AB Robotics")
    second = CompanyFactory(name="A+B Robotics")

    assert [first.slug, second.slug] == ["ab-robotics", "ab-robotics-2"]


def test_company_slug_unique_in_database():
    CompanyFactory(slug="taken")

    assert_rejected(lambda: CompanyFactory(slug="taken"))


def test_investor_slug_unique_in_database():
    InvestorFactory(slug="taken")

    assert_rejected(lambda: InvestorFactory(slug="taken"))


def test_company_alias_normalized_form_is_unique():
    CompanyAlias.objects.create(company=CompanyFactory(), name="Quill Labs Inc.")

    assert_rejected(
        lambda: CompanyAlias.objects.create(company=CompanyFactory(), name="quill labs")
    )


def test_investor_alias_normalized_form_is_unique():
    InvestorAlias.objects.create(investor=InvestorFactory(), name="Redwood China")

    assert_rejected(
        lambda: InvestorAlias.objects.create(
            investor=InvestorFactory(), name="REDWOOD  CHINA, Ltd."
        )
    )


def test_one_investment_per_round_and_investor():
    investment = InvestmentFactory()

    assert_rejected(
        lambda: Investment.objects.create(
            round=investment.round, investor=investment.investor, is_lead=True
        )
    )


def test_article_url_is_unique_when_present():
    ArticleFactory(url="https://news.example/a")

    assert_rejected(lambda: ArticleFactory(url="https://news.example/a"))


def test_pasted_articles_without_url_may_coexist():
    ArticleFactory(url="")
    ArticleFactory(url="")

    assert Article.objects.filter(url="").count() == 2


def test_article_url_must_be_http():
    assert_rejected(lambda: ArticleFactory(url="file:///etc/passwd"))


def test_article_content_hash_is_unique():
    ArticleFactory(text="Same words here.")

    assert_rejected(lambda: ArticleFactory(text="Same   words here."))


@pytest.mark.parametrize("field", ["amount", "valuation"])
def test_round_figures_are_non_negative(field):
    assert_rejected(
        lambda: FundingRoundFactory(
            **{field: Decimal("-1"), "valuation_currency": "USD"}
        )
    )


@pytest.mark.parametrize("code", ["usd", "US", "USDT", "$"])
def test_round_currency_is_three_capital_letters(code):
    assert_rejected(lambda: FundingRoundFactory(currency=code))


def test_round_valuation_currency_is_three_capital_letters():
    assert_rejected(
        lambda: FundingRoundFactory(valuation=Decimal(5), valuation_currency="eur")
    )


def test_round_amount_needs_a_currency():
    assert_rejected(lambda: FundingRoundFactory(amount=Decimal(5), currency=""))


def test_round_valuation_needs_a_currency():
    assert_rejected(
        lambda: FundingRoundFactory(valuation=Decimal(5), valuation_currency="")
    )


def test_round_without_amount_needs_no_currency():
    round = FundingRoundFactory(amount=None, currency="", amount_qualifier="")

    assert round.amount_usd is None


def test_company_country_is_an_iso_code():
    assert_rejected(lambda: CompanyFactory(country="Germany"))


def test_proposal_unique_per_article_and_fingerprint():
    proposal = RoundProposalFactory()

    assert_rejected(
        lambda: RoundProposalFactory(
            article=proposal.article, fingerprint=proposal.fingerprint
        )
    )


@pytest.mark.parametrize("confidence", [-0.1, 1.5])
def test_proposal_confidence_is_between_zero_and_one(confidence):
    assert_rejected(lambda: RoundProposalFactory(confidence=confidence))


def test_round_amounts_are_converted_to_usd_at_the_rounds_date():
    round = FundingRoundFactory(
        amount=Decimal("25000000"),
        currency="EUR",
        valuation=Decimal("100000000"),
        valuation_currency="EUR",
        announced_on=dt.date(2024, 3, 1),
    )

    assert (round.amount_usd, round.valuation_usd) == (
        Decimal("27032500.00"),
        Decimal("108130000.00"),
    )


def test_round_usd_figures_follow_an_edited_amount():
    round = FundingRoundFactory(
        amount=Decimal("1000"), currency="EUR", announced_on=dt.date(2024, 3, 1)
    )

    round.currency = "USD"
    round.save()

    assert round.amount_usd == Decimal("1000.00")


def test_round_in_currency_without_ecb_rate_has_no_usd_figure():
    round = FundingRoundFactory(amount=Decimal("500000000"), currency="NGN")

    assert (round.amount, round.amount_usd) == (Decimal("500000000"), None)


def test_money_is_stored_as_decimal():
    round = FundingRoundFactory(amount=Decimal("1234567.89"))
    round.refresh_from_db()

    assert round.amount == Decimal("1234567.89")
    assert isinstance(round.amount_usd, Decimal)


def test_round_lists_leads_and_participants_apart():
    round = FundingRoundFactory()
    lead = InvestmentFactory(round=round, is_lead=True).investor
    other = InvestmentFactory(round=round).investor

    assert (round.leads, round.participants) == ([lead], [other])


def test_company_name_normalized_on_save():
    company = Company.objects.create(name="Tallow & Bird GmbH")

    assert company.name_normalized == "tallow and bird"


@pytest.mark.django_db
def test_the_migrations_give_exactly_the_sector_taxonomy():
    assert sorted(Sector.objects.values_list("slug", "name")) == sorted(SECTORS)
    assert 25 <= len(SECTORS) <= 40
