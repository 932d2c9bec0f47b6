"""Cells of the analysts' tables, rendered in Python: a 50-row page calls them hundreds of times."""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal
from functools import cache
from typing import Any

from django import forms, template
from django.forms import BoundField
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from rounds.analytics.rows import InvestorName
from rounds.enums import RoundStatus, RoundType
from rounds.models import Company, FundingRound, Investor
from rounds.money import usd_first

register = template.Library()
_TYPE_LABELS = dict(RoundType.choices)


@register.simple_tag
def figure(
    value: Decimal | None, currency: str, qualifier: str, usd: Decimal | None
) -> SafeString:
    """The figure in US dollars as people say it ("≥ $600M"), the original currency beside it."""
    return mark_safe(_figure(value, currency, qualifier, usd))  # noqa: S308 -- escaped


def _figure(
    value: Decimal | None, currency: str, qualifier: str, usd: Decimal | None
) -> str:
    if value is None:
        return '<span class="none" title="Not disclosed">—</span>'
    shown, original = usd_first(value, currency, qualifier, usd)
    if not original:
        return f'<span class="usd">{_e(shown)}</span>'
    return (
        f'<span class="usd">{_e(shown)}</span> '
        f'<span class="orig" title="As announced">{_e(original)}</span>'
    )


def _e(text: object) -> str:
    # The standard library's escape, as Django's, without building a SafeString per cell:
    return html.escape(str(text))


@cache
def _investor_url_prefix() -> str:
    return reverse("rounds:investor-detail", args=["slug"])[: -len("slug/")]


@register.simple_tag
def investor_links(investors: Sequence[Investor | InvestorName]) -> SafeString:
    """Comma-separated links to the investors' pages."""
    return mark_safe(_investor_links(investors))  # noqa: S308 -- escaped there


