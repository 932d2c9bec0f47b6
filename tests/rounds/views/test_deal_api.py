from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_deal_api_sends_the_same_query_to_the_api(client, analyst):
    client.force_login(analyst)

    response = client.get(reverse("rounds:deal-api") + "?lead=青山&sort=-amount")

    assert response.status_code == 301
    assert (
        response.url
        == reverse("api:round-list") + "?lead=%E9%9D%92%E5%B1%B1&sort=-amount"
    )


def test_deal_api_without_a_query_sends_to_the_api(client):
    response = client.get(reverse("rounds:deal-api"))

    assert response.url == reverse("api:round-list")


def test_deal_api_links_keep_working_through_the_redirect(client, analyst):
    client.force_login(analyst)

    response = client.get(reverse("rounds:deal-api"), {"sort": "-amount"}, follow=True)

    assert response.status_code == 200
    assert response.json()["results"] == []
