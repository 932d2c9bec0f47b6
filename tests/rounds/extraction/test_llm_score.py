"""``rounds.extraction.llm_score``: the configured model as score.py's extractor, run here
against the fake server (a real model cannot run in CI)."""

from __future__ import annotations

import datetime
import inspect
import logging
from decimal import Decimal

import pytest

from rounds.extraction import llm_score
from tests.fakellm import MODEL, Answer, FakeLLM, quoted, rounds_answer

TEXT = "Lumenquay has raised $18 million in a Series B round led by Quorvane Capital."
ROUND = {
    "company": quoted("Lumenquay", "Lumenquay has raised"),
    "round_type": quoted("series_b", "a Series B round"),
    "amount": quoted("$18 million", "has raised $18 million"),
    "lead_investors": [quoted("Quorvane Capital", "led by Quorvane Capital")],
    "status": quoted("announced", "has raised $18 million"),
}


@pytest.fixture
def configured(monkeypatch):
    """Points the LLM_* variables at a fake server; no proxy may see the traffic."""

    def configure(server: FakeLLM, **env: str) -> None:
        for name in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("NO_PROXY", "*")
        monkeypatch.setenv("LLM_BASE_URL", server.base_url)
        monkeypatch.setenv("LLM_MODEL", MODEL)
        monkeypatch.setenv("LLM_API_KEY", "sk-test")
        for name, value in env.items():
            monkeypatch.setenv(name, value)

    return configure


def test_llm_score_extracts_through_the_configured_server_with_its_key(configured):
    with FakeLLM(rounds_answer(ROUND), api_key="sk-test") as server:
        configured(server)

        candidates = llm_score.extract_rounds(TEXT, datetime.date(2024, 4, 3), title="")

    assert [
        (c.company, c.round_type, c.amount, c.lead_investors) for c in candidates
    ] == [("Lumenquay", "series_b", Decimal("18000000"), ("Quorvane Capital",))]
    assert server.requests[0]["model"] == MODEL


def test_llm_score_takes_the_arguments_score_py_passes():
    parameters = inspect.signature(llm_score.extract_rounds).parameters

    assert list(parameters) == ["text", "published", "title"]
    assert parameters["title"].kind is inspect.Parameter.KEYWORD_ONLY


def test_llm_score_falls_back_to_a_fenced_block_over_urllib(configured):
    prose = "```json\n" + rounds_answer(ROUND).content + "\n```"

    with FakeLLM(Answer(prose), refuse=["json_schema", "json_object"]) as server:
        configured(server)

        candidates = llm_score.extract_rounds(TEXT)

    assert [c.company for c in candidates] == ["Lumenquay"]


def test_an_article_the_model_gives_no_answer_for_scores_as_no_rounds_with_a_warning(
    configured, caplog
):
    with FakeLLM(rounds_answer(ROUND), api_key="sk-other") as server:
        configured(server)

        with caplog.at_level(logging.WARNING):
            candidates = llm_score.extract_rounds(TEXT)

    assert candidates == []
    assert caplog.messages == [
        "llm_score: no answer from the model: the model server answered 401: "
        "Incorrect API key provided."
    ]


def test_a_slow_model_times_out_after_the_configured_seconds(configured, caplog):
    with FakeLLM(Answer(rounds_answer(ROUND).content, delay=3.0)) as server:
        configured(server, LLM_TIMEOUT_SECONDS="0.2")

        with caplog.at_level(logging.WARNING):
            candidates = llm_score.extract_rounds(TEXT)

    assert candidates == []
    assert caplog.messages == [
        "llm_score: no answer from the model: the model server gave no answer within 0.2 s"
    ]


def test_an_answer_that_gives_nothing_scores_as_no_rounds_and_says_why(
    configured, caplog
):
    with FakeLLM(Answer("I cannot help with that.")) as server:
        configured(server)

        with caplog.at_level(logging.WARNING):
            candidates = llm_score.extract_rounds(TEXT)

    assert candidates == []
    assert caplog.messages == [
        "llm_score: The model's answer is not the JSON that was asked for."
    ]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"LLM_MODEL": "m"}, "llm_score needs LLM_BASE_URL and LLM_MODEL"),
        (
            {"LLM_BASE_URL": "http://127.0.0.1:9/v1"},
            "llm_score needs LLM_BASE_URL and LLM_MODEL",
        ),
        (
            {"LLM_BASE_URL": "file:///etc/passwd", "LLM_MODEL": "m"},
            "LLM_BASE_URL must be an http or https URL, not 'file:///etc/passwd'",
        ),
        (
            {
                "LLM_BASE_URL": "http://127.0.0.1:9/v1",
                "LLM_MODEL": "m",
                "LLM_TIMEOUT_SECONDS": "soon",
            },
            "LLM_TIMEOUT_SECONDS must be a positive number, not 'soon'",
        ),
        (
            {
                "LLM_BASE_URL": "http://127.0.0.1:9/v1",
                "LLM_MODEL": "m",
                "LLM_TIMEOUT_SECONDS": "0",
            },
            "LLM_TIMEOUT_SECONDS must be a positive number, not '0'",
        ),
    ],
)
def test_a_missing_or_wrong_setting_is_refused_before_any_request(env, message):
    with pytest.raises(ValueError) as raised:
        llm_score.completion_from_env(env)

    assert str(raised.value) == message
