"""The deals' CSV file, written by the database from the column spec's cells.

PostgreSQL writes it: `COPY (the query) TO STDOUT` sends the rows once it has grouped and sorted
them, and Python only passes pieces of 64 kB on, so a million rounds stream at COPY's own speed,
in flat memory (`python -m benchmarks.export` measures it). Other databases (SQLite, for a first
look) go through Python's csv module. The cells are the same; the lines end with LF from COPY,
which cannot end them otherwise, and with CRLF from Python's csv module (every CSV reader takes
both).
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from rounds import db
from rounds.analytics import columns, keyset
from rounds.models import FundingRound

PIECE_BYTES = 64 * 1024  # each piece is one write to the socket
CHUNK_ROWS = 2000  # rows a server-side cursor reads at a time, without COPY


class _Echo:
    def write(self, value: str) -> str:
        return value


def pieces(
    queryset: QuerySet[FundingRound], sort: keyset.Sort, origin: str
) -> Iterator[bytes]:
    """The file of the rounds in `sort` order, header first, in pieces to stream; `origin`
    ("https://host") makes its links absolute."""
    copied = connection.vendor == "postgresql"
    writer = csv.writer(_Echo(), lineterminator="\n" if copied else "\r\n")
    yield writer.writerow(columns.CSV_HEADERS).encode()
    if copied:
        yield from _copied(columns.csv_copy_query(queryset, sort, origin))
    else:
        rows = columns.csv_cells(queryset, sort, origin).iterator(chunk_size=CHUNK_ROWS)
        while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
            yield "".join(writer.writerow(row) for row in chunk).encode()


def _copied(query: tuple[str, list[Any]]) -> Iterator[bytes]:
    statement = (
        f"COPY ({connection.ops.compose_sql(*query)}) TO STDOUT WITH (FORMAT csv)"
    )
    piece = bytearray()
    with (
        db.planner(db.EXPORT),
        connection.cursor() as cursor,
        cursor.copy(statement) as copy,
    ):
        # One row a read; leaving early (the client went away) cancels the query.
        while row := copy.read():
            piece += row
            if len(piece) >= PIECE_BYTES:
                yield bytes(piece)
                piece.clear()
    if piece:
        yield bytes(piece)
