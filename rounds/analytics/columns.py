"""The columns of a deals table, in one spec: the HTML table and the CSV file.

Adding a column is one `Column(...)` in COLUMNS: its header, its cell (HTML, every value
escaped), its CSV cells, and the fields it reads (the table's SELECT loads those
and nothing else).

The cells are rendered in Python, not by a template: a template loop over 50 rows of 9 cells cost
more than the page's SQL (the measurements are in the commit that made this module).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any

from django.db.models import (
    Count,
    OuterRef,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.urls import reverse

from rounds import money
from rounds.analytics import rows
from rounds.analytics.rows import InvestorName
from rounds.enums import RoundStatus, RoundType
from rounds.models import FundingRound, Investor, RoundSource

_TYPE_LABELS = dict(RoundType.choices)
_DATE_FORMATS = {"year": "%Y", "month": "%b %Y"}


def _e(text: object) -> str:
    # The standard library's escape, as Django's, without building a SafeString per cell:
    return html.escape(str(text))


@cache
def _url_prefix(url_name: str) -> str:
    return reverse(url_name, args=["slug"])[: -len("slug/")]


def company_path(slug: str) -> str:
    return f"{_url_prefix('rounds:company-detail')}{slug}/"


def figure_html(
    value: Decimal | None, currency: str, qualifier: str, usd: Decimal | None
) -> str:
    """A figure in US dollars as people say it ("≥ $600M"), the original currency beside it."""
    if value is None:
        return '<span class="none" title="Not disclosed">—</span>'
    shown, original = money.usd_first(value, currency, qualifier, usd)
    if not original:
        return f'<span class="usd">{_e(shown)}</span>'
    return (
        f'<span class="usd">{_e(shown)}</span> '
        f'<span class="orig" title="As announced">{_e(original)}</span>'
    )


def investor_links(investors: Sequence[Investor | InvestorName]) -> str:
    """Comma-separated links to the investors' pages."""
    prefix = _url_prefix("rounds:investor-detail")
    return ", ".join(
        f'<a href="{prefix}{_e(i.slug)}/">{_e(i.name)}</a>' for i in investors
    )


def _first_investors(
    investors: Sequence[Investor | InvestorName], shown: int = 3
) -> str:
    """Links to the first few; the rest as "+5 more", named in its tooltip."""
    if len(investors) <= shown + 1:
        return investor_links(investors)
    rest = investors[shown:]
    names = _e(", ".join(i.name for i in rest))
    return (
        f"{investor_links(investors[:shown])}, "
        f'<span class="more" title="{names}">+{len(rest)} more</span>'
    )


def _names(investors: Iterable[Investor | InvestorName]) -> str:
    return "; ".join(i.name for i in investors)


# Cells:


def _company_cell(round: FundingRound) -> str:
    company = round.company
    country = (
        f' <span class="country">{_e(company.country)}</span>'
        if company.country
        else ""
    )
    return f'<a href="{_e(company_path(company.slug))}">{_e(company.name)}</a>{country}'


def _date_cell(round: FundingRound) -> str:
    if round.announced_on is None:
        return "—"
    return round.announced_on.strftime(
        _DATE_FORMATS.get(round.date_precision, "%Y-%m-%d")
    )


def _round_cell(round: FundingRound) -> str:
    return _e(round.round_label or _TYPE_LABELS.get(round.round_type, round.round_type))


def round_path(pk: int) -> str:
    return f"{_url_prefix_of_round()}{pk}/"


@cache
def _url_prefix_of_round() -> str:
    return reverse("rounds:round-detail", args=[1])[: -len("1/")]


def _cited(round: FundingRound, field: str, figure: str) -> str:
    """A disclosed figure as a link to its row on the round's page, which on hover or focus
    fetches the sentence it comes from into a tooltip that describes the link (htmx, no script
    of ours)."""
    if getattr(round, field) is None:
        return figure
    page, tip = round_path(round.pk), f"tip-{round.pk}-{field}"
    return (
        f'<a class="figure" href="{page}#field-{field}" aria-describedby="{tip}" '
        f'hx-get="{page}evidence/{field}/" hx-trigger="mouseenter once, focus once" '
        f'hx-target="#{tip}" hx-swap="innerHTML">{figure}</a>'
        f'<span class="tip" role="tooltip" id="{tip}"></span>'
    )


