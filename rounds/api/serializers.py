"""What the API says of a round, a company and an investor."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rounds.analytics import columns
from rounds.analytics.rows import ExportedRound
from rounds.enums import (
    DatePrecision,
    Qualifier,
    RoundStatus,
    RoundType,
    ValuationBasis,
)
from rounds.models import Company, Investor, Sector


class MoneySerializer(serializers.Serializer):
    """A figure in its stated currency, with its qualifier and its value in US dollars."""

    value = serializers.DecimalField(max_digits=20, decimal_places=2)
    currency = serializers.CharField()
    qualifier = serializers.ChoiceField(Qualifier.choices)
    usd = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)


class ValuationSerializer(MoneySerializer):
    basis = serializers.ChoiceField(ValuationBasis.choices, allow_blank=True)


class NameSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()


class CompanyNameSerializer(NameSerializer):
    country = serializers.CharField()


class RoundSerializer(serializers.Serializer):
    """A round as every export has it: columns.json_row writes it from the column spec
    (rounds/analytics/columns.py), the one list of columns of the table, the CSV and the API.
    The fields below describe it in the schema; a test holds them to the spec's keys."""

    id = serializers.IntegerField()
    company = CompanyNameSerializer()
    sectors = NameSerializer(many=True, help_text="The company's sectors")
    date = serializers.DateField(allow_null=True)
    date_precision = serializers.ChoiceField(DatePrecision.choices)
    round_type = serializers.ChoiceField(RoundType.choices)
    round_label = serializers.CharField(help_text="As announced")
    status = serializers.ChoiceField(RoundStatus.choices)
    amount = MoneySerializer(allow_null=True)
    valuation = ValuationSerializer(allow_null=True)
    lead_investors = NameSerializer(many=True)
    other_investors = NameSerializer(many=True)
    sources = serializers.IntegerField(help_text="How many articles report the round")
    source_urls = serializers.ListField(
        child=serializers.URLField(), help_text="The addresses of those articles"
    )
    page_url = serializers.URLField(
        help_text="The round's page: each value with the sentences it comes from"
    )

    @cached_property
    def origin(self) -> str:
        # Once a page, not once a row: one serializer writes every row of a page.
        return self.context["request"].build_absolute_uri("/")[:-1]

    def to_representation(self, round: ExportedRound) -> dict[str, Any]:
        return columns.json_row(round, self.origin)


class OrganisationSerializer(serializers.ModelSerializer):
    # Letters of every script: the model's slug pattern, in the schema, would be ASCII only.
    slug = serializers.CharField(read_only=True)
    aliases = serializers.SerializerMethodField(
        help_text="Its other names, former ones included"
    )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_aliases(self, row: Company | Investor) -> list[str]:
        return [alias.name for alias in row.aliases.all() if alias.name != row.name]


class CompanySerializer(OrganisationSerializer):
    class Meta:
        model = Company
        fields = ["id", "name", "slug", "country", "website", "description", "aliases"]


class InvestorSerializer(OrganisationSerializer):
    class Meta:
        model = Investor
        fields = ["id", "name", "slug", "kind", "country", "website", "aliases"]


class SectorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Sector
        fields = ["id", "name", "slug"]
