"""Forms of the review pages: the round as the editor corrects it, its investors, and decisions."""

from __future__ import annotations

from typing import Any

from django import forms

from rounds.enums import (
    DatePrecision,
    InvestorKind,
    Qualifier,
    RoundStatus,
    RoundType,
    SourceKind,
    ValuationBasis,
)
from rounds.extraction.names import normalize_name
from rounds.ingestion import forms as ingestion_forms
from rounds.ingestion.matching import Match
from rounds.models import NAME_MAX, SECTORS, Feed, FundingRound, validate_name
from rounds.money import CurrencyField, read_money, typed
from rounds.review import corrections, missed, queue
from rounds.review.drafts import ROUND_FIELDS, InvestorChoice, RoundDraft

# The choice of an existing company or investor, or of a new one:
NEW = "new"
BLANK: list[tuple[str, str]] = [("", "—")]


class RecordField(forms.ChoiceField):
    """Which stored row a name stands for: "" (the one the name resolves to), NEW, or an id.

    The choices shown are the matches found for the name; any id is accepted, because the
    decision looks the row up anyway (and says so if it is gone), so that a POST does not
    search for matches again.
    """

    def valid_value(self, value: Any) -> bool:
        return value in ("", NEW) or str(value).isdigit()


def record_choices(matches: list[Match]) -> list[tuple[str, str]]:
    """The choices of a Record menu: by name, each stored row the name may stand for, new."""
    return [
        ("", "Match by name"),
        *[(str(m.row.pk), f"Use existing: {m.describe()}") for m in matches],
        (NEW, "Create new"),
    ]


def close_names(matches: list[Match]) -> list[Match]:
    """The close rows of a name that resolves to none: a new row would likely be a duplicate."""
    if any(m.how in ("exact", "alias") for m in matches):
        return []
    return [m for m in matches if m.how == "fuzzy"]


class QueueFilterForm(forms.Form):
    order = forms.ChoiceField(
        label="Sort",
        choices=[(key, label) for key, (label, _) in queue.ORDERS.items()],
        required=False,
    )
    source_kind = forms.ChoiceField(
        label="Source", choices=[("", "Any"), *SourceKind.choices], required=False
    )
    feed = forms.ModelChoiceField(
        queryset=Feed.objects.order_by("name"), required=False, empty_label="Any"
    )
    confidence = forms.ChoiceField(
        choices=[("", "Any")]
        + [(key, label) for key, (label, _) in queue.BANDS.items()],
        required=False,
    )
    waiting = forms.ChoiceField(
        label="Showing",
        choices=[("", "Everything waiting")]
        + [(key, label) for key, (label, _) in queue.REASONS.items()],
        required=False,
    )


