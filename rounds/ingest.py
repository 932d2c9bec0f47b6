"""Articles in, round proposals out: the steps every source (feed, URL, paste, file) shares.

Each step is idempotent: the same text or URL gives one Article, and extracting an article again
updates its pending proposals instead of adding new ones.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from pathlib import Path

from django.db import IntegrityError, transaction
from django.db.models import Q

from rounds.canonical import canonical_url
from rounds.enums import FetchStatus, ProposalStatus, SourceKind
from rounds.extraction import RoundCandidate, extract_rounds
from rounds.models import Article, Company, Feed, FundingRound, Investor, RoundProposal
from rounds.names import normalize_name
from rounds.pages import NoMainText, read_page

MAX_FILE_BYTES = 5_000_000
FILE_SUFFIXES = (".txt", ".html", ".htm")


class UnreadableFile(ValueError):
    """A file that cannot become an article; the message says why."""


# A round of the same company this close in time is probably the same round told again.
DUPLICATE_WINDOW = dt.timedelta(days=90)


def store_text(
    text: str,
    *,
    source_kind: SourceKind = SourceKind.PASTE,
    title: str = "",
    url: str = "",
    published_on: dt.date | None = None,
    source_name: str = "",
    feed: Feed | None = None,
) -> tuple[Article, bool]:
    """Store an article's main text, or return the article already stored for its URL or text.

    Returns the article and whether it is new.
    """
    url = canonical_url(url) if url else ""
    content_hash = Article.hash_text(text)
    existing = _find_article(url, content_hash)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            article = Article.objects.create(
                url=url,
                title=title[:500],
                text=text,
                content_hash=content_hash,
                published_on=published_on,
                source_name=source_name[:200],
                feed=feed,
                source_kind=source_kind,
                status=FetchStatus.FETCHED,
            )
    except IntegrityError:
        # Another worker stored the same story a moment ago:
        existing = _find_article(url, content_hash)
        if existing is None:
            raise
        return existing, False
    return article, True


def store_file(path: Path) -> tuple[Article, bool]:
    """Store a .txt or .html file as an article (see store_text), or raise UnreadableFile."""
    if path.suffix.lower() not in FILE_SUFFIXES:
        raise UnreadableFile(f"{path.name}: only .txt and .html files can be ingested.")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"{path.name}: larger than {MAX_FILE_BYTES // 1_000_000} MB."
        )
    try:
        content = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise UnreadableFile(f"{path.name}: not UTF-8 text.") from None
    if path.suffix.lower() == ".txt":
        if not content.strip():
            raise UnreadableFile(f"{path.name}: the file is empty.")
        title = content.strip().splitlines()[0][:200]
        return store_text(content, source_kind=SourceKind.FILE, title=title)
    try:
        page = read_page(content)
    except NoMainText:
        raise UnreadableFile(
            f"{path.name}: no article text found in the HTML."
        ) from None
    return store_text(
        page.text,
        title=page.title,
        published_on=page.published_on,
        source_name=page.site_name,
    )


def _find_article(url: str, content_hash: str) -> Article | None:
    match = (
        Q(content_hash=content_hash) | Q(url=url)
        if url
        else Q(content_hash=content_hash)
    )
    return Article.objects.filter(match).order_by("pk").first()


@transaction.atomic
def extract_article(article: Article) -> list[RoundProposal]:
    """Run the extractor on the article and store one proposal per candidate round.

    Steps: extract; for each candidate, create or update the pending proposal with the same
    fingerprint (decided ones are left as the editor left them), with the company, investors and
    a possible duplicate round matched in the database; mark the article extracted.
    """
    candidates = extract_rounds(article.text, article.published_on)
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
    article.status = FetchStatus.EXTRACTED
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
    """The company whose name or alias normalizes like `name`, if exactly one does."""
    key = normalize_name(name)
    matches = Company.objects.filter(
        Q(name_normalized=key) | Q(aliases__normalized=key)
    ).distinct()[:2]
    return matches[0] if len(matches) == 1 else None


def match_investor(name: str) -> Investor | None:
    """The investor whose name or alias normalizes like `name`, if exactly one does."""
    key = normalize_name(name)
    matches = Investor.objects.filter(
        Q(name_normalized=key) | Q(aliases__normalized=key)
    ).distinct()[:2]
    return matches[0] if len(matches) == 1 else None


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
