"""Time the deals page and the league table of two versions of Dealflow, each served by its own
gunicorn over its own database, through HTTP only, so that any revision is timed the same way.

    python -m benchmarks.versions --lead SLUG \\
        --server before=http://127.0.0.1:8001/dealflow_before \\
        --server after=http://127.0.0.1:8002/dealflow_bench

A server is NAME=URL/DATABASE: its address, and the PostgreSQL database it reads. Each needs a
user who can see the deals (`manage.py createsuperuser --noinput` with
DJANGO_SUPERUSER_PASSWORD, in each version's checkout), and runs as shipped with plain http
allowed: ALLOWED_HOSTS=127.0.0.1, SECURE_SSL_REDIRECT, SESSION_COOKIE_SECURE and
CSRF_COOKIE_SECURE false.

Two figures per request, medians of --repeat: the wall time, and the CPU time the server spent
on it, its gunicorn processes' and its PostgreSQL backends' together, read from Linux's
/proc/<pid>/schedstat (nanoseconds on a core). Other work on the machine stretches the wall time
but hardly the CPU time, so the CPU column is the one to compare on a shared machine. The
requests are interleaved, server after server in alternating order, so that the load falls on
both alike. The league table's first request (`first`) is the one that computes it where a
version caches it; the medians are over the rest.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import os
import re
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import psycopg

from benchmarks.queries import SERIES_B_IN_PROGRESS

LOGIN = "/accounts/login/"


@dataclass(frozen=True)
class Request:
    label: str
    path: str


@dataclass(frozen=True)
class Timing:
    wall_ms: float
    cpu_ms: float


def requests_for(lead: str, search: str) -> list[Request]:
    """The deals filters and league tables that both versions understand."""
    deals = [
        ("Deals, no filter", {}),
        (f"Deals, lead {lead}, by valuation", {"lead": lead, "sort": "-valuation"}),
        (
            "Deals, valuation ≥ $1B, newest first",
            {"valuation_min": "1B", "sort": "-date"},
        ),
        (f'Deals, search "{search}"', {"q": search}),
        SERIES_B_IN_PROGRESS,
    ]
    leagues = [
        ("League table, all lead investors", {}),
        (
            "League table, valuation ≥ $1B since 2024",
            {"valuation_min": "1B", "date_from": "2024-01-01"},
        ),
    ]
    return [
        Request(label, f"/?{urllib.parse.urlencode(query)}") for label, query in deals
    ] + [
        Request(label, f"/leads/?{urllib.parse.urlencode(query)}")
        for label, query in leagues
    ]


def _cpu_ns(pids: set[int]) -> int:
    """The time these processes have spent on a core, every thread of them (gunicorn's gthread
    workers answer on threads), in nanoseconds; gone ones count 0."""
    total = 0
    for pid in pids:
        for task in Path(f"/proc/{pid}/task").glob("*/schedstat"):
            with contextlib.suppress(FileNotFoundError, ProcessLookupError):
                total += int(task.read_text().split()[0])
    return total


def _listening_pids(port: int) -> set[int]:
    """The processes holding the socket that listens on `port` (gunicorn's master and workers)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{fields[9]}]")
    pids = set()
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            if any(str(fd.readlink()) in inodes for fd in fd_dir.iterdir()):
                pids.add(int(fd_dir.parent.name))
        except (FileNotFoundError, PermissionError, ProcessLookupError):
            continue
    return pids


class Server:
    """A signed-in browser of one version's server, and a meter of the CPU it spends."""

    def __init__(
        self, spec: str, username: str, password: str, postgres: psycopg.Connection
    ) -> None:
        url, _, self.database = spec.rpartition("/")
        if not url or not self.database:
            raise SystemExit(f"--server takes NAME=URL/DATABASE, not {spec!r}")
        self.base = url
        self.postgres = postgres
        port = urllib.parse.urlsplit(url).port or 80
        self.server_pids = _listening_pids(port)
        if not self.server_pids:
            raise SystemExit(f"Nothing listens on port {port} of this machine.")
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        self._log_in(username, password)

    def _log_in(self, username: str, password: str) -> None:
        form = self.get(LOGIN)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        if token is None:
            raise SystemExit(f"{self.base}{LOGIN} has no CSRF token: is it Dealflow?")
        data = urllib.parse.urlencode(
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": token.group(1),
            }
        ).encode()
        request = urllib.request.Request(
            f"{self.base}{LOGIN}", data=data, headers={"Referer": f"{self.base}{LOGIN}"}
        )
        with self.opener.open(request) as response:
            if response.url.endswith(LOGIN):
                raise SystemExit(f"{self.base}: the user {username!r} could not log in")

    def get(self, path: str) -> str:
        try:
            with self.opener.open(f"{self.base}{path}") as response:
                return response.read().decode()
        except urllib.error.HTTPError as error:
            raise SystemExit(f"{self.base}{path}: HTTP {error.code}") from None

    def _pids(self) -> set[int]:
        backends = self.postgres.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.database]
        ).fetchall()
        return self.server_pids | {pid for (pid,) in backends}

    def time(self, path: str) -> Timing:
        """A GET, body read: its wall time and the CPU time the server spent on it."""
        pids = self._pids()
        cpu, start = _cpu_ns(pids), time.perf_counter()
        self.get(path)
        wall = time.perf_counter() - start
        # A backend that connected during the request counts from its start:
        spent = _cpu_ns(pids | self._pids()) - cpu
        return Timing(wall * 1000, spent / 1e6)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--server",
        action="append",
        required=True,
        metavar="NAME=URL/DATABASE",
        help="A version's server; give two or more, the first is the baseline.",
    )
    parser.add_argument(
        "--lead", required=True, help="The slug of a busy lead investor."
    )
    parser.add_argument("--search", default="robotics")
    parser.add_argument("--user", default="benchmark")
    parser.add_argument("--password", default="benchmark")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--postgres",
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        help="Where to list the servers' PostgreSQL backends.",
    )
    args = parser.parse_args(argv)
    with psycopg.connect(args.postgres, autocommit=True) as postgres:
        servers: dict[str, Server] = {}
        for spec in args.server:
            name, _, rest = spec.partition("=")
            if not rest:
                parser.error(f"--server takes NAME=URL/DATABASE, not {spec!r}")
            servers[name] = Server(rest, args.user, args.password, postgres)
        requests = requests_for(args.lead, args.search)
        first, timings = _interleave(servers, requests, args.repeat)
    _print(requests, list(servers), first, timings, args.repeat)
    return 0


