"""The editors' article page: an article's text with its proposals marked, and the rounds the
extractor missed, added from the words that tell of them."""

from __future__ import annotations

from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from rounds.http import HtmxHttpRequest
from rounds.models import Article
from rounds.review import forms, missed, queue
from rounds.views.review import PERMISSION

editors_only = permission_required(PERMISSION, raise_exception=True)


def _page(
    request: HtmxHttpRequest, article: Article, form: forms.MissedRoundForm
) -> HttpResponse:
    proposals = list(
        article.proposals.select_related("added_by").order_by("created_at", "pk")
    )
    return render(
        request,
        "rounds/article_detail.html",
        {
            "article": article,
            "rows": [queue.row(proposal) for proposal in proposals],
            "evidence": [span for p in proposals for span in p.evidence],
            "form": form,
            "tab": "review",
        },
        status=400 if form.errors else 200,
    )


@require_GET
@editors_only
def article_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article.objects.select_related("feed"), pk=pk)
    return _page(request, article, forms.MissedRoundForm(text=article.text))


@require_POST
@editors_only
def article_add_round(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Propose the round the editor's words tell of, and open it for review."""
    article = get_object_or_404(Article.objects.select_related("feed"), pk=pk)
    form = forms.MissedRoundForm(request.POST, text=article.text)
    if not form.is_valid():
        return _page(request, article, form)
    start, end = form.cleaned_data["span"]
    proposal = missed.add_missed_round(article, start, end, editor=request.user)
    return redirect("rounds:proposal-detail", proposal.pk)
