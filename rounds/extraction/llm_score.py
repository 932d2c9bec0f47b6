"""The configured language model as ``score.py``'s extractor, for teams comparing models.

    LLM_BASE_URL=http://localhost:11434/v1 LLM_MODEL=qwen2.5:7b-instruct \\
        python ../shared/eval/score.py --extractor rounds.extraction.llm_score

It needs a model server, so it cannot run in CI. The environment configures it:
``LLM_BASE_URL`` (the server's OpenAI-compatible root, the part before ``/chat/completions``),
``LLM_MODEL``, ``LLM_API_KEY`` (optional: local servers take none) and
``LLM_TIMEOUT_SECONDS`` (120 by default: a local model on a laptop is slow). An article the
model gives nothing for scores as no rounds, with a warning on stderr saying why.

The completion function uses ``urllib.request`` from the standard library: the extraction
package depends on no HTTP client library (the app's, httpx, lives outside it), and a
scoring run, one request at a time, needs nothing more. Nothing in the package imports this
module, so ``import rounds.extraction`` still loads no HTTP client.
"""

from __future__ import annotations

import datetime
import http.client
import json
import logging
import os
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from urllib.parse import urlsplit

from rounds.extraction.llm import (
    CompletionError,
    CompletionTimeout,
    Message,
    Reply,
    ResponseFormat,
    RetryableCompletionError,
    chat_reply,
    chat_request,
    extract_rounds_llm,
)
from rounds.extraction.types import RoundCandidate

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 120.0


def extract_rounds(
    text: str, published: datetime.date | None = None, *, title: str = ""
) -> list[RoundCandidate]:
    """The rounds the configured model finds in ``text``, checked against it; [] when the
    model gives nothing (the warning says why)."""
    try:
        result = extract_rounds_llm(
            text, published, title=title, complete=completion_from_env(os.environ)
        )
    except CompletionError as error:
        logger.warning("llm_score: no answer from the model: %s", error)
        return []
    if result.failure_message:
        logger.warning("llm_score: %s", result.failure_message)
    for drop in result.dropped:
        logger.info("llm_score: %s", drop.message)
    return list(result.candidates)


def completion_from_env(env: Mapping[str, str]) -> UrllibCompletion:
    """The completion function the ``LLM_*`` variables describe; ValueError says what is wrong.

    >>> completion_from_env({"LLM_BASE_URL": "http://localhost:11434/v1", "LLM_MODEL": "m"}).url
    'http://localhost:11434/v1/chat/completions'
    """
    base_url = env.get("LLM_BASE_URL", "").strip()
    model = env.get("LLM_MODEL", "").strip()
    if not base_url or not model:
        raise ValueError("llm_score needs LLM_BASE_URL and LLM_MODEL")
    if urlsplit(base_url).scheme not in ("http", "https"):
        raise ValueError(f"LLM_BASE_URL must be an http or https URL, not {base_url!r}")
    raw_timeout = env.get("LLM_TIMEOUT_SECONDS", "").strip()
    try:
        timeout = float(raw_timeout) if raw_timeout else DEFAULT_TIMEOUT_SECONDS
    except ValueError:
        timeout = 0.0
    if not timeout > 0:
        raise ValueError(
            f"LLM_TIMEOUT_SECONDS must be a positive number, not {raw_timeout!r}"
        )
    return UrllibCompletion(
        base_url, model, api_key=env.get("LLM_API_KEY", ""), timeout=timeout
    )


class UrllibCompletion:
    """A ``Completion`` for an OpenAI-compatible server over ``urllib.request``."""

    def __init__(
        self, base_url: str, model: str, *, api_key: str = "", timeout: float
    ) -> None:
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.model = model
        self.api_key = api_key
        self.timeout = timeout

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
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(
            self.url, data=json.dumps(body).encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return chat_reply(response.status, response.read())
        except urllib.error.HTTPError as error:
            with error:
                return chat_reply(
                    error.code,
                    error.read(),
                    retry_after=error.headers.get("Retry-After"),
                )
        except TimeoutError as error:
            raise self._timeout() from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise self._timeout() from error
            raise RetryableCompletionError(
                f"the model server is unreachable: {error.reason}"
            ) from error
        except (ConnectionError, http.client.HTTPException) as error:
            raise RetryableCompletionError(
                f"the model server hung up: {error!r}"
            ) from error

    def _timeout(self) -> CompletionTimeout:
        return CompletionTimeout(
            f"the model server gave no answer within {self.timeout:g} s"
        )
