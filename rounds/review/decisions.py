"""Editors' decisions on proposals: approve into a new round, merge into an existing one, reject,
and undo any of them.

Each decision is one transaction that ends by claiming the proposal with a conditional UPDATE
(pending, at the revision the editor saw, to decided): two editors (or a double click, or the
admin and the page at once) decide it exactly once, and the loser's writes roll back with its
transaction. Every row written is recorded in the history with the editor and the decision as its
reason (`reason_for`), which is how an undo finds them again.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from rounds.analytics import summary
from rounds.enums import ProposalStatus, SourceKind
from rounds.extraction.names import normalize_name
from rounds.ingestion import matching
from rounds.models import (
    Company,
    FundingRound,
    Investment,
    Investor,
    RoundProposal,
    RoundSource,
    Sector,
    with_history,
)
from rounds.review import drafts, history
from rounds.review.drafts import InvestorChoice, RoundDraft

UndoRefused = history.UndoRefused
VERBS = {
    ProposalStatus.APPROVED: "Approved",
    ProposalStatus.MERGED: "Merged",
    ProposalStatus.REJECTED: "Rejected",
}


class ProposalAlreadyDecided(Exception):
    """Someone else decided the proposal, or undid its decision, since the editor saw it."""


def reason_for(status: str, proposal_pk: int, revision: int) -> str:
    """The reason recorded in the history of every row that one decision writes.

    >>> reason_for("approved", 12, 1)
    'Approved proposal 12 (decision 1)'
    """
    return f"{VERBS[status]} proposal {proposal_pk} (decision {revision})"


class ChosenRecordGone(Exception):
    """The company or investor the editor chose was deleted or merged in the meantime."""


class LooksLikeDuplicate(Exception):
    """A name to store as a new company or investor is close to a stored one's: choose."""


class IsACorrection(LooksLikeDuplicate):
    """The proposal corrects a stored round: approved as a new one, that round would be
    stored twice."""


