"""The editors' decisions as a labelled corpus, in the format of ../shared/eval/, so that
`score.py --corpus DIR` scores the extractor on the team's own articles.

One file per article whose every proposal is decided: its text, and as gold each round the
editors approved or merged from it, with the values they approved (the extracted ones as they
corrected them). A rejected proposal labels nothing, so the extractor's junk counts against it.
An analyst's correction checked against an article is a decision on it too: where two
decisions on one article give the same round, the later one is the gold.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db.models import Count, Q
from django.utils.text import slugify

from rounds.enums import ProposalStatus, SourceKind
from rounds.extraction.names import normalize_name
from rounds.models import Article, RoundProposal
from rounds.review.drafts import InvestorChoice, RoundDraft

KEPT = (ProposalStatus.APPROVED, ProposalStatus.MERGED)

_MONEY = {"type": ["number", "null"], "minimum": 0}
_CODE = {"type": ["string", "null"], "pattern": "^[A-Z]{3}$"}
_QUALIFIER = {
    "enum": ["exact", "at_least", "more_than", "about", "up_to", None],
}
_NAMES = {"type": "array", "items": {"type": "string", "minLength": 1}}
# One labelled article as score.py reads it and ../shared/eval/CONVENTIONS.md labels it:
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["id", "text", "gold"],
    "properties": {
        "id": {"type": "string", "minLength": 1},
        "url": {"type": ["string", "null"]},
        "title": {"type": ["string", "null"]},
        "published": {"type": ["string", "null"], "format": "date"},
        "text": {"type": "string", "minLength": 1},
        "notes": {"type": "string"},
        "gold": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["company", "round_type", "status"],
                "properties": {
                    "company": {"type": "string", "minLength": 1},
                    "round_type": {
                        "enum": [
                            "pre_seed",
                            "seed",
                            "series_a",
                            "series_b",
                            "series_c",
                            "series_d",
                            "series_e",
                            "series_f_plus",
                            "growth",
                            "strategic",
                            "debt",
                            "convertible",
                            "grant",
                            "unknown",
                        ]
                    },  # fmt: skip
                    "amount": _MONEY,
                    "currency": _CODE,
                    "amount_qualifier": _QUALIFIER,
                    "valuation": _MONEY,
                    "valuation_currency": _CODE,
                    "valuation_qualifier": _QUALIFIER,
                    "valuation_basis": {"enum": ["pre", "post", None]},
                    "lead_investors": _NAMES,
                    "participants": _NAMES,
                    "status": {"enum": ["in_progress", "announced"]},
                    "date": {"type": ["string", "null"], "format": "date"},
                    "primary": {"type": "boolean"},
                },
            },
        },
    },
}


def decided_articles() -> list[Article]:
    """The articles with text whose proposals are all decided, at least one of them; not an
    analyst's note (nothing an extractor reads)."""
    return list(
        Article.objects.exclude(text="")
        .exclude(source_kind=SourceKind.NOTE)
        .annotate(
            decided=Count("proposals", filter=~Q(proposals__status="pending")),
            waiting=Count("proposals", filter=Q(proposals__status="pending")),
        )
        .filter(decided__gt=0, waiting=0)
        .order_by("pk")
    )


def labelled(article: Article) -> dict[str, Any]:
    """The article and its gold rounds, in the corpus's format."""
    kept = list(article.proposals.filter(status__in=KEPT).order_by("reviewed_at", "pk"))
    # The latest decision about each round is its gold:
    latest = {(p.round_id or f"proposal {p.pk}"): p for p in kept}
    gold = [gold_round(p) for p in latest.values()]
    return {
        "id": file_id(article),
        "url": article.url or None,
        "title": article.title or None,
        "published": article.published_on.isoformat() if article.published_on else None,
        "text": article.text,
        "gold": gold,
        "notes": "Exported from Dealflow's review: "
        + (
            ", ".join(
                f"proposal {p.pk} ({p.get_status_display().lower()})" for p in kept
            )
            or "every proposal rejected, so no round"
        )
        + ".",
    }


def gold_round(proposal: RoundProposal) -> dict[str, Any]:
    """The round an editor approved or merged: the extracted values as they corrected them."""
    draft = approved_draft(proposal)
    return {
        "company": draft.company_name,
        "round_type": draft.round_type,
        "amount": _number(draft.amount),
        "currency": draft.currency or None,
        "amount_qualifier": draft.amount_qualifier or None,
        "valuation": _number(draft.valuation),
        "valuation_currency": draft.valuation_currency or None,
        "valuation_qualifier": draft.valuation_qualifier or None,
        "valuation_basis": draft.valuation_basis or None,
        "lead_investors": [c.name for c in draft.investors if c.is_lead],
        "participants": [c.name for c in draft.investors if not c.is_lead],
        "status": draft.status,
        "date": draft.announced_on.isoformat() if draft.announced_on else None,
        "primary": proposal.extracted.primary,
    }


def approved_draft(proposal: RoundProposal) -> RoundDraft:
    """The draft the editor approved: the extracted one with their changes (`changes`)."""
    values: dict[str, Any] = {}
    for name, change in proposal.changes.items():
        approved = change["approved"]
        if name == "investors":
            approved = tuple(InvestorChoice(n, bool(lead)) for n, lead in approved)
        elif name in ("amount", "valuation") and approved is not None:
            approved = Decimal(approved)
        elif name == "announced_on" and approved is not None:
            approved = dt.date.fromisoformat(approved)
        values[name] = approved
    return dataclasses.replace(proposal.extracted_draft(), **values)


def write_corpus(folder: Path) -> dict[Path, int]:
    """Write one file per decided article into `folder` (made if missing); each file written,
    with how many gold rounds it holds."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for article in decided_articles():
        document = labelled(article)
        path = folder / f"{document['id']}.json"
        path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n")
        written[path] = len(document["gold"])
    return written


def file_id(article: Article) -> str:
    """ "dealflow-00012-lumora-health-raises-25m": stable, and unique by the article's id."""
    words = slugify(article.title or normalize_name(article.text[:60]))[:50].strip("-")
    return f"dealflow-{article.pk:05d}" + (f"-{words}" if words else "")


def _number(amount: Decimal | None) -> int | float | None:
    if amount is None:
        return None
    return int(amount) if amount == amount.to_integral_value() else float(amount)
