"""Enrichment in review: the company's country and sectors and each investor's type, the
article's hints prefilled, editable, stored on approval, and put back by an undo."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from rounds.models import Company, Investor, Sector
from rounds.review import decisions
from tests.factories import CompanyFactory, InvestorFactory
from tests.rounds.review.test_decisions import STORY
from tests.rounds.views.test_proposal_approve import form_data, proposals_for

pytestmark = pytest.mark.django_db

BUS_STORY = (
    "Norvik, a Tallinn-based maker of electric buses, has raised $14 million in a Series A "
    "led by Kestrel Bank, with participation from venture capital firm Aldercrest."
)


@pytest.fixture
def lumora():
    [proposal] = proposals_for(STORY)
    return proposal


def approve(client, proposal, **changes):
    return client.post(
        reverse("rounds:proposal-approve", args=[proposal.pk]),
        form_data(proposal, **changes),
    )


def page(client, proposal) -> str:
    return client.get(
        reverse("rounds:proposal-detail", args=[proposal.pk])
    ).content.decode()


def ticked(shown: str) -> set[str]:
    """The sectors the page ticks."""
    return set(
        re.findall(
            r'name="company_sectors" value="([\w-]+)" id="[\w-]+" checked', shown
        )
    )


def sectors_of(company: Company) -> set[str]:
    return set(company.sectors.values_list("slug", flat=True))


def kinds() -> dict[str, str]:
    return dict(Investor.objects.values_list("name", "kind"))


# The company's country


def test_the_articles_hint_is_prefilled_and_stored_with_a_new_company(
    client, editor, lumora
):
    client.force_login(editor)

    shown = page(client, lumora)
    approve(client, lumora, company_country="DE")

    assert 'name="company_country" value="DE"' in shown
    assert "The article says DE" in shown
    assert Company.objects.get().country == "DE"


def test_approving_as_extracted_stores_the_hint(editor, lumora):
    round = decisions.approve_proposal(lumora, editor=editor)

    assert round.company.country == "DE"


def test_the_editor_corrects_a_stored_companys_country_and_undo_puts_it_back(
    client, editor
):
    stored = CompanyFactory(name="Lumora Health", country="AT")
    [proposal] = proposals_for(STORY)
    client.force_login(editor)

    shown = page(client, proposal)
    approve(client, proposal, company_country="de")
    stored.refresh_from_db()
    assert ('name="company_country" value="AT"' in shown, stored.country) == (
        True,
        "DE",
    )

    proposal.refresh_from_db()
    decisions.undo_decision(proposal, editor=editor)

    stored.refresh_from_db()
    assert stored.country == "AT"


def test_a_country_that_is_not_two_letters_is_a_field_error(client, editor, lumora):
    client.force_login(editor)

    response = approve(client, lumora, company_country="Germany")

    assert "Two letters, as ISO 3166 writes them" in response.content.decode()
    assert Company.objects.count() == 0


def test_the_articles_hint_does_not_overwrite_a_stored_country(editor):
    stored = CompanyFactory(name="Lumora Health", country="AT")
    [proposal] = proposals_for(STORY)

    decisions.approve_proposal(proposal, editor=editor)

    stored.refresh_from_db()
    assert stored.country == "AT"


# The company's sectors


def test_the_sectors_the_description_names_are_ticked_with_the_words_they_come_from(
    client, editor
):
    [proposal] = proposals_for(BUS_STORY)
    client.force_login(editor)

    shown = page(client, proposal)

    assert ticked(shown) == {"mobility"}
    assert "The article calls it “maker of electric buses”: Transport and mobility" in (
        shown
    )


def test_the_editors_sectors_are_stored_on_a_new_company(client, editor):
    [proposal] = proposals_for(BUS_STORY)
    client.force_login(editor)

    approve(client, proposal, company_sectors=["mobility", "energy"])

    assert sectors_of(Company.objects.get()) == {"mobility", "energy"}


def test_approving_as_extracted_stores_the_sectors_and_the_investor_types(editor):
    [proposal] = proposals_for(BUS_STORY)

    round = decisions.approve_proposal(proposal, editor=editor)

    assert sectors_of(round.company) == {"mobility"}
    assert kinds() == {"Kestrel Bank": "bank", "Aldercrest": "venture"}


def test_a_stored_companys_sectors_are_shown_and_kept_over_the_hint(client, editor):
    stored = CompanyFactory(name="Norvik")
    stored.sectors.set([Sector.objects.get(slug="energy")])
    [proposal] = proposals_for(BUS_STORY)
    client.force_login(editor)

    shown = page(client, proposal)
    decisions.approve_proposal(proposal, editor=editor)

    assert ticked(shown) == {"energy"}
    assert sectors_of(stored) == {"energy"}


def test_the_editor_adds_a_sector_to_a_stored_company_and_undo_takes_it_away(
    client, editor
):
    stored = CompanyFactory(name="Norvik")
    stored.sectors.set([Sector.objects.get(slug="energy")])
    [proposal] = proposals_for(BUS_STORY)
    client.force_login(editor)

    approve(client, proposal, company_sectors=["energy", "mobility"])
    assert sectors_of(stored) == {"energy", "mobility"}

    proposal.refresh_from_db()
    decisions.undo_decision(proposal, editor=editor)

    assert sectors_of(stored) == {"energy"}


def test_the_editor_clears_a_stored_companys_sectors_and_undo_puts_them_back(
    client, editor
):
    stored = CompanyFactory(name="Norvik")
    stored.sectors.set([Sector.objects.get(slug="energy")])
    [proposal] = proposals_for(BUS_STORY)
    client.force_login(editor)

    approve(client, proposal, company_sectors=[])
    cleared, change = sectors_of(stored), stored.history.latest()
    proposal.refresh_from_db()
    decisions.undo_decision(proposal, editor=editor)

    assert cleared == set()
    assert (change.history_user, change.history_change_reason) == (
        editor,
        f"Approved proposal {proposal.pk} (decision 1)",
    )
    assert sectors_of(stored) == {"energy"}


def test_sectors_the_page_did_not_show_are_kept_when_none_are_ticked(client, editor):
    # The company is stored after the proposal, so its page showed no sectors of it:
    [proposal] = proposals_for(STORY)
    stored = CompanyFactory(name="Lumora Health")
    stored.sectors.set([Sector.objects.get(slug="health")])
    client.force_login(editor)

    approve(client, proposal, company_sectors=[], **{"initial-company_sectors": []})

    assert sectors_of(stored) == {"health"}


def test_undo_of_a_new_company_with_sectors_leaves_no_company(editor):
    [proposal] = proposals_for(BUS_STORY)
    decisions.approve_proposal(proposal, editor=editor)
    proposal.refresh_from_db()

    decisions.undo_decision(proposal, editor=editor)

    assert (Company.objects.count(), Investor.objects.count()) == (0, 0)


def test_a_sector_outside_the_taxonomy_is_a_field_error(client, editor):
    [proposal] = proposals_for(BUS_STORY)
    client.force_login(editor)

    response = approve(client, proposal, company_sectors=["time-travel"])

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Company.objects.count() == 0


# Each investor's type


def test_each_investors_type_is_proposed_with_its_words_and_labelled(client, editor):
    [proposal] = proposals_for(BUS_STORY)
    client.force_login(editor)

    shown = page(client, proposal)

    assert 'aria-label="Type of investor 1"' in shown
    assert "The article: “venture capital firm”" in shown
    assert "So its name says" in shown
    assert '<option value="bank" selected>Bank</option>' in shown


def test_the_editor_changes_an_investors_type_before_approving(client, editor):
    [proposal] = proposals_for(BUS_STORY)
    client.force_login(editor)

    approve(client, proposal, **{"investors-1-kind": "corporate"})

    assert kinds() == {"Kestrel Bank": "bank", "Aldercrest": "corporate"}


def test_a_stored_investors_type_stays_unless_the_editor_changes_it_and_undo_puts_it_back(
    client, editor
):
    stored = InvestorFactory(name="Aldercrest", kind="angel")
    [proposal] = proposals_for(BUS_STORY)
    client.force_login(editor)

    shown = page(client, proposal)
    decisions.approve_proposal(proposal, editor=editor)
    stored.refresh_from_db()
    assert ('<option value="angel" selected>Angel</option>' in shown, stored.kind) == (
        True,
        "angel",
    )
    proposal.refresh_from_db()
    decisions.undo_decision(proposal, editor=editor)
    proposal.refresh_from_db()

    approve(client, proposal, **{"investors-1-kind": "venture"})
    stored.refresh_from_db()
    assert stored.kind == "venture"
    proposal.refresh_from_db()
    decisions.undo_decision(proposal, editor=editor)

    stored.refresh_from_db()
    assert stored.kind == "angel"


def test_the_editor_clears_a_stored_investors_type_and_undo_puts_it_back(
    client, editor
):
    stored = InvestorFactory(name="Aldercrest", kind="angel")
    [proposal] = proposals_for(BUS_STORY)
    client.force_login(editor)

    approve(client, proposal, **{"investors-1-kind": ""})
    cleared, change = kinds()["Aldercrest"], stored.history.latest()
    proposal.refresh_from_db()
    decisions.undo_decision(proposal, editor=editor)

    assert cleared == ""
    assert (change.history_user, change.history_change_reason) == (
        editor,
        f"Approved proposal {proposal.pk} (decision 1)",
    )
    assert kinds()["Aldercrest"] == "angel"
