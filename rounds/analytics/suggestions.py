"""Suggestions for the filter form's autocompleted boxes: investors and companies by name."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from rounds.extraction.names import normalize_name
from rounds.models import Company, Investment, Investor


def investor_suggestions(term: str, limit: int) -> list[Investor]:
    """Investors whose name contains `term`, the most active leads first, with `led` set."""
    if not term:
        return []
    # One count per candidate on the partial index of lead investments (index-only), rather
    # than a join of every candidate's investments:
    led = (
        Investment.objects.filter(investor=OuterRef("pk"), is_lead=True)
        .order_by()
        .values("investor")
        .annotate(n=Count("*"))
        .values("n")
    )
    return list(
        Investor.objects.filter(name__icontains=term)
        .annotate(led=Coalesce(Subquery(led), 0))
        .order_by("-led", "name")[:limit]
    )


def company_suggestions(term: str, limit: int) -> list[Company]:
    """Companies whose normalized name starts with the normalized `term`, by name."""
    words = normalize_name(term)
    if not words:
        return []
    # The range lets the name index find the prefix (LIKE alone cannot use it outside the
    # C collation); LIKE keeps the match exact whatever the collation.
    after = words[:-1] + chr(ord(words[-1]) + 1)
    return list(
        Company.objects.filter(
            name_normalized__gte=words,
            name_normalized__lt=after,
            name_normalized__startswith=words,
        ).order_by("name_normalized", "pk")[:limit]
    )
