"""An analyst says a figure of a round is wrong; an editor sees the stored round beside the
correction and applies it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from rounds.enums import ProposalStatus
from rounds.models import FundingRound, RoundProposal
from tests.factories import (
    ArticleFactory,
    FundingRoundFactory,
    InvestmentFactory,
    RoundSourceFactory,
    UserFactory,
)
from tests.rounds.views.test_round_correct import FakeResolver

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def resolver(monkeypatch, settings):
    settings.FETCH_ALLOW_LOOPBACK = False
    monkeypatch.setattr(
        "rounds.ingestion.fetching._system_resolver",
        FakeResolver({"wiki.corp.example": ["192.168.4.20"]}),
    )


@pytest.fixture
def round(db):
    round = FundingRoundFactory(
        company__name="Quenby Robotics",
        round_type="series_b",
        amount=Decimal("90000000"),
        currency="USD",
    )
    InvestmentFactory(round=round, investor__name="Larkspur Partners", is_lead=True)
    RoundSourceFactory(
        round=round,
        article=ArticleFactory(
            text="Quenby Robotics raised $9 million in a Series B led by Larkspur "
            "Partners, the company said on Tuesday."
        ),
    )
    return round


def test_an_analyst_suggests_a_correction_and_an_editor_applies_it(
    open_page, analyst, groups, round
):
    page = open_page(analyst)
    page.goto(f"/rounds/{round.pk}/")
    page.get_by_text("A value of this round is wrong").click()
    page.get_by_label("What is wrong").select_option("amount")
    page.get_by_label("The right value, if you know it").fill("$9M")
    page.get_by_label("Note for the editors").fill("The source says nine million.")
    page.get_by_label("Article that shows it (optional)").fill(
        "http://wiki.corp.example/quenby"
    )
    page.locator("#send-correction").click()

    # An address on a private network is refused at once, and the rest is kept:
    expect(page.locator("#correction")).to_contain_text(
        "wiki.corp.example resolves to 192.168.4.20, a private address."
    )
    expect(page.get_by_label("Note for the editors")).to_have_value(
        "The source says nine million."
    )
    assert RoundProposal.objects.count() == 0
    page.get_by_label("Article that shows it (optional)").fill("")
    page.locator("#send-correction").click()
    expect(page.locator("#correction")).to_contain_text(
        "your correction waits for an editor's review"
    )
    correction = RoundProposal.objects.get()

    editor = UserFactory(group="Editors")
    review = open_page(editor)
    review.goto("/review/?waiting=correction")
    review.get_by_role("link", name="Quenby Robotics").click()
    diff = review.locator("#correction-diff")
    expect(diff.locator("tr.conflict")).to_have_count(1)
    expect(diff.locator("tr.conflict")).to_contain_text("$90M")
    expect(diff.locator("tr.conflict")).to_contain_text("$9M")
    expect(review.locator(".correction-note")).to_contain_text(
        "The source says nine million."
    )
    review.locator("#apply-correction").click()

    expect(review.locator(".flash")).to_contain_text("Applied the correction to")
    assert FundingRound.objects.get().amount == Decimal("9000000")
    correction.refresh_from_db()
    assert (correction.status, correction.added_by, correction.reviewed_by) == (
        ProposalStatus.MERGED,
        analyst,
        editor,
    )