def _interleave(
    servers: dict[str, Server], requests: list[Request], repeat: int
) -> tuple[dict[tuple[str, str], Timing], dict[tuple[str, str], list[Timing]]]:
    """Each request once per server (the first), then `repeat` times each, interleaved."""
    first = {
        (request.label, name): server.time(request.path)
        for request in requests
        for name, server in servers.items()
    }
    timings: dict[tuple[str, str], list[Timing]] = {}
    for turn in range(repeat):
        for request in requests:
            # Alternate which server goes first, so that neither always follows the other:
            order = list(servers.items())
            for name, server in order if turn % 2 == 0 else reversed(order):
                timings.setdefault((request.label, name), []).append(
                    server.time(request.path)
                )
    return first, timings


def _print(
    requests: list[Request],
    names: list[str],
    first: dict[tuple[str, str], Timing],
    timings: dict[tuple[str, str], list[Timing]],
    repeat: int,
) -> None:
    print(
        f"Medians of {repeat} interleaved requests, ms: wall time, and the server's CPU time "
        "(gunicorn and PostgreSQL); the first request's wall time in brackets; "
        f"load average {', '.join(f'{n:.1f}' for n in os.getloadavg())}\n"
    )
    header = f"{'request':<52}"
    for n, name in enumerate(names):
        header += f"{name + ' wall':>16}{'cpu':>8}" + (
            "" if n == 0 else f"{'Δ cpu':>8}"
        )
    print(header)
    for request in requests:
        row = f"{request.label[:51]:<52}"
        base_cpu = 0.0
        for n, name in enumerate(names):
            runs = timings[request.label, name]
            wall = statistics.median(t.wall_ms for t in runs)
            cpu = statistics.median(t.cpu_ms for t in runs)
            row += (
                f"{wall:>7.1f} ({first[request.label, name].wall_ms:>6.1f}){cpu:>8.1f}"
            )
            if n == 0:
                base_cpu = cpu
            else:
                row += f"{cpu / base_cpu - 1:>+8.0%}" if base_cpu else f"{'—':>8}"
        print(row)


if __name__ == "__main__":
    sys.exit(main())
