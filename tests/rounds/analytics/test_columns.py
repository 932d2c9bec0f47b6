"""The column spec: one list of columns gives the table's cells and the CSV's."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from rounds.analytics import columns, csv_file, keyset
from rounds.models import FundingRound, Sector
from tests.factories import FundingRoundFactory, InvestmentFactory, RoundSourceFactory

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


def _csv_rows(queryset, sort: str = "-date") -> list[dict[str, str]]:
    pieces = csv_file.pieces(queryset, keyset.SORTS[sort], "https://deals.example")
    return list(csv.DictReader(io.StringIO(b"".join(pieces).decode())))


def test_every_column_has_csv_cells_under_its_headers():
    round = _round()

    (row,) = _csv_rows(FundingRound.objects.filter(pk=round.pk))

    assert list(row) == columns.CSV_HEADERS
    assert row == {
        "company": "Ōsaka & Söhne",
        "country": "JP",
        "company_url": "https://deals.example/companies/osaka/",
        "sectors": "Fintech; Robotics",
        "date": "2024-05-01",
        "date_precision": "month",
        "round_type": "series_b",
        "round_label": "",
        "amount": "25000000.00",
        "currency": "EUR",
        "amount_qualifier": "about",
        "amount_usd": str(round.amount_usd),
        "valuation": "",
        "valuation_currency": "",
        "valuation_qualifier": "",
        "valuation_basis": "",
        "valuation_usd": "",
        "lead_investors": "Лидер Капитал",
        "other_investors": "华山资本",
        "status": "announced",
        "sources": "0",
        "round_url": f"https://deals.example/rounds/{round.pk}/",
        "source_urls": "",
    }


def test_csv_lists_the_investors_and_sources_of_each_round_in_order():
    round = FundingRoundFactory()
    for name in ["Second Lead", "First Lead"]:
        InvestmentFactory(round=round, investor__name=name, is_lead=True)
    for name in ["Zeta Angels", "Alpha Angels"]:
        InvestmentFactory(round=round, investor__name=name)
    for day, url in [
        (3, "https://news.example/later"),
        (1, "https://news.example/first"),
    ]:
        RoundSourceFactory(
            round=round, article__url=url, article__published_on=dt.date(2024, 5, day)
        )
    FundingRoundFactory(announced_on=round.announced_on - dt.timedelta(days=1))

    rows = _csv_rows(FundingRound.objects.all())

    assert [r["lead_investors"] for r in rows] == ["Second Lead; First Lead", ""]
    assert [r["other_investors"] for r in rows] == ["Zeta Angels; Alpha Angels", ""]
    assert rows[0]["source_urls"] == (
        "https://news.example/first https://news.example/later"
    )
    assert [r["sources"] for r in rows] == ["2", "0"]


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("-date", ["C", "B", "A"]),
        ("date", ["A", "B", "C"]),
        ("-amount", ["C", "A", "B"]),
    ],
)
def test_csv_rows_follow_the_sort_and_break_ties_by_id(sort, order):
    for name, day, amount in [("A", 1, 5), ("B", 3, None), ("C", 3, 7)]:
        FundingRoundFactory(
            company__name=name,
            announced_on=dt.date(2024, 5, day),
            amount=None if amount is None else Decimal(amount * 10**6),
            currency="USD",
        )

    rows = _csv_rows(FundingRound.objects.all(), sort)

    assert [r["company"] for r in rows] == order


@pytest.mark.parametrize("start", columns.FORMULA_STARTS)
def test_csv_text_cells_that_start_like_a_formula_get_a_quote_first(start):
    round = FundingRoundFactory(company__name=f"{start}SUM(A1) Labs", round_label="")
    InvestmentFactory(round=round, investor__name=f"{start}1+1 Capital", is_lead=True)
    InvestmentFactory(round=round, investor__name="Plain Partners", is_lead=True)

    (row,) = _csv_rows(FundingRound.objects.all())

    assert row["company"] == f"'{start}SUM(A1) Labs"
    assert row["lead_investors"] == f"'{start}1+1 Capital; Plain Partners"
    assert row["round_label"] == ""


def test_a_table_row_has_one_cell_per_column_with_every_value_escaped():
    round = _loaded(_round())

    html = columns.table_rows([round])

    assert html.count("<td") == len(columns.COLUMNS)
    assert "Ōsaka &amp; Söhne" in html
    assert '<td class="date">May 2024</td>' in html
    assert '<span class="orig" title="As announced">~€25M</span>' in html
    assert ">Лидер Капитал</a>" in html
    assert '<td class="sectors">Fintech, Robotics</td>' in html


def test_exported_rounds_write_the_json_of_their_model_instances():
    round = _round()
    RoundSourceFactory(round=round)
    later = FundingRoundFactory()

    exported = columns.exported(FundingRound.objects.order_by("-pk"))
    columns.load(exported, exports=True)

    assert [r.pk for r in exported] == [later.pk, round.pk]
    assert columns.json_row(exported[1], "https://deals.example") == columns.json_row(
        _loaded(round), "https://deals.example"
    )


def test_select_loads_only_the_fields_the_columns_read(django_assert_num_queries):
    round = _round()

    with django_assert_num_queries(1):
        [loaded] = columns.select(FundingRound.objects.filter(pk=round.pk))

    deferred = loaded.get_deferred_fields()
    assert {"created_at", "updated_at", "closed_on"} <= deferred
    assert "description" in loaded.company.get_deferred_fields()
