"""The language model beside the rules: which extractor reads an article (settings.EXTRACTOR),
the HTTP client of an OpenAI-compatible chat-completions server, the cache of its answers, the
daily token budget and the model's health.

The extractor itself (rounds/extraction/llm/) is pure: it builds the prompt, checks every value
the model proposes against a quote in the text, and takes this module's completion function.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import httpx
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from rounds.extraction import RoundCandidate, extract_rounds
from rounds.extraction.llm import (
    CompletionError,
    CompletionTimeout,
    LlmResult,
    Message,
    Reply,
    ResponseFormat,
    RetryableCompletionError,
    chat_reply,
    chat_request,
    extract_rounds_llm,
    merge_extractions,
)
from rounds.models import LanguageModelAnswer, LanguageModelDay

# Retries of a busy server inside one call (the extractor waits 1 s, then 2 s, at most 30 s).
RETRIES = 2


@dataclass
class Extraction:
    """What an article's extractors found, and what the editors should know about it."""

    candidates: list[RoundCandidate]
    extractor: str
    note: str = ""
    report: dict[str, object] = field(default_factory=dict)


def time_allowance() -> int:
    """Seconds an article's task may spend on the model: every try times out, plus waits."""
    if settings.EXTRACTOR == "rules":
        return 0
    return (RETRIES + 1) * settings.LLM_TIMEOUT_SECONDS + 3 + 30


def extract(
    text: str,
    published: dt.date | None,
    *,
    title: str,
    known_companies: Sequence[str],
    known_investors: Sequence[str],
) -> Extraction:
    """Read an article with the extractors settings.EXTRACTOR names.

    `llm` and `both` fall back to the rules, and say why, when the model fails, gives a broken
    answer or the day's token budget is spent; `both` merges the two, each value marked with
    the extractor that proposed it.
    """
    arguments = {
        "title": title,
        "known_companies": known_companies,
        "known_investors": known_investors,
    }
    rules = extract_rounds(text, published, **arguments)
    if settings.EXTRACTOR == "rules":
        return Extraction(rules, "rules")
    if _tokens_today() >= settings.LLM_MAX_TOKENS_PER_DAY:
        return Extraction(
            rules,
            "rules",
            f"The language model was not asked: today's {settings.LLM_MAX_TOKENS_PER_DAY:,} "
            "tokens (LLM_MAX_TOKENS_PER_DAY) are used. The rules read this article.",
        )
    completion = CachedCompletion(HttpCompletion())
    try:
        result = extract_rounds_llm(
            text, published, complete=completion, retries=RETRIES, **arguments
        )
    except CompletionError as error:
        _record(calls=completion.calls, tokens=0, error=str(error))
        return Extraction(
            rules,
            "rules",
            f"The language model failed ({error}); the rules read this article.",
        )
    _record(
        calls=completion.calls,
        tokens=completion.new_tokens,
        error=result.failure_message or "",
    )
    if result.failure is not None:
        return Extraction(
            rules,
            "rules",
            f"The language model's answer was unusable ({result.failure_message}); the "
            "rules read this article.",
            result.to_json(),
        )
    completion.keep()
    if settings.EXTRACTOR == "llm":
        return Extraction(
            result.candidates, "llm", _drops_note(result), result.to_json()
        )
    merged = merge_extractions(rules, result.candidates)
    return Extraction(merged, "both", _drops_note(result), result.to_json())


def health(days: int = 7) -> list[LanguageModelDay]:
    """The model's use and failures of the last days, newest first (the ingestion page)."""
    since = timezone.localdate() - dt.timedelta(days=days - 1)
    return list(
        LanguageModelDay.objects.filter(day__gte=since, model=settings.LLM_MODEL)
    )


