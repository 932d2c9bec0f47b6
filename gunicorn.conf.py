"""The web server as shipped: the Dockerfile, docker-compose.yml and the benchmarks all start
`gunicorn tracker.wsgi:application` in this folder, which reads this file."""

from __future__ import annotations

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
accesslog = "-"
