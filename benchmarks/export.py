"""The CSV export through the shipped gunicorn (gunicorn.conf.py): every row arrives, how fast,
and how much memory the serving worker needs.

    python -m benchmarks.export --rounds 1000               # a fresh database of N rounds
    python -m benchmarks.export --existing dealflow_bench   # a database made by benchmarks.dataset

Logs in as an analyst, downloads /deals.csv (with `--query`, a filtered one), counts its rows
against the rounds the filter selects, and samples the resident memory of gunicorn's workers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

import httpx

from benchmarks.stack import POSTGRES, Stack, fresh_database


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=1000)
    parser.add_argument("--database", default="dealflow_bench_export")
    parser.add_argument("--existing", help="a database to export as it is")
    parser.add_argument(
        "--query", default="", help="the deals filter, e.g. status=announced"
    )
    args = parser.parse_args()
    url = (
        f"{POSTGRES}/{args.existing}"
        if args.existing
        else fresh_database(args.database)
    )
    stack = Stack(url)
    try:
        stack.setup_django()
        if not args.existing:
            _rounds(args.rounds)
        web = stack.web()
        return _run(stack, web.popen.pid if web.popen else 0, args.query)
    finally:
        stack.stop()


def _rounds(count: int) -> None:
    from rounds.models import Company, FundingRound

    companies = Company.objects.bulk_create(
        Company(
            name=f"Exportco {n}", name_normalized=f"exportco {n}", slug=f"exportco-{n}"
        )
        for n in range(count)
    )
    FundingRound.objects.bulk_create(
        FundingRound(
            company=company,
            amount=Decimal(n + 1) * 10**6,
            currency="USD",
            amount_usd=Decimal(n + 1) * 10**6,
            announced_on=dt.date(2024, 1, 1) + dt.timedelta(days=n % 365),
        )
        for n, company in enumerate(companies)
    )


def _analyst(stack: Stack) -> httpx.Client:
    from django.contrib.auth.models import Group, User

    user, _ = User.objects.get_or_create(username="bench-analyst")
    user.set_password("bench-analyst-password")
    user.save()
    user.groups.add(Group.objects.get(name="Analysts"))
    client = httpx.Client(base_url=stack.web_url, timeout=None)
    client.get("/accounts/login/")
    client.post(
        "/accounts/login/",
        data={
            "username": "bench-analyst",
            "password": "bench-analyst-password",
            "csrfmiddlewaretoken": client.cookies["csrftoken"],
        },
    )
    return client


def _rss_kb(pid: int) -> int:
    """The resident memory of gunicorn's workers (the master's children), in kB."""
    total = 0
    for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split():
        for line in Path(f"/proc/{child}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total = max(total, int(line.split()[1]))
    return total


def _run(stack: Stack, master: int, query: str) -> int:
    from rounds.analytics import filters

    expected = filters.deal_filter(dict(httpx.QueryParams(query))).qs.count()
    client = _analyst(stack)
    peak = [_rss_kb(master)]
    start_rss = peak[0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak.append(_rss_kb(master))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    rows = -1  # the header line
    with client.stream("GET", f"/deals.csv?{query}") as response:
        for _ in response.iter_lines():
            rows += 1
    elapsed = time.monotonic() - started
    done.set()
    print(
        f"/deals.csv?{query}: HTTP {response.status_code}, {rows:,} rows of {expected:,}"
    )
    print(f"  {elapsed:.1f} s, {rows / elapsed:,.0f} rows/s")
    print(
        f"  gunicorn worker memory: {start_rss / 1024:.0f} MB before, {max(peak) / 1024:.0f} MB at most"
    )
    return 0 if rows == expected else 1


if __name__ == "__main__":
    sys.exit(main())
