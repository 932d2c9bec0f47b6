"""The analysts' filter: one FilterSet drives the deals table, the league table and the exports."""

from __future__ import annotations

import copy
import re
from typing import Any

import django_filters
import django_filters.fields
from django import forms
from django.core.cache import cache
from django.db.models import Exists, F, FilteredRelation, OuterRef, Q, QuerySet, Value
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from rounds.analytics import columns
from rounds.analytics.keyset import DEFAULT_SORT, FILTERED_COLUMNS, SORTS
from rounds.analytics.rows import SectorName
from rounds.enums import RoundStatus, RoundType
from rounds.extraction.names import normalize_name
from rounds.models import Company, FundingRound, Investment, Investor, LeadRound, Sector
from rounds.money import DollarField


class Chip:
    """A filter that says in a few words what it keeps, for the chips above a table.

    `chip` is a format string for format_html with the value in words ("Led by {}"); each
    filter class says how its value reads.
    """

    def __init__(self, *args: Any, chip: str = "{}", **kwargs: Any) -> None:
        self.chip_format = chip
        super().__init__(*args, **kwargs)

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        # Every FilterSet deep-copies its filters, widgets and querysets included (1.5 ms of
        # each deals page for these 14). A filter is configuration that no request changes;
        # the FilterSet sets only its parent and model, on the copy:
        clone = copy.copy(self)
        if clone.method is not None:
            # Set again, so that its FilterMethod calls the copy, not the original:
            clone.method = clone.method
        return clone

    def chip(self, value: Any) -> SafeString:
        return format_html(self.chip_format, self.words(value))

    def words(self, value: Any) -> Any:
        return value


class MoneyFilter(Chip, django_filters.Filter):
    field_class = DollarField

    def words(self, value: Any) -> SafeString:
        return mark_safe(columns.figure_html(value, "USD", "", value))  # noqa: S308 -- escaped


class ChoiceFilter(Chip, django_filters.ChoiceFilter):
    def words(self, value: Any) -> Any:
        return dict(self.extra["choices"]).get(value, value)


class DateFilter(Chip, django_filters.DateFilter):
    def words(self, value: Any) -> str:
        return value.isoformat()


class CharFilter(Chip, django_filters.CharFilter):
    pass


SECTOR_CHOICES_KEY = "deal-filter:sector-choices"
SECTOR_CHOICES_SECONDS = 5 * 60


def sector_choices() -> list[tuple[str, str]]:
    """The sectors as (slug, name), by name, for the sector filter's options.

    Read by every deals page and changed only by an admin, so kept in the shared cache (and
    forgotten when a sector is saved or deleted): the query and its 33 rows were a tenth of the
    page's Python time. Without a shared cache, another process sees a renamed sector within
    SECTOR_CHOICES_SECONDS.
    """
    choices = cache.get(SECTOR_CHOICES_KEY)
    if choices is None:
        choices = list(Sector.objects.order_by("name").values_list("slug", "name"))
        cache.set(SECTOR_CHOICES_KEY, choices, SECTOR_CHOICES_SECONDS)
    return choices


def forget_sector_choices(**_: Any) -> None:
    """A receiver of Sector's post_save and post_delete (rounds/apps.py)."""
    cache.delete(SECTOR_CHOICES_KEY)


