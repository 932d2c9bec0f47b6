from __future__ import annotations

import pytest

from rounds.extraction.rules.orgs import (
    is_common_opener,
    is_valid_name,
    name_in_phrase,
    names_a_person,
    names_in_list,
)


def names(text):
    return [name for name, _, _ in names_in_list(text)]


def test_name_in_phrase_takes_name_after_descriptor():
    assert name_in_phrase("Lisbon-based payments startup Quillpay")[0] == "Quillpay"


def test_name_in_phrase_accepts_lowercase_brand_after_descriptor():
    assert name_in_phrase("Berlin-based comparison platform zestr")[0] == "zestr"


def test_name_in_phrase_description_alone_names_nothing():
    assert name_in_phrase("the Oslo-based logistics startup") is None


def test_names_in_list_splits_commas_and_and():
    assert names("Cobalt Ventures, Dune Capital and Elmstead Fund, among others") == [
        "Cobalt Ventures",
        "Dune Capital",
        "Elmstead Fund",
    ]


def test_names_in_list_skips_appositives_and_formerly():
    assert names(
        "Pinecrest, a Zurich asset manager, and Redwater, formerly Bluefin Asia,"
    ) == [
        "Pinecrest",
        "Redwater",
    ]


def test_names_in_list_reads_possessives_and_units():
    assert names(
        "Kestrel Group's venture arm and the investment unit of Harrow Bank"
    ) == [
        "Kestrel Group",
        "Harrow Bank",
    ]


def test_names_in_list_stops_at_reporting_clause():
    assert names("Cobalt Ventures and Dune Capital, Techwire reports") == [
        "Cobalt Ventures",
        "Dune Capital",
    ]


def test_is_valid_name_rejects_places_and_stopwords():
    assert [is_valid_name(n) for n in ("Berlin", "The", "Monday", "Quillpay")] == [
        False,
        False,
        False,
        True,
    ]


@pytest.mark.parametrize("word", ["Betreiberfirma", "Startup", "Plataforma", "España"])
def test_is_valid_name_rejects_a_descriptor_or_a_country_alone(word):
    assert not is_valid_name(word)


@pytest.mark.parametrize(
    "tail",
    [
        "in May 2023",
        "in 2021",
        "last year",
        "earlier this year",
        "in Q3 2022",
        "in March",
    ],
)
def test_names_in_list_a_trailing_date_ends_the_name(tail):
    assert names(f"Brightmoor Capital and Tessaly Partners {tail}") == [
        "Brightmoor Capital",
        "Tessaly Partners",
    ]


def test_names_in_list_keeps_in_and_month_words_inside_names():
    assert names("Fund of March Capital and Institute in Mayfield") == [
        "Fund of March Capital",
        "Institute in Mayfield",
    ]


def test_name_in_phrase_an_adverb_after_a_descriptor_is_no_brand():
    assert name_in_phrase("The company previously") is None


@pytest.mark.parametrize(
    "name",
    ["Tomas Eklund", "Mira Solberg", "Solberg", "Jonas Arvid Brekke", "Dana Levit"],
)
def test_a_name_beside_a_title_a_byline_or_a_quote_is_a_person(name):
    text = (
        "By Tomas Eklund\n"
        "Vantora raised $5 million, said Mira Solberg, its chief executive. "
        "Co-founder and CEO Jonas Arvid Brekke called it a milestone. Solberg added more. "
        "Dana Levit said Halden Capital would invest."
    )

    assert names_a_person(text, name)


@pytest.mark.parametrize("name", ["Halden Capital", "Vantora"])
def test_an_organisation_is_no_person(name):
    text = "Vantora raised $5 million. Halden Capital said it would invest, said Dana Levit."

    assert not names_a_person(text, name)


@pytest.mark.parametrize(
    "word", ["Reports", "Having", "Just", "We’ve", "Another", "Less"]
)
def test_ordinary_words_open_sentences(word):
    assert is_common_opener(word)
