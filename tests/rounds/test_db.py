from __future__ import annotations

import pytest
from django.db import connection

from rounds import db
from rounds.models import FundingRound
from tests.factories import FundingRoundFactory

pytestmark = pytest.mark.django_db


def test_estimated_count_follows_the_table_statistics():
    FundingRoundFactory.create_batch(4, round_type="series_a")
    FundingRoundFactory(round_type="seed")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE rounds_fundinground")

    estimate = db.estimated_count(FundingRound.objects.filter(round_type="series_a"))

    assert estimate == 4


def test_any_of_keeps_the_rows_whose_field_is_one_of_the_values():
    rounds = FundingRoundFactory.create_batch(3)
    wanted = [rounds[0].pk, rounds[2].pk]

    kept = FundingRound.objects.filter(pk__any_of=wanted)

    assert sorted(kept.values_list("pk", flat=True)) == sorted(wanted)
    assert not FundingRound.objects.filter(pk__any_of=[]).exists()


def test_any_of_sends_the_values_as_one_array_on_postgresql(on_postgresql):
    sql, params = (
        FundingRound.objects.filter(company_id__any_of=[1, 2, 3])
        .values("pk")
        .query.sql_with_params()
    )

    assert "= ANY(%s)" in sql
    assert params == ([1, 2, 3],)
