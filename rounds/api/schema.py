from __future__ import annotations

from typing import Any

from drf_spectacular.openapi import AutoSchema

_ERROR = {
    "type": "object",
    "description": '{"detail": "why"}, or for bad parameters {"parameter": ["why", ...]}',
    "additionalProperties": True,
}
_REFUSALS = {
    "400": "A parameter is not valid: the answer names it and says why.",
    "401": "No token, or one that is not valid or was revoked.",
    "403": "The token's user may not read this.",
    "404": "No such row, or a page link that is not valid.",
    "429": "Too many calls with this token: come back after Retry-After seconds.",
}


class ApiSchema(AutoSchema):
    """Each operation documents its refusals too, so that clients (and schemathesis) expect them."""

    def _get_response_bodies(self, direction: str = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for status, description in _REFUSALS.items():
            responses.setdefault(
                status,
                {
                    "description": description,
                    "content": {"application/json": {"schema": _ERROR}},
                },
            )
        return responses
