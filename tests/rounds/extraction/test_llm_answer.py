"""The model's answer checked against the text: which values reach the editor, and which are
dropped and why."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest

from rounds.extraction.llm import LlmResult, Reply, extract_rounds_llm
from rounds.extraction.llm.prompt import MAX_CHARS
from tests.fakellm import ScriptedCompletion, quoted, rounds_answer

PUBLISHED = datetime.date(2024, 4, 3)  # a Wednesday
TEXT = (
    "Lumenquay’s new round — a Series B — closed on Monday: the Danish battery maker has "
    "raised nearly €18 million, led by Quorvane Capital.\n"
    "Emberlight Ventures also took part. The round values Lumenquay at $90-100 million.\n"
    "Lumenquay raised a $4 million seed round from Corvid Partners in March 2021."
)
COMPANY = quoted("Lumenquay", "Lumenquay’s new round")
LEAD = quoted("Quorvane Capital", "led by Quorvane Capital")


def extract(
    *rounds: dict[str, object],
    text: str = TEXT,
    title: str = "",
    known_companies: tuple[str, ...] = (),
) -> LlmResult:
    reply = Reply(rounds_answer(*rounds).content)
    return extract_rounds_llm(
        text,
        PUBLISHED,
        title=title,
        known_companies=known_companies,
        complete=ScriptedCompletion(reply),
    )


def reasons(result: LlmResult) -> list[tuple[str, str]]:
    return [(drop.field, drop.reason) for drop in result.dropped]


def test_a_quote_is_found_though_the_model_retyped_quote_marks_dashes_line_breaks_and_case():
    result = extract(
        {
            "company": quoted(
                "Lumenquay", "lumenquay's new round - a Series B - closed"
            ),
            "lead_investors": [
                quoted("Quorvane Capital", "Quorvane Capital. Emberlight")
            ],
        }
    )

    [candidate] = result.candidates
    assert [TEXT[e.start : e.end] for e in candidate.evidence[:2]] == [
        "Lumenquay’s new round — a Series B — closed",
        "Quorvane Capital.\nEmberlight",
    ]
    assert result.dropped == ()


def test_a_quote_missing_from_the_text_drops_the_value():
    result = extract(
        {
            "company": COMPANY,
            "lead_investors": [LEAD, quoted("Pellucid Bank", "Pellucid Bank led it")],
        }
    )

    assert result.candidates[0].lead_investors == ("Quorvane Capital",)
    assert reasons(result) == [("lead_investors", "quote_not_found")]


def test_a_value_without_a_quote_is_dropped():
    result = extract(
        {
            "company": COMPANY,
            "lead_investors": [LEAD],
            "participants": ["Emberlight Ventures"],
        }
    )

    assert result.candidates[0].participants == ()
    assert reasons(result) == [("participants", "no_quote")]


def test_a_company_whose_name_is_not_in_its_quote_drops_the_round():
    result = extract(
        {
            "company": quoted("Lumenquay", "the Danish battery maker"),
            "lead_investors": [LEAD],
        }
    )

    assert result.candidates == ()
    assert reasons(result) == [("company", "name_not_in_quote")]


def test_a_name_must_be_whole_words_of_its_quote():
    result = extract(
        {"company": quoted("Lumen", "Lumenquay’s new round"), "lead_investors": [LEAD]}
    )

    assert reasons(result) == [("company", "name_not_in_quote")]


def test_names_take_the_spelling_of_the_text():
    result = extract(
        {
            "company": quoted("LUMENQUAY", "Lumenquay’s new round"),
            "lead_investors": [quoted("quorvane capital", "led by Quorvane Capital")],
        }
    )

    assert (result.candidates[0].company, result.candidates[0].lead_investors) == (
        "Lumenquay",
        ("Quorvane Capital",),
    )


def test_the_amount_is_the_money_parsers_reading_with_the_qualifier_before_the_quote():
    result = extract(
        {"company": COMPANY, "amount": quoted("EUR 18 million", "€18 million, led by")}
    )

    candidate = result.candidates[0]
    assert (candidate.amount, candidate.currency, candidate.amount_qualifier) == (
        Decimal("18000000"),
        "EUR",
        "about",
    )


def test_a_range_gives_its_lower_bound_with_at_least():
    result = extract(
        {
            "company": COMPANY,
            "valuation": quoted(
                "$90-100 million", "values Lumenquay at $90-100 million"
            ),
        }
    )

    candidate = result.candidates[0]
    assert (candidate.valuation, candidate.valuation_qualifier) == (
        Decimal("90000000"),
        "at_least",
    )


@pytest.mark.parametrize("written", ["18000000", 18000000, "€18m", "18 million euros"])
def test_any_writing_of_the_figure_in_the_quote_is_accepted(written):
    result = extract(
        {"company": COMPANY, "amount": quoted(written, "raised nearly €18 million")}
    )

    assert result.candidates[0].amount == Decimal("18000000")


def test_of_two_figures_in_a_quote_the_one_the_model_named_is_taken():
    text = "Lumenquay raised $18 million, taking its total funding to $40 million."

    result = extract(
        {
            "company": quoted("Lumenquay", "Lumenquay raised"),
            "amount": quoted("$18 million", text),
        },
        text=text,
    )

    assert result.candidates[0].amount == Decimal("18000000")


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("$18 million", "figure_not_in_quote"),
        ("€81 million", "figure_not_in_quote"),
        ("€18 billion", "figure_not_in_quote"),
        ("an undisclosed sum", "invalid_value"),
    ],
)
def test_a_figure_the_quote_does_not_contain_is_dropped(written, reason):
    result = extract(
        {
            "company": COMPANY,
            "amount": quoted(written, "raised nearly €18 million"),
            "lead_investors": [LEAD],
        }
    )

    assert result.candidates[0].amount is None
    assert reasons(result) == [("amount", reason)]


def test_a_round_type_its_quote_contradicts_is_dropped():
    result = extract(
        {
            "company": COMPANY,
            "round_type": quoted("series_c", "a Series B"),
            "lead_investors": [LEAD],
        }
    )

    assert result.candidates[0].round_type == "unknown"
    assert reasons(result) == [("round_type", "round_type_not_in_quote")]


def test_a_round_type_read_from_context_is_kept_when_its_quote_names_none():
    text = (
        "Harrowby Foods took a minority stake in Lumenquay and will sell its batteries."
    )

    result = extract(
        {
            "company": quoted("Lumenquay", "a minority stake in Lumenquay"),
            "round_type": quoted("strategic", text),
            "participants": [
                quoted("Harrowby Foods", "Harrowby Foods took a minority stake")
            ],
        },
        text=text,
    )

    assert (result.candidates[0].round_type, result.candidates[0].round_label) == (
        "strategic",
        None,
    )


def test_a_round_type_that_is_no_type_is_dropped_as_invalid():
    result = extract(
        {
            "company": COMPANY,
            "round_type": quoted("series_z", "a Series B"),
            "lead_investors": [LEAD],
        }
    )

    assert reasons(result) == [("round_type", "invalid_value")]


def test_a_date_is_the_day_the_date_reader_gets_from_its_quote():
    result = extract(
        {
            "company": COMPANY,
            "lead_investors": [LEAD],
            "date": quoted("2024-04-01", "closed on Monday"),
        }
    )

    candidate = result.candidates[0]
    assert (candidate.date, candidate.date_precision) == (
        datetime.date(2024, 4, 1),
        "day",
    )
    assert candidate.confidence_of("date") == 0.85


def test_a_date_its_quote_does_not_give_is_dropped_and_the_news_takes_the_article_date():
    result = extract(
        {
            "company": COMPANY,
            "lead_investors": [LEAD],
            "date": quoted("2024-03-31", "closed on Monday"),
        }
    )

    candidate = result.candidates[0]
    assert (candidate.date, candidate.date_precision) == (PUBLISHED, "day")
    assert candidate.confidence_of("date") == 0.7
    assert reasons(result) == [("date", "date_not_in_quote")]


def test_a_passing_round_keeps_the_month_its_quote_gives_and_never_the_article_date():
    seed = {
        "company": quoted("Lumenquay", "Lumenquay raised a $4 million seed round"),
        "primary": False,
        "amount": quoted("$4 million", "a $4 million seed round"),
    }

    with_month = extract({**seed, "date": quoted("2021-03", "in March 2021")})
    without = extract(seed)

    assert (with_month.candidates[0].date, with_month.candidates[0].date_precision) == (
        datetime.date(2021, 3, 1),
        "month",
    )
    assert (without.candidates[0].date, without.candidates[0].date_precision) == (
        None,
        None,
    )


def test_a_value_quoted_from_the_headline_is_kept_without_an_evidence_span():
    result = extract(
        {"company": COMPANY, "amount": quoted("$18M", "Lumenquay raises $18M")},
        text="Lumenquay’s new round closed. Emberlight Ventures took part.",
        title="Lumenquay raises $18M",
    )

    candidate = result.candidates[0]
    assert (candidate.amount, candidate.currency) == (Decimal("18000000"), "USD")
    assert [e.field for e in candidate.evidence] == ["company"]


def test_an_investor_that_is_the_company_itself_is_dropped():
    result = extract(
        {
            "company": COMPANY,
            "lead_investors": [LEAD, quoted("Lumenquay", "Lumenquay’s new round")],
        }
    )

    assert result.candidates[0].lead_investors == ("Quorvane Capital",)
    assert reasons(result) == [("lead_investors", "investor_is_company")]


def test_a_lead_listed_again_as_a_participant_stays_only_a_lead():
    result = extract(
        {"company": COMPANY, "lead_investors": [LEAD], "participants": [LEAD]}
    )

    assert (result.candidates[0].lead_investors, result.candidates[0].participants) == (
        ("Quorvane Capital",),
        (),
    )


def test_a_round_with_nothing_supported_but_its_company_is_dropped():
    result = extract(
        {
            "company": COMPANY,
            "amount": quoted("€81 million", "raised nearly €18 million"),
        }
    )

    assert result.candidates == ()
    assert reasons(result) == [
        ("amount", "figure_not_in_quote"),
        ("round", "no_supported_fact"),
    ]


def test_a_valuation_basis_without_its_valuation_is_dropped():
    result = extract(
        {
            "company": COMPANY,
            "lead_investors": [LEAD],
            "valuation_basis": quoted("post", "The round values"),
        }
    )

    assert result.candidates[0].valuation_basis is None
    assert reasons(result) == [("valuation_basis", "no_valuation")]


def test_a_status_without_a_found_quote_is_announced_with_low_confidence():
    result = extract(
        {
            "company": COMPANY,
            "lead_investors": [LEAD],
            "status": quoted("in_progress", "is in talks"),
        }
    )

    candidate = result.candidates[0]
    assert (candidate.status, candidate.confidence_of("status")) == ("announced", 0.5)
    assert reasons(result) == [("status", "quote_not_found")]


def test_an_in_progress_status_with_its_quote_is_kept():
    text = (
        "Lumenquay is in talks to raise $18 million in a round led by Quorvane Capital."
    )

    result = extract(
        {
            "company": quoted("Lumenquay", "Lumenquay is in talks"),
            "lead_investors": [LEAD],
            "status": quoted("in_progress", "is in talks to raise"),
        },
        text=text,
    )

    assert result.candidates[0].status == "in_progress"


def test_a_round_given_twice_is_proposed_once():
    round_ = {"company": COMPANY, "lead_investors": [LEAD]}

    result = extract(round_, round_)

    assert len(result.candidates) == 1


def test_news_rounds_come_before_rounds_mentioned_in_passing():
    seed = {
        "company": quoted("Lumenquay", "Lumenquay raised a $4 million seed round"),
        "primary": False,
        "amount": quoted("$4 million", "a $4 million seed round"),
    }

    result = extract(seed, {"company": COMPANY, "lead_investors": [LEAD]})

    assert [c.primary for c in result.candidates] == [True, False]


def test_a_company_the_database_knows_is_more_confident():
    round_ = {"company": COMPANY, "lead_investors": [LEAD]}

    known = extract(round_, known_companies=("Lumenquay",)).candidates[0]
    unknown = extract(round_).candidates[0]

    assert (known.confidence_of("company"), unknown.confidence_of("company")) == (
        0.9,
        0.8,
    )


@pytest.mark.parametrize(
    "content",
    [
        '{"rounds": []}',
        "[]",
        'Sure! ```json\n{"rounds": []}\n``` Anything else?',
        'The answer is {"rounds": []} as requested.',
    ],
)
def test_an_answer_is_read_as_bare_json_a_list_a_fenced_block_or_json_in_prose(content):
    result = extract_rounds_llm(
        TEXT, PUBLISHED, complete=ScriptedCompletion(Reply(content))
    )

    assert (result.candidates, result.failure) == ((), None)


def test_a_round_that_is_not_an_object_is_dropped_as_invalid():
    content = json.dumps({"rounds": ["Lumenquay raised money"]})

    result = extract_rounds_llm(
        TEXT, PUBLISHED, complete=ScriptedCompletion(Reply(content))
    )

    assert reasons(result) == [("round", "invalid_value")]
    assert result.dropped[0].value == "Lumenquay raised money"


def test_a_quote_longer_than_a_sentence_is_dropped_though_it_contains_the_name():
    text = ("Lumenquay builds batteries. " * 30) + "Quorvane Capital led the round."

    result = extract(
        {
            "company": quoted("Lumenquay", "Lumenquay builds batteries."),
            "lead_investors": [quoted("Quorvane Capital", text)],
        },
        text=text,
    )

    assert result.candidates == ()
    assert reasons(result) == [
        ("lead_investors", "quote_too_long"),
        ("round", "no_supported_fact"),
    ]


def test_only_the_part_of_a_long_article_the_model_saw_can_be_quoted():
    text = (
        "Lumenquay builds batteries. " + "x " * MAX_CHARS + "Quorvane Capital led it."
    )

    result = extract(
        {
            "company": quoted("Lumenquay", "Lumenquay builds batteries."),
            "lead_investors": [quoted("Quorvane Capital", "Quorvane Capital led it.")],
        },
        text=text,
    )

    assert reasons(result)[0] == ("lead_investors", "quote_not_found")


def test_a_paraphrased_company_quote_drops_the_round_but_is_no_answer_about_another_text():
    result = extract(
        {
            "company": quoted("Lumenquay", "Lumenquay closed a new round"),
            "lead_investors": [LEAD],
        }
    )

    assert (result.candidates, result.failure) == ((), None)
    assert reasons(result) == [("company", "quote_not_found")]


def test_a_name_without_a_letter_or_digit_is_invalid():
    result = extract(
        {"company": COMPANY, "lead_investors": [LEAD, quoted("—", "round — a")]}
    )

    assert reasons(result) == [("lead_investors", "invalid_value")]
