"""The API's documentation page, drawn from its own OpenAPI schema (no script, no CDN)."""

from __future__ import annotations

from functools import cache
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET
from drf_spectacular.generators import SchemaGenerator

from rounds.api import pagination


@cache
def _endpoints() -> list[dict[str, Any]]:
    """Each operation of the schema with its parameters: the schema is built once a process."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return [
        {
            "method": method.upper(),
            "path": path,
            "description": operation.get("description", ""),
            "parameters": sorted(
                operation.get("parameters", []), key=lambda p: p["name"]
            ),
        }
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    ]


@require_GET
@permission_required("rounds.view_fundinground", raise_exception=True)
def api_docs(request: HttpRequest) -> HttpResponse:
    context = {
        "endpoints": _endpoints(),
        "max_page_size": pagination.MAX_PAGE_SIZE,
        "default_page_size": pagination.DEFAULT_PAGE_SIZE,
        "rate": settings.API_THROTTLE_RATE,
        "tab": "tokens",
    }
    return render(request, "rounds/api_docs.html", context)