@transaction.atomic
def approve_proposal(
    proposal: RoundProposal,
    *,
    editor: AbstractBaseUser,
    draft: RoundDraft | None = None,
    note: str = "",
    seen_revision: int | None = None,
) -> FundingRound:
    """Create the round the proposal describes.

    Steps: resolve the company and each investor (the chosen one, else the one the name
    resolves to, else a new one); create the round with its investments and the article as
    its source, with the evidence; keep the former names the editor ticked as aliases; claim
    the proposal with who approved it, when, and what the editor changed
    (ProposalAlreadyDecided if it is not pending at `seen_revision` any more: the revision
    the editor's page showed, by default the one loaded).
    """
    if proposal.corrects_id is not None:
        raise IsACorrection(
            "This proposal corrects a stored round: apply it to that round, or reject it."
        )
    revision = _revision(proposal, seen_revision)
    _hold(proposal, revision)
    extracted = proposal.extracted_draft()
    draft = draft or proposal.draft()
    reason = reason_for(ProposalStatus.APPROVED, proposal.pk, revision + 1)
    company, *enrichment = _enrichment(_company(draft, editor, reason), draft)
    held = _lock_investors(draft, company, recount_company=any(enrichment))
    _enrich_company(company, draft, enrichment, editor, reason)
    round = FundingRound(
        company=company, **{name: getattr(draft, name) for name in drafts.ROUND_FIELDS}
    )
    _save(round, editor, reason)
    try:
        investors = _investors(draft.investors, held, editor, reason)
    except ChosenRecordGone:
        # An investor waited for went with another editor's undo of this very proposal:
        # that is what to say.
        if not RoundProposal.objects.filter(
            pk=proposal.pk, status=ProposalStatus.PENDING, revision=revision
        ).exists():
            raise ProposalAlreadyDecided(
                f"Proposal {proposal.pk} was already decided."
            ) from None
        raise
    _add_investments(
        round, draft.investors, investors, proposal, editor, reason, new_round=True
    )
    _record_former_names(round.company, investors, draft, proposal, editor, reason)
    _save(
        RoundSource(round=round, article=proposal.article, evidence=proposal.evidence),
        editor,
        reason,
    )
    _claim(
        proposal,
        ProposalStatus.APPROVED,
        revision,
        editor=editor,
        note=note,
        round=round,
        changes=drafts.changes(extracted, draft),
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
    seen_revision: int | None = None,
) -> FundingRound:
    """Add the proposal to an existing round instead of creating a second one.

    The article becomes a source of the round; the round's empty fields are filled from the
    proposal; a field where both have different values keeps the round's value unless it is
    named in `take_from_proposal` (the editor's choice); investors missing from the round are
    added, and one the proposal calls a lead becomes a lead.
    """
    revision = _revision(proposal, seen_revision)
    extracted = proposal.extracted_draft()
    draft = draft or proposal.draft()
    reason = reason_for(ProposalStatus.MERGED, proposal.pk, revision + 1)
    round = FundingRound.objects.select_for_update().filter(pk=round.pk).first()
    if round is None:
        raise ChosenRecordGone(
            "The round to merge into is no longer stored (an undo or a deletion removed "
            "it): approve the proposal as a new round, or reject it."
        )
    for name in drafts.ROUND_FIELDS:
        value, current = getattr(draft, name), getattr(round, name)
        if value not in (None, "", "unknown") and (
            current in (None, "", "unknown") or name in take_from_proposal
        ):
            setattr(round, name, value)
    _save(round, editor, reason)
    # In the order an undo of the round's approval takes them (the round, its investors,
    # the company), not all at once as an approval does: the merge would then hold the
    # investors that undo waits for.
    company, *enrichment = _enrichment(round.company, draft)
    _enrich_company(company, draft, enrichment, editor, reason)
    held = _lock_investors(draft, company, recount_company=False)
    investors = _investors(draft.investors, held, editor, reason)
    _add_investments(round, draft.investors, investors, proposal, editor, reason)
    _record_former_names(company, investors, draft, proposal, editor, reason)
    # The round is locked, so no other merge adds this source meanwhile; an analyst's note is
    # what they said, not a source:
    if (
        proposal.article.source_kind != SourceKind.NOTE
        and not RoundSource.objects.filter(
            round=round, article=proposal.article
        ).exists()
    ):
        _save(
            RoundSource(
                round=round, article=proposal.article, evidence=proposal.evidence
            ),
            editor,
            reason,
        )
    _claim(
        proposal,
        ProposalStatus.MERGED,
        revision,
        editor=editor,
        note=note,
        round=round,
        changes=drafts.changes(extracted, draft),
    )
    return round


def apply_correction(
    proposal: RoundProposal,
    *,
    editor: AbstractBaseUser,
    draft: RoundDraft | None = None,
    note: str = "",
    seen_revision: int | None = None,
) -> FundingRound:
    """Write the values the editor approved to the round an analyst's correction corrects.

    It is a merge into that round (merge_proposal: one claim, the history, undo) in which
    every round field the editor approved wins over the stored value; a value cleared on the
    form stays on the round. ChosenRecordGone when the round is gone.
    """
    if proposal.corrects_id is None:
        raise ChosenRecordGone(
            "The round this corrects is no longer stored: reject the correction."
        )
    return merge_proposal(
        proposal,
        FundingRound(pk=proposal.corrects_id),
        editor=editor,
        draft=draft,
        take_from_proposal=frozenset(drafts.ROUND_FIELDS),
        note=note,
        seen_revision=seen_revision,
    )


def approve_ready(pks: Iterable[int], *, editor: AbstractBaseUser) -> int:
    """Approve as extracted each of these proposals that is pending and ready for it.

    Each is its own decision (and transaction); one decided meanwhile, or whose company or
    investor went, is left out. Returns how many were approved.
    """
    approved = 0
    ready = RoundProposal.objects.pending().filter(pk__in=list(pks), ready=True)
    for proposal in ready.select_related("article", "suggested_company"):
        try:
            approve_proposal(proposal, editor=editor)
        except (ProposalAlreadyDecided, ChosenRecordGone):
            continue
        approved += 1
    return approved


