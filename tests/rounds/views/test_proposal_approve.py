"""Approving a proposal from its page: edits, validation, races, aliases."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from rounds.enums import ProposalStatus
from rounds.ingestion import pipeline
from rounds.models import (
    FundingRound,
    Investment,
    InvestorAlias,
    RoundProposal,
    Sector,
)
from rounds.review import decisions
from tests.factories import CompanyFactory, InvestorFactory, UserFactory
from tests.rounds.review.test_decisions import SEED_STORY, STORY
from tests.rounds.views.htmx import follow_location

pytestmark = pytest.mark.django_db


def proposals_for(text: str, published=dt.date(2024, 3, 5)) -> list[RoundProposal]:
    article, _ = pipeline.store_text(text, published_on=published)
    pipeline.process_article(article)
    return list(article.proposals.order_by("pk"))


def form_data(proposal: RoundProposal, **changes) -> dict[str, str]:
    """The edit form as the page fills it in, with `changes` typed over it."""
    draft = proposal.draft()
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
        "company_sectors": list(draft.company_sectors or ()),
        # The sectors and types the page showed, so that clearing them is told from not
        # setting them:
        "initial-company_sectors": list(draft.company_sectors or ()),
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
        data[f"investors-{i}-kind"] = choice.kind or ""
        data[f"initial-investors-{i}-kind"] = choice.kind or ""
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
    hongshan = InvestorAlias.objects.get(name="Sequoia China").investor
    assert hongshan.name == "HongShan"
    alias = InvestorAlias.history.get(name="Sequoia China")
    assert (alias.history_type, alias.history_user, alias.history_change_reason) == (
        "+",
        editor,
        f"Approved proposal {minimax.pk} (decision 1)",
    )


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
    assert (minimax.status, minimax.reviewed_by) == ("approved", editor)
    assert minimax.changes["amount"] == {
        "extracted": "600000000",
        "approved": "650000000",
    }
    assert minimax.round.amount == Decimal("650000000")
    assert Investment.objects.get(round=minimax.round, is_lead=False).investor == known
    following = follow_location(client, response)
    assert "Approved" in following.content.decode()
    assert following["HX-Push-Url"] == reverse(
        "rounds:proposal-detail", args=[lumora.pk]
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
    decisions.reject_proposal(lumora, editor=staff, reason="dup")
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


@pytest.mark.django_db(transaction=True)
def test_two_editors_approving_through_the_page_at_once_create_one_round(
    on_postgresql, groups
):
    [proposal] = proposals_for(STORY)
    data = form_data(proposal)
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(UserFactory(group="Editors"))
        clients.append(client)
    barrier = threading.Barrier(2)
    pages = []

    def approve(client: Client) -> None:
        try:
            barrier.wait(timeout=10)
            url = reverse("rounds:proposal-approve", args=[proposal.pk])
            pages.append(
                client.post(url, data, HTTP_HX_REQUEST="true").content.decode()
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=[c]) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert FundingRound.objects.count() == 1
    assert sorted("Already decided." in page for page in pages) == [False, True]


def test_a_renamed_investor_keeps_the_record_the_editor_picked(client, editor, lumora):
    known = InvestorFactory(name="Tidewell Ventures")
    client.force_login(editor)

    client.post(
        reverse("rounds:proposal-approve", args=[lumora.pk]),
        form_data(
            lumora,
            **{"investors-1-name": "Tidewell", "investors-1-choice": str(known.pk)},
        ),
    )

    lumora.refresh_from_db()
    assert lumora.status == ProposalStatus.APPROVED
    assert known in lumora.round.investors.all()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount": "$99999999999999999M"}, "larger than any funding amount"),
        ({"amount": "-$5M"}, "cannot be negative"),
        ({"amount": "$1,2,3M"}, "digit groups are malformed"),
        ({"amount": "$1T", "valuation": "$1e50"}, "without an exponent"),
        ({"amount": "600M", "currency": "US"}, "three-letter code"),
        ({"amount": "600M", "currency": "1$%"}, "three-letter code"),
        ({"amount": "600M", "currency": "ÄÖÜ"}, "three-letter code"),
        ({"company_name": "㎒" * 200}, "too long"),
        ({"company_name": "a&" * 100}, "too long"),
        ({"investors-0-name": "㎒" * 200}, "too long"),
        ({"investors-0-name": "\u200b"}, "no letter or digit"),
    ],
)
def test_approve_refuses_what_the_database_would_refuse_with_a_form_error(
    client, editor, lumora, changes, message
):
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-approve", args=[lumora.pk]),
        form_data(lumora, **changes),
    )

    lumora.refresh_from_db()
    assert response.status_code == 200
    assert message in response.content.decode()
    assert lumora.status == ProposalStatus.PENDING
    assert FundingRound.objects.count() == 0


def test_approving_a_company_named_in_cyrillic_links_to_its_page(client, editor):
    [proposal] = proposals_for(STORY)
    client.force_login(editor)

    response = client.post(
        reverse("rounds:proposal-approve", args=[proposal.pk]),
        form_data(proposal, company_name="Зорвекс Роботикс"),
        follow=True,
    )

    company = FundingRound.objects.get().company
    assert response.status_code == 200
    assert reverse("rounds:company-detail", args=[company.slug]) in response.text
    assert (
        client.get(company_url := f"/companies/{company.slug}/").status_code == 200
    ), company_url


# Outside a test's transaction, as in production: the decision runs in its own transaction, whose
# BEGIN and COMMIT are logged but are not queries.
@pytest.mark.django_db(transaction=True)
def test_approving_a_proposal_of_known_names_takes_at_most_24_queries(client, editor):
    # (a transactional test starts from empty tables, the taxonomy's too)
    health, _ = Sector.objects.get_or_create(slug="health", name="Health care")
    CompanyFactory(name="Lumora Health").sectors.set([health])
    InvestorFactory(name="Brightwater Capital")
    InvestorFactory(name="Tidewell Ventures")
    [proposal] = proposals_for(STORY)
    client.force_login(editor)
    data = form_data(proposal)

    # session, user, permissions, the proposal and its lock, the company, its sectors (those
    # of the form already), the investors (locked at once, so that two decisions never wait
    # for each other), the round and its history,
    # the investments and their history, what they add to the investors' summaries (2) and
    # the recount of the rows they change (the investors locked again, the lead summary's
    # rows deleted, recounted and summed for all years, the years deleted and written in two
    # steps), the source and its history, the claim:
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            reverse("rounds:proposal-approve", args=[proposal.pk]), data
        )

    queries = [
        q["sql"]
        for q in captured.captured_queries
        if q["sql"] not in ("BEGIN", "COMMIT")
    ]
    assert len(queries) <= 24, "\n".join(queries)
    assert response.status_code == 302
    assert FundingRound.objects.get().investors.count() == 2


def test_a_chosen_company_deleted_meanwhile_is_a_message_not_an_error(
    client, editor, lumora
):
    client.force_login(editor)
    gone = CompanyFactory(name="Lumora Health Old")
    data = form_data(lumora, company_choice=str(gone.pk))
    gone.delete()

    response = client.post(reverse("rounds:proposal-approve", args=[lumora.pk]), data)

    lumora.refresh_from_db()
    assert response.status_code == 200
    assert "no longer stored" in response.content.decode()
    assert lumora.status == ProposalStatus.PENDING