class RoundDraftForm(forms.Form):
    """The extracted round, as the editor corrects it."""

    company_name = forms.CharField(
        label="Company", max_length=NAME_MAX, validators=[validate_name]
    )
    company_choice = RecordField(label="Company record", required=False)
    company_alias = forms.BooleanField(required=False)
    company_country = forms.RegexField(
        label="Country",
        regex=r"^[A-Za-z]{2}$",
        required=False,
        max_length=2,
        widget=forms.TextInput(attrs={"size": 3, "autocomplete": "off"}),
        error_messages={"invalid": "Two letters, as ISO 3166 writes them: DE, GB, CN."},
    )
    company_sectors = forms.MultipleChoiceField(
        label="Sectors",
        choices=SECTORS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        # The sectors shown go back with the form, so that unticking them all clears them:
        show_hidden_initial=True,
    )
    round_type = forms.ChoiceField(choices=RoundType.choices)
    round_label = forms.CharField(label="Label", max_length=100, required=False)
    status = forms.ChoiceField(choices=RoundStatus.choices)
    amount = forms.CharField(max_length=200, required=False)
    currency = CurrencyField(required=False)
    amount_qualifier = forms.ChoiceField(
        label="Qualifier", choices=BLANK + list(Qualifier.choices), required=False
    )
    valuation = forms.CharField(max_length=200, required=False)
    valuation_currency = CurrencyField(label="Currency", required=False)
    valuation_qualifier = forms.ChoiceField(
        label="Qualifier", choices=BLANK + list(Qualifier.choices), required=False
    )
    valuation_basis = forms.ChoiceField(
        label="Basis", choices=BLANK + list(ValuationBasis.choices), required=False
    )
    announced_on = forms.DateField(
        label="Date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_precision = forms.ChoiceField(
        label="Precision", choices=DatePrecision.choices, initial=DatePrecision.DAY
    )
    note = forms.CharField(max_length=1000, required=False)
    revision = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, company_matches: list[Match] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company_choice"].choices = record_choices(company_matches)
        self.close_names = close_names(company_matches)

    def _clean_money(self, prefix: str) -> None:
        currency_field = "currency" if prefix == "amount" else f"{prefix}_currency"
        qualifier_field = f"{prefix}_qualifier"
        data = self.cleaned_data
        money, error = read_money(data.get(prefix, ""), data.get(currency_field, ""))
        if error:
            self.add_error(prefix, error)
            return
        data[f"{prefix}_money"] = money
        if money is not None:
            data[currency_field] = money.currency
            # A qualifier typed with the amount ("more than €25M") wins over the menu:
            if money.qualifier != "exact" or not data.get(qualifier_field):
                data[qualifier_field] = money.qualifier

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self._clean_money("amount")
        self._clean_money("valuation")
        return cleaned

    def shown_sectors(self) -> str:
        """The hidden copy of the sectors the page shows (the boxes are laid out by hand)."""
        return self["company_sectors"].as_hidden(only_initial=True)

    def draft(self, investors: tuple[InvestorChoice, ...]) -> RoundDraft:
        data = self.cleaned_data
        sectors = tuple(data["company_sectors"])
        amount, valuation = data.get("amount_money"), data.get("valuation_money")
        choice = data["company_choice"]
        return RoundDraft(
            company_name=data["company_name"].strip(),
            company_id=int(choice) if choice.isdigit() else None,
            company_new=choice == NEW,
            company_country=data["company_country"].upper(),
            # None ticked is "none" only when the page showed some: else nothing was said.
            company_sectors=sectors
            if sectors or "company_sectors" in self.changed_data
            else None,
            round_type=data["round_type"],
            round_label=data["round_label"],
            status=data["status"],
            amount=amount.amount if amount else None,
            currency=amount.currency if amount else "",
            amount_qualifier=data["amount_qualifier"] if amount else "",
            valuation=valuation.amount if valuation else None,
            valuation_currency=valuation.currency if valuation else "",
            valuation_qualifier=data["valuation_qualifier"] if valuation else "",
            valuation_basis=data["valuation_basis"] if valuation else "",
            announced_on=data["announced_on"],
            date_precision=data["date_precision"],
            investors=investors,
            record_company_former_name=data["company_alias"],
        )

    @classmethod
    def initial_from(cls, draft: RoundDraft) -> dict[str, Any]:
        return {
            "company_name": draft.company_name,
            "company_choice": str(draft.company_id or ""),
            "company_country": draft.company_country,
            "company_sectors": list(draft.company_sectors or ()),
            "round_type": draft.round_type,
            "round_label": draft.round_label,
            "status": draft.status,
            "amount": typed(draft.amount, draft.currency),
            "currency": draft.currency,
            "amount_qualifier": draft.amount_qualifier,
            "valuation": typed(draft.valuation, draft.valuation_currency),
            "valuation_currency": draft.valuation_currency,
            "valuation_qualifier": draft.valuation_qualifier,
            "valuation_basis": draft.valuation_basis,
            "announced_on": draft.announced_on,
            "date_precision": draft.date_precision,
        }


class RevisionForm(forms.Form):
    """The revision of the proposal the editor's page showed (see RoundProposal.revision)."""

    revision = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)