def _amount_cell(round: FundingRound) -> str:
    return _cited(
        round,
        "amount",
        figure_html(
            round.amount, round.currency, round.amount_qualifier, round.amount_usd
        ),
    )


def _valuation_cell(round: FundingRound) -> str:
    return _cited(
        round,
        "valuation",
        figure_html(
            round.valuation,
            round.valuation_currency,
            round.valuation_qualifier,
            round.valuation_usd,
        ),
    )


def _sources_cell(round: FundingRound) -> str:
    n = round.source_count
    return (
        f'<a href="{round_path(round.pk)}" aria-label="{n} source{"" if n == 1 else "s"}: '
        f"the round's page\">{n}</a>"
    )


def _status_cell(round: FundingRound) -> str:
    if round.status == RoundStatus.IN_PROGRESS:
        return '<span class="badge in-progress">In progress</span>'
    return '<span class="status-announced">Announced</span>'


def _investors_json(
    investors: Iterable[Investor | InvestorName],
) -> list[dict[str, str]]:
    return [{"name": i.name, "slug": i.slug} for i in investors]


def _valuation_json(round: FundingRound) -> dict[str, Any] | None:
    figure = money.as_json(
        round.valuation,
        round.valuation_currency,
        round.valuation_qualifier,
        round.valuation_usd,
    )
    return None if figure is None else figure | {"basis": round.valuation_basis}


@dataclass(frozen=True)
class Column:
    """One column: a table cell, some CSV cells and some JSON keys, from the fields it reads."""

    label: str
    cell: Callable[[FundingRound], str]  # the <td>'s content, escaped
    csv: Callable[[FundingRound, str], Sequence[object]]  # (round, site origin)
    csv_headers: tuple[str, ...]
    json: Callable[
        [FundingRound, str], dict[str, Any]
    ]  # the API's keys: (round, origin)
    fields: tuple[str, ...] = ()  # of the round, company__... for its company
    css: str = ""  # the class of its <th> and <td>
    sort: str = ""  # the keyset sort its header switches (keyset.SORTS)
    title: str = ""  # the header's tooltip
    load: Callable[[Sequence[FundingRound]], None] | None = field(
        default=None, compare=False
    )  # what one more query per page attaches to the rounds
    export_load: Callable[[Sequence[FundingRound]], None] | None = field(
        default=None, compare=False
    )  # what the CSV and the API need besides: one more query per page or chunk


COLUMNS: tuple[Column, ...] = (
    Column(
        "Company",
        _company_cell,
        lambda r, origin: (
            r.company.name,
            r.company.country,
            origin + company_path(r.company.slug),
        ),
        ("company", "country", "company_url"),
        lambda r, _: {
            "company": {
                "name": r.company.name,
                "slug": r.company.slug,
                "country": r.company.country,
            }
        },
        fields=("company__name", "company__slug", "company__country"),
        css="company",
    ),
    Column(
        "Sectors",
        lambda r: _e(", ".join(s.name for s in r.company.sectors.all())),
        lambda r, _: ("; ".join(s.name for s in r.company.sectors.all()),),
        ("sectors",),
        lambda r, _: {
            "sectors": [
                {"name": s.name, "slug": s.slug} for s in r.company.sectors.all()
            ]
        },
        css="sectors",
        load=lambda rounds: prefetch_related_objects(
            [r.company for r in rounds], "sectors"
        ),
    ),
    Column(
        "Date",
        _date_cell,
        lambda r, _: (
            r.announced_on.isoformat() if r.announced_on else "",
            r.date_precision,
        ),
        ("date", "date_precision"),
        lambda r, _: {
            "date": r.announced_on.isoformat() if r.announced_on else None,
            "date_precision": r.date_precision,
        },
        fields=("announced_on", "date_precision"),
        css="date",
        sort="date",
    ),
    Column(
        "Round",
        _round_cell,
        lambda r, _: (r.round_type, r.round_label),
        ("round_type", "round_label"),
        lambda r, _: {"round_type": r.round_type, "round_label": r.round_label},
        fields=("round_type", "round_label"),
        css="round",
    ),
    Column(
        "Amount",
        _amount_cell,
        lambda r, _: (r.amount, r.currency, r.amount_qualifier, r.amount_usd),
        ("amount", "currency", "amount_qualifier", "amount_usd"),
        lambda r, _: {
            "amount": money.as_json(
                r.amount, r.currency, r.amount_qualifier, r.amount_usd
            )
        },
        fields=("amount", "currency", "amount_qualifier", "amount_usd"),
        css="num",
        sort="amount",
    ),
    Column(
        "Valuation",
        _valuation_cell,
        lambda r, _: (
            r.valuation,
            r.valuation_currency,
            r.valuation_qualifier,
            r.valuation_basis,
            r.valuation_usd,
        ),
        (
            "valuation",
            "valuation_currency",
            "valuation_qualifier",
            "valuation_basis",
            "valuation_usd",
        ),
        lambda r, _: {"valuation": _valuation_json(r)},
        fields=(
            "valuation",
            "valuation_currency",
            "valuation_qualifier",
            "valuation_basis",
            "valuation_usd",
        ),
        css="num",
        sort="valuation",
    ),
    Column(
        "Lead investors",
        lambda r: investor_links(r.lead_investors),
        lambda r, _: (_names(r.lead_investors),),
        ("lead_investors",),
        lambda r, _: {"lead_investors": _investors_json(r.lead_investors)},
        css="investors lead",
        load=rows.attach_investors,
    ),
    Column(
        "Other investors",
        lambda r: _first_investors(r.other_investors),
        lambda r, _: (_names(r.other_investors),),
        ("other_investors",),
        lambda r, _: {"other_investors": _investors_json(r.other_investors)},
        css="investors",
        load=rows.attach_investors,
    ),
    Column(
        "Status",
        _status_cell,
        lambda r, _: (r.status,),
        ("status",),
        lambda r, _: {"status": r.status},
        fields=("status",),
    ),
    Column(
        "Sources",
        _sources_cell,
        lambda r, origin: (
            r.source_count,
            origin + round_path(r.pk),
            " ".join(r.source_urls),
        ),
        ("sources", "round_url", "source_urls"),
        lambda r, origin: {
            "sources": r.source_count,
            "source_urls": r.source_urls,
            "page_url": origin + round_path(r.pk),
        },
        css="num",
        title="Source articles",
        export_load=rows.attach_source_urls,
    ),
)

