"""Reverting what one review decision wrote, through django-simple-history.

Every row a decision writes is recorded in the history with the decision's reason, which names
the proposal and its revision (`decisions.reason_for`), so the rows of one decision are found
again exactly. Reverting deletes the rows it created and puts back the fields it changed; each of
those writes is recorded in the history too, with the editor and the undo as the reason.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import models

from rounds.models import (
    Company,
    CompanyAlias,
    FundingRound,
    Investment,
    Investor,
    InvestorAlias,
    Organisation,
    RoundSource,
    with_history,
)

# What a decision writes, in the order its new rows can be deleted (what points at a row first):
WRITTEN = (
    Investment,
    RoundSource,
    CompanyAlias,
    InvestorAlias,
    FundingRound,
    Company,
    Investor,
)
# Fields Django or the model's save() computes from the others: never put back by hand.
DERIVED = frozenset(
    {
        "id",
        "created_at",
        "updated_at",
        "amount_usd",
        "valuation_usd",
        "name_normalized",
        "normalized",
        "slug",
    }
)


class UndoRefused(Exception):
    """Something written after the decision depends on what the decision wrote."""


def revert(decision: str, *, user: AbstractBaseUser, reason: str) -> None:
    """Undo the rows written with the history reason `decision`; `reason` records the undo.

    A field the decision changed is put back unless someone changed it again since (their value
    stays). A row it created is deleted, after a lock, unless it was changed since by anything
    else: then UndoRefused says what. A company or investor it created stays when something
    else uses it by now, or changed it.
    """
    records = {
        model: list(
            model.history.filter(history_change_reason=decision).order_by(
                "history_date", "history_id"
            )
        )
        for model in WRITTEN
    }
    _lock_rounds(records)
    for model, rows in records.items():
        # A row the decision changed twice (its country, then its sectors) is put back as it
        # was before the first change:
        changed: dict[int, list[Any]] = {}
        for record in rows:
            if record.history_type == "~":
                changed.setdefault(record.id, []).append(record)
        for written in changed.values():
            _put_back(model, written[0].prev_record, written[-1], user, reason)
    for model, rows in records.items():
        for record in rows:
            if record.history_type == "+":
                _delete(model, record, (decision, reason), user, reason)


def _lock_rounds(records: dict[type[models.Model], list[Any]]) -> None:
    """Lock the rounds the decision wrote, or wrote rows of, before any of those rows: the
    order of a merge, which locks its round first. Deleting a lead investment rewrites its
    round's copy (LeadRound, kept by a trigger) that a merge's update of the round rewrites
    too: an undo that deleted the investments first deadlocked with such a merge."""
    rounds = {record.id for record in records[FundingRound]} | {
        record.round_id
        for model in (Investment, RoundSource)
        for record in records[model]
    }
    list(
        FundingRound.objects.select_for_update()
        .filter(pk__in=rounds)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _fields(model: type[models.Model]) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.attname not in DERIVED
    ]


def _put_back(
    model: type[models.Model],
    before: Any,
    record: Any,
    user: AbstractBaseUser,
    reason: str,
) -> None:
    """Put back the fields that `record` holds and `before` did not, many-to-many ones
    (a company's sectors) included, unless the row holds another value by now."""
    row = model._default_manager.select_for_update().filter(pk=record.id).first()
    if before is None or row is None:
        return
    changed = False
    for name in _fields(model):
        written, earlier = getattr(record, name), getattr(before, name)
        if written != earlier and getattr(row, name) == written:
            setattr(row, name, earlier)
            changed = True
    if changed:
        with_history(row, user, reason)
        row.save()
    for field in getattr(record, "_history_m2m_fields", ()):
        written, earlier = _related(record, field), _related(before, field)
        related = getattr(row, field.name)
        if written != earlier and set(related.values_list("pk", flat=True)) == written:
            with_history(row, user, reason)
            related.set(earlier)


def _related(record: Any, field: models.ManyToManyField) -> set[int]:
    """The ids a historical record holds in a many-to-many field."""
    return set(
        getattr(record, field.name).values_list(field.m2m_reverse_name(), flat=True)
    )


def _delete(
    model: type[models.Model],
    record: Any,
    ours: tuple[str, str],
    user: AbstractBaseUser,
    reason: str,
) -> None:
    """Delete the row `record` created, unless something but the decision and this undo
    (`ours`, their reasons) changed it since."""
    row = model._default_manager.select_for_update().filter(pk=record.id).first()
    if row is None:
        return
    later = (
        model.history.filter(id=record.id, history_date__gt=record.history_date)
        .exclude(history_change_reason__in=ours)
        .order_by("history_date")
        .first()
    )
    if isinstance(row, Organisation):
        if later is None and not _in_use(row):
            _delete_organisation(row, user, reason)
        return
    if isinstance(row, CompanyAlias | InvestorAlias) and _own_name(row):
        return  # it goes with its company or investor, or stays with it
    if later is not None:
        when = later.history_date.strftime("%d %b %Y, %H:%M")
        raise UndoRefused(
            f"{model._meta.verbose_name.capitalize()} “{row}” was changed after this "
            f"decision ({later.history_change_reason or 'edited'}, by "
            f"{later.history_user or 'someone'}, {when}): undo that first, or correct it "
            "by hand."
        )
    with_history(row, user, reason)
    row.delete()


def _in_use(row: Organisation) -> bool:
    if isinstance(row, Company):
        return FundingRound.objects.filter(company=row).exists()
    return Investment.objects.filter(investor=row).exists()


def _own_name(alias: CompanyAlias | InvestorAlias) -> bool:
    owner = getattr(alias, alias.owner_field)
    return alias.normalized == owner.name_normalized


def _delete_organisation(
    row: Organisation, user: AbstractBaseUser, reason: str
) -> None:
    for alias in row.aliases.all():
        with_history(alias, user, reason)
        alias.delete()
    with_history(row, user, reason)
    row.delete()
