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

from rounds.analytics import filters, keyset, rows
from rounds.models import FundingRound

CSV_CHUNK = 2000


CSV_COLUMNS = [
    "date", "date_precision", "company", "country", "round_type", "round_label", "status",
    "amount", "currency", "amount_qualifier", "amount_usd", "valuation", "valuation_currency",
    "valuation_qualifier", "valuation_basis", "valuation_usd", "lead_investors",
    "other_investors", "sources", "company_url", "round_url", "source_urls",
]  # fmt: skip


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """A cell a spreadsheet will not run as a formula (OWASP CSV injection).

    >>> safe_cell("=HYPERLINK(1)"), safe_cell("Acme"), safe_cell(None)
    ("'=HYPERLINK(1)", 'Acme', '')
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv_row(round: FundingRound, request: HttpRequest) -> list[str]:
    return [
        safe_cell(cell)
        for cell in (
            round.announced_on.isoformat() if round.announced_on else "",
            round.date_precision,
            round.company.name,
            round.company.country,
            round.round_type,
            round.round_label,
            round.status,
            round.amount,
            round.currency,
            round.amount_qualifier,
            round.amount_usd,
            round.valuation,
            round.valuation_currency,
            round.valuation_qualifier,
            round.valuation_basis,
            round.valuation_usd,
            "; ".join(i.name for i in round.lead_investors),
            "; ".join(i.name for i in round.other_investors),
            round.source_count,
            request.build_absolute_uri(
                reverse("rounds:company-detail", args=[round.company.slug])
            ),
            request.build_absolute_uri(reverse("rounds:round-detail", args=[round.pk])),
            " ".join(round.source_urls),
        )
    ]


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
    selected = keyset.ordered(rows.with_table_rows(filterset.qs), sort)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(CSV_COLUMNS)
        # A server-side cursor read 2,000 rounds at a time: memory stays flat at any size.
        rounds = selected.iterator(chunk_size=CSV_CHUNK)
        while chunk := list(itertools.islice(rounds, CSV_CHUNK)):
            rows.attach_investors(chunk)
            rows.attach_source_urls(chunk)
            for round in chunk:
                yield writer.writerow(_csv_row(round, request))

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
