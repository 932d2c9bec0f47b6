"""The filters of the companies and investors lists (rounds use the deals filter itself), and
the backend that applies them."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from rounds.analytics.filters import CountryField
from rounds.enums import InvestorKind
from rounds.models import Company, Investor, Sector


class CountryFilter(django_filters.CharFilter):
    """A company's or investor's own country (the deals filter's looks through the company)."""

    field_class = CountryField


def _named(queryset: QuerySet, name: str, value: str) -> QuerySet:
    return queryset.named(value) if value else queryset


class CompanyFilter(django_filters.FilterSet):
    name = django_filters.CharFilter(
        method=_named, label="A name or former name; it resolves to one company"
    )
    country = CountryFilter(label="Two-letter country code")
    sector = django_filters.ModelChoiceFilter(
        label="A sector's slug (see /api/sectors/)",
        field_name="sectors",
        to_field_name="slug",
        queryset=Sector.objects.all(),
    )

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


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, with a bad value refused in the words of the deals page.

    Its own refusal formats each message again with `%`, which fails (a 500) on a message that
    quotes a value holding a % sign, such as a figure typed as "5%": schemathesis found it.
    """

    def filter_queryset(
        self, request: Request, queryset: QuerySet, view: Any
    ) -> QuerySet:
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            raise ValidationError(
                {
                    name: [error["message"] for error in errors]
                    for name, errors in filterset.form.errors.get_json_data().items()
                }
            )
        return filterset.qs
