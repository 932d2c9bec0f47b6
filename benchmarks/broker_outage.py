"""A broker outage strands nothing: Redis stopped during 50 pastes (through gunicorn, as an editor)
and 50 file ingests (manage.py ingest_file), then started again; every article is extracted
without anyone's help (python -m benchmarks.broker_outage --pastes 50 --files 50).

Starts the shipped web server, worker and beat against a fresh PostgreSQL database and a Redis
server of its own, with the default settings, and prints what the editors and the command were
told during the outage and how long after Redis came back the last article was extracted.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections import Counter

import httpx

from benchmarks.stack import ROOT, Redis, Stack, fresh_database, story, wait_until


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pastes", type=int, default=50)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument(
        "--database", default="dealflow_bench_outage", help="dropped and created again"
    )
    args = parser.parse_args()
    stack = Stack(fresh_database(args.database))
    try:
        redis = stack.redis()
        stack.setup_django()
        stack.web()
        stack.worker()
        stack.beat()
        return _run(stack, redis, args.pastes, args.files)
    finally:
        stack.stop()


def _editor(stack: Stack) -> httpx.Client:
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user("bench-editor", password="bench-editor-password")
    user.groups.add(Group.objects.get(name="Editors"))
    client = httpx.Client(base_url=stack.web_url, timeout=60)
    client.get("/accounts/login/")
    client.post(
        "/accounts/login/",
        data={
            "username": "bench-editor",
            "password": "bench-editor-password",
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
        },
    )
    return client


def _run(stack: Stack, redis: Redis, pastes: int, files: int) -> int:
    from rounds.enums import ArticleStatus
    from rounds.models import Article

    client = _editor(stack)
    redis.stop()
    answers: Counter[str] = Counter()
    started = time.monotonic()
    for n in range(pastes):
        title, paragraphs = story(n)
        response = client.post(
            "/ingestion/text/",
            data={"title": title, "text": "\n\n".join(paragraphs)},
            headers={"X-CSRFToken": client.cookies["csrftoken"]},
            follow_redirects=True,
        )
        told = "cannot be reached" in response.text
        answers[
            f"{response.status_code}{' (told: processed when the queue is back)' if told else ''}"
        ] += 1
    paste_seconds = time.monotonic() - started
    for n in range(pastes, pastes + files):
        title, paragraphs = story(n)
        (stack.folder / f"story-{n}.txt").write_text(
            title + "\n\n" + "\n\n".join(paragraphs)
        )
    command = subprocess.run(
        [sys.executable, "manage.py", "ingest_file",
         *(str(stack.folder / f"story-{n}.txt") for n in range(pastes, pastes + files))],
        cwd=ROOT, env=stack.env, capture_output=True, text=True,
    )  # fmt: skip
    waiting = Article.objects.exclude(status=ArticleStatus.EXTRACTED).count()
    redis.start()
    back = time.monotonic()
    wait_until(
        lambda: (
            Article.objects.filter(status=ArticleStatus.EXTRACTED).count()
            == pastes + files
        ),
        timeout=900,
        what="every article",
    )
    elapsed = time.monotonic() - back
    queued_told = command.stdout.count("queued automatically when the queue is back")
    print(
        f"Redis stopped; {pastes} pastes through gunicorn took {paste_seconds:.1f} s:"
    )
    for answer, count in sorted(answers.items()):
        print(f"  HTTP {answer}: {count}")
    print(
        f"ingest_file of {files} files: exit code {command.returncode}, "
        f"{queued_told} told they are queued when the queue is back"
    )
    print(f"articles waiting when Redis started again: {waiting}")
    print(
        f"all {pastes + files} extracted {elapsed:.1f} s after Redis was back (default settings)"
    )
    print(f"logs in {stack.folder}")
    return (
        0
        if command.returncode == 0
        and set(answers) <= {"200 (told: processed when the queue is back)"}
        else 1
    )


if __name__ == "__main__":
    sys.exit(main())
