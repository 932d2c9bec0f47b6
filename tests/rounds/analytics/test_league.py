from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from rounds.analytics import filters, league
from rounds.models import FundingRound, Sector
from tests.factories import FundingRoundFactory, InvestmentFactory, InvestorFactory

ALL = FundingRound.objects.all()


def _lead(investor, amount, *, valuation=None, day=1):
    round = FundingRoundFactory(
        amount=Decimal(amount),
        valuation=None if valuation is None else Decimal(valuation),
        valuation_currency="" if valuation is None else "USD",
        announced_on=dt.date(2024, 1, day),
    )
    InvestmentFactory(round=round, investor=investor, is_lead=True)
    return round


@pytest.mark.django_db
def test_lead_table_adds_up_the_amounts_led_that_were_disclosed():
    investor = InvestorFactory(name="Ярило Капитал")
    for amount in [10, 20, 40]:
        _lead(investor, amount)
    undisclosed = FundingRoundFactory(amount=None, currency="")
    InvestmentFactory(round=undisclosed, investor=investor, is_lead=True)

    (row,) = league.lead_table(ALL, part=league.EVERY_ROUND).rows

    assert (row.rounds_led, row.total_amount) == (4, Decimal(70))


@pytest.mark.django_db
def test_lead_table_pages_and_sorts():
    investors = InvestorFactory.create_batch(3)
    for count, investor in enumerate(investors, start=1):
        for _ in range(count):
            _lead(investor, 10 * (4 - count) ** 2)

    first = league.lead_table(ALL, part=league.EVERY_ROUND, size=2)
    second = league.lead_table(ALL, part=league.EVERY_ROUND, size=2, number=2)
    by_amount = league.lead_table(ALL, part=league.EVERY_ROUND, sort="-total_amount")

    assert [r.rounds_led for r in first.rows] == [3, 2]
    assert first.has_next and not second.has_next
    assert [(r.rank, r.rounds_led) for r in second.rows] == [(3, 1)]
    assert [r.investor for r in by_amount.rows] == investors


@pytest.mark.django_db
def test_lead_table_of_whole_years_counts_those_years_only():
    investor = InvestorFactory(name="高瓴资本")
    _lead(investor, 5)
    older = FundingRoundFactory(announced_on=dt.date(2019, 6, 1))
    InvestmentFactory(round=older, investor=investor, is_lead=True)
    undated = FundingRoundFactory(announced_on=None)
    InvestmentFactory(round=undated, investor=investor, is_lead=True)

    since_2020 = league.Period.between(dt.date(2020, 1, 1), None)
    to_2019 = league.Period.between(None, dt.date(2019, 12, 31))

    (every,) = league.lead_table(ALL, part=league.EVERY_ROUND).rows
    (recent,) = league.lead_table(
        FundingRound.objects.filter(announced_on__year__gte=2020),
        part=league.Slice(period=since_2020),
    ).rows
    (early,) = league.lead_table(
        FundingRound.objects.filter(announced_on__year__lte=2019),
        part=league.Slice(period=to_2019),
    ).rows

    assert (every.rounds_led, recent.rounds_led, early.rounds_led) == (3, 1, 1)


@pytest.mark.parametrize(
    "first, last, years, months, days",
    [
        (dt.date(2023, 1, 1), None, (2023, 9998), (), ()),
        (None, dt.date(2024, 12, 31), (1, 2024), (), ()),
        (
            dt.date(2024, 6, 15),
            None,
            (2025, 9998),
            ((2024, 7, 12),),
            ((dt.date(2024, 6, 15), dt.date(2024, 6, 30)),),
        ),
        (
            dt.date(2023, 3, 1),
            dt.date(2025, 2, 10),
            (2024, 2024),
            ((2023, 3, 12), (2025, 1, 1)),
            ((dt.date(2025, 2, 1), dt.date(2025, 2, 10)),),
        ),
        (
            dt.date(2024, 2, 10),
            dt.date(2024, 5, 20),
            None,
            ((2024, 3, 4),),
            (
                (dt.date(2024, 2, 10), dt.date(2024, 2, 29)),
                (dt.date(2024, 5, 1), dt.date(2024, 5, 20)),
            ),
        ),
        (
            dt.date(2024, 2, 10),
            dt.date(2024, 2, 20),
            None,
            (),
            ((dt.date(2024, 2, 10), dt.date(2024, 2, 20)),),
        ),
        (dt.date(2024, 2, 1), dt.date(2024, 2, 29), None, ((2024, 2, 2),), ()),
        (dt.date(2024, 3, 1), dt.date(2024, 2, 1), None, (), ()),
    ],
)
def test_a_period_is_whole_years_whole_months_and_at_most_two_part_months(
    first, last, years, months, days
):
    assert league.Period.between(first, last) == league.Period(years, months, days)


