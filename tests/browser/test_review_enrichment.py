"""An editor enriches the company and the investors in review: the article's sectors and
investor types come ticked, with their words; the editor corrects them and approves."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from rounds.models import SECTORS, Company, Investor, Sector
from tests.browser.test_review import _propose
from tests.factories import CompanyFactory, InvestorFactory, UserFactory
from tests.rounds.views.test_proposal_enrichment import BUS_STORY

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def taxonomy():
    """The sectors of migration 0012 (a transactional test starts from empty tables)."""
    Sector.objects.bulk_create(
        [Sector(slug=slug, name=name) for slug, name in SECTORS],
        ignore_conflicts=True,
    )


def test_editor_corrects_the_proposed_sectors_and_investor_type_and_approves(
    open_page, groups, taxonomy
):
    page = open_page(UserFactory(group="Editors"))
    [proposal] = _propose(BUS_STORY)

    page.goto(f"/review/{proposal.pk}/")

    sectors = page.get_by_role("group", name="Sectors")
    expect(sectors).to_contain_text(
        "The article calls it “maker of electric buses”: Transport and mobility"
    )
    expect(sectors.get_by_label("Transport and mobility")).to_be_checked()
    expect(sectors.get_by_label("Energy")).not_to_be_checked()
    sectors.locator("legend button.ev").click()
    expect(page.locator("#article-text mark.f-company_sectors")).to_have_text(
        "electric buses"
    )
    lead_type = page.get_by_label("Type of investor 1")
    expect(lead_type).to_have_value("bank")
    expect(page.locator(".investor-row").nth(1)).to_contain_text(
        "The article: “venture capital firm”"
    )

    sectors.get_by_label("Energy").check()
    page.get_by_label("Type of investor 2").select_option("corporate")
    page.locator("#approve").click()

    expect(page.locator("div.flash")).to_contain_text("Approved Norvik")
    company = Company.objects.get(name="Norvik")
    assert set(company.sectors.values_list("slug", flat=True)) == {"mobility", "energy"}
    assert dict(Investor.objects.values_list("name", "kind")) == {
        "Kestrel Bank": "bank",
        "Aldercrest": "corporate",
    }


def test_editor_clears_a_stored_companys_sectors_and_an_investors_type(
    open_page, groups, taxonomy
):
    stored = CompanyFactory(name="Norvik")
    stored.sectors.set(Sector.objects.filter(slug="energy"))
    InvestorFactory(name="Aldercrest", kind="angel")
    page = open_page(UserFactory(group="Editors"))
    [proposal] = _propose(BUS_STORY)

    page.goto(f"/review/{proposal.pk}/")
    sectors = page.get_by_role("group", name="Sectors")
    sectors.get_by_label("Energy").uncheck()
    page.get_by_label("Type of investor 2").select_option("")
    page.locator("#approve").click()

    expect(page.locator("div.flash")).to_contain_text("Approved Norvik")
    assert list(stored.sectors.all()) == []
    assert Investor.objects.get(name="Aldercrest").kind == ""
