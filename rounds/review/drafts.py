"""The round an editor approves: the extracted candidate with what the database already knows, as
the review form corrects it; what the editor changed; how it compares with a stored round."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, fields
from decimal import Decimal

from rounds import money
from rounds.enums import RoundStatus, RoundType, ValuationBasis
from rounds.extraction.names import normalize_name
from rounds.models import FundingRound, Investor, RoundProposal

# "HongShan, formerly Sequoia China": the capitalised words after the marker are the old name.
FORMERLY_RE = r",?\s+\(?(?:formerly(?:\s+known\s+as)?|previously(?:\s+known\s+as)?|once\s+known\s+as|f/k/a)\s+((?:[A-Z][\w&.'-]*)(?:\s+[A-Z][\w&.'-]*)*)"
# Round fields an editor sets, in the order the forms show them.
ROUND_FIELDS = (
    "round_type", "round_label", "status", "amount", "currency", "amount_qualifier",
    "valuation", "valuation_currency", "valuation_qualifier", "valuation_basis",
    "announced_on", "date_precision",
)  # fmt: skip


@dataclass(frozen=True)
class InvestorChoice:
    name: str
    is_lead: bool
    # An existing investor to use; None finds one by name or alias, or creates it.
    investor_id: int | None = None
    # Create it even when a stored investor has a close name (the editor chose "Create new").
    new: bool = False
    # Keep the earlier name the article gives ("X, formerly Y") as an alias of the investor.
    record_former_name: bool = False


@dataclass(frozen=True)
class RoundDraft:
    """The round an editor approves: the extracted values as corrected on the form."""

    company_name: str
    company_id: int | None = None
    # Create it even when a stored company has a close name (the editor chose "Create new").
    company_new: bool = False
    round_type: str = "unknown"
    round_label: str = ""
    status: str = "announced"
    amount: Decimal | None = None
    currency: str = ""
    amount_qualifier: str = ""
    valuation: Decimal | None = None
    valuation_currency: str = ""
    valuation_qualifier: str = ""
    valuation_basis: str = ""
    announced_on: dt.date | None = None
    date_precision: str = "day"
    investors: tuple[InvestorChoice, ...] = field(default=())
    # Keep the earlier name the article gives for the company as its alias.
    record_company_former_name: bool = False


def draft_for(proposal: RoundProposal, *, match_investors: bool = True) -> RoundDraft:
    """The round as extracted, with the company and investors the database already knows.

    At most one query: the investors of every name at once (the company was matched when the
    proposal was stored); none without `match_investors`.
    """
    candidate = proposal.extracted
    roles = [(name, True) for name in candidate.lead_investors]
    roles += [(name, False) for name in candidate.participants]
    known = (
        Investor.objects.named_many(name for name, _ in roles)
        if match_investors
        else {}
    )
    investors = tuple(
        InvestorChoice(
            name=name,
            is_lead=is_lead,
            investor_id=getattr(known.get(normalize_name(name)), "pk", None),
        )
        for name, is_lead in roles
    )
    return RoundDraft(
        company_name=candidate.company,
        company_id=proposal.suggested_company_id,
        round_type=candidate.round_type or "unknown",
        round_label=candidate.round_label or "",
        status=candidate.status or "announced",
        amount=candidate.amount,
        currency=candidate.currency or "",
        amount_qualifier=candidate.amount_qualifier or "",
        valuation=candidate.valuation,
        valuation_currency=candidate.valuation_currency or "",
        valuation_qualifier=candidate.valuation_qualifier or "",
        valuation_basis=candidate.valuation_basis or "",
        announced_on=candidate.date,
        date_precision=candidate.date_precision or "day",
        investors=investors,
    )


def former_name(text: str, name: str) -> str:
    """The earlier name the text gives for `name`, if any.

    >>> former_name("HongShan, formerly Sequoia China, has committed.", "HongShan")
    'Sequoia China'
    """
    if not name:
        return ""
    found = re.search(re.escape(name) + FORMERLY_RE, text)
    return found[1] if found else ""


def changes(
    extracted: RoundDraft, approved: RoundDraft
) -> dict[str, dict[str, object]]:
    """The fields where the approved draft differs from the extracted one, as JSON values."""
    changed = {}
    for item in fields(RoundDraft):
        before, after = getattr(extracted, item.name), getattr(approved, item.name)
        if item.name == "investors":
            before, after = _investor_list(before), _investor_list(after)
        if before != after:
            changed[item.name] = {"extracted": _json(before), "approved": _json(after)}
    return changed


@dataclass(frozen=True)
class Comparison:
    """One field of a stored round beside the proposal's value, for merging one into the other."""

    name: str
    label: str
    round_value: str
    proposal_value: str

    @property
    def conflict(self) -> bool:
        return bool(self.round_value and self.proposal_value) and (
            self.round_value != self.proposal_value
        )

    @property
    def fills(self) -> bool:
        return not self.round_value and bool(self.proposal_value)


_COMPARED = {
    "round_type": "Round type", "round_label": "Label", "status": "Status",
    "amount": "Amount", "valuation": "Valuation", "valuation_basis": "Basis",
    "announced_on": "Date",
}  # fmt: skip


def comparison(round: FundingRound, draft: RoundDraft) -> list[Comparison]:
    """The stored round and the draft, field by field, investors last."""
    rows = [
        Comparison(name, label, _display(name, round), _display(name, draft))
        for name, label in _COMPARED.items()
    ]
    investors = ", ".join(
        f"{i.investor.name}{' (lead)' if i.is_lead else ''}"
        for i in round.investments.select_related("investor").order_by("-is_lead")
    )
    wanted = ", ".join(
        f"{i.name}{' (lead)' if i.is_lead else ''}" for i in draft.investors
    )
    return [*rows, Comparison("investors", "Investors", investors, wanted)]


def _display(name: str, obj: FundingRound | RoundDraft) -> str:
    value = getattr(obj, name, None)
    if value in (None, "", "unknown"):
        return ""
    if name in ("amount", "valuation"):
        currency = getattr(
            obj, "currency" if name == "amount" else "valuation_currency"
        )
        return money.short_money(value, currency, getattr(obj, f"{name}_qualifier"))
    choices = {
        "round_type": RoundType,
        "status": RoundStatus,
        "valuation_basis": ValuationBasis,
    }
    if name in choices:
        return str(choices[name](value).label)
    return str(value)


def _investor_list(choices: tuple[InvestorChoice, ...]) -> list[tuple[str, bool]]:
    return sorted((choice.name, choice.is_lead) for choice in choices)


def _json(value: object) -> object:
    if isinstance(value, Decimal | dt.date):
        return str(value)
    return value
