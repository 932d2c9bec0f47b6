"""A hostile article and everything the pipeline makes of it, for the tests of this folder.

Each payload sets `window.__pwned` if a browser ever runs it, so a browser test can tell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from rounds.extraction import Evidence, RoundCandidate
from rounds.ingestion import matching, pipeline
from rounds.models import (
    Article,
    Company,
    Feed,
    FundingRound,
    Investor,
    RoundProposal,
)
from rounds.review import decisions

SCRIPT = "<script>window.__pwned='script'</script>"
IMG = "<img src=x onerror=\"window.__pwned='img'\">"
SVG = "<svg onload=\"window.__pwned='svg'\">"
JS_LINK = "<a href=\"javascript:window.__pwned='link'\">click</a>"
ATTRIBUTE = "\" autofocus onfocus=\"window.__pwned='attribute'"
FORMULA = '=HYPERLINK("https://evil.example/","Acme")'

COMPANY = f"{FORMULA}{SCRIPT}"
LEAD = f"{IMG} Capital"
PARTICIPANT = f"@SUM(1+1) {SVG}"
SECOND_COMPANY = f"+Beta {JS_LINK}"
TITLE = f"<b>Series A</b> for <i>Acme</i>{SCRIPT}"
FEED_NAME = f"Feed {SVG}"
ERROR = f"Refused: {IMG}"
TEXT = (
    f"{COMPANY} raised $12 million in a Series A round led by {LEAD}, with {PARTICIPANT}.\n\n"
    f"Read more: {JS_LINK} and {ATTRIBUTE}.\n\n"
    f"{SECOND_COMPANY} raised $3 million in a seed round.\n"
)
# Every hostile string as it is stored, which the pages must show as text:
NAMES = [COMPANY, LEAD, PARTICIPANT, SECOND_COMPANY, TITLE, FEED_NAME]


@dataclass
class Hostile:
    article: Article
    failed: Article
    feed: Feed
    company: Company
    lead: Investor
    participant: Investor
    round: FundingRound
    approved: RoundProposal
    pending: RoundProposal


def _span(field: str, value: str, after: int = 0) -> Evidence:
    start = TEXT.index(value, after)
    return Evidence(field, start, start + len(value))


def make_hostile(editor) -> Hostile:
    """Store the article through ingest, its proposals through matching.propose_rounds, and
    approve one through review: the same code paths as the workers and the editors."""
    article, _ = pipeline.store_text(
        TEXT, title=TITLE, published_on=dt.date(2024, 5, 2), source_name=FEED_NAME
    )
    feed, _ = pipeline.add_feed("https://news.example/feed.xml", name=FEED_NAME)
    Article.objects.filter(pk=article.pk).update(feed=feed)
    failed, _ = pipeline.queue_url(
        "https://news.example/hostile?q=%3Cscript%3E", feed=feed, title=TITLE
    )
    pipeline.mark_failed(failed, ERROR)
    first = RoundCandidate(
        company=COMPANY,
        round_type="series_a",
        amount=Decimal("12000000"),
        currency="USD",
        amount_qualifier="exact",
        lead_investors=(LEAD,),
        participants=(PARTICIPANT,),
        date=dt.date(2024, 5, 1),
        confidence=0.9,
        evidence=(
            _span("company", COMPANY),
            _span("amount", "$12 million"),
            _span("lead_investors", LEAD),
            _span("participants", PARTICIPANT),
        ),
        round_label="Series A",
    )
    second = RoundCandidate(
        company=SECOND_COMPANY,
        round_type="seed",
        amount=Decimal("3000000"),
        currency="USD",
        amount_qualifier="exact",
        confidence=0.6,
        evidence=(
            _span("company", SECOND_COMPANY, TEXT.index("Read more")),
            _span("amount", "$3 million"),
        ),
    )
    approved, pending = matching.propose_rounds(article, [first, second])
    round = decisions.approve_proposal(approved, editor=editor)
    company = Company.objects.get(pk=round.company_id)
    # A website that a careless import could store; the pages must not link it:
    Company.objects.filter(pk=company.pk).update(
        website="javascript:window.__pwned='website'"
    )
    company.refresh_from_db()
    return Hostile(
        article=article,
        failed=failed,
        feed=feed,
        company=company,
        lead=Investor.objects.get(name=LEAD),
        participant=Investor.objects.get(name=PARTICIPANT),
        round=round,
        approved=approved,
        pending=pending,
    )
