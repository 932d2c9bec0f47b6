"""Loading the demo dataset: invented companies, investors and rounds for a first look at the app."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from rounds.enums import ProposalStatus, SourceKind
from rounds.ingestion import pipeline
from rounds.models import (
    Company,
    FundingRound,
    Investment,
    Investor,
)
from rounds.review import decisions

DEMO_DATA = Path(__file__).with_name("demo_data.json")
DEMO_ARTICLES = Path(__file__).with_name("articles")
# Stories the demo editor has already reviewed; the others wait in the review queue.
REVIEWED_ARTICLES = frozenset({"01", "04", "06", "07", "09", "10", "11", "12"})


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


@transaction.atomic
def load_demo_data(path: Path = DEMO_DATA) -> dict[str, int]:
    """Create the demo companies, investors and rounds that do not exist yet.

    Running it twice changes nothing: rows are matched by name, and rounds by company, type and
    date. Returns how many rows of each kind were created.
    """
    data = json.loads(path.read_text())
    created = {"companies": 0, "investors": 0, "rounds": 0}
    companies, created["companies"] = _organisations(
        Company, data["companies"], ("country", "website", "description")
    )
    investors, created["investors"] = _organisations(
        Investor, data["investors"], ("kind", "country", "website")
    )
    for item in data["rounds"]:
        round, is_new = FundingRound.objects.get_or_create(
            company=companies[item["company"]],
            round_type=item["round_type"],
            announced_on=dt.date.fromisoformat(item["announced_on"]),
            defaults={
                "round_label": item["round_label"],
                "status": item["status"],
                "amount": _decimal(item["amount"]),
                "currency": item["currency"] or "",
                "amount_qualifier": item["amount_qualifier"] or "",
                "valuation": _decimal(item["valuation"]),
                "valuation_currency": item["valuation_currency"] or "",
                "valuation_qualifier": item["valuation_qualifier"] or "",
                "valuation_basis": item["valuation_basis"] or "",
                "date_precision": item["date_precision"],
            },
        )
        created["rounds"] += is_new
        for names, is_lead in ((item["leads"], True), (item["participants"], False)):
            for name in names:
                Investment.objects.get_or_create(
                    round=round, investor=investors[name], defaults={"is_lead": is_lead}
                )
    return created


def ingest_demo_articles(
    editor: AbstractBaseUser, folder: Path = DEMO_ARTICLES
) -> dict[str, int]:
    """Ingest the demo news stories and let the demo editor review some of them.

    Each story goes through the real pipeline (stored once by content, extracted into proposals);
    for the stories in REVIEWED_ARTICLES the editor approves each pending proposal, or merges it
    into the round it repeats. Running it twice changes nothing. Returns what it did.
    """
    done = {"articles": 0, "waiting": 0, "approved": 0, "merged": 0}
    for path in sorted(folder.glob("*.txt")):
        headline, dateline, body = path.read_text().split("\n", 2)
        article, created = pipeline.store_text(
            f"{headline}\n\n{body.strip()}",
            source_kind=SourceKind.FILE,
            title=headline,
            published_on=dt.date.fromisoformat(
                dateline.removeprefix("Published:").strip()
            ),
            source_name="Dealflow demo news",
        )
        if created:
            pipeline.process_article(article)
            done["articles"] += 1
        pending = list(article.proposals.filter(status=ProposalStatus.PENDING))
        if path.name[:2] not in REVIEWED_ARTICLES:
            done["waiting"] += len(pending)
            continue
        for proposal in pending:
            if proposal.duplicate_of is not None:
                decisions.merge_proposal(proposal, proposal.duplicate_of, editor=editor)
                done["merged"] += 1
            else:
                decisions.approve_proposal(proposal, editor=editor)
                done["approved"] += 1
    return done


def _organisations(
    model: type[Company] | type[Investor], items: list[dict], fields: tuple[str, ...]
) -> tuple[dict[str, Company | Investor], int]:
    """The demo's companies or investors by name, with their aliases; and how many are new."""
    rows, new = {}, 0
    for item in items:
        row, is_new = model.objects.get_or_create(
            name=item["name"], defaults={name: item[name] for name in fields}
        )
        new += is_new
        rows[row.name] = row
        for alias in item["aliases"]:
            row.add_alias(alias)
    return rows, new
