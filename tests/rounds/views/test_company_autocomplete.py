from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_company_autocomplete_suggests_names_that_start_with_the_term(client, analyst):
    CompanyFactory(name="Moonshot AI", slug="moonshot", country="CN")
    CompanyFactory(name="Blue Moon")
    client.force_login(analyst)

    html = client.get(
        reverse("rounds:company-autocomplete"),
        {"company": "moon"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TRIGGER_NAME="company",
    ).content.decode()

    assert html.strip() == '<option value="Moonshot AI">Moonshot AI · CN</option>'


def test_company_autocomplete_needs_permission(client):
    client.force_login(UserFactory())

    assert (
        client.get(reverse("rounds:company-autocomplete"), {"q": "a"}).status_code
        == 403
    )


def test_company_autocomplete_editors_can_read(client, editor):
    client.force_login(editor)

    assert (
        client.get(reverse("rounds:company-autocomplete"), {"q": "a"}).status_code
        == 200
    )


def test_company_autocomplete_finds_a_company_by_a_former_name(client, analyst):
    company = CompanyFactory(name="Moonlight AI", slug="moonlight")
    company.add_alias("Lunar Labs")
    client.force_login(analyst)

    html = client.get(
        reverse("rounds:company-autocomplete"), {"q": "lunar"}
    ).content.decode()

    assert (
        '<option value="Moonlight AI">Moonlight AI (also Lunar Labs)</option>' in html
    )
