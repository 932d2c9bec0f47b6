"""The editors' review pages: the queue of proposals, and one proposal at a time with its evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import push_url

from rounds.enums import ProposalStatus, Qualifier, RoundStatus, RoundType
from rounds.extraction import Money
from rounds.http import HtmxHttpRequest
from rounds.ingestion import matching
from rounds.models import (
    Company,
    FundingRound,
    Investor,
    RoundProposal,
)
from rounds.money import short_money
from rounds.review import decisions, forms

PERMISSION = "rounds.review_roundproposal"
QUEUE_SIZE = 50
HIGH, LOW = 0.8, 0.5
FIELD_LABELS = {
    "company": "Company",
    "round_type": "Round type",
    "round_label": "Label",
    "status": "Status",
    "amount": "Amount",
    "valuation": "Valuation",
    "valuation_basis": "Basis",
    "date": "Date",
    "announced_on": "Date",
    "lead_investors": "Lead",
    "participants": "Participant",
}
editors_only = permission_required(PERMISSION, raise_exception=True)


@dataclass(frozen=True)
class Comparison:
    """One field of a duplicate round beside the proposal's value."""

    name: str
    label: str
    round_value: str
    proposal_value: str

    @property
    def conflict(self) -> bool:
        return bool(self.round_value and self.proposal_value) and (
            self.round_value != self.proposal_value
        )

    @property
    def fills(self) -> bool:
        return not self.round_value and bool(self.proposal_value)


# Evidence


def highlight(text: str, evidence: list[dict[str, Any]]) -> SafeString:
    """The article text, escaped, with each evidence span wrapped in a <mark>.

    Overlapping spans are cut at every boundary, so each piece names all the spans it belongs
    to (data-spans holds their indexes, which the form's fields point at).
    """
    spans = [
        (i, span)
        for i, span in enumerate(evidence)
        if 0 <= span["start"] < span["end"] <= len(text)
    ]
    cuts = sorted(
        {0, len(text), *(s["start"] for _, s in spans), *(s["end"] for _, s in spans)}
    )
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [(i, s) for i, s in spans if s["start"] <= start and end <= s["end"]]
        chunk = escape(text[start:end])
        if covering:
            fields = sorted({re.sub(r"[^a-z_]", "", s["field"]) for _, s in covering})
            ids = " ".join(str(i) for i, _ in covering)
            title = ", ".join(FIELD_LABELS.get(f, f) for f in fields)
            chunk = (
                f'<mark class="evidence f-{" f-".join(fields)}" data-spans="{ids}" '
                f'title="{escape(title)}">{chunk}</mark>'
            )
        pieces.append(chunk)
    return mark_safe("".join(pieces))  # noqa: S308 -- every piece of text is escaped above


def _span_ids(
    proposal: RoundProposal, fields: tuple[str, ...], value: str | None = None
) -> str:
    text = proposal.article.text
    return " ".join(
        str(i)
        for i, span in enumerate(proposal.evidence)
        if span["field"] in fields
        and (value is None or text[span["start"] : span["end"]] == value)
    )


# Matches in the database


def _matches(
    model: type[Company] | type[Investor], name: str, chosen: int | None = None
) -> list[tuple[str, str]]:
    """Choices for a name: the exact match by name or alias, then fuzzy ones, then the chosen."""
    find = matching.match_company if model is Company else matching.match_investor
    match = find(name) if name.strip() else None
    rows = [match] if match else []
    rows += [row for row in matching.close_matches(model, name) if row not in rows]
    rows = rows[:4]
    if chosen and chosen not in [row.pk for row in rows]:
        rows += list(model.objects.filter(pk=chosen))
    return [
        (
            str(row.pk),
            f"Use existing: {row.name}" + (" (exact)" if row == match else ""),
        )
        for row in rows
    ]


# Building the page


def _queue() -> QuerySet[RoundProposal]:
    return RoundProposal.objects.filter(status=ProposalStatus.PENDING).order_by(
        "-created_at", "-pk"
    )


