"""The editors' review pages: the queue of proposals, and one proposal at a time with its evidence."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseLocation, push_url

from rounds import money
from rounds.extraction.names import normalize_name
from rounds.http import HtmxHttpRequest, partial
from rounds.ingestion import matching
from rounds.models import Company, FundingRound, Investor, RoundProposal
from rounds.review import corrections, decisions, drafts, forms, queue, stats

PERMISSION = "rounds.review_roundproposal"
editors_only = permission_required(PERMISSION, raise_exception=True)


# Matches in the database


def _matches(
    model: type[Company] | type[Investor], name: str, chosen: int | None = None
) -> list[matching.Match]:
    """The stored rows a name may stand for, and the one the editor chose if it is not one."""
    found = matching.find_matches(model, name) if name.strip() else []
    if chosen and chosen not in [m.row.pk for m in found]:
        found += [
            matching.Match(row, "chosen", 0) for row in model.objects.filter(pk=chosen)
        ]
    return found


def _id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


# Building the page


def _forms(
    proposal: RoundProposal, data: Any = None, *, with_matches: bool = True
) -> tuple[forms.RoundDraftForm, forms.BaseInvestorFormSet]:
    """The edit form and the investor formset, bound to `data` when given.

    The choices of stored companies and investors are looked up only `with_matches`: a POST
    validates without them, and looks them up only to show the form again.
    """
    draft = proposal.draft() if with_matches else proposal.extracted_draft()
    if data is None:
        company = (draft.company_name, draft.company_id)
        investors = [(c.name, c.investor_id) for c in draft.investors]
    else:
        company = (data.get("company_name", ""), _id(data.get("company_choice")))
        investors = [
            (
                data.get(f"investors-{i}-name", ""),
                _id(data.get(f"investors-{i}-choice")),
            )
            for i in range(forms.submitted_rows(data))
        ]
    text = proposal.article.text
    form = forms.RoundDraftForm(
        data,
        initial={
            **forms.RoundDraftForm.initial_from(draft),
            "revision": proposal.revision,
            # "HongShan, formerly Sequoia China": keep the former name, unless unticked.
            "company_alias": bool(drafts.former_name(text, draft.company_name)),
        },
        company_matches=_matches(Company, *company) if with_matches else [],
    )
    formset = forms.InvestorFormSet(
        data,
        prefix="investors",
        initial=[
            {
                "name": c.name,
                "is_lead": c.is_lead,
                "choice": str(c.investor_id or ""),
                "kind": c.kind,
                "alias": bool(drafts.former_name(text, c.name)),
            }
            for c in draft.investors
        ],
        matches={
            i: _matches(Investor, name, chosen)
            for i, (name, chosen) in enumerate(investors)
            if with_matches and (name or chosen)
        },
    )
    return form, formset


def _context(
    proposal: RoundProposal | None,
    form: forms.RoundDraftForm | None = None,
    formset: forms.BaseInvestorFormSet | None = None,
    **extra: Any,
) -> dict[str, Any]:
    context: dict[str, Any] = {"proposal": proposal, "tab": "review", **extra}
    context["waiting"] = RoundProposal.objects.pending().count()
    if proposal is None:
        return context
    context["previous"], context["next"] = RoundProposal.objects.around(proposal)
    if proposal.correction:
        context["corrected_field"] = corrections.FIELDS.get(
            proposal.correction.get("field", ""), ""
        )
    if proposal.status != "pending":
        return context
    if form is None:
        form, formset = _forms(proposal)
    text = proposal.article.text
    extracted = proposal.extracted
    origins = drafts.origins(extracted)
    kinds = {normalize_name(hint.name): hint for hint in extracted.investor_kinds}
    context |= {
        "form": form,
        "formset": formset,
        "origins": origins,
        "company_former": drafts.former_name(text, form["company_name"].value() or ""),
        "investor_rows": [
            {
                "form": f,
                "former": drafts.former_name(text, f["name"].value() or ""),
                "origin": origins.get(
                    "investor:" + normalize_name(f["name"].value() or "")
                ),
                "kind_hint": drafts.kind_hint(
                    text, kinds.get(normalize_name(f["name"].value() or ""))
                ),
            }
            for f in formset.forms
        ],
        "sector_hints": drafts.sector_hints(extracted),
        "merge_form": extra.get("merge_form") or forms.MergeForm(),
        "reject_form": extra.get("reject_form") or forms.RejectForm(),
    }
    for prefix, currency in (
        ("amount", "currency"),
        ("valuation", "valuation_currency"),
    ):
        parsed, error = money.read_money(
            form[prefix].value() or "", form[currency].value() or ""
        )
        context[f"{prefix}_money"], context[f"{prefix}_error"] = (
            money.described(parsed),
            error,
        )
    duplicate = _duplicate(proposal)
    if duplicate is not None:
        context["duplicate"] = duplicate
        context["comparison"] = drafts.comparison(duplicate, proposal.draft())
    return context


def _duplicate(proposal: RoundProposal) -> FundingRound | None:
    """The stored round the page compares the proposal with: the one it corrects, or one it
    may repeat."""
    if proposal.corrects_id:
        return proposal.corrects
    if proposal.duplicate_of_id:
        return proposal.duplicate_of
    if proposal.suggested_company is None:
        return None
    candidate = proposal.extracted
    return matching.find_duplicate_round(
        proposal.suggested_company,
        round_type=candidate.round_type,
        amount=candidate.amount,
        currency=candidate.currency or "",
        on=candidate.date,
    )


def _proposal(pk: int) -> RoundProposal:
    return get_object_or_404(
        RoundProposal.objects.select_related(
            "article", "article__feed", "reviewed_by", "added_by", "round__company",
            "duplicate_of__company", "suggested_company", "corrects__company",
        ),
        pk=pk,
    )  # fmt: skip


def _page(
    request: HtmxHttpRequest, proposal: RoundProposal | None, **context: Any
) -> HttpResponse:
    """The proposal page, or only its main region for htmx, with the address it shows."""
    done = _id(request.GET.get("done"))
    if done:
        context["done"] = (
            RoundProposal.objects.select_related("round__company")
            .filter(pk=done)
            .first()
        )
    context["undone"] = request.GET.get("undone") == "1"
    template = partial(request, "rounds/proposal_detail.html", "proposal-page")
    response = render(request, template, _context(proposal, **context))
    url = (
        reverse("rounds:proposal-detail", args=[proposal.pk])
        if proposal
        else reverse("rounds:proposal-list")
    )
    return push_url(response, url) if request.htmx else response


def _decided(
    request: HtmxHttpRequest, proposal: RoundProposal, *, stay: bool
) -> HttpResponse:
    """After a decision: this proposal (`stay`) or the next in the queue, saying what was done.

    The POST answers with where to go, and the browser (or htmx, in place) asks for that page,
    so a decision writes and reads no more than it must.
    """
    if stay:
        url = reverse("rounds:proposal-detail", args=[proposal.pk])
    else:
        following = RoundProposal.objects.around(proposal)[1]
        following = following or RoundProposal.objects.pending().first()
        url = (
            reverse("rounds:proposal-detail", args=[following.pk])
            if following
            else reverse("rounds:proposal-next")
        )
    return _go(request, f"{url}?done={proposal.pk}")


def _go(request: HtmxHttpRequest, url: str) -> HttpResponse:
    if request.htmx:
        return HttpResponseLocation(url, target="#proposal-page", swap="outerHTML")
    return redirect(url)


# Review queue


@require_GET
@vary_on_headers("HX-Request")
@editors_only
def proposal_list(request: HtmxHttpRequest) -> HttpResponse:
    return render(
        request,
        partial(request, "rounds/proposal_list.html", "proposal-queue"),
        _queue_context(request),
    )


def _queue_context(request: HtmxHttpRequest, **extra: Any) -> dict[str, Any]:
    filters = forms.QueueFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    waiting = queue.queue(data, request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filters": filters,
        "queue": waiting,
        "counts": waiting.counts,
        "reasons": [
            (key, label, waiting.counts[key])
            for key, (label, _) in queue.REASONS.items()
        ],
        "query": query.urlencode(),
        "tab": "review",
        "bulk_form": extra.pop("bulk_form", None) or forms.BulkRejectForm(),
        **extra,
    }


def _queue_after_bulk(request: HtmxHttpRequest, **context: Any) -> HttpResponse:
    if not request.htmx:
        return redirect("rounds:proposal-list")
    return render(
        request,
        "rounds/proposal_list.html#proposal-queue",
        _queue_context(request, **context),
    )


@require_POST
@editors_only
def proposal_bulk_reject(request: HtmxHttpRequest) -> HttpResponse:
    pending = list(RoundProposal.objects.pending().values_list("pk", flat=True))
    form = forms.BulkRejectForm(request.POST, pending_ids=pending)
    rejected = 0
    if form.is_valid():
        for proposal in RoundProposal.objects.filter(
            pk__in=form.cleaned_data["proposals"]
        ):
            try:
                decisions.reject_proposal(
                    proposal, editor=request.user, reason=form.cleaned_data["reason"]
                )
                rejected += 1
            except decisions.ProposalAlreadyDecided:
                pass
        form = forms.BulkRejectForm()
    return _queue_after_bulk(request, bulk_form=form, rejected=rejected)


@require_POST
@editors_only
def proposal_bulk_approve(request: HtmxHttpRequest) -> HttpResponse:
    ready = RoundProposal.objects.pending().filter(ready=True)
    form = forms.BulkApproveForm(
        request.POST, ready_ids=list(ready.values_list("pk", flat=True))
    )
    if not form.is_valid():
        return _queue_after_bulk(request, approve_errors=form.errors["proposals"])
    approved = decisions.approve_ready(
        form.cleaned_data["proposals"], editor=request.user
    )
    return _queue_after_bulk(request, approved=approved)


# One proposal


@require_GET
@vary_on_headers("HX-Request")
@editors_only
def proposal_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _page(request, _proposal(pk))


@require_GET
@editors_only
def proposal_next(request: HtmxHttpRequest) -> HttpResponse:
    """The first proposal of the queue (the "start reviewing" link), or the empty queue."""
    first = RoundProposal.objects.pending().first()
    if first is None:
        return _page(request, None)
    url = reverse("rounds:proposal-detail", args=[first.pk])
    if request.GET.get("done"):
        url += f"?done={_id(request.GET['done']) or ''}"
    return redirect(url)


@require_GET
@editors_only
def money_preview(request: HtmxHttpRequest) -> HttpResponse:
    """The amount an editor is typing, as the money parser reads it."""
    form = forms.MoneyPreviewForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    prefix = data.get("field") or "amount"
    currency = "currency" if prefix == "amount" else "valuation_currency"
    parsed, error = money.read_money(data.get(prefix, ""), data.get(currency, ""))
    return render(
        request,
        "rounds/proposal_detail.html#money-parsed",
        {"money": money.described(parsed), "error": error},
    )


def _invalid(
    request: HtmxHttpRequest, proposal: RoundProposal, **context: Any
) -> HttpResponse:
    """The page again with the editor's input and what is wrong with it (matches looked up)."""
    form, formset = _forms(proposal, request.POST)
    return _page(request, proposal, form=form, formset=formset, **context)


