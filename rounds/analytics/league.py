"""Aggregates for the analysts' pages: the league table of lead investors, co-investors, activity."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
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
    LeadRound,
    LeadSummary,
    Sector,
)

# A cached aggregate (a league table, its top sectors, an investor's co-investors) is dropped as
# soon as a round, an investment, a company, its sectors or an investor is written (PostgreSQL's
# own write counters are part of the key); this bounds the rest.
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
    tables = [
        m._meta.db_table
        for m in (FundingRound, Investment, Investor, Company, Company.sectors.through)
    ]
    with connection.cursor() as cursor:
        cursor.execute(_WRITE_COUNTERS, [tables])
        (version,) = cursor.fetchone()
    key = "aggregate:" + hashlib.sha256(f"{version}|{sql}".encode()).hexdigest()
    return key, cache.get(key)


# League table of lead investors:

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
    # (sector name, rounds led there) of the sectors it led the most of these rounds in, each
    # round counted in every sector of its company:
    top_sectors: list[tuple[str, int]] = field(default_factory=list)


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
class Period:
    """The days between two dates (either open) as LeadSummary counts them: whole years,
    whole months of the years at either end, and at most two part-months, left to the rounds.

    From 15 June 2024 on: 15-30 June from the rounds, July to December 2024 by month, 2025 on
    by year.
    """

    years: tuple[int, int] | None = None  # the first and last whole year
    months: tuple[tuple[int, int, int], ...] = ()  # (year, first month, last month)
    days: tuple[tuple[dt.date, dt.date], ...] = ()  # first and last day of a part-month

    @classmethod
    def between(cls, first: dt.date | None, last: dt.date | None) -> Period:
        if first and last and first > last:
            return cls()
        days, months = [], []
        if first and first.day != 1:
            end = _month_end(first)
            days.append((first, min(end, last) if last else end))
            first = end + dt.timedelta(days=1)
        if last and last != _month_end(last) and not (first and first > last):
            start = last.replace(day=1)
            days.append((max(start, first) if first else start, last))
            last = start - dt.timedelta(days=1)
        if first and last and first > last:
            return cls(days=tuple(days))
        if first and first.month != 1:
            end_month = last.month if last and last.year == first.year else 12
            months.append((first.year, first.month, end_month))
            first = dt.date(first.year + 1, 1, 1)
        if last and last.month != 12 and not (first and first > last):
            months.append((last.year, 1, last.month))
            last = dt.date(last.year - 1, 12, 31)
        first_year = first.year if first else InvestorYear.UNDATED + 1
        last_year = last.year if last else LeadSummary.ALL_YEARS - 1
        years = (first_year, last_year) if first_year <= last_year else None
        return cls(years, tuple(months), tuple(days))

    @property
    def by_month(self) -> bool:
        """Whether the period needs more than whole years."""
        return bool(self.months or self.days)

    def rows(self) -> list[Q]:
        """The summary rows of a slice that count the period's whole years, and those of each
        year's whole months: each one range of the slice's index (an OR of them is planned as
        a filter of every row of the slice)."""
        whole_years = (
            [
                Q(
                    month=LeadSummary.WHOLE_YEAR,
                    year__gte=self.years[0],
                    year__lte=self.years[1],
                )
            ]
            if self.years
            else []
        )
        return whole_years + [
            Q(month__in=list(range(first, last + 1)), year=year)
            for year, first, last in self.months
        ]


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


@dataclass(frozen=True)
class Slice:
    """The rounds rows of LeadSummary count: every round (facet ""), those of one round type,
    company country or company sector, or of two of them (facet "round_type+country", value
    "series_a|DE"); over a period, or all years (`period` None)."""

    facet: str = ""
    value: str = ""
    period: Period | None = None

    def condition(self) -> Any:
        """Whether a lead investment is in the slice (any period): an expression."""
        if not self.facet:
            return Value(True)
        conditions = [
            _SLICE_LEADS[facet](value)
            for facet, value in zip(
                self.facet.split("+"),
                self.value.split(LeadSummary.SEPARATOR),
                strict=True,
            )
        ]
        return conditions[0] if len(conditions) == 1 else Q(*conditions)

    def marked(self, investments: models.QuerySet[Investment]) -> models.QuerySet:
        """The investments, each with `in_slice`: a column checked for each row fetched, where
        a filter is planned as a join of the whole slice first (for a sector, its 8,000
        companies: 320 ms at a million rounds to find the latest rounds of one page)."""
        return investments.annotate(
            in_slice=models.ExpressionWrapper(self.condition(), models.BooleanField())
        )

    def leads_of_days(self) -> list[models.QuerySet[Investment]]:
        """The lead investments of the part-months of the period, one query each, that the
        summary does not count."""
        if self.period is None:
            return []
        leads = Investment.objects.filter(is_lead=True)
        if self.facet:
            leads = leads.filter(self.condition())
        return [
            leads.filter(round__announced_on__gte=first, round__announced_on__lte=last)
            for first, last in self.period.days
        ]

    def sector_rows(self, slugs: list[str]) -> Q | None:
        """The summary rows that count the slice's leads by sector (one of `slugs`), if any:
        those of facet "sector" for every round, of "round_type+sector" ("seed|fintech", ...)
        for a round type, and so on, over whole years (combinations are counted by year). None
        for a slice of one sector: the summary does not count its rounds' other sectors."""
        if not self.facet:
            return Q(facet="sector")
        combined = LeadSummary.combined(self.facet, "sector")
        if combined not in _COMBINED_FACETS or self.period and self.period.by_month:
            return None
        # Each value, not a prefix: a LIKE is a filter of every row of the investors' facet.
        values = [LeadSummary.SEPARATOR.join([self.value, slug]) for slug in slugs]
        return Q(facet=combined, value__in=values)


