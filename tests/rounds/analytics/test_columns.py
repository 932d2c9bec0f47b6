"""The column spec: one list of columns gives the table's cells and the CSV's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rounds.analytics import columns
from rounds.models import FundingRound, Sector
from tests.factories import FundingRoundFactory, InvestmentFactory

pytestmark = pytest.mark.django_db


def _loaded(round: FundingRound) -> FundingRound:
    [loaded] = columns.select(FundingRound.objects.filter(pk=round.pk))
    columns.load([loaded], exports=True)
    return loaded


def _round() -> FundingRound:
    round = FundingRoundFactory(
        company__name="Ōsaka & Söhne",
        company__slug="osaka",
        company__country="JP",
        amount=Decimal("25000000"),
        currency="EUR",
        amount_qualifier="about",
        announced_on=dt.date(2024, 5, 1),
        date_precision="month",
        round_type="series_b",
    )
    InvestmentFactory(round=round, investor__name="Лидер Капитал", is_lead=True)
    InvestmentFactory(round=round, investor__name="华山资本")
    round.company.sectors.add(*Sector.objects.filter(slug__in=["robotics", "fintech"]))
    return round


def test_every_column_has_a_cell_and_csv_cells_under_its_headers():
    round = _loaded(_round())

    row = columns.csv_row(round, "https://deals.example")

    cells = dict(zip(columns.CSV_HEADERS, row, strict=True))
    assert len(row) == len(columns.CSV_HEADERS)
    assert cells["amount_usd"] == round.amount_usd
    assert cells == {
        "company": "Ōsaka & Söhne",
        "country": "JP",
        "company_url": "https://deals.example/companies/osaka/",
        "sectors": "Fintech; Robotics",
        "date": "2024-05-01",
        "date_precision": "month",
        "round_type": "series_b",
        "round_label": "",
        "amount": round.amount,
        "currency": "EUR",
        "amount_qualifier": "about",
        "amount_usd": round.amount_usd,
        "valuation": None,
        "valuation_currency": "",
        "valuation_qualifier": "",
        "valuation_basis": "",
        "valuation_usd": None,
        "lead_investors": "Лидер Капитал",
        "other_investors": "华山资本",
        "status": "announced",
        "sources": 0,
        "round_url": f"https://deals.example/rounds/{round.pk}/",
        "source_urls": "",
    }


def test_a_table_row_has_one_cell_per_column_with_every_value_escaped():
    round = _loaded(_round())

    html = columns.table_rows([round])

    assert html.count("<td") == len(columns.COLUMNS)
    assert "Ōsaka &amp; Söhne" in html
    assert '<td class="date">May 2024</td>' in html
    assert '<span class="orig" title="As announced">~€25M</span>' in html
    assert ">Лидер Капитал</a>" in html
    assert '<td class="sectors">Fintech, Robotics</td>' in html


def test_select_loads_only_the_fields_the_columns_read(django_assert_num_queries):
    round = _round()

    with django_assert_num_queries(1):
        [loaded] = columns.select(FundingRound.objects.filter(pk=round.pk))

    deferred = loaded.get_deferred_fields()
    assert {"created_at", "updated_at", "closed_on"} <= deferred
    assert "description" in loaded.company.get_deferred_fields()