def _decide(
    request: HtmxHttpRequest,
    proposal: RoundProposal,
    decide: Callable[[], object],
    *,
    stay: bool,
) -> HttpResponse:
    """Carry out an editor's decision; when another editor decided first, or a record the form
    chose is gone or now looks like a duplicate, the page again saying so."""
    try:
        decide()
    except decisions.ProposalAlreadyDecided:
        return _page(request, _proposal(proposal.pk), already_decided=True)
    except (decisions.ChosenRecordGone, decisions.LooksLikeDuplicate) as refused:
        return _invalid(request, proposal, invalid=True, gone=str(refused))
    return _decided(request, proposal, stay=stay)


@require_POST
@editors_only
def proposal_approve(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk)
    form, formset = _forms(proposal, request.POST, with_matches=False)
    if not (form.is_valid() and formset.is_valid()):
        return _invalid(request, proposal, invalid=True)
    return _decide(
        request,
        proposal,
        lambda: decisions.approve_proposal(
            proposal,
            editor=request.user,
            draft=form.draft(formset.choices()),
            note=form.cleaned_data["note"],
            seen_revision=form.cleaned_data["revision"],
        ),
        stay=request.POST.get("then") != "next",
    )


@require_POST
@editors_only
def proposal_merge(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk)
    duplicate = _duplicate(proposal)
    form, formset = _forms(proposal, request.POST, with_matches=False)
    merge_form = forms.MergeForm(request.POST)
    valid = form.is_valid() and formset.is_valid() and merge_form.is_valid()
    if duplicate is None or not valid:
        return _invalid(
            request,
            proposal,
            merge_form=merge_form,
            invalid="no-duplicate" if duplicate is None else True,
        )
    return _decide(
        request,
        proposal,
        lambda: decisions.merge_proposal(
            proposal,
            duplicate,
            editor=request.user,
            draft=form.draft(formset.choices()),
            take_from_proposal=frozenset(merge_form.cleaned_data["take"]),
            note=form.cleaned_data["note"],
            seen_revision=form.cleaned_data["revision"],
        ),
        stay=False,
    )


