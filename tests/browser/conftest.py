"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Without Chromium (or the playwright package) they are skipped, with the way to enable them;
in CI (CI=true) they fail instead, so they cannot silently stop running.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission

from tests.conftest import IN_CI
from tests.factories import UserFactory

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable:
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = (
    os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
)
ENABLE = (
    "browser tests need Chromium and Playwright: `apt-get install chromium` and "
    "`pip install -e '.[dev]'` (or set CHROMIUM_PATH)"
)
# Chromium keeps calling home without these, and this machine refuses outside hosts:
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415 -- optional dependency
    except ImportError:
        _unavailable(ENABLE)
    if not Path(CHROMIUM).exists():
        _unavailable(ENABLE)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def analyst(transactional_db):
    # The live server needs committed rows, and a transactional test empties every table
    # afterwards, the groups made by migration 0002 included: make the group again.
    group, _ = Group.objects.get_or_create(name="Analysts")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="rounds", codename__startswith="view_"
        )
    )
    return UserFactory(group="Analysts")


@pytest.fixture
def signed_in_page(browser, live_server, client, analyst, tmp_path):
    """A browser tab signed in as an analyst, with downloads going to tmp_path."""
    client.force_login(analyst)
    context = browser.new_context(
        base_url=live_server.url,
        accept_downloads=True,
        viewport={"width": 1400, "height": 900},
    )
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
