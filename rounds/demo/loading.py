"""Loading the demo dataset: invented companies, investors and rounds for a first look at the app."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from rounds.models import (
    Company,
    CompanyAlias,
    FundingRound,
    Investment,
    Investor,
    InvestorAlias,
)

DEMO_DATA = Path(__file__).with_name("demo_data.json")


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
    companies: dict[str, Company] = {}
    for item in data["companies"]:
        company, is_new = Company.objects.get_or_create(
            name=item["name"],
            defaults={
                "country": item["country"],
                "website": item["website"],
                "description": item["description"],
            },
        )
        created["companies"] += is_new
        companies[company.name] = company
        for alias in item["aliases"]:
            CompanyAlias.objects.get_or_create(
                name=alias, defaults={"company": company}
            )
    investors: dict[str, Investor] = {}
    for item in data["investors"]:
        investor, is_new = Investor.objects.get_or_create(
            name=item["name"],
            defaults={
                "kind": item["kind"],
                "country": item["country"],
                "website": item["website"],
            },
        )
        created["investors"] += is_new
        investors[investor.name] = investor
        for alias in item["aliases"]:
            InvestorAlias.objects.get_or_create(
                name=alias, defaults={"investor": investor}
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
