"""Suggestions for the filter form's autocompleted boxes: investors and companies by name."""

from __future__ import annotations

from typing import Any

from django.db.models import F, FilteredRelation, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from rounds.extraction.names import normalize_name
from rounds.models import Company, CompanyAlias, Investor, InvestorAlias, LeadSummary


def _also(rows: list[Any], words: str, match: Any) -> list[Any]:
    """Set `also` on each row found by another of its names: the name the analyst typed."""
    for row in rows:
        row.also = "" if match(row.name_normalized, words) else row.matched_alias
    return rows


def investor_suggestions(term: str, limit: int) -> list[Investor]:
    """Investors with a name (their own or an alias, "Sequoia China" for HongShan) containing
    `term`, the most active leads first, with `led` set, and `also` when an alias matched."""
    words = normalize_name(term)
    if not words:
        return []
    aliases = InvestorAlias.objects.containing(term)
    # Each candidate's rounds led is one row of its lead summary (all rounds, all years), joined,
    # rather than a count of its lead investments (4,169 candidates of "ventures" at a million
    # rounds: 13,253 index pages, 61 ms):
    every_round = FilteredRelation(
        "lead_summaries",
        condition=Q(
            lead_summaries__facet="",
            lead_summaries__value="",
            lead_summaries__month=LeadSummary.WHOLE_YEAR,
            lead_summaries__year=LeadSummary.ALL_YEARS,
        ),
    )
    matched = aliases.filter(investor=OuterRef("pk")).order_by("name").values("name")
    rows = list(
        Investor.objects.filter(pk__in=aliases.values("investor"))
        .annotate(every_round=every_round)
        .annotate(
            led=Coalesce(F("every_round__rounds_led"), 0),
            matched_alias=Subquery(matched[:1]),
        )
        .order_by("-led", "name")[:limit]
    )
    return _also(rows, words, str.__contains__)


def company_suggestions(term: str, limit: int) -> list[Company]:
    """Companies with a name (their own or an alias) that starts with `term`, by name, with
    `also` when an alias matched."""
    words = normalize_name(term)
    if not words:
        return []
    # The range lets the name index find the prefix (LIKE alone cannot use it outside the
    # C collation); LIKE keeps the match exact whatever the collation.
    after = words[:-1] + chr(ord(words[-1]) + 1)
    aliases = CompanyAlias.objects.filter(
        normalized__gte=words, normalized__lt=after, normalized__startswith=words
    )
    matched = aliases.filter(company=OuterRef("pk")).order_by("name").values("name")
    rows = list(
        Company.objects.filter(pk__in=aliases.values("company"))
        .annotate(matched_alias=Subquery(matched[:1]))
        .order_by("name_normalized", "pk")[:limit]
    )
    return _also(rows, words, str.startswith)
