"""Corrections from analysts: "this figure is wrong", with a note, the value they believe right
and, when they have one, the address of an article that shows it.

A correction is a proposal in the review queue, marked as correcting the stored round: its
candidate is the round as stored with the analyst's value in place, so the review page shows
the two side by side. An editor applies it to the round (decisions.apply_correction) or
rejects it, as any other proposal.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils import timezone

from rounds import fx, money
from rounds.enums import ArticleStatus, RoundStatus, RoundType, SourceKind
from rounds.extraction.types import RoundCandidate
from rounds.ingestion import pipeline
from rounds.models import Article, FundingRound, RoundProposal

# What an analyst can say is wrong, as the form offers it:
FIELDS = {
    "amount": "Amount",
    "valuation": "Valuation",
    "round_type": "Round type",
    "status": "Status",
    "date": "Announcement date",
    "other": "Something else (say what in the note)",
}


def read_value(field: str, text: str, round: FundingRound) -> dict[str, object]:
    """The candidate's fields as the analyst's value for `field` sets them; ValueError with
    what to write instead when it cannot be read. An amount without a currency takes the
    round's. Nothing for "other": the note says it.
    """
    text = text.strip()
    if field in ("amount", "valuation"):
        prefix = "" if field == "amount" else "valuation_"
        stored = round.currency if field == "amount" else round.valuation_currency
        found, error = money.read_money(text, stored or round.currency)
        if error or found is None:
            raise ValueError(error or "Write an amount, e.g. $25M or €1.2bn.")
        return {
            field: found.amount,
            f"{prefix}currency": found.currency,
            f"{field}_qualifier": found.qualifier,
        }
    if field == "round_type":
        return {"round_type": _choice(RoundType, text), "round_label": None}
    if field == "status":
        return {"status": _choice(RoundStatus, text)}
    if field == "date":
        try:
            return {"date": dt.date.fromisoformat(text), "date_precision": "day"}
        except ValueError:
            raise ValueError("Write the date as year-month-day: 2024-03-05.") from None
    return {}


def _choice(choices: type[models.TextChoices], text: str) -> str:
    """The choice `text` names by its value or its label, case and punctuation aside."""
    wanted = _folded(text)
    for choice in choices:
        if wanted in (_folded(choice.value), _folded(str(choice.label))):
            return str(choice.value)
    raise ValueError(
        "Write one of: " + ", ".join(str(choice.label) for choice in choices) + "."
    )


def _folded(text: str) -> str:
    return " ".join(re.sub(r"[-_.]", " ", text.lower()).split())


def candidate_for(round: FundingRound) -> RoundCandidate:
    """The stored round as the extractor would have proposed it."""
    investments = list(
        round.investments.select_related("investor").order_by("-is_lead", "pk")
    )
    return RoundCandidate(
        company=round.company.name,
        round_type=round.round_type,
        round_label=round.round_label or None,
        amount=round.amount,
        currency=round.currency or None,
        amount_qualifier=round.amount_qualifier or None,
        valuation=round.valuation,
        valuation_currency=round.valuation_currency or None,
        valuation_qualifier=round.valuation_qualifier or None,
        valuation_basis=round.valuation_basis or None,
        lead_investors=tuple(i.investor.name for i in investments if i.is_lead),
        participants=tuple(i.investor.name for i in investments if not i.is_lead),
        status=round.status,
        date=round.announced_on,
        date_precision=round.date_precision if round.announced_on else None,
        company_country=round.company.country or None,
        fingerprint=f"round|{round.pk}",
    )


def article_for(round: FundingRound) -> Article | None:
    """The article a correction without an address of its own is checked against: the round's
    latest source."""
    source = (
        round.round_sources.select_related("article")
        .order_by("-article__published_on", "-pk")
        .first()
    )
    return source.article if source else None


@transaction.atomic
def suggest_correction(
    round: FundingRound,
    *,
    analyst: AbstractBaseUser,
    field: str,
    value: str,
    changes: dict[str, object],
    note: str,
    url: str = "",
) -> tuple[RoundProposal, bool]:
    """A pending proposal that corrects `round`, and whether it is new.

    Steps: the article is the one at `url`, queued for fetching when new (InvalidURL), else
    the round's latest source, else the analyst's note (note_article); the candidate is the round as
    stored with `changes` in place (the fields the analyst's `value` sets, none when they
    only say the figure is wrong). The same correction sent twice (the same analyst, round,
    field, value, note and address: a double click) is one proposal.
    """
    if url:
        article, _ = pipeline.queue_url(url)
    else:
        article = article_for(round) or note_article(round, analyst, note)
    said = {"field": field, "value": value, "note": note, "url": url}
    candidate = dataclasses.replace(
        candidate_for(round),
        **changes,
        fingerprint=_fingerprint(round, analyst, said),
    )
    proposal, created = RoundProposal.objects.get_or_create(
        article=article,
        fingerprint=candidate.fingerprint,
        defaults={
            "candidate": candidate.to_json(),
            "corrects": round,
            "correction": said,
            "added_by": analyst,
            "suggested_company": round.company,
            "amount_usd": fx.to_usd(
                candidate.amount,
                candidate.currency or "",
                candidate.date or timezone.localdate(),
            ),
        },
    )
    if created:
        proposal.suggested_investors.set(round.investors.all())
    return proposal, created


def note_article(round: FundingRound, analyst: AbstractBaseUser, note: str) -> Article:
    """What a correction without an address is checked against when the round has no source:
    the analyst's note, stored as an article of its own that no extractor reads and that
    never becomes a source of the round."""
    article, _ = pipeline.store_text(
        f"{analyst.get_username()}, on round {round.pk} ({round}):\n\n{note}",
        source_kind=SourceKind.NOTE,
        title=f"A correction of {round}"[:500],
        status=ArticleStatus.EXTRACTED,
    )
    return article


def _fingerprint(
    round: FundingRound, analyst: AbstractBaseUser, said: dict[str, str]
) -> str:
    digest = hashlib.sha256(json.dumps(said, sort_keys=True).encode()).hexdigest()
    return f"correction|{round.pk}|{analyst.pk}|{digest[:32]}"
