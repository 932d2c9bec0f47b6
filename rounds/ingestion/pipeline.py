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
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from rounds.enums import ArticleStatus, SourceKind
from rounds.ingestion import fetching, language_model, matching
from rounds.ingestion.canonical import canonical_url
from rounds.ingestion.html_text import NoMainText, decode_page, read_page
from rounds.models import Article, Feed

MAX_FILE_BYTES = 5_000_000
FILE_SUFFIXES = (".txt", ".html", ".htm")
# A page that has killed the worker this often is given up on instead of being redelivered forever.
MAX_ATTEMPTS = 5
MAX_FEED_ENTRIES = 500
# Not extracted, duplicate or failed yet: such an article still needs its task.
PENDING = (ArticleStatus.QUEUED, ArticleStatus.FETCHING, ArticleStatus.FETCHED)
# An article whose send failed (or never happened: a crash between commit and publish) is sent
# again after SEND_GRACE; one sent but still waiting, after RESEND_AFTER when the queue is empty
# (its message was lost: a worker killed while holding it), or after RESEND_ALWAYS whatever
# the queue holds.
SEND_GRACE = dt.timedelta(seconds=20)
RESEND_AFTER = dt.timedelta(seconds=30)
RESEND_ALWAYS = dt.timedelta(hours=1)


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
    status: ArticleStatus = ArticleStatus.FETCHED,
) -> tuple[Article, bool]:
    """Store an article's main text, or return the article already stored with that text.

    Returns the article and whether it is new. It waits to be read (`status` FETCHED), unless
    there is nothing for the extractor to read (EXTRACTED: an analyst's note).
    """
    # PostgreSQL text cannot hold NUL, and no article needs it:
    text = text.replace("\x00", "")
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
                status=status,
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
    if suffix == ".txt":
        try:
            text = content.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
        except UnicodeDecodeError:
            raise UnreadableFile(
                f"{name}: not UTF-8 text. Save it as UTF-8, or as an .html file that "
                "declares its encoding."
            ) from None
        if not text.strip():
            raise UnreadableFile(f"{name}: the file is empty.")
        title = text.strip().splitlines()[0][:200]
        return store_text(text, source_kind=SourceKind.FILE, title=title)
    try:
        page = read_page(decode_page(content))
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


def check_given_url(url: str) -> None:
    """Refuse a URL a person gives (the forms, `ingest_url`, `add_feed`) when it is given, as
    fetching it would be refused: InvalidURL with the fetcher's reason (not http or https, or
    a host that is, or resolves to, a private, loopback or other non-public address)."""
    try:
        fetching.check_public(url)
    except fetching.PermanentFetchError as refused:
        raise InvalidURL(refused.reason) from None


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
            "status": ArticleStatus.QUEUED,
        },
    )


def process_article(article: Article, *, worker: str = "") -> float | None:
    """Fetch the article when it has no text yet, then extract its rounds.

    Steps: take the article's lease (a second delivery of its task gets the seconds until the
    lease ends back, and tries again then; an article already done gets None); count the
    attempt (give up after MAX_ATTEMPTS); fetch and clean the page; store the text, or mark the
    article a duplicate when the same text is stored under another URL; extract and store
    proposals. A permanent fetch error marks the article failed with its reason; a
    TransientFetchError is raised for the task to retry. The lease ends with the attempt.
    """
    if not _claim(article, worker):
        return _lease_left(article)
    try:
        _process(article)
    finally:
        Article.objects.filter(pk=article.pk).update(
            claimed_by="", claimed_until=None, updated_at=timezone.now()
        )
    return None


def _claim(article: Article, worker: str) -> bool:
    now = timezone.now()
    claimed = (
        Article.objects.filter(pk=article.pk, status__in=PENDING)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .update(
            claimed_by=worker[:200],
            claimed_until=now + _lease(),
            updated_at=now,
            attempts=F("attempts") + 1,
            send_error="",
            status=Case(
                When(text="", then=Value(ArticleStatus.FETCHING)), default=F("status")
            ),
        )
    )
    if claimed:
        article.refresh_from_db()
    return bool(claimed)


def task_time_limit() -> int:
    """Seconds an article's task may run: the configured limit, and the model's allowance."""
    return settings.CELERY_TASK_TIME_LIMIT + language_model.time_allowance()


