from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rounds.review.drafts import RoundDraft

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from rounds import fx
from rounds.analytics.keyset import FILTERED_COLUMNS, SORTS
from rounds.enums import (
    ArticleStatus,
    DatePrecision,
    DigestFrequency,
    InvestorKind,
    ProposalStatus,
    Qualifier,
    RoundStatus,
    RoundType,
    SourceKind,
    ValuationBasis,
)
from rounds.extraction.names import normalize_name
from rounds.extraction.types import RoundCandidate

MONEY = {"max_digits": 20, "decimal_places": 2}
ISO_CURRENCY = r"^[A-Z]{3}$"


NAME_MAX = 200


def validate_name(name: str) -> None:
    """Refuse a company or investor name that cannot be told apart or stored.

    The database keeps the normalized name in NAME_MAX characters and refuses an empty one.
    """
    key = normalize_name(name)
    if not key:
        raise ValidationError(
            "“%(name)s” has no letter or digit, so it cannot be told apart from other "
            "names. Write the name as the company or investor writes it.",
            code="name_empty",
            params={"name": name},
        )
    if len(key) > NAME_MAX:
        raise ValidationError(
            "This name is too long: written out it has %(length)s characters, and names "
            "have at most %(max)s.",
            code="name_too_long",
            params={"length": f"{len(key):,}", "max": NAME_MAX},
        )


def with_history(row: models.Model, user: Any, reason: str) -> None:
    """Who writes `row` and why, for the history its next save records (django-simple-history)."""
    row._history_user = user  # type: ignore[attr-defined]  -- read by simple-history
    row._change_reason = reason[:100] or None  # type: ignore[attr-defined]


def m2m_changed_owners(
    field_name: str,
    instance: models.Model,
    action: str,
    reverse: bool,
    model: type[models.Model],
    pk_set: set[int] | None,
) -> list[int]:
    """The ids of the rows declaring the many-to-many field `field_name` (a company's sectors)
    whose set one step of its m2m_changed signal changes, from either side.

    From the declaring side (company.sectors.add) it is that row; from the other side
    (sector.companies.remove) the rows named. A clear from the other side names none: its
    pre_clear reads them, and remembers them on the instance for its post_clear.
    """
    if not reverse:
        return [instance.pk]
    cleared = f"_{field_name}_cleared"
    if action == "pre_clear":
        owners = model._default_manager.filter(**{field_name: instance})
        setattr(instance, cleared, list(owners.values_list("pk", flat=True)))
    if action in ("pre_clear", "post_clear"):
        return getattr(instance, cleared, [])
    return sorted(pk_set or ())


class HistoricalRecordsFromEitherSide(HistoricalRecords):
    """django-simple-history's records, with many-to-many changes made from either side.

    simple-history records a change of a many-to-many field when it is made from the side that
    declares it (company.sectors.add); made from the other side (sector.companies.add), its
    receiver records the sector, which has no history, and fails. Here each row such a change
    touches gets its entry, by the user and for the reason given to the side it was made from
    (`with_history(sector, …)`), else by the request's user.
    """

    def m2m_changed(
        self,
        instance: models.Model,
        action: str,
        attr: str,
        pk_set: set[int] | None,
        reverse: bool,
        model: type[models.Model],
        **kwargs: Any,
    ) -> None:
        if not reverse:
            super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
            return
        owners = m2m_changed_owners(attr, instance, action, reverse, model, pk_set)
        if (
            action not in ("post_add", "post_remove", "post_clear")
            or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True)
            or hasattr(instance, "skip_history_when_saving")
        ):
            return
        for owner in model._default_manager.filter(pk__in=owners).order_by("pk"):
            for who_and_why in ("_history_user", "_change_reason"):
                if hasattr(instance, who_and_why):
                    setattr(owner, who_and_why, getattr(instance, who_and_why))
            self.create_historical_record(owner, "~")