_COMBINED_FACETS = {LeadSummary.combined(*names) for names in LeadSummary.COMBINATIONS}


EVERY_ROUND = Slice()


def summary_slice(active: dict[str, Any]) -> Slice | None:
    """The slice of the summary that ranks the leads of a deals filter, if one does: any period
    and at most one round type, one country or one sector; or two of these over whole years
    ("From 1 January 2024", "To 31 December 2025") or all of them. Else None: the table is
    computed from the rounds."""
    dates = {name: active[name] for name in ("date_from", "date_to") if name in active}
    facets = {name: value for name, value in active.items() if name not in dates}
    if len(facets) > 2 or not set(facets) <= set(_SLICE_LEADS):
        return None
    if "sector" in facets:
        if len(facets["sector"]) != 1:  # a company in two of them would count twice
            return None
        facets["sector"] = facets["sector"][0].slug
    period = (
        Period.between(dates.get("date_from"), dates.get("date_to")) if dates else None
    )
    # Combinations are counted by year:
    if len(facets) > 1 and period and period.by_month:
        return None
    names = [name for name in LeadSummary.FACETS if name in facets]
    return Slice(
        LeadSummary.combined(*names),
        LeadSummary.SEPARATOR.join(facets[name] for name in names),
        period,
    )


def lead_table(
    rounds: models.QuerySet[FundingRound],
    *,
    part: Slice | None = None,
    copies: models.QuerySet[LeadRound] | None = None,
    sort: str = DEFAULT_LEAD_SORT,
    number: int = 1,
    size: int = 50,
) -> LeadTable:
    """Rank the lead investors of `rounds`, one page at a time.

    With `part`, the slice of the summary that holds the same rounds (summary_slice), the
    ranking reads the investors' summary rows of the slice (LeadSummary): one row per investor
    for all years, a few per investor for a period (its years and months), plus the lead
    investments of at most two part-months, instead of the lead investments of a million
    rounds. Else it aggregates the lead investments of `rounds`, and is cached until a round
    or an investment is written. Then: the page's investors, the round behind each "most
    recent deal", and each investor's top sectors among `rounds` (_attach_top_sectors), where
    the summary does not count them, from `copies` if given: the rounds' copies beside their
    leads (DealFilter.lead_copies), else the rounds' lead investments.
    """
    label, column = LEAD_SORTS.get(sort, LEAD_SORTS[DEFAULT_LEAD_SORT])
    descending = sort.startswith("-") or sort not in LEAD_SORTS
    order = (
        models.F(column).desc(nulls_last=True)
        if descending
        else models.F(column).asc(nulls_last=True)
    )
    start = (number - 1) * size
    leads = Investment.objects.filter(is_lead=True)
    chosen = leads.filter(round__in=rounds.values("pk"))
    if part is not None:
        candidates = part.marked(leads)
        if part.period is None:
            found = list(
                _ordered(_every_year(part), column, order)[start : start + size + 1]
            )
        else:
            found = _summed(part, part.period, column, descending, start, size + 1)
    else:
        candidates = EVERY_ROUND.marked(chosen)
        stats = chosen.values("investor").annotate(
            rounds_led=Count("*"),
            # Floating point: summing NUMERICs costs twice as much, and the page shows three
            # significant digits.
            total_amount=Sum(Cast("round__amount_usd", models.FloatField())),
            latest=Max("round__announced_on"),
        )
        query = _ordered(stats, column, order)[start : start + size + 1]
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
    _attach_top_sectors(rows, part, chosen if copies is None else copies)
    return LeadTable(rows=rows, number=number, has_next=has_next)