def _lease() -> dt.timedelta:
    # Longer than a task may run: the hard time limit stops it first.
    return dt.timedelta(seconds=task_time_limit() + 10)


def _lease_left(article: Article) -> float | None:
    until = (
        Article.objects.filter(pk=article.pk, status__in=PENDING)
        .values_list("claimed_until", flat=True)
        .first()
    )
    if until is None:
        return None
    return max((until - timezone.now()).total_seconds(), 0.0)


def _process(article: Article) -> None:
    if article.attempts > MAX_ATTEMPTS:
        mark_failed(article, f"Gave up after {MAX_ATTEMPTS} attempts.")
        return
    must_fetch = not article.text
    stage_ms: dict[str, float] = {}
    if must_fetch:
        try:
            _fetch_page(article, stage_ms)
        except (fetching.PermanentFetchError, NoMainText) as error:
            mark_failed(article, str(error))
            return
        except fetching.TransientFetchError:
            # The retry falls due within INGEST_RETRY_MAX_SECONDS: no need to send it before.
            Article.objects.filter(pk=article.pk).update(
                status=ArticleStatus.QUEUED,
                updated_at=timezone.now(),
                sent_at=timezone.now()
                + dt.timedelta(seconds=settings.INGEST_RETRY_MAX_SECONDS),
            )
            raise
    started = time.perf_counter()
    if must_fetch and not _store_fetched(article):
        return
    # The extractors run outside a transaction: a language model may take a minute.
    extract_started = time.perf_counter()
    companies, investors = matching.known_names(article.title + "\n" + article.text)
    extraction = language_model.extract(
        article.text,
        article.published_on,
        title=article.title,
        known_companies=companies,
        known_investors=investors,
    )
    stage_ms["extract"] = _ms_since(extract_started)
    with transaction.atomic():
        matching.propose_rounds(article, extraction.candidates)
        stage_ms["store"] = round(_ms_since(started) - stage_ms["extract"], 1)
        Article.objects.filter(pk=article.pk).update(
            stage_ms=stage_ms,
            extractor=extraction.extractor,
            extraction_note=extraction.note,
            model_report=extraction.report,
        )


def _fetch_page(article: Article, stage_ms: dict[str, float]) -> None:
    """Download the article's URL and fill in its text and metadata (not saved yet)."""
    started = time.perf_counter()
    result = fetching.fetch(article.url, kind="page")
    stage_ms["fetch"] = _ms_since(started)
    started = time.perf_counter()
    plain = result.content_type == "text/plain"
    body = decode_page(result.body, charset=result.charset, html=not plain)
    if plain:
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
    article.status = ArticleStatus.FETCHED
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
            status=ArticleStatus.DUPLICATE,
            duplicate_of=original,
            error=f"Same text as article {original.pk}.",
            updated_at=timezone.now(),
        )
        return False
    return True


def mark_failed(article: Article, reason: str) -> None:
    Article.objects.filter(pk=article.pk).update(
        status=ArticleStatus.FAILED,
        error=reason[:2000],
        claimed_by="",
        claimed_until=None,
        updated_at=timezone.now(),
    )


def retry_article(article: Article) -> bool:
    """Put a failed or waiting article back in the queue (the caller sends its task).

    False when it is done, or a worker holds it right now.
    """
    now = timezone.now()
    return bool(
        Article.objects.filter(
            pk=article.pk, status__in=[*PENDING, ArticleStatus.FAILED]
        )
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        .update(
            status=Case(
                When(
                    status=ArticleStatus.FAILED,
                    text="",
                    then=Value(ArticleStatus.QUEUED),
                ),
                When(status=ArticleStatus.FAILED, then=Value(ArticleStatus.FETCHED)),
                default=F("status"),
            ),
            error="",
            attempts=0,
            updated_at=now,
        )
    )


def mark_sent(article_ids: list[int]) -> None:
    now = timezone.now()
    Article.objects.filter(pk__in=article_ids).update(
        sent_at=now, send_error="", updated_at=now
    )


def mark_unsent(article_ids: list[int], reason: str) -> None:
    """Record why the articles' tasks could not be sent; articles_to_send sends them again."""
    Article.objects.filter(pk__in=article_ids).update(
        sent_at=None, send_error=reason[:2000], updated_at=timezone.now()
    )


