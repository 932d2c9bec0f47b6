"""The analysts' deals table and the league table of lead investors, both driven by one filter."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from rounds import db
from rounds.analytics import columns, filters, keyset, league
from rounds.http import HtmxHttpRequest, partial
from rounds.watchlists.forms import SaveSearchForm

PAGE_SIZE = 50
LEAD_PAGE_SIZE = 50
# Counting rounds exactly costs more than the page past this many (a count of the 9,795 German
# series A rounds read 196,499 index entries: 140 ms); past it, the page gives the planner's
# estimate, "about 9,800".
COUNT_CAP = 1_000
# The tables' density, remembered by the browser for a year (not a secret, read by no script):
DENSITY_COOKIE = "table_density"
DENSITY_SECONDS = 365 * 24 * 60 * 60


class DensityForm(forms.Form):
    compact = forms.BooleanField(required=False)
    next = forms.CharField(required=False)


def _compact(request: HttpRequest) -> bool:
    """Whether the viewer chose compact rows for the tables."""
    return request.COOKIES.get(DENSITY_COOKIE) == "compact"


def _page_of_deals(
    filterset: filters.DealFilter, cursor: str | None, size: int
) -> tuple[keyset.Page, str]:
    """One page of the filtered deals, and a message when the page link was bad."""
    sort = keyset.SORTS[filterset.sort_key]
    decorate = columns.select
    notice = ""
    try:
        page = keyset.paginate(filterset.qs, sort, cursor, size, decorate=decorate)
    except keyset.InvalidCursor as error:
        page = keyset.paginate(filterset.qs, sort, None, size, decorate=decorate)
        notice = f"{error} Showing the first page."
    columns.load(page.rows)
    return page, notice


def _about(count: int) -> int:
    """An estimate to two significant figures: 9,795 as 9,800."""
    return round(count, 2 - len(str(count)))


@require_GET
@permission_required("rounds.view_fundinground", raise_exception=True)
@vary_on_headers("HX-Request")
def deal_list(request: HtmxHttpRequest) -> HttpResponse:
    filterset = filters.deal_filter(request.GET)
    context: dict[str, Any] = {
        "filterset": filterset,
        "tab": "deals",
        "compact": _compact(request),
    }
    if filterset.is_bound and not filterset.is_valid():
        context["invalid"] = True
    else:
        page, notice = _page_of_deals(filterset, request.GET.get("cursor"), PAGE_SIZE)
        count = filterset.capped_count(COUNT_CAP)
        estimated = count > COUNT_CAP
        if estimated:
            count = _about(max(db.estimated_count(filterset.qs), COUNT_CAP + 1))
        first = (page.number - 1) * PAGE_SIZE + 1
        context |= {
            "page": page,
            "notice": notice,
            "count": count,
            "count_is_estimated": estimated,
            "first": first,
            "last": first + len(page.rows) - 1,
            "sort": filterset.sort_key,
            "save_form": SaveSearchForm(
                initial={"query": request.GET.urlencode()}, prefix="save"
            ),
        }
    template = partial(request, "rounds/fundinground_list.html", "deal-table")
    return render(request, template, context)


@require_GET
@permission_required("rounds.view_investor", raise_exception=True)
@vary_on_headers("HX-Request")
def lead_table(request: HtmxHttpRequest) -> HttpResponse:
    filterset = filters.deal_filter(request.GET)
    ranking = league.RankForm(request.GET)
    order = ranking.order_key
    context: dict[str, Any] = {
        "filterset": filterset,
        "ranking": ranking,
        "tab": "leads",
        "order": order,
        "compact": _compact(request),
    }
    if filterset.is_bound and not filterset.is_valid():
        context["invalid"] = True
    else:
        try:
            number = max(1, int(request.GET.get("page", "1")))
        except ValueError:
            number = 1
        context["table"] = league.lead_table(
            filterset.qs,
            part=league.summary_slice(filterset.active),
            copies=filterset.lead_copies(),
            sort=order,
            number=number,
            size=LEAD_PAGE_SIZE,
        )
    template = partial(request, "rounds/lead_table.html", "lead-table")
    return render(request, template, context)


@require_POST
def table_density(request: HttpRequest) -> HttpResponse:
    """Remember compact or comfortable rows for the tables, and go back to the page."""
    form = DensityForm(request.POST)
    form.is_valid()  # two optional fields: whatever was sent, the cleaned data says what to do
    back = form.cleaned_data.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("rounds:deal-list")
    response = redirect(back)
    if form.cleaned_data.get("compact"):
        response.set_cookie(
            DENSITY_COOKIE,
            "compact",
            max_age=DENSITY_SECONDS,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    else:
        response.delete_cookie(DENSITY_COOKIE, samesite="Lax")
    return response
