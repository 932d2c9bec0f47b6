"""Choices shared by models, forms and the extractor's output (a leaf module: it imports no models)."""

from __future__ import annotations

from django.db import models


class RoundType(models.TextChoices):
    PRE_SEED = "pre_seed", "Pre-seed"
    SEED = "seed", "Seed"
    SERIES_A = "series_a", "Series A"
    SERIES_B = "series_b", "Series B"
    SERIES_C = "series_c", "Series C"
    SERIES_D = "series_d", "Series D"
    SERIES_E = "series_e", "Series E"
    SERIES_F_PLUS = "series_f_plus", "Series F+"
    GROWTH = "growth", "Growth"
    STRATEGIC = "strategic", "Strategic"
    DEBT = "debt", "Debt"
    CONVERTIBLE = "convertible", "Convertible"
    GRANT = "grant", "Grant"
    UNKNOWN = "unknown", "Unknown"


class RoundStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    ANNOUNCED = "announced", "Announced"


class Qualifier(models.TextChoices):
    EXACT = "exact", "Exactly"
    AT_LEAST = "at_least", "At least"
    MORE_THAN = "more_than", "More than"
    ABOUT = "about", "About"
    UP_TO = "up_to", "Up to"


class ValuationBasis(models.TextChoices):
    PRE = "pre", "Pre-money"
    POST = "post", "Post-money"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class InvestorKind(models.TextChoices):
    VENTURE = "venture", "Venture firm"
    CORPORATE = "corporate", "Corporate"
    ANGEL = "angel", "Angel"
    PRIVATE_EQUITY = "private_equity", "Private equity"
    SOVEREIGN = "sovereign", "Government or sovereign fund"
    BANK = "bank", "Bank"
    ACCELERATOR = "accelerator", "Accelerator"
    OTHER = "other", "Other"


class ArticleStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    FETCHING = "fetching", "Fetching"
    FETCHED = "fetched", "Fetched"
    EXTRACTED = "extracted", "Extracted"
    DUPLICATE = "duplicate", "Duplicate"
    FAILED = "failed", "Failed"


class SourceKind(models.TextChoices):
    URL = "url", "URL"
    FEED = "feed", "Feed"
    PASTE = "paste", "Pasted text"
    FILE = "file", "File"
    # What an analyst wrote, correcting a round that has no source (rounds/review/corrections.py):
    NOTE = "note", "An analyst's note"


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    MERGED = "merged", "Merged"


class DigestFrequency(models.TextChoices):
    OFF = "off", "No e-mail"
    INSTANT = "instant", "At once (within minutes)"
    DAILY = "daily", "Once a day"
