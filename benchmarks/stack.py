"""The shipped stack, started for a benchmark on this machine: a fresh PostgreSQL database, a Redis
server of its own (so it can be stopped), gunicorn with gunicorn.conf.py, and the Celery worker
and beat with the commands of docker-compose.yml, all with the default settings."""

from __future__ import annotations

import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fresh_database(name: str) -> str:
    """Drop and create the database `name`; its URL."""
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{POSTGRES}/{name}"


def wait_until(condition: Callable[[], bool], *, timeout: float, what: str) -> float:
    """Seconds until `condition` holds; exits the benchmark when it does not in time."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > timeout:
            sys.exit(f"Timed out after {timeout:.0f} s waiting for {what}.")
        time.sleep(0.1)
    return time.monotonic() - started


class Process:
    """A command in its own process group, so that a kill takes its children too."""

    def __init__(self, command: list[str], env: dict[str, str], log: Path) -> None:
        self.command, self.env, self.log = command, env, log
        self.popen: subprocess.Popen[bytes] | None = None

    def start(self) -> Process:
        with self.log.open("ab") as out:
            self.popen = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        return self

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.popen is not None and self.popen.poll() is None:
            os.killpg(self.popen.pid, sig)
            self.popen.wait(timeout=30)

    def stop(self) -> None:
        try:
            self.kill(signal.SIGTERM)
        except subprocess.TimeoutExpired:
            self.kill()


class Redis(Process):
    """A redis-server of the benchmark's own on a free port, which keeps nothing on disk."""

    def __init__(self, log: Path) -> None:
        self.port = free_port()
        command = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port),
                   "--save", "", "--appendonly", "no"]  # fmt: skip
        super().__init__(command, dict(os.environ), log)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> Redis:
        super().start()
        wait_until(self._answers, timeout=10, what="redis-server")
        return self

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


class Stack:
    """Settings and processes of one benchmark run; its logs go to a temporary folder."""

    def __init__(self, database_url: str) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="dealflow-bench-"))
        self.web_port = free_port()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tracker.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "FETCH_ALLOW_LOOPBACK": "true",
            # Plain http on loopback, as docker-compose.yml serves it:
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "BIND": f"127.0.0.1:{self.web_port}",
        }
        self.processes: list[Process] = []

    def redis(self) -> Redis:
        """Start the stack's own Redis, the broker of every process started after it."""
        redis = Redis(self.folder / "redis.log").start()
        self.processes.append(redis)
        self.env["CELERY_BROKER_URL"] = redis.url
        return redis

    def setup_django(self) -> None:
        """Configure Django in this process with the stack's settings; migrate and collect the
        static files, as a deployment does."""
        os.environ.update(self.env)
        import django
        from django.core.management import call_command

        django.setup()
        # One line per request of the benchmark's own HTTP client is noise here:
        logging.getLogger("httpx").setLevel(logging.WARNING)
        call_command("migrate", verbosity=0)
        call_command("collectstatic", verbosity=0, interactive=False)

    def _start(self, name: str, command: list[str]) -> Process:
        process = Process(command, self.env, self.folder / f"{name}.log").start()
        self.processes.append(process)
        return process

    def worker(self) -> Process:
        return self._start(
            "worker",
            [sys.executable, "-m", "celery", "-A", "tracker", "worker",
             "--loglevel=INFO", "--concurrency=2"],
        )  # fmt: skip

    def beat(self) -> Process:
        schedule = self.folder / "celerybeat-schedule"
        return self._start(
            "beat",
            [sys.executable, "-m", "celery", "-A", "tracker", "beat",
             "--loglevel=INFO", f"--schedule={schedule}"],
        )  # fmt: skip

    def web(self) -> Process:
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        process = self._start("web", [gunicorn, "tracker.wsgi:application"])
        wait_until(self._web_answers, timeout=30, what="gunicorn")
        return process

    @property
    def web_url(self) -> str:
        return f"http://127.0.0.1:{self.web_port}"

    def _web_answers(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.web_port), timeout=1).close()
        except OSError:
            return False
        return True

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()


def story(n: int) -> tuple[str, list[str]]:
    """The headline and paragraphs of an invented funding story, different for each `n`."""
    return (
        f"Testco{n} Robotics raises ${n % 90 + 5} million",
        [
            f"Testco{n} Robotics, a Lisbon warehouse-automation startup, has raised "
            f"${n % 90 + 5} million in a Series A round led by Harbor Lane Ventures, the "
            "company said on Monday.",
            f"It will hire engineers and open a second office next year, founder number {n} said.",
        ],
    )
