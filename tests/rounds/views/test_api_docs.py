from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_api_docs_list_every_endpoint_and_its_parameters(client, analyst):
    client.force_login(analyst)

    response = client.get(reverse("api:docs"))

    page = response.content.decode()
    assert response.status_code == 200
    for endpoint in (
        "GET /api/rounds/",
        "GET /api/rounds/{id}/",
        "GET /api/companies/",
        "GET /api/investors/{slug}/",
    ):
        assert endpoint in page
    assert "<code>page_size</code>" in page
    assert "<code>valuation_min</code>" in page


def test_api_docs_need_a_login(client):
    response = client.get(reverse("api:docs"))

    assert response.status_code == 302