class InvestorForm(forms.Form):
    name = forms.CharField(
        max_length=NAME_MAX, required=False, validators=[validate_name]
    )
    is_lead = forms.BooleanField(label="Lead", required=False)
    choice = RecordField(label="Record", required=False)
    kind = forms.ChoiceField(
        label="Type",
        choices=BLANK + list(InvestorKind.choices),
        required=False,
        # The type shown goes back with the form, so that choosing "—" clears it:
        show_hidden_initial=True,
    )
    alias = forms.BooleanField(required=False)

    def __init__(self, *args: Any, matches: list[Match] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = record_choices(matches)
        self.close_names = close_names(matches)
        # The row's fields sit under column headings, not labels: each says what it is.
        row = (self.prefix or "").rsplit("-", 1)[-1]
        number = int(row) + 1 if row.isdigit() else ""
        for name, label in (
            ("name", "Name of investor"),
            ("is_lead", "Lead: investor"),
            ("choice", "Record of investor"),
            ("kind", "Type of investor"),
            ("DELETE", "Remove investor"),
        ):
            if name in self.fields:
                self.fields[name].widget.attrs["aria-label"] = (
                    f"{label} {number}".strip()
                )

    def investor_choice(self) -> InvestorChoice | None:
        data = self.cleaned_data
        if not data.get("name", "").strip() or data.get("DELETE"):
            return None
        choice, kind = data.get("choice", ""), data.get("kind", "")
        return InvestorChoice(
            name=data["name"].strip(),
            is_lead=data["is_lead"],
            investor_id=int(choice) if choice.isdigit() else None,
            new=choice == NEW,
            record_former_name=data["alias"],
            # "—" is "none" only when the page showed a type: else nothing was said.
            kind=kind if kind or "kind" in self.changed_data else None,
        )


class BaseInvestorFormSet(forms.BaseFormSet):
    def __init__(
        self,
        *args: Any,
        matches: dict[int, list[Match]] | None = None,
        **kwargs: Any,
    ) -> None:
        self.matches = matches or {}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        kwargs = super().get_form_kwargs(index)
        kwargs["matches"] = self.matches.get(index, []) if index is not None else []
        return kwargs

    def choices(self) -> tuple[InvestorChoice, ...]:
        picked = (form.investor_choice() for form in self.forms)
        return tuple(choice for choice in picked if choice is not None)

    def clean(self) -> None:
        if any(self.errors):
            return
        names = [normalize_name(c.name) for c in self.choices()]
        if len(names) != len(set(names)):
            raise forms.ValidationError("An investor is listed twice.")


MAX_INVESTOR_ROWS = 50


def submitted_rows(data: Any) -> int:
    """How many investor rows a POST says it has (at most the formset's maximum)."""
    try:
        return max(0, min(int(data.get("investors-TOTAL_FORMS", 0)), MAX_INVESTOR_ROWS))
    except ValueError:
        return 0


InvestorFormSet = forms.formset_factory(
    InvestorForm,
    formset=BaseInvestorFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_INVESTOR_ROWS,
    absolute_max=MAX_INVESTOR_ROWS,
    validate_max=True,
)


class MergeForm(forms.Form):
    take = forms.MultipleChoiceField(
        choices=[(name, name) for name in ROUND_FIELDS], required=False
    )


class RejectForm(RevisionForm):
    reason = forms.CharField(
        max_length=1000,
        error_messages={
            "required": "Say why it is rejected, e.g. “not a funding round”."
        },
    )


class BulkRejectForm(forms.Form):
    proposals = forms.TypedMultipleChoiceField(coerce=int)
    reason = forms.CharField(max_length=1000)

    def __init__(self, *args: Any, pending_ids: list[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposals"].choices = [(pk, pk) for pk in pending_ids]
        self.fields["proposals"].error_messages["required"] = (
            "Tick the proposals to reject."
        )
        self.fields["reason"].error_messages["required"] = (
            "Say why they are rejected (e.g. “not a funding round”)."
        )


class BulkApproveForm(forms.Form):
    proposals = forms.TypedMultipleChoiceField(coerce=int)

    def __init__(self, *args: Any, ready_ids: list[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["proposals"].choices = [(pk, pk) for pk in ready_ids]
        self.fields["proposals"].error_messages |= {
            "required": "Tick the proposals to approve.",
            "invalid_choice": "Only proposals marked “ready” are approved in bulk: "
            "open the others one by one.",
        }


class MoneyPreviewForm(forms.Form):
    field = forms.ChoiceField(
        choices=[("amount", "amount"), ("valuation", "valuation")]
    )
    amount = forms.CharField(max_length=200, required=False)
    currency = forms.CharField(max_length=10, required=False)
    valuation = forms.CharField(max_length=200, required=False)
    valuation_currency = forms.CharField(max_length=10, required=False)


class MissedRoundForm(forms.Form):
    """The words of an article that tell of a round the extractor missed."""

    quote = forms.CharField(
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5, "aria-describedby": "quote-help"}),
        error_messages={
            "required": "Select the words that tell of the round in the article, or paste "
            "them here."
        },
    )
    # Where the selection is in the article's text, when it was made in the page:
    start = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, text: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.text = text

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "quote" not in data:
            return data
        span = missed.locate(
            self.text, data["quote"], data.get("start"), data.get("end")
        )
        if span is None:
            self.add_error(
                "quote",
                "These words are not in the article: select them in the article, or "
                "copy them exactly.",
            )
        data["span"] = span
        return data


class CorrectionForm(forms.Form):
    """An analyst's correction of a stored round: what is wrong, the right value if they know
    it, a note for the editors and, optionally, an article that shows it."""

    field = forms.ChoiceField(
        label="What is wrong", choices=list(corrections.FIELDS.items())
    )
    value = forms.CharField(
        label="The right value, if you know it",
        max_length=200,
        required=False,
        help_text="e.g. $25M, more than €1.2bn, Series B, in progress, 2024-03-05",
    )
    note = forms.CharField(
        label="Note for the editors",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What is wrong, and how you know.",
    )
    url = ingestion_forms.PublicURLField(
        label="Article that shows it (optional)",
        max_length=2000,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"placeholder": "https://…"}),
    )

    def __init__(self, *args: Any, round: FundingRound, sourced: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.round = round
        if not sourced:
            self.fields["url"].help_text = (
                "This round has no source yet: without an article, the editors check "
                "your correction against your note alone."
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["changes"] = {}
        if data.get("field") and data.get("value"):
            try:
                data["changes"] = corrections.read_value(
                    data["field"], data["value"], self.round
                )
            except ValueError as error:
                self.add_error("value", str(error))
        return data
