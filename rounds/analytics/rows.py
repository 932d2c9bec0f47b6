"""The rows a table of deals shows: the round, its company and source count in one query, its
investors in one more for the whole page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import NamedTuple

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from rounds.models import FundingRound, Investment, RoundSource

_NOT_SHOWN = [
    "created_at",
    "updated_at",
    "closed_on",
    "company__name_normalized",
    "company__website",
    "company__description",
    "company__created_at",
    "company__updated_at",
]


def with_table_rows(queryset: QuerySet[FundingRound]) -> QuerySet[FundingRound]:
    """What a deals table shows for each round besides its investors (see attach_investors).

    Unlike FundingRound.objects.for_list(), the sources are counted by a subquery, not a GROUP
    BY over the whole filtered table, so PostgreSQL stops after the rows of one page.
    """
    sources = (
        RoundSource.objects.filter(round=OuterRef("pk"))
        .order_by()
        .values("round")
        .annotate(n=Count("pk"))
        .values("n")
    )
    # Timestamps and descriptions are left out: parsing them was a tenth of the page's time.
    return (
        queryset.select_related("company")
        .defer(*_NOT_SHOWN)
        .annotate(source_count=Coalesce(Subquery(sources), 0))
    )


class InvestorName(NamedTuple):
    """What a table shows of an investor: lighter than a model instance, 200 times a page."""

    pk: int
    name: str
    slug: str


def attach_investors(rounds: Sequence[FundingRound]) -> None:
    """Set `lead_investors` and `other_investors` on each round, in one query for all.

    Leads first, each group in the order the investments were recorded. Plain tuples from one
    join rather than prefetch_related, which cost 5 ms of Python for a page of 50 rounds. Run it
    under the page's planner settings (views.analysts._page_queries): with the default random_page_cost
    PostgreSQL hashes all 20,000 investors for the few hundred it needs (6 ms instead of 0.6).
    """
    investments = (
        Investment.objects.filter(round_id__in=[r.pk for r in rounds])
        .order_by("-is_lead", "pk")
        .values_list(
            "round_id", "is_lead", "investor_id", "investor__name", "investor__slug"
        )
    )
    leads: dict[int, list[InvestorName]] = defaultdict(list)
    others: dict[int, list[InvestorName]] = defaultdict(list)
    for round_id, is_lead, *investor in investments:
        (leads if is_lead else others)[round_id].append(InvestorName(*investor))
    for round in rounds:
        round.lead_investors = leads.get(round.pk, [])
        round.other_investors = others.get(round.pk, [])


def attach_source_urls(rounds: Sequence[FundingRound]) -> None:
    """Set `source_urls` on each round: its articles' addresses, oldest first, in one query."""
    urls: dict[int, list[str]] = defaultdict(list)
    for round_id, url in (
        RoundSource.objects.filter(round_id__in=[r.pk for r in rounds])
        .exclude(article__url="")
        .order_by("article__published_on", "pk")
        .values_list("round_id", "article__url")
    ):
        urls[round_id].append(url)
    for round in rounds:
        round.source_urls = urls.get(round.pk, [])
