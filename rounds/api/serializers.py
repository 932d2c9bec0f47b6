"""What the API says of a round, a company and an investor."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from rounds import money
from rounds.enums import Qualifier, ValuationBasis
from rounds.models import Company, FundingRound, Investor


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


class RoundSerializer(serializers.ModelSerializer):
    """A round as the deals table shows it (rounds/analytics/rows.py fetches what it needs)."""

    company = CompanyNameSerializer()
    sectors = NameSerializer(
        source="company.sectors.all", many=True, help_text="The company's sectors"
    )
    date = serializers.DateField(source="announced_on", allow_null=True)
    amount = serializers.SerializerMethodField()
    valuation = serializers.SerializerMethodField()
    lead_investors = NameSerializer(many=True)
    other_investors = NameSerializer(many=True)
    sources = serializers.IntegerField(
        source="source_count", help_text="How many articles report the round"
    )
    source_urls = serializers.ListField(
        child=serializers.URLField(), help_text="The addresses of those articles"
    )
    page_url = serializers.SerializerMethodField(
        help_text="The round's page: each value with the sentences it comes from"
    )

    class Meta:
        model = FundingRound
        fields = [
            "id", "company", "sectors", "date", "date_precision", "round_type", "round_label",
            "status", "amount", "valuation", "lead_investors", "other_investors", "sources",
            "source_urls", "page_url",
        ]  # fmt: skip

    @extend_schema_field(OpenApiTypes.URI)
    def get_page_url(self, round: FundingRound) -> str:
        return self.context["request"].build_absolute_uri(
            reverse("rounds:round-detail", args=[round.pk])
        )

    @extend_schema_field(MoneySerializer(allow_null=True))
    def get_amount(self, round: FundingRound) -> dict[str, Any] | None:
        return money.as_json(
            round.amount, round.currency, round.amount_qualifier, round.amount_usd
        )

    @extend_schema_field(ValuationSerializer(allow_null=True))
    def get_valuation(self, round: FundingRound) -> dict[str, Any] | None:
        figure = money.as_json(
            round.valuation,
            round.valuation_currency,
            round.valuation_qualifier,
            round.valuation_usd,
        )
        return None if figure is None else figure | {"basis": round.valuation_basis}


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
