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
