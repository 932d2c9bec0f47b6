"""The answers to requests that went wrong. Django's own handlers render templates/400.html,
403.html, 404.html and 500.html; a body too large to read is answered 413, not 400."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views import defaults


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):
        return render(
            request,
            "413.html",
            {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
            status=413,
        )
    return defaults.bad_request(request, exception)