def unique_slug(model: type[models.Model], name: str) -> str:
    """Return a slug for `name` that no row of `model` uses yet (letters of every script kept)."""
    base = slugify(name, allow_unicode=True)[:70].strip("-") or "item"
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class OrganisationQuerySet(models.QuerySet):
    def named(self, name: str) -> models.QuerySet:
        """The row that `name` resolves to by its name or an alias: at most one, by constraint."""
        return self.filter(aliases__normalized=normalize_name(name))

    def named_many(self, names: Iterable[str]) -> dict[str, Organisation]:
        """The rows these names resolve to, by normalized name, in one query."""
        keys = {normalize_name(name) for name in names} - {""}
        rows = self.filter(aliases__normalized__in=keys).annotate(
            key=F("aliases__normalized")
        )
        return {row.key: row for row in rows}

    def get_or_create_named(
        self,
        name: str,
        *,
        user: Any = None,
        reason: str = "",
        defaults: dict[str, Any] | None = None,
    ) -> tuple[Organisation, bool]:
        """The row `name` resolves to, created when there is none (with `defaults`, by `user`,
        for `reason`, in its history).

        Two requests creating one name at once both end on one row: the unique normalized name
        makes the second insert fail, and the second then finds the first's row. A slug taken in
        the meantime fails the same way, and the retry picks another.
        """
        validate_name(name)
        for attempt in range(3):
            found = self.named(name).first()
            if found is not None:
                return found, False
            row = self.model(name=name, **(defaults or {}))
            with_history(row, user, reason)
            try:
                with transaction.atomic():
                    row.save()
            except IntegrityError:
                if attempt == 2:
                    raise
                continue
            return row, True
        raise AssertionError("unreachable")