@pytest.mark.django_db
def test_summary_slices_are_read_from_any_period_and_one_facet_or_two_by_year():
    fintech = Sector.objects.filter(slug="fintech")
    two = Sector.objects.filter(slug__in=["fintech", "robotics"])
    years = {"date_from": dt.date(2024, 1, 1), "date_to": dt.date(2024, 12, 31)}
    year_2024 = league.Period(years=(2024, 2024))
    since_march = {"date_from": dt.date(2024, 3, 1)}

    assert league.summary_slice({}) == league.EVERY_ROUND
    assert league.summary_slice({"round_type": "seed"}) == league.Slice(
        "round_type", "seed"
    )
    assert league.summary_slice({"country": "DE", **years}) == league.Slice(
        "country", "DE", year_2024
    )
    assert league.summary_slice({"sector": fintech}) == league.Slice(
        "sector", "fintech"
    )
    assert league.summary_slice(since_march) == league.Slice(
        period=league.Period.between(dt.date(2024, 3, 1), None)
    )
    assert league.summary_slice(
        {"round_type": "seed", "country": "DE", **years}
    ) == league.Slice("round_type+country", "seed|DE", year_2024)
    assert league.summary_slice({"sector": fintech, "country": "DE"}) == league.Slice(
        "country+sector", "DE|fintech"
    )
    # Computed from the rounds: two sectors (a company in both would count twice), two
    # facets over part of a year, three facets, any other filter.
    assert league.summary_slice({"sector": two}) is None
    assert (
        league.summary_slice({"round_type": "seed", "country": "DE", **since_march})
        is None
    )
    assert (
        league.summary_slice({"round_type": "seed", "country": "DE", "sector": fintech})
        is None
    )
    assert league.summary_slice({"status": "announced"}) is None


def _slice_lead(investor, *, kind, country, sector, day, amount=10):
    round = FundingRoundFactory(
        round_type=kind,
        company__country=country,
        announced_on=day,
        amount=Decimal(amount),
    )
    round.company.sectors.add(Sector.objects.get(slug=sector))
    InvestmentFactory(round=round, investor=investor, is_lead=True)
    return round


@pytest.mark.django_db
def test_lead_table_of_a_slice_equals_the_table_computed_from_its_rounds():
    seeds, growth = InvestorFactory(name="Семена"), InvestorFactory(name="Growth")
    for n in range(3):
        _slice_lead(
            seeds,
            kind="seed",
            country="DE",
            sector="fintech",
            day=dt.date(2023, 1, n + 1),
        )
    _slice_lead(
        growth, kind="growth", country="DE", sector="robotics", day=dt.date(2024, 5, 1)
    )
    latest = _slice_lead(
        growth, kind="seed", country="US", sector="fintech", day=dt.date(2024, 6, 1)
    )
    _slice_lead(
        growth, kind="seed", country="US", sector="robotics", day=dt.date(2024, 7, 1)
    )

    def computed(**filters):
        return [
            (r.investor, r.rounds_led, r.total_amount, r.latest, r.latest_round)
            for r in league.lead_table(FundingRound.objects.filter(**filters)).rows
        ]

    def summed(part, sort=league.DEFAULT_LEAD_SORT, **filters):
        return [
            (r.investor, r.rounds_led, r.total_amount, r.latest, r.latest_round)
            for r in league.lead_table(
                FundingRound.objects.filter(**filters), part=part, sort=sort
            ).rows
        ]

    fintech_2024 = league.Slice("sector", "fintech", league.Period(years=(2024, 2024)))
    in_fintech_2024 = {"company__sectors__slug": "fintech", "announced_on__year": 2024}
    assert summed(league.Slice("round_type", "seed"), round_type="seed") == computed(
        round_type="seed"
    )
    assert summed(league.Slice("country", "DE"), company__country="DE") == computed(
        company__country="DE"
    )
    assert summed(
        league.Slice("sector", "fintech"), company__sectors__slug="fintech"
    ) == computed(company__sectors__slug="fintech")
    assert summed(fintech_2024, **in_fintech_2024) == computed(**in_fintech_2024)
    assert summed(fintech_2024, **in_fintech_2024)[0][4] == latest
    assert [
        row[0]
        for row in summed(
            league.Slice("country", "US"), "-latest", company__country="US"
        )
    ] == [growth]


