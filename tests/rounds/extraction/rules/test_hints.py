from __future__ import annotations

import pytest

from rounds.extraction.rules.hints import (
    company_hints,
    investor_hints,
    investor_kind,
    sector_hints,
)
from rounds.extraction.types import InvestorHint


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


@pytest.mark.parametrize(
    ("text", "descriptor"),
    [
        (
            "Tovrik, a maker of electric trucks, has raised $30 million.",
            "maker of electric trucks",
        ),
        (
            "Pellavo, a platform for independent pharmacies based in Porto, raised €4m.",
            "platform for independent pharmacies",
        ),
        (
            "Tovrik, a maker of trucks that runs on hydrogen, raised $3m.",
            "maker of trucks",
        ),
    ],
)
def test_what_a_maker_makes_belongs_to_its_description(text, descriptor):
    _, found = company_hints(text, text.split(",")[0])

    assert found is not None
    assert (found.value, text[found.start : found.end]) == (descriptor, descriptor)


@pytest.mark.parametrize(
    ("text", "sectors"),
    [
        ("Berlin-based fintech Quilla raised €12 million.", [("fintech", "fintech")]),
        (
            "Quilla, an online tutoring firm, raised $2 million.",
            [("education", "tutoring")],
        ),
        (
            "Tovrik, a maker of electric trucks, has raised $30 million.",
            [("mobility", "electric trucks")],
        ),
        ("Quilla raised $2 million.", []),
    ],
)
def test_the_description_of_the_company_gives_its_sectors_with_their_words(
    text, sectors
):
    _, descriptor = company_hints(text, "Quilla" if "Quilla" in text else "Tovrik")

    found = sector_hints(text, descriptor)

    assert [(h.value, text[h.start : h.end]) for h in found] == sectors


def test_each_investor_the_text_describes_gets_its_kind_and_the_others_none():
    text = "Quilla raised $2 million from venture capital firm Halden and Ostrava Bank, with Mira Holt."

    hints = investor_hints(text, ["Halden", "Ostrava Bank", "Mira Holt"])

    assert hints == (
        InvestorHint("Halden", "venture", 30, 50),
        InvestorHint("Ostrava Bank", "bank", 62, 74),
    )
