"""What an editor does in the browser: review the queue with the keyboard, merge, reject."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from rounds.enums import ProposalStatus
from rounds.ingestion import pipeline
from rounds.models import FundingRound, RoundProposal
from tests.factories import CompanyFactory, FundingRoundFactory, UserFactory
from tests.rounds.review.test_decisions import SEED_STORY, STORY

pytestmark = pytest.mark.django_db(transaction=True)


def _propose(text: str) -> list[RoundProposal]:
    article, _ = pipeline.store_text(text, published_on=dt.date(2024, 3, 5))
    pipeline.process_article(article)
    return list(article.proposals.order_by("pk"))


@pytest.fixture
def editor_page(open_page, groups):
    """A browser tab signed in as an editor."""
    return open_page(UserFactory(group="Editors"))


def test_editor_fixes_an_investor_and_approves_with_the_keyboard(editor_page):
    page = editor_page
    [lumora] = _propose(STORY)
    minimax = next(
        p for p in _propose(SEED_STORY) if p.candidate["company"] == "MiniMax"
    )

    page.goto("/review/")
    expect(page.locator(".queue-counts")).to_contain_text("3 waiting")
    page.locator(f"#proposal-{minimax.pk} td.company a").click()
    expect(page.locator("h1")).to_contain_text("MiniMax")

    # The evidence is highlighted, and a field's button flashes its words:
    expect(page.locator("#article-text mark.f-lead_investors")).to_have_text("Alibaba")
    expect(page.locator("#amount-parsed")).to_contain_text("USD 600,000,000")
    page.locator("label[for=id_amount] button.ev").click()
    expect(page.locator("#article-text mark.f-amount")).to_have_class(
        re.compile("flash")
    )

    # Fix the participant's name (and keep its former name as an alias):
    page.locator("#id_investors-1-name").fill("HongShan Capital")
    page.keyboard.press("Escape")
    page.keyboard.press("a")

    page.wait_for_url(f"**/review/{lumora.pk}/")
    expect(page.locator("h1")).to_contain_text("Lumora Health")
    expect(page.locator(".flash")).to_contain_text("Approved MiniMax")
    round = FundingRound.objects.get(company__name="MiniMax")
    assert ([i.name for i in round.leads], [i.name for i in round.participants]) == (
        ["Alibaba"],
        ["HongShan Capital"],
    )
    assert round.status == "in_progress"


def test_editor_merges_a_duplicate_into_the_existing_round(editor_page):
    page = editor_page
    round = FundingRoundFactory(
        company=CompanyFactory(name="Lumora Health"),
        amount=Decimal("24000000"),
        announced_on=dt.date(2024, 3, 1),
    )
    [proposal] = _propose(STORY)

    page.goto(f"/review/{proposal.pk}/")
    expect(page.locator("fieldset.duplicate")).to_contain_text("Possible duplicate")
    page.locator('input[name=take][value="amount"]').check()
    page.locator("#merge").click()

    expect(page.locator(".flash")).to_contain_text("Merged Lumora Health")
    proposal.refresh_from_db()
    round.refresh_from_db()
    assert (proposal.status, proposal.round_id) == (ProposalStatus.MERGED, round.pk)
    assert round.amount == Decimal("25000000")
    assert FundingRound.objects.count() == 1


def test_editor_rejects_a_proposal_with_a_reason(editor_page):
    page = editor_page
    [proposal] = _propose(STORY)

    page.goto(f"/review/{proposal.pk}/")
    page.keyboard.press("r")
    page.keyboard.type("press release about an old round")
    page.keyboard.press("Enter")

    expect(page.locator(".flash")).to_contain_text("Rejected Lumora Health")
    expect(page.locator("h1")).to_contain_text("The queue is empty")
    proposal.refresh_from_db()
    assert (proposal.status, proposal.note) == (
        ProposalStatus.REJECTED,
        "press release about an old round",
    )


def test_editor_sees_typed_amounts_parsed_before_saving(editor_page):
    page = editor_page
    [proposal] = _propose(STORY)

    page.goto(f"/review/{proposal.pk}/")
    page.locator("#id_amount").fill("1.2bn")
    page.locator("#id_currency").fill("")
    page.locator("#id_amount").press_sequentially(" ")

    expect(page.locator("#amount-parsed")).to_contain_text("Which currency?")
    page.locator("#id_amount").fill("€25 million")
    expect(page.locator("#amount-parsed")).to_contain_text("EUR 25,000,000")


def test_editor_filters_the_queue_and_rejects_the_junk_in_bulk(editor_page):
    page = editor_page
    [good] = _propose(STORY)
    junk = _propose(SEED_STORY)
    RoundProposal.objects.filter(pk__in=[p.pk for p in junk]).update(confidence=0.2)

    page.goto("/review/")
    page.locator("#id_confidence").select_option("low")
    page.wait_for_url(re.compile(r"confidence=low"))
    expect(page.locator("table.queue tbody tr")).to_have_count(2)
    page.locator("[data-check-all]").check()
    page.locator("#id_reason").fill("old news")
    page.get_by_role("button", name="Reject ticked").click()

    expect(page.locator("#proposal-queue")).to_contain_text("Rejected 2 proposals.")
    assert set(RoundProposal.objects.values_list("status", flat=True)) == {
        ProposalStatus.PENDING,
        ProposalStatus.REJECTED,
    }
    good.refresh_from_db()
    assert good.status == ProposalStatus.PENDING