@transaction.atomic
def reject_proposal(
    proposal: RoundProposal,
    *,
    editor: AbstractBaseUser,
    reason: str = "",
    seen_revision: int | None = None,
) -> None:
    """Mark the proposal rejected, with the editor's reason."""
    revision = _revision(proposal, seen_revision)
    _claim(proposal, ProposalStatus.REJECTED, revision, editor=editor, note=reason)


@transaction.atomic
def undo_decision(
    proposal: RoundProposal,
    *,
    editor: AbstractBaseUser,
    seen_revision: int | None = None,
) -> None:
    """Put a decided proposal back in the queue, and revert what its decision wrote.

    The proposal is claimed first (decided, at the revision the editor saw, to pending), so an
    undo and another editor's decision or undo of the same proposal do not both happen: the
    second raises ProposalAlreadyDecided. Then the rows its decision created are deleted and
    the fields it changed are put back, through the history (rounds/review/history.py);
    UndoRefused, and nothing changed, when something written since depends on them.
    """
    revision = _revision(proposal, seen_revision)
    decided = proposal.status
    claimed = (
        RoundProposal.objects.filter(pk=proposal.pk, status=decided, revision=revision)
        .exclude(status=ProposalStatus.PENDING)
        .update(**_pending(revision + 1))
    )
    if not claimed:
        raise ProposalAlreadyDecided(
            f"Proposal {proposal.pk} changed since revision {revision}."
        )
    history.revert(
        reason_for(decided, proposal.pk, revision),
        user=editor,
        reason=f"Undid decision {revision} of proposal {proposal.pk}",
    )
    for name, value in _pending(revision + 1).items():
        setattr(proposal, name, value)


def _pending(revision: int) -> dict[str, object]:
    return {
        "status": ProposalStatus.PENDING,
        "revision": revision,
        "reviewed_by": None,
        "reviewed_at": None,
        "note": "",
        "round": None,
        "changes": {},
    }


def _revision(proposal: RoundProposal, seen: int | None) -> int:
    """The revision a decision claims the proposal at: the one the editor saw, if given."""
    if seen is not None and seen != proposal.revision:
        raise ProposalAlreadyDecided(
            f"Proposal {proposal.pk} changed since revision {seen}."
        )
    return proposal.revision


def _hold(proposal: RoundProposal, revision: int) -> None:
    """Lock the proposal's row before any other, while it is pending at `revision`
    (ProposalAlreadyDecided when it is not): a decision and an undo of one proposal, or two
    decisions, then take their locks one after the other, and the second writes nothing.
    Without it, an approval held its investors while waiting for the undo's claim, and the
    undo waited for those investors to recount them: a deadlock."""
    held = RoundProposal.objects.select_for_update().filter(
        pk=proposal.pk, status=ProposalStatus.PENDING, revision=revision
    )
    if not list(held.values_list("pk", flat=True)):
        raise ProposalAlreadyDecided(f"Proposal {proposal.pk} was already decided.")


def _claim(
    proposal: RoundProposal,
    status: str,
    revision: int,
    *,
    editor: AbstractBaseUser,
    note: str,
    round: FundingRound | None = None,
    changes: dict[str, dict[str, object]] | None = None,
) -> None:
    decided = {
        "status": status,
        "revision": revision + 1,
        "reviewed_by": editor,
        "reviewed_at": timezone.now(),
        "note": note,
        "round": round,
        "changes": changes or {},
    }
    claimed = RoundProposal.objects.filter(
        pk=proposal.pk, status=ProposalStatus.PENDING, revision=revision
    ).update(**decided)
    if not claimed:
        raise ProposalAlreadyDecided(f"Proposal {proposal.pk} was already decided.")
    for name, value in decided.items():
        setattr(proposal, name, value)


def _save(obj: models.Model, editor: AbstractBaseUser, reason: str) -> None:
    with_history(obj, editor, reason)
    obj.save()


