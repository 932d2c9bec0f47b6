"""Time the deals page and the league table of two versions of Dealflow, each served by its own
gunicorn over its own database, through HTTP only, so that any revision is timed the same way.

    python -m benchmarks.versions --lead SLUG \\
        --server before=http://127.0.0.1:8001 --server after=http://127.0.0.1:8002

Each server needs a user who can see the deals (`manage.py createsuperuser --noinput` with
DJANGO_SUPERUSER_PASSWORD, in each version's checkout), and runs as shipped with plain http
allowed: SECURE_SSL_REDIRECT, SESSION_COOKIE_SECURE and CSRF_COOKIE_SECURE false. The requests
are interleaved, server after server in alternating order, so that the machine's load falls on
both alike; each row prints the median wall time per server and the change from the first.
The league table's first request (`first`) is the one that computes it where a version caches
it; the median is over the rest.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import statistics
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass


@dataclass(frozen=True)
class Request:
    label: str
    path: str


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
        (
            "Deals, series B, in progress, 2023–24, by amount",
            {
                "round_type": "series_b",
                "status": "in_progress",
                "date_from": "2023-01-01",
                "date_to": "2024-12-31",
                "sort": "-amount",
            },
        ),
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


class Session:
    """A signed-in browser of one server: its cookies, and the login form's CSRF token."""

    def __init__(self, base: str, username: str, password: str) -> None:
        self.base = base.rstrip("/")
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )
        form = self.get("/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        if token is None:
            raise SystemExit(
                f"{self.base}/accounts/login/ has no CSRF token: is it Dealflow?"
            )
        data = urllib.parse.urlencode(
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": token.group(1),
            }
        ).encode()
        request = urllib.request.Request(
            f"{self.base}/accounts/login/",
            data=data,
            headers={"Referer": f"{self.base}/accounts/login/"},
        )
        with self.opener.open(request) as response:
            if response.url.rstrip("/").endswith("/login"):
                raise SystemExit(f"{self.base}: the user {username!r} could not log in")

    def get(self, path: str) -> str:
        with self.opener.open(f"{self.base}{path}") as response:
            return response.read().decode()

    def time(self, path: str) -> float:
        """The wall time of a GET, in milliseconds, body read."""
        start = time.perf_counter()
        try:
            self.get(path)
        except urllib.error.HTTPError as error:
            raise SystemExit(f"{self.base}{path}: HTTP {error.code}") from None
        return (time.perf_counter() - start) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--server",
        action="append",
        required=True,
        metavar="NAME=URL",
        help="A version's server; give two or more, the first is the baseline.",
    )
    parser.add_argument(
        "--lead", required=True, help="The slug of a busy lead investor."
    )
    parser.add_argument("--search", default="robotics")
    parser.add_argument("--user", default="benchmark")
    parser.add_argument("--password", default="benchmark")
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    servers: dict[str, Session] = {}
    for spec in args.server:
        name, _, url = spec.partition("=")
        if not url:
            parser.error(f"--server takes NAME=URL, not {spec!r}")
        servers[name] = Session(url, args.user, args.password)
    requests = requests_for(args.lead, args.search)
    first: dict[tuple[str, str], float] = {}
    times: dict[tuple[str, str], list[float]] = {}
    for request in requests:
        for name, session in servers.items():
            first[request.label, name] = session.time(request.path)
    for turn in range(args.repeat):
        for request in requests:
            # Alternate which server goes first, so that neither always follows the other:
            order = list(servers.items())
            for name, session in order if turn % 2 == 0 else reversed(order):
                times.setdefault((request.label, name), []).append(
                    session.time(request.path)
                )
    names = list(servers)
    print(
        f"median ms of {args.repeat} interleaved requests (first request in brackets)\n"
    )
    print(f"{'request':<52}" + "".join(f"{n:>22}" for n in names[:1]), end="")
    print("".join(f"{n:>22}{'change':>9}" for n in names[1:]))
    for request in requests:
        base = statistics.median(times[request.label, names[0]])
        row = f"{request.label:<52}{_cell(base, first[request.label, names[0]])}"
        for name in names[1:]:
            median = statistics.median(times[request.label, name])
            row += (
                f"{_cell(median, first[request.label, name])}{median / base - 1:>+9.0%}"
            )
        print(row)
    return 0


def _cell(median: float, first: float) -> str:
    return f"{median:>12.1f} ({first:>7.1f})"


if __name__ == "__main__":
    sys.exit(main())
