from __future__ import annotations

import importlib

import pytest

from rounds.extraction.rules.sectors import SECTOR_WORDS, sectors_in


def test_every_sector_it_proposes_is_in_the_taxonomy_migration():
    taxonomy = importlib.import_module("rounds.migrations.0012_sectors").SECTORS

    assert {slug for slug, _ in SECTOR_WORDS} <= {slug for slug, _ in taxonomy}


@pytest.mark.parametrize(
    ("description", "sectors"),
    [
        ("AI startup", ["artificial-intelligence"]),
        ("online tutoring firm", ["education"]),
        ("fintech", ["fintech"]),
        ("maker of electric trucks", ["mobility"]),
        ("payments platform", ["fintech"]),
        ("insurtech", ["insurance"]),
        ("AI drug discovery startup", ["artificial-intelligence", "biotech"]),
        ("clinical-software startup", ["health"]),
        ("AI-powered lending startup", ["artificial-intelligence", "fintech"]),
        ("chipmaker", ["semiconductors"]),
        ("satellite imaging company", ["space"]),
        ("vertical farming startup", ["food-agriculture"]),
        ("cybersecurity firm", ["cybersecurity"]),
        ("code-review startup", ["developer-tools"]),
        ("last-mile delivery startup", ["logistics"]),
        ("solar developer", ["energy"]),
        ("carbon removal startup", ["climate"]),
        ("proptech", ["real-estate"]),
        ("mobile games studio", ["gaming"]),
        ("recruiting platform", ["hr-work"]),
        ("B2B software company", ["enterprise-software"]),
        ("carpooling app", ["mobility"]),
        ("prop-tech startup", ["real-estate"]),
        ("crowdfunding platform", ["fintech"]),
    ],
)
def test_the_words_of_a_description_name_its_sectors(description, sectors):
    assert [slug for slug, _, _ in sectors_in(description)] == sectors


def test_a_longer_phrase_wins_over_the_words_in_it():
    assert [slug for slug, _, _ in sectors_in("national security startup")] == [
        "defense"
    ]


def test_generic_words_count_only_when_nothing_else_names_a_sector():
    assert [slug for slug, _, _ in sectors_in("payments software provider")] == [
        "fintech"
    ]


@pytest.mark.parametrize(
    "description", ["startup", "company", "unicorn", "fast-growing firm"]
)
def test_a_description_without_an_industry_names_no_sector(description):
    assert sectors_in(description) == []


def test_each_sector_comes_with_the_span_of_its_words():
    description = "Dutch battery recycling startup"

    found = [
        (slug, description[start:end]) for slug, start, end in sectors_in(description)
    ]

    assert found == [("energy", "battery"), ("climate", "recycling")]
