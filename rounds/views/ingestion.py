"""The editors' ingestion page: what is queued, running and failed, each feed's health, and the
forms that feed the workers (a URL, pasted text, a file, a feed)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from rounds import tasks
from rounds.enums import ArticleStatus
from rounds.http import HtmxHttpRequest
from rounds.ingestion import fetching, forms, language_model, pipeline
from rounds.models import Article, Feed

LIST_SIZE = 25
CAN_INGEST = "rounds.add_article"


def _lists(pages: forms.IngestionPagesForm) -> dict[str, object]:
    """The page's four lists, a page of each, and the counts of articles by state."""
    counts = dict(
        Article.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )
    articles = Article.objects.select_related("feed").defer("text")
    lists = {
        "failed": articles.filter(status=ArticleStatus.FAILED).order_by(
            "-updated_at", "-pk"
        ),
        "waiting": articles.filter(status__in=pipeline.PENDING).order_by(
            "created_at", "pk"
        ),
        "recent": articles.filter(status=ArticleStatus.EXTRACTED)
        .annotate(proposal_count=Count("proposals"))
        .order_by("-updated_at", "-pk"),
        "feeds": Feed.objects.annotate(article_count=Count("articles")).order_by(
            "name", "pk"
        ),
    }
    return {
        "counts": [(s.label, counts.get(s.value, 0)) for s in ArticleStatus],
        **{
            name: Paginator(rows, LIST_SIZE).get_page(pages.page(name))
            for name, rows in lists.items()
        },
        "pages": pages.current(),
        "version": _version(),
        "now": timezone.now(),
        "model_days": language_model.health()
        if settings.EXTRACTOR != "rules"
        else None,
        "extractor": settings.EXTRACTOR,
    }


def _version() -> str:
    """What the lists show changes only when an article or a feed changes (two index reads)."""
    article = Article.objects.aggregate(at=Max("updated_at"))["at"]
    feed = Feed.objects.aggregate(at=Max("last_polled_at"), n=Count("pk"))
    return f"{article}|{feed['at']}|{feed['n']}"


def _page(
    request: HtmxHttpRequest, status: int = 200, **bound_forms: object
) -> HttpResponse:
    pages = forms.IngestionPagesForm(request.GET)
    context = {
        **_lists(pages),
        "url_form": forms.UrlForm(),
        "paste_form": forms.PasteForm(),
        "upload_form": forms.UploadForm(),
        "feed_form": forms.FeedForm(),
        "tab": "ingestion",
        **bound_forms,
    }
    template = "rounds/article_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#ingestion-status"
    return render(request, template, context, status=status)


def _not_added(reason: str) -> str:
    """The feed form's error, from the fetcher's reason: "Not added: … answered 404 Not Found"."""
    reason = reason.removeprefix("Refused: ")
    return f"Not added: {reason[:1].lower()}{reason[1:]}"


def _queued(request: HttpRequest, article: Article, created: bool) -> HttpResponse:
    """Send the article's task when it is new or still waiting, and say what happened."""
    if not created and article.status not in pipeline.PENDING:
        messages.info(
            request,
            f"Already stored as “{article}” ({article.get_status_display().lower()}).",
        )
    elif not tasks.sent(article):
        messages.warning(
            request,
            f"Stored “{article}”, but the task queue cannot be reached right now: it is "
            "processed automatically when the queue is back.",
        )
    else:
        messages.success(
            request, f"Queued “{article}”." if created else f"Queued “{article}” again."
        )
    return redirect("rounds:ingestion")


@require_GET
@vary_on_headers("HX-Request")
@permission_required(CAN_INGEST, raise_exception=True)
def ingestion(request: HtmxHttpRequest) -> HttpResponse:
    # The lists refresh every few seconds: when nothing changed, htmx gets nothing to swap.
    pages = forms.IngestionPagesForm(request.GET)
    if request.htmx and pages.browser_version() == _version():
        return HttpResponse(status=204)
    return _page(request)


@require_POST
@permission_required(CAN_INGEST, raise_exception=True)
def ingest_url(request: HtmxHttpRequest) -> HttpResponse:
    form = forms.UrlForm(request.POST)
    if not form.is_valid():
        return _page(request, 400, url_form=form)
    try:
        article, created = pipeline.queue_url(form.cleaned_data["url"])
    except pipeline.InvalidURL as error:
        form.add_error("url", str(error))
        return _page(request, 400, url_form=form)
    return _queued(request, article, created)


@require_POST
@permission_required(CAN_INGEST, raise_exception=True)
def ingest_text(request: HtmxHttpRequest) -> HttpResponse:
    form = forms.PasteForm(request.POST)
    if not form.is_valid():
        return _page(request, 400, paste_form=form)
    article, created = pipeline.store_text(
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
        article, created = pipeline.store_document(upload.name, upload.read())
    except pipeline.UnreadableFile as error:
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
        feed, created, articles = pipeline.add_polled_feed(
            form.cleaned_data["url"],
            name=form.cleaned_data["name"],
            poll_interval_minutes=form.cleaned_data["poll_interval_minutes"],
        )
    except (pipeline.InvalidURL, pipeline.TooManyFeeds) as error:
        form.add_error(None, str(error))
        return _page(request, 400, feed_form=form)
    except fetching.FetchError as error:
        form.add_error("url", _not_added(error.reason))
        return _page(request, 400, feed_form=form)
    tasks.send_articles([article.pk for article in articles])
    if created:
        messages.success(
            request,
            f"Feed “{feed.name}” added: {len(articles)} "
            f"{'article' if len(articles) == 1 else 'articles'} queued.",
        )
    else:
        messages.info(request, f"Feed “{feed.name}” is already there.")
    return redirect("rounds:ingestion")


@require_POST
@permission_required("rounds.change_feed", raise_exception=True)
def feed_poll(request: HttpRequest, pk: int) -> HttpResponse:
    feed = get_object_or_404(Feed, pk=pk, active=True)
    tasks.send_feed_poll(feed.pk)
    messages.success(request, f"Polling “{feed.name}”.")
    return redirect("rounds:ingestion")


@require_POST
@permission_required("rounds.change_article", raise_exception=True)
def article_retry(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(
        Article, pk=pk, status__in=[*pipeline.PENDING, ArticleStatus.FAILED]
    )
    if not pipeline.retry_article(article):
        messages.info(
            request,
            f"“{article}” is being processed right now: nothing to retry.",
        )
        return redirect("rounds:ingestion")
    article.refresh_from_db()
    return _queued(request, article, created=False)
