from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, OuterRef, QuerySet, Subquery, URLField
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from simple_history.admin import SimpleHistoryAdmin

from rounds import fx, tasks
from rounds.enums import ArticleStatus
from rounds.ingestion import pipeline
from rounds.models import (
    ApiToken,
    Article,
    Company,
    CompanyAlias,
    Feed,
    FeedKey,
    FundingRound,
    Investment,
    Investor,
    InvestorAlias,
    InvestorYear,
    LanguageModelAnswer,
    LanguageModelDay,
    LeadRound,
    LeadSummary,
    RoundProposal,
    RoundSource,
    SavedSearch,
    Sector,
)
from rounds.money import short_money, whole_dollars
from rounds.review import merging

# Typed URLs without a scheme are taken as https (Django 6's default):
URL_FIELDS_ASSUME_HTTPS = {URLField: {"assume_scheme": "https"}}


def _merge_action(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    merge: Callable[..., int],
) -> HttpResponse | None:
    """Ask which of the selected rows to keep, then merge the others into it."""
    selected = list(queryset.order_by("pk"))
    if len(selected) < 2:
        modeladmin.message_user(
            request, "Select at least two to merge.", messages.WARNING
        )
        return None
    if "apply" in request.POST:
        keep = next(
            (obj for obj in selected if str(obj.pk) == request.POST.get("keep")), None
        )
        if keep is None:
            modeladmin.message_user(request, "Choose the one to keep.", messages.ERROR)
        else:
            merged = merge(
                keep, [obj for obj in selected if obj.pk != keep.pk], user=request.user
            )
            modeladmin.message_user(
                request, f"Merged {merged} into {keep}.", messages.SUCCESS
            )
            return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": f"Merge {modeladmin.opts.verbose_name_plural}",
        "opts": modeladmin.opts,
        "objects": selected,
        "action": request.POST.get("action"),
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/rounds/merge_confirmation.html", context)


class LargeTablePaginator(Paginator):
    """Pages of a changelist over millions of rows.

    The unfiltered list is counted from PostgreSQL's statistics: an exact COUNT(*) of a million
    rounds costs more than the page itself, and "about 1,000,000" is what an admin needs to know.
    Filtered lists, and every list on other databases, are counted exactly.

    A deep page finds its ids first and then reads those rows: the ids come from the ordering's
    index alone, where an OFFSET over whole rows reads every skipped row from the table (page 500
    of the rounds: 605 ms before).
    """

    DEEP = 1000

    @cached_property
    def count(self) -> int:
        query = getattr(self.object_list, "query", None)
        if connection.vendor == "postgresql" and query is not None and not query.where:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass",
                    [self.object_list.model._meta.db_table],
                )
                estimate = cursor.fetchone()[0]
            if estimate > 10_000:
                return estimate
        return super().count

    def page(self, number: int | str) -> Any:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom < self.DEEP or not hasattr(self.object_list, "values_list"):
            return super().page(number)
        ids = list(
            self.object_list.values_list("pk", flat=True)[
                bottom : bottom + self.per_page
            ]
        )
        rows = self.object_list.order_by().in_bulk(ids)
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


class LargeTableAdmin(admin.ModelAdmin):
    """A changelist that stays fast at millions of rows: no second COUNT(*) of the whole table,
    an estimated count for the unfiltered list, and no filter that has to read the table to list
    its choices."""

    show_full_result_count = False
    paginator = LargeTablePaginator


class HistoryAdmin(SimpleHistoryAdmin, LargeTableAdmin):
    """The admin of a model with a history: its "History" page lists every change to a row, by
    whom and why, whichever path made it (django-simple-history records them)."""


def _named_ids(alias_model: type[CompanyAlias] | type[InvestorAlias], term: str) -> set:
    """The ids of the companies or investors with a name or former name containing the term.

    Read first, as a list: PostgreSQL cannot estimate a trigram match (it guessed 2,020 rows
    for 6), and the plan it made for a subquery scanned every round (617 ms instead of 5).
    """
    return set(
        alias_model.objects.containing(term).values_list(
            alias_model.owner_field, flat=True
        )
    )


class AliasSearchAdmin(HistoryAdmin):
    """Searches a company's or investor's names and former names through the alias table's
    trigram index, instead of Django's substring search over joined tables with DISTINCT."""

    alias_model: type[CompanyAlias] | type[InvestorAlias]
    search_fields = ["name"]  # shows the search box; get_search_results does the search

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        if not search_term.strip():
            return queryset, False
        return queryset.filter(pk__in=_named_ids(self.alias_model, search_term)), False


def _count_per_row(related: QuerySet, field: str) -> Coalesce:
    """How many related rows each row on the page has, counted for those rows only: a Count()
    annotation would group the whole table before the page is cut (PostgreSQL evaluates a
    subquery in the select list after the LIMIT)."""
    counted = (
        related.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted), 0)


