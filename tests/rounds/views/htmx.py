"""Following an htmx answer the way htmx does."""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.test import Client


def follow_location(client: Client, response: HttpResponse) -> HttpResponse:
    """The page an `HX-Location` answer sends htmx to, fetched as htmx fetches it."""
    location = json.loads(response["HX-Location"])
    return client.get(location["path"], HTTP_HX_REQUEST="true")
