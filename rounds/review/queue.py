"""The review queue: pending proposals filtered, sorted and paged, with what waits counted, and
which proposals are sure enough to approve in bulk."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q

from rounds import money
from rounds.enums import RoundType
from rounds.extraction.types import RoundCandidate
from rounds.models import RoundProposal

# Confidence bands: at HIGH and above a value is sure, below LOW it is a guess.
HIGH, LOW = 0.8, 0.5
PAGE_SIZE = 50
# The fields of a round an editor approves (hints about the company are not among them).
ROUND_FIELDS = frozenset(
    {
        "company",
        "round_type",
        "amount",
        "valuation",
        "lead_investors",
        "participants",
        "status",
        "date",
    }
)

ORDERS = {
    "newest": ("Newest first", ("-created_at", "-pk")),
    "largest": (
        "Largest first",
        (F("amount_usd").desc(nulls_last=True), "-created_at", "-pk"),
    ),
    "least_confident": ("Least confident first", ("confidence", "-created_at", "-pk")),
    "confident": ("Most confident first", ("-confidence", "-created_at", "-pk")),
}
BANDS = {
    "high": ("High (≥ 0.8)", Q(confidence__gte=HIGH)),
    "medium": ("Medium", Q(confidence__gte=LOW, confidence__lt=HIGH)),
    "low": ("Low (< 0.5)", Q(confidence__lt=LOW)),
}
# Why a proposal needs an editor's eye, or does not: each is counted and can be filtered on.
REASONS = {
    "ready": ("Ready to approve in bulk", Q(ready=True)),
    "duplicate": ("Possible duplicate", Q(duplicate_of__isnull=False)),
    "new_company": ("Company not stored yet", Q(suggested_company__isnull=True)),
    "correction": ("An analyst's correction", Q(corrects__isnull=False)),
}


def is_ready(
    candidate: RoundCandidate, *, company_matched: bool, investors_matched: bool
) -> bool:
    """Sure enough to approve as extracted, with others, without opening it.

    Every round field the extractor filled has high confidence, and so has the whole; the
    company and every investor are stored ones; and no second extractor read it otherwise.

    >>> sure = RoundCandidate("Acme", confidence=0.9, field_confidence=(("company", 0.9),))
    >>> is_ready(sure, company_matched=True, investors_matched=True)
    True
    >>> is_ready(sure, company_matched=False, investors_matched=True)
    False
    """
    fields = [
        value for name, value in candidate.field_confidence if name in ROUND_FIELDS
    ]
    return (
        company_matched
        and investors_matched
        and candidate.confidence >= HIGH
        and bool(fields)
        and min(fields) >= HIGH
        and not any(source.alternative for source in candidate.provenance)
    )


@dataclass(frozen=True)
class QueueRow:
    """A pending proposal as the queue shows it."""

    proposal: RoundProposal
    company: str
    round: str
    lead: str
    amount: str
    valuation: str
    date: str


@dataclass(frozen=True)
class Queue:
    rows: list[QueueRow]
    page: Page
    counts: dict[str, int]


def queue(filters: dict[str, Any], page_number: object = 1) -> Queue:
    """One page of the pending proposals that `filters` (QueueFilterForm's data) selects.

    Three queries: the counts of what waits, the count of what the filters select, the rows.
    """
    pending = RoundProposal.objects.pending()
    selected = pending.select_related("article", "article__feed")
    if filters.get("source_kind"):
        selected = selected.filter(article__source_kind=filters["source_kind"])
    if filters.get("feed"):
        selected = selected.filter(article__feed=filters["feed"])
    if filters.get("confidence"):
        selected = selected.filter(BANDS[filters["confidence"]][1])
    if filters.get("waiting"):
        selected = selected.filter(REASONS[filters["waiting"]][1])
    selected = selected.order_by(*ORDERS[filters.get("order") or "newest"][1])
    counts = pending.aggregate(
        total=Count("pk"),
        **{name: Count("pk", filter=q) for name, (_, q) in (BANDS | REASONS).items()},
    )
    page = Paginator(selected, PAGE_SIZE).get_page(page_number)
    return Queue(rows=[row(p) for p in page.object_list], page=page, counts=counts)


def row(proposal: RoundProposal) -> QueueRow:
    """The proposal's company, round, lead, amount, valuation and date, as lists show them."""
    candidate = proposal.extracted
    return QueueRow(
        proposal=proposal,
        company=candidate.company,
        round=candidate.round_label or str(RoundType(candidate.round_type).label),
        lead=", ".join(candidate.lead_investors),
        amount=money.short_money(
            candidate.amount, candidate.currency or "", candidate.amount_qualifier or ""
        ),
        valuation=money.short_money(
            candidate.valuation,
            candidate.valuation_currency or "",
            candidate.valuation_qualifier or "",
        ),
        date=_date(candidate),
    )


def _date(candidate: RoundCandidate) -> str:
    if candidate.date is None:
        return ""
    formats = {"year": "%Y", "month": "%b %Y"}
    return candidate.date.strftime(
        formats.get(candidate.date_precision or "", "%-d %b %Y")
    )
