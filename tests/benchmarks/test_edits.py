from __future__ import annotations

import datetime as dt

from benchmarks.edits import main
from rounds.models import FundingRound, Investment, InvestorYear, LeadSummary, Sector
from tests.factories import (
    CompanyFactory,
    FundingRoundFactory,
    InvestmentFactory,
    InvestorFactory,
)


def _stored() -> tuple[list, ...]:
    return (
        sorted(FundingRound.objects.values_list("pk", "round_type", "company")),
        sorted(Investment.objects.values_list("pk", "investor", "is_lead")),
        sorted(LeadSummary.objects.values_list("investor", "facet", "value", "year")),
        sorted(InvestorYear.objects.values_list("investor", "year", "rounds_led")),
    )


def test_edits_times_each_write_and_leaves_the_database_as_it_was(
    db, on_postgresql, capsys
):
    lead = InvestorFactory(name="Ярило Венчурс")
    company = CompanyFactory(name="ソラ工業", country="JP")
    company.sectors.add(Sector.objects.get(slug="robotics"))
    for year in (2023, 2024):
        round = FundingRoundFactory(company=company, announced_on=dt.date(year, 5, 1))
        InvestmentFactory(round=round, investor=lead, is_lead=True)
    small = InvestorFactory(name="Ölberg Partners")
    InvestmentFactory(investor=small, is_lead=True)
    InvestmentFactory(investor=small)
    FundingRoundFactory(company__name="Βόρεια Energy")
    stored = _stored()

    code = main(["--lead", lead.slug, "--repeat", "1"])

    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines[0].startswith("Ярило Венчурс: ")
    assert len(lines) == 2 + 9
    assert all(line.split()[-2].replace(".", "").isdigit() for line in lines[2:])
    assert _stored() == stored
