"""The columns of a deals table, in one spec: the HTML table, the CSV file and the API's JSON.

Adding a column is one `Column(...)` in COLUMNS: its header, its cell (HTML, every value
escaped), its CSV cells, its JSON keys, and the fields it reads (the table's SELECT loads those
and nothing else).

The CSV cells are SQL expressions: the database computes the whole file, and PostgreSQL writes
it with COPY at its own speed (rounds/analytics/csv_file.py), with no Python object per round.

The cells are rendered in Python, not by a template: a template loop over 50 rows of 9 cells cost
more than the page's SQL (the measurements are in the commit that made this module).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from types import SimpleNamespace
from typing import Any

from django.contrib.postgres.aggregates import StringAgg
from django.db import connection
from django.db.models import (
    Count,
    DateField,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce, Concat
from django.urls import reverse

from rounds import money
from rounds.analytics import keyset, rows
from rounds.analytics.rows import ExportedRound, InvestorName, Round
from rounds.enums import RoundStatus, RoundType
from rounds.models import Company, FundingRound, Investment, Investor, RoundSource

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


def _valuation_json(round: Round) -> dict[str, Any] | None:
    figure = money.as_json(
        round.valuation,
        round.valuation_currency,
        round.valuation_qualifier,
        round.valuation_usd,
    )
    return None if figure is None else figure | {"basis": round.valuation_basis}


# CSV cells, as SQL:

# What a spreadsheet runs as a formula when a cell starts with it (OWASP CSV injection):
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(sql: str) -> str:
    """SQL of the text `sql` with a quote before it when it starts like a formula, and NULL when
    it is empty: COPY writes NULL as an empty cell and an empty string as a quoted one."""
    starts = ", ".join(f"'{start}'" for start in FORMULA_STARTS)
    return (
        f"NULLIF(CASE WHEN SUBSTR({sql}, 1, 1) IN ({starts}) "
        f"THEN '''' || {sql} ELSE {sql} END, '')"
    )


class _Text(Func):
    """A text cell: "=HYPERLINK(…)" becomes "'=HYPERLINK(…)", an empty text no cell at all."""

    output_field = TextField()

    def as_sql(
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        sql, params = compiler.compile(self.source_expressions[0])
        return _spreadsheet_safe(sql), [*params] * 3


class _Joined(Subquery):
    """The `value` of each row of `queryset` (rows of the round, in the queryset's order) in one
    text cell, `separator` between them, made safe as _Text makes a cell.

    The rows are read by a subquery with its ORDER BY, then joined: PostgreSQL (STRING_AGG) and
    SQLite (GROUP_CONCAT, which has no ORDER BY of its own before 3.44) keep that order.
    """

    def __init__(
        self,
        queryset: QuerySet[Any],
        value: str,
        separator: str,
        *,
        spreadsheet_safe: bool = True,
    ) -> None:
        super().__init__(queryset.values(joined=F(value)), output_field=TextField())
        self.separator = separator
        self.spreadsheet_safe = spreadsheet_safe

    def as_sql(
        self, compiler: Any, connection: Any, template: Any = None, **extra: Any
    ) -> tuple[str, list[Any]]:
        sql, params = super().as_sql(compiler, connection)
        join = "STRING_AGG" if connection.vendor == "postgresql" else "GROUP_CONCAT"
        cell = f"{join}(joined, %s)"
        if not self.spreadsheet_safe:
            return f"(SELECT {cell} FROM {sql} AS joined_rows)", [
                self.separator,
                *params,
            ]
        return f"(SELECT {_spreadsheet_safe(cell)} FROM {sql} AS joined_rows)", [
            *[self.separator] * 3,
            *params,
        ]


class _Date(Func):
    """A date cell in ISO 8601 whatever PostgreSQL's DateStyle (the other databases give a date,
    which Python's csv module writes so)."""

    template = "%(expressions)s"
    output_field = DateField()

    def as_postgresql(
        self, compiler: Any, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        iso = "TO_CHAR(%(expressions)s, 'YYYY-MM-DD')"
        return self.as_sql(compiler, connection, template=iso, **extra)


def _link(origin: str, url_prefix: str, key: Any) -> Concat:
    """The address of a page: the site's `origin` ("https://host"), the prefix, the key, "/"."""
    return Concat(Value(origin + url_prefix), key, Value("/"), output_field=TextField())


@dataclass(frozen=True, eq=False)
class Relation:
    """Rows related to a round: their `key` names the round, or its company, by the round's
    `round_field`."""

    rows: QuerySet[Any]
    key: str  # "round", "company"
    round_field: str  # "pk", "company_id"

    def grouped(
        self, rounds: QuerySet[FundingRound], cells: dict[str, Related]
    ) -> QuerySet[Any]:
        """A row per round (or company) of `rounds` that has related rows: "joined_key" and
        each of the `cells` under its name."""
        rows = self.rows.filter(**{f"{self.key}__in": rounds.values(self.round_field)})
        aggregates = {name: cell.aggregate() for name, cell in cells.items()}
        return rows.order_by().values(joined_key=F(self.key)).annotate(**aggregates)


INVESTMENTS = Relation(Investment.objects.all(), "round", "pk")
SOURCES = Relation(RoundSource.objects.all(), "round", "pk")
SECTORS = Relation(Company.sectors.through.objects.all(), "company", "company_id")


@dataclass(frozen=True)
class Related:
    """A CSV cell from the rows of a relation that `where` selects: their `value`s joined in
    `order`, or, without a value, how many there are.

    Written out two ways: as a subquery per round (`correlated`, for a page's rounds and for
    other databases), or, in PostgreSQL's COPY of a whole filter, as one GROUP BY per relation
    over the rows of all the filter's rounds, joined to them (Relation.grouped, with each cell's
    `aggregate`): the file of 27,354 rounds took 8.5-9.2 s with a subquery per round and cell,
    3.9-4.4 s grouped (two cores at load 13-15).
    """

    relation: Relation
    value: str = ""  # what each row shows ("investor__name"); "" counts the rows
    where: Q = field(default_factory=Q)
    order: tuple[str, ...] = ()
    separator: str = "; "

    def correlated(self, *, spreadsheet_safe: bool = True) -> Any:
        """The cell as a subquery; `spreadsheet_safe` quotes a text that starts like a formula
        (for the CSV file, not for HTML)."""
        relation = self.relation
        rows = relation.rows.filter(
            self.where, **{relation.key: OuterRef(relation.round_field)}
        )
        if self.value:
            return _Joined(
                rows.order_by(*self.order),
                self.value,
                self.separator,
                spreadsheet_safe=spreadsheet_safe,
            )
        counted = (
            rows.order_by().values(relation.key).annotate(n=Count("pk")).values("n")
        )
        return Coalesce(Subquery(counted), 0)

    def aggregate(self) -> StringAgg | Count:
        where = self.where or None
        if self.value:
            return StringAgg(
                self.value, self.separator, order_by=self.order, filter=where
            )
        return Count("pk", filter=where)

    def grouped_cell(self, column: str) -> str:
        """The SQL of the cell from its `aggregate`'s joined `column` (NULL: no related row)."""
        return _spreadsheet_safe(column) if self.value else f"COALESCE({column}, 0)"


SOURCE_COUNT = Related(SOURCES)


@dataclass(frozen=True)
class Column:
    """One column: a table cell, some CSV cells and some JSON keys, from the fields it reads."""

    label: str
    cell: Callable[[FundingRound], str]  # the <td>'s content, escaped
    csv: Callable[
        [str], Sequence[Any]
    ]  # its cells, expressions or Related: (site origin)
    csv_headers: tuple[str, ...]
    json: Callable[[Round, str], dict[str, Any]]  # the API's keys: (round, origin)
    fields: tuple[str, ...] = ()  # of the round, company__... for its company
    annotations: dict[str, Any] = field(
        default_factory=dict, compare=False
    )  # what the table's SELECT computes for the cell besides (not the API's)
    css: str = ""  # the class of its <th> and <td>
    sort: str = ""  # the keyset sort its header switches (keyset.SORTS)
    title: str = ""  # the header's tooltip
    load: Callable[[Sequence[Round]], None] | None = field(
        default=None, compare=False
    )  # what one more query per page attaches to the rounds
    export_load: Callable[[Sequence[Round]], None] | None = field(
        default=None, compare=False
    )  # what the API needs besides: one more query per page


COLUMNS: tuple[Column, ...] = (
    Column(
        "Company",
        _company_cell,
        lambda origin: (
            _Text("company__name"),
            _Text("company__country"),
            _link(origin, _url_prefix("rounds:company-detail"), F("company__slug")),
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
        lambda r: _e(r.sector_names or ""),
        lambda _: (Related(SECTORS, "sector__name", order=("sector__name",)),),
        ("sectors",),
        lambda r, _: {"sectors": [{"name": s.name, "slug": s.slug} for s in r.sectors]},
        # A subquery per row of the page, not a query of its own: one query less is a
        # twentieth of the deals page's Python time.
        annotations={
            "sector_names": Related(
                SECTORS, "sector__name", order=("sector__name",), separator=", "
            ).correlated(spreadsheet_safe=False)
        },
        css="sectors",
        export_load=rows.attach_sectors,
    ),
    Column(
        "Date",
        _date_cell,
        lambda _: (_Date("announced_on"), _Text("date_precision")),
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
        lambda _: (_Text("round_type"), _Text("round_label")),
        ("round_type", "round_label"),
        lambda r, _: {"round_type": r.round_type, "round_label": r.round_label},
        fields=("round_type", "round_label"),
        css="round",
    ),
    Column(
        "Amount",
        _amount_cell,
        lambda _: (
            F("amount"),
            _Text("currency"),
            _Text("amount_qualifier"),
            F("amount_usd"),
        ),
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
        lambda _: (
            F("valuation"),
            _Text("valuation_currency"),
            _Text("valuation_qualifier"),
            _Text("valuation_basis"),
            F("valuation_usd"),
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
        lambda _: (
            Related(INVESTMENTS, "investor__name", Q(is_lead=True), order=("pk",)),
        ),
        ("lead_investors",),
        lambda r, _: {"lead_investors": _investors_json(r.lead_investors)},
        css="investors lead",
        load=rows.attach_investors,
    ),
    Column(
        "Other investors",
        lambda r: _first_investors(r.other_investors),
        lambda _: (
            Related(INVESTMENTS, "investor__name", Q(is_lead=False), order=("pk",)),
        ),
        ("other_investors",),
        lambda r, _: {"other_investors": _investors_json(r.other_investors)},
        css="investors",
        load=rows.attach_investors,
    ),
    Column(
        "Status",
        _status_cell,
        lambda _: (_Text("status"),),
        ("status",),
        lambda r, _: {"status": r.status},
        fields=("status",),
    ),
    Column(
        "Sources",
        _sources_cell,
        lambda origin: (
            SOURCE_COUNT,
            _link(origin, _url_prefix_of_round(), Cast("pk", TextField())),
            Related(
                SOURCES,
                "article__url",
                ~Q(article__url=""),
                order=("article__published_on", "pk"),
                separator=" ",
            ),
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


_FIELDS = sorted({name for column in COLUMNS for name in column.fields})
_ROUND_FIELDS = [name for name in _FIELDS if not name.startswith("company__")]
_COMPANY_FIELDS = [name for name in _FIELDS if name.startswith("company__")]


def select(queryset: QuerySet[FundingRound]) -> QuerySet[FundingRound]:
    """The rounds with what the columns read, in one query (the investors come by `load`).

    The sources are counted by a subquery, not a GROUP BY over the whole filtered table, so
    PostgreSQL stops after the rows of one page. Only the fields the columns read are loaded:
    parsing timestamps and descriptions was a tenth of the page's time.
    """
    return (
        queryset.select_related("company")
        .only(*_FIELDS)
        .annotate(**_correlated_sql(connection.vendor))
    )


@cache
def _correlated_sql(vendor: str) -> dict[str, RawSQL]:
    """The subqueries that select() adds, correlated to the round, as the SQL they compile to
    on this database (they never change): compiling them again for every page was about
    1.5 ms of its Python, as much as the rest of the rows' query."""
    annotations = {"source_count": SOURCE_COUNT.correlated()} | {
        name: expression
        for column in COLUMNS
        for name, expression in column.annotations.items()
    }
    query = FundingRound.objects.all().query
    compiler = query.get_compiler(connection=connection)
    compiled = {}
    for name, expression in annotations.items():
        resolved = expression.resolve_expression(query)
        sql, params = compiler.compile(resolved)
        compiled[name] = RawSQL(sql, params, output_field=resolved.output_field)
    return compiled


def exported(queryset: QuerySet[FundingRound]) -> list[ExportedRound]:
    """The rounds as the API writes them, in the queryset's order: in one query, as select()
    has them but for what only the table's cells compute, as plain rows."""
    names = ["pk", "company_id", "source_count", *_ROUND_FIELDS]
    company_names = [name.removeprefix("company__") for name in _COMPANY_FIELDS]
    values = queryset.annotate(source_count=SOURCE_COUNT.correlated()).values_list(
        *names, *_COMPANY_FIELDS
    )
    split = len(names)
    return [
        ExportedRound(
            **dict(zip(names, row[:split], strict=True)),
            company=SimpleNamespace(
                **dict(zip(company_names, row[split:], strict=True))
            ),
        )
        for row in values
    ]


def load(rounds: Sequence[Round], *, exports: bool = False) -> None:
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


def json_row(round: Round, origin: str) -> dict[str, Any]:
    """The round for the API: its id and each column's keys; `origin` makes links absolute."""
    row: dict[str, Any] = {"id": round.pk}
    for column in COLUMNS:
        row |= column.json(round, origin)
    return row


def _csv_cells(origin: str) -> list[Any]:
    return [cell for column in COLUMNS for cell in column.csv(origin)]


def csv_cells(
    queryset: QuerySet[FundingRound], sort: keyset.Sort, origin: str
) -> QuerySet:
    """The CSV cells of the rounds under CSV_HEADERS, in `sort` order: one query whose rows are
    the file's rows; `origin` ("https://host") makes links absolute."""
    cells = [
        cell.correlated() if isinstance(cell, Related) else cell
        for cell in _csv_cells(origin)
    ]
    return keyset.ordered(queryset, sort).values_list(*cells)


def csv_copy_query(
    queryset: QuerySet[FundingRound], sort: keyset.Sort, origin: str
) -> tuple[str, list[Any]]:
    """The SQL and parameters of the same rows as csv_cells, for PostgreSQL's COPY: the rounds'
    own cells in one query, each relation grouped once for all of them and joined, then the
    whole sorted."""
    rounds = queryset.order_by()
    cells = _csv_cells(origin)
    own = {f"cell{n}": c for n, c in enumerate(cells) if not isinstance(c, Related)}
    related: dict[Relation, dict[str, Related]] = {}
    for n, cell in enumerate(cells):
        if isinstance(cell, Related):
            related.setdefault(cell.relation, {})[f"cell{n}"] = cell
    keys = {f"key_{r.round_field}": F(r.round_field) for r in related} | {
        "key_pk": F("pk")
    }
    base = rounds.annotate(**own, **keys, sort_key=sort.expression).values(
        *own, *keys, "sort_key"
    )
    sql, params = base.query.sql_with_params()
    columns = {name: f'base."{name}"' for name in own}
    joins = []
    for n, (relation, named) in enumerate(related.items()):
        grouped, more = relation.grouped(rounds, named).query.sql_with_params()
        joins.append(
            f"LEFT JOIN ({grouped}) AS related{n} "
            f'ON related{n}."joined_key" = base."key_{relation.round_field}"'
        )
        params = (*params, *more)
        for name, cell in named.items():
            columns[name] = cell.grouped_cell(f'related{n}."{name}"')
    selected = ", ".join(columns[f"cell{n}"] for n in range(len(cells)))
    direction = "DESC" if sort.descending else "ASC"
    return (
        f"SELECT {selected} FROM ({sql}) AS base {' '.join(joins)} "
        f'ORDER BY base."sort_key" {direction}, base."key_pk" {direction}',
        list(params),
    )
