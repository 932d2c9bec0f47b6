from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from rounds.models import FundingRound

PAGE_SIZE = 50


@require_GET
def deal_list(request: HttpRequest) -> HttpResponse:
    rounds = FundingRound.objects.for_list().order_by("-announced_on", "-id")
    page = Paginator(rounds, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "rounds/fundinground_list.html", {"page": page})
