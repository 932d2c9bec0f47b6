"""Real Celery worker processes against the real Redis broker and PostgreSQL test database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection

from tests.fakesite import FakeSite
from tracker import celery_app

ROOT = Path(__file__).resolve().parents[2]


class Worker:
    """A `celery worker` subprocess in its own process group, so SIGKILL takes its children too."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "tracker", "worker", "--concurrency=2",
                 "--pool=prefork", "--loglevel=INFO", "--without-gossip", "--without-mingle",
                 "--without-heartbeat"],
                cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.2)


@pytest.fixture
def site(settings) -> Iterator[FakeSite]:
    settings.FETCH_ALLOW_LOOPBACK = True
    with FakeSite() as site:
        yield site


@pytest.fixture
def start_worker(
    on_postgresql, broker_url, transactional_db, tmp_path
) -> Iterator[Callable[..., Worker]]:
    """Start worker processes on a queue of this test's own, publishing to it from the test."""
    queue = f"dealflow-test-{uuid.uuid4().hex[:12]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "DEBUG": "false",
        "SECRET_KEY": "integration-tests-only-" + uuid.uuid4().hex,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_BROKER_URL": broker_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "FETCH_ALLOW_LOOPBACK": "true",
        "FETCH_TIMEOUT_SECONDS": "3",
        # Bad pages give up after their retries in seconds, not minutes; recovery after a
        # killed worker keeps the shipped defaults:
        "INGEST_RETRY_BASE_SECONDS": "1",
        "INGEST_RETRY_MAX_SECONDS": "2",
    }
    previous = celery_app.conf.task_always_eager, celery_app.conf.task_default_queue
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    workers: list[Worker] = []

    def start(**more_env: str) -> Worker:
        worker = Worker({**env, **more_env}, tmp_path / "worker.log")
        worker.start()
        workers.append(worker)
        return worker

    yield start

    for worker in workers:
        worker.stop()
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous
    with celery_app.connection_for_write() as conn:
        conn.default_channel.queue_delete(queue)
