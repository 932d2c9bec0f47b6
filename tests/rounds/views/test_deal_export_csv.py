from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    FundingRoundFactory,
    InvestmentFactory,
    RoundSourceFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _rows(response) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def test_deal_export_csv_has_exactly_the_filtered_rows_in_order(client, analyst):
    round = FundingRoundFactory(
        company__name="Big Co",
        valuation=Decimal("3000000000"),
        valuation_currency="USD",
        valuation_qualifier="about",
        announced_on=dt.date(2024, 1, 2),
    )
    InvestmentFactory(round=round, investor__name="Lead One", is_lead=True)
    InvestmentFactory(round=round, investor__name="Follower")
    FundingRoundFactory(
        company__name="Bigger Co",
        valuation=Decimal("5000000000"),
        valuation_currency="USD",
    )
    FundingRoundFactory(company__name="Small Co")
    client.force_login(analyst)

    response = client.get(
        reverse("rounds:deal-export-csv"), {"valuation_min": "1B", "sort": "valuation"}
    )

    rows = _rows(response)
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="deals-')
    assert [r["company"] for r in rows] == ["Big Co", "Bigger Co"]
    assert rows[0]["valuation_usd"] == "3000000000.00"
    assert rows[0]["valuation_qualifier"] == "about"
    assert rows[0]["lead_investors"] == "Lead One"
    assert rows[0]["other_investors"] == "Follower"
    assert rows[0]["date"] == "2024-01-02"


def test_deal_export_csv_links_the_round_page_and_the_sources(client, analyst):
    round = FundingRoundFactory()
    RoundSourceFactory(round=round, article__url="https://news.example/b")
    RoundSourceFactory(round=round, article__url="")  # pasted text has no address
    client.force_login(analyst)

    (row,) = _rows(client.get(reverse("rounds:deal-export-csv")))

    assert row["round_url"] == f"http://testserver/rounds/{round.pk}/"
    assert row["source_urls"] == "https://news.example/b"
    assert row["sources"] == "2"


def test_deal_export_csv_ends_every_line_alike(client, analyst):
    FundingRoundFactory.create_batch(3)
    client.force_login(analyst)

    text = b"".join(client.get(reverse("rounds:deal-export-csv")).streaming_content)

    ending = b"\n" if connection.vendor == "postgresql" else b"\r\n"
    assert text.count(ending) == text.count(b"\n") == 4


def test_deal_export_csv_neutralises_spreadsheet_formulas(client, analyst):
    round = FundingRoundFactory(company__name='=HYPERLINK("http://evil")')
    InvestmentFactory(round=round, investor__name="@SUM(A1)", is_lead=True)
    client.force_login(analyst)

    rows = _rows(client.get(reverse("rounds:deal-export-csv")))

    assert rows[0]["company"] == '\'=HYPERLINK("http://evil")'
    assert rows[0]["lead_investors"] == "'@SUM(A1)"


def test_deal_export_csv_refuses_an_invalid_filter(client, analyst):
    client.force_login(analyst)

    response = client.get(reverse("rounds:deal-export-csv"), {"valuation_min": "abc"})

    assert response.status_code == 400
    assert "valuation_min" in response.json()["errors"]


def test_deal_export_csv_needs_permission(client):
    client.force_login(UserFactory())

    assert client.get(reverse("rounds:deal-export-csv")).status_code == 403


def test_deal_export_csv_is_one_query_whatever_the_number_of_rows(client, analyst):
    client.force_login(analyst)
    counts = []
    for rounds in [1, 30]:
        for round in FundingRoundFactory.create_batch(rounds):
            InvestmentFactory.create_batch(2, round=round)
            RoundSourceFactory(round=round)
        with CaptureQueriesContext(connection) as queries:
            _rows(client.get(reverse("rounds:deal-export-csv")))
        counts.append(len(queries))

    # session, user, permissions, and the file's one query, whose rows are its lines (on
    # PostgreSQL a COPY, in a transaction with the export's settings)
    assert counts[0] == counts[1] == (4 if connection.vendor == "sqlite" else 7)


def test_deal_export_csv_editors_can_read(client, editor):
    client.force_login(editor)

    assert client.get(reverse("rounds:deal-export-csv")).status_code == 200
