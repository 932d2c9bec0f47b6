"""Each investor's rounds per year (InvestorYear) and its lead rounds per slice (LeadSummary: all
of them, a round type, a company country, a company sector, per month, per year and for all
years; two of those facets at once, per year and for all years), recounted whenever its
investments, their rounds or those rounds' companies change.

Every write path reaches `refresh`: saving or deleting an investment or a round, a company's
country or sectors changing (Django's signals, connected in apps.py: review, admin, the shell,
cascades, undo), and the bulk writes that send no signal (approval's new investments, merging
investors or companies), which call it, or `count_added`, themselves. The recount runs in the
writer's transaction, so the summaries commit, or roll back, with the change they follow.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count, F, Max, Q, Sum, Value
from django.db.models.functions import Coalesce, Concat, ExtractMonth, ExtractYear

from rounds.models import (
    Company,
    FundingRound,
    Investment,
    Investor,
    InvestorYear,
    LeadSummary,
    m2m_changed_owners,
)

_LED = Q(is_lead=True)


def _counts(investments: models.QuerySet[Investment]) -> models.QuerySet:
    """One row per (investor, year) in the column order of InvestorYear's table."""
    return (
        investments.annotate(
            year=Coalesce(
                ExtractYear("round__announced_on"), Value(InvestorYear.UNDATED)
            )
        )
        .values("investor", "year")
        .annotate(
            led=Count("pk", filter=_LED),
            joined=Count("pk", filter=~_LED),
            amount=Sum("round__amount_usd", filter=_LED),
            latest=Max("round__announced_on", filter=_LED),
        )
        .order_by()
    )


# Where each facet of LeadSummary finds its value, from an investment:
_FACET_VALUES = {
    "": Value(""),
    "round_type": F("round__round_type"),
    "country": F("round__company__country"),
    "sector": F("round__company__sectors__slug"),
}
# The periods a facet is counted in: single facets per month too (part-year league tables),
# combinations per year and for all years only (a month of two facets holds a round or two):
_SINGLE_PERIODS = ("all", "year", "month")
_COMBINED_PERIODS = ("all", "year")


def _slices() -> list[tuple[str, str]]:
    """Every (facet, period) LeadSummary counts."""
    return [
        (facet, period) for facet in LeadSummary.FACETS for period in _SINGLE_PERIODS
    ] + [
        (LeadSummary.combined(*facets), period)
        for facets in LeadSummary.COMBINATIONS
        for period in _COMBINED_PERIODS
    ]


def _facet_value(facet: str) -> Any:
    names = facet.split("+")
    if len(names) == 1:
        return _FACET_VALUES[facet]
    separated = [_FACET_VALUES[names[0]]]
    for name in names[1:]:
        separated += [Value(LeadSummary.SEPARATOR), _FACET_VALUES[name]]
    return Concat(*separated, output_field=models.CharField())


def _lead_counts(
    investments: models.QuerySet[Investment], facet: str, period: str
) -> models.QuerySet:
    """One row per (investor, value of the facet, year, month) of the period ("all": ALL_YEARS;
    "year": each year, UNDATED for the undated; "month": each month of the dated rounds), in
    LeadSummary's columns."""
    leads = investments.filter(is_lead=True)
    if "sector" in facet.split("+"):
        leads = leads.filter(round__company__sectors__isnull=False)
    whole_year = Value(LeadSummary.WHOLE_YEAR)
    if period == "all":
        year, month = Value(LeadSummary.ALL_YEARS), whole_year
    elif period == "year":
        year = Coalesce(ExtractYear("round__announced_on"), Value(InvestorYear.UNDATED))
        month = whole_year
    else:
        leads = leads.filter(round__announced_on__isnull=False)
        year = ExtractYear("round__announced_on")
        month = ExtractMonth("round__announced_on")
    return (
        leads.annotate(
            facet=Value(facet), value=_facet_value(facet), year=year, month=month
        )
        .values("investor", "facet", "value", "year", "month")
        .annotate(
            # Not the investments' ids: the counts then read an investor's investments from
            # the (investor, round) index alone, not from the table.
            led=Count("*"),
            amount=Sum("round__amount_usd"),
            latest=Max("round__announced_on"),
        )
        .order_by()
    )


def _insert(
    table: type[models.Model],
    rows: models.QuerySet,
    keys: list[str],
    columns: list[str],
    *,
    add: bool = False,
) -> None:
    # INSERT ... SELECT: the counts never travel through Python (millions of rows at a million
    # rounds).
    sql, params = rows.query.sql_with_params()
    name = connection.ops.quote_name(table._meta.db_table)
    statement = f"INSERT INTO {name} ({', '.join(keys + columns)}) {sql}"
    if add:
        updates = ", ".join(
            f"{c} = {_added(f'{name}.{c}', f'excluded.{c}', c)}" for c in columns
        )
        statement += f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _added(stored: str, new: str, column: str) -> str:
    """SQL for a column of a stored row with the counts of new rows added to it: counts add
    up, an amount adds up unless both are unknown, the latest date is the later one."""
    if column == "latest_led":
        return (
            f"CASE WHEN {new} IS NULL OR {stored} >= {new} THEN {stored} ELSE {new} END"
        )
    if column == "amount_led_usd":
        return (
            f"CASE WHEN {stored} IS NULL THEN {new} WHEN {new} IS NULL THEN {stored} "
            f"ELSE {stored} + {new} END"
        )
    return f"{stored} + {new}"


