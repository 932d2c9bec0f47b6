"""The company's country in review: the article's hint prefilled, editable, stored on approval."""

from __future__ import annotations

import pytest
from django.urls import reverse

from rounds.models import Company
from rounds.review import decisions
from tests.factories import CompanyFactory
from tests.rounds.review.test_decisions import STORY
from tests.rounds.views.test_proposal_approve import form_data, proposals_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def lumora():
    [proposal] = proposals_for(STORY)
    return proposal


def approve(client, proposal, **changes):
    return client.post(
        reverse("rounds:proposal-approve", args=[proposal.pk]),
        form_data(proposal, **changes),
    )


def test_the_articles_hint_is_prefilled_and_stored_with_a_new_company(
    client, editor, lumora
):
    client.force_login(editor)

    page = client.get(reverse("rounds:proposal-detail", args=[lumora.pk])).content
    approve(client, lumora, company_country="DE")

    assert b'name="company_country" value="DE"' in page
    assert b"The article says DE" in page
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

    page = client.get(reverse("rounds:proposal-detail", args=[proposal.pk])).content
    approve(client, proposal, company_country="de")
    stored.refresh_from_db()
    assert (b'name="company_country" value="AT"' in page, stored.country) == (
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
