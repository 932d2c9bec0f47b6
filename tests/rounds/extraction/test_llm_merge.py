"""EXTRACTOR=both: the rules' and the model's candidates merged, each value with its source."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from rounds.extraction import extract_rounds
from rounds.extraction.llm import Reply, extract_rounds_llm, merge_extractions
from rounds.extraction.types import (
    Evidence,
    FieldSource,
    InvestorHint,
    RoundCandidate,
)
from tests.fakellm import ScriptedCompletion, quoted, rounds_answer

PUBLISHED = datetime.date(2024, 4, 3)
TEXT = (
    "Lumenquay, a Danish maker of grid-scale batteries, has raised $18 million in a "
    "Series B round led by Quorvane Capital. Emberlight Ventures also took part."
)


def rules_candidate(**values: object) -> RoundCandidate:
    base: dict[str, object] = {
        "company": "Lumenquay",
        "round_type": "series_b",
        "amount": Decimal("18000000"),
        "currency": "USD",
        "amount_qualifier": "exact",
        "lead_investors": ("Quorvane Capital",),
        "participants": ("Emberlight Ventures",),
        "field_confidence": (
            ("amount", 0.9),
            ("company", 0.9),
            ("lead_investors", 0.85),
            ("participants", 0.75),
            ("round_type", 0.95),
        ),
        "evidence": (
            Evidence("company", 0, 9),
            Evidence("amount", 62, 73),
            Evidence("round_type", 79, 87),
            Evidence("lead_investors", 103, 119),
            Evidence("participants", 121, 140),
        ),
    }
    return RoundCandidate(**{**base, **values})  # type: ignore[arg-type]


def llm_candidate(**values: object) -> RoundCandidate:
    base: dict[str, object] = {
        "field_confidence": (
            ("amount", 0.85),
            ("company", 0.8),
            ("lead_investors", 0.8),
            ("participants", 0.75),
            ("round_type", 0.85),
        ),
        "evidence": (
            Evidence("company", 0, 50),
            Evidence("amount", 51, 73),
            Evidence("round_type", 74, 119),
            Evidence("lead_investors", 95, 119),
            Evidence("participants", 121, 154),
        ),
    }
    return rules_candidate(**{**base, **values})


def sources(candidate: RoundCandidate) -> list[tuple[str, str | None, str, dict]]:
    return [
        (s.field, s.item, s.extractor, dict(s.alternative))
        for s in candidate.provenance
    ]


def test_values_both_extractors_agree_on_are_marked_both_and_gain_confidence():
    [merged] = merge_extractions([rules_candidate()], [llm_candidate()])

    assert sources(merged) == [
        ("company", None, "both", {}),
        ("round_type", None, "both", {}),
        ("amount", None, "both", {}),
        ("status", None, "both", {}),
        ("primary", None, "both", {}),
        ("lead_investors", "Quorvane Capital", "both", {}),
        ("participants", "Emberlight Ventures", "both", {}),
    ]
    assert dict(merged.field_confidence) == {
        "amount": 0.98,
        "company": 0.97,
        "lead_investors": 0.96,
        "participants": 0.9,
        "round_type": 0.99,
    }
    assert merged.confidence > rules_candidate().confidence


def test_a_disagreeing_amount_shows_the_rules_value_with_the_models_as_the_alternative():
    model = llm_candidate(amount=Decimal("81000000"), amount_qualifier="about")

    [merged] = merge_extractions([rules_candidate()], [model])

    assert (merged.amount, merged.currency) == (Decimal("18000000"), "USD")
    [amount] = [s for s in merged.provenance if s.field == "amount"]
    assert amount == FieldSource(
        "amount",
        "rules",
        alternative=(
            ("amount", "81000000"),
            ("currency", "USD"),
            ("amount_qualifier", "about"),
        ),
        alternative_evidence=(Evidence("amount", 51, 73),),
    )
    # 0.9 against 0.85: the editor must pick, and the confidence says so
    assert merged.confidence_of("amount") == 0.61
    picked = RoundCandidate.from_json({**merged.to_json(), **dict(amount.alternative)})
    assert picked.amount == Decimal("81000000")


def test_a_value_only_the_model_gives_is_taken_and_marked_llm():
    model = llm_candidate(
        valuation=Decimal("90000000"),
        valuation_currency="USD",
        valuation_qualifier="about",
        field_confidence=(("company", 0.8), ("valuation", 0.8)),
        evidence=(Evidence("valuation", 10, 20),),
    )

    [merged] = merge_extractions([rules_candidate()], [model])

    assert (merged.valuation, merged.valuation_qualifier) == (
        Decimal("90000000"),
        "about",
    )
    assert ("valuation", None, "llm", {}) in sources(merged)
    assert merged.confidence_of("valuation") == 0.8
    assert Evidence("valuation", 10, 20) in merged.evidence


def test_investors_are_merged_by_name_and_a_different_role_is_an_alternative():
    model = llm_candidate(
        lead_investors=(),
        participants=("Quorvane Capital", "Emberlight Ventures", "Pellucid Bank"),
    )

    [merged] = merge_extractions([rules_candidate()], [model])

    assert merged.lead_investors == ("Quorvane Capital",)
    assert merged.participants == ("Emberlight Ventures", "Pellucid Bank")
    assert [
        s for s in sources(merged) if s[0] in ("lead_investors", "participants")
    ] == [
        (
            "lead_investors",
            "Quorvane Capital",
            "rules",
            {"participants": "Quorvane Capital"},
        ),
        ("participants", "Emberlight Ventures", "both", {}),
        ("participants", "Pellucid Bank", "llm", {}),
    ]
    # Different lists of participants: neither reading confirms the other
    assert merged.confidence_of("participants") == 0.75


def test_an_earlier_round_is_not_matched_with_the_news_round():
    earlier = llm_candidate(
        round_type="seed",
        amount=Decimal("4000000"),
        lead_investors=(),
        participants=("Corvid Partners",),
        primary=False,
    )

    merged = merge_extractions([rules_candidate()], [earlier])

    assert [(c.round_type, {s.extractor for s in c.provenance}) for c in merged] == [
        ("series_b", {"rules"}),
        ("seed", {"llm"}),
    ]


def test_readings_with_different_amounts_pair_when_an_investor_corroborates_them():
    ours = rules_candidate(round_type="unknown")
    theirs = llm_candidate(round_type="unknown", amount=Decimal("40000000"))

    [merged] = merge_extractions([ours], [theirs])

    assert merged.amount == Decimal("18000000")
    assert (
        "amount",
        None,
        "rules",
        {"amount": "40000000", "currency": "USD", "amount_qualifier": "exact"},
    ) in sources(merged)


def test_readings_with_different_amounts_and_nothing_in_common_stay_two_proposals():
    ours = rules_candidate(round_type="unknown", lead_investors=(), participants=())
    theirs = llm_candidate(
        round_type="unknown",
        amount=Decimal("40000000"),
        lead_investors=(),
        participants=(),
    )

    merged = merge_extractions([ours], [theirs])

    assert [c.amount for c in merged] == [Decimal("18000000"), Decimal("40000000")]


def test_candidates_with_one_fingerprint_give_one_proposal():
    merged = merge_extractions([rules_candidate(), rules_candidate()], [])

    assert len(merged) == 1


def test_a_round_only_the_rules_found_keeps_its_values_marked_rules():
    [merged] = merge_extractions([rules_candidate()], [])

    assert {s.extractor for s in merged.provenance} == {"rules"}
    assert merged.field_confidence == rules_candidate().field_confidence
    assert merged.fingerprint == rules_candidate().fingerprint


def test_a_shorter_name_of_the_company_matches_and_the_rules_spelling_is_shown():
    [merged] = merge_extractions(
        [rules_candidate(company="Lumenquay Energy")], [llm_candidate()]
    )

    assert merged.company == "Lumenquay Energy"
    assert ("company", None, "rules", {"company": "Lumenquay"}) in sources(merged)


def test_the_hints_both_read_with_the_same_code_gain_no_confidence_from_agreeing():
    hint = {
        "company_country": "DK",
        "evidence": (Evidence("company_country", 13, 19),),
        "field_confidence": (("company", 0.9), ("company_country", 0.7)),
    }

    [merged] = merge_extractions([rules_candidate(**hint)], [llm_candidate(**hint)])

    assert ("company_country", None, "both", {}) in sources(merged)
    assert merged.confidence_of("company_country") == 0.7


def test_the_model_adds_the_kind_of_an_investor_only_it_names():
    rules = rules_candidate(
        lead_investors=("Quorvane Capital",),
        investor_kinds=(InvestorHint("Quorvane Capital", "venture", 40, 60),),
        company_sectors=("energy",),
        evidence=(
            Evidence("investor_kind", 40, 60),
            Evidence("company_sectors", 20, 25),
        ),
    )
    model = llm_candidate(
        lead_investors=("Quorvane Capital",),
        participants=("Orvia",),
        investor_kinds=(
            InvestorHint("Quorvane Capital", "venture", 40, 60),
            InvestorHint("Orvia", "corporate", 70, 80),
        ),
        evidence=(Evidence("investor_kind", 70, 80),),
    )

    [merged] = merge_extractions([rules], [model])

    assert (
        merged.company_sectors,
        [(h.name, h.kind) for h in merged.investor_kinds],
    ) == (
        ("energy",),
        [("Quorvane Capital", "venture"), ("Orvia", "corporate")],
    )
    assert {
        (e.field, e.start) for e in merged.evidence if e.field != "participants"
    } >= {("investor_kind", 40), ("investor_kind", 70), ("company_sectors", 20)}


def test_on_one_article_the_model_adds_the_participant_the_rules_miss():
    rules = extract_rounds(TEXT, PUBLISHED)
    model = extract_rounds_llm(
        TEXT,
        PUBLISHED,
        complete=ScriptedCompletion(
            _reply(
                {
                    "company": quoted("Lumenquay", "Lumenquay, a Danish maker"),
                    "round_type": quoted("series_b", "Series B round"),
                    "amount": quoted("$18 million", "has raised $18 million"),
                    "lead_investors": [
                        quoted("Quorvane Capital", "led by Quorvane Capital")
                    ],
                    "participants": [
                        quoted(
                            "Emberlight Ventures", "Emberlight Ventures also took part"
                        )
                    ],
                    "status": quoted("announced", "has raised $18 million"),
                }
            )
        ),
    )

    [merged] = merge_extractions(rules, list(model.candidates))

    assert (
        merged.company,
        merged.amount,
        merged.lead_investors,
        merged.participants,
    ) == (
        "Lumenquay",
        Decimal("18000000"),
        ("Quorvane Capital",),
        ("Emberlight Ventures",),
    )
    assert [(s.field, s.item, s.extractor) for s in merged.provenance] == [
        ("company", None, "both"),
        ("round_type", None, "both"),
        ("amount", None, "both"),
        ("status", None, "both"),
        ("date", None, "both"),
        ("company_country", None, "both"),
        ("company_descriptor", None, "both"),
        ("primary", None, "both"),
        ("lead_investors", "Quorvane Capital", "both"),
        ("participants", "Emberlight Ventures", "llm"),
    ]


def test_merged_candidates_round_trip_through_json():
    model = llm_candidate(
        amount=Decimal("81000000"),
        lead_investors=(),
        participants=("Quorvane Capital",),
    )

    merged = merge_extractions([rules_candidate()], [model])

    data = json.loads(json.dumps([c.to_json() for c in merged]))
    assert [RoundCandidate.from_json(c) for c in data] == merged


def test_a_candidate_without_provenance_writes_the_same_json_as_before():
    assert "provenance" not in rules_candidate().to_json()


field_sources = st.builds(
    FieldSource,
    field=st.sampled_from(["company", "amount", "participants"]),
    extractor=st.sampled_from(["rules", "llm", "both"]),
    item=st.one_of(st.none(), st.text(max_size=20)),
    alternative=st.dictionaries(
        st.sampled_from(["amount", "currency", "primary"]),
        st.one_of(st.none(), st.booleans(), st.text(max_size=10)),
    ).map(lambda d: tuple(d.items())),
    alternative_evidence=st.lists(
        st.builds(Evidence, st.just("amount"), st.integers(0, 99), st.integers(0, 99)),
        max_size=2,
    ).map(tuple),
)


@given(provenance=st.lists(field_sources, max_size=4).map(tuple))
def test_provenance_round_trips_through_to_json_and_from_json(provenance):
    candidate = RoundCandidate("Lumenquay", provenance=provenance)

    restored = RoundCandidate.from_json(json.loads(json.dumps(candidate.to_json())))

    assert restored == candidate


def _reply(round_: dict) -> Reply:
    return Reply(rounds_answer(round_).content)
