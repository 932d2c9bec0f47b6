from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rounds.models import ApiToken

pytestmark = pytest.mark.django_db


def _call(authorization: str):
    return Client(headers={"Authorization": authorization}).get(
        reverse("api:round-list")
    )


def test_a_token_reads_the_api(token_key):
    assert _call(f"Bearer {token_key}").status_code == 200


@pytest.mark.parametrize(
    ("authorization", "detail"),
    [
        ("Bearer dfk_not-a-token", "This token is not valid, or it was revoked."),
        ("Bearer", "Send the token as one word: Authorization: Bearer dfk_…"),
        ("Bearer two words", "Send the token as one word: Authorization: Bearer dfk_…"),
        ("Bearer dfk_Ωmega", "This token is not valid."),
    ],
)
def test_a_wrong_token_is_refused_saying_why(token_key, authorization, detail):
    response = _call(authorization)

    assert response.status_code == 401
    assert response.json() == {"detail": detail}


def test_a_revoked_token_is_refused(analyst, token_key):
    token = ApiToken.objects.get(user=analyst)
    ApiToken.objects.revoke(analyst, token.pk)

    assert _call(f"Bearer {token_key}").status_code == 401


def test_the_token_of_a_deactivated_user_is_refused(analyst, token_key):
    analyst.is_active = False
    analyst.save()

    assert _call(f"Bearer {token_key}").status_code == 401


def test_only_the_hash_of_a_key_is_stored(analyst, token_key):
    token = ApiToken.objects.get(user=analyst)

    assert token_key.startswith("dfk_") and len(token_key) > 40
    assert token.key_hash == ApiToken.hash_key(token_key) != token_key
    assert token.key_start == token_key[:8]
    assert token_key not in str(ApiToken.objects.values().get())


def test_last_use_is_recorded_once_a_minute(analyst, token_key):
    _call(f"Bearer {token_key}")
    first = ApiToken.objects.get(user=analyst).last_used_at
    _call(f"Bearer {token_key}")
    again = ApiToken.objects.get(user=analyst).last_used_at
    ApiToken.objects.update(last_used_at=first - dt.timedelta(minutes=2))
    _call(f"Bearer {token_key}")
    later = ApiToken.objects.get(user=analyst).last_used_at

    assert first is not None and first <= timezone.now()
    assert again == first
    assert later > first


def test_a_token_does_not_open_the_html_pages(token_key):
    response = Client(headers={"Authorization": f"Bearer {token_key}"}).get(
        reverse("rounds:deal-list")
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
