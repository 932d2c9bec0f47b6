"""Merging duplicate companies and investors into the one kept, moving everything that points at them.

Every row moved or deleted is recorded in the history, with the user and the merge as its reason.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from simple_history.utils import bulk_update_with_history

from rounds.analytics import summary
from rounds.models import (
    Company,
    CompanyAlias,
    FundingRound,
    Investment,
    Investor,
    InvestorAlias,
    RoundProposal,
    with_history,
)


@transaction.atomic
def merge_companies(
    keep: Company,
    duplicates: Iterable[Company],
    *,
    user: AbstractBaseUser | None = None,
) -> int:
    """Move the duplicates' rounds, names and proposal matches to `keep`, then delete them.

    Each duplicate's names, its own among them, resolve to `keep` afterwards. Returns how many
    were merged.
    """
    merged = 0
    for duplicate in duplicates:
        if duplicate.pk == keep.pk:
            continue
        reason = f"Merged company {duplicate.pk} into {keep.pk}"
        rounds = list(FundingRound.objects.filter(company=duplicate))
        # A bulk update sends no signal; the rounds may change country or sectors:
        with summary.recounting(
            Investment.objects.filter(round__in=rounds, is_lead=True)
        ):
            _move(rounds, "company", keep, user, reason)
        _move(
            CompanyAlias.objects.filter(company=duplicate),
            "company",
            keep,
            user,
            reason,
        )
        RoundProposal.objects.filter(suggested_company=duplicate).update(
            suggested_company=keep
        )
        with_history(duplicate, user, reason)
        duplicate.delete()
        merged += 1
    return merged


@transaction.atomic
def merge_investors(
    keep: Investor,
    duplicates: Iterable[Investor],
    *,
    user: AbstractBaseUser | None = None,
) -> int:
    """Move the duplicates' investments, names and proposal matches to `keep`, then delete them.

    Where both invested in the same round, one investment remains, a lead if either was.
    Returns how many were merged.
    """
    merged = 0
    for duplicate in duplicates:
        if duplicate.pk == keep.pk:
            continue
        reason = f"Merged investor {duplicate.pk} into {keep.pk}"
        kept = {i.round_id: i for i in Investment.objects.filter(investor=keep)}
        investments = list(Investment.objects.filter(investor=duplicate))
        rounds = [i.round_id for i in investments]
        # A bulk update sends no signal:
        with summary.recounting(
            Investment.objects.filter(round__in=rounds, investor__in=[keep, duplicate])
        ):
            moved = []
            for investment in investments:
                both = kept.get(investment.round_id)
                if both is None:
                    moved.append(investment)
                    continue
                both.is_lead = both.is_lead or investment.is_lead
                both.evidence = both.evidence + investment.evidence
                with_history(both, user, reason)
                both.save(update_fields=["is_lead", "evidence"])
                with_history(investment, user, reason)
                investment.delete()
            _move(moved, "investor", keep, user, reason)
        _move(
            InvestorAlias.objects.filter(investor=duplicate),
            "investor",
            keep,
            user,
            reason,
        )
        for proposal in RoundProposal.objects.filter(suggested_investors=duplicate):
            proposal.suggested_investors.remove(duplicate)
            proposal.suggested_investors.add(keep)
        with_history(duplicate, user, reason)
        duplicate.delete()
        merged += 1
    return merged


def _move(
    rows: Iterable[FundingRound | Investment | CompanyAlias | InvestorAlias],
    field: str,
    owner: Company | Investor,
    user: AbstractBaseUser | None,
    reason: str,
) -> None:
    """Point each row's `field` at `owner`, recorded in the history in one write."""
    rows = list(rows)
    for row in rows:
        setattr(row, field, owner)
    if rows:
        bulk_update_with_history(
            rows,
            type(rows[0]),
            [field],
            default_user=user,
            default_change_reason=reason,
        )
