from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rounds.models import ApiToken

pytestmark = pytest.mark.django_db


def test_each_token_has_its_own_allowance(settings, analyst, editor):
    settings.API_THROTTLE_RATE = "3/min"
    keys = [ApiToken.objects.issue(user, "Script")[1] for user in (analyst, editor)]
    first, second = (Client(headers={"Authorization": f"Bearer {key}"}) for key in keys)

    statuses = [first.get(reverse("api:round-list")).status_code for _ in range(4)]
    other = second.get(reverse("api:round-list"))

    assert statuses == [200, 200, 200, 429]
    assert other.status_code == 200


def test_a_throttled_call_says_when_to_come_back(settings, api_client):
    settings.API_THROTTLE_RATE = "1/min"
    api_client.get(reverse("api:round-list"))

    response = api_client.get(reverse("api:round-list"))

    assert response.status_code == 429
    assert int(response["Retry-After"]) <= 60
    assert response.json()["detail"].startswith("Request was throttled.")


def test_two_tokens_of_one_user_are_counted_apart(settings, analyst):
    settings.API_THROTTLE_RATE = "1/min"
    clients = [
        Client(
            headers={"Authorization": f"Bearer {ApiToken.objects.issue(analyst, n)[1]}"}
        )
        for n in ("one", "two")
    ]

    statuses = [c.get(reverse("api:round-list")).status_code for c in clients]

    assert statuses == [200, 200]
