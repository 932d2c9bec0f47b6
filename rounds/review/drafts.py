"""The round an editor approves: the extracted candidate with what the database already knows, as
the review form corrects it; what the editor changed; how it compares with a stored round."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field, fields
from decimal import Decimal

from rounds import money
from rounds.enums import InvestorKind, RoundStatus, RoundType, ValuationBasis
from rounds.extraction.names import normalize_name
from rounds.extraction.types import InvestorHint, RoundCandidate
from rounds.models import SECTORS, FundingRound, Investor, RoundProposal

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
    # Its kind (InvestorKind), stored on approval when given: the stored investor's, as the
    # editor corrects it, else the article's hint ("venture capital firm Halden"). None keeps
    # the stored investor's; "" is none, when the editor cleared the kind shown.
    kind: str | None = None


@dataclass(frozen=True)
class RoundDraft:
    """The round an editor approves: the extracted values as corrected on the form."""

    company_name: str
    company_id: int | None = None
    # Create it even when a stored company has a close name (the editor chose "Create new").
    company_new: bool = False
    # The company's home country (ISO 3166), stored on approval when given: the article's hint
    # ("a Berlin startup"), or the company's stored country as the editor corrects it.
    company_country: str = ""
    # Its sectors (slugs of the taxonomy), stored on approval when given, in the same way:
    # the stored company's, else the ones the article's description of it names. None keeps
    # the stored company's; () is none, when the editor cleared the sectors shown.
    company_sectors: tuple[str, ...] | None = None
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

    The company's country and sectors, and each investor's kind, are the stored ones, else
    the article's hints: a value an editor stored is shown, and kept unless the editor
    changes it. At most three queries: the investors of every name at once, the matched
    company unless it was loaded (it was matched when the proposal was stored), and its
    sectors; none without `match_investors`.
    """
    candidate = proposal.extracted
    roles = [(name, True) for name in candidate.lead_investors]
    roles += [(name, False) for name in candidate.participants]
    known = (
        Investor.objects.named_many(name for name, _ in roles)
        if match_investors
        else {}
    )
    stored = (
        proposal.suggested_company
        if match_investors and proposal.suggested_company_id
        else None
    )
    stored_sectors = (
        tuple(stored.sectors.values_list("slug", flat=True)) if stored else ()
    )
    kinds = {normalize_name(hint.name): hint.kind for hint in candidate.investor_kinds}
    investors = []
    for name, is_lead in roles:
        investor = known.get(normalize_name(name))
        investors.append(
            InvestorChoice(
                name=name,
                is_lead=is_lead,
                investor_id=getattr(investor, "pk", None),
                kind=investor.kind if investor else kinds.get(normalize_name(name)),
            )
        )
    return RoundDraft(
        company_name=candidate.company,
        company_id=proposal.suggested_company_id,
        company_country=(stored.country if stored else "")
        or candidate.company_country
        or "",
        company_sectors=stored_sectors or candidate.company_sectors or None,
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
        investors=tuple(investors),
    )


@dataclass(frozen=True)
class KindHint:
    """What the article says an investor is, as the review page shows it beside its type."""

    kind: str
    label: str
    words: str


def kind_hint(text: str, hint: InvestorHint | None) -> KindHint | None:
    """The hint as the page shows it: "Venture firm", from the words “venture capital firm”.

    >>> kind_hint("Led by venture capital firm Halden.", InvestorHint("Halden", "venture", 7, 27))
    KindHint(kind='venture', label='Venture firm', words='venture capital firm')
    """
    if hint is None or hint.kind not in InvestorKind.values:
        return None
    return KindHint(
        hint.kind, str(InvestorKind(hint.kind).label), text[hint.start : hint.end]
    )


def sector_hints(candidate: RoundCandidate) -> list[str]:
    """The names of the sectors the article's description of the company names.

    >>> sector_hints(RoundCandidate("Acme", company_sectors=("fintech", "insurance")))
    ['Fintech', 'Insurance']
    """
    names = dict(SECTORS)
    return [names[slug] for slug in candidate.company_sectors if slug in names]


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
        if item.name == "company_sectors":
            before, after = sorted(before or ()), sorted(after or ())
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


