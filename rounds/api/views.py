"""The API's endpoints: read-only lists and details, each behind the viewer's view permission."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets

from rounds.analytics import columns, keyset
from rounds.analytics.filters import DealFilter
from rounds.analytics.rows import ExportedRound
from rounds.api import filters, pagination, permissions, serializers
from rounds.models import (
    Company,
    CompanyAlias,
    FundingRound,
    Investor,
    InvestorAlias,
    Sector,
)


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    @classmethod
    def as_view(cls, actions: Any = None, **initkwargs: Any) -> Any:
        # Programs get a 401 in JSON from the API, not the login page of LoginRequiredMiddleware:
        return login_not_required(super().as_view(actions, **initkwargs))


def _text(name: str, description: str, **more: Any) -> OpenApiParameter:
    return OpenApiParameter(name, str, description=description, **more)


# What the deals filter reads that drf-spectacular cannot guess from its fields: figures typed as
# people write them, names or slugs, and the sort order that the keyset pages apply.
_DOLLARS = "In US dollars, as people write them: 500M, $1.2B, 2.5bn."
_ROUND_PARAMETERS = [
    _text("sort", "The order of the rows.", enum=list(keyset.SORTS)),
    _text("lead", "A lead investor: its slug, name or former name."),
    _text("investor", "Any investor of the round: its slug, name or former name."),
    _text("company", "The company: its slug, name or former name."),
    _text("amount_min", f"The least amount. {_DOLLARS}"),
    _text("amount_max", f"The greatest amount. {_DOLLARS}"),
    _text("valuation_min", f"The least valuation. {_DOLLARS}"),
    _text("valuation_max", f"The greatest valuation. {_DOLLARS}"),
    _text("q", "Words of the company's name."),
    _text("country", "The company's country, a two-letter code such as US or DE."),
]


@extend_schema_view(list=extend_schema(parameters=_ROUND_PARAMETERS))
class RoundViewSet(ReadOnlyViewSet):
    """Funding rounds, filtered and sorted like the deals page (the same query parameters)."""

    queryset = FundingRound.objects.all()
    serializer_class = serializers.RoundSerializer
    filterset_class = DealFilter
    pagination_class = pagination.RoundPagination
    lookup_value_regex = r"[^/]+"  # anything: a bad id is a 404 in JSON

    def get_object(self) -> ExportedRound:
        """The round as a page of rounds has it, with the 404s of DRF's own lookup."""
        rounds = self.filter_queryset(self.get_queryset())
        # An id that is no number is refused by the filter itself:
        try:
            found = columns.exported(rounds.filter(pk=self.kwargs["pk"]))
        except (TypeError, ValueError, DjangoValidationError):
            raise Http404 from None
        if not found:
            raise Http404("No FundingRound matches the given query.")
        self.check_object_permissions(self.request, found[0])
        columns.load(found, exports=True)
        return found[0]


class CompanyViewSet(ReadOnlyViewSet):
    queryset = Company.objects.prefetch_related(
        Prefetch("aliases", queryset=CompanyAlias.objects.order_by("name"))
    )
    serializer_class = serializers.CompanySerializer
    filterset_class = filters.CompanyFilter
    pagination_class = pagination.IdPagination
    lookup_field = "slug"
    lookup_value_regex = r"[^/]+"


class InvestorViewSet(ReadOnlyViewSet):
    queryset = Investor.objects.prefetch_related(
        Prefetch("aliases", queryset=InvestorAlias.objects.order_by("name"))
    )
    serializer_class = serializers.InvestorSerializer
    filterset_class = filters.InvestorFilter
    pagination_class = pagination.IdPagination
    lookup_field = "slug"
    lookup_value_regex = r"[^/]+"


class SectorViewSet(ReadOnlyViewSet):
    """The fixed taxonomy of industries; a company is in one or more (`/api/companies/?sector=`)."""

    queryset = Sector.objects.all()
    serializer_class = serializers.SectorSerializer
    permission_classes = [permissions.CanViewCompanies]
    pagination_class = pagination.IdPagination
    lookup_field = "slug"
    lookup_value_regex = r"[^/]+"
