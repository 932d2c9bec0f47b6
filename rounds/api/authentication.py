"""Calls signed with a token a user made on the settings page: `Authorization: Bearer dfk_...`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from rounds.models import ApiToken

# A token's "last used" is written at most this often, not on every call:
LAST_USED_PRECISION = dt.timedelta(minutes=1)


class ApiTokenAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        # Read as the text it is: DRF's get_authorization_header fails on characters past Latin-1.
        words = request.META.get("HTTP_AUTHORIZATION", "").split()
        if not words or words[0].lower() != "bearer":
            return None
        if len(words) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as one word: Authorization: Bearer dfk_…"
            )
        key = words[1]
        if not key.isascii():
            raise exceptions.AuthenticationFailed("This token is not valid.")
        token = (
            ApiToken.objects.active()
            .filter(key_hash=ApiToken.hash_key(key), user__is_active=True)
            .select_related("user")
            .first()
        )
        if token is None:
            raise exceptions.AuthenticationFailed(
                "This token is not valid, or it was revoked."
            )
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Present, so that a call without credentials is answered 401, not 403:
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """The token in the OpenAPI schema (drf-spectacular finds this subclass by itself)."""

    target_class = ApiTokenAuthentication
    name = "token"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from the API tokens page of your account.",
        }
