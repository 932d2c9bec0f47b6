"""EXTRACTOR=both in the browser: the editor takes the model's reading, and the report card
counts it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from rounds.models import FundingRound
from tests.factories import UserFactory
from tests.rounds.views.test_proposal_provenance import both_readings

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def editor_page(open_page, groups):
    return open_page(UserFactory(group="Editors"))


def test_editor_takes_the_models_amount_and_the_report_card_credits_it(editor_page):
    page = editor_page
    proposal = both_readings()

    page.goto(f"/review/{proposal.pk}/")
    expect(page.locator("#id_amount")).to_have_value("USD 25M")
    page.get_by_role("button", name="Use the model’s").click()
    expect(page.locator("#id_amount")).to_have_value("USD 40M")
    expect(page.locator("#amount-parsed")).to_contain_text("USD 40,000,000")
    page.locator("#approve").click()
    expect(page.locator(".decision")).to_contain_text("Approved")

    assert FundingRound.objects.get().amount == Decimal("40000000")
    page.goto("/review/stats/")
    expect(page.locator("#llm-amount td")).to_have_text(["1", "0", "0", "100%", "0"])
    expect(page.locator("#rules-amount td")).to_have_text(["0", "1", "0", "0%", "0"])
