"""Time the analysts' pages on a big database: the whole request, and its SQL alone, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dealflow_bench \\
        python -m benchmarks.pages --repeat 15

First VACUUM (ANALYZE), so the planner's statistics and the visibility map are fresh. Then for every
request: the median wall time through Django's test Client (middleware, session, permissions,
filter form, queries, template), the median time of the very SQL statements that request ran,
executed again and fetched on the same connection, and their ratio.

The goals are issue 13's, at a million rounds:
- every deals request (each filter of the issue's table, the round page, the sector filter, the
  investor autocomplete, saved-search feeds) and the API's: median under 50 ms, and at most 2
  times its own SQL where the SQL takes more than 10 ms;
- the busiest investor's page and a company's page: under 100 ms;
- the league table, any sort and filter: under 300 ms;
- Django admin at a million rounds (rounds, companies, investors, articles): a changelist under
  300 ms, a search under 1 s.
Each row's verdict says which goal it misses. The CSV export is timed last, with no goal here.
The dataset comes from benchmarks.dataset.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from benchmarks import setup_django

setup_django()

from django.conf import settings  # noqa: E402
from django.contrib.admin import site  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from benchmarks.dataset import vacuum_analyze  # noqa: E402
from benchmarks.queries import SERIES_B_IN_PROGRESS  # noqa: E402
from rounds.analytics import filters, keyset, league  # noqa: E402
from rounds.models import (  # noqa: E402
    ApiToken,
    Article,
    Company,
    FundingRound,
    Investment,
    Investor,
    SavedSearch,
)
from rounds.views import deals  # noqa: E402
from rounds.watchlists import searches  # noqa: E402

BENCH_USER = "benchmark-analyst"
BENCH_ADMIN = "benchmark-admin"


@dataclass(frozen=True)
class Goal:
    """Issue 13's goal for a request: under `ms`, and with `sql_ratio`, at most that many times
    its own SQL where the SQL takes more than SQL_FLOOR_MS."""

    ms: float
    sql_ratio: float | None = None


SQL_FLOOR_MS = 10
DEALS = Goal(50, 2)
DETAIL = Goal(100)
LEAGUE = Goal(300)
ADMIN_LIST = Goal(300)
ADMIN_SEARCH = Goal(1000)


@dataclass
class Result:
    label: str
    request_ms: float
    sql_ms: float
    queries: int
    rows: int
    goal: Goal | None

    @property
    def ratio(self) -> float:
        return self.request_ms / self.sql_ms if self.sql_ms else float("inf")

    @property
    def verdict(self) -> str:
        if self.goal is None:
            return "(no goal)"
        if self.request_ms > self.goal.ms:
            return f"MISSED: over {self.goal.ms:,.0f} ms"
        if (
            self.goal.sql_ratio is not None
            and self.sql_ms > SQL_FLOOR_MS
            and self.ratio > self.goal.sql_ratio
        ):
            return f"MISSED: over {self.goal.sql_ratio:g}× its SQL"
        return "ok"


def _load() -> str:
    """The machine's load average over 1, 5 and 15 minutes: read the times against it."""
    return ", ".join(f"{n:.1f}" for n in os.getloadavg())