class Organisation(models.Model):
    """What companies and investors share: a name that normalizes, a slug, a home country.

    Every name that resolves to the row, its own included, is one of its aliases; the aliases'
    normalized names are unique, so a name never resolves to two rows.
    """

    name = models.CharField(max_length=NAME_MAX, validators=[validate_name])
    name_normalized = models.CharField(max_length=NAME_MAX, editable=False, unique=True)
    slug = models.SlugField(max_length=80, unique=True, blank=True, allow_unicode=True)
    website = models.URLField(blank=True)
    country = models.CharField(
        max_length=2, blank=True, help_text="ISO 3166 code, e.g. DE"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()
    # Every change, by whoever made it through whatever path, with the reason (simple-history):
    history = HistoricalRecordsFromEitherSide(inherit=True)

    class Meta:
        abstract = True
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country="") | Q(country__regex=r"^[A-Z]{2}$"),
                name="%(class)s_country_iso",
            ),
            models.CheckConstraint(
                condition=~Q(name_normalized=""), name="%(class)s_name_not_empty"
            ),
        ]
        indexes = [
            # The admin's lists go by name: without it, page 500 of the companies sorted all
            # 200,000 of them (1,368 ms).
            models.Index(fields=["name", "id"], name="%(class)s_name"),
            # The deals filter by country reads the companies' ids from the index alone (a
            # sequential scan of 200,000 companies took 311 ms of "country = DE, series A"):
            models.Index(fields=["country", "id"], name="%(class)s_country"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_normalized = normalize_name(self.name)
        if not self.slug:
            self.slug = unique_slug(type(self), self.name)
        with transaction.atomic():
            adding = self._state.adding
            super().save(*args, **kwargs)
            if (
                adding
                or not self.aliases.filter(normalized=self.name_normalized).exists()
            ):
                # Its own name is one of its aliases, written by whoever wrote the row:
                alias = self.aliases.model(
                    name=self.name, **{self.aliases.field.name: self}
                )
                with_history(
                    alias,
                    getattr(self, "_history_user", None),
                    getattr(self, "_change_reason", None) or "",
                )
                alias.save()

    def clean(self) -> None:
        owner = self.name_holder(self.name)
        if owner is not None and owner[0] != self.pk:
            raise ValidationError(
                {
                    "name": f"“{self.name}” is already a name of {owner[1]}. Merge the two, "
                    f"or tell them apart, e.g. by the country: “{self.name} (DE)”."
                }
            )

    @classmethod
    def name_holder(cls, name: str) -> tuple[int, str] | None:
        """The id and name of the row that `name` resolves to, if any."""
        relation = cls._meta.get_field("aliases")
        owner = relation.field.name
        return (
            relation.related_model.objects.filter(normalized=normalize_name(name))
            .values_list(owner, f"{owner}__name")
            .first()
        )

    def other_names(self) -> list[str]:
        """Its names besides its own (former names, other spellings), alphabetically."""
        return [
            alias.name
            for alias in self.aliases.order_by("name")
            if alias.normalized != self.name_normalized
        ]

    def add_alias(self, name: str, *, user: Any = None, reason: str = "") -> bool:
        """Make `name` resolve to this row; False when it already resolves to some row."""
        key = normalize_name(name)
        if not key or len(key) > NAME_MAX or self.name_holder(name) is not None:
            return False
        alias = self.aliases.model(name=name, **{self.aliases.field.name: self})
        with_history(alias, user, reason)
        try:
            with transaction.atomic():
                alias.save()
        except IntegrityError:
            return False
        return True


class AliasQuerySet(models.QuerySet):
    def containing(self, text: str) -> models.QuerySet:
        """The names containing `text`, both normalized, found through the trigram index of
        the normalized names on PostgreSQL (migration 0003)."""
        return self.filter(normalized__contains=normalize_name(text))


class Alias(models.Model):
    """A name that resolves to one company or investor: its own, a former one, another spelling.

    The normalized form is unique, so that one spelling ("Sequoia China") resolves to one row.
    """

    name = models.CharField(max_length=NAME_MAX, validators=[validate_name])
    normalized = models.CharField(max_length=NAME_MAX, unique=True, editable=False)
    objects = AliasQuerySet.as_manager()
    # The foreign key to the company or investor, named by each concrete alias model:
    owner_field = ""
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(normalized=""), name="%(class)s_not_empty"
            ),
        ]
        # The admin lists aliases by name:
        indexes = [models.Index(fields=["name"], name="%(class)s_name")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        taken = (
            type(self)
            .objects.filter(normalized=normalize_name(self.name))
            .exclude(pk=self.pk)
            .select_related(self.owner_field)
            .first()
        )
        if taken is not None:
            owner = getattr(taken, self.owner_field)
            raise ValidationError(
                {"name": f"“{self.name}” is already a name of {owner}."}
            )


# The sector taxonomy, (slug, name), in the spirit of Dealroom's and Crunchbase's industry groups.
# Migration 0012 keeps its own copy of the list as it was then: changing it here needs a data
# migration of its own, since slugs are in saved searches and links.
SECTORS: tuple[tuple[str, str], ...] = (
    ("artificial-intelligence", "Artificial intelligence"),
    ("enterprise-software", "Enterprise software"),
    ("developer-tools", "Developer tools"),
    ("data-infrastructure", "Data and cloud infrastructure"),
    ("cybersecurity", "Cybersecurity"),
    ("fintech", "Fintech"),
    ("insurance", "Insurance"),
    ("crypto", "Crypto and web3"),
    ("health", "Health care"),
    ("biotech", "Biotech and pharma"),
    ("medical-devices", "Medical devices"),
    ("e-commerce", "E-commerce and retail"),
    ("marketplaces", "Marketplaces"),
    ("consumer-apps", "Consumer apps"),
    ("media", "Media and entertainment"),
    ("gaming", "Gaming"),
    ("education", "Education"),
    ("hr-work", "HR and the future of work"),
    ("marketing-sales", "Marketing and sales"),
    ("legal", "Legal tech"),
    ("real-estate", "Real estate and construction"),
    ("mobility", "Transport and mobility"),
    ("logistics", "Logistics and supply chain"),
    ("energy", "Energy"),
    ("climate", "Climate and sustainability"),
    ("food-agriculture", "Food and agriculture"),
    ("robotics", "Robotics"),
    ("semiconductors", "Semiconductors and hardware"),
    ("manufacturing", "Manufacturing and industry"),
    ("space", "Space and aerospace"),
    ("defense", "Defense and security"),
    ("telecom", "Telecommunications"),
    ("travel", "Travel and hospitality"),
)


class Sector(models.Model):
    """An industry of the fixed taxonomy (SECTORS); a company is in one or more."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Company(Organisation):
    description = models.TextField(blank=True)
    sectors = models.ManyToManyField(Sector, related_name="companies", blank=True)
    # The history keeps the sectors of each version, so an undo puts them back:
    _history_m2m_fields = ["sectors"]

    class Meta(Organisation.Meta):
        verbose_name_plural = "companies"


class CompanyAlias(Alias):
    owner_field = "company"
    company = models.ForeignKey(
        Company, on_delete=models.CASCADE, related_name="aliases"
    )

    class Meta(Alias.Meta):
        verbose_name_plural = "company aliases"


class Investor(Organisation):
    # Blank when an editor cleared a type that was wrong and none is known:
    kind = models.CharField(
        max_length=20, choices=InvestorKind, default=InvestorKind.VENTURE, blank=True
    )


class InvestorAlias(Alias):
    owner_field = "investor"
    investor = models.ForeignKey(
        Investor, on_delete=models.CASCADE, related_name="aliases"
    )

    class Meta(Alias.Meta):
        verbose_name_plural = "investor aliases"


class Feed(models.Model):
    url = models.URLField(max_length=2000, unique=True)
    name = models.CharField(max_length=200)
    active = models.BooleanField(default=True)
    poll_interval_minutes = models.PositiveIntegerField(default=60)
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(poll_interval_minutes__gte=1),
                name="feed_poll_interval_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Article(models.Model):
    # Canonical form (tracking parameters and fragments removed); empty for pasted text.
    url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    source_name = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    text = models.TextField(blank=True)
    # SHA-256 of the main text; the same story from two feeds is one article.
    content_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    feed = models.ForeignKey(
        Feed, on_delete=models.SET_NULL, null=True, blank=True, related_name="articles"
    )
    source_kind = models.CharField(
        max_length=10, choices=SourceKind, default=SourceKind.URL
    )
    # Set when the fetched text turned out to be a story already stored under another URL.
    duplicate_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=ArticleStatus, default=ArticleStatus.QUEUED
    )
    error = models.TextField(blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # When its task was last sent to the workers (a scheduled retry: when it falls due), and
    # why the last send failed; an article not done whose send is old is sent again
    # (rounds/ingestion/pipeline.py articles_to_send), so a lost message never strands it.
    sent_at = models.DateTimeField(null=True, blank=True)
    send_error = models.TextField(blank=True)
    # The worker processing it, until when: a second delivery of its task waits instead of
    # doing the work twice; a restarted worker releases the leases of its previous life.
    claimed_by = models.CharField(max_length=200, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    # Milliseconds spent in each stage (fetch, clean, extract, store), for the ingestion page.
    stage_ms = models.JSONField(default=dict, blank=True)
    # Which extractor read it ("rules", "llm", "both"), why the language model did not when it
    # was asked to, and the model's report (values it dropped and why, tokens, answer format).
    extractor = models.CharField(max_length=10, blank=True)
    extraction_note = models.TextField(blank=True)
    model_report = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["url"], condition=~Q(url=""), name="article_url_unique"
            ),
            models.CheckConstraint(
                condition=Q(url="")
                | Q(url__startswith="http://")
                | Q(url__startswith="https://"),
                name="article_url_http",
            ),
        ]
        indexes = [
            # The editors' ingestion page lists articles by state, newest first:
            models.Index(
                fields=["status", "-created_at"], name="article_status_created"
            ),
            # Its refresh asks for the latest change, which needs no scan:
            models.Index(fields=["updated_at"], name="article_updated"),
            # The admin's article list, newest first, the newest id breaking ties as the admin
            # orders (migration 0015 shows the plans):
            models.Index(fields=["-created_at", "-id"], name="article_created_id"),
        ]

    def __str__(self) -> str:
        return self.title or self.url or f"Article {self.pk}"

    @staticmethod
    def hash_text(text: str) -> str:
        return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


class LanguageModelAnswer(models.Model):
    """A model's reply to one request, so that reading an article again costs nothing."""

    # SHA-256 of the model and the request (messages, answer format, token limit):
    key = models.CharField(max_length=64, unique=True)
    model = models.CharField(max_length=200)
    reply = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.model} answer {self.key[:12]}"


