"""Round proposals: candidates from the extractor, matched to what the database already knows."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.db import transaction
from django.db.models import Value
from django.utils import timezone
from rapidfuzz import fuzz, process

from rounds import fx
from rounds.enums import ArticleStatus, ProposalStatus
from rounds.extraction import RoundCandidate
from rounds.extraction.names import normalize_name
from rounds.models import (
    Article,
    Company,
    CompanyAlias,
    FundingRound,
    Investor,
    InvestorAlias,
    RoundProposal,
)
from rounds.review import queue

# Fuzzy matching: how many names to compare at most, and how close counts as close (0-100).
FUZZY_POOL = 2000
FUZZY_CUTOFF = 80
# A round of the same company this close in time is probably the same round told again.
DUPLICATE_WINDOW = dt.timedelta(days=90)
# The longest name, in words, looked for in an article's text.
NAME_WORDS = 5
_WORD_RE = re.compile(r"[^\W_][\w&.'’+-]*")


def known_names(text: str) -> tuple[list[str], list[str]]:
    """The stored companies and investors an article names, for the extractor to recognise.

    One query: every run of up to NAME_WORDS words that starts with a capital (or a letter of
    a script without case) is looked up among the normalized names of both tables.
    """
    words = _WORD_RE.findall(text)
    keys = {
        normalize_name(" ".join(words[start : start + length]))
        for start, word in enumerate(words)
        if not word[0].islower()
        for length in range(1, NAME_WORDS + 1)
    } - {""}
    if not keys:
        return [], []
    companies = (
        CompanyAlias.objects.filter(normalized__in=keys)
        .order_by()
        .values_list("name", Value("company"))
    )
    investors = (
        InvestorAlias.objects.filter(normalized__in=keys)
        .order_by()
        .values_list("name", Value("investor"))
    )
    found = list(companies.union(investors, all=True))
    return (
        [name for name, kind in found if kind == "company"],
        [name for name, kind in found if kind == "investor"],
    )


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
            defaults={"candidate": candidate.to_json()},
        )
        if proposal.status == ProposalStatus.PENDING:
            _fill_proposal(proposal, candidate)
        proposals.append(proposal)
    article.status = ArticleStatus.EXTRACTED
    article.error = ""
    article.save(update_fields=["status", "error", "updated_at"])
    return proposals


def _fill_proposal(proposal: RoundProposal, candidate: RoundCandidate) -> None:
    company = Company.objects.named(candidate.company).first()
    names = [*candidate.lead_investors, *candidate.participants]
    investors = Investor.objects.named_many(names)
    proposal.candidate = candidate.to_json()
    proposal.evidence = proposal.candidate["evidence"]
    proposal.confidence = min(max(candidate.confidence, 0.0), 1.0)
    proposal.amount_usd = fx.to_usd(
        candidate.amount,
        candidate.currency or "",
        candidate.date or proposal.article.published_on or timezone.localdate(),
    )
    proposal.ready = queue.is_ready(
        candidate,
        company_matched=company is not None,
        investors_matched=len(investors) == len({normalize_name(n) for n in names}),
    )
    proposal.suggested_company = company
    proposal.duplicate_of = (
        find_duplicate_round(
            company,
            round_type=candidate.round_type,
            amount=candidate.amount,
            currency=candidate.currency or "",
            on=candidate.date,
        )
        if company
        else None
    )
    proposal.save()
    proposal.suggested_investors.set(investors.values())


def find_duplicate_round(
    company: Company,
    *,
    round_type: str,
    amount: Decimal | None,
    currency: str,
    on: dt.date | None,
) -> FundingRound | None:
    """A stored round of the company that these terms probably describe again."""
    rounds = FundingRound.objects.filter(company=company)
    if on:
        rounds = rounds.filter(
            announced_on__range=(on - DUPLICATE_WINDOW, on + DUPLICATE_WINDOW)
        )
    if round_type != "unknown":
        rounds = rounds.filter(round_type__in=[round_type, "unknown"])
    for round in rounds.order_by("-announced_on")[:10]:
        if _amounts_agree(round, amount, currency):
            return round
    return None


def _amounts_agree(round: FundingRound, amount: Decimal | None, currency: str) -> bool:
    """Unknown amounts agree with anything; known ones within 15 % in the same currency."""
    if round.amount is None or amount is None:
        return True
    if round.currency != currency or round.amount == 0:
        return round.currency == currency and amount == 0
    return abs(round.amount - amount) / round.amount <= Decimal("0.15")


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