class CompanyAliasInline(admin.TabularInline):
    model = CompanyAlias
    extra = 1
    fields = ["name", "normalized"]
    readonly_fields = ["normalized"]


class InvestorAliasInline(admin.TabularInline):
    model = InvestorAlias
    extra = 1
    fields = ["name", "normalized"]
    readonly_fields = ["normalized"]


class ValuesFilter(admin.SimpleListFilter):
    """The values of a text field in use, and "None" for the rows without one: a blank value
    would be a link without text."""

    field = ""
    BLANK = "-"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin
    ) -> list[tuple[str, str]]:
        values = model_admin.model.objects.order_by(self.field).values_list(
            self.field, flat=True
        )
        return [(self.BLANK, "None"), *((v, v) for v in values.distinct() if v)]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(**{self.field: "" if value == self.BLANK else value})


class CountryFilter(ValuesFilter):
    title = parameter_name = field = "country"


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "company_count"]
    search_fields = ["name", "slug"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Sector]:
        # Ordered explicitly: an aggregate leaves Meta.ordering out, and autocomplete pages it.
        return (
            super()
            .get_queryset(request)
            .annotate(company_count=Count("companies"))
            .order_by("name")
        )

    @admin.display(description="Companies", ordering="company_count")
    def company_count(self, sector: Sector) -> int:
        return sector.company_count  # type: ignore[attr-defined]  -- annotated above


