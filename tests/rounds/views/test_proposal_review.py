"""The editors' review pages: the queue, one proposal, and each decision."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from rounds import ingest, review
from rounds.enums import ProposalStatus
from rounds.models import (
    FundingRound,
    Investment,
    InvestorAlias,
    RoundProposal,
)
from tests.factories import (
    CompanyFactory,
    FundingRoundFactory,
    InvestorFactory,
)
from tests.rounds.test_review import SEED_STORY, STORY

pytestmark = pytest.mark.django_db


def proposals_for(text: str, published=dt.date(2024, 3, 5)) -> list[RoundProposal]:
    article, _ = ingest.store_text(text, published_on=published)
    ingest.process_article(article)
    return list(article.proposals.order_by("pk"))


def form_data(proposal: RoundProposal, **changes) -> dict[str, str]:
    """The edit form as the page fills it in, with `changes` typed over it."""
    draft = review.draft_from_proposal(proposal)
    data = {
        "company_name": draft.company_name,
        "company_choice": str(draft.company_id or ""),
        "round_type": draft.round_type,
        "round_label": draft.round_label,
        "status": draft.status,
        "amount": f"{draft.currency} {draft.amount}" if draft.amount else "",
        "currency": draft.currency,
        "amount_qualifier": draft.amount_qualifier,
        "valuation": f"{draft.valuation_currency} {draft.valuation}"
        if draft.valuation
        else "",
        "valuation_currency": draft.valuation_currency,
        "valuation_qualifier": draft.valuation_qualifier,
        "valuation_basis": draft.valuation_basis,
        "announced_on": draft.announced_on.isoformat() if draft.announced_on else "",
        "date_precision": draft.date_precision,
        "note": "",
        "investors-TOTAL_FORMS": str(len(draft.investors)),
        "investors-INITIAL_FORMS": str(len(draft.investors)),
    }
    for i, choice in enumerate(draft.investors):
        data[f"investors-{i}-name"] = choice.name
        if choice.is_lead:
            data[f"investors-{i}-is_lead"] = "on"
        data[f"investors-{i}-choice"] = str(choice.investor_id or "")
    data.update(changes)
    return data


@pytest.fixture
def lumora():
    [proposal] = proposals_for(STORY)
    return proposal


@pytest.fixture
def minimax():
    return next(
        p for p in proposals_for(SEED_STORY) if p.candidate["company"] == "MiniMax"
    )


# Every review URL and action, with the method it takes:
def review_urls(pk: int) -> list[tuple[str, str]]:
    return [
        ("get", reverse("rounds:proposal-list")),
        ("get", reverse("rounds:proposal-next")),
        ("get", reverse("rounds:proposal-money") + "?field=amount&amount=1bn"),
        ("post", reverse("rounds:proposal-bulk-reject")),
        ("get", reverse("rounds:proposal-detail", args=[pk])),
        ("post", reverse("rounds:proposal-approve", args=[pk])),
        ("post", reverse("rounds:proposal-merge", args=[pk])),
        ("post", reverse("rounds:proposal-reject", args=[pk])),
    ]


def test_every_review_url_is_covered():
    from rounds.urls import urlpatterns  # noqa: PLC0415 -- the list under test

    names = {p.name for p in urlpatterns if p.name and p.name.startswith("proposal-")}

    assert names == {
        "proposal-list",
        "proposal-next",
        "proposal-money",
        "proposal-bulk-reject",
        "proposal-detail",
        "proposal-approve",
        "proposal-merge",
        "proposal-reject",
    }


def test_analyst_gets_403_on_every_review_url_and_action(client, analyst, lumora):
    client.force_login(analyst)

    statuses = {
        url: getattr(client, method)(url).status_code
        for method, url in review_urls(lumora.pk)
    }

    assert set(statuses.values()) == {403}
    lumora.refresh_from_db()
    assert lumora.status == ProposalStatus.PENDING


def test_anonymous_user_is_sent_to_the_login_page_from_every_review_url(client, lumora):
    responses = [getattr(client, m)(url) for m, url in review_urls(lumora.pk)]

    assert {r.status_code for r in responses} == {302}
    assert all(r.url.startswith(reverse("login")) for r in responses)


def test_actions_need_the_csrf_token(editor, lumora):
    from django.test import Client  # noqa: PLC0415 -- a client that checks CSRF

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-reject", args=[lumora.pk]), {"reason": "x"}
    )

    assert response.status_code == 403
    lumora.refresh_from_db()
    assert lumora.status == ProposalStatus.PENDING


def test_actions_refuse_get(client, editor, lumora):
    client.force_login(editor)

    response = client.get(reverse("rounds:proposal-approve", args=[lumora.pk]))

    assert response.status_code == 405


# Queue


def test_queue_full_page_lists_pending_proposals_with_counts(client, editor, lumora):
    client.force_login(editor)

    response = client.get(reverse("rounds:proposal-list"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and 'id="proposal-queue"' in html
    assert "Lumora Health" in html and "1</strong> waiting" in html


def test_queue_htmx_returns_only_the_queue(client, editor, lumora):
    client.force_login(editor)

    response = client.get(reverse("rounds:proposal-list"), HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<div id="proposal-queue"')
    assert "Lumora Health" in html


def test_queue_filters_by_confidence(client, editor, lumora):
    client.force_login(editor)
    RoundProposal.objects.filter(pk=lumora.pk).update(confidence=0.3)

    high = client.get(reverse("rounds:proposal-list"), {"confidence": "high"})
    low = client.get(reverse("rounds:proposal-list"), {"confidence": "low"})

    assert "Lumora Health" not in high.content.decode()
    assert "Lumora Health" in low.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_queue_query_count_is_constant(
    client, editor, count, django_assert_num_queries
):
    for n in range(count):
        proposals_for(STORY.replace("Lumora", f"Lumora{n}"))
    client.force_login(editor)

    # Session, user, its two permission lookups, counts, rows, feeds (filter form):
    with django_assert_num_queries(7):
        response = client.get(reverse("rounds:proposal-list"))

    assert response.content.decode().count('name="proposals"') == count


def test_bulk_reject_rejects_the_ticked_proposals_with_the_reason(
    client, editor, lumora, minimax
):
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-bulk-reject"),
        {"proposals": [lumora.pk], "reason": "not news"},
        HTTP_HX_REQUEST="true",
    )

    lumora.refresh_from_db()
    minimax.refresh_from_db()
    assert (lumora.status, lumora.note, lumora.reviewed_by) == (
        "rejected",
        "not news",
        editor,
    )
    assert minimax.status == ProposalStatus.PENDING
    assert "Rejected 1 proposal." in response.content.decode()


def test_bulk_reject_without_a_reason_rejects_nothing(client, editor, lumora):
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-bulk-reject"),
        {"proposals": [lumora.pk], "reason": ""},
        HTTP_HX_REQUEST="true",
    )

    lumora.refresh_from_db()
    assert lumora.status == ProposalStatus.PENDING
    assert "Say why they are rejected" in response.content.decode()


# One proposal


def test_proposal_page_highlights_the_evidence_escaped(client, editor, lumora):
    client.force_login(editor)

    response = client.get(reverse("rounds:proposal-detail", args=[lumora.pk]))

    html = response.content.decode()
    assert "Brightwater Capital</mark>" in html
    assert 'class="evidence f-amount"' in html
    assert 'value="Lumora Health"' in html


def test_scraped_text_is_escaped_around_the_evidence(client, editor):
    [proposal] = proposals_for(STORY + " <script>alert(1)</script>")
    client.force_login(editor)

    html = client.get(
        reverse("rounds:proposal-detail", args=[proposal.pk])
    ).content.decode()

    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_proposal_page_htmx_returns_only_the_page_region(client, editor, lumora):
    client.force_login(editor)

    response = client.get(
        reverse("rounds:proposal-detail", args=[lumora.pk]), HTTP_HX_REQUEST="true"
    )

    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<div id="proposal-page"')


def test_proposal_page_offers_existing_investors_exact_and_fuzzy(
    client, editor, lumora
):
    exact = InvestorFactory(name="Brightwater Capital")
    fuzzy = InvestorFactory(name="Tidewell Venture Partners")
    client.force_login(editor)

    html = client.get(
        reverse("rounds:proposal-detail", args=[lumora.pk])
    ).content.decode()

    assert (
        f'value="{exact.pk}"' in html
        and "Use existing: Brightwater Capital (exact)" in html
    )
    assert f"Use existing: {fuzzy.name}" in html


def test_proposal_page_offers_to_record_the_former_name(client, editor, minimax):
    client.force_login(editor)

    html = client.get(
        reverse("rounds:proposal-detail", args=[minimax.pk])
    ).content.decode()

    assert "Record “Sequoia China” as an alias" in html


@pytest.mark.parametrize(
    ("typed", "currency", "shown"),
    [
        ("$600M", "", "USD 600,000,000"),
        ("1.2bn", "EUR", "EUR 1,200,000,000"),
        ("€25 million", "", "EUR 25,000,000"),
        ("1.2bn", "", "Which currency?"),
        ("lots", "", "is not an amount"),
    ],
)
def test_money_preview_shows_what_the_parser_reads(
    client, editor, typed, currency, shown
):
    client.force_login(editor)

    response = client.get(
        reverse("rounds:proposal-money"),
        {"field": "amount", "amount": typed, "currency": currency},
        HTTP_HX_REQUEST="true",
    )

    assert shown in response.content.decode()


# Decisions


def test_approving_the_seed_story_through_the_page_gives_the_round_editors_expect(
    client, editor, minimax
):
    client.force_login(editor)

    client.post(
        reverse("rounds:proposal-approve", args=[minimax.pk]),
        form_data(minimax, **{"investors-1-alias": "on"}),
        HTTP_HX_REQUEST="true",
    )

    round = FundingRound.objects.get(company__name="MiniMax")
    assert round.status == "in_progress"
    assert (round.amount, round.currency, round.amount_qualifier) == (
        Decimal("600000000"), "USD", "at_least",
    )  # fmt: skip
    assert (round.valuation, round.valuation_qualifier) == (
        Decimal("2500000000"), "more_than",
    )  # fmt: skip
    assert ([i.name for i in round.leads], [i.name for i in round.participants]) == (
        ["Alibaba"],
        ["HongShan"],
    )
    source = round.round_sources.get()
    assert source.article == minimax.article and source.evidence == minimax.evidence
    assert InvestorAlias.objects.get(name="Sequoia China").investor.name == "HongShan"


def test_approve_with_edits_records_them_and_loads_the_next_proposal(
    client, editor, lumora, minimax
):
    client.force_login(editor)
    known = InvestorFactory(name="HongShan Capital Group")

    response = client.post(
        reverse("rounds:proposal-approve", args=[minimax.pk]),
        form_data(
            minimax,
            amount="$650M",
            amount_qualifier="exact",
            **{"investors-1-choice": str(known.pk)},
            then="next",
        ),
        HTTP_HX_REQUEST="true",
    )

    minimax.refresh_from_db()
    assert "Not saved" not in response.content.decode(), response.content.decode()[
        :3000
    ]
    assert (minimax.status, minimax.reviewed_by) == ("approved", editor)
    assert minimax.changes["amount"] == {
        "extracted": "600000000",
        "approved": "650000000",
    }
    assert minimax.round.amount == Decimal("650000000")
    assert Investment.objects.get(round=minimax.round, is_lead=False).investor == known
    html = response.content.decode()
    assert "Approved" in html
    assert response["HX-Push-Url"] != reverse(
        "rounds:proposal-detail", args=[minimax.pk]
    )


def test_a_validation_error_keeps_the_edits_with_a_message(client, editor, lumora):
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-approve", args=[lumora.pk]),
        form_data(lumora, amount="1.2bn", currency="", round_label="Series A prime"),
        HTTP_HX_REQUEST="true",
    )

    html = response.content.decode()
    lumora.refresh_from_db()
    assert lumora.status == ProposalStatus.PENDING
    assert "Not saved: check the marked fields." in html
    assert "Which currency?" in html
    assert 'value="1.2bn"' in html and 'value="Series A prime"' in html


def test_approving_a_decided_proposal_says_so_and_changes_nothing(
    client, editor, staff, lumora
):
    review.reject_proposal(lumora, editor=staff, reason="dup")
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-approve", args=[lumora.pk]),
        form_data(lumora),
        HTTP_HX_REQUEST="true",
    )

    assert "Already decided." in response.content.decode()
    assert FundingRound.objects.count() == 0
    lumora.refresh_from_db()
    assert (lumora.status, lumora.reviewed_by) == ("rejected", staff)


def test_reject_records_the_reason_and_moves_on(client, editor, lumora, minimax):
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-reject", args=[minimax.pk]),
        {"reason": "rumour"},
        HTTP_HX_REQUEST="true",
    )

    minimax.refresh_from_db()
    assert (minimax.status, minimax.note, minimax.reviewed_by) == (
        "rejected",
        "rumour",
        editor,
    )
    assert "Rejected" in response.content.decode()


def test_reject_without_htmx_redirects_to_the_next_proposal(client, editor, lumora):
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-reject", args=[lumora.pk]), {"reason": "rumour"}
    )

    assert response.status_code == 302


def test_decided_proposal_page_shows_who_when_and_what_changed(client, editor, lumora):
    client.force_login(editor)
    client.post(
        reverse("rounds:proposal-approve", args=[lumora.pk]),
        form_data(lumora, round_label="Series A (first close)"),
    )

    html = client.get(
        reverse("rounds:proposal-detail", args=[lumora.pk])
    ).content.decode()

    assert editor.username in html
    assert "What the editor changed" in html and "Series A (first close)" in html


def test_merge_adds_the_source_and_takes_the_chosen_fields(client, editor):
    company = CompanyFactory(name="Lumora Health")
    round = FundingRoundFactory(
        company=company,
        round_type="series_a",
        amount=Decimal("24000000"),
        currency="USD",
        announced_on=dt.date(2024, 3, 1),
    )
    [proposal] = proposals_for(STORY)
    assert proposal.duplicate_of == round
    client.force_login(editor)

    page = client.get(reverse("rounds:proposal-detail", args=[proposal.pk]))
    response = client.post(
        reverse("rounds:proposal-merge", args=[proposal.pk]),
        form_data(proposal, take=["amount"]),
        HTTP_HX_REQUEST="true",
    )

    assert "Merge into this round" in page.content.decode()
    proposal.refresh_from_db()
    round.refresh_from_db()
    assert (proposal.status, proposal.round) == ("merged", round)
    assert round.amount == Decimal("25000000")
    assert FundingRound.objects.count() == 1
    assert round.round_sources.get().article == proposal.article
    assert {i.name for i in round.investors.all()} == {
        "Brightwater Capital",
        "Tidewell Ventures",
    }
    assert "Merged" in response.content.decode()
