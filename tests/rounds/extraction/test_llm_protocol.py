"""The chat-completions JSON: what a client sends, and what each answer means."""

from __future__ import annotations

import json

import pytest

from rounds.extraction.llm import (
    CompletionError,
    FormatRefused,
    Reply,
    RetryableCompletionError,
    chat_reply,
    chat_request,
)


def test_a_request_carries_the_model_messages_format_and_max_tokens():
    body = chat_request(
        "m",
        [{"role": "system", "content": "rules"}],
        response_format={"type": "json_object"},
        max_tokens=100,
    )

    assert body == {
        "model": "m",
        "messages": [{"role": "system", "content": "rules"}],
        "max_tokens": 100,
        "temperature": 0,
        "response_format": {"type": "json_object"},
    }


def test_a_reply_gives_the_content_the_finish_reason_and_the_usage():
    body = {
        "choices": [
            {
                "message": {"role": "assistant", "content": "{}"},
                "finish_reason": "length",
            }
        ],
        "usage": {"prompt_tokens": 10, "completion_tokens": 3, "total_tokens": 13},
    }

    assert chat_reply(200, json.dumps(body).encode()) == Reply("{}", "length", 10, 3)


def test_a_reply_without_content_or_usage_is_empty_and_free():
    body = {"choices": [{"message": {"role": "assistant", "content": None}}]}

    assert chat_reply(200, json.dumps(body).encode()) == Reply("")


@pytest.mark.parametrize("status", [429, 500, 502, 503])
def test_rate_limits_and_server_errors_are_retryable_with_the_wait_asked(status):
    with pytest.raises(RetryableCompletionError) as raised:
        chat_reply(status, b'{"error": {"message": "busy"}}', retry_after="7")

    assert (str(raised.value), raised.value.retry_after) == (
        f"the model server answered {status}: busy",
        7.0,
    )


def test_a_retry_after_given_as_a_date_leaves_the_wait_to_the_backoff():
    with pytest.raises(RetryableCompletionError) as raised:
        chat_reply(429, b"", retry_after="Wed, 21 Oct 2026 07:28:00 GMT")

    assert raised.value.retry_after is None


@pytest.mark.parametrize(
    "message",
    [
        "Invalid parameter: 'response_format' of type 'json_schema' is not supported.",
        "json_object is not supported by this backend",
    ],
)
def test_a_400_about_the_response_format_is_a_refused_format(message):
    body = json.dumps({"error": {"message": message}}).encode()

    with pytest.raises(FormatRefused):
        chat_reply(400, body)


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (
            401,
            b'{"error": {"message": "Incorrect API key"}}',
            "the model server answered 401: Incorrect API key",
        ),
        (
            404,
            b'{"error": "model not found"}',
            "the model server answered 404: model not found",
        ),
        (
            400,
            b"<html>Bad Request</html>",
            "the model server answered 400: <html>Bad Request</html>",
        ),
        (
            200,
            b"<html>a proxy page</html>",
            "the model server's answer is not a chat completion",
        ),
        (200, b'{"choices": []}', "the model server's answer is not a chat completion"),
    ],
)
def test_other_answers_are_errors_that_say_why(status, body, message):
    with pytest.raises(CompletionError) as raised:
        chat_reply(status, body)

    assert type(raised.value) is CompletionError
    assert str(raised.value) == message
