"""The filters of the companies and investors lists (rounds use the deals filter itself)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from rounds.analytics.filters import CountryFilter
from rounds.enums import InvestorKind
from rounds.models import Company, Investor


def _named(queryset: QuerySet, name: str, value: str) -> QuerySet:
    return queryset.named(value) if value else queryset


class CompanyFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        method=_named, label="A name or former name; it resolves to one company"
    )
    country = CountryFilter(label="Two-letter country code")

    class Meta:
        model = Company
        fields: list[str] = []


class InvestorFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        method=_named, label="A name or former name; it resolves to one investor"
    )
    country = CountryFilter(label="Two-letter country code")
    kind = django_filters.ChoiceFilter(choices=InvestorKind.choices)

    class Meta:
        model = Investor
        fields: list[str] = []
