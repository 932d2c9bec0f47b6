"""The league table's selectors (period, sector, country, round type, ranking) and the tables'
compact rows, as an analyst uses them in the browser."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from rounds.models import Sector
from tests.factories import FundingRoundFactory, InvestmentFactory, InvestorFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _led(lead, *, millions: int, day: dt.date, kind: str, country: str, sector: str):
    round = FundingRoundFactory(
        amount=Decimal(millions) * 10**6,
        announced_on=day,
        round_type=kind,
        company__country=country,
    )
    # A transactional test empties the tables, the sectors of migration 0012 included:
    sector, _ = Sector.objects.get_or_create(slug=sector, name=sector.title())
    round.company.sectors.add(sector)
    InvestmentFactory(round=round, investor=lead, is_lead=True)


@pytest.fixture
def leads(db):
    many = InvestorFactory(name="Many Small Bets")
    one = InvestorFactory(name="One Big Cheque")
    for n in range(3):
        _led(
            many,
            millions=5,
            day=dt.date(2024, 2, n + 1),
            kind="seed",
            country="DE",
            sector="robotics",
        )
    _led(
        one,
        millions=400,
        day=dt.date(2024, 5, 1),
        kind="series_b",
        country="DE",
        sector="robotics",
    )
    _led(
        one,
        millions=90,
        day=dt.date(2021, 5, 1),
        kind="seed",
        country="FR",
        sector="fintech",
    )


def _names(page) -> list[str]:
    return page.locator("#lead-table td.company > a").all_inner_texts()


def test_league_ranks_by_the_chosen_period_sector_country_type_and_measure(
    signed_in_page, leads
):
    page = signed_in_page
    page.goto("/leads/")
    assert _names(page) == ["Many Small Bets", "One Big Cheque"]

    # Every selector is a labelled field of the form:
    for label in ("Rank by", "From", "To", "Sector", "Country", "Round type"):
        assert page.get_by_label(label, exact=True).count() == 1

    page.get_by_label("Rank by").select_option(label="Amount led, largest first")
    page.wait_for_url(re.compile(r"order=-total_amount"))
    page.wait_for_function(
        "document.querySelector('#lead-table td.company a').textContent === 'One Big Cheque'"
    )

    page.get_by_label("Sector").select_option(label="Robotics")
    page.wait_for_url(re.compile(r"sector=robotics"))
    page.get_by_label("Country").fill("DE")
    page.get_by_label("Country").press("Enter")
    page.wait_for_url(re.compile(r"country=DE"))
    page.get_by_label("From", exact=True).fill("2024-01-01")
    page.get_by_label("From", exact=True).press("Enter")
    page.wait_for_url(re.compile(r"date_from=2024-01-01"))
    page.wait_for_function(
        "document.querySelector('#lead-table .chips').textContent.includes('From 2024-01-01')"
    )
    assert _names(page) == ["One Big Cheque", "Many Small Bets"]

    page.get_by_label("Round type").select_option(label="Seed")
    page.wait_for_url(re.compile(r"round_type=seed"))
    page.wait_for_function(
        "document.querySelectorAll('#lead-table tbody tr').length === 1"
    )
    assert _names(page) == ["Many Small Bets"]

    # The header's sort link and the field stay in step, and the URL opens the same table:
    page.locator("#lead-table th a", has_text="Rounds led").click()
    page.wait_for_url(re.compile(r"order=-rounds"))
    assert page.get_by_label("Rank by").input_value() == "-rounds"
    page.reload()
    assert page.get_by_label("Rank by").input_value() == "-rounds"
    assert page.get_by_label("Round type").input_value() == "seed"
    assert _names(page) == ["Many Small Bets"]


def _row_height(page, table: str) -> float:
    return page.locator(f"{table} tbody tr").first.bounding_box()["height"]


def test_compact_rows_are_a_toggle_remembered_across_pages(signed_in_page, leads):
    page = signed_in_page
    page.goto("/?sector=robotics")
    toggle = page.get_by_role("button", name="Compact rows")
    assert toggle.get_attribute("aria-pressed") == "false"
    comfortable = _row_height(page, "#deal-table")

    toggle.click()
    page.wait_for_selector("#deal-table table.dense")
    assert page.url.endswith("/?sector=robotics")  # the filter is kept
    assert (
        page.get_by_role("button", name="Compact rows").get_attribute("aria-pressed")
        == "true"
    )
    assert _row_height(page, "#deal-table") < comfortable

    # Remembered: the league table and a fresh visit are compact too.
    page.goto("/leads/")
    assert page.locator("#lead-table table.dense").count() == 1
    page.goto("/")
    assert page.locator("#deal-table table.dense").count() == 1

    # The keyboard turns it off again:
    page.get_by_role("button", name="Compact rows").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#deal-table table.deals:not(.dense)")
    assert (
        page.get_by_role("button", name="Compact rows").get_attribute("aria-pressed")
        == "false"
    )