class LanguageModelDay(models.Model):
    """One model's use on one day: the tokens against the budget, and its health."""

    day = models.DateField()
    model = models.CharField(max_length=200)
    calls = models.PositiveIntegerField(default=0)
    tokens = models.PositiveBigIntegerField(default=0)
    failures = models.PositiveIntegerField(default=0)
    last_success_at = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-day", "model"]
        constraints = [
            models.UniqueConstraint(fields=["day", "model"], name="model_day_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.model} on {self.day}"

    @property
    def failing(self) -> bool:
        """Its last call failed."""
        if self.last_failure_at is None:
            return False
        return (
            self.last_success_at is None or self.last_failure_at > self.last_success_at
        )


class FundingRound(models.Model):
    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="rounds"
    )
    round_type = models.CharField(
        max_length=20, choices=RoundType, default=RoundType.UNKNOWN
    )
    round_label = models.CharField(
        max_length=100, blank=True, help_text='As announced, e.g. "Series B extension"'
    )
    status = models.CharField(
        max_length=20, choices=RoundStatus, default=RoundStatus.ANNOUNCED
    )

    amount = models.DecimalField(**MONEY, null=True, blank=True)
    currency = models.CharField(
        max_length=3, blank=True, help_text="ISO 4217, e.g. USD"
    )
    amount_qualifier = models.CharField(max_length=20, choices=Qualifier, blank=True)
    amount_usd = models.DecimalField(**MONEY, null=True, blank=True, editable=False)

    valuation = models.DecimalField(**MONEY, null=True, blank=True)
    valuation_currency = models.CharField(max_length=3, blank=True)
    valuation_qualifier = models.CharField(max_length=20, choices=Qualifier, blank=True)
    valuation_basis = models.CharField(
        max_length=10, choices=ValuationBasis, blank=True
    )
    valuation_usd = models.DecimalField(**MONEY, null=True, blank=True, editable=False)

    announced_on = models.DateField(null=True, blank=True)
    date_precision = models.CharField(
        max_length=10, choices=DatePrecision, default=DatePrecision.DAY
    )
    closed_on = models.DateField(null=True, blank=True)

    investors = models.ManyToManyField(
        Investor, through="Investment", related_name="rounds", blank=True
    )
    sources = models.ManyToManyField(
        Article, through="RoundSource", related_name="rounds", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-announced_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="round_amount_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(valuation__gte=0), name="round_valuation_non_negative"
            ),
            models.CheckConstraint(
                condition=Q(currency="") | Q(currency__regex=ISO_CURRENCY),
                name="round_currency_iso",
            ),
            models.CheckConstraint(
                condition=Q(valuation_currency="")
                | Q(valuation_currency__regex=ISO_CURRENCY),
                name="round_valuation_currency_iso",
            ),
            # A figure without its currency cannot be compared with anything:
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | ~Q(currency=""),
                name="round_amount_has_currency",
            ),
            models.CheckConstraint(
                condition=Q(valuation__isnull=True) | ~Q(valuation_currency=""),
                name="round_valuation_has_currency",
            ),
        ]
        indexes = [
            # The deals page sorts by valuation, amount or date, newest id breaking ties:
            models.Index(fields=["-valuation_usd", "-id"], name="round_valuation_usd"),
            models.Index(fields=["-amount_usd", "-id"], name="round_amount_usd"),
            models.Index(fields=["-announced_on", "-id"], name="round_announced"),
            # A saved search's feed and digest list the rounds added last (rounds/watchlists/):
            models.Index(fields=["-created_at", "-id"], name="round_created"),
            # A company's page lists its rounds over time:
            models.Index(fields=["company", "announced_on"], name="round_company_date"),
            # The round-type filter, and its counts, from the index alone (see keyset.Sort.index):
            models.Index(
                fields=["round_type", "-announced_on"],
                name="round_type_date",
                include=[c for c in FILTERED_COLUMNS if c != "announced_on"],
            ),
            # The status filter, alone or with a round type and dates, from the index alone
            # (migration 0019 shows the plans):
            models.Index(
                fields=["status", "round_type", "announced_on"],
                name="round_status_type_date",
                include=[
                    "id",
                    *(
                        c
                        for c in FILTERED_COLUMNS
                        if c not in ("status", "round_type", "announced_on")
                    ),
                ],
            ),
            # A round looked up by id with what the filters test, from the index alone: the
            # league table (rounds/analytics/league.py) reads the figures of every led round in
            # id order, and a lead investor's filter checks each of its rounds' type, status,
            # date and figures (migration 0014 shows the plans):
            models.Index(fields=["id"], include=FILTERED_COLUMNS, name="round_by_id"),
            # Keyset pagination of the deals page (rounds/analytics/keyset.py): one index per sort order,
            # on the same COALESCE expression the queries use, so NULLs sort last both ways:
            *[
                sort.index(
                    "round_sort_"
                    + sort.key.lstrip("-")
                    + ("_desc" if sort.descending else "_asc")
                )
                for sort in SORTS.values()
            ],
        ]

    def __str__(self) -> str:
        return f"{self.company} {self.get_round_type_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.amount_usd = fx.to_usd(self.amount, self.currency, self.rate_date)
        self.valuation_usd = fx.to_usd(
            self.valuation, self.valuation_currency, self.rate_date
        )
        super().save(*args, **kwargs)

    @property
    def leads(self) -> list[Investor]:
        return [i.investor for i in self.investments.all() if i.is_lead]

    @property
    def participants(self) -> list[Investor]:
        return [i.investor for i in self.investments.all() if not i.is_lead]

    @property
    def rate_date(self) -> dt.date:
        return self.announced_on or timezone.localdate()


