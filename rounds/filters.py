"""The analysts' filter: one FilterSet drives the deals table, the league table and the exports."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any, NamedTuple

import django_filters
from django import forms
from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse_lazy

from rounds.enums import RoundStatus, RoundType
from rounds.extraction.names import normalize_name
from rounds.keyset import DEFAULT_SORT, SORTS
from rounds.models import Company, FundingRound, Investment, Investor, RoundSource
from rounds.money import DollarField


class MoneyFilter(django_filters.Filter):
    field_class = DollarField


class CountryField(forms.CharField):
    def to_python(self, value: Any) -> str:
        code = super().to_python(value).upper()
        if code and not re.fullmatch(r"[A-Z]{2}", code):
            raise forms.ValidationError(
                "Enter a two-letter country code, like US or DE."
            )
        return code


class CountryFilter(django_filters.CharFilter):
    field_class = CountryField


class SlugChoiceField(forms.ModelChoiceField):
    """An autocompleted text box that holds a slug, not a <select> of 20,000 options."""

    widget = forms.TextInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)
        self.error_messages["invalid_choice"] = (
            "Nothing matches this name: pick one of the suggestions."
        )

    def to_python(self, value: Any) -> Any:
        """The row with this slug or, failing that, the one this name or alias resolves to."""
        try:
            return super().to_python(value)
        except forms.ValidationError:
            match = self.queryset.named(str(value)).first()
            if match is None:
                raise
            return match


class SlugChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField


def _autocomplete(datalist: str, url_name: str) -> forms.TextInput:
    """A text box whose suggestions htmx fetches into a <datalist> as the analyst types."""
    return forms.TextInput(
        attrs={
            "list": datalist,
            "placeholder": "Type a name",
            "autocomplete": "off",
            "hx-get": reverse_lazy(url_name),
            "hx-trigger": "input changed delay:200ms",
            "hx-target": f"#{datalist}",
            "hx-swap": "innerHTML",
            "hx-sync": "this:replace",
        }
    )


def _lead_by(queryset: QuerySet[FundingRound], name: str, value: Investor) -> Any:
    return queryset.filter(
        Exists(
            Investment.objects.filter(
                round=OuterRef("pk"), investor=value, is_lead=True
            )
        )
    )


def _backed_by(queryset: QuerySet[FundingRound], name: str, value: Investor) -> Any:
    return queryset.filter(
        Exists(Investment.objects.filter(round=OuterRef("pk"), investor=value))
    )


def _search(queryset: QuerySet[FundingRound], name: str, value: str) -> Any:
    # Served by the trigram index on company names (migration 0005) on PostgreSQL:
    words = normalize_name(value)
    if not words:
        return queryset
    return queryset.filter(company__name_normalized__contains=words)


def _keep(queryset: QuerySet[FundingRound], name: str, value: Any) -> Any:
    return queryset  # the sort is applied by the keyset paginator, not here


class DealFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method=_search,
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "placeholder": "Company name",
                "autocomplete": "off",
            }
        ),
    )
    lead = SlugChoiceFilter(
        label="Lead investor",
        queryset=Investor.objects.all(),
        method=_lead_by,
        widget=_autocomplete("lead-options", "rounds:investor-autocomplete"),
    )
    investor = SlugChoiceFilter(
        label="Any investor",
        queryset=Investor.objects.all(),
        method=_backed_by,
        widget=_autocomplete("investor-options", "rounds:investor-autocomplete"),
    )
    company = SlugChoiceFilter(
        label="Company",
        queryset=Company.objects.all(),
        widget=_autocomplete("company-options", "rounds:company-autocomplete"),
    )
    round_type = django_filters.ChoiceFilter(
        label="Round type", choices=RoundType.choices, empty_label="Any type"
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=RoundStatus.choices, empty_label="Any status"
    )
    valuation_min = MoneyFilter(
        label="Valuation from", field_name="valuation_usd", lookup_expr="gte"
    )
    valuation_max = MoneyFilter(
        label="Valuation to", field_name="valuation_usd", lookup_expr="lte"
    )
    amount_min = MoneyFilter(
        label="Amount from", field_name="amount_usd", lookup_expr="gte"
    )
    amount_max = MoneyFilter(
        label="Amount to", field_name="amount_usd", lookup_expr="lte"
    )
    date_from = django_filters.DateFilter(
        label="From",
        field_name="announced_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label="To",
        field_name="announced_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    country = CountryFilter(
        label="Country",
        field_name="company__country",
        widget=forms.TextInput(
            attrs={"placeholder": "e.g. US", "maxlength": 2, "size": 4}
        ),
    )
    sort = django_filters.ChoiceFilter(
        label="Sort",
        choices=[(key, sort.label) for key, sort in SORTS.items()],
        method=_keep,
        empty_label=None,
        widget=forms.Select(attrs={"data-sync": ""}),
    )

    class Meta:
        model = FundingRound
        fields: list[str] = []

    def get_form_class(self) -> type[forms.Form]:
        # django-filter builds a new form class, and its 14 fields, for every request; the fields
        # do not depend on the request (the form copies them, querysets included), so once is
        # enough. Half the cost of the filter form.
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    @property
    def sort_key(self) -> str:
        if self.is_bound and self.is_valid():
            return self.form.cleaned_data.get("sort") or DEFAULT_SORT
        return DEFAULT_SORT

    def capped_count(self, cap: int) -> int:
        """Count the matching rounds, stopping at cap + 1 (an exact count of a million costs 100 ms).

        Filtered by one investor alone, its investments are counted instead: an index-only
        scan, rather than a join to the rounds.
        """
        active = self.active
        if set(active) in ({"lead"}, {"investor"}):
            investments = Investment.objects.filter(
                investor=next(iter(active.values()))
            )
            if "lead" in active:
                investments = investments.filter(is_lead=True)
            return investments.order_by()[: cap + 1].count()
        return self.qs.order_by()[: cap + 1].count()

    @property
    def active(self) -> dict[str, Any]:
        """The filters in use, by name, for the summary above the table."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name != "sort" and value not in (None, "")
        }


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


# Suggestions for the autocompleted boxes (the <datalist>s of the filter form):


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
