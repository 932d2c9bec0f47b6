"""The language-model extractor against a fake OpenAI-compatible server, case by case: what
the editor gets (the proposals, the values dropped and why) when the model answers well,
answers badly, or does not answer."""

from __future__ import annotations

import datetime
import json

import pytest

from rounds.extraction.llm import (
    CompletionError,
    CompletionTimeout,
    LlmResult,
    RetryableCompletionError,
    extract_rounds_llm,
)
from tests.fakellm import Answer, FakeLLM, HttpxCompletion, quoted, rounds_answer

PUBLISHED = datetime.date(2024, 4, 3)  # a Wednesday
TITLE = "Lumenquay raises $18M Series B for grid batteries"
TEXT = (
    "Lumenquay, a Danish maker of grid-scale batteries, said on Monday it had raised\n"
    "$18 million in a Series B round led by Quorvane Capital.\n\n"
    "Existing investor Emberlight Ventures also took part in the round, which values the "
    "company at about $90 million post-money. “Demand for storage isn’t slowing,” said "
    "Ines Marrowby, Lumenquay’s chief executive.\n\n"
    "Lumenquay raised a $4 million seed round from Corvid Partners in March 2021."
)

NEWS = {
    "company": quoted("Lumenquay", "Lumenquay, a Danish maker of grid-scale batteries"),
    "primary": True,
    "round_type": quoted("series_b", "in a Series B round led by Quorvane Capital"),
    "amount": quoted("$18 million", "it had raised $18 million"),
    "valuation": quoted(
        "$90 million", "values the company at about $90 million post-money"
    ),
    "valuation_basis": quoted("post", "about $90 million post-money"),
    "lead_investors": [quoted("Quorvane Capital", "led by Quorvane Capital")],
    "participants": [
        quoted(
            "Emberlight Ventures",
            "Existing investor Emberlight Ventures also took part in the round",
        )
    ],
    "status": quoted("announced", "it had raised $18 million"),
    "date": quoted("2024-04-01", "said on Monday"),
}
SEED = {
    "company": quoted("Lumenquay", "Lumenquay raised a $4 million seed round"),
    "primary": False,
    "round_type": quoted("seed", "a $4 million seed round"),
    "amount": quoted("$4 million", "Lumenquay raised a $4 million seed round"),
    "participants": [quoted("Corvid Partners", "seed round from Corvid Partners")],
    "status": quoted("announced", "Lumenquay raised a $4 million seed round"),
    "date": quoted("2021-03", "in March 2021"),
}
NEWS_PROPOSAL = {
    "company": "Lumenquay",
    "round_type": "series_b",
    "amount": "18000000 USD exact",
    "valuation": "90000000 USD about post",
    "lead_investors": ["Quorvane Capital"],
    "participants": ["Emberlight Ventures"],
    "status": "announced",
    "date": "2024-04-01 day",
    "primary": True,
}
SEED_PROPOSAL = {
    "company": "Lumenquay",
    "round_type": "seed",
    "amount": "4000000 USD exact",
    "valuation": None,
    "lead_investors": [],
    "participants": ["Corvid Partners"],
    "status": "announced",
    "date": "2021-03-01 month",
    "primary": False,
}


def editor_view(result: LlmResult) -> dict[str, object]:
    """What the review page would show: the proposals, the drops, the failure."""
    return {
        "proposals": [
            {
                "company": c.company,
                "round_type": c.round_type,
                "amount": c.amount and f"{c.amount} {c.currency} {c.amount_qualifier}",
                "valuation": c.valuation
                and f"{c.valuation} {c.valuation_currency} {c.valuation_qualifier} {c.valuation_basis}",
                "lead_investors": list(c.lead_investors),
                "participants": list(c.participants),
                "status": c.status,
                "date": c.date and f"{c.date} {c.date_precision}",
                "primary": c.primary,
            }
            for c in result.candidates
        ],
        "dropped": [drop.message for drop in result.dropped],
        "failure": result.failure_message,
    }


def run(
    server: FakeLLM, *, timeout: float = 5.0, waits: list[float] | None = None
) -> LlmResult:
    with HttpxCompletion(server.base_url, timeout=timeout) as complete:
        return extract_rounds_llm(
            TEXT,
            PUBLISHED,
            title=TITLE,
            complete=complete,
            sleep=(waits if waits is not None else []).append,
        )


