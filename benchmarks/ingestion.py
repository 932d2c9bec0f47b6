"""End-to-end ingestion speed: a local fake feed of generated articles through the real broker
and worker processes into PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dealflow_bench \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/8 \\
    python -m benchmarks.ingestion --articles 1000 --workers 2

Prints articles per second end to end (from publishing the feed poll to the last article stored)
and the mean time per article of each stage (fetch, clean, extract, store) as the workers
measured it.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("fetch", "clean", "extract", "store")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument(
        "--workers", type=int, default=2, help="worker processes (prefork pool size)"
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit(
            "Set DATABASE_URL to a PostgreSQL database (it is migrated and written to)."
        )
    if not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"):
        sys.exit("Set CELERY_BROKER_URL to a Redis database.")
    queue = f"dealflow-bench-{uuid.uuid4().hex[:8]}"
    os.environ.update(
        DJANGO_SETTINGS_MODULE="tracker.settings",
        DEBUG="false",
        SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(40),
        FETCH_ALLOW_LOOPBACK="true",
        CELERY_TASK_DEFAULT_QUEUE=queue,
    )
    import django

    django.setup()
    from django.core.management import call_command

    from benchmarks.extraction import generate_corpus
    from rounds import tasks
    from rounds.enums import ArticleStatus
    from rounds.ingestion import pipeline
    from rounds.models import Article
    from tests.fakesite import FakeSite
    from tracker import celery_app

    call_command("migrate", verbosity=0)
    run = uuid.uuid4().hex[:8]
    texts = generate_corpus(args.articles, seed=int(run, 16))
    with FakeSite() as site:
        links = []
        for n, text in enumerate(texts):
            paragraphs = [*text.split("\n\n"), f"Reference {run}-{n}."]
            links.append(
                (f"Story {n}", site.page(f"/{run}/{n}", f"Story {n}", paragraphs))
            )
        feeds = []
        for start in range(0, len(links), pipeline.MAX_FEED_ENTRIES):
            url = site.feed(
                f"/{run}/rss/{start}", links[start : start + pipeline.MAX_FEED_ENTRIES]
            )
            feeds.append(
                pipeline.add_feed(url, name=f"benchmark {run} from {start}")[0]
            )
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tracker", "worker", f"--concurrency={args.workers}",
             "--loglevel=WARNING", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=os.environ.copy(),
        )  # fmt: skip
        try:
            _wait_for_worker(celery_app)
            articles = Article.objects.filter(feed__in=feeds)
            started = time.perf_counter()
            for feed in feeds:
                tasks.poll_feed.delay(feed_id=feed.pk)
            done = [
                ArticleStatus.EXTRACTED,
                ArticleStatus.DUPLICATE,
                ArticleStatus.FAILED,
            ]
            while articles.filter(status__in=done).count() < args.articles:
                if worker.poll() is not None:
                    sys.exit("The worker stopped; see its output above.")
                time.sleep(0.05)
            elapsed = time.perf_counter() - started
        finally:
            worker.terminate()
            worker.wait(timeout=60)
            with celery_app.connection_for_write() as conn:
                conn.default_channel.queue_delete(queue)
    failed = articles.exclude(status=ArticleStatus.EXTRACTED).count()
    timings = list(articles.values_list("stage_ms", flat=True))
    print(
        f"{args.articles} articles, {args.workers} worker processes, {failed} not extracted"
    )
    print(f"end to end: {args.articles / elapsed:,.1f} articles/s ({elapsed:.2f} s)")
    for stage in STAGES:
        values = [t[stage] for t in timings if stage in t]
        mean = statistics.fmean(values)
        print(
            f"  {stage:<8} {mean:7.2f} ms per article  ({1000 / mean:,.0f} articles/s per process)"
        )
    return 0


def _wait_for_worker(app: object, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not app.control.ping(timeout=1.0):  # type: ignore[attr-defined]
        if time.monotonic() > deadline:
            sys.exit("No worker answered within a minute.")


if __name__ == "__main__":
    sys.exit(main())