class BenchmarkError(Exception):
    """The database has nothing to time."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument(
        "--search", default="robotics", help="The text-search term to time."
    )
    parser.add_argument(
        "--autocomplete",
        default="ventures",
        help="What an analyst types into the investor box.",
    )
    parser.add_argument("--deep-page", type=int, default=500)
    parser.add_argument(
        "--only",
        default="",
        help="Time only the requests whose label contains this text (any case), no CSV.",
    )
    parser.add_argument(
        "--no-vacuum",
        action="store_true",
        help="Skip VACUUM (ANALYZE) (inside a test's transaction, which cannot run it).",
    )
    args = parser.parse_args(argv)
    if not args.no_vacuum and connection.vendor == "postgresql":
        vacuum_analyze()
    # The test client's host, plain http, and static names without collectstatic's manifest:
    with override_settings(
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
        SECURE_SSL_REDIRECT=False,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
            },
        },
    ):
        try:
            _Pages(args.repeat, args.only).run(
                args.search, args.autocomplete, args.deep_page
            )
        except BenchmarkError as error:
            print(error, file=sys.stderr)
            return 1
    return 0


class _Pages:
    def __init__(self, repeat: int, only: str = "") -> None:
        self.repeat = repeat
        self.only = only.lower()

    def run(self, search: str, autocomplete: str, deep: int) -> None:
        client = Client()
        client.force_login(self._user())
        rounds = self._estimate(FundingRound)
        print(
            f"{connection.vendor}, about {rounds:,} rounds; median of {self.repeat} runs each; "
            f"load average {_load()}\n"
        )
        top = (
            Investment.objects.filter(is_lead=True)
            .values("investor__slug")
            .annotate(n=Count("pk"))
            .order_by("-n")[:1]
        )
        if not top:
            raise BenchmarkError(
                "No lead investor: run python -m benchmarks.dataset first."
            )
        lead = top[0]["investor__slug"]
        results: list[Result | None] = []
        for label, params, deep_too in self._deals_scenarios(lead, search):
            results.append(
                self._time(
                    client, f"{label}, page 1", "rounds:deal-list", params, DEALS
                )
            )
            page, cursor = (
                self._cursor_for_page(params, deep) if deep_too else (1, None)
            )
            if cursor:
                results.append(
                    self._time(
                        client,
                        f"{label}, page {page}{'' if page == deep else ' (last)'}",
                        "rounds:deal-list",
                        {**params, "cursor": cursor},
                        DEALS,
                    )
                )
        results.append(
            self._time(
                client,
                f'Investor autocomplete "{autocomplete}"',
                "rounds:investor-autocomplete",
                {"q": autocomplete},
                DEALS,
            )
        )
        results += self._league(client, lead)
        for label, url_name, slug, goal in self._detail_pages():
            results.append(self._time(client, label, url_name, {}, goal, args=[slug]))
        results += self._round_pages(client, lead)
        results += self._api(lead)
        results += self._feeds(lead)
        results += self._admin(deep)
        self._print([r for r in results if r is not None])
        print(f"\nLoad average at the end: {_load()}")
        if not self.only:
            self._time_csv(client, {"lead": lead})

    def _deals_scenarios(
        self, lead: str, search: str
    ) -> list[tuple[str, dict[str, Any], bool]]:
        """The deals filters of issue 13's table, then others analysts combine: (label, query,
        whether a deep page is timed too)."""
        return [
            ("Deals, no filter", {}, True),
            (
                f"Deals, lead {lead}, valuation ≥ $1B, by valuation",
                {"lead": lead, "valuation_min": "1B", "sort": "-valuation"},
                False,
            ),
            (
                "Deals, status in progress, by valuation",
                {"status": "in_progress", "sort": "-valuation"},
                False,
            ),
            (*SERIES_B_IN_PROGRESS, False),
            (
                "Deals, country DE, series A, by valuation",
                {"country": "DE", "round_type": "series_a", "sort": "-valuation"},
                False,
            ),
            (
                f"Deals, lead {lead}, series A, in progress",
                {"lead": lead, "round_type": "series_a", "status": "in_progress"},
                False,
            ),
            (
                f"Deals, lead {lead}, by valuation",
                {"lead": lead, "sort": "-valuation"},
                True,
            ),
            (
                "Deals, valuation ≥ $1B, newest first",
                {"valuation_min": "1B", "sort": "-date"},
                False,
            ),
            (f'Deals, search "{search}"', {"q": search}, False),
            (
                "Deals, series B in the US since 2023, by amount",
                {
                    "round_type": "series_b",
                    "country": "US",
                    "date_from": "2023-01-01",
                    "sort": "-amount",
                },
                False,
            ),
            (
                f"Deals, lead {lead}, amount ≥ $10M since 2020",
                {"lead": lead, "amount_min": "10M", "date_from": "2020-01-01"},
                False,
            ),
            (
                "Deals, sector robotics or space, by valuation",
                {"sector": ["robotics", "space"], "sort": "-valuation"},
                True,
            ),
        ]

    def _league(self, client: Client, lead: str) -> list[Result | None]:
        """The league table in every sort, computed afresh (and once from the cache), then
        filtered: slices the summary counts, and filters it does not (computed from the
        rounds)."""
        results = []
        for order, (label, _) in league.LEAD_SORTS.items():
            results.append(
                self._time(
                    client,
                    f"League table, {label.lower()}, computed",
                    "rounds:lead-table",
                    {"order": order},
                    LEAGUE,
                    cold=True,
                )
            )
        results.append(
            self._time(
                client,
                "League table, rounds led, cached",
                "rounds:lead-table",
                {},
                LEAGUE,
            )
        )
        for label, params in (
            (
                "valuation ≥ $1B since 2024",
                {"valuation_min": "1B", "date_from": "2024-01-01"},
            ),
            (
                "2023 and 2024, by amount led",
                {
                    "date_from": "2023-01-01",
                    "date_to": "2024-12-31",
                    "order": "-total_amount",
                },
            ),
            ("series A in Germany", {"round_type": "series_a", "country": "DE"}),
            ("sector fintech", {"sector": "fintech"}),
            (
                "sector fintech in 2024, by amount led",
                {
                    "sector": "fintech",
                    "date_from": "2024-01-01",
                    "date_to": "2024-12-31",
                    "order": "-total_amount",
                },
            ),
            ("country US", {"country": "US"}),
            (
                "round type seed, by amount led",
                {"round_type": "seed", "order": "-total_amount"},
            ),
            ("since 15 June 2024", {"date_from": "2024-06-15"}),
            (
                "round type seed since 15 June 2024",
                {"round_type": "seed", "date_from": "2024-06-15"},
            ),
            ("in progress", {"status": "in_progress"}),
            ("valuation ≥ $1B", {"valuation_min": "1B"}),
            (f"backed by {lead}", {"investor": lead}),
            ("sector fintech or robotics", {"sector": ["fintech", "robotics"]}),
            (
                "seed in the US in fintech",
                {"round_type": "seed", "country": "US", "sector": "fintech"},
            ),
            (
                "seed in Germany, March to August 2024",
                {
                    "round_type": "seed",
                    "country": "DE",
                    "date_from": "2024-03-01",
                    "date_to": "2024-08-31",
                },
            ),
        ):
            results.append(
                self._time(
                    client,
                    f"League table, {label}, computed",
                    "rounds:lead-table",
                    params,
                    LEAGUE,
                    cold=True,
                )
            )
        return results

    def _detail_pages(self) -> list[tuple[str, str, str, Goal]]:
        counts = (
            Investment.objects.values("investor__slug")
            .annotate(n=Count("pk"))
            .order_by("-n")
        )
        biggest, typical = counts[0], counts[500]
        company = (
            FundingRound.objects.values("company__slug")
            .annotate(n=Count("pk"))
            .order_by("-n")[:1]
            .get()
        )
        return [
            (
                f"Investor page, the busiest ({biggest['n']:,} rounds)",
                "rounds:investor-detail",
                biggest["investor__slug"],
                DETAIL,
            ),
            (
                f"Investor page, the 500th busiest ({typical['n']:,} rounds)",
                "rounds:investor-detail",
                typical["investor__slug"],
                DETAIL,
            ),
            (
                f"Company page ({company['n']} rounds)",
                "rounds:company-detail",
                company["company__slug"],
                DETAIL,
            ),
        ]

    def _round_pages(self, client: Client, lead: str) -> list[Result | None]:
        """The page of the lead's latest round with a source, and the sentence of its amount."""
        round = (
            FundingRound.objects.filter(
                investments__investor__slug=lead,
                investments__is_lead=True,
                round_sources__isnull=False,
                amount__isnull=False,
            )
            .order_by("-announced_on", "-pk")
            .values_list("pk", flat=True)[:1]
            .get()
        )
        return [
            self._time(
                client, "Round page", "rounds:round-detail", {}, DEALS, args=[round]
            ),
            self._time(
                client,
                "Round page, the sentence of its amount (tooltip)",
                "rounds:round-evidence",
                {},
                DEALS,
                args=[round, "amount"],
            ),
        ]

    def _api(self, lead: str) -> list[Result | None]:
        """The API as a program calls it: with a token, no session."""
        _, key = ApiToken.objects.issue(self._user(), "benchmark_pages")
        program = Client(headers={"Authorization": f"Bearer {key}"})
        with override_settings(API_THROTTLE_RATE="1000000/min"):
            return [
                self._time(
                    program, f"API rounds, {label}", "api:round-list", params, DEALS
                )
                for label, params in (
                    ("no filter, 100 a page", {}),
                    ("no filter, 500 a page", {"page_size": "500"}),
                    (
                        "by valuation, 500 a page",
                        {"sort": "-valuation", "page_size": "500"},
                    ),
                    (
                        f"lead investor {lead} by valuation, 500 a page",
                        {"lead": lead, "sort": "-valuation", "page_size": "500"},
                    ),
                )
            ] + [
                self._time(
                    program, "API investors, 100 a page", "api:investor-list", {}, DEALS
                )
            ]

    def _feeds(self, lead: str) -> list[Result | None]:
        """Saved searches' feeds as a feed reader reads them: the secret address, no session."""
        user = self._user()
        key = searches.feed_key_of(user)
        reader = Client()
        results = []
        for label, params in (
            ("no filter", {}),
            (f"lead investor {lead}", {"lead": lead}),
            ("series A in Germany", {"round_type": "series_a", "country": "DE"}),
        ):
            search, _ = SavedSearch.objects.get_or_create(
                user=user,
                query=searches.canonical_query(params),
                defaults={"name": f"benchmark_pages: {label}"},
            )
            results.append(
                self._time(
                    reader,
                    f"Saved-search feed, {label}",
                    "rounds:saved-search-feed",
                    {},
                    DEALS,
                    args=[search.pk, key.key],
                )
            )
        return results

    def _admin(self, deep: int) -> list[Result | None]:
        """Django admin's changelists as staff open them: the first page, a search, and for the
        rounds a deep page."""
        staff, _ = User.objects.get_or_create(
            username=BENCH_ADMIN, defaults={"is_staff": True, "is_superuser": True}
        )
        client = Client()
        client.force_login(staff)
        company = (
            Company.objects.order_by("pk").values_list("name", flat=True)[:1].get()
        )
        investor = (
            Investor.objects.order_by("pk").values_list("name", flat=True)[:1].get()
        )
        article = (
            Article.objects.exclude(title="")
            .order_by("pk")
            .values_list("title", flat=True)[:1]
        )
        word = company.split()[0]
        results = []
        for model, term in (
            (FundingRound, word),
            (Company, word),
            (Investor, investor.split()[0]),
            (Article, article.get().split()[0] if article else word),
        ):
            url_name = f"admin:rounds_{model._meta.model_name}_changelist"
            label = f"Admin, {model._meta.verbose_name_plural}"
            results.append(self._time(client, label, url_name, {}, ADMIN_LIST))
            results.append(
                self._time(
                    client,
                    f'{label}, search "{term}"',
                    url_name,
                    {"q": term},
                    ADMIN_SEARCH,
                )
            )
        admin = site._registry[FundingRound]
        # Counted up to the deep page, not estimated: a table not yet analyzed has no estimate.
        reachable = FundingRound.objects.order_by()[
            : deep * admin.list_per_page
        ].count()
        page = max(1, min(deep, -(-reachable // admin.list_per_page)))
        results.append(
            self._time(
                client,
                f"Admin, {FundingRound._meta.verbose_name_plural}, page {page}",
                "admin:rounds_fundinground_changelist",
                {"p": str(page)},
                ADMIN_LIST,
            )
        )
        return results

    def _time_csv(self, client: Client, params: dict[str, str]) -> None:
        url = reverse("rounds:deal-export-csv") + "?" + urlencode(params, doseq=True)
        started = time.perf_counter()
        response = client.get(url)
        lines = sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1
        elapsed = time.perf_counter() - started
        print(
            f"\nCSV export {url}: {lines:,} rows in {elapsed:.1f} s "
            f"({lines / elapsed:,.0f} rows/s), streamed"
        )

    def _user(self) -> User:
        user, _ = User.objects.get_or_create(username=BENCH_USER)
        user.groups.add(Group.objects.get(name="Analysts"))
        return user

    def _estimate(self, model: type[Any]) -> int:
        if connection.vendor != "postgresql":
            return model.objects.count()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples::bigint FROM pg_class WHERE relname = %s",
                [model._meta.db_table],
            )
            return int(cursor.fetchone()[0])

    def _cursor_for_page(
        self, params: dict[str, str], page: int
    ) -> tuple[int, str | None]:
        """The cursor a person reaches after clicking "Next" page-1 times (found with OFFSET once)."""
        filterset = filters.DealFilter(params, queryset=FundingRound.objects.all())
        if not filterset.is_valid():
            raise BenchmarkError(filterset.errors.as_text())
        sort = keyset.SORTS[filterset.sort_key]
        direction = "-" if sort.descending else ""
        ordered = (
            filterset.qs.alias(_sort_key=sort.expression)
            .order_by(f"{direction}_sort_key", f"{direction}id")
            .only("pk", sort.field)
        )
        total = ordered.order_by()[: page * deals.PAGE_SIZE].count()
        page = min(page, max(1, (total - 1) // deals.PAGE_SIZE + 1))
        if page == 1:
            return 1, None
        boundary = ordered[(page - 1) * deals.PAGE_SIZE - 1]
        return page, keyset.make_cursor(sort, boundary, direction="after", number=page)

    def _time(
        self,
        client: Client,
        label: str,
        url_name: str,
        params: dict[str, str],
        goal: Goal | None,
        *,
        cold: bool = False,
        args: list[Any] | None = None,
    ) -> Result | None:
        """The request's median times, or None when --only leaves it out."""
        if self.only not in label.lower():
            return None
        url = reverse(url_name, args=args) + (
            "?" + urlencode(params, doseq=True) if params else ""
        )
        for _ in range(2):  # warm the caches and the connection
            response = client.get(url)
            if response.status_code != 200:
                raise BenchmarkError(f"{url} answered {response.status_code}")
        if cold:
            cache.clear()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        statements = [q["sql"] for q in captured.captured_queries]
        request_times, sql_times = [], []
        for _ in range(self.repeat):
            if cold:  # the league table caches its aggregate: time it computed afresh
                cache.clear()
            started = time.perf_counter()
            client.get(url)
            request_times.append(time.perf_counter() - started)
            sql_times.append(self._run_sql(statements))
        return Result(
            label,
            statistics.median(request_times) * 1000,
            statistics.median(sql_times) * 1000,
            len(statements),
            self._rows(response),
            goal,
        )

    def _rows(self, response: Any) -> int:
        """The rows a response shows: API results, feed entries, options or table rows."""
        if response["Content-Type"] == "application/json":
            return len(response.json()["results"])
        text = response.content.decode()
        if response["Content-Type"].startswith("application/atom+xml"):
            return text.count("<entry>")
        if 'name="_selected_action"' in text:  # an admin changelist's rows
            return text.count('name="_selected_action"')
        if "<option " in text and "<table" not in text:
            return text.count("<option ")
        return max(0, text.count("<tr") - 1)

    def _run_sql(self, statements: list[str]) -> float:
        # Savepoints and SET LOCAL in the captured list need the transaction they ran in:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)  # the text Django sent, parameters inlined
                if cursor.description:
                    cursor.fetchall()
        elapsed = time.perf_counter() - started
        if connection.vendor == "postgresql":
            # A choice field's options are read through a server-side cursor declared WITH HOLD
            # (ModelChoiceIterator uses iterator()), which outlives the transaction: closed, so
            # that the next run can declare it again.
            with connection.cursor() as cursor:
                cursor.execute("CLOSE ALL")
        return elapsed

    def _print(self, results: list[Result]) -> None:
        width = max(len(r.label) for r in results)
        print(
            f"{'request':<{width}}  {'page':>9}  {'SQL':>9}  {'ratio':>5}  {'queries':>7}  {'rows':>4}  verdict"
        )
        for r in results:
            print(
                f"{r.label:<{width}}  {r.request_ms:7.1f}ms  {r.sql_ms:7.1f}ms  {r.ratio:5.1f}  {r.queries:>7}  {r.rows:>4}  {r.verdict}"
            )


if __name__ == "__main__":
    sys.exit(main())
