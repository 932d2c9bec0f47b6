"""The audit trail of rounds, companies and investors: who changed what, when, from which proposal.

The domain functions (review.py, merging.py) and the admin's saves and deletions call `record`;
`snapshot` and `changes_between` turn an object before and after into the fields that changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from rounds.models import (
    AuditAction,
    AuditEntry,
    Company,
    FundingRound,
    Investor,
    RoundProposal,
)

AUDITED = (FundingRound, Company, Investor)
# Derived or bookkeeping fields: they change with the others or on every save.
SKIPPED = {
    "id",
    "name_normalized",
    "created_at",
    "updated_at",
    "amount_usd",
    "valuation_usd",
}


def snapshot(obj: models.Model) -> dict[str, object]:
    """The object's own fields as JSON values, with a round's investors and an organisation's aliases.

    >>> snapshot(Company(name="Acme", country="DE"))["name"]
    'Acme'
    """
    values: dict[str, object] = {}
    for field in obj._meta.concrete_fields:
        if field.name in SKIPPED:
            continue
        if isinstance(field, models.ForeignKey):
            related = getattr(obj, field.name)
            values[field.name] = None if related is None else str(related)
        elif isinstance(field, models.DecimalField):
            values[field.name] = _decimal(getattr(obj, field.attname), field)
        else:
            values[field.name] = _json(getattr(obj, field.attname))
    if obj.pk is not None:
        if isinstance(obj, FundingRound):
            values["investors"] = sorted(
                f"{name} (lead)" if is_lead else name
                for name, is_lead in obj.investments.values_list(
                    "investor__name", "is_lead"
                )
            )
        elif isinstance(obj, Company | Investor):
            # Its own name is one of its aliases too; the others are what an editor adds:
            others = obj.aliases.exclude(normalized=obj.name_normalized)
            values["aliases"] = sorted(others.values_list("name", flat=True))
    return values


def changes_between(
    before: Mapping[str, object], after: Mapping[str, object]
) -> dict[str, list[object]]:
    """{"field": [before, after]} for each field whose value differs.

    >>> changes_between({"amount": "5", "currency": "USD"}, {"amount": "6", "currency": "USD"})
    {'amount': ['5', '6']}
    """
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def record(
    obj: models.Model,
    *,
    action: AuditAction | str,
    via: str,
    user: AbstractBaseUser | AnonymousUser | None = None,
    changes: Mapping[str, object] | None = None,
    proposal: RoundProposal | None = None,
) -> AuditEntry | None:
    """Write one audit entry for a round, company or investor; None for any other model.

    A change that changed nothing is not recorded.
    """
    if not isinstance(obj, AUDITED):
        return None
    if action == AuditAction.CHANGE and not changes:
        return None
    if user is not None and not user.is_authenticated:
        user = None
    return AuditEntry.objects.create(
        user=user,
        username=user.get_username() if user is not None else "",
        action=action,
        object_type=obj._meta.model_name,
        object_id=obj.pk,
        object_repr=str(obj)[:300],
        changes=dict(changes or {}),
        proposal=proposal,
        via=via,
    )


def history(obj: models.Model) -> models.QuerySet[AuditEntry]:
    """The entries of one object, newest first."""
    return AuditEntry.objects.filter(object_type=obj._meta.model_name, object_id=obj.pk)


def _decimal(value: Decimal | None, field: models.DecimalField) -> str | None:
    # As the database stores it, so that 30000000 typed and 30000000.00 read are one value:
    if value is None:
        return None
    return str(Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places)))


def _json(value: object) -> object:
    if isinstance(value, Decimal | dt.date):
        return str(value)
    return value
