"""Cells of the analysts' tables, rendered in Python: a 50-row page calls them hundreds of times."""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from rounds.enums import RoundStatus, RoundType
from rounds.formatting import short_money
from rounds.models import Investor

register = template.Library()


@register.simple_tag
def figure(
    value: Decimal | None, currency: str, qualifier: str, usd: Decimal | None
) -> SafeString:
    """The figure in US dollars as people say it ("≥ $600M"), the original currency beside it."""
    if value is None:
        return mark_safe('<span class="none" title="Not disclosed">—</span>')
    if usd is None:
        return format_html(
            '<span class="usd">{}</span>', short_money(value, currency, qualifier)
        )
    if currency == "USD":
        return format_html(
            '<span class="usd">{}</span>', short_money(usd, "USD", qualifier)
        )
    return format_html(
        '<span class="usd">{}</span> <span class="orig" title="As announced">{}</span>',
        short_money(usd, "USD", qualifier),
        short_money(value, currency, qualifier),
    )


@cache
def _investor_url_prefix() -> str:
    return reverse("rounds:investor-detail", args=["slug"])[: -len("slug/")]


@register.simple_tag
def investor_links(investors: list[Investor]) -> SafeString:
    """Comma-separated links to the investors' pages."""
    prefix = _investor_url_prefix()
    return mark_safe(  # noqa: S308 -- names and slugs are escaped here
        ", ".join(
            f'<a href="{prefix}{escape(i.slug)}/">{escape(i.name)}</a>'
            for i in investors
        )
    )


@register.filter
def round_type_label(value: str) -> str:
    return str(RoundType(value).label) if value in RoundType.values else value


@register.filter
def status_label(value: str) -> str:
    return str(RoundStatus(value).label) if value in RoundStatus.values else value


@register.filter
def http_url(value: str) -> str:
    """The URL if it is http(s), else "": autoescaping does not stop `javascript:` links."""
    return value if str(value).lower().startswith(("https://", "http://")) else ""
