"""A fake OpenAI-compatible chat-completions server on 127.0.0.1, and a client that speaks to it.

``FakeLLM`` answers ``POST /v1/chat/completions`` as a real server does: it checks the key,
the model, the messages and ``max_tokens``, refuses the ``response_format`` types it is told
to refuse with a 400 naming the parameter, and answers each accepted request with the next
scripted ``Answer`` (a reply, an error status with its headers, or a reply that comes too
late), counting tokens in ``usage``. ``HttpxCompletion`` is the ``Completion`` the tests
inject: transport only (httpx), the protocol's JSON coming from ``rounds.extraction.llm``.
``ScriptedCompletion`` skips HTTP, for the tests of the checks themselves.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

from rounds.extraction.llm import (
    CompletionTimeout,
    Message,
    Reply,
    ResponseFormat,
    RetryableCompletionError,
    chat_reply,
    chat_request,
)

MODEL = "fake-extractor-7b"


@dataclass
class Answer:
    """One scripted answer: a reply's content, or an error ``status`` with its message."""

    content: str = ""
    finish_reason: str = "stop"
    status: int = 200
    error: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def quoted(value: object, quote: str) -> dict[str, object]:
    """One value of an answer with its quote, as the schema has it."""
    return {"value": value, "quote": quote}


def rounds_answer(*rounds: dict[str, Any]) -> Answer:
    """A well-formed answer listing ``rounds``; missing fields are null or empty."""
    empty: dict[str, Any] = {
        "primary": True,
        "round_type": None,
        "amount": None,
        "valuation": None,
        "valuation_basis": None,
        "lead_investors": [],
        "participants": [],
        "date": None,
    }
    return Answer(json.dumps({"rounds": [{**empty, **r} for r in rounds]}))


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that timed out hangs up before the late answer: part of the tests
        pass


class FakeLLM:
    """The server; ``requests`` holds the JSON body of every well-formed request."""

    def __init__(
        self,
        *answers: Answer,
        api_key: str = "",
        refuse: Sequence[str] = (),
    ) -> None:
        self.answers = list(answers)
        self.api_key = api_key
        self.refuse = tuple(refuse)
        self.requests: list[dict[str, Any]] = []
        self.closing = threading.Event()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                status, payload, headers = fake.respond(
                    self.path,
                    self.headers.get("Authorization", ""),
                    self.rfile.read(length),
                )
                body = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = _QuietServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, args=(0.05,), daemon=True
        )

    def __enter__(self) -> FakeLLM:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.closing.set()  # late answers stop waiting
        self.server.shutdown()
        self.server.server_close()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def respond(
        self, path: str, authorization: str, raw: bytes
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        """The status, JSON and headers a real server would send for this request."""
        if path != "/v1/chat/completions":
            return _error(404, f"Unknown path {path}", "invalid_request_error")
        if self.api_key and authorization != f"Bearer {self.api_key}":
            return _error(401, "Incorrect API key provided.", "invalid_api_key")
        try:
            request = json.loads(raw)
        except ValueError:
            return _error(400, "We could not parse the JSON body of your request.")
        if request.get("model") != MODEL:
            return _error(404, f"The model `{request.get('model')}` does not exist.")
        messages = request.get("messages")
        if not isinstance(messages, list) or not all(
            isinstance(m, dict) and {"role", "content"} <= m.keys() for m in messages
        ):
            return _error(400, "'messages' must be a list of {role, content}.")
        if not isinstance(request.get("max_tokens"), int) or request["max_tokens"] < 1:
            return _error(400, "'max_tokens' must be a positive integer.")
        self.requests.append(request)
        asked = (request.get("response_format") or {}).get("type")
        if asked in self.refuse:
            return _error(
                400,
                f"Invalid parameter: 'response_format' of type '{asked}' is not "
                "supported with this model.",
                param="response_format",
            )
        answer = (
            self.answers.pop(0)
            if self.answers
            else Answer(status=500, error="no answer scripted")
        )
        if answer.delay:
            self.closing.wait(answer.delay)
        if answer.status != 200:
            status, payload, _ = _error(answer.status, answer.error)
            return status, payload, answer.headers
        prompt = sum(len(m["content"]) for m in messages) // 4
        completion = max(1, len(answer.content) // 4)
        return (
            200,
            {
                "id": f"chatcmpl-{len(self.requests)}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": MODEL,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": answer.content},
                        "finish_reason": answer.finish_reason,
                    }
                ],
                "usage": {
                    "prompt_tokens": prompt,
                    "completion_tokens": completion,
                    "total_tokens": prompt + completion,
                },
            },
            answer.headers,
        )


def _error(
    status: int,
    message: str,
    kind: str = "invalid_request_error",
    param: str | None = None,
) -> tuple[int, dict[str, Any], dict[str, str]]:
    return status, {"error": {"message": message, "type": kind, "param": param}}, {}


class HttpxCompletion:
    """A ``Completion`` for an OpenAI-compatible server, over httpx, as the app's will be;
    a context manager, so its connections close."""

    def __init__(
        self,
        base_url: str,
        model: str = MODEL,
        *,
        api_key: str = "",
        timeout: float = 5.0,
    ) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.timeout = timeout
        headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        # trust_env=False: a proxy from the environment must never see test traffic
        self.client = httpx.Client(timeout=timeout, headers=headers, trust_env=False)

    def __enter__(self) -> HttpxCompletion:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def __call__(
        self,
        messages: Sequence[Message],
        *,
        response_format: ResponseFormat | None,
        max_tokens: int,
    ) -> Reply:
        body = chat_request(
            self.model, messages, response_format=response_format, max_tokens=max_tokens
        )
        try:
            response = self.client.post(self.url, json=body)
        except httpx.TimeoutException as error:
            raise CompletionTimeout(
                f"the model server gave no answer within {self.timeout:g} s"
            ) from error
        except httpx.TransportError as error:
            raise RetryableCompletionError(
                f"the model server is unreachable: {error}"
            ) from error
        return chat_reply(
            response.status_code,
            response.content,
            retry_after=response.headers.get("Retry-After"),
        )


class ScriptedCompletion:
    """A ``Completion`` without a server: returns (or raises) the scripted items in turn and
    records each call's messages, response format and max_tokens."""

    def __init__(self, *script: Reply | Exception) -> None:
        self.script = list(script)
        self.calls: list[tuple[list[Message], ResponseFormat | None, int]] = []

    def __call__(
        self,
        messages: Sequence[Message],
        *,
        response_format: ResponseFormat | None,
        max_tokens: int,
    ) -> Reply:
        self.calls.append((list(messages), response_format, max_tokens))
        item = self.script.pop(0)
        if isinstance(item, Exception):
            raise item
        return item
