"""Each investor's rounds per year (InvestorYear) and its lead rounds per slice (LeadSummary: all
of them, a round type, a company country, a company sector, per month, per year and for all
years; two of those facets at once, per year and for all years), kept equal to a count from
scratch whatever writes.

A change recounts only the summary rows it alters: those to which the investments it touches
add something else after it than before (`counted_in` before and after, then `recount`).
Recounting all of an investor's rows instead rewrote the busiest one's 34,587 rows on every edit
of one of its rounds (12 to 30 s at a million rounds, 0.1 to 0.7 s now: benchmarks/edits.py). Every write path gets there: saving or deleting an
investment or a round, a company's country or sectors changing (Django's signals, connected in
apps.py: review, admin, the shell, cascades, undo), and the bulk writes that send no signal
(approval's new investments, merging investors or companies), which use `recounting`. The
recount runs in the writer's transaction, so the summaries commit, or roll back, with the change
they follow.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count, F, Max, Q, Sum, Value
from django.db.models.functions import Coalesce, Concat, ExtractMonth, ExtractYear

from rounds.analytics.keyset import SORTS
from rounds.models import (
    Company,
    FundingRound,
    Investment,
    Investor,
    InvestorYear,
    LeadRound,
    LeadSummary,
    m2m_changed_owners,
)

ALL_YEARS, WHOLE_YEAR = LeadSummary.ALL_YEARS, LeadSummary.WHOLE_YEAR


def _year_of(date: str) -> Coalesce:
    return Coalesce(ExtractYear(date), Value(InvestorYear.UNDATED))


def _joined(
    investments: models.QuerySet[Investment], years: set[int] | None
) -> models.QuerySet:
    """(investor, year, rounds joined, 0 led) of these investments' rounds that they did not
    lead, of these years (or all), in the order of _write_years's columns."""
    joined = investments.filter(is_lead=False).annotate(
        year=_year_of("round__announced_on")
    )
    if years is not None:
        joined = joined.filter(year__in=years)
    return (
        joined.values("investor", "year")
        .annotate(joined=Count("*"), led=Value(0))
        .order_by()
    )


# Where each facet of LeadSummary finds its value, from a lead round (LeadRound: the round's
# columns beside its lead investor, so that one investor's leads are one range of an index):
_FACET_VALUES = {
    "": Value(""),
    "round_type": F("round_type"),
    "country": F("company__country"),
    "sector": F("company__sectors__slug"),
}


def _counted_slices() -> list[tuple[str, str]]:
    """Every (facet, period) that LeadSummary counts from the lead rounds: single facets per
    year and per month (part-year league tables), combinations per year only (a month of two
    facets holds a round or two). The rows of all years are the sums of the years (_totals)."""
    return [
        (facet, period) for facet in LeadSummary.FACETS for period in ("year", "month")
    ] + [(LeadSummary.combined(*facets), "year") for facets in LeadSummary.COMBINATIONS]


def _facet_value(facet: str) -> Any:
    names = facet.split("+")
    if len(names) == 1:
        return _FACET_VALUES[facet]
    separated = [_FACET_VALUES[names[0]]]
    for name in names[1:]:
        separated += [Value(LeadSummary.SEPARATOR), _FACET_VALUES[name]]
    return Concat(*separated, output_field=models.CharField())


