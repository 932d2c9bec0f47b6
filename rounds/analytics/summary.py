"""Each investor's rounds per year (InvestorYear), recounted whenever its investments change.

Every write path reaches `refresh`: saving or deleting an investment or a round (Django's signals,
connected in apps.py: review, admin, the shell, cascades), and the bulk writes that send no signal
(approval's new investments, merging investors), which call it, or `count_added`, themselves. The recount runs in the
writer's transaction, so the summary commits, or rolls back, with the change it follows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Count, Max, Q, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear

from rounds.models import FundingRound, Investment, Investor, InvestorYear

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


def _write(investments: models.QuerySet[Investment], *, upsert: bool) -> None:
    # INSERT ... SELECT: the counts never travel through Python (the whole table is 370,000 rows).
    sql, params = _counts(investments).query.sql_with_params()
    table = connection.ops.quote_name(InvestorYear._meta.db_table)
    columns = ["rounds_led", "rounds_joined", "amount_led_usd", "latest_led"]
    statement = f"INSERT INTO {table} (investor_id, year, {', '.join(columns)}) {sql}"
    if upsert:
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns)
        statement += f" ON CONFLICT (investor_id, year) DO UPDATE SET {updates}"
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


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
        InvestorYear.objects.filter(investor__in=ids).delete()
        _write(Investment.objects.filter(investor__in=ids), upsert=False)


def count_added(locked_investor_ids: Iterable[int | None]) -> None:
    """Recount these investors after investments were added to them, in one statement.

    For a writer that only added investments and holds the investors' row locks (approval):
    no year can have lost a round, so the recount overwrites the years it finds.
    """
    ids = _ids(locked_investor_ids)
    if ids:
        _write(Investment.objects.filter(investor__in=ids), upsert=True)


def rebuild() -> None:
    """Recount every investor (after a bulk load, or to repair the summary)."""
    with transaction.atomic():
        InvestorYear.objects.all().delete()
        _write(Investment.objects.all(), upsert=False)


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


def connect() -> None:
    """Connect the signals that keep the summary in step (from RoundsConfig.ready)."""
    models.signals.pre_save.connect(investment_changing, sender=Investment)
    models.signals.post_save.connect(investment_saved, sender=Investment)
    models.signals.post_delete.connect(investment_deleted, sender=Investment)
    models.signals.post_save.connect(round_saved, sender=FundingRound)