class SectorField(forms.MultipleChoiceField):
    """Sectors by slug, cleaned to (name, slug) pairs in the order of their names."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=sector_choices, **kwargs)

    def clean(self, value: Any) -> list[SectorName]:
        chosen = set(super().clean(value))
        return [
            SectorName(name, slug) for slug, name in sector_choices() if slug in chosen
        ]


class SectorFilter(Chip, django_filters.MultipleChoiceFilter):
    field_class = SectorField

    def words(self, value: list[SectorName]) -> str:
        return ", ".join(sector.name for sector in value)


class CountryField(forms.CharField):
    def to_python(self, value: Any) -> str:
        code = super().to_python(value).upper()
        if code and not re.fullmatch(r"[A-Z]{2}", code):
            raise forms.ValidationError(
                "Enter a two-letter country code, like US or DE."
            )
        return code


class CountryFilter(CharFilter):
    field_class = CountryField

    def filter(self, queryset: QuerySet[FundingRound], value: str) -> Any:
        if not value:
            return queryset
        # The companies' ids first, from the (country, id) index alone, hashed once: a join
        # looked each round's company up in turn (20,000 lookups for "DE, series A").
        companies = Company.objects.filter(country=value).values("pk")
        return queryset.filter(company_id__in=companies)


class SlugChoiceField(forms.ModelChoiceField):
    """An autocompleted text box that holds a name, not a <select> of 20,000 options.

    The box shows the row's name; links (an investor page's "Rounds led") carry its slug.
    """

    widget = forms.TextInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)
        self.error_messages["invalid_choice"] = (
            "Nothing matches this name: pick one of the suggestions."
        )

    def to_python(self, value: Any) -> Any:
        """The row this name or alias resolves to or, failing that, the one with this slug.

        One query for both: each lookup walks its own unique index.
        """
        if value in self.empty_values:
            return None
        text = str(value)
        if (
            "\x00" in text
        ):  # PostgreSQL refuses it in any string, so no name can hold it
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        by_name = self.queryset.named(text).order_by().annotate(rank=Value(0))
        by_slug = self.queryset.filter(slug=text).order_by().annotate(rank=Value(1))
        match = by_name.union(by_slug).order_by("rank").first()
        if match is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return match


class SlugChoiceFilter(Chip, django_filters.ModelChoiceFilter):
    field_class = SlugChoiceField

    def words(self, value: Any) -> SafeString:
        page = reverse(f"rounds:{value._meta.model_name}-detail", args=[value.slug])
        return format_html('<a href="{}">{}</a>', page, value.name)


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


# The round's columns that a lead's copy of it holds (LeadRound), by the names the queryset
# gives them, and the copy's: the filtered and sorted columns, the company's id (the country
# and sector filters name it so) and the id that breaks the sorts' ties.
LEAD_COPIED = {
    **{column: column for column in FILTERED_COLUMNS if column != "company"},
    "company_id": "company_id",
    "id": "round_id",
}
# The filters that test only those columns, which a lead's copies answer alone:
ON_LEAD_COPIES = {
    "round_type",
    "status",
    "valuation_min",
    "valuation_max",
    "amount_min",
    "amount_max",
    "date_from",
    "date_to",
    "country",
    "sector",
}

# The range filters as a condition on the key of a LeadRound index (LeadRound.Meta), implied by
# the filter, so that the copies of many investors are that index's range for each of them,
# not all of their copies checked in turn (the 265,000 copies of a league table's 50 busiest
# leads, for their 12,000 rounds valued at $1B or more):
_COPY_RANGES = {
    "valuation_min": (SORTS["-valuation"], "gte"),
    "valuation_max": (SORTS["valuation"], "lte"),
    "amount_min": (SORTS["-amount"], "gte"),
    "amount_max": (SORTS["amount"], "lte"),
    "date_from": (SORTS["-date"], "gte"),
    "date_to": (SORTS["date"], "lte"),
}


def _lead_by(queryset: QuerySet[FundingRound], name: str, value: Investor) -> Any:
    """The rounds `value` led, joined to its copy of each (LeadRound), with the round's columns
    of LEAD_COPIED read from that copy from here on.

    So a lead's rounds are filtered and sorted in one index of the copies, the one of the
    sort's order, which starts with the investor: the busiest lead's 500 highest valuations
    are that index's first 500 entries, where its 17,127 rounds were looked up one by one, or
    the rounds' valuation index walked for the 1.7 % of them it led (migration 0022). The
    columns are renamed in the query itself, whose annotations Django resolves before the
    model's fields, so that the keyset paginator's sort key and row comparison, and the filters
    applied after this one (DealFilter.filter_queryset applies it first), read the copy without
    knowing of it.
    """
    led = queryset.alias(
        lead_copy=FilteredRelation(
            "lead_rounds", condition=Q(lead_rounds__investor=value)
        )
    ).filter(lead_copy__investor=value)  # an inner join
    for column, copied in LEAD_COPIED.items():
        # annotate() refuses a field's name, so the query takes the annotation itself; selected,
        # as values("company_id") and the like need (an alias cannot be selected):
        led.query.add_annotation(F(f"lead_copy__{copied}"), column, select=True)
    return led


def _backed_by(queryset: QuerySet[FundingRound], name: str, value: Investor) -> Any:
    return queryset.filter(
        Exists(Investment.objects.filter(round=OuterRef("pk"), investor=value))
    )


def _in_sectors(queryset: QuerySet[FundingRound], name: str, value: Any) -> Any:
    if not value:
        return queryset
    return queryset.filter(
        Exists(
            Company.sectors.through.objects.filter(
                company=OuterRef("company_id"),
                sector__slug__in=[sector.slug for sector in value],
            )
        )
    )


def _search(queryset: QuerySet[FundingRound], name: str, value: str) -> Any:
    # Served by the trigram index on company names (migration 0005) on PostgreSQL:
    words = normalize_name(value)
    if not words:
        return queryset
    return queryset.filter(company__name_normalized__contains=words)


class DealFilterForm(forms.Form):
    """The filters' form, with the sort order beside them (the keyset paginator applies it)."""

    sort = forms.ChoiceField(
        label="Sort",
        choices=[(key, sort.label) for key, sort in SORTS.items()],
        required=False,
        widget=forms.Select(attrs={"data-sync": ""}),
    )