class Investment(models.Model):
    round = models.ForeignKey(
        FundingRound, on_delete=models.CASCADE, related_name="investments"
    )
    # Indexed below with the round, which also serves the foreign key:
    investor = models.ForeignKey(
        Investor, on_delete=models.PROTECT, related_name="investments", db_index=False
    )
    is_lead = models.BooleanField(default=False)
    # The sentence that names this investor (and its lead role), as character spans of a source:
    evidence = models.JSONField(default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "investor"], name="investment_unique"
            ),
        ]
        indexes = [
            # An investor's rounds, led or joined, from the index alone: its co-investors
            # read 20,319 rounds of the busiest investor in 5 ms instead of 240 ms from the
            # table:
            models.Index(
                fields=["investor", "round"],
                include=["is_lead"],
                name="investment_investor_round",
            ),
            # The league table of a filter finds its rounds' leads in the first one without
            # reading the table; counts and the league table scan the second:
            models.Index(
                fields=["round", "investor"],
                condition=Q(is_lead=True),
                name="investment_lead_round",
            ),
            models.Index(
                fields=["investor", "round"],
                condition=Q(is_lead=True),
                name="investment_lead_investor",
            ),
        ]

    def __str__(self) -> str:
        role = "lead" if self.is_lead else "participant"
        return f"{self.investor} ({role}) in {self.round}"


