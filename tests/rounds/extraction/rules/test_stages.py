from __future__ import annotations

import pytest

from rounds.extraction.rules.stages import find_stages


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("a pre-seed round", "pre_seed"),
        ("its seed round", "seed"),
        ("a pre-Series A round", "seed"),
        ("an angel round", "seed"),
        ("a Series A round", "series_a"),
        ("the Series B extension", "series_b"),
        ("a Series B+ round", "series_b"),
        ("Series C funding", "series_c"),
        ("its Series D", "series_d"),
        ("a Series E round", "series_e"),
        ("a Series F round", "series_f_plus"),
        ("its Series H", "series_f_plus"),
        ("a growth round", "growth"),
        ("a private equity round", "growth"),
        ("a strategic financing round", "strategic"),
        ("a $20 million venture debt facility", "debt"),
        ("a credit facility", "debt"),
        ("a convertible note", "convertible"),
        ("grant funding from the agency", "grant"),
        ("a pre-IPO round", "unknown"),
        ("eine Series-B-Runde", "series_b"),
        ("its C plus financing round", "series_c"),
        ("a B round financing", "series_b"),
        ("a pre-A round", "seed"),
        ("en financement de pré-amorçage", "pre_seed"),
        ("une série A de 5 millions", "series_a"),
        ("a $50 million credit line", "debt"),
        ("a revolving credit facility", "debt"),
        ("its A-plus series funding round", "series_a"),
        ("a B series round", "series_b"),
    ],
)
def test_find_stages_normalizes_round_names(text, stage):
    assert find_stages(text)[0].value == stage


@pytest.mark.parametrize(
    "text",
    ["a new round", "a series of setbacks", "seeded with sensors", "A series of talks"],
)
def test_find_stages_ignores_text_without_round_type(text):
    assert find_stages(text) == []


def test_find_stages_keeps_the_label_as_written():
    text = "It closed a Series B extension."

    (span,) = find_stages(text)

    assert (span.value, span.label, text[span.start : span.end]) == (
        "series_b",
        "Series B extension",
        "Series B extension",
    )


@pytest.mark.parametrize(
    "text",
    [
        "Fernwick Growth Equity is leading the deal",
        "backed by Quarrow Strategic Investments",
        "Growth Equity Partners of Tallis led it",
        "Harbin Venture Debt Fund provided the money",
    ],
)
def test_find_stages_ignores_round_words_inside_names(text):
    assert find_stages(text) == []


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("Tallowby Raises $90M Growth Round", "growth"),
        ("Tallowby Lands Growth Equity From Fernwick", "growth"),
        ("Tallowby Closes Strategic Round Led By Fernwick", "strategic"),
    ],
)
def test_find_stages_keeps_title_case_round_words(text, stage):
    assert [s.value for s in find_stages(text)] == [stage]
