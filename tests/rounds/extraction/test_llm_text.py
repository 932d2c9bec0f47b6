"""Finding quotes in the article although the model retyped them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rounds.extraction.llm.text import FoldedText, fold


@pytest.mark.parametrize(
    ("quote", "found"),
    [
        ("Acme's “Series B”", "Acme’s\n“Series B”"),
        ('acme\'s "series b"', "Acme’s\n“Series B”"),
        ("round - led", "round — led"),
        ("led by Foo   Capital", "led by Foo\u00a0Capital"),
        ("FooCapital.", "Foo\u00adCapital."),
    ],
)
def test_a_quote_is_found_with_quote_marks_dashes_spaces_case_and_invisible_characters_folded(
    quote, found
):
    text = FoldedText(
        "Acme’s\n“Series B” round — led by Foo\u00a0Capital. Foo\u00adCapital."
    )

    span = text.find(quote)

    assert span is not None
    assert text.text[span[0] : span[1]] == found


def test_a_quote_is_not_found_when_its_words_differ():
    assert FoldedText("Acme has raised $5m.").find("Acme raised $5m") is None


def test_a_search_within_a_span_stays_inside_it():
    text = FoldedText("Foo led. Then Foo joined.")

    assert text.find("Foo", within=(5, 25)) == (14, 17)
    assert text.find("Foo", within=(5, 10)) is None


def test_a_name_is_found_only_as_whole_words():
    text = FoldedText("Acmeco and Acme.")

    assert text.find_name("Acme") == (11, 15)
    assert text.find_name("Acme.") == (11, 16)


def test_a_letter_that_folds_to_two_maps_back_to_one_character():
    text = FoldedText("İstanbul-based Acme")

    assert text.find("based acme") == (9, 19)
    assert text.find("i̇stanbul") == (0, 8)


def test_an_empty_quote_is_never_found():
    assert FoldedText("Acme").find("  ") is None
    assert fold(" \n ") == ""


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_fast_fold_of_ascii_text_equals_the_general_one(text):
    assert fold(text) == FoldedText(text).folded.strip()
