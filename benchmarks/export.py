"""The CSV export through the shipped gunicorn (gunicorn.conf.py): every row arrives, how fast,
beside PostgreSQL's own COPY of the same rows, and how much memory the serving worker needs.

    python -m benchmarks.export --rounds 1000               # a fresh database of N rounds
    python -m benchmarks.export --existing dealflow_bench_copy --query "date_from=2024-01-01&date_to=2025-12-31" --query ""

Logs in as an analyst (it stores that user: give it a copy of a shared database), downloads
/deals.csv once per `--query` (a deals filter; "" is every round), counts its rows against the
rounds the filter selects, and samples the resident memory of gunicorn's workers. The floor is
`COPY (the filtered rounds' own columns and their company's, in the export's order) TO STDOUT`
read by this process: what PostgreSQL needs to hand over the rows at all.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

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
        "--query",
        action="append",
        help='a deals filter, e.g. status=announced; "" for every round (the default)',
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
        master = web.popen.pid if web.popen else 0
        client = _analyst(stack)
        results = [_run(client, master, query) for query in args.query or [""]]
        return 0 if all(results) else 1
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


def _run(client: httpx.Client, master: int, query: str) -> bool:
    """Download one export and print its figures; whether every row arrived."""
    from rounds.analytics import filters

    filterset = filters.deal_filter(dict(httpx.QueryParams(query)))
    expected = filterset.qs.count()
    floor = _copy_seconds(filterset)
    peak = [_rss_kb(master)]
    start_rss = peak[0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak.append(_rss_kb(master))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    rows, first_row = -1, 0.0  # -1: the header line
    with client.stream("GET", f"/deals.csv?{query}") as response:
        for _ in response.iter_lines():
            rows += 1
            first_row = first_row or (rows and time.monotonic() - started)
    elapsed = time.monotonic() - started
    done.set()
    print(
        f"/deals.csv?{query}: HTTP {response.status_code}, {rows:,} rows of {expected:,}"
    )
    print(
        f"  {elapsed:.1f} s, {rows / elapsed:,.0f} rows/s; the first row after {first_row:.1f} s"
    )
    if floor is not None:
        print(f"  COPY of the same rows: {floor:.1f} s ({elapsed / floor:.1f}× that)")
    print(
        f"  gunicorn worker memory: {start_rss / 1024:.0f} MB before, {max(peak) / 1024:.0f} MB at most"
    )
    print(f"  load average after: {' '.join(f'{n:.1f}' for n in os.getloadavg())}")
    return rows == expected


def _copy_seconds(filterset: Any) -> float | None:
    """Seconds PostgreSQL's COPY takes to hand this process the filter's rounds (their own
    columns and their company's, in the export's order); None on other databases."""
    from django.db import connection

    from rounds.analytics import keyset

    if connection.vendor != "postgresql":
        return None
    rounds = keyset.ordered(filterset.qs, keyset.SORTS[filterset.sort_key])
    own = [f.attname for f in rounds.model._meta.concrete_fields]
    company = ["company__name", "company__slug", "company__country"]
    query = connection.ops.compose_sql(
        *rounds.values_list(*own, *company).query.sql_with_params()
    )
    statement = f"COPY ({query}) TO STDOUT WITH (FORMAT csv)"
    started = time.monotonic()
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for _ in copy:
            pass
    return time.monotonic() - started


if __name__ == "__main__":
    sys.exit(main())
