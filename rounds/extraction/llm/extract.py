"""``extract_rounds_llm``: one article, one model call (with its fallbacks), checked candidates."""

from __future__ import annotations

import dataclasses
import datetime
import time
from collections.abc import Callable, Iterable, Sequence

from rounds.extraction.llm.answer import AnswerChecker, parse_answer
from rounds.extraction.llm.prompt import (
    MAX_CHARS,
    RESPONSE_FORMATS,
    build_messages,
    names_in,
)
from rounds.extraction.llm.protocol import (
    Completion,
    FormatRefused,
    Message,
    Reply,
    ResponseFormat,
    RetryableCompletionError,
)
from rounds.extraction.llm.result import LlmResult

ANSWER_FORMATS = ("json_schema", "json_object", "text")
"""The ways of asking for JSON, tried in this order while the server refuses them."""
MAX_TOKENS = 4096
"""The answer's length at most: a roundup of ten rounds with their quotes fits."""
RETRIES = 2
"""Retries of a call the server may answer later (429, 5xx), after 1 s and 2 s."""
MAX_WAIT_SECONDS = 30.0
"""The longest wait between retries; a server asking for more is left to the caller."""


def extract_rounds_llm(
    text: str,
    published: datetime.date | None = None,
    *,
    title: str = "",
    known_companies: Iterable[str] = (),
    known_investors: Iterable[str] = (),
    complete: Completion,
    max_tokens: int = MAX_TOKENS,
    answer_formats: Sequence[str] = ANSWER_FORMATS,
    retries: int = RETRIES,
    sleep: Callable[[float], None] = time.sleep,
) -> LlmResult:
    """The funding rounds a language model finds in ``text``, every value checked against it.

    The arguments before ``complete`` are ``extract_rounds``'s. Steps:
    1. Ask ``complete`` with the labelling rules as the system prompt and the article as the
       user message, for JSON against the answer's schema; when the server refuses that
       (``FormatRefused``), for any JSON object; then for plain text with a fenced JSON
       block. ``answer_formats`` may start further down (a server known to refuse).
    2. Retry a ``RetryableCompletionError`` ``retries`` times, waiting 1 s, 2 s, or what
       Retry-After asks up to ``MAX_WAIT_SECONDS``; ``sleep`` waits (tests pass a recorder).
    3. Read the answer's rounds and check each value against the text (``answer.py``).

    The known names the article contains are listed in the prompt, so the model spells them
    alike; a known company is also more confident. Only the first ``MAX_CHARS`` of a long
    text are sent, and so checked.

    Raises ``CompletionError`` when no answer came: the retries are spent, a server asks to
    wait longer than ``MAX_WAIT_SECONDS`` (``retry_after`` says how long), the call timed out
    (``CompletionTimeout``, never retried here: its time is spent), or every format was
    refused. An answer that came but gives nothing (cut off, not JSON, about another text)
    is an ``LlmResult`` with its ``failure``, and with its tokens counted.
    """
    if not isinstance(text, str) or not text.strip():
        return LlmResult()
    # The model sees only the first MAX_CHARS: no quote can come from further on
    seen = text[:MAX_CHARS]
    companies = list(known_companies)
    known = names_in(seen + "\n" + title, [*companies, *known_investors])
    caller = _Caller(complete, max_tokens, retries, sleep)
    reply, answer_format = caller.first_accepted(
        answer_formats,
        lambda answer_format: build_messages(
            seen,
            published,
            title=title,
            known_names=known,
            answer_format=answer_format,
        ),
    )
    spent = LlmResult(
        answer_format=answer_format,
        attempts=caller.attempts,
        prompt_tokens=caller.prompt_tokens,
        completion_tokens=caller.completion_tokens,
    )
    if reply.finish_reason == "length":
        return dataclasses.replace(spent, failure="truncated")
    rounds = parse_answer(reply.content)
    if rounds is None:
        return dataclasses.replace(spent, failure="malformed")
    checker = AnswerChecker(seen, published, title=title, known_companies=companies)
    candidates, dropped = checker.check(rounds)
    return dataclasses.replace(
        spent,
        candidates=tuple(candidates),
        dropped=tuple(dropped),
        failure=None if checker.about_this_article() else "not_this_article",
    )


class _Caller:
    """Calls the completion function, counting requests and tokens."""

    def __init__(
        self,
        complete: Completion,
        max_tokens: int,
        retries: int,
        sleep: Callable[[float], None],
    ) -> None:
        self.complete = complete
        self.max_tokens = max_tokens
        self.retries = retries
        self.sleep = sleep
        self.attempts = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0

    def first_accepted(
        self,
        answer_formats: Sequence[str],
        messages_for: Callable[[str], list[Message]],
    ) -> tuple[Reply, str]:
        """The reply to the first format the server accepts, and that format."""
        refusals = []
        for answer_format in answer_formats:
            try:
                reply = self.ask(
                    messages_for(answer_format), RESPONSE_FORMATS[answer_format]
                )
            except FormatRefused as refusal:
                refusals.append(str(refusal))
                continue
            return reply, answer_format
        raise FormatRefused("; ".join(refusals) or "no answer format to ask for")

    def ask(
        self, messages: list[Message], response_format: ResponseFormat | None
    ) -> Reply:
        """One call, retried while the server may answer later."""
        retried = 0
        while True:
            self.attempts += 1
            try:
                reply = self.complete(
                    messages,
                    response_format=response_format,
                    max_tokens=self.max_tokens,
                )
            except RetryableCompletionError as error:
                wait = 2.0**retried if error.retry_after is None else error.retry_after
                if retried == self.retries or wait > MAX_WAIT_SECONDS:
                    raise
                self.sleep(wait)
                retried += 1
                continue
            self.prompt_tokens += reply.prompt_tokens
            self.completion_tokens += reply.completion_tokens
            return reply
