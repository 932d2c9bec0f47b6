"""Articles in, round proposals out: the steps every source (URL, feed, pasted text, file) shares.

Each step is idempotent, because a Celery task may run twice: the same URL or text gives one
Article, a feed polled again adds only its new entries, and processing an article again updates
its pending proposals instead of adding new ones.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from pathlib import Path

import feedparser
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from rounds import fetching, proposals
from rounds.canonical import canonical_url
from rounds.enums import FetchStatus, SourceKind
from rounds.extraction import extract_rounds
from rounds.models import Article, Feed
from rounds.pages import NoMainText, read_page

MAX_FILE_BYTES = 5_000_000
FILE_SUFFIXES = (".txt", ".html", ".htm")
# A page that has killed the worker this often is given up on instead of being redelivered forever.
MAX_ATTEMPTS = 5
# Queued or fetching for this long means the task was lost (a crash between commit and publish).
STALLED_AFTER = dt.timedelta(minutes=15)
MAX_FEED_ENTRIES = 500


class UnreadableFile(ValueError):
    """A file that cannot become an article; the message says why."""


class InvalidURL(ValueError):
    """A URL that cannot be fetched; the message says why."""


class TooManyFeeds(ValueError):
    """The installation already polls settings.FEEDS_MAX feeds."""


# Pasted text and files


def store_text(
    text: str,
    *,
    source_kind: SourceKind = SourceKind.PASTE,
    title: str = "",
    published_on: dt.date | None = None,
    source_name: str = "",
) -> tuple[Article, bool]:
    """Store an article's main text, or return the article already stored with that text.

    Returns the article and whether it is new.
    """
    content_hash = Article.hash_text(text)
    existing = Article.objects.filter(content_hash=content_hash).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=title[:500],
                text=text,
                content_hash=content_hash,
                published_on=published_on,
                source_name=source_name[:200],
                source_kind=source_kind,
                status=FetchStatus.FETCHED,
            )
    except IntegrityError:
        # Another worker stored the same story a moment ago:
        return Article.objects.get(content_hash=content_hash), False
    return article, True


def store_file(path: Path) -> tuple[Article, bool]:
    """Store a .txt or .html file as an article (see store_document)."""
    if path.stat().st_size > MAX_FILE_BYTES:
        raise UnreadableFile(
            f"{path.name}: larger than {MAX_FILE_BYTES // 1_000_000} MB."
        )
    return store_document(path.name, path.read_bytes())


def store_document(name: str, content: bytes) -> tuple[Article, bool]:
    """Store the text of a .txt or .html document (see store_text), or raise UnreadableFile."""
    suffix = Path(name).suffix.lower()
    if suffix not in FILE_SUFFIXES:
        raise UnreadableFile(f"{name}: only .txt and .html files can be ingested.")
    if len(content) > MAX_FILE_BYTES:
        raise UnreadableFile(f"{name}: larger than {MAX_FILE_BYTES // 1_000_000} MB.")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise UnreadableFile(f"{name}: not UTF-8 text.") from None
    if suffix == ".txt":
        if not text.strip():
            raise UnreadableFile(f"{name}: the file is empty.")
        title = text.strip().splitlines()[0][:200]
        return store_text(text, source_kind=SourceKind.FILE, title=title)
    try:
        page = read_page(text)
    except NoMainText:
        raise UnreadableFile(f"{name}: no article text found in the HTML.") from None
    return store_text(
        page.text,
        source_kind=SourceKind.FILE,
        title=page.title,
        published_on=page.published_on,
        source_name=page.site_name,
    )


# URLs


def queue_url(
    url: str,
    *,
    feed: Feed | None = None,
    title: str = "",
    published_on: dt.date | None = None,
) -> tuple[Article, bool]:
    """Return the article for the URL's canonical form, creating it queued for fetching.

    Raises InvalidURL for anything but an absolute http or https URL.
    """
    if not url.lower().startswith(("http://", "https://")):
        raise InvalidURL(f"{url[:200]!r} is not an http or https URL.")
    canonical = canonical_url(url)
    if len(canonical) > 2000:
        raise InvalidURL("The URL is longer than 2,000 characters.")
    return Article.objects.get_or_create(
        url=canonical,
        defaults={
            "title": title[:500],
            "feed": feed,
            "published_on": published_on,
            "source_kind": SourceKind.FEED if feed else SourceKind.URL,
            "status": FetchStatus.QUEUED,
        },
    )


def process_article(article: Article) -> None:
    """Fetch the article when it has no text yet, then extract its rounds.

    Steps: skip articles already done or failed; count the attempt (give up after MAX_ATTEMPTS);
    fetch and clean the page; store the text, or mark the article a duplicate when the same text
    is stored under another URL; extract and store proposals. A permanent fetch error marks the
    article failed with its reason; a TransientFetchError is raised for the task to retry.
    """
    if article.status in (
        FetchStatus.EXTRACTED,
        FetchStatus.DUPLICATE,
        FetchStatus.FAILED,
    ):
        return
    must_fetch = not article.text
    claim = {"attempts": F("attempts") + 1}
    if must_fetch:
        claim["status"] = FetchStatus.FETCHING
    Article.objects.filter(pk=article.pk).update(**claim)
    article.refresh_from_db(fields=["attempts"])
    if article.attempts > MAX_ATTEMPTS:
        mark_failed(article, f"Gave up after {MAX_ATTEMPTS} attempts.")
        return
    stage_ms: dict[str, float] = {}
    if must_fetch:
        try:
            _fetch_page(article, stage_ms)
        except (fetching.PermanentFetchError, NoMainText) as error:
            mark_failed(article, str(error))
            return
    # One transaction for every write: each commit waits for the disk.
    with transaction.atomic():
        started = time.perf_counter()
        if must_fetch and not _store_fetched(article):
            return
        extract_started = time.perf_counter()
        candidates = extract_rounds(article.text, article.published_on)
        stage_ms["extract"] = _ms_since(extract_started)
        proposals.propose_rounds(article, candidates)
        stage_ms["store"] = round(_ms_since(started) - stage_ms["extract"], 1)
        Article.objects.filter(pk=article.pk).update(stage_ms=stage_ms)


def _fetch_page(article: Article, stage_ms: dict[str, float]) -> None:
    """Download the article's URL and fill in its text and metadata (not saved yet)."""
    started = time.perf_counter()
    result = fetching.fetch(article.url, kind="page")
    stage_ms["fetch"] = _ms_since(started)
    started = time.perf_counter()
    body = result.body.decode(result.charset or "utf-8", errors="replace")
    if result.content_type == "text/plain":
        article.text = body
    else:
        page = read_page(body, url=result.final_url)
        article.text = page.text
        article.title = article.title or page.title[:500]
        article.published_on = article.published_on or page.published_on
        article.source_name = article.source_name or page.site_name[:200]
    stage_ms["clean"] = _ms_since(started)