# Who proposed a value, as the page says it:
PROPOSERS = {
    "rules": "the rules",
    "llm": "the model",
    "both": "the rules and the model",
}


@dataclass(frozen=True)
class Origin:
    """Which extractor proposed one field's value (EXTRACTOR=llm or both); where the rules and
    the model disagree, the other reading, as the editor reads it and as the form's values."""

    extractor: str
    alternative: str = ""
    # The form's fields set to the other reading, as JSON (for the page's "Use" button):
    fill: str = ""

    @property
    def proposer(self) -> str:
        return PROPOSERS.get(self.extractor, self.extractor)

    @property
    def other(self) -> str:
        return "the rules" if self.extractor == "llm" else "the model"


def origins(candidate: RoundCandidate) -> dict[str, Origin]:
    """The origin of each field the candidate's provenance names, by field; an investor's
    under "investor:" and its normalized name. Empty for the rules alone (no provenance).

    >>> from rounds.extraction.types import FieldSource
    >>> found = RoundCandidate("Acme", status="announced", provenance=(
    ...     FieldSource("status", "rules", alternative=(("status", "in_progress"),)),))
    >>> origins(found)["status"].alternative
    'In progress'
    """
    found = {}
    for source in candidate.provenance:
        other = dict(source.alternative)
        if source.item is not None:
            role = next(iter(other), "")
            found[f"investor:{normalize_name(source.item)}"] = Origin(
                source.extractor,
                alternative=_ROLES.get(role, "") if other else "",
            )
            continue
        if not other or source.field not in _FILLS:
            found[source.field] = Origin(source.extractor)
            continue
        fill = _FILLS[source.field](other)
        found[source.field] = Origin(
            source.extractor,
            alternative=_shown(source.field, other),
            fill=json.dumps(fill),
        )
    return found


_ROLES = {"lead_investors": "a lead", "participants": "a participant"}


def _money_fill(prefix: str, currency_key: str) -> object:
    def fill(values: dict[str, object]) -> dict[str, str]:
        amount = values.get(prefix)
        currency = str(values.get(currency_key) or "")
        return {
            prefix: money.typed(Decimal(str(amount)), currency) if amount else "",
            currency_key: currency,
            f"{prefix}_qualifier": str(values.get(f"{prefix}_qualifier") or ""),
        }

    return fill


_FILLS = {
    "company": lambda v: {"company_name": str(v.get("company") or "")},
    "round_type": lambda v: {
        "round_type": str(v.get("round_type") or "unknown"),
        "round_label": str(v.get("round_label") or ""),
    },
    "status": lambda v: {"status": str(v.get("status") or "announced")},
    "amount": _money_fill("amount", "currency"),
    "valuation": _money_fill("valuation", "valuation_currency"),
    "valuation_basis": lambda v: {
        "valuation_basis": str(v.get("valuation_basis") or "")
    },
    "date": lambda v: {
        "announced_on": str(v.get("date") or ""),
        "date_precision": str(v.get("date_precision") or "day"),
    },
}


def _shown(group: str, values: dict[str, object]) -> str:
    """The other reading as the editor reads it: "≥ $40M", "Series B", "2024-03-05"."""
    if group in ("amount", "valuation"):
        amount = values.get(group)
        currency = "currency" if group == "amount" else "valuation_currency"
        return (
            money.short_money(
                Decimal(str(amount)) if amount else None,
                str(values.get(currency) or ""),
                str(values.get(f"{group}_qualifier") or ""),
            )
            or "none"
        )
    if group == "round_type":
        label = str(RoundType(values.get("round_type") or "unknown").label)
        return (
            f"{label} ({values['round_label']})" if values.get("round_label") else label
        )
    if group == "status":
        return str(RoundStatus(values.get("status") or "announced").label)
    if group == "valuation_basis":
        basis = values.get("valuation_basis")
        return str(ValuationBasis(basis).label) if basis else "unstated"
    return str(values.get(group) or "none")
