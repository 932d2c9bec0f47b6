from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rounds.api.forms import MAX_ACTIVE_TOKENS
from rounds.models import ApiToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_token_list_shows_a_new_key_once(client, analyst):
    client.force_login(analyst)

    created = client.post(reverse("rounds:token-list"), {"name": "Отчёт 週報"})
    again = client.get(reverse("rounds:token-list"))

    key = created.context["key"]
    assert key.startswith("dfk_")
    assert key in created.content.decode()
    assert "no-store" in created["Cache-Control"]
    assert key not in again.content.decode()
    assert "Отчёт 週報" in again.content.decode()
    assert ApiToken.objects.get().key_hash == ApiToken.hash_key(key)


def test_the_new_key_reads_the_api(client, analyst):
    client.force_login(analyst)
    key = client.post(reverse("rounds:token-list"), {"name": "Script"}).context["key"]

    response = Client(headers={"Authorization": f"Bearer {key}"}).get(
        reverse("api:round-list")
    )

    assert response.status_code == 200


def test_token_list_refuses_a_token_without_a_name(client, analyst):
    client.force_login(analyst)

    response = client.post(reverse("rounds:token-list"), {"name": "  "})

    assert response.context["form"].errors == {"name": ["This field is required."]}
    assert ApiToken.objects.count() == 0


def test_token_list_refuses_more_than_ten_tokens_in_use(client, analyst):
    for n in range(MAX_ACTIVE_TOKENS):
        ApiToken.objects.issue(analyst, f"Script {n}")
    client.force_login(analyst)

    response = client.post(reverse("rounds:token-list"), {"name": "One more"})

    assert response.context["form"].non_field_errors() == [
        "You have 10 tokens in use, the most one person may have: revoke one you no "
        "longer need first."
    ]
    assert ApiToken.objects.count() == MAX_ACTIVE_TOKENS


def test_token_list_shows_only_ones_own_tokens(client, analyst, editor):
    ApiToken.objects.issue(editor, "Editor's script")
    ApiToken.objects.issue(analyst, "Analyst's script")
    client.force_login(analyst)

    response = client.get(reverse("rounds:token-list"))

    assert [t.name for t in response.context["tokens"]] == ["Analyst's script"]


def test_token_revoke_stops_the_token(client, analyst):
    token, key = ApiToken.objects.issue(analyst, "Script")
    client.force_login(analyst)

    response = client.post(reverse("rounds:token-revoke", args=[token.pk]))

    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert (
        Client(headers={"Authorization": f"Bearer {key}"})
        .get(reverse("api:round-list"))
        .status_code
        == 401
    )


def test_token_revoke_refuses_someone_elses_token(client, analyst, editor):
    token, _ = ApiToken.objects.issue(editor, "Editor's script")
    client.force_login(analyst)

    response = client.post(reverse("rounds:token-revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_token_pages_need_the_view_permission(client):
    client.force_login(UserFactory())

    assert client.get(reverse("rounds:token-list")).status_code == 403


@pytest.mark.parametrize("item_count", [1, 3])
def test_token_list_query_count(client, analyst, django_assert_num_queries, item_count):
    for n in range(item_count):
        ApiToken.objects.issue(analyst, f"Script {n}")
    client.force_login(analyst)

    # session, user, permissions, the tokens:
    with django_assert_num_queries(4):
        client.get(reverse("rounds:token-list"))
