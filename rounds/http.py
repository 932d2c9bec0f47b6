"""What the htmx views share: the request type, and the page-or-fragment choice of a template."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware (for type checkers)."""

    htmx: HtmxDetails


def partial(request: HtmxHttpRequest, template: str, name: str) -> str:
    """`template#name` for an htmx request, the whole `template` otherwise.

    A history restore (the back button after a cache miss) is an htmx request that needs the
    whole page.
    """
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template}#{name}"
    return template