def _store_fetched(article: Article) -> bool:
    """Save the fetched text; False when the same story is already stored under another URL."""
    article.content_hash = Article.hash_text(article.text)
    article.status = FetchStatus.FETCHED
    article.error = ""
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        original = (
            Article.objects.filter(content_hash=article.content_hash)
            .exclude(pk=article.pk)
            .first()
        )
        if original is None:
            raise
        Article.objects.filter(pk=article.pk).update(
            status=FetchStatus.DUPLICATE,
            duplicate_of=original,
            error=f"Same text as article {original.pk}.",
            updated_at=timezone.now(),
        )
        return False
    return True


def mark_failed(article: Article, reason: str) -> None:
    Article.objects.filter(pk=article.pk).update(
        status=FetchStatus.FAILED, error=reason[:2000], updated_at=timezone.now()
    )


def retry_article(article: Article) -> None:
    """Put a failed article back in the queue (the caller enqueues the task)."""
    Article.objects.filter(pk=article.pk, status=FetchStatus.FAILED).update(
        status=FetchStatus.QUEUED, error="", attempts=0, updated_at=timezone.now()
    )


def stalled_articles() -> list[int]:
    """Ids of articles queued or fetching for longer than any task takes: their task was lost."""
    cutoff = timezone.now() - STALLED_AFTER
    return list(
        Article.objects.filter(
            status__in=[FetchStatus.QUEUED, FetchStatus.FETCHING], updated_at__lt=cutoff
        ).values_list("pk", flat=True)[:1000]
    )


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


