"""The investors' yearly counts stay equal to a count from scratch, whatever path writes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rounds.analytics import summary
from rounds.ingestion import pipeline
from rounds.models import FundingRound, InvestorYear, LeadSummary, Sector
from rounds.review import decisions, merging
from tests.factories import (
    CompanyFactory,
    FundingRoundFactory,
    InvestmentFactory,
    InvestorFactory,
)

pytestmark = pytest.mark.django_db


def years(investor):
    return sorted(
        investor.years.values_list(
            "year", "rounds_led", "rounds_joined", "amount_led_usd", "latest_led"
        )
    )


def _summaries():
    return (
        sorted(InvestorYear.objects.values_list("investor", "year", "rounds_led")),
        sorted(
            LeadSummary.objects.values_list(
                "investor",
                "facet",
                "value",
                "year",
                "month",
                "rounds_led",
                "amount_led_usd",
                "latest_led",
            )
        ),
    )


def recounted():
    """What a rebuild from scratch gives, for comparison with the incremental upkeep."""
    kept = _summaries()
    summary.rebuild()
    return kept == _summaries()


def slices(investor, facet):
    """(value, year, rounds led) of an investor's summary rows of one facet, by year and for
    all years."""
    return sorted(
        investor.lead_summaries.filter(
            facet=facet, month=LeadSummary.WHOLE_YEAR
        ).values_list("value", "year", "rounds_led")
    )


def months(investor, facet):
    """(value, year, month, rounds led) of an investor's monthly summary rows of one facet."""
    return sorted(
        investor.lead_summaries.exclude(month=LeadSummary.WHOLE_YEAR)
        .filter(facet=facet)
        .values_list("value", "year", "month", "rounds_led")
    )


def test_an_investment_counts_in_its_round_year_as_led_or_joined():
    investor = InvestorFactory(name="Сбер Венчурс")
    led = FundingRoundFactory(announced_on=dt.date(2023, 5, 2), amount=Decimal(7))
    InvestmentFactory(round=led, investor=investor, is_lead=True)
    InvestmentFactory(round=FundingRoundFactory(), investor=investor, is_lead=False)

    assert years(investor) == [
        (2023, 1, 0, Decimal("7.00"), dt.date(2023, 5, 2)),
        (2024, 0, 1, None, None),
    ]


def test_changing_a_round_date_moves_its_count_to_the_new_year():
    investor = InvestorFactory()
    round = FundingRoundFactory(announced_on=dt.date(2022, 1, 1))
    InvestmentFactory(round=round, investor=investor, is_lead=True)

    round.announced_on = dt.date(2025, 7, 1)
    round.save()

    assert [row[:2] for row in years(investor)] == [(2025, 1)]


def test_moving_an_investment_to_another_investor_recounts_both():
    before, after = InvestorFactory(name="Älpha"), InvestorFactory(name="Beta 高")
    investment = InvestmentFactory(investor=before, is_lead=True)

    investment.investor = after
    investment.save()

    assert (years(before), [row[:2] for row in years(after)]) == ([], [(2024, 1)])


def test_deleting_a_round_uncounts_its_investors():
    investor = InvestorFactory()
    investment = InvestmentFactory(investor=investor, is_lead=True)

    investment.round.delete()

    assert years(investor) == []


def test_approval_counts_the_new_rounds_investors(editor):
    text = (
        "Quillmoss, a Lisbon language-learning startup, has raised $12 million in a Series A "
        "round led by Harbourlight Ventures, with participation from Corvid Partners."
    )
    article, _ = pipeline.store_text(text, published_on=dt.date(2024, 3, 5))
    pipeline.process_article(article)

    round = decisions.approve_proposal(article.proposals.get(), editor=editor)

    counted = InvestorYear.objects.filter(year=2024).values_list(
        "investor__name", "rounds_led", "rounds_joined"
    )
    assert round.investments.count() == 2
    assert sorted(counted) == [
        ("Corvid Partners", 0, 1),
        ("Harbourlight Ventures", 1, 0),
    ]
    assert recounted()


