"""Recovery after a worker is killed: SIGKILL mid-batch, restart, and every article still extracted
once, with the default settings (python -m benchmarks.worker_recovery --articles 300).

Starts the shipped worker and beat against a fresh PostgreSQL database and a Redis server of its
own, publishes a feed of invented stories from a local fake site, kills the worker's whole process
group once a third is extracted, starts it again at once, and prints how long after the restart
the last article was extracted, and whether any was lost or duplicated.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time

from benchmarks.stack import Stack, fresh_database, story, wait_until


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument(
        "--database",
        default="dealflow_bench_recovery",
        help="dropped and created again",
    )
    args = parser.parse_args()
    stack = Stack(fresh_database(args.database))
    try:
        stack.redis()
        stack.setup_django()
        return _run(stack, args.articles)
    finally:
        stack.stop()


def _run(stack: Stack, count: int) -> int:
    from rounds import tasks
    from rounds.enums import ArticleStatus
    from rounds.ingestion import pipeline
    from rounds.models import Article, RoundProposal
    from tests.fakesite import FakeSite

    with FakeSite() as site:
        links = []
        for n in range(count):
            title, paragraphs = story(n)
            links.append((title, site.page(f"/story-{n}", title, paragraphs)))
        feeds = [
            pipeline.add_feed(site.feed(f"/rss-{start}", links[start : start + 500]))[0]
            for start in range(0, count, 500)
        ]
        worker = stack.worker()
        stack.beat()
        extracted = Article.objects.filter(status=ArticleStatus.EXTRACTED)
        for feed in feeds:
            tasks.poll_feed.delay(feed_id=feed.pk)
        wait_until(
            lambda: extracted.count() >= count // 3,
            timeout=300,
            what="a third extracted",
        )
        worker.kill(signal.SIGKILL)
        at_kill = extracted.count()
        restarted = time.monotonic()
        worker.start()
        wait_until(
            lambda: extracted.count() == count, timeout=900, what="every article"
        )
        elapsed = time.monotonic() - restarted
        urls = list(Article.objects.values_list("url", flat=True))
        proposals = RoundProposal.objects.count()
    lost = count - len(set(urls))
    duplicated = len(urls) - len(set(urls)) + max(proposals - count, 0)
    print(
        f"{count} articles; worker killed (SIGKILL, whole process group) at {at_kill} extracted"
    )
    print(f"all {count} extracted {elapsed:.1f} s after the restart (default settings)")
    print(
        f"articles {len(urls)}, proposals {proposals}: {lost} lost, {duplicated} duplicated"
    )
    print(f"logs in {stack.folder}")
    return 0 if lost == duplicated == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
