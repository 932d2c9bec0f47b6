from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from django.contrib import admin, messages
from django.db.models import Count, QuerySet, URLField
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from rounds import fx, tasks
from rounds.enums import ArticleStatus
from rounds.ingestion import pipeline
from rounds.models import (
    Article,
    Company,
    CompanyAlias,
    Feed,
    FundingRound,
    Investment,
    Investor,
    InvestorAlias,
    LanguageModelAnswer,
    LanguageModelDay,
    RoundProposal,
    RoundSource,
)
from rounds.money import short_money
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


class HistoryAdmin(SimpleHistoryAdmin):
    """The admin of a model with a history: its "History" page lists every change to a row, by
    whom and why, whichever path made it (django-simple-history records them)."""


def _whole_dollars(amount: Decimal | None) -> str:
    return "-" if amount is None else f"${amount:,.0f}"


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


class SourceNameFilter(ValuesFilter):
    title = "source"
    parameter_name = field = "source_name"


@admin.register(Company)
class CompanyAdmin(HistoryAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["name", "country", "round_count", "website", "created_at"]
    list_filter = [CountryFilter]
    search_fields = ["name", "aliases__name", "slug"]
    readonly_fields = ["name_normalized", "created_at", "updated_at"]
    inlines = [CompanyAliasInline]
    actions = ["merge_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Company]:
        return super().get_queryset(request).annotate(round_count=Count("rounds"))

    @admin.display(description="Rounds", ordering="round_count")
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
class InvestorAdmin(HistoryAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["name", "kind", "country", "investment_count", "website"]
    list_filter = ["kind", CountryFilter]
    search_fields = ["name", "aliases__name", "slug"]
    readonly_fields = ["name_normalized", "created_at", "updated_at"]
    inlines = [InvestorAliasInline]
    actions = ["merge_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Investor]:
        return (
            super()
            .get_queryset(request)
            .annotate(investment_count=Count("investments"))
        )

    @admin.display(description="Rounds", ordering="investment_count")
    def investment_count(self, investor: Investor) -> int:
        return investor.investment_count  # type: ignore[attr-defined]  -- annotated above

    @admin.action(
        description="Merge selected investors into one", permissions=["delete"]
    )
    def merge_selected(
        self, request: HttpRequest, queryset: QuerySet[Investor]
    ) -> HttpResponse | None:
        return _merge_action(self, request, queryset, merging.merge_investors)


@admin.register(CompanyAlias)
class CompanyAliasAdmin(HistoryAdmin):
    list_display = ["name", "company", "normalized"]
    list_select_related = ["company"]
    search_fields = ["name", "normalized", "company__name"]
    autocomplete_fields = ["company"]


@admin.register(InvestorAlias)
class InvestorAliasAdmin(HistoryAdmin):
    list_display = ["name", "investor", "normalized"]
    list_select_related = ["investor"]
    search_fields = ["name", "normalized", "investor__name"]
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
    list_filter = [
        "round_type",
        "status",
        "currency",
        "amount_qualifier",
        "date_precision",
    ]
    list_select_related = ["company"]
    search_fields = [
        "company__name",
        "company__aliases__name",
        "round_label",
        "investors__name",
    ]
    autocomplete_fields = ["company"]
    date_hierarchy = "announced_on"
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
        return _whole_dollars(round.amount_usd)

    @admin.display(description="Valuation (USD)", ordering="valuation_usd")
    def valuation_usd_display(self, round: FundingRound) -> str:
        return _whole_dollars(round.valuation_usd)

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
    search_fields = ["investor__name", "round__company__name"]
    autocomplete_fields = ["round", "investor"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    list_display = ["__str__", "source_kind", "status", "error", "published_on", "feed"]
    list_filter = ["status", "source_kind", "feed", SourceNameFilter]
    list_select_related = ["feed"]
    search_fields = ["title", "url", "source_name"]
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
    date_hierarchy = "created_at"
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