def _company(draft: RoundDraft, editor: AbstractBaseUser, reason: str) -> Company:
    """The company of the draft: the chosen one, else the one its name resolves to, else a
    new one."""
    if draft.company_id is not None:
        company = Company.objects.filter(pk=draft.company_id).first()
        if company is None:
            raise ChosenRecordGone(
                "The company chosen is no longer stored (merged or deleted): choose again."
            )
        return company
    found = Company.objects.named(draft.company_name).first()
    if found is not None:
        return found
    if not draft.company_new:
        _refuse_close_names(Company, [draft.company_name])
    company, _ = Company.objects.get_or_create_named(
        draft.company_name,
        user=editor,
        reason=reason,
        defaults={"country": draft.company_country},
    )
    return company


def _enrichment(company: Company, draft: RoundDraft) -> tuple[Company, bool, bool]:
    """The company, and whether the approved country and the approved sectors change it (the
    form shows the stored ones: an editor's value stays unless the editor changes it, or
    clears the sectors).

    A company they change is locked first, as the UPDATE of its country locks it: before
    any investor, the order of every writer that recounts a company's leads (the admin's,
    the shell's). Rounds still point at it meanwhile (FOR NO KEY UPDATE).
    """

    def changes(company: Company) -> tuple[bool, bool]:
        country = (
            bool(draft.company_country) and company.country != draft.company_country
        )
        sectors = draft.company_sectors is not None and set(
            draft.company_sectors
        ) != set(company.sectors.values_list("slug", flat=True))
        return country, sectors

    if not any(changes(company)):
        return company, False, False
    locked = Company.objects.select_for_update(no_key=True).get(pk=company.pk)
    return locked, *changes(locked)


def _enrich_company(
    company: Company,
    draft: RoundDraft,
    enrichment: list[bool],
    editor: AbstractBaseUser,
    reason: str,
) -> None:
    """Store the country and the sectors the editor approved where they change the
    company's (`enrichment`)."""
    country, sectors = enrichment
    if country:
        company.country = draft.company_country
        _save(company, editor, reason)
    if sectors:
        # The history records the company with its new sectors, for the undo:
        with_history(company, editor, reason)
        company.sectors.set(Sector.objects.filter(slug__in=draft.company_sectors or ()))


def _lock_investors(
    draft: RoundDraft,
    company: Company,
    *,
    recount_company: bool,
) -> dict[int, Investor]:
    """Lock, in one statement and in one order, every stored investor whose counts the
    decision recounts: the draft's, and the leads of the company's rounds when its country
    or sectors change (`recount_company`).

    Taken in several steps (the company's leads as its country changed, then the draft's),
    two decisions could each hold an investor the other waits for: a deadlock. Returns the
    locked rows by id.
    """
    choices = draft.investors
    ids = {c.investor_id for c in choices if c.investor_id is not None}
    ids |= {
        investor.pk
        for investor in Investor.objects.named_many(
            c.name for c in choices if c.investor_id is None
        ).values()
    }
    if recount_company:
        ids |= set(
            Investment.objects.filter(round__company=company, is_lead=True).values_list(
                "investor_id", flat=True
            )
        )
    locked = Investor.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    return {investor.pk: investor for investor in locked}


def _refuse_close_names(
    model: type[Company] | type[Investor], names: Iterable[str]
) -> None:
    """LooksLikeDuplicate when a new name is close to a stored one, naming both."""
    close = []
    for name in names:
        found = matching.find_matches(model, name, limit=1)
        # An exact or alias match is the name itself, stored by another approval since it was
        # looked up: get_or_create_named takes that row.
        if found and found[0].how == "fuzzy":
            close.append(f"“{name}” is close to the stored {found[0].describe()}")
    if close:
        raise LooksLikeDuplicate(
            "; ".join(close) + ": choose it under Record, or choose “Create new” to "
            "store a second one."
        )


