"""The extractor's report card, from the editors' decisions themselves: which extracted values they
kept, changed or cleared, per field and per extractor; the rounds they added by hand because the
extractor missed them; why they rejected proposals; how fast proposals are decided; and all of it
by week and by source, so that a feed that produces junk stands out."""

from __future__ import annotations

import datetime as dt
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rounds.enums import ProposalStatus, SourceKind
from rounds.extraction.names import normalize_name
from rounds.models import RoundProposal

# The fields an editor judges, each with the RoundDraft attributes that make it up (the
# first is the value itself; a change to the others alone, e.g. the qualifier, changes it too).
FIELDS = {
    "company": ("Company", ("company_name",)),
    "round_type": ("Round type", ("round_type", "round_label")),
    "status": ("Status", ("status",)),
    "amount": ("Amount", ("amount", "currency", "amount_qualifier")),
    "valuation": (
        "Valuation",
        ("valuation", "valuation_currency", "valuation_qualifier", "valuation_basis"),
    ),
    "date": ("Date", ("announced_on", "date_precision")),
    "investors": ("Investors", ("investors",)),
}
OUTCOMES = ("kept", "changed", "cleared", "filled")
DECIDED = (ProposalStatus.APPROVED, ProposalStatus.MERGED, ProposalStatus.REJECTED)
EMPTY = (None, "", "unknown", [], ())


@dataclass
class FieldCard:
    """How editors treated one field's extracted values."""

    label: str
    kept: int = 0
    changed: int = 0
    cleared: int = 0
    # Left empty by the extractor, given a value by the editor (a miss, not an error):
    filled: int = 0

    @property
    def judged(self) -> int:
        return self.kept + self.changed + self.cleared

    @property
    def precision(self) -> float | None:
        """The share of extracted values the editors kept."""
        return self.kept / self.judged if self.judged else None


@dataclass(kw_only=True)
class Decisions:
    """What became of some proposals: rounds (approved, merged), junk (rejected), and the rounds
    editors added by hand beside them."""

    approved: int = 0
    merged: int = 0
    rejected: int = 0
    added_by_hand: int = 0

    @property
    def decided(self) -> int:
        return self.approved + self.merged + self.rejected

    @property
    def precision(self) -> float | None:
        """The share of the decided proposals that became (part of) a round."""
        return (self.approved + self.merged) / self.decided if self.decided else None

    @property
    def rejected_share(self) -> float | None:
        return self.rejected / self.decided if self.decided else None

    def count(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)


@dataclass
class ExtractorCard(Decisions):
    """One extractor's proposals, as Article.extractor names it."""

    name: str
    fields: dict[str, FieldCard] = field(
        default_factory=lambda: {
            key: FieldCard(label) for key, (label, _) in FIELDS.items()
        }
    )

    @property
    def value_precision(self) -> float | None:
        """The share of all its extracted values, every field, that editors kept."""
        kept = sum(card.kept for card in self.fields.values())
        judged = sum(card.judged for card in self.fields.values())
        return kept / judged if judged else None


@dataclass
class EditorCard:
    name: str
    decided: int = 0
    hours: set[tuple[dt.date, int]] = field(default_factory=set)

    @property
    def per_hour(self) -> float:
        """Decisions per hour in which the editor decided anything."""
        return self.decided / len(self.hours) if self.hours else 0.0


@dataclass
class Tally(Decisions):
    """The proposals of one week or one source: how many became rounds, how many were junk."""

    label: str


@dataclass
class ReportCard:
    extractors: list[ExtractorCard]
    reasons: list[tuple[str, int]]
    editors: list[EditorCard]
    added_by_hand: int
    median_hours_to_decision: float | None
    # By the week of the decision (of the addition, for rounds added by hand), newest first:
    weeks: list[Tally] = field(default_factory=list)
    # By the feed (else the site, else the kind of source), the most rejected first:
    sources: list[Tally] = field(default_factory=list)


def source_of(feed: str | None, site: str, kind: str) -> str:
    """The source an article counts for: its feed, else its site, else how it came in.

    >>> source_of("Tech wire", "example.org", "feed"), source_of(None, "", "paste")
    ('Tech wire', 'Pasted text')
    """
    return feed or site or str(SourceKind(kind).label)


def week_of(moment: dt.datetime) -> tuple[dt.date, str]:
    """The week of a moment: its Monday, and as the page names it.

    >>> week_of(dt.datetime(2026, 12, 3, 15, 0))
    (datetime.date(2026, 11, 30), 'Week of 30 Nov 2026')
    """
    monday = moment.date() - dt.timedelta(days=moment.weekday())
    return monday, f"Week of {monday.day} {monday:%b %Y}"


def outcome(field_name: str, extracted: object, changes: dict[str, dict]) -> str | None:
    """What the editor did with one field: kept, changed, cleared or filled it; None when
    both left it empty.

    >>> outcome("amount", "25000000", {})
    'kept'
    >>> outcome("amount", "25000000", {"amount": {"extracted": "25000000", "approved": None}})
    'cleared'
    """
    _, names = FIELDS[field_name]
    touched = [name for name in names if name in changes]
    if not touched:
        return None if extracted in EMPTY else "kept"
    approved = changes[names[0]]["approved"] if names[0] in changes else extracted
    if approved in EMPTY:
        return None if extracted in EMPTY else "cleared"
    return "filled" if extracted in EMPTY else "changed"