@dataclass(frozen=True)
class _Rows:
    """The summary rows of one facet and period whose key is in these sets (their product)."""

    facet: str
    period: str
    investors: frozenset[int]
    values: frozenset[str]
    years: frozenset[int]
    months: frozenset[int]

    def q(self) -> Q:
        return Q(
            facet=self.facet,
            investor__in=self.investors,
            value__in=self.values,
            year__in=self.years,
            month__in=self.months,
        )

    def dates(self) -> Q:
        """Their years and months as ranges of _BY_DATE's expression: one lead's rounds of a
        period are then one range of its index, not a scan of all of them (the busiest
        investor's 17,127 leads, 14 ms for each facet and period)."""
        if self.period == "month":
            spans = [
                (dt.date(year, month, 1), _next_month(year, month))
                for year in self.years
                for month in self.months
            ]
        else:
            spans = [
                (dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
                for year in self.years
                if year != InvestorYear.UNDATED
            ]
        ranges = [Q(dated__gte=start, dated__lt=end) for start, end in spans]
        if InvestorYear.UNDATED in self.years and self.period == "year":
            ranges.append(Q(dated=_BY_DATE.key_of(None)))
        return reduce(or_, ranges)


# The order of LeadRound's index that ranges of dates follow (the undated at its end):
_BY_DATE = SORTS["date"]


def _next_month(year: int, month: int) -> dt.date:
    return dt.date(year + month // 12, month % 12 + 1, 1)


def _lead_counts(
    leads: models.QuerySet[LeadRound],
    facet: str,
    period: str,
    within: _Rows | None = None,
) -> models.QuerySet:
    """One row per (investor, value of the facet, year, month) of the period ("year": each
    year, UNDATED for the undated; "month": each month of the dated rounds), in LeadSummary's
    columns; only the rows `within`, if given."""
    if "sector" in facet.split("+"):
        leads = leads.filter(company__sectors__isnull=False)
    if period == "year":
        year, month = _year_of("announced_on"), Value(WHOLE_YEAR)
    else:
        leads = leads.filter(announced_on__isnull=False)
        year, month = ExtractYear("announced_on"), ExtractMonth("announced_on")
    if within is not None:
        leads = leads.alias(dated=_BY_DATE.expression).filter(within.dates())
    rows = leads.annotate(
        facet=Value(facet), value=_facet_value(facet), year=year, month=month
    )
    if within is not None:
        rows = rows.filter(value__in=within.values)
    return (
        rows.values("investor", "facet", "value", "year", "month")
        .annotate(
            led=Count("*"),
            amount=Sum("amount_usd"),
            latest=Max("announced_on"),
        )
        .order_by()
    )


def _totals(rows: models.QuerySet[LeadSummary]) -> models.QuerySet:
    """The rows of all years of these rows' (investor, facet, value): the sums of their years
    (an amount is unknown when every year's is, as SUM has it)."""
    return (
        _years(rows)
        .annotate(every_year=Value(ALL_YEARS), whole_year=Value(WHOLE_YEAR))
        .values("investor", "facet", "value", "every_year", "whole_year")
        .annotate(
            led=Sum("rounds_led"),
            amount=Sum("amount_led_usd"),
            latest=Max("latest_led"),
        )
        .order_by()
    )


def _years(rows: models.QuerySet[LeadSummary]) -> models.QuerySet[LeadSummary]:
    return rows.filter(month=WHOLE_YEAR).exclude(year=ALL_YEARS)


_SUMMARY_COLUMNS = [
    "investor_id",
    "facet",
    "value",
    "year",
    "month",
    "rounds_led",
    "amount_led_usd",
    "latest_led",
]


def _insert(
    table: type[models.Model],
    rows: models.QuerySet,
    columns: list[str],
    *,
    or_update: str | None = None,
) -> None:
    """INSERT ... SELECT: the counts never travel through Python (millions of rows at a million
    rounds). `or_update`: the column to set where the row of the first two columns exists."""
    sql, params = rows.query.sql_with_params()
    name = connection.ops.quote_name(table._meta.db_table)
    statement = f"INSERT INTO {name} ({', '.join(columns)}) {sql}"
    if or_update:
        statement += (
            f" ON CONFLICT ({', '.join(columns[:2])})"
            f" DO UPDATE SET {or_update} = excluded.{or_update}"
        )
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _union(querysets: Iterable[models.QuerySet]) -> models.QuerySet:
    first, *rest = querysets
    return first.union(*rest, all=True) if rest else first


def _write_years(
    summaries: models.QuerySet[LeadSummary],
    investments: models.QuerySet[Investment],
    years: set[int] | None = None,
) -> None:
    """InvestorYear's rows: the leads of each year as the lead summary counts them (facet ""),
    with the rounds joined counted from these investments, of these years (or all)."""
    led = (
        _years(summaries.filter(facet=""))
        .annotate(joined=Value(0))
        .values_list(
            "investor", "year", "rounds_led", "joined", "amount_led_usd", "latest_led"
        )
    )
    _insert(
        InvestorYear,
        led,
        [
            "investor_id",
            "year",
            "rounds_led",
            "rounds_joined",
            "amount_led_usd",
            "latest_led",
        ],
    )
    _insert(
        InvestorYear,
        _joined(investments, years),
        ["investor_id", "year", "rounds_joined", "rounds_led"],
        or_update="rounds_joined",
    )


Key = tuple[str, int, str, int, int]  # facet, investor, value, year, month


@dataclass
class Counted:
    """What some investments add to the summaries: to each (investor, year) the rounds they
    joined, to each row of the lead summary counted from the rounds (not those of all years,
    summed from these) its (rounds led, amount, latest date)."""

    joined: dict[tuple[int, int], int] = field(default_factory=dict)
    leads: dict[Key, tuple[Any, ...]] = field(default_factory=dict)


def counted_in(investments: models.QuerySet[Investment]) -> Counted:
    """What these investments add to the summaries now (read it before a change, then
    `recount` it with what they add after)."""
    joined = {
        (row["investor"], row["year"]): row["joined"]
        for row in _joined(investments, None)
    }
    rows = _union(
        _lead_counts(LeadRound.objects.filter(investment__in=investments), *slice)
        for slice in _counted_slices()
    )
    leads = {
        (row["facet"], row["investor"], row["value"], row["year"], row["month"]): (
            row["led"],
            row["amount"],
            row["latest"],
        )
        for row in rows
    }
    return Counted(joined, leads)


def _changed(before: dict, after: dict) -> set:
    return {
        key for key in before.keys() | after.keys() if before.get(key) != after.get(key)
    }


def recount(before: Counted, after: Counted) -> None:
    """Recount the summary rows to which some investments added something else before a change
    than after it: the rows of the lead summary, the rows of all years they add up to, and the
    investors' years."""
    keys = _changed(before.leads, after.leads)
    years = _changed(before.joined, after.joined) | {
        (investor, year)
        for facet, investor, _, year, month in keys
        if facet == "" and month == WHOLE_YEAR
    }
    if not years and not keys:
        return
    with transaction.atomic(savepoint=False):
        # Two writers recounting one investor would both insert its rows: the second waits
        # for the first to commit, then counts what it committed.
        investors = {investor for investor, _ in years} | {key[1] for key in keys}
        list(
            Investor.objects.select_for_update().filter(pk__in=investors).order_by("pk")
        )
        if keys:
            _recount_leads(_products(keys))
        if years:
            ids, numbers = (set(column) for column in zip(*years, strict=True))
            InvestorYear.objects.filter(investor__in=ids, year__in=numbers).delete()
            _write_years(
                LeadSummary.objects.filter(investor__in=ids, year__in=numbers),
                Investment.objects.filter(investor__in=ids),
                numbers,
            )


def _products(keys: set[Key]) -> list[_Rows]:
    """The keys as products of sets, one per facet, period, investor and year (a product of
    more would recount many rows that did not change: the busiest investor's months of every
    year): recounting a key that no round counts in only deletes it."""
    grouped: dict[tuple[str, str, int, int], list[Key]] = defaultdict(list)
    for facet, investor, value, year, month in keys:
        period = "year" if month == WHOLE_YEAR else "month"
        grouped[facet, period, investor, year].append(
            (facet, investor, value, year, month)
        )
    return [
        _Rows(
            facet,
            period,
            *(frozenset(column) for column in list(zip(*keys, strict=True))[1:]),
        )
        for (facet, period, _, _), keys in sorted(grouped.items())
    ]


def _recount_leads(rows: list[_Rows]) -> None:
    """Recount these rows from the lead rounds, then the rows of all years of their
    (investor, facet, value) from the rows of each year."""
    totals = reduce(
        or_,
        (Q(facet=r.facet, investor__in=r.investors, value__in=r.values) for r in rows),
    )
    LeadSummary.objects.filter(
        reduce(or_, (r.q() for r in rows)) | (totals & Q(year=ALL_YEARS))
    ).delete()
    _insert(
        LeadSummary,
        _union(
            _lead_counts(
                LeadRound.objects.filter(investor__in=r.investors),
                r.facet,
                r.period,
                r,
            )
            for r in rows
        ),
        _SUMMARY_COLUMNS,
    )
    _insert(LeadSummary, _totals(LeadSummary.objects.filter(totals)), _SUMMARY_COLUMNS)


@contextmanager
def recounting(investments: models.QuerySet[Investment]) -> Iterator[None]:
    """Recount what these investments add to the summaries, before and after the writes in
    the block (for the writes that send no signal: bulk inserts and updates)."""
    before = counted_in(investments)
    yield
    recount(before, counted_in(investments))


def rebuild() -> None:
    """Recount every investor (after a bulk load, or to repair the summary)."""
    with transaction.atomic():
        LeadSummary.objects.all().delete()
        _insert(
            LeadSummary,
            _union(
                _lead_counts(LeadRound.objects.all(), facet, period)
                for facet, period in _counted_slices()
            ),
            _SUMMARY_COLUMNS,
        )
        _insert(LeadSummary, _totals(LeadSummary.objects.all()), _SUMMARY_COLUMNS)
        InvestorYear.objects.all().delete()
        _write_years(LeadSummary.objects.all(), Investment.objects.all())


# The signals: each pre_ handler keeps on the instance what its investments add to the
# summaries; the post_ handler recounts what they add differently afterwards.


def _before(instance: models.Model, investments: models.QuerySet[Investment]) -> None:
    instance._summary_counted = counted_in(investments)


def _after(instance: models.Model, investments: models.QuerySet[Investment]) -> None:
    before = instance.__dict__.pop("_summary_counted", None)
    if before is not None:
        recount(before, counted_in(investments))


def investment_changing(sender: Any, instance: Investment, **kwargs: Any) -> None:
    if instance.pk is None:  # not stored yet: it adds nothing
        instance._summary_counted = Counted()
    else:
        _before(instance, Investment.objects.filter(pk=instance.pk))


def investment_saved(sender: Any, instance: Investment, **kwargs: Any) -> None:
    _after(instance, Investment.objects.filter(pk=instance.pk))


def investment_deleted(sender: Any, instance: Investment, **kwargs: Any) -> None:
    _after(instance, Investment.objects.none())


def round_changing(sender: Any, instance: FundingRound, **kwargs: Any) -> None:
    if instance.pk:  # a new round has no investments yet
        _before(instance, Investment.objects.filter(round=instance.pk))


def round_saved(sender: Any, instance: FundingRound, **kwargs: Any) -> None:
    _after(instance, Investment.objects.filter(round=instance.pk))


def _leads_of(company_ids: Iterable[int]) -> models.QuerySet[Investment]:
    return Investment.objects.filter(round__company__in=list(company_ids), is_lead=True)


def company_changing(sender: Any, instance: Company, **kwargs: Any) -> None:
    """A country that changes moves the company's rounds' leads to another slice."""
    if (
        instance.pk
        and not Company.objects.filter(
            pk=instance.pk, country=instance.country
        ).exists()
    ):
        _before(instance, _leads_of([instance.pk]))


def company_saved(sender: Any, instance: Company, **kwargs: Any) -> None:
    _after(instance, _leads_of([instance.pk]))


def sectors_changed(
    sender: Any,
    instance: Company | Any,
    action: str,
    reverse: bool,
    model: type[Company] | Any,
    pk_set: set[int] | None,
    **kwargs: Any,
) -> None:
    """Sectors added to or taken from companies, from a company's side (company.sectors.add)
    or a sector's (sector.companies.remove, which names the companies)."""
    companies = m2m_changed_owners("sectors", instance, action, reverse, model, pk_set)
    if action in ("pre_add", "pre_remove", "pre_clear"):
        _before(instance, _leads_of(companies))
    else:
        _after(instance, _leads_of(companies))


def connect() -> None:
    """Connect the signals that keep the summaries in step (from RoundsConfig.ready)."""
    signals = models.signals
    signals.pre_save.connect(investment_changing, sender=Investment)
    signals.post_save.connect(investment_saved, sender=Investment)
    signals.pre_delete.connect(investment_changing, sender=Investment)
    signals.post_delete.connect(investment_deleted, sender=Investment)
    signals.pre_save.connect(round_changing, sender=FundingRound)
    signals.post_save.connect(round_saved, sender=FundingRound)
    signals.pre_save.connect(company_changing, sender=Company)
    signals.post_save.connect(company_saved, sender=Company)
    signals.m2m_changed.connect(sectors_changed, sender=Company.sectors.through)