@require_POST
@editors_only
def proposal_correct(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Apply an analyst's correction, as the editor approved it, to the round it corrects."""
    proposal = _proposal(pk)
    form, formset = _forms(proposal, request.POST, with_matches=False)
    if not (form.is_valid() and formset.is_valid()):
        return _invalid(request, proposal, invalid=True)
    return _decide(
        request,
        proposal,
        lambda: decisions.apply_correction(
            proposal,
            editor=request.user,
            draft=form.draft(formset.choices()),
            note=form.cleaned_data["note"],
            seen_revision=form.cleaned_data["revision"],
        ),
        stay=False,
    )


@require_POST
@editors_only
def proposal_reject(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk)
    form = forms.RejectForm(request.POST)
    if not form.is_valid():
        return _page(request, proposal, reject_form=form, invalid="reason")
    try:
        decisions.reject_proposal(
            proposal,
            editor=request.user,
            reason=form.cleaned_data["reason"],
            seen_revision=form.cleaned_data["revision"],
        )
    except decisions.ProposalAlreadyDecided:
        return _page(request, _proposal(pk), already_decided=True)
    return _decided(request, proposal, stay=False)


@require_POST
@editors_only
def proposal_undo(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Undo the proposal's decision (or reopen it from its page): it waits in the queue again."""
    proposal = _proposal(pk)
    form = forms.RevisionForm(request.POST)
    seen = form.cleaned_data["revision"] if form.is_valid() else None
    try:
        decisions.undo_decision(proposal, editor=request.user, seen_revision=seen)
    except decisions.ProposalAlreadyDecided:
        return _page(request, _proposal(pk), already_decided=True)
    except decisions.UndoRefused as refused:
        return _page(request, _proposal(pk), undo_refused=str(refused))
    url = reverse("rounds:proposal-detail", args=[proposal.pk])
    return _go(request, f"{url}?undone=1")


@require_GET
@editors_only
def review_stats(request: HtmxHttpRequest) -> HttpResponse:
    """The extractor's report card, from the editors' decisions."""
    return render(
        request,
        "rounds/review_stats.html",
        {"card": stats.report_card(), "tab": "review"},
    )
