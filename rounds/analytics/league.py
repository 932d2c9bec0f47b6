"""Aggregates for the analysts' pages: the league table of lead investors, co-investors, activity."""

from __future__ import annotations

import datetime as dt
import hashlib
import statistics
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import connection, models
from django.db.models import Count, Max, Sum
from django.db.models.functions import Cast, ExtractYear

from rounds import db
from rounds.models import Company, FundingRound, Investment, Investor


class Median(models.Aggregate):
    """The median of a column: PERCENTILE_CONT on PostgreSQL, a Python aggregate on SQLite."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = models.FloatField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        connection.ensure_connection()
        connection.connection.create_aggregate("DEALFLOW_MEDIAN", 1, _SQLiteMedian)
        return super().as_sql(
            compiler,
            connection,
            function="DEALFLOW_MEDIAN",
            template="%(function)s(%(expressions)s)",
            **extra,
        )


class _SQLiteMedian:
    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: Any) -> None:
        if value is not None:
            self.values.append(float(value))

    def finalize(self) -> float | None:
        return statistics.median(self.values) if self.values else None


# League table of lead investors:

# A cached table is dropped as soon as a round, an investment, a company or an investor is
# written (PostgreSQL's own write counters are part of the key); this bounds the rest.
CACHE_SECONDS = 6 * 60 * 60
_WRITE_COUNTERS = """
    SELECT string_agg(relname || ':' || (n_tup_ins + n_tup_upd + n_tup_del), ',' ORDER BY relname)
    FROM pg_stat_user_tables WHERE relname = ANY(%s)
"""


def _cached(sql: str) -> tuple[str | None, list[dict[str, Any]] | None]:
    """The cache key of an aggregate and its cached rows, if any.

    PostgreSQL only, and never inside a transaction: its own uncommitted writes are not counted
    yet, so what it computes must not be shared. The counters reach the statistics within a
    second or so of a commit; the table is that much behind at worst.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return None, None
    tables = [m._meta.db_table for m in (FundingRound, Investment, Investor, Company)]
    with connection.cursor() as cursor:
        cursor.execute(_WRITE_COUNTERS, [tables])
        (version,) = cursor.fetchone()
    key = "lead-table:" + hashlib.sha256(f"{version}|{sql}".encode()).hexdigest()
    return key, cache.get(key)


LEAD_SORTS = {
    "-rounds": ("Rounds led, most first", "rounds_led"),
    "-total_amount": ("Total amount, largest first", "total_amount"),
    "-median_amount": ("Median amount, largest first", "median_amount"),
    "-total_valuation": ("Total valuation, largest first", "total_valuation"),
    "-median_valuation": ("Median valuation, largest first", "median_valuation"),
    "-latest": ("Most recent deal first", "latest"),
    "rounds": ("Rounds led, fewest first", "rounds_led"),
    "latest": ("Most recent deal last", "latest"),
    "name": ("Name", "investor__name"),
}
DEFAULT_LEAD_SORT = "-rounds"


@dataclass
class LeadRow:
    rank: int
    investor: Investor
    rounds_led: int
    total_amount: Decimal | None
    median_amount: Decimal | None
    total_valuation: Decimal | None
    median_valuation: Decimal | None
    latest: dt.date | None
    latest_round: FundingRound | None = None


@dataclass
class LeadTable:
    rows: list[LeadRow]
    number: int
    has_next: bool