def report_card() -> ReportCard:
    """The report card of every decided proposal (two queries, then Python)."""
    extractors: dict[str, ExtractorCard] = {}
    reasons: Counter[str] = Counter()
    editors: dict[str, EditorCard] = {}
    waits = []
    weeks: dict[dt.date, Tally] = {}
    sources: dict[str, Tally] = {}
    decided = RoundProposal.objects.filter(status__in=DECIDED).select_related(
        "article__feed", "reviewed_by"
    )
    for proposal in decided.order_by():
        name = proposal.article.extractor or "rules"
        card = extractors.setdefault(name, ExtractorCard(name))
        article = proposal.article
        if proposal.added_by_id is None:
            source = source_of(
                article.feed.name if article.feed else None,
                article.source_name,
                article.source_kind,
            )
            sources.setdefault(source, Tally(source)).count(proposal.status)
            monday, label = week_of(proposal.reviewed_at or proposal.created_at)
            weeks.setdefault(monday, Tally(label)).count(proposal.status)
        if proposal.reviewed_by is not None and proposal.reviewed_at is not None:
            editor = editors.setdefault(
                proposal.reviewed_by.get_username(),
                EditorCard(proposal.reviewed_by.get_username()),
            )
            editor.decided += 1
            at = proposal.reviewed_at
            editor.hours.add((at.date(), at.hour))
            waits.append((at - proposal.article.created_at).total_seconds() / 3600)
        if proposal.added_by_id is not None:
            continue
        card.count(proposal.status)
        if proposal.status == ProposalStatus.REJECTED:
            reasons[_reason(proposal.note)] += 1
            continue
        _judge_values(proposal, name, extractors)
    # Rounds added by hand, not analysts' corrections of stored ones:
    added = RoundProposal.objects.filter(
        added_by__isnull=False, corrects__isnull=True
    ).values_list(
        "article__extractor",
        "article__feed__name",
        "article__source_name",
        "article__source_kind",
        "created_at",
    )
    for name, feed, site, kind, created_at in added.order_by():
        card = extractors.setdefault(name or "rules", ExtractorCard(name or "rules"))
        card.added_by_hand += 1
        source = source_of(feed, site, kind)
        sources.setdefault(source, Tally(source)).added_by_hand += 1
        monday, label = week_of(created_at)
        weeks.setdefault(monday, Tally(label)).added_by_hand += 1
    return ReportCard(
        extractors=sorted(extractors.values(), key=lambda card: card.name),
        reasons=reasons.most_common(20),
        editors=sorted(editors.values(), key=lambda card: -card.decided),
        added_by_hand=sum(card.added_by_hand for card in extractors.values()),
        median_hours_to_decision=statistics.median(waits) if waits else None,
        weeks=[weeks[monday] for monday in sorted(weeks, reverse=True)],
        sources=sorted(
            sources.values(),
            key=lambda tally: (
                -(tally.rejected_share or 0),
                -tally.decided,
                tally.label,
            ),
        ),
    )


def _judge_values(
    proposal: RoundProposal, extractor: str, cards: dict[str, ExtractorCard]
) -> None:
    """Count what the editor did with each value, for the extractor that proposed it.

    A value's extractor is its provenance's (EXTRACTOR=llm or both: "rules", "llm", or "both"
    when they agreed), else the article's. Where the two disagreed, the page showed the rules'
    reading and offered the model's: the model's counts as kept when the editor took it, and
    as changed otherwise.
    """
    extracted = proposal.extracted_draft()
    sources = {s.field: s for s in proposal.extracted.provenance if s.item is None}
    for key, (_, names) in FIELDS.items():
        value = getattr(extracted, names[0])
        done = outcome(key, value, proposal.changes)
        if done is None:
            continue
        source = sources.get(key)
        _count(cards, source.extractor if source else extractor, key, done)
        alternative = dict(source.alternative).get(key) if source else None
        if alternative is not None and done in ("kept", "changed"):
            approved = proposal.changes.get(names[0], {}).get("approved", value)
            taken = done == "changed" and _same(key, approved, alternative)
            _count(cards, "llm", key, "kept" if taken else "changed")


def _count(
    cards: dict[str, ExtractorCard], extractor: str, key: str, done: str
) -> None:
    card = cards.setdefault(extractor, ExtractorCard(extractor)).fields[key]
    setattr(card, done, getattr(card, done) + 1)


def _same(key: str, approved: object, alternative: object) -> bool:
    """Whether the editor's value is the other extractor's reading."""
    if key in ("amount", "valuation"):
        try:
            return Decimal(str(approved)) == Decimal(str(alternative))
        except InvalidOperation:
            return False
    if key == "company":
        return normalize_name(str(approved)) == normalize_name(str(alternative))
    return str(approved) == str(alternative)


def _reason(note: str) -> str:
    """A rejection reason, so that "Not a round." and "not a round" count as one."""
    return (
        re.sub(r"[\s.!]+$", "", " ".join(note.split())).lower() or "(no reason given)"
    )