def _investors(
    choices: Iterable[InvestorChoice],
    held: dict[int, Investor],
    editor: AbstractBaseUser,
    reason: str,
) -> dict[str, Investor]:
    """The investor of each choice, by normalized name: chosen, found by name, or created.

    The stored ones are locked until the decision commits (`held`, by _lock_investors): two
    approvals naming one investor recount its summary rows one after the other
    (summary.recounting). A name stored meanwhile is locked as it is found.
    """
    choices = list(choices)
    chosen = {
        c.investor_id: held[c.investor_id]
        for c in choices
        if c.investor_id is not None and c.investor_id in held
    }
    named = (
        Investor.objects.select_for_update(of=("self",))
        .order_by("pk")
        .named_many(c.name for c in choices if c.investor_id is None)
    )
    gone = [
        c.name
        for c in choices
        if c.investor_id is not None and c.investor_id not in chosen
    ]
    if gone:
        raise ChosenRecordGone(
            f"The investor chosen for {', '.join(gone)} is no longer stored (merged or "
            "deleted): choose again."
        )
    _refuse_close_names(
        Investor,
        [
            c.name
            for c in choices
            if c.investor_id is None
            and not c.new
            and normalize_name(c.name) not in named
        ],
    )
    investors = {}
    for choice in choices:
        key = normalize_name(choice.name)
        investor = chosen.get(choice.investor_id) or named.get(key)
        if investor is None:
            investor, _ = Investor.objects.get_or_create_named(
                choice.name,
                user=editor,
                reason=reason,
                defaults={} if choice.kind is None else {"kind": choice.kind},
            )
        elif choice.kind is not None and investor.kind != choice.kind:
            investor.kind = choice.kind
            _save(investor, editor, reason)
        investors[key] = investor
    return investors


def _add_investments(
    round: FundingRound,
    choices: Iterable[InvestorChoice],
    investors: dict[str, Investor],
    proposal: RoundProposal,
    editor: AbstractBaseUser,
    reason: str,
    *,
    new_round: bool = False,
) -> None:
    """Each chosen investor in the round once, a lead if any choice says so, with its evidence."""
    text = proposal.article.text
    wanted: dict[int, Investment] = {}
    for choice in choices:
        investor = investors[normalize_name(choice.name)]
        evidence = [
            span
            for span in proposal.evidence
            if span["field"] in ("lead_investors", "participants")
            and text[span["start"] : span["end"]] == choice.name
        ]
        investment = wanted.setdefault(
            investor.pk, Investment(round=round, investor=investor, evidence=[])
        )
        investment.is_lead = investment.is_lead or choice.is_lead
        investment.evidence = investment.evidence + evidence
    stored = Investment.objects.filter(round=round, investor__in=wanted)
    existing = {} if new_round else {i.investor_id: i for i in stored}
    for investor_id, investment in existing.items():
        if wanted[investor_id].is_lead and not investment.is_lead:
            investment.is_lead = True
            investment.evidence = investment.evidence + wanted[investor_id].evidence
            _save(investment, editor, reason)
    new = [i for investor_id, i in wanted.items() if investor_id not in existing]
    if new:
        bulk_create_with_history(
            new, Investment, default_user=editor, default_change_reason=reason
        )
        # A bulk insert sends no signal; the investors are locked (_investors):
        added = Investment.objects.filter(
            round=round, investor__in=[i.investor_id for i in new]
        )
        summary.recount(summary.Counted(), summary.counted_in(added))


def _record_former_names(
    company: Company,
    investors: dict[str, Investor],
    draft: RoundDraft,
    proposal: RoundProposal,
    editor: AbstractBaseUser,
    reason: str,
) -> None:
    """Keep the earlier names the editor ticked as aliases of the company and the investors."""
    text = proposal.article.text
    if draft.record_company_former_name:
        former = drafts.former_name(text, draft.company_name)
        company.add_alias(former, user=editor, reason=reason)
    for choice in draft.investors:
        if choice.record_former_name:
            investor = investors[normalize_name(choice.name)]
            investor.add_alias(
                drafts.former_name(text, choice.name), user=editor, reason=reason
            )
