from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from rounds.views import deals as deal_views
from tests.factories import (
    CompanyFactory,
    FundingRoundFactory,
    InvestmentFactory,
    InvestorFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _companies(html: str) -> list[str]:
    return re.findall(r'class="company"><a href="[^"]+">([^<]+)</a>', html)


def _get(client, user, **params):
    client.force_login(user)
    return client.get(reverse("rounds:deal-list"), params)


def test_deal_list_shows_rounds_with_qualifiers_and_investor_roles(client, analyst):
    round = FundingRoundFactory(
        company__name="Quillbyte",
        amount=Decimal("600000000"),
        amount_qualifier="at_least",
        valuation=Decimal("2500000000"),
        valuation_currency="USD",
        valuation_qualifier="more_than",
    )
    InvestmentFactory(round=round, investor__name="Harbor Lead", is_lead=True)
    InvestmentFactory(round=round, investor__name="Side Partner")

    html = _get(client, analyst).content.decode()

    assert "Quillbyte" in html
    assert "≥ $600M" in html
    assert "&gt; $2.5B" in html
    assert html.index("Harbor Lead") < html.index("Side Partner")


def test_deal_list_shows_the_original_currency_beside_us_dollars(client, analyst):
    FundingRoundFactory(
        amount=Decimal("25000000"),
        currency="EUR",
        amount_qualifier="about",
        announced_on=dt.date(2024, 3, 1),
    )

    html = _get(client, analyst).content.decode()

    # $27,032,500 at the ECB's rate of the day, to three significant figures:
    assert '<span class="usd">~$27M</span>' in html
    assert '<span class="orig" title="As announced">~€25M</span>' in html


def test_deal_list_links_sources_and_figures_to_the_round_page(client, analyst):
    round = FundingRoundFactory(amount=Decimal(5_000_000), valuation=None)
    page = reverse("rounds:round-detail", args=[round.pk])

    html = _get(client, analyst).content.decode()

    assert f'<a href="{page}" aria-label="0 sources: the round\'s page">0</a>' in html
    assert (
        f'<a class="figure" href="{page}#field-amount" aria-describedby="tip-{round.pk}-amount" '
        f'hx-get="{reverse("rounds:round-evidence", args=[round.pk, "amount"])}" '
        'hx-trigger="mouseenter once, focus once"'
    ) in html
    assert (
        f'<span class="tip" role="tooltip" id="tip-{round.pk}-amount"></span>' in html
    )
    # An undisclosed valuation has no sentence to show:
    assert f"tip-{round.pk}-valuation" not in html


def test_deal_list_lead_box_shows_the_name_even_from_a_slug(client, analyst):
    InvestorFactory(name="Harbor Lane Ventures", slug="harbor-lane")

    by_slug = _get(client, analyst, lead="harbor-lane").content.decode()
    by_name = _get(client, analyst, lead="Harbor Lane Ventures").content.decode()

    for html in (by_slug, by_name):
        assert re.search(
            r'<input[^>]* name="lead"[^>]* value="Harbor Lane Ventures"', html
        )


def test_deal_list_is_newest_first(client, analyst):
    FundingRoundFactory(company__name="Older Co", announced_on=dt.date(2020, 1, 1))
    FundingRoundFactory(company__name="Newer Co", announced_on=dt.date(2024, 1, 1))

    html = _get(client, analyst).content.decode()

    assert _companies(html) == ["Newer Co", "Older Co"]


def test_deal_list_empty_state(client, analyst):
    assert "No rounds yet" in _get(client, analyst).content.decode()


def test_deal_list_empty_state_for_filters_that_match_nothing(client, analyst):
    FundingRoundFactory()

    html = _get(client, analyst, valuation_min="1B").content.decode()

    assert "No rounds match these filters" in html


def test_deal_list_filters_by_lead_investor_not_participant(client, analyst):
    alibaba = InvestorFactory(name="Alibaba", slug="alibaba")
    led = FundingRoundFactory(company__name="Led Co")
    joined = FundingRoundFactory(company__name="Joined Co")
    InvestmentFactory(round=led, investor=alibaba, is_lead=True)
    InvestmentFactory(round=joined, investor=alibaba, is_lead=False)

    html = _get(client, analyst, lead="alibaba").content.decode()

    assert _companies(html) == ["Led Co"]


def test_deal_list_filters_by_any_investor(client, analyst):
    alibaba = InvestorFactory(slug="alibaba")
    InvestmentFactory(round__company__name="Led Co", investor=alibaba, is_lead=True)
    InvestmentFactory(round__company__name="Joined Co", investor=alibaba)
    FundingRoundFactory(company__name="Other Co")

    html = _get(client, analyst, investor="alibaba", sort="date").content.decode()

    assert sorted(_companies(html)) == ["Joined Co", "Led Co"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"round_type": "seed"}, ["Seed Co"]),
        ({"status": "in_progress"}, ["Talks Co"]),
        ({"valuation_min": "1B"}, ["Unicorn Co"]),
        ({"valuation_max": "500M"}, ["Seed Co"]),
        ({"amount_min": "100m", "amount_max": "$300M"}, ["Unicorn Co"]),
        ({"date_from": "2024-01-01", "date_to": "2024-12-31"}, ["Talks Co"]),
        ({"country": "de"}, ["Talks Co"]),
        ({"q": "unicorn"}, ["Unicorn Co"]),
        ({"company": "seed-co"}, ["Seed Co"]),
    ],
)
def test_deal_list_filters(client, analyst, params, expected):
    FundingRoundFactory(
        company__name="Seed Co",
        company__slug="seed-co",
        round_type="seed",
        valuation=Decimal("20000000"),
        valuation_currency="USD",
        announced_on=dt.date(2023, 5, 1),
    )
    FundingRoundFactory(
        company__name="Unicorn Co",
        amount=Decimal("200000000"),
        valuation=Decimal("2000000000"),
        valuation_currency="USD",
        announced_on=dt.date(2025, 5, 1),
    )
    FundingRoundFactory(
        company__name="Talks Co",
        company__country="DE",
        status="in_progress",
        announced_on=dt.date(2024, 5, 1),
    )

    html = _get(client, analyst, **params).content.decode()

    assert _companies(html) == expected


