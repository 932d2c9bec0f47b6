"""Keyset (cursor) pagination: deep pages cost what the first page costs.

An OFFSET of 500,000 makes PostgreSQL read and throw away half a million rows (910 ms measured);
a row comparison `(sort key, id) < (value, id)` on an index that has exactly that order starts at
the right place (0.5 ms). Sort keys that may be NULL are wrapped in COALESCE with a sentinel that
puts the NULLs last in either direction, and each direction has its own expression index
(see FundingRound.Meta.indexes), so one comparison covers the whole table.

Cursors are signed: a link cannot be edited to inject a value, and a cursor from one sort order is
refused by another.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core import signing
from django.db import models
from django.db.models import F, Value
from django.db.models.functions import Coalesce

_SALT = "rounds.analytics.keyset"
# Sentinels outside any real value: NULLs sort after every figure and every date.
_LOW_MONEY, _HIGH_MONEY = Decimal(-1), Decimal("1e20")
_LOW_DATE, _HIGH_DATE = dt.date(1, 1, 1), dt.date(9999, 12, 31)
# The round's columns that the deals filters test, and the sort columns:
FILTERED_COLUMNS = [
    "round_type",
    "status",
    "announced_on",
    "amount_usd",
    "valuation_usd",
    "company",
]


class InvalidCursor(ValueError):
    """The cursor was tampered with, expired, or belongs to another sort order."""


@dataclass(frozen=True)
class Sort:
    key: str  # as it appears in URLs: "-valuation"
    label: str
    field: str
    descending: bool
    is_date: bool = False

    @property
    def expression(self) -> Coalesce:
        if self.is_date:
            low, high, output = _LOW_DATE, _HIGH_DATE, models.DateField()
        else:
            low, high, output = _LOW_MONEY, _HIGH_MONEY, models.DecimalField()
        sentinel = low if self.descending else high
        return Coalesce(F(self.field), Value(sentinel), output_field=output)

    def index(
        self, name: str, *, within: str | None = None, id_field: str = "id"
    ) -> models.Index:
        """The expression index that serves this order (used in FundingRound.Meta), or this
        order within each value of `within` (LeadRound.Meta: one lead investor's rounds, whose
        round id is `id_field`).

        It carries the columns that the filters test, so that PostgreSQL walks the index alone
        (an index-only scan) while it looks for a filter's rows, however many it skips: series B
        since 2023 by amount skipped 44,682 rounds, reading each from the table (345 ms), and
        reads none now (22 ms). The sort column itself is included because the planner sees an
        expression as available only when the columns inside it are.
        """
        key = self.expression.desc() if self.descending else self.expression.asc()
        id_key = F(id_field).desc() if self.descending else F(id_field).asc()
        keys = [F(within), key, id_key] if within else [key, id_key]
        return models.Index(*keys, name=name, include=FILTERED_COLUMNS)

    def value_of(self, row: models.Model) -> Any:
        return self.key_of(getattr(row, self.field))

    def key_of(self, value: Any) -> Any:
        """The value as the sort compares it: NULL as the sentinel that puts it last."""
        if value is None:
            if self.is_date:
                return _LOW_DATE if self.descending else _HIGH_DATE
            return _LOW_MONEY if self.descending else _HIGH_MONEY
        return value

    def encode(self, value: Any) -> str:
        return value.isoformat() if self.is_date else str(value)

    def decode(self, text: str) -> Any:
        return dt.date.fromisoformat(text) if self.is_date else Decimal(text)


SORTS: dict[str, Sort] = {
    sort.key: sort
    for sort in (
        Sort("-date", "Newest first", "announced_on", True, is_date=True),
        Sort("date", "Oldest first", "announced_on", False, is_date=True),
        Sort("-valuation", "Valuation, highest first", "valuation_usd", True),
        Sort("valuation", "Valuation, lowest first", "valuation_usd", False),
        Sort("-amount", "Amount, largest first", "amount_usd", True),
        Sort("amount", "Amount, smallest first", "amount_usd", False),
    )
}
DEFAULT_SORT = "-date"


class RowCompare(models.Expression):
    """`(a, b) < (x, y)` or `>`: one index range, unlike `a < x OR (a = x AND b < y)`."""

    output_field = models.BooleanField()

    def __init__(
        self, left: Sequence[Any], operator: str, right: Sequence[Any]
    ) -> None:
        super().__init__()
        if operator not in {"<", ">"}:
            raise ValueError(operator)
        self.operator = operator
        self.left = list(left)
        self.right = list(right)

    def get_source_expressions(self) -> list[Any]:
        return [*self.left, *self.right]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        half = len(exprs) // 2
        self.left, self.right = list(exprs[:half]), list(exprs[half:])

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        params: list[Any] = []
        sides = []
        for side in (self.left, self.right):
            parts = []
            for expression in side:
                sql, more = compiler.compile(expression)
                parts.append(sql)
                params.extend(more)
            sides.append(f"({', '.join(parts)})")
        return f"{sides[0]} {self.operator} {sides[1]}", params


@dataclass(frozen=True)
class PageLink:
    number: int
    cursor: str | None  # None for the first page, which needs no cursor


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    number: int
    next_cursor: str | None
    previous_cursor: str | None

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)

    @property
    def links(self) -> list[PageLink]:
        """This page and the pages either side of it, numbered, from its own cursors.

        Pages further away would need another walk along the filter's index past the rows
        of the pages between: with two pages each way, a busy lead investor's rounds by
        valuation took 59 ms instead of 37, and a name search 111 ms instead of 49.
        """
        links = [PageLink(self.number, None)]
        if self.previous_cursor:
            before = self.number - 1
            links.insert(
                0, PageLink(before, None if before == 1 else self.previous_cursor)
            )
        if self.next_cursor:
            links.append(PageLink(self.number + 1, self.next_cursor))
        return links


def make_cursor(sort: Sort, row: models.Model, *, direction: str, number: int) -> str:
    return _cursor(sort, sort.value_of(row), row.pk, direction, number)


def _cursor(sort: Sort, value: Any, pk: int, direction: str, number: int) -> str:
    data = [sort.key, direction, sort.encode(value), pk, number]
    return signing.dumps(data, salt=_SALT, compress=True)


def read_cursor(sort: Sort, cursor: str) -> tuple[str, Any, int, int]:
    """Return (direction, sort value, id, page number) or raise InvalidCursor."""
    try:
        key, direction, value, pk, number = signing.loads(cursor, salt=_SALT)
        if key == sort.key and direction in {"after", "before"}:
            return direction, sort.decode(value), int(pk), int(number)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise InvalidCursor("This page link is not valid.") from error
    raise InvalidCursor("This page link belongs to another sort order.")


def paginate(
    queryset: models.QuerySet[Any],
    sort: Sort,
    cursor: str | None,
    size: int,
    *,
    decorate: Callable[[models.QuerySet[Any]], Iterable[Any]] = lambda qs: qs,
) -> Page:
    """Return one page of `queryset` in `sort` order, after or before `cursor`.

    Steps: read the cursor (InvalidCursor if it is bad); find the ids of the page with a row
    comparison on (sort key, id), fetching one more than the page to know whether another page
    follows; then load those rows only, in order, with `decorate` adding their joins and
    prefetches or reading them as other objects than model instances (a "deferred join": the
    filter walks a narrow index, the wide rows are read 50 at a time).
    Going backwards, the ids are found in reverse order and the rows flipped.
    """
    direction, number = "after", 1
    keys = queryset.alias(_sort_key=sort.expression)
    if cursor:
        direction, value, pk, number = read_cursor(sort, cursor)
        later = "<" if sort.descending else ">"
        earlier = ">" if sort.descending else "<"
        keys = keys.filter(
            RowCompare(
                [sort.expression, F("id")],
                later if direction == "after" else earlier,
                [Value(value), Value(pk)],
            )
        )
    reverse = direction == "before"
    ordering = _ordering(sort, reverse=reverse)
    ids = keys.order_by(*ordering).values("pk")[: size + 1]
    rows = list(
        decorate(
            queryset.model._default_manager.filter(pk__in=ids)
            .alias(_sort_key=sort.expression)
            .order_by(*ordering)
        )
    )
    if reverse:
        more_before = len(rows) > size and number > 1
        more_after = True
        rows = rows[:size][::-1]
    else:
        more_after, more_before = len(rows) > size, number > 1
        rows = rows[:size]
    return Page(
        rows=rows,
        number=number,
        next_cursor=make_cursor(sort, rows[-1], direction="after", number=number + 1)
        if rows and more_after
        else None,
        previous_cursor=make_cursor(
            sort, rows[0], direction="before", number=number - 1
        )
        if rows and more_before
        else None,
    )


def _ordering(sort: Sort, *, reverse: bool = False) -> list[str]:
    descending = sort.descending != reverse
    return ["-_sort_key", "-id"] if descending else ["_sort_key", "id"]


def ordered(queryset: models.QuerySet[Any], sort: Sort) -> models.QuerySet[Any]:
    """The whole queryset in `sort` order (for exports)."""
    return queryset.alias(_sort_key=sort.expression).order_by(*_ordering(sort))
