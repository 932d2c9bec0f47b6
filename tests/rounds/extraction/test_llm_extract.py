"""One model call per article: its formats, retries and what it counts."""

from __future__ import annotations

import datetime

import pytest

from rounds.extraction.llm import (
    CompletionTimeout,
    FormatRefused,
    Reply,
    RetryableCompletionError,
    extract_rounds_llm,
)
from tests.fakellm import ScriptedCompletion

TEXT = "Lumenquay has raised $18 million in a Series B round led by Quorvane Capital."
EMPTY = Reply('{"rounds": []}', prompt_tokens=900, completion_tokens=5)


def test_an_empty_text_asks_the_model_nothing():
    complete = ScriptedCompletion()

    result = extract_rounds_llm("  \n", complete=complete)

    assert (complete.calls, result.attempts, result.answer_format) == ([], 0, None)


def test_the_answer_formats_are_tried_in_order_while_the_server_refuses_them():
    complete = ScriptedCompletion(
        FormatRefused("no json_schema"), FormatRefused("no json_object"), EMPTY
    )

    result = extract_rounds_llm(TEXT, complete=complete)

    assert [call[1] and call[1]["type"] for call in complete.calls] == [
        "json_schema",
        "json_object",
        None,
    ]
    assert (result.answer_format, result.attempts, result.total_tokens) == (
        "text",
        3,
        905,
    )


def test_a_server_known_to_refuse_json_schema_can_be_asked_for_json_object_first():
    complete = ScriptedCompletion(EMPTY)

    result = extract_rounds_llm(
        TEXT, complete=complete, answer_formats=("json_object", "text")
    )

    assert complete.calls[0][1] == {"type": "json_object"}
    assert result.answer_format == "json_object"


def test_a_server_refusing_every_format_raises_with_its_reasons():
    complete = ScriptedCompletion(
        FormatRefused("no schemas"), FormatRefused("no objects")
    )

    with pytest.raises(FormatRefused, match="no schemas; no objects"):
        extract_rounds_llm(
            TEXT, complete=complete, answer_formats=("json_schema", "json_object")
        )


def test_a_retryable_failure_is_retried_with_growing_waits_and_tokens_count_once():
    waits: list[float] = []
    complete = ScriptedCompletion(
        RetryableCompletionError("503"), RetryableCompletionError("503"), EMPTY
    )

    result = extract_rounds_llm(TEXT, complete=complete, sleep=waits.append)

    assert (waits, result.attempts, result.prompt_tokens) == ([1.0, 2.0], 3, 900)


def test_a_server_asking_to_wait_longer_than_the_limit_is_left_to_the_caller():
    waits: list[float] = []
    complete = ScriptedCompletion(
        RetryableCompletionError("429", retry_after=120.0), EMPTY
    )

    with pytest.raises(RetryableCompletionError) as raised:
        extract_rounds_llm(TEXT, complete=complete, sleep=waits.append)

    assert (raised.value.retry_after, waits, len(complete.calls)) == (120.0, [], 1)


def test_no_retries_means_one_call():
    complete = ScriptedCompletion(RetryableCompletionError("503"))

    with pytest.raises(RetryableCompletionError):
        extract_rounds_llm(TEXT, complete=complete, retries=0, sleep=[].append)

    assert len(complete.calls) == 1


def test_a_timeout_is_not_retried():
    complete = ScriptedCompletion(CompletionTimeout("no answer within 60 s"), EMPTY)

    with pytest.raises(CompletionTimeout):
        extract_rounds_llm(TEXT, complete=complete, sleep=[].append)

    assert len(complete.calls) == 1


def test_max_tokens_is_passed_to_the_completion_function():
    complete = ScriptedCompletion(EMPTY)

    extract_rounds_llm(TEXT, complete=complete, max_tokens=1000)

    assert complete.calls[0][2] == 1000


def test_the_prompt_lists_the_known_names_the_article_contains():
    complete = ScriptedCompletion(EMPTY)

    extract_rounds_llm(
        TEXT,
        datetime.date(2024, 4, 3),
        title="Lumenquay raises $18M",
        known_companies=iter(["Lumenquay", "Harrowby Foods"]),
        known_investors=["Quorvane Capital", "Pellucid Bank"],
        complete=complete,
    )

    user = complete.calls[0][0][1]["content"]
    assert user.splitlines()[:3] == [
        "Article date: 2024-04-03",
        "Headline: Lumenquay raises $18M",
        "Names our database already knows that occur in this article: Lumenquay; "
        "Quorvane Capital",
    ]
