from __future__ import annotations

import pytest

from rounds.extraction.rules.places import PLACE_RE, country_of


@pytest.mark.parametrize(
    ("words", "code"),
    [
        ("Berlin", "DE"),
        ("Chinese", "CN"),
        ("the US", "US"),
        ("Nigerian", "NG"),
        ("São Paulo", "BR"),
        ("française", "FR"),
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