def _investor_links(investors: Sequence[Investor | InvestorName]) -> str:
    prefix = _investor_url_prefix()
    return ", ".join(
        f'<a href="{prefix}{_e(i.slug)}/">{_e(i.name)}</a>' for i in investors
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


_DATE_FORMATS = {"year": "%Y", "month": "%b %Y"}


def _date(round: FundingRound) -> str:
    if round.announced_on is None:
        return "—"
    return round.announced_on.strftime(
        _DATE_FORMATS.get(round.date_precision, "%Y-%m-%d")
    )


def _first_investors(
    investors: Sequence[Investor | InvestorName], shown: int = 3
) -> str:
    """Links to the first few; the rest as "+5 more", named in its tooltip."""
    if len(investors) <= shown + 1:
        return _investor_links(investors)
    rest = investors[shown:]
    names = _e(", ".join(i.name for i in rest))
    return (
        f"{_investor_links(investors[:shown])}, "
        f'<span class="more" title="{names}">+{len(rest)} more</span>'
    )


@cache
def _company_url_prefix() -> str:
    return reverse("rounds:company-detail", args=["slug"])[: -len("slug/")]


@cache
def _round_url_prefix() -> str:
    return reverse("rounds:round-detail", args=[1])[: -len("1/")]


def _cited_figure(round: FundingRound, field: str, figure: str, prefix: str) -> str:
    """A disclosed figure as a link to its row on the round's page, which on hover or focus
    fetches the sentence it comes from into a tooltip that describes the link (htmx, no script
    of ours)."""
    if getattr(round, field) is None:
        return figure
    tip = f"tip-{round.pk}-{field}"
    return (
        f'<a class="figure" href="{prefix}{round.pk}/#field-{field}" aria-describedby="{tip}" '
        f'hx-get="{prefix}{round.pk}/evidence/{field}/" hx-trigger="mouseenter once, focus once" '
        f'hx-target="#{tip}" hx-swap="innerHTML">{figure}</a>'
        f'<span class="tip" role="tooltip" id="{tip}"></span>'
    )


@register.simple_tag
def deal_rows(rounds: list[FundingRound]) -> SafeString:
    """The <tr>s of a deals table: one call for the page, not a dozen tags per row.

    The rounds come from rows.with_table_rows() and rows.attach_investors().

    A template loop spent about 10 ms on 50 rows, more than the page's SQL.
    """
    company_prefix = _company_url_prefix()
    round_prefix = _round_url_prefix()
    lines = []
    for round in rounds:
        company = round.company
        country = (
            f' <span class="country">{_e(company.country)}</span>'
            if company.country
            else ""
        )
        status = (
            '<span class="badge in-progress">In progress</span>'
            if round.status == RoundStatus.IN_PROGRESS
            else '<span class="status-announced">Announced</span>'
        )
        lines.append(
            "<tr>"
            f'<td class="company"><a href="{company_prefix}{_e(company.slug)}/">'
            f"{_e(company.name)}</a>{country}</td>"
            f'<td class="date">{_date(round)}</td>'
            f'<td class="round">{_e(round.round_label or _TYPE_LABELS.get(round.round_type, round.round_type))}</td>'
            f'<td class="num">{_cited_figure(round, "amount", _figure(round.amount, round.currency, round.amount_qualifier, round.amount_usd), round_prefix)}</td>'
            f'<td class="num">{_cited_figure(round, "valuation", _figure(round.valuation, round.valuation_currency, round.valuation_qualifier, round.valuation_usd), round_prefix)}</td>'
            f'<td class="investors lead">{_investor_links(round.lead_investors)}</td>'
            f'<td class="investors">{_first_investors(round.other_investors)}</td>'
            f"<td>{status}</td>"
            f'<td class="num"><a href="{round_prefix}{round.pk}/" '
            f'aria-label="{round.source_count} source{"" if round.source_count == 1 else "s"}: '
            f"the round's page\">{round.source_count}</a></td>"
            "</tr>"
        )
    return mark_safe("\n".join(lines))  # noqa: S308 -- every value is escaped above


@register.simple_tag
def filter_field(field: BoundField) -> SafeString:
    """A label, a text box or select, and its errors, for the filter form.

    Django renders each widget through its own templates: fourteen of them cost more than the
    fifty rows of the table. The filter's widgets are plain inputs and selects, so they are
    written here, with the attributes the FilterSet gives them.
    """
    widget = field.field.widget
    value = field.value()
    chosen = getattr(field.form, "cleaned_data", {}).get(field.name)
    if isinstance(chosen, Investor | Company):
        # The name of the investor or company the box resolved, not the slug of a link:
        value = chosen.name
    attrs: dict[str, Any] = {"name": field.html_name, "id": field.auto_id}
    if not isinstance(widget, forms.Select):
        attrs["type"] = getattr(widget, "input_type", "text")
    attrs |= widget.attrs
    errors = list(field.errors)
    if errors:
        attrs |= {"aria-invalid": "true", "aria-describedby": f"{field.auto_id}-error"}
    rendered = " ".join(
        name if attr is True else f'{name}="{escape(attr)}"'
        for name, attr in attrs.items()
        if attr is not False and attr is not None
    )
    current = "" if value is None else str(value)
    if isinstance(widget, forms.Select):
        options = "".join(
            f'<option value="{escape(choice)}"{" selected" if str(choice) == current else ""}>'
            f"{escape(label)}</option>"
            for choice, label in field.field.choices
        )
        control = f"<select {rendered}>{options}</select>"
    else:
        control = f'<input {rendered} value="{escape(current)}">'
    messages = "".join(
        f'<p class="field-error" id="{field.auto_id}-error">{escape(e)}</p>'
        for e in errors
    )
    css = "field has-error" if errors else "field"
    return mark_safe(  # noqa: S308 -- every value is escaped above
        f'<div class="{css}"><label for="{field.auto_id}">{escape(field.label)}</label>'
        f"{control}{messages}</div>"
    )
