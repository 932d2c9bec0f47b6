"""Merging duplicate companies and investors into the one kept, moving everything that points at them."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction

from rounds import audit
from rounds.models import (
    AuditAction,
    Company,
    CompanyAlias,
    FundingRound,
    Investment,
    Investor,
    InvestorAlias,
    RoundProposal,
)


@transaction.atomic
def merge_companies(
    keep: Company,
    duplicates: Iterable[Company],
    *,
    user: AbstractBaseUser | None = None,
) -> int:
    """Move the duplicates' rounds, aliases and proposal matches to `keep`, then delete them.

    Each duplicate's own name stays findable as an alias of `keep`; the audit trail records each
    moved round, the deleted duplicate and what `keep` gained. Returns how many were merged.
    """
    merged = 0
    for duplicate in duplicates:
        if duplicate.pk == keep.pk:
            continue
        before = audit.snapshot(keep)
        gone = audit.snapshot(duplicate)
        for round in FundingRound.objects.filter(company=duplicate):
            audit.record(
                round,
                action=AuditAction.CHANGE,
                via="merge",
                user=user,
                changes={"company": [duplicate.name, keep.name]},
            )
        FundingRound.objects.filter(company=duplicate).update(company=keep)
        RoundProposal.objects.filter(suggested_company=duplicate).update(
            suggested_company=keep
        )
        # The duplicate's names, its own among them, now resolve to `keep`:
        CompanyAlias.objects.filter(company=duplicate).update(company=keep)
        _record_merge(keep, duplicate, before, gone, user)
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
    """Move the duplicates' investments, aliases and proposal matches to `keep`, then delete them.

    Where both invested in the same round, one investment remains, a lead if either was. The
    audit trail records each round whose investors changed, the deleted duplicate and what
    `keep` gained. Returns how many were merged.
    """
    merged = 0
    for duplicate in duplicates:
        if duplicate.pk == keep.pk:
            continue
        before = audit.snapshot(keep)
        gone = audit.snapshot(duplicate)
        rounds = list(FundingRound.objects.filter(investments__investor=duplicate))
        rounds_before = {round.pk: audit.snapshot(round) for round in rounds}
        for investment in Investment.objects.filter(investor=duplicate):
            kept = Investment.objects.filter(
                round_id=investment.round_id, investor=keep
            ).first()
            if kept is None:
                investment.investor = keep
                investment.save(update_fields=["investor"])
                continue
            kept.is_lead = kept.is_lead or investment.is_lead
            kept.evidence = kept.evidence + investment.evidence
            kept.save(update_fields=["is_lead", "evidence"])
            investment.delete()
        for proposal in RoundProposal.objects.filter(suggested_investors=duplicate):
            proposal.suggested_investors.remove(duplicate)
            proposal.suggested_investors.add(keep)
        InvestorAlias.objects.filter(investor=duplicate).update(investor=keep)
        for round in rounds:
            audit.record(
                round,
                action=AuditAction.CHANGE,
                via="merge",
                user=user,
                changes=audit.changes_between(
                    rounds_before[round.pk], audit.snapshot(round)
                ),
            )
        _record_merge(keep, duplicate, before, gone, user)
        duplicate.delete()
        merged += 1
    return merged


def _record_merge(
    keep: models.Model,
    duplicate: models.Model,
    before: dict[str, object],
    gone: dict[str, object],
    user: AbstractBaseUser | None,
) -> None:
    audit.record(
        duplicate,
        action=AuditAction.DELETE,
        via="merge",
        user=user,
        changes={
            **audit.changes_between(gone, {}),
            "merged_into": [None, f"{keep} (id {keep.pk})"],
        },
    )
    audit.record(
        keep,
        action=AuditAction.MERGE,
        via="merge",
        user=user,
        changes={
            **audit.changes_between(before, audit.snapshot(keep)),
            "merged": [None, f"{duplicate} (id {duplicate.pk})"],
        },
    )