@pytest.fixture
def leads_over_two_years():
    seeds, growth, late = (
        InvestorFactory(name=name) for name in ("Семена", "Growth", "Late Bloomer")
    )
    for n, (investor, day, kind, country, sector) in enumerate(
        [
            (seeds, dt.date(2023, 12, 31), "seed", "DE", "fintech"),
            (seeds, dt.date(2024, 1, 1), "seed", "DE", "robotics"),
            (growth, dt.date(2024, 2, 14), "growth", "DE", "fintech"),
            (growth, dt.date(2024, 2, 15), "seed", "US", "fintech"),
            (late, dt.date(2024, 2, 15), "seed", "DE", "fintech"),
            (late, dt.date(2024, 6, 30), "seed", "DE", "fintech"),
            (seeds, dt.date(2024, 7, 1), "growth", "US", "robotics"),
            (growth, dt.date(2025, 3, 3), "seed", "DE", "fintech"),
        ]
    ):
        _slice_lead(
            investor,
            kind=kind,
            country=country,
            sector=sector,
            day=day,
            amount=10 * (n + 1),
        )


def _top_sectors(rounds):
    """Each lead's top sectors among these rounds, counted one by one."""
    counted = {}
    for round in rounds.prefetch_related("company__sectors", "investments__investor"):
        for investment in round.investments.all():
            if investment.is_lead:
                tally = counted.setdefault(investment.investor, Counter())
                tally.update(sector.name for sector in round.company.sectors.all())
    return {
        investor: sorted(tally.items(), key=lambda item: (-item[1], item[0]))[:3]
        for investor, tally in counted.items()
    }


@pytest.mark.django_db
@pytest.mark.parametrize("sort", list(league.LEAD_SORTS))
@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "2024-02-15"},
        {"date_from": "2023-12-31", "date_to": "2024-02-14"},
        {"date_to": "2024-06-29"},
        {"date_from": "2024-02-15", "date_to": "2024-02-15"},
        {"date_from": "2024-02-01", "date_to": "2024-06-30"},
        {"round_type": "seed", "date_from": "2024-02-15"},
        {"sector": "fintech", "date_to": "2024-02-14"},
        {"round_type": "seed", "country": "DE"},
        {"country": "DE", "sector": "fintech", "date_from": "2024-01-01"},
        {"round_type": "seed", "sector": "fintech", "date_to": "2024-12-31"},
    ],
)
def test_lead_table_of_any_period_or_two_facets_equals_the_table_computed_from_its_rounds(
    leads_over_two_years, params, sort
):
    filterset = filters.deal_filter(QueryDict(urlencode(params)))
    part = league.summary_slice(filterset.active)

    def rows(table):
        return [
            (r.rank, r.investor, r.rounds_led, r.total_amount, r.latest, r.latest_round)
            for r in table.rows
        ]

    summed = league.lead_table(
        filterset.qs, part=part, copies=filterset.lead_copies(), sort=sort
    )

    assert set(filterset.active) == set(params)
    assert part is not None
    assert rows(summed) == rows(league.lead_table(filterset.qs, sort=sort))
    assert {r.investor: r.top_sectors for r in summed.rows} == _top_sectors(
        filterset.qs
    )


@pytest.mark.django_db
def test_lead_table_of_a_filtered_set_of_rounds():
    investor = InvestorFactory()
    _lead(investor, 5, day=1)
    kept = _lead(investor, 7, day=2)

    table = league.lead_table(FundingRound.objects.filter(pk=kept.pk))

    assert [(r.rounds_led, r.latest_round) for r in table.rows] == [(1, kept)]