def _neighbours(
    proposal: RoundProposal,
) -> tuple[RoundProposal | None, RoundProposal | None]:
    """The pending proposals before and after this one in the queue (newest first)."""
    after = Q(created_at__lt=proposal.created_at) | Q(
        created_at=proposal.created_at, pk__lt=proposal.pk
    )
    queue = _queue().exclude(pk=proposal.pk).only("pk", "created_at")
    following = queue.filter(after).first()
    preceding = queue.exclude(after).order_by("created_at", "pk").first()
    return preceding, following


def _duplicate(proposal: RoundProposal) -> FundingRound | None:
    if proposal.duplicate_of_id:
        return proposal.duplicate_of
    if proposal.suggested_company_id is None:
        return None
    candidate = proposal.candidate
    draft = decisions.draft_from_proposal(proposal)
    return matching.find_duplicate_round(
        proposal.suggested_company,
        SimpleNamespace(
            date=draft.announced_on,
            round_type=draft.round_type,
            amount=draft.amount,
            currency=candidate.get("currency") or "",
        ),
    )


def describe_money(money: Money | None) -> str:
    """What the parser read, for the editor to check: "≥ $600M (USD 600,000,000, at least)"."""
    if money is None:
        return ""
    words = [f"{money.currency} {money.amount:,.0f}"]
    if money.qualifier != "exact":
        words.append(Qualifier(money.qualifier).label.lower())
    short = short_money(money.amount, money.currency or "", money.qualifier)
    return f"{short} ({', '.join(words)})"


def _display(name: str, obj: Any) -> str:
    value = getattr(obj, name, None)
    if value in (None, "", "unknown"):
        return ""
    if name in ("amount", "valuation"):
        currency = getattr(
            obj, "currency" if name == "amount" else "valuation_currency"
        )
        qualifier = getattr(obj, f"{name}_qualifier")
        return short_money(value, currency, qualifier)
    if name == "round_type":
        return RoundType(value).label
    if name == "status":
        return RoundStatus(value).label
    if name.endswith("qualifier"):
        return Qualifier(value).label
    return str(value)


def _comparison(round: FundingRound, draft: decisions.RoundDraft) -> list[Comparison]:
    shown = ("round_type", "round_label", "status", "amount", "valuation")
    rows = [
        Comparison(
            name,
            FIELD_LABELS.get(name, name),
            _display(name, round),
            _display(name, draft),
        )
        for name in (*shown, "valuation_basis", "announced_on")
    ]
    investors = ", ".join(
        f"{i.investor.name}{' (lead)' if i.is_lead else ''}"
        for i in round.investments.select_related("investor").order_by("-is_lead")
    )
    wanted = ", ".join(
        f"{i.name}{' (lead)' if i.is_lead else ''}" for i in draft.investors
    )
    return [*rows, Comparison("investors", "Investors", investors, wanted)]


def _forms(
    proposal: RoundProposal, data: Any = None
) -> tuple[forms.RoundDraftForm, forms.BaseInvestorFormSet]:
    """The edit form and investor formset, with the database's matches for each name.

    A record the editor picked stays offered even when the name was changed afterwards.
    """
    draft = decisions.draft_from_proposal(proposal)
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
            for i in range(_total(data))
        ]
    form = forms.RoundDraftForm(
        data,
        initial=forms.RoundDraftForm.initial_from(draft),
        company_matches=_matches(Company, *company),
    )
    formset = forms.InvestorFormSet(
        data,
        prefix="investors",
        initial=[
            {"name": c.name, "is_lead": c.is_lead, "choice": str(c.investor_id or "")}
            for c in draft.investors
        ],
        matches={
            i: _matches(Investor, name, chosen)
            for i, (name, chosen) in enumerate(investors)
            if name or chosen
        },
    )
    return form, formset