def lead_table(
    rounds: models.QuerySet[FundingRound] | None,
    *,
    sort: str = DEFAULT_LEAD_SORT,
    number: int = 1,
    size: int = 50,
) -> LeadTable:
    """Rank the lead investors of `rounds` (all rounds when None), one page at a time.

    Steps: one GROUP BY over the lead investments of the rounds (count, sums, medians, latest date),
    sorted and cut to the page (ranked by rounds led: the page's investors by count first, then
    the GROUP BY of their rounds only); the page's investors; the round behind each "most recent
    deal". Three or four queries whatever the page size.
    """
    leads = Investment.objects.filter(is_lead=True)
    if rounds is not None:
        leads = leads.filter(round__in=rounds.values("pk"))
    label, column = LEAD_SORTS.get(sort, LEAD_SORTS[DEFAULT_LEAD_SORT])
    descending = sort.startswith("-") or sort not in LEAD_SORTS
    order = (
        models.F(column).desc(nulls_last=True)
        if descending
        else models.F(column).asc(nulls_last=True)
    )
    # Floating point: summing a million NUMERICs costs twice as much, and the page shows three
    # significant digits.
    amount = Cast("round__amount_usd", models.FloatField())
    valuation = Cast("round__valuation_usd", models.FloatField())
    stats = (
        leads.values("investor")
        .annotate(
            # COUNT(*), not COUNT(id): the partial index of lead investments has no id, and
            # with it the scans read the index alone.
            rounds_led=Count("*"),
            total_amount=Sum(amount),
            median_amount=Median(amount),
            total_valuation=Sum(valuation),
            median_valuation=Median(valuation),
            latest=Max("round__announced_on"),
        )
        .order_by(order, "investor")
    )
    if column == "investor__name":
        stats = stats.order_by("investor__name", "investor")
    start = (number - 1) * size
    query = stats[start : start + size + 1]
    # Ranked by rounds led (the default), the page's investors can be found first from the
    # lead investments alone, and only their rounds aggregated: 460 ms instead of 800 ms over
    # the whole table, where the 50 busiest investors lead a quarter of all rounds.
    ranked_first = column == "rounds_led" and descending
    ranking = (
        leads.values("investor")
        .annotate(rounds_led=Count("*"))
        .order_by("-rounds_led", "investor")[start : start + size + 1]
    )
    key, found = _cached(str((ranking if ranked_first else query).query))
    if found is None:
        with db.planner(db.WHOLE_TABLE_AGGREGATE if rounds is None else db.AGGREGATE):
            if ranked_first:
                ids = [row["investor"] for row in ranking]
                by_investor = {
                    row["investor"]: row
                    for row in stats.filter(investor__in=ids).order_by()
                }
                found = [by_investor[pk] for pk in ids]
            else:
                found = list(query)
        if key:
            cache.set(key, found, timeout=CACHE_SECONDS)
    has_next, found = len(found) > size, found[:size]
    investors = Investor.objects.in_bulk([row["investor"] for row in found])
    rows = [
        LeadRow(
            rank=start + position + 1,
            investor=investors[row["investor"]],
            rounds_led=row["rounds_led"],
            total_amount=_decimal(row["total_amount"]),
            median_amount=_decimal(row["median_amount"]),
            total_valuation=_decimal(row["total_valuation"]),
            median_valuation=_decimal(row["median_valuation"]),
            latest=row["latest"],
        )
        for position, row in enumerate(found)
    ]
    _attach_latest_rounds(rows, leads)
    return LeadTable(rows=rows, number=number, has_next=has_next)


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(round(value))


def _attach_latest_rounds(
    rows: list[LeadRow], leads: models.QuerySet[Investment]
) -> None:
    # Look rounds up by their dates (indexed), not by scanning every lead of a big investor:
    dates = {row.latest for row in rows if row.latest}
    if not dates:
        return
    wanted = {row.investor.pk: row for row in rows}
    candidates = (
        leads.filter(investor__in=list(wanted), round__announced_on__in=dates)
        .select_related("round__company")
        .order_by("investor_id", "-round_id")
    )
    for investment in candidates:
        row = wanted[investment.investor_id]
        if row.latest_round is None and investment.round.announced_on == row.latest:
            row.latest_round = investment.round


# Investor page:


def co_investors(investor: Investor, *, limit: int = 15) -> list[tuple[Investor, int]]:
    """The investors found most often in the same rounds as `investor`, with the count."""
    shared = (
        Investment.objects.filter(
            round__in=Investment.objects.filter(investor=investor).values("round")
        )
        .exclude(investor=investor)
        .values("investor")
        .annotate(shared=Count("*"))
        .order_by("-shared", "investor")[:limit]
    )
    counts = [(row["investor"], row["shared"]) for row in shared]
    investors = Investor.objects.in_bulk([pk for pk, _ in counts])
    return [(investors[pk], n) for pk, n in counts]


def activity_by_year(investor: Investor) -> list[tuple[int, int, int]]:
    """(year, rounds led, rounds joined) for every year from the first deal to the last."""
    counts: dict[int, list[int]] = {}
    rows = (
        Investment.objects.filter(investor=investor, round__announced_on__isnull=False)
        .annotate(year=ExtractYear("round__announced_on"))
        .values("year", "is_lead")
        .annotate(n=Count("*"))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["year"], [0, 0])[0 if row["is_lead"] else 1] += row["n"]
    if not counts:
        return []
    return [
        (year, *counts.get(year, [0, 0]))
        for year in range(min(counts), max(counts) + 1)
    ]
