"""Aggregates for the analysts' pages: the league table of lead investors, co-investors, activity."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.core.cache import cache
from django.db import connection, models
from django.db.models import Count, Exists, Max, OuterRef, Q, Sum, Value
from django.db.models.functions import Cast

from rounds import db
from rounds.models import (
    Company,
    FundingRound,
    Investment,
    Investor,
    InvestorYear,
    LeadSummary,
)

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
    "-total_amount": ("Amount led, largest first", "total_amount"),
    "-latest": ("Most recent deal first", "latest"),
    "rounds": ("Rounds led, fewest first", "rounds_led"),
    "latest": ("Most recent deal last", "latest"),
    "name": ("Name", "investor__name"),
}
DEFAULT_LEAD_SORT = "-rounds"


class RankForm(forms.Form):
    """How the league table ranks the investors: a field beside the filters, kept in step with
    the sort links of the table's headers (`data-sync`)."""

    order = forms.ChoiceField(
        label="Rank by",
        choices=[(key, label) for key, (label, _) in LEAD_SORTS.items()],
        required=False,
        widget=forms.Select(attrs={"data-sync": ""}),
    )

    @property
    def order_key(self) -> str:
        """The ranking asked for; an unknown one ranks by rounds led, as the page opens."""
        if self.is_valid() and self.cleaned_data["order"]:
            return self.cleaned_data["order"]
        return DEFAULT_LEAD_SORT


@dataclass
class LeadRow:
    rank: int
    investor: Investor
    rounds_led: int
    total_amount: Decimal | None
    latest: dt.date | None
    latest_round: FundingRound | None = None


@dataclass
class LeadTable:
    rows: list[LeadRow]
    number: int
    has_next: bool


# Whether a lead investment is in a slice of the summary, by facet:
_SLICE_LEADS = {
    "round_type": lambda value: Q(round__round_type=value),
    "country": lambda value: Q(round__company__country=value),
    "sector": lambda value: Exists(
        Company.sectors.through.objects.filter(
            company=OuterRef("round__company"), sector__slug=value
        )
    ),
}


@dataclass(frozen=True)
class Slice:
    """The rounds a row of LeadSummary counts: every round (facet ""), or those of one round
    type, company country or company sector; in whole years, first and last (either open),
    or all years (`years` None)."""

    facet: str = ""
    value: str = ""
    years: tuple[int | None, int | None] | None = None

    def marked(self, investments: models.QuerySet[Investment]) -> models.QuerySet:
        """The investments, each with `in_slice`: a column checked for each row fetched, where
        a filter is planned as a join of the whole slice first (for a sector, its 8,000
        companies: 320 ms at a million rounds to find the latest rounds of one page)."""
        condition = _SLICE_LEADS[self.facet](self.value) if self.facet else Value(True)
        return investments.annotate(
            in_slice=models.ExpressionWrapper(condition, models.BooleanField())
        )


EVERY_ROUND = Slice()


def summary_slice(active: dict[str, Any]) -> Slice | None:
    """The slice of the summary that ranks the leads of a deals filter, if one does: whole years
    ("From 1 January 2024", "To 31 December 2025") and one round type, one country or one
    sector at most. Else None: the table is computed from the rounds."""
    dates = {name: active[name] for name in ("date_from", "date_to") if name in active}
    facets = {name: value for name, value in active.items() if name not in dates}
    years = whole_years(dates) if dates else None
    if dates and years is None or len(facets) > 1:
        return None
    if not facets:
        return Slice(years=years)
    ((facet, value),) = facets.items()
    if facet == "sector":
        if len(value) != 1:  # a company in two of them would count twice
            return None
        value = value[0].slug
    if facet not in _SLICE_LEADS:
        return None
    return Slice(facet, value, years)


def lead_table(
    rounds: models.QuerySet[FundingRound] | None,
    *,
    part: Slice = EVERY_ROUND,
    sort: str = DEFAULT_LEAD_SORT,
    number: int = 1,
    size: int = 50,
) -> LeadTable:
    """Rank the lead investors of `rounds`, one page at a time.

    Without `rounds`, the ranking reads the investors' summary rows of the slice `part`
    (LeadSummary): one row per investor for all years, a few per investor for whole years,
    instead of the lead investments of a million rounds. A filtered table aggregates the lead
    investments of its rounds, and is cached until a round or an investment is written. Then:
    the page's investors, and the round behind each "most recent deal".
    """
    label, column = LEAD_SORTS.get(sort, LEAD_SORTS[DEFAULT_LEAD_SORT])
    descending = sort.startswith("-") or sort not in LEAD_SORTS
    order = (
        models.F(column).desc(nulls_last=True)
        if descending
        else models.F(column).asc(nulls_last=True)
    )
    leads = Investment.objects.filter(is_lead=True)
    if rounds is None:
        stats = _summed(part)
        candidates = part.marked(leads)
    else:
        leads = leads.filter(round__in=rounds.values("pk"))
        candidates = EVERY_ROUND.marked(leads)
        stats = leads.values("investor").annotate(
            rounds_led=Count("*"),
            # Floating point: summing NUMERICs costs twice as much, and the page shows three
            # significant digits.
            total_amount=Sum(Cast("round__amount_usd", models.FloatField())),
            latest=Max("round__announced_on"),
        )
    if column == "investor__name":
        stats = stats.order_by("investor__name", "investor")
    else:
        stats = stats.order_by(order, "investor")
    start = (number - 1) * size
    query = stats[start : start + size + 1]
    if rounds is None:
        found = list(query)
    else:
        key, found = _cached(str(query.query))
        if found is None:
            with db.planner(db.AGGREGATE):
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
            latest=row["latest"],
        )
        for position, row in enumerate(found)
    ]
    _attach_latest_rounds(rows, candidates)
    return LeadTable(rows=rows, number=number, has_next=has_next)


def _summed(part: Slice) -> models.QuerySet:
    rows = LeadSummary.objects.filter(facet=part.facet, value=part.value)
    if part.years is None:
        # One row per investor already: no aggregate.
        return rows.filter(year=LeadSummary.ALL_YEARS).values(
            "investor",
            "rounds_led",
            total_amount=models.F("amount_led_usd"),
            latest=models.F("latest_led"),
        )
    first, last = part.years
    rows = rows.filter(
        year__gte=first or InvestorYear.UNDATED + 1,
        year__lte=LeadSummary.ALL_YEARS - 1 if last is None else last,
    )
    return rows.values("investor").annotate(
        rounds_led=Sum("rounds_led"),
        total_amount=Sum("amount_led_usd"),
        latest=Max("latest_led"),
    )


def whole_years(active: dict[str, Any]) -> tuple[int | None, int | None] | None:
    """The years a deals filter spans when it filters by whole years alone ("From 1 January
    2024", "To 31 December 2025"), so that the yearly counts can rank its leads; else None."""
    if not set(active) <= {"date_from", "date_to"}:
        return None
    first, last = active.get("date_from"), active.get("date_to")
    if first is not None and (first.month, first.day) != (1, 1):
        return None
    if last is not None and (last.month, last.day) != (12, 31):
        return None
    return (first.year if first else None, last.year if last else None)


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
        if (
            row.latest_round is None
            and investment.in_slice
            and investment.round.announced_on == row.latest
        ):
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
    counts = {
        year: (led, joined)
        for year, led, joined in investor.years.exclude(
            year=InvestorYear.UNDATED
        ).values_list("year", "rounds_led", "rounds_joined")
    }
    if not counts:
        return []
    return [
        (year, *counts.get(year, (0, 0)))
        for year in range(min(counts), max(counts) + 1)
    ]
