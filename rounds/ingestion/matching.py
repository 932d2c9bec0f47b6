"""Round proposals: candidates from the extractor, matched to what the database already knows."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection, transaction
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

# Fuzzy matching: how many names PostgreSQL's trigram index hands to rapidfuzz, and how close
# counts as close (rapidfuzz's WRatio, 0-100).
FUZZY_POOL = 50
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
            fill_proposal(proposal, candidate)
        proposals.append(proposal)
    article.status = ArticleStatus.EXTRACTED
    article.error = ""
    article.save(update_fields=["status", "error", "updated_at"])
    return proposals


def fill_proposal(proposal: RoundProposal, candidate: RoundCandidate) -> None:
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


@dataclass(frozen=True)
class Match:
    """A stored company or investor that a name may stand for, and why."""

    row: Company | Investor
    # "exact" (its own name), "alias" (another of its names), "fuzzy" (a close name), or
    # "chosen" (the editor's pick, whatever its name):
    how: str
    # 100 for exact and alias matches; for fuzzy ones rapidfuzz's WRatio, 0 to 100:
    score: int
    # The stored name that matched, when it is not the row's own:
    via: str = ""

    def describe(self) -> str:
        """How the match reads on the review page.

        >>> Match(Investor(name="HongShan"), "alias", 100, "Sequoia China").describe()
        'HongShan (alias “Sequoia China”)'
        >>> Match(Company(name="Lumora Health"), "fuzzy", 92).describe()
        'Lumora Health (fuzzy 92%)'
        """
        if self.how == "exact":
            return f"{self.row.name} (exact)"
        if self.how == "alias":
            return f"{self.row.name} (alias “{self.via}”)"
        if self.how == "chosen":
            return self.row.name
        via = f", as “{self.via}”" if self.via else ""
        return f"{self.row.name} (fuzzy {self.score}%{via})"


def find_matches(
    model: type[Company] | type[Investor], name: str, *, limit: int = 4
) -> list[Match]:
    """The stored rows `name` may stand for, best first: the one it resolves to, then close ones.

    Every name of every row is compared: its own, former ones, other spellings (the aliases).
    On PostgreSQL the trigram index of the aliases' normalized names (pg_trgm, migration 0003)
    picks the FUZZY_POOL most similar; on SQLite every alias is read. rapidfuzz scores them,
    so that both databases score alike, and leaves out those under FUZZY_CUTOFF. At most
    three queries.
    """
    key = normalize_name(name)
    if not key:
        return []
    aliases = model._meta.get_field("aliases").related_model
    owner = aliases.owner_field
    matches = []
    exact = aliases.objects.filter(normalized=key).select_related(owner).first()
    if exact is not None:
        row = getattr(exact, owner)
        own = row.name_normalized == key
        matches.append(
            Match(row, "exact" if own else "alias", 100, "" if own else exact.name)
        )
    pool = aliases.objects.exclude(normalized=key).order_by()
    if exact is not None:
        pool = pool.exclude(**{owner: matches[0].row})
    if connection.vendor == "postgresql":
        pool = pool.filter(normalized__trigram_similar=key).order_by(
            TrigramSimilarity("normalized", key).desc()
        )[:FUZZY_POOL]
    names = {
        pk: (row_id, alias, normalized)
        for pk, row_id, alias, normalized in pool.values_list(
            "pk", f"{owner}_id", "name", "normalized"
        )
    }
    scored = process.extract(
        key,
        {pk: normalized for pk, (_, _, normalized) in names.items()},
        scorer=fuzz.WRatio,
        limit=None,
        score_cutoff=FUZZY_CUTOFF,
    )
    best: dict[int, tuple[int, str]] = {}
    for _, score, pk in scored:  # best first
        row_id, alias, _ = names[pk]
        best.setdefault(row_id, (round(score), alias))
    closest = list(best.items())[: limit - len(matches)]
    rows = model.objects.in_bulk([row_id for row_id, _ in closest])
    for row_id, (score, alias) in closest:
        if row_id in rows:
            row = rows[row_id]
            via = "" if normalize_name(alias) == row.name_normalized else alias
            matches.append(Match(row, "fuzzy", score, via))
    return matches