CSV_HEADERS: list[str] = [h for column in COLUMNS for h in column.csv_headers]


def select(queryset: QuerySet[FundingRound]) -> QuerySet[FundingRound]:
    """The rounds with what the columns read, in one query (the investors come by `load`).

    The sources are counted by a subquery, not a GROUP BY over the whole filtered table, so
    PostgreSQL stops after the rows of one page. Only the fields the columns read are loaded:
    parsing timestamps and descriptions was a tenth of the page's time.
    """
    sources = (
        RoundSource.objects.filter(round=OuterRef("pk"))
        .order_by()
        .values("round")
        .annotate(n=Count("pk"))
        .values("n")
    )
    fields = {name for column in COLUMNS for name in column.fields}
    return (
        queryset.select_related("company")
        .only(*sorted(fields))
        .annotate(source_count=Coalesce(Subquery(sources), 0))
    )


def load(rounds: Sequence[FundingRound], *, exports: bool = False) -> None:
    """Attach to the rounds what the columns show beyond their row, and with `exports` what
    the CSV and the API need too: one query per loader."""
    loaders = []
    for column in COLUMNS:
        for loader in (column.load, column.export_load if exports else None):
            if loader is not None and loader not in loaders:
                loaders.append(loader)
    for loader in loaders:
        loader(rounds)


def table_rows(rounds: Iterable[FundingRound]) -> str:
    """The <tr>s of a deals table: one call for the page, not a dozen template tags per row."""
    starts = [f'<td class="{c.css}">' if c.css else "<td>" for c in COLUMNS]
    cells = [
        (start, column.cell) for start, column in zip(starts, COLUMNS, strict=True)
    ]
    return "\n".join(
        "<tr>" + "".join(f"{start}{cell(r)}</td>" for start, cell in cells) + "</tr>"
        for r in rounds
    )


def json_row(round: FundingRound, origin: str) -> dict[str, Any]:
    """The round for the API: its id and each column's keys; `origin` makes links absolute."""
    row: dict[str, Any] = {"id": round.pk}
    for column in COLUMNS:
        row |= column.json(round, origin)
    return row


def csv_row(round: FundingRound, origin: str) -> list[object]:
    """The round's cells under CSV_HEADERS; `origin` ("https://host") makes links absolute."""
    return [cell for column in COLUMNS for cell in column.csv(round, origin)]
