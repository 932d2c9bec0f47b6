"""The analysts' pages: deals, the league table of lead investors, investors, companies, exports."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import permission_required
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.http import (
    HttpRequest,
    HttpResponse,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from rounds import analytics, charts, filters, keyset
from rounds.http import HtmxHttpRequest
from rounds.models import Company, FundingRound, Investment, Investor, RoundSource

PAGE_SIZE = 50
LEAD_PAGE_SIZE = 50
API_PAGE_SIZE = 100
CSV_CHUNK = 2000
# Counting a million rows costs more than the page itself: past this, the page says "10,000+".
COUNT_CAP = 10_000
AUTOCOMPLETE_SIZE = 12
INVESTOR_PAGE_ROUNDS = 25


def _partial(request: HtmxHttpRequest, template: str, partial: str) -> str:
    # A history restore (back button after a cache miss) needs the whole page:
    if request.htmx and not request.htmx.history_restore_request:
        return f"{template}#{partial}"
    return template


@contextmanager
def _page_queries() -> Iterator[None]:
    """Plan a page's queries for what they are: a few rows found through indexes.

    No parallel workers: a page stops after 50 rows, and starting workers cost more than they
    saved (a lead investor's page: 42 ms with two workers, 10 ms without, on two busy cores).
    Random reads priced as on SSDs or cached data (1.1 instead of 4): otherwise PostgreSQL
    hashes a million rounds to count one investor's deals by year (180 ms instead of 80 ms).
    """
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SET LOCAL max_parallel_workers_per_gather = 0; "
            "SET LOCAL random_page_cost = 1.1"
        )
        yield


def _deal_filter(request: HttpRequest) -> filters.DealFilter:
    return filters.DealFilter(request.GET or None, queryset=FundingRound.objects.all())


def _page_of_deals(
    filterset: filters.DealFilter, cursor: str | None, size: int
) -> tuple[keyset.Page, str]:
    """One page of the filtered deals, and a message when the page link was bad."""
    sort = keyset.SORTS[filterset.sort_key]
    decorate = filters.with_table_rows
    notice = ""
    try:
        page = keyset.paginate(filterset.qs, sort, cursor, size, decorate=decorate)
    except keyset.InvalidCursor as error:
        page = keyset.paginate(filterset.qs, sort, None, size, decorate=decorate)
        notice = f"{error} Showing the first page."
    filters.attach_investors(page.rows)
    return page, notice


# Deals


@require_GET
@permission_required("rounds.view_fundinground", raise_exception=True)
@vary_on_headers("HX-Request")
def deal_list(request: HtmxHttpRequest) -> HttpResponse:
    filterset = _deal_filter(request)
    context: dict[str, Any] = {"filterset": filterset, "tab": "deals"}
    if filterset.is_bound and not filterset.is_valid():
        context["invalid"] = True
    else:
        with _page_queries():
            page, notice = _page_of_deals(
                filterset, request.GET.get("cursor"), PAGE_SIZE
            )
            count = filterset.capped_count(COUNT_CAP)
        first = (page.number - 1) * PAGE_SIZE + 1
        context |= {
            "page": page,
            "notice": notice,
            "count": min(count, COUNT_CAP),
            "count_is_capped": count > COUNT_CAP,
            "first": first,
            "last": first + len(page.rows) - 1,
            "sort": filterset.sort_key,
        }
    template = _partial(request, "rounds/fundinground_list.html", "deal-table")
    return render(request, template, context)


# Exports: the same filter, every row, streamed.

CSV_COLUMNS = [
    "date", "date_precision", "company", "country", "round_type", "round_label", "status",
    "amount", "currency", "amount_qualifier", "amount_usd", "valuation", "valuation_currency",
    "valuation_qualifier", "valuation_basis", "valuation_usd", "lead_investors",
    "other_investors", "sources", "company_url",
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
    filterset = _deal_filter(request)
    if filterset.is_bound and not filterset.is_valid():
        return _filter_errors(filterset)
    sort = keyset.SORTS[filterset.sort_key]
    rows = keyset.ordered(filters.with_table_rows(filterset.qs), sort)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(CSV_COLUMNS)
        # A server-side cursor read 2,000 rounds at a time: memory stays flat at any size.
        rounds = rows.iterator(chunk_size=CSV_CHUNK)
        while chunk := list(itertools.islice(rounds, CSV_CHUNK)):
            filters.attach_investors(chunk)
            for round in chunk:
                yield writer.writerow(_csv_row(round, request))

    filename = f"deals-{timezone.localdate():%Y-%m-%d}.csv"
    return StreamingHttpResponse(
        lines(),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _money_json(
    value: Decimal | None, currency: str, qualifier: str, usd: Decimal | None
) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "value": str(value),
        "currency": currency,
        "qualifier": qualifier or "exact",
        "usd": None if usd is None else str(usd),
    }


def _investor_json(investor: Investor) -> dict[str, str]:
    return {"name": investor.name, "slug": investor.slug}


def _round_json(round: FundingRound) -> dict[str, Any]:
    return {
        "id": round.pk,
        "company": {
            "name": round.company.name,
            "slug": round.company.slug,
            "country": round.company.country,
        },
        "date": round.announced_on.isoformat() if round.announced_on else None,
        "date_precision": round.date_precision,
        "round_type": round.round_type,
        "round_label": round.round_label,
        "status": round.status,
        "amount": _money_json(
            round.amount, round.currency, round.amount_qualifier, round.amount_usd
        ),
        "valuation": _money_json(
            round.valuation,
            round.valuation_currency,
            round.valuation_qualifier,
            round.valuation_usd,
        )
        | ({"basis": round.valuation_basis} if round.valuation is not None else {})
        if round.valuation is not None
        else None,
        "lead_investors": [_investor_json(i) for i in round.lead_investors],
        "other_investors": [_investor_json(i) for i in round.other_investors],
        "sources": round.source_count,
    }


@require_GET
@permission_required("rounds.view_fundinground", raise_exception=True)
def deal_api(request: HttpRequest) -> HttpResponse:
    filterset = _deal_filter(request)
    if filterset.is_bound and not filterset.is_valid():
        return _filter_errors(filterset)
    sort = keyset.SORTS[filterset.sort_key]
    try:
        with _page_queries():
            page = keyset.paginate(
                filterset.qs,
                sort,
                request.GET.get("cursor"),
                API_PAGE_SIZE,
                decorate=filters.with_table_rows,
            )
            filters.attach_investors(page.rows)
    except keyset.InvalidCursor as error:
        return JsonResponse({"errors": {"cursor": [str(error)]}}, status=400)

    def link(cursor: str | None) -> str | None:
        if cursor is None:
            return None
        query = request.GET.copy()
        query["cursor"] = cursor
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    return JsonResponse(
        {
            "sort": sort.key,
            "next": link(page.next_cursor),
            "previous": link(page.previous_cursor),
            "results": [_round_json(round) for round in page.rows],
        }
    )


# League table of lead investors


@require_GET
@permission_required("rounds.view_investor", raise_exception=True)
@vary_on_headers("HX-Request")
def lead_table(request: HtmxHttpRequest) -> HttpResponse:
    filterset = _deal_filter(request)
    order = request.GET.get("order", analytics.DEFAULT_LEAD_SORT)
    if order not in analytics.LEAD_SORTS:
        order = analytics.DEFAULT_LEAD_SORT
    context: dict[str, Any] = {"filterset": filterset, "tab": "leads", "order": order}
    if filterset.is_bound and not filterset.is_valid():
        context["invalid"] = True
    else:
        try:
            number = max(1, int(request.GET.get("page", "1")))
        except ValueError:
            number = 1
        context["table"] = analytics.lead_table(
            filterset.qs if filterset.active else None,
            sort=order,
            number=number,
            size=LEAD_PAGE_SIZE,
        )
    template = _partial(request, "rounds/lead_table.html", "lead-table")
    return render(request, template, context)


# Investors and companies


@require_GET
@permission_required("rounds.view_investor", raise_exception=True)
def investor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    investor = get_object_or_404(Investor, slug=slug)
    led = Investment.objects.filter(investor=investor, is_lead=True)
    joined = Investment.objects.filter(investor=investor, is_lead=False)
    # The latest 25 of each role, found like a page of deals (a narrow index walk, then 25 rows):
    newest = keyset.SORTS[keyset.DEFAULT_SORT]
    with _page_queries():
        activity = analytics.activity_by_year(investor)
        partners = analytics.co_investors(investor)
        led_rounds, joined_rounds = (
            keyset.paginate(
                FundingRound.objects.filter(Exists(role.filter(round=OuterRef("pk")))),
                newest,
                None,
                INVESTOR_PAGE_ROUNDS,
                decorate=filters.with_table_rows,
            ).rows
            for role in (led, joined)
        )
        filters.attach_investors(led_rounds + joined_rounds)
    chart = charts.bar_chart(
        f"Rounds {investor.name} led and joined, by year",
        [str(year) for year, _, _ in activity],
        [
            charts.Series("Led", [led_n for _, led_n, _ in activity], "series-1"),
            charts.Series("Joined", [n for _, _, n in activity], "series-2"),
        ],
        y_label="Rounds",
    )
    context = {
        "investor": investor,
        "led_count": led.count(),
        "joined_count": joined.count(),
        "led": led_rounds,
        "joined": joined_rounds,
        "co_investors": partners,
        "activity": activity,
        "chart": chart,
    }
    return render(request, "rounds/investor_detail.html", context)


@require_GET
@permission_required("rounds.view_company", raise_exception=True)
def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    company = get_object_or_404(Company, slug=slug)
    with _page_queries():
        rounds = list(
            filters.with_table_rows(company.rounds.all())
            .prefetch_related(
                Prefetch(
                    "round_sources",
                    queryset=RoundSource.objects.select_related("article").order_by(
                        "article__published_on", "pk"
                    ),
                )
            )
            .order_by("announced_on", "id")
        )
        filters.attach_investors(rounds)
    chart = charts.time_chart(
        f"{company.name}: amount raised and valuation by round, in US dollars",
        [
            charts.TimeSeries(
                "Valuation",
                [
                    (r.announced_on, r.valuation_usd)
                    for r in rounds
                    if r.announced_on and r.valuation_usd is not None
                ],
                "series-1",
            ),
            charts.TimeSeries(
                "Amount",
                [
                    (r.announced_on, r.amount_usd)
                    for r in rounds
                    if r.announced_on and r.amount_usd is not None
                ],
                "series-2",
            ),
        ],
        y_label="US dollars",
    )
    context = {
        "company": company,
        "rounds": rounds,
        "timeline": rounds[::-1],
        "investors": _company_investors(rounds),
        "sources": [
            (round, source, _snippets(source))
            for round in rounds
            for source in round.round_sources.all()
        ],
        "chart": chart,
        "has_figures": any(r.amount_usd or r.valuation_usd for r in rounds),
    }
    return render(request, "rounds/company_detail.html", context)


def _company_investors(rounds: list[FundingRound]) -> list[dict[str, Any]]:
    """Each investor of the company once, with the rounds it joined and whether it led any."""
    seen: dict[int, dict[str, Any]] = {}
    for round in rounds:
        for investor, is_lead in [(i, True) for i in round.lead_investors] + [
            (i, False) for i in round.other_investors
        ]:
            entry = seen.setdefault(
                investor.pk, {"investor": investor, "rounds": [], "led": 0}
            )
            entry["rounds"].append(round)
            entry["led"] += is_lead
    return sorted(
        seen.values(), key=lambda e: (-e["led"], -len(e["rounds"]), e["investor"].name)
    )


def _snippets(source: RoundSource) -> list[dict[str, str]]:
    """The evidence spans of a source as (before, marked, after) around the span, for <mark>."""
    text = source.article.text
    pieces = []
    for span in source.evidence or []:
        try:
            start, end = int(span["start"]), int(span["end"])
        except (KeyError, TypeError, ValueError):
            continue
        if not 0 <= start < end <= len(text):
            continue
        pieces.append(
            {
                "field": str(span.get("field", "")).replace("_", " "),
                "before": text[max(0, start - 80) : start],
                "marked": text[start:end],
                "after": text[end : end + 80],
            }
        )
    return pieces


# Autocomplete for the filter form: <option>s for a <datalist>.


def _term(request: HtmxHttpRequest) -> str:
    name = (request.htmx.trigger_name if request.htmx else None) or "q"
    return (request.GET.get(name) or "").strip()


@require_GET
@permission_required("rounds.view_investor", raise_exception=True)
def investor_autocomplete(request: HtmxHttpRequest) -> HttpResponse:
    options = filters.investor_suggestions(_term(request), AUTOCOMPLETE_SIZE)
    return render(request, "rounds/_options.html", {"options": options})


@require_GET
@permission_required("rounds.view_company", raise_exception=True)
def company_autocomplete(request: HtmxHttpRequest) -> HttpResponse:
    options = filters.company_suggestions(_term(request), AUTOCOMPLETE_SIZE)
    return render(request, "rounds/_options.html", {"options": options})
