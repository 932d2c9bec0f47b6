"""The real services: in CI these run against PostgreSQL and Redis, and fail when they are missing."""

from __future__ import annotations

import pytest
from django.db import connection
from kombu import Connection

from tests.factories import FundingRoundFactory


@pytest.mark.django_db
def test_database_is_postgresql_with_constraints_in_force(on_postgresql):
    FundingRoundFactory()

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_constraint WHERE conname LIKE 'round_%%'"
        )
        assert cursor.fetchone()[0] >= 6


def test_broker_accepts_and_returns_a_message(broker_url):
    with Connection(broker_url, connect_timeout=3) as conn:
        queue = conn.SimpleQueue("dealflow-test-ping")
        try:
            queue.put({"ping": 1})
            message = queue.get(timeout=3)
            message.ack()
        finally:
            queue.queue.delete()
            queue.close()

    assert message.payload == {"ping": 1}
