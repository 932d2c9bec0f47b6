from __future__ import annotations

import pytest

from rounds.extraction.rules.hints import investor_kind


@pytest.mark.parametrize(
    ("text", "name", "kind", "evidence"),
    [
        (
            "Nimbora raised $5 million from venture capital firm Halden.",
            "Halden",
            "venture",
            "venture capital firm",
        ),
        (
            "Silicon Valley VC firm 深蓝资本 led the seed round.",
            "深蓝资本",
            "venture",
            "VC firm",
        ),
        (
            "Korvex, the corporate venture arm of carmaker Ostrava Motors, led the round.",
            "Korvex",
            "corporate",
            "corporate venture arm",
        ),
        (
            "E-commerce giant Orvia joined the round.",
            "Orvia",
            "corporate",
            "E-commerce giant",
        ),
        (
            "Brightwater, a private equity firm based in Oslo, led the $80 million round.",
            "Brightwater",
            "private_equity",
            "private equity firm",
        ),
        (
            "Singapore's sovereign wealth fund Tamarind also took part.",
            "Tamarind",
            "sovereign",
            "sovereign wealth fund",
        ),
        (
            "The round drew the state-owned fund Северный Фонд and two angels.",
            "Северный Фонд",
            "sovereign",
            "state-owned fund",
        ),
        (
            "Zorvan, a development bank, lent $20 million.",
            "Zorvan",
            "sovereign",
            "development bank",
        ),
        (
            "Nimbora graduated from accelerator Lumen Launch last year.",
            "Lumen Launch",
            "accelerator",
            "accelerator",
        ),
        (
            "Angel investor Léa Dubois and Halden Capital put in $2 million.",
            "Léa Dubois",
            "angel",
            "Angel investor",
        ),
        (
            "The debt came from investment bank Kestrel.",
            "Kestrel",
            "bank",
            "investment bank",
        ),
    ],
)
def test_the_description_beside_an_investor_gives_its_kind(text, name, kind, evidence):
    hint = investor_kind(text, name)

    assert hint is not None
    assert (hint.value, text[hint.start : hint.end]) == (kind, evidence)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Halden Ventures", "venture"),
        ("Halden Angels", "angel"),
        ("Banco Meridional", "bank"),
        ("Ostrava Private Equity", "private_equity"),
        ("Tamarind Investment Authority", "sovereign"),
        ("Lumen Accelerator", "accelerator"),
    ],
)
def test_the_words_of_its_name_give_the_kind_when_the_text_describes_it_not(name, kind):
    text = f"Nimbora raised $5 million in a round led by {name}."

    hint = investor_kind(text, name)

    assert hint is not None
    assert (hint.value, text[hint.start : hint.end]) == (kind, name)


def test_the_description_wins_over_the_words_of_the_name():
    text = "The corporate venture arm Halden Ventures led the round."

    assert investor_kind(text, "Halden Ventures").value == "corporate"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Halden led the round.", "Halden"),
        # a description of another name in the sentence is not this investor's
        ("Halden, which backed tech giant Orvia, led the round.", "Halden"),
        ("Halden Capital led the round.", "Halden Capital"),
        ("Nimbora raised $5 million.", "Halden Ventures"),
    ],
)
def test_no_kind_without_a_description_or_a_telling_name(text, name):
    assert investor_kind(text, name) is None
