"""Editors' decisions on proposals: approve into a new round, merge into an existing one, reject.

Each decision is one transaction that begins by claiming the proposal with a conditional UPDATE,
so two editors (or a double click, or the admin and the page at once) decide it exactly once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from rounds import audit
from rounds.enums import ProposalStatus
from rounds.extraction.names import normalize_name
from rounds.ingestion import matching
from rounds.models import (
    AuditAction,
    Company,
    FundingRound,
    Investment,
    Investor,
    RoundProposal,
    RoundSource,
)

# "HongShan, formerly Sequoia China": the capitalised words after the marker are the old name.
FORMERLY_RE = r",?\s+\(?(?:formerly(?:\s+known\s+as)?|previously(?:\s+known\s+as)?|once\s+known\s+as|f/k/a)\s+((?:[A-Z][\w&.'-]*)(?:\s+[A-Z][\w&.'-]*)*)"
# Round fields an editor sets, in the order the forms show them.
ROUND_FIELDS = (
    "round_type", "round_label", "status", "amount", "currency", "amount_qualifier",
    "valuation", "valuation_currency", "valuation_qualifier", "valuation_basis",
    "announced_on", "date_precision",
)  # fmt: skip


class ProposalAlreadyDecided(Exception):
    """Someone else approved, merged or rejected the proposal first."""


@dataclass(frozen=True)
class InvestorChoice:
    name: str
    is_lead: bool
    # An existing investor to use; None finds one by name or alias, or creates it.
    investor_id: int | None = None
    # Keep the earlier name the article gives ("X, formerly Y") as an alias of the investor.
    record_former_name: bool = False


@dataclass(frozen=True)
class RoundDraft:
    """The round an editor approves: the extracted values as corrected on the form."""

    company_name: str
    company_id: int | None = None
    round_type: str = "unknown"
    round_label: str = ""
    status: str = "announced"
    amount: Decimal | None = None
    currency: str = ""
    amount_qualifier: str = ""
    valuation: Decimal | None = None
    valuation_currency: str = ""
    valuation_qualifier: str = ""
    valuation_basis: str = ""
    announced_on: dt.date | None = None
    date_precision: str = "day"
    investors: tuple[InvestorChoice, ...] = field(default=())
    # Keep the earlier name the article gives for the company as its alias.
    record_company_former_name: bool = False


def former_name(text: str, name: str) -> str:
    """The earlier name the text gives for `name`, if any.

    >>> former_name("HongShan, formerly Sequoia China, has committed.", "HongShan")
    'Sequoia China'
    """
    if not name:
        return ""
    found = re.search(re.escape(name) + FORMERLY_RE, text)
    return found[1] if found else ""


def draft_from_proposal(proposal: RoundProposal) -> RoundDraft:
    """The round as extracted, with the companies and investors the database already knows."""
    candidate = proposal.candidate
    roles = (
        (candidate.get("lead_investors", []), True),
        (candidate.get("participants", []), False),
    )
    investors = tuple(
        InvestorChoice(name=name, is_lead=is_lead, investor_id=_known_investor_id(name))
        for names, is_lead in roles
        for name in names
    )
    date = candidate.get("date")
    return RoundDraft(
        company_name=candidate.get("company", ""),
        company_id=proposal.suggested_company_id,
        round_type=candidate.get("round_type") or "unknown",
        round_label=candidate.get("round_label") or "",
        status=candidate.get("status") or "announced",
        amount=_decimal(candidate.get("amount")),
        currency=candidate.get("currency") or "",
        amount_qualifier=candidate.get("amount_qualifier") or "",
        valuation=_decimal(candidate.get("valuation")),
        valuation_currency=candidate.get("valuation_currency") or "",
        valuation_qualifier=candidate.get("valuation_qualifier") or "",
        valuation_basis=candidate.get("valuation_basis") or "",
        announced_on=dt.date.fromisoformat(date)
        if date
        else proposal.article.published_on,
        investors=investors,
    )


@transaction.atomic
def approve_proposal(
    proposal: RoundProposal,
    *,
    editor: AbstractBaseUser,
    draft: RoundDraft | None = None,
    note: str = "",
) -> FundingRound:
    """Create the round the proposal describes.

    Steps: claim the proposal (ProposalAlreadyDecided if it is not pending); resolve the company
    and each investor (the chosen one, else one with that name or alias, else a new one); create
    the round with its investments and the article as its source, with the evidence; record on
    the proposal who approved it, when, and what the editor changed; write the audit trail.
    """
    draft = draft or draft_from_proposal(proposal)
    _claim(proposal, ProposalStatus.APPROVED, editor=editor, note=note)
    company = _company(draft, editor=editor, proposal=proposal)
    round = FundingRound.objects.create(
        company=company, **{name: getattr(draft, name) for name in ROUND_FIELDS}
    )
    _add_investors(round, draft.investors, proposal, editor=editor)
    _record_former_names(round, draft, proposal, editor=editor)
    RoundSource.objects.create(
        round=round, article=proposal.article, evidence=proposal.evidence
    )
    _finish(proposal, round, draft)
    audit.record(
        round,
        action=AuditAction.CREATE,
        via="review",
        user=editor,
        proposal=proposal,
        changes=audit.changes_between({}, audit.snapshot(round)),
    )
    return round


@transaction.atomic
def merge_proposal(
    proposal: RoundProposal,
    round: FundingRound,
    *,
    editor: AbstractBaseUser,
    draft: RoundDraft | None = None,
    take_from_proposal: frozenset[str] = frozenset(),
    note: str = "",
) -> FundingRound:
    """Add the proposal to an existing round instead of creating a second one.

    The article becomes a source of the round; the round's empty fields are filled from the
    proposal; a field where both have different values keeps the round's value unless it is
    named in `take_from_proposal` (the editor's choice); investors missing from the round are
    added, and one the proposal calls a lead becomes a lead.
    """
    draft = draft or draft_from_proposal(proposal)
    _claim(proposal, ProposalStatus.MERGED, editor=editor, note=note)
    round = FundingRound.objects.select_for_update().get(pk=round.pk)
    before = audit.snapshot(round)
    for name in ROUND_FIELDS:
        value = getattr(draft, name)
        current = getattr(round, name)
        if value not in (None, "", "unknown") and (
            current in (None, "", "unknown") or name in take_from_proposal
        ):
            setattr(round, name, value)
    round.save()
    _add_investors(round, draft.investors, proposal, editor=editor)
    _record_former_names(round, draft, proposal, editor=editor)
    RoundSource.objects.get_or_create(
        round=round, article=proposal.article, defaults={"evidence": proposal.evidence}
    )
    _finish(proposal, round, draft)
    audit.record(
        round,
        action=AuditAction.CHANGE,
        via="review",
        user=editor,
        proposal=proposal,
        changes=audit.changes_between(before, audit.snapshot(round)),
    )
    return round


@transaction.atomic
def reject_proposal(
    proposal: RoundProposal, *, editor: AbstractBaseUser, reason: str = ""
) -> None:
    """Mark the proposal rejected, with the editor's reason."""
    _claim(proposal, ProposalStatus.REJECTED, editor=editor, note=reason)


def changes_between(
    proposal: RoundProposal, draft: RoundDraft
) -> dict[str, dict[str, object]]:
    """The fields where the approved draft differs from the extracted candidate."""
    extracted = draft_from_proposal(proposal)
    changed = {}
    for item in fields(RoundDraft):
        before, after = getattr(extracted, item.name), getattr(draft, item.name)
        if item.name == "investors":
            before, after = _investor_list(before), _investor_list(after)
        if before != after:
            changed[item.name] = {"extracted": _json(before), "approved": _json(after)}
    return changed


def _claim(
    proposal: RoundProposal, status: str, *, editor: AbstractBaseUser, note: str
) -> None:
    claimed = RoundProposal.objects.filter(
        pk=proposal.pk, status=ProposalStatus.PENDING
    ).update(status=status, reviewed_by=editor, reviewed_at=timezone.now(), note=note)
    if not claimed:
        raise ProposalAlreadyDecided(f"Proposal {proposal.pk} was already decided.")
    proposal.refresh_from_db()


def _finish(proposal: RoundProposal, round: FundingRound, draft: RoundDraft) -> None:
    proposal.round = round
    proposal.changes = changes_between(proposal, draft)
    proposal.save(update_fields=["round", "changes"])


def _company(
    draft: RoundDraft, *, editor: AbstractBaseUser, proposal: RoundProposal
) -> Company:
    if draft.company_id is not None:
        return Company.objects.get(pk=draft.company_id)
    company, created = Company.objects.get_or_create_named(draft.company_name)
    if created:
        _record_created(company, editor=editor, proposal=proposal)
    return company


def _add_investors(
    round: FundingRound,
    choices: tuple[InvestorChoice, ...],
    proposal: RoundProposal,
    *,
    editor: AbstractBaseUser,
) -> None:
    text = proposal.article.text
    for choice in choices:
        if choice.investor_id is not None:
            investor = Investor.objects.get(pk=choice.investor_id)
        else:
            investor, created = Investor.objects.get_or_create_named(choice.name)
            if created:
                _record_created(investor, editor=editor, proposal=proposal)
        evidence = [
            span
            for span in proposal.evidence
            if span["field"] in ("lead_investors", "participants")
            and text[span["start"] : span["end"]] == choice.name
        ]
        investment, created = Investment.objects.get_or_create(
            round=round,
            investor=investor,
            defaults={"is_lead": choice.is_lead, "evidence": evidence},
        )
        if not created and choice.is_lead and not investment.is_lead:
            investment.is_lead = True
            investment.evidence = investment.evidence + evidence
            investment.save(update_fields=["is_lead", "evidence"])


def _record_created(
    obj: Company | Investor, *, editor: AbstractBaseUser, proposal: RoundProposal
) -> None:
    audit.record(
        obj,
        action=AuditAction.CREATE,
        via="review",
        user=editor,
        proposal=proposal,
        changes=audit.changes_between({}, audit.snapshot(obj)),
    )


def _record_former_names(
    round: FundingRound,
    draft: RoundDraft,
    proposal: RoundProposal,
    *,
    editor: AbstractBaseUser,
) -> None:
    """Keep the earlier names the editor ticked as aliases of the round's company and investors."""
    text = proposal.article.text
    if draft.record_company_former_name:
        _add_alias(
            round.company,
            former_name(text, draft.company_name),
            editor,
            proposal,
        )
    investors = {normalize_name(i.name): i for i in round.investors.all()}
    for choice in draft.investors:
        if not choice.record_former_name:
            continue
        investor = (
            Investor.objects.get(pk=choice.investor_id)
            if choice.investor_id is not None
            else investors.get(normalize_name(choice.name))
            or matching.match_investor(choice.name)
        )
        if investor is not None:
            _add_alias(
                investor,
                former_name(text, choice.name),
                editor,
                proposal,
            )


def _add_alias(
    owner: Company | Investor,
    name: str,
    editor: AbstractBaseUser,
    proposal: RoundProposal,
) -> None:
    """One spelling resolves to one row: a name already known as someone's alias is left alone."""
    before = audit.snapshot(owner)
    if owner.add_alias(name):
        audit.record(
            owner,
            action=AuditAction.CHANGE,
            via="review",
            user=editor,
            proposal=proposal,
            changes=audit.changes_between(before, audit.snapshot(owner)),
        )


def _known_investor_id(name: str) -> int | None:
    investor = matching.match_investor(name)
    return investor.pk if investor else None


def _investor_list(choices: tuple[InvestorChoice, ...]) -> list[tuple[str, bool]]:
    return sorted((choice.name, choice.is_lead) for choice in choices)


def _decimal(value: object) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def _json(value: object) -> object:
    if isinstance(value, Decimal | dt.date):
        return str(value)
    return value
