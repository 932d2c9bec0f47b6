from __future__ import annotations

# The browser test of this folder uses the Playwright browser of tests/browser:
from tests.browser.conftest import browser  # noqa: F401 -- a fixture, found by name