def test_approval_adds_the_new_round_to_the_slices_its_investors_have(editor):
    lead, partner = (
        InvestorFactory(name=name)
        for name in ("Harbourlight Ventures", "Corvid Partners")
    )
    earlier = FundingRoundFactory(
        round_type="series_a",
        company__country="PT",
        announced_on=dt.date(2024, 3, 1),
        amount=None,
        currency="",
    )
    InvestmentFactory(round=earlier, investor=lead, is_lead=True)
    InvestmentFactory(round=earlier, investor=partner, is_lead=True)
    text = (
        "Quillmoss, a Lisbon language-learning startup, has raised $12 million in a Series A "
        "round led by Harbourlight Ventures, with participation from Corvid Partners."
    )
    article, _ = pipeline.store_text(text, published_on=dt.date(2024, 3, 5))
    pipeline.process_article(article)

    decisions.approve_proposal(article.proposals.get(), editor=editor)

    assert months(lead, "round_type") == [("series_a", 2024, 3, 2)]
    assert months(partner, "round_type") == [("series_a", 2024, 3, 1)]
    assert recounted()


def test_merging_investors_counts_the_duplicates_rounds_for_the_one_kept(editor):
    keep, duplicate = InvestorFactory(name="红杉中国"), InvestorFactory(name="HongShan")
    InvestmentFactory(investor=keep, is_lead=True)
    InvestmentFactory(investor=duplicate, is_lead=True)
    shared = FundingRoundFactory()
    InvestmentFactory(round=shared, investor=keep)
    InvestmentFactory(round=shared, investor=duplicate, is_lead=True)

    merging.merge_investors(keep, [duplicate], user=editor)

    assert [row[:3] for row in years(keep)] == [(2024, 3, 0)]
    assert recounted()


def test_rebuild_counts_rounds_without_a_date_apart():
    investor = InvestorFactory()
    InvestmentFactory(
        round=FundingRoundFactory(announced_on=None), investor=investor, is_lead=True
    )
    InvestorYear.objects.all().delete()

    summary.rebuild()

    assert [row[:2] for row in years(investor)] == [(InvestorYear.UNDATED, 1)]
    assert FundingRound.objects.count() == 1


def test_undoing_an_approval_uncounts_its_investors(editor):
    text = (
        "Quillmoss, a Lisbon language-learning startup, has raised $12 million in a Series A "
        "round led by Harbourlight Ventures."
    )
    article, _ = pipeline.store_text(text, published_on=dt.date(2024, 3, 5))
    pipeline.process_article(article)
    proposal = article.proposals.get()
    decisions.approve_proposal(proposal, editor=editor)
    proposal.refresh_from_db()

    decisions.undo_decision(proposal, editor=editor)

    assert not InvestorYear.objects.filter(rounds_led__gt=0).exists()
    assert recounted()


ALL = LeadSummary.ALL_YEARS


def test_a_lead_counts_in_every_slice_of_its_round_per_year_and_for_all_years():
    investor = InvestorFactory(name="Ёж Капитал")
    round = FundingRoundFactory(
        round_type="seed",
        company__country="DE",
        announced_on=dt.date(2023, 4, 1),
        amount=Decimal(5),
    )
    round.company.sectors.add(*Sector.objects.filter(slug__in=["fintech", "robotics"]))
    InvestmentFactory(round=round, investor=investor, is_lead=True)
    InvestmentFactory(round=FundingRoundFactory(), investor=investor, is_lead=False)

    assert slices(investor, "") == [("", 2023, 1), ("", ALL, 1)]
    assert slices(investor, "round_type") == [("seed", 2023, 1), ("seed", ALL, 1)]
    assert slices(investor, "country") == [("DE", 2023, 1), ("DE", ALL, 1)]
    assert slices(investor, "sector") == [
        ("fintech", 2023, 1),
        ("fintech", ALL, 1),
        ("robotics", 2023, 1),
        ("robotics", ALL, 1),
    ]
    assert recounted()


