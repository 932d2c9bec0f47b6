"""Saved searches: a deals filter kept under a name, the rounds it matches, its feed's secret."""

from __future__ import annotations

import dataclasses
import secrets
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from rounds.analytics.filters import DealFilter, deal_filter
from rounds.enums import DigestFrequency
from rounds.models import (
    Company,
    FeedKey,
    FundingRound,
    Investment,
    Investor,
    SavedSearch,
)
from rounds.money import short_money

# The query-string parameters that are not part of a filter (the page, the order):
NOT_FILTERS = {"cursor", "sort"}


class NameTaken(Exception):
    """The user already has a saved search of this name."""


def canonical_query(data: Mapping[str, Any]) -> str:
    """The filters in use, as a query string in one fixed order: the same filter, the same string.

    >>> canonical_query({"round_type": "seed", "q": "", "cursor": "abc", "lead": "акме"})
    'lead=%D0%B0%D0%BA%D0%BC%D0%B5&round_type=seed'
    """
    pairs = [
        (name, str(data[name]).strip())
        for name in sorted(DealFilter.base_filters)
        if name not in NOT_FILTERS and str(data.get(name) or "").strip()
    ]
    return urlencode(pairs)


def save_search(user: Any, *, name: str, query: str) -> tuple[SavedSearch, bool]:
    """The user's search of this filter, saved under `name` unless they saved it already.

    Raises NameTaken when another of their searches has this name.
    """
    try:
        with transaction.atomic():
            return SavedSearch.objects.get_or_create(
                user=user, query=query, defaults={"name": name}
            )
    except IntegrityError as error:
        raise NameTaken(name) from error


def update_search(search: SavedSearch, *, name: str, digest: str) -> None:
    """Rename a search and set its digest; a digest turned on starts with the rounds added next.

    Raises NameTaken when another of the user's searches has this name.
    """
    fields = ["name", "digest"]
    if search.digest == DigestFrequency.OFF and digest != DigestFrequency.OFF:
        search.digested_until = timezone.now()
        fields.append("digested_until")
    search.name, search.digest = name, digest
    try:
        with transaction.atomic():
            search.save(update_fields=fields)
    except IntegrityError as error:
        raise NameTaken(name) from error


def matching_rounds(search: SavedSearch) -> QuerySet[FundingRound]:
    """Every round the search matches; none when its filter no longer holds (a deleted investor)."""
    filterset = deal_filter(QueryDict(search.query))
    if filterset.is_bound and not filterset.is_valid():
        return FundingRound.objects.none()
    return filterset.qs


def with_leads(rounds: QuerySet[FundingRound]) -> QuerySet[FundingRound]:
    """The rounds with their company and lead investors, which a summary names."""
    return rounds.select_related("company").prefetch_related(
        models.Prefetch(
            "investments",
            queryset=Investment.objects.filter(is_lead=True)
            .select_related("investor")
            .order_by("investor__name"),
        )
    )


def newest_rounds(search: SavedSearch, limit: int) -> list[FundingRound]:
    """The rounds added last that match the search, newest first (index round_created)."""
    return list(
        with_leads(matching_rounds(search)).order_by("-created_at", "-id")[:limit]
    )


def round_summary(round: FundingRound) -> str:
    """One line for a feed entry or a digest: "Series A, $10M, 1 Mar 2024, led by Акме"."""
    parts = [round.get_round_type_display()]
    if round.amount is not None:
        if round.amount_usd is not None:
            parts.append(short_money(round.amount_usd, "USD", round.amount_qualifier))
        else:
            parts.append(
                short_money(round.amount, round.currency, round.amount_qualifier)
            )
    if round.announced_on:
        parts.append(f"{round.announced_on.day} {round.announced_on:%b %Y}")
    leads = round.leads
    if leads:
        parts.append("led by " + ", ".join(investor.name for investor in leads))
    return ", ".join(parts)


def deals_url(search: SavedSearch) -> str:
    """The deals page showing the search."""
    path = reverse("rounds:deal-list")
    return f"{path}?{search.query}" if search.query else path


def feed_key_of(user: Any) -> FeedKey:
    """The user's feed key, made the first time it is needed."""
    key, _ = FeedKey.objects.get_or_create(
        user=user, defaults={"key": FeedKey.new_key()}
    )
    return key


def regenerate_feed_key(user: Any) -> FeedKey:
    """A new feed key for the user: every feed address given out before stops working."""
    key = feed_key_of(user)
    key.key = FeedKey.new_key()
    key.created_at = timezone.now()
    key.save(update_fields=["key", "created_at"])
    return key


def feed_url(search: SavedSearch, key: FeedKey) -> str:
    return reverse("rounds:saved-search-feed", args=[search.pk, key.key])


def search_for_feed(pk: int, key: str) -> SavedSearch | None:
    """The saved search behind a feed address, or None unless the key is its owner's."""
    search = (
        SavedSearch.objects.filter(pk=pk, user__is_active=True)
        .select_related("user__feed_key")
        .first()
    )
    owner_key = getattr(search.user, "feed_key", None) if search else None
    if owner_key is None or not secrets.compare_digest(owner_key.key, key):
        return None
    return search


@dataclasses.dataclass(frozen=True)
class Watch:
    """A "Watch" button of an investor's or a company's page: the search it saves."""

    label: str
    name: str
    query: str
    watching: bool = False


def watches(user: Any, options: list[Watch]) -> list[Watch]:
    """The options, each marked when the user saved its search already (one query)."""
    saved = set(
        SavedSearch.objects.filter(
            user=user, query__in=[watch.query for watch in options]
        ).values_list("query", flat=True)
    )
    return [
        dataclasses.replace(watch, watching=watch.query in saved) for watch in options
    ]


def investor_watches(user: Any, investor: Investor) -> list[Watch]:
    return watches(
        user,
        [
            Watch(
                "Watch the rounds it leads",
                f"Led by {investor.name}",
                canonical_query({"lead": investor.slug}),
            ),
            Watch(
                "Watch all its rounds",
                investor.name,
                canonical_query({"investor": investor.slug}),
            ),
        ],
    )


def company_watches(user: Any, company: Company) -> list[Watch]:
    return watches(
        user,
        [
            Watch(
                "Watch its rounds",
                company.name,
                canonical_query({"company": company.slug}),
            )
        ],
    )
