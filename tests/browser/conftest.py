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


WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def accessibility_violations(page) -> list[str]:
    """The WCAG 2.1 A and AA violations axe-core finds on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe  # noqa: PLC0415 -- optional dependency

    results = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}}
    )
    return [
        f"{page.url}: {violation['id']} ({violation['help']}): "
        + ", ".join(node["target"][0] for node in violation["nodes"][:5])
        for violation in results.response["violations"]
    ]


# htmx logs these two when a newer request replaces one in flight, as typing in a filter does:
SUPERSEDED = ("htmx:sendAbort", "htmx:afterRequest")


def _script_error(message) -> bool:
    return message.type == "error" and not message.text.startswith(SUPERSEDED)


def _is_page(response) -> bool:
    """A whole HTML page: not an error, not a fragment that htmx swaps into one."""
    return response.ok and response.text().lstrip().lower().startswith("<!doctype html")


def _where(message) -> str:
    return f"{message.text} ({message.location.get('url', '')})"


@pytest.fixture
def open_page(browser, live_server, client):
    """Open a browser tab signed in as a user, like a person at the keyboard.

    Every page it shows is checked with axe-core when the test ends: its last state, and each
    address it visited, loaded again. Script errors and policy violations fail the test too.
    """
    opened = []

    def open_as(user, *, init_script: str = ""):
        client.force_login(user)
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
        if init_script:
            context.add_init_script(init_script)
        page = context.new_page()
        page.set_default_timeout(10_000)
        page.errors, page.visited = [], []
        page.on("console", lambda m: _script_error(m) and page.errors.append(_where(m)))
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.on(
            "framenavigated",
            lambda frame: frame == page.main_frame and page.visited.append(frame.url),
        )
        opened.append((context, page))
        return page

    yield open_as

    problems = []
    for context, page in opened:
        problems += page.errors
        if not page.is_closed():
            problems += accessibility_violations(page)
            for url in dict.fromkeys(page.visited):
                if url.startswith(live_server.url) and _is_page(page.goto(url)):
                    problems += accessibility_violations(page)
        context.close()
    assert problems == [], "\n".join(problems)


@pytest.fixture
def signed_in_page(open_page, analyst):
    """A browser tab signed in as an analyst, with downloads going to the test's folder."""
    return open_page(analyst)
