from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import signing
from django.db import connection
from django.test.utils import CaptureQueriesContext

from rounds.analytics import keyset
from rounds.models import FundingRound
from tests.factories import FundingRoundFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rounds(db):
    # Ties, NULLs and distinct values, in an order unrelated to the ids:
    figures = [None, 5, 5, None, 1, 9, 5, None, 3, 7, 1]
    days = [3, None, 1, 3, None, 2, 2, 9, 3, 1, None]
    return [
        FundingRoundFactory(
            amount=None if figure is None else Decimal(figure) * 10**6,
            currency="" if figure is None else "USD",
            valuation=None if figure is None else Decimal(figure) * 10**7,
            valuation_currency="" if figure is None else "USD",
            announced_on=None if day is None else dt.date(2024, 1, day),
        )
        for figure, day in zip(figures, days, strict=True)
    ]


def _expected(rounds: list[FundingRound], sort: keyset.Sort) -> list[int]:
    def key(round):
        value = getattr(round, sort.field)
        missing = value is None
        if sort.descending:
            return (missing, *(() if missing else (-_number(value),)), -round.pk)
        return (missing, *(() if missing else (_number(value),)), round.pk)

    return [r.pk for r in sorted(rounds, key=key)]


def _number(value) -> float:
    return value.toordinal() if isinstance(value, dt.date) else float(value)


@pytest.mark.parametrize("sort_key", list(keyset.SORTS))
def test_paging_forwards_visits_every_row_once_in_order_nulls_last(rounds, sort_key):
    sort = keyset.SORTS[sort_key]
    for round in rounds:
        round.refresh_from_db()  # amount_usd and valuation_usd as stored
    seen, cursor, numbers = [], None, []
    while True:
        page = keyset.paginate(FundingRound.objects.all(), sort, cursor, 3)
        seen += [r.pk for r in page.rows]
        numbers.append(page.number)
        cursor = page.next_cursor
        if cursor is None:
            break

    assert seen == _expected(rounds, sort)
    assert numbers == [1, 2, 3, 4]


@pytest.mark.parametrize("sort_key", ["-valuation", "date"])
def test_paging_backwards_returns_the_same_pages(rounds, sort_key):
    sort = keyset.SORTS[sort_key]
    pages = [keyset.paginate(FundingRound.objects.all(), sort, None, 4)]
    while pages[-1].next_cursor:
        pages.append(
            keyset.paginate(FundingRound.objects.all(), sort, pages[-1].next_cursor, 4)
        )

    back = keyset.paginate(
        FundingRound.objects.all(), sort, pages[-1].previous_cursor, 4
    )
    first = keyset.paginate(FundingRound.objects.all(), sort, back.previous_cursor, 4)

    assert [r.pk for r in back.rows] == [r.pk for r in pages[-2].rows]
    assert [r.pk for r in first.rows] == [r.pk for r in pages[0].rows]
    assert (back.number, first.number, first.previous_cursor) == (2, 1, None)


def test_a_cursor_cannot_be_forged(rounds):
    forged = signing.dumps(["-date", "after", "2024-01-02", 1, 2], salt="another salt")

    with pytest.raises(keyset.InvalidCursor, match="not valid"):
        keyset.read_cursor(keyset.SORTS["-date"], forged)


def test_row_comparison_is_one_condition_not_an_or(rounds):
    sort = keyset.SORTS["-valuation"]
    cursor = keyset.make_cursor(sort, rounds[5], direction="after", number=2)

    with CaptureQueriesContext(connection) as captured:
        keyset.paginate(FundingRound.objects.all(), sort, cursor, 2)

    sql = captured.captured_queries[0]["sql"]
    assert " OR " not in sql
    assert ") < (" in sql


def _page(sort, cursor, size=2):
    return keyset.paginate(FundingRound.objects.all(), sort, cursor, size)


@pytest.mark.parametrize("sort_key", list(keyset.SORTS))
def test_page_links_number_the_pages_either_side_and_each_opens_its_page(
    rounds, sort_key
):
    sort = keyset.SORTS[sort_key]
    for round in rounds:
        round.refresh_from_db()
    order = _expected(rounds, sort)
    pages = {n + 1: order[i : i + 2] for n, i in enumerate(range(0, len(order), 2))}
    page = _page(sort, None)
    seen = {}

    # Walk to the last page by the last link each time, then back by the first:
    while True:
        numbers = [link.number for link in page.links]
        assert numbers == [
            n for n in range(page.number - 1, page.number + 2) if n in pages
        ]
        for link in page.links:
            opened = page if link.number == page.number else _page(sort, link.cursor)
            seen[link.number] = [r.pk for r in opened.rows]
            assert (link.cursor is None) == (link.number in (1, page.number))
        if page.number == max(pages):
            break
        page = _page(sort, page.links[-1].cursor)
    while page.number > 1:
        page = _page(sort, page.links[0].cursor)
        assert [r.pk for r in page.rows] == pages[page.number]

    assert seen == pages


def test_page_links_of_a_single_page_are_that_page(db):
    FundingRoundFactory()

    assert _page(keyset.SORTS["-date"], None).links == [keyset.PageLink(1, None)]
