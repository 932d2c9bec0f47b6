from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import InvestmentFactory, InvestorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_investor_autocomplete_suggests_matching_names_biggest_leads_first(
    client, analyst
):
    InvestorFactory(name="Alibaba Small", slug="alibaba-small")
    big = InvestorFactory(name="Alibaba Group", slug="alibaba")
    InvestmentFactory(investor=big, is_lead=True)
    InvestorFactory(name="Tencent")
    client.force_login(analyst)

    html = client.get(
        reverse("rounds:investor-autocomplete"),
        {"lead": "aliba"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TRIGGER_NAME="lead",
    ).content.decode()

    assert html.index('value="alibaba"') < html.index('value="alibaba-small"')
    assert "led 1" in html
    assert "Tencent" not in html


def test_investor_autocomplete_without_a_term_suggests_nothing(client, analyst):
    InvestorFactory()
    client.force_login(analyst)

    assert (
        client.get(reverse("rounds:investor-autocomplete")).content.decode().strip()
        == ""
    )


def test_investor_autocomplete_needs_permission(client):
    client.force_login(UserFactory())

    assert (
        client.get(reverse("rounds:investor-autocomplete"), {"q": "a"}).status_code
        == 403
    )


def test_investor_autocomplete_editors_can_read(client, editor):
    client.force_login(editor)

    assert (
        client.get(reverse("rounds:investor-autocomplete"), {"q": "a"}).status_code
        == 200
    )
