"""The parsed value of an amount as the editor types it."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "currency", "shown"),
    [
        ("$600M", "", "USD 600,000,000"),
        ("1.2bn", "EUR", "EUR 1,200,000,000"),
        ("€25 million", "", "EUR 25,000,000"),
        ("1.2bn", "", "Which currency?"),
        ("lots", "", "is not an amount"),
    ],
)
def test_money_preview_shows_what_the_parser_reads(
    client, editor, typed, currency, shown
):
    client.force_login(editor)

    response = client.get(
        reverse("rounds:proposal-money"),
        {"field": "amount", "amount": typed, "currency": currency},
        HTTP_HX_REQUEST="true",
    )

    assert shown in response.content.decode()
