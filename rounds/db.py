"""PostgreSQL planner settings for one transaction, where a query's shape is known better than the
planner's statistics say, and the planner's estimate of a query's size.

The analysts' pages need no block of their own: their settings are the connection's (the
DATABASES options in tracker/settings.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models, transaction

# One big aggregate: enough sort memory to sort in RAM; no JIT compilation (40 ms spent for
# nothing); PostgreSQL's own parallel workers and random-read price, not the pages'.
AGGREGATE = {
    "work_mem": "'64MB'",
    "jit": "off",
    "max_parallel_workers_per_gather": "2",
    "random_page_cost": "4",
}
# The CSV file (rounds/analytics/csv_file.py): no JIT compilation, which took longer than the
# query it compiled (109,130 rows at a million rounds: 42 s with, 19 s without), and the sort
# of a big filter in memory.
EXPORT = AGGREGATE


@contextmanager
def planner(settings: dict[str, str]) -> Iterator[None]:
    """Run the block in a transaction with these planner settings (nothing on other databases)."""
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "; ".join(f"SET LOCAL {name} = {value}" for name, value in settings.items())
        )
        yield


def estimated_count(queryset: models.QuerySet) -> int:
    """How many rows the query returns, as PostgreSQL's planner estimates it (nothing is read);
    an exact count on other databases, which hold small data sets."""
    if connection.vendor != "postgresql":
        return queryset.count()
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


class AnyOf(models.Lookup):
    """`field__any_of=[...]`: the field is one of the values, sent as one array parameter on
    PostgreSQL (`= ANY(%s)`), as `IN (...)` elsewhere.

    Django's `__in` prepares every value and psycopg writes every literal into the statement:
    for the 500 rounds of an API page, three lookups of 500 ids cost more Python than the rows.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = list(self.rhs)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*lhs_params, values]
        if not values:
            return "0 = 1", list(lhs_params)
        placeholders = ", ".join(["%s"] * len(values))
        return f"{lhs} IN ({placeholders})", [*lhs_params, *values]


def register_lookups() -> None:
    """Make `__any_of` a lookup of every field (the app's ready() calls it)."""
    models.Field.register_lookup(AnyOf)
    models.ForeignObject.register_lookup(
        AnyOf
    )  # foreign keys keep lookups of their own