def test_a_correct_answer_gives_the_rounds_with_the_parsers_figures_and_the_quotes_as_evidence():
    with FakeLLM(rounds_answer(NEWS, SEED)) as server:
        result = run(server)

    assert editor_view(result) == {
        "proposals": [NEWS_PROPOSAL, SEED_PROPOSAL],
        "dropped": [],
        "failure": None,
    }
    news = result.candidates[0]
    assert [(e.field, TEXT[e.start : e.end]) for e in news.evidence[:3]] == [
        ("company", "Lumenquay, a Danish maker of grid-scale batteries"),
        ("round_type", "in a Series B round led by Quorvane Capital"),
        ("amount", "it had raised\n$18 million"),
    ]
    assert (news.round_label, news.company_country) == ("Series B", "DK")
    assert {source.extractor for source in news.provenance} == {"llm"}
    assert (result.answer_format, result.attempts, result.failure) == (
        "json_schema",
        1,
        None,
    )


def test_the_request_carries_the_model_the_prompt_the_schema_and_max_tokens():
    with FakeLLM(rounds_answer(NEWS)) as server:
        result = run(server)

    [request] = server.requests
    assert request["model"] == "fake-extractor-7b"
    assert [m["role"] for m in request["messages"]] == ["system", "user"]
    assert TEXT in request["messages"][1]["content"]
    assert request["response_format"]["type"] == "json_schema"
    assert request["response_format"]["json_schema"]["schema"]["required"] == ["rounds"]
    assert (request["max_tokens"], request["temperature"]) == (4096, 0)
    prompt_tokens = sum(len(m["content"]) for m in request["messages"]) // 4
    assert result.prompt_tokens == prompt_tokens
    assert result.total_tokens == prompt_tokens + len(rounds_answer(NEWS).content) // 4


def test_a_quote_that_is_not_in_the_text_drops_its_value_and_keeps_the_rest():
    paraphrased = {**NEWS, "amount": quoted("$18 million", "it raised $18 million")}

    with FakeLLM(rounds_answer(paraphrased)) as server:
        result = run(server)

    assert editor_view(result) == {
        "proposals": [{**NEWS_PROPOSAL, "amount": None}],
        "dropped": [
            "Lumenquay, amount “$18 million”: dropped because its quote is not in the article."
        ],
        "failure": None,
    }
    assert result.drop_counts() == {"quote_not_found": 1}


def test_an_amount_its_quote_does_not_contain_is_dropped():
    misread = {**NEWS, "amount": quoted("$81 million", "it had raised $18 million")}

    with FakeLLM(rounds_answer(misread)) as server:
        result = run(server)

    assert editor_view(result) == {
        "proposals": [{**NEWS_PROPOSAL, "amount": None}],
        "dropped": [
            "Lumenquay, amount “$81 million”: dropped because its quote does not contain "
            "that figure."
        ],
        "failure": None,
    }


def test_an_invented_investor_is_dropped_whether_its_quote_is_real_or_invented():
    invented = {
        **NEWS,
        "participants": [
            *NEWS["participants"],
            quoted(
                "Ossifrage Fund", "Existing investor Emberlight Ventures also took part"
            ),
            quoted("Pellucid Bank", "Pellucid Bank also joined the round"),
        ],
    }

    with FakeLLM(rounds_answer(invented)) as server:
        result = run(server)

    assert editor_view(result) == {
        "proposals": [NEWS_PROPOSAL],
        "dropped": [
            "Lumenquay, participants “Ossifrage Fund”: dropped because the name is not in "
            "its quote.",
            "Lumenquay, participants “Pellucid Bank”: dropped because its quote is not in "
            "the article.",
        ],
        "failure": None,
    }


def test_malformed_json_gives_no_proposal_and_says_so_with_its_tokens_counted():
    broken = Answer(
        '{"rounds": [{"company": {"value": "Lumenquay", "quote": "Lumenquay, a'
    )

    with FakeLLM(broken) as server:
        result = run(server)

    assert editor_view(result) == {
        "proposals": [],
        "dropped": [],
        "failure": "The model's answer is not the JSON that was asked for.",
    }
    assert result.completion_tokens == len(broken.content) // 4


