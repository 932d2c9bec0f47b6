"""Pages of the API: `cursor` links, `page_size` from 1 to 500 (more is refused with a 400)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination, CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from rounds.analytics import columns, keyset

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


def page_size(request: Request) -> int:
    """The page size asked for, or a 400 that says what may be asked."""
    text = request.query_params.get("page_size", "")
    if not text:
        return DEFAULT_PAGE_SIZE
    size = int(text) if text.isascii() and text.isdigit() else 0
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise ValidationError(
            {"page_size": [f"Ask for 1 to {MAX_PAGE_SIZE} rows a page."]}
        )
    return size


def _parameters() -> list[dict[str, Any]]:
    return [
        {
            "name": "cursor",
            "in": "query",
            "required": False,
            "description": "The page to read: follow the next and previous links.",
            "schema": {"type": "string"},
        },
        {
            "name": "page_size",
            "in": "query",
            "required": False,
            "description": f"Rows a page, 1 to {MAX_PAGE_SIZE} ({DEFAULT_PAGE_SIZE} if not "
            f"given); more is refused with a 400.",
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PAGE_SIZE,
                "default": DEFAULT_PAGE_SIZE,
            },
        },
    ]


def _response_schema(schema: dict[str, Any]) -> dict[str, Any]:
    link = {"type": "string", "format": "uri", "nullable": True}
    return {
        "type": "object",
        "required": ["next", "previous", "results"],
        "properties": {"next": link, "previous": link, "results": schema},
    }


class RoundPagination(BasePagination):
    """The deals pages' keyset paging (rounds/analytics/keyset.py), in the filter's sort order.

    The rows come with their company, source count, investors and source URLs, in three
    queries a page.
    """

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: Any = None
    ) -> list[Any]:
        size = page_size(request)
        # The filter has checked the sort already (an unknown one is a 400 before this):
        sort = keyset.SORTS[request.query_params.get("sort") or keyset.DEFAULT_SORT]
        try:
            self.page = keyset.paginate(
                queryset,
                sort,
                request.query_params.get("cursor"),
                size,
                decorate=columns.exported,
            )
            columns.load(self.page.rows, exports=True)
        except keyset.InvalidCursor as error:
            raise ValidationError({"cursor": [str(error)]}) from None
        self.request = request
        return self.page.rows

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        return replace_query_param(self.request.build_absolute_uri(), "cursor", cursor)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "next": self._link(self.page.next_cursor),
                "previous": self._link(self.page.previous_cursor),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return _response_schema(schema)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return _parameters()


class IdPagination(CursorPagination):
    """Companies and investors in the order they were added (the primary key's index)."""

    ordering = "pk"
    page_size_query_param = "page_size"

    def get_page_size(self, request: Request) -> int:
        return page_size(request)

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return _response_schema(schema)

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return _parameters()
