"""Round proposals: candidates from the extractor, matched to what the database already knows."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

from django.db import transaction
from rapidfuzz import fuzz, process

from rounds.enums import ArticleStatus, ProposalStatus
from rounds.extraction import RoundCandidate
from rounds.extraction.names import normalize_name
from rounds.models import Article, Company, FundingRound, Investor, RoundProposal

# Fuzzy matching: how many names to compare at most, and how close counts as close (0-100).
FUZZY_POOL = 2000
FUZZY_CUTOFF = 80
# A round of the same company this close in time is probably the same round told again.
DUPLICATE_WINDOW = dt.timedelta(days=90)


@transaction.atomic
def propose_rounds(
    article: Article, candidates: list[RoundCandidate]
) -> list[RoundProposal]:
    """Store one proposal per candidate round and mark the article extracted.

    A candidate with the fingerprint of an existing proposal updates it while it is pending
    (decided ones stay as the editor left them). The company, the investors and a possible
    duplicate round are matched in the database.
    """
    proposals = []
    for candidate in candidates:
        proposal, _ = RoundProposal.objects.get_or_create(
            article=article,
            fingerprint=candidate.fingerprint[:200],
            defaults={"candidate": candidate_as_json(candidate)},
        )
        if proposal.status == ProposalStatus.PENDING:
            _fill_proposal(proposal, candidate)
        proposals.append(proposal)
    article.status = ArticleStatus.EXTRACTED
    article.error = ""
    article.save(update_fields=["status", "error", "updated_at"])
    return proposals


def _fill_proposal(proposal: RoundProposal, candidate: RoundCandidate) -> None:
    company = match_company(candidate.company)
    proposal.candidate = candidate_as_json(candidate)
    proposal.evidence = [dataclasses.asdict(span) for span in candidate.evidence]
    proposal.confidence = min(max(candidate.confidence, 0.0), 1.0)
    proposal.suggested_company = company
    proposal.duplicate_of = (
        find_duplicate_round(company, candidate) if company else None
    )
    proposal.save()
    names = [*candidate.lead_investors, *candidate.participants]
    proposal.suggested_investors.set(
        [i for i in map(match_investor, names) if i is not None]
    )


def match_company(name: str) -> Company | None:
    """The company whose name or alias normalizes like `name`, if any."""
    return Company.objects.named(name).first()


def match_investor(name: str) -> Investor | None:
    """The investor whose name or alias normalizes like `name`, if any."""
    return Investor.objects.named(name).first()


def find_duplicate_round(
    company: Company, candidate: RoundCandidate
) -> FundingRound | None:
    """A stored round of the company that the candidate probably describes again."""
    rounds = FundingRound.objects.filter(company=company)
    if candidate.date:
        rounds = rounds.filter(
            announced_on__range=(
                candidate.date - DUPLICATE_WINDOW,
                candidate.date + DUPLICATE_WINDOW,
            )
        )
    if candidate.round_type != "unknown":
        rounds = rounds.filter(round_type__in=[candidate.round_type, "unknown"])
    for round in rounds.order_by("-announced_on")[:10]:
        if _amounts_agree(round, candidate):
            return round
    return None


def _amounts_agree(round: FundingRound, candidate: RoundCandidate) -> bool:
    """Unknown amounts agree with anything; known ones within 15 % in the same currency."""
    if round.amount is None or candidate.amount is None:
        return True
    if round.currency != candidate.currency or round.amount == 0:
        return round.currency == candidate.currency and candidate.amount == 0
    return abs(round.amount - candidate.amount) / round.amount <= Decimal("0.15")


def candidate_as_json(candidate: RoundCandidate) -> dict[str, object]:
    """The candidate as JSON-ready data: Decimals as strings, dates in ISO form."""
    data = dataclasses.asdict(candidate)
    for key, value in data.items():
        if isinstance(value, Decimal):
            data[key] = str(value)
        elif isinstance(value, dt.date):
            data[key] = value.isoformat()
        elif isinstance(value, tuple):
            data[key] = list(value)
    return data


def close_matches(
    model: type[Company] | type[Investor], name: str
) -> list[Company] | list[Investor]:
    """Rows whose name is close to `name` (a typo, a missing word), best first.

    Only names that share its first two letters are compared, so the cost stays bounded.
    """
    key = normalize_name(name)
    if not key:
        return []
    pool = list(
        model.objects.filter(name_normalized__startswith=key[:2]).values_list(
            "pk", "name_normalized"
        )[:FUZZY_POOL]
    )
    found = process.extract(
        key,
        dict(pool),
        scorer=fuzz.WRatio,
        limit=4,
        score_cutoff=FUZZY_CUTOFF,
    )
    ids = [pk for _, _, pk in found]
    rows = model.objects.in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]