def test_a_truncated_answer_gives_no_proposal_and_says_it_was_cut_off():
    cut = Answer(rounds_answer(NEWS, SEED).content[:400], finish_reason="length")

    with FakeLLM(cut) as server:
        result = run(server)

    assert editor_view(result) == {
        "proposals": [],
        "dropped": [],
        "failure": "The model's answer was cut off at its token limit.",
    }


def test_a_429_is_retried_after_the_wait_the_server_asks_for_then_the_answer_is_used():
    limited = Answer(
        status=429, error="Rate limit reached", headers={"Retry-After": "2"}
    )
    waits: list[float] = []

    with FakeLLM(limited, rounds_answer(NEWS, SEED)) as server:
        result = run(server, waits=waits)

    assert editor_view(result)["proposals"] == [NEWS_PROPOSAL, SEED_PROPOSAL]
    assert (waits, result.attempts, len(server.requests)) == ([2.0], 2, 2)


def test_a_server_that_keeps_failing_raises_after_the_retries_so_the_app_falls_back_to_the_rules():
    failing = [Answer(status=503, error="The server is overloaded") for _ in range(3)]
    waits: list[float] = []

    with FakeLLM(*failing) as server, pytest.raises(RetryableCompletionError) as raised:
        run(server, waits=waits)

    assert (
        str(raised.value) == "the model server answered 503: The server is overloaded"
    )
    assert (waits, len(server.requests)) == ([1.0, 2.0], 3)


def test_a_timeout_raises_at_once_without_a_retry():
    slow = Answer(rounds_answer(NEWS).content, delay=3.0)

    with FakeLLM(slow) as server, pytest.raises(CompletionTimeout) as raised:
        run(server, timeout=0.2)

    assert str(raised.value) == "the model server gave no answer within 0.2 s"
    assert len(server.requests) == 1


def test_an_answer_about_another_article_gives_no_proposal_and_says_so():
    other = {
        "company": quoted("Harrowby Foods", "Harrowby Foods, a Leeds bakery chain"),
        "amount": quoted("£5 million", "has raised £5 million"),
        "status": quoted("announced", "has raised £5 million"),
    }

    with FakeLLM(rounds_answer(other)) as server:
        result = run(server)

    assert editor_view(result) == {
        "proposals": [],
        "dropped": [
            "Harrowby Foods, company “Harrowby Foods”: dropped because its quote is not in "
            "the article."
        ],
        "failure": "The article names none of the companies in the model's answer: the "
        "answer is about another text.",
    }


def test_a_server_that_rejects_json_schema_is_asked_for_a_json_object():
    with FakeLLM(rounds_answer(NEWS, SEED), refuse=["json_schema"]) as server:
        result = run(server)

    assert editor_view(result)["proposals"] == [NEWS_PROPOSAL, SEED_PROPOSAL]
    assert [r["response_format"]["type"] for r in server.requests] == [
        "json_schema",
        "json_object",
    ]
    assert (result.answer_format, result.attempts) == ("json_object", 2)


def test_a_server_that_rejects_both_json_formats_is_asked_for_a_fenced_block_in_text():
    prose = "Here are the rounds.\n```json\n" + rounds_answer(NEWS).content + "\n```\n"

    with FakeLLM(Answer(prose), refuse=["json_schema", "json_object"]) as server:
        result = run(server)

    assert editor_view(result)["proposals"] == [NEWS_PROPOSAL]
    last = server.requests[-1]
    assert "response_format" not in last
    assert last["messages"][1]["content"].endswith("```json ... ```.")
    assert result.answer_format == "text"


def test_a_wrong_api_key_raises_without_a_retry():
    with (
        FakeLLM(rounds_answer(NEWS), api_key="sk-right") as server,
        HttpxCompletion(server.base_url, api_key="sk-wrong") as complete,
        pytest.raises(CompletionError) as raised,
    ):
        extract_rounds_llm(TEXT, PUBLISHED, complete=complete, sleep=[].append)

    assert (
        str(raised.value)
        == "the model server answered 401: Incorrect API key provided."
    )
    assert type(raised.value) is CompletionError


def test_the_result_round_trips_through_json_for_storing_beside_the_proposals():
    with FakeLLM(
        rounds_answer(
            {**NEWS, "amount": quoted("$81 million", "it had raised $18 million")}, SEED
        )
    ) as server:
        result = run(server)

    assert LlmResult.from_json(json.loads(json.dumps(result.to_json()))) == result