@pytest.mark.django_db
def test_co_investors_and_activity_by_year():
    investor, partner = InvestorFactory(), InvestorFactory()
    for year, lead in [(2020, True), (2022, False)]:
        round = FundingRoundFactory(announced_on=dt.date(year, 5, 1))
        InvestmentFactory(round=round, investor=investor, is_lead=lead)
        InvestmentFactory(round=round, investor=partner)

    assert league.co_investors(investor) == [(partner, 2)]
    assert league.activity_by_year(investor) == [
        (2020, 1, 0),
        (2021, 0, 0),
        (2022, 0, 1),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_filtered_lead_table_is_cached_until_the_next_write(on_postgresql):
    cache.clear()
    investor = InvestorFactory()
    _lead(investor, 5)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
    rounds = FundingRound.objects.filter(amount__gte=1)

    first = league.lead_table(rounds)
    with CaptureQueriesContext(connection) as cached:
        again = league.lead_table(rounds)
    _lead(investor, 6)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
    after_write = league.lead_table(rounds)

    assert (
        [r.rounds_led for r in first.rows] == [r.rounds_led for r in again.rows] == [1]
    )
    assert not any("GROUP BY" in q["sql"] for q in cached.captured_queries)
    assert [r.rounds_led for r in after_write.rows] == [2]


@pytest.mark.django_db(transaction=True)
def test_co_investors_are_cached_until_the_next_write(on_postgresql):
    cache.clear()
    investor, partner = InvestorFactory(), InvestorFactory()
    round = FundingRoundFactory()
    InvestmentFactory(round=round, investor=investor, is_lead=True)
    InvestmentFactory(round=round, investor=partner)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")

    first = league.co_investors(investor)
    with CaptureQueriesContext(connection) as cached:
        again = league.co_investors(investor)
    other = FundingRoundFactory()
    InvestmentFactory(round=other, investor=investor)
    InvestmentFactory(round=other, investor=partner)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_force_next_flush()")
    after_write = league.co_investors(investor)

    assert first == again == [(partner, 1)]
    assert not any("GROUP BY" in q["sql"] for q in cached.captured_queries)
    assert after_write == [(partner, 2)]


# Top sectors, whichever path ranks the table:


@pytest.fixture
def leads_in_invented_sectors(db):
    """Three leads' rounds in sectors of our own, many of them in two sectors at once."""
    sectors = {
        slug: Sector.objects.create(slug=slug, name=name)
        for slug, name in [
            ("kite-making", "Kite making"),
            ("tea-houses", "Tea houses"),
            ("glassblowing", "Glassblowing"),
            ("beekeeping", "Beekeeping"),
        ]
    }
    berezka = InvestorFactory(name="Берёзка Венчурс")
    sakura = InvestorFactory(name="桜キャピタル")
    fjord = InvestorFactory(name="Fjord & Fell")
    for n, (leads, day, kind, country, slugs, status, valuation) in enumerate(
        [
            ([berezka], "2023-11-20", "seed", "DE", ["kite-making", "tea-houses"], "announced", None),
            ([berezka], "2024-02-10", "seed", "DE", ["kite-making"], "in_progress", 1500),
            ([berezka], "2024-05-05", "series_a", "FR", ["glassblowing", "tea-houses"], "announced", 2000),
            ([sakura], "2024-02-20", "seed", "DE", ["tea-houses"], "in_progress", None),
            ([sakura, berezka], "2024-03-03", "seed", "JP", ["tea-houses", "beekeeping"], "announced", 1200),
            ([sakura], "2024-07-07", "series_a", "JP", ["beekeeping"], "announced", 500),
            ([sakura], "2025-01-15", "seed", "DE", ["kite-making", "beekeeping"], "in_progress", 3000),
            ([fjord], "2024-03-15", "seed", "DE", ["glassblowing"], "announced", None),
            ([fjord], "2022-06-01", "growth", "US", [], "announced", None),
        ]
    ):  # fmt: skip
        round = FundingRoundFactory(
            round_type=kind,
            status=status,
            company__country=country,
            announced_on=dt.date.fromisoformat(day),
            amount=Decimal(10 * (n + 1)) * 10**6,
            valuation=None if valuation is None else Decimal(valuation) * 10**6,
            valuation_currency="" if valuation is None else "USD",
        )
        round.company.sectors.add(*(sectors[slug] for slug in slugs))
        for lead in leads:
            InvestmentFactory(round=round, investor=lead, is_lead=True)
        if n == 1:  # Fjord & Fell joins a round it does not lead
            InvestmentFactory(round=round, investor=fjord, is_lead=False)
    return berezka, sakura, fjord


def _filter(params):
    filterset = filters.deal_filter(QueryDict(urlencode(params, doseq=True)))
    assert not filterset.is_bound or filterset.is_valid(), filterset.errors
    return filterset


def _sectors_by_investor(table):
    return {row.investor: row.top_sectors for row in table.rows}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {},
        {"round_type": "seed"},
        {"country": "DE"},
        {"sector": "tea-houses"},
        {"date_from": "2024-02-15"},
        {"round_type": "seed", "date_from": "2024-02-15"},
        {"country": "DE", "date_from": "2024-01-01", "date_to": "2024-12-31"},
        {"round_type": "seed", "country": "JP"},
        {"country": "DE", "sector": "kite-making"},
        {"round_type": "seed", "sector": "tea-houses", "date_to": "2024-12-31"},
    ],
)
def test_top_sectors_are_the_same_from_the_summary_and_from_the_rounds(
    leads_in_invented_sectors, params
):
    filterset = _filter(params)
    part = league.summary_slice(filterset.active)
    copies = filterset.lead_copies()

    from_summary = league.lead_table(filterset.qs, part=part, copies=copies)
    from_copies = league.lead_table(filterset.qs, copies=copies)
    from_investments = league.lead_table(filterset.qs)

    assert part is not None
    assert from_summary.rows
    assert (
        _sectors_by_investor(from_summary)
        == _sectors_by_investor(from_copies)
        == _sectors_by_investor(from_investments)
        == _top_sectors(filterset.qs)
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params, expected",
    [
        (
            {"status": "in_progress"},
            {
                "Берёзка Венчурс": [("Kite making", 1)],
                "桜キャピタル": [("Beekeeping", 1), ("Kite making", 1), ("Tea houses", 1)],
            },
        ),
        (
            {"valuation_min": "1B"},
            {
                "Берёзка Венчурс": [("Tea houses", 2), ("Beekeeping", 1), ("Glassblowing", 1)],
                "桜キャピタル": [("Beekeeping", 2), ("Kite making", 1), ("Tea houses", 1)],
            },
        ),
        (
            {"investor": "fjord-fell"},
            {"Берёзка Венчурс": [("Kite making", 1)], "Fjord & Fell": [("Glassblowing", 1)]},
        ),
        (
            {"sector": ["kite-making", "beekeeping"]},
            {
                "Берёзка Венчурс": [("Kite making", 2), ("Tea houses", 2), ("Beekeeping", 1)],
                "桜キャピタル": [("Beekeeping", 3), ("Kite making", 1), ("Tea houses", 1)],
            },
        ),
        (
            {"round_type": "seed", "country": "DE", "sector": "tea-houses"},
            {
                "Берёзка Венчурс": [("Kite making", 1), ("Tea houses", 1)],
                "桜キャピタル": [("Tea houses", 1)],
            },
        ),
        (
            {"round_type": "seed", "country": "DE", "date_from": "2024-02-01", "date_to": "2024-06-30"},
            {
                "Берёзка Венчурс": [("Kite making", 1)],
                "桜キャピタル": [("Tea houses", 1)],
                "Fjord & Fell": [("Glassblowing", 1)],
            },
        ),
    ],
)  # fmt: skip
def test_tables_computed_from_the_rounds_show_each_leads_top_sectors(
    leads_in_invented_sectors, params, expected
):
    filterset = _filter(params)

    table = league.lead_table(filterset.qs, copies=filterset.lead_copies())

    assert league.summary_slice(filterset.active) is None
    assert {row.investor.name: row.top_sectors for row in table.rows} == expected
    assert _sectors_by_investor(table) == _sectors_by_investor(
        league.lead_table(filterset.qs)
    )


