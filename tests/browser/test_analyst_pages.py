"""What an analyst does in the browser: filter by lead investor and valuation, share, export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest

from rounds.views import deals as deal_views
from tests.factories import FundingRoundFactory, InvestmentFactory, InvestorFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _round(name: str, valuation: str, lead, *, day: int) -> None:
    round = FundingRoundFactory(
        company__name=name,
        amount=Decimal(valuation) * 10**8,
        valuation=Decimal(valuation) * 10**9,
        valuation_currency="USD",
        announced_on=dt.date(2024, 1, day),
    )
    InvestmentFactory(round=round, investor=lead, is_lead=True)


@pytest.fixture
def deals(db):
    alibaba = InvestorFactory(name="Alibaba Group", slug="alibaba")
    other = InvestorFactory(name="Other Lead", slug="other-lead")
    _round("Mid Unicorn", "2", alibaba, day=3)
    _round("Top Unicorn", "5", alibaba, day=1)
    _round("Small Startup", "0.3", alibaba, day=4)
    _round("Someone Else", "10", other, day=2)
    return alibaba


def _companies(page) -> list[str]:
    return page.locator("#deal-table td.company > a").all_inner_texts()


def test_analyst_filters_sorts_shares_opens_and_downloads(
    signed_in_page, deals, tmp_path
):
    page = signed_in_page
    page.goto("/")
    assert len(_companies(page)) == 4

    # Choose a lead investor from the suggestions:
    page.locator("#id_lead").press_sequentially("Alib", delay=50)
    page.wait_for_selector(
        '#lead-options option[value="Alibaba Group"]', state="attached"
    )
    page.locator("#id_lead").fill("Alibaba Group")
    page.wait_for_url(re.compile(r"lead=Alibaba(\+|%20)Group"))
    page.wait_for_function(
        "document.querySelectorAll('#deal-table tbody tr').length === 3"
    )

    # Set a valuation minimum, then sort by valuation:
    page.locator("#id_valuation_min").fill("1B")
    page.locator("#id_valuation_min").press("Enter")
    page.wait_for_url(re.compile(r"valuation_min=1B"))
    page.wait_for_function(
        "document.querySelectorAll('#deal-table tbody tr').length === 2"
    )
    page.locator("#id_sort").select_option("-valuation")
    page.wait_for_url(re.compile(r"sort=-valuation"))
    page.wait_for_function(
        "document.querySelector('#deal-table td.company a').textContent === 'Top Unicorn'"
    )
    assert _companies(page) == ["Top Unicorn", "Mid Unicorn"]
    assert "q=" not in page.url  # empty fields stay out of the shared URL

    # The pushed URL, opened fresh, shows the same rows and the same form:
    shared = page.url
    page.reload()
    assert page.url == shared
    assert _companies(page) == ["Top Unicorn", "Mid Unicorn"]
    assert page.locator("#id_lead").input_value() == "Alibaba Group"
    assert page.locator("#id_sort").input_value() == "-valuation"

    # The CSV is exactly what the filter shows:
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    path = tmp_path / "deals.csv"
    download_info.value.save_as(path)
    rows = list(csv.DictReader(io.StringIO(path.read_text())))
    assert [r["company"] for r in rows] == ["Top Unicorn", "Mid Unicorn"]

    # The investor's page, then a company's:
    page.locator("#deal-table td.lead a", has_text="Alibaba Group").first.click()
    page.wait_for_url(re.compile(r"/investors/alibaba/"))
    assert page.locator("h1").inner_text() == "Alibaba Group"
    assert (
        page.locator("svg.chart title")
        .first.text_content()
        .startswith("Rounds Alibaba")
    )
    page.locator("td.company a", has_text="Top Unicorn").first.click()
    page.wait_for_url(re.compile(r"/companies/"))
    assert page.locator("h1").inner_text() == "Top Unicorn"
    assert page.locator("svg.chart").count() == 1
    assert page.locator(".timeline li").count() == 1


def test_invalid_filter_shows_an_error_without_reloading(signed_in_page, deals):
    page = signed_in_page
    page.goto("/")

    page.locator("#id_valuation_min").fill("abc")
    page.locator("#id_valuation_min").press("Enter")

    page.wait_for_selector("#deal-table .alert.error")
    assert "is not an amount" in page.locator("#deal-table").inner_text()


def test_league_table_opens_an_investor(signed_in_page, deals):
    page = signed_in_page
    page.goto("/leads/")

    names = page.locator("#lead-table td.company a").all_inner_texts()
    page.locator("#lead-table td.company a", has_text="Alibaba Group").click()

    assert names == ["Alibaba Group", "Other Lead"]
    page.wait_for_url(re.compile(r"/investors/alibaba/"))


def test_next_page_and_sort_headers_keep_the_url_in_step(
    signed_in_page, deals, monkeypatch
):
    monkeypatch.setattr(deal_views, "PAGE_SIZE", 2)
    page = signed_in_page
    page.goto("/?sort=-valuation")
    assert _companies(page) == ["Someone Else", "Top Unicorn"]

    page.get_by_role("link", name="Next ›").click()
    page.wait_for_url(re.compile(r"cursor="))
    page.wait_for_function(
        "document.querySelector('#deal-table .page-number').textContent === 'Page 2'"
    )
    assert _companies(page) == ["Mid Unicorn", "Small Startup"]

    page.locator("#deal-table th a", has_text="Date").click()
    page.wait_for_url(re.compile(r"sort=-date$"))
    page.wait_for_function(
        "document.querySelector('#deal-table .page-number').textContent === 'Page 1'"
    )
    assert (
        page.locator("#id_sort").input_value() == "-date"
    )  # the form follows the header
    assert _companies(page) == ["Small Startup", "Mid Unicorn"]
