"""The editors' ingestion page: what is queued, running and failed, each feed's health, and the
forms that feed the workers (a URL, pasted text, a file, a feed)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from rounds import forms, ingest, tasks
from rounds.enums import FetchStatus
from rounds.http import HtmxHttpRequest
from rounds.models import Article, Feed

LIST_SIZE = 25
CAN_INGEST = "rounds.add_article"


def _page(
    request: HtmxHttpRequest, status: int = 200, **bound_forms: object
) -> HttpResponse:
    counts = dict(
        Article.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )
    articles = Article.objects.select_related("feed").defer("text")
    context = {
        "counts": [
            (status.label, counts.get(status.value, 0)) for status in FetchStatus
        ],
        "failed": articles.filter(status=FetchStatus.FAILED).order_by("-updated_at")[
            :LIST_SIZE
        ],
        "waiting": articles.filter(
            status__in=[FetchStatus.QUEUED, FetchStatus.FETCHING]
        ).order_by("updated_at")[:LIST_SIZE],
        "recent": articles.filter(status=FetchStatus.EXTRACTED)
        .annotate(proposal_count=Count("proposals"))
        .order_by("-updated_at")[:LIST_SIZE],
        "feeds": Feed.objects.annotate(article_count=Count("articles")).order_by(
            "name"
        ),
        "url_form": forms.UrlForm(),
        "paste_form": forms.PasteForm(),
        "upload_form": forms.UploadForm(),
        "feed_form": forms.FeedForm(),
        "tab": "ingestion",
        **bound_forms,
    }
    template = "rounds/article_list.html"
    if request.htmx:
        template += "#ingestion-status"
    return render(request, template, context, status=status)


def _queued(request: HttpRequest, article: Article, created: bool) -> HttpResponse:
    if created:
        tasks.process_article.delay_on_commit(article_id=article.pk)
        messages.success(request, f"Queued “{article}”.")
    else:
        messages.info(
            request,
            f"Already stored as “{article}” ({article.get_status_display().lower()}).",
        )
    return redirect("rounds:ingestion")


@require_GET
@vary_on_headers("HX-Request")
@permission_required(CAN_INGEST, raise_exception=True)
def ingestion(request: HtmxHttpRequest) -> HttpResponse:
    return _page(request)


@require_POST
@permission_required(CAN_INGEST, raise_exception=True)
def ingest_url(request: HtmxHttpRequest) -> HttpResponse:
    form = forms.UrlForm(request.POST)
    if not form.is_valid():
        return _page(request, 400, url_form=form)
    try:
        article, created = ingest.queue_url(form.cleaned_data["url"])
    except ingest.InvalidURL as error:
        form.add_error("url", str(error))
        return _page(request, 400, url_form=form)
    return _queued(request, article, created)


@require_POST
@permission_required(CAN_INGEST, raise_exception=True)
def ingest_text(request: HtmxHttpRequest) -> HttpResponse:
    form = forms.PasteForm(request.POST)
    if not form.is_valid():
        return _page(request, 400, paste_form=form)
    article, created = ingest.store_text(
        form.cleaned_data["text"],
        title=form.cleaned_data["title"],
        published_on=form.cleaned_data["published_on"],
    )
    return _queued(request, article, created)


@require_POST
@permission_required(CAN_INGEST, raise_exception=True)
def ingest_file(request: HtmxHttpRequest) -> HttpResponse:
    form = forms.UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, 400, upload_form=form)
    upload = form.cleaned_data["file"]
    try:
        article, created = ingest.store_document(upload.name, upload.read())
    except ingest.UnreadableFile as error:
        form.add_error("file", str(error))
        return _page(request, 400, upload_form=form)
    return _queued(request, article, created)


@require_POST
@permission_required("rounds.add_feed", raise_exception=True)
def feed_add(request: HtmxHttpRequest) -> HttpResponse:
    form = forms.FeedForm(request.POST)
    if not form.is_valid():
        return _page(request, 400, feed_form=form)
    try:
        feed, created = ingest.add_feed(
            form.cleaned_data["url"],
            name=form.cleaned_data["name"],
            poll_interval_minutes=form.cleaned_data["poll_interval_minutes"],
        )
    except (ingest.InvalidURL, ingest.TooManyFeeds) as error:
        form.add_error(None, str(error))
        return _page(request, 400, feed_form=form)
    if created:
        tasks.poll_feed.delay_on_commit(feed_id=feed.pk)
    messages.success(
        request,
        f"Feed “{feed.name}” {'added and polled' if created else 'is already there'}.",
    )
    return redirect("rounds:ingestion")


@require_POST
@permission_required("rounds.change_feed", raise_exception=True)
def feed_poll(request: HttpRequest, pk: int) -> HttpResponse:
    feed = get_object_or_404(Feed, pk=pk, active=True)
    tasks.poll_feed.delay_on_commit(feed_id=feed.pk)
    messages.success(request, f"Polling “{feed.name}”.")
    return redirect("rounds:ingestion")


@require_POST
@permission_required("rounds.change_article", raise_exception=True)
def article_retry(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(Article, pk=pk, status=FetchStatus.FAILED)
    ingest.retry_article(article)
    tasks.process_article.delay_on_commit(article_id=article.pk)
    messages.success(request, f"Queued “{article}” again.")
    return redirect("rounds:ingestion")
