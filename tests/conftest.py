from __future__ import annotations

import ipaddress
import os
import socket

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from hypothesis import settings as hypothesis_settings

from rounds.groups import sync_groups
from tests.factories import UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"

# Properties are checked for what they hold, not how fast: speed is the benchmarks' business, and a
# per-example deadline fails at random on a loaded machine.
hypothesis_settings.register_profile("dealflow", deadline=None)
hypothesis_settings.load_profile("dealflow")


def pytest_sessionstart(session: pytest.Session) -> None:
    # CI must exercise the real services: a missing one fails the run instead of skipping tests.
    if IN_CI and not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.exit("CI needs DATABASE_URL pointing at PostgreSQL", returncode=3)
    if IN_CI and not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"):
        pytest.exit("CI needs CELERY_BROKER_URL pointing at Redis", returncode=3)


class TableResolver:
    """Answers DNS lookups from a table that a test fills in; other names do not exist."""

    def __init__(self) -> None:
        self.answers: dict[str, list[str]] = {}

    def __call__(self, host: str, port: int) -> list[str]:
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.answers[host]


@pytest.fixture(autouse=True)
def resolver(monkeypatch: pytest.MonkeyPatch) -> TableResolver:
    # No test looks a name up for real (the fetcher's own tests pass theirs explicitly):
    fake = TableResolver()
    monkeypatch.setattr("rounds.ingestion.fetching._system_resolver", fake)
    return fake


@pytest.fixture(autouse=True)
def no_outside_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    # The fetcher connects to the address it checked: a public one typed in a test (or made up
    # by a fuzzer) is refused here, before a socket exists.
    real_create_connection = socket.create_connection

    def guarded(address: tuple[str, int], *args: object, **kwargs: object):
        try:
            outside = not ipaddress.ip_address(address[0]).is_loopback
        except ValueError:  # a name: the fetcher only connects to addresses
            outside = False
        if outside:
            raise ConnectionRefusedError(f"tests never connect to {address[0]}")
        return real_create_connection(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)


@pytest.fixture(autouse=True)
def empty_cache() -> None:
    # Each test starts with no cached league table and no API calls counted by the throttles:
    cache.clear()


@pytest.fixture
def on_postgresql() -> None:
    if connection.vendor != "postgresql":
        if IN_CI:
            pytest.fail("this test needs PostgreSQL (DATABASE_URL)")
        pytest.skip("this test needs PostgreSQL: set DATABASE_URL=postgres://...")


@pytest.fixture
def broker_url() -> str:
    if not settings.CELERY_BROKER_URL:
        if IN_CI:
            pytest.fail("this test needs Redis (CELERY_BROKER_URL)")
        pytest.skip("this test needs Redis: set CELERY_BROKER_URL=redis://...")
    return settings.CELERY_BROKER_URL


@pytest.fixture
def groups(db) -> None:
    # Transactional tests empty every table, the groups that a migration made included.
    sync_groups(apps)


@pytest.fixture
def analyst(groups):
    return UserFactory(group="Analysts")


@pytest.fixture
def editor(groups):
    return UserFactory(group="Editors")


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, is_superuser=True)
