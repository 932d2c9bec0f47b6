"""The language-model extractor: a model proposes rounds, the code checks them against the text.

``extract_rounds_llm(text, published, *, title, known_companies, known_investors, complete)``
takes ``extract_rounds``'s arguments plus an injected ``Completion`` (the app's HTTP client
for an OpenAI-compatible chat-completions server; this package opens no connection) and
returns an ``LlmResult``: ``RoundCandidate``s like the rules', each value supported by a
verbatim quote found in the article, and every value it refused as a ``Dropped`` with its
reason. ``merge_extractions(rules, llm)`` makes one list of both extractors' candidates for
``EXTRACTOR=both``, each value with its ``FieldSource``. ``chat_request`` and ``chat_reply``
are the protocol's JSON, so that a client is only transport.

Modules: ``protocol`` (the completion function, its errors, the chat-completions JSON),
``prompt`` (the labelling rules and the answer's schema), ``text`` (finding quotes),
``answer`` (checking the answer against the text), ``fields`` (value groups, sources,
confidence), ``extract`` (the call and its fallbacks), ``merge`` and ``result``.
"""

from __future__ import annotations

from rounds.extraction.llm.extract import ANSWER_FORMATS, extract_rounds_llm
from rounds.extraction.llm.merge import merge_extractions
from rounds.extraction.llm.protocol import (
    Completion,
    CompletionError,
    CompletionTimeout,
    FormatRefused,
    Message,
    Reply,
    ResponseFormat,
    RetryableCompletionError,
    chat_reply,
    chat_request,
)
from rounds.extraction.llm.result import FAILURES, REASONS, Dropped, LlmResult

__all__ = [
    "ANSWER_FORMATS",
    "FAILURES",
    "REASONS",
    "Completion",
    "CompletionError",
    "CompletionTimeout",
    "Dropped",
    "FormatRefused",
    "LlmResult",
    "Message",
    "Reply",
    "ResponseFormat",
    "RetryableCompletionError",
    "chat_reply",
    "chat_request",
    "extract_rounds_llm",
    "merge_extractions",
]