def test_a_lead_counts_in_its_month_of_every_single_slice():
    investor = InvestorFactory(name="Месяц Капитал")
    for day in (dt.date(2023, 4, 1), dt.date(2023, 4, 30), dt.date(2023, 5, 2)):
        round = FundingRoundFactory(
            round_type="seed", company__country="DE", announced_on=day
        )
        round.company.sectors.add(Sector.objects.get(slug="fintech"))
        InvestmentFactory(round=round, investor=investor, is_lead=True)
    InvestmentFactory(
        round=FundingRoundFactory(announced_on=None), investor=investor, is_lead=True
    )

    assert months(investor, "") == [("", 2023, 4, 2), ("", 2023, 5, 1)]
    assert months(investor, "round_type") == [
        ("seed", 2023, 4, 2),
        ("seed", 2023, 5, 1),
    ]
    assert months(investor, "sector") == [
        ("fintech", 2023, 4, 2),
        ("fintech", 2023, 5, 1),
    ]
    assert recounted()


def test_a_lead_counts_in_every_combination_of_its_round_slices_per_year():
    investor = InvestorFactory(name="Пара Капитал")
    round = FundingRoundFactory(
        round_type="seed", company__country="DE", announced_on=dt.date(2023, 4, 1)
    )
    round.company.sectors.add(*Sector.objects.filter(slug__in=["fintech", "robotics"]))
    InvestmentFactory(round=round, investor=investor, is_lead=True)

    assert slices(investor, "round_type+country") == [
        ("seed|DE", 2023, 1),
        ("seed|DE", ALL, 1),
    ]
    assert slices(investor, "round_type+sector") == [
        ("seed|fintech", 2023, 1),
        ("seed|fintech", ALL, 1),
        ("seed|robotics", 2023, 1),
        ("seed|robotics", ALL, 1),
    ]
    assert [row[0] for row in slices(investor, "country+sector")] == [
        "DE|fintech",
        "DE|fintech",
        "DE|robotics",
        "DE|robotics",
    ]
    assert months(investor, "round_type+country") == []
    assert recounted()


def test_changing_a_round_date_moves_its_lead_to_the_new_month():
    investor = InvestorFactory()
    round = FundingRoundFactory(announced_on=dt.date(2024, 1, 31))
    InvestmentFactory(round=round, investor=investor, is_lead=True)

    round.announced_on = dt.date(2024, 2, 1)
    round.save()

    assert months(investor, "") == [("", 2024, 2, 1)]
    assert recounted()


def test_changing_a_round_type_moves_its_lead_to_the_new_slice():
    investor = InvestorFactory()
    round = FundingRoundFactory(round_type="seed", announced_on=dt.date(2024, 1, 1))
    InvestmentFactory(round=round, investor=investor, is_lead=True)

    round.round_type = "series_a"
    round.save()

    assert slices(investor, "round_type") == [
        ("series_a", 2024, 1),
        ("series_a", ALL, 1),
    ]


def test_changing_a_company_country_recounts_the_leads_of_its_rounds():
    investor = InvestorFactory()
    company = CompanyFactory(country="FR")
    InvestmentFactory(round__company=company, investor=investor, is_lead=True)

    company.country = "BE"
    company.save()

    assert [row[0] for row in slices(investor, "country")] == ["BE", "BE"]
    assert recounted()


def test_adding_and_removing_sectors_recounts_from_either_side():
    investor = InvestorFactory()
    company = CompanyFactory()
    InvestmentFactory(round__company=company, investor=investor, is_lead=True)
    fintech, robotics = (
        Sector.objects.get(slug="fintech"),
        Sector.objects.get(slug="robotics"),
    )

    company.sectors.add(fintech)
    robotics.companies.add(company)
    both = {row[0] for row in slices(investor, "sector")}
    company.sectors.remove(fintech)
    robotics.companies.clear()

    assert both == {"fintech", "robotics"}
    assert slices(investor, "sector") == []
    assert recounted()


