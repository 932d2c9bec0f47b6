"""The API against its own OpenAPI schema: schemathesis generates calls from it (any filter value,
page size, cursor and path argument) and checks the answers, through the Django app in-process."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from schemathesis import checks

from rounds.models import ApiToken
from tests.factories import FundingRoundFactory, InvestmentFactory, InvestorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(analyst, settings) -> str:
    settings.ALLOWED_HOSTS = ["localhost"]
    settings.API_THROTTLE_RATE = "1000000/min"
    lead = InvestorFactory(name="Harbor Lane", slug="harbor-lane")
    lead.add_alias("Harbour Lane Capital")
    for n in range(3):
        round = FundingRoundFactory(
            company__name=f"Зорвекс {n}",
            amount=Decimal(n + 1) * 10**6,
            announced_on=dt.date(2024, 1, n + 1),
        )
        InvestmentFactory(round=round, investor=lead, is_lead=True)
    return ApiToken.objects.issue(analyst, "Schemathesis")[1]


@pytest.fixture
def app():
    """Django's WSGI application, on the test's database connection.

    A real server closes the connection after each request; inside the test's transaction that
    would end the test, so, as Django's own test client does, the closing is turned off.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def api_schema(app, key):
    return schemathesis.openapi.from_wsgi(
        "/api/schema/", app, headers={"Authorization": f"Bearer {key}"}
    )


schema = schemathesis.pytest.from_fixture("api_schema")

# No error, and every answer as documented: status, type, headers, body, and a 401 without the
# token. Left out are the two guesses about what the server should accept: a name the schema
# allows may match no investor (a clear 400), and an empty filter means "no filter" (as on the
# deals page), which schemathesis counts as invalid data accepted.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    checks.ignored_auth,
]


@schema.parametrize()
@hypothesis.settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        hypothesis.HealthCheck.function_scoped_fixture,
        hypothesis.HealthCheck.too_slow,
    ],
)
def test_api_never_fails_on_any_call_its_schema_allows(case, key):
    case.call_and_validate(headers={"Authorization": f"Bearer {key}"}, checks=CHECKS)
