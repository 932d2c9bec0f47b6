"""Tags of the analysts' pages: figures, investor links, the deals table's rows (from the column
spec in rounds/analytics/columns.py) and the filter form's fields."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from html import escape
from typing import Any

from django import forms, template
from django.forms import BoundField
from django.template.defaulttags import querystring
from django.utils.safestring import SafeString, mark_safe

from rounds import money
from rounds.analytics import columns
from rounds.analytics.rows import InvestorName
from rounds.models import Company, FundingRound, Investor

register = template.Library()


@register.simple_tag
def figure(
    value: Decimal | None, currency: str, qualifier: str, usd: Decimal | None
) -> SafeString:
    """The figure in US dollars as people say it ("≥ $600M"), the original currency beside it."""
    return mark_safe(columns.figure_html(value, currency, qualifier, usd))  # noqa: S308 -- escaped


@register.simple_tag
def total_usd(usd: Decimal | None) -> SafeString:
    """A sum of US-dollar figures (the amount an investor led), to three significant figures."""
    rounded = None if usd is None else money.three_figures(usd)
    return mark_safe(columns.figure_html(rounded, "USD", "", rounded))  # noqa: S308 -- escaped


@register.simple_tag
def investor_links(investors: Sequence[Investor | InvestorName]) -> SafeString:
    """Comma-separated links to the investors' pages."""
    return mark_safe(columns.investor_links(investors))  # noqa: S308 -- escaped there


@register.simple_tag(takes_context=True)
def deal_header(context: template.Context, sortable: bool, target: str) -> SafeString:
    """The <th>s of a deals table, from the column spec. With `sortable`, the header of a
    sortable column is a link that sorts by it, largest or newest first, then the other way
    (htmx swaps `target`, the URL follows). Written here rather than by a template included
    per column: that was a twentieth of the deals page's time."""
    sort = context.get("sort", "")
    cells = []
    for column in columns.COLUMNS:
        attrs = f' class="{column.css}"' if column.css else ""
        if column.title:
            attrs += f' title="{escape(column.title)}"'
        label = escape(column.label)
        if sortable and column.sort:
            label = _sort_link(context, column.sort, label, sort, target)
        cells.append(f'<th scope="col"{attrs}>{label}</th>')
    return mark_safe("".join(cells))  # noqa: S308 -- every value is escaped above


def _sort_link(
    context: template.Context, key: str, label: str, sort: str, target: str
) -> str:
    descending = f"-{key}"
    if sort == descending:
        then, css, state = key, ' class="sorted"', ("↓", "sorted, highest first")
    elif sort == key:
        then, css, state = descending, ' class="sorted"', ("↑", "sorted, lowest first")
    else:
        then, css, state = descending, "", None
    url = escape(querystring(context, sort=then, cursor=None))
    marks = (
        f' <span aria-hidden="true">{state[0]}</span>'
        f'<span class="visually-hidden"> ({state[1]})</span>'
        if state
        else ""
    )
    return (
        f'<a href="{url}" hx-get="{url}" hx-target="#{escape(target)}" hx-swap="outerHTML" '
        f'hx-push-url="true" hx-indicator="#{escape(target)}"{css}>{label}{marks}</a>'
    )


@register.filter
def http_url(value: str) -> str:
    """The URL if it is http(s), else "": autoescaping does not stop `javascript:` links."""
    return value if str(value).lower().startswith(("https://", "http://")) else ""


@register.simple_tag
def deal_rows(rounds: list[FundingRound]) -> SafeString:
    """The <tr>s of a deals table, from the column spec; the rounds come from columns.select()
    and columns.load()."""
    return mark_safe(columns.table_rows(rounds))  # noqa: S308 -- the cells escape every value


def _attrs(attrs: dict[str, Any]) -> str:
    # As Django's attrs.html writes them: True as a bare name, False and None left out.
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


def _control(field: BoundField) -> tuple[str, list[str]]:
    """The field's widget as HTML, and its errors.

    Django's widget logic decides the attributes, the value as shown and the selected option
    (get_context, with aria-invalid when the field has errors); only the last step, writing that
    context out, is done here: the widget templates cost 3 ms for the filter form's 15 fields,
    more than the fifty rows of the table (0.5 ms this way).
    """
    errors = [str(error) for error in field.errors]
    extra = {"id": field.auto_id}
    if errors:
        extra["aria-describedby"] = f"{field.auto_id}-error"
    widget = field.field.widget
    value = field.value()
    chosen = getattr(field.form, "cleaned_data", {}).get(field.name)
    if isinstance(chosen, Investor | Company):
        # The name of the investor or company the box resolved, not the slug of a link:
        value = chosen.name
    context = widget.get_context(
        field.html_name, value, field.build_widget_attrs(extra)
    )["widget"]
    attrs = _attrs({"name": context["name"], **context["attrs"]})
    if isinstance(widget, forms.Select):
        options = "".join(
            f'<option value="{escape(str(option["value"]))}"'
            f"{' selected' if option['selected'] else ''}>{escape(option['label'])}</option>"
            for _, group, _ in context["optgroups"]
            for option in group
        )
        control = f"<select{attrs}>{options}</select>"
    else:
        value = "" if context["value"] is None else escape(str(context["value"]))
        control = f'<input type="{context["type"]}"{attrs} value="{value}">'
    # The suggestions of an autocompleted box, which htmx fills as the analyst types:
    if "list" in context["attrs"]:
        control += f'<datalist id="{escape(str(context["attrs"]["list"]))}"></datalist>'
    return control, errors


@register.simple_tag
def filter_field(field: BoundField) -> SafeString:
    """A label, the field's widget and its errors, for the filter form."""
    control, errors = _control(field)
    messages = "".join(
        f'<p class="field-error" id="{field.auto_id}-error">{escape(e)}</p>'
        for e in errors
    )
    css = "field has-error" if errors else "field"
    return mark_safe(  # noqa: S308 -- every value is escaped in _control and here
        f'<div class="{css}"><label for="{field.auto_id}">{escape(str(field.label))}</label>'
        f"{control}{messages}</div>"
    )


@register.simple_tag
def control(field: BoundField) -> SafeString:
    """The field's widget alone, as Django would write it (for forms laid out by hand)."""
    return mark_safe(_control(field)[0])  # noqa: S308 -- every value is escaped in _control