class HttpCompletion:
    """A completion function for an OpenAI-compatible chat-completions server, over httpx."""

    def __init__(self) -> None:
        self.url = settings.LLM_BASE_URL.rstrip("/") + "/chat/completions"
        self.timeout = settings.LLM_TIMEOUT_SECONDS
        self.headers = (
            {"Authorization": f"Bearer {settings.LLM_API_KEY}"}
            if settings.LLM_API_KEY
            else {}
        )

    def __call__(
        self,
        messages: Sequence[Message],
        *,
        response_format: ResponseFormat | None,
        max_tokens: int,
    ) -> Reply:
        body = chat_request(
            settings.LLM_MODEL,
            messages,
            response_format=response_format,
            max_tokens=max_tokens,
        )
        try:
            # The operator's own server, often on loopback: not the guarded fetcher of articles.
            # trust_env=False: no proxy from the environment sees the articles.
            response = httpx.post(
                self.url,
                json=body,
                headers=self.headers,
                timeout=self.timeout,
                trust_env=False,
            )
        except httpx.TimeoutException as error:
            raise CompletionTimeout(
                f"the model server gave no answer within {self.timeout} s"
            ) from error
        except httpx.TransportError as error:
            raise RetryableCompletionError(
                f"the model server is unreachable: {error}"
            ) from error
        return chat_reply(
            response.status_code,
            response.content,
            retry_after=response.headers.get("retry-after"),
        )


class CachedCompletion:
    """A completion function that answers a request it has seen from the database.

    Replies are stored only when `keep()` is called, after the answer proved usable: a broken
    or truncated answer is asked again next time.
    """

    def __init__(self, complete: HttpCompletion) -> None:
        self.complete = complete
        self.calls = 0
        self.new_tokens = 0
        self.fresh: dict[str, Reply] = {}

    def __call__(
        self,
        messages: Sequence[Message],
        *,
        response_format: ResponseFormat | None,
        max_tokens: int,
    ) -> Reply:
        key = _key(messages, response_format, max_tokens)
        stored = LanguageModelAnswer.objects.filter(key=key).first()
        if stored is not None:
            return Reply(**stored.reply)
        self.calls += 1
        reply = self.complete(
            messages, response_format=response_format, max_tokens=max_tokens
        )
        self.new_tokens += reply.prompt_tokens + reply.completion_tokens
        self.fresh[key] = reply
        return reply

    def keep(self) -> None:
        for key, reply in self.fresh.items():
            LanguageModelAnswer.objects.get_or_create(
                key=key,
                defaults={
                    "model": settings.LLM_MODEL,
                    "reply": {
                        "content": reply.content,
                        "finish_reason": reply.finish_reason,
                        "prompt_tokens": reply.prompt_tokens,
                        "completion_tokens": reply.completion_tokens,
                    },
                },
            )


def _key(
    messages: Iterable[Message], response_format: ResponseFormat | None, max_tokens: int
) -> str:
    request = [settings.LLM_MODEL, list(messages), response_format, max_tokens]
    return hashlib.sha256(json.dumps(request, sort_keys=True).encode()).hexdigest()


def _tokens_today() -> int:
    return (
        LanguageModelDay.objects.filter(
            day=timezone.localdate(), model=settings.LLM_MODEL
        )
        .values_list("tokens", flat=True)
        .first()
        or 0
    )


def _record(*, calls: int, tokens: int, error: str) -> None:
    """Count a use of the model in today's row, and remember how it went."""
    if not calls:
        return
    now = timezone.now()
    day, _ = LanguageModelDay.objects.get_or_create(
        day=timezone.localdate(), model=settings.LLM_MODEL
    )
    outcome = (
        {
            "failures": F("failures") + 1,
            "last_failure_at": now,
            "last_error": error[:2000],
        }
        if error
        else {"last_success_at": now}
    )
    LanguageModelDay.objects.filter(pk=day.pk).update(
        calls=F("calls") + calls, tokens=F("tokens") + tokens, **outcome
    )


def _drops_note(result: LlmResult) -> str:
    counts = result.drop_counts()
    if not counts:
        return ""
    dropped = sum(counts.values())
    return (
        f"The language model proposed {dropped} value{'s' if dropped != 1 else ''} that no "
        "sentence of the article supports; they were dropped."
    )
