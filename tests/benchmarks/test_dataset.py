from __future__ import annotations

import pytest
from django.db.models import Count

from benchmarks.dataset import DatasetError, generate
from rounds.models import Company, FundingRound, Investment, Investor, RoundSource

pytestmark = pytest.mark.django_db


def test_generate_copies_a_consistent_history(on_postgresql):
    generate(rounds=3000, companies=600, investors=300, vacuum=False)

    leads = Investment.objects.filter(is_lead=True)
    per_investor = sorted(
        leads.values("investor").annotate(n=Count("pk")).values_list("n", flat=True),
        reverse=True,
    )
    assert FundingRound.objects.count() == 3000
    assert (Company.objects.count(), Investor.objects.count()) == (600, 300)
    assert RoundSource.objects.exists()
    # Lead investors are skewed: the busiest leads far more than the median one.
    assert per_investor[0] > 10 * per_investor[len(per_investor) // 2]
    # USD figures are there, and sequences continue after the copied ids:
    assert FundingRound.objects.filter(amount_usd__isnull=False).count() > 2500
    assert Investor.objects.create(name="After the copy").pk == 301
    # Every company is in a sector, some in two:
    sectors = Company.sectors.through.objects
    assert sectors.values("company").distinct().count() == 600
    assert 600 < sectors.count() < 2 * 600


def test_generate_refuses_to_add_to_existing_rounds(on_postgresql):
    generate(rounds=10, companies=5, investors=5, vacuum=False)

    with pytest.raises(DatasetError, match="--replace"):
        generate(rounds=10, companies=5, investors=5, vacuum=False)


def test_generate_needs_postgresql(db):
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("checks the refusal on other databases")
    with pytest.raises(DatasetError, match="PostgreSQL"):
        generate(rounds=10, companies=5, investors=5)