class DealFilter(django_filters.FilterSet):
    q = CharFilter(
        label="Search",
        chip="“{}”",
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
        chip="Led by {}",
        queryset=Investor.objects.all(),
        method=_lead_by,
        widget=_autocomplete("lead-options", "rounds:investor-autocomplete"),
    )
    investor = SlugChoiceFilter(
        label="Any investor",
        chip="Backed by {}",
        queryset=Investor.objects.all(),
        method=_backed_by,
        widget=_autocomplete("investor-options", "rounds:investor-autocomplete"),
    )
    company = SlugChoiceFilter(
        label="Company",
        queryset=Company.objects.all(),
        widget=_autocomplete("company-options", "rounds:company-autocomplete"),
    )
    sector = SectorFilter(label="Sector", chip="Sector {}", method=_in_sectors)
    round_type = ChoiceFilter(
        label="Round type", choices=RoundType.choices, empty_label="Any type"
    )
    status = ChoiceFilter(
        label="Status", choices=RoundStatus.choices, empty_label="Any status"
    )
    valuation_min = MoneyFilter(
        label="Valuation from",
        chip="Valuation ≥ {}",
        field_name="valuation_usd",
        lookup_expr="gte",
    )
    valuation_max = MoneyFilter(
        label="Valuation to",
        chip="Valuation ≤ {}",
        field_name="valuation_usd",
        lookup_expr="lte",
    )
    amount_min = MoneyFilter(
        label="Amount from",
        chip="Amount ≥ {}",
        field_name="amount_usd",
        lookup_expr="gte",
    )
    amount_max = MoneyFilter(
        label="Amount to",
        chip="Amount ≤ {}",
        field_name="amount_usd",
        lookup_expr="lte",
    )
    date_from = DateFilter(
        label="From",
        chip="From {}",
        field_name="announced_on",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = DateFilter(
        label="To",
        chip="To {}",
        field_name="announced_on",
        lookup_expr="lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    country = CountryFilter(
        label="Country",
        chip="Country {}",
        widget=forms.TextInput(
            attrs={"placeholder": "e.g. US", "maxlength": 2, "size": 4}
        ),
    )

    class Meta:
        model = FundingRound
        fields: list[str] = []
        form = DealFilterForm

    # How the filter form groups the filters: (legend, CSS class, names); "" for no fieldset.
    LAYOUT = (
        ("", "", ("q",)),
        ("Investors", "", ("lead", "investor")),
        ("Company", "", ("company", "country", "sector")),
        ("Round", "", ("round_type", "status")),
        ("Valuation (USD)", "range", ("valuation_min", "valuation_max")),
        ("Amount (USD)", "range", ("amount_min", "amount_max")),
        ("Announced", "range dates", ("date_from", "date_to")),
    )

    @property
    def fieldsets(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """The form's fields in the groups of LAYOUT, for the filter form's template."""
        return [
            (legend, css, [self.form[name] for name in names])
            for legend, css, names in self.LAYOUT
        ]

    def get_form_class(self) -> type[forms.Form]:
        # django-filter builds a new form class, and its 14 fields, for every request; the fields
        # do not depend on the request (the form copies them, querysets included), so once is
        # enough. Half the cost of the filter form.
        cls = type(self)
        if "_form_class" not in cls.__dict__:
            cls._form_class = super().get_form_class()
        return cls._form_class

    def filter_queryset(
        self, queryset: QuerySet[FundingRound]
    ) -> QuerySet[FundingRound]:
        # The form's sort is the keyset paginator's to apply; every other field is a filter,
        # the lead investor's first: the filters after it read its copy of the rounds.
        data = self.form.cleaned_data
        for name in sorted(data, key=lambda name: name != "lead"):
            if name in self.filters:
                queryset = self.filters[name].filter(queryset, data[name])
        return queryset

    @property
    def sort_key(self) -> str:
        if self.is_bound and self.is_valid():
            return self.form.cleaned_data.get("sort") or DEFAULT_SORT
        return DEFAULT_SORT

    def capped_count(self, cap: int) -> int:
        """Count the matching rounds, stopping at cap + 1 (an exact count of a million costs 100 ms).

        Filtered by an investor alone, its investments are counted instead, and by a lead
        investor with filters of the round's copied columns (ON_LEAD_COPIES), its copies of
        its rounds: an index-only scan, rather than a join to the rounds (at a million rounds,
        800 rounds of the busiest lead valued at $1B or more were 2,400 buffers of the rounds'
        primary key).
        """
        active = self.active
        lead = active.get("lead")
        others = {name: value for name, value in active.items() if name != "lead"}
        if lead is not None and set(others) <= ON_LEAD_COPIES:
            copies = self._copies(others).filter(investor=lead)
            return copies.order_by()[: cap + 1].count()
        if set(active) == {"investor"}:
            investments = Investment.objects.filter(investor=active["investor"])
            return investments.order_by()[: cap + 1].count()
        return self.qs.order_by()[: cap + 1].count()

    def lead_copies(self) -> QuerySet[LeadRound] | None:
        """The copies of the matching rounds beside their lead investors (LeadRound), when every
        filter in use tests only the columns copied there (ON_LEAD_COPIES); else None."""
        active = self.active
        return self._copies(active) if set(active) <= ON_LEAD_COPIES else None

    def _copies(self, active: dict[str, Any]) -> QuerySet[LeadRound]:
        copies = LeadRound.objects.all()
        for name, value in active.items():
            copies = self.filters[name].filter(copies, value)
            if name in _COPY_RANGES:
                sort, lookup = _COPY_RANGES[name]
                key = f"{name}_key"
                copies = copies.alias(**{key: sort.expression}).filter(
                    **{f"{key}__{lookup}": value}
                )
        return copies

    @property
    def chips(self) -> list[SafeString]:
        """What each filter in use keeps, in a few words ("Led by HongShan", "From 2024-01-01")."""
        return [self.filters[name].chip(value) for name, value in self.active.items()]

    @property
    def active(self) -> dict[str, Any]:
        """The filters in use, by name, for the summary above the table."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name != "sort" and _in_use(value)
        }


def _in_use(value: Any) -> bool:
    # A filter left empty reads as None, "" or, for a multiple choice, no rows:
    if isinstance(value, QuerySet | list | tuple):
        return bool(value)
    return value not in (None, "")


def deal_filter(data: Any) -> DealFilter:
    """The filter of the analysts' pages over every round, bound to the query string if any."""
    return DealFilter(data or None, queryset=FundingRound.objects.all())