@pytest.mark.django_db
def test_top_sectors_of_a_computed_table_are_counted_for_its_page_in_one_query(
    leads_in_invented_sectors,
):
    berezka, sakura, fjord = leads_in_invented_sectors
    filterset = _filter({"status": "in_progress"})

    with CaptureQueriesContext(connection) as queries:
        second = league.lead_table(
            filterset.qs, copies=filterset.lead_copies(), size=1, number=2
        )
    (counted,) = [
        q["sql"]
        for q in queries.captured_queries
        if "rounds_company_sectors" in q["sql"]
    ]

    assert [(row.investor, row.top_sectors) for row in second.rows] == [
        (berezka, [("Kite making", 1)])
    ]
    assert "GROUP BY" in counted
    assert f"IN ({berezka.pk})" in counted


@pytest.mark.django_db(transaction=True)
def test_top_sectors_of_a_computed_table_are_cached_until_a_company_changes_sectors(
    on_postgresql,
):
    cache.clear()
    lead = InvestorFactory(name="Сова Капитал")
    round = _lead(lead, 5)
    FundingRound.objects.filter(pk=round.pk).update(status="in_progress")
    kites = Sector.objects.create(slug="kite-making", name="Kite making")
    round.company.sectors.add(kites)
    filterset = _filter({"status": "in_progress"})

    def table():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_force_next_flush()")
        return league.lead_table(filterset.qs, copies=filterset.lead_copies())

    first = table()
    with CaptureQueriesContext(connection) as cached:
        again = table()
    round.company.sectors.add(
        Sector.objects.create(slug="tea-houses", name="Tea houses")
    )
    after_change = table()

    assert (
        first.rows[0].top_sectors == again.rows[0].top_sectors == [("Kite making", 1)]
    )
    assert not any("GROUP BY" in q["sql"] for q in cached.captured_queries)
    assert after_change.rows[0].top_sectors == [("Kite making", 1), ("Tea houses", 1)]