class LeadRound(models.Model):
    """A round as one of its lead investors' rounds: the columns of the round that the deals
    filters test and sort by, copied beside the investor, so that one index orders and filters
    a lead's rounds (rounds/analytics/filters.py reads them when a lead investor is chosen).

    One row per lead investment, written by the database alone: triggers (migration 0022) copy
    the round's columns whenever a lead investment is added, changed or deleted and whenever
    a round is added or its copied columns change, whoever writes (review, merge, undo, the
    admin, the shell, bulk updates, COPY). Django never writes these rows.
    """

    investment = models.OneToOneField(
        Investment,
        primary_key=True,
        on_delete=models.DO_NOTHING,
        related_name="lead_round",
    )
    # Not indexed alone: the investor comes first in every index below, the round first in
    # the unique constraint.
    investor = models.ForeignKey(
        Investor, on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    round = models.ForeignKey(
        FundingRound,
        on_delete=models.DO_NOTHING,
        related_name="lead_rounds",
        db_index=False,
    )
    # The round's own, as FundingRound names them (keyset.FILTERED_COLUMNS):
    round_type = models.CharField(max_length=20, choices=RoundType)
    status = models.CharField(max_length=20, choices=RoundStatus)
    announced_on = models.DateField(null=True)
    amount_usd = models.DecimalField(**MONEY, null=True)
    valuation_usd = models.DecimalField(**MONEY, null=True)
    company = models.ForeignKey(
        Company, on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )

    class Meta:
        indexes = [
            # A lead's rounds in each order of the deals page, filtered from the index alone
            # (migration 0022 shows the plans):
            *[
                sort.index(
                    "leadround_sort_"
                    + sort.key.lstrip("-")
                    + ("_desc" if sort.descending else "_asc"),
                    within="investor",
                    id_field="round",
                )
                for sort in SORTS.values()
            ],
        ]
        constraints = [
            # Also how the triggers find a round's copies when its columns change, and how a
            # round is checked against one lead (the saved searches' newest rounds):
            models.UniqueConstraint(
                fields=["round", "investor"], name="leadround_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} led by {self.investor_id}"


class InvestorYear(models.Model):
    """One investor's rounds in one year, kept in step with its investments by
    rounds/analytics/summary.py: the league table and the investor page read these 370,000 rows
    instead of aggregating two million investments."""

    UNDATED = 0  # the year of the rounds without a date

    investor = models.ForeignKey(
        Investor, on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField()
    rounds_led = models.PositiveIntegerField(default=0)
    rounds_joined = models.PositiveIntegerField(default=0)
    amount_led_usd = models.DecimalField(**MONEY, null=True)
    latest_led = models.DateField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["investor", "year"], name="investoryear_unique"
            ),
        ]
        indexes = [
            # The league table over a span of years reads only those years' rows:
            models.Index(
                fields=["year"],
                include=["investor", "rounds_led", "amount_led_usd", "latest_led"],
                name="investoryear_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.investor_id} in {self.year}"


class LeadSummary(models.Model):
    """One investor's lead rounds in one slice of the rounds and one period: the rounds of every
    kind (facet ""), of one round type, one company country or one company sector, or of two of
    these at once ("round_type+country", value "series_a|DE"); in one month, one year or all
    years. Kept in step with the investments by rounds/analytics/summary.py, so that the league
    table of a period (whole months, with at most two part-months from the rounds), a round type,
    a country, a sector or two of them reads a few thousand of these rows instead of aggregating
    the lead investments of a million rounds."""

    ALL_YEARS = 9999  # the row of every year, dated or not
    WHOLE_YEAR = 0  # the month of a year's row (and of ALL_YEARS' and undated rounds')
    FACETS = ("", "round_type", "country", "sector")  # the deals filter's names
    # Facets at once, in the order of FACETS; counted per year, not per month (and not all
    # three: the busiest investor's 20,527 rows of them cost more to recount than the rest):
    COMBINATIONS = (
        ("round_type", "country"),
        ("round_type", "sector"),
        ("country", "sector"),
    )
    SEPARATOR = "|"  # of their values; in no round type, country code or sector slug

    # Indexed first in the unique constraint, which also serves the foreign key:
    investor = models.ForeignKey(
        Investor,
        on_delete=models.CASCADE,
        related_name="lead_summaries",
        db_index=False,
    )
    facet = models.CharField(max_length=30, blank=True)
    # A round type, a country, a sector slug, or several ("seed|DE"):
    value = models.CharField(max_length=80, blank=True)
    year = models.PositiveSmallIntegerField()  # InvestorYear.UNDATED, a year, ALL_YEARS
    # 1-12, or WHOLE_YEAR for a year's row:
    month = models.PositiveSmallIntegerField(default=WHOLE_YEAR)
    rounds_led = models.PositiveIntegerField()
    amount_led_usd = models.DecimalField(**MONEY, null=True)
    latest_led = models.DateField(null=True)

    class Meta:
        constraints = [
            # In this order, the rows of a page's investors in one facet and period, whatever
            # their values (the league table's top sectors), are one range of the index:
            models.UniqueConstraint(
                fields=["investor", "facet", "month", "year", "value"],
                name="leadsummary_unique",
            ),
        ]
        indexes = [
            # A league table reads one slice's rows of all years, a span of years and months
            # at its ends, from the index alone (rounds/analytics/league.py _summed):
            models.Index(
                fields=["facet", "value", "month", "year"],
                include=["investor", "rounds_led", "amount_led_usd", "latest_led"],
                name="leadsummary_slice",
            ),
        ]

    def __str__(self) -> str:
        month = f"-{self.month:02}" if self.month else ""
        return f"{self.investor_id}, {self.facet or 'all'} {self.value}, {self.year}{month}"

    @classmethod
    def combined(cls, *facets: str) -> str:
        """The facet of these facets at once: "round_type+country"."""
        return "+".join(facets)


class RoundSource(models.Model):
    round = models.ForeignKey(
        FundingRound, on_delete=models.CASCADE, related_name="round_sources"
    )
    article = models.ForeignKey(
        Article, on_delete=models.PROTECT, related_name="round_sources"
    )
    # [{"field": "amount", "start": 10, "end": 25}, ...] offsets into article.text
    evidence = models.JSONField(default=list, blank=True)
    # So that undoing a merge removes the source it added, and only that one:
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "article"], name="round_source_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.article} for {self.round}"


class RoundProposalQuerySet(models.QuerySet["RoundProposal"]):
    def pending(self) -> RoundProposalQuerySet:
        """The review queue, newest first."""
        return self.filter(status=ProposalStatus.PENDING).order_by("-created_at", "-pk")

    def around(
        self, proposal: RoundProposal
    ) -> tuple[RoundProposal | None, RoundProposal | None]:
        """The pending proposals before and after `proposal` in the queue (newest first)."""
        after = Q(created_at__lt=proposal.created_at) | Q(
            created_at=proposal.created_at, pk__lt=proposal.pk
        )
        queue = self.pending().exclude(pk=proposal.pk).only("pk", "created_at")
        following = queue.filter(after).first()
        preceding = queue.exclude(after).order_by("created_at", "pk").first()
        return preceding, following


class RoundProposal(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="proposals"
    )
    # Stable key of the candidate (company, type, amount): re-extraction updates, never duplicates.
    fingerprint = models.CharField(max_length=200)
    status = models.CharField(
        max_length=20, choices=ProposalStatus, default=ProposalStatus.PENDING
    )
    candidate = models.JSONField(
        help_text="The candidate exactly as the extractor returned it"
    )
    evidence = models.JSONField(default=list, blank=True)
    confidence = models.FloatField(default=0)
    # The amount in US dollars, for the queue's "largest first":
    amount_usd = models.DecimalField(**MONEY, null=True, blank=True, editable=False)
    # Sure enough to approve in bulk (rounds/review/queue.py is_ready), as of its matching:
    ready = models.BooleanField(default=False, editable=False)
    suggested_company = models.ForeignKey(
        Company, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    suggested_investors = models.ManyToManyField(Investor, blank=True, related_name="+")
    duplicate_of = models.ForeignKey(
        FundingRound, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    round = models.ForeignKey(
        FundingRound,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # Who added it by hand: an editor, from the article's text, for a round the extractor
    # missed; or an analyst, suggesting a correction of a stored round (`corrects`).
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The stored round an analyst says is wrong (rounds/review/corrections.py), and what they
    # said: {"field": "amount", "value": "$25M", "note": "...", "url": "..."}.
    corrects = models.ForeignKey(
        FundingRound,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="corrections",
    )
    correction = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    # What the editor changed: {"field": {"extracted": ..., "approved": ...}}
    changes = models.JSONField(default=dict, blank=True)
    # One more with every decision and every undo. A page sends the revision it showed, so a
    # decision taken on a page that someone else's decision or undo made stale is refused;
    # the history rows a decision writes name its revision, which is how an undo finds them.
    revision = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoundProposalQuerySet.as_manager()

    class Meta:
        permissions = [
            ("review_roundproposal", "Can approve, merge or reject proposals")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "fingerprint"], name="proposal_unique"
            ),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1),
                name="proposal_confidence_range",
            ),
        ]
        indexes = [
            # The review queue: pending first, newest or most confident first.
            models.Index(
                fields=["status", "-created_at"], name="proposal_status_created"
            ),
            models.Index(
                fields=["status", "-confidence"], name="proposal_status_confidence"
            ),
            models.Index(
                fields=["status", "-amount_usd"], name="proposal_status_amount"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate.get('company', '?')} from {self.article}"

    @property
    def extracted(self) -> RoundCandidate:
        """The candidate exactly as the extractor returned it."""
        return RoundCandidate.from_json(self.candidate)

    def draft(self) -> RoundDraft:
        """The round to approve as extracted, with the investors the database knows."""
        from rounds.review import drafts  # noqa: PLC0415 -- thin method

        return drafts.draft_for(self)

    def extracted_draft(self) -> RoundDraft:
        """The round as extracted, without looking anything up: what edits are compared to."""
        from rounds.review import drafts  # noqa: PLC0415 -- thin method

        return drafts.draft_for(self, match_investors=False)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)

    def issue(self, user: Any, name: str) -> tuple[ApiToken, str]:
        """A new token of `user` and its key: the key is shown once, only its hash is kept."""
        key = ApiToken.KEY_PREFIX + secrets.token_urlsafe(32)
        token = self.create(
            user=user,
            name=name,
            key_hash=ApiToken.hash_key(key),
            key_start=key[: len(ApiToken.KEY_PREFIX) + 4],
        )
        return token, key

    def revoke(self, user: Any, pk: int) -> bool:
        """Revoke a token of `user`; False when it is not theirs or already revoked."""
        return bool(
            self.active().filter(user=user, pk=pk).update(revoked_at=timezone.now())
        )


class ApiToken(models.Model):
    """A read-only key to the API, created and revoked by its user on the settings page.

    The key is random (256 bits) and stored as its SHA-256 only: a slow password hash adds
    nothing to a key nobody can guess, and a fast one keeps each call to one indexed lookup.
    """

    KEY_PREFIX = "dfk_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # The key's first characters, so that its owner can tell their tokens apart:
    key_start = models.CharField(max_length=12, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_start}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()


class SavedSearch(models.Model):
    """A deals filter an analyst keeps under a name, with its feed and its e-mail digest.

    `query` is the filter's canonical query string (rounds/watchlists.py makes it), so the same
    filter saved twice is one search.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
    )
    name = models.CharField(max_length=100)
    query = models.CharField(max_length=2000, blank=True)
    digest = models.CharField(
        max_length=10, choices=DigestFrequency, default=DigestFrequency.OFF
    )
    # The digest's watermark: rounds created after it have not been mailed yet.
    digested_until = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"], name="saved_search_unique_name"
            ),
            models.UniqueConstraint(
                fields=["user", "query"], name="saved_search_unique_query"
            ),
        ]
        indexes = [
            # The digest task picks the searches of one frequency:
            models.Index(fields=["digest", "user"], name="saved_search_digest"),
        ]

    def __str__(self) -> str:
        return self.name


class FeedKey(models.Model):
    """The secret in a user's feed addresses, so feed readers read them without a session.

    It is shown on the saved searches page (a feed address must be copyable at any time), so it
    is kept as it is and compared in constant time; regenerating it ends every old address.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_key"
    )
    key = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"feed key of {self.user}"

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)
