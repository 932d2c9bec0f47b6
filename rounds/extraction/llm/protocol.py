"""The completion function the extractor is given, and the OpenAI chat-completions protocol.

The extraction package never opens a connection: the app injects a ``Completion`` that sends
the messages to its model server and returns the ``Reply``. This module holds what such a
function needs beyond its HTTP client, so that each client (the app's, the scoring tool's,
the tests') is only transport: ``chat_request`` builds the JSON body of
``POST {base_url}/chat/completions`` and ``chat_reply`` reads the server's answer, raising
the ``CompletionError`` that tells the extractor what to do next.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypedDict


class Message(TypedDict):
    """One chat message: ``{"role": "system" | "user" | "assistant", "content": str}``."""

    role: Literal["system", "user", "assistant"]
    content: str


ResponseFormat = Mapping[str, Any]
"""The ``response_format`` of a request: ``{"type": "json_schema", ...}`` or
``{"type": "json_object"}``; None asks for plain text."""


@dataclass(frozen=True)
class Reply:
    """The model's answer: its text, why it stopped ("stop", or "length" when cut at
    ``max_tokens``), and the tokens the server counted (0 when it reports none)."""

    content: str
    finish_reason: str = "stop"
    prompt_tokens: int = 0
    completion_tokens: int = 0


class Completion(Protocol):
    """Sends chat messages to a model and returns its reply.

    Raises ``FormatRefused`` when the server does not support ``response_format``,
    ``RetryableCompletionError`` for answers worth asking again (429, 5xx, a dropped
    connection), ``CompletionTimeout`` when no answer came in time, and ``CompletionError``
    for the rest (a wrong key, an unknown model).
    """

    def __call__(
        self,
        messages: Sequence[Message],
        *,
        response_format: ResponseFormat | None,
        max_tokens: int,
    ) -> Reply: ...


class CompletionError(Exception):
    """The model gave no answer; the message says why, in words for the ingestion page."""


class RetryableCompletionError(CompletionError):
    """A failure that asking again may cure; ``retry_after`` is the server's wish, in seconds."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class CompletionTimeout(CompletionError):
    """No answer within the client's time limit; not retried at once, the time is spent."""


class FormatRefused(CompletionError):
    """The server refused the requested ``response_format``; the extractor tries the next one."""


def chat_request(
    model: str,
    messages: Sequence[Message],
    *,
    response_format: ResponseFormat | None,
    max_tokens: int,
) -> dict[str, Any]:
    """The JSON body of a chat-completions request.

    Temperature 0, because the same article should give the same answer.

    >>> chat_request("m", [{"role": "user", "content": "hi"}], response_format=None, max_tokens=5)
    {'model': 'm', 'messages': [{'role': 'user', 'content': 'hi'}], 'max_tokens': 5, 'temperature': 0}
    """
    body: dict[str, Any] = {
        "model": model,
        "messages": [dict(message) for message in messages],
        "max_tokens": max_tokens,
        "temperature": 0,
    }
    if response_format is not None:
        body["response_format"] = dict(response_format)
    return body


def chat_reply(status: int, body: bytes, *, retry_after: str | None = None) -> Reply:
    """The reply in a chat-completions response, or the ``CompletionError`` its status means.

    ``retry_after`` is the response's Retry-After header (seconds), if any.

    >>> chat_reply(200, b'{"choices": [{"message": {"content": "{}"}, "finish_reason": "stop"}]}')
    Reply(content='{}', finish_reason='stop', prompt_tokens=0, completion_tokens=0)
    >>> chat_reply(429, b"", retry_after="3")
    Traceback (most recent call last):
    ...
    rounds.extraction.llm.protocol.RetryableCompletionError: the model server answered 429: rate limited
    """
    message = _error_message(body)
    if status == 429 or 500 <= status <= 599:
        reason = message or ("rate limited" if status == 429 else "server error")
        raise RetryableCompletionError(
            f"the model server answered {status}: {reason}", _seconds(retry_after)
        )
    if status in (400, 422) and _mentions_format(message):
        raise FormatRefused(f"the model server refused the answer format: {message}")
    if status != 200:
        raise CompletionError(
            f"the model server answered {status}: {message or 'no reason given'}"
        )
    try:
        data = json.loads(body)
        choice = data["choices"][0]
        content = choice["message"].get("content") or ""
        usage = data.get("usage") or {}
        return Reply(
            content=str(content),
            finish_reason=str(choice.get("finish_reason") or "stop"),
            prompt_tokens=int(usage.get("prompt_tokens") or 0),
            completion_tokens=int(usage.get("completion_tokens") or 0),
        )
    except (ValueError, KeyError, IndexError, TypeError, AttributeError) as error:
        raise CompletionError(
            "the model server's answer is not a chat completion"
        ) from error


def _error_message(body: bytes) -> str:
    # OpenAI-style servers answer {"error": {"message": ...}}; some send {"error": "..."}
    try:
        error = json.loads(body).get("error")
    except (ValueError, AttributeError):
        return body[:200].decode("utf-8", "replace").strip()
    if isinstance(error, Mapping):
        return str(error.get("message") or "")[:300]
    return str(error or "")[:300]


def _mentions_format(message: str) -> bool:
    lowered = message.lower()
    return any(
        word in lowered for word in ("response_format", "json_schema", "json_object")
    )


def _seconds(value: str | None) -> float | None:
    # Retry-After may also be an HTTP date; then the client's own backoff applies
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None
