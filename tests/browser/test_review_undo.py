"""Undo in the browser: after approving or merging, the database is as it was before."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from rounds.enums import ProposalStatus
from tests.browser.test_review import _propose
from tests.factories import CompanyFactory, FundingRoundFactory, UserFactory
from tests.rounds.review.test_decisions import STORY
from tests.rounds.review.test_undo import rows

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor_page(open_page, groups):
    return open_page(UserFactory(group="Editors"))


def test_editor_approves_then_undoes_with_the_key(editor_page):
    page = editor_page
    [lumora] = _propose(STORY)
    [quorva] = _propose(STORY.replace("Lumora", "Quorva"))
    before = rows()

    page.goto(f"/review/{quorva.pk}/")
    page.keyboard.press("a")
    expect(page.locator(".flash")).to_contain_text("Approved Quorva Health")
    page.wait_for_url(f"**/review/{lumora.pk}/**")
    page.keyboard.press("u")

    expect(page.locator(".flash")).to_contain_text("Undone: Quorva Health")
    page.wait_for_url(f"**/review/{quorva.pk}/**")
    expect(page.locator("#review-form")).to_be_visible()
    assert rows() == before
    quorva.refresh_from_db()
    assert quorva.status == ProposalStatus.PENDING


def test_editor_merges_then_undoes_and_the_round_is_as_before(editor_page):
    page = editor_page
    FundingRoundFactory(
        company=CompanyFactory(name="Lumora Health"),
        amount=Decimal("24000000"),
        announced_on=dt.date(2024, 3, 1),
    )
    [proposal] = _propose(STORY)
    before = rows()

    page.goto(f"/review/{proposal.pk}/")
    page.locator('input[name=take][value="amount"]').check()
    page.locator("#merge").click()
    expect(page.locator(".flash")).to_contain_text("Merged Lumora Health")
    page.locator("#undo").click()

    expect(page.locator(".flash")).to_contain_text("Undone: Lumora Health")
    assert rows() == before


def test_editor_reopens_a_rejected_proposal_from_its_page(editor_page):
    page = editor_page
    [proposal] = _propose(STORY)

    page.goto(f"/review/{proposal.pk}/")
    page.keyboard.press("r")
    page.keyboard.type("not a funding round")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("The queue is empty")
    page.goto(f"/review/{proposal.pk}/")
    page.locator("#reopen").click()

    expect(page.locator(".flash")).to_contain_text("waits in the queue again")
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PENDING