def _id(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _total(data: Any) -> int:
    try:
        return min(int(data.get("investors-TOTAL_FORMS", 0)), 50)
    except ValueError:
        return 0


def _context(
    proposal: RoundProposal | None,
    form: forms.RoundDraftForm | None = None,
    formset: forms.BaseInvestorFormSet | None = None,
    **extra: Any,
) -> dict[str, Any]:
    context: dict[str, Any] = {"proposal": proposal, "tab": "review", **extra}
    context["waiting"] = _queue().count()
    if proposal is None:
        return context
    text = proposal.article.text
    if proposal.status == ProposalStatus.PENDING and form is None:
        form, formset = _forms(proposal)
    context["previous"], context["next"] = _neighbours(proposal)
    context["article_html"] = highlight(text, proposal.evidence)
    context["form"], context["formset"] = form, formset
    if proposal.status != ProposalStatus.PENDING:
        return context
    company_name = form["company_name"].value() or ""
    context["company_former"] = decisions.former_name(text, company_name)
    context["company_spans"] = _span_ids(proposal, ("company",))
    context["investor_rows"] = [
        {
            "form": f,
            "former": decisions.former_name(text, f["name"].value() or ""),
            "spans": _span_ids(
                proposal, ("lead_investors", "participants"), f["name"].value() or ""
            ),
        }
        for f in formset.forms
    ]
    for prefix, currency in (
        ("amount", "currency"),
        ("valuation", "valuation_currency"),
    ):
        money, error = forms.read_money(
            form[prefix].value() or "", form[currency].value() or ""
        )
        context[f"{prefix}_money"] = describe_money(money)
        context[f"{prefix}_error"] = error
    context["spans"] = {
        name: _span_ids(proposal, (name,))
        for name in ("amount", "valuation", "round_type", "status", "date")
    }
    duplicate = _duplicate(proposal)
    if duplicate is not None:
        draft = decisions.draft_from_proposal(proposal)
        context["duplicate"] = duplicate
        context["comparison"] = _comparison(duplicate, draft)
    context["merge_form"] = extra.get("merge_form") or forms.MergeForm()
    context["reject_form"] = extra.get("reject_form") or forms.RejectForm()
    return context


def _proposal(pk: int) -> RoundProposal:
    return get_object_or_404(
        RoundProposal.objects.select_related(
            "article",
            "article__feed",
            "reviewed_by",
            "round__company",
            "duplicate_of__company",
            "suggested_company",
        ),
        pk=pk,
    )


def _page(
    request: HtmxHttpRequest, proposal: RoundProposal | None, **context: Any
) -> HttpResponse:
    """The proposal page, or only its main region for htmx, with the address it shows."""
    template = "rounds/proposal_detail.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#proposal-page"
    response = render(request, template, _context(proposal, **context))
    url = (
        reverse("rounds:proposal-detail", args=[proposal.pk])
        if proposal
        else reverse("rounds:proposal-list")
    )
    return push_url(response, url) if request.htmx else response


def _go_on(
    request: HtmxHttpRequest, after: RoundProposal, **context: Any
) -> HttpResponse:
    """After a decision: the next proposal in the queue, loaded in place."""
    _, following = _neighbours(after)
    following = following or _queue().first()
    if not request.htmx:
        if following is None:
            return redirect("rounds:proposal-list")
        return redirect("rounds:proposal-detail", pk=following.pk)
    return _page(
        request, _proposal(following.pk) if following else None, done=after, **context
    )


# Review queue


@require_GET
@vary_on_headers("HX-Request")
@editors_only
def proposal_list(request: HtmxHttpRequest) -> HttpResponse:
    filters = forms.QueueFilterForm(request.GET or None)
    context = _queue_context(filters)
    template = "rounds/proposal_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#proposal-queue"
    return render(request, template, context)


def _queue_context(filters: forms.QueueFilterForm, **extra: Any) -> dict[str, Any]:
    data = filters.cleaned_data if filters.is_valid() else {}
    queue = _queue().select_related("article", "article__feed")
    if data.get("order") == "confident":
        queue = queue.order_by("-confidence", "-created_at", "-pk")
    if data.get("source_kind"):
        queue = queue.filter(article__source_kind=data["source_kind"])
    if data.get("feed"):
        queue = queue.filter(article__feed=data["feed"])
    bands = {
        "high": Q(confidence__gte=HIGH),
        "medium": Q(confidence__gte=LOW, confidence__lt=HIGH),
        "low": Q(confidence__lt=LOW),
    }
    if data.get("confidence"):
        queue = queue.filter(bands[data["confidence"]])
    counts = _queue().aggregate(
        total=Count("pk"),
        **{band: Count("pk", filter=q) for band, q in bands.items()},
        shown=Count("pk", filter=Q(pk__in=queue.values("pk"))),
    )
    rows = list(queue[:QUEUE_SIZE])
    for row in rows:
        amount = row.candidate.get("amount")
        row.money = short_money(
            Decimal(str(amount)) if amount not in (None, "") else None,
            row.candidate.get("currency") or "",
            row.candidate.get("amount_qualifier") or "",
        )
    return {
        "filters": filters,
        "rows": rows,
        "counts": counts,
        "tab": "review",
        "bulk_form": extra.pop("bulk_form", None) or forms.BulkRejectForm(),
        **extra,
    }


@require_POST
@editors_only
def proposal_bulk_reject(request: HtmxHttpRequest) -> HttpResponse:
    pending = list(_queue().values_list("pk", flat=True))
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
    if not request.htmx:
        return redirect("rounds:proposal-list")
    context = _queue_context(
        forms.QueueFilterForm(request.GET or None), bulk_form=form, rejected=rejected
    )
    return render(request, "rounds/proposal_list.html#proposal-queue", context)


# One proposal


@require_GET
@vary_on_headers("HX-Request")
@editors_only
def proposal_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _page(request, _proposal(pk))


@require_GET
@editors_only
def proposal_next(request: HtmxHttpRequest) -> HttpResponse:
    """The first proposal of the queue (the "start reviewing" link)."""
    first = _queue().first()
    if first is None:
        return redirect("rounds:proposal-list")
    return redirect("rounds:proposal-detail", pk=first.pk)


@require_GET
@editors_only
def money_preview(request: HtmxHttpRequest) -> HttpResponse:
    """The amount an editor is typing, as the money parser reads it."""
    form = forms.MoneyPreviewForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    prefix = data.get("field") or "amount"
    currency = "currency" if prefix == "amount" else "valuation_currency"
    money, error = forms.read_money(data.get(prefix, ""), data.get(currency, ""))
    return render(
        request,
        "rounds/proposal_detail.html#money-parsed",
        {"money": describe_money(money), "error": error},
    )


@require_POST
@editors_only
def proposal_approve(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk)
    form, formset = _forms(proposal, request.POST)
    if not (form.is_valid() and formset.is_valid()):
        return _page(request, proposal, form=form, formset=formset, invalid=True)
    try:
        decisions.approve_proposal(
            proposal,
            editor=request.user,
            draft=form.draft(formset.choices()),
            note=form.cleaned_data["note"],
        )
    except decisions.ProposalAlreadyDecided:
        return _page(request, _proposal(pk), already_decided=True)
    if request.POST.get("then") == "next":
        return _go_on(request, _proposal(pk))
    return _page(request, _proposal(pk), done=proposal)


@require_POST
@editors_only
def proposal_merge(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk)
    duplicate = _duplicate(proposal)
    form, formset = _forms(proposal, request.POST)
    merge_form = forms.MergeForm(request.POST)
    valid = form.is_valid() and formset.is_valid() and merge_form.is_valid()
    if duplicate is None or not valid:
        return _page(
            request,
            proposal,
            form=form,
            formset=formset,
            merge_form=merge_form,
            invalid="no-duplicate" if duplicate is None else True,
        )
    try:
        decisions.merge_proposal(
            proposal,
            duplicate,
            editor=request.user,
            draft=form.draft(formset.choices()),
            take_from_proposal=frozenset(merge_form.cleaned_data["take"]),
            note=form.cleaned_data["note"],
        )
    except decisions.ProposalAlreadyDecided:
        return _page(request, _proposal(pk), already_decided=True)
    return _go_on(request, _proposal(pk))


@require_POST
@editors_only
def proposal_reject(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    proposal = _proposal(pk)
    form = forms.RejectForm(request.POST)
    if not form.is_valid():
        return _page(request, proposal, reject_form=form, invalid="reason")
    try:
        decisions.reject_proposal(
            proposal, editor=request.user, reason=form.cleaned_data["reason"]
        )
    except decisions.ProposalAlreadyDecided:
        return _page(request, _proposal(pk), already_decided=True)
    return _go_on(request, _proposal(pk))