# Feeds


def add_feed(
    url: str, *, name: str = "", poll_interval_minutes: int = 60
) -> tuple[Feed, bool]:
    """Return the feed for the URL, creating it when new.

    Raises InvalidURL, or TooManyFeeds when a new feed would pass settings.FEEDS_MAX.
    """
    if not url.lower().startswith(("http://", "https://")):
        raise InvalidURL(f"{url[:200]!r} is not an http or https URL.")
    existing = Feed.objects.filter(url=url).first()
    if existing is not None:
        return existing, False
    if Feed.objects.count() >= settings.FEEDS_MAX:
        raise TooManyFeeds(
            f"There are already {settings.FEEDS_MAX:,} feeds, the most this installation "
            "polls (FEEDS_MAX). Remove or merge one in the admin first."
        )
    return Feed.objects.get_or_create(
        url=url,
        defaults={
            "name": name or url[:200],
            "poll_interval_minutes": poll_interval_minutes,
        },
    )


def due_feeds() -> list[int]:
    """Ids of active feeds whose polling interval has passed."""
    now = timezone.now()
    return [
        feed.pk
        for feed in Feed.objects.filter(active=True).only(
            "last_polled_at", "poll_interval_minutes"
        )
        if feed.last_polled_at is None
        or feed.last_polled_at + dt.timedelta(minutes=feed.poll_interval_minutes) <= now
    ]


def poll_feed(feed: Feed) -> list[Article]:
    """Fetch the feed (conditionally) and queue an article for every entry not seen before.

    Returns the articles to process: the new ones and those still waiting in the queue (the
    task processing an article twice is harmless, never processing it is not). A permanent error is recorded on the feed; a TransientFetchError
    is recorded and raised for the task to retry.
    """
    now = timezone.now()
    try:
        result = fetching.fetch(
            feed.url, kind="feed", etag=feed.etag, last_modified=feed.last_modified
        )
        entries = [] if result.not_modified else _feed_entries(result.body)
    except fetching.FetchError as error:
        Feed.objects.filter(pk=feed.pk).update(
            last_polled_at=now, last_error=error.reason
        )
        if isinstance(error, fetching.TransientFetchError):
            raise
        return []
    new = []
    for entry in entries[:MAX_FEED_ENTRIES]:
        try:
            article, created = queue_url(
                entry.get("link", ""),
                feed=feed,
                title=entry.get("title", ""),
                published_on=_entry_date(entry),
            )
        except InvalidURL:
            continue
        # Still queued too: a poll killed before it enqueued them must not strand them.
        if created or article.status == FetchStatus.QUEUED:
            new.append(article)
    Feed.objects.filter(pk=feed.pk).update(
        etag=result.etag[:500] if not result.not_modified else feed.etag,
        last_modified=result.last_modified[:100]
        if not result.not_modified
        else feed.last_modified,
        last_polled_at=now,
        last_success_at=now,
        last_error="",
    )
    return new


def _feed_entries(body: bytes) -> list[feedparser.FeedParserDict]:
    # RSS and Atom never need entity declarations; refusing them stops entity-expansion bombs.
    if b"<!entity" in body[:20_000].lower():
        raise fetching.PermanentFetchError("Refused: the feed declares XML entities.")
    # Bytes, never a string: feedparser fetches URLs and reads files when given a string.
    parsed = feedparser.parse(
        io.BytesIO(body), sanitize_html=True, resolve_relative_uris=False
    )
    entries = [entry for entry in parsed.entries if entry.get("link")]
    if parsed.bozo and not entries:
        reason = getattr(parsed, "bozo_exception", "no entries")
        raise fetching.PermanentFetchError(
            f"The feed could not be read as RSS or Atom: {reason}."
        )
    return entries


def _entry_date(entry: feedparser.FeedParserDict) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