@admin.register(Company)
class CompanyAdmin(AliasSearchAdmin):
    alias_model = CompanyAlias
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["name", "country", "round_count", "website", "created_at"]
    list_filter = [CountryFilter, "sectors"]
    autocomplete_fields = ["sectors"]
    readonly_fields = ["name_normalized", "created_at", "updated_at"]
    inlines = [CompanyAliasInline]
    actions = ["merge_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Company]:
        return (
            super()
            .get_queryset(request)
            .annotate(round_count=_count_per_row(FundingRound.objects, "company"))
        )

    @admin.display(description="Rounds")
    def round_count(self, company: Company) -> int:
        return company.round_count  # type: ignore[attr-defined]  -- annotated above

    @admin.action(
        description="Merge selected companies into one", permissions=["delete"]
    )
    def merge_selected(
        self, request: HttpRequest, queryset: QuerySet[Company]
    ) -> HttpResponse | None:
        return _merge_action(self, request, queryset, merging.merge_companies)


@admin.register(Investor)
class InvestorAdmin(AliasSearchAdmin):
    alias_model = InvestorAlias
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["name", "kind", "country", "investment_count", "website"]
    list_filter = ["kind", CountryFilter]
    readonly_fields = ["name_normalized", "created_at", "updated_at"]
    inlines = [InvestorAliasInline]
    actions = ["merge_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Investor]:
        return (
            super()
            .get_queryset(request)
            .annotate(investment_count=_count_per_row(Investment.objects, "investor"))
        )

    @admin.display(description="Rounds")
    def investment_count(self, investor: Investor) -> int:
        return investor.investment_count  # type: ignore[attr-defined]  -- annotated above

    @admin.action(
        description="Merge selected investors into one", permissions=["delete"]
    )
    def merge_selected(
        self, request: HttpRequest, queryset: QuerySet[Investor]
    ) -> HttpResponse | None:
        return _merge_action(self, request, queryset, merging.merge_investors)


class AliasAdmin(HistoryAdmin):
    """Searches the normalized names, so that the trigram index serves the search."""

    search_fields = ["normalized"]  # shows the search box; get_search_results searches

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        if not search_term.strip():
            return queryset, False
        return queryset & self.model.objects.containing(search_term), False


@admin.register(CompanyAlias)
class CompanyAliasAdmin(AliasAdmin):
    list_display = ["name", "company", "normalized"]
    list_select_related = ["company"]
    autocomplete_fields = ["company"]


@admin.register(InvestorAlias)
class InvestorAliasAdmin(AliasAdmin):
    list_display = ["name", "investor", "normalized"]
    list_select_related = ["investor"]
    autocomplete_fields = ["investor"]


class InvestmentInline(admin.TabularInline):
    model = Investment
    extra = 1
    autocomplete_fields = ["investor"]
    fields = ["investor", "is_lead", "evidence"]


class RoundSourceInline(admin.TabularInline):
    model = RoundSource
    extra = 0
    autocomplete_fields = ["article"]
    fields = ["article", "evidence"]


@admin.register(FundingRound)
class FundingRoundAdmin(HistoryAdmin):
    list_display = [
        "company", "round_type", "status", "amount_display", "amount_usd_display",
        "valuation_display", "valuation_usd_display", "announced_on",
    ]  # fmt: skip
    # No currency filter and no date hierarchy: both list their choices with a DISTINCT over
    # every round (592 ms of a 971 ms page at a million rounds).
    list_filter = [
        "round_type",
        "status",
        ("announced_on", admin.DateFieldListFilter),
        "amount_qualifier",
        "date_precision",
    ]
    list_select_related = ["company"]
    search_fields = [
        "company__name"
    ]  # shows the search box; get_search_results searches
    autocomplete_fields = ["company"]
    readonly_fields = [
        "amount_usd",
        "valuation_usd",
        "usd_conversion",
        "created_at",
        "updated_at",
    ]
    inlines = [InvestmentInline, RoundSourceInline]
    fieldsets = [
        (None, {"fields": ["company", "round_type", "round_label", "status"]}),
        (
            "Amount",
            {"fields": ["amount", "currency", "amount_qualifier", "amount_usd"]},
        ),
        (
            "Valuation",
            {
                "fields": [
                    "valuation",
                    "valuation_currency",
                    "valuation_qualifier",
                    "valuation_basis",
                    "valuation_usd",
                ]  # fmt: skip
            },
        ),
        ("Dates", {"fields": ["announced_on", "date_precision", "closed_on"]}),
        (
            "Normalization",
            {"fields": ["usd_conversion", "created_at", "updated_at"]},
        ),
    ]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        """The rounds of the companies, and the rounds backed by the investors, with a name or
        former name containing the term."""
        if not search_term.strip():
            return queryset, False
        companies = _named_ids(CompanyAlias, search_term)
        investors = _named_ids(InvestorAlias, search_term)
        of_company = FundingRound.objects.filter(company__in=companies).order_by()
        backed = Investment.objects.filter(investor__in=investors).order_by()
        return queryset.filter(
            pk__in=of_company.values("pk").union(backed.values("round"))
        ), False

    @admin.display(description="Amount", ordering="amount_usd")
    def amount_display(self, round: FundingRound) -> str:
        return short_money(round.amount, round.currency, round.amount_qualifier)

    @admin.display(description="Valuation", ordering="valuation_usd")
    def valuation_display(self, round: FundingRound) -> str:
        return short_money(
            round.valuation, round.valuation_currency, round.valuation_qualifier
        )

    @admin.display(description="Amount (USD)", ordering="amount_usd")
    def amount_usd_display(self, round: FundingRound) -> str:
        return whole_dollars(round.amount_usd)

    @admin.display(description="Valuation (USD)", ordering="valuation_usd")
    def valuation_usd_display(self, round: FundingRound) -> str:
        return whole_dollars(round.valuation_usd)

    @admin.display(description="USD conversion")
    def usd_conversion(self, round: FundingRound) -> str:
        currencies = {c for c in (round.currency, round.valuation_currency) if c}
        missing = sorted(c for c in currencies if not fx.supports(c))
        if missing:
            return (
                f"The ECB publishes no reference rate for {', '.join(missing)}: "
                "the USD figure is left empty."
            )
        if not currencies:
            return "No amount or valuation to convert."
        return f"ECB reference rate of {round.rate_date:%Y-%m-%d} (or the last day before it)."


@admin.register(Investment)
class InvestmentAdmin(HistoryAdmin):
    list_display = ["round", "investor", "is_lead"]
    list_filter = ["is_lead"]
    list_select_related = ["round__company", "investor"]
    search_fields = [
        "investor__name"
    ]  # shows the search box; get_search_results searches
    autocomplete_fields = ["round", "investor"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        """The investments of the investors, and in the companies, with a name or former name
        containing the term."""
        if not search_term.strip():
            return queryset, False
        companies = _named_ids(CompanyAlias, search_term)
        investors = _named_ids(InvestorAlias, search_term)
        by_investor = Investment.objects.filter(investor__in=investors).order_by()
        in_company = Investment.objects.filter(round__company__in=companies).order_by()
        return queryset.filter(
            pk__in=by_investor.values("pk").union(in_company.values("pk"))
        ), False


@admin.register(Article)
class ArticleAdmin(LargeTableAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["__str__", "source_kind", "status", "error", "published_on", "feed"]
    # No filter by source name and no date hierarchy: both list their choices with a DISTINCT
    # over every article.
    list_filter = [
        "status",
        "source_kind",
        "feed",
        ("created_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["feed"]
    # Served by trigram indexes (migration 0003):
    search_fields = ["title", "url"]
    readonly_fields = [
        "content_hash",
        "attempts",
        "stage_ms",
        "sent_at",
        "send_error",
        "claimed_by",
        "claimed_until",
        "created_at",
        "updated_at",
    ]
    autocomplete_fields = ["feed", "duplicate_of"]
    actions = ["retry_failed"]

    @admin.action(
        description="Retry the selected failed articles", permissions=["change"]
    )
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        failed = [a.pk for a in queryset.filter(status=ArticleStatus.FAILED)]
        retried = [pk for pk in failed if pipeline.retry_article(Article(pk=pk))]
        tasks.send_articles(retried)
        self.message_user(
            request, f"{len(retried)} failed articles queued again.", messages.SUCCESS
        )


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = [
        "name",
        "url",
        "active",
        "poll_interval_minutes",
        "last_polled_at",
        "last_success_at",
        "last_error",
    ]
    list_filter = ["active"]
    search_fields = ["name", "url"]
    readonly_fields = [
        "etag",
        "last_modified",
        "last_polled_at",
        "last_success_at",
        "last_error",
        "created_at",
    ]


@admin.register(RoundProposal)
class RoundProposalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "confidence", "reviewed_by", "created_at"]
    list_filter = ["status"]
    list_select_related = ["article", "reviewed_by"]
    search_fields = ["fingerprint", "article__title", "article__url"]
    autocomplete_fields = [
        "article",
        "suggested_company",
        "suggested_investors",
        "duplicate_of",
        "round",
    ]
    readonly_fields = [
        "fingerprint",
        "candidate",
        "evidence",
        "confidence",
        "reviewed_by",
        "reviewed_at",
        "created_at",
    ]


@admin.register(RoundSource)
class RoundSourceAdmin(admin.ModelAdmin):
    list_display = ["round", "article"]
    list_select_related = ["round__company", "article"]
    search_fields = ["round__company__name", "article__title", "article__url"]
    autocomplete_fields = ["round", "article"]


@admin.register(LanguageModelDay)
class LanguageModelDayAdmin(admin.ModelAdmin):
    """The language model's use per day: calls, tokens against the budget, failures."""

    list_display = ["day", "model", "calls", "tokens", "failures", "last_error"]
    list_filter = ["model"]
    readonly_fields = [f.name for f in LanguageModelDay._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(LanguageModelAnswer)
class LanguageModelAnswerAdmin(admin.ModelAdmin):
    """The model's cached answers: delete one to have its article asked again."""

    list_display = ["key", "model", "created_at"]
    list_filter = ["model"]
    search_fields = ["key"]
    readonly_fields = ["key", "model", "reply", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


class _Computed(admin.ModelAdmin):
    """Rows the app or the database computes from others: staff look, and add or change none."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class _ViewOnly(_Computed):
    """Rows their users or the database keep: staff look, and change nothing."""

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(InvestorYear)
class InvestorYearAdmin(_Computed, LargeTableAdmin):
    """Each investor's rounds per year: counted by the app from the investments (see
    rounds/analytics/summary.py), so read-only here."""

    list_display = [
        "investor",
        "year",
        "rounds_led",
        "rounds_joined",
        "amount_led_usd",
        "latest_led",
    ]
    list_select_related = ["investor"]
    raw_id_fields = ["investor"]


@admin.register(LeadSummary)
class LeadSummaryAdmin(_Computed, LargeTableAdmin):
    """Each investor's lead rounds per slice and month, year or all years: counted by the app
    from the investments (see rounds/analytics/summary.py), so read-only here."""

    list_display = [
        "investor",
        "facet",
        "value",
        "year",
        "month",
        "rounds_led",
        "amount_led_usd",
        "latest_led",
    ]
    list_select_related = ["investor"]
    raw_id_fields = ["investor"]


@admin.register(LeadRound)
class LeadRoundAdmin(_ViewOnly, LargeTableAdmin):
    """Each lead investment's copy of its round's filtered columns: written by the database's
    triggers alone (see migration 0022), so read-only here."""

    list_display = [
        "investor",
        "round",
        "round_type",
        "status",
        "announced_on",
        "amount_usd",
        "valuation_usd",
    ]
    list_select_related = ["investor", "round__company"]
    raw_id_fields = ["investment", "investor", "round", "company"]


@admin.register(ApiToken)
class ApiTokenAdmin(_ViewOnly):
    """Who holds which API token, and when it was last used: read only (users revoke their own
    on the settings page; deactivating a user stops their tokens too)."""

    list_display = [
        "name",
        "user",
        "key_start",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "key_start"]
    readonly_fields = [
        "user",
        "name",
        "key_start",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    exclude = ["key_hash"]


@admin.register(SavedSearch)
class SavedSearchAdmin(_ViewOnly):
    """Who saved which search and how their digest stands: read only (users keep their own)."""

    list_display = ["name", "user", "query", "digest", "digested_until", "created_at"]
    list_filter = ["digest"]
    list_select_related = ["user"]
    search_fields = ["name", "user__username", "query"]


@admin.register(FeedKey)
class FeedKeyAdmin(_ViewOnly):
    """When each user's feed key was made; the key itself is theirs alone."""

    list_display = ["user", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
    exclude = ["key"]
