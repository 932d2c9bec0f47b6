"""Every deal the filter selects, for programs: a streamed CSV file (the JSON is the API's)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required, permission_required
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from rounds.analytics import csv_file, filters, keyset


def _filter_errors(filterset: filters.DealFilter) -> JsonResponse:
    return JsonResponse({"errors": filterset.form.errors.get_json_data()}, status=400)


@require_GET
@permission_required("rounds.view_fundinground", raise_exception=True)
def deal_export_csv(request: HttpRequest) -> HttpResponse:
    filterset = filters.deal_filter(request.GET)
    if filterset.is_bound and not filterset.is_valid():
        return _filter_errors(filterset)
    sort = keyset.SORTS[filterset.sort_key]
    origin = request.build_absolute_uri("/")[:-1]
    filename = f"deals-{timezone.localdate():%Y-%m-%d}.csv"
    return StreamingHttpResponse(
        csv_file.pieces(filterset.qs, sort, origin),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@require_GET
@login_not_required
def deal_api(request: HttpRequest) -> HttpResponse:
    """The deals' JSON moved to the API: its old address sends every query there, cursors too."""
    query = request.GET.urlencode()
    return HttpResponsePermanentRedirect(
        reverse("api:round-list") + (f"?{query}" if query else "")
    )