def _ordered(stats: models.QuerySet, column: str, order: Any) -> models.QuerySet:
    if column == "investor__name":
        return stats.order_by("investor__name", "investor")
    return stats.order_by(order, "investor")


def _every_year(part: Slice) -> models.QuerySet:
    # One row per investor already: no aggregate.
    return LeadSummary.objects.filter(
        facet=part.facet,
        value=part.value,
        month=LeadSummary.WHOLE_YEAR,
        year=LeadSummary.ALL_YEARS,
    ).values(
        "investor",
        "rounds_led",
        total_amount=models.F("amount_led_usd"),
        latest=models.F("latest_led"),
    )


def _summed(
    part: Slice,
    period: Period,
    column: str,
    descending: bool,
    start: int,
    count: int,
) -> list[dict[str, Any]]:
    """The ranking of a period: its summary rows (whole years, whole months) and the lead
    investments of its part-months, one row each (lead, led, amount, day), added up per
    investor in one statement."""
    floating = models.FloatField()
    pieces = [
        leads.values(
            lead=models.F("investor"),
            led=Value(1),
            amount=Cast("round__amount_usd", floating),
            day=models.F("round__announced_on"),
        )
        for leads in part.leads_of_days()
    ]
    pieces += [
        LeadSummary.objects.filter(rows, facet=part.facet, value=part.value).values(
            lead=models.F("investor"),
            led=models.F("rounds_led"),
            amount=Cast("amount_led_usd", floating),
            day=models.F("latest_led"),
        )
        for rows in period.rows()
    ]
    if not pieces:  # from a day after the last
        return []
    first, *rest = (piece.order_by() for piece in pieces)
    sql, params = (
        first.union(*rest, all=True) if rest else first
    ).query.sql_with_params()
    investors = connection.ops.quote_name(Investor._meta.db_table)
    if column == "investor__name":
        joined = f"JOIN {investors} ON {investors}.id = pieces.lead"
        grouped, order = f", {investors}.name", f"{investors}.name, pieces.lead"
    else:
        joined = grouped = ""
        order = f"{column} {'DESC' if descending else 'ASC'} NULLS LAST, pieces.lead"
    statement = (
        "SELECT pieces.lead AS investor, SUM(pieces.led) AS rounds_led, "
        "SUM(pieces.amount) AS total_amount, MAX(pieces.day) AS latest "
        f"FROM ({sql}) pieces {joined} GROUP BY pieces.lead{grouped} "
        f"ORDER BY {order} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, count, start])
        found = cursor.fetchall()
    return [
        {
            "investor": lead,
            "rounds_led": led,
            "total_amount": amount,
            # SQLite gives a date column of a raw statement as text:
            "latest": dt.date.fromisoformat(day) if isinstance(day, str) else day,
        }
        for lead, led, amount, day in found
    ]


TOP_SECTORS = 3


def _attach_top_sectors(
    rows: list[LeadRow],
    part: Slice | None,
    leads: models.QuerySet[LeadRound] | models.QuerySet[Investment],
) -> None:
    """Give each row its top sectors among the table's rounds: from the summary's sector rows
    of the slice `part` where it has them, else counted from the rounds' `leads` (copies or
    lead investments) of the page's investors."""
    if not rows:
        return
    names = dict(Sector.objects.values_list("slug", "name"))
    ids = [row.investor.pk for row in rows]
    sector_rows = None if part is None else part.sector_rows(list(names))
    if part is not None and sector_rows is not None:
        counts = _summary_sector_counts(part, sector_rows, ids)
    else:
        counts = _counted_sectors(leads, ids)
    tally: dict[int, Counter[str]] = defaultdict(Counter)
    for investor, value, led in counts:
        tally[investor][value.rsplit(LeadSummary.SEPARATOR, 1)[-1]] += led
    for row in rows:
        ranked = sorted(
            tally[row.investor.pk].items(),
            key=lambda item: (-item[1], names.get(item[0], item[0])),
        )
        row.top_sectors = [
            (names[slug], led) for slug, led in ranked[:TOP_SECTORS] if slug in names
        ]


def _sector_counts(leads: models.QuerySet[Investment]) -> models.QuerySet:
    """(investor, sector slug, rounds led) of these lead investments."""
    return (
        leads.filter(round__company__sectors__isnull=False)
        .values_list("investor", "round__company__sectors__slug")
        .annotate(led=Count("*"))
        .order_by()
    )


def _counted_sectors(
    leads: models.QuerySet[LeadRound] | models.QuerySet[Investment], ids: list[int]
) -> list[tuple[int, str, int]]:
    """(investor, sector slug, rounds led) of these investors' `leads`, in one statement
    grouped by investor and sector, cached until the next write as a computed ranking is.

    The leads' companies are joined to their sectors by the company's id, not through the
    companies' table (one index probe a lead instead of two).
    """
    company = "company" if leads.model is LeadRound else "round__company"
    pairs = (
        leads.filter(investor__in=ids)
        .values(lead=models.F("investor"), owner=models.F(company))
        .order_by()
    )
    sql, params = pairs.query.sql_with_params()
    quote = connection.ops.quote_name
    sectors, sector = (
        quote(Company.sectors.through._meta.db_table),
        quote(Sector._meta.db_table),
    )
    statement = (
        f"SELECT pairs.lead, {sector}.slug, COUNT(*) FROM ({sql}) pairs "
        f"JOIN {sectors} ON {sectors}.company_id = pairs.owner "
        f"JOIN {sector} ON {sector}.id = {sectors}.sector_id "
        f"GROUP BY pairs.lead, {sector}.slug"
    )
    key, counts = _cached(f"{statement} {params!r}")
    if counts is None:
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            counts = [tuple(row) for row in cursor.fetchall()]
        if key:
            cache.set(key, counts, timeout=CACHE_SECONDS)
    return counts


def _summary_sector_counts(
    part: Slice, sector_rows: Q, ids: list[int]
) -> list[tuple[int, str, int]]:
    """(investor, summary value, rounds led) of these investors' sector rows of the slice's
    period, and of its part-months from the rounds, in one statement."""
    periods = (
        part.period.rows()
        if part.period
        else [Q(year=LeadSummary.ALL_YEARS, month=LeadSummary.WHOLE_YEAR)]
    )
    pieces = [
        LeadSummary.objects.filter(sector_rows, rows, investor__in=ids)
        .values_list("investor", "value", "rounds_led")
        .order_by()
        for rows in periods
    ] + [
        _sector_counts(leads.filter(investor__in=ids)) for leads in part.leads_of_days()
    ]
    if not pieces:
        return []
    first, *rest = pieces
    return list(first.union(*rest, all=True) if rest else first)


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(round(value))


def _attach_latest_rounds(
    rows: list[LeadRow], leads: models.QuerySet[Investment]
) -> None:
    # Look rounds up by their dates (indexed), not by scanning every lead of a big investor;
    # as plain values, then the page's rounds alone (the leads of 50 investors on their
    # latest dates were 1,503 rounds of series A in Germany at a million rounds: 300 ms as
    # model instances):
    dates = {row.latest for row in rows if row.latest}
    if not dates:
        return
    wanted = {row.investor.pk: row for row in rows}
    candidates = (
        leads.filter(investor__in=list(wanted), round__announced_on__in=dates)
        .values_list("investor_id", "round_id", "round__announced_on", "in_slice")
        .order_by("investor_id", "-round_id")
    )
    latest: dict[int, int] = {}
    for investor, round, day, in_slice in candidates:
        if investor not in latest and in_slice and day == wanted[investor].latest:
            latest[investor] = round
    found = FundingRound.objects.select_related("company").in_bulk(latest.values())
    for investor, round in latest.items():
        wanted[investor].latest_round = found[round]


# Investor page:


def co_investors(investor: Investor, *, limit: int = 15) -> list[tuple[Investor, int]]:
    """The investors found most often in the same rounds as `investor`, with the count.

    Cached until the next write, like a filtered league table: the busiest investor's 20,319
    rounds are as many index lookups of their other investors (61,000 index pages, 70-100 ms
    at a million rounds, the most of its page's SQL).
    """
    shared = (
        Investment.objects.filter(
            round__in=Investment.objects.filter(investor=investor).values("round")
        )
        .exclude(investor=investor)
        .values("investor")
        .annotate(shared=Count("*"))
        .order_by("-shared", "investor")[:limit]
    )
    key, counts = _cached(str(shared.query))
    if counts is None:
        counts = [(row["investor"], row["shared"]) for row in shared]
        if key:
            cache.set(key, counts, timeout=CACHE_SECONDS)
    investors = Investor.objects.in_bulk([pk for pk, _ in counts])
    return [(investors[pk], n) for pk, n in counts]


def rounds_led_and_joined(investor: Investor) -> tuple[int, int]:
    """How many rounds the investor led, and joined without leading: its years added up."""
    totals = investor.years.aggregate(
        led=Sum("rounds_led", default=0), joined=Sum("rounds_joined", default=0)
    )
    return totals["led"], totals["joined"]


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
