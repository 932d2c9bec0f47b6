"""The language model beside the rules: EXTRACTOR chooses, answers are cached, the daily budget
is kept, a failing model falls back to the rules and says so, and `both` marks each value."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rounds.extraction import extract_rounds
from rounds.ingestion import language_model, pipeline
from rounds.models import Article, LanguageModelAnswer, LanguageModelDay
from tests.fakellm import MODEL, Answer, FakeLLM, quoted, rounds_answer
from tests.rounds.extraction.test_llm_server import NEWS, PUBLISHED, SEED, TEXT, TITLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def model(settings):
    """A fake model server that EXTRACTOR=llm reads articles with; its answers to script."""
    with FakeLLM() as server:
        settings.EXTRACTOR = "llm"
        settings.LLM_BASE_URL = server.base_url
        settings.LLM_MODEL = MODEL
        settings.LLM_TIMEOUT_SECONDS = 2
        yield server


def extract():
    return language_model.extract(
        TEXT, PUBLISHED, title=TITLE, known_companies=[], known_investors=[]
    )


def test_the_rules_alone_read_articles_by_default_with_the_same_proposals(settings):
    assert settings.EXTRACTOR == "rules"

    extraction = extract()

    assert extraction.extractor == "rules"
    assert extraction.candidates == extract_rounds(TEXT, PUBLISHED, title=TITLE)
    assert not LanguageModelDay.objects.exists() and extraction.note == ""


def test_the_model_reads_the_article_and_its_answer_is_kept_for_next_time(model):
    model.answers = [rounds_answer(NEWS, SEED)]

    first = extract()
    again = extract()

    assert first.extractor == again.extractor == "llm"
    assert [c.company for c in first.candidates] == ["Lumenquay", "Lumenquay"]
    assert first.candidates == again.candidates
    assert len(model.requests) == 1
    assert LanguageModelAnswer.objects.count() == 1
    day = LanguageModelDay.objects.get()
    assert (day.calls, day.failures) == (1, 0) and day.tokens > 0


def test_both_extractors_mark_each_value_with_who_proposed_it(model, settings):
    settings.EXTRACTOR = "both"
    model.answers = [
        rounds_answer(
            {**NEWS, "amount": quoted("$18 million", "it had raised\n$18 million")},
            SEED,
        )
    ]

    extraction = extract()

    news = extraction.candidates[0]
    sources = {source.field: source.extractor for source in news.provenance}
    assert extraction.extractor == "both"
    assert sources["company"] == "both" and sources["amount"] == "both"


def test_a_failing_model_leaves_the_article_to_the_rules_and_says_why(model):
    model.answers = [Answer(status=503, error="overloaded")] * 3

    extraction = extract()

    assert extraction.extractor == "rules" and extraction.candidates
    assert "The language model failed" in extraction.note
    day = LanguageModelDay.objects.get()
    assert (day.failures, day.last_success_at) == (1, None)
    assert "503" in day.last_error or "overloaded" in day.last_error


def test_a_broken_answer_is_not_kept_and_the_rules_read_the_article(model):
    model.answers = [Answer("{not json"), rounds_answer(NEWS)]

    broken = extract()
    fixed = extract()

    assert broken.extractor == "rules" and "unusable" in broken.note
    assert fixed.extractor == "llm"
    assert LanguageModelAnswer.objects.count() == 1


def test_the_model_is_not_asked_once_the_days_budget_is_spent(model, settings):
    settings.LLM_MAX_TOKENS_PER_DAY = 1000
    LanguageModelDay.objects.create(day=timezone.localdate(), model=MODEL, tokens=1000)

    extraction = extract()

    assert extraction.extractor == "rules"
    assert "tokens (LLM_MAX_TOKENS_PER_DAY) are used" in extraction.note
    assert model.requests == []


def test_values_no_sentence_supports_are_dropped_and_the_editor_is_told(model):
    invented = {
        **NEWS,
        "participants": [quoted("Nobody Capital", "Nobody Capital joined")],
    }
    model.answers = [rounds_answer(invented)]

    extraction = extract()

    assert "Nobody Capital" not in extraction.candidates[0].participants
    assert "no sentence of the article supports" in extraction.note
    assert extraction.report["dropped"]


def test_processing_an_article_records_which_extractor_read_it(model):
    model.answers = [rounds_answer(NEWS, SEED)]
    article, _ = pipeline.store_text(TEXT, title=TITLE, published_on=PUBLISHED)

    pipeline.process_article(article)

    article = Article.objects.get(pk=article.pk)
    assert (article.status, article.extractor) == ("extracted", "llm")
    assert article.proposals.count() == 2
    assert article.model_report["answer_format"] == "json_schema"


def test_the_task_may_run_as_long_as_the_models_tries_take(settings):
    settings.EXTRACTOR = "both"
    settings.LLM_TIMEOUT_SECONDS = 60

    assert pipeline.task_time_limit() == settings.CELERY_TASK_TIME_LIMIT + 3 * 60 + 33


def test_the_model_health_lists_the_last_days(model):
    today = timezone.localdate()
    LanguageModelDay.objects.create(day=today, model=MODEL, calls=3)
    LanguageModelDay.objects.create(day=today - dt.timedelta(days=30), model=MODEL)

    assert [day.day for day in language_model.health()] == [today]