def test_deal_list_sorts_by_valuation_with_undisclosed_last_both_ways(client, analyst):
    for name, valuation in [("Small", "10"), ("None", None), ("Big", "900")]:
        FundingRoundFactory(
            company__name=name,
            valuation=None if valuation is None else Decimal(valuation) * 10**6,
            valuation_currency="" if valuation is None else "USD",
        )

    highest = _get(client, analyst, sort="-valuation").content.decode()
    lowest = _get(client, analyst, sort="valuation").content.decode()

    assert _companies(highest) == ["Big", "Small", "None"]
    assert _companies(lowest) == ["Small", "Big", "None"]


def test_deal_list_pages_with_cursors_forwards_and_back(client, analyst, monkeypatch):
    monkeypatch.setattr(deal_views, "PAGE_SIZE", 2)
    for day in range(1, 6):
        FundingRoundFactory(
            company__name=f"Day {day}", announced_on=dt.date(2024, 1, day)
        )
    client.force_login(analyst)
    url = reverse("rounds:deal-list")

    first = client.get(url).context
    second = client.get(url, {"cursor": first["page"].next_cursor}).context
    third = client.get(url, {"cursor": second["page"].next_cursor}).context
    back = client.get(url, {"cursor": third["page"].previous_cursor}).context

    assert [r.company.name for r in first["page"].rows] == ["Day 5", "Day 4"]
    assert [r.company.name for r in second["page"].rows] == ["Day 3", "Day 2"]
    assert [r.company.name for r in third["page"].rows] == ["Day 1"]
    assert third["page"].next_cursor is None
    assert [r.company.name for r in back["page"].rows] == ["Day 3", "Day 2"]
    assert back["page"].number == 2
    assert (first["first"], first["last"], first["count"]) == (1, 2, 5)


def test_deal_list_refuses_a_tampered_cursor_and_shows_the_first_page(client, analyst):
    FundingRoundFactory(company__name="Only Co")

    response = _get(client, analyst, cursor="forged")

    assert response.status_code == 200
    assert "This page link is not valid." in response.content.decode()
    assert _companies(response.content.decode()) == ["Only Co"]


def test_deal_list_refuses_a_cursor_from_another_sort(client, analyst, monkeypatch):
    monkeypatch.setattr(deal_views, "PAGE_SIZE", 1)
    FundingRoundFactory.create_batch(2)
    client.force_login(analyst)
    cursor = client.get(reverse("rounds:deal-list")).context["page"].next_cursor

    html = _get(client, analyst, cursor=cursor, sort="-valuation").content.decode()

    assert "This page link belongs to another sort order." in html


def test_deal_list_counts_exactly_up_to_the_cap(client, analyst, monkeypatch):
    monkeypatch.setattr(deal_views, "COUNT_CAP", 3)
    FundingRoundFactory.create_batch(3)

    html = _get(client, analyst).content.decode()

    assert "Rounds 1 to 3 of 3." in html


def test_deal_list_estimates_a_count_past_the_cap(client, analyst, monkeypatch):
    monkeypatch.setattr(deal_views, "COUNT_CAP", 2)
    FundingRoundFactory.create_batch(3)

    html = _get(client, analyst).content.decode()

    assert "Rounds 1–3 of about " in html  # the planner's figure on PostgreSQL


def test_deal_list_invalid_valuation_is_a_form_error_not_a_500(client, analyst):
    FundingRoundFactory(company__name="Hidden Co")

    response = _get(client, analyst, valuation_min="abc")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Check the filters." in html
    assert "is not an amount. Write it as in the news" in html
    assert "Hidden Co" not in html


def test_deal_list_unknown_lead_investor_is_a_form_error(client, analyst):
    html = _get(client, analyst, lead="nobody").content.decode()

    assert "Nothing matches this name: pick one of the suggestions." in html


