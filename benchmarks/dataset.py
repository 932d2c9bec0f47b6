"""A realistic synthetic deal history in PostgreSQL, for the page benchmarks (benchmarks.pages).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dealflow_bench \\
        python -m benchmarks.dataset --rounds 1000000 --replace

Migrates the database, copies the rows in with COPY (psycopg 3 `cursor.copy`), then VACUUM
(ANALYZE). Lead investors follow a Zipf-like law, as they do in real life: a few firms lead
thousands of rounds, most lead a handful.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import hashlib
import itertools
import json
import random
import sys
import time
from collections.abc import Iterable, Iterator
from decimal import Decimal
from functools import cache
from typing import Any

from benchmarks import setup_django

setup_django()

from django.core.management import call_command  # noqa: E402
from django.db import connection, models  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from rounds import fx  # noqa: E402
from rounds.analytics import summary  # noqa: E402
from rounds.extraction.names import normalize_name  # noqa: E402
from rounds.models import (  # noqa: E402
    Article,
    Company,
    CompanyAlias,
    FundingRound,
    Investment,
    Investor,
    InvestorAlias,
    InvestorYear,
    LeadSummary,
    RoundSource,
    Sector,
)

_SYLLABLES = [
    "al",
    "ar",
    "ba",
    "be",
    "bri",
    "ca",
    "cor",
    "da",
    "del",
    "e",
    "fa",
    "fin",
    "flo",
    "ga",
    "gen",
    "ha",
    "hel",
    "i",
    "jo",
    "ka",
    "kel",
    "la",
    "lu",
    "ma",
    "mer",
    "mo",
    "na",
    "ne",
    "no",
    "o",
    "pa",
    "per",
    "qui",
    "ra",
    "re",
    "ri",
    "sa",
    "sel",
    "so",
    "ta",
    "tel",
    "tri",
    "u",
    "va",
    "ve",
    "vi",
    "wa",
    "xe",
    "yo",
    "za",
    "zen",
]
_ENDINGS = [
    "byte",
    "ly",
    "io",
    "ra",
    "on",
    "ex",
    "ia",
    "ify",
    "go",
    "era",
    "ova",
    "ix",
    "ent",
    "ic",
    "os",
    "um",
    "loop",
    "hub",
    "grid",
]
_SECTORS = [
    "AI",
    "Robotics",
    "Health",
    "Pay",
    "Bio",
    "Labs",
    "Energy",
    "Logistics",
    "Security",
    "Analytics",
    "Foods",
    "Motors",
    "Cloud",
    "Games",
    "Finance",
    "Learning",
    "Space",
    "Materials",
    "Therapeutics",
    "Networks",
]
_INVESTOR_WORDS = [
    "Harbor",
    "Northwind",
    "Alder",
    "Granite",
    "Summit",
    "Redwood",
    "Lattice",
    "Beacon",
    "Meridian",
    "Cobalt",
    "Juniper",
    "Horizon",
    "Sterling",
    "Falcon",
    "Cedar",
    "Orchard",
    "Atlas",
    "Pioneer",
    "Silverline",
    "Evergreen",
    "Kestrel",
    "Bluewater",
    "Ironbridge",
    "Lighthouse",
    "Crescent",
    "Foundry",
    "Keystone",
    "Maple",
    "Quarry",
    "Riverstone",
]
_INVESTOR_SUFFIXES = {
    "venture": ["Ventures", "Capital", "Partners", "VC"],
    "corporate": ["Corporate Ventures", "Strategic Fund", "Group"],
    "angel": ["Angels", "Angel Network"],
    "private_equity": ["Equity Partners", "Growth Equity", "Capital Management"],
    "sovereign": ["Investment Authority", "Sovereign Fund"],
    "accelerator": ["Accelerator", "Launchpad"],
    "other": ["Holdings", "Family Office"],
}
_KINDS = (
    ("venture", 70),
    ("corporate", 10),
    ("angel", 6),
    ("private_equity", 8),
    ("sovereign", 1),
    ("accelerator", 3),
    ("other", 2),
)
_COUNTRIES = (
    ("US", 45),
    ("CN", 10),
    ("GB", 7),
    ("IN", 7),
    ("DE", 5),
    ("FR", 4),
    ("IL", 3),
    ("CA", 3),
    ("SG", 3),
    ("JP", 2),
    ("SE", 2),
    ("BR", 2),
    ("NL", 2),
    ("KR", 2),
    ("ES", 1),
    ("CH", 1),
    ("AU", 1),
)
_LOCAL_CURRENCY = {
    "CN": "CNY",
    "GB": "GBP",
    "IN": "INR",
    "DE": "EUR",
    "FR": "EUR",
    "NL": "EUR",
    "ES": "EUR",
    "JP": "JPY",
    "SE": "SEK",
    "SG": "SGD",
}
# Stage ladder: (type, median amount in USD, share of rounds that disclose a valuation).
_LADDER = (
    ("pre_seed", 1_000_000, 0.05),
    ("seed", 3_000_000, 0.10),
    ("series_a", 12_000_000, 0.20),
    ("series_b", 30_000_000, 0.35),
    ("series_c", 60_000_000, 0.45),
    ("series_d", 100_000_000, 0.50),
    ("series_e", 150_000_000, 0.55),
    ("series_f_plus", 250_000_000, 0.60),
    ("growth", 200_000_000, 0.55),
)
_SIDE_ROUNDS = (
    ("strategic", 50_000_000, 0.25),
    ("debt", 40_000_000, 0.0),
    ("convertible", 10_000_000, 0.05),
    ("grant", 1_000_000, 0.0),
    ("unknown", 15_000_000, 0.15),
)
_QUALIFIERS = (
    ("exact", 80),
    ("about", 8),
    ("at_least", 5),
    ("more_than", 5),
    ("up_to", 2),
)
_LABELS = {
    "series_a": "Series A",
    "series_b": "Series B",
    "series_c": "Series C",
    "seed": "Seed",
}
_FIRST_YEAR, _LAST_DATE = 2005, dt.date(2026, 11, 1)


def _picker(weighted: Iterable[tuple[str, float]]) -> Any:
    values, weights = zip(*weighted, strict=True)
    cumulative = list(itertools.accumulate(weights))
    total = cumulative[-1]

    def pick(rng: random.Random) -> str:
        return values[bisect.bisect(cumulative, rng.random() * total)]

    return pick


@cache
def _rate(currency: str, year: int, month: int) -> Decimal:
    return fx.usd_rate(currency, dt.date(year, month, 1)) or Decimal(1)


class _Columns:
    """The COPY column list of a model, with every field's default for columns a row leaves out."""

    def __init__(self, model: type[models.Model]) -> None:
        self.fields = list(model._meta.concrete_fields)
        self.table = model._meta.db_table
        now = timezone.now()
        self.defaults: dict[str, Any] = {}
        for field in self.fields:
            if isinstance(field, models.DateTimeField) and (
                field.auto_now or field.auto_now_add
            ):
                value: Any = now
            elif field.has_default():
                value = field.get_default()
            elif field.null:
                value = None
            elif isinstance(field, models.CharField | models.TextField):
                value = ""
            else:
                value = None
            if isinstance(field, models.JSONField) and value is not None:
                value = json.dumps(value)
            self.defaults[field.attname] = value

    def sql(self) -> str:
        names = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        return f"COPY {connection.ops.quote_name(self.table)} ({names}) FROM STDIN"

    def row(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(
            values[f.attname] if f.attname in values else self.defaults[f.attname]
            for f in self.fields
        )


class DatasetError(Exception):
    """The database cannot take the dataset (not PostgreSQL, or rounds already there)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rounds", type=int, default=1_000_000)
    parser.add_argument("--companies", type=int, default=200_000)
    parser.add_argument("--investors", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--replace",
        action="store_true",
        help=(
            "Delete every company, investor, round and article first, and every row "
            "that points at them (proposals, aliases): for a benchmark database only."
        ),
    )
    parser.add_argument(
        "--sectors-only",
        action="store_true",
        help="Only (re)assign the sectors of the companies already there, then vacuum.",
    )
    args = parser.parse_args(argv)
    call_command("migrate", verbosity=0)
    if args.sectors_only:
        add_sectors()
        summary.rebuild()  # the leads per sector are counted from the companies' sectors
        vacuum_analyze()
        return 0
    try:
        generate(
            rounds=args.rounds,
            companies=args.companies,
            investors=args.investors,
            seed=args.seed,
            replace=args.replace,
        )
    except DatasetError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


def generate(
    *,
    rounds: int,
    companies: int,
    investors: int,
    seed: int = 6,
    replace: bool = False,
    vacuum: bool = True,
) -> None:
    """Copy the dataset into the database, then VACUUM (ANALYZE) it unless `vacuum` is off (a
    test's transaction cannot)."""
    if connection.vendor != "postgresql":
        raise DatasetError("The dataset needs PostgreSQL (set DATABASE_URL).")
    if FundingRound.objects.exists() and not replace:
        raise DatasetError(
            "The database already has rounds: pass --replace to delete them."
        )
    _Generator(random.Random(seed)).run(rounds, companies, investors, replace)
    if vacuum:
        vacuum_analyze()


def add_sectors() -> None:
    """Put every company in one sector of the taxonomy, three in ten in a second one too (spread
    by the company's id, so the same database always gets the same sectors)."""
    started = time.monotonic()
    links = Company.sectors.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {links}")
        cursor.execute(
            f"""
            WITH s AS (
                SELECT id, row_number() OVER (ORDER BY id) - 1 AS k, count(*) OVER () AS n
                FROM {Sector._meta.db_table}
            )
            INSERT INTO {links} (company_id, sector_id)
            SELECT c.id, s.id FROM {Company._meta.db_table} c JOIN s ON s.k = (c.id * 7919) % s.n
            UNION
            SELECT c.id, s.id FROM {Company._meta.db_table} c JOIN s ON s.k = (c.id * 104729) % s.n
            WHERE c.id % 10 < 3
            """
        )
        cursor.execute(f"ANALYZE {links}")
    print(f"  company sectors in {time.monotonic() - started:.1f} s")


def vacuum_analyze() -> None:
    """VACUUM (ANALYZE) the whole database: autovacuum may be off, and after COPY the visibility
    map is empty, so no scan is index-only until a vacuum."""
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    print(f"  VACUUM (ANALYZE) in {time.monotonic() - started:.1f} s")


class _Generator:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def run(self, rounds: int, companies: int, investors: int, replace: bool) -> None:
        rng = self.rng
        started = time.monotonic()
        if replace:
            self._truncate()
        investor_count = self._copy(
            Investor, self._investors(rng, investors), "investors"
        )
        company_rows = self._companies(rng, companies)
        self._copy(Company, (row for row, _ in company_rows), "companies")
        self._names_as_aliases()
        add_sectors()
        round_rows, investments, sources, articles = self._rounds(
            rng, company_rows, investor_count, rounds
        )
        self._copy(FundingRound, round_rows, "rounds")
        self._copy(Investment, investments, "investments")
        self._copy(Article, articles, "articles")
        self._copy(RoundSource, sources, "round sources")
        self._finish()
        print(f"Done in {time.monotonic() - started:.0f} s.")

    def _truncate(self) -> None:
        tables = [
            m._meta.db_table
            for m in (RoundSource, Investment, FundingRound, Article, Company, Investor)
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")

    def _names_as_aliases(self) -> None:
        # Each organisation's own name is one of its aliases (rounds/models.py Organisation):
        with connection.cursor() as cursor:
            for owner, alias, column in (
                (Company, CompanyAlias, "company_id"),
                (Investor, InvestorAlias, "investor_id"),
            ):
                cursor.execute(
                    f"INSERT INTO {alias._meta.db_table} ({column}, name, normalized) "
                    f"SELECT id, name, name_normalized FROM {owner._meta.db_table}"
                )

    def _copy(
        self, model: type[models.Model], rows: Iterable[dict[str, Any]], label: str
    ) -> int:
        columns = _Columns(model)
        started, count = time.monotonic(), 0
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(columns.sql()) as copy:
                for values in rows:
                    copy.write_row(columns.row(values))
                    count += 1
        print(f"  {count:>9,} {label} in {time.monotonic() - started:.1f} s")
        return count

    def _finish(self) -> None:
        started = time.monotonic()
        with connection.cursor() as cursor:
            for model in (Investor, Company, FundingRound, Investment, Article):
                table = model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{RoundSource._meta.db_table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {RoundSource._meta.db_table}))"
            )
            for model in (
                Investor,
                InvestorAlias,
                Company,
                CompanyAlias,
                FundingRound,
                Investment,
                Article,
                RoundSource,
            ):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
        summary.rebuild()
        with connection.cursor() as cursor:
            for model in (InvestorYear, LeadSummary):
                cursor.execute(f"ANALYZE {model._meta.db_table}")
        print(
            f"  sequences, statistics and investors' summaries in {time.monotonic() - started:.1f} s"
        )

    # Rows:

    def _investors(self, rng: random.Random, count: int) -> Iterator[dict[str, Any]]:
        pick_kind, pick_country = _picker(_KINDS), _picker(_COUNTRIES)
        seen: set[str] = set()
        for pk in range(1, count + 1):
            kind = pick_kind(rng)
            while True:
                stem = rng.choice(_INVESTOR_WORDS)
                if rng.random() < 0.7:
                    stem = (
                        f"{stem} {rng.choice(_SYLLABLES).title()}{rng.choice(_ENDINGS)}"
                    )
                name = f"{stem} {rng.choice(_INVESTOR_SUFFIXES[kind])}"
                # Names that normalize alike are one investor ("X Capital Group", "X Capital"):
                if normalize_name(name) not in seen:
                    break
            seen.add(normalize_name(name))
            yield {
                "id": pk,
                "name": name,
                "name_normalized": normalize_name(name),
                "slug": f"{slugify(name)[:70]}-{pk}",
                "kind": kind,
                "country": pick_country(rng),
            }

    def _companies(
        self, rng: random.Random, count: int
    ) -> list[tuple[dict[str, Any], str]]:
        pick_country = _picker(_COUNTRIES)
        companies = []
        seen: set[str] = set()
        for pk in range(1, count + 1):
            word = (
                rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES) + rng.choice(_ENDINGS)
            ).title()
            name = f"{word} {rng.choice(_SECTORS)}" if rng.random() < 0.5 else word
            country = pick_country(rng)
            # Two companies never share a name: editors tell them apart by country, as here.
            if normalize_name(name) in seen:
                name = f"{name} ({country} {pk})"
            seen.add(normalize_name(name))
            row = {
                "id": pk,
                "name": name,
                "name_normalized": normalize_name(name),
                "slug": f"{slugify(name)[:70]}-{pk}",
                "country": country,
                "website": f"https://{slugify(name)}-{pk}.example",
            }
            companies.append((row, country))
        return companies

    def _rounds(
        self,
        rng: random.Random,
        companies: list[tuple[dict[str, Any], str]],
        investor_count: int,
        total: int,
    ) -> tuple[list[dict[str, Any]], ...]:
        # Lead investors: weight 1/(rank+8)^1.05 gives the top firm about 1.5% of all leads.
        lead_weights = list(
            itertools.accumulate(1 / (k + 8) ** 1.05 for k in range(investor_count))
        )
        follow_weights = list(
            itertools.accumulate(1 / (k + 60) ** 0.9 for k in range(investor_count))
        )

        def investor(cumulative: list[float]) -> int:
            return bisect.bisect(cumulative, rng.random() * cumulative[-1]) + 1

        pick_qualifier = _picker(_QUALIFIERS)
        rounds: list[dict[str, Any]] = []
        investments: list[dict[str, Any]] = []
        sources: list[dict[str, Any]] = []
        articles: list[dict[str, Any]] = []
        investment_id = source_id = 0
        cycle = itertools.cycle(companies)
        while len(rounds) < total:
            company, country = next(cycle)
            day = dt.date(_FIRST_YEAR, 1, 1) + dt.timedelta(days=rng.randrange(7700))
            stage = rng.choice((0, 0, 1, 1, 1, 2))
            for _ in range(1 + min(int(rng.expovariate(1 / 3)), 14)):
                if day > _LAST_DATE or len(rounds) >= total:
                    break
                if rng.random() < 0.15:
                    round_type, median, disclosed = rng.choice(_SIDE_ROUNDS)
                else:
                    round_type, median, disclosed = _LADDER[
                        min(stage, len(_LADDER) - 1)
                    ]
                    stage += 1
                pk = len(rounds) + 1
                row = self._round(
                    rng, pk, company, country, day, round_type, median, disclosed
                )
                row["amount_qualifier"] = pick_qualifier(rng) if row["amount"] else ""
                if row["valuation"] is not None:
                    row["valuation_qualifier"] = (
                        "exact" if rng.random() < 0.7 else pick_qualifier(rng)
                    )
                rounds.append(row)
                chosen: set[int] = set()
                leads = 0 if rng.random() < 0.22 else (2 if rng.random() < 0.15 else 1)
                for position in range(leads + min(int(rng.expovariate(0.5)), 8)):
                    weights = lead_weights if position < leads else follow_weights
                    who = investor(weights)
                    if who in chosen:
                        continue
                    chosen.add(who)
                    investment_id += 1
                    investments.append(
                        {
                            "id": investment_id,
                            "round_id": pk,
                            "investor_id": who,
                            "is_lead": position < leads,
                        }
                    )
                if rng.random() < 0.25:
                    article = self._article(len(articles) + 1, company, row)
                    articles.append(article)
                    source_id += 1
                    sources.append(
                        {
                            "id": source_id,
                            "round_id": pk,
                            "article_id": article["id"],
                            "evidence": json.dumps(article.pop("_evidence")),
                        }
                    )
                day += dt.timedelta(days=rng.randrange(200, 800))
        return rounds, investments, sources, articles

    def _round(
        self,
        rng: random.Random,
        pk: int,
        company: dict[str, Any],
        country: str,
        day: dt.date,
        round_type: str,
        median: int,
        disclosed: float,
    ) -> dict[str, Any]:
        currency = "USD"
        local = _LOCAL_CURRENCY.get(country)
        if local and rng.random() < 0.5:
            currency = local
        rate = _rate(currency, day.year, day.month)
        usd = Decimal(round(median * rng.lognormvariate(0, 0.75), -4))
        amount = (usd / rate).quantize(Decimal(10) ** 4) if rng.random() < 0.9 else None
        valuation = None
        if amount is not None and rng.random() < disclosed:
            valuation = (amount * Decimal(rng.uniform(4, 14))).quantize(
                Decimal(10) ** 5
            )
        precision = rng.choices(("day", "month", "year"), (92, 6, 2))[0]
        announced = None if rng.random() < 0.003 else day
        label = _LABELS.get(round_type, "") if rng.random() < 0.3 else ""
        if label and rng.random() < 0.15:
            label += " extension"
        return {
            "id": pk,
            "company_id": company["id"],
            "round_type": round_type,
            "round_label": label,
            "status": "in_progress" if rng.random() < 0.04 else "announced",
            "amount": amount,
            "currency": currency if amount is not None else "",
            "amount_usd": (amount * rate).quantize(Decimal("0.01"))
            if amount is not None
            else None,
            "valuation": valuation,
            "valuation_currency": currency if valuation is not None else "",
            "valuation_qualifier": "",
            "valuation_basis": rng.choice(("post", "post", "pre", ""))
            if valuation is not None
            else "",
            "valuation_usd": (valuation * rate).quantize(Decimal("0.01"))
            if valuation is not None
            else None,
            "announced_on": announced,
            "date_precision": precision,
        }

    def _article(
        self, pk: int, company: dict[str, Any], round_row: dict[str, Any]
    ) -> dict[str, Any]:
        name = company["name"]
        figure = (
            f"{round_row['currency']} {round_row['amount']:,.0f}"
            if round_row["amount"] is not None
            else "an undisclosed amount"
        )
        lead = f"{name} raised {figure} in a {round_row['round_type'].replace('_', ' ')} round."
        text = f"{lead} The company said it would hire and expand. (Story {pk}.)"
        start = lead.index(figure)
        return {
            "id": pk,
            "url": f"https://news.example/{company['slug']}/{pk}",
            "title": f"{name} raises {figure}",
            "source_name": "Synthetic Wire",
            "published_on": round_row["announced_on"],
            "text": text,
            "content_hash": hashlib.sha256(text.encode()).hexdigest(),
            "status": "extracted",
            "_evidence": [
                {"field": "company", "start": 0, "end": len(name)},
                {"field": "amount", "start": start, "end": start + len(figure)},
            ],
        }


if __name__ == "__main__":
    sys.exit(main())
