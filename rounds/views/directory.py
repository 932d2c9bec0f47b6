"""The directory of the analysts' pages: an investor, a company, a round with the sentences behind
its values, and the name suggestions of the filter form."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from rounds import tasks
from rounds.analytics import (
    charts,
    columns,
    keyset,
    league,
    rows,
    suggestions,
    timeline,
)
from rounds.extraction.names import normalize_name
from rounds.http import HtmxHttpRequest
from rounds.ingestion import pipeline
from rounds.models import (
    Company,
    FundingRound,
    Investment,
    Investor,
    InvestorAlias,
    RoundSource,
)
from rounds.review import corrections
from rounds.review import forms as review_forms
from rounds.templatetags import evidence
from rounds.watchlists import searches

AUTOCOMPLETE_SIZE = 12
INVESTOR_PAGE_ROUNDS = 25


@require_GET
@permission_required("rounds.view_investor", raise_exception=True)
def investor_detail(request: HttpRequest, slug: str) -> HttpResponse:
    investor = get_object_or_404(Investor, slug=slug)
    led = Investment.objects.filter(investor=investor, is_lead=True)
    joined = Investment.objects.filter(investor=investor, is_lead=False)
    # The latest 25 of each role, found like a page of deals (a narrow index walk, then 25 rows):
    newest = keyset.SORTS[keyset.DEFAULT_SORT]
    activity = league.activity_by_year(investor)
    led_count, joined_count = league.rounds_led_and_joined(investor)
    partners = league.co_investors(investor)
    led_rounds, joined_rounds = (
        keyset.paginate(
            FundingRound.objects.filter(Exists(role.filter(round=OuterRef("pk")))),
            newest,
            None,
            INVESTOR_PAGE_ROUNDS,
            decorate=columns.select,
        ).rows
        for role in (led, joined)
    )
    columns.load(led_rounds + joined_rounds)
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
        "led_count": led_count,
        "joined_count": joined_count,
        "led": led_rounds,
        "joined": joined_rounds,
        "co_investors": partners,
        "activity": activity,
        "chart": chart,
        "watches": searches.investor_watches(request.user, investor),
    }
    return render(request, "rounds/investor_detail.html", context)


@require_GET
@permission_required("rounds.view_company", raise_exception=True)
def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    company = get_object_or_404(Company, slug=slug)
    rounds = list(
        columns.select(company.rounds.all())
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
    rows.attach_investors(rounds)
    chart = charts.time_chart(
        f"{company.name}: amount raised and valuation by round, in US dollars",
        [
            charts.TimeSeries(
                label,
                [
                    (r.announced_on, getattr(r, field))
                    for r in rounds
                    if r.announced_on and getattr(r, field) is not None
                ],
                css,
            )
            for label, field, css in (
                ("Valuation", "valuation_usd", "series-1"),
                ("Amount", "amount_usd", "series-2"),
            )
        ],
        y_label="US dollars",
    )
    context = {
        "company": company,
        "rounds": rounds,
        "timeline": rounds[::-1],
        "investors": _company_investors(rounds),
        "sources": [
            (round, source) for round in rounds for source in round.round_sources.all()
        ],
        "chart": chart,
        "has_figures": any(r.amount_usd or r.valuation_usd for r in rounds),
        "watches": searches.company_watches(request.user, company),
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


def _sources(round: FundingRound) -> list[RoundSource]:
    return list(
        round.round_sources.select_related("article").order_by(
            "article__published_on", "pk"
        )
    )


def _investors(
    round: FundingRound, cited: dict[str, list[evidence.Citation]]
) -> list[tuple[Investment, list[evidence.Citation]]]:
    """The round's investors, leads first, each with the sentences that name it (any alias)."""
    investments = list(
        round.investments.select_related("investor").order_by(
            "-is_lead", "investor__name"
        )
    )
    names: dict[str, int] = dict(
        InvestorAlias.objects.filter(
            investor__in=[i.investor_id for i in investments]
        ).values_list("normalized", "investor_id")
    )
    naming = cited.get("lead_investors", []) + cited.get("participants", [])
    return [
        (
            investment,
            [
                c
                for c in naming
                if names.get(normalize_name(c.quote.marked)) == investment.investor_id
            ],
        )
        for investment in investments
    ]


