"""The error pages in the browser; axe-core checks each, as the page a test ends on."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def forget_the_status_in_the_console(page, status: int) -> None:
    """Chromium logs an error status as a console error; here it is the point of the test."""
    [logged] = page.errors
    assert f"the server responded with a status of {status}" in logged
    page.errors.clear()


def test_a_missing_page_says_so_and_leads_back(signed_in_page):
    page = signed_in_page

    response = page.goto("/no-such-page/")

    assert response.status == 404
    forget_the_status_in_the_console(page, 404)
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_role("link", name="Back to the deals")).to_have_attribute(
        "href", "/"
    )


def test_a_page_the_analyst_may_not_see_says_so(signed_in_page):
    page = signed_in_page

    response = page.goto("/ingestion/")

    assert response.status == 403
    forget_the_status_in_the_console(page, 403)
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