def articles_to_send(*, queue_empty: bool) -> list[int]:
    """Ids of articles not done whose task may be lost, and no worker holds: send them again.

    Never sent, or the send failed, for SEND_GRACE; sent but still waiting for RESEND_AFTER
    while the queue is empty (the message is gone, or a dead worker held it); or for
    RESEND_ALWAYS, whatever the queue holds.
    """
    now = timezone.now()
    lost = Q(sent_at__isnull=True, created_at__lt=now - SEND_GRACE) | Q(
        sent_at__lt=now - RESEND_ALWAYS
    )
    if queue_empty:
        lost |= Q(sent_at__lt=now - RESEND_AFTER)
    return list(
        Article.objects.filter(lost, status__in=PENDING)
        .exclude(claimed_until__gt=now)
        .order_by("pk")
        .values_list("pk", flat=True)[:1000]
    )


def release_leases(worker: str) -> list[int]:
    """End the leases `worker` held before it was restarted; the ids of those articles.

    A worker's name is unique, so at its start every lease in its name is of its previous life.
    """
    leased = Article.objects.filter(claimed_by=worker, status__in=PENDING)
    ids = list(leased.values_list("pk", flat=True))
    leased.update(claimed_by="", claimed_until=None, updated_at=timezone.now())
    return ids


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


# Feeds


def add_feed(
    url: str, *, name: str = "", poll_interval_minutes: int = 60
) -> tuple[Feed, bool]:
    """Return the feed for the URL, creating it when new.

    Raises InvalidURL, or TooManyFeeds when a new feed would pass settings.FEEDS_MAX.
    """
    _check_feed_url(url)
    existing = Feed.objects.filter(url=url).first()
    if existing is not None:
        return existing, False
    _check_room_for_a_feed()
    return Feed.objects.get_or_create(
        url=url,
        defaults={
            "name": name or url[:200],
            "poll_interval_minutes": poll_interval_minutes,
        },
    )


def add_polled_feed(
    url: str, *, name: str = "", poll_interval_minutes: int = 60
) -> tuple[Feed, bool, list[Article]]:
    """Add a feed an editor gives: polled once first, and stored only if it is a feed.

    Steps: a feed already stored is returned as it is; a new one is refused when there is no
    room for it (TooManyFeeds); it is fetched with the guarded fetcher and its time limit, and
    read, a FetchError giving the reason when it cannot be fetched or is not RSS or Atom
    (nothing is stored then); the feed is stored and its entries queued as a poll would.
    Returns the feed, whether it is new, and the articles to process.
    """
    _check_feed_url(url)
    existing = Feed.objects.filter(url=url).first()
    if existing is not None:
        return existing, False, []
    _check_room_for_a_feed()
    polled_at = timezone.now()
    result = fetching.fetch(url, kind="feed")
    entries = _feed_entries(result.body)
    with transaction.atomic():
        feed, created = add_feed(
            url, name=name, poll_interval_minutes=poll_interval_minutes
        )
        if not created:
            return feed, False, []
        return feed, True, _queue_entries(feed, result, entries, polled_at)


def _check_feed_url(url: str) -> None:
    if not url.lower().startswith(("http://", "https://")):
        raise InvalidURL(f"{url[:200]!r} is not an http or https URL.")


def _check_room_for_a_feed() -> None:
    if Feed.objects.count() >= settings.FEEDS_MAX:
        raise TooManyFeeds(
            f"There are already {settings.FEEDS_MAX:,} feeds, the most this installation "
            "polls (FEEDS_MAX). Remove or merge one in the admin first."
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
    return _queue_entries(feed, result, entries, now)


def _queue_entries(
    feed: Feed,
    result: fetching.FetchResult,
    entries: list[feedparser.FeedParserDict],
    now: dt.datetime,
) -> list[Article]:
    """Queue an article for each entry not seen before, and record the poll on the feed."""
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
        if created or article.status == ArticleStatus.QUEUED:
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
    if not parsed.version and not entries:
        raise fetching.PermanentFetchError(
            "Refused: this is XML, but not an RSS or Atom feed."
        )
    return entries


def _entry_date(entry: feedparser.FeedParserDict) -> dt.date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday) if parsed else None