def test_deal_list_htmx_renders_only_the_table(client, analyst):
    FundingRoundFactory(company__name="Partial Co")
    client.force_login(analyst)

    response = client.get(
        reverse("rounds:deal-list"), {"sort": "-amount"}, HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="deal-table"')
    assert "Partial Co" in html
    assert "HX-Request" in response["Vary"]


def test_deal_list_full_page_has_the_form_and_the_table(client, analyst):
    FundingRoundFactory(company__name="Full Co")

    html = _get(client, analyst, sort="-amount").content.decode()

    assert "<html" in html
    assert 'hx-push-url="true"' in html
    assert 'hx-target="#deal-table"' in html
    assert 'id="deal-table"' in html
    assert '<option value="-amount" selected>' in html


def test_deal_list_history_restore_gets_the_whole_page(client, analyst):
    client.force_login(analyst)

    html = client.get(
        reverse("rounds:deal-list"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_HISTORY_RESTORE_REQUEST="true",
    ).content.decode()

    assert "<html" in html


def test_deal_list_editors_can_read(client, editor):
    assert _get(client, editor).status_code == 200


def test_deal_list_users_without_permission_are_refused(client):
    assert _get(client, UserFactory()).status_code == 403


@pytest.mark.parametrize("item_count", [1, 3, 60])
def test_deal_list_query_count_does_not_grow_with_rows(
    client, analyst, django_assert_num_queries, item_count
):
    investor = InvestorFactory(slug="lead-x")
    company = CompanyFactory(slug="co-x")
    for round in FundingRoundFactory.create_batch(item_count, company=company):
        InvestmentFactory(round=round, investor=investor, is_lead=True)
        InvestmentFactory.create_batch(2, round=round)
    client.force_login(analyst)

    # session, user, the user's permissions, rounds (with their companies' sectors), their
    # investors, count, and the sector filter's choices the first time (then they are cached);
    # the numbered page links cost nothing:
    with django_assert_num_queries(7):
        client.get(reverse("rounds:deal-list"))
    # the same but the sectors' choices, plus the lead investor and the company in the filter
    with django_assert_num_queries(8):
        client.get(
            reverse("rounds:deal-list"),
            {"lead": "lead-x", "company": "co-x", "sort": "-valuation"},
        )


@pytest.mark.parametrize("page_size", [1, 2])
def test_deal_list_query_count_does_not_depend_on_the_page_size(
    client, analyst, django_assert_num_queries, monkeypatch, page_size
):
    monkeypatch.setattr(deal_views, "PAGE_SIZE", page_size)
    for round in FundingRoundFactory.create_batch(5):
        InvestmentFactory.create_batch(3, round=round)
    client.force_login(analyst)

    with django_assert_num_queries(7):
        client.get(reverse("rounds:deal-list"))


def test_deal_list_numbers_this_page_and_the_pages_either_side(
    client, analyst, monkeypatch
):
    monkeypatch.setattr(deal_views, "PAGE_SIZE", 2)
    rounds = [
        FundingRoundFactory(company__name=f"Ünit {n}", announced_on=dt.date(2024, 1, n))
        for n in range(1, 12)
    ]
    client.force_login(analyst)
    first = _get(client, analyst)
    second = client.get(
        reverse("rounds:deal-list"), {"cursor": first.context["page"].next_cursor}
    )
    third = client.get(
        reverse("rounds:deal-list"), {"cursor": second.context["page"].links[-1].cursor}
    )

    html = third.content.decode()
    assert [link.number for link in third.context["page"].links] == [2, 3, 4]
    assert _companies(html) == [rounds[6].company.name, rounds[5].company.name]
    assert '<span class="page-number" aria-current="page">Page 3</span>' in html
    assert 'aria-label="Page 4">4</a>' in html
    second_html = second.content.decode()
    assert (
        'href="?" hx-get="?" hx-target="#deal-table" hx-swap="outerHTML" hx-push-url="true" hx-indicator="#deal-table" aria-label="Page 1"'
        in second_html
    )  # page 1 needs no cursor


def test_deal_list_deep_page_query_count(
    client, analyst, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(deal_views, "PAGE_SIZE", 1)
    FundingRoundFactory.create_batch(6)
    client.force_login(analyst)
    page = _get(client, analyst)
    for _ in range(2):
        page = client.get(
            reverse("rounds:deal-list"), {"cursor": page.context["page"].next_cursor}
        )
    cursor = page.context["page"].next_cursor

    # As page 1 with the sector filter's choices cached: the page links come from the page's
    # own cursors
    with django_assert_num_queries(6):
        client.get(reverse("rounds:deal-list"), {"cursor": cursor})


def test_deal_list_shows_a_loading_indicator_during_htmx_requests(client, analyst):
    FundingRoundFactory()

    html = _get(client, analyst).content.decode()

    assert 'hx-indicator="#deal-table"' in html
    assert '<div class="loading-bar htmx-indicator"' in html
    assert '"includeIndicatorStyles": false' in html  # our CSS, not htmx's inline style