def test_merging_companies_recounts_the_moved_rounds_in_the_kept_company(editor):
    investor = InvestorFactory()
    keep, duplicate = CompanyFactory(country="GB"), CompanyFactory(country="IE")
    keep.sectors.add(Sector.objects.get(slug="health"))
    InvestmentFactory(round__company=duplicate, investor=investor, is_lead=True)

    merging.merge_companies(keep, [duplicate], user=editor)

    assert slices(investor, "country") == [("GB", 2024, 1), ("GB", ALL, 1)]
    assert slices(investor, "sector") == [("health", 2024, 1), ("health", ALL, 1)]
    assert recounted()


def test_approving_with_a_new_country_and_undoing_keep_the_slices_in_step(editor):
    company = CompanyFactory(name="Quillmoss", country="")
    earlier = InvestmentFactory(
        round__company=company,
        investor__name="Earlier Lead",
        is_lead=True,
    )
    text = (
        "Quillmoss, a Lisbon language-learning startup, has raised $12 million in a Series A "
        "round led by Harbourlight Ventures."
    )
    article, _ = pipeline.store_text(text, published_on=dt.date(2024, 3, 5))
    pipeline.process_article(article)
    proposal = article.proposals.get()

    decisions.approve_proposal(proposal, editor=editor)
    company.refresh_from_db()
    approved = (company.country, slices(earlier.investor, "country"), recounted())
    proposal.refresh_from_db()
    decisions.undo_decision(proposal, editor=editor)

    assert approved == (
        "PT",
        [("PT", 2024, 1), ("PT", ALL, 1)],
        True,
    )
    assert slices(earlier.investor, "country") == [("", 2024, 1), ("", ALL, 1)]
    assert not LeadSummary.objects.filter(investor__name="Harbourlight Ventures")
    assert recounted()


def test_a_change_to_one_round_rewrites_only_the_rows_it_counts_in():
    investor = InvestorFactory(name="大神キャピタル")
    for year in (2020, 2024):
        InvestmentFactory(
            round=FundingRoundFactory(
                round_type="seed", announced_on=dt.date(year, 6, 1)
            ),
            investor=investor,
            is_lead=True,
        )
    earlier = investor.lead_summaries.filter(year=2020)
    stored = sorted(earlier.values_list("pk", "facet", "value", "month"))
    changed = FundingRound.objects.get(announced_on=dt.date(2024, 6, 1))

    changed.round_type = "series_a"
    changed.save()

    assert sorted(earlier.values_list("pk", "facet", "value", "month")) == stored
    assert slices(investor, "round_type") == [
        ("seed", 2020, 1),
        ("seed", ALL, 1),
        ("series_a", 2024, 1),
        ("series_a", ALL, 1),
    ]
    assert recounted()


def test_a_lead_that_becomes_a_participant_leaves_the_lead_slices():
    investor = InvestorFactory(name="Шторм Партнерс")
    lead = InvestmentFactory(investor=investor, is_lead=True)
    InvestmentFactory(investor=investor, is_lead=True)

    lead.is_lead = False
    lead.save()

    assert slices(investor, "") == [("", 2024, 1), ("", ALL, 1)]
    assert [row[:3] for row in years(investor)] == [(2024, 1, 1)]
    assert recounted()


def test_deleting_an_investment_recounts_its_investor():
    investor = InvestorFactory(name="Ἀθηνᾶ Ventures")
    InvestmentFactory(
        round=FundingRoundFactory(announced_on=dt.date(2021, 2, 3)),
        investor=investor,
        is_lead=True,
    )
    gone = InvestmentFactory(investor=investor, is_lead=True)

    gone.delete()

    assert slices(investor, "") == [("", 2021, 1), ("", ALL, 1)]
    assert months(investor, "") == [("", 2021, 2, 1)]
    assert recounted()
