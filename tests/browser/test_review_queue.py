"""The review queue in the browser: what waits, page numbers, and bulk approval of sure ones."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from rounds.models import FundingRound
from tests.factories import RoundProposalFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor_page(open_page, groups):
    return open_page(UserFactory(group="Editors"))


def sure(company: str):
    return RoundProposalFactory(
        candidate={
            "company": company,
            "round_type": "seed",
            "amount": "3000000",
            "currency": "EUR",
            "lead_investors": [],
        },
        confidence=0.92,
        ready=True,
    )


def test_editor_approves_the_ready_proposals_in_bulk(editor_page):
    page = editor_page
    sure("Quorva")
    sure("Лінден Лабс")
    RoundProposalFactory(candidate={"company": "Unsure Co"}, confidence=0.4)

    page.goto("/review/")
    expect(page.locator(".queue-reasons")).to_contain_text("Ready to approve in bulk 2")
    page.get_by_role("link", name="Ready to approve in bulk").click()
    page.wait_for_url("**waiting=ready**")
    expect(page.locator("table.queue tbody tr")).to_have_count(2)
    page.get_by_label("Pick all shown").check()
    page.locator("#bulk-approve").click()

    expect(page.locator("#proposal-queue")).to_contain_text(
        "Approved 2 proposals as extracted."
    )
    assert sorted(FundingRound.objects.values_list("company__name", flat=True)) == [
        "Quorva",
        "Лінден Лабс",
    ]


def test_editor_pages_through_a_long_queue(editor_page):
    page = editor_page
    RoundProposalFactory.create_batch(55)

    page.goto("/review/")
    expect(page.locator("table.queue tbody tr")).to_have_count(50)
    page.locator(".page-numbers").get_by_role("link", name="2").click()

    page.wait_for_url("**page=2**")
    expect(page.locator("table.queue tbody tr")).to_have_count(5)
