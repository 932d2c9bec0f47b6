from __future__ import annotations

import dataclasses
import datetime
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rounds.extraction.types import (
    Evidence,
    InvestorHint,
    RoundCandidate,
    make_fingerprint,
)


def test_round_candidate_is_frozen():
    candidate = RoundCandidate(company="Acme")

    with pytest.raises(dataclasses.FrozenInstanceError):
        candidate.company = "Other"  # type: ignore[misc]


def test_round_candidate_fingerprint_ignores_legal_suffix_and_case():
    first = RoundCandidate(
        company="Acme Robotics Inc.",
        round_type="seed",
        amount=Decimal("5e6"),
        currency="USD",
    )
    second = RoundCandidate(
        company="ACME Robotics",
        round_type="seed",
        amount=Decimal("5000000"),
        currency="USD",
    )

    assert first.fingerprint == second.fingerprint == "acme robotics|seed|5000000|USD"


def test_make_fingerprint_without_amount():
    assert make_fingerprint("Acme", "unknown", None, None) == "acme|unknown|-|-"


def test_to_json_holds_only_json_native_values():
    candidate = RoundCandidate(
        company="Acme",
        round_type="series_b",
        amount=Decimal("40000000"),
        currency="USD",
        amount_qualifier="exact",
        lead_investors=("Northgate Ventures",),
        date=datetime.date(2024, 3, 5),
        date_precision="day",
        field_confidence=(("company", 0.9), ("amount", 0.8)),
        evidence=(Evidence("company", 0, 4),),
    )

    data = candidate.to_json()

    assert json.loads(json.dumps(data)) == data
    assert (data["amount"], data["date"], data["lead_investors"]) == (
        "40000000",
        "2024-03-05",
        ["Northgate Ventures"],
    )
    assert data["evidence"] == [{"field": "company", "start": 0, "end": 4}]
    assert data["field_confidence"] == {"company": 0.9, "amount": 0.8}


names = st.text(min_size=1, max_size=30)
money = st.one_of(
    st.none(),
    st.decimals(min_value=0, max_value=10**15, allow_nan=False, places=2),
)
candidates = st.builds(
    RoundCandidate,
    company=names,
    round_type=st.sampled_from(["unknown", "seed", "series_a", "debt"]),
    amount=money,
    currency=st.one_of(st.none(), st.sampled_from(["USD", "EUR"])),
    amount_qualifier=st.one_of(st.none(), st.sampled_from(["exact", "about"])),
    valuation=money,
    valuation_basis=st.one_of(st.none(), st.sampled_from(["pre", "post"])),
    lead_investors=st.lists(names, max_size=3).map(tuple),
    participants=st.lists(names, max_size=3).map(tuple),
    status=st.sampled_from(["announced", "in_progress"]),
    date=st.one_of(st.none(), st.dates()),
    date_precision=st.one_of(st.none(), st.sampled_from(["day", "month", "year"])),
    confidence=st.floats(min_value=0, max_value=1),
    field_confidence=st.dictionaries(
        st.sampled_from(["company", "amount", "valuation"]),
        st.floats(min_value=0, max_value=1),
    ).map(lambda d: tuple(d.items())),
    company_country=st.one_of(st.none(), st.sampled_from(["CN", "DE"])),
    company_descriptor=st.one_of(st.none(), names),
    company_sectors=st.lists(st.sampled_from(["fintech", "health"]), max_size=2).map(
        tuple
    ),
    investor_kinds=st.lists(
        st.builds(
            InvestorHint,
            name=names,
            kind=st.sampled_from(["venture", "bank"]),
            start=st.integers(0, 1000),
            end=st.integers(0, 1000),
        ),
        max_size=2,
    ).map(tuple),
    evidence=st.lists(
        st.builds(
            Evidence,
            field=st.sampled_from(["company", "amount"]),
            start=st.integers(0, 1000),
            end=st.integers(0, 1000),
        ),
        max_size=4,
    ).map(tuple),
    round_label=st.one_of(st.none(), names),
    primary=st.booleans(),
)


@given(candidate=candidates)
def test_from_json_is_the_exact_inverse_of_to_json(candidate):
    data = json.loads(json.dumps(candidate.to_json()))

    restored = RoundCandidate.from_json(data)

    assert restored == candidate
    assert restored.fingerprint == candidate.fingerprint