def _write(investments: models.QuerySet[Investment], *, add: bool) -> None:
    _insert(
        InvestorYear,
        _counts(investments),
        ["investor_id", "year"],
        ["rounds_led", "rounds_joined", "amount_led_usd", "latest_led"],
        add=add,
    )


def _write_leads(investments: models.QuerySet[Investment], *, add: bool) -> None:
    # Every facet and period in one statement:
    first, *rest = (
        _lead_counts(investments, facet, period) for facet, period in _slices()
    )
    _insert(
        LeadSummary,
        first.union(*rest, all=True),
        ["investor_id", "facet", "value", "year", "month"],
        ["rounds_led", "amount_led_usd", "latest_led"],
        add=add,
    )


def _ids(investor_ids: Iterable[int | None]) -> list[int]:
    return sorted({pk for pk in investor_ids if pk is not None})


def refresh(investor_ids: Iterable[int | None]) -> None:
    """Recount the years of these investors from their investments."""
    ids = _ids(investor_ids)
    if not ids:
        return
    with transaction.atomic(savepoint=False):
        # Two writers recounting one investor would both insert its years: the second waits
        # for the first to commit, then counts what it committed.
        list(Investor.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
        investments = Investment.objects.filter(investor__in=ids)
        InvestorYear.objects.filter(investor__in=ids).delete()
        LeadSummary.objects.filter(investor__in=ids).delete()
        _write(investments, add=False)
        _write_leads(investments, add=False)


def count_added(round_id: int, locked_investor_ids: Iterable[int | None]) -> None:
    """Add to these investors' counts their investments in this round, just added.

    For a writer that only added investments and holds the investors' row locks (approval):
    their slices gain this round's leads, added to the rows they have (a recount of the
    busiest investor rewrote its 34,587 rows: 11 s at a million rounds).
    """
    ids = _ids(locked_investor_ids)
    if ids:
        added = Investment.objects.filter(round=round_id, investor__in=ids)
        _write(added, add=True)
        _write_leads(added, add=True)


def refresh_companies(company_ids: Iterable[int | None]) -> None:
    """Recount the lead investors of these companies' rounds (a country or sectors changed)."""
    ids = _ids(company_ids)
    if ids:
        refresh(
            Investment.objects.filter(round__company__in=ids, is_lead=True)
            .values_list("investor_id", flat=True)
            .distinct()
        )


def rebuild() -> None:
    """Recount every investor (after a bulk load, or to repair the summary)."""
    with transaction.atomic():
        InvestorYear.objects.all().delete()
        _write(Investment.objects.all(), add=False)
        LeadSummary.objects.all().delete()
        _write_leads(Investment.objects.all(), add=False)


def investment_saved(sender: Any, instance: Investment, **kwargs: Any) -> None:
    refresh([instance.investor_id, getattr(instance, "_investor_before", None)])


def investment_changing(sender: Any, instance: Investment, **kwargs: Any) -> None:
    """Remember the investor an investment had, so that moving it recounts both."""
    if instance.pk:
        instance._investor_before = (
            Investment.objects.filter(pk=instance.pk)
            .values_list("investor_id", flat=True)
            .first()
        )


def investment_deleted(sender: Any, instance: Investment, **kwargs: Any) -> None:
    refresh([instance.investor_id])


def round_saved(
    sender: Any, instance: FundingRound, created: bool, **kwargs: Any
) -> None:
    # Its date or amount may have changed: every investor in it counts it (a new round has
    # no investments yet).
    if not created:
        refresh(instance.investments.values_list("investor_id", flat=True))


def company_changing(sender: Any, instance: Company, **kwargs: Any) -> None:
    """Remember the country a company had, so that changing it recounts its rounds' leads."""
    if instance.pk:
        instance._country_before = (
            Company.objects.filter(pk=instance.pk)
            .values_list("country", flat=True)
            .first()
        )


def company_saved(sender: Any, instance: Company, created: bool, **kwargs: Any) -> None:
    if not created and instance.country != getattr(
        instance, "_country_before", instance.country
    ):
        refresh_companies([instance.pk])


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
    if action in ("post_add", "post_remove", "post_clear"):
        refresh_companies(companies)


def connect() -> None:
    """Connect the signals that keep the summaries in step (from RoundsConfig.ready)."""
    models.signals.pre_save.connect(investment_changing, sender=Investment)
    models.signals.post_save.connect(investment_saved, sender=Investment)
    models.signals.post_delete.connect(investment_deleted, sender=Investment)
    models.signals.post_save.connect(round_saved, sender=FundingRound)
    models.signals.pre_save.connect(company_changing, sender=Company)
    models.signals.post_save.connect(company_saved, sender=Company)
    models.signals.m2m_changed.connect(sectors_changed, sender=Company.sectors.through)
