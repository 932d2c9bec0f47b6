from __future__ import annotations

import pytest

from rounds.extraction.rules.places import PLACE_RE, PLACE_WORDS, country_of


@pytest.mark.parametrize(
    ("words", "code"),
    [
        ("Berlin", "DE"),
        ("Chinese", "CN"),
        ("the US", "US"),
        ("Nigerian", "NG"),
        ("São Paulo", "BR"),
        ("française", "FR"),
        ("chilena", "CL"),
        ("colombiano", "CO"),
    ],
)
def test_country_of_reads_places_and_demonyms(words, code):
    assert country_of(words) == code


def test_country_of_an_organisation_is_none():
    assert country_of("Halden Capital") is None


def test_place_re_finds_whole_words_only():
    assert [
        m.group(0) for m in PLACE_RE.finditer("Berliner Parisian Berlin-based")
    ] == ["Berlin"]


@pytest.mark.parametrize("word", ["eastern", "asean", "latam", "françaises"])
def test_regions_and_plural_demonyms_are_place_words(word):
    assert word in PLACE_WORDS
