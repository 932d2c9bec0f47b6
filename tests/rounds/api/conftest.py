from __future__ import annotations

import pytest
from django.test import Client

from rounds.models import ApiToken


@pytest.fixture
def token_key(analyst) -> str:
    _, key = ApiToken.objects.issue(analyst, "Tests")
    return key


@pytest.fixture
def api_client(token_key) -> Client:
    """A program calling the API with an analyst's token (no session)."""
    return Client(headers={"Authorization": f"Bearer {token_key}"})
