"""What an editor's writes cost at a million rounds, with the investors' summaries kept in step:
each write path, on rounds that the busiest lead investor led, each in a transaction rolled back
so that the database is left as it was.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/dealflow_bench \\
        python -m benchmarks.edits --repeat 5

Prints the median time of each write, with the summary rows that it wrote (the investors' years
and lead summaries).
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal

from benchmarks import setup_django

setup_django()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402

from rounds.extraction import RoundCandidate  # noqa: E402
from rounds.ingestion import matching, pipeline  # noqa: E402
from rounds.models import (  # noqa: E402
    Company,
    FundingRound,
    Investment,
    Investor,
    Sector,
)
from rounds.review import decisions, merging  # noqa: E402


class Rollback(Exception):
    """Leaves the write's transaction, undoing it."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--lead",
        help="the slug of the investor (default: the one that led most rounds)",
    )
    args = parser.parse_args(argv)
    if connection.vendor != "postgresql":
        print("Run it against the 1M-round PostgreSQL database (DATABASE_URL).")
        return 1
    lead = Investor.objects.get(slug=args.lead) if args.lead else _busiest()
    editor, _ = User.objects.get_or_create(username="benchmark-edits")
    print(f"{lead.name}: {lead.lead_summaries.count():,} summary rows")
    print(f"{'write':<62} {'ms':>9} {'rows':>7}")
    for label, write in _writes(lead, editor):
        times, rewritten = [], 0
        for _ in range(args.repeat):
            spent, rewritten = _timed(write)
            times.append(spent)
        print(f"{label:<62} {statistics.median(times):9.1f} {rewritten:7,}")
    return 0


def _busiest() -> Investor:
    top = (
        Investment.objects.filter(is_lead=True)
        .values("investor")
        .annotate(led=Count("*"))
        .order_by("-led")
        .first()
    )
    return Investor.objects.get(pk=top["investor"])


def _timed(write: Callable[[], None]) -> tuple[float, int]:
    """The time of the write, and the summary rows it rewrote, in a transaction rolled back."""
    try:
        with transaction.atomic():
            start = time.perf_counter()
            write()
            spent = (time.perf_counter() - start) * 1000
            raise Rollback(spent, _rewritten())
    except Rollback as done:
        return done.args


def _rewritten() -> int:
    """The rows of the investors' summaries inserted in this transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(n_tup_ins) FROM pg_stat_xact_user_tables "
            "WHERE relname IN ('rounds_leadsummary', 'rounds_investoryear')"
        )
        return cursor.fetchone()[0]


def _writes(lead: Investor, editor: User) -> list[tuple[str, Callable[[], None]]]:
    led = (
        FundingRound.objects.filter(
            investments__investor=lead, investments__is_lead=True
        )
        .exclude(announced_on=None)
        .order_by("-announced_on", "pk")
    )
    round = led.first()
    company = round.company
    small = (
        Investor.objects.exclude(pk=lead.pk)
        .annotate(n=Count("investments"))
        .filter(n__gte=2)
        .order_by("n", "pk")
        .first()
    )
    other_company = Company.objects.exclude(pk=company.pk).order_by("pk").first()
    sector = Sector.objects.exclude(companies=company).order_by("pk").first()

    def round_type() -> None:
        round.round_type = "series_c" if round.round_type != "series_c" else "series_d"
        round.save()

    def round_date() -> None:
        round.announced_on = round.announced_on - dt.timedelta(days=400)
        round.save()

    def lead_to_participant() -> None:
        investment = Investment.objects.get(round=round, investor=lead)
        investment.is_lead = False
        investment.save()

    def delete_investment() -> None:
        Investment.objects.get(round=round, investor=lead).delete()

    def country() -> None:
        company.country = "NZ" if company.country != "NZ" else "IS"
        company.save()

    def add_sector() -> None:
        company.sectors.add(sector)

    def merge_investor() -> None:
        merging.merge_investors(lead, [Investor.objects.get(pk=small.pk)], user=editor)

    def merge_company() -> None:
        merging.merge_companies(
            company, [Company.objects.get(pk=other_company.pk)], user=editor
        )

    def approve_and_undo() -> None:
        article, _ = pipeline.store_text(
            f"Benchmark story {time.perf_counter_ns()}: a new round led by {lead.name}."
        )
        candidate = RoundCandidate(
            company=company.name,
            round_type="series_b",
            amount=Decimal(42) * 10**6,
            currency="USD",
            amount_qualifier="exact",
            date=dt.date(2025, 3, 4),
            lead_investors=(lead.name,),
        )
        [proposal] = matching.propose_rounds(article, [candidate])
        decisions.approve_proposal(proposal, editor=editor)
        proposal.refresh_from_db()
        decisions.undo_decision(proposal, editor=editor)

    return [
        ("a round's type changes (round saved)", round_type),
        ("a round's date moves back 400 days", round_date),
        ("its lead becomes a participant (investment saved)", lead_to_participant),
        ("its lead investment is deleted", delete_investment),
        (f"the company's country changes ({company.rounds.count()} rounds)", country),
        ("a sector is added to the company", add_sector),
        (
            f"an investor of {small.investments.count()} rounds merged into it",
            merge_investor,
        ),
        (
            f"a company of {other_company.rounds.count()} rounds merged into the company",
            merge_company,
        ),
        ("a proposal it leads approved, then undone", approve_and_undo),
    ]


if __name__ == "__main__":
    sys.exit(main())
