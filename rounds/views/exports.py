"""Every deal the filter selects, for programs: a streamed CSV file (the JSON is the API's)."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator

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

from rounds.analytics import columns, filters, keyset

CSV_CHUNK = 2000


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection).

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("Acme"), safe_cell(None)
    ("'=HYPERLINK(1)", 'Acme', '')
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


class _Echo:
    def write(self, value: str) -> str:
        return value


def _filter_errors(filterset: filters.DealFilter) -> JsonResponse:
    return JsonResponse({"errors": filterset.form.errors.get_json_data()}, status=400)


@require_GET
@permission_required("rounds.view_fundinground", raise_exception=True)
def deal_export_csv(request: HttpRequest) -> HttpResponse:
    filterset = filters.deal_filter(request.GET)
    if filterset.is_bound and not filterset.is_valid():
        return _filter_errors(filterset)
    sort = keyset.SORTS[filterset.sort_key]
    selected = keyset.ordered(columns.select(filterset.qs), sort)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(columns.CSV_HEADERS)
        origin = request.build_absolute_uri("/")[:-1]
        # A server-side cursor read 2,000 rounds at a time: memory stays flat at any size.
        rounds = selected.iterator(chunk_size=CSV_CHUNK)
        while chunk := list(itertools.islice(rounds, CSV_CHUNK)):
            columns.load(chunk, exports=True)
            # One piece per chunk, not per row: each piece is a write to the socket.
            yield "".join(
                writer.writerow(
                    [safe_cell(cell) for cell in columns.csv_row(round, origin)]
                )
                for round in chunk
            )

    filename = f"deals-{timezone.localdate():%Y-%m-%d}.csv"
    return StreamingHttpResponse(
        lines(),
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
