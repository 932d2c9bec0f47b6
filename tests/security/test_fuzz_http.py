"""Fuzzing the HTTP surface: every form and query parameter, with any input, answers 200, 204, 302
or 4xx (never an error), and what a form stored reads back as the form said it would store.

The Django test client re-raises any exception a view lets through, so a 500 fails the example.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from uuid import uuid4

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rounds.enums import ProposalStatus
from rounds.extraction.names import normalize_name
from rounds.ingestion import forms as ingestion_forms
from rounds.ingestion import pipeline
from rounds.models import Article, Feed, FundingRound, RoundProposal
from rounds.review import forms
from tests.factories import FundingRoundFactory, InvestmentFactory, InvestorFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ALLOWED = {200, 204, 301, 302, 400, 403, 404, 405, 429}

# Text as people paste it and as attackers type it: any script, controls, and near-misses of
# the formats the forms read.
any_text = st.text(max_size=120)
money_like = st.builds(
    "".join,
    st.lists(
        st.sampled_from(
            ["$", "-", "−", "US$", "€", "USD ", "1", "0", "9", ",", ".", "5", "e", "E",
             "99999999999", "M", "bn", "T", " million", " ", "about ", "more than ",
             "crore", "¥", " yuan", "minus ", "≥", "k", "1,2", "٣", "½"]
        ),
        max_size=8,
    ),
)  # fmt: skip
form_value = st.one_of(any_text, money_like, st.sampled_from(["", " ", "USD", "on"]))
dates = st.one_of(
    any_text, st.dates().map(dt.date.isoformat), st.sampled_from(["0000-01-01"])
)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def analyst_client(client, analyst):
    client.force_login(analyst)
    return client


@pytest.fixture
def deals(db):
    lead = InvestorFactory(name="Harbor Lane Ventures", slug="harbor-lane")
    for n in range(3):
        InvestmentFactory(
            round=FundingRoundFactory(amount=Decimal(n + 1) * 10**6),
            investor=lead,
            is_lead=True,
        )


# Analysts' pages and the API

filter_params = st.fixed_dictionaries(
    {},
    optional={
        name: st.one_of(form_value, dates)
        for name in (
            "q", "lead", "investor", "company", "round_type", "status", "valuation_min",
            "valuation_max", "amount_min", "amount_max", "date_from", "date_to",
            "country", "sort", "cursor", "order", "page", "term", "since",
        )
    },
)  # fmt: skip


@FUZZ
@given(params=filter_params)
@pytest.mark.parametrize(
    "url_name",
    [
        "rounds:deal-list",
        "api:round-list",
        "rounds:deal-export-csv",
        "rounds:lead-table",
        "rounds:investor-autocomplete",
        "rounds:company-autocomplete",
    ],
)
def test_analyst_pages_answer_any_filter_without_an_error(
    analyst_client, deals, url_name, params
):
    response = analyst_client.get(reverse(url_name), params)

    assert response.status_code in ALLOWED


@FUZZ
@given(params=filter_params)
def test_htmx_requests_of_the_deals_page_answer_any_filter(
    analyst_client, deals, params
):
    response = analyst_client.get(
        reverse("rounds:deal-list"), params, HTTP_HX_REQUEST="true"
    )

    assert response.status_code in ALLOWED


@FUZZ
@given(slug=any_text)
@pytest.mark.parametrize(
    "url_name", ["rounds:company-detail", "rounds:investor-detail"]
)
def test_detail_pages_answer_any_slug(analyst_client, deals, url_name, slug):
    response = analyst_client.get(f"{reverse(url_name, args=['x'])[:-2]}{slug}/")

    assert response.status_code in ALLOWED


# Review


def _pending_proposal() -> RoundProposal:
    # Examples share the test's database: each one gets an article of its own.
    article, _ = pipeline.store_text(
        "Quillmoss Robotics, a Lisbon startup, has raised $25 million in a Series A round "
        f"led by Brightwater Capital, with participation from Tidewell Ventures ({uuid4()}).",
        published_on=dt.date(2024, 3, 5),
    )
    pipeline.process_article(article)
    return article.proposals.get()


review_data = st.fixed_dictionaries(
    {
        "company_name": form_value,
        "company_choice": st.sampled_from(["", "new", "1", "x"]),
        "round_type": st.sampled_from(["series_a", "seed", "unknown", "", "bogus"]),
        "round_label": any_text,
        "status": st.sampled_from(["announced", "in_progress", "", "x"]),
        "amount": form_value,
        "currency": form_value,
        "amount_qualifier": st.sampled_from(["", "exact", "about", "x"]),
        "valuation": form_value,
        "valuation_currency": form_value,
        "valuation_qualifier": st.sampled_from(["", "more_than", "x"]),
        "valuation_basis": st.sampled_from(["", "pre", "post", "x"]),
        "announced_on": dates,
        "date_precision": st.sampled_from(["day", "month", "year", ""]),
        "note": any_text,
        "investors-TOTAL_FORMS": st.sampled_from(["0", "1", "2", "1000", "-1", "x"]),
        "investors-INITIAL_FORMS": st.sampled_from(["0", "1"]),
        "investors-0-name": form_value,
        "investors-0-is_lead": st.sampled_from(["", "on"]),
        "investors-0-choice": st.sampled_from(["", "new", "5"]),
        "investors-1-name": form_value,
        "then": st.sampled_from(["", "next"]),
    }
)


@FUZZ
@given(data=review_data)
def test_approving_any_form_answers_without_an_error_and_stores_what_it_showed(
    editor_client, data
):
    proposal = _pending_proposal()
    form = forms.RoundDraftForm(data)
    shown_valid = form.is_valid()

    response = editor_client.post(
        reverse("rounds:proposal-approve", args=[proposal.pk]), data
    )

    proposal.refresh_from_db()
    assert response.status_code in ALLOWED
    if proposal.status != ProposalStatus.APPROVED:
        return
    assert shown_valid
    round = proposal.round
    amount, valuation = (
        form.cleaned_data["amount_money"],
        form.cleaned_data["valuation_money"],
    )
    assert (round.amount, round.currency) == (
        (amount.amount, amount.currency) if amount else (None, "")
    )
    assert (round.valuation, round.valuation_currency) == (
        (valuation.amount, valuation.currency) if valuation else (None, "")
    )
    assert round.announced_on == form.cleaned_data["announced_on"]
    chosen = data["company_choice"]
    # A stored company the editor chose by its record (an earlier example's) keeps its name:
    assert (
        (chosen.isdigit() and round.company_id == int(chosen))
        or normalize_name(round.company.name)
        == normalize_name(form.cleaned_data["company_name"])
        or round.company.aliases.filter(
            normalized=normalize_name(form.cleaned_data["company_name"])
        )
    )
    assert FundingRound.objects.get(pk=round.pk).amount == round.amount


valid_money = st.builds(
    "{}{}{}{}".format,
    st.sampled_from(["", "about ", "more than ", "at least ", "up to ", "≥ ", "~"]),
    st.sampled_from(["$", "€", "USD ", "INR ", "¥", "Rs ", "£"]),
    st.one_of(
        st.integers(0, 999_999).map(str),
        st.decimals(0, 9999, places=2, allow_nan=False).map(str),
        st.integers(1000, 10**9).map("{:,}".format),
    ),
    st.sampled_from(["", "M", " million", "bn", " billion", "k", " crore", "T"]),
)


@FUZZ
@given(
    amount=valid_money,
    valuation=st.one_of(st.just(""), valid_money),
    company=st.text(
        st.characters(categories=["L", "N", "Zs", "P"]), min_size=1, max_size=40
    ),
)
def test_an_approved_round_stores_the_figures_the_preview_showed(
    editor_client, amount, valuation, company
):
    proposal = _pending_proposal()
    data = {
        "company_name": company, "company_choice": "new", "round_type": "series_a",
        "status": "announced", "amount": amount, "valuation": valuation,
        "date_precision": "day", "announced_on": "2024-03-05",
        "investors-TOTAL_FORMS": "0", "investors-INITIAL_FORMS": "0",
    }  # fmt: skip
    preview = {
        field: editor_client.get(
            reverse("rounds:proposal-money"), {"field": field, field: data[field]}
        ).content.decode()
        for field in ("amount", "valuation")
    }

    response = editor_client.post(
        reverse("rounds:proposal-approve", args=[proposal.pk]), data
    )

    proposal.refresh_from_db()
    assert response.status_code in ALLOWED
    if proposal.status != ProposalStatus.APPROVED:
        assert "Not saved: check the marked fields" in response.content.decode()
        return
    event("approved")
    round = FundingRound.objects.get(pk=proposal.round_id)
    for field, stored, currency in (
        ("amount", round.amount, round.currency),
        ("valuation", round.valuation, round.valuation_currency),
    ):
        if stored is None:
            assert data[field] == ""
            continue
        assert f"{currency} {stored:,.0f}" in preview[field].replace("\u202f", " ")


@FUZZ
@given(reason=any_text, bulk=st.lists(st.sampled_from(["1", "2", "x", ""]), max_size=3))
def test_rejecting_answers_any_reason_without_an_error(editor_client, reason, bulk):
    proposal = _pending_proposal()

    single = editor_client.post(
        reverse("rounds:proposal-reject", args=[proposal.pk]), {"reason": reason}
    )
    many = editor_client.post(
        reverse("rounds:proposal-bulk-reject"), {"reason": reason, "proposals": bulk}
    )

    assert {single.status_code, many.status_code} <= ALLOWED
    proposal.refresh_from_db()
    if proposal.status == ProposalStatus.REJECTED:
        assert proposal.note == reason.strip()


@FUZZ
@given(data=review_data, field=st.sampled_from(["amount", "valuation", "x", ""]))
def test_the_money_preview_and_the_queue_answer_any_input(editor_client, data, field):
    preview = editor_client.get(
        reverse("rounds:proposal-money"), {**data, "field": field}
    )
    queue = editor_client.get(
        reverse("rounds:proposal-list"),
        {
            "order": data["status"],
            "confidence": data["round_type"],
            "feed": data["note"],
        },
    )

    assert {preview.status_code, queue.status_code} <= ALLOWED


# Ingestion


@FUZZ
@given(title=any_text, text=st.one_of(any_text, st.text(min_size=60, max_size=600)),
       published_on=dates)  # fmt: skip
def test_pasting_any_text_stores_exactly_what_the_form_accepted(
    editor_client, title, text, published_on
):
    data = {"title": title, "text": text, "published_on": published_on}
    form = ingestion_forms.PasteForm(data)
    accepted = form.is_valid()

    response = editor_client.post(reverse("rounds:ingest-text"), data)

    assert response.status_code in ALLOWED
    if accepted and response.status_code == 302:
        article = Article.objects.get(
            content_hash=Article.hash_text(form.cleaned_data["text"])
        )
        assert article.text == form.cleaned_data["text"]
        assert article.published_on in (form.cleaned_data["published_on"], None) or (
            article.published_on == form.cleaned_data["published_on"]
        )


@FUZZ
@given(url=st.one_of(any_text, st.from_regex(r"\Ahttps?://[^\s/]{1,30}(/[^\s]{0,40})?\Z")),
       name=any_text, interval=st.one_of(any_text, st.integers().map(str)))  # fmt: skip
def test_urls_and_feeds_answer_any_input(editor_client, url, name, interval):
    article = editor_client.post(reverse("rounds:ingest-url"), {"url": url})
    feed = editor_client.post(
        reverse("rounds:feed-add"),
        {"url": url, "name": name, "poll_interval_minutes": interval},
    )

    assert {article.status_code, feed.status_code} <= ALLOWED
    for stored in Feed.objects.all():
        assert stored.url.startswith(("http://", "https://"))


# A name the browser can send: the test client, like a browser, sends only its last part.
file_names = any_text.filter(
    lambda name: name.replace("\\", "/").rsplit("/", 1)[-1] not in ("", ".", "..")
)


@FUZZ
@given(name=file_names, content=st.binary(max_size=2000))
def test_uploading_any_file_answers_without_an_error(editor_client, name, content):
    upload = SimpleUploadedFile(name, content)

    response = editor_client.post(reverse("rounds:ingest-file"), {"file": upload})

    assert response.status_code in ALLOWED


@FUZZ
@given(params=st.dictionaries(
    st.sampled_from(["failed_page", "waiting_page", "feeds_page", "recent_page", "since"]),
    form_value,
))  # fmt: skip
def test_the_ingestion_page_answers_any_page_number(editor_client, params):
    full = editor_client.get(reverse("rounds:ingestion"), params)
    refresh = editor_client.get(
        reverse("rounds:ingestion"), params, HTTP_HX_REQUEST="true"
    )

    assert {full.status_code, refresh.status_code} <= ALLOWED
