"""The Content-Security-Policy and the other headers on every kind of page; production cookies."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from tests.test_deployment import PRODUCTION_ENV, run_manage

pytestmark = pytest.mark.django_db

SECURITY_HEADERS = {
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def _policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize(
    ("url_name", "who"),
    [
        ("login", None),
        ("rounds:deal-list", "analyst"),
        ("rounds:ingestion", "editor"),
        ("rounds:proposal-list", "editor"),
        ("admin:index", "staff"),
        ("admin:rounds_fundinground_add", "staff"),
    ],
)
def test_every_kind_of_page_has_the_policy_and_headers(client, request, url_name, who):
    if who:
        client.force_login(request.getfixturevalue(who))

    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert _policy(response) == {
        "default-src": ["'none'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
    assert {name: response.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS


def test_json_and_csv_exports_have_the_headers_too(client, analyst):
    client.force_login(analyst)

    for name in ("api:round-list", "api:schema", "rounds:deal-export-csv"):
        response = client.get(reverse(name))
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "script-src 'self'" in response["Content-Security-Policy"]


def test_production_settings_make_cookies_secure():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps(["
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        "s.CSRF_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0]))"
    )

    result = run_manage("shell", "-c", code, env=PRODUCTION_ENV)

    assert json.loads(result.stdout.strip().splitlines()[-1]) == [True] * 6
