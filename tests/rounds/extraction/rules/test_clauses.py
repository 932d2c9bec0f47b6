from __future__ import annotations

import pytest

from rounds.extraction.rules import clauses


def test_sentence_subject_skips_opening_adverbials():
    found = clauses.sentence_subject(
        "In March, Quillpay said it would expand to Spain."
    )

    assert found is not None and found[0] == "Quillpay"


def test_name_of_subject_skips_appositive():
    found = clauses.name_of_subject(
        "Quillpay, a Lisbon payments startup founded in 2020, has "
    )

    assert found is not None and found[0] == "Quillpay"


def test_name_of_subject_prefers_operated_brand():
    found = clauses.name_of_subject("Orrin Software Ltd, which runs Quillpay, ")

    assert found is not None and found[0] == "Quillpay"


def test_antecedent_of_relative_clause():
    found = clauses.antecedent("the record was held by Vexa, a security startup")

    assert found is not None and found[0] == "Vexa"


def test_object_company_after_investment_in():
    found = clauses.object_company(
        "Harbor Capital led a $40 million round in Chinese AI startup Tenmoku, people said."
    )

    assert found is not None and found[0] == "Tenmoku"


def test_object_company_skips_time_phrases():
    found = clauses.object_company(
        "It led a $1 billion round in recent months in Nova Labs, a robotics maker."
    )

    assert found is not None and found[0] == "Nova Labs"


@pytest.mark.parametrize(
    ("sentence", "name"),
    [
        (
            "Pine is leading a $9 million round for the Chinese AI startup Tenmoku.",
            "Tenmoku",
        ),
        (
            "Pine led $9 million in funding for a Berlin-based fintech called Quillpay.",
            "Quillpay",
        ),
        ("Pine made an investment in the e-commerce company Parcelry.", "Parcelry"),
        (
            "Pine led a $9 million round to back the Lisbon logistics startup Parcelry.",
            "Parcelry",
        ),
        ("Pine led a $9 million round in a Dutch robotics maker, Veltro.", "Veltro"),
    ],
)
def test_object_company_after_a_description(sentence, name):
    found = clauses.object_company(sentence)

    assert found is not None and found[0] == name
    assert sentence[found[1] : found[2]] == name


def test_object_company_description_then_another_clause():
    found = clauses.object_company(
        "Pine has invested in a startup, Parcelry said, as part of a $9 million round."
    )

    assert found is None


def test_clause_before_stops_at_clause_boundary():
    sentence = "Pine led the round with $20 million whereas Birch Capital has put in $5 million."

    assert (
        clauses.clause_before(sentence, sentence.index("put in")).strip()
        == "Birch Capital"
    )
