"""Forms of the review pages: money as editors type it, the round draft, the investors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from rounds import money
from rounds.extraction import Money
from rounds.ingestion.matching import Match
from rounds.models import Company, Investor
from rounds.review import drafts, forms


@pytest.mark.parametrize(
    ("amount", "currency"),
    [
        ("600000000", "USD"),
        ("2500000000", "USD"),
        ("25000000", "EUR"),
        ("1500000", "SEK"),
    ],
)
def test_typed_money_reads_back_to_the_same_figure(amount, currency):
    typed = money.typed(Decimal(amount), currency)

    assert money.read_money(typed, "") == (Money(Decimal(amount), currency), "")


def draft_data(**changes) -> dict[str, str]:
    data = {
        "company_name": "MiniMax",
        "company_choice": "",
        "round_type": "unknown",
        "round_label": "",
        "status": "in_progress",
        "amount": "at least $600M",
        "currency": "",
        "amount_qualifier": "",
        "valuation": "",
        "valuation_currency": "",
        "valuation_qualifier": "",
        "valuation_basis": "",
        "announced_on": "2024-03-05",
        "date_precision": "day",
        "note": "",
    }
    data.update(changes)
    return data


def test_round_draft_form_builds_the_draft_from_typed_money():
    form = forms.RoundDraftForm(
        draft_data(valuation="more than 2.5bn", valuation_currency="usd")
    )

    assert form.is_valid(), form.errors
    draft = form.draft(investors=(drafts.InvestorChoice("Alibaba", True),))
    assert draft == drafts.RoundDraft(
        company_name="MiniMax",
        status="in_progress",
        amount=Decimal("600000000"),
        currency="USD",
        amount_qualifier="at_least",
        valuation=Decimal("2500000000"),
        valuation_currency="USD",
        valuation_qualifier="more_than",
        announced_on=dt.date(2024, 3, 5),
        investors=(drafts.InvestorChoice("Alibaba", True),),
    )


def test_round_draft_form_keeps_the_chosen_qualifier_for_a_plain_figure():
    form = forms.RoundDraftForm(draft_data(amount="$650M", amount_qualifier="about"))

    assert form.is_valid(), form.errors
    assert form.draft(()).amount_qualifier == "about"


def test_round_draft_form_needs_a_currency_for_a_bare_figure():
    form = forms.RoundDraftForm(draft_data(amount="1.2bn"))

    assert not form.is_valid()
    assert form.errors["amount"][0].startswith("Which currency?")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"amount": "$99999999999999999M"}, "amount", "larger than any funding amount"),
        ({"amount": "-$5M"}, "amount", "cannot be negative"),
        ({"amount": "$1.2.3M"}, "amount", "at most one decimal point"),
        ({"valuation": "1e309", "valuation_currency": "USD"}, "valuation", "exponent"),
        ({"amount": "600M", "currency": "US"}, "currency", "three-letter code"),
        ({"amount": "600M", "currency": "1$%"}, "currency", "three-letter code"),
        ({"amount": "600M", "currency": "ÄÖÜ"}, "currency", "three-letter code"),
        ({"company_name": "㎒" * 200}, "company_name", "too long"),
        ({"company_name": "a&" * 100}, "company_name", "too long"),
        ({"company_name": "\u200b\u200d"}, "company_name", "no letter or digit"),
    ],
)
def test_round_draft_form_refuses_what_the_database_would_refuse(
    changes, field, message
):
    form = forms.RoundDraftForm(draft_data(**changes))

    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_round_draft_form_uses_the_chosen_company():
    form = forms.RoundDraftForm(
        draft_data(company_choice="7"),
        company_matches=[Match(Company(pk=7, name="MiniMax"), "exact", 100)],
    )

    assert form.is_valid(), form.errors
    assert form.draft(()).company_id == 7


def test_round_draft_form_takes_any_stored_company_and_refuses_other_choices():
    any_id = forms.RoundDraftForm(draft_data(company_choice="7"))
    nonsense = forms.RoundDraftForm(draft_data(company_choice="seven"))

    assert any_id.is_valid() and any_id.draft(()).company_id == 7
    assert "company_choice" in nonsense.errors


def investor_data(*rows: dict[str, str]) -> dict[str, str]:
    data = {"investors-TOTAL_FORMS": str(len(rows)), "investors-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        data.update({f"investors-{i}-{key}": value for key, value in row.items()})
    return data


def test_investor_formset_skips_empty_and_removed_rows():
    formset = forms.InvestorFormSet(
        investor_data(
            {"name": "Alibaba", "is_lead": "on", "choice": "3"},
            {"name": "HongShan"},
            {"name": "Tencent", "DELETE": "on"},
            {"name": ""},
        ),
        prefix="investors",
        matches={0: [Match(Investor(pk=3, name="Alibaba Group"), "fuzzy", 90)]},
    )

    assert formset.is_valid(), formset.errors
    assert formset.choices() == (
        drafts.InvestorChoice("Alibaba", True, 3),
        drafts.InvestorChoice("HongShan", False, None),
    )


@pytest.mark.parametrize("second", ["alibaba", "Alibaba Group Holding Ltd."])
def test_investor_formset_refuses_an_investor_listed_twice(second):
    formset = forms.InvestorFormSet(
        investor_data({"name": "Alibaba"}, {"name": second, "is_lead": "on"}),
        prefix="investors",
    )

    assert not formset.is_valid()
    assert formset.non_form_errors() == ["An investor is listed twice."]


@pytest.mark.parametrize("name", ["㎒" * 200, "\u200b"])
def test_investor_formset_refuses_names_the_database_would_refuse(name):
    formset = forms.InvestorFormSet(investor_data({"name": name}), prefix="investors")

    assert not formset.is_valid()


def test_bulk_reject_form_accepts_only_pending_proposals():
    form = forms.BulkRejectForm(
        {"proposals": ["1", "9"], "reason": "junk"}, pending_ids=[1, 2]
    )

    assert not form.is_valid()
    assert "proposals" in form.errors
