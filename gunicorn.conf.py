"""The web server as shipped: the Dockerfile, docker-compose.yml and the benchmarks all start
`gunicorn tracker.wsgi:application` in this folder, which reads this file."""

from __future__ import annotations

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Threads, so that a long streamed export (a CSV of every round) keeps its worker alive: the
# worker's main thread tells the arbiter it lives while a request thread streams. A sync
# worker would be killed after `timeout` seconds mid-file, and the client get a cut file.
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
# A worker that stops answering the arbiter this long is restarted (not a request's limit).
timeout = 30
accesslog = "-"