# The rows of the round page, each with the evidence fields whose sentences it cites:
ROUND_PAGE_ROWS = {
    "company": ["company"],
    "country": ["company_country"],
    "descriptor": ["company_descriptor"],
    "round_type": ["round_type", "round_label"],
    "status": ["status"],
    "date": ["date"],
    "amount": ["amount"],
    "valuation": ["valuation", "valuation_basis"],
}


@require_GET
@permission_required("rounds.view_fundinground", raise_exception=True)
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round = get_object_or_404(FundingRound.objects.select_related("company"), pk=pk)
    return _round_page(request, round)


def _round_page(
    request: HttpRequest,
    round: FundingRound,
    correction_form: review_forms.CorrectionForm | None = None,
) -> HttpResponse:
    sources = _sources(round)
    cited = evidence.citations(sources)
    context = {
        "round": round,
        "sources": sources,
        "cited": {
            row: [c for field in fields for c in cited.get(field, [])]
            for row, fields in ROUND_PAGE_ROWS.items()
        },
        "investors": _investors(round, cited),
        "around": timeline.neighbours(round, list(round.company.rounds.all())),
        "correction_form": correction_form
        or review_forms.CorrectionForm(round=round, sourced=bool(sources)),
    }
    return render(request, "rounds/fundinground_detail.html", context)


@require_POST
@permission_required("rounds.view_fundinground", raise_exception=True)
def round_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """An analyst's correction of the round: a proposal in the editors' review queue."""
    round = get_object_or_404(FundingRound.objects.select_related("company"), pk=pk)
    form = review_forms.CorrectionForm(
        request.POST, round=round, sourced=round.round_sources.exists()
    )
    if not form.is_valid():
        return _round_page(request, round, correction_form=form)
    said = form.cleaned_data
    try:
        proposal, created = corrections.suggest_correction(
            round,
            analyst=request.user,
            field=said["field"],
            value=said["value"],
            changes=said["changes"],
            note=said["note"],
            url=said["url"],
        )
    except pipeline.InvalidURL as error:
        form.add_error("url", str(error))
        return _round_page(request, round, correction_form=form)
    if said["url"] and proposal.article.status in pipeline.PENDING:
        tasks.send_articles([proposal.article_id])
    if created:
        messages.success(
            request, "Thank you: your correction waits for an editor's review."
        )
    else:
        messages.info(
            request,
            "You sent this correction already; it is "
            f"{proposal.get_status_display().lower()}.",
        )
    return redirect(reverse("rounds:round-detail", args=[round.pk]) + "#correction")


# The figures of the deals table whose sentence shows on hover or focus:
FIGURES_WITH_SENTENCES = {"amount", "valuation"}


@require_GET
@permission_required("rounds.view_fundinground", raise_exception=True)
def round_evidence(request: HttpRequest, pk: int, field: str) -> HttpResponse:
    """The sentence behind one figure of a round, for the tooltip of the deals table."""
    if field not in FIGURES_WITH_SENTENCES:
        raise Http404("Only amounts and valuations have a tooltip.")
    round = get_object_or_404(FundingRound, pk=pk)
    citations = evidence.citations(_sources(round)).get(field, [])
    return render(
        request,
        "rounds/fundinground_detail.html#figure-sentence",
        {"citations": citations[:2], "more": len(citations) > 2, "round": round},
    )


def _term(request: HtmxHttpRequest) -> str:
    name = (request.htmx.trigger_name if request.htmx else None) or "q"
    return (request.GET.get(name) or "").strip()


@require_GET
@permission_required("rounds.view_investor", raise_exception=True)
def investor_autocomplete(request: HtmxHttpRequest) -> HttpResponse:
    options = suggestions.investor_suggestions(_term(request), AUTOCOMPLETE_SIZE)
    return render(request, "rounds/_options.html", {"options": options})


@require_GET
@permission_required("rounds.view_company", raise_exception=True)
def company_autocomplete(request: HtmxHttpRequest) -> HttpResponse:
    options = suggestions.company_suggestions(_term(request), AUTOCOMPLETE_SIZE)
    return render(request, "rounds/_options.html", {"options": options})
