from __future__ import annotations

import time

import pytest
from django.core.cache import caches
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


def test_calls_are_counted_in_redis_where_every_process_sees_them(
    settings, broker_url, analyst, token_key
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": broker_url,
        }
    }
    settings.API_THROTTLE_RATE = "3/min"
    client = Client(headers={"Authorization": f"Bearer {token_key}"})
    key = f"throttle_api_token-{ApiToken.objects.get(user=analyst).pk}"
    # Another web process, with its own connection to the same Redis:
    elsewhere = caches.create_connection("default")
    elsewhere.delete(key)

    first = [client.get(reverse("api:round-list")).status_code for _ in range(2)]
    seen_elsewhere = len(elsewhere.get(key, []))
    elsewhere.set(key, [time.time(), *elsewhere.get(key)], 60)  # a call it served
    last = client.get(reverse("api:round-list")).status_code
    elsewhere.delete(key)

    assert first == [200, 200]
    assert seen_elsewhere == 2
    assert last == 429
